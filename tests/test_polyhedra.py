"""Tests of the exact polyhedral backend (tropsage.polyhedra)."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sage.all__sagemath_polyhedra  # noqa: F401
from sage.geometry.polyhedron.constructor import Polyhedron
from sage.rings.infinity import infinity
from sage.rings.rational_field import QQ

from tropsage.polyhedra import (ExactPolyhedron, are_full_dimensional, as_domain, backend_stats,
                                box, polytope_volume, prefilter, reset_backend_stats)
from tropsage.polyhedra import certify as C

EXACT = ("ppl", "cdd", "sage")
ALL = ("auto", "prefilter", "ppl", "cdd", "sage")


def fresh(P):
    """A copy without caches, so every backend computes from scratch."""
    return ExactPolyhedron.from_integer_rows(P.inequality_rows(), P.equation_rows(), n=P.ambient_dim)


def QQt(*xs):
    return tuple(QQ(x) for x in xs)


# ---------------------------------------------------------------------------
# hand-made examples with known answers

UNIT_SQUARE = dict(A=[[1, 0], [-1, 0], [0, 1], [0, -1]], b=[1, 0, 1, 0])


@pytest.mark.parametrize("backend", ALL)
def test_unit_square(backend):
    P = ExactPolyhedron(**UNIT_SQUARE)
    assert P.ambient_dim == 2
    assert not P.is_empty(backend)
    assert P.dim(backend) == 2
    assert P.is_full_dimensional(backend)
    assert P.is_bounded(backend)
    assert P.affine_hull(backend) == []
    assert P.vertices(backend) == (QQt(0, 0), QQt(0, 1), QQt(1, 0), QQt(1, 1))
    assert P.rays(backend) == () and P.lines(backend) == ()
    assert P.volume(backend=backend) == 1
    p = P.interior_point(backend)
    assert all(isinstance(c, type(QQ(1))) for c in p)
    assert P.contains(p, strict=True)
    assert P.contains([0, 1]) and not P.contains([0, 1], strict=True)
    assert not P.contains([Fraction(3, 2), 0])
    assert P.volume(domain=[("1/2", 3), (-1, "1/3")], backend=backend) == QQ(1) / 6


@pytest.mark.parametrize("backend", ALL)
def test_triangle(backend):
    P = ExactPolyhedron([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    assert P.vertices(backend) == (QQt(0, 0), QQt(0, 1), QQt(1, 0))
    assert P.volume(backend=backend) == QQ(1) / 2
    assert P.dim(backend) == 2 and P.is_bounded(backend)
    assert P.contains(P.interior_point(backend), strict=True)


@pytest.mark.parametrize("backend", ALL)
def test_thin_polytope(backend):
    # the segment 0 <= x <= 1, y = 0, given by inequalities only (y <= 0, -y <= 0)
    P = ExactPolyhedron([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 0, 0, 0])
    assert not P.is_empty(backend)
    assert P.dim(backend) == 1
    assert not P.is_full_dimensional(backend)
    assert P.affine_hull(backend) == [(QQt(0, 1), QQ(0))]
    assert P.volume(backend=backend) == 0
    p = P.interior_point(backend)
    assert p[1] == 0 and 0 < p[0] < 1
    assert P.contains(p, strict=True)                # relative interior
    assert not P.contains([0, 0], strict=True)
    assert P.vertices(backend) == (QQt(0, 0), QQt(1, 0))


@pytest.mark.parametrize("backend", ALL)
def test_single_point(backend):
    P = ExactPolyhedron([[1, 1], [-1, 0], [0, -1]], [0, 0, 0])   # x, y >= 0, x + y <= 0
    assert P.dim(backend) == 0
    assert not P.is_full_dimensional(backend)
    assert P.interior_point(backend) == QQt(0, 0)
    assert P.vertices(backend) == (QQt(0, 0),)
    assert P.volume(backend=backend) == 0
    assert P.contains([0, 0], strict=True)   # a point is its own relative interior
    assert sorted(P.affine_hull(backend)) == [(QQt(0, 1), QQ(0)), (QQt(1, 0), QQ(0))]


@pytest.mark.parametrize("backend", ALL)
def test_unbounded_cone(backend):
    P = ExactPolyhedron([[-1, 1], [-1, -1]], [0, 0])      # |y| <= x
    assert P.is_full_dimensional(backend)
    assert not P.is_bounded(backend)
    assert P.vertices(backend) == (QQt(0, 0),)
    assert P.rays(backend) == (QQt(1, -1), QQt(1, 1))
    assert P.lines(backend) == ()
    assert P.volume(backend=backend) is infinity or P.volume(backend=backend) == infinity
    assert P.volume(domain=[(0, 2), (-5, 5)], backend=backend) == 4
    assert P.contains(P.interior_point(backend), strict=True)


@pytest.mark.parametrize("backend", ALL)
def test_halfplane_with_line(backend):
    P = ExactPolyhedron([[1, 1]], [2])                    # x + y <= 2
    assert P.lines(backend) == (QQt(1, -1),)
    # canonical representatives modulo the line: zero at its pivot coordinate x
    assert P.rays(backend) == (QQt(0, -1),)
    assert P.vertices(backend) == (QQt(0, 2),)
    assert P.dim(backend) == 2 and not P.is_bounded(backend)


@pytest.mark.parametrize("backend", ALL)
def test_empty(backend):
    P = ExactPolyhedron([[1, 1], [-1, -1]], [0, -1])
    assert P.is_empty(backend)
    assert P.dim(backend) == -1
    assert not P.is_full_dimensional(backend)
    assert P.is_bounded(backend)
    assert P.vertices(backend) == () and P.rays(backend) == ()
    assert P.interior_point(backend) is None
    assert P.volume(backend=backend) == 0
    assert P.affine_hull(backend) == [(QQt(0, 0), QQ(1))]
    assert not P.contains([0, 0])
    # trivially empty: a zero row 0 <= -1
    Z = ExactPolyhedron.from_integer_rows(np.array([[-1, 0, 0]]))
    assert Z.is_empty(backend) and Z.dim(backend) == -1 and Z.interior_point(backend) is None


@pytest.mark.parametrize("backend", ALL)
def test_lower_dimensional_with_equations(backend):
    # the triangle x + y + z = 1, x, y, z >= 0 in R^3
    P = ExactPolyhedron(-np.eye(3, dtype=int), [0, 0, 0], eq_A=[[1, 1, 1]], eq_b=[1])
    assert P.dim(backend) == 2
    assert not P.is_full_dimensional(backend)
    assert P.affine_hull(backend) == [(QQt(1, 1, 1), QQ(1))]
    assert P.vertices(backend) == (QQt(0, 0, 1), QQt(0, 1, 0), QQt(1, 0, 0))
    assert P.volume(backend=backend) == 0
    p = P.interior_point(backend)
    assert sum(p) == 1 and all(c > 0 for c in p)
    assert P.contains(p, strict=True) and not P.contains([1, 0, 0], strict=True)


@pytest.mark.parametrize("backend", ALL)
def test_universe(backend):
    P = ExactPolyhedron(n=3)
    assert P.dim(backend) == 3 and P.is_full_dimensional(backend)
    assert len(P.lines(backend)) == 3 and P.vertices(backend) == (QQt(0, 0, 0),)
    assert P.volume(backend=backend) == infinity
    assert P.volume(domain=[(0, 1), (0, 2), (0, 3)], backend=backend) == 6


def test_numpy_integer_input_and_pickle():
    import pickle
    A = np.array([[1, 0], [-1, 0], [0, 1], [0, -1]], dtype=np.int32)
    b = np.array([2, 0, 3, 0], dtype=np.uint8)
    P = ExactPolyhedron(A, b)
    assert P.inequality_rows().dtype == np.int64
    assert P.volume() == 6 and P.is_full_dimensional()
    P.vertices()
    Q = pickle.loads(pickle.dumps(P))
    assert Q.volume() == 6 and Q.vertices() == P.vertices() and Q.dim() == 2
    big = ExactPolyhedron(np.array([[2 ** 62, 1]], dtype=object), [0])
    assert big.inequality_rows().dtype == object and big.dim() == 2


def test_boxes_and_volumes():
    assert box([(0, 1)] * 3).volume() == 1
    assert box([(-1, 1), ("1/3", "2/3"), (0, 0.5)]).volume() == QQ(1) / 3
    assert box([(0, 0), (0, 1)]).volume() == 0                    # lo == hi: thin, allowed
    assert not box([(0, 0), (0, 1)]).is_full_dimensional()
    assert box([(None, 1), (0, float("inf"))]).volume() == infinity
    cross = ExactPolyhedron([list(s) for s in itertools.product((1, -1), repeat=4)], [1] * 16)
    assert cross.volume() == QQ(2) ** 4 / 24                        # cross-polytope 2^n/n!
    simplex = ExactPolyhedron(np.vstack([-np.eye(5, dtype=int), np.ones((1, 5), dtype=int)]),
                              [0] * 5 + [1])
    assert simplex.volume() == QQ(1) / 120
    assert simplex.volume(backend="sage") == QQ(1) / 120
    assert polytope_volume([(0, 0), (1, 0), (0, 1), (Fraction(1, 4), Fraction(1, 4))], 2) == Fraction(1, 2)


def test_tiny_interval_given_exactly():
    # [0, 10^-12] is full-dimensional although the float LP may call it thin
    eps = Fraction(1, 10 ** 12)
    for backend in ALL:
        P = ExactPolyhedron([[1], [-1]], [eps, 0])
        assert P.is_full_dimensional(backend)
        p = P.interior_point(backend)
        assert 0 < p[0] < QQ(eps)
        assert P.volume(backend=backend) == QQ(eps)
    # and [0, -10^-30] is empty
    assert ExactPolyhedron([[1], [-1]], [Fraction(-1, 10 ** 30), 0]).is_empty()


def test_sliver_thin_vs_open():
    # x - y in [0, d] inside the unit box: full-dimensional for d > 0, thin for d = 0
    for d, full in [(Fraction(1, 10 ** 15), True), (Fraction(0), False), (Fraction(1, 2 ** 80), True)]:
        P = box([(0, 1)] * 4).intersection(ExactPolyhedron([[1, -1, 0, 0], [-1, 1, 0, 0]], [d, 0]))
        for backend in ALL:
            assert fresh(P).is_full_dimensional(backend) == full
        assert P.dim() == (4 if full else 3)


def test_huge_coefficients_object_rows():
    a = 10 ** 30
    # two half-planes through 0 whose normals agree in float but not exactly:
    # (a+1) x + a y <= 0 and -a x - (a+1) y <= 0 is a thin-looking but open wedge
    P = ExactPolyhedron([[a + 1, a], [-a, -(a + 1)]], [0, 0])
    assert P.inequality_rows().dtype == object
    for backend in ALL:
        assert fresh(P).is_full_dimensional(backend)
        assert fresh(P).contains(fresh(P).interior_point(backend), strict=True)
    T = ExactPolyhedron([[a + 1, a], [-(a + 1), -a]], [0, 0])      # exactly a line
    for backend in ALL:
        assert fresh(T).dim(backend) == 1


# ---------------------------------------------------------------------------
# the prefilter is only an accelerator: even a lying float LP cannot change answers

@pytest.fixture
def lying_lp(monkeypatch):
    rng = np.random.default_rng(7)

    def liar(Hs):
        # "a centre with radius 1", whatever H is
        return [(rng.uniform(-2, 2, H.shape[1] - 1), 1.0, np.zeros(H.shape[0])) for H in Hs]

    monkeypatch.setattr(C, "chebyshev_lp", liar)


THIN_OR_EMPTY = [
    ExactPolyhedron([[1], [-1]], [0, 0]),                                   # a point in R^1
    ExactPolyhedron([[1, 1], [-1, 0], [0, -1]], [0, 0, 0]),                 # a point in R^2
    ExactPolyhedron([[1, -1], [-1, 1], [1, 0], [-1, 0]], [0, 0, 1, 1]),     # a segment
    ExactPolyhedron([[1, 0, 0], [-1, 0, 0]], [Fraction(1, 10 ** 12)] * 2).intersection(
        ExactPolyhedron([[1, 0, 0]], [-Fraction(1, 10 ** 12)])),            # a plane, given thin
    ExactPolyhedron([[1, 1], [-1, -1]], [0, Fraction(-1, 10 ** 20)]),       # empty by 1e-20
    box([(0, 1)] * 5).add_inequalities([[0, 1, 1, 1, 1, 1]]),               # a vertex of the box
]


@pytest.fixture
def lying_duals(monkeypatch):
    rng = np.random.default_rng(11)

    def liar(Hs):
        out = []
        for H in Hs:
            m, n1 = H.shape
            # "empty, and here are the duals": random supports of size <= n + 1
            y = np.zeros(m)
            y[rng.choice(m, size=min(m, rng.integers(1, n1 + 1)), replace=False)] = 1.0
            out.append((np.zeros(n1 - 1), -1.0, y))
        return out

    monkeypatch.setattr(C, "chebyshev_lp", liar)


OPEN_SETS = [
    box([(0, 1)] * 2), box([(0, Fraction(1, 10 ** 12))] * 3),
    ExactPolyhedron([[-1, 1], [-1, -1]], [0, 0]),
    ExactPolyhedron([[1, 1, 0], [-1, -1, 0], [0, 0, 1]], [1, 0, 5]),
    box([(0, 1)] * 5).add_inequalities([[1, 1, 1, 1, 1, 1]]),
    ExactPolyhedron([[3, -1], [-3, 1], [1, 1], [-1, -1], [1, -2]], [1, 0, 4, 0, 2]),
]


@pytest.mark.parametrize("k", range(len(OPEN_SETS)))
def test_false_farkas_certificates_are_rejected(lying_duals, k):
    for backend in ("prefilter", "auto"):
        P = fresh(OPEN_SETS[k])
        reset_backend_stats()
        assert P.is_full_dimensional(backend=backend)
        assert not fresh(P).is_empty(backend=backend)
        assert backend_stats().get("notfull:float", 0) == 0


@pytest.mark.parametrize("k", range(len(THIN_OR_EMPTY)))
def test_prefilter_never_certifies_thin_or_empty(lying_lp, k):
    P = fresh(THIN_OR_EMPTY[k])
    reset_backend_stats()
    assert not P.is_full_dimensional(backend="prefilter")
    st_ = backend_stats()
    # the (lying) float LP ran and was rejected by the exact check
    assert st_.get("fulldim:float", 0) == 0 and st_.get("float_reject", 0) >= 1
    Q = fresh(THIN_OR_EMPTY[k])
    ip = Q.interior_point(backend="prefilter")
    assert ip is None or Q.contains(ip, strict=True)
    assert fresh(P).dim(backend="prefilter") == fresh(P).dim(backend="sage")


@pytest.mark.parametrize("backend", ALL)
def test_cached_answers_stay_consistent(backend):
    # whatever order the questions come in, the cached answers agree
    for P in THIN_OR_EMPTY + [box([(0, 1)] * 3), ExactPolyhedron([[1, 1]], [0])]:
        Q = fresh(P)
        p = Q.interior_point(backend)
        full = Q.is_full_dimensional(backend)
        assert full == fresh(P).is_full_dimensional("sage")
        assert Q.dim(backend) == fresh(P).dim("sage")
        assert Q.is_empty(backend) == (p is None)
        Q = fresh(P)
        Q.vertices(backend)
        assert Q.is_full_dimensional(backend) == full
        assert Q.interior_point(backend) == p or Q.contains(Q.interior_point(backend), strict=True)


def test_prefilter_certifies_thin_and_empty_by_farkas():
    # the float duals give exact certificates: no exact backend needed
    cases = [(THIN_OR_EMPTY[k], k == 4) for k in (0, 1, 2, 4, 5)]
    for P, is_empty in cases:
        Q = fresh(P)
        reset_backend_stats()
        assert not Q.is_full_dimensional(backend="prefilter")
        s = backend_stats()
        assert s.get("notfull:float", 0) == 1 and s.get("fulldim:exact", 0) == 0, s
        assert fresh(P).is_empty(backend="prefilter") == is_empty


def test_prefilter_certifies_and_counts():
    reset_backend_stats()
    P = box([(0, 1)] * 5)
    assert P.is_full_dimensional()
    p = P.interior_point()
    assert all(0 < c < 1 for c in p)
    s = backend_stats()
    assert s["fulldim:float"] == 1 and s.get("fulldim:exact", 0) == 0
    # a hint inside the set settles it without any LP
    reset_backend_stats()
    Q = box([(0, 1)] * 5)
    assert Q.is_full_dimensional(hint=["1/2"] * 5)
    assert backend_stats() == {"fulldim:hint": 1}
    # a hint on the boundary does not, and the exact answer is unchanged
    R = ExactPolyhedron([[1], [-1]], [0, 0])
    assert not R.is_full_dimensional(hint=[0])


# ---------------------------------------------------------------------------
# random polyhedra: all backends agree with each other and with Sage

@st.composite
def int_polyhedra(draw, max_n=3, max_rows=6, eqs=True):
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(0, max_rows))
    k = draw(st.integers(0, 1)) if eqs else 0
    c = st.integers(-3, 3)
    H = [[draw(st.integers(-4, 6))] + [draw(c) for _ in range(n)] for _ in range(m)]
    E = [[draw(st.integers(-2, 2))] + [draw(c) for _ in range(n)] for _ in range(k)]
    return ExactPolyhedron.from_integer_rows(np.array(H, dtype=np.int64).reshape(m, n + 1),
                                             np.array(E, dtype=np.int64).reshape(k, n + 1), n=n)


def sage_of(P):
    H = P.inequality_rows().tolist()
    E = P.equation_rows().tolist()
    n = P.ambient_dim
    # the trivial row 1 >= 0 keeps Sage from reading "no rows" as the empty set
    return Polyhedron(ieqs=[[1] + [0] * n] + [[r[0]] + [-v for v in r[1:]] for r in H],
                      eqns=[[-r[0]] + r[1:] for r in E], ambient_dim=n, base_ring=QQ)


@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(int_polyhedra())
def test_backends_agree_with_sage(P):
    S = sage_of(P)
    n = P.ambient_dim
    dims = {b: fresh(P).dim(b) for b in ALL}
    assert set(dims.values()) == {S.dim()}, dims
    full = {b: fresh(P).is_full_dimensional(b) for b in ALL}
    assert set(full.values()) == {S.dim() == n}
    assert {fresh(P).is_empty(b) for b in ALL} == {S.is_empty()}
    gens = {b: (fresh(P).vertices(b), fresh(P).rays(b), fresh(P).lines(b)) for b in ALL}
    assert len(set(gens.values())) == 1, gens
    assert {fresh(P).is_bounded(b) for b in ALL} == {S.is_compact()}
    if not S.lines():
        assert set(gens["ppl"][0]) == {tuple(v) for v in S.vertices_list()}
        assert len(gens["ppl"][1]) == S.n_rays()
    hulls = {b: tuple(fresh(P).affine_hull(b)) for b in EXACT}
    assert len(set(hulls.values())) == 1
    if not S.is_empty():
        eqs = hulls["ppl"]
        assert len(eqs) == n - S.dim()
        for a, rhs in eqs:
            for v in S.vertices_list():
                assert sum(x * y for x, y in zip(a, v)) == rhs
    for b in ALL:
        Q = fresh(P)
        p = Q.interior_point(b)
        if S.is_empty():
            assert p is None
        else:
            assert S.relative_interior_contains(p), (b, p)
            assert Q.contains(p, strict=True) and Q.contains(p)
    if S.dim() == n:
        vol = S.volume() if S.is_compact() else infinity
        for b in ALL:
            assert fresh(P).volume(backend=b) == vol
    else:
        assert all(fresh(P).volume(backend=b) == 0 for b in ALL)


@settings(max_examples=40, deadline=None)
@given(int_polyhedra(max_n=3, max_rows=7))
def test_minimized_matches_sage(P):
    S = sage_of(P)
    M = P.minimized()
    if not S.is_empty():
        assert M.inequality_rows().shape[0] == S.n_inequalities()
        assert M.equation_rows().shape[0] == S.n_equations()
    assert M.is_equal(P)
    assert M.dim() == S.dim()


@settings(max_examples=60, deadline=None)
@given(int_polyhedra(max_n=3, max_rows=5), st.lists(st.integers(-6, 6), min_size=3, max_size=3),
       st.integers(1, 3))
def test_contains_matches_sage(P, num, den):
    S = sage_of(P)
    n = P.ambient_dim
    pt = [Fraction(v, den) for v in num[:n]]
    assert P.contains(pt) == S.contains(pt)
    assert P.contains(pt, strict=True) == S.relative_interior_contains(pt)


@settings(max_examples=50, deadline=None)
@given(int_polyhedra(max_n=2, max_rows=4, eqs=False), int_polyhedra(max_n=2, max_rows=4, eqs=False))
def test_facet_adjacent_and_intersection(P, Q):
    assume(P.ambient_dim == Q.ambient_dim)
    n = P.ambient_dim
    I = sage_of(P).intersection(sage_of(Q))
    assert P.intersection(Q).dim() == I.dim()
    for b in ALL:
        assert fresh(P).facet_adjacent(fresh(Q), backend=b) == (I.dim() >= n - 1)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4).flatmap(
    lambda n: st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n),
                       min_size=n + 1, max_size=n + 8)))
def test_volume_matches_sage(points):
    n = len(points[0])
    S = Polyhedron(vertices=points, base_ring=QQ)
    assume(S.dim() == n)
    assert QQ(polytope_volume(points, n)) == S.volume()
    P = ExactPolyhedron.from_sage(S)
    assert P.volume() == S.volume()
    assert P.is_equal(S)
    assert P.to_sage() == S


@settings(max_examples=30, deadline=None)
@given(int_polyhedra(max_n=3, max_rows=5))
def test_sage_round_trip(P):
    S = P.to_sage()
    assert S == sage_of(P)
    R = ExactPolyhedron.from_sage(S)
    assert R.is_equal(P)
    assert R.dim() == S.dim()


@settings(max_examples=30, deadline=None)
@given(int_polyhedra(max_n=3, max_rows=5, eqs=False),
       st.lists(st.tuples(st.integers(-3, 0), st.integers(0, 3)), min_size=3, max_size=3))
def test_volume_in_domain(P, bounds):
    n = P.ambient_dim
    bounds = bounds[:n]
    S = sage_of(P).intersection(Polyhedron(
        ieqs=[[hi] + [-int(i == j) for j in range(n)] for i, (lo, hi) in enumerate(bounds)]
        + [[-lo] + [int(i == j) for j in range(n)] for i, (lo, hi) in enumerate(bounds)],
        base_ring=QQ))
    expect = S.volume() if S.dim() == n else 0
    assert P.volume(domain=bounds) == expect
    assert P.volume(domain=S) == expect
    assert P.volume(domain=box(bounds)) == expect


def test_exact_lp_path_used_for_larger_systems(monkeypatch):
    # n = 6 with many rows: auto goes float -> (certified); a thin one goes to PPL's simplex
    rng = np.random.default_rng(3)
    A = rng.integers(-5, 6, (20, 6))
    H = np.hstack([np.full((20, 1), 10), A])
    P = ExactPolyhedron.from_integer_rows(H)
    reset_backend_stats()
    assert P.is_full_dimensional()
    assert backend_stats()["fulldim:float"] == 1
    thin = ExactPolyhedron.from_integer_rows(np.vstack([H, [[0] + [1] * 6, [0] + [-1] * 6]]))
    reset_backend_stats()
    assert not fresh(thin).is_full_dimensional()
    s = backend_stats()
    assert s.get("notfull:float", 0) + s.get("fulldim:exact", 0) == 1
    # when the float LP fails, PPL's exact simplex decides
    monkeypatch.setattr(C, "chebyshev_lp", lambda Hs: [None] * len(Hs))
    reset_backend_stats()
    assert not thin.is_full_dimensional()
    s = backend_stats()
    assert s["fulldim:exact"] == 1 and s["exact_lp"] == 1 and s["float_reject"] == 1
    assert fresh(P).is_full_dimensional() and fresh(P).contains(fresh(P).interior_point(), strict=True)
    assert thin.dim() == 5 == thin.dim(backend="cdd")
    assert thin.contains(thin.interior_point(), strict=True)


def random_cells(n, count, seed):
    """Cells of random arrangements: from random points (full), random sign patterns
    (often empty) and with a hyperplane through a point added (thin)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        m = int(rng.integers(n + 1, 3 * n + 3))
        W = rng.integers(-5, 6, (m, n))
        c = rng.integers(-5, 6, m)
        x = rng.uniform(-1, 1, n)
        s = np.where(W @ x + c > 0, 1, -1) if i % 3 else rng.choice([-1, 1], m)
        H = np.hstack([(s * c)[:, None], -s[:, None] * W])
        if i % 3 == 2:
            a = rng.integers(-5, 6, n)
            a[0] = a[0] or 1
            X = np.rint(x * 8).astype(np.int64)
            H = np.vstack([8 * H, [int(a @ X), *(8 * a)], [-int(a @ X), *(-8 * a)]])
        out.append(ExactPolyhedron.from_integer_rows(H))
    return out


