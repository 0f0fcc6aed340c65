"""
Networks in exact normal form: a list of affine layers, each followed by an activation.

Every function in tropsage that takes a network accepts:

- a ``torch.nn.Sequential`` of ``Linear`` and ``ReLU`` / ``LeakyReLU`` / ``Identity``
  (nested ``Sequential`` and ``Flatten`` are fine); two ``Linear`` in a row means the
  first has no activation; the last ``Linear`` has an activation only if the
  ``Sequential`` ends with one;
- a list of ``(W, b)`` pairs (numpy arrays, Sage matrices, nested lists of ints,
  Fractions, floats or strings such as ``"1/3"``), with ``activations`` a list of
  ``"relu"``, ``("leaky_relu", alpha)``, ``("threshold", tau)``, ``("maxout", k)``,
  ``"identity"`` or a :class:`~tropsage.nn.PerUnit` — one per layer (any registered
  activation, see :mod:`tropsage.nn.activations`); without it, hidden layers are ReLU
  and the last layer is the identity. A triple ``(W, b, activation)`` names it inline;
- a ``state_dict`` of such a ``Sequential`` (a dict with keys ``"<i>.weight"`` and
  ``"<i>.bias"``; layers in key order, hidden layers ReLU and the last the identity
  unless ``activations`` says otherwise);
- a :class:`Network` (returned as is).

Weights are read exactly whatever their dtype (integer tensors are not routed
through ``float64``, so ``uint64``/``int64`` entries beyond ``2^53`` stay exact).
Complex weights raise ``TypeError``, and so do booleans, in every form (``.pt``,
``.npz``, ``.json``, lists): a ``True`` weight is almost surely a mask saved by
mistake, not the number 1.

Floats are converted exactly (a float is a dyadic rational). With
``limit_denominator=q`` every weight is rounded to the closest fraction with
denominator at most ``q`` instead, and ``Network.info`` records it with the largest
rounding error.

EXAMPLES::

    >>> from tropsage.nn import as_network
    >>> net = as_network([([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])],
    ...                  activations=["relu", "identity"])
    >>> net
    Network 2 -> 2 (relu) -> 1 (identity)
    >>> net([3, "1/2"])
    (-5/2,)
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
import re
from fractions import Fraction

import numpy as np

from .._exact import as_fraction_matrix, as_fraction_vector, integer_matrix, qq
from .activations import (ACTIVATIONS, Activation, PerUnit, apply_activation,  # noqa: F401
                          parse_activation)

@dataclass
class Layer:
    """
    ``x ↦ activation(W x + b)`` with exact Fraction entries.

    EXAMPLES::

        >>> from tropsage.nn import as_network
        >>> layer = as_network([([[1, 2], [3, 4], [5, 6]], [0, 0, 0])]).layers[0]
        >>> layer.in_dim, layer.out_dim, str(layer.activation)
        (2, 3, 'identity')
    """

    W: list
    b: list
    activation: Activation

    @property
    def in_dim(self):
        """
        Number of inputs of the layer (columns of ``W``).

        EXAMPLES::

            >>> from tropsage.nn import as_network
            >>> as_network([([[1, 2, 3]], [0])]).layers[0].in_dim
            3
        """
        return len(self.W[0]) if self.W else 0

    @property
    def out_dim(self):
        """
        Width after the activation (maxout of rank ``k`` divides it by ``k``).

        EXAMPLES::

            >>> from tropsage.nn import as_network
            >>> as_network([([[1], [2], [3], [4]], [0] * 4, ("maxout", 2))]).layers[0].out_dim
            2
        """
        return self.activation.out_width(len(self.W))

    def integer_data(self):
        """
        ``(N, d)``: integer matrix ``[W | b]`` over one common denominator ``d``.

        EXAMPLES::

            >>> from tropsage.nn import as_network
            >>> N, d = as_network([([[1, "1/2"]], ["1/3"])]).layers[0].integer_data()
            >>> N.tolist(), d
            ([[6, 3, 2]], 6)
        """
        return integer_matrix([row + [c] for row, c in zip(self.W, self.b)])

    def pre_activations(self, v):
        """
        ``W v + b`` exactly, for a list of Fractions ``v``.

        EXAMPLES::

            >>> from fractions import Fraction
            >>> from tropsage.nn import as_network
            >>> layer = as_network([([[1, 2], [0, -1]], [1, 0])]).layers[0]
            >>> layer.pre_activations([Fraction(1), Fraction(1, 2)])
            [Fraction(3, 1), Fraction(-1, 2)]
        """
        return [sum((w * t for w, t in zip(row, v)), c) for row, c in zip(self.W, self.b)]

    def affine_map(self, T, tden):
        """
        The pre-activations as affine functions of the network input: for inputs
        ``T/tden`` (integer rows ``[h | g]``, the ``i``-th input of the layer being
        ``(h + g.x)/tden``), the rows ``Z`` and denominator ``zden`` (reduced) of
        ``W (T/tden) + b``.

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.nn import as_network
            >>> layer = as_network([([[1, 2], [0, -1]], ["1/2", 0])]).layers[0]
            >>> Z, zden = layer.affine_map(np.array([[0, 1, 0], [0, 0, 1]], dtype=object), 1)
            >>> Z.tolist(), zden
            ([[1, 2, 4], [0, 0, -2]], 2)
        """
        from .activations import _reduce
        N, d = self.integer_data()
        N = np.asarray(N, dtype=object)
        m = self.in_dim
        Z = N[:, :m].dot(np.asarray(T, dtype=object))
        Z[:, 0] += N[:, m] * tden
        return _reduce(Z, tden * int(d))


@dataclass
class Network:
    """
    An exact feed-forward network: ``layers`` applied in order.

    ``info`` records how the network was read (source, rounding).

    EXAMPLES::

        >>> from tropsage.nn import as_network
        >>> net = as_network([([[1, -1]], [0]), ([[2]], [1])])
        >>> net
        Network 2 -> 1 (relu) -> 1 (identity)
        >>> net.widths, net.input_dim, net.output_dim
        ([1, 1], 2, 1)
        >>> net([3, 1])
        (5,)
    """

    layers: list
    info: dict = field(default_factory=dict)

    @property
    def input_dim(self):
        """
        Dimension of the input space.

        EXAMPLES::

            >>> from tropsage.nn import random_network
            >>> random_network([3, 2, 1]).input_dim
            3
        """
        return self.layers[0].in_dim

    @property
    def output_dim(self):
        """
        Number of outputs.

        EXAMPLES::

            >>> from tropsage.nn import random_network
            >>> random_network([3, 2, 4]).output_dim
            4
        """
        return self.layers[-1].out_dim

    @property
    def widths(self):
        """
        Output widths of the layers (after activations).

        EXAMPLES::

            >>> from tropsage.nn import random_network
            >>> random_network([2, 4, 3, 1], activations=[("maxout", 2), "relu", "identity"]).widths
            [4, 3, 1]
        """
        return [layer.out_dim for layer in self.layers]

    def __repr__(self):
        parts = [str(self.input_dim)] + [f"{layer.out_dim} ({layer.activation.layer_text()})"
                                         for layer in self.layers]
        return "Network " + " -> ".join(parts)

    def __call__(self, x):
        """
        Exact output at a rational point, a tuple of ``QQ``.

        EXAMPLES::

            >>> from tropsage.nn import as_network
            >>> as_network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])(["-2/3"])
            (2/3,)
        """
        return tuple(qq(v) for v in self.forward(x))

    def forward(self, x):
        """
        Exact output as a list of Fractions.

        EXAMPLES::

            >>> from tropsage.nn import as_network
            >>> as_network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]).forward(["-2/3"])
            [Fraction(2, 3)]
        """
        v = as_fraction_vector(x, "point")
        if len(v) != self.input_dim:
            raise ValueError(f"point has {len(v)} coordinates, the network takes {self.input_dim}")
        for layer in self.layers:
            v = layer.activation.apply(layer.pre_activations(v))
        return v

    def activation_pattern(self, x):
        """
        Per layer, the tuple of active pieces at ``x`` (1 = pre-activation > 0 for ReLU;
        for maxout the index of the winning piece, the *first* one on ties, so a piece
        repeating an earlier one never wins).

        EXAMPLES::

            >>> from tropsage.nn import as_network
            >>> net = as_network([([[1], [1], [-1]], [0, 0, 0], ("maxout", 3))])
            >>> net.activation_pattern([2]), net.activation_pattern([-2])
            ([(0,)], [(2,)])
        """
        v = as_fraction_vector(x, "point")
        if len(v) != self.input_dim:
            raise ValueError(f"point has {len(v)} coordinates, the network takes {self.input_dim}")
        pattern = []
        for layer in self.layers:
            pre = layer.pre_activations(v)
            pattern.append(layer.activation.pattern(pre))
            v = layer.activation.apply(pre)
        return pattern


def as_network(net, activations=None, limit_denominator=None, input_shape=None):
    """
    Read any supported network description into an exact :class:`Network`.

    See the module documentation for the accepted forms. A torch model other than a
    plain ``Sequential`` of ``Linear`` and ReLU-type layers (convolutions, pooling,
    batch norm, residual blocks, any ``nn.Module``) is lowered by
    :func:`~tropsage.nn.lowering.lower`; ``input_shape`` is the shape of one of its
    inputs (needed unless the input goes straight into a ``Linear``).

    EXAMPLES::

        >>> from tropsage.nn import as_network
        >>> as_network([([[1, 2]], [0]), ([[1], [2]], [0])], activations=["relu", "relu", "relu"])
        Traceback (most recent call last):
        ...
        ValueError: 3 activations given for 2 layers
        >>> as_network([([[1, 2]], [0]), ([[1, 2]], [0])])
        Traceback (most recent call last):
        ...
        ValueError: layer 1: W has 2 columns but the previous layer outputs 1 values
    """
    if isinstance(net, Network):
        if activations is not None or limit_denominator is not None:
            raise ValueError("activations/limit_denominator apply when reading a network, "
                             "not to an existing Network")
        return net
    if _is_torch_module(net):
        if activations is not None:
            raise ValueError("a torch module carries its own activations; do not pass activations=")
        from .lowering import is_plain_sequential, lower
        if not is_plain_sequential(net):
            return lower(net, input_shape=input_shape, limit_denominator=limit_denominator)
        specs = _torch_layers(net)
        source = "torch"
    elif isinstance(net, (list, tuple)):
        specs = _list_layers(net, activations)
        source = "list"
    elif isinstance(net, Mapping):
        specs = _list_layers(state_dict_pairs(net), activations)
        source = "state_dict"
    else:
        raise TypeError(f"cannot read a network from {type(net).__name__}; expected a "
                        "torch.nn.Sequential, its state_dict, a list of (W, b) pairs or a "
                        "tropsage Network")
    layers, prev, max_err = [], None, Fraction(0)
    for i, (W, b, act) in enumerate(specs):
        where = f"layer {i}"
        Wf = as_fraction_matrix(W, f"{where}: W")
        bf = as_fraction_vector(b, f"{where}: b")
        if limit_denominator is not None:
            Wr = [[q.limit_denominator(int(limit_denominator)) for q in row] for row in Wf]
            br = [q.limit_denominator(int(limit_denominator)) for q in bf]
            max_err = max([max_err] + [abs(a - c) for r1, r2 in zip(Wf, Wr) for a, c in zip(r1, r2)]
                          + [abs(a - c) for a, c in zip(bf, br)])
            Wf, bf = Wr, br
        if not Wf or not Wf[0]:
            raise ValueError(f"{where}: W is empty")
        if len(bf) != len(Wf):
            raise ValueError(f"{where}: W has {len(Wf)} rows but b has {len(bf)} entries")
        act = parse_activation(act, where)
        if prev is not None and len(Wf[0]) != prev:
            raise ValueError(f"{where}: W has {len(Wf[0])} columns but the previous layer "
                             f"outputs {prev} values")
        act.check_width(len(Wf), where)
        layer = Layer(Wf, bf, act)
        layers.append(layer)
        prev = layer.out_dim
    if not layers:
        raise ValueError("the network has no affine layer")
    info = {"source": source, "exact": limit_denominator is None}
    if limit_denominator is not None:
        info.update(limit_denominator=int(limit_denominator), max_rounding_error=max_err)
    return Network(layers, info)


def accepts_activations(func):
    """
    Give a function of a network (its first parameter) the keyword ``activations=``:
    with it, the network (a list of ``(W, b)`` pairs or a ``state_dict``) is read by
    :func:`as_network` with these activations before ``func`` sees it. For functions
    that otherwise pass their network on unread.

    EXAMPLES::

        >>> from tropsage.nn.network import accepts_activations
        >>> @accepts_activations
        ... def widths(net):
        ...     return as_network(net).widths
        >>> widths([([[1], [2], [3], [4]], [0] * 4)], activations=[("maxout", 2)])
        [2]
        >>> import inspect; inspect.signature(widths)
        <Signature (net, *, activations=None)>
    """
    import functools
    import inspect
    sig = inspect.signature(func)
    params = list(sig.parameters.values())
    if "activations" in sig.parameters or not params:
        raise TypeError(f"{func.__name__} already takes activations or takes no network")
    first = params[0].name

    @functools.wraps(func)
    def wrapper(*args, activations=None, **kwargs):
        if activations is not None:
            bound = sig.bind_partial(*args, **kwargs)
            if first not in bound.arguments:
                raise TypeError(f"{func.__name__}: activations= given without a network")
            bound.arguments[first] = as_network(bound.arguments[first], activations=activations)
            args, kwargs = bound.args, bound.kwargs
        return func(*args, **kwargs)

    extra = inspect.Parameter("activations", inspect.Parameter.KEYWORD_ONLY, default=None)
    at = next((i for i, p in enumerate(params) if p.kind is inspect.Parameter.VAR_KEYWORD),
              len(params))
    wrapper.__signature__ = sig.replace(parameters=params[:at] + [extra] + params[at:])
    return wrapper


def state_dict_pairs(sd, where="state dict"):
    """
    The ``(W, b)`` pairs of a ``torch`` ``state_dict`` (keys ``"<layer>.weight"`` and
    ``"<layer>.bias"``), in layer order (numeric parts of the names compared as
    numbers, so ``"10.weight"`` comes after ``"2.weight"``).

    EXAMPLES::

        >>> from tropsage.nn.network import state_dict_pairs
        >>> state_dict_pairs({"2.weight": [[1]], "0.weight": [[1, 2]], "0.bias": [0]})
        [([[1, 2]], [0]), ([[1]], [0])]
        >>> state_dict_pairs({"0.running_mean": [0]})
        Traceback (most recent call last):
        ...
        ValueError: state dict key '0.running_mean' is not '<layer>.weight' or '<layer>.bias'
    """
    groups = {}
    for key, value in sd.items():
        m = re.fullmatch(r"(.*)\.(weight|bias)", key) if isinstance(key, str) else None
        if not m:
            raise ValueError(f"{where} key {key!r} is not '<layer>.weight' or '<layer>.bias'")
        groups.setdefault(m.group(1), {})[m.group(2)] = value

    def order(name):
        return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in name.split(".")]

    pairs = []
    for name in sorted(groups, key=order):
        g = groups[name]
        if "weight" not in g:
            raise ValueError(f"{where}: layer {name!r} has a bias but no weight")
        W = g["weight"]
        b = g.get("bias")
        rows = W.shape[0] if hasattr(W, "shape") else len(W)
        pairs.append((W, b if b is not None else [0] * rows))
    if not pairs:
        raise ValueError(f"{where} is empty: no '<layer>.weight' entries")
    return pairs


def _is_torch_module(net):
    import sys
    torch = sys.modules.get("torch")     # a torch model means torch is imported already
    if torch is not None and isinstance(net, torch.nn.Module):
        return True                      # user-defined modules too (lowered)
    mod = type(net).__module__
    return mod.startswith("torch.") and hasattr(net, "modules")


def _torch_layers(seq):
    import torch.nn as tnn
    flat = []

    def walk(m, prefix):
        if isinstance(m, tnn.Sequential):
            for name, child in m.named_children():
                walk(child, f"{prefix}{name}.")
        else:
            flat.append((prefix.rstrip("."), m))

    if not isinstance(seq, tnn.Sequential):
        if isinstance(seq, tnn.Linear):
            seq = tnn.Sequential(seq)
        else:
            raise TypeError(f"expected a torch.nn.Sequential, got {type(seq).__name__}")
    walk(seq, "")
    specs = []
    for name, m in flat:
        where = f"module {name!r} ({type(m).__name__})"
        if isinstance(m, tnn.Linear):
            W = m.weight.detach()
            b = m.bias.detach() if m.bias is not None else [0] * W.shape[0]
            specs.append([W, b, "identity"])
        elif isinstance(m, (tnn.ReLU, tnn.LeakyReLU)):
            if not specs or specs[-1][2] != "identity":
                raise ValueError(f"{where} must follow a Linear layer")
            specs[-1][2] = "relu" if isinstance(m, tnn.ReLU) else ("leaky_relu", m.negative_slope)
        elif isinstance(m, (tnn.Identity, tnn.Flatten, tnn.Dropout)):
            continue  # no effect on a flat input at inference time
        else:
            raise TypeError(f"{where}: unsupported layer; tropsage reads Linear, ReLU, "
                            "LeakyReLU, Identity, Flatten and Dropout")
    return specs


def _list_layers(net, activations):
    specs, inline = [], []
    for i, item in enumerate(net):
        if not isinstance(item, (tuple, list)) or len(item) not in (2, 3):
            raise TypeError(f"layer {i}: expected a pair (W, b) or a triple (W, b, activation), "
                            f"got {type(item).__name__}")
        specs.append([item[0], item[1], None])
        inline.append(item[2] if len(item) == 3 else None)
    if activations is None:
        acts = [a if a is not None else ("identity" if i == len(specs) - 1 else "relu")
                for i, a in enumerate(inline)]
    else:
        if isinstance(activations, str):
            activations = [activations] * len(specs)
        activations = list(activations)
        if len(activations) != len(specs):
            raise ValueError(f"{len(activations)} activations given for {len(specs)} layers")
        if any(a is not None for a in inline):
            raise ValueError("give activations either inline (W, b, act) or as activations=, not both")
        acts = activations
    for s, a in zip(specs, acts):
        s[2] = a
    return specs


def random_network(widths, activations=None, seed=0, weights="integer", bound=3):
    """
    A seeded random :class:`Network` with layer sizes ``widths = [n0, n1, ..., nL]``.

    ``weights``: ``"integer"`` (entries in ``[-bound, bound]``), ``"rational"``
    (``p/q`` with ``q <= 4``), ``"float"`` (float32 Gaussian values, read exactly, as
    a torch network would give). Hidden layers are ReLU, the last is the identity,
    unless ``activations`` says otherwise.

    EXAMPLES::

        >>> from tropsage.nn import random_network
        >>> random_network([2, 3, 1], seed=1)
        Network 2 -> 3 (relu) -> 1 (identity)
    """
    rng = np.random.default_rng(seed)
    pairs = []
    for i in range(len(widths) - 1):
        m, n = widths[i + 1], widths[i]
        if activations is not None:
            m = parse_activation(activations[i], f"layer {i}").in_width(m)
        if weights == "integer":
            W = rng.integers(-bound, bound + 1, size=(m, n)).tolist()
            b = rng.integers(-bound, bound + 1, size=m).tolist()
        elif weights == "rational":
            W = [[Fraction(int(rng.integers(-4 * bound, 4 * bound + 1)), int(rng.integers(1, 5)))
                  for _ in range(n)] for _ in range(m)]
            b = [Fraction(int(rng.integers(-4 * bound, 4 * bound + 1)), int(rng.integers(1, 5)))
                 for _ in range(m)]
        elif weights == "float":
            W = rng.standard_normal((m, n)).astype(np.float32)
            b = rng.standard_normal(m).astype(np.float32)
        else:
            raise ValueError(f"weights must be 'integer', 'rational' or 'float', got {weights!r}")
        pairs.append((W, b))
    return as_network(pairs, activations=activations)
