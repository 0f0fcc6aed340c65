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


# ---------------------------------------------------------------------------
# tropical pruning (numerical) and attacks


def _row_objective(a, A_j, c1s, c2s, lam):
    """The row problem of (2) summed over class pairs, with B fixed."""
    return sum(0.5 * (np.sum((c1 * a - c1 * A_j) ** 2) + np.sum((c2 * a - c2 * A_j) ** 2))
               + lam * (c1 + c2) * np.linalg.norm(a) for c1, c2 in zip(c1s, c2s))


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("lam", [0.3, 3.0])
def test_tropical_row_update_minimizes_problem_2(seed, lam):
    from tropsage.decision.pruning import tropical_prune
    rng = np.random.default_rng(seed)
    p, n, k = 6, 4, 3
    A, B = rng.normal(size=(p, n)), rng.normal(size=(k, p))
    (At, _), _ = tropical_prune([(A, np.zeros(p)), (B, np.zeros(k))], lam=lam)[0]
    Bp, Bm = np.maximum(B, 0), np.maximum(-B, 0)
    pairs = [(a, b) for a in range(k) for b in range(a + 1, k)]
    for j in range(p):
        c1s = [Bp[a, j] + Bm[b, j] for a, b in pairs]
        c2s = [Bp[b, j] + Bm[a, j] for a, b in pairs]
        best = _row_objective(At[j], A[j], c1s, c2s, lam)
        for _ in range(30):   # convex objective: no perturbation does better
            d = rng.normal(size=n) * 10.0 ** rng.integers(-4, 0)
            assert _row_objective(At[j] + d, A[j], c1s, c2s, lam) >= best - 1e-9
        assert _row_objective(np.zeros(n), A[j], c1s, c2s, lam) >= best - 1e-12
    if lam == 3.0:    # a large λ removes whole generators (rows)
        assert (np.linalg.norm(At, axis=1) == 0).any()


def test_tropical_prune_ratio_and_function():
    from tropsage.decision.pruning import predict, tropical_prune
    rng = np.random.default_rng(3)
    A, c1, B, c2 = rng.normal(size=(20, 5)), rng.normal(size=20), rng.normal(size=(4, 20)), rng.normal(size=4)
    net = [(A, c1), (B, c2)]
    (At, c1t), (Bt, c2t) = tropical_prune(net, ratio=0.25)[0]
    kept = np.any(At != 0, axis=1)
    assert kept.sum() == 15 and np.all(Bt[:, ~kept] == 0)
    # kept neurons compute what they did (B̃ compensates the shrinkage, biases rescaled)
    X = rng.normal(size=(200, 5))
    full = np.maximum(X @ A[kept].T + c1[kept], 0) @ B[:, kept].T + c2
    pruned = np.maximum(X @ At.T + c1t, 0) @ Bt.T + c2t
    assert np.allclose(full, pruned)
    assert (predict([(At, c1t), (Bt, c2t)], X) == np.argmax(full, axis=1)).all()
    with pytest.raises(ValueError, match="exactly one of ratio and lam"):
        tropical_prune(net)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        tropical_prune(net, ratio=1.5)


def test_magnitude_baselines_counts():
    from tropsage.decision.pruning import magnitude_prune, prune_classifier
    rng = np.random.default_rng(0)
    W = rng.normal(size=(8, 10))
    for method in ("class_blind", "class_distribution"):
        assert (magnitude_prune(W, 0.3, method) == 0).sum() == 24
    U = magnitude_prune(W, 0.3, "class_uniform")
    assert ((U == 0).sum(axis=1) == 3).all()
    kept = magnitude_prune(W, 0.3, "class_blind")
    assert np.abs(W[kept == 0]).max() <= np.abs(W[kept != 0]).min()
    with pytest.raises(ValueError, match="2 affine layers"):
        prune_classifier([(W, np.zeros(8))], "class_blind", 0.5)


def test_exact_predictions_agree_and_fgsm_budget():
    torch = pytest.importorskip("torch")
    from tropsage.decision.attack import exact_predictions, fgsm
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.ReLU(), torch.nn.Linear(7, 4))
    X = torch.rand(30, 5)
    labels, ties = exact_predictions(model, X)
    assert not ties.any()
    assert (labels == model(X).argmax(1).numpy()).all()
    y = torch.as_tensor(labels)
    adv = fgsm(model, X, y, 0.1)
    assert float((adv - X).abs().max()) <= 0.1 + 1e-6 and float(adv.min()) >= 0 and float(adv.max()) <= 1


def test_tropical_attack_moves_the_boundary():
    torch = pytest.importorskip("torch")
    from tropsage.decision import decision_boundary
    from tropsage.decision.attack import exact_predictions, tropical_attack
    # logits relu(x) and relu(y): the boundary is the diagonal; x0 = (0.7, 0.4) is 0.3/√2 away
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
    with torch.no_grad():
        for m in (model[0], model[2]):
            m.weight.copy_(torch.eye(2))
            m.bias.zero_()
    x0, y0 = torch.tensor([[0.7, 0.4]]), torch.tensor([0])
    weak = tropical_attack(model, x0, y0, eps1=0.1)
    assert not bool(weak.success[0])            # ℓ∞ distance to the boundary is 0.15
    res = tropical_attack(model, x0, y0, eps1=0.3, eps2=0.5)
    assert bool(res.success[0]) and bool(res.layer_success[0])
    assert exact_predictions(model, res.x_adv)[0][0] == 1
    # the perturbed first layer puts x0 across its (exact) decision boundary
    A1 = (model[0].weight.detach() + res.xi[0]).double().numpy()
    net = [(A1, np.zeros(2)), (np.eye(2), np.zeros(2))]
    assert exact_predictions(net, x0)[0][0] == 1
    assert decision_boundary(net)
