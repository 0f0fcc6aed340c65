r"""
Tropical network pruning ([A] problem (2)) and magnitude-pruning baselines.

**These are numerical (floating-point) experiments**, as in [A]: weights are numpy
``float64`` arrays, accuracies are measured on data. The exact objects behind them (the
zonotopes ``Z(G1)``, ``Z(G2)`` and the decision boundaries polytope) are in
:mod:`tropsage.decision.boundary` and can be computed for any pruned network, since a
float is an exact dyadic rational.

For an (Affine, ReLU, Affine) classifier ``x ↦ B max(A x + c1, 0) + c2`` and a pair of
classes ``(a, b)``, the decision boundaries polytope is ``conv(Z(G1) ∪ Z(G2))`` with
generators ``G1 = Diag(c_1) A``, ``G2 = Diag(c_2) A``, ``c_1 = B⁺_a + B⁻_b``,
``c_2 = B⁺_b + B⁻_a`` ([A]). Tropical pruning looks for sparse ``Ã, B̃`` whose
generators stay close to ``G1, G2`` while whole generators (rows of ``Ã``, i.e.
hidden neurons) vanish:

.. MATH::

    \min_{Ã, B̃}\ \tfrac12 (\|G̃_1 − G_1\|_F^2 + \|G̃_2 − G_2\|_F^2)
        + λ_1 \|G̃_1\|_{2,1} + λ_2 \|G̃_2\|_{2,1}.

With ``B̃ = B`` fixed the problem separates over the rows ``j`` of ``Ã``; the row
problem ``min_a ½(‖c1 a − g1‖² + ‖c2 a − g2‖²) + (λ1 c1 + λ2 c2)‖a‖`` is
``s (½‖a − u‖² + τ‖a‖)`` up to a constant, whose minimizer is a group soft threshold
([A]):

.. MATH::

    s = c_1^2 + c_2^2,\quad u = (c_1 g_1 + c_2 g_2)/s,\quad τ = (λ_1 c_1 + λ_2 c_2)/s,
    \quad Ã_j = \max(0, 1 − τ/\|u\|)\, u.

For ``k`` classes the objective is summed over the class pairs (all pairs by default),
so ``s``, ``s u`` and ``s τ`` are sums over pairs. With ``Ã`` fixed, each entry of
``B̃⁺`` and ``B̃⁻`` has the closed form of [A] §5,
``B̃⁺(a, j) = max(0, (Ã_j · B⁺(a, j) A_j − λ_B ‖Ã_j‖) / ‖Ã_j‖²)`` (and the same for
``B̃⁻``); one alternating pass (``Ã`` then ``B̃``) is what [A] runs. A neuron whose
row is shrunk by a factor ``t`` gets ``B̃ = B / t`` from that update (for ``λ_B = 0``);
with ``rescale_bias=True`` its bias is scaled by ``t`` too, so the kept neurons compute
exactly what they did (the tropical problem is stated bias-free).

Baselines ([A] §5 after See et al. 2016), per layer, at the same ratio ``r``:

- *class-blind*: the fraction ``r`` of the layer's weights with the smallest
  magnitude is zeroed;
- *class-uniform*: in every node (row of the layer's weight matrix) the fraction
  ``r`` with the smallest magnitude is zeroed;
- *class-distribution*: in every node the weights with ``|w| < q σ_node`` are zeroed,
  ``σ_node`` the standard deviation of the magnitudes ``|w|`` of the node's weights and
  ``q`` one global factor chosen so that the layer loses the fraction ``r``.

The tropical method removes whole hidden neurons: the fraction ``r`` of the rows of
``A`` (hence of the entries of ``A``) and, with them, the same fraction of the columns
of ``B``; the baselines prune both layers at the ratio ``r`` too. With ``λ_B > 0``
(``lam_B``) the ``B̃`` update also zeroes single entries, and ``count="parameters"``
measures the ratio in weights actually removed (zeros of ``Ã`` and ``B̃`` over all
weights). :func:`prune_network` prunes deeper networks by [A]'s greedy extension
(problem (2) on consecutive (Affine, ReLU, Affine) blocks from the input on), and
:func:`fine_tune` retrains the biases only or all surviving weights (masked), the two
fine-tuning settings of [A] §5.
"""

import numpy as np

__all__ = ["METHODS", "FINE_TUNING", "layer_weights", "shallow_weights", "tropical_prune",
           "magnitude_prune", "prune_classifier", "prune_network", "fine_tune", "predict",
           "accuracy", "pruning_curve", "train_classifier", "to_torch"]

METHODS = ("tropical", "class_blind", "class_uniform", "class_distribution")


