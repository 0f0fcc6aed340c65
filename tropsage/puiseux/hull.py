r"""
Redundant monomials ([L], Algorithm 6 / Lemma 32), exactly, two ways.

For ``f = max_i (c_i + <a_i, x>)`` with pairwise distinct exponents, monomial ``i`` can
be removed without changing the function iff its region
``P_i = {x : (a_j - a_i) . x <= c_i - c_j  for all j != i}`` is not full-dimensional,
iff the lifted point ``(a_i, c_i)`` is not a vertex of
``conv{(a_j, c_j)} + cone(-e_{n+1})`` (the downward ray makes every point below the
upper hull redundant at once). Both tests are implemented:

- ``"hull"`` (:func:`upper_hull_mask`): one exact convex hull of the lifted points.
  Small inputs go straight to PPL. PPL's conversion grows about quadratically with
  the number of *redundant* generators (40,000 lifted points in ``QQ^3`` take minutes),
  so larger inputs first run Qhull (:class:`scipy.spatial.ConvexHull`, floating point)
  to propose the points on upper facets; PPL then computes the exact hull of those
  candidates only, and every other point is checked **exactly** (integer arithmetic)
  against the exact facets of that hull. A point that violates a facet is added to
  the candidates and the step is repeated, so a float mistake can only cost time.
- ``"lp"`` (:func:`lp_irredundant_mask`): one full-dimensionality question per
  monomial on ``P_i`` (an :class:`~tropsage.polyhedra.ExactPolyhedron` from integer
  rows), answered by the certified batched float prefilter with the exact fallback.

``"auto"`` picks by measurement (``bench/pruning.py``): the hull in one and two
variables and for small inputs, the LPs otherwise (see ``HULL_MAX_NVARS``).

Input is the integer matrix ``M`` of rows ``d * (a_i, c_i)`` of
:meth:`~tropsage.puiseux.semiring.TropicalPuiseuxPolynomial.integer_data` (in *max*
form: min-plus callers negate ``M``); the answer does not depend on ``d``.

EXAMPLES::

    >>> import numpy as np
    >>> from tropsage.puiseux.hull import irredundant_mask
    >>> M = np.array([[0, 0], [1, 0], [2, 0]])            # max(0, x, 2x)
    >>> irredundant_mask(M, method="hull"), irredundant_mask(M, method="lp")
    (array([ True, False,  True]), array([ True, False,  True]))
"""

import numpy as np

from .._exact import INT64_SAFE, absmax, widen

METHODS = ("auto", "hull", "lp")

# Up to this many lifted points PPL's hull is computed directly (measured: a few ms
# for 200 points in QQ^3/QQ^4; the Qhull round trip costs more than it saves below).
PPL_DIRECT_MAX = 150
# "auto" uses the hull up to this number of variables, or for at most
# HULL_MAX_POINTS monomials, and the LPs otherwise. Measured (bench/pruning.py and
# spot checks, seconds, hull vs lp): n=2, k=2000: 3.3 vs 7.9; n=3, k=300: 0.39 vs
# 0.30; n=3, k=2000: 33 vs 8.2; n=4, k=300: 7.5 vs 0.34. PPL's exact hull grows
# about quadratically with its vertex count from QQ^4 on, the LPs about linearly.
HULL_MAX_NVARS = 2
HULL_MAX_POINTS = 200


def _check(M):
    M = np.asarray(M)
    if M.ndim != 2 or M.shape[1] < 1:
        raise ValueError(f"M must be a 2-d integer matrix with at least one column, got shape {M.shape}")
    if M.dtype.kind not in "iuO":
        raise TypeError(f"M must be an integer matrix, got dtype {M.dtype}")
    return M.astype(np.int64) if M.dtype.kind == "u" else M


