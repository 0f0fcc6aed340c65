"""Exact LP layer: both engines agree, certificates verify, bad input is named."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tropsage.polyhedra import lp as lpmod
from tropsage.polyhedra.lp import solve_lp


def F(*a):
    """Sage QQ element (results are QQ; Fraction does not compare equal to QQ)."""
    import sage.all__sagemath_polyhedra  # noqa: F401
    from sage.rings.rational_field import QQ
    if len(a) == 2:
        return QQ(a[0]) / QQ(a[1])
    v = a[0]
    return QQ(str(v)) if isinstance(v, str) else QQ(v)


def test_known_optimum_both_engines():
    for method in ("ppl", "highs", "auto"):
        r = solve_lp([1, 1], A_ub=[[-1, -2], [-3, -1]], b_ub=[-2, -3], method=method)
        assert r.status == "optimal"
        assert r.value == F(7, 5) and r.x == (F(4, 5), F(3, 5))
        assert r.check()


def test_maximize_and_dual_certificate_in_user_rows():
    # rows with fractions are scaled internally; the dual must refer to the user's rows
    A = [["1/2", "1/2"], [1, 3]]
    b = [2, 6]
    c = [3, 2]
    r = solve_lp(c, A_ub=A, b_ub=b, maximize=True, method="highs")
    assert r.method == "highs+certificate"
    assert r.value == 12 and r.x == (4, 0)
    d = r.dual
    # s*c = A_eq^T y_eq - A_ub^T y_ub + z_lower - z_upper with s = -1 (maximize)
    Aq = [[F(x) for x in row] for row in A]
    for j in range(2):
        lhs = -c[j]
        rhs = -sum(Aq[i][j] * F(d["ub"][i]) for i in range(2)) + F(d["lower"][j]) - F(d["upper"][j])
        assert lhs == rhs
    assert all(v >= 0 for v in d["ub"])
    # dual objective equals the optimum: -(-b.y_ub) = 12
    assert sum(F(b[i]) * F(d["ub"][i]) for i in range(2)) == 12


def test_equalities_and_bounds_forms():
    r = solve_lp(["1/3", 0.5], A_eq=[[1, 1]], b_eq=[1])
    assert r.x == (1, 0) and r.value == F(1, 3)
    r = solve_lp([1, -1], bounds=[(-2, 3), (None, "5/2")], method="highs")
    assert r.value == F(-9, 2) and r.x == (-2, F(5, 2))
    r2 = solve_lp([1, -1], bounds=[(-2, 3), (None, "5/2")], method="ppl")
    assert r2.value == r.value
    r = solve_lp([1, 1], bounds=(1, 1))  # fixed variables
    assert r.value == 2


def test_infeasible_and_unbounded():
    for method in ("ppl", "highs"):
        assert solve_lp([1], A_ub=[[1]], b_ub=[-1], method=method).status == "infeasible"
        assert solve_lp([1], bounds=(None, None), method=method).status == "unbounded"
        r = solve_lp([1, 0], A_eq=[[1, 1], [1, 1]], b_eq=[1, 2], method=method)
        assert r.status == "infeasible" and r.value is None and r.x is None


def test_failed_certificate_falls_back_to_ppl(monkeypatch):
    monkeypatch.setattr(lpmod._IntLP, "_certify_basis", lambda self, c, r: None)
    r = solve_lp([1, 1], A_ub=[[-1, -2], [-3, -1]], b_ub=[-2, -3], method="highs")
    assert r.method == "ppl" and r.value == F(7, 5) and r.dual is None


def test_solve_square_exact():
    B = np.array([[2, 1], [4, 3]], dtype=object)
    Fr = Fraction
    assert lpmod._solve_square(B, [Fr(1), Fr(1, 2)]) == [Fr(5, 4), Fr(-3, 2)]
    assert lpmod._solve_square(np.array([[1, 2], [2, 4]], dtype=object), [Fr(1), Fr(1)]) is None


@st.composite
def random_lp(draw):
    n = draw(st.integers(1, 5))
    m = draw(st.integers(0, 6))
    ent = st.integers(-5, 5)
    A = [[draw(ent) for _ in range(n)] for _ in range(m)]
    b = [draw(st.integers(-3, 8)) for _ in range(m)]
    c = [draw(ent) for _ in range(n)]
    box = draw(st.sampled_from([None, (-4, 4), (None, None)]))
    eq = draw(st.booleans()) and n > 1
    return n, A, b, c, box, eq


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(random_lp())
def test_engines_agree_on_random_lps(data):
    n, A, b, c, box, eq = data
    kw = dict(A_ub=A or None, b_ub=b or None, bounds=box)
    if eq:
        kw.update(A_eq=[[1] * n], b_eq=[1])
    r1 = solve_lp(c, method="ppl", **kw)
    r2 = solve_lp(c, method="highs", **kw)
    assert r1.status == r2.status
    if r1.status == "optimal":
        assert r1.value == r2.value
        assert r1.check() and r2.check()
        # compare with scipy as an independent float solver
        from scipy.optimize import linprog
        s = linprog(c, A_ub=A or None, b_ub=b or None,
                    A_eq=kw.get("A_eq"), b_eq=kw.get("b_eq"),
                    bounds=box if box is not None else (0, None), method="highs")
        assert s.status == 0 and abs(s.fun - float(r1.value)) < 1e-6


def test_bad_input():
    with pytest.raises(ValueError, match="nan"):
        solve_lp([1, 2], A_ub=[[1, float("nan")]], b_ub=[1])
    with pytest.raises(ValueError, match="A_ub row 0 has 1 entries, expected 2"):
        solve_lp([1, 2], A_ub=[[1]], b_ub=[1])
    with pytest.raises(ValueError, match="A_ub has 1 rows but b_ub has 2"):
        solve_lp([1, 2], A_ub=[[1, 1]], b_ub=[1, 2])
    with pytest.raises(ValueError, match="together"):
        solve_lp([1], A_ub=[[1]])
    with pytest.raises(ValueError, match="lo > hi"):
        solve_lp([1], bounds=[(2, 1)])
    with pytest.raises(ValueError, match="method"):
        solve_lp([1], method="simplex")
    with pytest.raises(ValueError, match="c is empty"):
        solve_lp([])
    with pytest.raises(ValueError, match="bounds has 1 pairs for 2 variables"):
        solve_lp([1, 1], bounds=[(0, 1)])
    with pytest.raises(TypeError):
        solve_lp([object()])


def test_highs_basis_certifies_every_optimal_random_lp():
    rng = np.random.default_rng(0)
    for _ in range(100):
        n, m = int(rng.integers(1, 8)), int(rng.integers(1, 10))
        A, b, c = rng.integers(-5, 6, (m, n)), rng.integers(-3, 9, m), rng.integers(-5, 6, n)
        r = solve_lp(c, A, b, bounds=(-4, 4), method="highs")
        if r.status == "optimal":
            assert r.method == "highs+certificate" and r.dual is not None and r.check()
        else:
            assert r.method == "ppl"  # infeasibility is decided by the exact engine
