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
    """Full-batch Adam on the logistic loss; returns the training accuracy."""
    import torch
    torch.manual_seed(seed)
    Xt = torch.tensor(X, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(Xt), yt)
        loss.backward()
        opt.step()
    with torch.no_grad():
        return float(((model(Xt) > 0).float() == yt).float().mean())
