"""Networks -> tropical maps: N(x) = F(x) - G(x) exactly; input forms; errors."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import tropsage as ts
from tropsage._exact import qq as Q
from tropsage.nn import as_network, random_network

from strategies import points

torch = pytest.importorskip("torch")

ACTS = st.sampled_from(["relu", ("leaky_relu", Fraction(1, 3)), ("leaky_relu", Fraction(0)),
                        ("maxout", 2), ("threshold", Fraction(-1, 2)), "identity"])


def check_exact(net, m, pts):
    for x in pts:
        assert m(x) == net(x), x
        fx = tuple(c.numerator()(x) - c.denominator()(x) for c in m)
        assert fx == net(x)


@settings(max_examples=40)
@given(n0=st.integers(1, 3), depth=st.integers(1, 4), seed=st.integers(0, 10 ** 6),
       acts=st.lists(ACTS, min_size=4, max_size=4), weights=st.sampled_from(["integer", "rational", "float"]),
       xs=st.lists(points(3), min_size=5, max_size=5))
def test_random_list_nets_exact(n0, depth, seed, acts, weights, xs):
    widths = [n0] + [2] * depth
    net = random_network(widths, activations=acts[:depth], seed=seed, weights=weights, bound=2)
    # unpruned forms of deep leaky/maxout nets have ~10^5 monomials: prune those
    m = ts.tropicalize(net, prune=depth >= 3)
    check_exact(net, m, [x[:n0] for x in xs])


def torch_net(widths, seed, leaky=None):
    torch.manual_seed(seed)
    mods = []
    for i in range(len(widths) - 1):
        mods.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            mods.append(torch.nn.LeakyReLU(leaky) if leaky is not None else torch.nn.ReLU())
    return torch.nn.Sequential(*mods)


@pytest.mark.parametrize("widths", [[2, 3, 1], [3, 3, 2, 2], [2, 2, 2, 2, 1], [4, 2, 2, 2, 2, 1]])
@pytest.mark.parametrize("leaky", [None, 0.25])
def test_torch_nets_exact(widths, leaky):
    seq = torch_net(widths, seed=len(widths), leaky=leaky)
    m = ts.tropicalize(seq, prune=len(widths) > 4)
    net = m.info["network"]
    rng = np.random.default_rng(0)
    pts = [[Fraction(int(a), int(b)) for a, b in zip(rng.integers(-20, 20, widths[0]),
                                                     rng.integers(1, 7, widths[0]))]
           for _ in range(8)]
    check_exact(net, m, pts)
    # the exact network agrees with torch's float64 forward pass
    seq64 = seq.double()
    for x in pts:
        t = seq64(torch.tensor([float(v) for v in x], dtype=torch.float64)).detach().numpy()
        assert np.allclose([float(v) for v in net(x)], t, atol=1e-9)


def test_torch_weights_are_exact_dyadics():
    seq = torch.nn.Sequential(torch.nn.Linear(1, 1))
    with torch.no_grad():
        seq[0].weight.fill_(0.1)
        seq[0].bias.fill_(0.0)
    m = ts.tropicalize(seq)
    w = Fraction(float(np.float32(0.1)))
    assert m(1) == (Q(w.numerator, w.denominator),)
    assert m(1) != (Q(1, 10),)
    m2 = ts.tropicalize([([[np.float32(0.1)]], [0])], limit_denominator=100)
    assert m2(1) == (Q(1, 10),)
    assert m2.info["limit_denominator"] == 100 and not m2.info["exact"]
    assert 0 < m2.info["max_rounding_error"] < Fraction(1, 10 ** 8)


def test_spec_net_and_input_forms():
    from sage.matrix.constructor import matrix
    from sage.rings.rational_field import QQ
    forms = [
        [([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])],
        [(np.array([[0, 1], [1, 0]]), np.array([1, 1])), (np.array([[1., -1.]]), np.array([0.]))],
        [(matrix(QQ, [[0, 1], [1, 0]]), [1, 1]), (matrix(QQ, [[1, -1]]), [0])],
        [([["0", "1"], ["1", "0"]], ["1", "1"]), ([["1", "-1"]], ["0"])],
        [([[Fraction(0), Fraction(1)], [1, 0]], [1, 1], "relu"), ([[1, -1]], [0], "identity")],
    ]
    maps = [ts.tropicalize(f) if len(f[0]) == 3 else ts.tropicalize(f, activations=["relu", "identity"])
            for f in forms]
    for m in maps:
        assert m[0] == maps[0][0]
    assert repr(maps[0][0]) == "max(0, 1 + y) - max(0, 1 + x)"
    assert maps[0](-3, 5) == (6,)


def test_default_activations_and_prune():
    net = random_network([2, 3, 3, 1], seed=5)
    assert [l.activation.kind for l in net.layers] == ["relu", "relu", "identity"]
    m = ts.tropicalize(net)
    mp = ts.tropicalize(net, prune=True)
    assert mp.info["pruned"] and "monomials_pruned" in mp.info["layers"][0]
    assert all(a.equals(b) for a, b in zip(m, mp))
    for c, (nf, ng) in zip(mp, mp.monomial_counts()):
        assert (nf, ng) == c.monomial_complexity()


def test_pruned_deep_net_is_exact():
    net = random_network([2, 4, 4, 3, 1], seed=11, weights="rational")
    m = ts.tropicalize(net, prune=True)
    check_exact(net, m, [[Fraction(i, 3), Fraction(-j, 2)] for i in range(-4, 5, 2) for j in range(-3, 4, 3)])


def test_bad_input_errors():
    with pytest.raises(ValueError, match=r"layer 1: W\[0, 1\] is nan"):
        ts.tropicalize([([[1, 2]], [0]), ([[1, float("nan")]], [0])])
    with pytest.raises(ValueError, match="layer 0: b"):
        ts.tropicalize([([[1, 2]], [float("inf")])])
    with pytest.raises(ValueError, match="layer 1: W has 3 columns but the previous layer outputs 1"):
        ts.tropicalize([([[1, 2]], [0]), ([[1, 2, 3]], [0])])
    with pytest.raises(ValueError, match="layer 0: W has 1 rows but b has 2"):
        ts.tropicalize([([[1, 2]], [0, 1])])
    with pytest.raises(ValueError, match="unknown activation 'tanh'"):
        ts.tropicalize([([[1, 2]], [0])], activations=["tanh"])
    with pytest.raises(ValueError, match="maxout rank 2 does not divide the width 3"):
        ts.tropicalize([([[1], [2], [3]], [0, 0, 0])], activations=[("maxout", 2)])
    with pytest.raises(ValueError, match="slope must lie in"):
        ts.tropicalize([([[1]], [0])], activations=[("leaky_relu", 2)])
    with pytest.raises(ValueError, match="ragged"):
        ts.tropicalize([([[1, 2], [3]], [0, 0])])
    with pytest.raises(TypeError, match=r"module '1' \(Sigmoid\): unsupported layer"):
        ts.tropicalize(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid()))
    with pytest.raises(ValueError, match="must follow a Linear"):
        ts.tropicalize(torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 2)))
    with pytest.raises(TypeError, match="cannot read a network"):
        ts.tropicalize("net.pt")
    with pytest.raises(ValueError, match="2 activations given for 1 layers"):
        ts.tropicalize([([[1]], [0])], activations=["relu", "relu"])


def test_network_forward_and_patterns():
    net = as_network([([[1, -1], [1, 1]], [0, -1]), ([[1], [1]][0:1] and [[1, 1]], [0])])
    assert net([2, 1]) == (Q(1) + Q(2),)
    assert net.activation_pattern([2, 1]) == [(1, 1), (1,)]
    assert net.widths == [2, 1] and net.input_dim == 2