@pytest.mark.parametrize("n", [2, 3, 5])
def test_batched_prefilter_agrees_with_sage(n):
    cells = random_cells(n, 45, seed=n)
    truth = [sage_of(P).dim() for P in cells]
    reset_backend_stats()
    verdicts = prefilter(cells, batch=8)
    assert backend_stats()["float_lp"] <= 6
    for v, d in zip(verdicts, truth):
        assert v is None or v == ("full" if d == n else "empty" if d < 0 else "thin")
    assert are_full_dimensional(cells) == [d == n for d in truth]
    assert [P.is_empty() for P in cells] == [d < 0 for d in truth]
    for P, d in zip(cells, truth):
        p = P.interior_point()
        assert (p is None) == (d < 0)
        assert p is None or sage_of(P).relative_interior_contains(p)
    assert are_full_dimensional(cells, backend="cdd") == [d == n for d in truth]


def test_batched_prefilter_with_lying_lp(monkeypatch):
    rng = np.random.default_rng(5)

    def liar(Hs):
        return [(rng.uniform(-1, 1, H.shape[1] - 1), float(rng.choice([1.0, -1.0])),
                 (rng.uniform(0, 1, H.shape[0]) > 0.7).astype(float)) for H in Hs]

    monkeypatch.setattr(C, "chebyshev_lp", liar)
    cells = random_cells(3, 60, seed=9)
    truth = [sage_of(P).dim() for P in cells]
    assert are_full_dimensional(cells, backend="prefilter") == [d == 3 for d in truth]
    assert [P.dim() for P in cells] == truth


