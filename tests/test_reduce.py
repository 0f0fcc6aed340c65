"""
Input-dimension reduction (tropsage.nn.reduce): reduced and unreduced computations
agree on networks with more inputs than first-layer rank.
"""

import random
import time
from fractions import Fraction

import numpy as np
import pytest

from tropsage.nn import as_network, random_network, tropicalize
from tropsage.nn.domain_filter import DomainFilter
from tropsage.nn.reduce import first_layer_reduction
from tropsage.regions.activation import (activation_regions, count_activation_regions,
                                         count_linear_regions_of_network,
                                         linear_regions_of_network)


def _rank_deficient(seed, n=6, hidden=(4, 3), kind="duplicate"):
    """A random integer net whose first weight matrix has duplicate or zero rows."""
    rng = np.random.default_rng(seed)
    k = hidden[0]
    W = rng.integers(-3, 4, size=(k, n)).tolist()
    if kind == "duplicate":
        W[1] = [2 * v for v in W[0]]             # parallel row
        W[3] = [a - b for a, b in zip(W[0], W[2])]   # dependent row
    else:
        W[2] = [0] * n                           # a zero row: constant neuron
    b = rng.integers(-3, 4, size=k).tolist()
    layers = [(W, b)]
    prev = k
    for m in list(hidden[1:]) + [1]:
        layers.append((rng.integers(-3, 4, size=(m, prev)).tolist(),
                       rng.integers(-3, 4, size=m).tolist()))
        prev = m
    return as_network(layers)


NETS = [
    ("int 6-3-3-1", lambda: random_network([6, 3, 3, 1], seed=1)),
    ("float 7-2-3-2", lambda: random_network([7, 2, 3, 2], seed=2, weights="float")),
    ("rational 5-3-2-1", lambda: random_network([5, 3, 2, 1], seed=3, weights="rational")),
    ("duplicate rows", lambda: _rank_deficient(4, kind="duplicate")),
    ("zero row", lambda: _rank_deficient(5, kind="zero")),
]


def _check_same_regions(net, A, B):
    assert len(A) == len(B)
    assert [R.activation_pattern for R in A] == [R.activation_pattern for R in B]
    for R, S in zip(A, B):
        p = R.interior_point()
        # strictly inside the original-space polyhedra, and the lifted polyhedron
        assert R.pieces[0].contains(p, strict=True)
        assert S.pieces[0].contains(p, strict=True)
        hidden = [L.activation.kind != "identity" for L in net.layers]
        assert [t for t, h in zip(net.activation_pattern(p), hidden) if h] == \
            [tuple(t) for t, h in zip(R.activation_pattern, hidden) if h]
        # the lifted output map is the exact forward pass there, and equals the
        # unreduced region's map
        out = net(p)
        assert R(p) == (out[0] if R.outputs is None else out)
        assert (R.gradient, R.constant) == (S.gradient, S.constant)


@pytest.mark.parametrize("name,make", NETS, ids=[n for n, _ in NETS])
def test_reduced_enumeration_agrees(name, make):
    net = make()
    red = first_layer_reduction(net)
    assert not red.is_identity and red.reduced_dim < net.input_dim
    A = activation_regions(net, progress=False)
    B = activation_regions(net, progress=False, reduce_input=False)
    assert A.info["reduced_dim"] == red.reduced_dim
    _check_same_regions(net, A, B)
    assert count_activation_regions(net, progress=False) == len(B)
    assert count_linear_regions_of_network(net, progress=False) == \
        count_linear_regions_of_network(net, progress=False, reduce_input=False)


@pytest.mark.parametrize("name,make", NETS, ids=[n for n, _ in NETS])
def test_reduced_enumeration_in_a_box(name, make):
    net = make()
    n = net.input_dim
    box = [(-1, 1)] * (n - 1) + [(0, "1/2")]
    A = activation_regions(net, domain=box, progress=False)
    B = activation_regions(net, domain=box, progress=False, reduce_input=False)
    _check_same_regions(net, A, B)
    if "float" not in name:     # exact volumes of float-weight 7-polytopes take minutes
        assert [R.volume() for R in A] == [R.volume() for R in B]
        assert sum(R.volume() for R in A) == 2 ** (n - 1) / 2
    assert count_activation_regions(net, domain=box, progress=False) == len(B)
    L1 = linear_regions_of_network(net, domain=box, progress=False)
    L2 = linear_regions_of_network(net, domain=box, progress=False, reduce_input=False)
    key = sorted(sorted(R.labels["activation_patterns"]) for R in L1)
    assert key == sorted(sorted(R.labels["activation_patterns"]) for R in L2)


