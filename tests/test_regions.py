"""Linear regions of tropical objects (SPEC §3, Algorithm 4) and the Region class (§8)."""

from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given, settings, strategies as st

import tropsage as ts
from tropsage._exact import qq as Q
from tropsage.polyhedra import ExactPolyhedron, box
from tropsage.regions import Region, count_linear_regions, linear_regions
from tropsage.regions.tropical import refinement_cells

from strategies import points, polynomial_dicts

T1 = ts.TropicalPuiseuxSemiring(1)
T2 = ts.TropicalPuiseuxSemiring(2)


def maps(regions):
    return sorted((R.gradient, R.constant) for R in regions)


# ---------------------------------------------------------------- SPEC §3 examples
def test_polynomials():
    x, y = T2.gens()
    assert count_linear_regions(x + y) == 2
    assert count_linear_regions(x + y + 0) == 3
    assert maps(linear_regions(x + y + 0)) == [((0, 0), 0), ((0, 1), 0), ((1, 0), 0)]
    assert (x + y).count_linear_regions() == 2


def test_one_dimensional_volumes_and_vertices():
    x, = T1.gens()
    L = (0 + 1 * x + 1 * x ** 2).linear_regions()       # max(0, 1 + x, 1 + 2x)
    from sage.rings.infinity import infinity
    assert L.volumes() == [infinity, 1, infinity]
    assert L.vertices() == ((-1,), (0,))
    assert [R.vertices() for R in L] == [((-1,),), ((-1,), (0,)), ((0,),)]
    assert [R.is_bounded() for R in L] == [False, True, False]
    assert [R.gradient for R in L] == [(0,), (1,), (2,)]
    for R in L:
        p = R.interior_point()
        assert R.contains(p, strict=True) and R(p) == (0 + 1 * x + 1 * x ** 2)(*p)
    assert L[1].volume(domain=[(Fraction(-1, 2), 5)]) == Q(1, 2)
    assert L[0].volume(domain=[(-3, 5)]) == 2


def test_rational_functions():
    x, y = T2.gens()
    assert count_linear_regions((x + y) / (x + y)) == 1
    R, = linear_regions((x + y) / (x + y))
    assert R.gradient == (0, 0) and R.constant == 0 and len(R.pieces) == 2
    assert R.volume() == ts.regions.region.infinity
    assert count_linear_regions((x + y + x * y) / (x + x * y ** 2)) == 4
    u, = T1.gens()
    assert count_linear_regions((0 + u + (-2) * u ** 2) / (0 + (-2) * u ** 2)) == 4
    h = (u ** 3 + 0) / (u + (-1) * u ** 2)                # max(3x, 0) ⊘ max(x, 2x − 1)
    L = h.linear_regions()
    assert [(R.gradient, R.constant) for R in L] == [((-1,), 0), ((2,), 0), ((1,), 1)]
    assert [R.map_str() for R in L] == ["-x", "2*x", "x + 1"]
    assert L.vertices() == ((0,), (1,))
    assert [R.volume() for R in L][1] == 1


def test_rational_map():
    x, y = T2.gens()
    m = ts.TropicalRationalMap([x + 0, y + 0])
    L = m.linear_regions()
    assert len(L) == 4 == m.count_linear_regions()
    assert sorted(R.gradient for R in L) == [((0, 0), (0, 0)), ((0, 0), (0, 1)),
                                             ((1, 0), (0, 0)), ((1, 0), (0, 1))]
    assert all(R.outputs == 2 and R.constant == (0, 0) for R in L)
    # a map whose outputs agree: no refinement
    assert count_linear_regions(ts.TropicalRationalMap([x + 0, x + 0])) == 2


def test_spec_network():
    net = [([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])]
    m = ts.tropicalize(net, activations=["relu", "identity"])
    assert count_linear_regions(m) == 4
    assert count_linear_regions(m[0]) == 4
    L = linear_regions(m)
    for R in L:
        p = R.interior_point()
        assert R(p) == m(*p)


