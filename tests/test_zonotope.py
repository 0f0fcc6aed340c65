"""
Zonotopes (SPEC §6): vertex counts of generic zonotopes, and exact agreement with
brute-force Minkowski sums (Sage hull of all 2^L subset sums) on random, often
degenerate, generators.
"""

import itertools
import time
from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import sage.all__sagemath_polyhedra  # noqa: F401
from sage.geometry.polyhedron.constructor import Polyhedron
from sage.matrix.constructor import matrix
from sage.rings.rational_field import QQ

import tropsage
from tropsage.decision import minkowski_sum, zonotope


def moment(n, L):
    """Generic generators: rows (1, t, ..., t^(n-1)) -- any n of them are independent."""
    return [[t ** i for i in range(n)] for t in range(L)]


def generic_count(n, L):
    return 2 * sum(comb(L - 1, i) for i in range(n))


def brute(gens, n):
    """Hull of all subset sums, by Sage (PPL)."""
    gens = [[QQ(Fraction(a)) if not isinstance(a, str) else QQ(a) for a in g] for g in gens]
    pts = set()
    for mask in itertools.product((0, 1), repeat=len(gens)):
        pts.add(tuple(sum((g[i] for g, b in zip(gens, mask) if b), QQ(0)) for i in range(n)))
    return Polyhedron(vertices=sorted(pts), base_ring=QQ, backend="ppl")


def vertex_set(P):
    return {tuple(QQ(x) for x in v) for v in P.vertices_list()}


# ---------------------------------------------------------------------------
# counts (SPEC §6)


def test_generic_counts_n3():
    counts = [zonotope(moment(3, L)).n_vertices() for L in range(3, 13)]
    assert counts == [8, 14, 22, 32, 44, 58, 74, 92, 112, 134]
    assert counts == [generic_count(3, L) for L in range(3, 13)]


def test_generic_n3_L60_fast():
    t = time.perf_counter()
    Z = zonotope(moment(3, 60))
    elapsed = time.perf_counter() - t
    assert Z.n_vertices() == 3542
    assert Z.n_facets() == 2 * comb(60, 2)
    assert elapsed < 5, f"L = 60 took {elapsed:.1f}s"


def test_generic_n4_L20():
    Z = zonotope(moment(4, 20))
    assert Z.n_vertices() == 2320 == generic_count(4, 20)
    assert Z.n_facets() == 2 * comb(20, 3)


def test_random_generic_counts_and_f_vector():
    rng = np.random.default_rng(7)
    for n, L in [(2, 9), (3, 15), (4, 9), (5, 8)]:
        G = rng.integers(-10 ** 6, 10 ** 6, size=(L, n))
        Z = zonotope(G)
        assert Z.n_vertices() == generic_count(n, L)
        f = Z.f_vector()
        assert f[1] == generic_count(n, L) and f[-2] == 2 * comb(L, n - 1)
        # Euler: the face lattice (from the incidences zonotope() seeds) is a sphere's
        assert sum((-1) ** i * f[i + 1] for i in range(n)) == 1 - (-1) ** n


def test_seeded_incidences_match_sage():
    for G in (moment(3, 7), [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 2], [1, 1, 1], [2, 2, 2]],
              moment(4, 6), [[1, 2], [2, 4], [0, 1], [-1, 0]]):
        Z = zonotope(G)
        assert Z.combinatorial_polyhedron().incidence_matrix() == Z.incidence_matrix()
        B = brute(G, len(G[0]))
        assert Z.f_vector() == B.f_vector()


# ---------------------------------------------------------------------------
# brute force on random, degenerate input


small_ints = st.integers(-3, 3)


@st.composite
def generator_sets(draw):
    n = draw(st.integers(1, 4))
    L = draw(st.integers(0, 7 if n <= 3 else 6))
    gens = draw(st.lists(st.lists(small_ints, min_size=n, max_size=n), min_size=L, max_size=L))
    # force degeneracies: repeat or scale a generator, or flatten to a subspace
    if gens and draw(st.booleans()):
        g = gens[draw(st.integers(0, len(gens) - 1))]
        gens.append([draw(st.sampled_from([-2, -1, 1, 3])) * a for a in g])
    if n >= 2 and draw(st.booleans()):
        k = draw(st.integers(0, n - 1))
        for g in gens:
            g[k] = 0
    return n, gens


@settings(max_examples=60, deadline=None)
@given(generator_sets())
def test_equals_brute_force_minkowski_sum(data):
    n, gens = data
    Z = zonotope(gens, shift=[0] * n)
    B = brute(gens, n)
    assert Z.base_ring() is QQ and Z.ambient_dim() == n
    assert vertex_set(Z) == vertex_set(B)
    assert Z.dim() == B.dim() and Z.n_facets() == B.n_facets()
    assert Z == B              # Sage: each H-representation contains the other's vertices
    if gens:
        assert Z.dim() == matrix(QQ, gens).rank()


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3).flatmap(lambda n: st.lists(
    st.lists(st.fractions(min_value=-3, max_value=3, max_denominator=6), min_size=n, max_size=n),
    min_size=1, max_size=6)))
def test_rational_generators(gens):
    n = len(gens[0])
    assert vertex_set(zonotope(gens)) == vertex_set(brute(gens, n))


def test_huge_entries_use_python_ints():
    big = 10 ** 30
    gens = [[big, 1, 0], [0, big, 1], [1, 0, big], [big, big, 1], [3, -big, big]]
    Z = zonotope(gens)
    assert vertex_set(Z) == vertex_set(brute(gens, 3))
    assert Z.n_vertices() == generic_count(3, 5)


