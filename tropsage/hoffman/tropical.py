r"""
Tropical Hoffman constants and the minimal effective radius ([L] §3).

**Hoffman constant of a polynomial** (Definition 19). For
``f = max_i (c_i + <a_i, x>)`` the region of monomial ``i`` is ``A_i x <= beta_i``
with the rows ``a_j - a_i`` (``j != i``) and ``beta_i = (c_i - c_j)_j``;
``H(f) = max_i H(A_i)``.

**Rational function** ``h = f ⊘ g`` (Definition 20): with ``B_j`` the matrices of
``g``, ``H(h) = max_{i,j} H([A_i; B_j])``. **Rational map** (several outputs, e.g.
a network): the cells are those of the common refinement of every numerator and
denominator, and the matrix of a cell stacks the matrices of its factors.

Which monomials and cells, ``pruned=``:

- ``pruned=False``: the expression *as written*:
  every monomial of a polynomial, every pair ``(i, j)`` of ``f ⊘ g`` (every tuple for
  a map). ``max(0, x - 1, 2x)`` has ``H = 1``: the redundant monomial ``x - 1`` has
  the matrix ``[[-1], [1]]``.
- ``pruned=True`` (the default): the irredundant monomials, and for ``f ⊘ g`` and maps only the
  full-dimensional cells (Algorithm 4, :func:`tropsage.regions.tropical.refinement_cells`),
  with matrices built from the pruned expressions: the constant that matters for
  the regions. ``max(0, x - 1, 2x)`` prunes to ``max(0, 2x)``, ``H = 1/2``. The
  expression as written can be much slower: for a 2-8-8-1 network every tuple of
  monomials is a cell (minutes instead of seconds).

Networks are tropicalized with pruning after every layer
(:func:`tropsage.nn.tropicalize`, ``prune=True``), so their expression is already
irredundant; ``pruned`` then only selects the cells.

Each cell matrix is reduced before its constant is computed: zero rows are never in
a surjective set and equal rows give the same ``A_J^T v``, so both are dropped;
equal matrices are computed once. ``method="auto"`` uses the chamber method
(:mod:`tropsage.hoffman.chambers`) in dimension ``n <= 2`` and for ``n >= 3`` when a
matrix has at least 18 rows, PVZ otherwise.

**Minimal effective radius** ``r(x) = min{r : B_r(x) meets every linear region}``
(``B_r`` the closed ball of the norm). As regions are open, ``B_r(x)`` meets the
closure of every region exactly when ``r >= max_R dist(x, R)``, so
``r(x) = max_R dist(x, R)``; a region is a union of convex pieces, and the distance
to it is the least distance to a piece, one exact LP each (``linf``: minimize ``t``
with ``-t <= y - x <= t``; ``l1``: minimize the sum of ``|y - x|``).
:func:`effective_radius` returns it with the bounds of [L]:

- Lemma 21, per cell: ``r(x) <= max_C H(A_C) ||(A_C x - beta_C)_+||_inf``;
- Proposition 22: ``r(x) <= H(h) max(f(x) - f̌(x), g(x) - ǧ(x))`` with the
  min-conjugate ``f̌(x) = min_i (c_i + <a_i, x>)`` (for a map, the maximum over all
  numerators and denominators; for a polynomial ``H(f)(f(x) - f̌(x))``).

Both are valid for ``pruned=True`` and ``False``: each linear region contains a
full-dimensional cell, and the residual of ``x`` to the cell of monomials
``(i, j)`` is ``max(f(x) - f_i(x), g(x) - g_j(x)) <= max(f(x) - f̌(x), g(x) - ǧ(x))``.
The constant is measured as ``H`` with ``norms = (norm, "linf")``.

EXAMPLES::

    >>> from tropsage import TropicalPuiseuxSemiring
    >>> from tropsage.hoffman.tropical import tropical_hoffman_constant, effective_radius
    >>> x, = TropicalPuiseuxSemiring(1).gens()
    >>> f = 0 + (-1)*x + x**2                  # max(0, x - 1, 2x)
    >>> tropical_hoffman_constant(f, pruned=False), tropical_hoffman_constant(f)
    (1, 1/2)
    >>> r = effective_radius(f, [5])
    >>> r.value, r.bound, r.hoffman, r.residual
    (5, 5, 1/2, 10)
"""

