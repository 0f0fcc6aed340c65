"""
Lowering a piecewise-linear PyTorch model to an exact :class:`~tropsage.nn.Network`.

:func:`lower` traces a model with ``torch.fx`` and rewrites it as affine layers with
ReLU-family, maxout or identity activations, exactly, so that every function of
tropsage (regions, tropicalization, volumes, queries) takes it unchanged. What it
reads:

- affine maps, composed exactly: ``Linear``, ``Conv1d/2d/3d`` (stride, padding of
  every mode, dilation, groups) as exact matrices, ``BatchNorm1d/2d/3d`` in eval mode
  folded into the neighbouring affine maps, ``AvgPool``, ``AdaptiveAvgPool`` (their
  windows are fixed once the input shape is), ``Flatten``/``Unflatten``, ``view``,
  ``reshape``, ``permute``, ``transpose``, ``expand``, ``repeat``, ``F.pad``, indexing,
  ``cat``/``stack``, ``mean``, ``sum``, sums of tensors and products with constants, ``Dropout`` and
  ``Identity`` in eval mode (no effect);
- nonlinear maps: ``ReLU``, ``LeakyReLU`` (any slope), ``PReLU``, ``ReLU6``,
  ``Hardtanh``, ``Hardsigmoid``, ``Softshrink``, ``Threshold`` when continuous,
  ``abs``, ``clamp`` (``clip``, ``clamp_min``, ``clamp_max``),
  ``torch.maximum``/``minimum`` (and two-tensor ``max``/``min``), in module,
  functional and method form; ``MaxPool1d/2d/3d`` and ``AdaptiveMaxPool`` (a max
  over each window: a maxout group, tropical addition).

Anything else raises ``TypeError`` naming the module (or the function and the module
that calls it) and why: not piecewise linear (sigmoid, softmax, GELU, ...),
discontinuous (``Hardshrink``), a product of two input-dependent tensors, or not
traceable (data-dependent control flow). ``BatchNorm`` and ``Dropout`` in training
mode raise ``ValueError``: call ``model.eval()`` first.

**Exactness.** Weights are read exactly (a float is a dyadic rational), and every
composition is exact rational arithmetic. The one number that is not rational is the
batch-norm scale ``γ / sqrt(σ² + ε)``: it is taken as its float64 value (what torch
computes, to rounding) and used exactly from then on; ``info["inexact"]`` lists the
batch norms so folded.

**Layers.** A scalar piecewise-linear function is written with one ReLU-type unit per
kink: ``clamp(t, lo, hi) = lo + relu(t - lo) - relu(t - hi)``, ``min(t, c) =
c - relu(c - t)``, a leaky ReLU with slope in ``[0, 1]`` is one leaky unit; a function
whose slopes change sign (``abs``, leaky slope ``< 0`` or ``> 1``) is ``a·t`` plus
ReLU units, ``t`` carried by an identity unit. ``maximum(a, b) = b + relu(a - b)``.
Every nonlinear operation gets a *level* (one more than the deepest nonlinear
operation it depends on); layer ``k`` computes the level-``k`` operations and
carries, by identity units, every value a later level still needs: a skip path
never splits a region, and the activation regions of the lowered network are those
of the model's own nonlinear units. A layer holding max-pool windows is a maxout
layer of rank ``K`` (the largest window): a smaller window repeats its last piece, a
ReLU unit is the group ``(t, 0, ..., 0)``, a leaky unit ``(t, αt, ..., αt)`` and an
identity unit ``(t, ..., t)``. Repeated pieces never win (first argmax), so this
adds no boundary: the cells are the same as with separate layers.

**Map back.** :attr:`LoweredNetwork.units` says, for every unit of every layer,
which module and which position of its output it computes (a conv channel and
position, a pool window, a neuron, or a carried value); :meth:`LoweredNetwork.module_patterns`
turns an activation pattern (of a point or a region) into one array per module.

:func:`restrict_to_plane` restricts any network to an affine line or plane
``x0 + s·u + t·v`` through input space, exactly.

EXAMPLES::

    >>> import torch
    >>> from tropsage.nn import lower
    >>> torch.manual_seed(0)
    <torch._C.Generator object at ...>
    >>> model = torch.nn.Sequential(torch.nn.Conv1d(1, 2, 3), torch.nn.ReLU(),
    ...                             torch.nn.MaxPool1d(2), torch.nn.Flatten(),
    ...                             torch.nn.Linear(4, 1))
    >>> net = lower(model, input_shape=(1, 6))
    >>> net
    Network 6 -> 8 (relu) -> 4 (maxout(2)) -> 1 (identity)
    >>> net.units[1][0]
    Unit(module='2', op='max_pool1d', index=(0, 0), window=((0, 0), (0, 1)))
    >>> x = [1, -2, 3, "1/2", 0, 2]
    >>> y = model(torch.tensor([[[float(v) for v in [1, -2, 3, 0.5, 0, 2]]]]))
    >>> abs(float(net(x)[0]) - y.item()) < 1e-6
    True
    >>> pat = net.module_patterns(x)
    >>> pat["1"]       # the ReLU of each conv output: on (1) or off (0)
    array([[0, 1, 1, 0],
           [1, 1, 0, 1]], dtype=object)
    >>> pat["2"]       # the winner in each pooling window
    array([[1, 0],
           [0, 1]], dtype=object)
"""

import math
import operator
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product

import numpy as np

from .._exact import as_fraction
from .activations import PerUnit
from .network import Network, as_network

__all__ = ["LoweredNetwork", "Unit", "lower", "restrict_to_plane", "is_plain_sequential"]

# tolerance of the float64 check of every traced node against torch (a lowering
# bug is an O(1) error; rounding of a float64 forward pass is ~1e-13)
CHECK_TOLERANCE = 1e-6

# torch.nn modules and functions that are not piecewise linear, named in errors
_SMOOTH = {"Sigmoid", "Tanh", "Softmax", "Softmax2d", "LogSoftmax", "Softmin", "GELU", "SiLU",
           "Mish", "ELU", "CELU", "SELU", "Softplus", "Softsign", "Tanhshrink", "LogSigmoid",
           "Hardswish", "GLU", "sigmoid", "tanh", "softmax", "log_softmax", "softmin", "gelu",
           "silu", "mish", "elu", "celu", "selu", "softplus", "softsign", "tanhshrink",
           "logsigmoid", "hardswish", "glu", "exp", "log", "sqrt", "rsqrt", "pow", "sin",
           "cos", "erf", "reciprocal", "square", "log1p", "expm1", "rrelu", "RReLU"}
_DISCONTINUOUS = {"Hardshrink", "hardshrink", "sign", "sgn", "floor", "ceil", "round", "trunc",
                  "heaviside", "gt", "lt", "ge", "le", "eq", "ne", "argmax", "argmin"}


# ---------------------------------------------------------------------------
# the result

@dataclass(frozen=True)
class Unit:
    """
    Where a unit of a lowered network comes from.

    - ``module`` -- the qualified name of the model's module (``"layer1.0.relu"``), or
      for a function called in ``forward`` the traced node's name and the module that
      calls it (``"relu_1 in 'block'"``); ``"input"`` for carried inputs.
    - ``op`` -- what the unit computes: ``"relu"``, ``"leaky_relu"``, ``"clamp"``,
      ``"max_pool2d"``, ``"maximum"``, ..., or ``"carry"`` for an identity unit that
      carries a value (``index`` then names the carried unit of ``module``).
    - ``index`` -- the position in the module's output, batch dimension dropped
      (``(channel, row, column)`` for a conv feature map).
    - ``kink`` -- for a function with several kinks (``clamp``: two), which one this
      unit decides (``0`` = leftmost); ``None`` for an identity unit carrying a value.
    - ``facing`` -- ``+1`` if the unit is on (pattern entry 1) right of its kink,
      ``-1`` if left of it.
    - ``window`` -- for a pooling unit, the input positions of its window.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.nn import lower
        >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Hardtanh())
        >>> net = lower(model)
        >>> u = net.units[0][1]
        >>> u.module, u.op, u.index, u.kink      # the right kink of the first output
        ('1', 'hardtanh', (0,), 1)
    """

    module: str
    op: str
    index: tuple
    kink: int | None = None
    facing: int = 1
    window: tuple | None = None

    def __repr__(self):
        if self.window is not None:      # a pooling window: kink and facing say nothing
            extra = f", window={self.window}"
        else:
            extra = f", kink={self.kink}, facing={self.facing}"
        return f"Unit(module={self.module!r}, op={self.op!r}, index={self.index}{extra})"


@dataclass(repr=False)
class LoweredNetwork(Network):
    """
    A :class:`~tropsage.nn.Network` lowered from a PyTorch model, with the map back.

    ``units[l][j]`` is the :class:`Unit` computed by unit ``j`` of layer ``l``
    (one per output of the layer: one per maxout group); ``modules`` maps each
    nonlinear module to ``(op, shape)``, its output shape without the batch
    dimension. Every function that takes a network takes it.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.nn import lower
        >>> net = lower(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU6()))
        >>> net
        Network 2 -> 4 (relu) -> 2 (identity)
        >>> [u.kink for u in net.units[0]]
        [0, 1, 0, 1]
    """

    units: list = field(default_factory=list)
    modules: dict = field(default_factory=dict)
    input_shape: tuple = ()

    def module_patterns(self, pattern):
        """
        The activation pattern per module of the model.

        INPUT: ``pattern`` -- an activation pattern (a list of per-layer tuples, as
        :meth:`~tropsage.nn.Network.activation_pattern` or
        ``region.activation_pattern`` give), or a point of input space.

        OUTPUT: a dict ``{module: array}``, each array shaped like the module's output
        (batch dimension dropped): for a function of one tensor the index of the
        linear piece its input lies in (ReLU: 0 off, 1 on; ``clamp``: 0 below, 1
        between, 2 above); for ``maximum(a, b)`` and ``minimum(a, b)`` 1 where ``a``
        wins (is the larger, resp. the smaller); for a max pool the position
        (in row-major order) of the winning entry in its window.

        EXAMPLES::

            >>> import torch
            >>> from tropsage.nn import lower
            >>> lin = torch.nn.Linear(1, 1)
            >>> with torch.no_grad():
            ...     _ = lin.weight.fill_(1.0), lin.bias.fill_(0.0)
            >>> net = lower(torch.nn.Sequential(lin, torch.nn.Hardtanh()))
            >>> [net.module_patterns([t])["1"][0] for t in (-2, 0, 2)]
            [0, 1, 2]
        """
        if not (isinstance(pattern, (list, tuple)) and pattern
                and all(isinstance(p, tuple) for p in pattern)):
            pattern = self.activation_pattern(pattern)
        if len(pattern) != len(self.layers):
            raise ValueError(f"the pattern has {len(pattern)} layers, the network {len(self.layers)}")
        out = {name: np.zeros(shape, dtype=object) for name, (op, shape) in self.modules.items()}
        for layer, units, pat in zip(self.layers, self.units, pattern):
            maxout = layer.activation.kind == "maxout"
            for u, e in zip(units, pat):
                if u.kink is None and u.window is None:
                    continue
                if u.window is not None:
                    out[u.module][u.index] = e
                    continue
                on = (e == 0) if maxout else (e == 1)
                if u.facing < 0:
                    on = not on
                out[u.module][u.index] += int(on)
        return out


