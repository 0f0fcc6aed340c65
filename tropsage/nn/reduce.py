r"""
Input-dimension reduction: a network factors through its first affine layer.

The first layer of a network computes ``W x + b`` with ``W`` of size ``k x n``; it
sees the input only through ``W x``. With ``r = rank(W)`` and ``P`` an ``r x n``
matrix of rank ``r`` whose rows span the row space of ``W``, there is a ``k x r``
matrix ``C`` with ``W = C P``, and

.. MATH::

    N(x) = N_P(P x), \qquad N_P(y) = \dots \sigma(C y + b) \dots

where ``N_P`` is the *reduced network* on ``Q^r``: the same layers, with first
weight matrix ``C``. Every neuron of ``N`` is the same function of ``P x`` as the
neuron of ``N_P`` at ``y = P x``, so the activation regions of ``N`` are exactly the
preimages (cylinders ``{x : P x in R}``) of those of ``N_P``, with the same patterns;
a region's affine map ``y -> g . y + c`` becomes ``x -> (g P) . x + c``; and a
tropical monomial ``c + <a, y>`` becomes ``c + <P^T a, x>`` (an injective map of
exponents, which keeps irredundant monomials irredundant). A ``784 -> 16`` layer
leaves 16 variables instead of 784.

``P`` is made of ``r`` linearly independent rows of ``W`` (the first ones, from the
reduced row echelon form of ``W^T``), so ``C`` holds the identity on those rows and,
on the others, their coordinates in that basis: when ``W`` has full row rank the
reduced first layer is ``y -> y + b``, whose hyperplanes are coordinate hyperplanes.
Points are lifted by the minimum-norm preimage ``x = P^T (P P^T)^{-1} y`` (any
preimage would do: the cylinder over an open set is open). All linear algebra is
exact, in FLINT's ``fmpq_mat`` through python-flint (the same library Sage uses; on
a ``16 x 784`` float32 matrix its RREF takes 0.03 s against 5 s for a Python
``Fraction`` elimination).

When ``r = n`` there is nothing to gain and the reduction is the identity. A zero
first layer (``r = 0``) is reduced to one variable (``P = e_1``, ``C = 0``), so the
reduced network always has an input.

EXAMPLES::

    >>> from tropsage.nn import as_network
    >>> from tropsage.nn.reduce import first_layer_reduction
    >>> net = as_network([([[1, 2, 3], [2, 4, 6]], [0, -1]), ([[1, -1]], [0])])
    >>> red = first_layer_reduction(net)
    >>> red
    FirstLayerReduction: Network 3 -> 2 (relu) -> 1 (identity) reduced to 1 input
    >>> red.rank, red.P, red.network.layers[0].W
    (1, [1 2 3], [[Fraction(1, 1)], [Fraction(2, 1)]])
    >>> x = [1, -1, "1/2"]
    >>> net(x) == red.network(red.project(x))
    True
    >>> red.lift_point([14])
    (1, 2, 3)
    >>> red.lift_map([5], 7)
    ((5, 10, 15), 7)
"""

import hashlib
import math
from fractions import Fraction

import numpy as np

from .._exact import INT64_SAFE, absmax, as_fraction_vector, int_array, primitive, qq, shrink
from .network import accepts_activations


def _flint():
    import flint
    return flint


def _fmpq_mat(rows, nrows, ncols):
    flint = _flint()
    return flint.fmpq_mat(nrows, ncols, [flint.fmpq(q.numerator, q.denominator)
                                         for row in rows for q in row])


def _fractions(M):
    """Rows of an ``fmpq_mat`` as lists of Fractions."""
    return [[Fraction(int(v.p), int(v.q)) for v in row] for row in M.tolist()]


