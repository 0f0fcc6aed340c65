"""
Neural networks as exact objects and as tropical rational maps ([L], appendix).

:mod:`tropsage.nn.network` reads networks (torch, lists of weights) into an exact
:class:`Network`; :mod:`tropsage.nn.activations` has one class per activation
(registered with :func:`register`); :mod:`tropsage.nn.tropicalize` turns a network into a
:class:`~tropsage.puiseux.TropicalRationalMap`.
"""

from .activations import (ACTIVATIONS, Activation, PerUnit, apply_activation, parse_activation,
                          register)
from .network import Layer, Network, as_network, random_network
from .tropicalize import tropicalize

__all__ = ["ACTIVATIONS", "Activation", "Layer", "Network", "PerUnit", "apply_activation", "as_network",
           "parse_activation", "random_network", "register", "tropicalize"]
