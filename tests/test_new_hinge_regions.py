"""
A hinge activation registered in the test runs in the region enumerator, compiled and
pure Python, with no change to ``regions/activation.py`` or the C++ engine: both read
the activation object (its cut rows, output maps, options; the engine its hinges).
"""

from fractions import Fraction

import numpy as np
import pytest

from tropsage.nn import PerUnit, as_network, random_network, tropicalize
from tropsage.nn import activations as A
from tropsage.regions import activation as RA

BOX = [(-3, 3), (-3, 3)]


@pytest.fixture
def new_hinges():
    """Hinges registered for the test only: ``max(t, 2t - 1)`` (cut at 1, the
    identity below), ``t/3 + 1/2`` below ``-1/2`` and ``2t + 4/3`` above (fractional
    cut, slopes and offsets on both sides), and ``|t|`` (not monotone: regions and
    patterns, but no tropical form)."""

    class Kink(A.Hinge):
        __slots__ = ()
        kind = "kink_test"

        def hinge(self):
            return Fraction(1), Fraction(1), Fraction(0), Fraction(2), Fraction(-1)

    class FracKink(A.Hinge):
        __slots__ = ()
        kind = "frac_kink_test"

        def hinge(self):
            return Fraction(-1, 2), Fraction(1, 3), Fraction(1, 2), Fraction(2), Fraction(4, 3)

    class Abs(A.Hinge):
        __slots__ = ()
        kind = "abs_test"

        def hinge(self):
            return Fraction(0), Fraction(-1), Fraction(0), Fraction(1), Fraction(0)

    for cls in (Kink, FracKink, Abs):
        A.register(cls)
    try:
        yield Kink, FracKink
    finally:
        for cls in (Kink, FracKink, Abs):
            del A._REGISTRY[cls.kind]
            A.ACTIVATIONS.remove(cls.kind)


def _nets():
    mixed = PerUnit(["kink_test", "relu", "identity", "frac_kink_test"])
    return [
        random_network([2, 4, 3, 1], activations=["kink_test", "frac_kink_test", "identity"],
                       seed=1, weights="rational"),
        random_network([2, 4, 3, 1], activations=[mixed, "kink_test", "identity"], seed=2,
                       weights="rational"),
        # a maxout layer (decided in Python) between new hinge layers
        random_network([2, 3, 4, 2, 1], activations=["frac_kink_test", ("maxout", 2),
                                                     "kink_test", "identity"], seed=3),
        random_network([3, 5, 4, 1], activations=["kink_test", ("leaky_relu", "1/3"),
                                                  "frac_kink_test"], seed=4),
        random_network([2, 4, 3, 1], activations=["abs_test", PerUnit(["abs_test", "relu", "kink_test"]),
                                                  "identity"], seed=5, weights="rational"),
    ]


def _pattern(net, x):
    """The network's pattern at x, layers that decide nothing as ()."""
    return tuple(() if L.activation.decisions(len(L.W)) == 0 else t
                 for L, t in zip(net.layers, net.activation_pattern(x)))


def _q(v):
    return Fraction(str(v))


def _points(n, k, seed):
    rng = np.random.default_rng(seed)
    return [[Fraction(int(v), 97) for v in rng.integers(-3 * 97, 3 * 97, size=n)]
            for _ in range(k)]


def _regions(net, compiled, monkeypatch):
    monkeypatch.setattr(RA, "USE_EXTENSION", compiled)
    if compiled and RA._extension() is None:
        pytest.skip("the compiled region engine is not built")
    domain = BOX if net.input_dim == 2 else None
    return RA.activation_regions(net, domain, progress=False), \
        RA.count_activation_regions(net, domain, progress=False)


def test_the_kinks_are_registered_hinges(new_hinges):
    Kink, FracKink = new_hinges
    t = [Fraction(-2), Fraction(-1, 2), Fraction(1), Fraction(3)]
    assert Kink().apply(t) == [max(v, 2 * v - 1) for v in t]
    assert FracKink().apply(t) == [v / 3 + Fraction(1, 2) if v <= Fraction(-1, 2) else 2 * v + Fraction(4, 3)
                                   for v in t]
    assert Kink().pattern(t) == (0, 0, 0, 1)


