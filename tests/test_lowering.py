"""Lowering torch models exactly (tropsage.nn.lowering) and exact plane slices."""

from fractions import Fraction

import numpy as np
import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional

import tropsage as ts  # noqa: E402
from tropsage.nn import LoweredNetwork, as_network, lower, restrict_to_plane  # noqa: E402


def _randomize_bn(model, seed=0):
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            with torch.no_grad():
                m.running_mean.copy_(torch.rand(m.num_features, generator=g) - 0.5)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.rand(m.num_features, generator=g) - 0.5)
    return model.eval()


class ResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return F.relu(self.conv2(F.relu(self.bn1(self.conv1(x)))) + x)


class SmallCNN(nn.Module):
    """conv + batch norm + ReLU + max pool + a residual block + flatten + linear."""

    def __init__(self, c=2, side=6):
        super().__init__()
        self.conv = nn.Conv2d(1, c, 3, padding=1)
        self.bn = nn.BatchNorm2d(c)
        self.pool = nn.MaxPool2d(2)
        self.block = ResBlock(c)
        self.fc = nn.Linear(c * (side // 2) ** 2, 3)

    def forward(self, x):
        x = self.pool(F.relu(self.bn(self.conv(x))))
        x = self.block(x)
        return self.fc(torch.flatten(x, 1))


class Conv1dNet(nn.Module):
    """A 1-D conv net: conv, ReLU, max pool, grouped conv, leaky ReLU, average pool."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(1, 2, 3, padding=1)
        self.pool = nn.MaxPool1d(2)
        self.c2 = nn.Conv1d(2, 2, 2, groups=2)
        self.fc = nn.Linear(2, 1)

    def forward(self, x):
        h = self.pool(F.relu(self.c1(x)))
        h = F.leaky_relu(self.c2(h), 0.125)
        return self.fc(h.flatten(1))


def _model(cls, seed, *args):
    torch.manual_seed(seed)
    return _randomize_bn(cls(*args), seed)


def _agrees_with_torch(model, net, shape, trials=6, seed=0):
    """The exact forward pass equals torch's float64 forward pass to rounding."""
    rng = np.random.default_rng(seed)
    m64 = _double(model)
    for _ in range(trials):
        x = rng.standard_normal(int(np.prod(shape)))
        with torch.no_grad():
            ref = m64(torch.tensor(x.reshape((1,) + tuple(shape)))).numpy().ravel()
        exact = net.forward([Fraction(v) for v in x])
        got = np.array([float(v) for v in exact])
        assert got.shape == ref.shape
        assert np.max(np.abs(got - ref)) <= 1e-9 * (1 + np.max(np.abs(ref)))


def _double(model):
    import copy
    return copy.deepcopy(model).double().eval()


def _rational_points(n, count, seed):
    rng = np.random.default_rng(seed)
    return [[Fraction(int(rng.integers(-40, 41)), int(rng.integers(1, 9))) for _ in range(n)]
            for _ in range(count)]


# ---------------------------------------------------------------------------
# exact forward passes

def test_small_cnn_forward_matches_torch():
    model = _model(SmallCNN, 0)
    net = lower(model, input_shape=(1, 6, 6))
    assert isinstance(net, LoweredNetwork)
    # conv+bn+relu; pool; block relu + carried skip; block relu; linear
    assert repr(net) == ("Network 36 -> 72 (relu) -> 18 (maxout(4)) -> 36 "
                         "(PerUnit(relu×18, identity×18)) -> 18 (relu) -> 3 (identity)")
    _agrees_with_torch(model, net, (1, 6, 6))
    # the skip path is carried by identity units, one per pooled value
    carried = [u for u in net.units[2] if u.op == "carry"]
    assert len(carried) == 18 and {u.module for u in carried} == {"pool"}
    assert any("bn" in s for s in net.info["inexact"])


def test_conv1d_net_forward_and_tropicalize():
    model = _model(Conv1dNet, 1)
    net = lower(model, input_shape=(1, 4))
    assert repr(net).startswith("Network 4 -> 8 (relu) -> 4 (maxout(2)) -> 2 (leaky_relu(1/8))")
    _agrees_with_torch(model, net, (1, 4))
    f = ts.tropicalize(net)[0]
    Fp, Gp = f.numerator(), f.denominator()
    for x in _rational_points(4, 8, seed=2):
        assert Fp(x) - Gp(x) == net(x)[0]


def _tropical_slice_check(dirs, seed):
    # the full 16-variable tropical form of the CNN is out of reach; on a line or a
    # plane it is small, and F - G equals the model's exact forward pass there
    model = _model(SmallCNN, 3, 1, 4)
    net = lower(model, input_shape=(1, 4, 4))
    rng = np.random.default_rng(seed)
    x0, *ds = (rng.standard_normal(16) for _ in range(1 + dirs))
    m = ts.tropicalize(restrict_to_plane(net, x0, *ds))
    X0 = [Fraction(t) for t in x0]
    D = [[Fraction(t) for t in d] for d in ds]
    for st in _rational_points(dirs, 5, seed=4):
        point = [a + sum(c * d[i] for c, d in zip(st, D)) for i, a in enumerate(X0)]
        full = net(point)
        for k in range(3):
            f = m[k]
            assert f.numerator()(*st) - f.denominator()(*st) == full[k]


def test_small_cnn_tropicalize_on_a_line():
    _tropical_slice_check(1, seed=0)


@pytest.mark.slow
def test_small_cnn_tropicalize_on_a_plane():
    _tropical_slice_check(2, seed=0)


PIECES = [
    ("relu6", lambda: nn.ReLU6()),
    ("hardtanh", lambda: nn.Hardtanh(-0.5, 2.0)),
    ("leaky_neg", lambda: nn.LeakyReLU(-0.5)),
    ("leaky_big", lambda: nn.LeakyReLU(3.0)),
    ("prelu", lambda: nn.PReLU(3, init=-0.25)),
    ("hardsigmoid", lambda: nn.Hardsigmoid()),
    ("softshrink", lambda: nn.Softshrink(0.25)),
    ("threshold", lambda: nn.Threshold(0.5, 0.5)),
]


class Wrap(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.act = act
        self.out = nn.Linear(3, 2)

    def forward(self, x):
        return self.out(self.act(self.fc(x)))


@pytest.mark.parametrize("name,make", PIECES, ids=[p[0] for p in PIECES])
def test_activation_modules(name, make):
    torch.manual_seed(5)
    model = Wrap(make()).eval()
    with torch.no_grad():
        model.fc.weight.mul_(4)
    net = lower(model)
    _agrees_with_torch(model, net, (4,), trials=10)
    # the pattern per module counts the kinks passed, and matches torch's input
    x = [Fraction(1, 3), Fraction(-2), Fraction(5, 4), Fraction(1)]
    pre = model.fc(torch.tensor([[float(t) for t in x]])).detach().numpy()[0]
    pat = net.module_patterns(x)["act"]
    assert pat.shape == (3,)
    assert all(0 <= int(p) <= 2 for p in pat)
    if name == "relu6":
        assert list(pat) == [int(t > 0) + int(t > 6) for t in pre]


class Functional(nn.Module):
    """Functional forms, methods, clamp/abs/maximum/minimum, cat, views, pooling."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3, stride=2, padding=1, dilation=1, groups=2,
                              padding_mode="reflect")
        self.conv2 = nn.Conv2d(4, 2, 2, padding="same", dilation=2, padding_mode="circular")
        self.bn = nn.BatchNorm1d(8)
        self.fc = nn.Linear(8 + 2, 2)

    def forward(self, x):
        h = self.conv(x)                                    # (N, 4, 3, 3)
        a = torch.maximum(h, -h.abs() + 0.5)
        b = torch.minimum(h.clamp(min=-1), h * 2)
        h = self.conv2(a + b.clamp(max=1) - 0.25 * b)       # (N, 2, 3, 3)
        p = F.avg_pool2d(h, 2, stride=1, padding=1, ceil_mode=True, count_include_pad=False)
        q = F.adaptive_max_pool2d(h, (2, 2)).view(h.size(0), -1)          # (N, 8)
        r = nn.functional.adaptive_avg_pool2d(p, 1).flatten(1)            # (N, 2)
        z = torch.cat([self.bn(q), r.relu()], dim=1)
        return self.fc(F.dropout(z, 0.5, training=False)).permute(1, 0).reshape(1, -1) / 4


class Shapes(nn.Module):
    """zeros_like, expand, repeat, F.pad, indexing, stack, mean."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        h = self.fc(x)                                          # (N, 3)
        e = h[:, None, :].expand(-1, 2, 3) + torch.zeros_like(h)[:, None, :]
        r = F.pad(e.repeat(1, 1, 2), (1, 2), value=0.5)          # (N, 2, 9)
        s = torch.stack([r[:, 0], r[:, 1].relu()], dim=1)       # (N, 2, 9)
        return s[..., 1:-1].mean(dim=2) - F.pad(h, (0, 0), mode="constant")[:, :2]


def test_shape_operations():
    torch.manual_seed(4)
    model = Shapes().eval()
    net = lower(model)
    _agrees_with_torch(model, net, (3,), trials=5)


def test_functional_forms():
    model = _model(Functional, 7)
    net = lower(model, input_shape=(2, 5, 5))
    _agrees_with_torch(model, net, (2, 5, 5), trials=3)


def test_maxpool_mixed_with_carries_adds_no_pattern_noise():
    # a max pool in the same level as a carried value: one maxout layer whose identity
    # groups repeat one piece (never a second winner)
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)

        def forward(self, x):
            h = F.relu(self.fc(x))
            pooled = F.max_pool1d(h.unsqueeze(1), 2).flatten(1)   # level 2
            return torch.cat([pooled, F.relu(h - 1)], dim=1)   # level 2 too

    torch.manual_seed(0)
    model = M().eval()
    net = lower(model)
    assert net.layers[1].activation.kind == "maxout"
    _agrees_with_torch(model, net, (4,), trials=10)
    for x in _rational_points(4, 20, seed=3):
        pat = net.activation_pattern(x)
        for u, e in zip(net.units[1], pat[1]):
            if u.op == "relu":
                continue
            assert u.window is not None or e == 0


def test_as_network_routes_models():
    # a plain Sequential keeps the old reader; anything else is lowered
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    plain = as_network(seq)
    assert not isinstance(plain, LoweredNetwork)
    low = lower(seq)
    assert [L.W for L in low.layers] == [L.W for L in plain.layers]
    assert [L.b for L in low.layers] == [L.b for L in plain.layers]
    conv = nn.Sequential(nn.Conv1d(1, 1, 2), nn.ReLU(), nn.Flatten(), nn.Linear(2, 1))
    net = as_network(conv, input_shape=(1, 3))
    assert isinstance(net, LoweredNetwork) and net.input_dim == 3
    with pytest.raises(ValueError, match="give input_shape="):
        as_network(conv)
    # limit_denominator rounds the lowered weights and says so
    r = as_network(conv, input_shape=(1, 3), limit_denominator=10)
    assert r.info["limit_denominator"] == 10 and not r.info["exact"]
    assert all(w.denominator <= 10 for L in r.layers for row in L.W for w in row)


def test_module_patterns_match_torch():
    model = _model(SmallCNN, 0)
    net = lower(model, input_shape=(1, 6, 6))
    rng = np.random.default_rng(9)
    x = rng.standard_normal(36)
    pats = net.module_patterns([Fraction(v) for v in x])
    m64 = _double(model)
    with torch.no_grad():
        t = torch.tensor(x.reshape(1, 1, 6, 6))
        pre = m64.bn(m64.conv(t))[0].numpy()
        pooled_in = F.relu(torch.tensor(pre))
        _, idx = F.max_pool2d(pooled_in[None], 2, return_indices=True)
    assert pats["relu"].shape == (2, 6, 6)
    assert (pats["relu"].astype(int) == (pre > 0)).all()
    # the max-pool winner: the window position of torch's argmax (ties aside)
    wins = pats["pool"].astype(int)
    for c in range(2):
        for i in range(3):
            for j in range(3):
                flat = int(idx[0, c, i, j])
                r, s = divmod(flat, 6)
                vals = pooled_in[c, 2 * i:2 * i + 2, 2 * j:2 * j + 2].reshape(-1)
                if (vals == vals.max()).sum() == 1:
                    assert wins[c, i, j] == (r - 2 * i) * 2 + (s - 2 * j)
    assert set(pats) == {"relu", "pool", "block/relu_1", "block/relu_2"}   # traced node names


# ---------------------------------------------------------------------------
# slices

def test_restrict_to_plane_exact():
    model = _model(SmallCNN, 2)
    rng = np.random.default_rng(1)
    x0 = rng.standard_normal((1, 6, 6))
    u, v = rng.standard_normal((1, 6, 6)), rng.standard_normal((1, 6, 6))
    P = restrict_to_plane(model, x0, u, v)      # lowered with the shape of x0
    assert P.input_dim == 2 and isinstance(P, LoweredNetwork)
    net = lower(model, input_shape=(1, 6, 6))
    X0, U, V = ([Fraction(t) for t in w.reshape(-1)] for w in (x0, u, v))
    for s, t in _rational_points(2, 4, seed=5):
        assert P([s, t]) == net([a + s * b + t * c for a, b, c in zip(X0, U, V)])
    L = restrict_to_plane(net, x0, u)
    assert L.input_dim == 1
    assert L([Fraction(1, 3)]) == net([a + Fraction(1, 3) * b for a, b in zip(X0, U)])


def test_restrict_to_plane_errors():
    net = as_network([([[1, 0, 0], [0, 1, -1]], [0, 0])], activations=["relu"])
    with pytest.raises(ValueError, match="u and v are linearly dependent"):
        restrict_to_plane(net, [0, 0, 0], [1, 2, 3], [2, 4, 6])
    with pytest.raises(ValueError, match="u is zero"):
        restrict_to_plane(net, [0, 0, 0], [0, 0, 0])
    with pytest.raises(ValueError, match="x0 has 2 entries"):
        restrict_to_plane(net, [0, 0], [1, 0, 0])
    with pytest.raises(ValueError, match=r"v\[1\] is nan"):
        restrict_to_plane(net, [0, 0, 0], [1, 0, 0], [0, float("nan"), 0])


def test_plane_regions_of_a_pooling_cnn():
    # activation regions of a lowered conv/max-pool net on a plane: every region's
    # interior point has the region's pattern, and patterns are distinct
    torch.manual_seed(1)
    model = nn.Sequential(nn.Conv2d(1, 1, 2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(1, 2)).eval()
    net = lower(model, input_shape=(1, 3, 3))
    rng = np.random.default_rng(2)
    P = restrict_to_plane(net, *(rng.standard_normal(9) for _ in range(3)))
    regions = ts.activation_regions(P, domain=[(-2, 2), (-2, 2)])
    pats = [R.activation_pattern for R in regions]
    assert len(set(pats)) == len(pats) >= 2
    def pattern(x):    # identity layers have an empty pattern in a region
        return tuple(p if L.activation.kind != "identity" else ()
                     for p, L in zip(P.activation_pattern(x), P.layers))

    for R in regions:
        assert pattern(R.interior_point()) == tuple(R.activation_pattern)
        assert set(P.module_patterns(R.activation_pattern)) == {"1", "2"}
    # a dense grid sees no pattern outside the regions found
    seen = {pattern([Fraction(i, 4), Fraction(j, 4)]) for i in range(-7, 8) for j in range(-7, 8)}
    assert seen <= set(map(tuple, pats))


# ---------------------------------------------------------------------------
# refusals: every kind names the module and why

class Gate(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        return -x


class Square(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        h = self.fc(x)
        return h * h


class SigmoidCall(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return torch.sigmoid(self.fc(x))


class TwoInputs(nn.Module):
    def forward(self, x, y):
        return x + y


REFUSED = [
    (nn.Sequential(nn.Linear(2, 2), nn.Sigmoid()), TypeError,
     r"module '1' \(Sigmoid\): unsupported layer: sigmoid is not piecewise linear"),
    (nn.Sequential(nn.Linear(2, 2), nn.Tanh()), TypeError, r"\(Tanh\).*not piecewise linear"),
    (nn.Sequential(nn.Linear(2, 2), nn.Softmax(dim=1)), TypeError, r"\(Softmax\).*not piecewise"),
    (nn.Sequential(nn.Linear(2, 2), nn.GELU()), TypeError, r"\(GELU\).*not piecewise linear"),
    (nn.Sequential(nn.Linear(2, 2), nn.ELU()), TypeError, r"\(ELU\).*not piecewise linear"),
    (nn.Sequential(nn.Linear(2, 2), nn.Hardshrink()), TypeError, r"\(Hardshrink\).*discontinuous"),
    (nn.Sequential(nn.Linear(2, 2), nn.Threshold(0.5, 0.0)), TypeError,
     r"\(Threshold\).*discontinuous"),
    (nn.Sequential(nn.Linear(2, 2), nn.LSTM(2, 2)), TypeError, r"\(LSTM\): unsupported layer"),
    (nn.Sequential(nn.Linear(2, 2), nn.MaxPool1d(2, return_indices=True)), TypeError,
     r"\(MaxPool1d\).*return_indices"),
    (SigmoidCall(), TypeError, r"function torch.sigmoid .*not piecewise linear"),
    (Square(), TypeError, r"multiplies two tensors that both depend on the input"),
    (Gate(), TypeError, r"cannot trace Gate with torch.fx.*data-dependent control flow"),
    (TwoInputs(), TypeError, r"takes 2 inputs"),
    (nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)), ValueError,
     r"module '1' \(BatchNorm1d\) is in training mode.*model.eval\(\)"),
    (nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5)).train(), ValueError,
     r"\(Dropout\) is in training mode"),
    (nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2, track_running_stats=False).eval()),
     ValueError, r"no running statistics"),
]


