"""MILP counting of activation regions ([S] §4) against the exact enumeration."""

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tropsage.nn import as_network, random_network
from tropsage.polyhedra import ExactPolyhedron
from tropsage.queries.milp import (count_activation_regions_milp, domain_box, interval_bounds,
                                   milp_activation_patterns, pattern_polyhedron)
from tropsage.regions.activation import activation_regions, count_activation_regions

BOX2 = [(-2, 2), (-2, 2)]

# (architecture, activations, weights, seed, box): small seeded nets of several kinds
CASES = [
    ([2, 4, 3, 1], None, "integer", 0, BOX2),
    ([2, 4, 3, 1], None, "integer", 1, BOX2),
    ([2, 4, 3, 1], None, "integer", 2, BOX2),
    ([2, 3, 3, 2], None, "integer", 3, [(-1, 3), (-2, 1)]),
    ([2, 5, 1], ["relu", "relu"], "integer", 4, BOX2),          # final ReLU splits too
    ([2, 3, 3, 1], None, "rational", 5, [(-1, 1), ("-1/2", "3/2")]),
    ([3, 3, 2, 1], None, "integer", 6, [(-1, 1)] * 3),
    ([3, 4, 1], None, "integer", 7, [(-1, 1), (0, 2), (-2, 0)]),
    ([2, 3, 3, 1], [("leaky_relu", "1/4"), "relu", "identity"], "integer", 8, BOX2),
    ([2, 3, 2, 1], [("threshold", "1/2"), "relu", "identity"], "integer", 9, BOX2),
    ([2, 3, 3, 1], None, "float", 10, [(-1, 1), (-1, 1)]),
    ([1, 4, 4, 1], None, "integer", 11, [(-3, 3)]),
]


@pytest.mark.parametrize("arch, acts, weights, seed, box", CASES)
def test_milp_patterns_equal_exact_enumeration(arch, acts, weights, seed, box):
    net = random_network(arch, activations=acts, seed=seed, weights=weights)
    exact = sorted(R.activation_pattern for R in activation_regions(net, domain=box))
    assert count_activation_regions(net, domain=box) == len(exact)
    for solver in ("highs", "glpk"):
        r = milp_activation_patterns(net, box, solver=solver)
        assert r.patterns == exact, solver
        assert r.count == len(exact)
        assert r.info["solves"] >= r.count and not r.info["partial"]


def test_milp_count_on_polytope_domain():
    net = random_network([2, 4, 2, 1], seed=3)
    tri = ExactPolyhedron([[-1, 0], [0, -1], [1, 1]], [2, 2, 1])      # x, y >= -2, x + y <= 1
    exact = count_activation_regions(net, domain=tri)
    assert count_activation_regions_milp(net, tri, solver="highs") == exact
    assert count_activation_regions_milp(net, tri, solver="glpk") == exact
    box, P = domain_box(tri, 2)
    assert box == [(-2, 3), (-2, 3)] and P is tri


def test_degenerate_patterns_are_rejected():
    # units x and -x: the pattern (0, 0) is feasible only at x = 0
    net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]
    r = milp_activation_patterns(net, [(-1, 1)], solver="glpk")
    assert r.patterns == [((0, 1), ()), ((1, 0), ())]
    assert r.info["rejected"] == 1


def test_unit_identically_zero_on_a_region_counts_as_inactive():
    # second layer unit = relu(x) - relu(x) + 0 ... identically 0 everywhere, and a unit
    # that is identically 0 where the first layer is off
    net = [([[1], [1]], [0, 0]), ([[1, -1], [1, 0]], [0, 0]), ([[1, 1]], [0])]
    exact = sorted(R.activation_pattern for R in activation_regions(net, domain=[(-1, 1)]))
    assert exact == [((0, 0), (0, 0), ()), ((1, 1), (0, 1), ())]
    for solver in ("highs", "glpk"):
        assert milp_activation_patterns(net, [(-1, 1)], solver=solver).patterns == exact


def test_stable_units_need_no_binary():
    net = [([[1], [1], [-1]], [5, 0, -5]), ([[1, 1, 1]], [0])]
    r = milp_activation_patterns(net, [(-1, 1)], solver="highs")
    assert r.info["binaries"] == 1 and r.info["fixed_units"] == 2
    assert r.patterns == [((1, 0, 0), ()), ((1, 1, 0), ())]


