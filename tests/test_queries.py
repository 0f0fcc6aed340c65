"""Exact queries on ReLU networks ([G]): constructed nets with known answers and
brute-force evaluation on rational grids."""

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tropsage._exact import qq
from tropsage.nn import as_network, random_network
from tropsage.queries import (attains_positive, is_injective, is_positive, is_surjective,
                              is_zero_map, jacobian_determinants, lipschitz_constant, maximum,
                              minimum, normal_form, same_function, same_function_up_to_symmetry)
from tropsage.queries.queries import operator_norm
from tropsage.regions.activation import activation_regions


# ---------------------------------------------------------------------------
# constructed networks

def max0_net():
    """``max{0, x1, ..., x5}`` with three hidden layers ([G]'s depth example), built
    from ``max(a, b) = relu(a - b) + relu(b) - relu(-b)``."""
    L1 = [[1, 0, 0, 0, 0],            # u1 = relu(x1)          m1 = u1 = max(0, x1)
          [0, 1, -1, 0, 0],           # u2 = relu(x2 - x3)
          [0, 0, 1, 0, 0],            # u3 = relu(x3)
          [0, 0, -1, 0, 0],           # u4 = relu(-x3)         m2 = u2 + u3 - u4 = max(x2, x3)
          [0, 0, 0, 1, -1],           # u5 = relu(x4 - x5)
          [0, 0, 0, 0, 1],            # u6 = relu(x5)
          [0, 0, 0, 0, -1]]           # u7 = relu(-x5)         m3 = u5 + u6 - u7 = max(x4, x5)
    m1, m2, m3 = [1, 0, 0, 0, 0, 0, 0], [0, 1, 1, -1, 0, 0, 0], [0, 0, 0, 0, 1, 1, -1]
    sub = lambda a, b: [p - q for p, q in zip(a, b)]
    neg = lambda a: [-p for p in a]
    L2 = [sub(m1, m2), m2, neg(m2), m3, neg(m3)]   # a = max(m1, m2) = v1 + v2 - v3; b = v4 - v5
    a, b = [1, 1, -1, 0, 0], [0, 0, 0, 1, -1]
    L3 = [sub(a, b), b, neg(b)]
    return as_network([(L1, [0] * 7), (L2, [0] * 5), (L3, [0] * 3), ([[1, 1, -1]], [0])],
                      activations=["relu", "relu", "relu", "identity"])


def cancelling_net(seed=0):
    """``relu(t) - relu(-t) - sum_j w_j (relu(x_j) - relu(-x_j)) - b`` with ``t = w.x + b``:
    zero everywhere although no weight is zero."""
    rng = random.Random(seed)
    w = [rng.choice([-3, -2, -1, 1, 2, 3]) for _ in range(2)]
    b = rng.choice([-2, -1, 1, 2])
    W1 = [w, [-v for v in w], [1, 0], [-1, 0], [0, 1], [0, -1]]
    b1 = [b, -b, 0, 0, 0, 0]
    out = [1, -1, -w[0], w[0], -w[1], w[1]]
    return as_network([(W1, b1), ([out], [-b])])


def F(q):
    """A Sage rational (or int) as a Fraction: Sage's QQ and Fraction do not compare."""
    if isinstance(q, (int, Fraction)):
        return Fraction(q)
    return Fraction(int(q.numerator()), int(q.denominator()))


def grid(box, steps):
    axes = [[Fraction(lo) + (Fraction(hi) - Fraction(lo)) * k / steps for k in range(steps + 1)]
            for lo, hi in box]
    return list(itertools.product(*axes))


# ---------------------------------------------------------------------------
# max{0, x1, ..., x5}

def test_max0_net_is_the_max():
    net = max0_net()
    rng = random.Random(1)
    for _ in range(50):
        x = [Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(5)]
        assert net(x)[0] == qq(max([0] + x))