from fractions import Fraction
from itertools import product
import math

from tropsage._exact import as_fraction_vector, qq
from tropsage.hoffman.norms import names as _norm_names, norm as _norm

METHODS = ("auto", "chambers", "pvz", "brute")
# the effective radius's ball: every polyhedral norm (its distance is one LP), linf first
RADIUS_NORMS = tuple(sorted((n for n in _norm_names() if _norm(n).polyhedral), key=lambda n: n != "linf"))
_CHAMBER_ROWS = 18   # n >= 3: chambers beat PVZ from 16-20 rows (bench/hoffman_tropical.py)


# --------------------------------------------------------------------------- objects

def _tropical_form(obj):
    """
    ``(kind, tropical object)``: a network tropicalized, a map of one output its
    function; kind as :func:`tropsage.puiseux.tropical_kind`.
    """
    from tropsage.puiseux import TropicalRationalMap, as_tropical, is_tropical, tropical_kind
    if is_tropical(obj):
        t = as_tropical(obj)
    else:
        from tropsage.nn import tropicalize
        try:
            t = tropicalize(obj, prune=True)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"expected a tropical polynomial, rational function or map, or a "
                            f"network: {exc}") from None
    if isinstance(t, TropicalRationalMap) and len(t) == 1:
        t = t[0]
    return tropical_kind(t), t


class _Factor:
    """The max-form rows ``D (a_i, c_i)`` of one polynomial of a ``TropicalFactors``."""

    def __init__(self, G, n):
        self.G = [[int(v) for v in row] for row in G.tolist()]
        self.n = n

    def __len__(self):
        return len(self.G)

    def matrix_rows(self, i):
        ai = self.G[i][:self.n]
        return [tuple(a - b for a, b in zip(row[:self.n], ai))
                for k, row in enumerate(self.G) if k != i]

    def values(self, X, DX):
        """``D * DX * value`` of every monomial (max form) at the point ``X / DX``."""
        return [sum(a * x for a, x in zip(row[:self.n], X)) + row[self.n] * DX
                for row in self.G]


def _cells(kind, obj, pruned):
    """``(factors, D, cells)``: cells are index tuples into the factors."""
    from tropsage.puiseux import TropicalFactors
    tf = TropicalFactors(obj, prune=pruned)
    factors = [_Factor(G, tf.n) for G in tf.max_rows]
    if kind == "polynomial":
        cells = [(i,) for i in range(len(factors[0]))]
    elif pruned:
        from tropsage.regions.tropical import refinement_cells
        cells = [t for t, _ in refinement_cells(obj)]
    else:
        cells = list(product(*[range(len(f)) for f in factors]))
    return factors, tf.D, cells


def _cell_matrix(factors, cell):
    rows = set()
    for f, i in zip(factors, cell):
        rows.update(r for r in f.matrix_rows(i) if any(r))
    return tuple(sorted(rows))


def _choose(method, m, n):
    if method == "auto":
        return "chambers" if n <= 2 or m >= _CHAMBER_ROWS else "pvz"
    return method


def _cell_constant(N, D, pair, method, n, cache, counter):
    """Exact ``H(N / D)`` (``N`` a tuple of distinct non-zero integer rows)."""
    key = N
    if key in cache:
        return cache[key]
    from .chambers import _chamber_constant
    from .matrix import _Problem, _exact_constant, _l2_constant
    if not N:
        res = (qq(0), ())
    else:
        P = _Problem([list(r) for r in N], D, pair)
        how = _choose(method, len(N), n)
        if pair == ("l2", "l2"):
            r = _l2_constant(P, "pvz" if how == "chambers" else how)
        elif how == "chambers":
            r = _chamber_constant(P)
        else:
            r = _exact_constant(P, how)
        counter[0] += r.lps
        res = (r.value, r.J)
    cache[key] = res
    return res


# --------------------------------------------------------------------------- results

