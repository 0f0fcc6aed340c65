"""
Neural networks as exact objects and as tropical rational maps ([L], appendix).

:mod:`tropsage.nn.network` reads networks (torch, lists of weights) into an exact
:class:`Network`; :mod:`tropsage.nn.tropicalize` turns one into a
:class:`~tropsage.puiseux.TropicalRationalMap`.
"""

from .network import (ACTIVATIONS, Activation, Layer, Network, PerUnit, apply_activation,
                      as_network, parse_activation, random_network)
from .tropicalize import tropicalize

__all__ = ["ACTIVATIONS", "Activation", "Layer", "Network", "PerUnit", "apply_activation", "as_network",
           "parse_activation", "random_network", "tropicalize"]