@pytest.mark.parametrize("model,exc,msg", REFUSED,
                         ids=["sigmoid", "tanh", "softmax", "gelu", "elu", "hardshrink",
                              "threshold", "lstm", "indices", "fn-sigmoid", "product",
                              "control-flow", "two-inputs", "bn-train", "dropout-train",
                              "bn-batch-stats"])
def test_refused(model, exc, msg):
    with pytest.raises(exc, match=msg):
        lower(model, input_shape=(2,))


def test_user_modules_through_every_entry_point():
    # a model class defined outside torch is lowered by as_network and so by every
    # function that takes a network
    torch.manual_seed(2)
    model = Wrap(nn.ReLU()).eval()
    net = as_network(model)
    assert isinstance(net, LoweredNetwork) and repr(net) == "Network 4 -> 3 (relu) -> 2 (identity)"
    x = [Fraction(1, 2), Fraction(-1), Fraction(2), Fraction(0)]
    assert ts.tropicalize(model)(*x) == net(x)


def test_refused_errors_through_every_entry_point():
    # the same clear error from as_network and from any function taking a network
    with pytest.raises(TypeError, match=r"module '1' \(Sigmoid\): unsupported layer"):
        ts.tropicalize(nn.Sequential(nn.Linear(2, 2), nn.Sigmoid()))
    with pytest.raises(TypeError, match="GELU"):
        ts.activation_regions(nn.Sequential(nn.Conv1d(1, 1, 1), nn.GELU(), nn.Flatten()))


