"""Hoffman constants: SPEC oracles, PVZ == brute force, bounds, certificates, errors."""

from fractions import Fraction
from itertools import combinations
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tropsage._exact import qq
from tropsage.hoffman import (hoffman_constant, hoffman_lower_bound, hoffman_upper_bound,
                              is_surjective)
from tropsage.polyhedra.lp import solve_lp

I3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
I3_ONES = I3 + [[-1, -1, -1]]
POLY = [("l1", "linf"), ("linf", "linf"), ("l1", "l1"), ("linf", "l1")]


def box(n):
    I = [[int(i == j) for j in range(n)] for i in range(n)]
    return I + [[-a for a in row] for row in I]


# ----------------------------------------------------------------- SPEC oracles

@pytest.mark.parametrize("method", ["pvz", "brute"])
def test_oracles(method):
    assert hoffman_constant(I3, ("l1", "linf"), method) == 3
    assert hoffman_constant(I3, ("linf", "linf"), method) == 1
    assert abs(hoffman_constant(I3, ("l2", "l2"), method) - 1) < 1e-9
    assert hoffman_constant(I3_ONES, ("l1", "linf"), method) == 5
    assert hoffman_constant(I3_ONES, ("linf", "linf"), method) == 3
    assert abs(hoffman_constant(I3_ONES, ("l2", "l2"), method) - 1.931852) < 1e-6
    # exactly 1/sqrt(2 - sqrt(3))
    assert abs(hoffman_constant(I3_ONES, ("l2", "l2"), method)
               - 1 / math.sqrt(2 - math.sqrt(3))) < 1e-12
    for n in range(1, 5):
        assert hoffman_constant(box(n), ("l1", "linf"), method) == n
        assert hoffman_constant(box(n), ("linf", "linf"), method) == 1
        assert abs(hoffman_constant(box(n), ("l2", "l2"), method) - 1) < 1e-9


def test_results_are_sage_rationals_and_scale():
    from sage.rings.rational_field import QQ
    h = hoffman_constant(I3_ONES, ("l1", "linf"))
    assert h.parent() is QQ
    # H(A / d) = d H(A); fractional and float input converted exactly
    half = [[Fraction(a, 2) for a in row] for row in I3_ONES]
    assert hoffman_constant(half, ("l1", "linf")) == 10
    assert hoffman_constant(np.array(I3_ONES) * 0.25, ("linf", "linf")) == 12


def test_certificate_contents():
    r = hoffman_constant(I3_ONES, ("l1", "linf"), certificate=True)
    assert r.value == 5 and r.exact and r.lps > 0
    A = I3_ONES
    # witness: A_J x < 0 exactly
    for i in r.J:
        assert sum(qq(a) * x for a, x in zip(A[i], r.witness)) < 0
    # v on the simplex with ||A_J^T v||_inf = 1/5
    assert all(x >= 0 for x in r.v) and sum(r.v) == 1
    g = [sum(qq(A[i][j]) * x for i, x in zip(r.J, r.v)) for j in range(3)]
    assert max(abs(a) for a in g) == qq(1, 5)
    assert sorted(map(len, r.surjective_sets)) == [3, 3, 3, 3]


def test_zero_matrix_has_constant_zero():
    assert hoffman_constant([[0, 0], [0, 0]]) == 0
    assert hoffman_constant([[0, 0], [1, 0]], ("l1", "linf")) == 1


def test_tropical_objects_dispatch():
    class Trop:
        def hoffman_constant(self, norms, method):
            return ("called", norms, method)
    assert hoffman_constant(Trop(), norms=("l1", "l1"), method="brute") == \
        ("called", ("l1", "l1"), "brute")


def test_is_surjective():
    assert not is_surjective(I3_ONES)
    assert is_surjective(I3_ONES, [0, 1, 3])
    with pytest.raises(ValueError, match="row indices"):
        is_surjective(I3, [5])


# ----------------------------------------------------------------- random matrices

def inner_value(A, J, X, Y, v):
    """||A_J^T v||_{X*} with v checked on the Y* sphere."""
    assert all(x >= 0 for x in v)
    assert (sum(v) if Y == "linf" else max(v)) == 1
    g = [sum(qq(A[i][j]) * x for i, x in zip(J, v)) for j in range(len(A[0]))]
    return max(abs(a) for a in g) if X == "l1" else sum(abs(a) for a in g)