# ---------------------------------------------------------------------------
# exact affine tensors: C[..., 0] / den is the constant, C[..., 1:] / den the
# coefficients of the symbols of ``blocks`` (in that order)

class _Aff:
    __slots__ = ("C", "blocks", "den")

    def __init__(self, C, blocks, den=1):
        self.C, self.blocks, self.den = C, tuple(blocks), den

    @property
    def shape(self):
        return self.C.shape[:-1]

    def normalized(self):
        if self.den == 1:
            return self
        g = self.den
        for v in self.C.flat:
            if g == 1:
                return self
            g = math.gcd(g, v)
        if g > 1:
            self.C = self.C // g
            self.den //= g
        return self

    def with_shape_op(self, fn):
        """Apply a shape operation (on the leading axes) to the coefficients."""
        return _Aff(fn(self.C), self.blocks, self.den)

    def scaled(self, q):
        q = Fraction(q)
        return _Aff(self.C * q.numerator, self.blocks, self.den * q.denominator).normalized()


def _object_zeros(shape):
    Z = np.empty(shape, dtype=object)
    Z.fill(0)
    return Z


class _Ctx:
    """Symbols (blocks of scalar variables) and the nonlinear operations making them."""

    def __init__(self):
        self.block_size = {0: 0}
        self.block_level = {0: 0}
        self.ops = []

    def cols(self, blocks):
        off, out = 1, {}
        for b in blocks:
            out[b] = (off, off + self.block_size[b])
            off += self.block_size[b]
        return out, off

    def expand(self, a, blocks):
        """``a.C`` laid out over ``blocks`` (a superset of ``a.blocks``)."""
        if a.blocks == tuple(blocks):
            return a.C
        src, _ = self.cols(a.blocks)
        dst, n = self.cols(blocks)
        C = _object_zeros(a.shape + (n,))
        C[..., 0] = a.C[..., 0]
        for b, (s0, s1) in src.items():
            d0, d1 = dst[b]
            C[..., d0:d1] = a.C[..., s0:s1]
        return C

    def constant(self, values):
        """An exact constant tensor (an ndarray of Fractions) as an affine tensor."""
        vals = np.asarray(values, dtype=object)
        den = 1
        for q in vals.flat:
            den = den * q.denominator // math.gcd(den, q.denominator)
        C = _object_zeros(vals.shape + (1,))
        for idx, q in np.ndenumerate(vals):
            C[idx + (0,)] = q.numerator * (den // q.denominator)
        return _Aff(C, (), den)

    def add(self, a, b, sb=1):
        """``a + sb * b`` with broadcasting."""
        blocks = tuple(sorted(set(a.blocks) | set(b.blocks)))
        sb = Fraction(sb)
        Ca, Cb = self.expand(a, blocks), self.expand(b, blocks)
        den = a.den * b.den * sb.denominator
        sa_ = b.den * sb.denominator
        sb_ = a.den * sb.numerator
        # broadcast leading axes as torch does
        shape = np.broadcast_shapes(a.shape, b.shape)
        Ca = np.broadcast_to(Ca, shape + Ca.shape[-1:])
        Cb = np.broadcast_to(Cb, shape + Cb.shape[-1:])
        return _Aff(Ca * sa_ + Cb * sb_, blocks, den).normalized()

    def new_block(self, size, level):
        bid = len(self.block_size)
        self.block_size[bid] = size
        self.block_level[bid] = level
        return bid

    def level(self, a, rows=None):
        """1 + ... : the deepest level of a symbol that ``a`` (or its ``rows``) uses."""
        C = a.C.reshape(-1, a.C.shape[-1]) if rows is None else rows
        lv = 0
        cols, _ = self.cols(a.blocks)
        for b, (s0, s1) in cols.items():
            if self.block_level[b] > lv and np.any(C[:, s0:s1] != 0):
                lv = self.block_level[b]
        return lv


def _frac_array(t, where, torch):
    """A tensor (or number) as an ndarray of exact Fractions, NaN/inf refused by name."""
    if isinstance(t, torch.Tensor):
        t = t.detach().cpu()
        if t.is_complex() or t.dtype == torch.bool:
            raise TypeError(f"{where} has dtype {t.dtype}; expected real numbers")
        arr = t.double().numpy() if t.is_floating_point() else np.array(t.tolist(), dtype=object)
    else:
        arr = np.asarray(t, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = as_fraction(v.item() if hasattr(v, "item") else v,
                               f"{where}[{', '.join(map(str, idx))}]" if idx else where)
    return out


def _int_array(fracs):
    """``(N, d)``: an object array of ints over one common denominator."""
    den = 1
    for q in fracs.flat:
        den = den * q.denominator // math.gcd(den, q.denominator)
    N = np.empty(fracs.shape, dtype=object)
    for idx, q in np.ndenumerate(fracs):
        N[idx] = q.numerator * (den // q.denominator)
    return N, den


# ---------------------------------------------------------------------------
# nonlinear operations

@dataclass
class _Op:
    """
    One nonlinear operation: ``P`` (an affine tensor ``(m, ncols)`` of pre-activations
    over ``blocks``), ``acts[j]`` the activation of row ``j`` (``("relu",)``,
    ``("leaky", alpha)``, ``("identity",)``) or, for a max, ``groups`` of row indices
    (one output symbol per group); ``units`` the :class:`Unit` of each output.
    """

    P: _Aff
    level: int
    block: int
    units: list
    acts: list | None = None
    groups: list | None = None


def _pwl_units(slopes, kinks):
    """
    Units writing ``f(t) = c + a t + sum_i d_i * unit_i`` for a continuous
    piecewise-linear ``f`` with ``slopes[i]`` on the ``i``-th interval between
    ``kinks``: a list of ``(kind, alpha, tau, facing, coefficient)`` (``kind`` relu,
    leaky or identity) and the value ``f`` at ... (the caller supplies ``c``).
    """
    k = len(kinks)
    if k == 1:
        a, b = slopes
        tau = kinks[0]
        if a == 0:
            return [("relu", None, tau, 1, b)]
        if b == 0:
            return [("relu", None, tau, -1, -a)]
        if b != 0 and 0 <= a / b <= 1:
            return [("leaky", a / b, tau, 1, b)]
        if a != 0 and 0 <= b / a <= 1:
            return [("leaky", b / a, tau, -1, -a)]
    d = [slopes[i + 1] - slopes[i] for i in range(k)]
    # facing: +1 writes d_i relu(t - tau_i), -1 writes d_i relu(tau_i - t) + d_i (t - tau_i);
    # choose facings so that the linear part s_0 + sum_{left-facing} d_i vanishes
    best = None
    for facing in product((1, -1), repeat=k) if k <= 12 else [(1,) * k]:
        a = slopes[0] + sum(d[i] for i in range(k) if facing[i] < 0)
        if a == 0:
            best = facing
            break
    units = []
    facing = best if best is not None else (1,) * k
    a = slopes[0] + sum(d[i] for i in range(k) if facing[i] < 0)
    if a != 0:
        units.append(("identity", None, Fraction(0), 1, a))
    for i in range(k):
        units.append(("relu", None, kinks[i], facing[i], d[i]))
    return units


def _pwl_value_at(slopes, kinks, value_at_first_kink, t):
    """``f(t)`` for the piecewise-linear function given by slopes, kinks and f(kinks[0])."""
    v, prev = value_at_first_kink, kinks[0]
    if t <= prev:
        return v + slopes[0] * (t - prev)
    for i in range(1, len(kinks) + 1):
        nxt = kinks[i] if i < len(kinks) else None
        if nxt is None or t <= nxt:
            return v + slopes[i] * (t - prev)
        v += slopes[i] * (nxt - prev)
        prev = nxt
    return v  # pragma: no cover


# ---------------------------------------------------------------------------
# the lowering

class _Lowering:

    def __init__(self, torch, gm, input_shape, where_module):
        self.torch = torch
        self.gm = gm
        self.ctx = _Ctx()
        self.input_shape = tuple(input_shape)
        self.modules = {}     # module name -> (op, shape)
        self.inexact = []
        self.where_module = where_module
        self.probe = {}       # block -> float values at the probe point
        self.node = None

    # -- helpers ------------------------------------------------------------

    def where(self):
        n = self.node
        if n is None:
            return "the model"
        if n.op == "call_module":
            return f"module {n.target!r} ({type(self.gm.get_submodule(n.target)).__name__})"
        return f"{_fn_name(n)} ({self.where_module(n)})"

    def unit_name(self):
        n = self.node
        if n.op == "call_module":
            return str(n.target)
        stack = n.meta.get("nn_module_stack") or {}
        if stack:
            path, (qual, _) = list(stack.items())[-1]
            return f"{qual if isinstance(qual, str) else path}/{n.name}"
        return n.name

    def refuse(self, why, exc=TypeError):
        raise exc(f"{self.where()}: {why}")

    def aff(self, v, what="input"):
        torch = self.torch
        if isinstance(v, _Aff):
            return v
        if isinstance(v, torch.Tensor):
            arr = _frac_array(v, f"{self.where()}: constant", torch)
            return self.ctx.constant(arr)
        if isinstance(v, (int, float, Fraction)) and not isinstance(v, bool):
            return self.ctx.constant(np.array([as_fraction(v, what)], dtype=object).reshape(()))
        self.refuse(f"cannot use {type(v).__name__} {v!r} as a tensor")

    def const_value(self, v, what):
        """A number or constant tensor as an ndarray of Fractions (None for an _Aff)."""
        if isinstance(v, _Aff):
            if v.blocks and np.any(v.C[..., 1:] != 0):
                return None
            return np.vectorize(lambda c: Fraction(c, v.den), otypes=[object])(v.C[..., 0])
        if isinstance(v, self.torch.Tensor):
            return _frac_array(v, f"{self.where()}: {what}", self.torch)
        if isinstance(v, bool):
            self.refuse(f"{what} is a bool")
        return np.array(as_fraction(v, f"{self.where()}: {what}"), dtype=object)

    def probe_eval(self, a):
        """Float values of an affine tensor at the probe point."""
        cols, n = self.ctx.cols(a.blocks)
        x = np.zeros(n)
        x[0] = 1.0
        for b, (s0, s1) in cols.items():
            x[s0:s1] = self.probe[b]
        C = a.C.reshape(-1, n)
        if not C.size:
            return np.zeros(a.shape)
        try:
            with np.errstate(over="raise", invalid="raise"):
                vals = (C.astype(float) @ x) / float(a.den)
        except (OverflowError, FloatingPointError):
            # numerators beyond float range: scale exactly first
            vals = np.array([sum(float(Fraction(c, a.den)) * xv for c, xv in zip(row, x) if c)
                             for row in C])
        return vals.reshape(a.shape)

    # -- nonlinear ops ------------------------------------------------------

    def _register(self, op_name, shape):
        name = self.unit_name()
        if name in self.modules:   # a module called twice: name each call apart
            name = f"{name} ({self.node.name})"
        self.modules[name] = (op_name, tuple(shape[1:]) if len(shape) > 1 else tuple(shape))
        return name

    def _index(self, flat, shape):
        idx = np.unravel_index(flat, shape)
        idx = tuple(int(i) for i in idx)
        return idx[1:] if len(shape) > 1 else idx

    def scalar_pwl(self, x, op_name, spec):
        """
        Apply a continuous piecewise-linear scalar function elementwise. ``spec(i)``
        gives ``(slopes, kinks, value_at_first_kink)`` for element ``i`` (flat).
        """
        x = self.aff(x)
        shape = x.shape
        if not x.blocks or not np.any(x.C[..., 1:] != 0):
            vals = self.const_value(x, "input")
            out = np.empty(vals.shape, dtype=object)
            for idx, t in np.ndenumerate(vals):
                s, k, v0 = spec(int(np.ravel_multi_index(idx, vals.shape)) if vals.shape else 0)
                out[idx] = _pwl_value_at(s, k, v0, t)
            return self.ctx.constant(out)
        name = self._register(op_name, shape)
        m = int(np.prod(shape, dtype=int))
        X = x.C.reshape(m, -1)
        plan, acts, units, coef, consts = [], [], [], [], []
        for i in range(m):
            slopes, kinks, v0 = spec(i)
            idx = self._index(i, shape)
            t0 = kinks[0]
            at_t0 = Fraction(0)     # sum_j d_j * unit_j at t = kinks[0]
            mine = []
            for (kind, alpha, tau, facing, d) in _pwl_units(slopes, kinks):
                s = facing * (t0 - tau)
                uval = t0 if kind == "identity" else max(s, 0) if kind == "relu" else max(s, alpha * s)
                at_t0 += d * uval
                plan.append((i, facing, tau, kind))
                acts.append(("identity",) if kind == "identity" else
                            ("relu",) if kind == "relu" else ("leaky", alpha))
                units.append(Unit(name, op_name, idx, None if kind == "identity" else kinks.index(tau),
                                  facing))
                mine.append((len(units) - 1, d))
            coef.append(mine)
            consts.append(v0 - at_t0)
        # pre-activation rows facing * (t - tau) (identity: t) over one denominator
        den = x.den
        for (_, _, tau, _) in plan:
            den = den * tau.denominator // math.gcd(den, tau.denominator)
        P = _object_zeros((len(plan), X.shape[1]))
        for j, (i, facing, tau, kind) in enumerate(plan):
            P[j] = X[i] * (facing * (den // x.den))
            if kind != "identity":
                P[j, 0] -= facing * tau.numerator * (den // tau.denominator)
        return self._make_op(_Aff(P, x.blocks, den).normalized(), acts, units, shape, coef, consts)

    def _make_op(self, P, acts, units, shape, coef, consts, groups=None):
        ctx = self.ctx
        level = ctx.level(P) + 1
        nsym = len(groups) if groups is not None else len(acts)
        bid = ctx.new_block(nsym, level)
        op = _Op(P, level, bid, units, acts, groups)
        ctx.ops.append(op)
        # probe values of the new symbols
        pre = self.probe_eval(P).reshape(-1)
        if groups is not None:
            self.probe[bid] = np.array([max(pre[r] for r in g) for g in groups])
        else:
            vals = []
            for t, a in zip(pre, acts):
                vals.append(t if a[0] == "identity" else max(t, 0.0) if a[0] == "relu"
                            else max(t, float(a[1]) * t))
            self.probe[bid] = np.array(vals)
        # the output: consts[i] + sum_j d_j * symbol_j
        m = int(np.prod(shape, dtype=int))
        blocks = (bid,)
        den = 1
        for c in consts:
            den = den * c.denominator // math.gcd(den, c.denominator)
        for mine in coef:
            for _, d in mine:
                den = den * d.denominator // math.gcd(den, d.denominator)
        C = _object_zeros((m, 1 + nsym))
        for i in range(m):
            C[i, 0] = consts[i].numerator * (den // consts[i].denominator)
            for j, d in coef[i]:
                C[i, 1 + j] += d.numerator * (den // d.denominator)
        return _Aff(C.reshape(tuple(shape) + (1 + nsym,)), blocks, den).normalized()

    def maximum(self, a, b, op_name, sign=1):
        """``max(a, b)`` (``sign=1``) or ``min(a, b)`` (``sign=-1``), elementwise."""
        ctx = self.ctx
        a, b = self.aff(a), self.aff(b)
        shape = np.broadcast_shapes(a.shape, b.shape)
        a = _Aff(np.broadcast_to(a.C, shape + a.C.shape[-1:]), a.blocks, a.den)
        b = _Aff(np.broadcast_to(b.C, shape + b.C.shape[-1:]), b.blocks, b.den)
        diff = ctx.add(a, b, -1)                          # a - b
        if not diff.blocks or not np.any(diff.C[..., 1:] != 0):
            vals = self.const_value(diff, "difference")
            return ctx.add(b, ctx.constant(np.vectorize(lambda t: max(t, 0) if sign > 0 else min(t, 0),
                                                        otypes=[object])(vals)))
        # max(a, b) = b + relu(a - b); min(a, b) = b - relu(b - a) = a - relu(a - b)
        base = b if sign > 0 else a
        name = self._register(op_name, shape)
        m = int(np.prod(shape, dtype=int))
        blocks = tuple(sorted(set(diff.blocks) | set(base.blocks)))
        D = ctx.expand(diff, blocks).reshape(m, -1)
        B = ctx.expand(base, blocks).reshape(m, -1)
        rows, acts, units, coef, consts = [], [], [], [], []
        den = diff.den * base.den
        for i in range(m):
            idx = self._index(i, shape)
            mine = []
            rows.append(D[i] * base.den)
            acts.append(("relu",))
            units.append(Unit(name, op_name, idx, 0, 1 if sign > 0 else -1))
            mine.append((len(units) - 1, Fraction(sign)))
            c = Fraction(0)
            if np.any(B[i, 1:] != 0):
                rows.append(B[i] * diff.den)
                acts.append(("identity",))
                units.append(Unit(name, op_name, idx, None, 1))
                mine.append((len(units) - 1, Fraction(1)))
            else:
                c = Fraction(B[i, 0], base.den)
            coef.append(mine)
            consts.append(c)
        P = _Aff(np.array(rows, dtype=object).reshape(len(rows), -1), blocks, den).normalized()
        return self._make_op(P, acts, units, shape, coef, consts)

    def max_windows(self, x, windows, out_shape, op_name):
        """Max over windows: ``windows[i]`` lists flat input positions of output ``i``."""
        x = self.aff(x)
        if not x.blocks or not np.any(x.C[..., 1:] != 0):
            vals = self.const_value(x, "input").reshape(-1)
            return self.ctx.constant(np.array([max(vals[j] for j in w) for w in windows],
                                              dtype=object).reshape(out_shape))
        name = self._register(op_name, out_shape)
        X = x.C.reshape(-1, x.C.shape[-1])
        rows, groups, units = [], [], []
        for i, w in enumerate(windows):
            g = []
            for j in w:
                g.append(len(rows))
                rows.append(X[j])
            groups.append(g)
            units.append(Unit(name, op_name, self._index(i, out_shape), None, 1,
                              tuple(self._index(j, x.shape) for j in w)))
        P = _Aff(np.array(rows, dtype=object).reshape(len(rows), -1), x.blocks, x.den)
        n = len(windows)
        coef = [[(i, Fraction(1))] for i in range(n)]
        return self._make_op(P, None, units, out_shape, coef, [Fraction(0)] * n, groups)

    # -- affine ops -------------------------------------------------------

    def linear(self, x, W, b):
        x = self.aff(x)
        Wn, wd = _int_array(_frac_array(W, f"{self.where()}: weight", self.torch))
        C = np.moveaxis(np.tensordot(x.C, Wn, axes=([x.C.ndim - 2], [1])), -1, -2)
        out = _Aff(C, x.blocks, x.den * wd)
        if b is not None:
            out = self.ctx.add(out, self.aff_const(b, "bias"))
        return out.normalized()

    def aff_const(self, t, what):
        return self.ctx.constant(_frac_array(t, f"{self.where()}: {what}", self.torch))

    def conv(self, x, W, b, stride, padding, dilation, groups, padding_mode="zeros"):
        x = self.aff(x)
        Wf = _frac_array(W, f"{self.where()}: weight", self.torch)
        Wn, wd = _int_array(Wf)
        d = Wn.ndim - 2
        if len(x.shape) != d + 2:
            self.refuse(f"expects a batch of {d}-d inputs, got shape {tuple(x.shape)}", ValueError)
        stride, dilation = _tup(stride, d), _tup(dilation, d)
        ksz = Wn.shape[2:]
        L = x.shape[2:]
        if isinstance(padding, str):
            if padding == "valid":
                pads = [(0, 0)] * d
            elif padding == "same":
                pads = []
                for k, dl in zip(ksz, dilation):
                    tot = dl * (k - 1)
                    pads.append((tot // 2, tot - tot // 2))
            else:
                self.refuse(f"unknown padding {padding!r}", ValueError)
        else:
            pads = [(p, p) for p in _tup(padding, d)]
        Cx = x.C
        if any(p != (0, 0) for p in pads):
            mode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
                    "circular": "wrap"}.get(padding_mode)
            if mode is None:
                self.refuse(f"unknown padding mode {padding_mode!r}", ValueError)
            width = [(0, 0), (0, 0)] + list(pads) + [(0, 0)]
            if mode == "constant":
                # np.pad would fill with numpy int64 zeros, which overflow when multiplied
                Z = _object_zeros(tuple(s + a + b for s, (a, b) in zip(Cx.shape, width)))
                Z[tuple(slice(a, a + s) for s, (a, b) in zip(Cx.shape, width))] = Cx
                Cx = Z
            else:
                Cx = np.pad(Cx, width, mode=mode)
        Lp = Cx.shape[2:-1]
        outL = [(Lp[i] - dilation[i] * (ksz[i] - 1) - 1) // stride[i] + 1 for i in range(d)]
        if any(o <= 0 for o in outL):
            self.refuse(f"the input {tuple(L)} is smaller than the kernel", ValueError)
        cin, cout = x.shape[1], Wn.shape[0]
        cin_g, cout_g = cin // groups, cout // groups
        K = Cx.shape[-1]
        out = _object_zeros((x.shape[0], cout) + tuple(outL) + (K,))
        for g in range(groups):
            for off in product(*[range(k) for k in ksz]):
                sl = tuple(slice(off[i] * dilation[i], off[i] * dilation[i] + stride[i] * (outL[i] - 1) + 1,
                                 stride[i]) for i in range(d))
                patch = Cx[(slice(None), slice(g * cin_g, (g + 1) * cin_g)) + sl]   # (N, cin_g, *outL, K)
                w = Wn[(slice(g * cout_g, (g + 1) * cout_g), slice(None)) + tuple(off)]  # (cout_g, cin_g)
                if not np.any(w != 0):
                    continue
                contrib = np.tensordot(w, patch, axes=([1], [1]))    # (cout_g, N, *outL, K)
                out[:, g * cout_g:(g + 1) * cout_g] += np.moveaxis(contrib, 0, 1)
        res = _Aff(out, x.blocks, x.den * wd)
        if b is not None:
            bf = _frac_array(b, f"{self.where()}: bias", self.torch)
            res = self.ctx.add(res, self.ctx.constant(bf.reshape((cout,) + (1,) * d)))
        return res.normalized()

    def channel_affine(self, x, scale, shift):
        """``x * scale + shift`` along the channel axis (axis 1); Fractions."""
        x = self.aff(x)
        shape = [1] * len(x.shape)
        if len(x.shape) < 2:
            self.refuse(f"expects a batch of shape (N, C, ...), got {tuple(x.shape)}", ValueError)
        shape[1] = len(scale)
        sn, sd = _int_array(np.array(scale, dtype=object))
        out = _Aff(x.C * sn.reshape(shape + [1]), x.blocks, x.den * sd)
        return self.ctx.add(out, self.ctx.constant(np.array(shift, dtype=object).reshape(shape))).normalized()

    def batch_norm(self, x, mean, var, weight, bias, eps):
        torch = self.torch
        v = var.detach().double()
        w = weight.detach().double() if weight is not None else torch.ones_like(v)
        scale_t = w / torch.sqrt(v + float(eps))
        scale = list(_frac_array(scale_t, f"{self.where()}: scale", torch))
        m = _frac_array(mean, f"{self.where()}: running_mean", torch)
        bb = _frac_array(bias, f"{self.where()}: bias", torch) if bias is not None else [Fraction(0)] * len(scale)
        shift = [bb[i] - m[i] * scale[i] for i in range(len(scale))]
        self.inexact.append(self.unit_name())
        return self.channel_affine(x, scale, shift)

    def pool_windows(self, shape, kernel, stride, padding, dilation, ceil_mode, d):
        """Per output position (flat), the flat input positions in its window (and the
        padded-window size for average pooling)."""
        L = shape[-d:]
        kernel = _tup(kernel, d)
        stride = _tup(stride if stride not in (None, [], ()) else kernel, d)
        padding, dilation = _tup(padding, d), _tup(dilation, d)
        outL = []
        for i in range(d):
            span = L[i] + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1
            o = (-(-span // stride[i]) if ceil_mode else span // stride[i]) + 1
            if ceil_mode and (o - 1) * stride[i] >= L[i] + padding[i]:
                o -= 1
            if o <= 0:
                self.refuse(f"the input {tuple(L)} is smaller than the window", ValueError)
            outL.append(o)
        per_dim = []
        for i in range(d):
            wins = []
            for o in range(outL[i]):
                start = o * stride[i] - padding[i]
                idx = [start + j * dilation[i] for j in range(kernel[i])]
                inside = [t for t in idx if 0 <= t < L[i]]
                padded = len([t for t in idx if t < L[i] + padding[i]])
                wins.append((inside, padded))
            per_dim.append(wins)
        return outL, per_dim

    def pool(self, x, kind, kernel, stride, padding, dilation, ceil_mode, d,
             count_include_pad=True, divisor_override=None, op_name="pool"):
        x = self.aff(x)
        if len(x.shape) < d + 1:
            self.refuse(f"expects at least {d + 1} dimensions, got shape {tuple(x.shape)}", ValueError)
        outL, per_dim = self.pool_windows(x.shape, kernel, stride, padding, dilation, ceil_mode, d)
        return self._windows(x, kind, outL, per_dim, d, count_include_pad, divisor_override, op_name)

    def adaptive_pool(self, x, kind, output_size, d, op_name):
        x = self.aff(x)
        L = x.shape[-d:]
        outs = _tup(output_size, d)
        per_dim, outL = [], []
        for i in range(d):
            o = L[i] if outs[i] is None else int(outs[i])
            wins = []
            for j in range(o):
                s, e = (j * L[i]) // o, -(-((j + 1) * L[i]) // o)
                wins.append((list(range(s, e)), e - s))
            per_dim.append(wins)
            outL.append(o)
        return self._windows(x, kind, outL, per_dim, d, True, None, op_name)

    def _windows(self, x, kind, outL, per_dim, d, count_include_pad, divisor_override, op_name):
        lead = x.shape[:-d]
        L = x.shape[-d:]
        nlead = int(np.prod(lead, dtype=int))
        out_shape = tuple(lead) + tuple(outL)
        if kind == "avg":
            K = x.C.shape[-1]
            Xr = x.C.reshape((nlead,) + tuple(L) + (K,))
            out = _object_zeros((nlead,) + tuple(outL) + (K,))
            dens = []
            for opos in product(*[range(o) for o in outL]):
                wins = [per_dim[i][opos[i]] for i in range(d)]
                cnt = math.prod(len(w[0]) for w in wins)
                div = divisor_override or (math.prod(w[1] for w in wins) if count_include_pad else cnt)
                acc = 0
                for ipos in product(*[w[0] for w in wins]):
                    acc = acc + Xr[(slice(None),) + ipos]
                out[(slice(None),) + opos] = acc * 1   # keeps zeros as ints
                dens.append((opos, div))
            den = 1
            for _, v in dens:
                den = den * v // math.gcd(den, v)
            for opos, v in dens:
                out[(slice(None),) + opos] *= den // v
            return _Aff(out.reshape(out_shape + (K,)), x.blocks, x.den * den).normalized()
        windows = []
        strides = np.array([int(np.prod(L[i + 1:], dtype=int)) for i in range(d)])
        size = int(np.prod(L, dtype=int))
        for lp in range(nlead):
            for opos in product(*[range(o) for o in outL]):
                wins = [per_dim[i][opos[i]][0] for i in range(d)]
                windows.append([lp * size + int(np.dot(strides, ipos)) for ipos in product(*wins)])
        if any(not w for w in windows):
            self.refuse("a pooling window lies entirely in the padding", ValueError)
        return self.max_windows(x, windows, out_shape, op_name)


def _tup(v, d):
    if isinstance(v, (list, tuple)):
        if len(v) == 1 and d > 1:
            return tuple(v) * d
        return tuple(v)
    return (v,) * d


def _fn_name(node):
    t = node.target
    if node.op == "call_method":
        return f"method .{t}()"
    name = getattr(t, "__name__", str(t))
    if name == "fn":   # torch's boolean_dispatch wrappers (max_pool2d, ...)
        name = node.name.rstrip("_0123456789") or node.name
    mod = getattr(t, "__module__", "") or ""
    if mod.startswith("torch.nn.functional"):
        return f"function F.{name}"
    if mod.startswith("torch") or mod == "builtins" and hasattr(__import__("torch"), name):
        return f"function torch.{name}"
    return f"function {name}"


# ---------------------------------------------------------------------------
# the public entry points

def is_plain_sequential(model):
    """
    Whether ``model`` is a ``Sequential`` (or a ``Linear``) that the plain reader of
    :func:`~tropsage.nn.as_network` takes as it always did: ``Linear``, ``ReLU``,
    ``LeakyReLU``, ``Identity``, ``Flatten``, ``Dropout`` and nested ``Sequential``.
    Anything else goes through :func:`lower`.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.nn.lowering import is_plain_sequential
        >>> is_plain_sequential(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU()))
        True
        >>> is_plain_sequential(torch.nn.Sequential(torch.nn.Conv1d(1, 1, 2)))
        False
    """
    import torch.nn as tnn
    if isinstance(model, tnn.Linear):
        return True
    if type(model) is not tnn.Sequential:
        return False
    plain = (tnn.Linear, tnn.ReLU, tnn.LeakyReLU, tnn.Identity, tnn.Flatten, tnn.Dropout)
    for m in model.modules():
        if type(m) is tnn.Sequential:
            continue
        if type(m) not in plain:
            return False
    return True


def lower(model, input_shape=None, limit_denominator=None, check=True):
    """
    Lower a piecewise-linear PyTorch model exactly to a :class:`LoweredNetwork`.

    INPUT:

    - ``model`` -- a ``torch.nn.Module`` (or an ``fx.GraphModule``) built from the
      pieces listed in :mod:`tropsage.nn.lowering`, in eval mode when it has batch norms
      or dropout; it takes one tensor of shape ``(N, *input_shape)``.
    - ``input_shape`` -- the shape of one input, batch dimension dropped
      (``(1, 8, 8)`` for 8×8 grey images). Optional when the input goes into a
      ``Linear`` module (its ``in_features``).
    - ``limit_denominator`` -- round every weight of the lowered network to the
      closest fraction with at most this denominator (recorded in ``info``).
    - ``check`` -- (default ``True``) compare every traced operation with torch's own
      float64 forward pass at a random input; a disagreement is a lowering bug and
      raises ``RuntimeError`` instead of returning a wrong network.

    OUTPUT: a :class:`LoweredNetwork` ``N`` with ``N(x)`` equal to ``model(x)`` for
    every input ``x`` flattened in row-major order (exactly for the weights as
    floats; batch norms up to the float64 value of their scale), with ``units``, the
    map of every unit back to its module.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.nn import lower
        >>> class Block(torch.nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc = torch.nn.Linear(2, 2)
        ...     def forward(self, x):
        ...         return torch.relu(self.fc(x)) + x        # a residual block
        >>> net = lower(Block())
        >>> net
        Network 2 -> 4 (PerUnit(relu×2, identity×2)) -> 2 (identity)
        >>> [u.op for u in net.units[0]]
        ['relu', 'relu', 'carry', 'carry']
        >>> lower(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid()))
        Traceback (most recent call last):
        ...
        TypeError: module '1' (Sigmoid): unsupported layer: sigmoid is not piecewise linear, so the model is not a tropical rational map
    """
    try:
        import torch
        import torch.fx as fx
    except ImportError:
        raise ImportError("lowering a torch model needs torch: pip install 'tropsage[torch]'") from None
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"lower() takes a torch.nn.Module, got {type(model).__name__}")
    for name, m in model.named_modules():
        if m.training and isinstance(m, (torch.nn.modules.batchnorm._BatchNorm,
                                         torch.nn.modules.dropout._DropoutNd)):
            raise ValueError(f"module {name!r} ({type(m).__name__}) is in training mode, where "
                             "its output depends on the batch or on chance: call model.eval() first")
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm) and not m.track_running_stats:
            raise ValueError(f"module {name!r} ({type(m).__name__}) has no running statistics "
                             "(track_running_stats=False): it normalizes by the batch, which is "
                             "not a fixed affine map")
    if isinstance(model, fx.GraphModule):
        gm = model
    else:
        try:
            gm = fx.symbolic_trace(model)
        except Exception as exc:   # noqa: BLE001  (fx raises TraceError, TypeError, ...)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise TypeError(f"cannot trace {type(model).__name__} with torch.fx ({first}): "
                            "data-dependent control flow or untraceable Python in forward(); "
                            "tropsage lowers models whose operations do not depend on the "
                            "input values") from None
    def where_module(n):
        stack = n.meta.get("nn_module_stack") or {}
        if stack:
            path, (qual, cls) = list(stack.items())[-1]
            qual = qual if isinstance(qual, str) else path
            return f"in {qual!r} ({getattr(cls, '__name__', cls)})"
        return "in forward"

    graph = gm.graph
    nodes = list(graph.nodes)
    placeholders = [n for n in nodes if n.op == "placeholder"]
    if not placeholders:
        raise TypeError("the model takes no input")
    extra = [n for n in placeholders[1:] if not n.args]
    if extra:
        raise TypeError(f"the model takes {len(placeholders)} inputs "
                        f"({', '.join(n.name for n in placeholders)}); tropsage lowers models "
                        "of one tensor")
    # refuse what can never be lowered before asking for an input shape
    pre = _Lowering(torch, gm, (1,), where_module)
    for n in nodes:
        pre.node = n
        if n.op == "call_module":
            name = type(gm.get_submodule(n.target)).__name__
            if name in _SMOOTH or name in _DISCONTINUOUS:
                _module(pre, gm.get_submodule(n.target), (None,), {})
        elif n.op in ("call_function", "call_method"):
            fname = n.target if n.op == "call_method" else getattr(n.target, "__name__", "")
            if fname in _SMOOTH or fname in _DISCONTINUOUS:
                pre.refuse(_why_not(fname, pre))
    if input_shape is None:
        input_shape = _infer_input_shape(gm, placeholders[0])
    try:
        input_shape = tuple(int(s) for s in input_shape)
    except (TypeError, ValueError):
        raise TypeError(f"input_shape must be a tuple of ints, got {input_shape!r}") from None
    if not input_shape or any(s <= 0 for s in input_shape):
        raise ValueError(f"input_shape must be a non-empty tuple of positive sizes, got {input_shape}")

    low = _Lowering(torch, gm, input_shape, where_module)
    ctx = low.ctx
    n_in = int(np.prod(input_shape))
    ctx.block_size[0] = n_in
    # the probe: a random input, torch's float64 pass recorded node by node
    gen = np.random.default_rng(12345)
    probe_x = gen.standard_normal(n_in)
    low.probe[0] = probe_x
    ref = _reference_pass(torch, fx, gm, probe_x.reshape((1,) + input_shape)) if check else {}

    # nodes the output depends on
    live, stack = set(), [n for n in nodes if n.op == "output"]
    while stack:
        n = stack.pop()
        if n in live:
            continue
        live.add(n)
        stack.extend(n.all_input_nodes)
    env = {}
    C0 = _object_zeros((1,) + input_shape + (1 + n_in,))
    C0.reshape(n_in, 1 + n_in)[:, 1:] = np.eye(n_in, dtype=int).astype(object)
    output = None
    for node in nodes:
        if node not in live:
            continue
        low.node = node
        if node.op == "placeholder":
            if node is placeholders[0]:
                env[node] = _Aff(C0, (0,), 1)
            else:
                env[node] = node.args[0]
            continue
        if node.op == "output":
            output = _map_args(node.args[0], env)
            break
        if node.op == "get_attr":
            env[node] = _fetch_attr(gm, node.target)
            continue
        args = _map_args(node.args, env)
        kwargs = _map_args(node.kwargs, env)
        val = _dispatch(low, node, args, kwargs)
        env[node] = val
        if check and isinstance(val, _Aff) and node in ref:
            _check_node(low, node, val, ref[node])
    low.node = None
    if isinstance(output, (tuple, list)) and len(output) == 1:
        output = output[0]
    if not isinstance(output, _Aff):
        raise TypeError(f"the model returns {type(output).__name__}; tropsage lowers models "
                        "returning one tensor")
    if output.shape[:1] != (1,):
        raise ValueError(f"the model's output has shape {tuple(output.shape)}, without the "
                         "batch dimension in front")
    return _assemble(low, output, input_shape, limit_denominator, model)


def _infer_input_shape(gm, ph):
    import torch.nn as tnn
    for user in ph.users:
        if user.op == "call_module" and isinstance(gm.get_submodule(user.target), tnn.Linear):
            return (gm.get_submodule(user.target).in_features,)
    raise ValueError("give input_shape= (the shape of one input without the batch "
                     "dimension, e.g. (1, 8, 8)): it can be inferred only when the input "
                     "goes straight into a Linear layer")


def _fetch_attr(gm, target):
    obj = gm
    for part in target.split("."):
        obj = getattr(obj, part)
    return obj


def _map_args(a, env):
    if isinstance(a, (list, tuple)):
        t = [_map_args(v, env) for v in a]
        return type(a)(t) if not hasattr(a, "_fields") else type(a)(*t)
    if isinstance(a, dict):
        return {k: _map_args(v, env) for k, v in a.items()}
    if type(a).__name__ == "Node":
        return env[a]
    return a


def _reference_pass(torch, fx, gm, x):
    import copy
    out = {}
    model = copy.deepcopy(gm).double()

    class Rec(fx.Interpreter):
        def run_node(self, n):
            r = super().run_node(n)
            if isinstance(r, torch.Tensor):
                out[n] = r.detach().numpy().copy()
            return r

    with torch.no_grad():
        Rec(model).run(torch.tensor(x, dtype=torch.float64))
    # map nodes of the copy back to ours by name
    by_name = {n.name: n for n in gm.graph.nodes}
    return {by_name[n.name]: v for n, v in out.items()}


def _check_node(low, node, val, ref):
    mine = low.probe_eval(val)
    if mine.shape != ref.shape:
        raise RuntimeError(f"lowering bug at {low.where()}: shape {mine.shape}, torch gives "
                           f"{ref.shape}; please report it")
    err = float(np.max(np.abs(mine - ref))) if mine.size else 0.0
    if err > CHECK_TOLERANCE * (1 + float(np.max(np.abs(ref))) if ref.size else 1):
        raise RuntimeError(f"lowering bug at {low.where()}: differs from torch's float64 "
                           f"forward pass by {err:.3g}; please report it")


# ---------------------------------------------------------------------------
# dispatch: what each traced node does

def _dispatch(low, node, args, kwargs):
    torch = low.torch
    if node.op == "call_module":
        mod = low.gm.get_submodule(node.target)
        return _module(low, mod, args, kwargs)
    if node.op == "call_method":
        name = node.target
        if not args or not isinstance(args[0], (_Aff, torch.Tensor)):
            low.refuse("a method call on something other than a tensor")
        return _call(low, name, args, kwargs, method=True)
    if node.op == "call_function":
        t = node.target
        name = getattr(t, "__name__", str(t))
        F = torch.nn.functional
        for fname in ("max_pool1d", "max_pool2d", "max_pool3d", "adaptive_max_pool1d",
                      "adaptive_max_pool2d", "adaptive_max_pool3d"):
            if t is getattr(F, fname):
                name = fname
        if t is getattr:
            obj, attr = args[0], args[1]
            if isinstance(obj, _Aff) and attr == "shape":
                return torch.Size(obj.shape)
            if isinstance(obj, _Aff) and attr == "ndim":
                return len(obj.shape)
            if isinstance(obj, _Aff):
                low.refuse(f"reads attribute {attr!r} of a traced tensor")
            return getattr(obj, attr)
        if t is operator.getitem:
            obj, idx = args
            if isinstance(obj, _Aff):
                return _getitem(low, obj, idx)
            return obj[idx]
        return _call(low, name, args, kwargs, method=False,
                     module=getattr(t, "__module__", "") or "")
    low.refuse(f"cannot lower a node of kind {node.op}")


def _call(low, name, args, kwargs, method, module=""):
    torch = low.torch
    tensors = any(isinstance(a, _Aff) for a in list(args) + list(kwargs.values())) or any(
        isinstance(a, (list, tuple)) and any(isinstance(v, _Aff) for v in a) for a in args)
    if not tensors:
        # arithmetic on shapes and constants: run it as Python/torch would
        fn = getattr(args[0], name) if method else _pyfunc(name, module, torch)
        if fn is None:
            low.refuse("cannot evaluate this call")
        return fn(*(args[1:] if method else args), **kwargs)
    base = name.rstrip("_") if name.endswith("_") and not name.startswith("__") else name
    h = _HANDLERS.get(base)
    if h is None:
        low.refuse(_why_not(base, low))
    return h(low, *args, **kwargs)


def _pyfunc(name, module, torch):
    if module in ("_operator", "operator"):
        return getattr(operator, name, None)
    if module.startswith("torch.nn.functional"):
        return getattr(torch.nn.functional, name, None)
    if module.startswith("torch"):
        return getattr(torch, name, None)
    import builtins
    return getattr(builtins, name, None) or getattr(math, name, None)


def _why_not(name, low):
    if name in _SMOOTH:
        return (f"unsupported operation: {name} is not piecewise linear, so the model is not "
                "a tropical rational map")
    if name in _DISCONTINUOUS:
        return (f"unsupported operation: {name} is discontinuous, so the model is not a "
                "tropical rational map")
    return (f"unsupported operation {name!r}; tropsage lowers affine maps, ReLU-type "
            "activations, clamp/abs/maximum/minimum and max pooling (see tropsage.nn.lowering)")


def _dims(shape, dims):
    nd = len(shape)
    if dims is None:
        return tuple(range(nd))
    if isinstance(dims, int):
        dims = (dims,)
    return tuple(sorted(d % nd for d in dims))


def _reduce_sum(low, x, dim=None, keepdim=False, dtype=None, mean=False):
    x = low.aff(x)
    dims = _dims(x.shape, dim)
    C = x.C.sum(axis=dims, keepdims=keepdim) if dims else x.C
    if not isinstance(C, np.ndarray):
        C = np.array(C, dtype=object)
    n = math.prod(x.shape[d] for d in dims)
    out = _Aff(np.asarray(C, dtype=object), x.blocks, x.den * (n if mean else 1))
    return out.normalized()


def _getitem(low, x, idx):
    if not isinstance(idx, tuple):
        idx = (idx,)
    nd = len(x.shape)
    torch = low.torch
    idx = tuple(np.array(i.tolist()) if isinstance(i, torch.Tensor) else i for i in idx)
    if any(isinstance(i, _Aff) for i in idx):
        low.refuse("indexes a tensor by values computed from the input (not piecewise linear)")
    if Ellipsis in idx:
        k = idx.index(Ellipsis)
        used = sum(1 for i in idx if i is not None and i is not Ellipsis)
        idx = idx[:k] + (slice(None),) * (nd - used) + idx[k + 1:]
    used = sum(1 for i in idx if i is not None)
    idx = idx + (slice(None),) * (nd - used) + (slice(None),)
    return _Aff(x.C[idx], x.blocks, x.den)


def _reshape(low, x, *shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list, low.torch.Size)):
        shape = tuple(shape[0])
    shape = tuple(int(s) for s in shape)
    try:
        return x.with_shape_op(lambda C: C.reshape(shape + (C.shape[-1],)))
    except ValueError:
        low.refuse(f"cannot reshape {tuple(x.shape)} to {shape}", ValueError)


def _flatten(low, x, start_dim=0, end_dim=-1):
    x = low.aff(x)
    nd = len(x.shape)
    s, e = start_dim % nd if nd else 0, end_dim % nd if nd else 0
    shape = x.shape[:s] + (int(np.prod(x.shape[s:e + 1], dtype=int)),) + x.shape[e + 1:]
    return x.with_shape_op(lambda C: C.reshape(tuple(shape) + (C.shape[-1],)))


def _permute(low, x, *dims):
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    nd = len(x.shape)
    dims = tuple(d % nd for d in dims) + (nd,)
    return x.with_shape_op(lambda C: np.transpose(C, dims))


def _transpose(low, x, d0, d1):
    nd = len(x.shape)
    return x.with_shape_op(lambda C: np.swapaxes(C, d0 % nd, d1 % nd))


def _squeeze(low, x, dim=None):
    nd = len(x.shape)
    if dim is None:
        axes = tuple(i for i in range(nd) if x.shape[i] == 1)
    else:
        axes = tuple(d % nd for d in (dim if isinstance(dim, (tuple, list)) else (dim,))
                     if x.shape[d % nd] == 1)
    return x.with_shape_op(lambda C: np.squeeze(C, axis=axes) if axes else C)


def _unsqueeze(low, x, dim):
    nd = len(x.shape) + 1
    return x.with_shape_op(lambda C: np.expand_dims(C, dim % nd))


def _cat(low, tensors, dim=0, axis=None):
    dim = axis if axis is not None else dim
    ts_ = [low.aff(t) for t in tensors]
    blocks = tuple(sorted(set().union(*[t.blocks for t in ts_])))
    den = 1
    for t in ts_:
        den = den * t.den // math.gcd(den, t.den)
    nd = len(ts_[0].shape)
    parts = [low.ctx.expand(t, blocks) * (den // t.den) for t in ts_]
    return _Aff(np.concatenate(parts, axis=dim % nd), blocks, den).normalized()


def _stack(low, tensors, dim=0):
    nd = len(low.aff(tensors[0]).shape) + 1
    return _cat(low, [_unsqueeze(low, low.aff(t), dim % nd) for t in tensors], dim % nd)


def _add(low, a, b, alpha=1, sign=1):
    if isinstance(alpha, low.torch.Tensor) or isinstance(alpha, _Aff):
        low.refuse("alpha must be a number")
    return low.ctx.add(low.aff(a), low.aff(b), sign * as_fraction(alpha, "alpha"))


def _mul(low, a, b):
    ca, cb = low.const_value(a, "factor"), low.const_value(b, "factor")
    if ca is None and cb is None:
        low.refuse("multiplies two tensors that both depend on the input: a product is not "
                   "piecewise linear")
    x, c = (a, cb) if ca is None else (b, ca)
    if ca is not None and cb is not None:
        return low.ctx.constant(ca * cb)
    x = low.aff(x)
    if c.shape == ():
        return x.scaled(c.item() if hasattr(c, "item") else c)
    cn, cd = _int_array(c)
    shape = np.broadcast_shapes(x.shape, c.shape)
    C = np.broadcast_to(x.C, shape + x.C.shape[-1:]) * cn[..., None]
    return _Aff(C, x.blocks, x.den * cd).normalized()


def _div(low, a, b, rounding_mode=None):
    if rounding_mode is not None:
        low.refuse(f"division with rounding_mode={rounding_mode!r} is discontinuous")
    cb = low.const_value(b, "divisor")
    if cb is None:
        low.refuse("divides by a tensor that depends on the input: not piecewise linear")
    if any(v == 0 for v in np.asarray(cb).flat):
        low.refuse("divides by zero", ValueError)
    inv = np.vectorize(lambda v: 1 / v, otypes=[object])(cb)
    return _mul(low, a, inv if inv.shape else inv.item())


def _neg(low, x):
    return low.aff(x).scaled(-1)


def _rsub(low, a, b, alpha=1):
    return low.ctx.add(low.aff(b), low.aff(a), -as_fraction(alpha, "alpha"))


def _identity(low, x, *args, **kwargs):
    return low.aff(x)


# scalar piecewise-linear functions -------------------------------------------

def _relu(low, x, inplace=False):
    return low.scalar_pwl(x, "relu", lambda i: ([Fraction(0), Fraction(1)], [Fraction(0)], Fraction(0)))


def _leaky(low, x, negative_slope=0.01, inplace=False):
    a = as_fraction(negative_slope, f"{low.where()}: negative_slope")
    return low.scalar_pwl(x, "leaky_relu", lambda i: ([a, Fraction(1)], [Fraction(0)], Fraction(0)))


def _clamp_spec(lo, hi):
    if lo is not None and hi is not None:
        if lo > hi:
            return None
        if lo == hi:
            return ([Fraction(0), Fraction(0)], [lo], lo)
        return ([Fraction(0), Fraction(1), Fraction(0)], [lo, hi], lo)
    if lo is not None:
        return ([Fraction(0), Fraction(1)], [lo], lo)
    return ([Fraction(1), Fraction(0)], [hi], hi)


def _clamp(low, x, min=None, max=None, op_name="clamp"):   # noqa: A002  (torch's names)
    lo_t, hi_t = min, max
    if lo_t is None and hi_t is None:
        low.refuse("clamp needs min or max", ValueError)
    tensor_bound = any(isinstance(v, (_Aff, low.torch.Tensor)) and getattr(v, "shape", ()) != ()
                       for v in (lo_t, hi_t))
    if tensor_bound:
        out = x
        if lo_t is not None:
            out = low.maximum(out, lo_t, "clamp")
        if hi_t is not None:
            out = low.maximum(out, hi_t, "clamp", sign=-1)
        return out
    lo = None if lo_t is None else as_fraction(lo_t, f"{low.where()}: min")
    hi = None if hi_t is None else as_fraction(hi_t, f"{low.where()}: max")
    spec = _clamp_spec(lo, hi)
    if spec is None:
        # torch: min > max gives max everywhere
        return low.ctx.constant(np.full(low.aff(x).shape, hi, dtype=object))
    return low.scalar_pwl(x, op_name, lambda i: spec)


def _clamp_min(low, x, min):   # noqa: A002
    return _clamp(low, x, min=min)


def _clamp_max(low, x, max):   # noqa: A002
    return _clamp(low, x, max=max)


def _hardtanh(low, x, min_val=-1.0, max_val=1.0, inplace=False):
    return _clamp(low, x, min_val, max_val, "hardtanh")


def _relu6(low, x, inplace=False):
    return _clamp(low, x, 0, 6, "relu6")


def _hardsigmoid(low, x, inplace=False):
    spec = ([Fraction(0), Fraction(1, 6), Fraction(0)], [Fraction(-3), Fraction(3)], Fraction(0))
    return low.scalar_pwl(x, "hardsigmoid", lambda i: spec)


def _softshrink(low, x, lambd=0.5):
    lam = as_fraction(lambd, f"{low.where()}: lambd")
    if lam < 0:
        low.refuse("softshrink needs lambd >= 0", ValueError)
    if lam == 0:
        return low.aff(x)
    spec = ([Fraction(1), Fraction(0), Fraction(1)], [-lam, lam], Fraction(0))
    return low.scalar_pwl(x, "softshrink", lambda i: spec)


def _threshold(low, x, threshold, value, inplace=False):
    th = as_fraction(threshold, f"{low.where()}: threshold")
    v = as_fraction(value, f"{low.where()}: value")
    if th != v:
        low.refuse(f"Threshold with value {v} != threshold {th} is discontinuous, so the model "
                   "is not a tropical rational map")
    return _clamp(low, x, min=th)


def _abs(low, x):
    spec = ([Fraction(-1), Fraction(1)], [Fraction(0)], Fraction(0))
    return low.scalar_pwl(x, "abs", lambda i: spec)


def _prelu(low, x, weight):
    x = low.aff(x)
    w = _frac_array(weight, f"{low.where()}: weight", low.torch).reshape(-1)
    shape = x.shape
    if len(w) == 1:
        alphas = lambda i: w[0]   # noqa: E731
    else:
        if len(shape) < 2 or shape[1] != len(w):
            low.refuse(f"{len(w)} PReLU parameters for an input of shape {tuple(shape)}", ValueError)
        inner = int(np.prod(shape[2:], dtype=int))
        alphas = lambda i: w[(i // inner) % shape[1]]   # noqa: E731
    return low.scalar_pwl(x, "prelu", lambda i: ([alphas(i), Fraction(1)], [Fraction(0)], Fraction(0)))


def _maximum(low, a, b, *rest, **kw):
    if rest or kw or not isinstance(b, (_Aff, low.torch.Tensor, int, float)):
        low.refuse("max/min over a dimension returns indices; use max pooling or amax")
    return low.maximum(a, b, "maximum")


def _minimum(low, a, b, *rest, **kw):
    if rest or kw or not isinstance(b, (_Aff, low.torch.Tensor, int, float)):
        low.refuse("max/min over a dimension returns indices; use max pooling or amin")
    return low.maximum(a, b, "minimum", sign=-1)


def _amax(low, x, dim=(), keepdim=False):
    x = low.aff(x)
    nd = len(x.shape)
    dims = _dims(x.shape, None if dim in ((), None, []) else dim)
    if 0 in dims:
        low.refuse("a max over the batch dimension mixes samples", ValueError)
    keep = [d for d in range(nd) if d not in dims]
    Cp = np.transpose(x.C, keep + list(dims) + [nd])
    kshape = tuple(x.shape[d] for d in keep)
    size = int(np.prod([x.shape[d] for d in dims], dtype=int))
    n_out = int(np.prod(kshape, dtype=int))
    windows = [list(range(i * size, (i + 1) * size)) for i in range(n_out)]
    res = low.max_windows(_Aff(Cp.reshape(kshape + (size, Cp.shape[-1])), x.blocks, x.den),
                          windows, kshape, "amax")
    out_shape = tuple(1 if d in dims else x.shape[d] for d in range(nd)) if keepdim else kshape
    return res.with_shape_op(lambda C: C.reshape(tuple(out_shape) + (C.shape[-1],)))


# pooling ------------------------------------------------------------------

def _max_pool(d):
    def h(low, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
          return_indices=False):
        if return_indices:
            low.refuse("max pooling with return_indices=True returns integer indices, not a "
                       "piecewise-linear value")
        return low.pool(x, "max", kernel_size, stride, padding, dilation, ceil_mode, d,
                        op_name=f"max_pool{d}d")
    return h


def _avg_pool(d):
    def h(low, x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
          divisor_override=None):
        return low.pool(x, "avg", kernel_size, stride, padding, 1, ceil_mode, d,
                        count_include_pad, divisor_override, op_name=f"avg_pool{d}d")
    return h


def _adaptive(kind, d):
    def h(low, x, output_size, return_indices=False):
        if return_indices:
            low.refuse("adaptive max pooling with return_indices=True returns integer indices")
        return low.adaptive_pool(x, kind, output_size, d, f"adaptive_{kind}_pool{d}d")
    return h


def _f_linear(low, x, weight, bias=None):
    return low.linear(x, weight, bias)


def _f_conv(d):
    def h(low, x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
        return low.conv(x, weight, bias, stride, padding, dilation, groups)
    return h


def _f_batch_norm(low, x, running_mean, running_var, weight=None, bias=None, training=False,
                  momentum=0.1, eps=1e-5):
    if training or running_mean is None or running_var is None:
        low.refuse("batch norm in training mode (or without running statistics) depends on "
                   "the batch: call model.eval() first", ValueError)
    return low.batch_norm(x, running_mean, running_var, weight, bias, eps)


def _f_dropout(low, x, p=0.5, training=True, inplace=False):
    if training and p > 0:
        low.refuse("dropout in training mode is random: call model.eval() first", ValueError)
    return low.aff(x)


def _size(low, x, dim=None):
    shape = low.torch.Size(x.shape)
    return shape if dim is None else shape[dim]


def _dim(low, x):
    return len(x.shape)


def _numel(low, x):
    return int(np.prod(x.shape, dtype=int))


def _expand_as_view(low, x, other):
    return _reshape(low, x, *other.shape)


def _like(value):
    def h(low, x, *args, **kwargs):
        shape = low.aff(x).shape
        return low.ctx.constant(np.full(shape, Fraction(value), dtype=object))
    return h


def _expand(low, x, *sizes):
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list, low.torch.Size)):
        sizes = tuple(sizes[0])
    x = low.aff(x)
    lead = len(sizes) - len(x.shape)
    shape = tuple(x.shape[i - lead] if s == -1 else int(s) for i, s in enumerate(sizes))
    C = x.C.reshape((1,) * lead + x.C.shape)
    return _Aff(np.broadcast_to(C, shape + C.shape[-1:]).copy(), x.blocks, x.den)


def _repeat(low, x, *reps):
    if len(reps) == 1 and isinstance(reps[0], (tuple, list, low.torch.Size)):
        reps = tuple(reps[0])
    x = low.aff(x)
    lead = len(reps) - len(x.shape)
    C = x.C.reshape((1,) * lead + x.C.shape)
    return _Aff(np.tile(C, tuple(int(r) for r in reps) + (1,)), x.blocks, x.den)


def _pad(low, x, pad, mode="constant", value=None):
    x = low.aff(x)
    nd = len(x.shape)
    width = [(0, 0)] * (nd + 1)
    for i in range(len(pad) // 2):
        width[nd - 1 - i] = (int(pad[2 * i]), int(pad[2 * i + 1]))
    if any(a < 0 or b < 0 for a, b in width):
        low.refuse("negative padding (cropping) is not supported; index the tensor instead",
                   ValueError)
    if mode == "constant":
        Z = _object_zeros(tuple(s + a + b for s, (a, b) in zip(x.C.shape, width)))
        inner = tuple(slice(a, a + s) for s, (a, b) in zip(x.C.shape, width))
        Z[inner] = x.C
        out = _Aff(Z, x.blocks, x.den)
        if value:
            fill = np.full(out.shape, as_fraction(value, "pad value"), dtype=object)
            fill[inner[:-1]] = Fraction(0)
            out = low.ctx.add(out, low.ctx.constant(fill))
        return out
    np_mode = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}.get(mode)
    if np_mode is None:
        low.refuse(f"unknown padding mode {mode!r}", ValueError)
    return _Aff(np.pad(x.C, width, mode=np_mode), x.blocks, x.den)


_HANDLERS = {
    "add": _add, "iadd": _add, "sub": lambda low, a, b, alpha=1: _add(low, a, b, alpha, -1),
    "isub": lambda low, a, b, alpha=1: _add(low, a, b, alpha, -1), "rsub": _rsub,
    "mul": _mul, "imul": _mul, "multiply": _mul, "truediv": _div, "div": _div, "divide": _div,
    "itruediv": _div, "neg": _neg, "negative": _neg, "pos": _identity, "positive": _identity,
    "contiguous": _identity, "clone": _identity, "detach": _identity, "float": _identity,
    "double": _identity, "to": _identity, "type_as": _identity,
    "flatten": _flatten, "reshape": _reshape, "view": _reshape, "view_as": _expand_as_view,
    "reshape_as": _expand_as_view,
    "permute": _permute, "transpose": _transpose, "swapaxes": _transpose, "squeeze": _squeeze,
    "unsqueeze": _unsqueeze, "cat": _cat, "concat": _cat, "concatenate": _cat, "stack": _stack,
    "sum": lambda low, x, dim=None, keepdim=False, dtype=None: _reduce_sum(low, x, dim, keepdim),
    "mean": lambda low, x, dim=None, keepdim=False, dtype=None: _reduce_sum(low, x, dim, keepdim,
                                                                            mean=True),
    "size": _size, "dim": _dim, "numel": _numel, "zeros_like": _like(0), "ones_like": _like(1),
    "expand": _expand, "repeat": _repeat, "pad": _pad,
    "relu": _relu, "leaky_relu": _leaky, "hardtanh": _hardtanh, "relu6": _relu6,
    "hardsigmoid": _hardsigmoid, "softshrink": _softshrink, "threshold": _threshold,
    "clamp": _clamp, "clip": _clamp, "clamp_min": _clamp_min, "clamp_max": _clamp_max,
    "abs": _abs, "absolute": _abs, "prelu": _prelu,
    "maximum": _maximum, "max": _maximum, "fmax": _maximum, "minimum": _minimum, "min": _minimum,
    "fmin": _minimum, "amax": _amax,
    "linear": _f_linear, "conv1d": _f_conv(1), "conv2d": _f_conv(2), "conv3d": _f_conv(3),
    "batch_norm": _f_batch_norm, "dropout": _f_dropout, "dropout1d": _f_dropout,
    "dropout2d": _f_dropout, "dropout3d": _f_dropout, "alpha_dropout": _f_dropout,
    "feature_alpha_dropout": _f_dropout,
    "max_pool1d": _max_pool(1), "max_pool2d": _max_pool(2), "max_pool3d": _max_pool(3),
    "avg_pool1d": _avg_pool(1), "avg_pool2d": _avg_pool(2), "avg_pool3d": _avg_pool(3),
    "adaptive_avg_pool1d": _adaptive("avg", 1), "adaptive_avg_pool2d": _adaptive("avg", 2),
    "adaptive_avg_pool3d": _adaptive("avg", 3), "adaptive_max_pool1d": _adaptive("max", 1),
    "adaptive_max_pool2d": _adaptive("max", 2), "adaptive_max_pool3d": _adaptive("max", 3),
}


def _module(low, mod, args, kwargs):
    import torch.nn as tnn
    name = type(mod).__name__
    x = args[0] if args else None
    if len(args) != 1 or kwargs:
        low.refuse("a module called with more than one argument")
    if isinstance(mod, tnn.Linear):
        return low.linear(x, mod.weight, mod.bias)
    if isinstance(mod, (tnn.Conv1d, tnn.Conv2d, tnn.Conv3d)):
        return low.conv(x, mod.weight, mod.bias, mod.stride, mod.padding, mod.dilation,
                        mod.groups, mod.padding_mode)
    if isinstance(mod, tnn.modules.batchnorm._BatchNorm):
        return low.batch_norm(x, mod.running_mean, mod.running_var,
                              mod.weight if mod.affine else None,
                              mod.bias if mod.affine else None, mod.eps)
    if isinstance(mod, (tnn.Identity, tnn.modules.dropout._DropoutNd)):
        return low.aff(x)
    if isinstance(mod, tnn.Flatten):
        return _flatten(low, x, mod.start_dim, mod.end_dim)
    if isinstance(mod, tnn.Unflatten):
        x = low.aff(x)
        nd = len(x.shape)
        dim = mod.dim % nd
        shape = x.shape[:dim] + tuple(mod.unflattened_size) + x.shape[dim + 1:]
        return _reshape(low, x, *shape)
    if isinstance(mod, tnn.ReLU):
        return _relu(low, x)
    if isinstance(mod, tnn.ReLU6):
        return _relu6(low, x)
    if isinstance(mod, tnn.Hardtanh):
        return _hardtanh(low, x, mod.min_val, mod.max_val)
    if isinstance(mod, tnn.LeakyReLU):
        return _leaky(low, x, mod.negative_slope)
    if isinstance(mod, tnn.PReLU):
        return _prelu(low, x, mod.weight)
    if isinstance(mod, tnn.Hardsigmoid):
        return _hardsigmoid(low, x)
    if isinstance(mod, tnn.Softshrink):
        return _softshrink(low, x, mod.lambd)
    if isinstance(mod, tnn.Threshold):
        return _threshold(low, x, mod.threshold, mod.value)
    if isinstance(mod, (tnn.MaxPool1d, tnn.MaxPool2d, tnn.MaxPool3d)):
        d = {tnn.MaxPool1d: 1, tnn.MaxPool2d: 2, tnn.MaxPool3d: 3}[type(mod)]
        return _max_pool(d)(low, x, mod.kernel_size, mod.stride, mod.padding, mod.dilation,
                            mod.ceil_mode, mod.return_indices)
    if isinstance(mod, (tnn.AvgPool1d, tnn.AvgPool2d, tnn.AvgPool3d)):
        d = {tnn.AvgPool1d: 1, tnn.AvgPool2d: 2, tnn.AvgPool3d: 3}[type(mod)]
        return _avg_pool(d)(low, x, mod.kernel_size, mod.stride, mod.padding, mod.ceil_mode,
                            mod.count_include_pad, getattr(mod, "divisor_override", None))
    for cls, kind, d in ((tnn.AdaptiveAvgPool1d, "avg", 1), (tnn.AdaptiveAvgPool2d, "avg", 2),
                         (tnn.AdaptiveAvgPool3d, "avg", 3), (tnn.AdaptiveMaxPool1d, "max", 1),
                         (tnn.AdaptiveMaxPool2d, "max", 2), (tnn.AdaptiveMaxPool3d, "max", 3)):
        if isinstance(mod, cls):
            return _adaptive(kind, d)(low, x, mod.output_size, getattr(mod, "return_indices", False))
    if name in _SMOOTH:
        low.refuse(f"unsupported layer: {name.lower()} is not piecewise linear, so the model is "
                   "not a tropical rational map")
    if name in _DISCONTINUOUS:
        low.refuse(f"unsupported layer: {name.lower()} is discontinuous, so the model is not a "
                   "tropical rational map")
    low.refuse("unsupported layer; tropsage lowers Linear, Conv1d/2d/3d, BatchNorm (eval), "
               "pooling (max, average, adaptive), Flatten/Unflatten, Dropout (eval), Identity "
               "and ReLU, LeakyReLU, PReLU, ReLU6, Hardtanh, Hardsigmoid, Softshrink, Threshold")


# ---------------------------------------------------------------------------
# scheduling the operations into layers

def _assemble(low, output, input_shape, limit_denominator, model):
    ctx = low.ctx
    ops = ctx.ops
    D = max((op.level for op in ops), default=0)
    # last level at which each symbol (block, index) is consumed
    need = {}

    def consume(a, level):
        C = a.C.reshape(-1, a.C.shape[-1])
        cols, _ = ctx.cols(a.blocks)
        for b, (s0, s1) in cols.items():
            used = np.nonzero(np.any(C[:, s0:s1] != 0, axis=0))[0]
            for i in used:
                key = (b, int(i))
                if need.get(key, -1) < level:
                    need[key] = level

    for op in ops:
        consume(op.P, op.level)
    consume(output, D + 1)
    by_level = {}
    for op in ops:
        by_level.setdefault(op.level, []).append(op)
    block_op = {op.block: op for op in ops}

    def origin(b, i):
        if b == 0:
            return Unit("input", "carry", tuple(int(v) for v in np.unravel_index(i, input_shape)))
        src = block_op[b].units[i]
        return Unit(src.module, "carry", src.index)

    state = [(0, i) for i in range(ctx.block_size[0])]     # symbols after layer 0
    specs, units_per_layer = [], []
    for k in range(1, D + 1):
        pos = {s: j for j, s in enumerate(state)}
        rows, acts, units, groups = [], [], [], []
        new_state = []
        level_ops = by_level.get(k, [])
        has_max = any(op.groups is not None for op in level_ops)
        for op in level_ops:
            Pm = _rows_over_state(ctx, op.P, pos, len(state))
            if op.groups is not None:
                for gi, g in enumerate(op.groups):
                    groups.append(("max", [Pm[r] for r in g]))
                    units.append(op.units[gi])
                    new_state.append((op.block, gi))
            else:
                for j, a in enumerate(op.acts):
                    groups.append((a, [Pm[j]]))
                    units.append(op.units[j])
                    new_state.append((op.block, j))
        # carried symbols: made before level k, still needed after it
        carried = sorted(s for s in state if need.get(s, -1) > k)
        for s in carried:
            row = ([Fraction(0)] * len(state), Fraction(0))
            row[0][pos[s]] = Fraction(1)
            groups.append((("identity",), [row]))
            units.append(origin(*s))
            new_state.append(s)
        W, b, act = _layer_from_groups(groups, has_max)
        specs.append((W, b, act))
        units_per_layer.append(units)
        state = new_state
    # the output layer
    pos = {s: j for j, s in enumerate(state)}
    flat = _Aff(output.C.reshape(-1, output.C.shape[-1]), output.blocks, output.den)
    Pm = _rows_over_state(ctx, flat, pos, len(state))
    is_selection = (D > 0 and len(Pm) == len(state)
                    and all(c == 0 and all(w == (1 if j == i else 0) for j, w in enumerate(row))
                            for i, (row, c) in enumerate(Pm)))
    if not is_selection:
        specs.append(([r for r, _ in Pm], [c for _, c in Pm], "identity"))
        units_per_layer.append([Unit("output", "identity", tuple(int(v) for v in np.unravel_index(i, output.shape[1:])))
                                for i in range(len(Pm))])
    if limit_denominator is not None:
        base = as_network(specs, limit_denominator=limit_denominator)
    else:
        # the entries are exact Fractions already: no second conversion of dense rows
        from .network import Layer, parse_activation
        base = Network([Layer(W, b, parse_activation(act, f"layer {i}"))
                        for i, (W, b, act) in enumerate(specs)],
                       {"source": "torch", "exact": True})
    info = dict(base.info)
    info.update(source="torch (lowered)", model=type(model).__name__,
                input_shape=tuple(input_shape), output_shape=tuple(output.shape[1:]))
    if low.inexact:
        info["inexact"] = [f"{name}: batch-norm scale 1/sqrt(var + eps) taken as its float64 value"
                           for name in low.inexact]
    return LoweredNetwork(base.layers, info, units_per_layer, dict(low.modules), tuple(input_shape))


def _rows_over_state(ctx, P, pos, width):
    """Rows ``(coefficients over the state, constant)`` as Fractions."""
    C = P.C.reshape(-1, P.C.shape[-1])
    cols, _ = ctx.cols(P.blocks)
    out = []
    for r in range(C.shape[0]):
        row = [Fraction(0)] * width
        for b, (s0, s1) in cols.items():
            for i in np.nonzero(C[r, s0:s1] != 0)[0]:
                v = C[r, s0 + i]
                row[pos[(b, int(i))]] += Fraction(v, P.den)
        out.append((row, Fraction(C[r, 0], P.den)))
    return out


def _layer_from_groups(groups, has_max):
    """W, b and the activation of one layer from its units (maxout when it pools)."""
    if has_max:
        K = max(len(rows) for a, rows in groups if a == "max")
        W, b = [], []
        for a, rows in groups:
            if a == "max":
                pieces = rows + [rows[-1]] * (K - len(rows))
            else:
                (r, c), = rows
                zero = ([Fraction(0)] * len(r), Fraction(0))
                if a[0] == "identity":
                    pieces = [(r, c)] * K
                elif a[0] == "relu":
                    pieces = [(r, c)] + [zero] * (K - 1)
                else:
                    al = a[1]
                    pieces = [(r, c)] + [([al * w for w in r], al * c)] * (K - 1)
            for r, c in pieces:
                W.append(list(r))
                b.append(c)
        return W, b, ("maxout", K)
    W = [list(rows[0][0]) for a, rows in groups]
    b = [rows[0][1] for a, rows in groups]
    acts = [a for a, rows in groups]
    kinds = {a for a in acts}
    if len(kinds) == 1:
        a = acts[0]
        return W, b, a[0] if a[0] != "leaky" else ("leaky_relu", a[1])
    return W, b, PerUnit([a[0] if a[0] != "leaky" else ("leaky_relu", a[1]) for a in acts])


# ---------------------------------------------------------------------------
# slices

def restrict_to_plane(net, x0, u, v=None, input_shape=None):
    r"""
    The restriction of a network to the affine plane ``x0 + s·u + t·v`` (or, without
    ``v``, the line ``x0 + s·u``) through its input space, exactly: a network of 2 (or
    1) inputs ``(s, t)``.

    Only the first layer changes (``W' = W [u v]``, ``b' = W x0 + b``), so the
    restricted network has the same units, and its activation regions are the
    intersections of the network's activation regions with the plane; regions,
    volumes, plots and every other function take it.

    INPUT:

    - ``net`` -- any network :func:`~tropsage.nn.as_network` reads, or a torch model
      (lowered by :func:`lower` with ``input_shape`` the shape of ``x0``).
    - ``x0``, ``u``, ``v`` -- points/directions of input space: arrays or nested
      lists of numbers (floats are read exactly, strings such as ``"1/3"`` too) of
      the model's input shape (or flat); three images for a plane through three
      images ``a, b, c``: ``x0 = a, u = b - a, v = c - a`` puts them at
      ``(0, 0)``, ``(1, 0)``, ``(0, 1)``.

    OUTPUT: a :class:`~tropsage.nn.Network` (a :class:`LoweredNetwork`, keeping the
    map back to the model, when ``net`` is one); ``info["slice"]`` records the plane.

    EXAMPLES::

        >>> from tropsage.nn import as_network, restrict_to_plane
        >>> net = as_network([([[1, 0, 0], [0, 1, -1]], [0, 0])], activations=["relu"])
        >>> P = restrict_to_plane(net, [0, 0, 1], [1, 0, 0], [0, 1, 0])
        >>> P
        Network 2 -> 2 (relu)
        >>> P.layers[0].W, P.layers[0].b
        ([[Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(1, 1)]], [Fraction(0, 1), Fraction(-1, 1)])
        >>> P(["1/2", 3]) == net(["1/2", 3, 1])
        True
        >>> restrict_to_plane(net, [0, 0, 1], [1, 0, 0], [2, 0, 0])
        Traceback (most recent call last):
        ...
        ValueError: the directions u and v are linearly dependent: the plane is a line (give only u)
    """
    from .network import Layer, _is_torch_module
    shape = np.shape(np.asarray(x0, dtype=object)) if input_shape is None else tuple(input_shape)
    if _is_torch_module(net):
        if is_plain_sequential(net):
            net = as_network(net)
        else:
            net = lower(net, input_shape=shape if len(shape) else None)
    else:
        net = as_network(net)
    n = net.input_dim
    vecs = []
    for name, vec in (("x0", x0), ("u", u), ("v", v)):
        if vec is None:
            continue
        arr = np.asarray(vec if not hasattr(vec, "detach") else vec.detach().double().numpy(),
                         dtype=object)
        flat = arr.reshape(-1)
        if len(flat) != n:
            raise ValueError(f"{name} has {len(flat)} entries (shape {arr.shape}); the network "
                             f"takes {n} inputs")
        vecs.append([as_fraction(t.item() if hasattr(t, "item") else t, f"{name}[{i}]")
                     for i, t in enumerate(flat)])
    p, dirs = vecs[0], vecs[1:]
    if all(t == 0 for t in dirs[0]):
        raise ValueError("the direction u is zero")
    if len(dirs) == 2:
        a, b = dirs
        # dependent iff every 2x2 minor vanishes
        i0 = next(i for i, t in enumerate(a) if t != 0)
        if all(a[i0] * b[j] - a[j] * b[i0] == 0 for j in range(n)):
            raise ValueError("the directions u and v are linearly dependent: the plane is a "
                             "line (give only u)")
    L0 = net.layers[0]
    W = [[sum((w * d[j] for j, w in enumerate(row)), Fraction(0)) for d in dirs] for row in L0.W]
    b = [sum((w * p[j] for j, w in enumerate(row)), c) for row, c in zip(L0.W, L0.b)]
    layers = [Layer(W, b, L0.activation)] + list(net.layers[1:])
    info = dict(net.info)
    info["slice"] = {"x0": p, "directions": dirs, "input_dim": n}
    if isinstance(net, LoweredNetwork):
        return LoweredNetwork(layers, info, net.units, net.modules, net.input_shape)
    return Network(layers, info)


