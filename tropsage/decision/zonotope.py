r"""
Zonotopes in polynomial time, and Minkowski sums.

A zonotope is a Minkowski sum of segments ``Z = sum_l [0, g_l]``. Adding the
segments one by one (as Sage's ``polytopes.zonotope`` does) or taking the hull of
all ``2^L`` subset sums is exponential or close to it. Here both representations
are read off the *generator matroid* directly (Zaslavsky / the zonotope--arrangement
duality), in time polynomial in ``L`` for fixed dimension:

- after merging parallel generators (``[0, 2g] + [0, -g] = -g + [0, 3g]``) and
  dropping zero ones, and working in coordinates of the span ``V`` of the
  generators (``r = dim V``), every hyperplane ``H = u^perp`` of ``V`` spanned by
  generators gives the two facets ``{x : <u, x> = sum_l max(0, <u, g_l>)}`` and
  ``{x : <u, x> = sum_l min(0, <u, g_l>)}``, and there are no other facets;
- the facet in direction ``u`` is ``sum_{<u, g> > 0} g + Z(generators in H)``,
  a zonotope of dimension ``r - 1`` (a parallelepiped when ``H`` contains only
  ``r - 1`` generators), and every vertex lies on a facet, so the vertices are
  found by recursion on the facets;
- equivalently, vertices are the regions of the central arrangement
  ``{g_l^perp}``: the vertex of the region with sign vector ``s`` is
  ``sum_{s_l > 0} g_l``. For generic generators there are
  ``2 sum_{i<r} C(L-1, i)`` of them, and ``2 C(L, r-1)`` facets.

Everything is integer arithmetic (numpy ``int64`` while it cannot overflow,
Python ints beyond); the result is a Sage ``Polyhedron`` over ``QQ`` built from
both representations at once, so Sage does no double description.
"""

from fractions import Fraction
from itertools import combinations
from math import factorial

import numpy as np

import sage.all__sagemath_polyhedra  # noqa: F401  (must precede deeper sage imports)
from sage.geometry.polyhedron.parent import Polyhedra
from sage.rings.rational_field import QQ
from sage.matrix.constructor import matrix

from tropsage._exact import (INT64_SAFE, as_fraction_matrix, as_fraction_vector, lcm, primitive,
                             primitive_rows)

__all__ = ["zonotope", "minkowski_sum"]


