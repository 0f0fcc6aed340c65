"""
Tropical Hoffman constants (Definitions 19-20 of [L]), the chamber method, and the
exact minimal effective radius with the bounds of Lemma 21 / Proposition 22 (SPEC §5).
"""

from fractions import Fraction
import math

import numpy as np
import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

import tropsage as ts
from tropsage.hoffman import (effective_radius, hoffman_constant, hoffman_constant_chambers,
                              tropical_hoffman_constant)
from tropsage.nn import random_network, tropicalize
from tropsage.polyhedra import ExactPolyhedron
from tropsage._exact import as_fraction as F


def poly1():
    x, = ts.TropicalPuiseuxSemiring(1).gens()
    return x


# --------------------------------------------------------------------------- SPEC example

def test_spec_example_max_0_x_minus_1_2x():
    x = poly1()
    f = 0 + (-1) * x + x**2
    assert str(f) == "max(0, -1 + x, 2*x)"
    for method in ("auto", "chambers", "pvz", "brute"):
        assert tropical_hoffman_constant(f, method=method, pruned=False) == 1
        assert F(tropical_hoffman_constant(f, method=method, pruned=True)) == Fraction(1, 2)
    assert f.hoffman_constant(pruned=False) == 1 and F(f.hoffman_constant()) == Fraction(1, 2)
    assert F(f.prune().hoffman_constant(pruned=False)) == Fraction(1, 2)
    # the public dispatcher, and the matrix module's dispatch to the method
    assert ts.hoffman_constant(f, pruned=False) == 1 and F(ts.hoffman_constant(f)) == Fraction(1, 2)
    from tropsage.hoffman.matrix import hoffman_constant as matrix_hc
    assert F(matrix_hc(f)) == Fraction(1, 2)       # dispatches to the method: pruned default
    r = tropical_hoffman_constant(f, pruned=False, certificate=True)
    assert r.per_cell == {(0,): 1, (1,): 1, (2,): 1}


def test_single_monomial_and_constant():
    x = poly1()
    assert tropical_hoffman_constant(x**2) == 0          # one region, R^n: empty matrix
    r = effective_radius(x**2, [3])
    assert r.value == 0 and r.bound == 0


# --------------------------------------------------------------------------- chambers

def _matrices(max_n=3, max_m=7):
    return st.integers(1, max_n).flatmap(
        lambda n: st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n),
                           min_size=1, max_size=max_m))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(A=_matrices(max_n=2), norms=st.sampled_from([("linf", "linf"), ("l1", "linf"),
                                                   ("linf", "l1"), ("l1", "l1")]))
def test_chambers_equal_pvz_and_brute_plane(A, norms):
    c = hoffman_constant_chambers(A, norms=norms)
    assert c == hoffman_constant(A, norms=norms, method="pvz")
    assert c == hoffman_constant(A, norms=norms, method="brute")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(A=st.lists(st.lists(st.integers(-3, 3), min_size=3, max_size=3), min_size=1, max_size=7))
def test_chambers_equal_pvz_space(A):
    assert hoffman_constant_chambers(A) == hoffman_constant(A, method="pvz")


def test_chambers_many_rows_in_space():
    # many chambers with large interior-point denominators (exact integer scaling)
    rng = np.random.default_rng(7)
    for m in (14, 17):
        A = rng.integers(-9, 10, size=(m, 3)).tolist()
        assert hoffman_constant_chambers(A) == hoffman_constant(A, method="pvz")


def test_chambers_certificate():
    A = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]]
    r = hoffman_constant_chambers(A, norms=("l1", "linf"), certificate=True)
    assert r.value == 5
    # the witness proves surjectivity of J exactly
    assert all(sum(a * x for a, x in zip(A[i], r.witness)) < 0 for i in r.J)
    with pytest.raises(ValueError, match="polyhedral"):
        hoffman_constant_chambers(A, norms=("l2", "l2"))
    assert hoffman_constant(A, method="chambers") == 3


# --------------------------------------------------------------------------- definitions

def _rows_of(exps, i):
    return [[a - b for a, b in zip(e, exps[i])] for k, e in enumerate(exps) if k != i]


def _matrix_H(rows, method="pvz"):
    rows = [r for r in rows if any(r)]
    return hoffman_constant(rows, method=method) if rows else 0


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_polynomial_definition_19(seed):
    T = ts.TropicalPuiseuxSemiring(2)
    f = T.random_element(terms=6, seed=seed)
    exps = [list(e) for e in f.exponents()]
    expected = max(_matrix_H(_rows_of(exps, i)) for i in range(len(exps)))
    assert tropical_hoffman_constant(f, pruned=False) == expected
    g = f.prune()
    exps = [list(e) for e in g.exponents()]
    expected = max(_matrix_H(_rows_of(exps, i)) for i in range(len(exps)))
    assert tropical_hoffman_constant(f, pruned=True) == expected


