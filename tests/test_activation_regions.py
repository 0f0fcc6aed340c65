"""Exact activation regions and linear regions of networks (issue 5)."""

import math
import os
import signal
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tropsage.nn import as_network, random_network
from tropsage.regions.activation import (activation_regions, count_activation_regions,
                                         count_linear_regions_of_network,
                                         linear_regions_of_network)
from tropsage.regions.report import regions_report

SPEC_NET = [([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])]


def _random_points(n, k, seed, scale=6):
    rng = np.random.default_rng(seed)
    return [[Fraction(int(v), 97) for v in rng.integers(-97 * scale, 97 * scale, size=n)]
            for _ in range(k)]


def _pattern(net, p):
    """The network's pattern at p, identity layers (which decide nothing) as ()."""
    return tuple(() if L.activation.kind == "identity" else t
                 for L, t in zip(net.layers, net.activation_pattern(p)))


def _check_partition(net, regions, points, domain=None):
    """Each point strictly inside one region (or on a boundary: then in none's interior);
    its region's pattern and map agree with the exact forward pass."""
    net = as_network(net)
    for p in points:
        inside = [R for R in regions if R.pieces[0].contains(p, strict=True)]
        closed = [R for R in regions if R.pieces[0].contains(p)]
        assert len(inside) <= 1
        if domain is None:
            assert closed, f"{p} lies in no closed region"
        if inside:
            R = inside[0]
            assert R.activation_pattern == _pattern(net, p)
            val = R(p)
            out = net(p)
            assert (val,) == out if R.outputs is None else val == out


# -- known answers -----------------------------------------------------------

def test_spec_network():
    A = activation_regions(SPEC_NET)
    assert len(A) == 4 and not A.partial
    assert [R.activation_pattern for R in A] == [((0, 0), ()), ((0, 1), ()), ((1, 0), ()), ((1, 1), ())]
    assert sorted(R.map_str() for R in A) == ["-x + y", "-x - 1", "0", "y + 1"]
    assert all(not R.is_bounded() for R in A)
    assert count_linear_regions_of_network(SPEC_NET) == 4
    assert count_activation_regions(SPEC_NET) == 4


def test_one_layer_is_a_hyperplane_arrangement():
    # generic float weights: Zaslavsky's count sum_{i<=n} C(m, i) is attained
    for n, m, seed in [(2, 5, 0), (3, 6, 1), (4, 7, 2)]:
        net = random_network([n, m, 1], seed=seed, weights="float")
        assert count_activation_regions(net) == sum(math.comb(m, i) for i in range(n + 1))


def test_last_layer_activation_is_the_networks():
    lin = [([[1], [-1]], [0, 0]), ([[1, 1]], [-1])]
    assert count_activation_regions(lin) == 2
    # relu(|x| - 1): |x| - 1 crosses 0 at -1 and 1, so the final ReLU splits both halves
    R = activation_regions(as_network(lin, activations=["relu", "relu"]))
    assert len(R) == 4
    assert [r.activation_pattern for r in R] == [((0, 1), (0,)), ((0, 1), (1,)), ((1, 0), (0,)), ((1, 0), (1,))]


def test_domain_volumes_and_report():
    net = random_network([2, 4, 3, 1], seed=5)
    dom = [(-2, 3), (-1, 2)]
    A = activation_regions(net, domain=dom)
    assert sum(R.volume() for R in A) == 15
    assert all(R.is_bounded() for R in A)
    full = activation_regions(net)
    assert len(A) <= len(full)
    rep = regions_report(net, domain=dom)
    assert rep["activation_regions"] == len(A)
    assert rep["total_volume"] == "15" and rep["unbounded"] == 0
    assert rep["linear_regions"] == count_linear_regions_of_network(net, domain=dom)
    # a thin domain holds no full-dimensional region
    assert count_activation_regions(net, domain=[(0, 0), (0, 1)]) == 0


def test_bad_input():
    with pytest.raises(ValueError, match="method"):
        linear_regions_of_network(SPEC_NET, method="magic")
    with pytest.raises(ValueError, match="dimension"):
        activation_regions(SPEC_NET, domain=[(0, 1)])
    with pytest.raises(TypeError):
        activation_regions("net")


# -- exactness ---------------------------------------------------------------

@settings(max_examples=25)
@given(st.integers(1, 3), st.lists(st.integers(1, 4), min_size=1, max_size=3), st.integers(0, 10**6),
       st.sampled_from(["relu", ("leaky_relu", Fraction(1, 3)), ("threshold", Fraction(-1, 2))]))
