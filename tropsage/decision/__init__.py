"""
Decision boundaries of (Affine, ReLU, Affine) classifiers and zonotopes ([A]).

- :mod:`~tropsage.decision.zonotope`: zonotopes in polynomial time, Minkowski sums;
- :mod:`~tropsage.decision.boundary`: the tropical form of a logit difference, the
  decision boundaries polytope ``conv(Z(G1) ∪ Z(G2))``, exact boundary pieces, plots;
- :mod:`~tropsage.decision.pruning`: tropical pruning (problem (2) of [A]) and
  magnitude-pruning baselines (numerical);
- :mod:`~tropsage.decision.attack`: the tropical adversarial attack (problem (5) of
  [A]) and FGSM (numerical, with exact verification of the adversarial points).

Loaded lazily by ``tropsage`` (it imports Sage). The pruning and attack modules import
torch only when called.
"""

from tropsage.decision.zonotope import minkowski_sum, zonotope
from tropsage.decision.boundary import (BoundaryPiece, decision_boundary, decision_generators,
                                        decision_polynomial, decision_polytope,
                                        decision_zonotopes, logit_difference,
                                        plot_decision_boundary, shallow_parameters,
                                        tropical_hypersurface)

__all__ = ["zonotope", "minkowski_sum",
           "BoundaryPiece", "decision_boundary", "decision_generators", "decision_polynomial",
           "decision_polytope", "decision_zonotopes", "logit_difference",
           "plot_decision_boundary", "shallow_parameters", "tropical_hypersurface"]
