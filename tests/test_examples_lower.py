"""The digits CNN example (examples/cnn_digits_plane.py), reduced; regioncam cross-checks."""

import importlib.util
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("sklearn")
pytest.importorskip("matplotlib")

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "cnn_digits_plane.py"


def _load():
    spec = importlib.util.spec_from_file_location("cnn_digits_plane_example", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cnn_digits_example_small(tmp_path, capsys):
    mod = _load()
    rows = mod.main([str(tmp_path), "--small", "--no-regioncam"])
    by = {r["network"]: r for r in rows}
    assert set(by) == {"cnn_pool", "cnn_stride"}
    # trained briefly, well above chance (10 classes)
    assert all(r["train accuracy"] > 0.5 for r in rows)
    assert by["cnn_pool"]["lowered"] == ("Network 64 -> 64 (relu) -> 16 (maxout(4)) -> 16 "
                                         "(relu) -> 10 (identity)")
    assert by["cnn_pool"]["activation regions"] > 10
    assert by["cnn_stride"]["activation regions"] > 1
    for kind in by:
        assert (tmp_path / f"{kind}_regions.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "summary.csv").read_text().startswith("network,")
    out = capsys.readouterr().out
    assert "image of digit 0" in out and "winners" in out


def _exact_vs_regioncam(net, images, size, mod):
    from tropsage.nn import restrict_to_plane
    from tropsage.regions.activation import count_activation_regions
    faces, (x0, u, v), square = mod.regioncam_count(net, images, size)
    ours = count_activation_regions(restrict_to_plane(net, x0, u, v), domain=square,
                                    progress=False)
    return faces, ours


@pytest.mark.peers
def test_digits_cnn_regions_equal_regioncam():
    pytest.importorskip("regioncam")
    mod = _load()
    from tropsage.nn import lower
    X, y = mod.digits()
    images = mod.three_images(X, y)
    for channels, size in ((2, 1.0),):
        model = mod.make_cnn("cnn_stride", channels, seed=0)
        mod.train(model, X[:400], y[:400], 30)
        net = lower(model, input_shape=(1, 8, 8))
        faces, ours = _exact_vs_regioncam(net, images, size, mod)
        assert ours == faces > 5


class ResCNN(torch.nn.Module):
    """conv (stride 2), ReLU, a residual block, flatten, linear."""

    def __init__(self, c=2):
        super().__init__()
        nn = torch.nn
        self.c1 = nn.Conv2d(1, c, 3, stride=2, padding=1)
        self.c2 = nn.Conv2d(c, c, 3, padding=1)
        self.c3 = nn.Conv2d(c, c, 3, padding=1)
        self.fc = nn.Linear(c * 16, 3)

    def forward(self, x):
        F = torch.nn.functional
        h = F.relu(self.c1(x))
        h = F.relu(h + self.c3(F.relu(self.c2(h))))
        return self.fc(h.flatten(1))


@pytest.mark.peers
@pytest.mark.parametrize("seed", [0, 1])
def test_residual_cnn_regions_equal_regioncam(seed):
    # regioncam has residual blocks of its own: the skip path, carried by identity
    # units, adds no region boundary
    regioncam = pytest.importorskip("regioncam")
    from tropsage.nn import lower, restrict_to_plane
    from tropsage.regions.activation import count_activation_regions
    torch.manual_seed(seed)
    m = ResCNN().eval()
    net = lower(m, input_shape=(1, 8, 8))
    assert "identity×32" in repr(net)

    def matrix(conv, shape):
        L = lower(torch.nn.Sequential(conv), input_shape=shape).layers[0]
        return (np.array([[float(w) for w in r] for r in L.W], np.float32).T.copy(),
                np.array([float(c) for c in L.b], np.float32))

    RN = regioncam.nn
    pts = np.random.default_rng(seed).random((3, 64)).astype(np.float32)
    rc = regioncam.Regioncam.through_points(pts, size=1.0)
    V = np.asarray(rc.vertex_inputs, dtype=np.float32)
    square = [(Fraction(float(V[:, i].min())), Fraction(float(V[:, i].max()))) for i in range(2)]
    rc.add(RN.Sequential(RN.Linear(*matrix(m.c1, (1, 8, 8))), RN.ReLU(),
                         RN.Residual(RN.Sequential(RN.Linear(*matrix(m.c2, (2, 4, 4))), RN.ReLU(),
                                                   RN.Linear(*matrix(m.c3, (2, 4, 4))))),
                         RN.ReLU()))
    W = np.asarray(rc.plane.weight, dtype=np.float32)
    plane = restrict_to_plane(net, np.asarray(rc.plane.bias, dtype=np.float32), W[0], W[1])
    assert count_activation_regions(plane, domain=square, progress=False) == rc.num_faces > 5
