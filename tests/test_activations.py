"""One class per activation (tropsage.nn.activations): the API, the registry, and the
data each class gives the enumerator, the MILP, the estimates and the normal forms."""

import copy
import pickle
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tropsage.nn import (ACTIVATIONS, Activation, PerUnit, as_network, parse_activation,
                         random_network, tropicalize)
from tropsage.nn import activations as A
from tropsage.queries.milp import milp_activation_patterns, pattern_polyhedron
from tropsage.regions.activation import activation_regions

BOX2 = [(-2, 2), (-2, 2)]


def _pattern(net, x):
    """The pattern at ``x`` as the regions record it (``()`` for layers with no decision)."""
    return tuple(t if L.activation.decisions(len(L.W)) else ()
                 for L, t in zip(net.layers, net.activation_pattern(x)))


# ---------------------------------------------------------------------------
# the public API of Activation is unchanged

def test_activation_api():
    a = Activation("leaky_relu", Fraction(1, 10))
    assert (a.kind, a.param, str(a)) == ("leaky_relu", Fraction(1, 10), "leaky_relu(1/10)")
    assert type(a) is A.LeakyReLU and isinstance(a, Activation)
    assert a == parse_activation(("leaky_relu", "1/10")) == A.LeakyReLU("0.1")
    assert hash(a) == hash(Activation("leaky_relu", "1/10"))
    assert Activation("relu") != Activation("identity")
    assert Activation("threshold", 0) != Activation("leaky_relu", 0)
    assert len({Activation("relu"), Activation("relu"), Activation("maxout", 2)}) == 2
    assert repr(Activation("maxout", 2)) == "Activation(kind='maxout', param=2)"
    assert str(Activation(kind="threshold", param="1/2")) == "threshold(1/2)"
    assert parse_activation("Linear") == parse_activation(None) == Activation("identity")
    assert list(ACTIVATIONS) == ["relu", "leaky_relu", "threshold", "maxout", "identity"]
    with pytest.raises(AttributeError):
        a.param = Fraction(1, 2)
    for act in [a, Activation("maxout", 3), PerUnit(["relu", ("threshold", "1/3"), "identity"])]:
        assert pickle.loads(pickle.dumps(act)) == act
        assert copy.deepcopy(act) == act


@pytest.mark.parametrize("spec, err, msg", [
    (("relu", 1), ValueError, "takes no parameter"),
    ("threshold", ValueError, "needs a parameter"),
    (("maxout", 1.5), ValueError, "maxout rank must be a positive integer"),
    (("leaky_relu", 2), ValueError, r"slope must lie in \[0, 1\]"),
    ("softmax", ValueError, "unknown activation 'softmax'"),
    (("per_unit", ["relu", ("maxout", 2)]), ValueError, "cannot be mixed per unit"),
    (3, TypeError, "cannot read activation"),
])
def test_bad_activations(spec, err, msg):
    with pytest.raises(err, match=msg):
        parse_activation(spec, "layer 0")


# ---------------------------------------------------------------------------
# adding an activation: one class and a registration

@pytest.fixture
def shifted_relu():
    """A registered hinge ``max(t - 1, 0)`` (hinge at 1, slope 1, value 0 below)."""

    class ShiftedReLU(A.Hinge):
        __slots__ = ()
        kind = "shifted_relu_test"

        def hinge(self):
            return Fraction(1), Fraction(0), Fraction(0), Fraction(1), Fraction(-1)

    A.register(ShiftedReLU)
    try:
        yield ShiftedReLU
    finally:
        del A._REGISTRY[ShiftedReLU.kind]
        A.ACTIVATIONS.remove(ShiftedReLU.kind)