def irredundant_mask(M, d=1, method="auto", backend="auto"):
    """
    Boolean mask of the irredundant rows of ``M`` (rows ``d * (a_i, c_i)`` with
    pairwise distinct exponents, max form).

    INPUT:

    - ``M`` -- integer matrix of shape ``(k, n + 1)``.
    - ``d`` -- the common denominator (irrelevant to the answer; accepted for symmetry).
    - ``method`` -- ``"hull"``, ``"lp"`` or ``"auto"`` (see the module doc).
    - ``backend`` -- polyhedral backend for ``"lp"`` (see :mod:`tropsage.polyhedra`).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux.hull import irredundant_mask
        >>> irredundant_mask(np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]]))   # max(0, x, y)
        array([ True,  True,  True])
        >>> irredundant_mask(np.array([[0, 0]]), method="simplex")
        Traceback (most recent call last):
        ...
        ValueError: unknown pruning method 'simplex'; expected one of ('auto', 'hull', 'lp')
    """
    if method not in METHODS:
        raise ValueError(f"unknown pruning method {method!r}; expected one of {METHODS}")
    M = _check(M)
    if method == "auto":
        small = M.shape[1] - 1 <= HULL_MAX_NVARS or M.shape[0] <= HULL_MAX_POINTS
        method = "hull" if small else "lp"
    if method == "hull":
        return upper_hull_mask(M, d)
    return lp_irredundant_mask(M, d, backend=backend)


# ---------------------------------------------------------------------------
# the upper hull

def upper_hull_mask(M, d=1, float_candidates=None):
    """
    Boolean mask of the rows of ``M / d`` that are vertices of the upper hull
    ``conv{rows} + cone(-e_last)``; of equal rows at most the first is marked.

    INPUT:

    - ``M`` -- integer matrix, one lifted point per row.
    - ``d`` -- common denominator (does not change the answer).
    - ``float_candidates`` -- ``True``/``False`` forces/forbids the Qhull candidate
      step; ``None`` (default) uses it above ``PPL_DIRECT_MAX`` points.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux.hull import upper_hull_mask
        >>> upper_hull_mask(np.array([[0, 0], [1, 0], [2, 0]]), 1)   # max(0, x, 2x)
        array([ True, False,  True])
        >>> rng = np.random.default_rng(1)
        >>> P = rng.integers(-50, 50, size=(400, 3))
        >>> bool((upper_hull_mask(P, float_candidates=True) == upper_hull_mask(P, float_candidates=False)).all())
        True
    """
    M = _check(M)
    k, m = M.shape
    if k <= 1:
        return np.ones(k, dtype=bool)
    if m == 1:  # only coefficients: the largest wins
        mask = np.zeros(k, dtype=bool)
        mask[int(np.argmax(M[:, 0]))] = True
        return mask
    if float_candidates is None:
        float_candidates = k > PPL_DIRECT_MAX
    cand = _qhull_candidates(M) if float_candidates else None
    if cand is None:
        return _ppl_upper_vertices(M, np.arange(k))[0]
    while True:
        mask, cons = _ppl_upper_vertices(M, cand)
        rest = np.setdiff1d(np.arange(k), cand, assume_unique=True)
        bad = _violators(M[rest], cons)
        if not bad.size:
            return mask
        cand = np.union1d(cand, rest[bad])


