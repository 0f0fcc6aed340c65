r"""
Tropical adversarial attacks ([A] problem (5)) and the gradient-sign baseline (FGSM).

**Numerical** (torch, float32) search, with an **exact** verdict: every adversarial
point found is re-checked by evaluating the network exactly at the float32 input (a
dyadic rational) with :class:`~tropsage.nn.Network`, so a reported success is a
certified misclassification.

*Dual view* ([A] §6). Write the classifier as ``f(x) = g(A1 x)`` with ``A1`` the
first linear layer. Perturbing the input by ``η`` is the same as perturbing the layer by
``ξ`` when ``A1 η = ξ x0``: ``g((A1 + ξ) x0) = g(A1 x0 + A1 η) = f(x0 + η)``. A layer
perturbation moves the decision boundaries (it moves the generators of the zonotopes
``Z(G1)``, ``Z(G2)`` of :mod:`tropsage.decision.boundary`), so an attack can look for
the smallest change of the decision boundaries polytope that puts ``x0`` on the other
side, and realize it by an input perturbation:

.. MATH::

    \min_{η, ξ}\ D_1(η) + D_2(ξ) \quad\text{s.t.}\quad
    \text{margin}(f(x_0 + η)) \le 0,\ \text{margin}(g((A_1 + ξ) x_0)) \le 0,\
    x_0 + η \in [0, 1]^n,\ \|η\|_\infty \le ε_1,\ \|ξ\|_{\infty,\infty} \le ε_2,\
    A_1 η = ξ x_0,

with ``D1(η) = ½‖η‖²`` and, following [A] (6) for ``k`` classes,
``D2(ξ) = ½ Σ_c (‖Diag(B⁺_c) ξ‖_F² + ‖Diag(B⁻_c) ξ‖_F²)`` — the squared change of
the zonotope generators ``Diag(B±_c) A1``.

**The loss constraints as written.** [A] (5) asks ``−CE(f(x0 + η), t) ≤ −1`` and
``−CE(g((A1 + ξ) x0), t) ≤ −1`` (Carlini-Wagner's ``f1``). Read literally with ``t``
the *true* class ``y`` this is the untargeted attack: the cross-entropy of the true
class must reach 1, i.e. its softmax probability drop to ``e^{-1}`` or less. For a
target ``t ≠ y`` the sign that makes the prediction ``t`` is ``CE(·, t) ≤ 1``
(probability of ``t`` at least ``e^{-1}``). ``ce_level`` replaces the 1.

**Solver: penalty method + ADMM, as [A] §6 says.** The equality ``A1 η = ξ x0`` is
moved into the objective as ``ρ/2 ‖A1 η − ξ x0‖²`` with ``ρ`` multiplied by
``rho_growth`` after each penalty round (``outer`` rounds). Each penalty subproblem
is solved by ADMM on the splitting ``η = z``, ``ξ = w`` (as in the structured attack
of Xu et al. 2019, [A]'s [53]), ``z`` and ``w`` carrying the constraint sets
``C1 = {‖z‖∞ ≤ ε1, x0 + z ∈ [0, 1]^n}`` and ``C2 = {‖w‖∞,∞ ≤ ε2}``:

- ``(η, ξ)``-step (inexact, linearized as in Xu et al.): ``inner`` gradient steps on
  ``D1 + D2 + μ (CE violations)_+ + ρ/2 ‖A1 η − ξ x0‖² + β/2 ‖η − z + u‖² +
  β/2 ‖ξ − w + v‖²`` (the loss constraints enter by an exact penalty of weight ``μ``);
- ``(z, w)``-step, exact: the projections ``z = Π_C1(η + u)``, ``w = Π_C2(ξ + v)``;
- dual step: ``u += η − z``, ``v += ξ − w``.

The returned perturbations are the feasible ``z, w``; the coupling residual
``‖A1 z − w x0‖`` is reported per sample. With ``ε2 = 0`` the layer cannot move, and
enforcing ``A1 η = 0`` would leave ``f(x0 + η) = f(x0)``; there the coupling is
dropped and the method is the input attack of [53], as [A] notes for ``ε2 = 0``.
"""