def test_registered_activation_works_everywhere(shifted_relu):
    from tropsage.numerical.estimate import float_forward
    from tropsage.queries import normal_form
    acts = ["shifted_relu_test", "relu", "identity"]
    net = random_network([2, 3, 2, 1], activations=acts, seed=4)
    assert type(net.layers[0].activation) is shifted_relu
    assert str(net) == "Network 2 -> 3 (shifted_relu_test) -> 2 (relu) -> 1 (identity)"
    x = [Fraction(1, 3), Fraction(-3, 2)]
    pre = net.layers[0].pre_activations(x)
    assert net.layers[0].activation.apply(pre) == [max(t - 1, 0) for t in pre]
    f = tropicalize(net)[0]
    assert f.numerator()(x) - f.denominator()(x) == net(x)[0]
    Y, _ = float_forward(net, np.array([[float(v) for v in x]]))
    assert Y[0, 0] == pytest.approx(float(net(x)[0]))
    r = milp_activation_patterns(net, BOX2)
    assert r.info["certified"] == "volume"
    for pat in r.patterns:
        P, full = pattern_polyhedron(net, pat, BOX2)
        assert full and _pattern(net, P.interior_point()) == pat
    N = normal_form(net)                       # not homogeneous: permuted, not scaled
    assert N(x) == net(x)
    with pytest.raises(ValueError, match="already registered"):
        class Other(A.Hinge):
            kind = "relu"

            def hinge(self):
                return ReLU_HINGE
        A.register(Other)


ReLU_HINGE = A.ReLU().hinge()


# ---------------------------------------------------------------------------
# the cell data agree with the region enumeration

def _compose(net, pattern):
    """The output map ``T/tden`` of a pattern, from the activations' output maps."""
    n = net.input_dim
    T = np.zeros((n, n + 1), dtype=object)
    for i in range(n):
        T[i, i + 1] = 1
    tden = 1
    for layer, entries in zip(net.layers, pattern):
        Z, zden = layer.affine_map(T, tden)
        T, tden = layer.activation.output_map(Z, zden, entries)
    return T, tden


NETS = [
    ([2, 3, 3, 1], None, 0),
    ([2, 3, 2, 1], [("leaky_relu", "1/3"), ("threshold", "-1/2"), "identity"], 1),
    ([2, 3, 2, 1], [("maxout", 2), ("maxout", 3), "identity"], 2),
    ([2, 2, 3, 1], [("maxout", 3), "relu", "identity"], 3),
    ([2, 3, 1], [("threshold", "1/2"), ("maxout", 1)], 4),
    ([2, 4, 2, 1], [PerUnit(["relu", "identity", ("leaky_relu", "1/3"), ("threshold", "1/2")]),
                    PerUnit([("threshold", "-1"), "relu"]), "identity"], 5),
]


@pytest.mark.parametrize("arch, acts, seed", NETS)
def test_options_and_output_maps_match_the_enumeration(arch, acts, seed):
    net = random_network(arch, activations=acts, seed=seed, weights="rational")
    for R in activation_regions(net, domain=BOX2):
        P, full = pattern_polyhedron(net, R.activation_pattern, BOX2)
        assert full and R.pieces[0].is_equal(P)
        T, tden = _compose(net, R.activation_pattern)
        g = [[Fraction(int(v), tden) for v in row[1:]] for row in T]
        c = [Fraction(int(row[0]), tden) for row in T]
        grad = R.gradient if net.output_dim > 1 else (R.gradient,)
        const = R.constant if net.output_dim > 1 else (R.constant,)
        assert [tuple(Fraction(str(v)) for v in r) for r in grad] == [tuple(r) for r in g]
        assert tuple(Fraction(str(v)) for v in const) == tuple(c)


def _affine(row, x, den):
    return (int(row[0]) + sum(int(g) * v for g, v in zip(row[1:], x))) / Fraction(den)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10 ** 6))
def test_cut_rows_options_and_maps_agree_with_the_values(seed):
    """The cell geometry the region enumerator asks for (cut_row, options,
    output_map) against the exact values (pattern, apply) at random points."""
    rng = np.random.default_rng(seed)
    Z = np.array(rng.integers(-3, 4, size=(6, 3)).tolist(), dtype=object)
    zden = int(rng.integers(1, 4))
    mixed = PerUnit(["relu", "identity", ("leaky_relu", "2/5"), ("threshold", "-3/2"),
                     ("leaky_relu", "1/3"), ("threshold", "5/7")])
    for spec in ["relu", ("leaky_relu", "2/5"), ("threshold", "-3/2"), ("maxout", 2),
                 ("maxout", 3), "identity", mixed]:
        act = parse_activation(spec)
        k = act.decisions(6)
        for _ in range(6):
            # small integers and halves: ties and points on cuts happen
            x = [Fraction(int(rng.integers(-4, 5)), int(rng.integers(1, 3))) for _ in range(2)]
            pre = [_affine(r, x, zden) for r in Z]
            bits = act.pattern(pre) if k else ()
            assert len(bits) == k
            T, tden = act.output_map(Z, zden, bits)
            assert [_affine(r, x, tden) for r in T] == act.apply(pre)
            for j in range(k):
                assert bits[j] in act.decision_values(6, j)
                row = act.cut_row(Z, zden, j)
                if row is not None:        # a positive multiple of z_j - s
                    assert (_affine(row, x, 1) > 0) == (bits[j] == 1)
                opts = dict(act.options(Z, zden, j))
                assert bits[j] in opts     # the option taken at x holds at x
                assert all(r[0] - sum(a * v for a, v in zip(r[1:], x)) >= 0 for r in opts[bits[j]])


