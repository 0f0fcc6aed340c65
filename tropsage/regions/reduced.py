"""
Activation regions of a network through its first affine layer ([L]; the reduction
itself is :mod:`tropsage.nn.reduce`).

When the first weight matrix has rank ``r < n`` the reduced network is enumerated in
``Q^r`` (:func:`tropsage.regions.activation._enumerate`) and its leaves are lifted to
cylinders of ``Q^n``; with a domain each is kept iff its cylinder meets the domain's
interior, decided exactly.

The lift (and the domain test) is a phase of its own after the enumeration, with
its own tqdm bar. Ctrl-C stops both phases in one go: the enumeration keeps what it
found, and the lift goes on for at most ``GRACE`` seconds with the cells found, then
returns the ones it got through (``info["partial"]`` is set and
``info["unlifted_cells"]`` says how many reduced cells were left out). A second
Ctrl-C (``KeyboardInterrupt``) ends it at once. A ``checkpoint`` holds the reduced
enumeration; resuming lifts and tests its cells again.
"""

import time

import numpy as np

from tropsage._interrupt import StopFlag as _StopFlag
from tropsage.regions.activation import _Leaf, _enumerate

#: reduced cells lifted (and tested against the domain) between two looks at Ctrl-C
CHUNK = 32
#: seconds the lift goes on after Ctrl-C, so that an interrupted enumeration still
#: hands back some of its cells (in a domain a cell counts only once it is tested)
GRACE = 0.25


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
    domain's interior, decided exactly by :class:`~tropsage.nn.domain_filter.DomainFilter`
    in batches of ``CHUNK`` cells (so count mode keeps the leaves too). The reduced
    enumeration runs on all of ``Q^r``: measured on 784-6-6-1 (float weights, seed 0)
    in ``[-1, 1]^784``, it takes 88 s (1,370 of the 1,390 cells certified by their
    lifted point alone, 20 by a float LP and an exact check), against more than
    300 s when it starts from the exact outer polyhedron
    :meth:`~tropsage.nn.reduce.FirstLayerReduction.outer_image` (the cells' points
    then lie near its corners, outside the box, and nearly every cell needs an LP in
    ``Q^784``). Enumerating in the image itself is impossible: the image of a box is
    a zonotope with up to ``2 binom(n, r - 1)`` facets. The domain test is batched
    (one row lift per distinct reduced row, block-diagonal box LPs): on 64-8-8-1
    (float weights, seed 0) in ``[0, 1]^64``, 14,290 of 14,737 cells, it takes
    about 11 s against 59 s one cell at a time (the whole count: 15 s against 68 s).

    Returns ``(net, leaves, count, info)``; ``leaves`` (``None`` unless ``keep``)
    are in input coordinates.
    """
    from tropsage.nn import as_network
    from tropsage.nn.domain_filter import DomainFilter
    from tropsage.nn.reduce import box_bounds, first_layer_reduction
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
    # one scope for both phases: the Ctrl-C that stops the enumeration stops the lift
    with _StopFlag() as stop:
        _, run, info = _enumerate(red.network, ydom, keep_y, progress, checkpoint,
                                  checkpoint_every, n_jobs, client, batch, tag=tag)
        info.update(input_dim=n, network=repr(net), reduced_dim=r, rank=red.rank)
        if not keep_y:
            return net, None, run.count, info
        leaves, count, done = _lift(red, filt, run.leaves, keep, progress, stop)
    info["_reduction"] = (red, filt)
    if filt is not None:
        info["stats"].update({"domain:" + k: v for k, v in filt.stats.items()})
        info["reduced_cells"] = run.count
    if done < len(run.leaves):
        info["partial"] = True
        info["unlifted_cells"] = len(run.leaves) - done
    info["count"] = count
    return net, leaves, count, info


def _lift(red, filt, cells, keep, progress, stop):
    """
    Lift the reduced leaves ``cells`` to ``Q^n`` (and, with the domain filter
    ``filt``, keep those whose cylinder meets the domain's interior) in chunks of
    ``CHUNK`` under a tqdm bar, until done or stopped (``stop()`` true: ``GRACE``
    seconds more; a second Ctrl-C raising ``KeyboardInterrupt``: at once).

    Returns ``(leaves, count, done)``: the lifted leaves (``None`` unless ``keep``),
    how many were kept, how many of ``cells`` were gone through.
    """
    from tropsage.nn.domain_filter import RowLifts
    n = red.input_dim
    lifts = filt.lifts if filt is not None else RowLifts(red)
    dom = filt.rows.astype(object) if filt is not None else None
    out = [] if keep else None
    count = done = 0
    bar = None
    if progress is not False and cells:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(cells), unit=" cells",
                   desc="cells in the domain" if filt is not None else "lifted cells",
                   disable=None if progress is None else not progress)
    deadline = None
    try:
        while done < len(cells):
            if stop():
                deadline = deadline or time.monotonic() + GRACE
                if time.monotonic() >= deadline:
                    break
            chunk = cells[done:done + CHUNK]
            if filt is not None:
                found = filt.interior_many([(lf.H, lf.X, lf.D) for lf in chunk])
            else:
                found = [None] * len(chunk)
            new = []
            for lf, res in zip(chunk, found):
                if filt is not None:
                    if res is None:
                        continue
                    if not keep:
                        new.append(None)
                        continue
                    (X, Dx), Hx = res
                    Hx = np.concatenate([Hx.astype(object), dom])
                else:
                    Hx = lifts(lf.H)[0]
                    X, Dx = red._lift_point_int(lf.X, lf.D)
                T, tden = red._lift_map_int(lf.T, lf.tden)
                new.append(_LiftedLeaf(lf.pattern, Hx, X, Dx, T, tden, list(lf.H)))
            # commit the whole chunk (a KeyboardInterrupt above drops it)
            done += len(chunk)
            count += len(new)
            if keep:
                out.extend(new)
            if bar is not None:
                bar.update(len(chunk))
                if filt is not None:
                    bar.set_postfix(inside=count, refresh=False)
    except KeyboardInterrupt:
        pass
    finally:
        if bar is not None:
            bar.close()
    return out, count, done
