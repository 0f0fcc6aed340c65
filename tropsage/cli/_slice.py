"""
``--slice X0,U[,V]``: restrict a network to a plane (or line) through its input space,
exactly, before a command works on it (:func:`tropsage.nn.restrict_to_plane`).
"""

import os

import click

from tropsage.cli._common import BadInput, load


def slice_option(f):
    return click.option(
        "--slice", "slice_", default=None, metavar="X0,U[,V]",
        help="Work on the plane x0 + s*u + t*v (or, with two files, the line x0 + s*u) "
             "through the input space, exactly: .npy files of the network's input shape "
             "(e.g. three digit images a, b, c give x0 = a, u = b - a, v = c - a). A pickled "
             "torch model (--trust-pickle) is lowered with the shape of X0.")(f)


def read_slice(text):
    """The arrays named by ``--slice`` (2 or 3 ``.npy`` files, read without pickle)."""
    import numpy as np
    paths = [p.strip() for p in text.split(",")]
    if len(paths) not in (2, 3) or not all(paths):
        raise click.BadParameter(f"expected 2 or 3 comma-separated .npy files, got {text!r}",
                                 param_hint="--slice")
    arrays = []
    for p in paths:
        if not os.path.isfile(p):
            raise BadInput(f"--slice: no such file {p!r}")
        try:
            a = np.load(p, allow_pickle=False)
        except (ValueError, OSError, EOFError) as exc:
            raise BadInput(f"--slice: {p}: not a readable .npy array ({exc})") from None
        if not isinstance(a, np.ndarray) or a.dtype.kind not in "iuf":
            raise BadInput(f"--slice: {p}: expected an array of real numbers")
        arrays.append(a)
    shapes = {a.shape for a in arrays}
    if len(shapes) != 1:
        raise BadInput(f"--slice: the arrays have different shapes {[a.shape for a in arrays]}")
    return arrays


def load_sliced(net, slice_text, activations, limit_denominator, trust_pickle):
    """The network in ``net``, restricted to the ``--slice`` plane when one is given."""
    if slice_text is None:
        return load(net, activations, limit_denominator, trust_pickle)
    arrays = read_slice(slice_text)
    shape = arrays[0].shape
    network = load(net, activations, limit_denominator, trust_pickle,
                   input_shape=shape if trust_pickle and len(shape) > 0 else None)
    from tropsage.nn import restrict_to_plane
    try:
        return restrict_to_plane(network, *arrays)
    except (ValueError, TypeError) as exc:
        raise BadInput(f"--slice: {exc}") from None