def test_per_unit_options():
    act = PerUnit(["relu", "identity", ("threshold", "1/2")])
    Z = np.array([[1, 2, 0], [5, 1, 1], [1, 0, 0]], dtype=object)
    assert act.options(Z, 1, 0) == [(0, [[-1, 2, 0]]), (1, [[1, -2, 0]])]   # 1 + 2x <= 0, >= 0
    assert act.options(Z, 1, 1) == [(1, [])]           # identity: never splits
    assert act.options(Z, 1, 2) == [(1, [])]           # constant 1 > 1/2: always on
    T, d = act.output_map(Z, 1, (0, 1, 1))
    assert (T.tolist(), d) == ([[0, 0, 0], [5, 1, 1], [1, 0, 0]], 1)


# ---------------------------------------------------------------------------
# MILP counting of per-unit layers (maxout: tests/test_milp.py)

@pytest.mark.parametrize("seed", range(4))
def test_per_unit_milp_equals_enumeration(seed):
    units = ["relu", "identity", ("leaky_relu", "1/4"), ("threshold", "1/2"), ("threshold", "-1")]
    rng = np.random.default_rng(seed)
    layer1 = PerUnit([units[i] for i in rng.integers(0, len(units), size=4)])
    layer2 = PerUnit([units[i] for i in rng.integers(0, len(units), size=3)])
    net = random_network([2, 4, 3, 1], activations=[layer1, layer2, "identity"], seed=seed)
    exact = sorted(R.activation_pattern for R in activation_regions(net, domain=BOX2))
    for solver in ("highs", "glpk"):
        assert milp_activation_patterns(net, BOX2, solver=solver).patterns == exact


def test_per_unit_milp():
    rows = [[1, 2], [-1, 1], [2, -3], [1, 1]]
    plain = as_network([(rows, [0, 1, 0, -1]), ([[1, -1, 2, 1]], [0])])
    per = as_network([(rows, [0, 1, 0, -1], PerUnit(["relu"] * 4)), ([[1, -1, 2, 1]], [0])])
    assert milp_activation_patterns(per, BOX2).patterns == \
        milp_activation_patterns(plain, BOX2).patterns
    mixed = as_network([(rows, [0, 1, 0, -1], PerUnit(["relu", "identity", ("leaky_relu", "1/4"),
                                                        ("threshold", "1/2")])),
                        ([[1, -1, 2, 1]], [0])])
    r = milp_activation_patterns(mixed, BOX2)
    assert r.info["certified"] == "volume"
    for pat in r.patterns:
        assert pat[0][1] == 1                     # the identity unit never splits
        P, full = pattern_polyhedron(mixed, pat, BOX2)
        assert full and _pattern(mixed, P.interior_point()) == pat
    assert r.patterns == sorted(R.activation_pattern for R in activation_regions(mixed, domain=BOX2))
    # the same hyperplanes as plain ReLU units: x + 2y = 0, 2x - 3y = 0, x + y = 3/2
    same_cuts = as_network([([[1, 2], [2, -3], [1, 1]], [0, 0, "-3/2"]), ([[1, 1, 1]], [0])])
    expected = sorted(((p[0][0], 1, p[0][1], p[0][2]), ())
                      for p in (R.activation_pattern for R in activation_regions(same_cuts, domain=BOX2)))
    assert r.patterns == expected


# ---------------------------------------------------------------------------
# bugs of the string dispatch that the classes fix

