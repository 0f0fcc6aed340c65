"""Algorithm 5 estimates, fundamental-domain sampling, exact invariance and orbit counts."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tropsage.nn import as_network, random_network
from tropsage.numerical import (count_linear_regions_symmetric, deepsets_network,
                                estimate_linear_regions, float_forward, fundamental_domain,
                                is_permutation_invariant, jacobian_multiplicity,
                                symmetric_linear_regions)
from tropsage.regions import count_linear_regions, linear_regions

SMALL = [([2, 4, 1], 0), ([2, 5, 3, 1], 1), ([2, 4, 4, 1], 2), ([3, 4, 1], 3), ([3, 4, 3, 1], 4),
         ([2, 6, 1], 5)]


def _box(n, R):
    return [(-R, R)] * n


# -- Algorithm 5 ----------------------------------------------------------------

@pytest.mark.parametrize("widths,seed", SMALL)
def test_estimate_never_exceeds_exact_without_midpoint_test(widths, seed):
    net = random_network(widths, seed=seed)
    n, R = widths[0], 2
    exact = count_linear_regions(net, domain=_box(n, R), progress=False)
    for s in range(3):
        est = estimate_linear_regions(net, 3000, R, seed=s, midpoint_test=False, backend="numpy")
        assert est.count <= exact
        assert est.count == est.n_jacobians
        assert sum(est.points_per_jacobian) == 3000


def _distinct_gradients_and_smallest_share(net, n, R):
    regs = linear_regions(net, domain=_box(n, R), progress=False)
    grads = {R_.gradient for R_ in regs}
    vol = Fraction(2 * R) ** n
    share = min(Fraction(str(r.volume(domain=_box(n, R)))) for r in regs) / vol
    return len(regs), len(grads), share


@pytest.mark.parametrize("widths,seed", SMALL[:4])
def test_estimate_converges(widths, seed):
    # the same seed gives nested samples, so counts grow with N; once N is large against
    # the smallest region, every region (hence every distinct Jacobian) has been met
    net = random_network(widths, seed=seed)
    n, R = widths[0], 2
    exact, n_grads, share = _distinct_gradients_and_smallest_share(net, n, R)
    # P(a region of volume share s is missed by N samples) = (1 - s)^N <= exp(-40)
    N_big = int(40 / float(share)) + 1
    if N_big > 400000:
        pytest.skip(f"smallest region too small for a fast test (share {float(share):.2g})")
    counts = [estimate_linear_regions(net, N, R, seed=7, midpoint_test=False,
                                      backend="numpy").count
              for N in (10, 100, 1000, N_big)]
    assert counts == sorted(counts)
    assert counts[-1] == n_grads <= exact
    est = estimate_linear_regions(net, N_big, R, seed=7, midpoint_test=True, backend="numpy",
                                  compare_exact=True)
    assert est.exact_count == exact and est.difference == est.count - exact


def test_midpoint_test_separates_same_map_regions():
    net = [([[1], [-1], [1]], [0, 0, -1]), ([[1, 1, -2]], [0])]     # |x| - 2 relu(x - 1)
    assert count_linear_regions(net, domain=[(-3, 3)]) == 3
    off = estimate_linear_regions(net, 500, 3, seed=0, midpoint_test=False, backend="numpy")
    on = estimate_linear_regions(net, 500, 3, seed=0, backend="numpy", compare_exact=True)
    assert (off.count, on.count, on.exact_count, on.difference) == (2, 3, 3, 0)
    # the two regions with slope -1 are told apart; their representatives lie on both sides
    k = [tuple(np.round(j, 6)) for j in on.jacobians].index((-1.0,))
    assert on.regions_per_jacobian[k] == 2
    xs = sorted(float(p[0]) for p in on.representatives[k])
    assert xs[0] < 0 < 1 < xs[1]
    labels = on.info["labels"]
    assert labels.shape == (500,) and set(labels.tolist()) == set(range(3))


def test_numpy_and_torch_agree():
    pytest.importorskip("torch")
    net = random_network([3, 6, 5, 2], seed=3, weights="float")
    X = np.random.default_rng(0).uniform(-2, 2, size=(500, 3))
    Y1, J1 = float_forward(net, X, backend="numpy")
    Y2, J2 = float_forward(net, X, backend="torch")
    assert np.allclose(Y1, Y2, atol=1e-12) and np.allclose(J1, J2, atol=1e-12)
    a = estimate_linear_regions(net, 5000, 2, seed=1, backend="numpy")
    b = estimate_linear_regions(net, 5000, 2, seed=1, backend="torch")
    assert a.count == b.count and a.points_per_jacobian == b.points_per_jacobian


def test_other_activations_jacobians_match_exact_gradients():
    for acts in (["leaky_relu", "identity"], [("leaky_relu", "1/4"), "identity"],
                 [("maxout", 2), "identity"], [("threshold", "1/2"), "identity"]):
        acts = [a if a != "leaky_relu" else ("leaky_relu", "1/10") for a in acts]
        net = random_network([2, 4, 1], activations=acts, seed=5)
        for R in linear_regions(net, domain=_box(2, 3), progress=False):
            p = np.array([[float(v) for v in R.interior_point()]])
            _, J = float_forward(net, p, backend="numpy")
            assert np.allclose(J[0, 0], [float(v) for v in R.gradient])
            Y, _ = float_forward(net, p, backend="numpy")
            assert math.isclose(Y[0, 0], float(net(R.interior_point())[0]), abs_tol=1e-9)


def test_bad_input():
    net = [([[1, 1]], [0]), ([[1]], [0])]
    with pytest.raises(ValueError, match="n_samples"):
        estimate_linear_regions(net, -1, 1)
    with pytest.raises(ValueError, match="radius"):
        estimate_linear_regions(net, 10, 0)
    with pytest.raises(TypeError, match="radius"):
        estimate_linear_regions(net, 10, "big")
    with pytest.raises(ValueError, match="backend"):
        estimate_linear_regions(net, 10, 1, backend="jax")
    with pytest.raises(ValueError, match="shape"):
        float_forward(net, np.zeros((3, 3)))


# -- multiplicities and the fundamental domain -----------------------------------

@given(st.lists(st.integers(-2, 2), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None)
def test_multiplicity_is_orbit_size(v):
    import itertools
    orbit = {tuple(v[i] for i in p) for p in itertools.permutations(range(len(v)))}
    assert jacobian_multiplicity([float(t) for t in v]) == len(orbit)


def test_fundamental_domain_polyhedron():
    D = fundamental_domain(3, radius=1)
    assert Fraction(str(D.volume())) == Fraction(8, 6)
    assert D.contains([1, 0, -1]) and not D.contains([0, 1, -1])
    assert Fraction(str(fundamental_domain(1, radius=2).volume())) == 4


@pytest.mark.parametrize("n,params", [(2, (1, "1/2", "-1/3")), (3, (2, -1, 1)), (3, ("-3/2", 1, "1/2")),
                                      (4, (1, "-1/3", "1/2"))])
def test_fundamental_domain_estimate_matches_full_estimate(n, params):
    # with enough samples both estimates meet every region: they agree, and with the exact count
    lam, gamma, beta = params
    net = deepsets_network(n, lam, gamma, bias=beta)
    R = 2
    exact = count_linear_regions(net, domain=_box(n, R), progress=False)
    full = estimate_linear_regions(net, 60000, R, seed=0, backend="numpy")
    fd = estimate_linear_regions(net, 60000, R, seed=0, backend="numpy", fundamental_domain=True)
    assert fd.count == full.count == exact
    assert fd.domain == "fundamental"
    assert all(m == jacobian_multiplicity(j) for j, m in zip(fd.jacobians, fd.multiplicities))


def test_fundamental_domain_estimate_in_expectation():
    # below saturation: averaged over seeds, both estimators of the same (invariant) count
    # agree within a few percent at equal sample density (n! fewer samples in Δ)
    net = deepsets_network(3, [1, "-1/2"], ["1/2", "1/3"], bias=["1/2", "-1/4"])
    full = [estimate_linear_regions(net, 1200, 3, seed=s, backend="numpy", midpoint_test=False).count
            for s in range(30)]
    fd = [estimate_linear_regions(net, 200, 3, seed=100 + s, backend="numpy", midpoint_test=False,
                                  fundamental_domain=True).count for s in range(30)]
    exact = count_linear_regions(net, domain=_box(3, 3), progress=False)
    assert max(full) <= exact
    assert abs(np.mean(fd) - np.mean(full)) <= 0.1 * np.mean(full)


# -- exact invariance --------------------------------------------------------------

def test_is_permutation_invariant():
    assert is_permutation_invariant(deepsets_network(4, 1, -1, bias=1))
    assert is_permutation_invariant(deepsets_network(3, [1, 2], [-1, "1/2"], bias=[1, -1]))
    # max(x, y) = relu(x - y) + relu(y) - relu(-y): invariant, weights not symmetric
    mx = [([[1, -1], [0, 1], [0, -1]], [0, 0, 0]), ([[1, 1, -1]], [0])]
    assert is_permutation_invariant(mx)
    ok, w = is_permutation_invariant(random_network([3, 4, 1], seed=0), return_witness=True)
    x, perm = w
    net = random_network([3, 4, 1], seed=0)
    assert not ok and net(x) != net([x[p] for p in perm])


def test_invariance_failure_found_only_by_exact_enumeration():
    # relu(x - y - 10^6) is not symmetric, but random points in [-20, 20] do not see it;
    # the exact enumeration of N(x) - N(σx) finds a region where it is non-zero
    net = [([[1, -1], [-1, 1], [1, 1]], [-10**6, -10**6 + 1, 0]), ([[1, 1, 1]], [0])]
    ok, (x, perm) = is_permutation_invariant(net, return_witness=True)
    net = as_network(net)
    assert not ok and net(x) != net([x[p] for p in perm])


# -- exact counts from the fundamental domain --------------------------------------

@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("params", [(1, "1/2", "-1/3"), (2, -1, 1), ("-3/2", "2/3", "1/2"),
                                    ([1, "-1/2"], ["1/2", "1/3"], ["1/2", "-1/4"])])
def test_exact_symmetric_count_equals_full_count(n, params):
    lam, gamma, beta = params
    net = deepsets_network(n, lam, gamma, bias=beta)
    assert count_linear_regions_symmetric(net) == count_linear_regions(net, progress=False)
    R = "3/2"
    assert count_linear_regions_symmetric(net, radius=R) == \
        count_linear_regions(net, domain=_box(n, Fraction(3, 2)), progress=False)


def test_symmetric_regions_labels():
    L = symmetric_linear_regions(deepsets_network(3, 1, 0, bias=-1), radius=2)
    # relu(x_i - 1) summed: regions are indexed by the set of x_i > 1, orbits by its size
    assert sorted(R.labels["orbit_size"] for R in L) == [1, 1, 3, 3]
    assert L.info["total"] == 8 == L.info["orbits"] * 2
    with pytest.raises(ValueError, match="not permutation invariant"):
        symmetric_linear_regions(random_network([2, 3, 1], seed=1))


def test_deepsets_bad_input():
    with pytest.raises(ValueError, match="n must be"):
        deepsets_network(-1, 1, 1)
    with pytest.raises(ValueError, match="gamma has 1 entries"):
        deepsets_network(2, [1, 2], [1], bias=0)


@pytest.mark.slow
@pytest.mark.parametrize("n,seed", [(5, 7), (5, 11)])
def test_exact_symmetric_count_equals_full_count_n5(n, seed):
    rng = np.random.default_rng(seed)
    while True:
        p = rng.standard_normal((3, 2)).astype(np.float32)
        net = deepsets_network(n, [float(v) for v in p[0]], [float(v) for v in p[1]],
                               bias=[float(v) for v in p[2]])
        if estimate_linear_regions(net, 2000, 3, seed=0, backend="numpy").count > 2**n:
            break
    assert count_linear_regions_symmetric(net, radius=3) == \
        count_linear_regions(net, domain=_box(n, 3), progress=False)
