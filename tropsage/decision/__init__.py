"""
Decision boundaries of (Affine, ReLU, Affine) classifiers and zonotopes ([A], SPEC §6).

Loaded lazily by ``tropsage`` (it imports Sage).
"""

from tropsage.decision.zonotope import minkowski_sum, zonotope

__all__ = ["zonotope", "minkowski_sum"]
