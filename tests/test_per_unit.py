"""Layers whose units have different activations (``PerUnit``)."""

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from tropsage.nn import PerUnit, as_network, tropicalize

UNITS = ["relu", "identity", ("leaky_relu", "1/4"), ("threshold", "1/2")]


def _net():
    return as_network([([[1, 2], [-1, 1], [2, -3], [1, 1]], [0, 1, "1/3", -1], PerUnit(UNITS)),
                       ([[1, -1, 2, 1]], [0])])


def test_forward_per_unit():
    net = _net()
    x = [Fraction(1, 3), Fraction(-2)]
    pre = [Fraction(1, 3) - 4, Fraction(-1, 3) - 2 + 1, Fraction(2, 3) + 6 + Fraction(1, 3),
           Fraction(1, 3) - 2 - 1]
    post = [Fraction(0), pre[1], pre[2], Fraction(1, 2)]
    assert net.forward(x) == [post[0] - post[1] + 2 * post[2] + post[3]]
    assert net.activation_pattern(x)[0] == (0, 1, 1, 0)


def test_per_unit_width_checked():
    with pytest.raises(ValueError, match="3 per-unit activations for 4 units"):
        as_network([([[1], [2], [3], [4]], [0, 0, 0, 0], PerUnit(["relu"] * 3))])


@pytest.mark.parametrize("bad", [["relu", ("maxout", 2)], "relu", [PerUnit(["relu"])], []])
def test_per_unit_bad(bad):
    with pytest.raises((TypeError, ValueError)):
        PerUnit(bad)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=7), min_size=2, max_size=2))
def test_tropicalize_per_unit(x):
    net = _net()
    f = tropicalize(net)[0]
    F, G = f.numerator(), f.denominator()
    assert F(x) - G(x) == net(x)[0]