def test_pattern_polyhedron_matches_regions():
    net = random_network([2, 3, 2, 1], seed=2)
    for R in activation_regions(net, domain=BOX2):
        P, full = pattern_polyhedron(net, R.activation_pattern, BOX2)
        assert full
        assert P.contains(R.interior_point(), strict=True)
        assert R.pieces[0].is_equal(P)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.fractions(-3, 3), min_size=2, max_size=2))
def test_interval_bounds_are_sound(seed, point):
    """Every pre-activation at a point of the box lies in its exact interval."""
    net = random_network([2, 3, 3, 1], seed=seed, weights="rational")
    box = [(-3, 3), (-3, 3)]
    bounds = interval_bounds(net, box)
    v = [Fraction(p) for p in point]
    for layer, lb in zip(net.layers, bounds):
        pre = [sum((w * t for w, t in zip(row, v)), c) for row, c in zip(layer.W, layer.b)]
        assert all(L <= g <= U for g, (L, U) in zip(pre, lb))
        from tropsage.nn import apply_activation
        v = apply_activation(layer.activation, pre)


def test_interval_bounds_first_layer_are_tight():
    bounds = interval_bounds([([[2, -1], [0, 3]], [1, -1]), ([[1, 1]], [0])], [(0, 1), (-1, 1)])
    assert bounds[0] == [(0, 4), (-4, 2)]
    assert bounds[1] == [(0, 6)]


def test_errors():
    net = random_network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match="bounded domain"):
        count_activation_regions_milp(net, None)
    with pytest.raises(ValueError, match="bounded domain"):
        count_activation_regions_milp(net, [(0, None), (0, 1)])
    with pytest.raises(ValueError, match="unbounded along coordinate"):
        count_activation_regions_milp(net, ExactPolyhedron([[-1, 0], [0, -1]], [0, 0]))
    with pytest.raises(ValueError, match="solver must be one of"):
        count_activation_regions_milp(net, BOX2, solver="cplex")
    with pytest.raises(ValueError, match="not full-dimensional"):
        count_activation_regions_milp(net, [(0, 0), (0, 1)])
    with pytest.raises(ValueError, match="2 intervals but the space has dimension 3|dimension"):
        count_activation_regions_milp(random_network([3, 2, 1], seed=0), BOX2)


def test_max_patterns_marks_partial():
    net = random_network([2, 4, 3, 1], seed=0)
    r = milp_activation_patterns(net, BOX2, solver="glpk", max_patterns=3)
    assert r.info["partial"] and r.count <= 3
    exact = {R.activation_pattern for R in activation_regions(net, domain=BOX2)}
    assert set(r.patterns) <= exact


def test_as_network_input_forms():
    # lists with strings and Fractions work like any tropsage net argument
    net = [([["1/2", 1], [1, "-1/3"]], [0, "1/5"]), ([[1, -1]], [0])]
    assert count_activation_regions_milp(net, BOX2, solver="glpk") == \
        count_activation_regions(as_network(net), domain=BOX2)


# ---------------------------------------------------------------------------
# the `tropsage bounds` subcommand

def _run(*args):
    from click.testing import CliRunner
    from tropsage.cli import main
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_bounds_architecture():
    r = _run("bounds", "--n0", 2, "--widths", "8,8,8")
    assert r.exit_code == 0, r.output
    # the bounds hold over all weights of the architecture, and say so (issue 17)
    assert re.search(r"serra_upper \(over all weights\) +50653", r.output)
    assert re.search(r"serra_lower \(over all weights\) +23125", r.output)
    r = _run("bounds", "--n0", 2, "--widths", "3,3", "--k", 3)
    assert r.exit_code == 0 and re.search(r"maxout_upper \(over all weights\) +2116", r.output)
    r = _run("bounds", "--n0", 3, "--widths", "4,2,4")
    assert "n/a (width hypothesis fails)" in r.output


def test_cli_bounds_with_network(tmp_path):
    from tropsage.nn.io import save_network
    net = random_network([2, 4, 3, 1], seed=2)
    path = tmp_path / "net.json"
    save_network(net, path)
    exact = count_activation_regions(net, domain=BOX2)
    r = _run("bounds", path, "--box=-2,2", "--milp", "both")
    assert r.exit_code == 0, r.output
    assert "widths = (4, 3)" in r.output
    assert f"exact activation regions in [-2, 2] x [-2, 2]: {exact} " in r.output
    assert f"MILP (highs) activation regions: {exact} " in r.output
    assert f"MILP (glpk) activation regions: {exact} " in r.output and "agrees" in r.output
    r = _run("bounds", path, "--box", "0,1,-1,1")
    assert r.exit_code == 0 and "[0, 1] x [-1, 1]" in r.output