# ---------------------------------------------------------------------------
# bad input

def test_bad_input():
    with pytest.raises(ValueError, match="A has 2 rows but b has 1"):
        ExactPolyhedron([[1, 0], [0, 1]], [1])
    with pytest.raises(ValueError, match="ragged"):
        ExactPolyhedron([[1, 0], [0]], [1, 1])
    with pytest.raises(ValueError, match="nan"):
        ExactPolyhedron([[float("nan")]], [1])
    with pytest.raises(ValueError, match="cannot read"):
        ExactPolyhedron([["x"]], [1])
    with pytest.raises(ValueError, match="columns; expected n = 3"):
        ExactPolyhedron([[1, 0]], [1], n=3)
    with pytest.raises(ValueError, match="eq_A has 1 columns"):
        ExactPolyhedron([[1, 0]], [1], eq_A=[[1]], eq_b=[0])
    with pytest.raises(ValueError, match="pass n="):
        ExactPolyhedron()
    with pytest.raises(ValueError, match="without b"):
        ExactPolyhedron([[1]])
    with pytest.raises(ValueError, match="non-negative"):
        ExactPolyhedron(n=-1)
    with pytest.raises(TypeError, match="integers"):
        ExactPolyhedron.from_integer_rows(np.array([[0.5, 1.0]]))
    with pytest.raises(ValueError, match="3 columns"):
        ExactPolyhedron.from_integer_rows(np.array([[0, 1, 1]]), n=1)
    with pytest.raises(ValueError, match="2-dimensional"):
        ExactPolyhedron.from_integer_rows(np.array([0, 1]))
    P = box([(0, 1), (0, 1)])
    with pytest.raises(ValueError, match="unknown backend"):
        P.dim(backend="lrs")
    with pytest.raises(ValueError, match="2 coordinates; the polyhedron lives in dimension 3"):
        box([(0, 1)] * 3).contains([0, 0])
    with pytest.raises(ValueError, match="lives in dimension 3"):
        P.intersection(box([(0, 1)] * 3))
    with pytest.raises(ValueError, match="lo = 2 > hi = 1"):
        box([(0, 1), (2, 1)])
    with pytest.raises(ValueError, match="must be a pair"):
        box([(0, 1, 2)])
    with pytest.raises(ValueError, match="box with 1 intervals"):
        as_domain([(0, 1)], 2)
    with pytest.raises(TypeError, match="box"):
        as_domain(3, 2)
    with pytest.raises(TypeError, match="Sage Polyhedron"):
        ExactPolyhedron.from_sage([[0, 1]])
    with pytest.raises(ValueError, match="dimension 3"):
        as_domain(Polyhedron(vertices=[(0, 0, 0)]), 2)
    assert as_domain(None, 2) is None
    with pytest.raises(TypeError, match="ExactPolyhedron objects"):
        prefilter([box([(0, 1)]), [[0, 1]]])