def test_normal_form_permutes_per_unit_activations_with_their_units():
    from tropsage.queries import normal_form, same_function_up_to_symmetry
    net = as_network([([[3], [1]], [0, 0], PerUnit(["identity", "relu"])), ([[1, 1]], [0])])
    N = normal_form(net)
    for x in (-2, -1, 0, 1, 3):
        assert N([x]) == net([x])
    swapped = as_network([([[1], [6]], [0, 0], PerUnit(["relu", "identity"])),
                          ([[1, "1/2"]], [0])])
    assert same_function_up_to_symmetry(net, swapped)
    other = as_network([([[1], [6]], [0, 0], PerUnit(["identity", "relu"])),
                        ([[1, "1/2"]], [0])])
    assert not same_function_up_to_symmetry(net, other)


def test_reduced_tropicalization_of_per_unit_leaky_layer():
    """With a rank-deficient first layer, F and G are those of the layer formulas."""
    act = PerUnit(["relu", ("leaky_relu", "1/3")])
    net = as_network([([[1, -1, 0], [-2, 2, 0]], [0, 1], act), ([[1, 1]], [0])])
    a, b = tropicalize(net)[0], tropicalize(net, reduce_input=False)[0]
    assert a.numerator() == b.numerator() and a.denominator() == b.denominator()


def test_per_unit_round_trips_through_json(tmp_path):
    from tropsage.nn.io import load_network, save_network
    net = as_network([([[1, 2], [3, 4]], [0, "1/2"], PerUnit(["identity", ("leaky_relu", "1/5")])),
                      ([[1, 1], [1, -1]], [0, 0], ("maxout", 2))])
    save_network(net, tmp_path / "n.json")
    back = load_network(tmp_path / "n.json")
    assert [L.activation for L in back.layers] == [L.activation for L in net.layers]
    assert back([1, -1]) == net([1, -1])


def test_activation_pattern_checks_the_dimension():
    net = random_network([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match="point has 3 coordinates"):
        net.activation_pattern([1, 2, 3])


# ---------------------------------------------------------------------------
# float forms

@pytest.mark.parametrize("acts", [
    [PerUnit(["relu", "identity", ("leaky_relu", "1/4"), ("threshold", "1/2")]), "identity"],
    [("maxout", 2), "identity"],
    [("threshold", "-1/3"), ("leaky_relu", "1/2")],
])
def test_float_forms_match_exact(acts):
    from tropsage.numerical.estimate import float_forward
    width = 4 if isinstance(acts[0], PerUnit) else 2
    net = random_network([2, width, 1], activations=acts, seed=1, weights="rational")
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(50, 2))
    for backend in ("numpy", "torch"):
        Y, J = float_forward(net, X, backend=backend)
        for x, y, j in zip(X, Y, J):
            q = [Fraction(float(v)) for v in x]
            assert y[0] == pytest.approx(float(net.forward(q)[0]), abs=1e-9)
            pat = _pattern(net, q)
            T, tden = _compose(net, pat)
            assert j[0] == pytest.approx([float(Fraction(int(v), tden)) for v in T[0][1:]], abs=1e-9)


# ---------------------------------------------------------------------------
# activations= wherever a list of (W, b) pairs is accepted