def test_against_sage_polytopes_zonotope():
    from sage.geometry.polyhedron.library import polytopes
    gens = [[1, 2, 0], [0, 1, 1], [2, -1, 1], [1, 1, 1], [0, 0, 3], [2, 4, 0]]
    assert zonotope(gens) == polytopes.zonotope(gens)


# ---------------------------------------------------------------------------
# degenerate cases, centre and shift


def test_zero_and_parallel_generators():
    Z = zonotope([[0, 0], [1, 1], [2, 2], [-1, -1]])
    assert vertex_set(Z) == {(-1, -1), (3, 3)}
    assert Z.dim() == 1
    Z = zonotope([[0, 0, 0]])
    assert vertex_set(Z) == {(0, 0, 0)} and Z.dim() == 0
    Z = zonotope(np.zeros((0, 3), dtype=int))
    assert vertex_set(Z) == {(0, 0, 0)}


def test_one_dimensional_ambient():
    Z = zonotope([[2], [-3], [QQ(1) / 2]])
    assert vertex_set(Z) == {(-3,), (QQ(5) / 2,)}


def test_plane_in_space():
    gens = [[1, 0, 1], [0, 1, 1], [1, 1, 2], [1, -1, 0]]          # all in x + y = z
    Z = zonotope(gens)
    assert Z.dim() == 2 and Z.n_vertices() == 8 and len(Z.equations()) == 1
    assert vertex_set(Z) == vertex_set(brute(gens, 3))


def test_center_and_shift():
    gens = [[1, 0], [1, 1], [0, 3]]
    Z = zonotope(gens)
    assert Z.center() == vector_qq([1, 2])
    C = zonotope(gens, center=["1/3", -1])
    assert C.center() == vector_qq([QQ(1) / 3, -1])
    assert vertex_set(C) == {tuple(QQ(a) + QQ(b) for a, b in zip(v, (QQ(1) / 3 - 1, -3)))
                             for v in vertex_set(Z)}
    S = zonotope(gens, shift=[5, 0])
    assert vertex_set(S) == {(v[0] + 5, v[1]) for v in vertex_set(Z)}
    assert vertex_set(zonotope([], center=[1, 2])) == {(1, 2)}


def vector_qq(v):
    from sage.modules.free_module_element import vector
    return vector(QQ, [QQ(a) for a in v])


def test_input_types():
    ref = vertex_set(zonotope([[1, 2], [3, -1], [0, 1]]))
    assert vertex_set(zonotope(np.array([[1, 2], [3, -1], [0, 1]]))) == ref
    assert vertex_set(zonotope(matrix(QQ, [[1, 2], [3, -1], [0, 1]]))) == ref
    assert vertex_set(zonotope([["1", "2"], [Fraction(3), -1.0], [0, QQ(1)]])) == ref
    assert vertex_set(zonotope(((1, 2), (3, -1), (0, 1)))) == ref
    Z = zonotope([[0.1, 0.0], [0.0, 1.0]])     # floats are taken exactly
    tenth = QQ((Fraction(0.1).numerator, Fraction(0.1).denominator))
    assert (tenth, QQ(1)) in vertex_set(Z) and tenth != QQ(1) / 10
    torch = pytest.importorskip("torch")
    assert vertex_set(zonotope(torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.0, 1.0]]))) == ref


def test_backend_ppl_same_polytope():
    gens = moment(3, 6)
    assert zonotope(gens, backend="ppl") == zonotope(gens)
    assert zonotope(gens, backend="ppl").backend() == "ppl"


def test_minkowski_sum():
    gens = [[1, 0, 0], [0, 2, 1], [1, 1, 1], [3, 0, -1]]
    segs = [[[0, 0, 0], g] for g in gens]
    assert minkowski_sum(*segs) == zonotope(gens)
    P = Polyhedron(vertices=[[0, 0], [1, 0], [0, 1]])
    S = minkowski_sum(P, zonotope([[1, 1]]), [[0, 0], [0, 2]])
    assert vertex_set(S) == vertex_set(P + Polyhedron(vertices=[[0, 0], [1, 1]])
                                       + Polyhedron(vertices=[[0, 0], [0, 2]]))
    assert minkowski_sum(P) == P


def test_public_name():
    assert tropsage.zonotope is zonotope
    assert tropsage.zonotope(moment(3, 5)).n_vertices() == 22


# ---------------------------------------------------------------------------
# bad input


def test_bad_input():
    with pytest.raises(ValueError, match="ragged"):
        zonotope([[1, 2], [3]])
    with pytest.raises(ValueError, match="finite"):
        zonotope([[1.0, float("nan")]])
    with pytest.raises(ValueError, match="at most one of center and shift"):
        zonotope([[1, 2]], center=[0, 0], shift=[1, 1])
    with pytest.raises(ValueError, match="center has length 3"):
        zonotope([[1, 2]], center=[0, 0, 0])
    with pytest.raises(ValueError, match="shift has length 1"):
        zonotope([[1, 2]], shift=[0])
    with pytest.raises(ValueError, match="no generators"):
        zonotope([])
    with pytest.raises(ValueError, match="cannot read"):
        zonotope([["x", 1]])
    with pytest.raises(ValueError, match="2-dimensional"):
        zonotope([1, 2, 3])
    with pytest.raises(ValueError, match="at least one"):
        minkowski_sum()
    with pytest.raises(ValueError, match="summand 2 lives in dimension 3"):
        minkowski_sum([[0, 0]], [[0, 0, 1]])