# ---------------------------------------------------------------------------
# the certification API (tropsage.polyhedra.certify)

@st.composite
def int_systems(draw, max_n=4, max_rows=9):
    """Random integer systems [b | a] that are full, thin (two opposite inequalities
    through a point), or empty (a slab turned inside out), with huge rows sometimes."""
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(0, max_rows))
    c = st.integers(-5, 5)
    H = [[draw(st.integers(-6, 8))] + [draw(c) for _ in range(n)] for _ in range(m)]
    kind = draw(st.sampled_from(["any", "thin", "empty", "huge"]))
    a = [draw(c) for _ in range(n)]
    if kind == "thin" and any(a):
        X = [draw(st.integers(-3, 3)) for _ in range(n)]
        ax = sum(u * v for u, v in zip(a, X))
        H += [[ax] + a, [-ax] + [-v for v in a]]
    elif kind == "empty" and any(a):
        t = draw(st.integers(-5, 5))
        H += [[t] + a, [-t - draw(st.integers(1, 3))] + [-v for v in a]]
    elif kind == "huge" and H:
        s = 10 ** draw(st.integers(19, 40))
        H[0] = [v * s for v in H[0]]
    return n, H


def _truth(n, H):
    """(dimension by Sage, Sage polyhedron)."""
    S = Polyhedron(ieqs=[[1] + [0] * n] + [[r[0]] + [-v for v in r[1:]] for r in H],
                   ambient_dim=n, base_ring=QQ)
    return int(S.dim()), S