def test_facet_and_point_connectivity_differ():
    # h = max(0,x) + max(0,y) - max(0,x+y) is 0 on the quadrants x,y >= 0 and x,y <= 0,
    # which touch only at the origin; elsewhere it is x, y, -x or -y on four cones.
    # "facet" (the maximal connected open sets where h is affine): 6 regions;
    # "point" (the seed paper's rule) glues the two zero quadrants: 5.
    x, y = T2.gens()
    h = ((0 + x) * (0 + y)) / (0 + x * y)
    assert count_linear_regions(h) == 6
    assert count_linear_regions(h, connectivity="point") == 5
    zero = [R for R in linear_regions(h, connectivity="point") if R.gradient == (0, 0)]
    assert len(zero) == 1 and len(zero[0].pieces) == 2
    assert sum(R.gradient == (0, 0) for R in linear_regions(h)) == 2


def test_domain():
    x, y = T2.gens()
    f = x + y + 0
    assert count_linear_regions(f, domain=[(1, 2), (1, 2)]) == 2
    L = linear_regions(f, domain=[(-1, 1), (-1, 1)])
    assert len(L) == 3 and sum(R.volume() for R in L) == 4
    assert all(R.is_bounded() for R in L)
    # the box meets the region of 0 in a segment and that of y in a point: neither counts
    assert count_linear_regions(f, domain=[(0, 1), (-1, 0)]) == 1
    import sage.all__sagemath_polyhedra  # noqa: F401
    from sage.geometry.polyhedron.constructor import Polyhedron
    tri = Polyhedron(vertices=[(0, 0), (2, 0), (0, 2)])
    assert count_linear_regions(f, domain=tri) == 2
    h = ((0 + x) * (0 + y)) / (0 + x * y)
    # the zero quadrants restricted to a box around the origin still touch only in a point
    assert count_linear_regions(h, domain=[(-1, 1), (-1, 1)]) == 6
    assert count_linear_regions(h, domain=[(1, 2), (1, 2)]) == 1
    assert count_linear_regions(h, domain=ExactPolyhedron([[1, 0], [-1, 0]], [1, 1], n=2)) == 6


def test_errors():
    x, y = T2.gens()
    with pytest.raises(ValueError, match="connectivity"):
        linear_regions((x + y) / (x + 0), connectivity="edge")
    with pytest.raises(ValueError, match="dimension 2"):
        linear_regions(x + y, domain=[(0, 1)])
    with pytest.raises(ValueError, match="no linear regions"):
        linear_regions(T2.zero())
    with pytest.raises(TypeError):
        ts.regions.tropical.linear_regions("max(x, y)")
    with pytest.raises(ValueError, match="at least one convex piece"):
        Region((1, 0), 0, [])
    with pytest.raises(ValueError, match="gradient has 1 entries"):
        Region((1,), 0, [box([(0, 1), (0, 1)])])
    with pytest.raises(TypeError, match="ExactPolyhedron"):
        Region((1,), 0, [[(0, 1)]])


