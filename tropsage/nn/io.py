"""
Reading and writing network files.

Formats (chosen by the file suffix):

``.json``
    ``{"layers": [{"W": [[...], ...], "b": [...], "activation": "relu"}, ...]}``.
    Entries are numbers or strings such as ``"1/3"`` (read exactly); activations are
    ``"relu"``, ``"identity"``, ``["leaky_relu", "1/10"]``, ``["threshold", "1/2"]``,
    ``["maxout", 2]``, ``["per_unit", ["relu", "identity", ...]]``. Without ``"activation"``, hidden layers are ReLU and the last
    layer is the identity.
``.npz``
    arrays ``W0, b0, W1, b1, ...`` and optionally ``activations``: an array of strings
    ``"relu"``, ``"identity"``, ``"leaky_relu:0.1"``, ``"threshold:1/2"``, ``"maxout:2"``.
``.pt`` / ``.pth``
    a ``state_dict`` (``"<i>.weight"`` and ``"<i>.bias"`` in layer order; activations
    as for ``.json``), read with ``torch.load(weights_only=True)``, which runs no code.
    A whole pickled ``torch.nn.Sequential`` is read only with ``trusted=True`` (the
    command line's ``--trust-pickle``): unpickling a module **runs code from the
    file**, so pass it only for files you made or trust.

Safety limits. Numbers in ``.json`` files are read exactly (strings such as
``"1/3"`` or ``"2.5e-3"``, JSON integers, and JSON floats as their exact binary
value), but a number may have at most :data:`MAX_DIGITS` digits and a decimal
exponent of absolute value at most :data:`MAX_EXPONENT` (both in
:mod:`tropsage._exact`, which applies them to every number string it reads) (``"1e999999999"`` would
otherwise ask for a billion-digit integer); ``load_network(..., max_digits=...,
max_exponent=...)`` raises them. Nesting deeper than the interpreter's recursion
limit, truncated or corrupt files, gaps in ``W0, b0, W1, ...``, complex and boolean
weights all raise ``ValueError``/``TypeError`` naming the file.

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

from .._exact import MAX_DIGITS, MAX_EXPONENT, check_number_size  # noqa: F401  (documented here)
from .activations import parse_activation_string
from .network import Network, as_network, state_dict_pairs  # noqa: F401

def load_network(path, activations=None, limit_denominator=None, trusted=False,
                 max_digits=None, max_exponent=None, input_shape=None):
    """
    Read a network file (``.json``, ``.npz``, ``.pt``) into an exact :class:`Network`.

    INPUT:

    - ``path`` -- the file; its suffix says the format (see the module doc).
    - ``activations`` -- overrides the activations stored in the file.
    - ``limit_denominator`` -- round every weight (see :func:`~tropsage.nn.as_network`).
    - ``trusted`` -- ``.pt`` only: also accept a whole pickled ``torch.nn.Sequential``.
      **This runs code from the file** (unpickling calls arbitrary functions); without
      it only plain tensors are read (``torch.load(weights_only=True)``).
    - ``max_digits``, ``max_exponent`` -- limits on the numbers of a ``.json`` file
      (defaults :data:`MAX_DIGITS`, :data:`MAX_EXPONENT`).
    - ``input_shape`` -- for a pickled torch model that is lowered
      (:func:`~tropsage.nn.lowering.lower`): the shape of one input.

    Anything unreadable (truncated, corrupt, wrong layout) raises ``ValueError``
    naming the file; complex or boolean weights raise ``TypeError``.

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
        >>> with open(path, "w") as fh:
        ...     _ = fh.write('{"layers": [{"W": [["1e999999999"]], "b": [0]}]}')
        >>> load_network(path)
        Traceback (most recent call last):
        ...
        ValueError: ...net.json: layer 0: W[0, 0]: the exponent of '1e999999999' exceeds 4300 in absolute value (raise max_exponent= to read it)
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no network file {path!r}")
    if os.path.isdir(path):
        raise ValueError(f"{path} is a directory, not a network file")
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".json":
        pairs, acts = _read_json(path, max_digits, max_exponent)
    elif suffix == ".npz":
        pairs, acts = _read_npz(path)
    elif suffix in (".pt", ".pth"):
        obj = _read_torch(path, trusted)
        if not isinstance(obj, dict):
            try:
                net = as_network(obj, limit_denominator=limit_denominator,
                                 input_shape=input_shape)
            except (TypeError, ValueError) as exc:
                raise type(exc)(f"{path}: {exc}") from None
            net.info["file"] = path
            return net
        pairs, acts = state_dict_pairs(obj, f"{path}: state dict"), None
    else:
        raise ValueError(f"{path}: unknown network format {suffix!r}; use .json, .npz or .pt")
    if activations is not None:
        acts = activations
    try:
        net = as_network(pairs, activations=acts, limit_denominator=limit_denominator)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{path}: {exc}") from None
    net.info["file"] = path
    return net


