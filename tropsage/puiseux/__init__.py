"""
Tropical Puiseux polynomials, rational functions and rational maps over ``QQ``.

See :mod:`tropsage.puiseux.semiring` (polynomials) and
:mod:`tropsage.puiseux.rational` (rational functions ``f ⊘ g`` and maps);
:mod:`tropsage.puiseux.factors` says what a tropical object is and what its
polynomials are, for the algorithms above (regions, Hoffman constants, pictures).
"""

from .semiring import TropicalPuiseuxSemiring, TropicalPuiseuxPolynomial
from .rational import (TropicalRationalFunctionSemifield, TropicalRationalFunction,
                       TropicalRationalMap)
from .factors import TropicalFactors, as_tropical, is_tropical, tropical_kind

__all__ = ["TropicalPuiseuxSemiring", "TropicalPuiseuxPolynomial",
           "TropicalRationalFunctionSemifield", "TropicalRationalFunction",
           "TropicalRationalMap", "TropicalFactors", "as_tropical", "is_tropical",
           "tropical_kind"]
