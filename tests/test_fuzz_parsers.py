"""
Fuzzing of the network file parsers and the checkpoint reader (issue 13): whatever
the bytes, the answer is exact or the error is a clear ``ValueError``/``TypeError``
(naming the file), and no crafted payload runs code.
"""

import io
import json
import os
import pickle
import tempfile
import zipfile
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tropsage.nn.io import load_network

torch = pytest.importorskip("torch")

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class _Marker:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _load(path, **kw):
    """``load_network`` that may only fail cleanly."""
    try:
        return load_network(path, **kw)
    except (ValueError, TypeError) as exc:
        assert str(path) in str(exc), exc        # the message names the file
        return None


rationals = st.fractions(max_denominator=10 ** 6).filter(lambda q: abs(q) < 10 ** 9)
entries = st.one_of(st.integers(-10 ** 30, 10 ** 30), rationals.map(str),
                    st.decimals(allow_nan=False, allow_infinity=False, places=5).map(str))


@st.composite
def nets(draw):
    widths = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    layers = []
    for a, b in zip(widths, widths[1:]):
        W = draw(st.lists(st.lists(entries, min_size=a, max_size=a), min_size=b, max_size=b))
        c = draw(st.lists(entries, min_size=b, max_size=b))
        layers.append({"W": W, "b": c})
    return layers


def _exact(v):
    return Fraction(v) if isinstance(v, int) else Fraction(str(v))


@FUZZ
@given(nets())
def test_json_well_formed_reads_exactly(tmp_path_factory, layers):
    path = tmp_path_factory.mktemp("j") / "net.json"
    path.write_text(json.dumps({"layers": layers}))
    net = load_network(path)
    for L, spec in zip(net.layers, layers):
        assert L.W == [[_exact(v) for v in row] for row in spec["W"]]
        assert L.b == [_exact(v) for v in spec["b"]]


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
              st.sampled_from(["1e999999999", "1/0", "NaN", "-Infinity", "relu", "maxout",
                               "1" * 5000, "0x10", "1/3", "1_000"])),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["layers", "W", "b", "activation", "x"]),
                                               children, max_size=4)),
    max_leaves=30)