def _ppl_upper_vertices(M, rows):
    """
    Exact upper-hull vertices among ``M[rows]`` with PPL: ``(mask over all rows of M,
    minimized constraints as (E, K, is_eq))``, constraint ``E . p + K >= 0`` (or ``== 0``).
    """
    import ppl
    k, m = M.shape
    LE = ppl.Linear_Expression
    gs = ppl.Generator_System()
    sub = M[rows].tolist()
    for row in sub:
        gs.insert(ppl.point(LE(row, 0), 1))
    gs.insert(ppl.ray(-ppl.Variable(m - 1)))
    P = ppl.C_Polyhedron(gs)
    index = {}
    for r, row in zip(rows.tolist(), sub):
        index.setdefault(tuple(row), r)
    mask = np.zeros(k, dtype=bool)
    for g in P.minimized_generators():
        if g.is_point():
            div = int(g.divisor())
            key = tuple(int(c) // div for c in g.coefficients())
            mask[index[key]] = True
    E, K, EQ = [], [], []
    for c in P.minimized_constraints():
        E.append([int(v) for v in c.coefficients()])
        K.append(int(c.inhomogeneous_term()))
        EQ.append(c.is_equality())
    return mask, (E, K, EQ)


def _violators(X, cons):
    """Indices of the rows of ``X`` outside the polyhedron ``cons`` (exact integers)."""
    E, K, EQ = cons
    if not X.shape[0] or not E:
        return np.zeros(0, dtype=np.intp)
    bound = (max(absmax(np.array(E, dtype=object)), 1) * (absmax(X) + 1) * X.shape[1]
             + max(abs(v) for v in K))
    if bound < INT64_SAFE and X.dtype != object:
        S = X @ np.array(E, dtype=np.int64).T + np.array(K, dtype=np.int64)
    else:
        S = X.astype(object).dot(np.array(E, dtype=object).T) + np.array(K, dtype=object)
    EQ = np.array(EQ, dtype=bool)
    bad = np.any(S[:, ~EQ] < 0, axis=1)
    if EQ.any():
        bad |= np.any(S[:, EQ] != 0, axis=1)
    return np.flatnonzero(bad)


def _qhull_candidates(M):
    """
    Float proposal: indices of the points on (nearly) upper facets of Qhull's hull,
    or ``None`` when Qhull cannot help (then PPL runs on every point).
    """
    from scipy.spatial import ConvexHull
    from scipy.spatial import QhullError
    X = M.astype(float)
    X -= X.mean(axis=0)
    scale = np.abs(X).max(axis=0)
    scale[scale == 0] = 1.0
    X /= scale                         # positive scaling keeps "upper" upper
    if not np.all(np.isfinite(X)):
        return None
    try:
        hull = ConvexHull(X)
    except (QhullError, ValueError):
        try:
            hull = ConvexHull(X, qhull_options="QJ")   # flat input: joggle, exact step repairs
        except (QhullError, ValueError):
            return None
    up = hull.equations[:, -2] > -1e-9
    cand = np.unique(hull.simplices[up])
    if cand.size >= M.shape[0] // 2:
        return None
    return cand


# ---------------------------------------------------------------------------
# one LP per monomial

LP_CHUNK = 64
"""Monomial regions built and decided at once by :func:`lp_irredundant_mask` (bounds
memory: each region has ``k - 1`` rows)."""


def monomial_region_rows(W, i):
    """
    Integer rows ``[c_i - c_j | a_j - a_i]`` (``j != i``) of the region ``P_i`` of
    monomial ``i`` of ``W`` (max form), in the ``[b | a]`` convention of
    :class:`~tropsage.polyhedra.ExactPolyhedron`. ``W`` must be wide enough for the
    differences (see :func:`tropsage._exact.widen`).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra import ExactPolyhedron
        >>> from tropsage.puiseux.hull import monomial_region_rows
        >>> W = np.array([[0, 0], [1, 0], [2, -1]])        # max(0, x, 2x - 1)
        >>> H = monomial_region_rows(W, 1)                 # where x attains the max
        >>> H.tolist()
        [[0, -1], [1, 1]]
        >>> ExactPolyhedron.from_integer_rows(H).vertices()
        ((0,), (1,))
    """
    n = W.shape[1] - 1
    D = np.delete(W, i, axis=0) - W[i]
    H = np.empty_like(D)
    H[:, 0] = -D[:, n]
    H[:, 1:] = D[:, :n]
    return H


def lp_irredundant_mask(M, d=1, backend="auto", batch=16):
    """
    Boolean mask of the irredundant rows of ``M`` (max form, distinct exponents):
    row ``i`` is irredundant iff its region ``P_i`` is full-dimensional, decided by
    :func:`tropsage.polyhedra.are_full_dimensional` (certified batched float
    prefilter, exact fallback).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux.hull import lp_irredundant_mask
        >>> lp_irredundant_mask(np.array([[1, 0, 0], [0, 1, 0], [2, 2, 0], [1, 1, 0], [2, 0, 0], [0, 2, 0]]))
        array([ True,  True,  True, False,  True,  True])
    """
    from tropsage.polyhedra import ExactPolyhedron, are_full_dimensional
    M = _check(M)
    k, m = M.shape
    if k <= 1:
        return np.ones(k, dtype=bool)
    n = m - 1
    if n == 0:
        return upper_hull_mask(M, d)
    W = widen(M, 2 * absmax(M) + 1)
    mask = np.zeros(k, dtype=bool)
    for s in range(0, k, LP_CHUNK):
        idx = range(s, min(k, s + LP_CHUNK))
        polys = [ExactPolyhedron.from_integer_rows(monomial_region_rows(W, i), n=n) for i in idx]
        mask[s:s + len(polys)] = are_full_dimensional(polys, backend=backend, batch=batch)
    return mask