@pytest.mark.parametrize("i", range(5))
def test_new_hinge_regions_compiled_and_python(new_hinges, monkeypatch, i):
    net = as_network(_nets()[i])
    if i == 4:
        with pytest.raises(NotImplementedError, match="convex, non-decreasing"):
            tropicalize(net)
        f = None
    else:
        f = tropicalize(net)[0]
    found = {}
    for compiled in (True, False):
        R, count = _regions(net, compiled, monkeypatch)
        assert len(R) == count and not R.info["partial"]
        found[compiled] = R
        patterns = [r.activation_pattern for r in R]
        assert patterns == sorted(set(patterns))
        for r in R:
            x = r.interior_point()
            xq = [Fraction(str(v)) for v in x]
            assert r.activation_pattern == _pattern(net, xq)
            out = _q(net(xq)[0])
            assert _q(r(x)) == out
            if f is not None:
                assert _q(f.numerator()(xq) - f.denominator()(xq)) == out
        # every sample point strictly inside exactly one region, with its pattern
        for x in _points(net.input_dim, 30, i):
            inside = [r for r in R if r.contains(x, strict=True)]
            assert len(inside) <= 1
            if inside:
                assert inside[0].activation_pattern == _pattern(net, x)
                assert _q(inside[0](x)) == _q(net(x)[0])
            elif net.input_dim == 2:
                assert any(r.contains(x) for r in R)     # on a boundary
    assert [r.activation_pattern for r in found[True]] == \
        [r.activation_pattern for r in found[False]]
    for a, b in zip(found[True], found[False]):
        assert a.pieces[0].is_equal(b.pieces[0])
        assert a.map_str() == b.map_str()


def test_the_engine_reads_the_new_hinges(new_hinges, monkeypatch):
    """The compiled engine enumerates a new hinge layer itself (no 'unknown
    activation'), with the cut at s and both sides' pieces from the hinge."""
    monkeypatch.setattr(RA, "USE_EXTENSION", True)
    if RA._extension() is None:
        pytest.skip("the compiled region engine is not built")
    # 2 -> 2 kink units -> 1: the cuts z_i = 1 of x and y
    net = as_network([([[1, 0], [0, 1]], [0, 0], "kink_test"), ([[1, 1]], [0])])
    prep = RA._prepare(net)
    E = RA._engine_for(prep)
    leaves, opened, lp = [], [], []
    root = RA._root(prep, 2, np.zeros((0, 3), dtype=np.int64), (0, 0), 1)
    assert E.explore(root, 1000, True, leaves, opened, lp) == 4 and not opened and not lp
    for lf in leaves:
        x = [Fraction(int(v), int(lf.D)) for v in lf.X]
        assert lf.pattern == tuple(_pattern(net, x))
        T = [[Fraction(int(v), int(lf.tden)) for v in row] for row in lf.T]
        assert T[0][0] + sum(a * v for a, v in zip(T[0][1:], x)) == _q(net(x)[0])


def test_an_activation_without_options_is_refused(monkeypatch):
    """An activation the enumerator cannot decide says so: no silent fall-through."""

    class Sign(A.Activation):
        __slots__ = ()
        kind = "sign_test"
        unitwise = False

        def apply(self, pre):
            return [Fraction((t > 0) - (t < 0)) for t in pre]

        def pattern(self, pre):
            return tuple(int(t > 0) for t in pre)

    A.register(Sign)
    try:
        net = as_network([([[1, 0], [0, 1]], [0, 0], "sign_test"), ([[1, 1]], [0])])
        for compiled in (True, False):
            monkeypatch.setattr(RA, "USE_EXTENSION", compiled)
            with pytest.raises(NotImplementedError):
                RA.count_activation_regions(net, progress=False)
    finally:
        del A._REGISTRY[Sign.kind]
        A.ACTIVATIONS.remove(Sign.kind)


def test_regions_accept_activations():
    pairs = [([[1], [-1]], [0, 1]), ([[1, 1]], [0])]
    assert RA.count_activation_regions(pairs, activations=["relu", "identity"]) == 3
    assert RA.count_activation_regions(pairs, activations=["identity", "identity"]) == 1
    R = RA.activation_regions(pairs, activations=[("leaky_relu", "1/2"), "identity"])
    assert [r.activation_pattern for r in R] == [((0, 1), ()), ((1, 0), ()), ((1, 1), ())]