def _cell_polyhedron(f, i, g, j):
    """``P_i ∩ Q_j`` built directly from the definition (max-plus)."""
    A, b = [], []
    for p, k in ((f, i), (g, j)):
        E, C = p.exponents(), p.coefficients()
        for l in range(len(E)):
            if l != k:
                A.append([a - c for a, c in zip(E[l], E[k])])
                b.append(C[k] - C[l])
    return ExactPolyhedron(A, b) if A else None


def test_rational_function_definition_20():
    x, y = ts.TropicalPuiseuxSemiring(2).gens()
    cases = [(x + y + x * y) / (x + x * y**2), (x + y + 0) / (x + 0),
             (0 + x**2 + y + (-1) * x * y) / (x + y**2 + 1)]
    for h in cases:
        f, g = h.numerator(), h.denominator()
        Ef, Eg = [list(e) for e in f.exponents()], [list(e) for e in g.exponents()]
        # as written: every pair
        expected = max(_matrix_H(_rows_of(Ef, i) + _rows_of(Eg, j))
                       for i in range(len(Ef)) for j in range(len(Eg)))
        assert tropical_hoffman_constant(h, pruned=False) == expected
        # pruned: full-dimensional pairs of the pruned expressions
        fp, gp = f.prune(), g.prune()
        Ef, Eg = [list(e) for e in fp.exponents()], [list(e) for e in gp.exponents()]
        vals = []
        for i in range(len(Ef)):
            for j in range(len(Eg)):
                P = _cell_polyhedron(fp, i, gp, j)
                if P is None or P.is_full_dimensional():
                    vals.append(_matrix_H(_rows_of(Ef, i) + _rows_of(Eg, j)))
        assert tropical_hoffman_constant(h, pruned=True) == max(vals)
        assert tropical_hoffman_constant(h) <= tropical_hoffman_constant(h, pruned=False)


def test_min_plus_convention():
    Tmin = ts.TropicalPuiseuxSemiring(1, convention="min")
    Tmax = ts.TropicalPuiseuxSemiring(1)
    d = {(0,): 0, (1,): 1, (2,): 0}                       # min(0, 1 + x, 2x)
    fmin = Tmin.from_dict(d)
    fmax = Tmax.from_dict({(-e[0],): -c for e, c in d.items()})  # -fmin(x) as a max
    for pruned in (False, True):
        assert tropical_hoffman_constant(fmin, pruned=pruned) == \
            tropical_hoffman_constant(fmax, pruned=pruned)
    r1, r2 = effective_radius(fmin, [3]), effective_radius(fmax, [3])
    assert (r1.value, r1.bound) == (r2.value, r2.bound)


def test_network_uses_tropical_form():
    net = [([[1, 0], [0, 1], [1, 1]], [0, -1, 1]), ([[1, -1, 1]], [0])]
    m = tropicalize(net, prune=True)
    assert tropical_hoffman_constant(net, pruned=True) == tropical_hoffman_constant(m, pruned=True)
    assert ts.hoffman_constant(net) == tropical_hoffman_constant(m[0])
    two = tropicalize([([[1, 0], [0, 1]], [0, -1]), ([[1, 1], [1, -1]], [0, 0])], prune=True)
    # a map: full-dimensional cells of the common refinement, at least each output's constant
    H = tropical_hoffman_constant(two, pruned=True)
    assert H >= max(tropical_hoffman_constant(h, pruned=True) for h in two)


# --------------------------------------------------------------------------- effective radius

def test_radius_one_dimensional():
    x = poly1()
    f = 0 + (-1) * x + x**2
    r = effective_radius(f, [5])
    # regions (-inf, 0] and [0, inf): the far one is at distance 5; Lemma 21 is tight
    assert tuple(map(F, (r.value, r.hoffman, r.residual, r.bound))) == (5, Fraction(1, 2), 10, 5)
    r = effective_radius(f, [5], pruned=False)
    assert (r.hoffman, r.residual, r.bound) == (1, 10, 10)
    # at 1/2 the redundant monomial x - 1 is the minimum: f̌ as written is smaller
    r = effective_radius(f, ["1/2"], pruned=False)
    assert tuple(map(F, (r.value, r.hoffman, r.residual, r.bound))) == \
        (Fraction(1, 2), 1, Fraction(3, 2), Fraction(3, 2))
    r = effective_radius(f, ["1/2"])
    assert tuple(map(F, (r.hoffman, r.residual, r.bound))) == (Fraction(1, 2), 1, Fraction(1, 2))
    r = effective_radius(f, ["-1/3"])
    assert F(r.value) == Fraction(1, 3)
    h = (x**3 + 0) / (x + (-1) * x**2)                          # regions -x | 2x | x + 1
    r = effective_radius(h, [0])
    assert r.value == 1 and r.nearest == (1,)
    assert r.value <= r.cell_bound <= r.bound


