"""
Counting bounds (SPEC §7): each formula is checked against an independent
evaluation -- brute force over the index set J of [S] Theorem 1, exact region
counts of hyperplane arrangements computed by Sage, and exact activation-region
counts of explicit 1-D networks built as in the lower-bound proofs.
"""

import itertools
import random
from fractions import Fraction
from math import comb, prod

import pytest
from hypothesis import given, settings, strategies as st

from tropsage import bounds
from tropsage.bounds import (all_bounds, maxout_lower, maxout_upper, montufar_lower, montufar_upper,
                             serra_lower, serra_upper, trivial_upper, zaslavsky)


# ---------------------------------------------------------------------------
# independent evaluations


def serra_upper_brute(n0, widths):
    """[S] Theorem 1 by enumerating every tuple (j_1..j_L) and testing membership in J."""
    total = 0
    for js in itertools.product(*(range(n + 1) for n in widths)):
        ok = all(js[l] <= min([n0] + [widths[i] - js[i] for i in range(l)] + [widths[l]])
                 for l in range(len(widths)))
        if ok:
            total += prod(comb(n, j) for n, j in zip(widths, js))
    return total


def count_activation_regions_1d(layers):
    """
    Exact number of activation regions on R of a ReLU net with scalar input: the
    line is cut layer by layer at the exact (Fraction) zeros of the pre-activations,
    and adjacent intervals with the same full activation pattern are merged.
    ``layers`` is a list of (W, b) with W a list of rows; every layer has a ReLU.
    """
    pieces = [(None, None, [(Fraction(1), Fraction(0))], ())]
    for W, bias in layers:
        new = []
        for lo, hi, outs, pattern in pieces:
            pre = [(sum(w * a for w, (a, _) in zip(row, outs)),
                    sum(w * c for w, (_, c) in zip(row, outs)) + b0)
                   for row, b0 in zip(W, bias)]
            cuts = sorted({-c / a for a, c in pre if a != 0
                           and (lo is None or -c / a > lo) and (hi is None or -c / a < hi)})
            pts = [lo] + cuts + [hi]
            for s, e in zip(pts, pts[1:]):
                if s is None and e is None:
                    m = Fraction(0)
                elif s is None:
                    m = e - 1
                elif e is None:
                    m = s + 1
                else:
                    m = (s + e) / 2
                act = tuple(a * m + c > 0 for a, c in pre)
                outs2 = [(a, c) if on else (Fraction(0), Fraction(0)) for (a, c), on in zip(pre, act)]
                new.append((s, e, outs2, pattern + act))
        pieces = new
    return 1 + sum(1 for p, q in zip(pieces, pieces[1:]) if p[3] != q[3])


def _zigzag_serra(p):
    """
    p >= 3 ReLUs relu(s_j (y - j)) with weights c_j whose sum g is a zigzag with
    p + 1 pieces on [0,1], [1,2], ..., [p, p+1], each covering [0, 1] (the
    construction behind the [S] lower bound). Returns (signs, c, K), g = sum + K.
    """
    # interior slopes alternate +1, -1, ... with g(1) = 0, g(2) = 1, ...
    s = {k: (-1) ** (k + 1) for k in range(1, p)}
    if p % 2:   # left slope -2, right slope +1; only the last unit points left
        s[0], s[p] = -2, 1
        signs = [1] * (p - 1) + [-1]
    else:       # left slope -1, right slope -2; units 1, 3 and p point left
        s[0], s[p] = -1, -2
        signs = [-1 if j in (1, 3, p) else 1 for j in range(1, p + 1)]
    c = [Fraction(s[j] - s[j - 1]) for j in range(1, p + 1)]
    # a unit relu(-(y - j)) has slope -1 then 0: the slope left of all breakpoints
    # is -sum(c_j over left-pointing units) and must be s[0]
    assert -sum(cj for cj, sg in zip(c, signs) if sg < 0) == s[0]
    K = -sum(cj * max(0, sg * (1 - j)) for j, (cj, sg) in enumerate(zip(c, signs), 1))
    return signs, c, K


def _zigzag_montufar(p):
    """p ReLUs relu(y - (j-1)) summing to a zigzag with p pieces on [0, p] covering [0, 1]."""
    c = [Fraction(1)] + [Fraction(2 * (-1) ** (j - 1)) for j in range(2, p + 1)]
    return [1] * p, c, Fraction(0), [j - 1 for j in range(1, p + 1)], p


