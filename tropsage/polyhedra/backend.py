r"""
Exact convex polyhedra over the rationals: one small interface over PPL, cddlib and Sage.

An :class:`ExactPolyhedron` is the set

.. MATH::

    P = \{ x \in \mathbb{Q}^n : A x \le b,\ E x = f \}

stored as two integer matrices with rows ``[b_i | a_i]`` (meaning ``a_i . x <= b_i``)
and ``[f_j | e_j]`` (meaning ``e_j . x == f_j``); every row is scaled on its own to
integers, so no information is lost and no common denominator blows up. Matrices are
``int64`` numpy arrays while every entry is safely small and object arrays of Python
ints beyond (see :mod:`tropsage._exact`).

Every answer is exact: points, vertices and volumes are Sage ``QQ`` elements. The
computations run on

- ``"ppl"``: the Parma Polyhedra Library through :mod:`ppl` -- the double description
  (``C_Polyhedron``) for small systems and its exact simplex (``MIP_Problem``) for
  larger ones;
- ``"cdd"``: cddlib in exact GMP arithmetic through :mod:`cdd.gmp`;
- ``"sage"``: Sage's ``Polyhedron`` over ``QQ`` (the slowest; kept as the reference);
- ``"prefilter"``: the *certified float prefilter* always runs first (see below),
  then ``"ppl"`` decides what it could not certify;
- ``"auto"`` (default): the prefilter where it pays (larger systems), PPL otherwise.

**Certified float prefilter.** A floating-point LP (HiGHS through :mod:`highspy`)
computes a Chebyshev centre ``max r s.t. a_i x + r ||a_i|| <= b_i``. When ``r`` is
clearly positive, ``x`` is rounded to a dyadic rational ``X / 2^k`` and every
inequality is checked *strictly* in exact integer arithmetic; success proves that
``P`` is full-dimensional and gives an exact interior point. A failed check, an
infeasible LP or a tiny ``r`` never decides anything: the exact backend does.
Counters in :func:`backend_stats` record which path settled each question.

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

import math
import threading
from collections import Counter
from fractions import Fraction

import numpy as np

from tropsage._exact import (INT64_SAFE, absmax, as_fraction, as_fraction_matrix,
                             as_fraction_vector, int_array, qq, shrink)

BACKENDS = ("auto", "prefilter", "ppl", "cdd", "sage")

_STATS = Counter()

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
# Chebyshev radii above this are rounded and checked as interior points; at or below
# it (in absolute value) the LP duals are tried as an exact Farkas certificate.
FLOAT_THIN = 1e-9


def backend_stats():
    """
    Counters of which path settled each question since the last reset.

    Keys include ``"fulldim:hint"`` (a given point certified full dimension),
    ``"fulldim:float"`` (the float prefilter certified it), ``"fulldim:exact"``
    (PPL/cddlib/Sage decided), ``"float_lp"`` (float LPs solved),
    ``"float_reject"`` (float LPs whose answer could not be certified),
    ``"exact_lp"`` (PPL simplex runs) and ``"dd:<backend>"`` (double descriptions).

    EXAMPLES::

        >>> from tropsage.polyhedra import box, backend_stats, reset_backend_stats
        >>> reset_backend_stats()
        >>> box([(0, 1)] * 5).is_full_dimensional()
        True
        >>> backend_stats()["fulldim:float"]
        1
    """
    return dict(_STATS)


def reset_backend_stats():
    """
    Set every counter of :func:`backend_stats` back to zero.

    EXAMPLES::

        >>> from tropsage.polyhedra import box, backend_stats, reset_backend_stats
        >>> _ = box([(0, 1)] * 2).is_full_dimensional()
        >>> reset_backend_stats()
        >>> backend_stats()
        {}
    """
    _STATS.clear()


# ---------------------------------------------------------------------------
# exact linear algebra on small matrices (rows of Fractions / ints)

def _rref(rows, ncols):
    """Reduced row echelon form over QQ: ``(rows, pivots)``, zero rows dropped."""
    M = [[Fraction(v) for v in r] for r in rows]
    pivots = []
    r = 0
    for c in range(ncols):
        if r == len(M):
            break
        p = next((i for i in range(r, len(M)) if M[i][c] != 0), None)
        if p is None:
            continue
        M[r], M[p] = M[p], M[r]
        pr = M[r]
        inv = 1 / pr[c]
        if inv != 1:
            M[r] = pr = [v * inv for v in pr]
        for i in range(len(M)):
            if i != r and M[i][c] != 0:
                f = M[i][c]
                M[i] = [a - f * b for a, b in zip(M[i], pr)]
        pivots.append(c)
        r += 1
    return M[:r], pivots


def _nullspace(rows, ncols):
    """A basis of ``{c : row . c = 0 for every row}`` as lists of Fractions."""
    R, piv = _rref(rows, ncols)
    free = [c for c in range(ncols) if c not in set(piv)]
    basis = []
    for fc in free:
        v = [Fraction(0)] * ncols
        v[fc] = Fraction(1)
        for row, pc in zip(R, piv):
            v[pc] = -row[fc]
        basis.append(v)
    return basis


def _primitive(vec):
    """Positive multiple of a rational vector with coprime integer entries."""
    den = 1
    for v in vec:
        den = den * v.denominator // math.gcd(den, v.denominator)
    ints = [int(v * den) for v in vec]
    g = 0
    for v in ints:
        g = math.gcd(g, v)
    return tuple(v // g for v in ints) if g > 1 else tuple(ints)


def _row_to_ints(coeffs):
    """Scale one row of Fractions by a positive factor to coprime integers."""
    return list(_primitive(coeffs)) if any(coeffs) else [0] * len(coeffs)


# ---------------------------------------------------------------------------
# the canonical double description shared by all backends

class _DD:
    """
    Generators of a polyhedron as a backend produced them (``points`` as pairs
    ``(integer coordinates, denominator)``, ``rays`` and ``lines`` as integer lists),
    with a canonical form computed on demand: whichever backend produced them, equal
    polyhedra give equal canonical ``vertices``, ``rays`` and ``lines``.
    """

    __slots__ = ("n", "raw_points", "raw_rays", "raw_lines", "_dim", "_canon", "_eqs")

    def __init__(self, n, points, rays, lines, dim=None):
        self.n = n
        self.raw_points = points
        self.raw_rays = rays
        self.raw_lines = lines
        self._dim = -1 if not points else dim
        self._canon = None
        self._eqs = None

    @property
    def dim(self):
        if self._dim is None:
            gens = [[Fraction(1)] + list(v) for v in self.vertices]
            gens += [[Fraction(0)] + [Fraction(c) for c in r] for r in self.rays + self.lines]
            self._dim = len(_rref(gens, self.n + 1)[1]) - 1
        return self._dim

    def _canonical(self):
        if self._canon is None:
            n = self.n
            if not self.raw_points:
                self._canon = ((), (), ())
                return self._canon
            L, piv = _rref(self.raw_lines, n)

            def reduce(v):
                for row, p in zip(L, piv):
                    c = v[p]
                    if c:
                        v = [a - c * b for a, b in zip(v, row)]
                return v

            lines = tuple(sorted(_primitive(row) for row in L))
            verts = tuple(sorted(set(tuple(reduce([Fraction(c, d) for c in X]))
                                     for X, d in self.raw_points)))
            rs = set()
            for r in self.raw_rays:
                r = reduce([Fraction(c) for c in r])
                if any(r):
                    rs.add(_primitive(r))
            self._canon = (verts, tuple(sorted(rs)), lines)
        return self._canon

    @property
    def vertices(self):
        return self._canonical()[0]

    @property
    def rays(self):
        return self._canonical()[1]

    @property
    def lines(self):
        return self._canonical()[2]

    def is_bounded(self):
        return not self.raw_rays and not self.raw_lines

    def relint(self):
        """
        Centroid of the points plus the sum of the rays, as ``(X, D)`` with integer
        ``X``: a relative interior point (``relint(A + B) = relint A + relint B``).
        """
        if not self.raw_points:
            return None
        L = 1
        for _, d in self.raw_points:
            L = L * d // math.gcd(L, d)
        k = len(self.raw_points)
        D = k * L
        S = [0] * self.n
        for X, d in self.raw_points:
            f = L // d
            S = [s + f * x for s, x in zip(S, X)]
        for r in self.raw_rays:
            S = [s + D * c for s, c in zip(S, r)]
        return S, D

    def equations(self):
        """Affine hull as ``[(a, b)]`` with ``a . x == b``, in reduced row echelon form."""
        if self._eqs is None:
            n = self.n
            if self.dim < 0:
                self._eqs = [((Fraction(0),) * n, Fraction(1))]
            else:
                gens = [[Fraction(1)] + list(v) for v in self.vertices]
                gens += [[Fraction(0)] + [Fraction(c) for c in r] for r in self.rays + self.lines]
                ns = _nullspace(gens, n + 1)
                # c0 + c . x = 0  ->  rows (c | -c0) in echelon form over x first
                R, _ = _rref([c[1:] + [-c[0]] for c in ns], n + 1)
                self._eqs = [(tuple(r[:n]), r[n]) for r in R]
        return self._eqs

    def __eq__(self, other):
        return (isinstance(other, _DD) and self.n == other.n
                and self._canonical() == other._canonical())

    def __hash__(self):
        return hash((self.n, self._canonical()))


def _fraction_rows_to_points(rows):
    """Rows of Fractions -> [(integer coordinates, common denominator)]."""
    out = []
    for v in rows:
        d = 1
        for c in v:
            d = d * c.denominator // math.gcd(d, c.denominator)
        out.append(([c.numerator * (d // c.denominator) for c in v], d))
    return out


def _fraction_rows_to_ints(rows):
    return [list(_primitive(v)) if any(v) else [0] * len(v) for v in rows]


# ---------------------------------------------------------------------------
# float LP (HiGHS), one solver object per thread

_local = threading.local()


def _highs():
    h = getattr(_local, "highs", None)
    if h is None:
        import highspy
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        # presolve costs more than it saves on these tiny dense LPs
        h.setOptionValue("presolve", "off")
        _local.highs = h
        _local.inf = highspy.kHighsInf
        _local.optimal = highspy.HighsModelStatus.kOptimal
    return h


def _float_rows(M):
    """Float copy of an integer matrix, each row divided by its largest entry when huge."""
    if M.dtype != object:
        return M.astype(np.float64)
    out = np.empty(M.shape, dtype=np.float64)
    for i, row in enumerate(M):
        s = max((abs(int(v)) for v in row), default=0) or 1
        out[i] = [int(v) / s for v in row]   # int / int is correctly rounded, any size
    return out


def _chebyshev_float(H):
    """
    Float Chebyshev centre of ``{x : A x <= b}`` with ``H = [b | A]`` (no zero rows).

    The LP is ``max r : a_i x + r ||a_i|| <= b_i, r <= 1`` with ``r`` free below, so
    it always has an optimum (``r < 0`` for empty sets, ``0`` for thin ones).

    Returns ``(x, r, y)`` (centre, radius, absolute row duals) or ``None`` when HiGHS
    reports anything but an optimum.
    """
    out = _chebyshev_float_many([H])
    return out[0]


def _chebyshev_float_many(Hs):
    """
    :func:`_chebyshev_float` for several systems in one HiGHS run.

    The LP is block diagonal and its objective the sum of the radii, so each block's
    part of the optimum is that block's own optimum; one run saves HiGHS's fixed
    cost per solve (about 150 us) on every block but the first.
    """
    if not len(Hs):
        return []
    h = _highs()
    inf = _local.inf
    Fs = [_float_rows(H) for H in Hs]
    ms = np.array([F.shape[0] for F in Fs], dtype=np.int64)
    n1s = np.array([F.shape[1] for F in Fs], dtype=np.int64)
    # column blocks: block p owns columns c0[p] .. c0[p] + n1[p] - 1 (x, then r)
    c0s = np.concatenate([[0], np.cumsum(n1s)[:-1]])
    cols = int(n1s.sum())
    rows = int(ms.sum())
    cost = np.zeros(cols)
    up = np.full(cols, inf)
    last = c0s + n1s - 1
    cost[last] = -1.0
    up[last] = 1.0
    if (n1s == n1s[0]).all():
        # the usual case (one dimension): everything in a few vectorised steps
        n1 = int(n1s[0])
        F = np.vstack(Fs) if len(Fs) > 1 else Fs[0]
        A = F[:, 1:]
        norms = np.sqrt((A * A).sum(axis=1))
        norms[norms == 0] = 1.0
        # rows scaled to unit normals keep the LP well conditioned
        vals = np.empty((rows, n1))
        vals[:, :-1] = A / norms[:, None]
        vals[:, -1] = 1.0
        rowc0 = np.repeat(c0s, ms).astype(np.int32)
        nnz = rows * n1
        starts = np.arange(0, nnz, n1, dtype=np.int32)
        index = (rowc0[:, None] + np.arange(n1, dtype=np.int32)).ravel()
        values = vals.ravel()
        ub = F[:, 0] / norms
    else:
        starts, index, values, ub = [], [], [], []
        nnz = 0
        for F, m, n1, c0 in zip(Fs, ms.tolist(), n1s.tolist(), c0s.tolist()):
            A = F[:, 1:]
            norms = np.sqrt((A * A).sum(axis=1))
            norms[norms == 0] = 1.0
            vals = np.empty((m, n1))
            vals[:, :-1] = A / norms[:, None]
            vals[:, -1] = 1.0
            starts.append(np.arange(nnz, nnz + m * n1, n1, dtype=np.int32))
            index.append(np.tile(np.arange(c0, c0 + n1, dtype=np.int32), m))
            values.append(vals.ravel())
            ub.append(F[:, 0] / norms)
            nnz += m * n1
        starts, index = np.concatenate(starts), np.concatenate(index)
        values, ub = np.concatenate(values), np.concatenate(ub)
    parts = list(zip(ms.tolist(), n1s.tolist(), c0s.tolist()))
    h.clearModel()
    h.passModel(cols, rows, nnz, 2, 1, 0.0, cost, np.full(cols, -inf), up,
                np.full(rows, -inf), ub, starts, index, values, np.zeros(cols, dtype=np.int32))
    h.run()
    _STATS["float_lp"] += 1
    if h.getModelStatus() != _local.optimal:
        return [None] * len(Hs)
    solution = h.getSolution()
    sol = np.array(solution.col_value)
    duals = np.abs(np.array(solution.row_dual))
    if sol.shape != (cols,) or duals.shape != (rows,):
        return [None] * len(Hs)
    out = []
    r0 = 0
    for m, n1, c0 in parts:
        x = sol[c0:c0 + n1]
        y = duals[r0:r0 + m]
        r0 += m
        if np.all(np.isfinite(x)) and np.all(np.isfinite(y)):
            out.append((x[:-1], float(x[-1]), y))
        else:
            out.append(None)
    return out


def _slack(H, X, D):
    """``b*D - A@X`` exactly (int64 when provably safe, Python ints otherwise)."""
    if H.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    n = H.shape[1] - 1
    bound = absmax(H) * (max((abs(int(v)) for v in X), default=0) * n + abs(int(D)))
    if H.dtype != object and bound < INT64_SAFE:
        Xa = np.asarray(X, dtype=np.int64)
        return H[:, 0] * int(D) - H[:, 1:] @ Xa
    Ho = H.astype(object)
    Xa = np.array([int(v) for v in X], dtype=object)
    return Ho[:, 0] * int(D) - Ho[:, 1:].dot(Xa)


def _farkas(H, y):
    """
    Exact certificate that ``{x : A x <= b}`` (``H = [b | A]``, no zero rows) is not
    full-dimensional, from the float duals ``y`` of the Chebyshev LP.

    On the support ``S`` of ``y`` the exact kernel of ``A_S^T`` is computed; a kernel
    vector ``v >= 0`` with ``A_S^T v = 0`` gives, for every ``x`` in the set,
    ``0 <= sum v_i (b_i - a_i x) = b_S . v``. So ``b_S . v < 0`` proves the set empty
    and ``b_S . v = 0`` proves every row of ``S`` tight on the set (which then lies in
    a hyperplane). Returns ``"empty"``, ``"thin"`` or ``None`` (no certificate).
    """
    n = H.shape[1] - 1
    top = float(y.max()) if y.size else 0.0
    if not top > 0:
        return None
    S = np.nonzero(y > 1e-9 * top)[0]
    if S.size == 0 or S.size > n + 1:
        return None
    rows = [[int(v) for v in H[i]] for i in S]
    # columns of A_S^T are the rows a_i, i in S
    ker = _nullspace([[row[1 + j] for row in rows] for j in range(n)], len(rows))
    if len(ker) != 1:
        return None
    v = ker[0]
    if all(c <= 0 for c in v):
        v = [-c for c in v]
    if any(c < 0 for c in v):
        return None
    bv = sum(c * row[0] for c, row in zip(v, rows))
    if bv < 0:
        return "empty"
    if bv == 0:
        return "thin"
    return None


def _as_point_ints(point, n, where="point"):
    """Rational point -> (list of ints X, positive int D) with point == X / D."""
    q = as_fraction_vector(point, where)
    if len(q) != n:
        raise ValueError(f"{where} has {len(q)} coordinates; the polyhedron lives in dimension {n}")
    D = 1
    for v in q:
        D = D * v.denominator // math.gcd(D, v.denominator)
    return [v.numerator * (D // v.denominator) for v in q], D


def _qq_point(X, D):
    g = D
    for v in X:
        g = math.gcd(g, int(v))
    if g > 1:
        X = [int(v) // g for v in X]
        D //= g
    return tuple(qq(int(v), D) for v in X)


# ---------------------------------------------------------------------------

def _rows_from_rational(A, b, where_A, where_b, n):
    """Rows ``[b_i | a_i]`` of Fractions, scaled row by row to coprime integers."""
    if A is None:
        if b is not None and len(as_fraction_vector(b, where_b)) != 0:
            raise ValueError(f"{where_b} is given without {where_A}")
        return [], n
    Aq = as_fraction_matrix(A, where_A) if not _is_empty_seq(A) else []
    bq = as_fraction_vector(b, where_b) if b is not None else None
    if bq is None:
        raise ValueError(f"{where_A} is given without {where_b}")
    if len(Aq) != len(bq):
        raise ValueError(f"{where_A} has {len(Aq)} rows but {where_b} has {len(bq)} entries")
    if Aq:
        width = len(Aq[0])
        if n is None:
            n = width
        elif width != n:
            raise ValueError(f"{where_A} has {width} columns; expected n = {n}")
    return [_row_to_ints([bi] + row) for bi, row in zip(bq, Aq)], n


def _int_numpy_rows(A, b, where_A, where_b, n):
    """
    Fast path of the constructor: ``A`` and ``b`` integer numpy arrays give the rows
    ``[b | A]`` without any Fraction; returns ``(None, n)`` for any other input.
    """
    if not (isinstance(A, np.ndarray) and isinstance(b, np.ndarray)
            and A.dtype.kind in "iu" and b.dtype.kind in "iu" and A.ndim == 2 and b.ndim == 1):
        return None, n
    if A.shape[0] != b.shape[0]:
        raise ValueError(f"{where_A} has {A.shape[0]} rows but {where_b} has {b.shape[0]} entries")
    if n is not None and A.shape[1] != n:
        raise ValueError(f"{where_A} has {A.shape[1]} columns; expected n = {n}")
    H = np.hstack([b.astype(object)[:, None], A.astype(object)])
    return _check_int_rows(H, A.shape[1], where_A), A.shape[1]


def _is_empty_seq(A):
    try:
        return len(A) == 0
    except TypeError:
        return False


def _check_int_rows(M, n, where):
    """Validate an integer row matrix for :meth:`ExactPolyhedron.from_integer_rows`."""
    if M is None:
        return np.zeros((0, n + 1), dtype=np.int64) if n is not None else None
    if not isinstance(M, np.ndarray):
        if not len(M):
            return np.zeros((0, (n + 1) if n is not None else 1), dtype=np.int64)
        try:
            M = np.array(M, dtype=object)
        except ValueError:
            raise ValueError(f"{where} is ragged (rows of different lengths)") from None
    if M.ndim != 2:
        raise ValueError(f"{where} must be a 2-dimensional array of rows [b | a], got shape {M.shape}")
    if M.dtype.kind not in "iu":
        if M.dtype != object:
            raise TypeError(f"{where} must hold integers (int64 or Python ints), got dtype {M.dtype}")
        for v in M.flat:
            if not isinstance(v, (int, np.integer)) or isinstance(v, bool):
                raise TypeError(f"{where} holds {type(v).__name__} {v!r}; integer rows expected")
        M = shrink(M)
    elif M.dtype != np.int64:
        if M.dtype == np.uint64 and M.size and int(M.max()) >= INT64_SAFE:
            M = M.astype(object)
        else:
            M = M.astype(np.int64)
    if n is not None and M.shape[1] != n + 1:
        raise ValueError(f"{where} has {M.shape[1]} columns; rows [b | a] in dimension {n} need {n + 1}")
    return M


def _stack(M1, M2):
    if M1.shape[0] == 0:
        return M2
    if M2.shape[0] == 0:
        return M1
    if M1.dtype == object or M2.dtype == object:
        return np.vstack([M1.astype(object), M2.astype(object)])
    return np.vstack([M1, M2])


def ppl_generators(P):
    """
    The minimized generators of a PPL polyhedron as Python ints:
    ``(points, rays, lines)`` with points as ``(coefficients, divisor)`` pairs.
    """
    points, rays, lines = [], [], []
    for g in P.minimized_generators():
        c = [int(v) for v in g.coefficients()]
        if g.is_point():
            points.append((c, int(g.divisor())))
        elif g.is_ray():
            rays.append(c)
        else:
            lines.append(c)
    return points, rays, lines


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
            n = _as_dim(n)
        H, n = _int_numpy_rows(A, b, "A", "b", n)
        if H is None:
            rows, n = _rows_from_rational(A, b, "A", "b", n)
        E, n = _int_numpy_rows(eq_A, eq_b, "eq_A", "eq_b", n)
        if E is None:
            eqs, n = _rows_from_rational(eq_A, eq_b, "eq_A", "eq_b", n)
        if n is None:
            raise ValueError("cannot infer the ambient dimension from empty rows; pass n=")
        self._n = n
        self._H = H if H is not None else int_array(rows, n + 1)
        self._E = E if E is not None else int_array(eqs, n + 1)
        self._cache = {}

    def __getstate__(self):
        # PPL objects do not pickle; everything else in the cache is plain data
        return self._n, self._H, self._E, {k: v for k, v in self._cache.items() if k != "ppl"}

    def __setstate__(self, state):
        self._n, self._H, self._E, self._cache = state

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
            n = _as_dim(n)
        H = _check_int_rows(ineq_rows, n, "ineq_rows")
        if n is None:
            if H is None or H.shape[1] < 1:
                raise ValueError("ineq_rows must have at least one column [b]")
            n = H.shape[1] - 1
            H = _check_int_rows(H, n, "ineq_rows")
        E = _check_int_rows(eq_rows, n, "eq_rows")
        return cls._make(n, H, E)

    @classmethod
    def _make(cls, n, H, E):
        self = cls.__new__(cls)
        self._n = n
        self._H = H
        self._E = E
        self._cache = {}
        return self

    # -- basic data ---------------------------------------------------------

    @property
    def ambient_dim(self):
        """The dimension ``n`` of the space ``Q^n``."""
        return self._n

    def inequality_rows(self):
        """The stored integer rows ``[b | a]`` (``a . x <= b``), as a numpy array."""
        return self._H

    def equation_rows(self):
        """The stored integer rows ``[f | e]`` (``e . x == f``), as a numpy array."""
        return self._E

    def inequalities(self):
        """The inequalities as a list of pairs ``(a, b)`` of QQ (``a . x <= b``)."""
        return [(tuple(qq(int(v)) for v in r[1:]), qq(int(r[0]))) for r in self._H]

    def equations(self):
        """The given equations as a list of pairs ``(e, f)`` of QQ (``e . x == f``)."""
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
        R = _check_int_rows(rows, self._n, "rows")
        return ExactPolyhedron._make(self._n, _stack(self._H, R), self._E)

    def add_equations(self, rows):
        """A new polyhedron with the integer rows ``[f | e]`` (``e . x == f``) added."""
        R = _check_int_rows(rows, self._n, "rows")
        return ExactPolyhedron._make(self._n, self._H, _stack(self._E, R))

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
        M = self._cache.get("minimized")
        if M is None:
            n = self._n
            H, E = [], []
            for c in self._ppl().minimized_constraints():
                # c: e . x + k (>= or ==) 0  ->  (-e) . x <= k, resp. e . x == -k
                e = [int(v) for v in c.coefficients()]
                k = int(c.inhomogeneous_term())
                if c.is_equality():
                    E.append([-k] + e)
                else:
                    H.append([k] + [-v for v in e])
            M = ExactPolyhedron._make(n, int_array(H, n + 1), int_array(E, n + 1))
            for key in ("dim", "dd", "dd:ppl", "interior", "fulldim"):
                if key in self._cache:
                    M._cache[key] = self._cache[key]
            self._cache["minimized"] = M
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
        return ExactPolyhedron._make(self._n, _stack(self._H, other._H), _stack(self._E, other._E))

    # -- trivial infeasibility and the effective rows ------------------------

    def _clean(self):
        """
        ``(trivially_empty, H, E)`` with zero rows removed: a row ``0 <= b`` is
        either always true (dropped) or never (the set is empty).
        """
        c = self._cache.get("clean")
        if c is None:
            H, E = self._H, self._E
            empty = False
            # one reduction in the common case of no zero rows
            if H.shape[0] and not np.count_nonzero(H[:, 1:], axis=1).all():
                zero = ~np.any(H[:, 1:] != 0, axis=1)
                if np.any(H[zero, 0] < 0):
                    empty = True
                H = H[~zero]
            if E.shape[0] and not np.count_nonzero(E[:, 1:], axis=1).all():
                zero = ~np.any(E[:, 1:] != 0, axis=1)
                if np.any(E[zero, 0] != 0):
                    empty = True
                E = E[~zero]
            c = (empty, H, E)
            self._cache["clean"] = c
        return c

    # -- exact backends -----------------------------------------------------

    def _ppl(self):
        P = self._cache.get("ppl")
        if P is None:
            import ppl
            empty, H, E = self._clean()
            n = self._n
            cs = ppl.Constraint_System()
            if empty:
                cs.insert(ppl.Linear_Expression([0] * n, -1) >= 0)
            else:
                LE = ppl.Linear_Expression
                for row in H.tolist():
                    cs.insert(LE([-v for v in row[1:]], row[0]) >= 0)
                for row in E.tolist():
                    cs.insert(LE([-v for v in row[1:]], row[0]) == 0)
            P = ppl.C_Polyhedron(cs) if (H.shape[0] or E.shape[0] or empty) else ppl.C_Polyhedron(n, "universe")
            self._cache["ppl"] = P
        return P

    def _ppl_dim(self):
        """Dimension from PPL without extracting generators (-1 when empty)."""
        d = self._cache.get("dim")
        if d is None:
            dd = self._cache.get("dd:ppl")
            if dd is not None:
                d = dd.dim
            else:
                _STATS["dd:ppl"] += 1
                P = self._ppl()
                d = -1 if P.is_empty() else P.affine_dimension()
            self._cache["dim"] = d
        return d

    def _exact_dim(self, backend):
        """The dimension computed by one exact backend (no prefilter, no LP)."""
        if backend in ("ppl", "auto", "prefilter"):
            return self._ppl_dim()
        return self._dd(backend).dim

    def _dd(self, backend="auto"):
        """The canonical double description, computed by ``backend`` and cached."""
        key = "dd:" + ("ppl" if backend in ("auto", "prefilter") else backend)
        dd = self._cache.get(key)
        if dd is None:
            _STATS[key] += 1
            if key == "dd:ppl":
                dd = self._dd_ppl()
            elif key == "dd:cdd":
                dd = self._dd_cdd()
            elif key == "dd:sage":
                dd = self._dd_sage()
            else:
                raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")
            self._cache[key] = dd
            self._cache.setdefault("dd", dd)
        return dd

    def _any_dd(self):
        """Any cached double description, else PPL's."""
        return self._cache.get("dd") or self._dd("ppl")

    def _dd_ppl(self):
        n = self._n
        P = self._ppl()
        if P.is_empty():
            return _DD(n, [], [], [])
        return _DD(n, *ppl_generators(P), dim=P.affine_dimension())

    def _dd_cdd(self):
        import cdd
        import cdd.gmp
        n = self._n
        empty, H, E = self._clean()
        if empty:
            return _DD(n, [], [], [])
        rows = [[r[0]] + [-v for v in r[1:]] for r in H.tolist()]
        rows += [[-r[0]] + r[1:] for r in E.tolist()]
        if not rows:
            rows = [[1] + [0] * n]  # 1 >= 0: cddlib needs at least one row
        lin = set(range(H.shape[0], H.shape[0] + E.shape[0]))
        mat = cdd.gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY)
        G = cdd.gmp.copy_generators(cdd.gmp.polyhedron_from_matrix(mat))
        points, rays, lines = [], [], []
        for i, row in enumerate(G.array):
            v = [Fraction(c) for c in row[1:]]
            if row[0] != 0:
                points.append(v)
            elif i in G.lin_set:
                lines.append(v)
            else:
                rays.append(v)
        rows = [list(r) for r in G.array]
        if (rays or lines) and not points:
            # cddlib leaves out the apex of a cone: the origin is then the vertex
            points.append([Fraction(0)] * n)
            rows.append([1] + [0] * n)
        # dim P = rank of the homogenized generators - 1, by cddlib's exact rank
        dim = cdd.gmp.matrix_rank(cdd.gmp.matrix_from_array(rows))[2] - 1 if rows else -1
        return _DD(n, _fraction_rows_to_points(points), _fraction_rows_to_ints(rays),
                   _fraction_rows_to_ints(lines), dim=dim)

    def _dd_sage(self):
        S = self.to_sage()
        conv = lambda vs: [[Fraction(int(c.numerator()), int(c.denominator())) for c in v] for v in vs]
        return _DD(self._n, _fraction_rows_to_points(conv(S.vertices_list())),
                   _fraction_rows_to_ints(conv(S.rays_list())),
                   _fraction_rows_to_ints(conv(S.lines_list())), dim=int(S.dim()))

    def _exact_lp(self):
        """
        PPL's exact simplex on ``max t : A x + t <= b, E x == f, t <= 1``.

        Returns ``("empty", None)``, ``("thin", None)`` (non-empty, some inequality is
        an implicit equation) or ``("open", (X, D))`` with ``X/D`` strictly inside
        every inequality -- a relative interior point.
        """
        c = self._cache.get("lp")
        if c is not None:
            return c
        import ppl
        _STATS["exact_lp"] += 1
        empty, H, E = self._clean()
        n = self._n
        if empty:
            c = ("empty", None)
        else:
            LE = ppl.Linear_Expression
            cs = ppl.Constraint_System()
            for row in H.tolist():
                cs.insert(LE([-v for v in row[1:]] + [-1], row[0]) >= 0)
            for row in E.tolist():
                cs.insert(LE([-v for v in row[1:]] + [0], row[0]) == 0)
            cs.insert(LE([0] * n + [-1], 1) >= 0)
            M = ppl.MIP_Problem(n + 1, cs, LE([0] * n + [1], 0), "maximization")
            if M.solve()["status"] != "optimized":
                c = ("empty", None)
            else:
                g = M.optimizing_point()
                coeffs = [int(v) for v in g.coefficients()]
                if coeffs[n] < 0:
                    c = ("empty", None)
                elif coeffs[n] == 0:
                    c = ("thin", None)
                else:
                    c = ("open", (coeffs[:n], int(g.divisor())))
        self._cache["lp"] = c
        return c

    # -- certified prefilter ------------------------------------------------

    def _certify(self, X, D):
        """True iff ``X/D`` satisfies the equations and every inequality strictly."""
        empty, H, E = self._clean()
        if empty:
            return False
        if E.shape[0] and np.any(_slack(E, X, D) != 0):
            return False
        return bool(np.all(_slack(H, X, D) > 0))

    def _float_interior(self):
        """The float prefilter: ``(X, D)`` certified interior point, or None."""
        verdict, p = self._float_decide()
        return p if verdict == "full" else None

    def _float_decide(self):
        """
        The certified float prefilter.

        Returns ``("full", (X, D))`` with ``X/D`` strictly inside every inequality,
        ``("empty", None)`` or ``("thin", None)`` when an exact Farkas certificate built
        from the LP duals proves it, or ``(None, None)`` when nothing was certified.
        Only inequality systems are handled (a set with equations is never open).
        """
        c = self._cache.get("float")
        if c is not None:
            return c
        c = self._float_decide_uncached()
        self._cache["float"] = c
        if c[0] is None:
            _STATS["float_reject"] += 1
        return c

    def _float_trivial(self):
        """The prefilter's verdict when no LP is needed, else None."""
        empty, H, E = self._clean()
        if empty:
            return "empty", None
        if E.shape[0]:
            return None, None          # never open; the exact backend decides
        if H.shape[0] == 0:
            return "full", ([0] * self._n, 1)
        return None

    def _float_decide_uncached(self, res=False):
        t = self._float_trivial()
        if t is not None:
            return t
        _, H, _ = self._clean()
        n = self._n
        if res is False:
            res = _chebyshev_float(H)
        if res is None:
            return None, None
        x, r, y = res
        if r > FLOAT_THIN:
            # a grid finer than r / sqrt(n) keeps the rounded point inside the ball
            k = max(0, math.ceil(math.log2(math.sqrt(max(n, 1)) / r)) + 1)
            if k <= 1000:
                D = 1 << k
                X = [int(v) for v in np.rint(np.ldexp(x, k))]
                if self._certify(X, D):
                    return "full", (X, D)
            return None, None
        if r < -FLOAT_THIN or abs(r) <= FLOAT_THIN:
            verdict = _farkas(H, y)
            if verdict is not None:
                return verdict, None
        return None, None

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
        key = "fulldim"
        if key in self._cache and backend in ("auto", "prefilter"):
            return self._cache[key]
        ans = self._full_dim(backend, hint)
        self._cache[key] = ans
        return ans

    def _full_dim(self, backend, hint):
        empty, H, E = self._clean()
        if empty or E.shape[0]:
            return False
        if backend in ("auto", "prefilter"):
            if "interior" in self._cache:
                # a relative interior point is tight exactly on the implicit equations
                p = self._cache["interior"]
                return p is not None and self._certify(*p)
            if hint is not None:
                X, D = _as_point_ints(hint, self._n, "hint")
                if self._certify(X, D):
                    _STATS["fulldim:hint"] += 1
                    self._cache["interior"] = (X, D)
                    return True
            if "float" in self._cache or self._use_prefilter(backend):
                verdict, p = self._float_decide()
                if verdict == "full":
                    _STATS["fulldim:float"] += 1
                    self._cache["interior"] = p
                    return True
                if verdict is not None:
                    _STATS["notfull:float"] += 1
                    if verdict == "empty":
                        self._cache["interior"] = None
                        self._cache["dim"] = -1
                    return False
            _STATS["fulldim:exact"] += 1
            if "dd" not in self._cache and "dim" not in self._cache and self._use_exact_lp():
                status, p = self._exact_lp()
                if status == "open":
                    self._cache["interior"] = p
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
        if backend in ("auto", "prefilter"):
            if self._cache.get("interior") is not None or self._cache.get("fulldim"):
                return False
            if "interior" in self._cache:
                return True
            if "dim" in self._cache or "dd:ppl" in self._cache:
                return self._ppl_dim() < 0
            if "dd" in self._cache:
                return self._cache["dd"].dim < 0
            if not E.shape[0] and ("float" in self._cache or self._use_prefilter(backend)):
                verdict, p = self._float_decide()
                if verdict == "full":
                    self._cache["interior"] = p
                    self._cache["fulldim"] = True
                    return False
                if verdict == "empty":
                    self._cache["interior"] = None
                    self._cache["dim"] = -1
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
            if "dd" in self._cache:
                return self._cache["dd"].dim
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
        if backend in ("auto", "prefilter") and "dd" not in self._cache and self.is_full_dimensional(backend):
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
        return None if p is None else _qq_point(*p)

    def _interior(self, backend, hint):
        empty, H, E = self._clean()
        if empty:
            return None
        if backend in ("auto", "prefilter"):
            if "interior" in self._cache:
                return self._cache["interior"]          # None: known to be empty
            if not E.shape[0]:
                self.is_full_dimensional(backend, hint=hint)
                if "interior" in self._cache:
                    return self._cache["interior"]
            if self._cache.get("dim") == -1:
                self._cache["interior"] = None
                return None
            # after a certified "thin" the simplex would only say so again
            thin = self._cache.get("float", (None,))[0] == "thin"
            if not thin and "dd" not in self._cache and "dim" not in self._cache and self._use_exact_lp():
                status, p = self._exact_lp()
                if status == "empty":
                    self._cache["interior"] = None
                    return None
                if status == "open":
                    self._cache["interior"] = p
                    return p
            dd = self._any_dd()
        else:
            dd = self._dd(backend)
        p = dd.relint()
        if backend in ("auto", "prefilter"):
            self._cache["interior"] = p
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
        """The extreme rays as a sorted tuple of primitive integer vectors (as QQ)."""
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
        X, D = _as_point_ints(point, self._n)
        empty, H, E = self._clean()
        if empty:
            return False
        if E.shape[0] and np.any(_slack(E, X, D) != 0):
            return False
        s = _slack(H, X, D)
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
        v = self._cache.get("volume")
        if backend == "sage":
            return self.to_sage().volume()
        if v is None:
            from tropsage.polyhedra.volume import polytope_volume
            dd = self._any_dd() if backend in ("auto", "prefilter") else self._dd(backend)
            v = polytope_volume(dd.vertices, self._n)
            self._cache["volume"] = v
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
        from sage.geometry.polyhedron.constructor import Polyhedron
        from sage.rings.rational_field import QQ
        empty, H, E = self._clean()
        if empty:
            return Polyhedron(ambient_dim=self._n, base_ring=QQ)
        ieqs = [[r[0]] + [-v for v in r[1:]] for r in H.tolist()]
        eqns = [[-r[0]] + r[1:] for r in E.tolist()]
        if not ieqs and not eqns:
            return Polyhedron(lines=[[int(i == j) for j in range(self._n)] for i in range(self._n)],
                              ambient_dim=self._n, base_ring=QQ)
        return Polyhedron(ieqs=ieqs, eqns=eqns, ambient_dim=self._n, base_ring=QQ)

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
            H.append(_row_to_ints([q[0]] + [-v for v in q[1:]]))
        E = []
        for row in P.equations_list():
            q = [as_fraction(v, "Sage equation") for v in row]
            E.append(_row_to_ints([-q[0]] + q[1:]))
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
        if "float" in P._cache:
            continue
        t = P._float_trivial()
        if t is not None:
            P._cache["float"] = t
        else:
            todo.append(P)
    for i in range(0, len(todo), batch):
        chunk = todo[i:i + batch]
        results = _chebyshev_float_many([P._clean()[1] for P in chunk])
        for P, res in zip(chunk, results):
            c = P._float_decide_uncached(res)
            P._cache["float"] = c
            if c[0] is None:
                _STATS["float_reject"] += 1
    return [P._cache["float"][0] for P in polyhedra]


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
        prefilter([P for P in polyhedra if "fulldim" not in P._cache], batch=batch)
    return [P.is_full_dimensional(backend) for P in polyhedra]