def test_cli_bounds_errors(tmp_path):
    assert _run("bounds").exit_code == 2
    assert _run("bounds", "--n0", 2, "--widths", "a,b").exit_code == 2
    from tropsage.nn.io import save_network
    path = tmp_path / "net.json"
    save_network(random_network([2, 3, 1], seed=0), path)
    r = _run("bounds", path, "--n0", 2)
    assert r.exit_code == 2 and "not both" in r.output
    r = _run("bounds", path, "--box", "1,0")
    assert r.exit_code == 2 and "lo < hi" in r.output
    r = _run("bounds", path, "--box", "0,1,0")
    assert r.exit_code == 2


# ---------------------------------------------------------------------------
# MILP counting of maxout layers equals the exact enumeration

MAXOUT_CASES = [
    ([2, 3, 1], [("maxout", 2), "identity"], "integer", 0, BOX2),
    ([2, 3, 1], [("maxout", 3), "identity"], "integer", 1, BOX2),
    ([2, 2, 2, 1], [("maxout", 3), ("maxout", 2), "identity"], "integer", 2, BOX2),
    ([2, 2, 2, 1], [("maxout", 2), ("maxout", 2), "identity"], "integer", 3, BOX2),
    ([2, 3, 2, 1], [("maxout", 2), "relu", "identity"], "integer", 4, BOX2),
    ([2, 3, 2, 1], ["relu", ("maxout", 3), "identity"], "integer", 5, BOX2),
    ([2, 2, 2, 1], [("maxout", 2), ("maxout", 2), "identity"], "rational", 6, [(-1, 2), ("-1/2", 1)]),
    ([3, 2, 1], [("maxout", 3), "identity"], "integer", 7, [(-1, 1)] * 3),
    ([2, 3, 1], [("maxout", 2), ("maxout", 3)], "integer", 8, BOX2),
    ([1, 3, 2, 1], [("maxout", 2), ("maxout", 2), "identity"], "integer", 9, [(-3, 3)]),
]


@pytest.mark.parametrize("arch, acts, weights, seed, box", MAXOUT_CASES)
def test_maxout_milp_equals_enumeration(arch, acts, weights, seed, box):
    net = random_network(arch, activations=acts, seed=seed, weights=weights)
    exact = sorted(R.activation_pattern for R in activation_regions(net, domain=box))
    for solver in ("highs", "glpk"):
        r = milp_activation_patterns(net, box, solver=solver)
        assert r.patterns == exact, solver
        assert r.info["exact"] and not r.info["partial"]


def test_maxout_milp_solver_alone_finds_all_patterns():
    """Without the exact completion, the solver's own patterns are the enumeration's."""
    for seed in range(4):
        net = random_network([2, 3, 1], activations=[("maxout", 3), "identity"], seed=seed)
        exact = sorted(R.activation_pattern for R in activation_regions(net, domain=BOX2))
        r = milp_activation_patterns(net, BOX2, certify=False)
        assert r.patterns == exact


def test_maxout_milp_ties_go_to_the_first_piece():
    # pieces x, x (a copy), -x, 1: the copy never wins; 1 wins on [-1, 1]
    net = [([[1], [1], [-1], [0]], [0, 0, 0, 1], ("maxout", 4)), ([[1]], [0])]
    exact = sorted(R.activation_pattern for R in activation_regions(net, domain=[(-3, 3)]))
    assert exact == [((0,), ()), ((2,), ()), ((3,), ())]
    for solver in ("highs", "glpk"):
        r = milp_activation_patterns(net, [(-3, 3)], solver=solver)
        assert r.patterns == exact and r.info["certified"] == "volume"
    # a piece that is always below another needs no binary
    net = [([[1], [1], [0]], [0, -10, 0], ("maxout", 3)), ([[1]], [0])]
    r = milp_activation_patterns(net, [(-1, 1)])
    assert r.patterns == [((0,), ()), ((2,), ())] and r.info["binaries"] == 2


def test_maxout_pattern_polyhedron():
    net = [([[1], [-1], [1]], [0, 0, 0], ("maxout", 3)), ([[1]], [0])]   # piece 2 copies 0
    P, full = pattern_polyhedron(net, ((2,), ()))
    assert not full and P.is_empty()
    P, full = pattern_polyhedron(net, ((1,), ()), [(-1, 1)])
    assert full and P.vertices() == ((-1,), (0,))
    with pytest.raises(ValueError, match="not a value of decision 0"):
        pattern_polyhedron(net, ((3,), ()))