def save_network(net, path, activations=None):
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
    net = as_network(net, activations=activations)
    layers = []
    for layer in net.layers:
        layers.append({"W": [[str(v) for v in row] for row in layer.W],
                       "b": [str(v) for v in layer.b], "activation": layer.activation.to_spec()})
    with open(path, "w") as fh:
        json.dump({"layers": layers}, fh, indent=1)


class _JSONNumber(str):
    """A JSON number literal, kept as text until its size is checked."""


def _read_json(path, max_digits=None, max_exponent=None):
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        # numbers stay text (no float rounding, no giant int built before the check)
        data = json.loads(raw, parse_int=_JSONNumber, parse_float=_JSONNumber,
                          parse_constant=_JSONNumber)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON (not UTF-8 text: {exc.reason})") from None
    except RecursionError:
        raise ValueError(f"{path}: JSON nested too deeply to be a network file") from None
    layers = data.get("layers") if isinstance(data, dict) else data
    if not isinstance(layers, list) or not layers:
        raise ValueError(f"{path}: expected {{\"layers\": [{{\"W\": ..., \"b\": ...}}, ...]}}")
    pairs, acts = [], []
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict) or "W" not in layer or "b" not in layer:
            raise ValueError(f"{path}: layer {i} needs keys 'W' and 'b'")
        where = f"{path}: layer {i}"
        W = _json_numbers(layer["W"], where, "W", 2, max_digits, max_exponent)
        b = _json_numbers(layer["b"], where, "b", 1, max_digits, max_exponent)
        pairs.append((W, b))
        try:
            act = _json_plain(layer.get("activation"))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        acts.append(tuple(act) if isinstance(act, list) else act)
    if all(a is None for a in acts):
        acts = None
    elif any(a is None for a in acts):
        raise ValueError(f"{path}: give an activation for every layer or for none")
    return pairs, acts


def _json_plain(v):
    """Activation specs: number literals back to int (maxout rank) or exact text."""
    if isinstance(v, _JSONNumber):
        check_number_size(v, "activation parameter")
        # an integer literal (maxout rank) stays an int, a float its binary value
        return int(v) if v.lstrip("+-").isdigit() else float(v)
    if isinstance(v, list):
        return [_json_plain(t) for t in v]
    return v