def folding_net(widths, kind):
    """1-D net: hidden layers fold [0, 1] onto itself, the last layer cuts it n_L times."""
    layers = []
    cprev, Kprev = [Fraction(1)], Fraction(0)
    for p in widths[:-1]:
        if kind == "serra":
            signs, c, K = _zigzag_serra(p)
            breaks, scale = list(range(1, p + 1)), p + 1
        else:
            signs, c, K, breaks, scale = _zigzag_montufar(p)
        # unit j: relu(s_j (y - t_j)) with y = scale * (cprev . h + Kprev)
        W = [[sg * scale * a for a in cprev] for sg in signs]
        b = [sg * (scale * Kprev - t) for sg, t in zip(signs, breaks)]
        layers.append((W, b))
        cprev, Kprev = c, K
    n = widths[-1]
    layers.append(([list(cprev) for _ in range(n)],
                   [Kprev - Fraction(i, n + 1) for i in range(1, n + 1)]))
    return layers


def random_net_1d(widths, rng):
    layers, prev = [], 1
    for n in widths:
        W = [[Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(prev)] for _ in range(n)]
        b = [Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(n)]
        layers.append((W, b))
        prev = n
    return layers




def maxout_folding_net(n0, widths, k, seed=0):
    """
    The network of :func:`tropsage.bounds.maxout_lower`'s construction (exact, list
    form): layers ``l < L`` fold every coordinate of ``[0, 1]^n0`` by a zigzag of
    rank-``k`` units, the last layer is an arrangement of ``k - 1`` parallel
    hyperplanes per unit in the moment-curve directions, shrunk into the cube.
    """
    from tropsage.bounds import _zigzag_pieces
    rng = random.Random(seed)
    layers, prev = [], n0
    # folded coordinate i = C[i] . h + D[i] in the previous layer's output h
    C = [[Fraction(int(i == j)) for j in range(n0)] for i in range(n0)]
    D = [Fraction(0)] * n0
    for n in widths[:-1]:
        p = n // n0
        N = _zigzag_pieces(p, k)
        npos, nneg = (p // 2, p // 2) if p % 2 == 0 else ((p - 1) // 2, (p + 1) // 2)
        # the zigzag is 0, 1, 0, ... at m / N: its slope drops by 2N at odd m (a concave
        # "-" unit's breakpoint) and rises by 2N at even m (a convex "+" unit's)
        odd = [Fraction(m, N) for m in range(1, N) if m % 2]
        even = [Fraction(m, N) for m in range(1, N) if m % 2 == 0]
        units = [(-1, odd[u * (k - 1):(u + 1) * (k - 1)]) for u in range(nneg)] + \
                [(1, even[u * (k - 1):(u + 1) * (k - 1)]) for u in range(npos)]
        assert sum(len(t) for _, t in units) == N - 1
        W, b = [], []
        newC = [[Fraction(0)] * n for _ in range(n0)]
        for i in range(n0):
            for u, (sign, taus) in enumerate(units):
                # sum_s 2N relu(t - tau_s) as the max of len(taus) + 1 affine pieces
                pieces = [(2 * N * j, -2 * N * sum(taus[:j], Fraction(0))) for j in range(len(taus) + 1)]
                if u == 0:      # the zigzag's own slope N, carried by the first unit
                    pieces = [(a + sign * N, c) for a, c in pieces]
                a0, c0 = pieces[0]
                pieces += [(a0, c0 - 1 - j) for j in range(k - len(pieces))]   # never win
                for a, c in pieces:
                    W.append([a * x for x in C[i]])
                    b.append(a * D[i] + c)
                newC[i][i * p + u] = Fraction(sign)
        for _ in range((n - n0 * p) * k):       # idle units
            W.append([Fraction(0)] * prev)
            b.append(Fraction(0))
        layers.append((W, b, ("maxout", k)))
        C, D, prev = newC, [Fraction(0)] * n0, n
    n = widths[-1]
    R = 10 ** 4
    W, b = [], []
    for v in range(n):
        w = [Fraction((v + 1) ** i) for i in range(n0)]
        g = [R * sum(w[i] * C[i][j] for i in range(n0)) for j in range(prev)]
        g0 = R * sum(w[i] * (D[i] - Fraction(1, 2)) for i in range(n0))
        thetas = sorted(rng.sample(range(-999, 1000), k - 1))
        for j in range(k):
            W.append([j * x for x in g])
            b.append(j * g0 - sum((Fraction(t, 1000) for t in thetas[:j]), Fraction(0)))
    layers.append((W, b, ("maxout", k)))
    layers.append(([[Fraction(1)] * n], [Fraction(0)], "identity"))
    return layers


# ---------------------------------------------------------------------------
# known values


def test_serra_known_value():
    assert serra_upper(2, (8, 8, 8)) == 50653 == 37 ** 3
    assert serra_upper(2, [8, 8, 8]) == serra_upper_brute(2, (8, 8, 8))


def test_serra_upper_brute_force_small():
    for n0 in range(1, 5):
        for L in range(1, 4):
            for widths in itertools.product(range(1, 6), repeat=L):
                assert serra_upper(n0, widths) == serra_upper_brute(n0, widths), (n0, widths)


def test_serra_upper_strictly_below_montufar_with_bottleneck():
    # a narrow middle layer: [S] Theorem 1 is strictly tighter than Montúfar 2017
    assert serra_upper(3, (4, 2, 4)) == serra_upper_brute(3, (4, 2, 4)) == 302
    assert montufar_upper(3, (4, 2, 4)) == 15 * 4 * 11


def test_shallow_bounds_are_zaslavsky():
    for n0 in range(1, 6):
        for n in range(1, 12):
            z = zaslavsky(n, n0)
            assert serra_upper(n0, [n]) == montufar_upper(n0, [n]) == z
            assert montufar_lower(n0, [n]) == serra_lower(n0, [n]) == z


def test_zaslavsky_values():
    assert [zaslavsky(m, 2) for m in range(6)] == [1, 2, 4, 7, 11, 16]
    assert zaslavsky(5, 10) == 32 and zaslavsky(0, 3) == 1 and zaslavsky(4, 0) == 1


def test_montufar_upper_product_of_zaslavsky():
    rng = random.Random(1)
    for _ in range(100):
        n0 = rng.randint(1, 6)
        widths = [rng.randint(1, 9) for _ in range(rng.randint(1, 5))]
        dims = [min([n0] + widths[:l + 1]) for l in range(len(widths))]
        assert montufar_upper(n0, widths) == prod(zaslavsky(n, d) for n, d in zip(widths, dims))


def test_maxout():
    rng = random.Random(2)
    for _ in range(50):
        n0 = rng.randint(1, 5)
        widths = [rng.randint(1, 8) for _ in range(rng.randint(1, 4))]
        # k = 2: one tie hyperplane per unit, like a ReLU
        assert maxout_upper(n0, widths, 2) == montufar_upper(n0, widths)
        assert maxout_upper(n0, widths, 1) == 1      # rank 1 maxout is affine
        dims = [min([n0] + widths[:l + 1]) for l in range(len(widths))]
        for k in (3, 4, 5):
            expect = prod(zaslavsky(k * (k - 1) // 2 * n, d) for n, d in zip(widths, dims))
            assert maxout_upper(n0, widths, k) == expect
            assert maxout_upper(n0, widths, k) >= maxout_upper(n0, widths, k - 1)
    assert all_bounds(2, (3, 3), k=3) == {"maxout_lower": 4 * 19, "maxout_upper": 46 ** 2}


def test_all_bounds_table():
    t = all_bounds(2, (8, 8, 8))
    assert t == {"serra_lower": 5 ** 2 * 5 ** 2 * 37, "montufar_lower": 4 ** 2 * 4 ** 2 * 37,
                 "serra_upper": 50653, "montufar_upper": 50653, "trivial_upper": 2 ** 24}
    t = all_bounds(2, (4, 8))           # 4 < 3 * 2: the [S] lower bound does not apply
    assert t["serra_lower"] is None and t["montufar_lower"] == 2 ** 2 * zaslavsky(8, 2)


# ---------------------------------------------------------------------------
# the bounds against exact counts


def test_one_dimensional_input_lower_equals_upper():
    # [S]: the upper bound is exact for n0 = 1, and the lower bound meets it
    for widths in [(3,), (3, 3), (4, 3, 5), (5, 6), (3, 4, 3, 4)]:
        assert serra_lower(1, widths) == serra_upper(1, widths) == prod(n + 1 for n in widths)


@pytest.mark.parametrize("widths", [(3, 2), (3, 3), (4, 3), (3, 4, 2), (5, 4, 3), (6, 3)])
def test_serra_lower_bound_attained_1d(widths):
    net = folding_net(widths, "serra")
    count = count_activation_regions_1d(net)
    assert count == serra_lower(1, widths) == serra_upper(1, widths)


@pytest.mark.parametrize("widths", [(2, 2), (3, 3), (4, 2, 3), (2, 2, 2, 2)])
def test_montufar_lower_bound_attained_1d(widths):
    count = count_activation_regions_1d(folding_net(widths, "montufar"))
    assert montufar_lower(1, widths) <= count <= serra_upper(1, widths)


def test_random_1d_nets_below_upper_bound():
    rng = random.Random(5)
    for _ in range(40):
        widths = [rng.randint(1, 4) for _ in range(rng.randint(1, 3))]
        count = count_activation_regions_1d(random_net_1d(widths, rng))
        assert 1 <= count <= serra_upper(1, widths)


def _sage_arrangement(normals, offsets, names):
    import sage.all__sagemath_polyhedra  # noqa: F401
    from sage.geometry.hyperplane_arrangement.arrangement import HyperplaneArrangements
    from sage.rings.rational_field import QQ
    H = HyperplaneArrangements(QQ, names)
    return H([[c] + list(a) for a, c in zip(normals, offsets)])


def _general_position(normals, offsets, d):
    """Any k <= d normals independent, and no d + 1 hyperplanes through one point."""
    from sage.matrix.constructor import matrix
    from sage.rings.rational_field import QQ
    m = len(normals)
    for k in range(1, min(m, d + 1) + 1):
        for S in itertools.combinations(range(m), k):
            rows = [list(normals[i]) + ([offsets[i]] if k == d + 1 else []) for i in S]
            if matrix(QQ, rows).rank() < k:
                return False
    return True


@pytest.mark.parametrize("d", [2, 3])
def test_zaslavsky_against_sage_arrangements(d):
    names = ("x", "y", "z")[:d]
    rng = random.Random(10 + d)
    generic_seen = 0
    for trial in range(12):
        m = rng.randint(1, 7 if d == 2 else 5)
        normals = [[rng.randint(-20, 20) for _ in range(d)] for _ in range(m)]
        if any(not any(a) for a in normals):
            continue
        offsets = [rng.randint(-20, 20) for _ in range(m)]
        A = _sage_arrangement(normals, offsets, names)
        regions = A.n_regions()
        assert regions <= zaslavsky(m, d)
        if _general_position(normals, offsets, d):
            generic_seen += 1
            assert regions == zaslavsky(m, d)
    assert generic_seen >= 6


def test_central_arrangement_count():
    # a generic central arrangement of m hyperplanes in R^3 has 2 sum_{i<3} C(m-1, i)
    # regions: the vertex count of the zonotope of the normals
    rng = random.Random(3)
    for m in range(3, 8):
        normals = [[rng.randint(-30, 30) for _ in range(3)] for _ in range(m)]
        A = _sage_arrangement(normals, [0] * m, ("x", "y", "z"))
        assert A.n_regions() == 2 * sum(comb(m - 1, i) for i in range(3))


# ---------------------------------------------------------------------------
# orderings and monotonicity


architectures = st.tuples(st.integers(1, 4), st.lists(st.integers(1, 12), min_size=1, max_size=5))


@settings(max_examples=150, deadline=None)
@given(architectures)
def test_lower_le_upper(arch):
    n0, widths = arch
    su, mu = serra_upper(n0, widths), montufar_upper(n0, widths)
    assert su <= mu <= trivial_upper(n0, widths)
    if all(n >= n0 for n in widths[:-1]):
        assert montufar_lower(n0, widths) <= su
    if all(n >= 3 * n0 for n in widths[:-1]):
        assert montufar_lower(n0, widths) <= serra_lower(n0, widths) <= su


@settings(max_examples=100, deadline=None)
@given(architectures, st.data())
def test_upper_bounds_monotone(arch, data):
    n0, widths = arch
    i = data.draw(st.integers(0, len(widths) - 1))
    wider = list(widths)
    wider[i] += 1
    for f in (serra_upper, montufar_upper):
        assert f(n0, wider) >= f(n0, widths)
        assert f(n0 + 1, widths) >= f(n0, widths)
        assert f(n0, list(widths) + [data.draw(st.integers(1, 6))]) >= f(n0, widths)
    assert zaslavsky(sum(widths) + 1, n0) >= zaslavsky(sum(widths), n0)


# ---------------------------------------------------------------------------
# the maxout lower bound: a lower bound on the *maximal* count, attained by its
# construction; not a bound for every choice of weights


@pytest.mark.parametrize("n0,widths,k", [(1, (2, 2), 3), (1, (1, 2), 3), (1, (3, 3), 3),
                                         (2, (2, 2), 3), (2, (3, 2), 2), (2, (2, 2), 4),
                                         (1, (2, 2, 2), 3)])
def test_maxout_lower_bound_attained_by_its_construction(n0, widths, k):
    from tropsage.regions.activation import count_activation_regions
    net = maxout_folding_net(n0, widths, k)
    bound = maxout_lower(n0, widths, k)
    inside = count_activation_regions(net, domain=[(0, 1)] * n0, progress=False)
    # the construction's regions lie in the cube; the count there is exactly the bound
    assert inside == bound
    assert bound <= count_activation_regions(net, progress=False) <= maxout_upper(n0, widths, k)


def test_maxout_random_nets_between_one_and_the_upper_bound():
    from tropsage.regions.activation import count_activation_regions
    from tropsage.nn import random_network
    below = 0
    for seed, (n0, widths, k) in enumerate([(2, (2, 2), 3), (2, (3, 2), 2), (1, (2, 3), 3),
                                            (2, (2, 3), 4), (3, (3,), 3)]):
        net = random_network([n0, *widths, 1], seed=seed, weights="rational",
                             activations=[("maxout", k)] * len(widths) + ["identity"])
        count = count_activation_regions(net, progress=False)
        assert 1 <= count <= maxout_upper(n0, widths, k)
        below += count < maxout_lower(n0, widths, k)
    # the lower bound speaks of the best weights: random ones usually stay below it
    assert below >= 1


def test_maxout_lower_formula():
    # k = 2 is the [S] lower bound, valid here from n_l >= n0 on
    for n0, widths in [(1, (3, 3)), (2, (6, 6, 4)), (1, (4, 3, 5))]:
        assert maxout_lower(n0, widths, 2) == serra_lower(n0, widths)
    assert maxout_lower(2, (2, 5), 2) == 2 ** 2 * zaslavsky(5, 2)
    # rank 1 is affine: one region; one layer is the arrangement of k - 1 parallel
    # hyperplanes per unit
    assert maxout_lower(3, (4, 4), 1) == 1
    assert maxout_lower(2, (3,), 4) == 1 + 3 * 3 + 3 * 9
    with pytest.raises(ValueError, match="width >= n0 = 3"):
        maxout_lower(3, (2, 4), 3)
    with pytest.raises(ValueError, match="maxout rank"):
        maxout_lower(2, (3,), 0)
    assert all_bounds(3, (2, 4), k=3)["maxout_lower"] is None


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6), st.lists(st.integers(1, 12), min_size=1, max_size=4), st.integers(1, 6))
def test_maxout_lower_le_upper(n0, widths, k):
    widths = [max(n, n0) for n in widths[:-1]] + widths[-1:]
    assert 1 <= maxout_lower(n0, widths, k) <= maxout_upper(n0, widths, k)


def test_accepts_integer_like_types():
    import numpy as np
    assert serra_upper(np.int64(2), np.array([8, 8, 8])) == 50653
    try:
        import sage.all__sagemath_polyhedra  # noqa: F401
        from sage.rings.integer import Integer
        assert serra_upper(Integer(2), [Integer(8)] * 3) == 50653
    except ImportError:  # pragma: no cover
        pass


# ---------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize("fn", [serra_upper, serra_lower, montufar_upper, montufar_lower,
                                trivial_upper, all_bounds])
