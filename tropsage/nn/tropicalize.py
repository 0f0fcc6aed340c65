"""
Networks to tropical rational maps (Zhang et al. 2018; [L] appendix).

Every layer keeps a pair ``(F, G)`` of vectors of tropical polynomials with
``layer output = F − G``. With ``W = W⁺ − W⁻``:

- affine: ``H = W⁺F + W⁻G + b``, ``Q = W⁺G + W⁻F`` (tropically ``W⁺F`` is
  ``⊙_j F_j^{W⁺_ij}``), so the pre-activation is ``H − Q``;
- ReLU: ``F' = H ⊕ Q``, ``G' = Q``;
- leaky ReLU ``max(t, αt)``: ``F' = H ⊙ Q^α ⊕ Q ⊙ H^α``, ``G' = Q^{1+α}``;
- threshold ``max(t, τ)``: ``F' = H ⊕ τ ⊙ Q``, ``G' = Q``;
- maxout over a group ``g``: ``F'_g = ⊕_{i∈g} H_i ⊙ ⊙_{j∈g, j≠i} Q_j``,
  ``G'_g = ⊙_{j∈g} Q_j``;
- identity: ``F' = H``, ``G' = Q``.

Invariant (tested): ``N(x) = F(x) − G(x)`` exactly at every rational point.
"""

from fractions import Fraction

import numpy as np

from .._exact import int_array, lcm
from .network import as_network


MAX_MONOMIALS = 10 ** 6