def _json_numbers(v, prefix, name, depth, max_digits, max_exponent, idx=()):
    """Entries of a ``depth``-dimensional JSON array, number literals checked for size."""
    if len(idx) < depth:
        if not isinstance(v, list):
            shape = "a matrix (list of rows)" if depth == 2 else "a list"
            raise ValueError(f"{prefix}: {name} must be {shape} of numbers, got {type(v).__name__}")
        return [_json_numbers(t, prefix, name, depth, max_digits, max_exponent, idx + (i,))
                for i, t in enumerate(v)]
    at = f"{prefix}: {name}[{', '.join(map(str, idx))}]"
    if isinstance(v, bool) or v is None or isinstance(v, (list, dict)):
        what = "a bool" if isinstance(v, bool) else type(v).__name__
        raise TypeError(f"{at} is {what} ({v!r}); expected a number")
    if isinstance(v, _JSONNumber):
        if v in ("NaN", "Infinity", "-Infinity"):
            raise ValueError(f"{at} is {v}; weights must be finite")
        check_number_size(v, at, max_digits, max_exponent)
        if any(c in v for c in ".eE"):
            return Fraction(float(v))    # a JSON float means its binary value, as before
        return _rational(v, at)
    if isinstance(v, str):
        check_number_size(v, at, max_digits, max_exponent)
        return _rational(v, at)          # here, so that raised limits apply
    return v


def _rational(text, at):
    """``"p"``, ``"p/q"``, ``"2.5e-3"`` exactly, with no digit limit (checked before)."""
    from decimal import Decimal, InvalidOperation
    parts = text.strip().split("/")
    try:
        if len(parts) > 2:
            raise ValueError
        nums = [Decimal(p.strip()) for p in parts]
        if not all(d.is_finite() for d in nums):
            raise ValueError
        q = Fraction(nums[0])
        return q / Fraction(nums[1]) if len(nums) == 2 else q
    except (ValueError, InvalidOperation, ZeroDivisionError):
        raise ValueError(f"{at}: cannot read {text!r} as a rational number") from None


def _read_npz(path):
    import zipfile
    import numpy as np
    try:
        with np.load(path, allow_pickle=False) as data:
            keys = set(data.files)
            numbered = {}
            for key in keys:
                m = re.fullmatch(r"([Wb])(\d+)", key)
                if m:
                    numbered.setdefault(int(m.group(2)), set()).add(m.group(1))
                elif key != "activations":
                    raise ValueError(f"{path}: unexpected array {key!r}; expected W0, b0, W1, "
                                     "b1, ... and optionally activations")
            if not numbered:
                raise ValueError(f"{path}: expected arrays W0, b0, W1, b1, ...; found {sorted(keys)}")
            n = max(numbered) + 1
            for i in range(n):
                have = numbered.get(i, set())
                for name in ("W", "b"):
                    if name not in have:
                        raise ValueError(f"{path}: array {name}{i} is missing (layers must be "
                                         f"numbered W0, b0, ..., W{n - 1}, b{n - 1} without gaps)")
            pairs = [(data[f"W{i}"], data[f"b{i}"]) for i in range(n)]
            acts = None
            if "activations" in keys:
                acts = [_parse_act_string(str(s)) for s in data["activations"]]
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, NotImplementedError) as exc:
        # NotImplementedError: zipfile refuses an unknown compression, encryption or version
        raise ValueError(f"{path}: not a readable .npz file (truncated or corrupt: {exc})") from None
    except ValueError as exc:
        if str(exc).startswith(path):
            raise
        raise ValueError(f"{path}: not a readable .npz file ({exc})") from None
    return pairs, acts


_parse_act_string = parse_activation_string     # the command line's --activations


def _read_torch(path, trusted=False):
    try:
        import torch
    except ImportError:
        raise ImportError("reading .pt files needs torch: pip install 'tropsage[torch]'") from None
    import warnings
    try:
        with warnings.catch_warnings():
            # torch warns about unusual pickle protocols before refusing a file; the
            # refusal below says what matters
            warnings.simplefilter("ignore", UserWarning)
            return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        if not trusted:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ValueError(
                f"{path}: not a plain weights file ({first}). If it is a pickled "
                "torch module you trust, load it with trusted=True (command line: "
                "--trust-pickle); unpickling runs code from the file") from None
    # the caller said the file is trusted: a whole pickled module (runs its code)
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except Exception as exc:
        raise ValueError(f"{path}: cannot read the .pt file ({type(exc).__name__}: {exc})") from None