from dataclasses import dataclass

import numpy as np
from tropsage.nn.network import accepts_activations

__all__ = ["fgsm", "tropical_attack", "AttackResult", "exact_predictions", "attack_table"]


def _torch():
    import torch
    return torch


def _first_layer(model):
    torch = _torch()
    if not isinstance(model, torch.nn.Sequential) or not isinstance(model[0], torch.nn.Linear):
        raise TypeError("the attack needs a torch.nn.Sequential whose first module is a Linear layer")
    return model[0], model[1:]


def _as_batch(X, y):
    torch = _torch()
    X = torch.as_tensor(np.asarray(X, dtype=np.float32)) if not torch.is_tensor(X) else X.float()
    y = torch.as_tensor(np.asarray(y, dtype=np.int64)) if not torch.is_tensor(y) else y.long()
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be (N, n) and y (N,); got {tuple(X.shape)} and {tuple(y.shape)}")
    return X, y


def fgsm(model, X, y, eps, clip=(0.0, 1.0)):
    r"""
    Fast gradient sign method: ``x + ε sign(∇_x CE(f(x), y))``, clipped to ``clip``.

    INPUT: a torch ``model``, inputs ``X`` (``N × n``), labels ``y``, budget ``eps``
    (``ℓ∞``), ``clip`` the valid input range (or ``None``).

    OUTPUT: the adversarial inputs, a float32 torch tensor.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.decision.attack import fgsm
        >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2))
        >>> with torch.no_grad():
        ...     _ = model[0].weight.copy_(torch.tensor([[1., 0.], [0., 1.]])); _ = model[0].bias.zero_()
        >>> [round(v, 4) for v in fgsm(model, [[0.6, 0.4]], [0], 0.25)[0].tolist()]
        [0.35, 0.65]
    """
    torch = _torch()
    X, y = _as_batch(X, y)
    x = X.clone().requires_grad_(True)
    loss = torch.nn.functional.cross_entropy(model(x), y, reduction="sum")
    (grad,) = torch.autograd.grad(loss, x)
    out = X + float(eps) * grad.sign()
    if clip is not None:
        out = out.clamp(*clip)
    return out.detach()


@dataclass
class AttackResult:
    """
    Result of :func:`tropical_attack` (torch tensors, float32).

    - ``x_adv`` -- the adversarial inputs ``x0 + η``;
    - ``eta``, ``xi`` -- the input and first-layer perturbations;
    - ``success`` -- misclassified (untargeted) / classified as the target, by the
      float model at ``x_adv``;
    - ``layer_success`` -- the same for the perturbed network ``g((A1 + ξ) x0)``:
      its decision boundary has been moved across ``x0``;
    - ``residual`` -- ``‖A1 η − ξ x0‖_2`` per sample (the dual-view gap).

    EXAMPLES::

        >>> import torch
        >>> from tropsage.decision.attack import tropical_attack
        >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
        >>> with torch.no_grad():
        ...     for m in (model[0], model[2]):
        ...         _ = m.weight.copy_(torch.eye(2)); _ = m.bias.zero_()
        >>> res = tropical_attack(model, torch.tensor([[0.6, 0.4]]), torch.tensor([0]), eps1=0.3, eps2=0.5)
        >>> type(res).__name__, tuple(res.x_adv.shape), bool(res.success[0])
        ('AttackResult', (1, 2), True)
    """

    x_adv: object
    eta: object
    xi: object
    success: object
    layer_success: object
    residual: object


def _ce_violation(logits, y, target, level):
    """``(CE(., y) ≥ level)`` untargeted / ``(CE(., t) ≤ level)`` targeted, as a hinge."""
    torch = _torch()
    if target is None:
        return torch.relu(level - torch.nn.functional.cross_entropy(logits, y, reduction="none"))
    return torch.relu(torch.nn.functional.cross_entropy(logits, target, reduction="none") - level)


