r"""
Linear regions of tropical polynomials, rational functions and rational maps
([L], Algorithm 4), exactly.

**Polynomial** ``f = max_i (c_i + <a_i, x>)``: the regions are the full-dimensional
``P_i = {x : (a_j - a_i) . x <= c_i - c_j}``, i.e. one per irredundant monomial.

**Rational function** ``h = f ⊘ g``: ``h`` is affine on every cell
``C_ij = P_i ∩ Q_j``; full-dimensional cells are grouped by their affine map
(gradient *and* constant) and the linear regions are the connected components of
each group. ``connectivity="facet"`` (default) joins two cells of a group when their
closures share an ``(n-1)``-dimensional piece: this gives the maximal connected open
sets on which ``h`` is affine. ``connectivity="point"`` joins them when their closures
merely meet (the rule of Lezeau et al.), which can glue regions that touch only in a
lower-dimensional face -- e.g. the two opposite quadrants of ``max(0, x) + max(0, y) -
max(0, x + y)``-like constructions (see ``tests/test_regions.py``).

**Rational map** (several outputs): the common refinement of all the numerators'
and denominators' regions, grouped by the vector of affine maps.

How it is computed, and why it is fast:

1. numerators and denominators are pruned (:mod:`tropsage.puiseux.hull`);
2. the full-dimensional cells are found on the *Newton side* without any per-cell LP:
   ``P_i ∩ Q_j`` is full-dimensional iff the lifted point ``(a_i + b_j, c_i + d_j)``
   is a vertex of the upper hull of all such sums (``h``'s cells are the regions of
   the unmerged product ``f ⊙ g``, and a vertex of a Minkowski sum decomposes uniquely).
   Several polynomials are refined one at a time, pruning after each step, so the
   point sets stay as small as the refinement itself;
3. every region ``P_i`` is minimized once (PPL) to its facets, which also gives its
   facet neighbours; a cell is the stack of its factors' facet rows
   (:meth:`~tropsage.polyhedra.ExactPolyhedron.from_integer_rows`);
4. with a ``domain`` the cells are intersected with it and decided in batches by the
   certified float prefilter (:func:`tropsage.polyhedra.are_full_dimensional`);
5. adjacency is only tested between cells of the same group, and with
   ``"facet"`` only between cells whose factors are equal or facet neighbours (a
   shared facet lies in a shared facet of every factor): the exact test is then a
   small PPL dimension computation.

Within a ``domain``, the regions are those of the function restricted to the domain:
cells are intersected with it, only full-dimensional intersections are kept, and
connectivity is computed inside the domain (a non-convex region of ``R^n`` that the
domain cuts in two counts twice).

EXAMPLES::

    >>> from tropsage import TropicalPuiseuxSemiring
    >>> from tropsage.regions.tropical import linear_regions, count_linear_regions
    >>> x, = TropicalPuiseuxSemiring(1).gens()
    >>> h = (x**3 + 0) / (x + (-1)*x**2)             # max(3x, 0) ⊘ max(x, 2x − 1)
    >>> [R.map_str() for R in linear_regions(h)]
    ['-x', '2*x', 'x + 1']
    >>> count_linear_regions(h, domain=[(0, 5)])
    2
"""

import numpy as np

from tropsage._exact import DisjointSets, absmax, primitive, qq, widen

CONNECTIVITY = ("facet", "point")


# ---------------------------------------------------------------------------
# one pruned polynomial with its monomial regions