def test_regions_partition_the_space(n, widths, seed, act):
    """Integer weights (degenerate arrangements on purpose): every random rational point
    lies in at most one open region and in some closed region, with the right pattern
    and affine map."""
    acts = [act] * len(widths) + ["identity"]
    net = random_network([n] + widths + [1], seed=seed, activations=acts)
    A = activation_regions(net)
    assert len({R.activation_pattern for R in A}) == len(A)
    for R in A:
        p = R.interior_point()
        assert R.activation_pattern == _pattern(net, p)
        assert (R(p),) == net(p)
    _check_partition(net, A, _random_points(n, 12, seed))


def test_maxout_network():
    net = random_network([2, 3, 2, 1], seed=4, activations=[("maxout", 2), "relu", "identity"])
    A = activation_regions(net)
    assert len(A) > 1
    _check_partition(net, A, _random_points(2, 40, 1))


def test_rational_weights_and_float_weights():
    for w in ("rational", "float"):
        net = random_network([2, 4, 4, 2], seed=7, weights=w)
        A = activation_regions(net)
        _check_partition(net, A, _random_points(2, 30, 2))


# -- peers ---------------------------------------------------------------------

def _affinitree_count(net):
    pytest.importorskip("affinitree")
    from tropsage.numerical.crosscheck import affinitree_tree
    return affinitree_tree(net).num_terminals()


@pytest.mark.peers
@pytest.mark.parametrize("widths,seed", [([2, 6, 5, 1], 0), ([2, 5, 5, 5, 1], 1), ([3, 6, 6, 1], 2),
                                         ([3, 5, 4, 4, 1], 3), ([4, 6, 5, 1], 4), ([4, 5, 4, 3, 1], 5),
                                         ([3, 7, 7, 1], 6)])
def test_counts_equal_affinitree(widths, seed):
    # float32 weights (read exactly): generic arrangements, where a float tool is right
    net = random_network(widths, seed=seed, weights="float")
    assert count_activation_regions(net) == _affinitree_count(net)


@pytest.mark.peers
@pytest.mark.parametrize("widths,seed,size", [([2, 6, 5, 1], 0, 3), ([2, 5, 5, 5, 1], 1, 2),
                                              ([2, 8, 8, 1], 2, 4)])
def test_counts_equal_regioncam(widths, seed, size):
    regioncam = pytest.importorskip("regioncam")
    net = random_network(widths, seed=seed, weights="float")
    rc = regioncam.Regioncam(size=float(size))     # the square [-size, size]^2
    for L in net.layers:
        W = np.array([[float(v) for v in r] for r in L.W], dtype=np.float32)
        b = np.array([float(v) for v in L.b], dtype=np.float32)
        rc.linear(W.T.copy(), b)
        if L.activation.kind == "relu":
            rc.relu()
    assert count_activation_regions(net, domain=[(-size, size)] * 2) == rc.num_faces


# -- linear regions: both methods ----------------------------------------------

def test_linear_regions_merge():
    net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]          # |x|
    L = linear_regions_of_network(net)
    assert len(L) == 2 and L.info["activation_regions"] == 2
    net = [([[1], [1]], [0, 0]), ([[1, 1]], [0])]           # 2 relu(x): duplicate neurons
    assert count_activation_regions(net) == 2
    dead = [([[1], [1]], [0, -1]), ([[0, 0]], [3])]         # constant output: one linear region
    L = linear_regions_of_network(dead)
    assert len(L) == 1 and len(L[0].pieces) == 3 and L[0].map_str() == "3"


def _vector_map(R):
    if R.outputs is None:
        return (R.gradient,), (R.constant,)
    return R.gradient, R.constant


def test_methods_agree():
    pytest.importorskip("tropsage.regions.tropical")
    for seed in range(20):
        n = 1 + seed % 2
        net = random_network([n, 3, 2, 1], seed=seed, bound=2)
        a = linear_regions_of_network(net, method="activation")
        t = linear_regions_of_network(net, method="tropical")
        assert len(a) == len(t), seed
        assert sorted(_vector_map(R) for R in a) == sorted(_vector_map(R) for R in t), seed


# -- long runs -----------------------------------------------------------------

def _patterns(A):
    return [R.activation_pattern for R in A]