class TropicalHoffmanResult:
    """
    The Hoffman constant of a tropical object with its certificate.

    Attributes:

    - ``value`` -- the constant (``QQ``; a ``float`` for ``("l2", "l2")``).
    - ``cell`` -- the index tuple (monomial of each numerator/denominator, in the
      expression used: pruned or as written) whose matrix attains ``value``.
    - ``matrix`` -- that cell's reduced matrix (distinct non-zero rows, ``QQ``).
    - ``J`` -- a maximizing surjective row set of ``matrix``.
    - ``cells`` -- number of cells, ``matrices`` -- distinct matrices computed,
      ``lps`` -- LPs solved; ``norms``, ``pruned``, ``method``.
    - ``per_cell`` -- dict cell -> constant.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.hoffman.tropical import tropical_hoffman_constant
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> r = tropical_hoffman_constant(0 + (-1)*x + x**2, pruned=False, certificate=True)
        >>> type(r).__name__, r.value, r.cells
        ('TropicalHoffmanResult', 1, 3)
    """

    def __init__(self, value, cell, matrix, J, cells, matrices, lps, norms, pruned, method,
                 per_cell):
        self.value, self.cell, self.matrix, self.J = value, cell, matrix, J
        self.cells, self.matrices, self.lps = cells, matrices, lps
        self.norms, self.pruned, self.method, self.per_cell = norms, pruned, method, per_cell

    def __repr__(self):
        return (f"TropicalHoffmanResult(value={self.value}, cell={self.cell}, "
                f"cells={self.cells}, pruned={self.pruned}, norms={self.norms}, lps={self.lps})")


def _check_method(method):
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")


def _hoffman(kind, obj, norms, method, pruned):
    from .matrix import _norm_pair
    pair = _norm_pair(norms)
    _check_method(method)
    if pair == ("l2", "l2") and method == "chambers":
        raise ValueError("the chamber method is exact for the polyhedral norms only; "
                         "use method='pvz' for ('l2', 'l2')")
    factors, D, cells = _cells(kind, obj, bool(pruned))
    n = factors[0].n
    cache, counter = {}, [0]
    per_cell = {}
    best = None
    for cell in cells:
        N = _cell_matrix(factors, cell)
        value, J = _cell_constant(N, D, pair, method, n, cache, counter)
        per_cell[cell] = value
        if best is None or value > best[0]:
            best = (value, cell, N, J)
    value, cell, N, J = best
    matrix = tuple(tuple(qq(v, D) for v in row) for row in N)
    return TropicalHoffmanResult(value, cell, matrix, J, len(cells), len(cache), counter[0],
                                 pair, bool(pruned), method, per_cell), factors, D


def tropical_hoffman_constant(obj, norms=("linf", "linf"), method="auto", pruned=True,
                              certificate=False):
    r"""
    The Hoffman constant of a tropical polynomial, rational function, rational map or
    network (Definitions 19 and 20 of [L]; see the module doc).

    INPUT:

    - ``obj`` -- a tropical polynomial, rational function or map, or a network
      (anything :func:`tropsage.tropicalize` accepts).
    - ``norms`` -- ``(X, Y)`` as in :func:`tropsage.hoffman.hoffman_constant`.
    - ``method`` -- ``"auto"``, ``"chambers"``, ``"pvz"`` or ``"brute"``: how each cell's
      matrix constant is computed (all exact and equal).
    - ``pruned`` -- ``True`` (default): irredundant monomials and full-dimensional
      cells only; ``False``: the expression as written (every monomial, every pair).
    - ``certificate`` -- return a :class:`TropicalHoffmanResult`.

    OUTPUT: an exact ``QQ`` (a float for ``("l2", "l2")``), or the result object.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.hoffman.tropical import tropical_hoffman_constant
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> f = 0 + (-1)*x + x**2                  # max(0, x - 1, 2x)
        >>> r = tropical_hoffman_constant(f, pruned=False, certificate=True)
        >>> r.value, r.cell, r.matrix, r.per_cell
        (1, (0,), ((1,), (2,)), {(0,): 1, (1,): 1, (2,): 1})
        >>> tropical_hoffman_constant(f, method="brute")
        1/2
        >>> x, y = TropicalPuiseuxSemiring(2).gens()
        >>> tropical_hoffman_constant((x + y + 0) / (x + 0), pruned=False), tropical_hoffman_constant((x + y + 0) / (x + 0))
        (2, 2)
        >>> tropical_hoffman_constant([([[1, 0], [0, 1]], [0, -1]), ([[1, 1]], [0])])
        1
    """
    kind, t = _tropical_form(obj)
    res, _, _ = _hoffman(kind, t, norms, method, pruned)
    return res if certificate else res.value