def zonotope(generators, center=None, shift=None, backend="field"):
    r"""
    The zonotope ``sum_l [0, g_l]`` (or centred at ``center``) as an exact Sage
    ``Polyhedron`` over ``QQ``, built in polynomial time.

    INPUT:

    - ``generators`` -- the vectors ``g_1, ..., g_L`` as the rows of a matrix
      (nested lists, numpy array, Sage matrix, torch tensor; entries int,
      Fraction, float (taken exactly), str such as ``"1/3"``, Sage rationals).
      Zero, parallel and linearly dependent generators are allowed. An empty
      generator list needs ``center`` or ``shift`` to fix the dimension.
    - ``center`` -- optional point: return the zonotope *centred* at it,
      ``center + sum_l [-g_l/2, g_l/2]`` (every zonotope is centrally symmetric).
    - ``shift`` -- optional vector: return ``shift + sum_l [0, g_l]``.
      At most one of ``center`` and ``shift`` may be given.
    - ``backend`` -- Sage polyhedron backend. The default ``"field"`` takes
      the precomputed vertices, inequalities and (for full-dimensional
      zonotopes) vertex-facet incidences as they are; ``"ppl"`` makes Sage
      recompute one representation from the other, a convex hull that costs
      seconds for a few thousand vertices. Convert later with
      ``Polyhedron(Z.vertices_list(), backend="ppl")`` if PPL-backed operations
      are wanted.

    OUTPUT: a Sage ``Polyhedron`` over ``QQ`` (of dimension the rank of the
    generators), with minimal V- and H-representations.

    ALGORITHM: facets from the hyperplanes spanned by generators, vertices by
    recursion on facets (see the module documentation); ``O(L^(r-1))``
    hyperplanes and ``O(L^r)`` work in dimension ``r``, against ``2^L`` subset
    sums.

    EXAMPLES:

    The cube, and a hexagon from three generators in the plane::

        >>> from tropsage.decision import zonotope
        >>> zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).f_vector()
        (1, 8, 12, 6, 1)
        >>> Z = zonotope([[1, 0], [0, 1], [1, 1]])
        >>> sorted(tuple(v) for v in Z.vertices_list())
        [(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2)]

    Generic generators in ``R^3`` give ``2 (1 + (L-1) + C(L-1, 2))`` vertices::

        >>> G = [[1, i, i**2] for i in range(12)]
        >>> zonotope(G).n_vertices()
        134

    Degenerate input: zero and parallel generators, a lower-dimensional span,
    rational entries, and a centre::

        >>> Z = zonotope([[1, 1, 0], [0, 0, 0], [-2, -2, 0], ["1/2", 0, 0]], center=[0, 0, 5])
        >>> Z.dim(), Z.n_vertices(), Z.center()
        (2, 4, (0, 0, 5))
        >>> sorted(tuple(v) for v in Z.vertices_list())
        [(-7/4, -3/2, 5), (-5/4, -3/2, 5), (5/4, 3/2, 5), (7/4, 3/2, 5)]
        >>> zonotope([], shift=[1, 2]).vertices_list()
        [[1, 2]]

    Bad input::

        >>> zonotope([[1, 2], [3]])
        Traceback (most recent call last):
        ...
        ValueError: generators is ragged (rows of different lengths)
        >>> zonotope([[1, 2]], center=[0, 0, 0])
        Traceback (most recent call last):
        ...
        ValueError: center has length 3 but the generators live in QQ^2
    """
    G, n = _generator_matrix(generators, center, shift)
    point = None
    if center is not None:
        if shift is not None:
            raise ValueError("give at most one of center and shift")
        point, where = as_fraction_vector(center, "center"), "center"
    elif shift is not None:
        point, where = as_fraction_vector(shift, "shift"), "shift"
    if point is not None and len(point) != n:
        raise ValueError(f"{where} has length {len(point)} but the generators live in QQ^{n}")

    # One common denominator D for everything: work with D * (input) in integers.
    D = 1
    for row in G:
        for q in row:
            D = lcm(D, q.denominator)
    for q in point or ():
        D = lcm(D, q.denominator)
    gens = [[int(q * D) for q in row] for row in G]
    # 2 * D when centring, so that g/2 stays integral
    if center is not None:
        gens = [[2 * a for a in row] for row in gens]
        offset = [int(2 * D * q) for q in point]
        D = 2 * D
        for row in gens:  # center - sum g/2, in units of 1/D
            for i, a in enumerate(row):
                offset[i] -= a // 2
    elif shift is not None:
        offset = [int(D * q) for q in point]
    else:
        offset = [0] * n
    merged, offset = _merge_parallel(gens, offset)
    verts, ieqs, eqns, facets = _representations(merged, offset, n, D)
    parent = Polyhedra(QQ, n, backend=backend)
    Z = parent.element_class(parent, [verts, [], []], [ieqs, eqns],
                             Vrep_minimal=True, Hrep_minimal=True)
    if facets is not None and not eqns and backend == "field":
        # Sage would derive the face lattice from a slack matrix computed entry by
        # entry in Python (minutes for a few thousand vertices); the vertex-facet
        # incidences are known here, in the order of the representations above.
        # (Sage's list-of-facets constructor fails when vertex names are given,
        # so the bit representations are passed directly; that path does not
        # count equations, hence full-dimensional zonotopes only.)
        from sage.geometry.polyhedron.combinatorial_polyhedron.base import CombinatorialPolyhedron
        from sage.geometry.polyhedron.combinatorial_polyhedron.conversions import (
            facets_tuple_to_bit_rep_of_Vrep, facets_tuple_to_bit_rep_of_facets)
        tup = tuple(tuple(f) for f in facets)
        bits = (facets_tuple_to_bit_rep_of_facets(tup, len(verts)),
                facets_tuple_to_bit_rep_of_Vrep(tup, len(verts)))
        Z.combinatorial_polyhedron.set_cache(CombinatorialPolyhedron(
            bits, Vrep=Z.Vrepresentation(), facets=Z.Hrepresentation()))
    return Z