# ---------------------------------------------------------------------------
# the command line: --slice

def _cli_files(tmp_path):
    torch.manual_seed(3)
    model = nn.Sequential(nn.Conv2d(1, 2, 2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(2, 2)).eval()
    rng = np.random.default_rng(4)
    arrays = [rng.standard_normal((1, 3, 3)).astype(np.float32) for _ in range(3)]
    files = []
    for name, a in zip("x0 u v".split(), arrays):
        p = tmp_path / f"{name}.npy"
        np.save(p, a)
        files.append(str(p))
    return model, arrays, files


def test_cli_regions_and_plot_on_a_slice(tmp_path):
    import json
    from click.testing import CliRunner
    from tropsage.cli import main
    from tropsage.nn.io import save_network
    model, arrays, files = _cli_files(tmp_path)
    net = lower(model, input_shape=(1, 3, 3))
    path = tmp_path / "cnn.json"
    save_network(net, path)
    expect = ts.count_activation_regions(restrict_to_plane(net, *arrays), domain=[(-2, 2)] * 2)
    r = CliRunner().invoke(main, ["regions", str(path), "--slice", ",".join(files),
                                  "--domain", "-2,2", "--json", "-", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["activation_regions"] == expect
    # a whole pickled model is lowered with the shape of x0 (trusted files only)
    pt = tmp_path / "cnn.pt"
    torch.save(model, pt)
    r = CliRunner().invoke(main, ["regions", str(pt), "--slice", ",".join(files),
                                  "--domain", "-2,2", "--no-linear", "--trust-pickle",
                                  "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert f"activation regions  {expect}" in r.output
    png = tmp_path / "plane.png"
    r = CliRunner().invoke(main, ["plot", str(path), "--slice", ",".join(files), "-o", str(png),
                                  "--kind", "activation", "--domain", "-2,2"])
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a line: 2 files
    r = CliRunner().invoke(main, ["regions", str(path), "--slice", ",".join(files[:2]),
                                  "--domain", "-2,2", "--jobs", "1"])
    assert r.exit_code == 0 and "Network 1 ->" in r.output


def test_cli_slice_errors(tmp_path):
    from click.testing import CliRunner
    from tropsage.cli import main
    from tropsage.nn.io import save_network
    model, arrays, files = _cli_files(tmp_path)
    path = tmp_path / "cnn.json"
    save_network(lower(model, input_shape=(1, 3, 3)), path)
    r = CliRunner().invoke(main, ["regions", str(path), "--slice", files[0]])
    assert r.exit_code == 2 and "expected 2 or 3 comma-separated .npy files" in r.output
    r = CliRunner().invoke(main, ["regions", str(path), "--slice", f"{files[0]},nowhere.npy"])
    assert r.exit_code == 2 and "no such file 'nowhere.npy'" in r.output
    bad = tmp_path / "bad.npy"
    np.save(bad, np.zeros(4))
    r = CliRunner().invoke(main, ["regions", str(path), "--slice", f"{bad},{bad}"])
    assert r.exit_code == 2 and "x0 has 4 entries" in r.output
    r = CliRunner().invoke(main, ["plot", str(path), "-o", str(tmp_path / "p.png")])
    assert r.exit_code == 2 and "--slice" in r.output


def test_plane_regions_of_a_residual_cnn():
    # the skip path of the block is carried by identity units: they never split a
    # region (entry 1 in every pattern) and the regions are the pattern classes of the
    # model's own units, seen on a grid
    model = _model(SmallCNN, 1, 1, 4)
    net = lower(model, input_shape=(1, 4, 4))
    assert isinstance(net.layers[2].activation, ts.nn.PerUnit)
    rng = np.random.default_rng(6)
    P = restrict_to_plane(net, *(rng.standard_normal(16) for _ in range(3)))
    box = [(-1, 1), (-1, 1)]
    regions = ts.activation_regions(P, domain=box)
    assert len(regions) == ts.count_activation_regions(P, domain=box) > 3
    carry = [j for j, u in enumerate(net.units[2]) if u.op == "carry"]
    assert carry
    for R in regions:
        assert all(R.activation_pattern[2][j] == 1 for j in carry)
        pats = net.module_patterns(R.activation_pattern)
        assert set(pats) == {"relu", "pool", "block/relu_1", "block/relu_2"}
    seen = {tuple(tuple(p) for p, L in zip(P.activation_pattern([Fraction(i, 6), Fraction(j, 6)]),
                                           P.layers) if L.activation.kind != "identity")
            for i in range(-5, 6) for j in range(-5, 6)}
    found = {tuple(p for p, L in zip(R.activation_pattern, P.layers)
                   if L.activation.kind != "identity") for R in regions}
    assert seen <= found
    assert sum(R.volume() for R in regions) == 4


def test_check_catches_a_wrong_lowering(monkeypatch):
    # the node-by-node comparison with torch's float64 pass turns a lowering mistake
    # into an error instead of a wrong network
    import tropsage.nn.lowering as L
    monkeypatch.setitem(L._HANDLERS, "relu", lambda low, x, inplace=False: low.aff(x))
    model = Wrap(nn.Identity()).eval()

    class Bad(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)

        def forward(self, x):
            return F.relu(self.fc(x) - 10)

    with pytest.raises(RuntimeError, match=r"lowering bug at function F.relu .*differs from torch"):
        lower(Bad())
    assert lower(model).input_dim == 4


from hypothesis import given, settings, strategies as st  # noqa: E402

_frac = st.fractions(min_value=-3, max_value=3, max_denominator=9)


@settings(max_examples=25, deadline=None)
@given(st.lists(_frac, min_size=4, max_size=4), st.lists(_frac, min_size=4, max_size=4),
       st.lists(_frac, min_size=4, max_size=4), _frac, _frac)
def test_plane_law(x0, u, v, s, t):
    # restrict_to_plane(N, x0, u, v)(s, t) == N(x0 + s u + t v), exactly
    net = _conv1d_net()
    try:
        P = restrict_to_plane(net, x0, u, v)
    except ValueError as exc:      # degenerate directions are refused, never sliced
        dependent = all(u[i] * v[j] == u[j] * v[i] for i in range(4) for j in range(4))
        assert ("u is zero" in str(exc) and not any(u)) or \
            ("linearly dependent" in str(exc) and dependent)
        return
    assert P([s, t]) == net([a + s * b + t * c for a, b, c in zip(x0, u, v)])


_CONV1D = []


def _conv1d_net():
    if not _CONV1D:
        _CONV1D.append(lower(_model(Conv1dNet, 1), input_shape=(1, 4)))
    return _CONV1D[0]


def test_maximum_minimum_patterns():
    class MM(nn.Module):
        def forward(self, x):
            a, b = x[:, :2], x[:, 2:]
            return torch.cat([torch.maximum(a, b), torch.minimum(a, b)], dim=1)

    net = lower(MM(), input_shape=(4,))
    x = [3, -1, 1, 2]                     # a = (3, -1), b = (1, 2)
    assert net(x) == (3, 2, 1, -1)
    pats = net.module_patterns(x)
    assert list(pats["maximum"]) == [1, 0] and list(pats["minimum"]) == [0, 1]
