"""
Reading and writing network files.

Formats (chosen by the file suffix):

``.json``
    ``{"layers": [{"W": [[...], ...], "b": [...], "activation": "relu"}, ...]}``.
    Entries are numbers or strings such as ``"1/3"`` (read exactly); activations are
    ``"relu"``, ``"identity"``, ``["leaky_relu", "1/10"]``, ``["threshold", "1/2"]``,
    ``["maxout", 2]``. Without ``"activation"``, hidden layers are ReLU and the last
    layer is the identity.
``.npz``
    arrays ``W0, b0, W1, b1, ...`` and optionally ``activations``: an array of strings
    ``"relu"``, ``"identity"``, ``"leaky_relu:0.1"``, ``"threshold:1/2"``, ``"maxout:2"``.
``.pt`` / ``.pth``
    a pickled ``torch.nn.Sequential`` or its ``state_dict`` (``"<i>.weight"`` and
    ``"<i>.bias"`` in layer order; activations as for ``.json``). A pickled module is
    Python code: load only files you trust.

EXAMPLES::

    >>> import tempfile, os
    >>> from tropsage.nn import as_network
    >>> from tropsage.nn.io import load_network, save_network
    >>> net = as_network([([[1, "1/3"]], [0]), ([[2]], ["-1/2"])])
    >>> path = os.path.join(tempfile.mkdtemp(), "net.json")
    >>> save_network(net, path)
    >>> load_network(path)
    Network 2 -> 1 (relu) -> 1 (identity)
    >>> load_network(path)([3, 3])
    (15/2,)
"""

import json
import os
import re
from fractions import Fraction

from .network import Network, as_network


def load_network(path, activations=None, limit_denominator=None):
    """
    Read a network file (``.json``, ``.npz``, ``.pt``) into an exact :class:`Network`.

    EXAMPLES::

        >>> import tempfile, os
        >>> from tropsage.nn import as_network
        >>> from tropsage.nn.io import load_network, save_network
        >>> path = os.path.join(tempfile.mkdtemp(), "net.json")
        >>> save_network(as_network([([[1, "1/3"]], [0])]), path)
        >>> net = load_network(path)
        >>> net
        Network 2 -> 1 (identity)
        >>> net([3, 3])
        (4,)
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no network file {path!r}")
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".json":
        pairs, acts = _read_json(path)
    elif suffix == ".npz":
        pairs, acts = _read_npz(path)
    elif suffix in (".pt", ".pth"):
        obj = _read_torch(path)
        if not isinstance(obj, dict):
            net = as_network(obj, limit_denominator=limit_denominator)
            net.info["file"] = path
            return net
        pairs, acts = _state_dict_pairs(obj, path), None
    else:
        raise ValueError(f"{path}: unknown network format {suffix!r}; use .json, .npz or .pt")
    if activations is not None:
        acts = activations
    net = as_network(pairs, activations=acts, limit_denominator=limit_denominator)
    net.info["file"] = path
    return net


def save_network(net, path):
    """
    Write a network as ``.json`` with exact rational strings.

    EXAMPLES::

        >>> import tempfile, os, json
        >>> from tropsage.nn.io import save_network
        >>> path = os.path.join(tempfile.mkdtemp(), "net.json")
        >>> save_network([([[1, "1/3"]], [0])], path)
        >>> json.load(open(path))["layers"][0]["W"]
        [['1', '1/3']]
    """
    net = as_network(net)
    layers = []
    for layer in net.layers:
        a = layer.activation
        act = a.kind if a.param is None else [a.kind, str(a.param) if isinstance(a.param, Fraction) else a.param]
        layers.append({"W": [[str(v) for v in row] for row in layer.W],
                       "b": [str(v) for v in layer.b], "activation": act})
    with open(path, "w") as fh:
        json.dump({"layers": layers}, fh, indent=1)


def _read_json(path):
    try:
        with open(path) as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    layers = data.get("layers") if isinstance(data, dict) else data
    if not isinstance(layers, list) or not layers:
        raise ValueError(f"{path}: expected {{\"layers\": [{{\"W\": ..., \"b\": ...}}, ...]}}")
    pairs, acts = [], []
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict) or "W" not in layer or "b" not in layer:
            raise ValueError(f"{path}: layer {i} needs keys 'W' and 'b'")
        pairs.append((layer["W"], layer["b"]))
        act = layer.get("activation")
        acts.append(tuple(act) if isinstance(act, list) else act)
    if all(a is None for a in acts):
        acts = None
    elif any(a is None for a in acts):
        raise ValueError(f"{path}: give an activation for every layer or for none")
    return pairs, acts


def _read_npz(path):
    import numpy as np
    with np.load(path, allow_pickle=False) as data:
        keys = set(data.files)
        n = 0
        while f"W{n}" in keys:
            n += 1
        if n == 0:
            raise ValueError(f"{path}: expected arrays W0, b0, W1, b1, ...; found {sorted(keys)}")
        pairs = []
        for i in range(n):
            if f"b{i}" not in keys:
                raise ValueError(f"{path}: array W{i} has no matching b{i}")
            pairs.append((data[f"W{i}"], data[f"b{i}"]))
        acts = None
        if "activations" in keys:
            acts = [_parse_act_string(str(s)) for s in data["activations"]]
    return pairs, acts


def _parse_act_string(s):
    if ":" in s:
        kind, param = s.split(":", 1)
        return (kind, int(param) if kind.strip() == "maxout" else param)
    return s


def _read_torch(path):
    try:
        import torch
    except ImportError:
        raise ImportError("reading .pt files needs torch: pip install 'tropsage[torch]'") from None
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception:
        # a whole pickled Sequential is not a plain weights file
        return torch.load(path, map_location="cpu", weights_only=False)


def _state_dict_pairs(sd, path):
    groups = {}
    for key, value in sd.items():
        m = re.fullmatch(r"(.*)\.(weight|bias)", key)
        if not m:
            raise ValueError(f"{path}: state dict key {key!r} is not '<layer>.weight' or '<layer>.bias'")
        groups.setdefault(m.group(1), {})[m.group(2)] = value
    def order(name):
        return [int(p) if p.isdigit() else p for p in name.split(".")]
    pairs = []
    for name in sorted(groups, key=order):
        g = groups[name]
        if "weight" not in g:
            raise ValueError(f"{path}: layer {name!r} has a bias but no weight")
        W = g["weight"]
        b = g.get("bias")
        pairs.append((W, b if b is not None else [0] * W.shape[0]))
    return pairs