# --------------------------------------------------------------------------- radius

class EffectiveRadius:
    """
    The exact minimal effective radius at a point and the bounds of [L].

    Attributes (exact ``QQ``):

    - ``value`` -- ``r(x) = max over linear regions of dist(x, region)``.
    - ``region`` -- index (in ``regions``) of a farthest region; ``nearest`` -- a point
      of its closure at distance ``value`` from ``x``.
    - ``distances`` -- the distance to every region, in the order of ``regions``.
    - ``bound`` -- Proposition 22 (Lemma 21 for a polynomial):
      ``hoffman * residual``; ``None`` when computed with ``bounds=False``.
    - ``cell_bound`` -- the per-cell form ``max_C H(A_C) ||(A_C x - beta_C)_+||_inf``
      (never larger than ``bound``).
    - ``hoffman`` -- the tropical Hoffman constant used, ``norms = (norm, "linf")``;
      ``residual`` -- ``max(f(x) - f̌(x), g(x) - ǧ(x))`` (over every numerator and
      denominator of a map).
    - ``point``, ``norm``, ``pruned``, ``regions`` (the :class:`~tropsage.regions.RegionList`),
      ``lps`` -- the LPs solved for the distances.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.hoffman.tropical import effective_radius
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> r = effective_radius(0 + (-1)*x + x**2, [5])
        >>> type(r).__name__, r.value, r.bound
        ('EffectiveRadius', 5, 5)
    """

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def __repr__(self):
        b = "" if self.bound is None else \
            f", bound={self.bound} (Prop. 22: H={self.hoffman} x residual={self.residual}), " \
            f"cell_bound={self.cell_bound}"
        return (f"EffectiveRadius(value={self.value}, norm={self.norm!r}, "
                f"regions={len(self.distances)}{b})")


def _point(point, n):
    x = as_fraction_vector(point, "point")
    if len(x) != n:
        raise ValueError(f"point has {len(x)} coordinates, the function has {n} variables")
    DX = 1
    for v in x:
        DX = math.lcm(DX, v.denominator)
    return x, [int(v * DX) for v in x], DX


def _fraction(q):
    return Fraction(int(q.numerator()), int(q.denominator()))


def _distance(P, X, DX, norm):
    """Exact distance from ``X / DX`` to the polyhedron ``P``: ``(distance, nearest, lps)``."""
    from tropsage.polyhedra.lp import _IntLP
    n = len(X)
    H = P.inequality_rows().tolist()
    E = P.equation_rows().tolist()
    # x inside: distance 0, no LP
    if all(sum(a * x for a, x in zip(r[1:], X)) <= r[0] * DX for r in H) and \
            all(sum(a * x for a, x in zip(r[1:], X)) == r[0] * DX for r in E):
        return Fraction(0), [Fraction(v, DX) for v in X], 0
    # y = x + z: constraints a.z <= b - a.x, scaled by DX to integers; the norm's own
    # LP block bounds ||z|| by the objective
    naux, nrows, nrhs, cost = _norm(norm).epigraph(
        [[int(i == k) for i in range(n)] for k in range(n)], n)
    width = n + naux
    rows, rhs, eq = [], [], []
    for block, is_eq in ((H, False), (E, True)):
        for r in block:
            a = [int(v) for v in r[1:]]
            rows.append([v * DX for v in a] + [0] * naux)
            rhs.append(int(r[0]) * DX - sum(v * x for v, x in zip(a, X)))
            eq.append(is_eq)
    rows += nrows
    rhs += nrhs
    eq += [False] * len(nrows)
    lo = [None] * n + [Fraction(0)] * naux
    hi = [None] * width
    c = [Fraction(0)] * n + [Fraction(v) for v in cost]
    res = _IntLP(width, rows, rhs, eq, lo, hi, c).solve("auto")
    if res.status != "optimal":  # pragma: no cover - pieces are non-empty
        raise RuntimeError(f"distance LP ended {res.status}")
    return res._value, [Fraction(x, DX) + z for x, z in zip(X, res._x[:n])], 1


