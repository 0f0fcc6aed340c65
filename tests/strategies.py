"""Hypothesis strategies shared by the test modules."""

from fractions import Fraction

from hypothesis import strategies as st

small_rationals = st.builds(Fraction, st.integers(-12, 12), st.integers(1, 4))


def exponents(n):
    return st.tuples(*[small_rationals] * n)


def polynomial_dicts(n, max_terms=6, min_terms=1):
    return st.dictionaries(exponents(n), small_rationals, min_size=min_terms, max_size=max_terms)


def points(n):
    return st.lists(st.builds(Fraction, st.integers(-40, 40), st.integers(1, 9)),
                    min_size=n, max_size=n)