def minkowski_sum(*polytopes):
    r"""
    Minkowski sum ``P_1 + ... + P_k`` of polyhedra, through Sage.

    INPUT:

    - ``polytopes`` -- Sage polyhedra, or lists of points (each taken as the
      convex hull of its points), all in the same ambient dimension.

    OUTPUT: a Sage ``Polyhedron`` over ``QQ``.

    EXAMPLES::

        >>> from tropsage.decision import minkowski_sum, zonotope
        >>> P = minkowski_sum([[0, 0], [1, 0]], [[0, 0], [0, 1]], [[0, 0], [1, 1]])
        >>> P == zonotope([[1, 0], [0, 1], [1, 1]])
        True
        >>> minkowski_sum([[0, 0]], [[0, 0, 1]])
        Traceback (most recent call last):
        ...
        ValueError: minkowski_sum: summand 2 lives in dimension 3, summand 1 in dimension 2
    """
    if not polytopes:
        raise ValueError("minkowski_sum needs at least one polytope")
    from sage.geometry.polyhedron.constructor import Polyhedron
    from sage.geometry.abc import Polyhedron as PolyhedronABC
    parts = []
    for i, P in enumerate(polytopes, 1):
        if not isinstance(P, PolyhedronABC):
            rows = as_fraction_matrix(P, f"minkowski_sum summand {i}")
            if not rows:
                raise ValueError(f"minkowski_sum: summand {i} has no points")
            P = Polyhedron(vertices=[[QQ((q.numerator, q.denominator)) for q in r] for r in rows],
                           base_ring=QQ)
        if parts and P.ambient_dim() != parts[0].ambient_dim():
            raise ValueError(f"minkowski_sum: summand {i} lives in dimension {P.ambient_dim()}, "
                             f"summand 1 in dimension {parts[0].ambient_dim()}")
        parts.append(P)
    total = parts[0]
    for P in parts[1:]:
        total = total.minkowski_sum(P)
    return total


# ---------------------------------------------------------------------------
# input and preprocessing


def _generator_matrix(generators, center, shift):
    """Rows of Fractions and the ambient dimension."""
    if hasattr(generators, "nrows") and hasattr(generators, "ncols"):  # Sage matrix
        n = int(generators.ncols())
        rows = [[Fraction(int(q.numerator()), int(q.denominator())) for q in r]
                for r in generators.rows()]
        return rows, n
    shape = getattr(generators, "shape", None)
    rows = as_fraction_matrix(generators, "generators") if len(generators) else []
    if rows:
        return rows, len(rows[0])
    if shape is not None and len(shape) == 2 and shape[1] > 0:
        return [], int(shape[1])
    other = center if center is not None else shift
    if other is None:
        raise ValueError("no generators: give center or shift to fix the dimension")
    return [], len(other)


def _primitive(v):
    """``(primitive vector with first nonzero entry > 0, signed multiplier)`` for ``v != 0``."""
    p = primitive(v)
    i = next(k for k, a in enumerate(p) if a)
    g = int(v[i]) // p[i]
    if p[i] < 0:
        return tuple(-a for a in p), -g
    return p, g


def _merge_parallel(gens, offset):
    """
    Drop zero generators and merge parallel ones: ``sum [0, l_i d]`` over multiples
    ``l_i`` of one primitive ``d`` is ``(sum_{l_i<0} l_i) d + [0, (sum |l_i|) d]``.
    Returns the merged integer generators and the updated integer offset.
    """
    lines = {}
    offset = list(offset)
    for v in gens:
        if not any(v):
            continue
        d, lam = _primitive(v)
        pos, neg = lines.get(d, (0, 0))
        if lam > 0:
            pos += lam
        else:
            neg += lam
        lines[d] = (pos, neg)
    merged = []
    for d, (pos, neg) in lines.items():
        merged.append([(pos - neg) * a for a in d])
        if neg:
            for i, a in enumerate(d):
                offset[i] += neg * a
    return merged, offset


# ---------------------------------------------------------------------------
# the two representations


