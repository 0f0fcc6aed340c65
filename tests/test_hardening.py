"""
Regression tests of issue 13 (hardening), one group per defect class:
code execution from files, wrong answers, crashes and silent changes, faults,
resource exhaustion.
"""

import errno
import json
import math
import os
import pickle
import subprocess
import sys
import time
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest

from tropsage.nn import as_network, random_network
from tropsage.nn.io import load_network

torch = pytest.importorskip("torch")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _Marker:
    """Unpickling this creates the file ``path`` (what an attacker's payload would do)."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


# ---------------------------------------------------------------------------
# code execution from files

def test_code_execution_pt_crafted_state_dict_does_not_run(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"0.weight": torch.ones(1, 2), "0.bias": _Marker(str(marker))}, path)
    with pytest.raises(ValueError, match="not a plain weights file.*trusted=True"):
        load_network(path)
    assert not marker.exists()


def test_code_execution_pickled_module_needs_trusted(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    path = tmp_path / "model.pt"
    torch.save(model, path)
    with pytest.raises(ValueError, match="--trust-pickle"):
        load_network(path)
    net = load_network(path, trusted=True)
    assert net([1, 2]) == as_network(model)([1, 2])


def test_code_execution_checkpoint_pickle_does_not_run(tmp_path):
    from tropsage.regions.checkpoint import Checkpoint
    marker = tmp_path / "pwned"
    path = tmp_path / "run.ckpt"
    with open(path, "wb") as f:
        pickle.dump({"format": 1, "stack": _Marker(str(marker))}, f)
    with pytest.raises(ValueError, match="not a tropsage checkpoint"):
        Checkpoint(path, "fp").load()
    assert not marker.exists()


# ---------------------------------------------------------------------------
# wrong answers

def test_wrong_answer_maxout_repeated_piece_never_wins():
    from tropsage.nn import tropicalize
    from tropsage.regions.activation import activation_regions
    from tropsage.regions.tropical import count_linear_regions
    # pieces x, x, -x (a pruned net's duplicated row): under first-argmax the second
    # copy never wins, so 2 regions of length 1 on [-1, 1], not 3 summing to 3
    net = as_network([([[1], [1], [-1]], [0, 0, 0], ("maxout", 3)), ([[1]], [0], "identity")])
    R = activation_regions(net, domain=[(-1, 1)])
    assert len(R) == 2
    assert sum(r.volume() for r in R) == 2
    for r in R:        # the network's own first-argmax pattern (identity layers decide nothing)
        pat = net.activation_pattern(r.interior_point())
        assert (pat[0], ()) == r.activation_pattern
    assert sorted(r.activation_pattern for r in R) == [((0,), ()), ((2,), ())]
    assert count_linear_regions(tropicalize(net), domain=[(-1, 1)]) == 2


def test_wrong_answer_maxout_all_pieces_equal_and_constant_ties():
    from tropsage.regions.activation import activation_regions
    same = as_network([([[1], [1]], [0, 0], ("maxout", 2)), ([[1]], [0], "identity")])
    R = activation_regions(same, domain=[(-1, 1)])
    assert [r.activation_pattern for r in R] == [((0,), ())]
    # x and x + 0 and x - 1: constant differences, the first tie wins everywhere
    tie = as_network([([[1], [1], [1]], [0, 0, -1], ("maxout", 3)), ([[1]], [0], "identity")])
    R = activation_regions(tie, domain=[(-1, 1)])
    assert [r.activation_pattern for r in R] == [((0,), ())]
    assert tie.activation_pattern([0])[0] == (0,)


def test_wrong_answer_int64_overflow_in_tropical_refinement():
    from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
    from tropsage.regions.tropical import linear_regions
    x, = TropicalPuiseuxSemiring(1).gens()
    T = x.parent()
    C = 2 ** 62 - 2        # int64 entries; three of them summed exceed 2^63
    m = TropicalRationalMap([(T(C) + x) / T(C), T(C) / (x + T(0))])
    R = linear_regions(m)
    assert [r.map_str() for r in R] == [f"(0, {C})", f"(0, -x + {C})", f"(x - {C}, -x + {C})"]
    assert [r.vertices() for r in R] == [((0,),), ((0,), (C,)), ((C,),)]
    for r in R:       # the maps are the function's, at an interior point
        p = r.interior_point()
        assert tuple(r(p)) == tuple(m(*p))


@pytest.mark.parametrize("batch", [-1, 0, 1.5, "8", True, None])
def test_wrong_answer_bad_batch_is_an_error(batch):
    from tropsage.regions.activation import activation_regions, count_activation_regions
    net = [([[1], [-1]], [0, 1]), ([[1, 1]], [0])]
    with pytest.raises(ValueError, match="batch must be a positive integer"):
        count_activation_regions(net, batch=batch)
    with pytest.raises(ValueError, match="batch must be a positive integer"):
        activation_regions(net, batch=batch)
    assert count_activation_regions(net, batch=1) == 3


THIN = [([[1], [1]], [0, Fraction(-1, 10 ** 8)]), ([[1, -1]], [0])]   # middle region: width 1e-8


@pytest.mark.parametrize("solver", ["highs", "glpk"])
def test_wrong_answer_milp_misses_thin_region(solver, capfd):
    from tropsage.queries.milp import count_activation_regions_milp, milp_activation_patterns
    from tropsage.regions.activation import count_activation_regions
    r = milp_activation_patterns(THIN, [(-1, 1)], solver=solver)
    assert r.count == 3 == count_activation_regions(THIN, domain=[(-1, 1)])
    assert r.info["exact"] and r.info["certified"] == "enumeration"
    assert r.info["missed_by_solver"] == 1
    lb = milp_activation_patterns(THIN, [(-1, 1)], solver=solver, certify=False)
    assert not lb.info["exact"] and lb.info["lower_bound"] == lb.count <= 3
    assert "not certified" in repr(lb)
    ok = count_activation_regions_milp([([[1], [1]], [0, -1]), ([[1, -1]], [0])], [(-3, 3)],
                                       solver=solver, return_info=True)
    assert ok[0] == 3 and ok[1]["certified"] == "volume"
    assert capfd.readouterr().out == ""          # the solvers print nothing on stdout


def test_wrong_answer_milp_partial_is_labelled_lower_bound():
    from tropsage.queries.milp import milp_activation_patterns
    net = random_network([2, 4, 3, 1], seed=0)
    r = milp_activation_patterns(net, [(-2, 2), (-2, 2)], max_patterns=2)
    assert r.info["partial"] and not r.info["exact"] and r.info["lower_bound"] == r.count


# ---------------------------------------------------------------------------
# crashes and silent changes

def test_crash_reduce_denominator_beyond_int64():
    from tropsage import TropicalPuiseuxSemiring
    from tropsage.puiseux._kernel import reduce_denominator
    M, d = reduce_denominator(np.zeros((1, 2), dtype=np.int64), 2 ** 64)
    assert d == 1 and M.tolist() == [[0, 0]]
    x, = TropicalPuiseuxSemiring(1).gens()
    q = Fraction(1, 2 ** 64)
    h = x ** q / x ** q
    assert h(5) == 0 and h(Fraction(-7, 3)) == 0


def test_crash_random_nets_with_large_weights():
    from tropsage.nn import tropicalize
    rng = np.random.default_rng(7)
    for _ in range(12):
        h = int(rng.integers(1, 4))
        W1 = rng.standard_normal((h, 2)) * 2.0 ** rng.integers(-80, 80, (h, 2))
        b1 = rng.standard_normal(h) * 2.0 ** rng.integers(-80, 80, h)
        W2 = rng.standard_normal((1, h)) * 2.0 ** rng.integers(-80, 80, (1, h))
        net = as_network([(W1, b1), (W2, [0.5])])
        m = tropicalize(net)
        for _ in range(3):
            p = [Fraction(int(v), 7) for v in rng.integers(-50, 50, 2)]
            assert m(p) == net(p)


def test_silent_change_uint64_and_int64_weights_are_exact():
    big = 2 ** 63 + 5
    t = torch.tensor([[big]], dtype=torch.uint64)
    assert as_network([(t, [0])]).layers[0].W == [[Fraction(big)]]
    t = torch.tensor([[2 ** 62 + 1]], dtype=torch.int64)
    assert as_network([(t, [0])]).layers[0].W == [[Fraction(2 ** 62 + 1)]]
    a = np.array([[big]], dtype=np.uint64)
    net = as_network([(a, np.array([big], dtype=np.uint64))])
    assert net.layers[0].W == [[Fraction(big)]] and net.layers[0].b == [Fraction(big)]
    assert net(np.array([1], dtype=np.uint64)) == (2 * big,)
    # points too: integer tensors are not routed through float64
    one = as_network([([[1]], [0])])
    assert one(torch.tensor([2 ** 62 + 1])) == (2 ** 62 + 1,)
    assert one(torch.tensor([big], dtype=torch.uint64)) == (big,)
    with pytest.raises(TypeError, match="bool"):
        one(torch.tensor([True]))


def test_silent_change_complex_weights_refused(tmp_path):
    W = torch.tensor([[1 + 2j, 3]], dtype=torch.complex64)
    with pytest.raises(TypeError, match="complex"):
        as_network([(W, [0])])
    with pytest.raises(TypeError, match="complex"):
        as_network([(np.array([[1 + 1j, 2]]), [0])])
    path = tmp_path / "c.pt"
    torch.save({"0.weight": W, "0.bias": torch.zeros(1)}, path)
    with pytest.raises(TypeError, match="complex"):
        load_network(path)
    path = tmp_path / "c.npz"
    np.savez(path, W0=np.array([[1 + 1j]]), b0=np.zeros(1))
    with pytest.raises(TypeError, match="complex"):
        load_network(path)


def test_silent_change_bool_weights_refused_in_every_format(tmp_path):
    pt = tmp_path / "b.pt"
    torch.save({"0.weight": torch.tensor([[True, False]]), "0.bias": torch.zeros(1)}, pt)
    npz = tmp_path / "b.npz"
    np.savez(npz, W0=np.array([[True, False]]), b0=np.zeros(1))
    js = tmp_path / "b.json"
    js.write_text(json.dumps({"layers": [{"W": [[True, False]], "b": [0]}]}))
    for path in (pt, npz, js):
        with pytest.raises(TypeError, match="bool"):
            load_network(path)
    with pytest.raises(TypeError, match="bool"):
        as_network([(torch.tensor([[True]]), [0])])


def test_silent_change_npz_with_a_gap_is_an_error(tmp_path):
    path = tmp_path / "gap.npz"
    np.savez(path, W0=np.ones((2, 2)), b0=np.zeros(2), W2=np.ones((1, 2)), b2=np.zeros(1))
    with pytest.raises(ValueError, match="W1 is missing"):
        load_network(path)
    np.savez(path, W0=np.ones((2, 2)), b0=np.zeros(2), W1=np.ones((1, 2)))
    with pytest.raises(ValueError, match="b1 is missing"):
        load_network(path)


def test_crash_truncated_npz_and_pt(tmp_path):
    npz = tmp_path / "t.npz"
    np.savez(npz, W0=np.ones((3, 2)), b0=np.zeros(3), W1=np.ones((1, 3)), b1=np.zeros(1))
    pt = tmp_path / "t.pt"
    torch.save({"0.weight": torch.ones(3, 2), "0.bias": torch.zeros(3)}, pt)
    for path in (npz, pt):
        data = path.read_bytes()
        for cut in (0, 10, len(data) // 2, len(data) - 5):
            bad = tmp_path / ("cut" + path.suffix)
            bad.write_bytes(data[:cut])
            with pytest.raises(ValueError, match=str(bad)):
                load_network(bad)


def test_crash_deep_json_and_huge_numbers_are_quick_errors(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100000 + "]" * 100000)
    t0 = time.monotonic()
    with pytest.raises(ValueError, match="nested too deeply"):
        load_network(path)
    for text in ('{"layers": [{"W": [["1e999999999"]], "b": [0]}]}',
                 '{"layers": [{"W": [[1e999999999]], "b": [0]}]}',
                 '{"layers": [{"W": [[1]], "b": ["1/1e999999999"]}]}',
                 '{"layers": [{"W": [[1]], "b": ["-0.5e-999999999999999999999999"]}]}'):
        path.write_text(text)
        with pytest.raises(ValueError, match="exponent"):
            load_network(path)
    path.write_text('{"layers": [{"W": [[' + "7" * 5000 + "]], \"b\": [0]}]}")
    with pytest.raises(ValueError, match="5000 digits"):
        load_network(path)
    assert time.monotonic() - t0 < 5
    # the limits can be raised
    path.write_text('{"layers": [{"W": [["1e5000"]], "b": [0]}]}')
    assert load_network(path, max_exponent=10000).layers[0].W == [[Fraction(10) ** 5000]]
    path.write_text('{"layers": [{"W": [[' + "7" * 5000 + "]], \"b\": [0]}]}")
    assert load_network(path, max_digits=6000).layers[0].W == [[Fraction((10 ** 5000 - 1) // 9 * 7)]]
    # JSON floats keep their exact binary value, strings their decimal value
    path.write_text('{"layers": [{"W": [[0.1, "0.1"]], "b": ["1/3"]}]}')
    assert load_network(path).layers[0].W == [[Fraction(0.1), Fraction(1, 10)]]
    # and the same limit guards every number string the library reads
    with pytest.raises(ValueError, match="exponent"):
        as_network([([["1e999999999"]], [0])])


def test_as_network_reads_a_state_dict():
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 4),
                                torch.nn.ReLU(), torch.nn.Linear(4, 1))
    a, b = as_network(model), as_network(model.state_dict())
    assert repr(a) == repr(b) and b.info["source"] == "state_dict"
    for p in ([1, 2, 3], [-1, "1/2", 0], [0.25, -3, 7]):
        assert a(p) == b(p)
    c = as_network(model.state_dict(), activations=["relu", "relu", "relu"])
    assert str(c.layers[-1].activation) == "relu"
    with pytest.raises(ValueError, match="running_mean"):
        as_network({"0.running_mean": torch.zeros(2)})
    with pytest.raises(ValueError, match="empty"):
        as_network({})


# ---------------------------------------------------------------------------
# faults (checkpoints)

NET = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]


def _run_state():
    from tropsage.regions.activation import _enumerate
    net, run, info = _enumerate(random_network([2, 4, 3, 1], seed=1), None, True, False,
                                None, 30, 1, None, 2)
    return run


def test_fault_unwritable_checkpoint_path_fails_before_work(tmp_path):
    from tropsage.regions.activation import count_activation_regions
    from tropsage.regions.checkpoint import Checkpoint
    with pytest.raises(ValueError, match="does not exist"):
        count_activation_regions(NET, checkpoint=tmp_path / "no" / "dir" / "run.ckpt")
    with pytest.raises(ValueError, match="is a directory"):
        Checkpoint(tmp_path, "fp")
    if os.geteuid() != 0:             # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            with pytest.raises(ValueError, match="cannot write checkpoint"):
                count_activation_regions(NET, checkpoint=ro / "run.ckpt")
        finally:
            ro.chmod(0o700)


def test_fault_full_disk_keeps_previous_checkpoint(tmp_path, monkeypatch):
    from tropsage.regions import checkpoint as ck_mod
    from tropsage.regions.activation import _Run, count_activation_regions
    path = tmp_path / "run.ckpt"
    ck = ck_mod.Checkpoint(path, "fp", mode="count")
    ck.save(_Run([], [], 5, Counter({"cuts": 2})), done=True)
    before = path.read_bytes()

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.f.close()

        def write(self, data):
            self.f.write(data[:10])
            raise OSError(errno.ENOSPC, "No space left on device")

    real = os.fdopen
    monkeypatch.setattr(ck_mod.os, "fdopen", lambda fd, mode: Full(real(fd, mode)))
    with pytest.raises(OSError):
        ck.save(_Run([], [], 9, Counter()), done=True)
    assert sorted(os.listdir(tmp_path)) == ["run.ckpt", "run.ckpt.lock"]
    assert path.read_bytes() == before and ck.load().count == 5
    # a whole run on a full disk: the answer comes back, with a warning, nothing torn
    other = tmp_path / "other.ckpt"
    with pytest.warns(RuntimeWarning, match="could not write checkpoint"):
        assert count_activation_regions(NET, checkpoint=other, checkpoint_every=0) == 7
    assert not any(name.endswith(".tmp") for name in os.listdir(tmp_path))
    assert not other.exists()


_TWIN = """
import sys
from tropsage.nn import random_network
from tropsage.regions.activation import count_activation_regions
net = random_network([3, 6, 6, 1], seed=4, weights="float")
print(count_activation_regions(net, checkpoint=sys.argv[1], checkpoint_every=0, batch=2,
                               progress=False))