def tropicalize(net, activations=None, prune=True, limit_denominator=None, names=None,
                progress=False, max_monomials=MAX_MONOMIALS, reduce_input=True):
    """
    The tropical rational map ``F ⊘ G`` computed by a ReLU-type network.

    INPUT:

    - ``net`` -- a ``torch.nn.Sequential``, a list of ``(W, b)`` pairs with
      ``activations``, or a :class:`~tropsage.nn.Network` (see
      :mod:`tropsage.nn.network`); a :class:`TropicalRationalMap` is returned as is.
    - ``prune`` -- remove redundant monomials after every layer ([L] Algorithm 6),
      and from the factors of every product inside a layer (default ``True``). The
      function never changes. ``info["layers"]`` has, per layer, the monomial counts
      of ``(F, G)`` as the layer builds them from pruned inputs (``"monomials"``)
      and after pruning (``"monomials_pruned"``). ``prune=False`` keeps the
      expression as the layer formulas write it, which grows like a product of the
      widths: a 2-8-8-1 network needs more than 20 GB unpruned and under a second
      pruned.
    - ``max_monomials`` -- with ``prune=False``, the largest product allowed
      (default ``10**6``): before each tropical product is built its size is
      bounded by the product of its factors' sizes, and a ``ValueError`` is raised
      past the limit instead of running out of memory. ``None`` removes the guard.
    - ``limit_denominator`` -- round the weights to fractions with at most this
      denominator (recorded in ``info``); by default floats are taken exactly.
    - ``names`` -- variable names (default ``x, y, z`` or ``x1, ..., xn``).
    - ``progress`` -- show a tqdm bar over the neurons.
    - ``reduce_input`` -- (default ``True``) when the first weight matrix ``W_1`` has
      rank ``r < n``, tropicalize the reduced network in ``r`` variables
      (:mod:`tropsage.nn.reduce`, ``W_1 = C P``) and map every exponent ``a`` to
      ``P^T a``: the same function of ``x``, and since the map is injective the
      pruned expression stays irredundant. Products then live in ``r`` dimensions
      (a ``784 -> 16`` layer leaves 16 variables). ``F`` and ``G`` may differ from
      the unreduced ones by a common monomial factor (the reduced first layer has
      no ``W⁻ x`` part), which changes neither ``F − G`` nor the Hoffman constants.

    OUTPUT: a :class:`TropicalRationalMap`, one rational function per output;
    ``info`` holds the network, the rounding and per-layer monomial counts.

    EXAMPLES::

        >>> import tropsage as ts
        >>> m = ts.tropicalize([([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])],
        ...                    activations=["relu", "identity"])
        >>> m[0]
        max(0, 1 + y) - max(0, 1 + x)
        >>> m(3, "1/2"), m.info["network"]([3, "1/2"])
        ((-5/2,), (-5/2,))
        >>> m.monomial_counts()
        [(2, 2)]
        >>> m.info["pruned"]
        True
        >>> ts.tropicalize(ts.random_network([2, 8, 8, 1], seed=0), prune=False)
        Traceback (most recent call last):
        ...
        ValueError: tropicalize(prune=False): a product in layer 2 would have up to ... monomials, over max_monomials=1000000; use prune=True (the default) or raise max_monomials
    """
    # the semiring (and Sage under it) loads on first use: reading networks stays light
    from tqdm.auto import tqdm
    from ..puiseux import TropicalPuiseuxSemiring, TropicalRationalMap
    if isinstance(net, TropicalRationalMap):
        return net
    network = as_network(net, activations=activations, limit_denominator=limit_denominator)
    n = network.input_dim
    T = TropicalPuiseuxSemiring(n, names=names) if names is not None else TropicalPuiseuxSemiring(n)
    if reduce_input:
        from .reduce import first_layer_reduction
        red = first_layer_reduction(network)
        if not red.is_identity:
            m = tropicalize(red.network, prune=prune, progress=progress, reduce_input=False)
            Fr = T.fraction_field()
            comps = []
            for h, shift in zip(m, _reduction_shift(network, red)):
                # the common monomial makes F and G those of the layer formulas in x
                mono = T.from_dict({tuple(shift): 0})
                f, g = (T.from_integer_rows(*red.lift_exponents(*p.integer_data())) * mono
                        for p in (h.numerator(), h.denominator()))
                comps.append(Fr._make(f, g))
            info = dict(network.info)
            info.update(network=network, pruned=bool(prune), layers=m.info["layers"],
                        reduced_dim=red.reduced_dim)
            return TropicalRationalMap(comps, info)
    F = list(T.gens())
    G = [T.one()] * n
    # pruning factors before multiplying is exact: the vertices of a Minkowski sum are
    # sums of vertices of the summands (and the upper hull of a union is that of the
    # union of upper hulls), so intermediate products stay small
    if max_monomials is not None and (not isinstance(max_monomials, int) or max_monomials < 1):
        raise ValueError(f"max_monomials must be a positive integer or None, got {max_monomials!r}")
    simplify = _Simplify(bool(prune), max_monomials)
    layer_info = []
    total = sum(len(layer.W) for layer in network.layers)
    bar = tqdm(total=total, desc="tropicalize", unit="neuron", disable=not progress, leave=False)
    try:
        for i, layer in enumerate(network.layers):
            simplify.layer = i
            H, Q = _affine(T, layer, F, G, bar, simplify)
            F, G = _activate(T, layer.activation, H, Q, simplify)
            entry = {"layer": i, "activation": str(layer.activation),
                     "monomials": [(len(f), len(g)) for f, g in zip(F, G)]}
            if prune:
                F = [f.prune() for f in F]
                G = [g.prune() for g in G]
                entry["monomials_pruned"] = [(len(f), len(g)) for f, g in zip(F, G)]
            layer_info.append(entry)
    finally:
        bar.close()
    Fr = T.fraction_field()
    info = dict(network.info)
    info.update(network=network, pruned=bool(prune), layers=layer_info)
    return TropicalRationalMap([Fr._make(f, g) for f, g in zip(F, G)], info)


def _reduction_shift(network, red):
    """
    The exponents ``l_i`` (rows over ``QQ``, one per output) with ``F_i(x) =
    F'_i(P x) + l_i . x`` and ``G_i(x) = G'_i(P x) + l_i . x``, where ``F, G`` come
    from the layer formulas in ``x`` and ``F', G'`` from those of the reduced network
    in ``y = P x``.

    The first layer's two splits differ by ``s = W_1^+ - C^+ P = W_1^- - C^- P`` (as
    ``W_1 = C P``): ``H`` and ``Q`` are shifted by the same linear form ``s_i . x``.
    Every later step keeps ``F`` and ``G`` shifted alike: an affine layer maps a shift
    ``t`` to ``|W| t``, relu, threshold and identity keep it, leaky relu multiplies it
    by ``1 + alpha``, a maxout group adds its pieces' shifts
    (:meth:`~tropsage.nn.activations.Activation.tropical_shift`).

    EXAMPLES::

        >>> from tropsage.nn import as_network
        >>> from tropsage.nn.reduce import first_layer_reduction
        >>> from tropsage.nn.tropicalize import _reduction_shift
        >>> net = as_network([([[1, -1, 0], [-2, 2, 0]], [0, 1]), ([[1, 1]], [0])])
        >>> [list(r) for r in _reduction_shift(net, first_layer_reduction(net))]
        [[0, 3, 0]]
    """
    from sage.matrix.constructor import matrix
    from sage.rings.rational_field import QQ

    def weights(layer):
        N, d = layer.integer_data()
        return matrix(QQ, [[QQ(int(v)) / int(d) for v in row[:-1]] for row in N])

    def positive(M):
        return M.apply_map(lambda v: v if v > 0 else 0)

    t = None
    for i, layer in enumerate(network.layers):
        if i == 0:
            s = positive(weights(layer)) - positive(matrix(QQ, red.C)) * matrix(QQ, red.P)
        else:
            s = weights(layer).apply_map(abs) * t
        rows = [[Fraction(int(v.numerator()), int(v.denominator())) for v in r] for r in s.rows()]
        t = matrix(QQ, [[QQ((v.numerator, v.denominator)) for v in r]
                        for r in layer.activation.tropical_shift(rows)])
    return t.rows()