def _status(d, n):
    return "full" if d == n else "empty" if d < 0 else "thin"


def _right(status, d, n):
    """A certified "thin" proves no interior only: the set may also be empty."""
    return status == _status(d, n) or (status == "thin" and d < 0)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(int_systems(max_n=3), min_size=1, max_size=5), st.sampled_from(["list", "int64", "object"]))
def test_certify_many_is_right_or_unknown(batch, form):
    n = batch[0][0]
    systems = [H for m, H in batch if m == n]

    def convert(H):
        if form == "list":
            return H
        if form == "object" or any(abs(v) >= 2 ** 62 for r in H for v in r):
            return np.array(H, dtype=object).reshape(len(H), n + 1)
        return np.array(H, dtype=np.int64).reshape(len(H), n + 1)

    given_ = [convert(H) for H in systems]
    certs = C.certify_many(given_, n=n, batch=2)
    decided = C.decide_many(given_, n=n)
    for H, c, e in zip(systems, certs, decided):
        d, S = _truth(n, H)
        assert c.status == "unknown" or _right(c.status, d, n)
        assert c.check(H)
        assert _right(e.status, d, n) and e.check(H)
        if c.status != "unknown":
            assert e == c
        for cc in (c, e):
            if cc.status == "full":
                X, D = cc.point
                assert S.interior_contains([QQ(x) / D for x in X])
            if cc.farkas is not None:
                assert cc.source in ("float", "trivial")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(int_systems(max_n=3), min_size=1, max_size=4), st.integers(0, 2 ** 32 - 1))