"""


def test_fault_two_processes_on_one_checkpoint(tmp_path):
    from tropsage.regions.activation import count_activation_regions
    path = str(tmp_path / "shared.ckpt")
    env = dict(os.environ, PYTHONPATH=ROOT)
    procs = [subprocess.Popen([sys.executable, "-c", _TWIN, path], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    expected = count_activation_regions(random_network([3, 6, 6, 1], seed=4, weights="float"))
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert int(out.split()[-1]) == expected
    assert not any(name.endswith(".tmp") for name in os.listdir(tmp_path))
    net = random_network([3, 6, 6, 1], seed=4, weights="float")
    assert count_activation_regions(net, checkpoint=path) == expected      # file is sound


def test_fault_unfinished_state_never_replaces_a_finished_one(tmp_path):
    from tropsage.regions.activation import _Run
    from tropsage.regions.checkpoint import Checkpoint
    path = tmp_path / "run.ckpt"
    a, b = Checkpoint(path, "fp", mode="count"), Checkpoint(path, "fp", mode="count")
    a.save(_Run([], [], 11, Counter()), done=True)
    b.save(_Run([], [], 3, Counter()), done=False)       # a slower twin, still running
    assert b.load().count == 11
    Checkpoint(path, "other", mode="count")               # another problem: overwrites
    c = Checkpoint(path, "other", mode="count")
    c.save(_Run([], [], 2, Counter()), done=False)
    assert c.load().count == 2


def _rewrite(path, edit_header=None, edit_payload=None, rehash=True):
    import hashlib
    raw = path.read_bytes()
    head, _, payload = raw.partition(b"\n")
    header = json.loads(head)
    if edit_payload is not None:
        data = json.loads(payload)
        edit_payload(data)
        payload = json.dumps(data, separators=(",", ":")).encode()
    if rehash:
        header["bytes"] = len(payload)
        header["sha256"] = hashlib.sha256(payload).hexdigest()
    if edit_header is not None:
        edit_header(header)
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def test_fault_corrupt_or_tampered_checkpoint_is_a_clear_error(tmp_path):
    from tropsage.regions.activation import activation_regions
    from tropsage.regions.checkpoint import Checkpoint
    net = random_network([2, 3, 1], seed=2)
    path = tmp_path / "run.ckpt"
    good = activation_regions(net, checkpoint=path)
    blob = path.read_bytes()

    def fresh():
        path.write_bytes(blob)

    def expect(match):
        with pytest.raises(ValueError, match=match) as e:
            activation_regions(net, checkpoint=path)
        assert str(path) in str(e.value)

    cases = [
        (lambda: path.write_bytes(b""), "not a tropsage checkpoint"),
        (lambda: path.write_bytes(os.urandom(300)), "not a tropsage checkpoint"),
        (lambda: path.write_bytes(blob[:len(blob) // 2]), "truncated"),
        (lambda: path.write_bytes(blob.replace(b'"done":true', b'"done":fals')), "checksum"),
        (lambda: _rewrite(path, edit_header=lambda h: h.update(version=1)), "version 1"),
        (lambda: _rewrite(path, edit_payload=lambda d: d.update(count=["i", "99"])),
         "counts 99 regions but stores"),
        (lambda: _rewrite(path, edit_payload=lambda d: d.update(count=["i", "-1"])),
         "non-negative"),
        (lambda: _rewrite(path, edit_payload=lambda d: d.update(fingerprint="x")),
         "another network"),
        (lambda: _rewrite(path, edit_payload=lambda d: d.update(stack=["l", [["o", "evil", None]]])),
         "unknown object kind"),
        (lambda: _rewrite(path, edit_payload=lambda d: d.update(leaves=["l", [["o", "leaf", ["t", []]]]])),
         "bad state of a leaf"),
        (lambda: _rewrite(path, edit_payload=lambda d: d.update(stack=["l", [["i", "1"]]])),
         "not cells"),
        (lambda: _rewrite(path, edit_payload=lambda d: d.update(count=["i", "1" * 30])),
         "bad integer"),
    ]
    for corrupt, match in cases:
        fresh()
        corrupt()
        expect(match)
    fresh()
    again = activation_regions(net, checkpoint=path)
    assert [r.activation_pattern for r in again] == [r.activation_pattern for r in good]
    with pytest.raises(ValueError, match="another network"):
        Checkpoint(path, "fp", mode="count").load()


def test_fault_checkpoint_round_trip_is_exact(tmp_path):
    from tropsage.regions.checkpoint import Checkpoint, decode, encode
    run = _run_state()
    for cell in run.leaves:
        assert decode(encode(cell)).__getstate__().__repr__() == cell.__getstate__().__repr__()
    path = tmp_path / "r.ckpt"
    ck = Checkpoint(path, "fp", mode="regions")
    ck.save(run)
    back = ck.load()
    assert back.count == run.count and back.stats == run.stats
    for a, b in zip(back.leaves, run.leaves):
        sa, sb = a.__getstate__(), b.__getstate__()
        assert repr(sa) == repr(sb)
    vals = (np.array([[2 ** 70, -3]], dtype=object), np.array([0.1, -2.5e-300]),
            np.arange(6, dtype=np.int64).reshape(2, 3), Fraction(-7, 3), [None, (1, 2)], 0.1,
            2 ** 200, -(2 ** 64), {"a": 1}, np.zeros((0, 3), dtype=np.int64), True)
    out = decode(encode(vals))
    for a, b in zip(out, vals):
        if isinstance(b, np.ndarray):
            assert a.dtype == b.dtype and a.shape == b.shape and (a == b).all()
        else:
            assert a == b and type(a) is type(b)
    with pytest.raises(TypeError, match="cannot checkpoint"):
        encode(object())


# ---------------------------------------------------------------------------
# resource exhaustion

@pytest.mark.parametrize("call", [
    lambda b, **k: b.serra_upper(100000, (100000, 100000), **k),
    lambda b, **k: b.montufar_upper(100000, (100000, 100000), **k),
    lambda b, **k: b.montufar_lower(100000, (100000, 100000), **k),
    lambda b, **k: b.serra_lower(100000, (300000, 100000), **k),
    lambda b, **k: b.maxout_upper(50000, (50000, 50000), 4, **k),
    lambda b, **k: b.trivial_upper(1, (10 ** 12,), **k),
    lambda b, **k: b.zaslavsky(10 ** 7, 10 ** 7, **k),
    lambda b, **k: b.all_bounds(100000, (100000, 100000), **k),
])
def test_resource_huge_bounds_refused_quickly(call):
    from tropsage import bounds
    t0 = time.monotonic()
    with pytest.raises(ValueError, match="max_work"):
        call(bounds)
    assert time.monotonic() - t0 < 1


def test_resource_bounds_limit_can_be_raised():
    from tropsage import bounds
    with pytest.raises(ValueError, match="max_work"):
        bounds.serra_upper(60, (60, 60), max_work=10)
    assert bounds.serra_upper(60, (60, 60), max_work=math.inf) == bounds.serra_upper(60, (60, 60))
    assert bounds.montufar_upper(3000, (3000, 3000), max_work=10 ** 9) > 0