def _check_backend(backend):
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")


def _as_dim(n):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) and not (
            hasattr(n, "is_integer") and callable(n.is_integer) and not isinstance(n, float)):
        raise TypeError(f"n must be a non-negative integer, got {n!r}")
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n}")
    return n


# ---------------------------------------------------------------------------
# domains

def box(bounds):
    """
    The box ``prod [lo_i, hi_i]`` as an :class:`ExactPolyhedron`.

    INPUT:

    - ``bounds`` -- a sequence of pairs ``(lo, hi)`` of exact-convertible numbers
      (``None`` or an infinite float leaves that side open), with ``lo <= hi``.

    EXAMPLES::

        >>> from tropsage.polyhedra import box
        >>> box([(0, "1/2"), (-1, 1)]).volume()
        1
        >>> box([(0, None)]).is_bounded()
        False
        >>> box([(1, 0)])
        Traceback (most recent call last):
        ...
        ValueError: box bounds[0]: lo = 1 > hi = 0
    """
    if isinstance(bounds, np.ndarray):
        bounds = bounds.tolist()
    try:
        bounds = list(bounds)
    except TypeError:
        raise TypeError(f"box bounds must be a sequence of (lo, hi) pairs, got {type(bounds).__name__}") from None
    n = len(bounds)
    rows = []
    for i, pair in enumerate(bounds):
        try:
            lo, hi = pair
        except (TypeError, ValueError):
            raise ValueError(f"box bounds[{i}] must be a pair (lo, hi), got {pair!r}") from None
        lo = _bound(lo, f"box bounds[{i}] lo", -1)
        hi = _bound(hi, f"box bounds[{i}] hi", +1)
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"box bounds[{i}]: lo = {lo} > hi = {hi}")
        e = [Fraction(0)] * n
        if hi is not None:
            e[i] = Fraction(1)
            rows.append(_row_to_ints([hi] + e))
        if lo is not None:
            e = [Fraction(0)] * n
            e[i] = Fraction(-1)
            rows.append(_row_to_ints([-lo] + e))
    return ExactPolyhedron._make(n, int_array(rows, n + 1), np.zeros((0, n + 1), dtype=np.int64))