@st.composite
def small_matrix(draw):
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, 3))
    return [[draw(st.integers(-3, 3)) for _ in range(n)] for _ in range(m)]


@settings(max_examples=220, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(small_matrix(), st.sampled_from(POLY))
def test_pvz_equals_brute_and_bounds(A, norms):
    r1 = hoffman_constant(A, norms, "pvz", certificate=True)
    r2 = hoffman_constant(A, norms, "brute", certificate=True)
    assert r1.value == r2.value
    assert sorted(r1.surjective_sets) == sorted(r2.surjective_sets)
    if r1.value:
        X, Y = norms
        assert inner_value(A, r1.J, X, Y, r1.v) == 1 / r1.value
        for i in r1.J:
            assert sum(qq(a) * x for a, x in zip(A[i], r1.witness)) < 0
    lo = hoffman_lower_bound(A, norms, samples=10, seed=0)
    hi = hoffman_upper_bound(A, norms, samples=None)
    assert lo <= r1.value
    assert float(r1.value) <= hi * (1 + 1e-9)


def test_maximal_surjective_sets_are_exactly_those():
    """Brute-force cross-check of the sets found, by Gordan's theorem with an LP."""
    rng = np.random.default_rng(3)
    for _ in range(15):
        A = rng.integers(-2, 3, size=(int(rng.integers(2, 7)), 2)).tolist()
        r = hoffman_constant(A, ("linf", "linf"), "pvz", certificate=True)
        m = len(A)
        surj = [set(S) for k in range(1, m + 1) for S in combinations(range(m), k)
                if is_surjective(A, S)]
        maximal = [S for S in surj if not any(S < T for T in surj)]
        assert sorted(tuple(sorted(S)) for S in maximal) == sorted(r.surjective_sets)


def dist(A, b, x, X):
    """Exact dist_X(x, {y : A y <= b}) by an LP (y free, aux for the norm)."""
    m, n = len(A), len(A[0])
    naux = 1 if X == "linf" else n
    rows, rhs = [], []
    for i in range(m):
        rows.append(list(A[i]) + [0] * naux)
        rhs.append(b[i])
    for j in range(n):
        for s in (1, -1):
            row = [0] * (n + naux)
            row[j] = -s
            row[n + (0 if X == "linf" else j)] = -1
            rows.append(row)
            rhs.append(-s * x[j])
    c = [0] * n + [1] * naux
    r = solve_lp(c, A_ub=rows, b_ub=rhs, bounds=[(None, None)] * n + [(0, None)] * naux)
    assert r.status == "optimal"
    return r.value


@pytest.mark.parametrize("norms", POLY)
def test_hoffman_inequality_holds_and_is_attained_on_samples(norms):
    """The definition itself, checked exactly at random points: never violated."""
    X, Y = norms
    rng = np.random.default_rng(7)
    for _ in range(6):
        m, n = int(rng.integers(2, 5)), 2
        A = rng.integers(-3, 4, size=(m, n)).tolist()
        H = hoffman_constant(A, norms)
        for _ in range(5):
            y0 = rng.integers(-3, 4, size=n)
            b = (np.array(A) @ y0 + rng.integers(0, 3, size=m)).tolist()
            x = rng.integers(-6, 7, size=n).tolist()
            res = [max(0, sum(a * xi for a, xi in zip(A[i], x)) - b[i]) for i in range(m)]
            rnorm = max(res) if Y == "linf" else sum(res)
            assert dist(A, b, x, X) <= H * rnorm


@pytest.mark.parametrize("norms", POLY)
def test_value_is_attained(norms):
    """Tightness, independent of PVZ: with (J, v) from the certificate, x = 0 and
    b_J = -y_J (y the Y-unit vector dual to v), b elsewhere huge, the distance from 0
    to P_A(b) is exactly H * ||y||_Y (LP duality: min{|x|: A_J x <= -y} = max u.y)."""
    X, Y = norms
    rng = np.random.default_rng(5)
    for A in [I3_ONES, box(2)] + [rng.integers(-3, 4, size=(int(rng.integers(2, 6)), 2)).tolist()
                                  for _ in range(6)]:
        r = hoffman_constant(A, norms, certificate=True)
        if r.value == 0:
            continue
        m = len(A)
        if Y == "linf":
            y = {i: 1 for i in r.J}
        else:
            k = max(range(len(r.J)), key=lambda t: r.v[t])
            y = {i: int(t == k) for t, i in enumerate(r.J)}
        b = [-y[i] if i in y else 10**6 for i in range(m)]
        ynorm = max(y.values()) if Y == "linf" else sum(y.values())
        assert dist(A, b, [0] * len(A[0]), X) == r.value * ynorm


# ----------------------------------------------------------------- l2

def _l2_brute(A):
    """1/H_22 = min over maximal surjective J of min_{v>=0,|v|=1} |A_J^T v| (SLSQP, multistart)."""
    from scipy.optimize import minimize
    r = hoffman_constant(A, ("linf", "linf"), certificate=True)
    best = np.inf
    An = np.array(A, dtype=float)
    rng = np.random.default_rng(0)
    for J in r.surjective_sets:
        B = An[list(J)]
        for _ in range(30):
            v0 = rng.random(len(J))
            v0 /= np.linalg.norm(v0)
            s = minimize(lambda v: np.sum((B.T @ v) ** 2), v0, method="SLSQP",
                         bounds=[(0, None)] * len(J),
                         constraints=[{"type": "eq", "fun": lambda v: v @ v - 1}])
            if s.success:
                best = min(best, s.fun)
    return 1 / math.sqrt(best)


def test_l2_matches_direct_nonconvex_minimization():
    rng = np.random.default_rng(11)
    for _ in range(8):
        A = rng.integers(-3, 4, size=(int(rng.integers(2, 6)), 2)).tolist()
        if not any(any(r) for r in A):
            continue
        h = hoffman_constant(A, ("l2", "l2"))
        assert abs(h - _l2_brute(A)) < 1e-5 * max(1, h)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(small_matrix())
def test_l2_bounds_sandwich(A):
    h = hoffman_constant(A, ("l2", "l2"))
    assert hoffman_constant(A, ("l2", "l2"), "brute") == h
    lo = hoffman_lower_bound(A, ("l2", "l2"), samples=10, seed=1)
    hi = hoffman_upper_bound(A, ("l2", "l2"), samples=None)
    assert lo <= h * (1 + 1e-9) and h <= hi * (1 + 1e-9)


def test_upper_bound_sampling_flag():
    rng = np.random.default_rng(2)
    A = rng.integers(-3, 4, size=(12, 4)).tolist()
    r = hoffman_upper_bound(A, samples=5, seed=0, certificate=True)
    assert not r.guaranteed and len(r.J) == 4
    full = hoffman_upper_bound(A, samples=None, certificate=True)
    assert full.guaranteed and full.value >= r.value
    assert full.value >= hoffman_constant(A, ("l2", "l2")) * (1 - 1e-9)


# ----------------------------------------------------------------- errors

def test_bad_input():
    with pytest.raises(ValueError, match="nan"):
        hoffman_constant([[1, float("nan")]])
    with pytest.raises(ValueError, match="unknown norm 'l3'"):
        hoffman_constant(I3, norms=("l3", "linf"))
    with pytest.raises(ValueError, match="unknown norm"):
        hoffman_constant(I3, norms=("l1", "max"))
    with pytest.raises(ValueError, match="pair"):
        hoffman_constant(I3, norms="l1")
    with pytest.raises(ValueError, match="not supported"):
        hoffman_constant(I3, norms=("l2", "linf"))
    with pytest.raises(ValueError, match="empty"):
        hoffman_constant([])
    with pytest.raises(ValueError, match="empty"):
        hoffman_constant([[]])
    with pytest.raises(ValueError, match="ragged"):
        hoffman_constant([[1, 2], [3]])
    with pytest.raises(ValueError, match="method"):
        hoffman_constant(I3, method="simplex")
    with pytest.raises(ValueError, match="samples"):
        hoffman_lower_bound(I3, samples=0)
    with pytest.raises(ValueError, match="inf"):
        hoffman_upper_bound([[1, float("inf")]])


@pytest.mark.slow
@pytest.mark.parametrize("norms", POLY)
def test_pvz_equals_brute_larger(norms):
    rng = np.random.default_rng(42)
    for _ in range(10):
        m, n = int(rng.integers(6, 11)), int(rng.integers(2, 5))
        A = rng.integers(-5, 6, size=(m, n)).tolist()
        r1 = hoffman_constant(A, norms, "pvz", certificate=True)
        r2 = hoffman_constant(A, norms, "brute", certificate=True)
        assert r1.value == r2.value
        assert sorted(r1.surjective_sets) == sorted(r2.surjective_sets)
        assert r1.lps <= r2.lps or m <= 6