def test_bad_architectures(fn):
    with pytest.raises(ValueError, match="n0"):
        fn(0, [3])
    with pytest.raises(ValueError, match="empty"):
        fn(2, [])
    with pytest.raises(ValueError, match=r"widths\[1\]"):
        fn(2, [8, -1])
    with pytest.raises(ValueError, match=r"widths\[0\]"):
        fn(2, [0])
    with pytest.raises(TypeError, match="integer"):
        fn(2, [2.5])
    with pytest.raises(TypeError, match="integer"):
        fn("2", [3])
    with pytest.raises(TypeError, match="bool"):
        fn(True, [3])
    with pytest.raises(TypeError, match="sequence"):
        fn(2, 8)


def test_bad_other_arguments():
    with pytest.raises(ValueError, match="maxout rank"):
        maxout_upper(2, [3], 0)
    with pytest.raises(ValueError, match="hyperplanes"):
        zaslavsky(-2, 2)
    with pytest.raises(ValueError, match="dimension"):
        zaslavsky(2, -1)
    with pytest.raises(ValueError, match="width >= 3 \\* n0 = 6; layer 2 has width 5"):
        serra_lower(2, [6, 5, 4])
    with pytest.raises(ValueError, match="layer 1 has width 1"):
        montufar_lower(2, [1, 4])


def test_module_is_reachable_from_package():
    import tropsage
    assert tropsage.bounds is bounds
