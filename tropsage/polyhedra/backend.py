r"""
Exact convex polyhedra over the rationals: one small front over PPL, cddlib and Sage.

An :class:`ExactPolyhedron` is the set

.. MATH::

    P = \{ x \in \mathbb{Q}^n : A x \le b,\ E x = f \}

stored as two integer matrices with rows ``[b_i | a_i]`` (meaning ``a_i . x <= b_i``)
and ``[f_j | e_j]`` (meaning ``e_j . x == f_j``); every row is scaled on its own to
integers, so no information is lost and no common denominator blows up. Matrices are
``int64`` numpy arrays while every entry is safely small and object arrays of Python
ints beyond (see :mod:`tropsage._exact` and :mod:`tropsage.polyhedra.rows`).

Every answer is exact: points, vertices and volumes are Sage ``QQ`` elements. The
computations run on one of the engines of :mod:`tropsage.polyhedra.engine` (the
contract each library fulfils):

- ``"ppl"``: the Parma Polyhedra Library (:mod:`~tropsage.polyhedra.engine_ppl`) --
  the double description (``C_Polyhedron``) for small systems and its exact simplex
  (``MIP_Problem``) for larger ones;
- ``"cdd"``: cddlib in exact GMP arithmetic (:mod:`~tropsage.polyhedra.engine_cdd`);
- ``"sage"``: Sage's ``Polyhedron`` over ``QQ`` (:mod:`~tropsage.polyhedra.engine_sage`;
  the slowest, kept as the reference);
- ``"prefilter"``: the *certified float prefilter* always runs first (see below),
  then ``"ppl"`` decides what it could not certify;
- ``"auto"`` (default): the prefilter where it pays (larger systems), PPL otherwise.

**Certified float prefilter** (:mod:`tropsage.polyhedra.certify`). A floating-point
LP (HiGHS) computes a Chebyshev centre ``max r s.t. a_i x + r ||a_i|| <= b_i``. When
``r`` is clearly positive, ``x`` is rounded to a dyadic rational ``X / 2^k`` and every
inequality is checked *strictly* in exact integer arithmetic; success proves that
``P`` is full-dimensional and gives an exact interior point. When ``r`` is not, the
LP duals are checked as an exact Farkas certificate of "empty" or "thin". A failed
check, an infeasible LP or a tiny ``r`` never decides anything: the exact engine
does. Counters in :func:`backend_stats` record which path settled each question.

Each polyhedron keeps what it learnt in a typed cache (:class:`_Cache`): the
engines' objects, their canonical generators, the dimension, an interior point, the
prefilter's certificate; so answers computed once are reused by every later
question.

Conventions: the empty polyhedron has dimension ``-1`` and is bounded; a polyhedron
with lines reports as vertices and rays the canonical representatives modulo its
lineality space (zero at the pivot coordinates of the reduced row echelon basis of
the lines), so every backend returns literally the same lists.

EXAMPLES::

    >>> from tropsage.polyhedra import ExactPolyhedron, box
    >>> P = ExactPolyhedron([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])   # a triangle
    >>> P.dim(), P.is_bounded(), P.volume()
    (2, True, 1/2)
    >>> P.vertices()
    ((0, 0), (0, 1), (1, 0))
    >>> P.interior_point()
    (1/3, 1/3)
    >>> P.volume(domain=[(0, 1/2), (0, 1)])
    3/8
    >>> Q = ExactPolyhedron([[-1, 0]], [0], eq_A=[[0, 1]], eq_b=[0])  # a half line
    >>> Q.dim(), Q.is_bounded(), Q.volume(), Q.rays()
    (1, False, 0, ((1, 0),))
    >>> box([(0, 1), (0, 1)]).facet_adjacent(box([(1, 2), (0, 1)]))
    True
"""

import numpy as np

from tropsage._exact import as_fraction, as_fraction_vector, int_array, qq
from tropsage.polyhedra import certify as _certify
from tropsage.polyhedra.domain import as_domain, box  # noqa: F401
from tropsage.polyhedra.engine import ENGINES, DoubleDescription, engine
from tropsage.polyhedra.engine_ppl import exact_lp, ppl_generators  # noqa: F401
from tropsage.polyhedra.linalg import primitive, row_to_ints
from tropsage.polyhedra.rows import STATS as _STATS
from tropsage.polyhedra.rows import backend_stats, reset_backend_stats  # noqa: F401
from tropsage.polyhedra.rows import (as_dim, as_point_ints, check_int_rows, drop_zero_rows,
                                     int_numpy_rows, qq_point, rows_from_rational, slack, stack)

BACKENDS = ("auto", "prefilter", "ppl", "cdd", "sage")

# the front's names, and those it re-exports for older imports (domain, rows, engine_ppl)
__all__ = ["BACKENDS", "ExactPolyhedron", "are_full_dimensional", "as_domain", "backend_stats",
           "box", "exact_lp", "ppl_generators", "prefilter", "reset_backend_stats"]