def tropical_attack(model, X, y, eps1, eps2=0.0, target=None, outer=12, inner=10, lr=None,
                    lr_xi=None, rho=1.0, rho_growth=3.0, beta=1.0, mu=100.0, ce_level=1.0,
                    clip=(0.0, 1.0), seed=0):
    r"""
    The tropical adversarial attack ([A] problem (5)): cross-entropy constraints,
    penalty method on ``A1 η = ξ x0`` with every penalty step solved by ADMM (see
    the module documentation). Numerical search.

    INPUT:

    - ``model`` -- a ``torch.nn.Sequential`` whose first module is ``Linear`` (``A1``);
      [A]'s ``D2`` uses the last ``Linear`` layer as ``B`` (exact for (Affine, ReLU,
      Affine) classifiers).
    - ``X``, ``y`` -- inputs ``x0`` (``N × n``) and their labels.
    - ``eps1`` -- ``ℓ∞`` budget of the input perturbation ``η``.
    - ``eps2`` -- entrywise budget of the layer perturbation ``ξ`` (``0``: no layer
      perturbation, no coupling).
    - ``target`` -- ``None`` (untargeted) or target labels (``N``).
    - ``outer``, ``inner`` -- penalty rounds (``ρ`` multiplied by ``rho_growth`` after
      each; each round is ``inner`` ADMM iterations).
    - ``lr``, ``lr_xi`` -- step sizes of the linearized ``(η, ξ)``-step (default
      ``eps1 / 4`` and ``eps2 / 4``, scaled down with ``ρ`` so the steps stay stable).
    - ``rho``, ``beta`` -- initial coupling penalty and ADMM parameter.
    - ``mu``, ``ce_level`` -- weight of the exact penalty on the loss constraints and
      their level (1 in [A]).

    OUTPUT: an :class:`AttackResult`; ``residual`` is ``‖A1 η − ξ x0‖_2`` per sample
    at the returned (feasible) ``η, ξ``.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.decision.attack import tropical_attack
        >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
        >>> with torch.no_grad():       # logits relu(x) and relu(y)
        ...     for m in (model[0], model[2]):
        ...         _ = m.weight.copy_(torch.eye(2)); _ = m.bias.zero_()
        >>> x0, y0 = torch.tensor([[0.6, 0.4]]), torch.tensor([0])
        >>> res = tropical_attack(model, x0, y0, eps1=0.3, eps2=0.5)
        >>> bool(res.success[0]), bool(res.layer_success[0]), bool((res.eta.abs() <= 0.3 + 1e-6).all())
        (True, True, True)
        >>> float(res.residual[0]) < 1e-2          # the coupling A1 η = ξ x0 holds
        True
        >>> bool(tropical_attack(model, x0, y0, eps1=0.05).success[0])   # the boundary is 0.1 away
        False
    """
    torch = _torch()
    from .pruning import single_thread
    X, y = _as_batch(X, y)
    if target is not None:
        target = torch.as_tensor(np.asarray(target, dtype=np.int64)) if not torch.is_tensor(target) \
            else target.long()
        if target.shape != y.shape:
            raise ValueError(f"target must have shape {tuple(y.shape)}, got {tuple(target.shape)}")
    eps1, eps2 = float(eps1), float(eps2)
    if eps1 < 0 or eps2 < 0:
        raise ValueError(f"budgets must be nonnegative, got eps1={eps1}, eps2={eps2}")
    first, rest = _first_layer(model)
    lins = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    A1 = first.weight.detach()
    b1 = first.bias.detach() if first.bias is not None else torch.zeros(A1.shape[0])
    B = lins[-1].weight.detach()
    # D2 weights: sum_c B+(c,j)^2 + B-(c,j)^2 = sum_c B(c,j)^2 when the hidden width is B's
    colw = (B ** 2).sum(dim=0) if B.shape[1] == A1.shape[0] else torch.ones(A1.shape[0])
    lr = eps1 / 4 if lr is None else float(lr)
    lr_xi = eps2 / 4 if lr_xi is None else float(lr_xi)
    torch.manual_seed(seed)
    N, n = X.shape
    p = A1.shape[0]
    lo, hi = (clip if clip is not None else (-np.inf, np.inf))
    couple = 1.0 if eps2 > 0 else 0.0

    def proj_eta(e):
        e = e.clamp(-eps1, eps1)
        return torch.clamp(X + e, lo, hi) - X if clip is not None else e

    def gap(e, x):
        return e @ A1.T - torch.einsum("bpn,bn->bp", x, X)

    eta = torch.zeros_like(X)
    xi = torch.zeros(N, p, n)
    z, w = torch.zeros_like(X), torch.zeros(N, p, n)
    u, v = torch.zeros_like(X), torch.zeros(N, p, n)
    # proximal weights of the linearized steps: at least mu / eps, so that one step of the
    # penalty gradient cannot jump much past the budget
    tau_e = max(1.0 / lr if lr > 0 else 1.0, mu / max(eps1, 1e-12))
    tau_x = max(1.0 / lr_xi if lr_xi > 0 else 1.0, mu / max(eps2, 1e-12))
    xx = (X ** 2).sum(dim=1)                       # ||x0||^2 per sample
    eye = torch.eye(n)

    def grads(e, x):
        """Gradients of the exact penalties on the two loss constraints."""
        e = e.clone().requires_grad_(True)
        loss = mu * _ce_violation(model(X + e), y, target, ce_level).sum()
        if eps2 > 0:
            x = x.clone().requires_grad_(True)
            hidden = torch.einsum("bpn,bn->bp", x, X) + X @ A1.T + b1
            loss = loss + mu * _ce_violation(rest(hidden), y, target, ce_level).sum()
            ge, gx = torch.autograd.grad(loss, [e, x])
            return ge, gx
        (ge,) = torch.autograd.grad(loss, [e])
        return ge, None

    with single_thread():
        for _ in range(int(outer)):
            r = couple * rho
            # eta-step matrix: (1 + beta + tau) I + rho A1^T A1, the same for every sample
            M = (1 + beta + tau_e) * eye + r * (A1.T @ A1)
            for _ in range(int(inner)):
                ge, gx = grads(eta, xi)
                with torch.no_grad():
                    # eta-step, exact for the quadratic part, the loss linearized at eta
                    rhs = (r * torch.einsum("bpn,bn->bp", xi, X) @ A1 + beta * (z - u)
                           + tau_e * eta - ge)
                    eta = torch.linalg.solve(M, rhs.T).T
                    if eps2 > 0:
                        # xi-step, row by row: ((c_j + beta + tau) I + rho x0 x0^T) xi_j = rhs_j,
                        # solved by Sherman-Morrison
                        alpha = (colw + beta + tau_x)[None, :, None]
                        rhs = (beta * (w - v) + tau_x * xi - gx
                               + r * (eta @ A1.T)[:, :, None] * X[:, None, :])
                        t = rhs / alpha
                        coef = r * torch.einsum("bpn,bn->bp", t, X) / (1 + r * xx[:, None] / alpha[..., 0])
                        xi = t - coef[:, :, None] * X[:, None, :] / alpha
                    # (z, w)-step: exact projections onto the constraint sets
                    z = proj_eta(eta + u)
                    w = (xi + v).clamp(-eps2, eps2)
                    # dual step
                    u += eta - z
                    v += xi - w
            # the consensus eta = z must keep up with the coupling: beta grows with rho
            # (the scaled duals u, v shrink by the same factor)
            rho *= rho_growth
            if couple:
                beta *= rho_growth
                u /= rho_growth
                v /= rho_growth
    with torch.no_grad():
        x_adv = X + z
        pred = model(x_adv).argmax(1)
        lpred = rest(torch.einsum("bpn,bn->bp", w, X) + X @ A1.T + b1).argmax(1)
        if target is None:
            success, layer_success = pred != y, lpred != y
        else:
            success, layer_success = pred == target, lpred == target
        residual = gap(z, w).norm(dim=1)
    return AttackResult(x_adv.detach(), z.detach(), w.detach(), success, layer_success, residual)


