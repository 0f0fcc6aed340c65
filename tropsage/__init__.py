"""
tropsage: exact tropical geometry of ReLU-type neural networks.

Networks become tropical Puiseux rational maps over the rationals; every geometric
answer is computed in exact rational arithmetic (Sage ``QQ``, PPL, cddlib).

Conventions: max-plus by default (``a ⊕ b = max(a, b)``, ``a ⊙ b = a + b``); every
number returned is an exact rational.

``import tropsage`` is cheap: the Sage-backed submodules load on first use.

The subpackages are layers, and every import points down (``tests/test_layers.py``):
``_exact``, ``_format`` -> ``polyhedra`` -> ``puiseux`` -> ``nn`` -> ``regions`` ->
``hoffman``, ``numerical``, ``decision``, ``bounds``, ``queries`` -> ``plot`` -> ``cli``.
The methods that tropical objects and regions get from the layers above them
(``f.linear_regions()``, ``f.hoffman_constant()``, ``f.plot()``, ``R.plot()``) are
attached by :mod:`tropsage._methods` when this package is imported, so they exist
however tropsage is entered, e.g. after ``import tropsage.puiseux`` alone.

EXAMPLES::

    >>> import tropsage as ts
    >>> T = ts.TropicalPuiseuxSemiring(2)
    >>> x, y = T.gens()
    >>> f = T.from_dict({(1, 0): 1, (0, 1): 2, (1, 1): 3})
    >>> f
    max(1 + x, 2 + y, 3 + x + y)
    >>> f(2, 3)
    8
"""

import importlib

# the methods the upper layers give to lower objects (f.linear_regions(), f.plot(),
# R.plot(), ...): attached here, before any submodule can be imported; cheap
from tropsage import _methods  # noqa: F401

__version__ = "0.1.0"

# public name -> submodule defining it (the stable public names); loaded lazily so that
# `import tropsage` does not pay for Sage, PPL or torch.
_LAZY = {
    "TropicalPuiseuxSemiring": "puiseux",
    "TropicalPuiseuxPolynomial": "puiseux",
    "TropicalRationalFunction": "puiseux",
    "TropicalRationalMap": "puiseux",
    "tropicalize": "nn",
    "linear_regions": "regions",
    "activation_regions": "regions",
    "count_linear_regions": "regions",
    "count_activation_regions": "regions",
    "regions_report": "regions",
    "Region": "regions",
    "RegionList": "regions",
    "hoffman_constant": "hoffman",
    "hoffman_lower_bound": "hoffman",
    "hoffman_upper_bound": "hoffman",
    "effective_radius": "hoffman",
    "zonotope": "decision",
    "plot_regions": "plot",
    "plot_graph": "plot",
    "plot_tropical_curve": "plot",
    "plot_newton_polytope": "plot",
    "plot_zonotope": "plot",
    "minkowski_sum": "decision",
    "decision_boundary": "decision",
    "decision_polytope": "decision",
    "decision_zonotopes": "decision",
    "decision_generators": "decision",
    "decision_polynomial": "decision",
    "logit_difference": "decision",
    "tropical_hypersurface": "decision",
    "plot_decision_boundary": "decision",
    "ExactPolyhedron": "polyhedra",
    "box": "polyhedra",
    "as_domain": "polyhedra",
    "HoffmanResult": "hoffman",
    "tropical_hoffman_constant": "hoffman",
    "EffectiveRadius": "hoffman",
    "TropicalHoffmanResult": "hoffman",
    "hoffman_constant_chambers": "hoffman",
    "is_surjective": "hoffman",
    "as_network": "nn",
    "count_activation_regions_milp": "queries",
    "maximum": "queries",
    "minimum": "queries",
    "is_positive": "queries",
    "attains_positive": "queries",
    "lipschitz_constant": "queries",
    "is_zero_map": "queries",
    "is_injective": "queries",
    "normal_form": "queries",
    "same_function": "queries",
    "same_function_up_to_symmetry": "queries",
    "crosscheck": "numerical",
    "estimate_linear_regions": "numerical",
    "deepsets_network": "numerical",
    "is_permutation_invariant": "numerical",
    "count_linear_regions_symmetric": "numerical",
    "random_network": "nn",
    "Network": "nn",
}
_SUBMODULES = {"puiseux", "nn", "polyhedra", "regions", "numerical", "hoffman",
               "decision", "bounds", "queries", "plot", "cli"}

__all__ = sorted(_LAZY) + sorted(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    if name in _LAZY:
        value = getattr(__getattr__(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tropsage' has no attribute {name!r}")


def __dir__():
    return __all__