class _Factor:
    """
    The monomial regions of one pruned polynomial of a
    :class:`~tropsage.puiseux.TropicalFactors`: ``F`` its rows (which carry the affine
    maps), ``G`` the same in max form (for geometry). ``facets[i]`` are the integer
    ``[b | a]`` facet rows of ``P_i`` and ``neighbors[i]`` the set of monomials across
    those facets.
    """

    __slots__ = ("F", "G", "n", "_facets", "_neighbors")

    def __init__(self, F, G, n):
        self.F, self.G, self.n = F, G, n
        self._facets = None
        self._neighbors = None

    def __len__(self):
        return self.G.shape[0]

    def _minimize(self):
        from tropsage.polyhedra import ExactPolyhedron
        from tropsage.puiseux.hull import monomial_region_rows
        k, n = len(self), self.n
        facets, neighbors = [], []
        if k == 1:
            self._facets = [np.zeros((0, n + 1), dtype=np.int64)]
            self._neighbors = [frozenset()]
            return
        W = widen(self.G, 2 * absmax(self.G) + 1)
        for i in range(k):
            H = monomial_region_rows(W, i)
            keys = {primitive(r): (j if j < i else j + 1) for j, r in enumerate(H.tolist())}
            Pm = ExactPolyhedron.from_integer_rows(H, n=n).minimized()
            R = Pm.inequality_rows()
            if Pm.equation_rows().shape[0]:
                raise AssertionError("a region of an irredundant monomial is not full-dimensional")
            facets.append(R)
            neighbors.append(frozenset(keys[primitive(r)] for r in R.tolist()))
        self._facets, self._neighbors = facets, neighbors

    @property
    def facets(self):
        if self._facets is None:
            self._minimize()
        return self._facets

    @property
    def neighbors(self):
        if self._neighbors is None:
            self._minimize()
        return self._neighbors


def _factors(obj, method):
    """The object's pruned polynomials over one denominator: ``(TropicalFactors, factors)``."""
    from tropsage.puiseux import TropicalFactors
    tf = TropicalFactors(obj, prune=True, method=method)
    return tf, [_Factor(F, G, tf.n) for F, G in zip(tf.rows, tf.max_rows)]


def _refine(factors, method="auto"):
    """
    Index tuples of the full-dimensional cells of the common refinement of the
    factors' regions (see step 2 of the module doc), as an integer array
    ``(cells, len(factors))``.
    """
    S = factors[0].G
    idx = np.arange(len(factors[0]))[:, None]
    for f in factors[1:]:
        B = f.G
        m = S.shape[1]
        # every sum of rows is widened first (single-monomial factors too: near 2^62
        # an int64 sum would wrap and move a cell)
        bound = absmax(S) + absmax(B)
        A2, B2 = widen(S, bound), widen(B, bound)
        if A2.dtype != B2.dtype:
            A2, B2 = A2.astype(object), B2.astype(object)
        P = (A2[:, None, :] + B2[None, :, :]).reshape(-1, m)
        I = np.hstack([np.repeat(idx, B.shape[0], axis=0),
                       np.tile(np.arange(B.shape[0]), idx.shape[0])[:, None]])
        if B.shape[0] > 1 and S.shape[0] > 1:
            keep = _cell_mask(P, method)
            S, idx = P[keep], I[keep]
        else:
            S, idx = P, I       # a single monomial on either side refines nothing
    return idx


def _cell_mask(P, method):
    """
    Vertices of the upper hull of the lifted sums ``P``. Sums with one exponent but a
    lower coefficient, and sums that coincide (a vertex of a Minkowski sum has a
    unique decomposition, so they are never vertices), are dropped first: what is left
    has distinct exponents, as both pruning methods require.
    """
    from tropsage.puiseux.hull import irredundant_mask
    # the sums are many and mostly redundant: one LP per sum, each with all the other
    # sums as rows, is quadratic in memory, so "auto" means the hull here
    method = "hull" if method == "auto" else method
    best = {}
    for r, row in enumerate(P.tolist()):
        e, c = tuple(row[:-1]), row[-1]
        b = best.get(e)
        if b is None or c > b[0]:
            best[e] = [c, r, 1]
        elif c == b[0]:
            b[2] += 1
    sel = np.array(sorted(b[1] for b in best.values() if b[2] == 1), dtype=np.intp)
    mask = np.zeros(P.shape[0], dtype=bool)
    if sel.size:
        mask[sel] = irredundant_mask(P[sel], method=method)
    return mask


# ---------------------------------------------------------------------------
# the objects