def _representations(merged, offset, n, D):
    """
    Sage-ready vertex list, inequalities and equations of ``offset + sum [0, g]``
    (everything divided by ``D``) for pairwise non-parallel nonzero ``merged``.
    """
    def point(int_row):
        return [QQ((int(a), D)) for a in int_row]

    if not merged:
        verts = [point(offset)]
        eqns = [[-QQ((offset[i], D))] + [1 if j == i else 0 for j in range(n)] for i in range(n)]
        return verts, [], eqns, None

    M = matrix(QQ, merged)
    pivots = list(M.pivots())
    r = len(pivots)
    eqns = []
    for w in M.right_kernel_matrix(basis="computed").rows():
        den = 1
        for q in w:
            den = lcm(den, int(q.denominator()))
        wi = [int(q * den) for q in w]
        c = sum(a * b for a, b in zip(wi, offset))
        eqns.append([-QQ((c, D))] + wi)

    Gfull = _int_array(merged)
    Gp = Gfull[:, pivots]
    off = np.array(offset, dtype=object)

    if r == 1:
        verts_int = [np.zeros(n, dtype=object), Gfull[0].astype(object)]
        U = np.ones((1, 1), dtype=object)
        facets = [[1], [0]] if Gp[0, 0] > 0 else [[0], [1]]
    else:
        U, verts_int, facets = _facets_and_vertices(Gp, Gfull, with_facets=True)

    verts = [point(off + v) for v in verts_int]
    ieqs = []
    S = (Gp.astype(object) @ U.T.astype(object)) if Gp.dtype == object or U.dtype == object \
        else Gp @ U.T
    hi = np.where(S > 0, S, 0).sum(axis=0)
    lo = np.where(S < 0, S, 0).sum(axis=0)
    for h in range(U.shape[0]):
        ufull = [0] * n
        for k, p in enumerate(pivots):
            ufull[p] = int(U[h, k])
        c = sum(a * b for a, b in zip(ufull, offset))
        # D * <u, x> - c lies in [lo, hi]
        ieqs.append([int(hi[h]) + c] + [-D * a for a in ufull])
        ieqs.append([-int(lo[h]) - c] + [D * a for a in ufull])
    return verts, ieqs, eqns, facets


def _int_array(rows):
    arr = np.array(rows, dtype=object)
    if arr.size and max(abs(int(a)) for a in arr.flat) < INT64_SAFE:
        return arr.astype(np.int64)
    return arr