# Measured on this machine (bench/polyhedra_backends.py): one HiGHS solve costs about
# 150-250 us whatever the size (batched through `prefilter`: 60-120 us per cell), PPL's
# double description 90-300 us up to n = 4 with a dozen rows and then grows fast
# (0.75 ms at n=5, m=20; 260 ms at n=8, m=40). "auto" runs the single-cell float
# prefilter only from this size on.
PREFILTER_MIN_N = 5
PREFILTER_MIN_ROWS = 24
# PPL's exact simplex beats its double description from about the same size on.
EXACT_LP_MIN_N = 5
EXACT_LP_MIN_ROWS = 16


_UNSET = object()


class _Cache:
    """
    What a polyhedron has learnt, one typed slot per fact (``None``/``_UNSET``:
    not known yet). ``interior`` is ``_UNSET`` (unknown), ``None`` (known empty) or
    ``(X, D)`` (a relative interior point); ``engines`` holds the libraries' objects
    (never pickled), ``dds`` their canonical generators by engine name and ``dd`` the
    first one computed.
    """

    __slots__ = ("clean", "engines", "dds", "dd", "dim", "fulldim", "interior", "certificate",
                 "lp", "minimized", "volume")

    def __init__(self):
        self.clean = None
        self.engines = {}
        self.dds = {}
        self.dd = None
        self.dim = None
        self.fulldim = None
        self.interior = _UNSET
        self.certificate = None
        self.lp = None
        self.minimized = None
        self.volume = None

    def __getstate__(self):
        # the engines' objects (PPL, cddlib) do not pickle; everything else is plain data
        return {k: getattr(self, k) for k in self.__slots__ if k != "engines"}

    def __setstate__(self, state):
        self.__init__()
        for k, v in state.items():
            setattr(self, k, v)