def test_activations_keyword_is_passed_on(tmp_path):
    from tropsage.nn.io import load_network, save_network
    from tropsage.numerical.estimate import estimate_linear_regions, float_forward
    from tropsage.queries import normal_form, same_function, same_function_up_to_symmetry
    from tropsage.queries.milp import count_activation_regions_milp, interval_bounds
    pairs = [([[1, 0], [0, 1], [1, 1], [-1, 1]], [0, 0, -1, 0]), ([[1, -1]], [0])]
    acts = [("maxout", 2), "identity"]
    net = as_network(pairs, activations=acts)
    exact = sorted(R.activation_pattern for R in activation_regions(net, domain=BOX2))
    assert count_activation_regions_milp(pairs, BOX2, activations=acts) == len(exact)
    assert milp_activation_patterns(pairs, BOX2, activations=acts).patterns == exact
    assert interval_bounds(pairs, BOX2, activations=acts) == interval_bounds(net, BOX2)
    P, full = pattern_polyhedron(pairs, exact[0], BOX2, activations=acts)
    assert full
    X = np.array([[0.5, -1.0], [1.5, 0.25]])
    assert np.array_equal(float_forward(pairs, X, activations=acts)[0], float_forward(net, X)[0])
    est = estimate_linear_regions(pairs, 200, 2, seed=0, backend="numpy", activations=acts)
    assert est.count >= 1
    save_network(pairs, tmp_path / "m.json", activations=acts)
    assert [L.activation for L in load_network(tmp_path / "m.json").layers] == \
        [parse_activation(a) for a in acts]
    leaky = [("leaky_relu", "1/2"), "identity"]
    two = [([[2, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]
    swapped = [([[0, 1], [1, 0]], [0, 0]), ([[1, 2]], [0])]     # units swapped, x scaled by 1/2
    assert normal_form(two, activations=leaky).layers[0].activation == parse_activation(leaky[0])
    assert same_function_up_to_symmetry(two, swapped, activations=leaky)
    assert same_function(two, swapped, activations=leaky).answer
    with pytest.raises(ValueError, match="3 activations given for 2 layers"):
        count_activation_regions_milp(pairs, BOX2, activations=["relu"] * 3)


def test_activations_keyword_on_functions_of_other_modules():
    import tropsage as ts
    from tropsage.decision.attack import exact_predictions
    from tropsage.nn.network import accepts_activations
    from tropsage.nn.reduce import first_layer_reduction
    from tropsage.queries import is_injective, maximum
    from tropsage.regions.linear import count_linear_regions_of_network
    from tropsage.regions.report import regions_report
    pairs = [([[1], [-1], [2]], [0, 0, -1]), ([[1, 1, -1]], [0])]
    leaky = [("leaky_relu", "1/2"), "identity"]
    net = as_network(pairs, activations=leaky)
    assert maximum(pairs, [(-1, 1)], activations=leaky) == maximum(net, [(-1, 1)]) == (2, (-1,))
    assert maximum(pairs, [(-1, 1)]) == (1, (-1,))                   # ReLU by default
    assert is_injective(pairs, activations=leaky).answer == is_injective(net).answer
    assert count_linear_regions_of_network(pairs, activations=leaky) == \
        ts.count_linear_regions(net) == ts.count_linear_regions(pairs, activations=leaky)
    assert regions_report(pairs, [(-2, 2)], activations=leaky)["network"] == \
        "Network 1 -> 3 (leaky_relu(1/2)) -> 1 (identity)"
    assert first_layer_reduction(pairs, activations=leaky).network.layers[0].activation == \
        parse_activation(leaky[0])
    X = np.array([[-1.0], [1.0]])
    mine, ref = exact_predictions(pairs, X, activations=leaky), exact_predictions(net, X)
    assert all(np.array_equal(a, b) for a, b in zip(mine, ref))
    with pytest.raises(TypeError, match="already takes activations"):
        accepts_activations(lambda net, activations=None: net)


def test_maxout_normal_form():
    """Groups permuted and scaled, pieces permuted: one orbit, one normal form."""
    import random
    from tropsage.queries import normal_form, same_function_up_to_symmetry
    acts = [("maxout", 2), ("maxout", 2), "identity"]
    W0 = [[1, 2], [-1, 0], [2, -1], [0, 1], [1, 1], [-2, 1]]
    b0 = [0, 1, -1, 2, 0, 1]
    W1 = [[1, -1, 2], [0, 1, 1], [2, 0, -1], [1, 1, 1]]
    b1 = [0, 1, -1, 0]
    net = as_network([(W0, b0), (W1, b1), ([[1, -2]], [3])], activations=acts)
    lam, perm = [Fraction(3), Fraction(1, 2), Fraction(5)], [2, 0, 1]
    V0 = [[v * lam[g] for v in W0[r]] for g in perm for r in (2 * g + 1, 2 * g)]
    c0 = [b0[r] * lam[g] for g in perm for r in (2 * g + 1, 2 * g)]
    V1 = [[Fraction(row[g]) / lam[g] for g in perm] for row in W1]
    other = as_network([(V0, c0), ([V1[1], V1[0], V1[3], V1[2]], [b1[1], b1[0], b1[3], b1[2]]),
                        ([[1, -2]], [3])], activations=acts)
    rng = random.Random(0)
    pts = [[Fraction(rng.randint(-9, 9), 4), Fraction(rng.randint(-9, 9), 3)] for _ in range(40)]
    N = normal_form(net)
    assert all(other(p) == net(p) == N(p) for p in pts)
    assert same_function_up_to_symmetry(net, other)
    assert [L.W for L in normal_form(other).layers] == [L.W for L in N.layers]
    changed = as_network([(V0, c0), (V1, b1), ([[-2, 1]], [3])], activations=acts)
    assert not same_function_up_to_symmetry(net, changed)