def test_max0_queries():
    net = max0_net()
    box = [(-1, 1), (-2, "1/2"), (-1, 3), ("-1/2", 2), (-3, -1)]
    value, x = maximum(net, box)
    assert value == 3 and x[2] == 3 and net(x) == (3,)
    value, x = minimum(net, box)
    assert value == 0 and net(x) == (0,)
    r = is_positive(net, box)
    assert not r and r.value == 0 and net(r.witness)[0] <= 0
    pos = [(1, 2)] + [(-1, 1)] * 4
    assert is_positive(net, pos) and is_positive(net, pos).value == 1
    assert attains_positive(net, box).value == 3
    neg = [(-2, -1)] * 5
    assert not attains_positive(net, neg) and maximum(net, neg)[0] == 0
    # gradients are 0 or a unit vector: both Lipschitz constants are 1
    assert lipschitz_constant(net, box, norm="linf") == 1
    assert lipschitz_constant(net, norm="l1") == 1
    assert lipschitz_constant(net, neg, norm="linf") == 0
    assert not is_zero_map(net)


def test_max0_same_function_as_other_tree():
    """``max{0, x1..x5}`` built along another tree is the same function, not the same
    parametrization."""
    other = as_network([
        ([[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, -1, 0, 0, 0], [0, 0, 1, 0, -1], [0, 0, 0, 0, 1],
          [0, 0, 0, 0, -1], [0, 0, 0, 1, 0], [0, 0, 0, -1, 0]], [0] * 8),
        # p = max(0, x1) = u1 ; q = x2 ; r = max(x3, x5) = u4 + u5 - u6 ; s = x4 = u7 - u8
        ([[1, -1, 1, 0, 0, 0, 0, 0], [0, 1, -1, 0, 0, 0, 0, 0], [0, -1, 1, 0, 0, 0, 0, 0],
          [0, 0, 0, 1, 1, -1, -1, 1], [0, 0, 0, 0, 0, 0, 1, -1], [0, 0, 0, 0, 0, 0, -1, 1]],
         [0] * 6),
        # max(p, q) = w1 + w2 - w3 ; max(r, s) = w4 + w5 - w6
        ([[1, 1, -1, -1, -1, 1], [0, 0, 0, 1, 1, -1], [0, 0, 0, -1, -1, 1]], [0] * 3),
        ([[1, 1, -1]], [0])], activations=["relu", "relu", "relu", "identity"])
    assert same_function(max0_net(), other, domain=[(-1, 1)] * 5)
    assert not same_function_up_to_symmetry(max0_net(), other)


# ---------------------------------------------------------------------------
# zero maps

@pytest.mark.parametrize("seed", range(3))
def test_cancelling_net_is_zero(seed):
    net = cancelling_net(seed)
    assert is_zero_map(net)
    assert all(net(x) == (0,) for x in grid([(-2, 2), (-2, 2)], 8))
    assert lipschitz_constant(net) == 0
    assert maximum(net, [(-5, 5), (-5, 5)])[0] == 0


def test_perturbed_cancelling_net_is_not_zero():
    net = cancelling_net(0)
    net.layers[1].W[0][2] += Fraction(1, 7)         # now N(x) = relu(x1)/7
    r = is_zero_map(net)
    assert not r and net(r.witness) != (0,)
    assert not is_zero_map(net, domain=[(0, 1), (0, 1)])
    assert is_zero_map(net, domain=[(-1, 0), (-1, 1)])


# ---------------------------------------------------------------------------
# brute force on rational grids