def _bound(v, where, sign):
    if v is None:
        return None
    if isinstance(v, float) and math.isinf(v) and (v > 0) == (sign > 0):
        return None
    return as_fraction(v, where)


def as_domain(domain, n):
    """
    Read a domain argument as an :class:`ExactPolyhedron` in ``Q^n``.

    INPUT:

    - ``domain`` -- ``None`` (all of ``Q^n``; returned as ``None``), a box
      ``[(lo, hi), ...]`` with ``n`` pairs, a Sage ``Polyhedron`` or an
      :class:`ExactPolyhedron` of ambient dimension ``n``.
    - ``n`` -- the ambient dimension the caller works in.

    EXAMPLES::

        >>> from tropsage.polyhedra import as_domain
        >>> as_domain([(0, 1), (0, 1)], 2)
        ExactPolyhedron(n=2, 4 inequalities, 0 equations)
        >>> as_domain([(0, 1)], 2)
        Traceback (most recent call last):
        ...
        ValueError: domain is a box with 1 intervals but the space has dimension 2
    """
    n = _as_dim(n)
    if domain is None:
        return None
    if isinstance(domain, ExactPolyhedron):
        P = domain
    elif hasattr(domain, "inequalities_list") and hasattr(domain, "ambient_dim"):
        P = ExactPolyhedron.from_sage(domain)
    elif isinstance(domain, (str, bytes)):
        raise TypeError(f"domain must be a box [(lo, hi), ...] or a polyhedron, got {domain!r}")
    else:
        try:
            k = len(domain)
        except TypeError:
            raise TypeError("domain must be a box [(lo, hi), ...] or a polyhedron, "
                            f"got {type(domain).__name__}") from None
        if k != n:
            raise ValueError(f"domain is a box with {k} intervals but the space has dimension {n}")
        return box(domain)
    if P.ambient_dim != n:
        raise ValueError(f"domain lives in dimension {P.ambient_dim} but the space has dimension {n}")
    return P
