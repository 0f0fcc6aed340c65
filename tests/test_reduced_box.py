"""
Reduced enumerations in a box (tropsage.regions.reduced, tropsage.nn.domain_filter.DomainFilter):
the box test after the reduced enumeration agrees with the unreduced enumeration,
exercises every certified step, shows a progress bar, and stops at Ctrl-C within a
second with what it found.
"""

import os
import signal
import time
from collections import Counter

import pytest

import tropsage.regions.reduced as reduced
from tropsage.nn import random_network
from tropsage.nn.domain_filter import DomainFilter
from tropsage.regions.activation import activation_regions, count_activation_regions

# (widths, seed): float nets with n > width_1 whose reduced cells mostly lift outside
# the unit box, so the box test needs its LPs (points and separations)
BOX_NETS = [([8, 4, 4, 1], 0), ([8, 4, 4, 1], 1), ([10, 4, 3, 1], 2), ([9, 5, 3, 1], 3)]


def _patterns(A):
    return [R.activation_pattern for R in A]


@pytest.mark.parametrize("widths,seed", BOX_NETS, ids=[f"{w}-{s}" for w, s in BOX_NETS])
def test_reduced_and_unreduced_agree_in_the_unit_box(widths, seed):
    net = random_network(widths, seed=seed, weights="float")
    box = [(0, 1)] * widths[0]
    A = activation_regions(net, domain=box, progress=False)
    B = activation_regions(net, domain=box, progress=False, reduce_input=False)
    assert A.info["reduced_dim"] < widths[0] and not A.partial
    assert _patterns(A) == _patterns(B)
    assert A.info["reduced_cells"] > len(A)      # some cylinders miss the box
    for R, S in zip(A, B):
        p = R.interior_point()
        assert all(0 < v < 1 for v in p)
        assert R.pieces[0].contains(p, strict=True) and S.pieces[0].contains(p, strict=True)
        assert (R.gradient, R.constant) == (S.gradient, S.constant)
        assert R(p) == net(p)[0]
    assert count_activation_regions(net, domain=box, progress=False) == len(B)


def test_box_test_uses_every_certified_step():
    """Across the nets, cells are settled by a lifted point, a float LP's point and a
    separation certificate; a deliberately wrong float LP changes nothing."""
    seen = Counter()
    for widths, seed in BOX_NETS:
        A = activation_regions(random_network(widths, seed=seed, weights="float"),
                               domain=[(0, 1)] * widths[0], progress=False)
        seen.update({k: v for k, v in A.info["stats"].items() if k.startswith("domain:")})
    assert seen["domain:lifted"] and seen["domain:float_point"] and seen["domain:separated"]


def test_a_lying_box_lp_is_caught(monkeypatch):
    """The box test's float LP only proposes: with its solutions and duals replaced
    by random numbers, every proposal is checked exactly, the rest goes to the
    certified and exact steps, and the answer stays the same."""
    import types

    import numpy as np

    import tropsage.nn.domain_filter as nr
    widths, seed = BOX_NETS[1]
    net = random_network(widths, seed=seed, weights="float")
    box = [(0, 1)] * widths[0]
    good = _patterns(activation_regions(net, domain=box, progress=False))
    h, inf, optimal = nr._highs()
    rng = np.random.default_rng(0)

    class Liar:
        def __getattr__(self, name):
            return getattr(h, name)

        def getSolution(self):
            sol = h.getSolution()
            x, y = np.array(sol.col_value), np.array(sol.row_dual)
            return types.SimpleNamespace(col_value=rng.uniform(-2, 2, x.shape),
                                         row_dual=rng.uniform(0, 1, y.shape))

    honest = activation_regions(net, domain=box, progress=False).info["stats"]
    monkeypatch.setattr(nr, "_highs", lambda: (Liar(), inf, optimal))
    A = activation_regions(net, domain=box, progress=False)
    assert _patterns(A) == good
    # every lie was caught: the cells the box LP settled before went on to the
    # certified prefilter (or the exact test)
    lied = A.info["stats"]
    assert lied["domain:float_lp"] == honest["domain:float_lp"] > 0
    assert lied.get("domain:certify", 0) > honest.get("domain:certify", 0)
    for R in A:
        p = R.interior_point()
        assert all(0 < v < 1 for v in p) and R.pieces[0].contains(p, strict=True)


def test_box_test_shows_a_progress_bar(capsys):
    net = random_network([8, 4, 4, 1], seed=0, weights="float")
    activation_regions(net, domain=[(0, 1)] * 8, progress=True)
    err = capsys.readouterr().err
    assert "activation regions" in err and "cells in the domain" in err


def _sigint_at_call(monkeypatch, k, times=1):
    """Make the box test's ``k``-th batch send SIGINT (``times`` in a row) to this process."""
    calls = {"n": 0, "sent": None}
    real = DomainFilter.interior_many

    def wrapped(self, cells):
        calls["n"] += 1
        if calls["n"] == k:
            calls["sent"] = time.perf_counter()
            for _ in range(times):
                os.kill(os.getpid(), signal.SIGINT)
        return real(self, cells)

    monkeypatch.setattr(DomainFilter, "interior_many", wrapped)
    return calls