def test_lying_float_lp_never_certifies_a_wrong_answer(monkeypatch_batch, seed):
    """Any answer of the float LP (random centres, radii of any sign, random duals,
    failures) gives certificates that check exactly and agree with Sage."""
    rng = np.random.default_rng(seed)

    def liar(Fs):
        out = []
        for F in Fs:
            m, n1 = F.shape
            if rng.random() < 0.15:
                out.append(None)
                continue
            y = np.where(rng.random(m) < 0.5, rng.uniform(0, 2, m), 0.0)
            out.append((rng.uniform(-3, 3, n1 - 1), float(rng.choice([1.0, 1e-3, 0.0, -1.0])), y))
        return out

    n = monkeypatch_batch[0][0]
    systems = [H for m, H in monkeypatch_batch if m == n]
    saved = C.chebyshev_lp
    C.chebyshev_lp = liar
    try:
        certs = C.certify_many(systems, n=n)
        decided = C.decide_many(systems, n=n)
    finally:
        C.chebyshev_lp = saved
    for H, c, e in zip(systems, certs, decided):
        d, _ = _truth(n, H)
        assert (c.status == "unknown" or _right(c.status, d, n)) and c.check(H)
        assert _right(e.status, d, n) and e.check(H)


def test_certificates_that_lie_do_not_check():
    H = [[1, 1, 0], [0, -1, 0], [1, 0, 1], [0, 0, -1]]
    assert not C.Certificate("full", ((1, 1), 1), None, "float").check(H)      # on the boundary
    assert not C.Certificate("empty", None, ((0, 1), (1, 1)), "float").check(H)  # sum w b = 1
    assert not C.Certificate("thin", None, ((0, 2), (1, 1)), "float").check(H)   # w A != 0
    assert not C.Certificate("thin", None, ((0, 1), (-1, -1)), "float").check(H)