def _check_connectivity(connectivity):
    if connectivity not in CONNECTIVITY:
        raise ValueError(f"connectivity must be one of {CONNECTIVITY}, got {connectivity!r}")


class _Cells:
    """The full-dimensional cells of an object (within a domain), with their maps."""

    def __init__(self, obj, domain=None, method="auto"):
        from tropsage.polyhedra import ExactPolyhedron, are_full_dimensional, as_domain
        tf, self.factors = _factors(obj, method)
        self.kind, self.outputs, self.names, self.D = tf.kind, tf.outputs, tf.names, tf.D
        self.n = n = tf.n
        self.domain = as_domain(domain, n)
        idx = _refine(self.factors, method)
        # maps: per cell the integer rows (gradient, constant) * D, one per output
        if self.outputs is None:
            maps = self.factors[0].F[idx[:, 0]][:, None, :]
        else:
            maps = np.stack([_diff(self.factors[a].F[idx[:, a]], self.factors[b].F[idx[:, b]])
                             for a, b in self.outputs], axis=1)
        polyhedra = []
        for t in idx.tolist():
            rows = [self.factors[s].facets[v] for s, v in enumerate(t)]
            if self.domain is not None:
                rows.append(self.domain.inequality_rows())
            H = _vstack(rows, n)
            E = self.domain.equation_rows() if self.domain is not None else None
            polyhedra.append(ExactPolyhedron.from_integer_rows(H, E, n=n))
        if self.domain is not None:
            keep = np.array(are_full_dimensional(polyhedra), dtype=bool) if polyhedra else \
                np.zeros(0, dtype=bool)
            idx, maps = idx[keep], maps[keep]
            polyhedra = [P for P, k in zip(polyhedra, keep) if k]
        self.idx, self.maps, self.polyhedra = idx, maps, polyhedra

    def groups(self):
        """Cells grouped by affine map, groups in order of their first cell."""
        groups = {}
        for c in range(len(self.polyhedra)):
            groups.setdefault(self.maps[c].tobytes() if self.maps.dtype != object
                              else tuple(self.maps[c].ravel().tolist()), []).append(c)
        return list(groups.values())

    def _may_touch(self, c1, c2, connectivity):
        if connectivity == "point":
            return True
        t1, t2 = self.idx[c1], self.idx[c2]
        for s, f in enumerate(self.factors):
            a, b = int(t1[s]), int(t2[s])
            if a != b and b not in f.neighbors[a]:
                return False
        return True

    def _touch(self, c1, c2, connectivity):
        Q = self.polyhedra[c1].intersection(self.polyhedra[c2])
        if connectivity == "point":
            return not Q.is_empty()
        return Q.dim(backend="ppl") >= self.n - 1

    def components(self, connectivity):
        """Lists of cell indices, one per linear region."""
        out = []
        for members in self.groups():
            if len(members) == 1:
                out.append(members)
                continue
            sets = DisjointSets(members)
            for u, c1 in enumerate(members):
                for c2 in members[u + 1:]:
                    if sets.same(c1, c2) or not self._may_touch(c1, c2, connectivity):
                        continue
                    if self._touch(c1, c2, connectivity):
                        sets.union(c1, c2)
            out.extend(sets.groups())
        out.sort(key=lambda comp: comp[0])
        return out

    def region(self, comp):
        from tropsage.regions.region import Region
        D = self.D
        rows = self.maps[comp[0]].tolist()
        grads = [[qq(int(v), D) for v in r[:self.n]] for r in rows]
        consts = [qq(int(r[self.n]), D) for r in rows]
        if self.kind == "polynomial" or self.kind == "function":
            grad, const = grads[0], consts[0]
        else:
            grad, const = grads, consts
        labels = {"monomials": [tuple(int(v) for v in self.idx[c]) for c in comp]}
        return Region(grad, const, [self.polyhedra[c] for c in comp], labels=labels,
                      names=self.names)


def _diff(A, B):
    if A.dtype == object or B.dtype == object:
        return A.astype(object) - B.astype(object)
    bound = absmax(A) + absmax(B)
    A2, B2 = widen(A, bound), widen(B, bound)
    if A2.dtype != B2.dtype:
        A2, B2 = A2.astype(object), B2.astype(object)
    return A2 - B2


