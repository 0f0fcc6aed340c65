"""
Exact queries on ReLU networks and MILP region counting ([S], [G]).

- :mod:`tropsage.queries.milp` -- counting activation regions in a bounded domain by
  mixed-integer programming with no-good cuts (GLPK through Sage, HiGHS), every
  pattern certified exactly.
- :mod:`tropsage.queries.queries` -- exact maximum/minimum over a polytope,
  positivity, Lipschitz constants in l1/linf, zero map, injectivity and surjectivity
  of square networks.
- :mod:`tropsage.queries.symmetry` -- normal form under the fiber symmetries (hidden
  neuron permutations, positive scalings) and exact function comparison.
"""

from tropsage.queries.milp import (count_activation_regions_milp, interval_bounds,
                                   milp_activation_patterns, pattern_polyhedron)
from tropsage.queries.queries import (QueryAnswer, attains_positive, is_injective,
                                      is_positive, is_surjective, is_zero_map,
                                      jacobian_determinants, lipschitz_constant, maximum,
                                      minimum)
from tropsage.queries.symmetry import normal_form, same_function, same_function_up_to_symmetry

__all__ = ["QueryAnswer", "attains_positive", "count_activation_regions_milp",
           "interval_bounds", "is_injective", "is_positive", "is_surjective", "is_zero_map",
           "jacobian_determinants", "lipschitz_constant", "maximum", "milp_activation_patterns",
           "minimum", "normal_form", "pattern_polyhedron", "same_function",
           "same_function_up_to_symmetry"]
