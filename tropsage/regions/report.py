r"""
The report behind ``tropsage regions``: counts first, everything else on demand.

:class:`RegionsReport` enumerates the activation regions of a network once and
computes the rest lazily, each phase with its own tqdm bar (with an ETA, since its
length is known) and each interruptible by Ctrl-C, which ends the phase and keeps
what it found:

- :meth:`~RegionsReport.activation` -- the activation regions (the enumeration of
  :func:`~tropsage.regions.activation.activation_regions`; ``checkpoint`` resumes);
- :meth:`~RegionsReport.bounded` -- how many are bounded (free inside a bounded
  domain);
- :meth:`~RegionsReport.linear` -- the linear regions (activation regions with the same
  affine map joined across shared facets);
- :meth:`~RegionsReport.volumes` -- the exact volume of every activation region (a
  linear region's volume is the sum over its activation regions);
- :meth:`~RegionsReport.region_data` -- per-region records for JSON: activation
  pattern, exact affine map, exact interior point, boundedness, volume when computed.

:func:`regions_report` runs all phases and returns one dict.

EXAMPLES::

    >>> from tropsage.regions.report import RegionsReport
    >>> net = [([[1], [-1]], [0, 1]), ([[1, 1]], [0])]          # relu(x) + relu(1 - x)
    >>> rep = RegionsReport(net, domain=[(-1, 2)])
    >>> len(rep.activation()), rep.bounded(), len(rep.linear())
    (3, (3, 0), 3)
    >>> [str(v) for v in rep.volumes()], str(rep.total_volume())
    (['1', '1', '1'], '3')
    >>> rep.region_data()[0]
    {'activation_pattern': [[0, 1], []], 'map': {'gradient': ['-1'], 'constant': '1'}, 'interior_point': ['-1/2'], 'bounded': True, 'volume': '1'}
"""

import math
import time

from tropsage._interrupt import StopFlag
from tropsage.nn.network import accepts_activations


def _bar(progress, total, desc):
    from tqdm.auto import tqdm
    return tqdm(total=total, desc=desc, unit=" regions", leave=False,
                disable=None if progress is None else not progress)


def _pattern(p):
    return [list(layer) for layer in p]


def _map(R):
    if R.outputs is None:
        return {"gradient": [str(v) for v in R.gradient], "constant": str(R.constant)}
    return {"gradient": [[str(v) for v in row] for row in R.gradient],
            "constant": [str(c) for c in R.constant]}