@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000))
def test_max_min_against_grid_and_vertices(seed):
    net = random_network([2, 3, 3, 1], seed=seed)
    box = [(-2, 1), (-1, 2)]
    hi, xh = maximum(net, box)
    lo, xl = minimum(net, box)
    assert net(xh)[0] == hi and net(xl)[0] == lo
    assert all(-2 <= xh[0] <= 1 and -1 <= xh[1] <= 2 for _ in [0])
    values = [net(x)[0] for x in grid(box, 6)]
    assert max(values) <= hi and min(values) >= lo
    # the extremes of a piecewise affine function are attained at region vertices
    verts = [net(v)[0] for R in activation_regions(net, domain=box) for v in R.vertices()]
    assert max(verts) == hi and min(verts) == lo
    assert bool(is_positive(net, box)) == (lo > 0)
    assert bool(attains_positive(net, box)) == (hi > 0)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_lipschitz_against_grid(seed):
    net = random_network([2, 3, 2, 1], seed=seed)
    box = [(-1, 1), (-1, 1)]
    L_inf = F(lipschitz_constant(net, box, norm="linf"))
    L_1 = F(lipschitz_constant(net, box, norm="l1"))
    pts = grid(box, 6)
    vals = {x: F(net(x)[0]) for x in pts}
    for x, y in itertools.combinations(pts[::3], 2):
        d = abs(vals[x] - vals[y])
        assert d <= L_inf * max(abs(a - b) for a, b in zip(x, y))
        assert d <= L_1 * sum(abs(a - b) for a, b in zip(x, y))
    # attained: a region with the extreme gradient has an interior point p, and a
    # small step in the worst direction stays inside
    value, p = lipschitz_constant(net, box, norm="linf", certificate=True)
    assert F(value) == L_inf
    # attained: from the certificate point, a small step along sign(gradient) stays in
    # the region and the slope there is exactly the constant
    g = [F(v) for v in next(R for R in activation_regions(net, domain=box)
                            if R.contains(p, strict=True)).gradient]
    p = [F(v) for v in p]
    for h in (Fraction(1, 10 ** k) for k in range(1, 12)):
        q = [a + h * ((b > 0) - (b < 0)) for a, b in zip(p, g)]
        if all(-1 <= t <= 1 for t in q) and as_network(net).activation_pattern(q) == \
                as_network(net).activation_pattern(p):
            assert abs(F(net(q)[0]) - F(net(p)[0])) == L_inf * h
            break
    else:
        raise AssertionError("no step found")


def test_lipschitz_known_and_vector_valued():
    net = [([[1, 2], [-3, 1]], [0, 1]), ([[1, 1]], [0])]
    assert lipschitz_constant(net, norm="linf") == 5 and lipschitz_constant(net, norm="l1") == 3
    vec = [([[1, 0], [0, 1]], [0, 0]), ([[1, 2], [3, -4]], [0, 0])]      # J in {0, cols}
    assert lipschitz_constant(vec, norm="linf") == 7                       # row sums
    assert lipschitz_constant(vec, norm="l1") == 6                         # column sums
    assert lipschitz_constant(vec, norm=("l1", "linf")) == 4
    assert lipschitz_constant(vec, norm=("linf", "l1")) == operator_norm([[1, 2], [3, -4]],
                                                                           ("linf", "l1")) == 8
    with pytest.raises(ValueError, match="norm must be one of"):
        lipschitz_constant(net, norm="l3")


def test_operator_norm_brute_force():
    rng = random.Random(3)
    for _ in range(20):
        J = [[rng.randint(-4, 4) for _ in range(3)] for _ in range(2)]
        cube = list(itertools.product((-1, 1), repeat=3))
        cross = [tuple(s * (i == j) for j in range(3)) for i in range(3) for s in (-1, 1)]
        img = lambda x: [sum(a * b for a, b in zip(r, x)) for r in J]
        assert operator_norm(J, ("linf", "linf")) == max(max(map(abs, img(x))) for x in cube)
        assert operator_norm(J, ("linf", "l1")) == max(sum(map(abs, img(x))) for x in cube)
        assert operator_norm(J, ("l1", "l1")) == max(sum(map(abs, img(x))) for x in cross)
        assert operator_norm(J, ("l1", "linf")) == max(max(map(abs, img(x))) for x in cross)


# ---------------------------------------------------------------------------
# injectivity and surjectivity