@FUZZ
@given(json_values)
def test_json_arbitrary_structure_never_crashes(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("j") / "net.json"
    path.write_text(json.dumps(value))
    _load(path)


@FUZZ
@given(st.binary(max_size=400))
def test_json_arbitrary_bytes_never_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("j") / "net.json"
    path.write_bytes(data)
    _load(path)


def _mutate(data, draw):
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[i:i + draw(st.integers(1, 64))]
        else:
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
    return bytes(data)


def _npz_bytes():
    buf = io.BytesIO()
    np.savez(buf, W0=np.array([[1, 2], [3, -4]]), b0=np.array([0.5, -1]),
             W1=np.array([[1, 1]]), b1=np.array([0]))
    return buf.getvalue()


def _pt_bytes():
    buf = io.BytesIO()
    torch.save({"0.weight": torch.tensor([[1.0, 2.0], [3.0, -4.0]]),
                "0.bias": torch.tensor([0.5, -1.0]),
                "2.weight": torch.tensor([[1.0, 1.0]]), "2.bias": torch.tensor([0.0])}, buf)
    return buf.getvalue()


EXPECTED = [([[1, 2], [3, -4]], [Fraction(1, 2), -1]), ([[1, 1]], [0])]


def _is_expected(net):
    return [(L.W, L.b) for L in net.layers] == [
        ([[Fraction(v) for v in r] for r in W], [Fraction(v) for v in b]) for W, b in EXPECTED]


@pytest.mark.parametrize("suffix,make", [(".npz", _npz_bytes), (".pt", _pt_bytes)])
def test_binary_formats_unmutated_read_exactly(tmp_path, suffix, make):
    path = tmp_path / ("net" + suffix)
    path.write_bytes(make())
    assert _is_expected(load_network(path))


@pytest.mark.parametrize("suffix,make", [(".npz", _npz_bytes), (".pt", _pt_bytes)])
@FUZZ
@given(st.data())
def test_binary_mutations_exact_or_clear_error(tmp_path_factory, suffix, make, data):
    path = tmp_path_factory.mktemp("n") / ("net" + suffix)
    path.write_bytes(_mutate(make(), data.draw))
    net = _load(path)
    if net is not None:      # a mutation that zip's CRC cannot see must still read exactly
        assert all(isinstance(v, Fraction) for L in net.layers for r in L.W for v in r)


# ---------------------------------------------------------------------------
# crafted payloads: never run

def _payloads(marker):
    """Files that would create ``marker`` if anything unpickled them."""
    evil = _Marker(str(marker))
    raw = pickle.dumps({"layers": evil})
    pt = io.BytesIO()
    torch.save({"0.weight": torch.ones(1, 1), "0.bias": evil}, pt)
    npz = io.BytesIO()
    with zipfile.ZipFile(npz, "w") as z:
        arr = io.BytesIO()
        np.save(arr, np.array([evil, 1], dtype=object), allow_pickle=True)
        z.writestr("W0.npy", arr.getvalue())
        arr = io.BytesIO()
        np.save(arr, np.zeros(1))
        z.writestr("b0.npy", arr.getvalue())
    return {".pt": [pt.getvalue(), raw], ".pth": [raw], ".npz": [npz.getvalue(), raw],
            ".json": [raw]}


_MARKER_DIR = tempfile.mkdtemp(prefix="tropsage-fuzz-")
_MARKER = os.path.join(_MARKER_DIR, "pwned")
_BLOBS = None


def _blobs():
    # made once, with one marker path: the same bytes for every example (hypothesis
    # replays examples and needs the same data to draw the same mutations)
    global _BLOBS
    if _BLOBS is None:
        _BLOBS = _payloads(_MARKER)
    return _BLOBS


@FUZZ
@given(st.sampled_from([".pt", ".pth", ".npz", ".json"]), st.integers(0, 1), st.data())
def test_crafted_payloads_never_run(tmp_path_factory, suffix, which, data):
    blobs = _blobs()[suffix]
    blob = blobs[which % len(blobs)]
    if data.draw(st.booleans()):
        blob = _mutate(blob, data.draw)
    path = tmp_path_factory.mktemp("evil") / ("net" + suffix)
    path.write_bytes(blob)
    _load(path)
    assert not os.path.exists(_MARKER)


def test_crafted_checkpoint_pickle_never_runs(tmp_path):
    from tropsage.regions.checkpoint import Checkpoint
    marker = tmp_path / "pwned"
    path = tmp_path / "run.ckpt"
    path.write_bytes(pickle.dumps(_Marker(str(marker))))
    with pytest.raises(ValueError, match=str(path)):
        Checkpoint(path, "fp").load()
    assert not marker.exists()


# ---------------------------------------------------------------------------
# the checkpoint reader

def _checkpoint_blob(tmp_path):
    from tropsage.nn import random_network
    from tropsage.regions.activation import _enumerate
    from tropsage.regions.checkpoint import Checkpoint
    net, run, info = _enumerate(random_network([2, 3, 2, 1], seed=5), None, True, False,
                                None, 30, 1, None, 2)
    path = tmp_path / "seed.ckpt"
    Checkpoint(path, "fp", mode="regions").save(run, done=True)
    return path.read_bytes(), run


@pytest.fixture(scope="module")
def ckpt_seed(tmp_path_factory):
    return _checkpoint_blob(tmp_path_factory.mktemp("ck"))


@FUZZ
@given(st.data())
def test_checkpoint_mutations_exact_or_clear_error(tmp_path_factory, ckpt_seed, data):
    from tropsage.regions.checkpoint import Checkpoint
    blob, run = ckpt_seed
    mutated = _mutate(blob, data.draw)
    path = tmp_path_factory.mktemp("c") / "run.ckpt"
    path.write_bytes(mutated)
    try:
        back = Checkpoint(path, "fp", mode="regions").load()
    except ValueError as exc:
        assert str(path) in str(exc)
        return
    # only an unchanged payload passes the checksum
    assert back.count == run.count
    assert [repr(lf.__getstate__()) for lf in back.leaves] == \
        [repr(lf.__getstate__()) for lf in run.leaves]


values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.fractions(),
              st.floats(allow_nan=False), st.text(max_size=5),
              st.lists(st.integers(-2 ** 70, 2 ** 70), max_size=6).map(lambda v: np.array(v, dtype=object)),
              st.lists(st.integers(-2 ** 62, 2 ** 62), max_size=6).map(lambda v: np.array(v, dtype=np.int64)),
              st.lists(st.floats(allow_nan=False), max_size=4).map(lambda v: np.array(v, dtype=float))),
    lambda c: st.one_of(st.lists(c, max_size=4), st.lists(c, max_size=4).map(tuple),
                        st.dictionaries(st.text(max_size=3), c, max_size=3)),
    max_leaves=20)


def _same(a, b):
    if isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and \
            all(_same(x, y) for x, y in zip(a.tolist(), b.tolist()))
    if isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(b, dict):
        return type(a) is dict and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in b)
    if isinstance(b, float):
        return type(a) is float and a.hex() == b.hex()
    return type(a) is type(b) and a == b


@FUZZ
@given(values)
def test_checkpoint_encoder_round_trip_is_exact(value):
    from tropsage.regions.checkpoint import decode, encode
    back = decode(json.loads(json.dumps(encode(value))))
    assert _same(back, value)


encoded = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
              st.sampled_from(["i", "q", "f", "a", "o", "cell", "leaf", "int64", "object"])),
    lambda c: st.one_of(st.lists(c, max_size=5), st.dictionaries(st.text(max_size=3), c, max_size=3)),
    max_leaves=25)


@FUZZ
@given(encoded)
def test_checkpoint_decoder_arbitrary_input_clear_error(e):
    from tropsage.regions.checkpoint import decode
    try:
        decode(e)
    except ValueError:
        pass


def test_payloads_are_live(tmp_path):
    """Control: the crafted files do create the marker when unpickled unsafely."""
    marker = tmp_path / "pwned"
    blobs = _payloads(marker)
    pickle.loads(blobs[".json"][0])
    assert marker.exists()
    marker.unlink()
    torch.load(io.BytesIO(blobs[".pt"][0]), weights_only=False)
    assert marker.exists()
    marker.unlink()
    with zipfile.ZipFile(io.BytesIO(blobs[".npz"][0])) as z:
        np.load(io.BytesIO(z.read("W0.npy")), allow_pickle=True)
    assert marker.exists()
