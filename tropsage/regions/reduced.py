"""
Activation regions of a network through its first affine layer ([L]; the reduction
itself is :mod:`tropsage.nn.reduce`).

When the first weight matrix has rank ``r < n`` the reduced network is enumerated in
``Q^r`` (:func:`tropsage.regions.activation._enumerate`) and its leaves are lifted to
cylinders of ``Q^n``; with a domain each is kept iff its cylinder meets the domain's
interior, decided exactly.
"""

import numpy as np

from tropsage.regions.activation import _Leaf, _enumerate


class _LiftedLeaf(_Leaf):
    """A leaf lifted from the reduced space; ``Hy`` keeps its rows there."""

    __slots__ = ("Hy",)

    def __init__(self, pattern, H, X, D, T, tden, Hy):
        super().__init__(pattern, H, X, D, T, tden)
        self.Hy = Hy


def _enumerate_input(net, domain, keep, progress, checkpoint, checkpoint_every, n_jobs,
                     client, batch, reduce_input=True):
    """
    :func:`_enumerate` through the first layer (:mod:`tropsage.nn.reduce`): when its
    weight matrix has rank ``r < n`` the reduced network is enumerated in ``Q^r`` and
    the leaves are lifted to cylinders of ``Q^n`` (rows ``a P``, interior point a
    preimage, output map ``g P``; patterns unchanged).

    With a ``domain`` every leaf is kept iff its cylinder meets the
    domain's interior, decided exactly by :class:`~tropsage.nn.reduce.DomainFilter`
    (so count mode keeps the leaves too). The reduced enumeration runs on all of
    ``Q^r``: measured on 784-6-6-1 (float weights, seed 0) in ``[-1, 1]^784``, it
    takes 88 s (1,370 of the 1,390 cells certified by their lifted point alone, 20
    by a float LP and an exact check), against more than 300 s when it starts from
    the exact outer polyhedron :meth:`~tropsage.nn.reduce.FirstLayerReduction.outer_image`
    (the cells' points then lie near its corners, outside the box, and nearly every
    cell needs an LP in ``Q^784``). Enumerating in the image itself is impossible: the
    image of a box is a zonotope with up to ``2 binom(n, r - 1)`` facets.

    Returns ``(net, leaves, count, info)``; ``leaves`` (``None`` unless ``keep``)
    are in input coordinates.
    """
    from tropsage.nn import as_network
    from tropsage.nn.reduce import DomainFilter, box_bounds, first_layer_reduction
    from tropsage.polyhedra import ExactPolyhedron, as_domain
    net = as_network(net)
    red = first_layer_reduction(net) if reduce_input else None
    if red is None or red.is_identity:
        net, run, info = _enumerate(net, domain, keep, progress, checkpoint, checkpoint_every,
                                    n_jobs, client, batch)
        return net, (run.leaves if keep else None), run.count, info
    import hashlib
    n, r = net.input_dim, red.reduced_dim
    D = as_domain(domain, n)
    tag = ";reduced:" + red.fingerprint()
    filt = ydom = None
    if D is not None:
        tag += ";domain:" + hashlib.sha256(repr((D.inequality_rows().tolist(),
                                                 D.equation_rows().tolist())).encode()).hexdigest()
        bb = box_bounds(D)
        full = all(lo is None or hi is None or lo < hi for lo, hi in bb) if bb is not None \
            else not D.equation_rows().shape[0] and D.is_full_dimensional()
        if full:
            # all of Q^r, not red.outer_image(D): with a bounded start the cells'
            # interior points sit near its corners, far outside D, and most cells then
            # need an LP in Q^n (784-6-6-1 in [-1, 1]^784: > 300 s against 88 s)
            filt = DomainFilter(red, D)
        else:   # no full-dimensional region: an empty start
            ydom = ExactPolyhedron.from_integer_rows([[-1] + [0] * r], n=r)
    keep_y = keep or filt is not None
    _, run, info = _enumerate(red.network, ydom, keep_y, progress, checkpoint,
                              checkpoint_every, n_jobs, client, batch, tag=tag)
    info.update(input_dim=n, network=repr(net), reduced_dim=r, rank=red.rank)
    if not keep_y:
        return net, None, run.count, info
    root = set()
    if filt is not None and ydom is not None:   # (only with an outer start polyhedron)
        # the outer image's rows hold on all of P(domain): the domain's rows replace them
        root = {tuple(int(v) for v in row) for row in ydom.minimized().inequality_rows().tolist()}
    bar = None
    if filt is not None and progress is not False and run.leaves:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(run.leaves), unit=" cells", desc="cells in the domain",
                   disable=None if progress is None else not progress)
    leaves = []
    try:
        for lf in run.leaves:
            rows = [row for row in lf.H if tuple(int(v) for v in row) not in root] if root \
                else list(lf.H)
            if filt is not None:
                res = filt.interior(rows, lf.X, lf.D)
                if bar is not None:
                    bar.update(1)
                if res is None:
                    continue
                _, (X, Dx), Hx = res
                Hx = np.vstack([Hx.astype(object), filt.rows.astype(object)])
            else:
                Hx = red._lift_rows_int(np.array(rows, dtype=object).reshape(len(rows), r + 1)) \
                    if rows else np.zeros((0, n + 1), dtype=np.int64)
                X, Dx = red._lift_point_int(lf.X, lf.D)
            T, tden = red._lift_map_int(lf.T, lf.tden)
            leaves.append(_LiftedLeaf(lf.pattern, Hx, X, Dx, T, tden, rows))
    finally:
        if bar is not None:
            bar.close()
    count = len(leaves) if filt is not None else run.count
    info["count"] = count
    info["_reduction"] = (red, filt)
    if filt is not None:
        info["stats"].update({"domain:" + k: v for k, v in filt.stats.items()})
        info["reduced_cells"] = run.count
    return net, (leaves if keep else None), count, info