def test_radius_l1():
    x, y = ts.TropicalPuiseuxSemiring(2).gens()
    r = effective_radius(x + y + 0, [2, "1/2"], norm="l1")
    assert F(r.value) == Fraction(5, 2)
    assert r.value <= r.bound


def _grid(lo, hi, K):
    """Integer numerators and the common denominator of the (K+1)^2 grid of a box."""
    lo, hi = [F(v) for v in lo], [F(v) for v in hi]
    S = K * math.lcm(*(v.denominator for v in lo + hi))
    axes = [np.array([int(a * S) + i * int((b - a) * S) // K for i in range(K + 1)],
                     dtype=np.int64) for a, b in zip(lo, hi)]
    X, Y = np.meshgrid(*axes, indexing="ij")
    return np.stack([X.ravel(), Y.ravel()]), S


def _inside(P, pts, S, strict):
    H = P.inequality_rows().astype(np.int64)
    lhs = H[:, 1:] @ pts
    rhs = H[:, :1] * S
    return np.all(lhs < rhs if strict else lhs <= rhs, axis=0)


def _hit(region, center, rho, K, strict):
    """Brute force: does a grid point of the l_inf ball B_rho(center) lie in the
    region (its interior if ``strict``, else its closure)? The grid covers the part
    of the ball inside the region's bounding box (all of the ball for an unbounded
    region), so small regions are sampled finely."""
    lo = [F(c) - rho for c in center]
    hi = [F(c) + rho for c in center]
    if region.is_bounded():
        V = region.vertices()
        lo = [max(l, min(F(v[k]) for v in V)) for k, l in enumerate(lo)]
        hi = [min(h, max(F(v[k]) for v in V)) for k, h in enumerate(hi)]
        if any(l > h for l, h in zip(lo, hi)):
            return False
    else:
        K = max(K, 400)
    pts, S = _grid(lo, hi, K)
    return any(bool(np.any(_inside(P, pts, S, strict))) for P in region.pieces)


@pytest.mark.parametrize("seed,point", [(3, ("1/2", "-1/3")), (5, (1, 2))])
def test_radius_random_network_against_grid(seed, point):
    net = random_network([2, 5, 5, 1], seed=seed)
    r = effective_radius(net, point)
    regions = r.regions
    assert len(regions) > 5 and r.value > 0
    # the bounds hold and are reported with the truth
    assert r.value <= r.cell_bound <= r.bound
    assert r.bound == r.hoffman * r.residual
    m = tropicalize(net, prune=True)[0]
    f, g = m.numerator(), m.denominator()
    vals = [F(f(*point)), F(g(*point))]
    fmin = min(F(c) + sum(F(a) * F(x) for a, x in zip(e, point))
               for e, c in zip(f.exponents(), f.coefficients()))
    gmin = min(F(c) + sum(F(a) * F(x) for a, x in zip(e, point))
               for e, c in zip(g.exponents(), g.coefficients()))
    assert F(r.residual) == max(vals[0] - fmin, vals[1] - gmin)      # Prop. 22's f - f̌
    # the witness: a point of the far region's closure at distance exactly r(x)
    far = regions[r.region]
    y = r.nearest
    assert max(abs(F(a) - F(b)) for a, b in zip(y, point)) == F(r.value)
    assert any(P.contains(y) for P in far.pieces)
    # brute force on grids of the ball: slightly above the radius every region's
    # interior is hit; slightly below, the far region's closure is missed, and every
    # region at distance below that radius is still hit
    K = 120
    above, below = F(r.value) * Fraction(21, 20), F(r.value) * Fraction(19, 20)
    assert all(_hit(R, point, above, K, strict=True) for R in regions)
    hits = [_hit(R, point, below, K, strict=False) for R in regions]
    assert not hits[r.region]
    assert all(h for h, d in zip(hits, r.distances) if F(d) < below * Fraction(9, 10))
    # every region's distance on a grid of a larger ball is never below the exact one
    R2 = 2 * F(r.value)
    pts, S = _grid([F(c) - R2 for c in point], [F(c) + R2 for c in point], 200)
    P0 = np.array([[int(F(c) * S)] for c in point], dtype=np.int64)
    linf = np.max(np.abs(pts - P0), axis=0)
    resolved = 0
    for k, Rg in enumerate(regions):
        mask = np.logical_or.reduce([_inside(P, pts, S, strict=False) for P in Rg.pieces])
        if not mask.any():
            continue
        resolved += 1
        d = Fraction(int(linf[mask].min()), S)
        assert F(r.distances[k]) <= d
    assert resolved >= len(regions) // 2
    # and per region, on grids of balls around its own exact distance
    for k, Rg in enumerate(regions):
        d = F(r.distances[k])
        assert _hit(Rg, point, d * Fraction(21, 20) + Fraction(1, 100), 40, strict=True)
        if d > 0:
            assert not _hit(Rg, point, d * Fraction(19, 20), 40, strict=False)


def test_radius_given_regions_and_activation_regions_agree():
    from tropsage.regions import linear_regions
    net = random_network([2, 4, 3, 1], seed=11)
    a = effective_radius(net, [0, 1], bounds=False)
    b = effective_radius(net, [0, 1], bounds=False, regions=linear_regions(net))
    assert a.value == b.value and a.bound is None
    assert sorted(a.distances) == sorted(b.distances)


def test_bad_input():
    x, y = ts.TropicalPuiseuxSemiring(2).gens()
    with pytest.raises(ValueError, match="norm must be"):
        effective_radius(x + y, [0, 0], norm="l2")
    with pytest.raises(ValueError, match="2 variables"):
        effective_radius(x + y, [0])
    with pytest.raises(ValueError, match="nan"):
        effective_radius(x + y, [0, float("nan")])
    with pytest.raises(ValueError, match="method"):
        tropical_hoffman_constant(x + y, method="simplex")
    with pytest.raises(ValueError, match="norm"):
        tropical_hoffman_constant(x + y, norms=("l3", "linf"))
    T = x.parent()
    with pytest.raises(ValueError, match="zero"):
        tropical_hoffman_constant(T.zero())
    with pytest.raises(TypeError):
        tropical_hoffman_constant("not a function")
    with pytest.raises(ValueError, match="pruned"):
        hoffman_constant([[1, 0]], pruned=True)


# --------------------------------------------------------------------------- CLI

def test_cli_hoffman_matrix_and_net(tmp_path):
    from click.testing import CliRunner
    from tropsage.cli import main
    from tropsage.nn.io import save_network
    runner = CliRunner()
    A = tmp_path / "A.txt"
    A.write_text("# I_3 stacked with -1\n1 0 0\n0 1 0\n0 0 1\n-1, -1, -1\n")
    res = runner.invoke(main, ["hoffman", str(A)])
    assert res.exit_code == 0, res.output
    assert "H_l1,linf(A) = 5 " in res.output and "H_linf,linf(A) = 3 " in res.output
    assert "H_l2,l2(A) = 1.93185" in res.output
    res = runner.invoke(main, ["hoffman", str(A), "-n", "linf:linf", "--method", "chambers"])
    assert res.exit_code == 0 and "H_linf,linf(A) = 3 " in res.output and "chambers" in res.output
    J = tmp_path / "A.json"
    J.write_text('{"matrix": [[1, 0], [0, "1/2"]]}')
    res = runner.invoke(main, ["hoffman", str(J), "-n", "linf:l1"])
    assert res.exit_code == 0 and "H_linf,l1(A) = 2 " in res.output
    net = random_network([2, 4, 3, 1], seed=2)
    path = tmp_path / "net.json"
    save_network(net, str(path))
    res = runner.invoke(main, ["hoffman", str(path), "--point", "1/2,-1", "--as-written"])
    assert res.exit_code == 0, res.output
    r = effective_radius(net, ["1/2", -1])
    H = tropical_hoffman_constant(net, pruned=True)
    assert f"H_linf,linf(N) = {H} " in res.output
    assert f"exact     r = {r.value} " in res.output and f"= {r.bound}\n" in res.output
    res = runner.invoke(main, ["hoffman", str(A), "-n", "foo:linf"])
    assert res.exit_code != 0 and "unknown norm 'foo'" in res.output
    res = runner.invoke(main, ["hoffman", str(tmp_path / "missing.txt")])
    assert res.exit_code != 0 and "no such file" in res.output


def test_cli_radius_norms_match_the_registry():
    # the CLI keeps a literal (fast --help); it must name the same norms
    from tropsage.cli.hoffman import RADIUS_NORMS as cli
    from tropsage.hoffman.tropical import RADIUS_NORMS
    assert tuple(cli) == RADIUS_NORMS
