"""
Tropical Puiseux polynomials, rational functions and rational maps over ``QQ``.

See :mod:`tropsage.puiseux.semiring` (polynomials) and
:mod:`tropsage.puiseux.rational` (rational functions ``f ⊘ g`` and maps).
"""

from .semiring import TropicalPuiseuxSemiring, TropicalPuiseuxPolynomial
from .rational import (TropicalRationalFunctionSemifield, TropicalRationalFunction,
                       TropicalRationalMap)

__all__ = ["TropicalPuiseuxSemiring", "TropicalPuiseuxPolynomial",
           "TropicalRationalFunctionSemifield", "TropicalRationalFunction",
           "TropicalRationalMap"]