def layer_weights(net):
    r"""
    The affine layers ``[(W_1, b_1), ..., (W_L, b_L)]`` of a ReLU classifier
    ``x ↦ W_L relu(... relu(W_1 x + b_1) ...) + b_L`` as ``float64`` numpy arrays.

    INPUT: a ``torch.nn.Sequential`` of ``Linear`` layers with a ``ReLU`` between
    consecutive ones, a list of ``(W, b)`` pairs (ReLU between, none after the last),
    or a :class:`~tropsage.nn.Network` with those activations.

    EXAMPLES::

        >>> from tropsage.decision.pruning import layer_weights
        >>> [W.shape for W, b in layer_weights([([[1, 2]], [0]), ([[1], [2]], [0, 0]), ([[1, 1]], [1])])]
        [(1, 2), (2, 1), (1, 2)]
        >>> layer_weights([([[1, 2]], [0]), ([[1, 2]], [0])])
        Traceback (most recent call last):
        ...
        ValueError: shape mismatch: layer 1 has 2 inputs, layer 0 has 1 outputs
    """
    if type(net).__module__.startswith("torch."):
        import torch.nn as tnn
        mods = [m for m in net.modules() if not isinstance(m, (tnn.Sequential, tnn.Identity,
                                                                tnn.Flatten, tnn.Dropout))]
        kinds = ["L" if isinstance(m, tnn.Linear) else "R" if isinstance(m, tnn.ReLU) else "?"
                 for m in mods]
        if "?" in kinds or not kinds or "".join(kinds) != "LR" * (len(kinds) // 2) + "L":
            raise ValueError("expected a torch Sequential(Linear, ReLU, ..., Linear) classifier")
        pairs = [(m.weight.detach().double().numpy().copy(),
                  (m.bias.detach().double().numpy().copy() if m.bias is not None
                   else np.zeros(m.weight.shape[0]))) for m in mods if isinstance(m, tnn.Linear)]
    elif isinstance(net, (list, tuple)):
        pairs = [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for W, b, *_ in net]
        for k, item in enumerate(net):
            want = "identity" if k == len(net) - 1 else "relu"
            if len(item) == 3 and str(item[2]) != want:
                raise ValueError(f"layer {k} must have activation {want!r}")
    else:
        from tropsage.nn import Network
        if not isinstance(net, Network):
            raise TypeError(f"cannot read a classifier from {type(net).__name__}")
        pairs = [(np.array([[float(a) for a in r] for r in L.W]), np.array([float(a) for a in L.b]))
                 for L in net.layers]
        kinds = [L.activation.kind for L in net.layers]
        if kinds != ["relu"] * (len(kinds) - 1) + ["identity"]:
            raise ValueError(f"expected relu activations and an identity last layer; got {kinds}")
    if not pairs:
        raise ValueError("the network has no affine layer")
    for k, (W, b) in enumerate(pairs):
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(f"layer {k}: weight shape {W.shape} and bias shape {b.shape} do not match")
        if k and W.shape[1] != pairs[k - 1][0].shape[0]:
            raise ValueError(f"shape mismatch: layer {k} has {W.shape[1]} inputs, layer {k - 1} "
                             f"has {pairs[k - 1][0].shape[0]} outputs")
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise ValueError(f"layer {k} has non-finite entries")
    return pairs


def shallow_weights(net):
    r"""
    ``(A, c1, B, c2)`` of an (Affine, ReLU, Affine) classifier as ``float64`` numpy arrays.

    INPUT: a ``torch.nn.Sequential(Linear, ReLU, Linear)``, a list of two ``(W, b)``
    pairs, or a :class:`~tropsage.nn.Network`.

    EXAMPLES::

        >>> from tropsage.decision.pruning import shallow_weights
        >>> A, c1, B, c2 = shallow_weights([([[1, 2], [3, 4]], [0, 1]), ([[1, -1]], [0.5])])
        >>> A.shape, B.shape, c2
        ((2, 2), (1, 2), array([0.5]))
        >>> shallow_weights([([[1, 2]], [0])])
        Traceback (most recent call last):
        ...
        ValueError: expected an (Affine, ReLU, Affine) classifier with 2 affine layers, got 1
    """
    pairs = layer_weights(net)
    if len(pairs) != 2:
        raise ValueError(f"expected an (Affine, ReLU, Affine) classifier with 2 affine layers, "
                         f"got {len(pairs)}")
    (A, c1), (B, c2) = pairs
    return A, c1, B, c2


def _ratio(ratio):
    r = float(ratio)
    if not 0 <= r <= 1:
        raise ValueError(f"pruning ratio must lie in [0, 1], got {ratio!r}")
    return r


def _pairs(k, classes):
    if classes is None:
        return [(a, b) for a in range(k) for b in range(a + 1, k)]
    out = []
    for pair in classes:
        a, b = (int(c) for c in pair)
        if not (0 <= a < k and 0 <= b < k) or a == b:
            raise ValueError(f"bad class pair {pair!r} for {k} classes")
        out.append((a, b))
    if not out:
        raise ValueError("classes must name at least one pair")
    return out


def _pair_sums(B, pairs, k):
    """
    ``(s, lin1, lin2)`` per hidden neuron: ``s = Σ (c1² + c2²)``, ``lin1 = Σ c1``,
    ``lin2 = Σ c2`` over the class pairs, ``c1 = B⁺_a + B⁻_b``, ``c2 = B⁺_b + B⁻_a``.
    All ``k(k-1)/2`` pairs in closed form (a block inside a deep net has as many
    "classes" as the next layer has neurons, too many pairs for a loop).
    """
    Bp, Bm = np.maximum(B, 0), np.maximum(-B, 0)
    if pairs is None:
        P, M = Bp.sum(axis=0), Bm.sum(axis=0)
        # sum over a != b of (P_a + M_b)^2, using P_a M_a = 0
        s = (k - 1) * ((Bp ** 2).sum(axis=0) + (Bm ** 2).sum(axis=0)) + 2 * P * M
        w_hi = (k - 1 - np.arange(k))[:, None]      # number of b > a
        w_lo = np.arange(k)[:, None]                # number of a < b
        lin1 = (Bp * w_hi).sum(axis=0) + (Bm * w_lo).sum(axis=0)
        lin2 = (Bp * w_lo).sum(axis=0) + (Bm * w_hi).sum(axis=0)
        return s, lin1, lin2
    p = B.shape[1]
    s, lin1, lin2 = np.zeros(p), np.zeros(p), np.zeros(p)
    for a, b in pairs:
        C1 = Bp[a] + Bm[b]
        C2 = Bp[b] + Bm[a]
        s += C1 ** 2 + C2 ** 2
        lin1 += C1
        lin2 += C2
    return s, lin1, lin2


COUNTS = ("neurons", "parameters")


def tropical_prune(net, ratio=None, lam=None, classes=None, lam_B=0.0, rescale_bias=True,
                   count="neurons", values="solution", lam_B_scale=1.0):
    r"""
    One alternating pass of tropical pruning ([A] problem (2), closed-form row updates
    for ``Ã`` then for ``B̃``). Numerical (``float64``).

    INPUT:

    - ``net`` -- an (Affine, ReLU, Affine) classifier (see :func:`shallow_weights`).
    - ``ratio`` -- the fraction to remove; ``λ`` is then the smallest value removing
      that much (see ``count``). Give ``ratio`` or ``lam``.
    - ``lam`` -- ``λ = λ1 = λ2`` directly (a number, or a pair ``(λ1, λ2)``).
    - ``classes`` -- class pairs whose boundaries are kept (default: all pairs).
    - ``lam_B`` -- the sparsity weight ``λ_B`` of the ``B̃`` update: a number (default
      0) or ``"lam"`` for ``λ_B = κ λ`` with ``κ = lam_B_scale`` (``κ = 1``: the single
      ``λ`` of [A]'s closed form). An entry ``B̃(a, j)`` of a kept neuron vanishes iff
      ``|B(a, j)| (u_j·A_j)/‖u_j‖ <= λ_B``.
    - ``rescale_bias`` -- scale the bias of a shrunk neuron with its row (see module doc).
    - ``count`` -- what ``ratio`` counts: ``"neurons"`` (rows of ``A``, default) or
      ``"parameters"`` (zero entries of ``Ã`` and ``B̃`` together, i.e. weights
      actually removed, ``B̃`` sparsified entrywise when ``λ_B > 0``).
    - ``values`` -- ``"solution"`` (default): the weights are the minimizer ``Ã, B̃``;
      ``"original"``: the minimizer only decides *which* weights go ([A] §5 runs one
      alternating pass "to identify the rows in Ã and elements of B̃ that will be
      pruned") and the surviving weights keep their trained values.

    OUTPUT: ``(weights, info)``: ``weights = [(Ã, c̃1), (B̃, c2)]`` (numpy, readable by every
    tropsage function taking a net), ``info`` with ``lam``, ``lam_B``, the per-neuron
    ``scores`` (the ``λ`` at which each row vanishes), the boolean ``kept`` mask and
    ``pruned_fraction`` (zero weights of ``Ã, B̃`` over all weights).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.decision.pruning import tropical_prune
        >>> A = np.array([[1., 0.], [0., 2.], [.1, .1]])
        >>> B = np.array([[1., -1., 1.], [-1., 1., 0.]])
        >>> (At, c1), (Bt, c2) = tropical_prune([(A, np.zeros(3)), (B, np.zeros(2))], ratio=1/3)[0]
        >>> At.round(3).tolist(), Bt.round(3).tolist()
        ([[0.929, 0.0], [0.0, 1.929], [0.0, 0.0]], [[1.076, -1.037, 0.0], [-1.076, 1.037, 0.0]])

    The third neuron has the smallest score ``‖A_j‖ s_j / (c1 + c2)`` and goes; the
    others shrink by ``1 − τ/‖u‖`` and ``B̃`` compensates::

        >>> info = tropical_prune([(A, np.zeros(3)), (B, np.zeros(2))], ratio=1/3)[1]
        >>> info["scores"].round(4).tolist(), info["kept"].tolist()
        ([2.0, 4.0, 0.1414], [True, True, False])

    With ``λ_B = λ`` the ratio can count weights: three of the 12 are zero already, the
    third row's two and its ``B(0, 2)`` make half; a larger ratio sparsifies ``B̃``
    entrywise (``|B(a, j)| ‖A_j‖`` decides; ``λ_B = 1`` zeroes the first column)::

        >>> (At, _), (Bt, _) = tropical_prune([(A, np.zeros(3)), (B, np.zeros(2))], ratio=0.5,
        ...                                   lam_B="lam", count="parameters")[0]
        >>> int((At == 0).sum() + (Bt == 0).sum()), (Bt != 0).astype(int).tolist()
        (6, [[1, 1, 0], [1, 1, 0]])
        >>> w, info = tropical_prune([(A, np.zeros(3)), (B, np.zeros(2))], ratio=2/3,
        ...                          lam_B="lam", count="parameters")
        >>> info["lam_B"], info["kept"].tolist(), (w[1][0] != 0).astype(int).tolist()
        (1.0, [True, True, False], [[0, 1, 0], [0, 1, 0]])
    """
    A, c1, B, c2 = shallow_weights(net)
    p = A.shape[0]
    k = B.shape[0]
    pairs = _pairs(k, classes)
    s, lin1, lin2 = _pair_sums(B, None if classes is None else pairs, k)
    live = s > 0
    # G_i = Diag(c_i) A, so sum (c1 G1 + c2 G2) = s A and the unshrunk row u_j is A_j
    u = np.where(live[:, None], A, 0.0)
    norm_u = np.linalg.norm(u, axis=1)
    # row j vanishes once tau_j = (lam1 lin1 + lam2 lin2)/s >= |u_j|; with lam1 = lam2 = lam
    # that is lam >= score_j
    weight = np.where(live, (lin1 + lin2) / np.where(live, s, 1), 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(live & (weight > 0), norm_u / weight, 0.0)
    if count not in COUNTS:
        raise ValueError(f"count must be one of {COUNTS}, got {count!r}")
    tied = isinstance(lam_B, str)
    kappa = float(lam_B_scale)
    if not kappa > 0 or not np.isfinite(kappa):
        raise ValueError(f"lam_B_scale must be a positive number, got {lam_B_scale!r}")
    if tied and lam_B != "lam":
        raise ValueError(f"lam_B must be a nonnegative number or 'lam', got {lam_B!r}")
    if not tied and (not np.isfinite(float(lam_B)) or float(lam_B) < 0):
        raise ValueError(f"lam_B must be a nonnegative number or 'lam', got {lam_B!r}")
    # B̃(a, j) of a kept row vanishes iff |B(a, j)| * proj_j <= lam_B (the shrink factor
    # of the row cancels): proj_j = (u_j . A_j) / |u_j|
    with np.errstate(divide="ignore", invalid="ignore"):
        proj = np.where(norm_u > 0, np.einsum("jn,jn->j", u, A) / np.where(norm_u > 0, norm_u, 1), 0.0)
    bmag = np.abs(B) * proj[None, :]
    if (ratio is None) == (lam is None):
        raise ValueError("give exactly one of ratio and lam")
    if ratio is not None:
        r = _ratio(ratio)
        if count == "neurons":
            m = int(round(r * p))
            lam1 = lam2 = float(np.sort(scores)[m - 1]) if m > 0 else 0.0
        else:
            # the lam at which each weight vanishes: rows with their score, entries of
            # B̃ with their column's score or their own threshold, whichever comes first
            tA = np.where(A == 0, 0.0, scores[:, None] * np.ones_like(A))
            if tied:
                tB = np.minimum(scores[None, :], bmag / kappa)
            else:
                tB = np.where(bmag <= float(lam_B), 0.0, scores[None, :] * np.ones_like(B))
            tB = np.where(B == 0, 0.0, tB)
            thr = np.sort(np.concatenate([tA.ravel(), tB.ravel()]))
            m = int(round(r * thr.size))
            lam1 = lam2 = float(thr[m - 1]) if m > 0 else 0.0
    else:
        lam1, lam2 = (lam, lam) if np.isscalar(lam) else (float(lam[0]), float(lam[1]))
        if lam1 < 0 or lam2 < 0:
            raise ValueError(f"lam must be nonnegative, got {lam!r}")
    lamB = kappa * (lam1 + lam2) / 2 if tied else float(lam_B)
    tau = np.where(live, (lam1 * lin1 + lam2 * lin2) / np.where(live, s, 1), 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(norm_u > 0, np.maximum(0.0, 1.0 - tau / np.where(norm_u > 0, norm_u, 1)), 0.0)
    if ratio is not None:
        # the rule "row j vanishes iff lam >= score_j", free of rounding in 1 - tau/|u|
        factor[scores <= lam1] = 0.0
    At = factor[:, None] * u
    kept = factor > 0
    # B update ([A] §5): B̃±(a, j) = max(0, (Ã_j · B±(a, j) A_j − λ_B ||Ã_j||) / ||Ã_j||²)
    Bp, Bm = np.maximum(B, 0), np.maximum(-B, 0)
    Bt = np.zeros_like(B)
    nA = np.linalg.norm(At, axis=1)
    dots = np.einsum("jn,jn->j", At, A)
    for j in np.flatnonzero(kept):
        den = nA[j] ** 2
        plus = np.maximum(0.0, (Bp[:, j] * dots[j] - lamB * nA[j]) / den)
        minus = np.maximum(0.0, (Bm[:, j] * dots[j] - lamB * nA[j]) / den)
        Bt[:, j] = plus - minus
    if lamB > 0:
        # the same rule without rounding: entry vanishes iff |B| proj <= lam_B
        Bt[bmag <= lamB] = 0.0
    c1t = c1 * factor if rescale_bias else np.where(kept, c1, 0.0)
    if values == "original":
        At, Bt = np.where(At != 0, A, 0.0), np.where(Bt != 0, B, 0.0)
        c1t = np.where(kept, c1, 0.0)
    elif values != "solution":
        raise ValueError(f"values must be 'solution' or 'original', got {values!r}")
    zeros = int((At == 0).sum() + (Bt == 0).sum())
    info = {"lam": (lam1, lam2), "lam_B": lamB, "scores": scores, "kept": kept,
            "factor": factor, "pairs": pairs, "pruned_fraction": zeros / (At.size + Bt.size)}
    return [(At, c1t), (Bt, c2.copy())], info


def magnitude_prune(W, ratio, method="class_blind"):
    r"""
    Magnitude pruning of one weight matrix (rows = nodes). Numerical.

    INPUT:

    - ``W`` -- a 2-d array.
    - ``ratio`` -- fraction of entries to zero.
    - ``method`` -- ``"class_blind"``, ``"class_uniform"`` or ``"class_distribution"``
      (see the module documentation).

    OUTPUT: a pruned copy of ``W``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.decision.pruning import magnitude_prune
        >>> W = np.array([[1., -2., 3., 4.], [10., 20., -30., 0.5]])
        >>> magnitude_prune(W, 0.5, "class_blind").tolist()
        [[0.0, 0.0, 0.0, 4.0], [10.0, 20.0, -30.0, 0.0]]
        >>> magnitude_prune(W, 0.5, "class_uniform").tolist()
        [[0.0, 0.0, 3.0, 4.0], [0.0, 20.0, -30.0, 0.0]]
        >>> magnitude_prune(W, 0.5, "class_distribution").tolist()
        [[0.0, 0.0, 3.0, 4.0], [0.0, 20.0, -30.0, 0.0]]
        >>> magnitude_prune(W, 0.5, "random")
        Traceback (most recent call last):
        ...
        ValueError: unknown pruning method 'random'; expected one of ('class_blind', 'class_uniform', 'class_distribution')
    """
    W = np.array(W, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must be a 2-d array, got shape {W.shape}")
    r = _ratio(ratio)
    mag = np.abs(W)
    out = W.copy()
    if method == "class_blind":
        m = int(round(r * W.size))
        if m:
            idx = np.argsort(mag, axis=None, kind="stable")[:m]
            out.flat[idx] = 0.0
    elif method == "class_uniform":
        m = int(round(r * W.shape[1]))
        if m:
            idx = np.argsort(mag, axis=1, kind="stable")[:, :m]
            np.put_along_axis(out, idx, 0.0, axis=1)
    elif method == "class_distribution":
        # [A] §5 after See et al.: the threshold is q times the standard deviation of
        # the magnitudes of the node's weights
        sigma = mag.std(axis=1, keepdims=True)
        sigma[sigma == 0] = 1.0
        rel = mag / sigma
        m = int(round(r * W.size))
        if m:
            idx = np.argsort(rel, axis=None, kind="stable")[:m]
            out.flat[idx] = 0.0
    else:
        raise ValueError(f"unknown pruning method {method!r}; expected one of "
                         f"{METHODS[1:]}")
    return out


def prune_classifier(net, method, ratio, classes=None):
    r"""
    Prune both layers of an (Affine, ReLU, Affine) classifier at ``ratio`` with one of
    :data:`METHODS`. Numerical.

    OUTPUT: ``[(A, c1), (B, c2)]`` numpy weights.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.decision.pruning import prune_classifier
        >>> rng = np.random.default_rng(0)
        >>> net = [(rng.normal(size=(10, 4)), rng.normal(size=10)), (rng.normal(size=(3, 10)), np.zeros(3))]
        >>> for m in ("tropical", "class_blind", "class_uniform", "class_distribution"):
        ...     (A, _), (B, _) = prune_classifier(net, m, 0.3)
        ...     print(m, int((A == 0).sum()), int((B == 0).sum()))
        tropical 12 9
        class_blind 12 9
        class_uniform 10 9
        class_distribution 12 9
    """
    if method == "tropical":
        return tropical_prune(net, ratio=ratio, classes=classes)[0]
    A, c1, B, c2 = shallow_weights(net)
    return [(magnitude_prune(A, ratio, method), c1.copy()), (magnitude_prune(B, ratio, method), c2.copy())]


def predict(net, X):
    """
    Predicted classes ``argmax B relu(A x + c1) + c2`` for the rows of ``X`` (float);
    deeper ReLU classifiers (see :func:`layer_weights`) too.

    EXAMPLES::

        >>> from tropsage.decision.pruning import predict
        >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> predict(net, [[2, 1], [0, 3]]).tolist()
        [0, 1]
    """
    layers = layer_weights(net)
    h = np.asarray(X, dtype=float)
    for W, b in layers[:-1]:
        h = np.maximum(h @ W.T + b, 0)
    W, b = layers[-1]
    return np.argmax(h @ W.T + b, axis=1)


def accuracy(net, X, y):
    """
    Fraction of rows of ``X`` classified as ``y`` (float).

    EXAMPLES::

        >>> from tropsage.decision.pruning import accuracy
        >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> accuracy(net, [[2, 1], [0, 3], [1, 0], [0, 1]], [0, 1, 1, 1])
        0.75
    """
    return float(np.mean(predict(net, X) == np.asarray(y)))


def pruning_curve(net, X, y, ratios, methods=METHODS, classes=None):
    r"""
    Test accuracy after pruning at each ratio with each method (numerical experiment).

    OUTPUT: a list of dicts with keys ``method``, ``ratio``, ``pruned_A``, ``pruned_B``
    (achieved fractions of zero weights) and ``accuracy``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.decision.pruning import pruning_curve
        >>> rng = np.random.default_rng(1)
        >>> X = rng.normal(size=(50, 3)); y = (X[:, 0] > 0).astype(int)
        >>> net = [(np.vstack([np.eye(3), -np.eye(3)]), np.zeros(6)),
        ...        (np.array([[-1., 0, 0, 1, 0, 0], [1, 0, 0, -1, 0, 0]]), np.zeros(2))]
        >>> rows = pruning_curve(net, X, y, [0.0, 2/3], methods=("tropical", "class_blind"))
        >>> [(r["method"], round(r["ratio"], 2), r["accuracy"]) for r in rows]
        [('tropical', 0.0, 1.0), ('tropical', 0.67, 1.0), ('class_blind', 0.0, 1.0), ('class_blind', 0.67, 1.0)]
    """
    rows = []
    for method in methods:
        if method not in METHODS:
            raise ValueError(f"unknown pruning method {method!r}; expected one of {METHODS}")
        for r in ratios:
            pruned = prune_classifier(net, method, r, classes=classes)
            (A, _), (B, _) = pruned
            rows.append({"method": method, "ratio": float(r), "pruned_A": float(np.mean(A == 0)),
                         "pruned_B": float(np.mean(B == 0)), "accuracy": accuracy(pruned, X, y)})
    return rows


def to_torch(weights):
    """
    A ``torch.nn.Sequential(Linear, ReLU, ..., Linear)`` (float32) with the given weights
    (a list of ``(W, b)`` pairs, ReLU between consecutive layers).

    EXAMPLES::

        >>> import torch
        >>> from tropsage.decision.pruning import to_torch
        >>> model = to_torch([([[1, 0], [0, 1]], [0, 0]), ([[1, -1]], [0])])
        >>> model(torch.tensor([[3., 1.]])).tolist()
        [[2.0]]
    """
    import torch
    pairs = [(np.asarray(W, dtype=np.float32), np.asarray(b, dtype=np.float32))
             for W, b, *_ in weights]
    mods = []
    for k, (W, b) in enumerate(pairs):
        lin = torch.nn.Linear(W.shape[1], W.shape[0])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W))
            lin.bias.copy_(torch.from_numpy(b))
        mods.append(lin)
        if k < len(pairs) - 1:
            mods.append(torch.nn.ReLU())
    return torch.nn.Sequential(*mods)


def prune_network(net, method, ratio, lam_B="lam", count="parameters", classes=None,
                  values="solution", lam_B_scale=1.0):
    r"""
    Prune every layer of a ReLU classifier (any depth) at ``ratio``. Numerical.

    The baselines prune each weight matrix at ``ratio`` (:func:`magnitude_prune`). The
    tropical method is [A]'s greedy extension to deeper networks: problem (2) is solved
    for the consecutive (Affine, ReLU, Affine) blocks ``(W_1, W_2), (W_2, W_3), ...``
    from the input to the output, each block on the weights the previous one left (the
    "classes" of an inner block are the next layer's neurons, all pairs). For one
    hidden layer this is :func:`tropical_prune`. With ``count="parameters"`` the
    per-block ratio is tuned by bisection so that the zero weights of the whole
    network make at least the fraction ``ratio`` (a block counts the zeros the block
    before left in their shared matrix, so equal block ratios miss the target).

    INPUT: ``net`` (see :func:`layer_weights`), ``method`` in :data:`METHODS`,
    ``ratio`` in ``[0, 1]``; ``lam_B``, ``lam_B_scale``, ``count``, ``classes``, ``values`` as in
    :func:`tropical_prune` (``classes`` for the last block only).

    OUTPUT: ``(weights, info)``: the list of ``(W, b)`` pairs and a dict with
    ``pruned_fraction`` (zero weights over all weights, biases not counted) and, for
    the tropical method, ``block_ratio``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.decision.pruning import prune_network
        >>> rng = np.random.default_rng(0)
        >>> net = [(rng.normal(size=(12, 4)), rng.normal(size=12)),
        ...        (rng.normal(size=(8, 12)), rng.normal(size=8)), (rng.normal(size=(3, 8)), np.zeros(3))]
        >>> for m in ("tropical", "class_blind", "class_uniform", "class_distribution"):
        ...     w, info = prune_network(net, m, 0.5)
        ...     print(m, [int((W == 0).sum()) for W, b in w], round(info["pruned_fraction"], 3))
        tropical [12, 72, 0] 0.5
        class_blind [24, 48, 12] 0.5
        class_uniform [24, 48, 12] 0.5
        class_distribution [24, 48, 12] 0.5
    """
    layers = layer_weights(net)
    r = _ratio(ratio)
    total = sum(W.size for W, _ in layers)

    def fraction(ws):
        return sum(int((W == 0).sum()) for W, _ in ws) / total

    if method not in METHODS:
        raise ValueError(f"unknown pruning method {method!r}; expected one of {METHODS}")
    if method != "tropical":
        out = [(magnitude_prune(W, r, method), b.copy()) for W, b in layers]
        return out, {"pruned_fraction": fraction(out)}
    if len(layers) < 2:
        raise ValueError("tropical pruning needs at least one hidden layer")

    def greedy(rho):
        ws = [(W.copy(), b.copy()) for W, b in layers]
        for i in range(len(ws) - 1):
            cls = classes if i == len(ws) - 2 else None
            (A, c1), (B, c2) = tropical_prune([ws[i], ws[i + 1]], ratio=rho, classes=cls,
                                              lam_B=lam_B, count=count, values=values,
                                              lam_B_scale=lam_B_scale)[0]
            ws[i], ws[i + 1] = (A, c1), (B, c2)
        return ws

    if len(layers) == 2 or count == "neurons" or r in (0.0, 1.0):
        ws = greedy(r)
        return ws, {"pruned_fraction": fraction(ws), "block_ratio": r}
    lo, hi = 0.0, 1.0
    best = greedy(hi)
    for _ in range(30):
        if hi - lo < 1e-4:
            break
        mid = (lo + hi) / 2
        ws = greedy(mid)
        if fraction(ws) >= r:
            hi, best = mid, ws
        else:
            lo = mid
    return best, {"pruned_fraction": fraction(best), "block_ratio": hi}


FINE_TUNING = ("none", "biases", "all")


def fine_tune(weights, X, y, mode="all", steps=100, lr=1e-2, seed=0):
    r"""
    Fine-tune a pruned ReLU classifier with full-batch Adam and cross-entropy
    (numerical). ``mode``: ``"none"`` (returned as is), ``"biases"`` (only the biases
    move: they translate the decision boundaries polytope without turning it, [A] §5)
    or ``"all"`` (every surviving weight and the biases; pruned weights stay zero).

    OUTPUT: the list of ``(W, b)`` numpy pairs.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.decision.pruning import fine_tune, accuracy
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] > 0.5).astype(int)
        >>> w = [(np.array([[4., 0.], [0., 0.]]), np.zeros(2)), (np.array([[-4., 0.], [4., 0.]]), np.zeros(2))]
        >>> accuracy(w, X, y) < 0.9                      # the boundary x = 0 is off by 0.5
        True
        >>> t = fine_tune(w, X, y, "biases", steps=100, lr=0.05)
        >>> accuracy(t, X, y) > 0.95, bool((t[0][0] == w[0][0]).all())
        (True, True)
        >>> t = fine_tune(w, X, y, "all", steps=50)
        >>> bool(t[0][0][1, 0] == 0 and t[0][0][0, 1] == 0)       # pruned weights stay zero
        True
    """
    if mode not in FINE_TUNING:
        raise ValueError(f"mode must be one of {FINE_TUNING}, got {mode!r}")
    layers = layer_weights(weights)
    if mode == "none" or int(steps) <= 0:
        return [(W.copy(), b.copy()) for W, b in layers]
    import torch
    torch.manual_seed(seed)
    model = to_torch(layers)
    lin = [m for m in model if isinstance(m, torch.nn.Linear)]
    masks = [torch.as_tensor((W != 0).astype(np.float32)) for W, _ in layers]
    if mode == "biases":
        for m in lin:
            m.weight.requires_grad_(False)
        params = [m.bias for m in lin]
    else:
        params = list(model.parameters())
    Xt = torch.as_tensor(np.asarray(X, dtype=np.float32))
    yt = torch.as_tensor(np.asarray(y, dtype=np.int64))
    opt = Adam(params, lr=lr)
    with single_thread():
        for _ in range(int(steps)):
            opt.step(torch.nn.functional.cross_entropy(model(Xt), yt))
            if mode == "all":
                with torch.no_grad():
                    for m, mk in zip(lin, masks):
                        m.weight.mul_(mk)
    return [(m.weight.detach().double().numpy().copy(), m.bias.detach().double().numpy().copy())
            for m in lin]


def train_classifier(X, y, hidden=None, model=None, masks=None, epochs=300, lr=1e-2,
                     weight_decay=0.0, seed=0, init=None):
    r"""
    Train an (Affine, ReLU, Affine) torch classifier with full-batch Adam and
    cross-entropy (CPU, seeded; a numerical helper for the experiments).

    INPUT:

    - ``X``, ``y`` -- training inputs (``N × n``) and integer labels.
    - ``hidden`` -- hidden width for a new model, or a list of widths for a deeper one
      (or pass ``model``).
    - ``model`` -- an existing ``Sequential(Linear, ReLU, Linear)`` to train in place.
    - ``masks`` -- optional pair of 0/1 arrays for the two weight matrices: pruned
      weights stay zero during training (the lottery-ticket retraining).
    - ``init`` -- for a new model: ``None`` (torch default), ``"xavier"``,
      ``"gaussian"`` (standard normal) or ``"gaussian0.1"`` (variance 0.1).

    OUTPUT: the trained model (in eval mode).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.decision.pruning import train_classifier, accuracy
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] * X[:, 1] > 0).astype(int)
        >>> model = train_classifier(X, y, hidden=16, epochs=400, lr=0.05)
        >>> accuracy(model, X, y) > 0.9
        True
    """
    import torch
    torch.manual_seed(seed)
    X = torch.as_tensor(np.asarray(X, dtype=np.float32))
    y = torch.as_tensor(np.asarray(y, dtype=np.int64))
    if model is None:
        if hidden is None:
            raise ValueError("give hidden (the width of a new model) or model")
        k = int(y.max()) + 1
        widths = [X.shape[1]] + ([int(hidden)] if np.isscalar(hidden) else [int(h) for h in hidden]) \
            + [max(k, 2)]
        mods = []
        for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
            mods += [torch.nn.Linear(a, b)] + ([torch.nn.ReLU()] if i < len(widths) - 2 else [])
        model = torch.nn.Sequential(*mods)
        _initialize(model, init)
    lin = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    mask_t = None
    if masks is not None:
        mask_t = [torch.as_tensor(np.asarray(m, dtype=np.float32)) for m in masks]
        with torch.no_grad():
            for m, mk in zip(lin, mask_t):
                m.weight.mul_(mk)
    opt = Adam(list(model.parameters()), lr=lr, weight_decay=weight_decay)
    model.train()
    with single_thread():
        for _ in range(int(epochs)):
            opt.step(torch.nn.functional.cross_entropy(model(X), y))
            if mask_t is not None:
                with torch.no_grad():
                    for m, mk in zip(lin, mask_t):
                        m.weight.mul_(mk)
    model.eval()
    return model


class Adam:
    """
    Adam (Kingma & Ba; torch's update, ``weight_decay`` added to the gradient as
    ``torch.optim.Adam`` does) written out: ``torch.optim`` imports torch's compiler
    stack, which costs more start-up time than these small trainings take.
    ``step(loss)`` differentiates ``loss`` and updates the parameters.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.decision.pruning import Adam
        >>> w = torch.tensor([3.0], requires_grad=True)
        >>> opt = Adam([w], lr=0.1)
        >>> for _ in range(100):
        ...     opt.step((w ** 2).sum())
        >>> abs(float(w)) < 0.5
        True
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        import torch
        self.params = list(params)
        self.lr, (self.b1, self.b2), self.eps, self.wd = lr, betas, eps, weight_decay
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    def step(self, loss):
        """
        One Adam update of the parameters along the gradient of the scalar ``loss``.

        EXAMPLES::

            >>> import torch
            >>> from tropsage.decision.pruning import Adam
            >>> w = torch.tensor([1.0], requires_grad=True)
            >>> Adam([w], lr=0.5).step(w.sum())         # the first step moves by lr
            >>> round(float(w), 6)
            0.5
        """
        import torch
        grads = torch.autograd.grad(loss, self.params)
        self.t += 1
        b1, b2, t = self.b1, self.b2, self.t
        with torch.no_grad():
            for p, g, m, v in zip(self.params, grads, self.m, self.v):
                if self.wd:
                    g = g + self.wd * p
                m.mul_(b1).add_(g, alpha=1 - b1)
                v.mul_(b2).addcmul_(g, g, value=1 - b2)
                denom = (v / (1 - b2 ** t)).sqrt_().add_(self.eps)
                p.addcdiv_(m, denom, value=-self.lr / (1 - b1 ** t))


class single_thread:
    """
    Context manager running torch on one thread: these models are tiny, and on a
    shared machine torch's thread pool costs ten times more than it gains (measured:
    400 Adam steps of a 2-16-2 net take 9.8 s with 2 threads under load, 0.8 s with 1).

    EXAMPLES::

        >>> import torch
        >>> from tropsage.decision.pruning import single_thread
        >>> before = torch.get_num_threads()
        >>> with single_thread():
        ...     torch.get_num_threads()
        1
        >>> torch.get_num_threads() == before
        True
    """

    def __enter__(self):
        import torch
        self._old = torch.get_num_threads()
        torch.set_num_threads(1)
        return self

    def __exit__(self, *exc):
        import torch
        torch.set_num_threads(self._old)
        return False


def _initialize(model, init):
    import torch
    if init is None:
        return
    for m in model.modules():
        if isinstance(m, torch.nn.Linear):
            if init == "xavier":
                torch.nn.init.xavier_uniform_(m.weight)
            elif init == "gaussian":
                torch.nn.init.normal_(m.weight, 0.0, 1.0)
            elif init == "gaussian0.1":
                torch.nn.init.normal_(m.weight, 0.0, 0.1 ** 0.5)
            else:
                raise ValueError(f"unknown init {init!r}; expected None, 'xavier', 'gaussian', "
                                 "'gaussian0.1'")
            torch.nn.init.zeros_(m.bias)