def test_region_class():
    tri = ExactPolyhedron([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    sq = box([(1, 2), (0, 1)])
    R = Region(("1/2", 0), 1, [tri, sq], labels={"activation_pattern": (1, 0)})
    assert R.dim == 2 and R.gradient == (Q(1, 2), 0) and R.constant == 1
    assert R.volume() == Q(3, 2) and R.volume(domain=[(0, 1), (0, 1)]) == Q(1, 2)
    assert R.vertices() == ((0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1))
    assert R.contains(R.interior_point(), strict=True)
    assert R.activation_pattern == (1, 0) and R.monomials is None
    assert "2 convex pieces, bounded" in repr(R)
    assert "<table>" in R._repr_html_()


# ---------------------------------------------------------------- brute force Algorithm 4
def brute_force_count(h, connectivity="facet"):
    """All pairs (i, j) of unpruned monomials, exact full-dimensionality and adjacency."""
    from tropsage.puiseux.hull import monomial_region_rows
    f, g = h.numerator(), h.denominator()
    n = h.nvariables()
    (Mf, df), (Mg, dg) = f.integer_data(), g.integer_data()
    cells = []
    for i in range(len(f)):
        for j in range(len(g)):
            rows = [r for r in monomial_region_rows(Mf, i).tolist()] + \
                   [r for r in monomial_region_rows(Mg, j).tolist()]
            P = ExactPolyhedron.from_integer_rows(rows, n=n) if rows else box([(None, None)] * n)
            if P.is_full_dimensional(backend="ppl"):
                key = tuple(Fraction(int(a), df) - Fraction(int(b), dg) for a, b in zip(Mf[i], Mg[j]))
                cells.append((key, P))
    parent = list(range(len(cells)))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a
    for a, b in combinations(range(len(cells)), 2):
        if cells[a][0] != cells[b][0]:
            continue
        I = cells[a][1].intersection(cells[b][1])
        touch = I.dim(backend="ppl") >= (n - 1 if connectivity == "facet" else 0)
        if touch:
            parent[find(a)] = find(b)
    return len({find(a) for a in range(len(cells))})


@settings(max_examples=40)
@given(polynomial_dicts(2, max_terms=5), polynomial_dicts(2, max_terms=4))
def test_algorithm4_matches_brute_force(df, dg):
    h = T2.from_dict(df) / T2.from_dict(dg)
    assert count_linear_regions(h) == brute_force_count(h)
    assert count_linear_regions(h, connectivity="point") == brute_force_count(h, "point")
    assert count_linear_regions(h, method="lp") == count_linear_regions(h, method="hull")


@settings(max_examples=40)
@given(polynomial_dicts(2, max_terms=6), polynomial_dicts(2, max_terms=5),
       st.lists(points(2), min_size=6, max_size=6))
def test_pieces_partition_the_plane(df, dg, pts):
    h = T2.from_dict(df) / T2.from_dict(dg)
    L = linear_regions(h)
    for x in pts:
        inside = [R for R in L for P in R.pieces if P.contains(x, strict=True)]
        if not inside:
            # x is on a boundary: then it lies in at least two closed pieces
            assert sum(P.contains(x) for R in L for P in R.pieces) >= 2
            continue
        assert len(inside) == 1
        assert inside[0](x) == h(*x)
    for R in L:
        p = R.interior_point()
        assert R(p) == h(*p)


@given(st.integers(1, 3), st.data())
def test_polynomial_regions_equal_irredundant_monomials(n, data):
    T = ts.TropicalPuiseuxSemiring(n)
    f = T.from_dict(data.draw(polynomial_dicts(n, max_terms=8)))
    L = f.linear_regions()
    assert len(L) == f.monomial_complexity() == f.count_linear_regions()
    p = f.prune()
    assert sorted((R.gradient, R.constant) for R in L) == sorted(
        (e, c) for e, c in p.to_dict().items())


@settings(max_examples=25)
@given(polynomial_dicts(2, max_terms=4), polynomial_dicts(2, max_terms=3),
       polynomial_dicts(2, max_terms=3), st.lists(points(2), min_size=5, max_size=5))
def test_map_regions_partition(d1, d2, d3, pts):
    m = ts.TropicalRationalMap([T2.from_dict(d1) / T2.from_dict(d2), T2.from_dict(d3)])
    L = linear_regions(m)
    for x in pts:
        inside = [R for R in L if R.contains(x, strict=True)]
        assert len(inside) <= 1
        if inside:
            assert inside[0](x) == m(*x)
    # the refinement is at least as fine as each output's regions
    assert len(refinement_cells(m)) >= max(len(refinement_cells(c)) for c in m)


def test_min_plus_regions():
    Tm = ts.TropicalPuiseuxSemiring(1, convention="min")
    x, = Tm.gens()
    L = (0 + 1 * x + 1 * x ** 2).linear_regions()    # min(0, 1 + x, 1 + 2x)
    assert sorted((R.gradient, R.constant) for R in L) == [((0,), 0), ((2,), 1)]
    h = (0 + x) / (0 + x ** 2)                          # min(0,x) - min(0,2x)
    assert sorted(R.gradient for R in h.linear_regions()) == [(-1,), (0,)]
