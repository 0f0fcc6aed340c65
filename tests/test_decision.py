"""Decision boundaries, tropical pruning and attacks ([A], SPEC §6)."""

from fractions import Fraction

import numpy as np
import pytest

from tropsage.decision import (decision_boundary, decision_generators, decision_polynomial,
                               decision_polytope, decision_zonotopes, logit_difference,
                               shallow_parameters, tropical_hypersurface)
from tropsage.nn import as_network, random_network, tropicalize


def _vertex_set(P):
    return {tuple(v) for v in P.vertices_list()}


def _random_classifier(seed):
    """A seeded random (Affine, ReLU, Affine) classifier and a class pair."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 4))
    p = int(rng.integers(1, 6))
    k = int(rng.integers(2, 4))
    kind = ("integer", "rational", "float")[seed % 3]
    net = random_network([n, p, k], seed=seed, weights=kind)
    pair = tuple(int(c) for c in rng.choice(k, size=2, replace=False))
    return net, pair


# ---------------------------------------------------------------------------
# the dual subdivision: Theorem 2 / Corollary 1, checked against tropicalize

@pytest.mark.parametrize("seed", range(60))
def test_decision_polytope_is_newton_polytope_of_R(seed):
    net, pair = _random_classifier(seed)
    R = decision_polynomial(net, pair)
    assert _vertex_set(decision_polytope(net, pair)) == _vertex_set(R.newton_polytope())


@pytest.mark.parametrize("seed", range(0, 60, 3))
def test_each_zonotope_is_a_newton_polytope(seed):
    # sharper than the hull: shift + Z(G1) = Δ(H_i ⊙ Q_j) and shift + Z(G2) = Δ(H_j ⊙ Q_i)
    net, (i, j) = _random_classifier(seed)
    m = tropicalize(net)
    P = m[i].numerator() * m[j].denominator()
    S = m[j].numerator() * m[i].denominator()
    Z1, Z2 = decision_zonotopes(net, (i, j))
    assert Z1 == P.newton_polytope()
    assert Z2 == S.newton_polytope()


def test_torch_classifier_polytope():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 7), torch.nn.ReLU(), torch.nn.Linear(7, 3))
    for pair in [(0, 1), (2, 0)]:
        R = decision_polynomial(model, pair)
        assert _vertex_set(decision_polytope(model, pair)) == _vertex_set(R.newton_polytope())


def test_generators_known_values():
    # A = [[1,-1],[2,1]], B = [[1,-1],[-2,3]]: B⁺_0 + B⁻_1 = (3, 0), B⁺_1 + B⁻_0 = (0, 4),
    # |B_0| + |B_1| = (3, 4), A⁻ = [[0,1],[0,0]]
    G1, G2, shift = decision_generators([([[1, -1], [2, 1]], [0, 0]), ([[1, -1], [-2, 3]], [0, 0])])
    assert [tuple(r) for r in G1.rows()] == [(3, -3), (0, 0)]
    assert [tuple(r) for r in G2.rows()] == [(0, 0), (8, 4)]
    assert tuple(shift) == (0, 3)


def test_bias_free_dual_subdivision_is_the_polytope():
    # bias-free: all lifted points at height 0 up to the shared structure, so δ(R) is
    # subdivided only by coefficients coming from B; the support is still Δ(R)
    net = [([[1, -1], [2, 1], [-1, 3]], [0, 0, 0]), ([[1, -1, 2], [-2, 3, 1]], [0, 0])]
    R = decision_polynomial(net)
    cells = R.dual_subdivision()
    P = decision_polytope(net)
    assert sum(c.volume() for c in cells) == P.volume()


def test_logit_difference_is_exact():
    net = random_network([2, 4, 3], seed=7, weights="rational")
    h = logit_difference(net, (2, 1))
    rng = np.random.default_rng(0)
    for _ in range(20):
        x = [Fraction(int(a), int(b)) for a, b in zip(rng.integers(-20, 20, 2), rng.integers(1, 7, 2))]
        out = net(x)
        assert h(*x) == out[2] - out[1]


# ---------------------------------------------------------------------------
# exact boundary pieces


def _line_zeros(net, i, j, y0, lo, hi):
    """Exact zeros of t ↦ f_i(t, y0) − f_j(t, y0) on [lo, hi] (a 1-D piecewise affine map)."""
    A, c1, _, _ = shallow_parameters(net)
    ts = {lo, hi}
    for row, b in zip(A, c1):
        if row[0]:
            t = -(row[1] * y0 + b) / row[0]
            if lo < t < hi:
                ts.add(t)
    ts = sorted(ts)

    def g(t):
        out = net.forward([t, y0])
        return out[i] - out[j]

    zeros, flats = [], []
    for a, b in zip(ts, ts[1:]):
        ga, gb = g(a), g(b)
        if ga == 0 and gb == 0:
            flats.append((a + b) / 2)
        elif ga == 0:
            zeros.append(a)
        elif ga * gb < 0:
            zeros.append(a + ga * (b - a) / (ga - gb))
    if g(ts[-1]) == 0:
        zeros.append(ts[-1])
    return zeros, flats


@pytest.mark.parametrize("seed", range(12))
def test_boundary_pieces_are_ties_and_cover_the_boundary(seed):
    rng = np.random.default_rng(100 + seed)
    p, k = int(rng.integers(2, 7)), int(rng.integers(2, 4))
    net = random_network([2, p, k], seed=100 + seed, weights="rational" if seed % 2 else "integer")
    i, j = (int(c) for c in rng.choice(k, size=2, replace=False))
    pieces = decision_boundary(net, (i, j))
    for piece in pieces:
        q = piece.interior_point()
        out = net(q)
        assert out[i] == out[j]
        assert piece.dim in (1, 2) and piece.is_decision_boundary
        assert piece.polyhedron.dim() == piece.dim
        if piece.dim == 1:
            assert sum(a * b for a, b in zip(piece.normal, q)) == piece.offset
    # completeness: every zero of f_i − f_j on random horizontal lines lies on a piece
    for _ in range(4):
        y0 = Fraction(int(rng.integers(-60, 60)), int(rng.integers(7, 13)))
        zeros, flats = _line_zeros(net, i, j, y0, Fraction(-12), Fraction(12))
        for t in zeros:
            assert any(pc.polyhedron.contains([t, y0]) for pc in pieces), (t, y0)
        for t in flats:
            assert any(pc.dim == 2 and pc.polyhedron.contains([t, y0]) for pc in pieces)


def test_boundary_within_domain_and_3d():
    net = random_network([3, 4, 2], seed=5, weights="integer")
    box = [(-2, 2)] * 3
    full = decision_boundary(net)
    inside = decision_boundary(net, domain=box)
    assert inside and len(inside) <= len(full)
    for piece in inside:
        assert piece.is_bounded() and piece.dim == 2
        q = piece.interior_point()
        assert all(-2 <= c <= 2 for c in q)
        out = net(q)
        assert out[0] == out[1]


def test_hypersurface_contains_boundary():
    net = random_network([2, 5, 2], seed=11, weights="rational")
    T = tropical_hypersurface(net)
    B = decision_boundary(net)
    flagged = [c for c in T if c.is_decision_boundary]
    assert len(flagged) >= len(B) >= 1
    assert any(not c.is_decision_boundary for c in T)
    R = decision_polynomial(net)
    for c in T:   # on each cell of T(R) the max of R is attained at least twice
        q = c.interior_point()
        vals = [coef + sum(a * b for a, b in zip(e, q)) for e, coef in R.to_dict().items()]
        assert sorted(vals)[-2] == max(vals) == R(*q)


def test_tie_region():
    # logits relu(x) and relu(y) agree on the open quadrant x, y < 0
    net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
    pieces = decision_boundary(net)
    assert sorted(p.dim for p in pieces) == [1, 2]
    tie = next(p for p in pieces if p.dim == 2)
    assert tie.polyhedron.contains([-1, -3], strict=True)
    assert not tie.polyhedron.contains([1, -3])


def test_bad_input():
    with pytest.raises(ValueError, match="Affine, ReLU, Affine"):
        decision_boundary([([[1, 2]], [0]), ([[1]], [0]), ([[1], [2]], [0, 0])])
    with pytest.raises(ValueError, match="at least 2 outputs"):
        decision_polytope([([[1, 2]], [0]), ([[1]], [0])])
    with pytest.raises(ValueError, match="two different outputs"):
        decision_polytope(random_network([2, 3, 2]), (1, 1))
    with pytest.raises(ValueError, match="out of range"):
        decision_polytope(random_network([2, 3, 2]), (0, 2))
    with pytest.raises(ValueError, match="layer 0 has activation"):
        decision_polytope([([[1, 2]], [0], ("leaky_relu", "1/2")), ([[1], [2]], [0, 0], "identity")])
    with pytest.raises(TypeError, match="pair of output indices"):
        decision_polytope(random_network([2, 3, 2]), 0)
    net = as_network([([[1, 2], [3, 4]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])])
    with pytest.raises(ValueError, match="2-input"):
        from tropsage.decision import plot_decision_boundary
        plot_decision_boundary(random_network([3, 2, 2]))
    assert decision_polytope(net).dim() == 2