def effective_radius(obj, point, norm="linf", pruned=True, method="auto", bounds=True,
                     regions=None):
    r"""
    The exact minimal effective radius of ``obj`` at ``point``, with the Hoffman
    bounds of Lemma 21 / Proposition 22 of [L] (see the module doc).

    INPUT:

    - ``obj`` -- a tropical polynomial, rational function or map, or a network.
    - ``point`` -- a rational point (ints, Fractions, strings ``"1/3"``, floats read
      exactly).
    - ``norm`` -- ``"linf"`` (default, the norm of [L]'s Proposition 22) or ``"l1"``:
      the ball and the distances.
    - ``pruned`` -- which tropical Hoffman constant the bounds use (see
      :func:`tropical_hoffman_constant`); the exact radius does not depend on it.
    - ``method`` -- for the Hoffman constants.
    - ``bounds`` -- ``False`` skips the Hoffman constant (only the exact radius).
    - ``regions`` -- the linear regions, if already computed (a list of
      :class:`~tropsage.regions.Region`); default: Algorithm 4 on the tropical form.

    OUTPUT: an :class:`EffectiveRadius` (``.value`` is the radius).

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.hoffman.tropical import effective_radius
        >>> x, y = TropicalPuiseuxSemiring(2).gens()
        >>> r = effective_radius(x + y + 0, [2, "1/2"])
        >>> r.value, r.nearest, r.bound, r.cell_bound
        (2, (0, 0), 2, 2)
        >>> effective_radius(x + y + 0, [2, "1/2"], norm="l1").value
        5/2
        >>> h = (x + y + x*y) / (x + x*y**2)
        >>> r = effective_radius(h, [1, 1]); r.value <= r.cell_bound <= r.bound
        True
        >>> effective_radius(x + y, [1])
        Traceback (most recent call last):
        ...
        ValueError: point has 1 coordinates, the function has 2 variables
    """
    if norm not in RADIUS_NORMS:
        raise ValueError(f"norm must be one of {RADIUS_NORMS}, got {norm!r}")
    kind, t = _tropical_form(obj)
    n = t.nvariables()
    x, X, DX = _point(point, n)
    if regions is None:
        regions = t.linear_regions()
    lps = 0
    dists, nearest = [], []
    for R in regions:
        best = None
        for P in R.pieces:
            d, y, k = _distance(P, X, DX, norm)
            lps += k
            if best is None or d < best[0]:
                best = (d, y)
            if d == 0:
                break
        dists.append(best[0])
        nearest.append(best[1])
    far = max(range(len(dists)), key=lambda i: dists[i])
    out = dict(value=qq(dists[far]), region=far, nearest=tuple(qq(v) for v in nearest[far]),
               distances=[qq(d) for d in dists], point=tuple(qq(v) for v in x), norm=norm,
               pruned=bool(pruned), regions=regions, lps=lps, bound=None, cell_bound=None,
               hoffman=None, residual=None, hoffman_result=None)
    if bounds:
        res, factors, D = _hoffman(kind, t, (norm, "linf"), method, pruned)
        # monomial values at x, times D * DX (integers)
        vals = [f.values(X, DX) for f in factors]
        scale = D * DX
        residual = Fraction(max(max(v) - min(v) for v in vals), scale)
        cell_bound = max(_fraction(res.per_cell[c])
                         * Fraction(max(max(v) - v[i] for v, i in zip(vals, c)), scale)
                         for c in res.per_cell)
        out.update(hoffman=res.value, residual=qq(residual),
                   bound=res.value * qq(residual), cell_bound=qq(cell_bound),
                   hoffman_result=res)
    return EffectiveRadius(**out)