def _common(rows):
    """``(N, d)``: rows of Fractions as one integer matrix (object ints) over ``d > 0``."""
    d = 1
    for row in rows:
        for q in row:
            d = d * q.denominator // math.gcd(d, q.denominator)
    N = np.array([[q.numerator * (d // q.denominator) for q in row] for row in rows],
                 dtype=object)
    return N, d


class FirstLayerReduction:
    r"""
    The factorisation ``W_1 = C P`` of a network's first weight matrix, and the maps
    between the input space ``Q^n`` and the reduced space ``Q^r``.

    Made by :func:`first_layer_reduction`; see :mod:`tropsage.nn.reduce`.

    ATTRIBUTES:

    - ``original`` -- the network, a :class:`~tropsage.nn.Network` on ``Q^n``.
    - ``network`` -- the reduced network on ``Q^r`` (``original`` itself when the
      reduction is the identity).
    - ``rank`` -- the rank of the first weight matrix.
    - ``input_dim``, ``reduced_dim`` -- ``n`` and ``r`` (``max(rank, 1)``, or ``n``).
    - ``basis_rows`` -- indices of the rows of ``W_1`` that make up ``P``.
    - ``is_identity`` -- ``True`` when nothing is reduced (``r = n``).

    EXAMPLES::

        >>> from tropsage.nn import random_network
        >>> from tropsage.nn.reduce import first_layer_reduction
        >>> red = first_layer_reduction(random_network([6, 2, 1], seed=3))
        >>> red.input_dim, red.reduced_dim, red.is_identity, red.basis_rows
        (6, 2, False, (0, 1))
        >>> first_layer_reduction(random_network([2, 3, 1])).is_identity
        True
    """

    def __init__(self, net, basis_rows, P, C, rank):
        self.original = net
        self.rank = rank
        self.input_dim = n = net.input_dim
        self.basis_rows = tuple(basis_rows)
        self.is_identity = P is None
        if self.is_identity:
            self.reduced_dim = n
            self.network = net
            return
        from .network import Layer, Network
        r = self.reduced_dim = len(P)
        first = net.layers[0]
        layers = [Layer([list(c) for c in C], list(first.b), first.activation)] + list(net.layers[1:])
        self.network = Network(layers, dict(net.info, reduced_from=n))
        self._P = P                                   # r x n Fractions
        self._Pn, self._pd = _common(P)               # P = Pn / pd
        self._pmax = absmax(self._Pn)
        self._P64 = self._Pflint = None
        flint = _flint()
        Pm = _fmpq_mat(P, r, n)
        Q = Pm.transpose() * (Pm * Pm.transpose()).inv()     # minimum-norm right inverse
        self._Qn, self._qd = _common(_fractions(Q))  # n x r: x = Qn y / qd
        self._C = C

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_Pflint", None)              # FLINT matrices are rebuilt on demand
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        if not self.is_identity:
            self._Pflint = None

    def __repr__(self):
        if self.is_identity:
            return f"FirstLayerReduction: {self.original!r} (identity, rank {self.rank})"
        return (f"FirstLayerReduction: {self.original!r} reduced to {self.reduced_dim} "
                f"input{'s' if self.reduced_dim != 1 else ''}")

    # -- matrices, as Sage sees them -----------------------------------------

    @property
    def P(self):
        """
        The ``r x n`` basis matrix over ``QQ`` (the identity when nothing is reduced).

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[1, 1, 0], [2, 2, 0]], [0, 1]), ([[1, 1]], [0])])
            >>> red.P
            [1 1 0]
            >>> first_layer_reduction([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]).P
            [1 0]
            [0 1]
        """
        from sage.matrix.constructor import matrix
        from sage.rings.rational_field import QQ
        if self.is_identity:
            from sage.matrix.special import identity_matrix
            return identity_matrix(QQ, self.input_dim)
        return matrix(QQ, [[qq(v) for v in row] for row in self._P])

    @property
    def C(self):
        """
        The ``k x r`` matrix with ``W_1 = C P`` over ``QQ``.

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[1, 1, 0], [2, 2, 0]], [0, 1]), ([[1, 1]], [0])])
            >>> red.C
            [1]
            [2]
            >>> red.C * red.P                     # the first weight matrix
            [1 1 0]
            [2 2 0]
        """
        from sage.matrix.constructor import matrix
        from sage.rings.rational_field import QQ
        if self.is_identity:
            return matrix(QQ, [[qq(v) for v in row] for row in self.original.layers[0].W])
        return matrix(QQ, [[qq(v) for v in row] for row in self._C])

    def fingerprint(self):
        """
        Text identifying ``P`` (for checkpoint files of reduced enumerations): a
        sha256 of its exact entries, or ``"identity"``.

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> a = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])
            >>> b = first_layer_reduction([([[1, 1, 0]], [5]), ([[3]], [0])])      # the same P
            >>> c = first_layer_reduction([([[1, 0, 1]], [0]), ([[1]], [0])])
            >>> a.fingerprint() == b.fingerprint() != c.fingerprint(), len(a.fingerprint())
            (True, 64)
            >>> first_layer_reduction([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]).fingerprint()
            'identity'
        """
        if self.is_identity:
            return "identity"
        h = hashlib.sha256(repr((self._Pn.tolist(), self._pd)).encode())
        return h.hexdigest()

    # -- maps ------------------------------------------------------------------

    def project(self, x):
        """
        ``P x`` for an input point ``x``, as a tuple of ``QQ``.

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])
            >>> red.project([1, 2, 3])
            (3,)
        """
        v = as_fraction_vector(x, "point")
        if len(v) != self.input_dim:
            raise ValueError(f"point has {len(v)} coordinates, the network takes {self.input_dim}")
        if self.is_identity:
            return tuple(qq(t) for t in v)
        return tuple(qq(sum((p * t for p, t in zip(row, v)), Fraction(0))) for row in self._P)

    def lift_point(self, y):
        """
        A point ``x`` of ``Q^n`` with ``P x = y`` (the one of least Euclidean norm), as a
        tuple of ``QQ``. An interior point of a reduced region lifts to an interior
        point of its cylinder.

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])
            >>> red.lift_point([3])
            (3/2, 3/2, 0)
        """
        v = as_fraction_vector(y, "point")
        if len(v) != self.reduced_dim:
            raise ValueError(f"point has {len(v)} coordinates, the reduced space has "
                             f"dimension {self.reduced_dim}")
        D = math.lcm(*[t.denominator for t in v]) if v else 1
        X, Dx = self._lift_point_int(tuple(int(t * D) for t in v), D)
        return tuple(qq(a, Dx) for a in X)

    def _lift_point_int(self, Y, D):
        """``(X, Dx)`` with ``X / Dx`` the lift of ``Y / D`` (integer tuples, ``Dx > 0``)."""
        if self.is_identity:
            return tuple(Y), D
        Yv = np.array([int(v) for v in Y], dtype=object)
        X = self._Qn.dot(Yv)
        Dx = self._qd * int(D)
        g = math.gcd(Dx, *[int(v) for v in X])
        return tuple(int(v) // g for v in X), Dx // g

    def lift_rows(self, rows):
        """
        Constraint rows ``[b | a]`` (``a . y <= b``) of the reduced space as integer
        rows ``[b' | a']`` of the input space with ``a' . x <= b'`` iff
        ``a . (P x) <= b`` (each row primitive): the cylinder over the polyhedron.

        INPUT: an integer (numpy or nested list) matrix with ``r + 1`` columns, or rows
        of rationals.

        OUTPUT: a numpy integer matrix with ``n + 1`` columns (``int64`` when it fits).

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[2, 2, 0]], [0]), ([[1]], [0])])
            >>> red.lift_rows([[1, 1]]).tolist()        # y <= 1  with  y = 2 x1 + 2 x2
            [[1, 2, 2, 0]]
        """
        r = self.reduced_dim
        R = np.array(rows, dtype=object)
        if R.size == 0:
            return int_array([], self.input_dim + 1)
        if R.ndim != 2 or R.shape[1] != r + 1:
            raise ValueError(f"rows must have {r + 1} columns [b | a] in the reduced space, "
                             f"got shape {R.shape}")
        if any(not isinstance(v, (int, np.integer)) for v in R.flat):
            from .._exact import as_fraction_matrix
            F = as_fraction_matrix(R.tolist(), "rows")
            R = np.array([[q.numerator * (math.lcm(*[t.denominator for t in f]) // q.denominator)
                           for q in f] for f in F], dtype=object)
        return self._lift_rows_int(R)

    def _lift_rows_int(self, R):
        R = np.asarray(R, dtype=object)
        if self.is_identity:
            return int_array([primitive(row) for row in R.tolist()], self.input_dim + 1)
        A = self._times_P(R[:, 1:])
        out = [primitive([int(b) * self._pd] + [int(v) for v in a]) for b, a in zip(R[:, 0], A.tolist())]
        return int_array(out, self.input_dim + 1)

    def lift_map(self, gradient, constant):
        """
        The affine map ``y -> g . y + c`` of the reduced space as ``x -> (g P) . x + c``:
        returns ``(g P, c)`` as ``QQ`` (rows of them for a vector-valued map, with
        ``c`` a sequence).

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[1, 1, 0], [0, 0, 1]], [0, 0]), ([[1, 1]], [0])])
            >>> red.lift_map([[1, 0], [0, 2]], [0, 1])
            (((1, 1, 0), (0, 0, 2)), (0, 1))
        """
        g = list(gradient)
        if g and not _is_number(g[0]):
            rows = [self._lift_gradient(as_fraction_vector(row, f"gradient[{i}]"))
                    for i, row in enumerate(g)]
            return tuple(tuple(qq(v) for v in row) for row in rows), \
                tuple(qq(v) for v in as_fraction_vector(constant, "constant"))
        row = self._lift_gradient(as_fraction_vector(g, "gradient"))
        from .._exact import as_fraction
        return tuple(qq(v) for v in row), qq(as_fraction(constant, "constant"))

    def _lift_gradient(self, g):
        if len(g) != self.reduced_dim:
            raise ValueError(f"the gradient has {len(g)} entries, the reduced space has "
                             f"dimension {self.reduced_dim}")
        if self.is_identity:
            return list(g)
        return [sum((a * p[j] for a, p in zip(g, self._P)), Fraction(0))
                for j in range(self.input_dim)]

    def _lift_map_int(self, T, tden):
        """Output rows ``[h | g]`` over ``tden`` (reduced) -> ``[h * pd | g Pn]`` over ``tden * pd``."""
        T = np.asarray(T, dtype=object)
        if self.is_identity:
            return T, tden
        out = np.empty((T.shape[0], self.input_dim + 1), dtype=object)
        out[:, 0] = T[:, 0] * self._pd
        out[:, 1:] = self._times_P(T[:, 1:])
        return out, tden * self._pd

    def lift_exponents(self, M, d):
        """
        Integer exponent/coefficient rows ``d (a_i, c_i)`` of a tropical polynomial in
        the reduced variables as rows ``d' (P^T a_i, c_i)`` in the input variables:
        returns ``(M', d')`` (with the common factor of the entries and ``d'`` removed).

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[1, 2, 0]], [0]), ([[1]], [0])])    # y = x1 + 2 x2
            >>> M, d = red.lift_exponents([[2, 3], [0, 1]], 2)    # y^(2/2) + 3/2, 0 + 1/2
            >>> M.tolist(), d
            ([[2, 4, 0, 3], [0, 0, 0, 1]], 2)
        """
        if self.is_identity:
            return M, d
        r, n = self.reduced_dim, self.input_dim
        M = np.asarray(M)
        out = np.empty((M.shape[0], n + 1), dtype=object)
        out[:, :n] = self._times_P(M[:, :r])
        out[:, n] = M[:, r].astype(object) * self._pd
        d = d * self._pd
        # one vectorised gcd, so that the canonical form need not scan every entry
        g = math.gcd(d, int(np.gcd.reduce(out.ravel()))) if out.size else d
        if g > 1:
            out //= g
            d //= g
        return shrink(out), d

    def _times_P(self, A):
        """``A Pn`` exactly for an integer matrix ``A`` with ``r`` columns."""
        A = np.asarray(A)
        if not A.size:
            return np.zeros((A.shape[0], self.input_dim), dtype=object)
        bound = absmax(A) * self._pmax * self.reduced_dim
        if bound < INT64_SAFE and self._pmax < INT64_SAFE:
            if self._P64 is None:
                self._P64 = self._Pn.astype(np.int64)
            return A.astype(np.int64) @ self._P64
        # big integers: FLINT's fmpz_mat product instead of numpy's object loop
        flint = _flint()
        if self._Pflint is None:
            self._Pflint = flint.fmpz_mat(self._Pn.tolist())
        prod = flint.fmpz_mat([[int(v) for v in row] for row in A.tolist()]) * self._Pflint
        return np.array([[int(v) for v in row] for row in prod.tolist()], dtype=object)

    def cylinders_adjacent(self, rows1, rows2, domain_filter=None):
        r"""
        Whether the closed cylinders over two cells of the reduced space (integer
        rows ``[b | a]``), intersected with the domain of ``domain_filter`` if given,
        meet in a set of dimension at least ``n - 1`` (as
        :meth:`~tropsage.polyhedra.ExactPolyhedron.facet_adjacent` on the lifted
        pieces, without any polyhedron of ``Q^n`` having to be converted).

        The closures of the cells meet in ``Q`` (PPL in ``Q^r``); ``dim Q >= r - 1``
        is necessary and, without a domain, sufficient. With a domain, ``Q`` spans a
        hyperplane ``h . y = c``; its cylinder meets the domain in an ``(n-1)``-dimensional
        set iff the system restricted to ``(h P) . x = c`` (one coordinate eliminated)
        is full-dimensional in ``Q^{n-1}``, decided exactly.

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> from tropsage.nn.domain_filter import DomainFilter
            >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])
            >>> left, right = [[0, 1]], [[0, -1]]                  # y <= 0, y >= 0
            >>> red.cylinders_adjacent(left, right)
            True
            >>> far = [[-5, -1]]                                   # y >= 5
            >>> red.cylinders_adjacent(left, far)
            False
            >>> cube = DomainFilter(red, [(0, 1), (0, 1), (0, 1)])   # y = x1 + x2 in [0, 2]
            >>> red.cylinders_adjacent([[1, 1]], [[-1, -1]], cube)     # at y = 1
            True
            >>> red.cylinders_adjacent(left, right, cube)              # y = 0: only a corner
            False
        """
        from tropsage.polyhedra import ExactPolyhedron
        r, n = self.reduced_dim, self.input_dim
        R = np.array([list(row) for row in rows1] + [list(row) for row in rows2],
                     dtype=object).reshape(-1, r + 1)
        Q = ExactPolyhedron.from_integer_rows(shrink(R), n=r)
        if Q.is_full_dimensional():
            return True
        if Q.dim() < r - 1:
            return False
        if domain_filter is None:
            return True
        hull = Q.affine_hull()
        (h, c), = hull
        den = math.lcm(*[int(v.denominator()) for v in list(h) + [c]])
        hy = [int(v * den) for v in h]
        cy = int(c * den)
        e = self._times_P(np.array([hy], dtype=object))[0].tolist() if not self.is_identity else hy
        c = cy * (self._pd if not self.is_identity else 1)
        j = max(range(n), key=lambda i: abs(e[i]))
        ej = e[j]
        H = np.vstack([self._lift_rows_int(R).astype(object), domain_filter.rows.astype(object)])
        # x_j = (c - sum_{i != j} e_i x_i) / e_j, substituted and scaled by |e_j|
        A = H[:, 1:]
        aj = A[:, j].copy()
        E = np.array(e, dtype=object)
        A2 = A * ej - np.outer(aj, E)
        b2 = H[:, 0] * ej - aj * c
        if ej < 0:
            A2, b2 = -A2, -b2
        keep = [i for i in range(n) if i != j]
        H2 = np.empty((H.shape[0], n), dtype=object)
        H2[:, 0] = b2
        H2[:, 1:] = A2[:, keep]
        return ExactPolyhedron.from_integer_rows(shrink(H2), n=n - 1).is_full_dimensional()

    # -- domains -----------------------------------------------------------------

    def outer_image(self, domain):
        r"""
        A polyhedron of the reduced space containing ``P(domain)``: the slab
        ``min_D c.(P x) <= c.y <= max_D c.(P x)`` for every coordinate direction and
        every row direction of ``C`` (exact support values: closed form on a box, an
        exact LP otherwise; unbounded directions are left open). ``None`` when it has
        no side at all.

        The image of a box itself is a zonotope with up to ``2 binom(n, r - 1)``
        facets (``10^{12}`` for ``n = 784``, ``r = 6``), far too many to enumerate
        in; this outer polyhedron has at most ``2 (r + k)`` sides, and regions that
        meet it but not the domain are removed afterwards by an exact test.

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
            >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])
            >>> red.outer_image([(0, 1), (-1, 1), (5, 9)]).inequality_rows().tolist()
            [[1, -1], [2, 1]]
        """
        from tropsage.polyhedra import ExactPolyhedron, as_domain
        n, r = self.input_dim, self.reduced_dim
        D = as_domain(domain, n)
        if D is None or self.is_identity:
            return D
        dirs = set()
        for i in range(r):
            e = [0] * r
            e[i] = 1
            dirs.add(tuple(e))
        Cn, _ = _common(self._C)
        for row in Cn.tolist():
            if any(row):
                dirs.add(primitive(row))
        dirs = sorted(dirs)
        box = box_bounds(D)
        rows = []
        for c in dirs:
            v = np.array(c, dtype=object).dot(self._Pn)       # pd * c P
            for sign in (1, -1):
                w = [sign * int(t) for t in v]
                h = _support(D, box, w)                        # max of w . x on D
                if h is None:
                    continue
                # sign * c . y <= h / pd
                rows.append(primitive([h.numerator] + [sign * t * self._pd * h.denominator for t in c]))
        if not rows:
            return None
        return ExactPolyhedron.from_integer_rows(int_array(sorted(set(rows)), r + 1), n=r)


def _is_number(v):
    from .._exact import as_fraction
    try:
        as_fraction(v)
    except (TypeError, ValueError):
        return False
    return True


def box_bounds(D):
    """
    ``[(lo, hi), ...]`` (Fractions, ``None`` for an open side) when the polyhedron
    ``D`` is given as a box (every inequality bounds one coordinate, no equations),
    else ``None``.

    EXAMPLES::

        >>> from tropsage.polyhedra import box, ExactPolyhedron
        >>> from tropsage.nn.reduce import box_bounds
        >>> box_bounds(box([(0, "1/2"), (-1, None)]))
        [(Fraction(0, 1), Fraction(1, 2)), (Fraction(-1, 1), None)]
        >>> print(box_bounds(ExactPolyhedron([[1, 1]], [1])))
        None
    """
    if D.equation_rows().shape[0]:
        return None
    n = D.ambient_dim
    lo, hi = [None] * n, [None] * n
    for row in D.inequality_rows().tolist():
        nz = [j for j, v in enumerate(row[1:]) if v]
        if not nz:
            continue
        if len(nz) != 1:
            return None
        j = nz[0]
        a = int(row[1 + j])
        t = Fraction(int(row[0]), a)
        if a > 0:
            hi[j] = t if hi[j] is None else min(hi[j], t)
        else:
            lo[j] = t if lo[j] is None else max(lo[j], t)
    return list(zip(lo, hi))


def _box_max(box, w):
    """``max {w . x : x in box}`` exactly (bounds ``None`` are infinite), or ``None``."""
    total = Fraction(0)
    for (lo, hi), a in zip(box, w):
        if a > 0:
            if hi is None:
                return None
            total += a * hi
        elif a < 0:
            if lo is None:
                return None
            total += a * lo
    return total


def _support(D, box, w):
    """``max {w . x : x in D}`` exactly, or ``None`` when unbounded (``w`` integers)."""
    if box is not None:
        return _box_max(box, w)
    from tropsage.polyhedra.lp import solve_lp
    H, E = D.inequality_rows(), D.equation_rows()
    res = solve_lp(w, A_ub=H[:, 1:].tolist() or None, b_ub=H[:, 0].tolist() or None,
                   A_eq=E[:, 1:].tolist() or None, b_eq=E[:, 0].tolist() or None,
                   bounds=(None, None), maximize=True)
    if res.status != "optimal":
        return None
    v = res.value
    return Fraction(int(v.numerator()), int(v.denominator()))


@accepts_activations
def first_layer_reduction(net):
    r"""
    The factorisation of ``net`` through its first affine layer (see
    :mod:`tropsage.nn.reduce`).

    INPUT:

    - ``net`` -- anything :func:`tropsage.nn.as_network` reads.

    OUTPUT: a :class:`FirstLayerReduction`; its ``network`` is the reduced network
    on ``Q^r``, or the network itself when the first weight matrix has rank ``n``.

    EXAMPLES::

        >>> from tropsage.nn.reduce import first_layer_reduction
        >>> red = first_layer_reduction([([[0, 0, 0], [0, 0, 0]], [1, -1]), ([[1, 1]], [0])])
        >>> red.rank, red.reduced_dim, red.network.layers[0].W
        (0, 1, [[Fraction(0, 1)], [Fraction(0, 1)]])
        >>> red.network([5]), red.original([1, 2, 3])
        ((1,), (1,))
    """
    from .network import as_network
    net = as_network(net)
    W = net.layers[0].W
    k, n = len(W), net.input_dim
    from tropsage.polyhedra.linalg import rref
    # rows of W^T are the columns of W: pivot columns of rref(W^T) = independent rows of W
    Rf, basis = rref([[W[i][j] for i in range(k)] for j in range(n)], k)
    rank = len(basis)
    if max(rank, 1) >= n:
        return FirstLayerReduction(net, range(n) if rank == n else (), None, None, rank)
    if rank == 0:
        P = [[Fraction(int(j == 0)) for j in range(n)]]
        C = [[Fraction(0)] for _ in range(k)]
        return FirstLayerReduction(net, (), P, C, 0)
    # W^T = W^T[:, basis] R: row i of W is sum_t R[t, i] W[basis[t]]
    C = [[Rf[t][i] for t in range(rank)] for i in range(k)]
    P = [list(W[i]) for i in basis]
    return FirstLayerReduction(net, basis, P, C, rank)