RELU2 = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]           # relu per coordinate
LEAKY2 = [([[1, 1], [1, -1]], [0, 0], ("leaky_relu", "1/2")), ([[2, 1], [0, 1]], [1, 0], "identity")]
ZIGZAG1 = [([[1], [-1], [1], [1]], [0, 0, -1, -2]), ([[1, -1, -3, 3]], [0])]   # slopes 1, -2, 1: onto, not 1-1


def test_injective_known():
    assert is_injective(LEAKY2) and is_surjective(LEAKY2)
    r = is_injective(RELU2)
    assert not r and r.witness[0] != r.witness[1]
    assert as_network(RELU2)(r.witness[0]) == as_network(RELU2)(r.witness[1])
    r = is_injective(ZIGZAG1)
    net = as_network(ZIGZAG1)
    assert not r and net(r.witness[0]) == net(r.witness[1]) and r.witness[0] != r.witness[1]


def test_surjective_known():
    r = is_surjective(RELU2)
    assert not r and min(r.witness) < 0
    assert is_surjective(ZIGZAG1)          # non-injective but onto
    relu1 = [([[1]], [0]), ([[1]], [0])]
    assert not is_surjective(relu1) and not is_injective(relu1)
    absx = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]
    r = is_surjective(absx)
    assert not r and r.witness[0] < 0
    # onto but folding in 2-D: (x, y) -> (zigzag(x), y)
    fold2 = [([[1, 0], [-1, 0], [1, 0], [1, 0], [0, 1], [0, -1]], [0, 0, -1, -2, 0, 0]),
             ([[1, -1, -3, 3, 0, 0], [0, 0, 0, 0, 1, -1]], [0, 0])]
    stuck = [([[1], [1], [1]], [0, -1, -2]), ([[1, -3, 3]], [0])]     # slopes 0, 1, -2, 1
    r = is_surjective(stuck)                                           # image [-1, oo)
    assert not r and r.witness[0] < -1
    assert is_surjective(fold2) and not is_injective(fold2)


def test_surjective_witness_is_not_attained_on_grid_1d():
    # 1-D: slopes (from the left) 0, then 1: image [0, oo)... shifted: N(x) = relu(x) - 1
    net = [([[1]], [0]), ([[1]], [-1])]
    r = is_surjective(net)
    assert not r and r.witness[0] < -1
    vals = {as_network(net)(x)[0] for x in grid([(-10, 10)], 40)}
    assert min(vals) == -1 and r.witness[0] not in vals


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10_000))
def test_injectivity_consistent_with_determinants_and_grid(seed):
    net = random_network([2, 3, 2], seed=seed, activations=[("leaky_relu", "1/3"), "identity"])
    dets = [d for _, d in jacobian_determinants(net)]
    r = is_injective(net)
    assert bool(r) == (0 not in dets and (all(d > 0 for d in dets) or all(d < 0 for d in dets)))
    N = as_network(net)
    if r:
        vals = [N(x) for x in grid([(-2, 2), (-2, 2)], 6)]
        assert len(set(vals)) == len(vals)        # no collisions on the grid
        assert is_surjective(net)
    else:
        x1, x2 = r.witness
        assert x1 != x2 and N(x1) == N(x2)
    s = is_surjective(net)
    if not s:
        y = s.witness
        # y is not attained: no region's affine map reaches it inside its closure
        assert all(not R.pieces[0].contains(R_pre) for R, R_pre in _preimages(net, y))


def _preimages(net, y):
    out = []
    for R, d in jacobian_determinants(net):
        if d == 0:
            continue
        from sage.all__sagemath_polyhedra import matrix, vector, QQ
        x = matrix(QQ, R.gradient).solve_right(vector(QQ, [a - b for a, b in zip(y, R.constant)]))
        out.append((R, tuple(x)))
    return out


def test_square_required():
    with pytest.raises(ValueError, match="square network"):
        is_injective(random_network([2, 3, 1], seed=0))
    with pytest.raises(ValueError, match="square network"):
        is_surjective(random_network([2, 3, 1], seed=0))