def test_parallel_and_dask_same_order(monkeypatch):
    from tropsage.regions import parallel
    monkeypatch.setattr(parallel, "SERIAL_FIRST", 0.0)   # use the processes on a small net
    net = random_network([3, 6, 6, 1], seed=11, weights="float")
    serial = activation_regions(net)
    par = activation_regions(net, n_jobs=2)
    assert _patterns(par) == _patterns(serial)
    assert [R.pieces[0].inequality_rows().tolist() for R in par] == \
        [R.pieces[0].inequality_rows().tolist() for R in serial]
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = activation_regions(net, client=client)
        assert _patterns(dask) == _patterns(serial)
        assert count_activation_regions(net, client=client) == len(serial)


def test_checkpoint_mismatch(tmp_path):
    path = tmp_path / "c.ckpt"
    assert count_activation_regions(SPEC_NET, checkpoint=path) == 4
    with pytest.raises(ValueError, match="another network"):
        count_activation_regions(random_network([2, 3, 1]), checkpoint=path)


_CHILD = """
import sys
from tropsage.nn import random_network
from tropsage.regions.activation import activation_regions
net = random_network([3, 8, 8, 8, 1], seed=2, weights="float")
activation_regions(net, checkpoint=sys.argv[1], checkpoint_every=0, progress=False, batch=8)
"""


def test_killed_run_resumes_from_checkpoint(tmp_path):
    path = str(tmp_path / "run.ckpt")
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, path])
    try:
        deadline = time.monotonic() + 120
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        proc.kill()
        proc.wait()
    assert os.path.exists(path)
    import json
    with open(path, "rb") as f:
        state = json.loads(f.read().partition(b"\n")[2])     # header line, then the payload
    assert not state["done"] and state["stack"][1], "the run finished before it was killed"
    resumed = activation_regions(random_network([3, 8, 8, 8, 1], seed=2, weights="float"),
                                 checkpoint=path)
    fresh = activation_regions(random_network([3, 8, 8, 8, 1], seed=2, weights="float"))
    assert not resumed.partial
    assert _patterns(resumed) == _patterns(fresh)
    assert [R.map_str() for R in resumed] == [R.map_str() for R in fresh]


def test_ctrl_c_returns_partial_then_resumes(tmp_path):
    # 5,500 regions: with one cell per round the enumeration outlasts the timer
    net = random_network([4, 10, 10, 1], seed=1, weights="float")
    path = tmp_path / "c.ckpt"
    activation_regions([([[1]], [0])])                # imports and engine ready
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    old = signal.signal(signal.SIGALRM, lambda *a: os.kill(os.getpid(), signal.SIGINT))
    try:
        part = activation_regions(net, checkpoint=path, batch=1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert part.partial and part.info["open_cells"] > 0
    full = activation_regions(net)
    assert len(part) < len(full)
    assert set(_patterns(part)) <= set(_patterns(full))
    again = activation_regions(net, checkpoint=path)
    assert not again.partial and _patterns(again) == _patterns(full)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(0, 6), st.integers(0, 2**32 - 1))
def test_generator_decision_matches_exact_full_dimensionality(n, m, seed):
    """The LP-free decision of a cut (cell generators, then a point on the segment to a
    vertex or along a ray) agrees with the exact full-dimensionality test of PPL, and
    the point it returns lies strictly inside the cell, strictly on the other side."""
    from tropsage.polyhedra import ExactPolyhedron
    from tropsage.regions.activation import (Counter, _Cell, _cell_generators, _certify_point,
                                             _other_side, _side_row, _value)
    rng = np.random.default_rng(seed)
    X, D = tuple(int(v) for v in rng.integers(-5, 6, size=n)), int(rng.integers(1, 4))
    H = []
    for _ in range(m):     # rows a.x <= b with X/D strictly inside
        a = [int(v) for v in rng.integers(-4, 5, size=n)]
        if not any(a):
            continue
        ax = sum(u * v for u, v in zip(a, X))
        H.append([ax // D + 1 + int(rng.integers(0, 3))] + a)     # b > a.X/D
    assert _certify_point(H, X, D)
    row = [int(v) for v in rng.integers(-6, 7, size=n + 1)]
    if not any(row[1:]) or _value(row, X, D) == 0:
        return
    same = int(_value(row, X, D) > 0)
    cell = _Cell(0, 0, (), (), H, None, X, D, None, 1)
    q = _other_side(row, same, _cell_generators(cell, n, Counter()), X, D)
    other = H + [_side_row(row, 1 - same)]
    full = ExactPolyhedron.from_integer_rows(np.array(other, dtype=object).reshape(len(other), n + 1),
                                             n=n).is_full_dimensional("ppl")
    assert (q is not None) == full
    if q is not None:
        assert _certify_point(H, *q)
        v = _value(row, *q)
        assert (v < 0) if same else (v > 0)
