"""One coercion (as_tropical) and one factor object (TropicalFactors) for every algorithm."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import tropsage as ts
from tropsage.puiseux import TropicalFactors, as_tropical, is_tropical

from strategies import points, polynomial_dicts


def _row_value(row, x, D):
    n = len(x)
    return (sum(Fraction(int(a)) * t for a, t in zip(row[:n], x)) + int(row[n])) / D


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["max", "min"]), polynomial_dicts(2), polynomial_dicts(2),
       polynomial_dicts(2), points(2), st.booleans())
def test_rows_are_the_monomials_over_one_denominator(convention, a, b, c, x, prune):
    T = ts.TropicalPuiseuxSemiring(2, convention=convention)
    f, g, h = T.from_dict(a), T.from_dict(b), T.from_dict(c)
    m = ts.TropicalRationalMap([f / g, h])
    F = TropicalFactors(m, prune=prune)
    assert F.kind == "map" and F.outputs == [(0, 1), (2, 3)] and len(F) == 4
    polys = [f, g, h, T.one()]
    pick = max if convention == "max" else min
    for p, q, R, G in zip(F.polynomials, polys, F.rows, F.max_rows):
        assert p.equals(q)                                     # pruning keeps the function
        assert len(p) == (q.monomial_complexity() if prune else len(q))
        # rows: the affine maps of the monomials over D; max form: the negated ones
        # for min-plus, so that max over max_rows is always the (signed) value
        vals = [_row_value(r, x, F.D) for r in R.tolist()]
        assert pick(vals) == Fraction(str(q(*x)))
        s = 1 if convention == "max" else -1
        assert [_row_value(r, x, F.D) for r in G.tolist()] == [s * v for v in vals]
    # D is the least common denominator of what is kept
    assert F.D == np.lcm.reduce([int(p.integer_data()[1]) for p in F.polynomials])


def test_kinds_and_names():
    x, y = ts.TropicalPuiseuxSemiring("u,v").gens()
    F = TropicalFactors(x + y)
    assert (F.kind, F.outputs, F.names, F.n) == ("polynomial", None, ("u", "v"), 2)
    F = TropicalFactors((x + y) / (x + 0))
    assert (F.kind, F.outputs) == ("function", [(0, 1)])
    assert "2 polynomials" in repr(F)


def test_big_integers_widen_to_object_rows():
    T = ts.TropicalPuiseuxSemiring(1)
    big = 2 ** 61
    F = TropicalFactors(T.from_dict({(0,): big, (1,): 0}) / T.from_dict({(Fraction(1, 3),): 0}))
    assert F.D == 3
    assert F.rows[0].dtype == object and F.rows[0].tolist() == [[0, 3 * big], [3, 0]]


def test_zero_and_non_tropical_input():
    T = ts.TropicalPuiseuxSemiring(1)
    x, = T.gens()
    with pytest.raises(ValueError, match="zero"):
        TropicalFactors(T.zero())
    with pytest.raises(ValueError, match="-infinity"):
        TropicalFactors(T.zero() / (x + 0))
    with pytest.raises(ValueError, match="component"):
        TropicalFactors(ts.TropicalRationalMap([x, T.zero() / (x + 0)]))
    for bad in (3, "x", [[1, 0]], None):
        assert not is_tropical(bad)
        with pytest.raises(TypeError, match="expected a tropical"):
            as_tropical(bad)
        with pytest.raises(TypeError, match="expected a tropical"):
            TropicalFactors(bad)


def test_sage_tropical_polynomials_are_converted_everywhere():
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from sage.rings.semirings.tropical_semiring import TropicalSemiring
    S = TropicalSemiring(QQ)                   # min-plus
    R = PolynomialRing(S, "u,v")
    u, v = R.gens()
    p = S(1) * u + S(2) * v + R(S(0))
    assert is_tropical(p)
    t = as_tropical(p)
    assert t.parent() is ts.TropicalPuiseuxSemiring("u,v", convention="min")
    assert t(3, 5) == 0 and repr(t) == "min(0, 1 + u, 2 + v)"
    assert ts.count_linear_regions(p) == 3
    assert ts.hoffman_constant(p) == t.hoffman_constant()
    # univariate Sage polynomials (integer exponents, not tuples), max-plus
    Smax = TropicalSemiring(QQ, use_min=False)
    w = PolynomialRing(Smax, "w").gen()
    q = as_tropical(Smax(1) * w ** 2 + Smax(0) * w)
    assert repr(q) == "max(w, 1 + 2*w)" and q.parent().convention == "max"
    assert not is_tropical(S(3))               # a number of the semiring, not a function


def test_plot_reads_sage_polynomials_too():
    pytest.importorskip("matplotlib")
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    from sage.rings.semirings.tropical_semiring import TropicalSemiring
    S = TropicalSemiring(QQ, use_min=False)
    R = PolynomialRing(S, "u,v")
    u, v = R.gens()
    fig = ts.plot_regions(u + v + R(S(0)), box=[(-1, 1), (-1, 1)])
    assert fig.axes[0].get_title() == "max(0, u, v): 3 linear regions in [-1, 1] x [-1, 1]"