# ---------------------------------------------------------------------------
# symmetries

def _random_symmetry(net, rng):
    """Permute and positively scale the hidden units of ``net`` (a Network), exactly."""
    from tropsage.nn.network import Layer, Network
    layers = [Layer([list(r) for r in L.W], list(L.b), L.activation) for L in net.layers]
    for l in range(len(layers) - 1):
        L, nxt = layers[l], layers[l + 1]
        m = len(L.W)
        # threshold units max(t, tau) are not homogeneous: only permute them
        lam = [Fraction(1) if L.activation.kind == "threshold" else
               Fraction(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(m)]
        L.W = [[v * s for v in row] for row, s in zip(L.W, lam)]
        L.b = [v * s for v, s in zip(L.b, lam)]
        nxt.W = [[v / s for v, s in zip(row, lam)] for row in nxt.W]
        perm = list(range(m))
        rng.shuffle(perm)
        L.W, L.b = [L.W[i] for i in perm], [L.b[i] for i in perm]
        nxt.W = [[row[i] for i in perm] for row in nxt.W]
    return Network(layers)


@pytest.mark.parametrize("seed", range(6))
def test_normal_form_invariant_under_symmetries(seed):
    rng = random.Random(seed)
    acts = [["relu", "relu", "identity"], [("leaky_relu", "1/5"), "relu", "identity"],
            [("threshold", 1), "relu", "identity"]][seed % 3]
    net = random_network([3, 4, 3, 2], activations=acts, seed=seed)
    other = _random_symmetry(net, rng)
    x = [Fraction(1, 3), -2, Fraction(5, 2)]
    assert net(x) == other(x)
    assert same_function_up_to_symmetry(net, other)
    A, B = normal_form(net), normal_form(other)
    assert [(L.W, L.b) for L in A.layers] == [(L.W, L.b) for L in B.layers]
    assert A(x) == net(x)
    # a different weight breaks the equivalence
    other.layers[-1].W[0][0] += 1
    assert not same_function_up_to_symmetry(net, other)


def test_normal_form_threshold_permutation_only():
    net = as_network([([[1, 2], [3, -1]], [0, 1], ("threshold", 1)), ([[1, 2]], [0])])
    swapped = as_network([([[3, -1], [1, 2]], [1, 0], ("threshold", 1)), ([[2, 1]], [0])])
    scaled = as_network([([[2, 4], [3, -1]], [0, 1], ("threshold", 1)), ([["1/2", 2]], [0])])
    assert same_function_up_to_symmetry(net, swapped)
    assert not same_function_up_to_symmetry(net, scaled)
    assert not same_function(net, scaled)


def test_normal_form_with_tied_units():
    # two units with the same incoming weights, different outgoing weights, and a
    # second hidden layer that tells them apart
    net = as_network([([[1, 1], [2, 2], [1, -1]], [0, 0, 1]),
                      ([[1, 5, 0], [2, 1, 1]], [0, 1]), ([[1, -1]], [0])])
    rng = random.Random(7)
    for _ in range(5):
        other = _random_symmetry(net, rng)
        assert same_function_up_to_symmetry(net, other)
        assert normal_form(net).layers[1].W == normal_form(other).layers[1].W


def test_same_function_beyond_symmetry():
    a = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]                # |x|
    b = [([[1], [-1], [-1]], [0, 0, -1]), ([[1, 1, 0]], [0])]   # with a unit that is dead... 
    b2 = [([[1], [-1], [-1]], [0, 0, -1]), ([[1, 1, 7]], [0])]  # ... only on x >= -1
    assert same_function(a, b) and not same_function_up_to_symmetry(a, b)
    r = same_function(a, b2)
    assert not r and r.witness[0] < -1
    assert same_function(a, b2, domain=[(-1, 3)])
    with pytest.raises(ValueError, match="different shapes"):
        same_function(a, RELU2)
