r"""
Linear (function) regions of a network from its activation regions.

A linear region is a maximal connected open set on which the network is affine: the
activation regions (:mod:`tropsage.regions.activation`) with one affine map are joined
when their closures share a facet. Regions lifted from the first layer's row space
(:mod:`tropsage.nn.reduce`) are compared there. ``method="tropical"`` runs [L]'s
Algorithm 4 on the tropical rational map instead (:mod:`tropsage.regions.tropical`).
"""

from fractions import Fraction
from tropsage.nn.network import accepts_activations


def _map_key(R):
    return (R.gradient, R.constant)


def _frac(v):
    return Fraction(int(v.numerator()), int(v.denominator()))


def _merge_by_facets(regions, n, progress=False):
    """
    Group regions by affine map, then facet-connected components within groups.
    Regions lifted from a reduced space are compared there
    (:meth:`~tropsage.nn.reduce.FirstLayerReduction.cylinders_adjacent`).
    ``progress``: a tqdm bar over the regions (``None``: when stderr is a terminal).
    """
    from tropsage.regions.region import Region
    reduction = getattr(regions, "_reduction", None)
    if reduction is not None:
        red, filt = reduction

        def adjacent(Ra, Rb):
            return red.cylinders_adjacent(Ra._cache["reduced_rows"], Rb._cache["reduced_rows"], filt)
    else:
        def adjacent(Ra, Rb):
            return Ra.pieces[0].facet_adjacent(Rb.pieces[0])
    groups = {}
    for i, R in enumerate(regions):
        groups.setdefault(_map_key(R), []).append(i)
    from tropsage._exact import DisjointSets
    sets = DisjointSets(range(len(regions)))

    from tqdm.auto import tqdm
    with tqdm(total=len(regions), unit=" regions", desc="linear regions (merge)",
              disable=(None if progress is None else not progress)) as bar:
        for idx in groups.values():
            for a in range(len(idx)):
                for b in range(a + 1, len(idx)):
                    if sets.same(idx[a], idx[b]):
                        continue
                    if adjacent(regions[idx[a]], regions[idx[b]]):
                        sets.union(idx[a], idx[b])
                bar.update(1)
    out = []
    for members in sets.groups():
        first = regions[members[0]]
        # Fractions, not QQ: Region tells scalars from rows by iterability
        if first.outputs is None:
            g, c = [_frac(v) for v in first.gradient], _frac(first.constant)
        else:
            g = [[_frac(v) for v in r] for r in first.gradient]
            c = [_frac(v) for v in first.constant]
        R = Region(g, c, [regions[i].pieces[0] for i in members],
                   labels={"activation_patterns": [regions[i].activation_pattern for i in members]})
        R._cache["interior"] = first.interior_point()
        out.append(R)
    return out


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
