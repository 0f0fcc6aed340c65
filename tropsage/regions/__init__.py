"""
Linear regions: :class:`Region` objects and their enumeration.

``linear_regions(obj)`` gives the function regions (maximal connected open sets on
which ``obj`` is affine) of a tropical polynomial, rational function or rational map
([L], Algorithm 4; see :mod:`tropsage.regions.tropical`). A network (a
``torch.nn.Sequential``, a list of ``(W, b)`` pairs, a :class:`~tropsage.nn.Network`)
is enumerated by its activation regions (:mod:`tropsage.regions.linear`).

EXAMPLES::

    >>> import tropsage as ts
    >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
    >>> ts.regions.count_linear_regions(x + y + 0)
    3
    >>> ts.regions.linear_regions((x + y + x*y) / (x + x*y**2), domain=[(-1, 1), (-1, 1)])[0]
    Region in QQ^2: -x + y on 1 convex piece, bounded
"""

from tropsage.regions.region import Region, RegionList
from tropsage.regions.activation import activation_regions, count_activation_regions
from tropsage.regions.linear import count_linear_regions_of_network, linear_regions_of_network
from tropsage.regions.report import regions_report

__all__ = ["Region", "RegionList", "linear_regions", "count_linear_regions",
           "activation_regions", "count_activation_regions", "regions_report"]


def _network_input(obj, kwargs):
    """
    A network read once with its ``activations=`` (so that every path below accepts
    the list form with activations), or the object unchanged.
    """
    activations = kwargs.pop("activations", None)
    if activations is None:
        return obj
    from tropsage.nn import as_network
    return as_network(obj, activations=activations)


def _point_regions(obj, domain, kwargs):
    """
    Point connectivity on a network: the activation enumeration joins regions over
    shared facets only, so the network goes through its tropical rational map and
    Algorithm 4 (:mod:`tropsage.regions.tropical`), which joins cells whose closures
    meet. The tropical form is pruned (the function does not change).
    """
    from tropsage.nn import tropicalize
    from tropsage.regions.tropical import linear_regions as tropical_regions
    method = kwargs.pop("method", "auto")
    if method in ("activation", "tropical"):
        method = "auto"
    if kwargs:
        raise TypeError(f"connectivity='point' on a network takes domain= and method= only; "
                        f"got {sorted(kwargs)}")
    return tropical_regions(tropicalize(obj, prune=True), domain=domain, connectivity="point",
                            method=method)


def linear_regions(obj, domain=None, connectivity="facet", **kwargs):
    """
    The linear regions (function regions) of a tropical object or a network.

    INPUT:

    - ``obj`` -- a tropical polynomial, rational function or rational map (or a
      polynomial over Sage's ``TropicalSemiring``, see
      :func:`tropsage.puiseux.as_tropical`), or a network (dispatched to
      :func:`tropsage.regions.linear.linear_regions_of_network`).
    - ``domain`` -- ``None`` (all of ``R^n``), a box ``[(lo, hi), ...]`` or a polyhedron.
    - ``connectivity`` -- ``"facet"`` (default) or ``"point"``; see
      :mod:`tropsage.regions.tropical`. A network with ``"point"`` is counted through
      its tropical rational map (the activation enumeration joins over facets only).
    - ``activations`` -- for a list of ``(W, b)`` pairs: the activation names, as in
      :func:`tropsage.nn.as_network`.
    - further keywords go to the underlying function (e.g. ``method=``).

    OUTPUT: a :class:`RegionList` of :class:`Region`.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.regions import linear_regions
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> L = linear_regions(0 + x + (-1)*x**2)        # max(0, x, 2x - 1)
        >>> len(L), [(R.gradient, R.constant) for R in L]
        (3, [((0,), 0), ((1,), 0), ((2,), -1)])
        >>> len(linear_regions([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]))   # |x|
        2

    ``relu(x) + relu(y) - relu(x + y)`` is ``max(0, x, y, x + y) ⊘ max(0, x + y)``. It
    is zero on the opposite quadrants ``x, y >= 0`` and ``x, y <= 0``, which meet in
    the origin only: one region with point connectivity, two with facet connectivity::

        >>> net = [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 1, -1]], [0])]
        >>> len(linear_regions(net)), len(linear_regions(net, connectivity="point"))
        (6, 5)
    """
    from tropsage.puiseux import as_tropical, is_tropical
    obj = _network_input(obj, kwargs)
    if is_tropical(obj):
        from tropsage.regions.tropical import linear_regions as tropical_regions
        return tropical_regions(as_tropical(obj), domain=domain, connectivity=connectivity,
                                **kwargs)
    if connectivity == "point":
        return _point_regions(obj, domain, kwargs)
    if connectivity != "facet":
        kwargs["connectivity"] = connectivity
    return linear_regions_of_network(obj, domain=domain, **kwargs)


def count_linear_regions(obj, domain=None, connectivity="facet", **kwargs):
    """
    The number of linear regions of a tropical object or a network (see
    :func:`linear_regions`), without keeping the polyhedra where possible.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.regions import count_linear_regions
        >>> x, y = TropicalPuiseuxSemiring(2).gens()
        >>> count_linear_regions(x + y + 0)
        3
        >>> count_linear_regions([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])   # |x|
        2
    """
    from tropsage.puiseux import as_tropical, is_tropical
    obj = _network_input(obj, kwargs)
    if is_tropical(obj):
        from tropsage.regions.tropical import count_linear_regions as tropical_count
        return tropical_count(as_tropical(obj), domain=domain, connectivity=connectivity,
                              **kwargs)
    if connectivity == "point":
        return len(_point_regions(obj, domain, kwargs))
    if connectivity != "facet":
        kwargs["connectivity"] = connectivity
    return count_linear_regions_of_network(obj, domain=domain, **kwargs)
