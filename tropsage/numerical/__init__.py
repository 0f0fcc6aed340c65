"""
Numerical tools, documented as such: sampling estimates of the number of linear
regions (Algorithm 5 of [L]), symmetry and fundamental domains (Theorem 29, Lemma 30),
and cross-checks of floating-point region tools against the exact enumeration.

Estimates are floating point; everything compared with them (exact counts, witnesses
of disagreement) is exact.
"""

from tropsage.numerical.estimate import (LinearRegionEstimate, estimate_linear_regions,
                                         float_forward, jacobian_multiplicity)
from tropsage.numerical.symmetry import (deepsets_network, fundamental_domain,
                                         is_permutation_invariant, symmetric_linear_regions,
                                         count_linear_regions_symmetric)
from tropsage.numerical.crosscheck import CrosscheckReport, crosscheck

__all__ = ["LinearRegionEstimate", "estimate_linear_regions", "float_forward",
           "jacobian_multiplicity", "deepsets_network", "fundamental_domain",
           "is_permutation_invariant", "symmetric_linear_regions",
           "count_linear_regions_symmetric", "CrosscheckReport", "crosscheck"]
