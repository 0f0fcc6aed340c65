r"""
Linear (function) regions of a network from its activation regions.

A linear region is a maximal connected open set on which the network is affine: the
activation regions (:mod:`tropsage.regions.activation`) with one affine map are joined
when their closures share a facet. Regions lifted from the first layer's row space
(:mod:`tropsage.nn.reduce`) are compared there. ``method="tropical"`` runs [L]'s
Algorithm 4 on the tropical rational map instead (:mod:`tropsage.regions.tropical`).
"""

import math
from fractions import Fraction
from tropsage.nn.network import accepts_activations

MERGE_BATCH = 256     # pairs of regions decided per batch of LPs


def _map_key(R):
    return (R.gradient, R.constant)


def _frac(v):
    return Fraction(int(v.numerator()), int(v.denominator()))


def _keys(rows):
    """
    Integer rows as a set of primitive tuples.

    EXAMPLES::

        >>> from tropsage.regions.linear import _keys
        >>> sorted(_keys([[2, 4, -6], [1, 2, -3], [0, 1, 0]]))
        [(0, 1, 0), (1, 2, -3)]
    """
    keys = set()
    for row in rows:
        row = [int(v) for v in row]
        g = math.gcd(*row)
        keys.add(tuple(v // g for v in row) if g > 1 else tuple(row))
    return keys


def _row_keys(R, reduced):
    """The rows of the single piece of ``R`` as primitive integer tuples (cached)."""
    keys = R._cache.get("row_keys")
    if keys is None:
        keys = R._cache["row_keys"] = _keys(R._cache["reduced_rows"] if reduced
                                            else R.pieces[0].inequality_rows())
    return keys


def _opposite_rows(Ra, Rb, reduced):
    """
    The rows of ``Ra`` whose reversal is a row of ``Rb``. Two full-dimensional
    polyhedra with disjoint interiors whose closures meet in dimension ``n - 1`` meet
    in a facet of each, on one hyperplane, which each has among the rows of any
    description, on opposite sides: so exactly one such row is necessary (with two,
    the closures meet inside two hyperplanes, in dimension ``n - 2`` at most).

    EXAMPLES::

        >>> from tropsage.polyhedra import box
        >>> from tropsage.regions import Region
        >>> from tropsage.regions.linear import _opposite_rows
        >>> A, B, C = (Region([0], 0, [box([b])]) for b in ((0, 1), (1, 2), (2, 3)))
        >>> _opposite_rows(A, B, False), _opposite_rows(A, C, False)
        ([(1, 1)], [])
    """
    a, b = _row_keys(Ra, reduced), _row_keys(Rb, reduced)
    return [row for row in a if tuple(-v for v in row) in b]


def _on_hyperplane(rows, h):
    """
    Integer rows ``[b | a]`` restricted to the hyperplane ``a0 . x = b0`` of
    ``h = [b0 | a0]``: one coordinate eliminated (the one with the largest
    coefficient), each row scaled by a positive integer.

    EXAMPLES::

        >>> from tropsage.regions.linear import _on_hyperplane
        >>> _on_hyperplane([[2, 1, 1]], [1, 0, 1])      # x + y <= 2 on y = 1: x <= 1
        [[1, 1]]
    """
    b0, a0 = h[0], h[1:]
    k = max(range(len(a0)), key=lambda i: abs(a0[i]))
    s = a0[k]
    sg = 1 if s > 0 else -1
    return [[sg * (s * row[0] - row[k + 1] * b0)]
            + [sg * (s * row[j + 1] - row[k + 1] * a0[j]) for j in range(len(a0)) if j != k]
            for row in rows]


def _adjacent_pairs(pairs, region, reduction):
    """
    For pairs ``(i, j)`` of activation regions with disjoint interiors: whether
    their closures share a facet. Regions lifted from a reduced space are compared
    there (with a domain by
    :meth:`~tropsage.nn.reduce.FirstLayerReduction.cylinders_adjacent`). Otherwise
    the one hyperplane of :func:`_opposite_rows` is found exactly, and the two
    regions' rows restricted to it are decided in one batch
    (:func:`~tropsage.polyhedra.certify.decide_many`: float LPs certified exactly,
    PPL for the rest): full-dimensional there iff the closures share a facet.

    EXAMPLES::

        >>> from tropsage.polyhedra import box
        >>> from tropsage.regions import Region
        >>> from tropsage.regions.linear import _adjacent_pairs
        >>> R = [Region([0, 0], 0, [box(b)]) for b in ([(0, 1), (0, 1)], [(1, 2), (0, 1)],
        ...                                             [(1, 2), (1, 2)], [(0, 1), (1, 3)])]
        >>> _adjacent_pairs([(0, 1), (0, 2), (0, 3), (1, 3)], R.__getitem__, None)
        [True, False, True, False]
    """
    reduced = reduction is not None
    out = [False] * len(pairs)
    if reduced and reduction[1] is not None:
        red, filt = reduction
        for p, (i, j) in enumerate(pairs):
            Ra, Rb = region(i), region(j)
            out[p] = bool(_opposite_rows(Ra, Rb, True)) and red.cylinders_adjacent(
                Ra._cache["reduced_rows"], Rb._cache["reduced_rows"], filt)
        return out
    systems, where, dim = [], [], None
    for p, (i, j) in enumerate(pairs):
        Ra, Rb = region(i), region(j)
        opp = _opposite_rows(Ra, Rb, reduced)
        if len(opp) != 1:
            continue
        h = opp[0]
        hm = tuple(-v for v in h)
        rows = [r for r in _row_keys(Ra, reduced) | _row_keys(Rb, reduced) if r != h and r != hm]
        dim = len(h) - 1
        if dim == 1:        # the hyperplane is a point: in both closed intervals?
            out[p] = all(c >= 0 for (c,) in _on_hyperplane(rows, h))
            continue
        systems.append(_on_hyperplane(rows, h))
        where.append(p)
    if systems:
        from tropsage.polyhedra.certify import decide_many
        for p, cert in zip(where, decide_many(systems, n=dim - 1)):
            out[p] = cert.status == "full"
    return out


def _components(keys, region, reduction, progress=False):
    """
    The linear regions as lists of indices of activation regions: those with equal
    ``keys`` (their affine maps) joined when their closures share a facet.

    ``region(i)`` gives the ``i``-th activation region; it is asked only for regions
    that share their map with another one (so a caller holding leaves builds the few
    region objects it needs). Components come sorted by their first index.
    ``progress``: a tqdm bar over the pairs compared (``None``: when stderr is a
    terminal).

    EXAMPLES::

        >>> from tropsage.regions.activation import activation_regions
        >>> from tropsage.regions.linear import _components, _map_key
        >>> A = activation_regions([([[1], [1]], [0, -1]), ([[1, 0]], [0])])   # relu(x)
        >>> [R.map_str() for R in A]
        ['0', 'x', 'x']
        >>> _components([_map_key(R) for R in A], A.__getitem__, None)
        [[0], [1, 2]]
        >>> _components(["a", "b", "c"], None, None)       # distinct maps: no region needed
        [[0], [1], [2]]
    """
    groups = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    pairs = [(idx[a], idx[b]) for idx in groups.values() if len(idx) > 1
             for a in range(len(idx)) for b in range(a + 1, len(idx))]
    from tropsage._exact import DisjointSets
    sets = DisjointSets(range(len(keys)))

    from tqdm.auto import tqdm
    with tqdm(total=len(pairs), unit=" pairs", desc="linear regions (merge)",
              disable=(None if progress is None else not progress)) as bar:
        for start in range(0, len(pairs), MERGE_BATCH):
            chunk = pairs[start:start + MERGE_BATCH]
            for (i, j), adjacent in zip(chunk, _adjacent_pairs(chunk, region, reduction)):
                if adjacent:
                    sets.union(i, j)
            bar.update(len(chunk))
    return sets.groups()


def _linear_region(members, region):
    """The linear region made of the activation regions ``region(i)``, ``i`` in ``members``."""
    from tropsage.regions.region import Region
    first = region(members[0])
    # Fractions, not QQ: Region tells scalars from rows by iterability
    if first.outputs is None:
        g, c = [_frac(v) for v in first.gradient], _frac(first.constant)
    else:
        g = [[_frac(v) for v in r] for r in first.gradient]
        c = [_frac(v) for v in first.constant]
    # its interior point is the first piece's (Region.interior_point), made when asked
    return Region(g, c, [region(i).pieces[0] for i in members],
                  labels={"activation_patterns": [region(i).activation_pattern for i in members]})


def _merge_by_facets(regions, n, progress=False):
    """
    Group regions by affine map, then facet-connected components within groups.
    Regions lifted from a reduced space are compared there
    (:meth:`~tropsage.nn.reduce.FirstLayerReduction.cylinders_adjacent`).
    ``progress``: a tqdm bar over the regions (``None``: when stderr is a terminal).
    """
    comps = _components([_map_key(R) for R in regions], regions.__getitem__,
                        getattr(regions, "_reduction", None), progress)
    return [_linear_region(c, regions.__getitem__) for c in comps]


@accepts_activations
def linear_regions_of_network(net, domain=None, method="activation", **kwargs):
    r"""
    The linear (function) regions of a network: maximal connected open sets on which
    it is affine.

    INPUT:

    - ``net``, ``domain`` -- as in :func:`activation_regions`.
    - ``method`` -- ``"activation"`` (default): enumerate activation regions and join
      those with the same affine map whose closures share a facet; ``"tropical"``:
      tropicalize the network and run Algorithm 4 on the tropical rational map
      (:mod:`tropsage.regions.tropical`).
    - further keywords go to :func:`activation_regions` (``progress``, ``n_jobs``, ...).

    OUTPUT: a :class:`~tropsage.regions.RegionList`; with ``method="activation"``
    each region lists its activation patterns in ``labels["activation_patterns"]``
    and regions are ordered by their first pattern.

    EXAMPLES::

        >>> from tropsage.regions.activation import linear_regions_of_network
        >>> net = [([[1], [1]], [0, -1]), ([[1, 1]], [0])]        # relu(x) + relu(x - 1)
        >>> [R.map_str() for R in linear_regions_of_network(net)]
        ['0', 'x', '2*x - 1']
        >>> net2 = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]       # relu(x) + relu(-x) = |x|
        >>> len(linear_regions_of_network(net2)), len(linear_regions_of_network(net2, method="tropical"))
        (2, 2)
    """
    from tropsage.regions.activation import activation_regions
    from tropsage.regions.region import RegionList
    if method == "activation":
        A = activation_regions(net, domain=domain, **kwargs)
        n = A.info["input_dim"]
        out = RegionList(_merge_by_facets(A, n, kwargs.get("progress")), info=dict(A.info, method="activation",
                                                            activation_regions=len(A)))
        return out
    if method == "tropical":
        if kwargs:
            raise ValueError(f"method='tropical' takes no options {sorted(kwargs)}")
        from tropsage.nn import tropicalize
        from tropsage.regions import tropical
        m = tropicalize(net)
        regs = tropical.linear_regions(m, domain=domain) if hasattr(tropical, "linear_regions") \
            else m.linear_regions(domain=domain)
        return regs if isinstance(regs, RegionList) else RegionList(regs, info={"method": "tropical"})
    raise ValueError(f"method must be 'activation' or 'tropical', got {method!r}")


@accepts_activations
def count_linear_regions_of_network(net, domain=None, method="activation", **kwargs):
    """
    The number of linear (function) regions of a network (see
    :func:`linear_regions_of_network`).

    EXAMPLES::

        >>> from tropsage.regions.activation import count_linear_regions_of_network
        >>> net = [([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])]     # [L]'s example: 4
        >>> count_linear_regions_of_network(net), count_linear_regions_of_network(net, method="tropical")
        (4, 4)
    """
    return len(linear_regions_of_network(net, domain=domain, method=method, **kwargs))
