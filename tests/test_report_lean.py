"""The lean regions report, the linear merge on leaves, the parallel path's transfer
and the checkpoint's row encoding (issue 18)."""

import itertools
import json
import os
from collections import Counter

import numpy as np
import pytest
from click.testing import CliRunner

from tropsage.nn import random_network
from tropsage.nn.io import save_network
from tropsage.regions import parallel as par
from tropsage.regions.activation import _Leaf, activation_regions, count_activation_regions
from tropsage.regions.checkpoint import Checkpoint, decode, encode
from tropsage.regions.linear import _adjacent_pairs, _components, _map_key
from tropsage.regions.report import RegionsReport, _leaf_key


def _slow_components(A):
    """The linear regions by the plain pairwise test on the polyhedra (the reference)."""
    parent = list(range(len(A)))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a
    for i, j in itertools.combinations(range(len(A)), 2):
        if _map_key(A[i]) == _map_key(A[j]) and \
                A[i].pieces[0].facet_adjacent(A[j].pieces[0]):
            ri, rj = find(i), find(j)
            parent[max(ri, rj)] = min(ri, rj)
    comps = {}
    for i in range(len(A)):
        comps.setdefault(find(i), []).append(i)
    return [comps[r] for r in sorted(comps)]


# nets with identical maps on several regions: a zero output weight, and an
# integer net whose hyperplanes meet in degenerate ways
DEGENERATE = [
    [([[1], [1], [-1]], [0, -1, 2]), ([[1, 0, 0]], [0])],
    [([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 0]), ([[1, 1, 0, 0]], [0])],
    [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 0, 0], [0, 0, 1]], [0, 0]), ([[1, 1]], [0])],
]


@pytest.mark.parametrize("net", DEGENERATE + [random_network([2, 4, 4, 1], seed=s) for s in range(3)])
def test_batched_merge_equals_pairwise_facet_test(net):
    A = activation_regions(net, reduce_input=False)
    fast = _components([_map_key(R) for R in A], A.__getitem__, None)
    assert fast == _slow_components(A)


@pytest.mark.parametrize("domain", [None, [(-1, 2), (-1, 2)]])
def test_report_counts_match_region_lists(domain):
    for net in DEGENERATE[1:] + [random_network([2, 5, 5, 1], seed=4)]:
        rep = RegionsReport(net, domain=domain, progress=False)
        A = activation_regions(net, domain=domain)
        comps = _slow_components(A)
        assert rep.count() == len(A)
        assert rep.linear_count() == len(comps)
        # the counts made no region object (the merge reads the leaves' rows)
        assert rep.built() == 0
        assert [R.activation_pattern for R in rep.activation()] == \
            [R.activation_pattern for R in A]
        assert [R.labels["activation_patterns"] for R in rep.linear()] == \
            [[A[i].activation_pattern for i in c] for c in comps]


def test_report_on_a_reduced_net():
    """n > width_1: leaves lifted from the reduced space, merged there."""
    net = random_network([5, 2, 3, 1], seed=1)
    for domain in (None, [(-1, 1)] * 5):
        rep = RegionsReport(net, domain=domain, progress=False)
        A = activation_regions(net, domain=domain, reduce_input=False)
        assert rep.count() == len(A)
        assert rep.linear_count() == len(_slow_components(A))


def test_leaf_key_is_the_exact_map():
    A = activation_regions(random_network([2, 4, 4, 2], seed=5))
    rep = RegionsReport(random_network([2, 4, 4, 2], seed=5), progress=False)
    leaves = rep._enumerate()
    assert len({_leaf_key(lf) for lf in leaves}) == len({_map_key(R) for R in A})
    lf = _Leaf((), [], (0,), 1, np.array([[3, -6, 9]], dtype=object), -12)
    assert _leaf_key(lf) != _leaf_key(_Leaf((), [], (0,), 1, np.array([[1, -2, 3]], dtype=object), 4))