class ExactPolyhedron:
    r"""
    The polyhedron ``{x in Q^n : A x <= b, E x == f}``, computed on exactly.

    INPUT:

    - ``A``, ``b`` -- inequality matrix and right-hand side (``a_i . x <= b_i``);
      anything :mod:`tropsage._exact` converts: lists of ints, Fractions, strings such
      as ``"1/3"``, floats (converted exactly), numpy arrays, Sage matrices/vectors.
      ``A`` may be ``None`` or empty (then give ``n``).
    - ``eq_A``, ``eq_b`` -- optional equations ``e_j . x == f_j``.
    - ``n`` -- ambient dimension; needed only when it cannot be read from the rows.

    Construction only converts and stores the rows; every question is answered lazily
    and cached. Integer data should use the fast path :meth:`from_integer_rows`.

    EXAMPLES::

        >>> from tropsage.polyhedra import ExactPolyhedron
        >>> S = ExactPolyhedron([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 1, 0])
        >>> S
        ExactPolyhedron(n=2, 4 inequalities, 0 equations)
        >>> S.vertices(), S.volume(), S.contains(["1/2", 1]), S.contains([1/2, 1], strict=True)
        (((0, 0), (0, 1), (1, 0), (1, 1)), 1, True, False)
        >>> ExactPolyhedron([[1]], ["1/3"]).rays()
        ((-1,),)
        >>> ExactPolyhedron([[1, 0]], [1, 2])
        Traceback (most recent call last):
        ...
        ValueError: A has 1 rows but b has 2 entries
    """

    __slots__ = ("_n", "_H", "_E", "_cache")

    def __init__(self, A=None, b=None, eq_A=None, eq_b=None, n=None):
        if n is not None:
            n = as_dim(n)
        H, n = int_numpy_rows(A, b, "A", "b", n)
        if H is None:
            rows, n = rows_from_rational(A, b, "A", "b", n)
        E, n = int_numpy_rows(eq_A, eq_b, "eq_A", "eq_b", n)
        if E is None:
            eqs, n = rows_from_rational(eq_A, eq_b, "eq_A", "eq_b", n)
        if n is None:
            raise ValueError("cannot infer the ambient dimension from empty rows; pass n=")
        self._n = n
        self._H = H if H is not None else int_array(rows, n + 1)
        self._E = E if E is not None else int_array(eqs, n + 1)
        self._cache = _Cache()

    def __getstate__(self):
        return self._n, self._H, self._E, self._cache

    def __setstate__(self, state):
        self._n, self._H, self._E, cache = state
        self._cache = cache if isinstance(cache, _Cache) else _Cache()

    @classmethod
    def from_integer_rows(cls, ineq_rows, eq_rows=None, n=None):
        r"""
        Fast constructor from integer rows, without any rational conversion.

        INPUT:

        - ``ineq_rows`` -- integer matrix (numpy ``int64``/object array of Python ints,
          or nested lists) whose row ``[b, a_1, ..., a_n]`` means ``a . x <= b``.
        - ``eq_rows`` -- optional, rows ``[f, e_1, ..., e_n]`` meaning ``e . x == f``.
        - ``n`` -- ambient dimension (read from the rows when omitted).

        The arrays are stored as given (not copied): do not modify them afterwards.

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> H = np.array([[0, -1, 0], [0, 0, -1], [1, 1, 1]])   # x, y >= 0, x + y <= 1
            >>> P = ExactPolyhedron.from_integer_rows(H)
            >>> P.volume(), P.interior_point()
            (1/2, (1/3, 1/3))
            >>> ExactPolyhedron.from_integer_rows([[1.5, 1]])
            Traceback (most recent call last):
            ...
            TypeError: ineq_rows holds float 1.5; integer rows expected
        """
        if n is not None:
            n = as_dim(n)
        H = check_int_rows(ineq_rows, n, "ineq_rows")
        if n is None:
            if H is None or H.shape[1] < 1:
                raise ValueError("ineq_rows must have at least one column [b]")
            n = H.shape[1] - 1
            H = check_int_rows(H, n, "ineq_rows")
        E = check_int_rows(eq_rows, n, "eq_rows")
        return cls._make(n, H, E)

    @classmethod
    def _make(cls, n, H, E):
        self = cls.__new__(cls)
        self._n = n
        self._H = H
        self._E = E
        self._cache = _Cache()
        return self

    @classmethod
    def from_generators(cls, vertices=(), rays=(), lines=(), n=None, backend="ppl"):
        r"""
        The polyhedron ``conv(vertices) + cone(rays) + span(lines)``, converted to
        inequalities by an exact engine.

        INPUT:

        - ``vertices``, ``rays``, ``lines`` -- sequences of rational vectors (anything
          :mod:`tropsage._exact` converts); no vertex gives the empty set;
        - ``n`` -- ambient dimension, needed only when no vector is given;
        - ``backend`` -- ``"ppl"`` (also for ``"auto"``/``"prefilter"``), ``"cdd"``
          or ``"sage"``.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> T = ExactPolyhedron.from_generators([(0, 0), (1, 0), (0, "1/2")])
            >>> T.inequality_rows().tolist(), T.volume()
            ([[0, -1, 0], [0, 0, -1], [1, 1, 2]], 1/4)
            >>> ExactPolyhedron.from_generators([(0, 0)], rays=[(1, 1)], backend="cdd").dim()
            1
            >>> ExactPolyhedron.from_generators([(0, 0)], rays=[(1,)])
            Traceback (most recent call last):
            ...
            ValueError: a ray has 1 coordinates; expected 2
        """
        _check_backend(backend)
        name = "ppl" if backend in ("auto", "prefilter") else backend
        vs = [as_fraction_vector(v, "vertex") for v in vertices]
        rs = [as_fraction_vector(v, "ray") for v in rays]
        ls = [as_fraction_vector(v, "line") for v in lines]
        if n is None:
            for group in (vs, rs, ls):
                if group:
                    n = len(group[0])
                    break
            else:
                raise ValueError("cannot infer the ambient dimension without generators; pass n=")
        n = as_dim(n)
        points = [as_point_ints(v, n, "vertex") for v in vs]
        eng = engine(name).from_generators(n, points, [list(primitive(v)) for v in rs],
                                           [list(primitive(v)) for v in ls])
        H, E = eng.constraints()
        P = cls._make(n, int_array(H, n + 1), int_array(E, n + 1))
        P._cache.engines[name] = eng
        return P


    # -- basic data ---------------------------------------------------------

    @property
    def ambient_dim(self):
        """
        The dimension ``n`` of the space ``Q^n``.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1, 0, 0]], [1]).ambient_dim
            3
        """
        return self._n

    def inequality_rows(self):
        """
        The stored integer rows ``[b | a]`` (``a . x <= b``), as a numpy array (each
        given row scaled to coprime integers).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1, 1], [-1, 0]], ["1/2", 0]).inequality_rows().tolist()
            [[1, 2, 2], [0, -1, 0]]
        """
        return self._H

    def equation_rows(self):
        """
        The stored integer rows ``[f | e]`` (``e . x == f``), as a numpy array.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron(eq_A=[[2, -2]], eq_b=[0], n=2).equation_rows().tolist()
            [[0, 1, -1]]
        """
        return self._E

    def inequalities(self):
        """
        The inequalities as a list of pairs ``(a, b)`` of QQ (``a . x <= b``), as stored.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1, 1], [-1, 0]], ["1/2", 0]).inequalities()
            [((2, 2), 1), ((-1, 0), 0)]
        """
        return [(tuple(qq(int(v)) for v in r[1:]), qq(int(r[0]))) for r in self._H]

    def equations(self):
        """
        The given equations as a list of pairs ``(e, f)`` of QQ (``e . x == f``).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron(eq_A=[[1, -1]], eq_b=[0], n=2).equations()
            [((1, -1), 0)]
        """
        return [(tuple(qq(int(v)) for v in r[1:]), qq(int(r[0]))) for r in self._E]

    def __repr__(self):
        return (f"ExactPolyhedron(n={self._n}, {self._H.shape[0]} inequalities, "
                f"{self._E.shape[0]} equations)")

    def add_inequalities(self, rows):
        """
        A new polyhedron with the integer rows ``[b | a]`` (``a . x <= b``) added.

        Cheap: the rows are stacked, nothing is recomputed until asked.

        EXAMPLES::

            >>> from tropsage.polyhedra import box
            >>> box([(0, 2), (0, 2)]).add_inequalities([[2, 1, 1]]).volume()
            2
        """
        R = check_int_rows(rows, self._n, "rows")
        return ExactPolyhedron._make(self._n, stack(self._H, R), self._E)

    def add_equations(self, rows):
        """
        A new polyhedron with the integer rows ``[f | e]`` (``e . x == f``) added.

        EXAMPLES::

            >>> from tropsage.polyhedra import box
            >>> D = box([(0, 1), (0, 1)]).add_equations([[0, 1, -1]])     # the diagonal x = y
            >>> D.dim(), D.volume()
            (1, 0)
        """
        R = check_int_rows(rows, self._n, "rows")
        return ExactPolyhedron._make(self._n, self._H, stack(self._E, R))

    def minimized(self):
        """
        The same set with an irredundant description: PPL's minimized constraints
        (the facet inequalities and a basis of the affine hull's equations).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> P = ExactPolyhedron([[1, 0], [2, 0], [-1, 0], [0, 1], [0, -1], [1, 1]], [1, 5, 0, 1, 0, 9])
            >>> P.minimized().inequality_rows().tolist()
            [[0, -1, 0], [0, 0, -1], [1, 1, 0], [1, 0, 1]]
            >>> ExactPolyhedron([[1, 1], [-1, -1]], [1, -1]).minimized().equation_rows().tolist()
            [[1, 1, 1]]
        """
        M = self._cache.minimized
        if M is None:
            n = self._n
            H, E = self._engine("ppl").constraints()
            M = ExactPolyhedron._make(n, int_array(H, n + 1), int_array(E, n + 1))
            c, m = self._cache, M._cache
            m.dim, m.dd, m.interior, m.fulldim = c.dim, c.dd, c.interior, c.fulldim
            if "ppl" in c.dds:
                m.dds["ppl"] = c.dds["ppl"]
            c.minimized = M
        return M

    def intersection(self, other):
        """
        The intersection with ``other`` (an ExactPolyhedron, a Sage polyhedron or a box).

        EXAMPLES::

            >>> from tropsage.polyhedra import box
            >>> I = box([(0, 2), (0, 2)]).intersection([(1, 3), (1, 3)])
            >>> I.vertices()
            ((1, 1), (1, 2), (2, 1), (2, 2))
        """
        other = as_domain(other, self._n)
        if other is None:
            return self
        return ExactPolyhedron._make(self._n, stack(self._H, other._H), stack(self._E, other._E))


    # -- the rows without zero rows, and the engines ------------------------

    def _clean(self):
        """
        ``(trivially_empty, H, E)`` with zero rows removed: a row ``0 <= b`` is
        either always true (dropped) or never (the set is empty).
        """
        c = self._cache.clean
        if c is None:
            c = self._cache.clean = drop_zero_rows(self._H, self._E)
        return c

    def _engine(self, name):
        """The engine ``name`` holding this polyhedron (built once)."""
        eng = self._cache.engines.get(name)
        if eng is None:
            empty, H, E = self._clean()
            if empty:
                H, E = int_array([[-1] + [0] * self._n], self._n + 1), E[:0]
            eng = self._cache.engines[name] = engine(name).from_rows(self._n, H, E)
        return eng

    def _ppl_dim(self):
        """Dimension from PPL without extracting generators (-1 when empty)."""
        d = self._cache.dim
        if d is None:
            dd = self._cache.dds.get("ppl")
            if dd is not None:
                d = dd.dim
            else:
                _STATS["dd:ppl"] += 1
                d = self._engine("ppl").dim()
            self._cache.dim = d
        return d

    def _exact_dim(self, backend):
        """The dimension computed by one exact backend (no prefilter, no LP)."""
        if backend in ("ppl", "auto", "prefilter"):
            return self._ppl_dim()
        return self._dd(backend).dim

    def _dd(self, backend="auto"):
        """The canonical double description, computed by ``backend`` and cached."""
        name = "ppl" if backend in ("auto", "prefilter") else backend
        dd = self._cache.dds.get(name)
        if dd is None:
            if name not in ENGINES:
                raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")
            _STATS["dd:" + name] += 1
            if self._clean()[0]:
                dd = DoubleDescription(self._n, [], [], [])
            else:
                dd = self._engine(name).generators()
            self._cache.dds[name] = dd
            if self._cache.dd is None:
                self._cache.dd = dd
        return dd

    def _any_dd(self):
        """Any cached double description, else PPL's."""
        return self._cache.dd or self._dd("ppl")

    def _exact_lp(self):
        """PPL's exact simplex (:func:`~tropsage.polyhedra.engine_ppl.exact_lp`), cached."""
        c = self._cache.lp
        if c is None:
            empty, H, E = self._clean()
            c = self._cache.lp = ("empty", None) if empty else exact_lp(self._n, H, E)
        return c

    # -- certified prefilter ------------------------------------------------

    def _certify(self, X, D):
        """True iff ``X/D`` satisfies the equations and every inequality strictly."""
        empty, H, E = self._clean()
        if empty:
            return False
        if E.shape[0] and np.any(slack(E, X, D) != 0):
            return False
        return _certify.strictly_inside(H, X, D)

    def _float_decide(self):
        """
        The certified float prefilter: a :class:`~tropsage.polyhedra.certify.Certificate`
        whose status is ``"full"`` (with an exact interior point), ``"thin"`` or
        ``"empty"`` (with an exact Farkas certificate) or ``"unknown"``. Only
        inequality systems are handled (a set with equations is never open).
        """
        c = self._cache.certificate
        if c is None:
            c = self._float_trivial()
            if c is None:
                c = _certify.certify_many([self._clean()[1]], n=self._n)[0]
            self._cache.certificate = c
            if c.status == "unknown":
                _STATS["float_reject"] += 1
        return c

    def _float_trivial(self):
        """The prefilter's verdict when no LP is needed, else None."""
        empty, H, E = self._clean()
        if empty:
            return _certify.Certificate("empty", None, None, "trivial")
        if E.shape[0]:
            return _certify.UNKNOWN          # never open; the exact backend decides
        if H.shape[0] == 0:
            return _certify.Certificate("full", ((0,) * self._n, 1), None, "trivial")
        return None

    def _use_prefilter(self, backend):
        if backend == "prefilter":
            return True
        if backend != "auto":
            return False
        _, H, _ = self._clean()
        return self._n >= PREFILTER_MIN_N or H.shape[0] >= PREFILTER_MIN_ROWS

    def _use_exact_lp(self):
        _, H, _ = self._clean()
        return self._n >= EXACT_LP_MIN_N or H.shape[0] >= EXACT_LP_MIN_ROWS

    # -- questions ----------------------------------------------------------

    def is_full_dimensional(self, backend="auto", hint=None):
        """
        Whether the polyhedron has dimension ``n`` (non-empty interior).

        INPUT:

        - ``backend`` -- ``"auto"``, ``"prefilter"``, ``"ppl"``, ``"cdd"`` or ``"sage"``.
        - ``hint`` -- optional rational point; if it is strictly inside every
          inequality, that alone certifies the answer (cheap: used by region code
          that knows a point of a parent cell).

        OUTPUT: ``True``/``False``, always exact.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1], [-1]], [1, 0]).is_full_dimensional()
            True
            >>> ExactPolyhedron([[1], [-1]], [0, 0]).is_full_dimensional()   # a point
            False
            >>> ExactPolyhedron([[1], [-1]], ["1/10000000000000", 0]).is_full_dimensional(backend="prefilter")
            True
        """
        _check_backend(backend)
        c = self._cache
        if c.fulldim is not None and backend in ("auto", "prefilter"):
            return c.fulldim
        ans = self._full_dim(backend, hint)
        c.fulldim = ans
        return ans

    def _full_dim(self, backend, hint):
        empty, H, E = self._clean()
        if empty or E.shape[0]:
            return False
        c = self._cache
        if backend in ("auto", "prefilter"):
            if c.interior is not _UNSET:
                # a relative interior point is tight exactly on the implicit equations
                p = c.interior
                return p is not None and self._certify(*p)
            if hint is not None:
                X, D = as_point_ints(hint, self._n, "hint")
                if self._certify(X, D):
                    _STATS["fulldim:hint"] += 1
                    c.interior = (X, D)
                    return True
            if c.certificate is not None or self._use_prefilter(backend):
                cert = self._float_decide()
                if cert.status == "full":
                    _STATS["fulldim:float"] += 1
                    c.interior = cert.point
                    return True
                if cert.status != "unknown":
                    _STATS["notfull:float"] += 1
                    if cert.status == "empty":
                        c.interior = None
                        c.dim = -1
                    return False
            _STATS["fulldim:exact"] += 1
            if c.dd is None and c.dim is None and self._use_exact_lp():
                status, p = self._exact_lp()
                if status == "open":
                    c.interior = p
                return status == "open"
            return self._ppl_dim() == self._n
        _STATS["fulldim:exact"] += 1
        return self._exact_dim(backend) == self._n

    def is_empty(self, backend="auto"):
        """
        Whether the polyhedron is empty.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1, 1], [-1, -1]], [0, -1]).is_empty()
            True
            >>> ExactPolyhedron([[1, 1], [-1, -1]], [0, 0]).is_empty()
            False
        """
        _check_backend(backend)
        empty, H, E = self._clean()
        if empty:
            return True
        c = self._cache
        if backend in ("auto", "prefilter"):
            if (c.interior is not _UNSET and c.interior is not None) or c.fulldim:
                return False
            if c.interior is None:
                return True
            if c.dim is not None or "ppl" in c.dds:
                return self._ppl_dim() < 0
            if c.dd is not None:
                return c.dd.dim < 0
            if not E.shape[0] and (c.certificate is not None or self._use_prefilter(backend)):
                cert = self._float_decide()
                if cert.status == "full":
                    c.interior = cert.point
                    c.fulldim = True
                    return False
                if cert.status == "empty":
                    c.interior = None
                    c.dim = -1
                    return True
            if self._use_exact_lp():
                return self._exact_lp()[0] == "empty"
            return self._ppl_dim() < 0
        return self._exact_dim(backend) < 0

    def dim(self, backend="auto"):
        """
        The dimension of the polyhedron (``-1`` when empty).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1, 0], [-1, 0]], [0, 0]).dim()   # the line x = 0
            1
            >>> ExactPolyhedron([[1, 0], [-1, 0]], [-1, 0]).dim()
            -1
        """
        _check_backend(backend)
        if backend in ("auto", "prefilter"):
            if self._clean()[0]:
                return -1
            if self._cache.dd is not None:
                return self._cache.dd.dim
            if self.is_full_dimensional(backend):
                return self._n
            return self._ppl_dim()
        return self._exact_dim(backend)

    def affine_hull(self, backend="auto"):
        """
        Equations of the affine hull, as a list of pairs ``(a, b)`` meaning ``a . x == b``.

        The rows are in reduced row echelon form over QQ, so equal polyhedra give equal
        lists. Full-dimensional polyhedra give ``[]``; the empty set gives the single
        inconsistent equation ``0 . x == 1``.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> P = ExactPolyhedron([[1, 1], [-1, -1], [1, 0]], [2, -2, 5])
            >>> P.affine_hull()
            [((1, 1), 2)]
        """
        _check_backend(backend)
        if backend in ("auto", "prefilter") and self._cache.dd is None and self.is_full_dimensional(backend):
            return []
        dd = self._dd(backend) if backend not in ("auto", "prefilter") else self._any_dd()
        return [(tuple(qq(v) for v in a), qq(b)) for a, b in dd.equations()]

    def interior_point(self, backend="auto", hint=None):
        """
        An exact point of the relative interior, strictly inside every inequality that
        is not an implicit equation; ``None`` when the polyhedron is empty.

        OUTPUT: a tuple of Sage ``QQ``.

        With the prefilter the point is the rounded Chebyshev centre; the exact fallback
        gives the point of PPL's simplex or the centroid of the vertices plus the sum
        of the rays.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 1, 1, 1]).interior_point()
            (0, 0)
            >>> ExactPolyhedron([[-1, 0], [0, -1], [1, 1]], [0, 0, 0]).interior_point()
            (0, 0)
            >>> print(ExactPolyhedron([[1], [-1]], [0, -1]).interior_point())
            None
        """
        _check_backend(backend)
        p = self._interior(backend, hint)
        return None if p is None else qq_point(*p)

    def _interior(self, backend, hint):
        empty, H, E = self._clean()
        if empty:
            return None
        c = self._cache
        if backend in ("auto", "prefilter"):
            if c.interior is not _UNSET:
                return c.interior                  # None: known to be empty
            if not E.shape[0]:
                self.is_full_dimensional(backend, hint=hint)
                if c.interior is not _UNSET:
                    return c.interior
            if c.dim == -1:
                c.interior = None
                return None
            # after a certified "thin" the simplex would only say so again
            thin = c.certificate is not None and c.certificate.status == "thin"
            if not thin and c.dd is None and c.dim is None and self._use_exact_lp():
                status, p = self._exact_lp()
                if status == "empty":
                    c.interior = None
                    return None
                if status == "open":
                    c.interior = p
                    return p
            dd = self._any_dd()
        else:
            dd = self._dd(backend)
        p = dd.relint()
        if backend in ("auto", "prefilter"):
            c.interior = p
        return p

    def is_bounded(self, backend="auto"):
        """
        Whether the polyhedron is bounded (the empty set is).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[-1, 0], [0, -1]], [0, 0]).is_bounded()   # a cone
            False
        """
        _check_backend(backend)
        dd = self._any_dd() if backend in ("auto", "prefilter") else self._dd(backend)
        return dd.is_bounded()

    def vertices(self, backend="auto"):
        """
        The vertices as a sorted tuple of tuples of QQ (with lines: the canonical
        representatives modulo the lineality space, see the module doc).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[1, -1], [-1, 1], [0, 1]], [0, 0, 1]).vertices()   # x = y, y <= 1
            ((1, 1),)
        """
        _check_backend(backend)
        dd = self._any_dd() if backend in ("auto", "prefilter") else self._dd(backend)
        return tuple(tuple(qq(v) for v in p) for p in dd.vertices)

    def rays(self, backend="auto"):
        """
        The extreme rays as a sorted tuple of primitive integer vectors (as QQ), reduced
        modulo the lineality space (see :meth:`lines`).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[-1, 0], [0, -1]], [0, 0]).rays()          # the quadrant
            ((0, 1), (1, 0))
        """
        _check_backend(backend)
        dd = self._any_dd() if backend in ("auto", "prefilter") else self._dd(backend)
        return tuple(tuple(qq(v) for v in r) for r in dd.rays)

    def lines(self, backend="auto"):
        """
        A basis of the lineality space: the reduced row echelon basis, each row scaled
        to primitive integers (as QQ).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> ExactPolyhedron([[2, -2, 0]], [1]).lines()
            ((0, 0, 1), (1, 1, 0))
        """
        _check_backend(backend)
        dd = self._any_dd() if backend in ("auto", "prefilter") else self._dd(backend)
        return tuple(tuple(qq(v) for v in r) for r in dd.lines)

    def is_equal(self, other, backend="auto"):
        """
        Whether ``other`` is the same set (compares canonical generators).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron, box
            >>> box([(0, 1)]).is_equal(ExactPolyhedron([[2], [-3]], [2, 0]))
            True
        """
        other = as_domain(other, self._n)
        if backend in ("auto", "prefilter"):
            return self._any_dd() == other._any_dd()
        return self._dd(backend) == other._dd(backend)

    def contains(self, point, strict=False):
        """
        Whether the rational ``point`` lies in the polyhedron; with ``strict=True``,
        whether it lies in the relative interior (for a full-dimensional polyhedron:
        the topological interior).

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> seg = ExactPolyhedron([[1, 0], [-1, 0]], [1, 0], eq_A=[[0, 1]], eq_b=[0])
            >>> seg.contains([1, 0]), seg.contains(["1/2", 0], strict=True), seg.contains([1, 0], strict=True)
            (True, True, False)
            >>> seg.contains([1])
            Traceback (most recent call last):
            ...
            ValueError: point has 1 coordinates; the polyhedron lives in dimension 2
        """
        X, D = as_point_ints(point, self._n)
        empty, H, E = self._clean()
        if empty:
            return False
        if E.shape[0] and np.any(slack(E, X, D) != 0):
            return False
        s = slack(H, X, D)
        if np.any(s < 0):
            return False
        if not strict:
            return True
        tight = np.nonzero(s == 0)[0]
        if tight.size == 0:
            return True
        # a tight row is harmless only when it is an implicit equation of the set
        dd = self._any_dd()
        for i in tight:
            row = [int(v) for v in H[i]]
            b, a = row[0], row[1:]
            if any(sum(ai * vi for ai, vi in zip(a, X)) != b * d for X, d in dd.raw_points):
                return False
            if any(sum(ai * ri for ai, ri in zip(a, r)) != 0 for r in dd.raw_rays + dd.raw_lines):
                return False
        return True

    def facet_adjacent(self, other, backend="auto"):
        """
        Whether the closures of ``self`` and ``other`` meet in a set of dimension at
        least ``n - 1``: for two full-dimensional cells with disjoint interiors, that
        they share (part of) a facet. Overlapping interiors also give True.

        EXAMPLES::

            >>> from tropsage.polyhedra import box
            >>> sq = box([(0, 1), (0, 1)])
            >>> sq.facet_adjacent(box([(1, 2), (0, 1)])), sq.facet_adjacent(box([(1, 2), (1, 2)]))
            (True, False)
        """
        other = as_domain(other, self._n)
        if other is None:
            raise ValueError("facet_adjacent needs a polyhedron, got None")
        Q = self.intersection(other)
        if backend in ("auto", "prefilter") and Q.is_full_dimensional(backend):
            return True
        return Q.dim(backend) >= self._n - 1

    def volume(self, domain=None, backend="auto"):
        """
        The exact ``n``-dimensional volume (Lebesgue measure) as a Sage ``QQ``.

        INPUT:

        - ``domain`` -- optional box ``[(lo, hi), ...]`` or polyhedron: the volume of
          the intersection with it.

        OUTPUT: ``0`` for empty and lower-dimensional sets, Sage ``+Infinity`` for
        unbounded full-dimensional ones, otherwise an exact rational.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> cone = ExactPolyhedron([[-1, 0], [0, -1]], [0, 0])
            >>> cone.volume(), cone.volume(domain=[(-1, 2), (-1, 3)])
            (+Infinity, 6)
        """
        P = self if domain is None else self.intersection(domain)
        return P._volume(backend)

    def _volume(self, backend):
        _check_backend(backend)
        if not self.is_full_dimensional(backend):
            return qq(0)
        if not self.is_bounded(backend):
            from sage.rings.infinity import infinity
            return infinity
        if backend == "sage":
            return self._engine("sage").obj.volume()
        v = self._cache.volume
        if v is None:
            from tropsage.polyhedra.volume import polytope_volume
            dd = self._any_dd() if backend in ("auto", "prefilter") else self._dd(backend)
            v = self._cache.volume = polytope_volume(dd.vertices, self._n)
        return qq(v)

    # -- Sage ---------------------------------------------------------------

    def to_sage(self):
        """
        The same set as a Sage ``Polyhedron`` over ``QQ``.

        EXAMPLES::

            >>> from tropsage.polyhedra import box
            >>> box([(0, 1), (0, 2)]).to_sage()
            A 2-dimensional polyhedron in QQ^2 defined as the convex hull of 4 vertices
        """
        import sage.all__sagemath_polyhedra  # noqa: F401
        return self._engine("sage").obj

    @classmethod
    def from_sage(cls, P):
        """
        Convert a Sage ``Polyhedron`` (over ``ZZ``, ``QQ``, or a float ring: entries
        converted exactly) through its H-representation.

        EXAMPLES::

            >>> import sage.all__sagemath_polyhedra
            >>> from sage.geometry.polyhedron.constructor import Polyhedron
            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> T = ExactPolyhedron.from_sage(Polyhedron(vertices=[(0, 0), (1, 0), (0, 1)]))
            >>> T.volume(), T.vertices()
            (1/2, ((0, 0), (0, 1), (1, 0)))
        """
        if not (hasattr(P, "inequalities_list") and hasattr(P, "equations_list")):
            raise TypeError(f"expected a Sage Polyhedron, got {type(P).__name__}")
        n = int(P.ambient_dim())
        if P.is_empty():
            return cls._make(n, int_array([[-1] + [0] * n], n + 1), np.zeros((0, n + 1), dtype=np.int64))
        H = []
        for row in P.inequalities_list():
            q = [as_fraction(v, "Sage inequality") for v in row]
            H.append(row_to_ints([q[0]] + [-v for v in q[1:]]))
        E = []
        for row in P.equations_list():
            q = [as_fraction(v, "Sage equation") for v in row]
            E.append(row_to_ints([-q[0]] + q[1:]))
        return cls._make(n, int_array(H, n + 1), int_array(E, n + 1))