NET = ([32, 6, 6, 1], 0)     # about 1,200 reduced cells, 1,071 in the box: ~2 s of box test


def test_ctrl_c_in_the_box_test_stops_within_a_second(monkeypatch):
    widths, seed = NET
    net = random_network(widths, seed=seed, weights="float")
    box = [(0, 1)] * widths[0]
    calls = _sigint_at_call(monkeypatch, 3)
    real_lift = reduced._lift
    ended = []

    def lift(*args):
        try:
            return real_lift(*args)
        finally:
            ended.append(time.perf_counter())

    monkeypatch.setattr(reduced, "_lift", lift)
    A = activation_regions(net, domain=box, progress=False)
    # the box test ends within a second of Ctrl-C (then the kept regions are built)
    assert ended[0] - calls["sent"] < 1.0
    assert time.perf_counter() - calls["sent"] < 2.0
    assert A.partial and A.info["unlifted_cells"] > 0
    assert 0 < len(A) <= A.info["reduced_cells"] - A.info["unlifted_cells"]
    monkeypatch.undo()
    full = activation_regions(net, domain=box, progress=False)
    assert not full.partial and "unlifted_cells" not in full.info
    assert set(_patterns(A)) < set(_patterns(full))
    for R in A:          # what was kept is exact and inside the box
        p = R.interior_point()
        assert all(0 < v < 1 for v in p) and R(p) == net(p)[0]
    # count mode stops the same way, with a lower bound
    _sigint_at_call(monkeypatch, 3)
    c, info = count_activation_regions(net, domain=box, progress=False, return_info=True)
    assert info["partial"] and 0 < c < len(full)


def test_second_ctrl_c_in_the_box_test_stops_at_once(monkeypatch):
    """Two Ctrl-C (the second raises KeyboardInterrupt): no grace period, the batch
    under way is dropped, what came before is kept."""
    widths, seed = NET
    net = random_network(widths, seed=seed, weights="float")
    monkeypatch.setattr(reduced, "GRACE", 30.0)        # only the second Ctrl-C can stop it now
    calls = _sigint_at_call(monkeypatch, 4, times=2)
    A = activation_regions(net, domain=[(0, 1)] * widths[0], progress=False)
    assert time.perf_counter() - calls["sent"] < 1.0
    assert A.partial
    assert A.info["unlifted_cells"] == A.info["reduced_cells"] - 3 * reduced.CHUNK
    assert 0 < len(A) <= 3 * reduced.CHUNK


def test_ctrl_c_in_the_enumeration_keeps_lifted_cells(monkeypatch):
    """Ctrl-C during the reduced enumeration stops it, and the lift that follows only
    goes on for GRACE seconds with what was found."""
    widths, seed = NET
    net = random_network(widths, seed=seed, weights="float")
    box = [(0, 1)] * widths[0]
    import tropsage.regions.activation as act
    real = act._step
    calls = {"n": 0}

    def step(*args, **kw):
        calls["n"] += 1
        if calls["n"] == 4:
            os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kw)

    monkeypatch.setattr(act, "_step", step)
    monkeypatch.setattr(reduced, "GRACE", 0.2)
    t = time.perf_counter()
    A = activation_regions(net, domain=box, progress=False, batch=8)
    assert time.perf_counter() - t < 5
    assert A.partial and A.info["open_cells"] > 0
    monkeypatch.undo()
    full = activation_regions(net, domain=box, progress=False)
    assert set(_patterns(A)) <= set(_patterns(full)) and len(A) < len(full)


def test_ctrl_c_in_the_box_test_then_resume_from_the_checkpoint(monkeypatch, tmp_path):
    """The enumeration finished and was saved; the box test was stopped: the same call
    again reads the reduced cells back and tests them all."""
    widths, seed = NET
    net = random_network(widths, seed=seed, weights="float")
    box = [(0, 1)] * widths[0]
    path = tmp_path / "r.ckpt"
    monkeypatch.setattr(reduced, "GRACE", 0.0)
    _sigint_at_call(monkeypatch, 2)
    part = activation_regions(net, domain=box, progress=False, checkpoint=path)
    assert part.partial and part.info["unlifted_cells"] > 0
    monkeypatch.undo()
    again = activation_regions(net, domain=box, progress=False, checkpoint=path)
    full = activation_regions(net, domain=box, progress=False)
    assert not again.partial and _patterns(again) == _patterns(full)
    assert set(_patterns(part)) < set(_patterns(full))


def test_reduced_box_with_worker_processes(monkeypatch):
    """n_jobs=2: the reduced cells come from worker processes (their maps packed), the
    box test runs here; same regions, same order, same maps as the serial run."""
    from tropsage.regions import parallel
    monkeypatch.setattr(parallel, "SERIAL_FIRST", 0.0)
    net = random_network([24, 5, 5, 1], seed=0, weights="float")
    box = [(0, 1)] * 24
    A = activation_regions(net, domain=box, progress=False)
    B = activation_regions(net, domain=box, progress=False, n_jobs=2)
    assert B.info["stats"]["bytes_from_workers"] > 0
    assert _patterns(A) == _patterns(B)
    assert [R.map_str() for R in A] == [R.map_str() for R in B]
    assert count_activation_regions(net, domain=box, progress=False, n_jobs=2) == len(A)