def test_certify_bad_input():
    with pytest.raises(ValueError, match="pass n="):
        C.certify_many([[]])
    with pytest.raises(ValueError, match="ragged"):
        C.certify_many([[[1, 1], [1, 1, 1]]])
    with pytest.raises(TypeError, match="integers"):
        C.certify_many([np.array([[1.5, 1.0]])])
    # systems of different dimensions share one LP, each its own block
    assert [c.status for c in C.certify_many([[[1, 1], [0, -1]], [[0, 1, 1], [0, -1, -1]]])] == \
        ["full", "thin"]


def test_highs_prints_nothing(tmp_path):
    """Neither the float prefilter nor the exact LP path prints HiGHS's banner."""
    import subprocess
    import sys
    code = ("from tropsage.polyhedra import certify_many, box\n"
            "from tropsage.polyhedra.lp import solve_lp\n"
            "print(certify_many([[[1, 1], [0, -1]]])[0].status)\n"
            "print(box([(0, 1)] * 5).is_full_dimensional())\n"
            "print(solve_lp([3, 2], A_ub=[[1, 1], [1, 3]], b_ub=[4, 6], maximize=True,"
            " method='highs').method)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    assert out.stdout.split() == ["full", "True", "highs+certificate"], out.stdout
    assert "HiGHS" not in out.stdout + out.stderr


# ---------------------------------------------------------------------------
# the engine contract: every engine goes both ways and agrees with the others

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(int_polyhedra(max_n=3, max_rows=5), st.sampled_from(EXACT), st.sampled_from(EXACT))
def test_from_generators_round_trip(P, make, read):
    Q = ExactPolyhedron.from_generators(P.vertices(), P.rays(), P.lines(), n=P.ambient_dim,
                                        backend=make)
    assert Q.is_equal(P, backend=read)
    assert Q.dim(read) == P.dim("sage")
    assert Q.minimized().inequality_rows().shape == P.minimized().inequality_rows().shape


@settings(max_examples=40, deadline=None)
@given(int_polyhedra(max_n=3, max_rows=6))
def test_engines_constraints_describe_the_same_set(P):
    from tropsage.polyhedra.engine import engine
    empty, H, E = P._clean()
    if empty:
        return
    n = P.ambient_dim
    for name in EXACT:
        eng = engine(name).from_rows(n, H, E)
        assert eng.dim() == P.dim("sage")
        Hc, Ec = eng.constraints()
        Q = ExactPolyhedron.from_integer_rows(np.array(Hc, dtype=object).reshape(len(Hc), n + 1),
                                              np.array(Ec, dtype=object).reshape(len(Ec), n + 1), n=n)
        assert Q.is_equal(P, backend="sage")
        p = eng.interior_point()
        assert (p is None) == (P.dim("sage") < 0)
        if p is not None:
            assert P.contains([Fraction(x, p[1]) for x in p[0]], strict=True)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 6), st.integers(1, 6), st.integers(0, 2 ** 32 - 1))