class _Simplify:
    """What happens to every intermediate product: pruned, or kept as written under the
    size guard of ``prune=False`` (``a ⊙ b`` has at most ``len(a) * len(b)``
    monomials, checked before it is built)."""

    def __init__(self, prune=False, limit=None):
        self.prune = prune
        self.limit = None if prune else limit
        self.layer = 0

    def __call__(self, p):
        return p.prune() if self.prune else p

    def check(self, a, b):
        if self.limit is not None and len(a) * len(b) > self.limit:
            raise ValueError(
                f"tropicalize(prune=False): a product in layer {self.layer} would have up "
                f"to {len(a) * len(b)} monomials, over max_monomials={self.limit}; use "
                f"prune=True (the default) or raise max_monomials")


_keep = _Simplify()


def _times(a, b, simplify):
    """``a ⊙ b`` simplified, refused past the size guard of ``simplify``."""
    simplify.check(a, b)
    return simplify(a * b)


def _affine(T, layer, F, G, bar, simplify):
    """``H = W⁺F + W⁻G + b`` and ``Q = W⁺G + W⁻F`` for one layer."""
    N, d = layer.integer_data()   # rows d * [W_i | b_i], integers
    N = N.astype(object) if N.dtype != object else N
    H, Q = [], []
    for row in N:
        pos = [(j, int(v)) for j, v in enumerate(row[:-1]) if v > 0]
        neg = [(j, int(-v)) for j, v in enumerate(row[:-1]) if v < 0]
        H.append(_weighted_product(T, [(F[j], p) for j, p in pos] + [(G[j], p) for j, p in neg],
                                   d, int(row[-1]), simplify))
        Q.append(_weighted_product(T, [(G[j], p) for j, p in pos] + [(F[j], p) for j, p in neg],
                                   d, 0, simplify))
        bar.update(1)
    return H, Q


def _weighted_product(T, factors, d, c, simplify=_keep):
    """
    ``c/d ⊙ ⊙_k f_k^(p_k/d)`` for integer weights ``p_k > 0`` over the common ``d``.

    Single-monomial factors (all of them in the first layer) are combined in one
    integer dot product instead of one tropical product each.
    """
    ncol = T.ngens() + 1
    # single monomials: sum of p_k * row_k / (d * d_k) plus the constant c/d
    singles = [(f, p) for f, p in factors if len(f) == 1]
    multi = [(f, p) for f, p in factors if len(f) != 1]
    if any(f.is_zero() for f, _ in multi):
        return T.zero()
    data = [(f.integer_data(), p) for f, p in singles]
    den = d
    for (_, fd), _ in data:
        den = lcm(den, d * fd)
    scales = [p * (den // (d * fd)) for (_, fd), p in data]
    acc = np.zeros(ncol, dtype=object)
    if singles:
        rows = np.vstack([M for (M, _), _ in data]).astype(object)
        acc = np.array(scales, dtype=object) @ rows
    acc[-1] += c * (den // d)
    result = T.from_integer_rows(int_array([acc.tolist()]), den)
    # multi-monomial factors: smallest first keeps intermediate products small
    for f, p in sorted(multi, key=lambda t: len(t[0])):
        result = _times(result, f ** Fraction(p, d), simplify)
    return result


def _activate(T, act, H, Q, simplify=_keep):
    """``(F, G)`` after the activation: each class knows its formula (see the module doc)."""
    return act.tropical(T, H, Q, lambda a, b: _times(a, b, simplify))
