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


class RegionsReport:
    r"""
    Lazy counts, volumes and per-region records of a network's regions.

    INPUT:

    - ``net`` -- any network argument (see :func:`tropsage.nn.as_network`).
    - ``domain`` -- ``None`` (all of ``Q^n``), a box ``[(lo, hi), ...]`` or a polyhedron.
    - ``n_jobs``, ``client``, ``checkpoint`` -- for the enumeration, see
      :func:`~tropsage.regions.activation.activation_regions`.
    - ``progress`` -- ``True``/``False``, or ``None`` (default): tqdm bars on standard
      error when it is a terminal.

    ATTRIBUTES: ``partial`` (a phase was interrupted), ``phases`` (seconds per phase).

    EXAMPLES::

        >>> from tropsage.regions.report import RegionsReport
        >>> rep = RegionsReport([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
        >>> len(rep.activation()), rep.bounded(), rep.volumes()
        (4, (0, 4), [+Infinity, +Infinity, +Infinity, +Infinity])
        >>> rep.total_volume() is None, rep.partial
        (True, False)
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
        self._A = self._L = self._bounded = None
        self._vols = []          # volumes of the activation regions computed so far, in order

    def _timed(self, name, t0):
        self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - t0

    def activation(self):
        """The activation regions (a :class:`~tropsage.regions.RegionList`; enumerated once)."""
        if self._A is None:
            from tropsage.regions.activation import BATCH, _region_list
            t0 = time.perf_counter()
            # after Ctrl-C only the count is reported: no region objects to build
            self._A = _region_list(self.net, self.domain, self.progress, self.checkpoint, 30,
                                   self.n_jobs, self.client, BATCH, True,
                                   partial_regions=False)
            self._timed("enumeration", t0)
            self.partial |= self._A.partial
        return self._A

    def _bounded_flags(self):
        """Per activation region: bounded? (stops at Ctrl-C with the flags found so far)."""
        A = self.activation()
        if self._bounded is None:
            self._bounded = []
        flags = self._bounded
        if len(flags) < len(A):
            if self.dom is not None and self.dom.is_bounded():
                flags[:] = [True] * len(A)
                return flags
            t0 = time.perf_counter()
            with StopFlag() as stop, _bar(self.progress, len(A), "bounded") as bar:
                bar.update(len(flags))
                for R in A[len(flags):]:
                    if stop():
                        self.partial = True
                        break
                    flags.append(bool(R.is_bounded()))
                    bar.update(1)
            self._timed("bounded", t0)
        return flags

    def bounded(self):
        """
        ``(bounded, unbounded)`` activation regions (free inside a bounded domain,
        one exact test per region otherwise); ``None`` if interrupted.
        """
        flags = self._bounded_flags()
        if len(flags) < len(self.activation()):
            return None
        b = sum(flags)
        return b, len(flags) - b

    def linear_bounded(self):
        """``(bounded, unbounded)`` linear regions; ``None`` if interrupted."""
        flags = self._bounded_flags()
        A = self.activation()
        if len(flags) < len(A):
            return None
        by_pattern = {R.activation_pattern: f for R, f in zip(A, flags)}
        b = sum(all(by_pattern[p] for p in R.labels["activation_patterns"]) for R in self.linear())
        return b, len(self.linear()) - b

    def linear(self):
        """The linear regions: activation regions with one affine map joined across facets."""
        if self._L is None:
            from tropsage.regions.activation import _merge_by_facets
            from tropsage.regions.region import RegionList
            A = self.activation()
            t0 = time.perf_counter()
            self._L = RegionList(_merge_by_facets(A, self.n, self.progress), info=dict(A.info))
            self._timed("linear", t0)
        return self._L

    def volumes(self):
        """
        The exact volumes of the activation regions, in order (``+Infinity`` for an
        unbounded one); after Ctrl-C the ones computed so far (``partial`` is set).
        """
        A = self.activation()
        if len(self._vols) < len(A):
            t0 = time.perf_counter()
            with StopFlag() as stop, _bar(self.progress, len(A), "volumes") as bar:
                bar.update(len(self._vols))
                for R in A[len(self._vols):]:
                    if stop():
                        self.partial = True
                        break
                    self._vols.append(R.volume())
                    bar.update(1)
            self._timed("volumes", t0)
        return list(self._vols)

    def linear_volumes(self):
        """The exact volumes of the linear regions (sums over their activation regions)."""
        vols = self.volumes()
        if len(vols) < len(self.activation()):
            return None
        from sage.rings.rational_field import QQ
        by_pattern = {R.activation_pattern: v for R, v in zip(self.activation(), vols)}
        return [sum((by_pattern[p] for p in R.labels["activation_patterns"]), QQ(0))
                for R in self.linear()]

    def total_volume(self):
        """The volume covered by the regions inside a bounded domain, else ``None``."""
        if self.dom is None or not self.dom.is_bounded():
            return None
        vols = self.volumes()
        if len(vols) < len(self.activation()):
            return None
        from sage.rings.rational_field import QQ
        return sum(vols, QQ(0))

    def region_data(self, which="activation"):
        """
        One record per region (``which="activation"`` or ``"linear"``), with exact
        numbers as strings: the activation pattern(s), the affine map, an interior
        point, whether it is bounded and its volume when :meth:`volumes` computed it.
        Stops at Ctrl-C with the records made so far (``partial`` is set).
        """
        A = self.activation()
        vols = self._vols
        if which == "activation":
            regs, desc = A, "region records"
            vol = {k: v for k, v in enumerate(vols)}
        elif which == "linear":
            regs, desc = self.linear(), "linear region records"
            lv = self.linear_volumes() if len(vols) == len(A) else None
            vol = {} if lv is None else dict(enumerate(lv))
        else:
            raise ValueError(f"which must be 'activation' or 'linear', got {which!r}")
        flags = self._bounded_flags()
        if len(flags) < len(A):
            return []
        if which == "linear":
            by_pattern = {R.activation_pattern: f for R, f in zip(A, flags)}
        out = []
        t0 = time.perf_counter()
        with StopFlag() as stop, _bar(self.progress, len(regs), desc) as bar:
            for k, R in enumerate(regs):
                if stop():
                    self.partial = True
                    break
                rec = {}
                if which == "activation":
                    rec["activation_pattern"] = _pattern(R.activation_pattern)
                else:
                    rec["activation_patterns"] = [_pattern(p)
                                                  for p in R.labels["activation_patterns"]]
                rec["map"] = _map(R)
                rec["interior_point"] = [str(v) for v in R.interior_point()]
                rec["bounded"] = (flags[k] if which == "activation" else
                                  all(by_pattern[p] for p in R.labels["activation_patterns"]))
                rec["volume"] = str(vol[k]) if k in vol else None
                out.append(rec)
                bar.update(1)
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
    A = rep.activation()
    out = {"network": repr(rep.net), "input_dim": rep.n,
           "domain": None if domain is None else str(domain),
           "activation_regions": A.info.get("regions_found", len(A)), "partial": rep.partial,
           "open_cells": A.info.get("open_cells", 0), "stats": A.info.get("stats", {})}
    if not rep.partial:
        b = rep.bounded()
        if b is not None:
            out["bounded"], out["unbounded"] = b
        L = rep.linear()
        out["linear_regions"] = len(L)
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
