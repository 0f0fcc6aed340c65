"""
Neural networks as exact objects and as tropical rational maps ([L], appendix).

:mod:`tropsage.nn.network` reads networks (torch, lists of weights) into an exact
:class:`Network`; :mod:`tropsage.nn.activations` has one class per activation
(registered with :func:`register`); :mod:`tropsage.nn.tropicalize` turns a network into a
:class:`~tropsage.puiseux.TropicalRationalMap`; :mod:`tropsage.nn.lowering` lowers any
piecewise-linear torch model (convolutions, pooling, residual blocks) to a
:class:`Network` and restricts networks to planes.
"""

from .activations import (ACTIVATIONS, Activation, PerUnit, apply_activation, parse_activation,
                          register)
from .network import Layer, Network, as_network, random_network
from .lowering import LoweredNetwork, Unit, lower, restrict_to_plane
from .tropicalize import tropicalize

__all__ = ["ACTIVATIONS", "Activation", "Layer", "LoweredNetwork", "Network", "PerUnit", "Unit",
           "apply_activation", "as_network", "lower", "parse_activation", "random_network",
           "register", "restrict_to_plane", "tropicalize"]
