"""
Neural networks as exact objects and as tropical rational maps ([L], appendix).

:mod:`tropsage.nn.network` reads networks (torch, lists of weights) into an exact
:class:`Network`; :mod:`tropsage.nn.tropicalize` turns one into a
:class:`~tropsage.puiseux.TropicalRationalMap`; :mod:`tropsage.nn.lowering` lowers any
piecewise-linear torch model (convolutions, pooling, residual blocks) to a
:class:`Network` and restricts networks to planes.
"""

from .network import (ACTIVATIONS, Activation, Layer, Network, PerUnit, apply_activation,
                      as_network, parse_activation, random_network)
from .lowering import LoweredNetwork, Unit, lower, restrict_to_plane
from .tropicalize import tropicalize

__all__ = ["ACTIVATIONS", "Activation", "Layer", "LoweredNetwork", "Network", "PerUnit", "Unit",
           "apply_activation", "as_network", "lower", "parse_activation", "random_network",
           "restrict_to_plane", "tropicalize"]