def _leaf_key(lf):
    """
    The affine map ``T / tden`` of a leaf in lowest terms: equal keys, equal maps.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.regions.activation import _Leaf
        >>> from tropsage.regions.report import _leaf_key
        >>> _leaf_key(_Leaf((), [], (0,), 1, np.array([[2, 4]], dtype=object), 6))
        ((1, 2), 3)
    """
    T = [int(v) for v in lf.T.flat]
    d = int(lf.tden)
    g = math.gcd(d, *T)
    if g > 1:
        T, d = [v // g for v in T], d // g
    return tuple(T), d


class _RowsOnly:
    """A region seen by its rows only (see :meth:`RegionsReport._rows_of`)."""

    __slots__ = ("_cache",)

    def __init__(self):
        self._cache = {}


class RegionsReport:
    r"""
    Lazy counts, volumes and per-region records of a network's regions.

    The enumeration keeps its regions as compact leaves; the
    :class:`~tropsage.regions.Region` objects (exact ``QQ`` maps and polyhedra, about
    0.2 ms each) are made one by one when a phase needs them. The counts of
    activation and linear regions need almost none: only regions that share their
    affine map with another one are compared, which is what makes ``tropsage
    regions`` without ``--volumes``, ``--bounded`` or ``--json`` lean.

    INPUT:

    - ``net`` -- any network argument (see :func:`tropsage.nn.as_network`).
    - ``domain`` -- ``None`` (all of ``Q^n``), a box ``[(lo, hi), ...]`` or a polyhedron.
    - ``n_jobs``, ``client``, ``checkpoint`` -- for the enumeration, see
      :func:`~tropsage.regions.activation.activation_regions`.
    - ``progress`` -- ``True``/``False``, or ``None`` (default): tqdm bars on standard
      error when it is a terminal.

    ATTRIBUTES: ``partial`` (a phase was interrupted), ``phases`` (seconds per phase),
    ``info`` (the enumeration's, after :meth:`count`).

    EXAMPLES::

        >>> from tropsage.regions.report import RegionsReport
        >>> rep = RegionsReport([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
        >>> rep.count(), rep.linear_count(), rep.built()
        (4, 4, 0)
        >>> len(rep.activation()), rep.bounded(), rep.volumes()
        (4, (0, 4), [+Infinity, +Infinity, +Infinity, +Infinity])
        >>> rep.total_volume() is None, rep.partial, rep.built()
        (True, False, 4)
    """

    def __init__(self, net, domain=None, *, n_jobs=1, client=None, progress=None,
                 checkpoint=None):
        from tropsage.nn import as_network
        from tropsage.polyhedra import as_domain
        self.net = as_network(net)
        self.n = self.net.input_dim
        self.domain = domain
        self.dom = as_domain(domain, self.n)
        self.n_jobs, self.client, self.progress, self.checkpoint = n_jobs, client, progress, checkpoint
        self.partial = False
        self.phases = {}
        self.info = None
        self._leaves = self._reduction = None
        self._regions = {}       # index -> Region object, made on first use
        self._A = self._comps = self._L = self._bounded = None
        self._vols = []          # volumes of the activation regions computed so far, in order

    def _timed(self, name, t0):
        self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - t0

    def _enumerate(self):
        if self._leaves is None:
            from tropsage.regions.activation import BATCH, _sorted_leaves
            from tropsage.regions.parallel import quiet_gc
            from tropsage.regions.reduced import _enumerate_input
            t0 = time.perf_counter()
            with quiet_gc():
                _, leaves, count, info = _enumerate_input(self.net, self.domain, True,
                                                          self.progress, self.checkpoint, 30,
                                                          self.n_jobs, self.client, BATCH)
            self._reduction = info.pop("_reduction", None)
            if info["partial"]:
                # after Ctrl-C only the count is reported: no regions to sort or build
                info["regions_found"] = count
                leaves = []
            self._leaves = _sorted_leaves(leaves)
            self.info = info
            self.partial |= info["partial"]
            self._timed("enumeration", t0)
        return self._leaves

    def count(self):
        """
        The number of activation regions (found so far, when the enumeration was
        interrupted), without making region objects.

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [-1]], [0, 1]), ([[1, 1]], [0])], domain=[(-1, 2)])
            >>> rep.count(), rep.built(), rep.info["partial"]
            (3, 0, False)
        """
        leaves = self._enumerate()
        return self.info.get("regions_found", len(leaves))

    def built(self):
        """
        How many activation :class:`~tropsage.regions.Region` objects were made so far.

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [-1]], [0, 1]), ([[1, 1]], [0])], domain=[(-1, 2)])
            >>> rep.linear_count(), rep.built()          # three maps: nothing to compare
            (3, 0)
            >>> rep.volumes()[0], rep.built()
            (1, 3)
        """
        return len(self._regions)

    def _region(self, k):
        """The ``k``-th activation region, made on first use."""
        R = self._regions.get(k)
        if R is None:
            from tropsage.regions.activation import _leaf_region
            from tropsage.regions.reduced import _LiftedLeaf
            lf = self._enumerate()[k]
            R = _leaf_region(lf, self.n, self.net.output_dim)
            if isinstance(lf, _LiftedLeaf):
                R._cache["reduced_rows"] = lf.Hy
            self._regions[k] = R
        return R

    def _rows_of(self, k):
        """
        What the linear merge's facet test reads of the ``k``-th activation region:
        its rows, from the leaf (no region object, so no Sage: the counts stay lean).
        """
        from tropsage.regions.linear import _keys
        from tropsage.regions.reduced import _LiftedLeaf
        lf = self._enumerate()[k]
        R = self._regions.get(k)
        if R is None:
            R = _RowsOnly()
            if isinstance(lf, _LiftedLeaf):
                R._cache["reduced_rows"] = lf.Hy
            else:
                R._cache["row_keys"] = _keys(lf.H)
        return R

    def _each(self, start, total, desc):
        """Indices ``start, ..., total - 1`` under a tqdm bar; stops at Ctrl-C (``partial``)."""
        with StopFlag() as stop, _bar(self.progress, total, desc) as bar:
            bar.update(start)
            for k in range(start, total):
                if stop():
                    self.partial = True
                    return
                yield k
                bar.update(1)

    def activation(self):
        """
        The activation regions (a :class:`~tropsage.regions.RegionList`; enumerated
        once, their objects made here under a progress bar). Empty after an
        interrupted enumeration (``info["regions_found"]`` holds the count).

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [-1]], [0, 1]), ([[1, 1]], [0])], domain=[(-1, 2)])
            >>> [R.map_str() for R in rep.activation()]
            ['-x + 1', 'x', '1']
        """
        if self._A is None:
            from tropsage.regions.region import RegionList
            N = len(self._enumerate())
            t0 = time.perf_counter()
            regs = [self._region(k) for k in self._each(0, N, "region objects")]
            if len(regs) < N:
                return RegionList(regs, info=self.info)      # interrupted
            self._A = RegionList(regs, info=self.info)
            self._A._reduction = self._reduction
            self._timed("region objects", t0)
        return self._A

    def _bounded_flags(self):
        """Per activation region: bounded? (stops at Ctrl-C with the flags found so far)."""
        N = len(self._enumerate())
        if self._bounded is None:
            self._bounded = []
        flags = self._bounded
        if len(flags) < N:
            if self.dom is not None and self.dom.is_bounded():
                flags[:] = [True] * N
                return flags
            t0 = time.perf_counter()
            for k in self._each(len(flags), N, "bounded"):
                flags.append(bool(self._region(k).is_bounded()))
            self._timed("bounded", t0)
        return flags

    def bounded(self):
        """
        ``(bounded, unbounded)`` activation regions (free inside a bounded domain,
        one exact test per region otherwise); ``None`` if interrupted.

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> RegionsReport([([[1], [-1]], [0, 1]), ([[1, 1]], [0])]).bounded()
            (1, 2)
        """
        flags = self._bounded_flags()
        if len(flags) < len(self._enumerate()):
            return None
        b = sum(flags)
        return b, len(flags) - b

    def _components(self):
        """The linear regions as lists of indices of activation regions (merged once)."""
        if self._comps is None:
            from tropsage.regions.linear import _components
            leaves = self._enumerate()
            t0 = time.perf_counter()
            self._comps = _components([_leaf_key(lf) for lf in leaves], self._rows_of,
                                      self._reduction, self.progress)
            self._timed("linear", t0)
        return self._comps

    def linear_count(self):
        """
        The number of linear regions (activation regions with one affine map joined
        across facets); only regions that share their map are compared, from their
        rows (no region object is made).

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [1]], [0, -1]), ([[1, 0]], [0])])   # relu(x)
            >>> rep.count(), rep.linear_count(), rep.built()
            (3, 2, 0)
        """
        return len(self._components())

    def linear_bounded(self):
        """
        ``(bounded, unbounded)`` linear regions; ``None`` if interrupted.

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [1]], [0, -1]), ([[1, 0]], [0])])   # relu(x)
            >>> rep.bounded(), rep.linear_bounded()
            ((1, 2), (0, 2))
        """
        flags = self._bounded_flags()
        if len(flags) < len(self._enumerate()):
            return None
        comps = self._components()
        b = sum(all(flags[i] for i in c) for c in comps)
        return b, len(comps) - b

    def linear(self):
        """
        The linear regions: activation regions with one affine map joined across
        facets (a :class:`~tropsage.regions.RegionList`, each region listing its
        activation patterns in ``labels["activation_patterns"]``).

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [1]], [0, -1]), ([[1, 0]], [0])])   # relu(x)
            >>> [(R.map_str(), R.n_pieces()) for R in rep.linear()]
            [('0', 1), ('x', 2)]
        """
        if self._L is None:
            from tropsage.regions.linear import _linear_region
            from tropsage.regions.region import RegionList
            comps = self._components()
            t0 = time.perf_counter()
            L = []
            for k in self._each(0, len(comps), "linear region objects"):
                L.append(_linear_region(comps[k], self._region))
            if len(L) < len(comps):
                return RegionList(L, info=dict(self.info))      # interrupted
            self._L = RegionList(L, info=dict(self.info))
            self._timed("linear region objects", t0)
        return self._L

    def volumes(self):
        """
        The exact volumes of the activation regions, in order (``+Infinity`` for an
        unbounded one); after Ctrl-C the ones computed so far (``partial`` is set).

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [-1]], [0, 1]), ([[1, 1]], [0])], domain=[(-1, 2)])
            >>> rep.volumes()
            [1, 1, 1]
        """
        N = len(self._enumerate())
        if len(self._vols) < N:
            t0 = time.perf_counter()
            for k in self._each(len(self._vols), N, "volumes"):
                self._vols.append(self._region(k).volume())
            self._timed("volumes", t0)
        return list(self._vols)

    def linear_volumes(self):
        """
        The exact volumes of the linear regions (sums over their activation regions);
        ``None`` if the volumes were interrupted.

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [1]], [0, -1]), ([[1, 0]], [0])], domain=[(-1, 3)])
            >>> rep.volumes(), rep.linear_volumes()
            ([1, 1, 2], [1, 3])
        """
        vols = self.volumes()
        if len(vols) < len(self._enumerate()):
            return None
        from sage.rings.rational_field import QQ
        return [sum((vols[i] for i in c), QQ(0)) for c in self._components()]

    def total_volume(self):
        """
        The volume covered by the regions inside a bounded domain, else ``None``.

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [-1]], [0, 1]), ([[1, 1]], [0])], domain=[(-1, 2)])
            >>> rep.total_volume()
            3
            >>> RegionsReport([([[1]], [0]), ([[1]], [0])]).total_volume() is None
            True
        """
        if self.dom is None or not self.dom.is_bounded():
            return None
        vols = self.volumes()
        if len(vols) < len(self._enumerate()):
            return None
        from sage.rings.rational_field import QQ
        return sum(vols, QQ(0))

    def region_data(self, which="activation"):
        """
        One record per region (``which="activation"`` or ``"linear"``), with exact
        numbers as strings: the activation pattern(s), the affine map, an interior
        point, whether it is bounded and its volume when :meth:`volumes` computed it.
        Stops at Ctrl-C with the records made so far (``partial`` is set).

        EXAMPLES::

            >>> from tropsage.regions.report import RegionsReport
            >>> rep = RegionsReport([([[1], [1]], [0, -1]), ([[1, 0]], [0])])   # relu(x)
            >>> [r["map"]["gradient"] for r in rep.region_data("linear")]
            [['0'], ['1']]
            >>> rep.region_data("linear")[1]["activation_patterns"]
            [[[1, 0], []], [[1, 1], []]]
        """
        if which not in ("activation", "linear"):
            raise ValueError(f"which must be 'activation' or 'linear', got {which!r}")
        N = len(self._enumerate())
        flags = self._bounded_flags()
        if len(flags) < N:
            return []
        vols = self._vols if len(self._vols) == N else None
        if which == "activation":
            total, desc = N, "region records"
        else:
            comps = self._components()
            regs = self.linear()
            if len(regs) < len(comps):
                return []
            total, desc = len(comps), "linear region records"
        out = []
        t0 = time.perf_counter()
        for k in self._each(0, total, desc):
            if which == "activation":
                R = self._region(k)
                rec = {"activation_pattern": _pattern(R.activation_pattern)}
                bounded = flags[k]
                vol = vols[k] if vols is not None else None
            else:
                R, c = regs[k], comps[k]
                rec = {"activation_patterns": [_pattern(p)
                                               for p in R.labels["activation_patterns"]]}
                bounded = all(flags[i] for i in c)
                vol = None
                if vols is not None:
                    from sage.rings.rational_field import QQ
                    vol = sum((vols[i] for i in c), QQ(0))
            rec["map"] = _map(R)
            rec["interior_point"] = [str(v) for v in R.interior_point()]
            rec["bounded"] = bounded
            rec["volume"] = None if vol is None else str(vol)
            out.append(rec)
        self._timed(f"{which} records", t0)
        return out


@accepts_activations
def regions_report(net, domain=None, n_jobs=1, client=None, progress=None, checkpoint=None,
                   volumes=None, regions=False):
    """
    Counts, volumes and (optionally) per-region records of a network's regions, in one
    dict (what ``tropsage regions --json`` writes).

    INPUT:

    - ``net``, ``domain``, ``n_jobs``, ``client``, ``progress``, ``checkpoint`` -- see
      :class:`RegionsReport`.
    - ``volumes`` -- compute exact volumes; ``None`` (default): when ``domain`` is
      bounded.
    - ``regions`` -- include the per-region records (``"regions"`` for activation
      regions, ``"linear_region_list"`` for linear regions).

    OUTPUT: a dict with keys ``network``, ``input_dim``, ``domain``,
    ``activation_regions``, ``linear_regions``, ``bounded``/``unbounded``
    (activation regions, and ``linear_bounded``/``linear_unbounded``), ``volumes``
    (per linear region, exact, as strings; ``"+Infinity"`` when unbounded; ``None``
    when not computed), ``total_volume`` (within a bounded domain), ``partial``,
    ``seconds`` (per phase in ``phases``) and ``stats``. After Ctrl-C in the
    enumeration (``partial`` true) only the counts found so far are given.

    EXAMPLES::

        >>> from tropsage.regions.report import regions_report
        >>> r = regions_report([([[1], [-1]], [0, 1]), ([[1, 1]], [0])], domain=[(-1, 2)])
        >>> r["activation_regions"], r["linear_regions"], r["bounded"], r["volumes"], r["total_volume"]
        (3, 3, 3, ['1', '1', '1'], '3')
    """
    t0 = time.perf_counter()
    rep = RegionsReport(net, domain, n_jobs=n_jobs, client=client, progress=progress,
                        checkpoint=checkpoint)
    count = rep.count()
    out = {"network": repr(rep.net), "input_dim": rep.n,
           "domain": None if domain is None else str(domain),
           "activation_regions": count, "partial": rep.partial,
           "open_cells": rep.info.get("open_cells", 0), "stats": rep.info.get("stats", {})}
    if not rep.partial:
        b = rep.bounded()
        if b is not None:
            out["bounded"], out["unbounded"] = b
        out["linear_regions"] = rep.linear_count()
        lb = rep.linear_bounded()
        if lb is not None:
            out["linear_bounded"], out["linear_unbounded"] = lb
        if volumes or (volumes is None and rep.dom is not None and rep.dom.is_bounded()):
            lv = rep.linear_volumes()
            out["volumes"] = None if lv is None else [str(v) for v in lv]
            tv = rep.total_volume()
            out["total_volume"] = None if tv is None else str(tv)
        else:
            out["volumes"], out["total_volume"] = None, None
        if regions:
            out["regions"] = rep.region_data("activation")
            out["linear_region_list"] = rep.region_data("linear")
    out["partial"] = rep.partial
    out["seconds"] = time.perf_counter() - t0
    out["phases"] = dict(rep.phases)
    return out