def _vstack(rows, n):
    rows = [r for r in rows if r.shape[0]]
    if not rows:
        return np.zeros((0, n + 1), dtype=np.int64)
    if any(r.dtype == object for r in rows):
        return np.vstack([r.astype(object) for r in rows])
    return np.vstack(rows)


# ---------------------------------------------------------------------------
# public functions

def linear_regions(obj, domain=None, connectivity="facet", method="auto"):
    r"""
    The linear regions of a tropical polynomial, rational function or rational map.

    INPUT:

    - ``obj`` -- a :class:`~tropsage.puiseux.TropicalPuiseuxPolynomial`,
      :class:`~tropsage.puiseux.TropicalRationalFunction` or
      :class:`~tropsage.puiseux.TropicalRationalMap`.
    - ``domain`` -- ``None`` (all of ``R^n``), a box ``[(lo, hi), ...]`` or a
      polyhedron (Sage ``Polyhedron`` or :class:`~tropsage.polyhedra.ExactPolyhedron`).
    - ``connectivity`` -- ``"facet"`` (default: maximal connected open sets on which
      the function is affine) or ``"point"`` (the seed paper's rule: cells with the
      same map are joined when their closures intersect). Irrelevant for polynomials.
    - ``method`` -- pruning / cell method: ``"auto"``, ``"hull"`` or ``"lp"``.

    OUTPUT: a :class:`~tropsage.regions.region.RegionList` of
    :class:`~tropsage.regions.region.Region`; ``labels["monomials"]`` lists, per
    convex piece, the indices of the monomials of the *pruned* numerator/denominator
    (per output for maps) whose cell it is.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
        >>> from tropsage.regions.tropical import linear_regions
        >>> x, y = TropicalPuiseuxSemiring(2).gens()
        >>> len(linear_regions(x + y)), len(linear_regions(x + y + 0))
        (2, 3)
        >>> len(linear_regions((x + y) / (x + y)))
        1
        >>> len(linear_regions((x + y + x*y) / (x + x*y**2)))
        4
        >>> len(linear_regions(TropicalRationalMap([x + 0, y + 0])))
        4
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> L = linear_regions(0 + 1*x + 1*x**2)
        >>> L.volumes(), L.vertices()
        ([+Infinity, 1, +Infinity], ((-1,), (0,)))
    """
    from tropsage.regions.region import RegionList
    _check_connectivity(connectivity)
    cells = _Cells(obj, domain, method)
    comps = [[c] for c in range(len(cells.polyhedra))] if cells.kind == "polynomial" \
        else cells.components(connectivity)
    return RegionList([cells.region(comp) for comp in comps],
                      info={"cells": len(cells.polyhedra), "connectivity": connectivity,
                            "partial": False})


def count_linear_regions(obj, domain=None, connectivity="facet", method="auto"):
    """
    The number of linear regions (see :func:`linear_regions`), without building
    :class:`~tropsage.regions.region.Region` objects.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.regions.tropical import count_linear_regions
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> count_linear_regions((0 + x + (-2)*x**2) / (0 + (-2)*x**2))
        4
    """
    _check_connectivity(connectivity)
    cells = _Cells(obj, domain, method)
    if cells.kind == "polynomial":
        return len(cells.polyhedra)
    return len(cells.components(connectivity))


def refinement_cells(obj, domain=None, method="auto"):
    """
    The full-dimensional cells of Algorithm 4 before grouping: a list of pairs
    ``(index tuple, ExactPolyhedron)`` (indices into the pruned numerators and
    denominators, per output).

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.regions.tropical import refinement_cells
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> [t for t, P in refinement_cells((0 + x) / (0 + x))]
        [(0, 0), (1, 1)]
    """
    cells = _Cells(obj, domain, method)
    return [(tuple(int(v) for v in t), P) for t, P in zip(cells.idx, cells.polyhedra)]