def test_polyhedral_domain_and_thin_domain():
    from tropsage.polyhedra import ExactPolyhedron
    net = random_network([5, 2, 2, 1], seed=7)
    # the simplex x >= 0, sum x <= 2 (not a box: exact support LPs, exact filter)
    A = [[-1 if i == j else 0 for j in range(5)] for i in range(5)] + [[1] * 5]
    S = ExactPolyhedron(A, [0] * 5 + [2])
    R1 = activation_regions(net, domain=S, progress=False)
    R2 = activation_regions(net, domain=S, progress=False, reduce_input=False)
    _check_same_regions(net, R1, R2)
    thin = [(0, 1)] * 4 + [(1, 1)]
    assert count_activation_regions(net, domain=thin, progress=False) == 0
    assert len(activation_regions(net, domain=thin, progress=False)) == 0


def test_reduction_object():
    net = _rank_deficient(4, kind="duplicate")
    red = first_layer_reduction(net)
    assert red.rank == 2 == red.reduced_dim
    from sage.matrix.constructor import matrix
    from sage.rings.rational_field import QQ
    assert red.C * red.P == matrix(QQ, [[QQ((v.numerator, v.denominator)) for v in row]
                                        for row in net.layers[0].W])
    rng = random.Random(0)
    for _ in range(10):
        x = [Fraction(rng.randint(-9, 9), rng.randint(1, 5)) for _ in range(net.input_dim)]
        y = red.project(x)
        assert red.network(y) == net(x)
        assert red.project(red.lift_point(y)) == y
    # rank 0: one variable, constant network
    zero = as_network([([[0, 0, 0], [0, 0, 0]], [1, -2]), ([[1, 1]], [0])])
    rz = first_layer_reduction(zero)
    assert (rz.rank, rz.reduced_dim) == (0, 1)
    assert count_activation_regions(zero, progress=False) == 1
    (R,) = activation_regions(zero, progress=False)
    assert R.activation_pattern == ((1, 0), ()) and R.map_str() == "1"
    assert tropicalize(zero)(1, 2, 3) == (1,)
    # full rank: the identity
    assert first_layer_reduction(random_network([3, 4, 1])).is_identity
    with pytest.raises(ValueError, match="coordinates"):
        red.lift_point([1, 2, 3])


@pytest.mark.parametrize("widths,weights", [([6, 3, 2, 2], "integer"), ([7, 2, 3, 1], "float"),
                                            ([5, 3, 1], "rational")])
@pytest.mark.parametrize("prune", [False, True])
def test_tropicalize_reduced_is_the_same_function(widths, weights, prune):
    net = random_network(widths, seed=11, weights=weights)
    A = tropicalize(net, prune=prune)
    B = tropicalize(net, prune=prune, reduce_input=False)
    assert A.info["reduced_dim"] < widths[0]
    assert A.nvariables() == widths[0]
    rng = random.Random(1)
    for _ in range(25):
        x = [Fraction(rng.randint(-40, 40), rng.randint(1, 6)) for _ in range(widths[0])]
        out = net(x)
        assert A(*x) == B(*x) == out
        # N(x) = F(x) - G(x) exactly, component by component
        assert tuple(h.numerator()(*x) - h.denominator()(*x) for h in A) == out
    if prune:
        assert A.monomial_counts() == B.monomial_counts()
    # the same expressions, not only the same function: F and G are those of the layer
    # formulas in the input variables ([A]'s zonotopes are read off them)
    for a, b in zip(A, B):
        assert a.numerator() == b.numerator() and a.denominator() == b.denominator()


def test_domain_filter_certificates():
    net = as_network([([[1, 1, 0, 0]], [0]), ([[1]], [0])])
    red = first_layer_reduction(net)
    F = DomainFilter(red, [(0, 1)] * 4)                 # y = x1 + x2 in [0, 2]
    assert F.interior([[-1, -1]], (3, ), 2) is not None          # y >= 1
    assert F.interior([[-2, -1]], (3, ), 1) is None               # y >= 2: a corner only
    assert F.interior([[-3, -1]], (4, ), 1) is None               # y >= 3: misses
    assert F.stats["exact"] + F.stats["separated"] >= 2


def test_784_inputs_in_seconds():
    net = random_network([784, 5, 5, 1], seed=0, weights="float")
    t = time.perf_counter()
    c = count_activation_regions(net, progress=False)
    A = activation_regions(net, progress=False)
    assert len(A) == c > 1
    R = A[len(A) // 2]
    p = R.interior_point()
    assert R.pieces[0].contains(p, strict=True)
    assert R(p) == net(p)[0]
    assert count_activation_regions(net, domain=[(-1, 1)] * 784, progress=False) <= c
    assert time.perf_counter() - t < 120


def test_milp_count_through_the_reduction():
    from tropsage.queries.milp import count_activation_regions_milp
    net = _rank_deficient(4, kind="duplicate")
    box = [(-2, 2)] * net.input_dim
    assert count_activation_regions_milp(net, box) == count_activation_regions(net, domain=box, progress=False)