def _facets_and_vertices(Gp, Gfull, with_facets=False):
    """
    For ``Gp`` (``m x r``, rank ``r >= 2``, pairwise non-parallel rows) return the
    primitive normals ``U`` (``H x r``, one per hyperplane spanned by rows) and the
    vertices of ``sum [0, Gfull_i]`` as integer rows (subset sums of ``Gfull``);
    with ``with_facets``, also the vertex indices of the facets, in the order
    ``(u_0 max side, u_0 min side, u_1 max side, ...)``.
    """
    m, r = Gp.shape
    U = _hyperplane_normals(Gp)
    big = (Gp.dtype == object or U.dtype == object or Gfull.dtype == object
           or 2 * m * max(abs(int(a)) for a in Gfull.flat) >= INT64_SAFE)
    S = Gp.astype(object) @ U.T.astype(object) if big else Gp @ U.T      # m x H
    pos, neg, zero = S > 0, S < 0, S == 0
    if big:
        Gf = Gfull.astype(object)
        base_pos = pos.T.astype(object) @ Gf
        base_neg = neg.T.astype(object) @ Gf
    else:
        base_pos = pos.T.astype(np.int64) @ Gfull                        # H x n
        base_neg = neg.T.astype(np.int64) @ Gfull
    count = zero.sum(axis=0)
    H, n = U.shape[0], Gfull.shape[1]
    generic = np.flatnonzero(count == r - 1)
    chunks, ids = [], []      # candidate vertex rows, and the facet (2h or 2h+1) of each
    if generic.size:
        # facets that are parallelepipeds: base + all subset sums of r-1 generators
        inplane = np.nonzero(zero[:, generic].T)[1].reshape(generic.size, r - 1)
        cube = np.array([[(b >> i) & 1 for i in range(r - 1)] for b in range(1 << (r - 1))],
                        dtype=object if big else np.int64)                # 2^(r-1) x (r-1)
        F = Gfull[inplane]                                                # Hg x (r-1) x n
        if big:
            F = F.astype(object)
            sums = np.array([[c @ F[h] for c in cube] for h in range(generic.size)], dtype=object)
        else:
            sums = np.einsum("sk,hkn->hsn", cube, F)
        for side, base in enumerate((base_pos[generic], base_neg[generic])):
            chunks.append((base[:, None, :] + sums).reshape(-1, n))
            ids.append(np.repeat(2 * generic + side, len(cube)))
    for h in np.flatnonzero(count > r - 1):
        idx = np.flatnonzero(zero[:, h])
        # the face zonotope lives in u^perp; dropping a coordinate where u is
        # nonzero is injective there. Non-parallel generators keep r - 1 >= 2
        # here: in a line (r - 1 = 1) there would be only one generator.
        k = int(np.flatnonzero(U[h])[0])
        face = _facets_and_vertices(np.delete(Gp[idx], k, axis=1), Gfull[idx])[1]
        for side, base in enumerate((base_pos[h], base_neg[h])):
            chunks.append(base + face)
            ids.append(np.full(len(face), 2 * h + side))
    allv = np.concatenate([np.asarray(c) for c in chunks], axis=0)
    if allv.dtype == object:
        index = {}
        inv = np.array([index.setdefault(tuple(int(a) for a in row), len(index)) for row in allv])
        verts = np.array(list(index), dtype=object).reshape(-1, n)
    else:
        verts, inv = np.unique(allv, axis=0, return_inverse=True)
        inv = inv.reshape(-1)
    if not with_facets:
        return U, verts
    fid = np.concatenate(ids)
    order = np.argsort(fid, kind="stable")
    bounds = np.searchsorted(fid[order], np.arange(2 * H + 1))
    facets = [inv[order[bounds[f]:bounds[f + 1]]].tolist() for f in range(2 * H)]
    return U, verts, facets


def _hyperplane_normals(Gp):
    """Distinct primitive normals (first nonzero entry > 0) of the hyperplanes
    spanned by ``r - 1`` rows of the rank-``r`` integer matrix ``Gp``."""
    m, r = Gp.shape
    s = r - 1
    combos = np.array(list(combinations(range(m), s)), dtype=np.intp)
    bound = max(abs(int(a)) for a in Gp.flat)
    big = Gp.dtype == object or factorial(s) * bound ** s * (r * bound * m + 1) >= INT64_SAFE
    A = Gp.astype(object) if big else Gp
    rows = A[combos]                                                       # K x s x r
    U = np.empty((len(combos), r), dtype=object if big else np.int64)
    for k in range(r):
        minor = np.delete(rows, k, axis=2)
        U[:, k] = (-1) ** k * _det(minor)
    U = U[np.any(U != 0, axis=1)]
    U = primitive_rows(U)
    if big:
        seen = {}
        for u in U.tolist():
            if next(a for a in u if a) < 0:
                u = [-a for a in u]
            seen.setdefault(tuple(u), None)
        return np.array(list(seen), dtype=object).reshape(-1, r)
    lead = U[np.arange(len(U)), np.argmax(U != 0, axis=1)]
    U = U * np.sign(lead)[:, None]
    return np.unique(U, axis=0)


def _det(M):
    """Exact determinants of a stack ``K x s x s`` of integer matrices."""
    s = M.shape[1]
    if s == 1:
        return M[:, 0, 0]
    if s == 2:
        return M[:, 0, 0] * M[:, 1, 1] - M[:, 0, 1] * M[:, 1, 0]
    if s <= 5:
        total = 0
        for j in range(s):
            minor = np.delete(M[:, 1:, :], j, axis=2)
            total = total + (-1) ** j * M[:, 0, j] * _det(minor)
        return total
    from tropsage.polyhedra.linalg import det
    return np.array([det([[int(x) for x in row] for row in mat]) for mat in M], dtype=M.dtype)