def test_flint_linear_algebra_matches_sage(m, n, seed):
    from sage.matrix.constructor import matrix
    from tropsage.polyhedra.linalg import nullspace, rank, rref
    rng = np.random.default_rng(seed)
    rows = [[Fraction(int(rng.integers(-4, 5)), int(rng.integers(1, 4))) for _ in range(n)]
            for _ in range(m)]
    M = matrix(QQ, m, n, rows)
    R, piv = rref(rows, n)
    fr = lambda v: Fraction(int(v.numerator()), int(v.denominator()))
    assert R == [[fr(v) for v in r] for r in M.rref().rows()[:len(R)]]
    assert tuple(piv) == M.pivots() and rank(rows, n) == M.rank()
    K = nullspace(rows, n)
    assert len(K) == n - M.rank()
    assert all(M * vector_of(k) == 0 for k in K)


def vector_of(k):
    from sage.modules.free_module_element import vector
    return vector(QQ, [QQ((v.numerator, v.denominator)) for v in k])


def test_prefilter_on_polyhedra_of_different_dimensions():
    cells = [box([(0, 1)] * 2), ExactPolyhedron([[1, 0, 0], [-1, 0, 0]], [0, 0]), box([(0, 1)])]
    assert prefilter(cells) == ["full", "thin", "full"]
    assert are_full_dimensional(cells) == [True, False, True]
