"""
Issue 15: the papers' experiments and the library pieces they needed -- network-level
point connectivity, ``attains_positive`` on all of R^d, Algorithms 2-3 of [L] on
tropical objects, the Tables 1-2 script.
"""

from fractions import Fraction

import numpy as np
import pytest
from _examples import load_example

import tropsage as ts
from tropsage.regions import count_linear_regions, linear_regions



_load = load_example


# --------------------------------------------------------------------------- point connectivity

# relu(x) + relu(y) - relu(x + y) = max(0, x, y, x + y) ⊘ max(0, x + y)
FACET_POINT_NET = [([[1, 0], [0, 1], [1, 1]], [0, 0, 0]), ([[1, 1, -1]], [0])]


def test_point_connectivity_network_and_map():
    x, y = ts.TropicalPuiseuxSemiring(2).gens()
    h = (0 + x + y + x * y) / (0 + x * y)
    m = ts.tropicalize(FACET_POINT_NET)
    assert all(m(*p)[0] == h(*p) for p in [(1, 2), (-3, 1), (2, -5), (0, 0)])
    for obj in (h, m, FACET_POINT_NET):
        assert count_linear_regions(obj) == 6
        assert count_linear_regions(obj, connectivity="point") == 5
    # the list form with explicit activations, and a Network, go the same way
    acts = ["relu", "identity"]
    assert count_linear_regions(FACET_POINT_NET, connectivity="point", activations=acts) == 5
    assert count_linear_regions(FACET_POINT_NET, activations=acts) == 6
    net = ts.nn.as_network(FACET_POINT_NET)
    L = linear_regions(net, connectivity="point")
    assert len(L) == 5
    # the merged region is the zero map on the two opposite quadrants
    zero = [R for R in L if R.gradient == ((0, 0),) and R.constant == (0,)]
    assert len(zero) == 1 and len(zero[0].pieces) == 2
    for p in ((1, 2), (-3, -1)):
        assert any(P.contains(p) for P in zero[0].pieces)
    # within a box that cuts the origin out of one quadrant's closure, point = facet
    assert count_linear_regions(FACET_POINT_NET, domain=[(1, 2), (-3, 3)], connectivity="point") == \
        count_linear_regions(FACET_POINT_NET, domain=[(1, 2), (-3, 3)])


def test_point_connectivity_rejects_unknown_keywords():
    with pytest.raises(TypeError, match="connectivity='point'"):
        linear_regions(FACET_POINT_NET, connectivity="point", n_jobs=2)


# --------------------------------------------------------------------------- attains_positive

def _sup_sage(net):
    """The supremum of output 0 over R^d from the tropical regions and Sage polyhedra."""
    from sage.rings.infinity import infinity as oo
    from sage.rings.rational_field import QQ
    best = None
    for R in linear_regions(ts.tropicalize(net)):
        g = [QQ(v) for v in R.gradient[0]]
        c = QQ(R.constant[0])
        for P in R.pieces:
            S = P.to_sage()
            if any(sum(a * b for a, b in zip(g, r.vector())) > 0 for r in S.rays()) or \
                    any(sum(a * b for a, b in zip(g, l.vector())) != 0 for l in S.lines()):
                return oo
            for v in S.vertices():
                val = sum(a * b for a, b in zip(g, v.vector())) + c
                best = val if best is None else max(best, val)
    return best


def _random_net(rng, n, widths, shift):
    dims = [n] + widths + [1]
    layers = []
    for k, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        W = rng.integers(-3, 4, size=(b, a)).tolist()
        bias = rng.integers(-2, 3, size=b).tolist()
        layers.append((W, bias))
    W, b = layers[-1]
    layers[-1] = (W, [b[0] + shift])
    return layers


@pytest.mark.parametrize("seed", range(10))
def test_attains_positive_on_Rd_against_sage(seed):
    from tropsage.queries import attains_positive
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3))
    net = _random_net(rng, n, [int(rng.integers(2, 4))], int(rng.integers(-4, 3)))
    # some nets are bounded above: make the last layer non-positive on the hidden units
    if seed % 2:
        W, b = net[-1]
        net[-1] = ([[-abs(w) for w in W[0]]], b)
    r = attains_positive(net)
    sup = _sup_sage(net)
    assert r.value == sup
    assert bool(r) == (sup > 0)
    if r:
        assert ts.nn.as_network(net)(r.witness)[0] > 0
    else:
        assert r.witness is None


def test_attains_positive_unbounded_cell_cases():
    from sage.rings.infinity import infinity as oo
    from sage.rings.rational_field import QQ
    from tropsage.queries import attains_positive
    # -min(relu(x), 1): supremum 0, attained on the unbounded cell x <= 0 only
    r = attains_positive([([[1], [1]], [0, -1]), ([[-1, 1]], [0])])
    assert not r and r.value == 0
    # the same shifted by 1/2: positive exactly on the unbounded cell
    r = attains_positive([([[1], [1]], [0, -1]), ([[-1, 1]], [Fraction(1, 2)])])
    assert r and r.value == QQ(1) / 2 and r.witness[0] <= 0
    # relu(x - y) - 5 on R^2: unbounded above, the witness has value exactly 1
    net = [([[1, -1]], [0]), ([[1]], [-5])]
    r = attains_positive(net)
    assert r and r.value == oo and ts.nn.as_network(net)(r.witness)[0] == 1
    # a box still works, and None ends are allowed
    assert not attains_positive(net, [(0, 1), (0, 1)])
    assert attains_positive(net, [(0, None), (0, 1)])
    # 2 + relu(x): above 1 everywhere, the witness is an interior point
    net = [([[1]], [0]), ([[1]], [2])]
    r = attains_positive(net)
    assert r and r.value == oo and ts.nn.as_network(net)(r.witness)[0] > 1