def test_cli_default_makes_no_region_objects(tmp_path, monkeypatch):
    """The default `tropsage regions` prints both counts without building regions."""
    from tropsage.regions import activation
    built = []
    orig = activation._leaf_region

    def spy(*args, **kwargs):
        built.append(1)
        return orig(*args, **kwargs)
    monkeypatch.setattr(activation, "_leaf_region", spy)
    net = random_network([2, 5, 5, 1], seed=2)
    path = str(tmp_path / "net.json")
    save_network(net, path)
    r = CliRunner().invoke(__import__("tropsage.cli", fromlist=["main"]).main,
                           ["regions", path, "--jobs", "1", "--json", "-"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    A = activation_regions(net)
    assert d["activation_regions"] == len(A)
    assert d["linear_regions"] == len(_slow_components(A))
    assert d["regions"] and len(d["regions"]) == len(A)        # --json: records
    built.clear()
    r = CliRunner().invoke(__import__("tropsage.cli", fromlist=["main"]).main,
                           ["regions", path, "--jobs", "1"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[2] == f"activation regions  {len(A)}"
    assert lines[3] == f"linear regions      {d['linear_regions']}"
    assert lines[4].startswith("time") and lines[4].endswith("s (wall)")
    assert len(built) < len(A)


# -- parallel --------------------------------------------------------------------

@pytest.fixture
def no_serial_start(monkeypatch):
    monkeypatch.setattr(par, "SERIAL_FIRST", 0.0)


def test_same_regions_same_order_for_jobs_and_dask(no_serial_start):
    net = random_network([3, 6, 6, 1], seed=7, weights="float")
    serial = activation_regions(net)
    # (interior points are representatives: they depend on which process refined
    # which cell, and are checked strictly inside by tests/test_engine.py)

    def key(A):
        return [(R.activation_pattern, R.map_str(), R.pieces[0].inequality_rows().tolist())
                for R in A]
    two = activation_regions(net, n_jobs=2)
    assert key(two) == key(serial)
    st = two.info["stats"]
    assert st["bytes_from_workers"] > 0 and st["bytes_to_workers"] > 0
    assert 0 <= st["workers_idle_ms"] <= st["workers_wall_ms"]
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = activation_regions(net, client=client)
    assert key(dask) == key(serial)


def test_shared_rows_keep_every_leaf(no_serial_start):
    """
    Leaves share the row objects of their common ancestors (the engine converts each
    node's rows once), so pickle sends each row once; the same rows arrive.
    """
    import pickle
    net = random_network([3, 6, 6, 1], seed=3, weights="float")
    from tropsage.regions.activation import _prepare, _root, _Run, _serial
    from tropsage.nn import as_network
    prep = _prepare(as_network(net))
    run = _Run([_root(prep, 3, np.zeros((0, 4), dtype=np.int64), (0,) * 3, 1)], [], 0, Counter())
    _serial(prep, run, True)
    a, b = run.leaves[0], run.leaves[1]
    assert a.H[0] is b.H[0]                    # the first cut's row, one object
    before = [[list(r) for r in lf.H] for lf in run.leaves]
    back = pickle.loads(pickle.dumps(run.leaves))
    assert [lf.H for lf in back] == before
    assert back[0].H[0] is back[1].H[0]
    rows = [lf.H for lf in run.leaves]
    assert 2 * len(pickle.dumps(rows)) < len(pickle.dumps(before))


def test_interrupted_parallel_run_keeps_what_was_found(no_serial_start, tmp_path):
    """A stop after some results: the finished regions and open cells resume to the
    full answer (from a checkpoint)."""
    net = random_network([4, 10, 10, 10, 1], seed=2, weights="float")
    full = count_activation_regions(net)
    path = tmp_path / "run.ckpt"
    calls = [0]

    def stop():
        calls[0] += 1
        return calls[0] > 3
    from tropsage.regions.activation import _fingerprint, _prepare, _root, _Run
    from tropsage.nn import as_network
    prep = _prepare(as_network(net))
    run = _Run([_root(prep, 4, np.zeros((0, 5), dtype=np.int64), (0,) * 4, 1)], [], 0, Counter())
    done = par.parallel_enumerate(prep, run, True, 2, None, stop=stop)
    if done or not run.stack:
        pytest.skip("the run finished before the stop")
    assert run.count == len(run.leaves) and run.stack
    ck = Checkpoint(path, _fingerprint(prep, None, "regions"), mode="regions")
    ck.save(run)
    back = ck.load()
    assert back.count == run.count and len(back.stack) == len(run.stack)
    from tropsage.regions.activation import _serial
    assert _serial(prep, back, True)
    assert back.count == full == len({lf.pattern for lf in back.leaves})


# -- checkpoint encoding -----------------------------------------------------------

@pytest.mark.parametrize("value", [
    [[1, 2], [3, -4]], [[]], [[1], [], [2, 3]], ((0, 1), (), (1,)), [[2 ** 200, -3 ** 150]],
    [[10 ** 5000]], [[True, 1]], [[1, 2], (3, 4)], [(1, 2), (3, 4)], [[1.5, 2]],
])
def test_checkpoint_rows_round_trip(value):
    back = decode(json.loads(json.dumps(encode(value))))
    assert back == value and type(back) is type(value)
    for a, b in zip(back, value):
        assert type(a) is type(b)
        if isinstance(a, (list, tuple)):
            assert [type(v) for v in a] == [type(v) for v in b]


@pytest.mark.parametrize("bad", ["1,2;x", "1;;2,", " 1", "1_0", "+1", "1;2\n", 5])
def test_checkpoint_bad_rows_are_refused(bad):
    with pytest.raises(ValueError):
        decode(["R", bad])