@accepts_activations
def exact_predictions(net, X):
    r"""
    Exact predicted classes at the rows of ``X`` (floats taken as the dyadic rationals
    they are): the network is evaluated in rational arithmetic and the argmax is exact
    (ties resolved to the smallest index, and reported).

    OUTPUT: ``(labels, ties)``: integer numpy array and a boolean array marking points
    where the largest logit is attained twice.

    EXAMPLES::

        >>> from tropsage.decision.attack import exact_predictions
        >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> exact_predictions(net, [[0.25, 0.5], [0.5, 0.5], [2, -1]])
        (array([1, 0, 0]), array([False,  True, False]))
    """
    from tropsage.nn import as_network
    network = as_network(net)
    X = X.detach().cpu().numpy() if hasattr(X, "detach") else np.asarray(X)
    labels, ties = [], []
    for x in X:
        out = network.forward(x.tolist() if isinstance(x, np.ndarray) else x)
        best = max(out)
        idx = [k for k, v in enumerate(out) if v == best]
        labels.append(idx[0])
        ties.append(len(idx) > 1)
    return np.array(labels, dtype=np.int64), np.array(ties, dtype=bool)


def attack_table(model, X, y, eps1_values, eps2_values=(0.0, 1.0), verify=True, **kwargs):
    r"""
    Success rates and perturbation sizes of FGSM and of the tropical attack at each
    budget, on correctly classified inputs (numerical search; with ``verify`` each
    success is confirmed by :func:`exact_predictions`).

    OUTPUT: a list of dicts with keys ``attack``, ``eps1``, ``eps2``, ``n``,
    ``success_rate`` (certified when ``verify``), ``float_success_rate``,
    ``mean_linf``, ``mean_l2`` (over successes), ``mean_residual``.

    EXAMPLES::

        >>> import torch
        >>> from tropsage.decision.attack import attack_table
        >>> torch.manual_seed(1)
        <torch._C.Generator object at ...>
        >>> model = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.ReLU(), torch.nn.Linear(6, 2))
        >>> X = torch.rand(20, 2); y = model(X).argmax(1)
        >>> rows = attack_table(model, X, y, [0.3], [0.0, 0.5], outer=4, inner=5)
        >>> [(r["attack"], r["eps2"]) for r in rows]
        [('fgsm', None), ('tropical', 0.0), ('tropical', 0.5)]
        >>> all(0 <= r["success_rate"] <= r["float_success_rate"] + 1e-9 for r in rows)
        True
    """
    torch = _torch()
    X, y = _as_batch(X, y)
    with torch.no_grad():
        ok = model(X).argmax(1) == y
    X, y = X[ok], y[ok]
    rows = []

    def record(name, e1, e2, x_adv, residual=None):
        with torch.no_grad():
            fsucc = (model(x_adv).argmax(1) != y).numpy()
        succ = fsucc.copy()
        if verify and fsucc.any():
            labels, ties = exact_predictions(model, x_adv[fsucc])
            succ[np.flatnonzero(fsucc)] = (labels != y[fsucc].numpy()) & ~ties
        d = (x_adv - X).numpy()
        linf, l2 = np.abs(d).max(axis=1), np.linalg.norm(d, axis=1)
        rows.append({"attack": name, "eps1": float(e1), "eps2": e2, "n": int(len(y)),
                     "success_rate": float(succ.mean()) if len(y) else 0.0,
                     "float_success_rate": float(fsucc.mean()) if len(y) else 0.0,
                     "mean_linf": float(linf[succ].mean()) if succ.any() else float("nan"),
                     "mean_l2": float(l2[succ].mean()) if succ.any() else float("nan"),
                     "mean_residual": (float(residual.mean()) if residual is not None
                                       else float("nan"))})

    for e1 in eps1_values:
        record("fgsm", e1, None, fgsm(model, X, y, e1))
        for e2 in eps2_values:
            res = tropical_attack(model, X, y, e1, e2, **kwargs)
            record("tropical", e1, float(e2), res.x_adv, res.residual)
    return rows