def prefilter(polyhedra, batch=16):
    """
    Run the certified float prefilter on many polyhedra, ``batch`` per HiGHS call.

    Each polyhedron's float LP is a block of one block-diagonal LP, which saves
    HiGHS's fixed cost per solve; the verdicts are then certified exactly one by one
    and cached on the polyhedra, so later calls to :meth:`~ExactPolyhedron.is_full_dimensional`,
    :meth:`~ExactPolyhedron.interior_point` or :meth:`~ExactPolyhedron.is_empty` use them.

    OUTPUT: the list of verdicts: ``"full"``, ``"thin"``, ``"empty"`` (all certified)
    or ``None`` (not certified: the exact backend will decide).

    EXAMPLES::

        >>> from tropsage.polyhedra import ExactPolyhedron, box, prefilter
        >>> cells = [box([(0, 1)] * 3), ExactPolyhedron([[1, 0, 0], [-1, 0, 0]], [0, 0]),
        ...          ExactPolyhedron([[1, 0, 0], [-1, 0, 0]], [0, -1])]
        >>> prefilter(cells)
        ['full', 'thin', 'empty']
        >>> [P.is_full_dimensional() for P in cells]
        [True, False, False]
    """
    batch = max(1, int(batch))
    todo = []
    for P in polyhedra:
        if not isinstance(P, ExactPolyhedron):
            raise TypeError(f"prefilter expects ExactPolyhedron objects, got {type(P).__name__}")
        if P._cache.certificate is not None:
            continue
        t = P._float_trivial()
        if t is not None:
            P._cache.certificate = t
        else:
            todo.append(P)
    if todo:
        certs = _certify.certify_many([P._clean()[1] for P in todo], n=todo[0]._n, batch=batch)
        for P, c in zip(todo, certs):
            P._cache.certificate = c
            if c.status == "unknown":
                _STATS["float_reject"] += 1
    out = []
    for P in polyhedra:
        s = P._cache.certificate.status
        out.append(None if s == "unknown" else s)
    return out


def are_full_dimensional(polyhedra, backend="auto", batch=16):
    """
    ``[P.is_full_dimensional() for P in polyhedra]``, with the float prefilter run
    in batches first (see :func:`prefilter`) when ``backend`` is ``"auto"`` or
    ``"prefilter"``. Every answer is exact.

    EXAMPLES::

        >>> from tropsage.polyhedra import ExactPolyhedron, are_full_dimensional
        >>> are_full_dimensional([ExactPolyhedron([[1], [-1]], [1, 0]),
        ...                       ExactPolyhedron([[1], [-1]], [0, 0])])
        [True, False]
    """
    _check_backend(backend)
    polyhedra = list(polyhedra)
    if backend in ("auto", "prefilter"):
        prefilter([P for P in polyhedra if P._cache.fulldim is None], batch=batch)
    return [P.is_full_dimensional(backend) for P in polyhedra]


def _check_backend(backend):
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")
