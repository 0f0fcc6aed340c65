"""Pruning (SPEC §3, Algorithm 6 / Lemma 32): hull vs LP, SPEC examples, invariants."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, strategies as st

import tropsage as ts
from tropsage.puiseux.hull import irredundant_mask, lp_irredundant_mask, upper_hull_mask

from strategies import points, polynomial_dicts

T1 = ts.TropicalPuiseuxSemiring(1)
T2 = ts.TropicalPuiseuxSemiring(2)
T3 = ts.TropicalPuiseuxSemiring(3)
T2min = ts.TropicalPuiseuxSemiring(2, convention="min")


# ---------------------------------------------------------------- SPEC examples
@pytest.mark.parametrize("method", ["hull", "lp", "auto"])
def test_spec_examples(method):
    x, = T1.gens()
    f = 0 + x + x ** 2                                   # max(0, x, 2x)
    assert f.redundant_monomials(method) == [x]
    assert f.prune(method) == 0 + x ** 2
    assert f.monomial_complexity(method) == 2
    x, y = T2.gens()
    g = x + y + x ** 2 * y ** 2 + x * y + x ** 2 + y ** 2  # max(x, y, 2x+2y, x+y, 2x, 2y)
    assert g.redundant_monomials(method) == [x * y]
    assert g.monomial_complexity(method) == 5
    assert g.prune(method).equals(g)


def test_coefficients_matter():
    x, = T1.gens()
    f = 0 + 1 * x + x ** 2                               # max(0, 1 + x, 2x): all needed
    assert f.redundant_monomials() == []
    assert (0 + (-1) * x + x ** 2).redundant_monomials() == [(-1) * x]


def test_min_plus():
    x, y = T2min.gens()
    f = 0 + x + x ** 2                                   # min(0, x, 2x): x never the min alone
    assert f.redundant_monomials("hull") == f.redundant_monomials("lp") == [x]
    assert f.prune().equals(f)
    assert (0 + 1 * x + x ** 2).redundant_monomials() == [1 * x]   # min(0, 1+x, 2x): 1+x is above


def test_rational_function_and_map():
    x, y = T2.gens()
    h = (0 + x + x ** 2) / (x + y + x * y + x ** 2 * y ** 2 + x ** 2 + y ** 2)
    assert h.monomial_complexity() == (2, 5)
    assert h.redundant_monomials() == ([x], [x * y])
    p = h.prune()
    assert p.number_of_monomials() == (2, 5) and p.equals(h)
    m = ts.TropicalRationalMap([h, x + y + x * y])
    assert m.monomial_complexity() == [(2, 5), (3, 1)]
    assert m.prune().equals(m)
    assert m.prune().monomial_counts() == [(2, 5), (3, 1)]


def test_bad_input():
    with pytest.raises(ValueError, match="unknown pruning method"):
        (T1.gen() + 0).prune(method="simplex")
    with pytest.raises(TypeError, match="integer matrix"):
        irredundant_mask(np.array([[0.5, 1.0]]))
    with pytest.raises(ValueError, match="2-d"):
        irredundant_mask(np.array([1, 2, 3]))


def test_degenerate_sizes():
    assert upper_hull_mask(np.zeros((0, 3), dtype=np.int64)).tolist() == []
    assert upper_hull_mask(np.array([[1, 2, 3]])).tolist() == [True]
    assert upper_hull_mask(np.array([[1], [5], [2]])).tolist() == [False, True, False]
    # equal rows: at most the first is marked
    assert upper_hull_mask(np.array([[0, 0], [0, 0], [1, 0]])).tolist() == [True, False, True]
    assert T2.one().prune() == T2.one()
    assert T2.zero().prune() == T2.zero()


# ---------------------------------------------------------------- hull with float candidates
def _lifted(rng, k, n, flat=False):
    A = np.unique(rng.integers(-12, 13, size=(3 * k, n)), axis=0)
    A = A[rng.permutation(len(A))[:k]]
    c = np.zeros(len(A), dtype=np.int64) if flat else -(A ** 2).sum(axis=1) + rng.integers(-40, 40, len(A))
    return np.column_stack([A, c])


@pytest.mark.parametrize("n,flat", [(1, False), (2, False), (3, False), (2, True), (3, True)])
def test_qhull_candidates_agree_with_plain_ppl(n, flat):
    rng = np.random.default_rng(7 + n + 10 * flat)
    M = _lifted(rng, 300, n, flat)
    a = upper_hull_mask(M, float_candidates=True)
    b = upper_hull_mask(M, float_candidates=False)
    assert (a == b).all() and 0 < a.sum() < len(M)


def test_qhull_candidates_huge_integers():
    # entries far beyond float precision: Qhull's proposal is wrong, the exact check repairs it
    rng = np.random.default_rng(3)
    M = _lifted(rng, 250, 2).astype(object) * (10 ** 30) + 1
    a = upper_hull_mask(M, float_candidates=True)
    b = upper_hull_mask(M, float_candidates=False)
    assert (a == b).all()


def test_lp_and_hull_agree_larger():
    rng = np.random.default_rng(11)
    M = _lifted(rng, 200, 3)
    assert (lp_irredundant_mask(M) == upper_hull_mask(M)).all()
    assert (lp_irredundant_mask(M, backend="ppl") == upper_hull_mask(M)).all()


# ---------------------------------------------------------------- properties
@given(polynomial_dicts(2, max_terms=9), st.lists(points(2), min_size=4, max_size=4))
def test_pruning_keeps_the_function_and_is_idempotent(d, pts):
    f = T2.from_dict(d)
    p = f.prune()
    assert p.prune() == p
    assert p.monomial_complexity() == p.number_of_monomials() == f.monomial_complexity()
    for x in pts:
        assert p(*x) == f(*x)
    kept, removed = set(p.to_dict()), set().union(*[q.to_dict() for q in f.redundant_monomials()])
    assert kept | removed == set(f.to_dict()) and not kept & removed


@given(st.integers(1, 3), st.data())
def test_hull_equals_lp(n, data):
    T = ts.TropicalPuiseuxSemiring(n)
    f = T.from_dict(data.draw(polynomial_dicts(n, max_terms=10)))
    assert (f.irredundant_mask("hull") == f.irredundant_mask("lp")).all()


@given(polynomial_dicts(2, max_terms=8), st.lists(points(2), min_size=3, max_size=3))
def test_min_plus_pruning_keeps_the_function(d, pts):
    f = T2min.from_dict(d)
    p = f.prune()
    assert (f.irredundant_mask("hull") == f.irredundant_mask("lp")).all()
    for x in pts:
        assert p(*x) == f(*x)


@given(polynomial_dicts(3, max_terms=8), polynomial_dicts(3, max_terms=5),
       st.lists(points(3), min_size=3, max_size=3))
def test_rational_pruning_keeps_the_function(df, dg, pts):
    h = T3.from_dict(df) / T3.from_dict(dg)
    p = h.prune()
    assert p.prune() == p
    for x in pts:
        assert p(*x) == h(*x)


def test_exact_rational_exponents():
    f = T1.from_dict({(Fraction(1, 3),): 0, (Fraction(2, 3),): 0, (1,): Fraction(-1, 3), (0,): 0})
    # lifted (0,0), (1/3,0), (2/3,0), (1,-1/3): (1/3, 0) lies on the segment (0,0)-(2/3,0)
    assert f.redundant_monomials() == [T1.from_dict({(Fraction(1, 3),): 0})]
    assert f.prune().equals(f)