# --------------------------------------------------------------------------- Hoffman bounds

def _random_function(rng, mp, mq, n):
    T = ts.TropicalPuiseuxSemiring(n)
    P = np.hstack([rng.integers(0, 11, size=(mp, n)), rng.integers(-3, 4, size=(mp, 1))])
    Q = np.hstack([rng.integers(0, 11, size=(mq, n)), rng.integers(-3, 4, size=(mq, 1))])
    return T.from_integer_rows(P, 10) / T.from_integer_rows(Q, 10)


@pytest.mark.parametrize("seed", range(4))
def test_bounds_on_tropical_objects(seed):
    from tropsage.hoffman import hoffman_constant, hoffman_lower_bound, hoffman_upper_bound
    rng = np.random.default_rng(seed)
    h = _random_function(rng, 2, 3, 3)
    exact = hoffman_constant(h, norms=("linf", "linf"))
    lo = hoffman_lower_bound(h, norms=("linf", "linf"), samples=40, seed=seed, certificate=True)
    up = hoffman_upper_bound(h, norms=("linf", "linf"), samples=None, certificate=True)
    assert 0 < lo.value <= exact <= up.value + 1e-9 and up.guaranteed
    # the lower bound's cell matrix really has that constant among its row sets
    assert lo.cell in hoffman_constant(h, certificate=True).per_cell
    l2 = hoffman_constant(h, norms=("l2", "l2"))
    assert hoffman_lower_bound(h, samples=40, seed=seed) <= l2 * (1 + 1e-9)
    assert l2 <= hoffman_upper_bound(h, samples=None) * (1 + 1e-9)
    # a polynomial, a map and a network are tropical objects too
    x, y, z = ts.TropicalPuiseuxSemiring(3).gens()
    f = 0 + x + y ** 2 + x * z
    assert hoffman_lower_bound(f, norms=("linf", "linf")) <= hoffman_constant(f) <= \
        hoffman_upper_bound(f, norms=("linf", "linf"), samples=None)
    net = [([[1, 0], [0, 1], [1, 1]], [0, -1, 0]), ([[1, 1, -1]], [0])]
    H = hoffman_constant(net)
    assert hoffman_lower_bound(net, norms=("linf", "linf")) <= H <= \
        hoffman_upper_bound(net, norms=("linf", "linf"), samples=None)


def test_bounds_reject_bad_input():
    from tropsage.hoffman import hoffman_lower_bound, hoffman_upper_bound
    with pytest.raises(ValueError, match="samples"):
        hoffman_lower_bound(FACET_POINT_NET, samples=0)
    with pytest.raises(ValueError, match="norm"):
        hoffman_upper_bound(FACET_POINT_NET, norms=("l3", "l2"))


def test_hoffman_tables_script(tmp_path):
    pytest.importorskip("scipy")
    rows = _load("hoffman_tables").main([str(tmp_path), "--quick"])
    assert len(rows) == 4
    for r in rows:
        exact = float(Fraction(r["exact"]))
        assert exact == pytest.approx(r["float_brute"], rel=1e-6)      # the float peer agrees
        assert r["lower_l2"] <= r["true_l2"] * (1 + 1e-9) <= r["upper_l2"] * (1 + 1e-9)
        assert r["pvz_lps"] > 0 and r["brute_lps"] >= r["pvz_lps"]
    md = (tmp_path / "hoffman_tables.md").read_text()
    assert md.count("### (m_p, m_q, n)") == 2 and "PVZ LPs" in md


def test_regions_vs_monomials_script(tmp_path):
    pytest.importorskip("matplotlib")
    rows = _load("regions_vs_monomials").main([str(tmp_path), "--quick"])
    assert len(rows) == 3 * 2
    for r in rows:
        # [L]: monomial complexity (m_p, m_q) allows at most m_p m_q linear regions
        assert 1 <= r["regions"] <= r["irredundant_p"] * r["irredundant_q"]
        assert r["irredundant_p"] <= r["monomials"] and r["irredundant_q"] <= r["monomials"]
    assert (tmp_path / "regions_vs_monomials.png").stat().st_size > 10_000


def test_regions_during_training_script(tmp_path):
    pytest.importorskip("matplotlib")
    pytest.importorskip("torch")
    pytest.importorskip("sklearn")
    import csv
    rows = _load("regions_during_training").main([str(tmp_path), "--quick"])
    assert len(rows) == 2 * 3                          # n1 in (2, 3), one seed, three checkpoints
    with open(tmp_path / "regions_during_training.csv", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)
    for r in rows:
        assert r["n1"] + r["n2"] == 22 and not r["partial"]
        # the training inputs' patterns are regions; the exact count is within [S]'s bounds
        assert 1 <= r["train_patterns"] <= r["regions_R64"] <= r["serra_upper"]
        assert r["serra_upper"] <= r["montufar_upper"] <= r["trivial_upper"] == 2 ** 22
        assert 0 <= r["test_error"] <= 1
    boxed = [r for r in rows if r["regions_box"] != ""]
    assert [(r["n1"], r["step"]) for r in boxed] == [(2, 40)]
    r = boxed[0]
    assert not r["partial_box"] and r["train_patterns"] <= r["regions_box"] <= r["regions_R64"]
    # n0 = 64 > n1: the hidden layers see at most an n1-dimensional image ([S] Theorem 1)
    from tropsage.bounds import serra_upper
    assert rows[0]["serra_upper"] == serra_upper(2, (2, 20))
    three = [r for r in rows if r["n1"] == 3]
    assert three[-1]["test_error"] < three[0]["test_error"]      # it learns
    assert (tmp_path / "regions_during_training.png").stat().st_size > 10_000
