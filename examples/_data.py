"""Shared helpers of the example scripts: a local 2-D data set and a small torch trainer."""

import numpy as np


def two_moons(n=200, noise=0.1, seed=0):
    """Two interleaved half circles in the plane (generated here; no download)."""
    rng = np.random.default_rng(seed)
    k = n // 2
    t = rng.uniform(0, np.pi, size=k)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((2 * k, 2))
    y = np.concatenate([np.zeros(k), np.ones(k)])
    return X - X.mean(axis=0), y


def torch_mlp(widths, seed=0):
    """A ``torch.nn.Sequential`` of Linear + ReLU layers (no ReLU after the last)."""
    import torch
    torch.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def train(model, X, y, steps=400, lr=0.05, seed=0):
    """
    Full-batch Adam on the logistic loss; returns the training accuracy.

    Adam is written out here: ``torch.optim`` imports torch's compiler stack, which
    costs more start-up time than these small trainings take.
    """
    import torch
    torch.manual_seed(seed)
    Xt = torch.tensor(X, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    params = [p for p in model.parameters()]
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(Xt), yt)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g, mi, vi in zip(params, grads, m, v):
                mi.mul_(b1).add_(g, alpha=1 - b1)
                vi.mul_(b2).addcmul_(g, g, value=1 - b2)
                step = lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
                p.sub_(step * mi / (vi.sqrt() + eps))
    with torch.no_grad():
        return float(((model(Xt) > 0).float() == yt).float().mean())
