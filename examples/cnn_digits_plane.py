"""
Exact activation regions of small CNNs on a plane through three digit images.

Two small convolutional networks are trained briefly (seeded) on scikit-learn's
bundled 8×8 digits, lowered exactly to tropsage networks
(:func:`tropsage.nn.lower`), and restricted exactly to the plane
``x0 + s·u + t·v`` through three images ``a, b, c`` (``x0 = a``, ``u = b − a``,
``v = c − a``: the images sit at ``(0, 0)``, ``(1, 0)``, ``(0, 1)``) by
:func:`tropsage.nn.restrict_to_plane`:

- ``cnn_pool``: conv → batch norm → ReLU → 2×2 max pool → conv → ReLU → flatten →
  linear. Its exact activation regions on the plane (ReLU patterns and max-pool
  winners) are counted and drawn, and the region holding each image is reported per
  module of the model (how many ReLUs are on, which pool winners);
- ``cnn_stride``: conv (stride 2) → ReLU → conv → ReLU → flatten → linear, which
  regioncam can take (its layers are affine maps and ReLUs; regioncam has no
  windowed max pool, batch norm or convolution, so the lowered matrices are given
  to it). On the plane regioncam builds through the three images, its count of
  faces is compared with tropsage's exact count of activation regions in the same
  square.

Writes ``cnn_pool_regions.png``, ``cnn_stride_regions.png`` and ``summary.csv`` to
OUTDIR and prints the counts.

Usage::

    python examples/cnn_digits_plane.py OUTDIR [--small] [--no-regioncam]
"""

import argparse
import csv
import os
import sys
import time
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

DIGITS = (0, 1, 2)          # the three images: the first 0, 1 and 2 of the data set

# (network, small run) -> (channels, view box in plane coordinates). The max-pool
# network has thousands of regions near the images (a 3×3 conv of stride 1 makes 64
# ReLU lines per channel); its reduced run looks at a corner of the triangle.
SETTINGS = {
    ("cnn_pool", False): (2, [(Fraction(-1, 10), Fraction(11, 10))] * 2),
    ("cnn_pool", True): (1, [(Fraction(0), Fraction(1, 4))] * 2),
    ("cnn_stride", False): (4, [(Fraction(-1, 4), Fraction(5, 4))] * 2),
    ("cnn_stride", True): (2, [(Fraction(-1, 10), Fraction(11, 10))] * 2),
}


def digits():
    """The 8×8 digits (scaled to [0, 1]) and their labels."""
    from sklearn.datasets import load_digits
    d = load_digits()
    return (d.images / 16.0).astype(np.float32), d.target


def make_cnn(kind, channels, seed):
    import torch.nn as nn
    import torch
    torch.manual_seed(seed)
    c = channels
    if kind == "cnn_pool":
        return nn.Sequential(nn.Conv2d(1, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU(),
                             nn.MaxPool2d(2), nn.Conv2d(c, c, 3, padding=1), nn.ReLU(),
                             nn.Flatten(), nn.Linear(c * 16, 10))
    return nn.Sequential(nn.Conv2d(1, c, 3, stride=2, padding=1), nn.ReLU(),
                         nn.Conv2d(c, c, 3, padding=1), nn.ReLU(), nn.Flatten(),
                         nn.Linear(c * 16, 10))


def train(model, X, y, steps, lr=0.02, seed=0):
    """Full-batch Adam on the cross-entropy (written out: torch.optim imports slowly)."""
    import torch
    torch.manual_seed(seed)
    Xt = torch.tensor(X[:, None])
    yt = torch.tensor(y, dtype=torch.long)
    params = list(model.parameters())
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    model.train()
    for t in range(1, steps + 1):
        loss = torch.nn.functional.cross_entropy(model(Xt), yt)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g, mi, vi in zip(params, grads, m, v):
                mi.mul_(b1).add_(g, alpha=1 - b1)
                vi.mul_(b2).addcmul_(g, g, value=1 - b2)
                p.sub_(lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t) * mi / (vi.sqrt() + eps))
    model.eval()
    with torch.no_grad():
        return float((model(Xt).argmax(1) == yt).float().mean())


def three_images(X, y):
    return [X[int(np.nonzero(y == d)[0][0])] for d in DIGITS]


def regioncam_count(net, images, size):
    """
    regioncam's faces on its plane through the three images, that plane ``(x0, u, v)``
    and the square of plane coordinates regioncam starts from (exact).
    """
    import regioncam
    pts = np.stack([im.reshape(-1) for im in images]).astype(np.float32)
    rc = regioncam.Regioncam.through_points(pts, size=size)
    plane = rc.plane
    # the square regioncam starts from (``size`` is relative to the spread of the points)
    V = np.asarray(rc.vertex_inputs, dtype=np.float32)
    square = [(Fraction(float(V[:, i].min())), Fraction(float(V[:, i].max()))) for i in range(2)]
    for layer in net.layers:
        W = np.array([[float(w) for w in row] for row in layer.W], dtype=np.float32)
        b = np.array([float(c) for c in layer.b], dtype=np.float32)
        rc.linear(W.T.copy(), b)
        kind = layer.activation.kind
        if kind == "relu":
            rc.relu()
        elif kind != "identity":
            raise ValueError(f"regioncam cannot take a {kind} layer")
    W = np.asarray(plane.weight, dtype=np.float32)
    return rc.num_faces, (np.asarray(plane.bias, dtype=np.float32), W[0], W[1]), square


def exact_plane(net, images):
    """The network restricted to the plane through the three images (exactly)."""
    from tropsage.nn import restrict_to_plane
    a, b, c = [np.array([Fraction(float(t)) for t in im.reshape(-1)], dtype=object)
               for im in images]
    return restrict_to_plane(net, a, b - a, c - a)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("outdir")
    p.add_argument("--small", action="store_true", help="smaller networks and view (for the tests)")
    p.add_argument("--no-regioncam", action="store_true", help="skip the regioncam comparison")
    a = p.parse_args(argv)
    os.makedirs(a.outdir, exist_ok=True)
    from tropsage.nn import lower
    from tropsage.plot import plot_regions
    from tropsage.regions.activation import activation_regions, count_activation_regions
    X, y = digits()
    images = three_images(X, y)
    # the reduced run trains on the first 400 images only
    steps, n_train = (30, 400) if a.small else (150, len(X))
    rc_size = 1.0
    rows = []
    for kind in ("cnn_pool", "cnn_stride"):
        channels, box = SETTINGS[(kind, a.small)]
        model = make_cnn(kind, channels, seed=0)
        acc = train(model, X[:n_train], y[:n_train], steps)
        t0 = time.perf_counter()
        net = lower(model, input_shape=(1, 8, 8))
        t1 = time.perf_counter()
        plane = exact_plane(net, images)
        regions = activation_regions(plane, domain=box, progress=False)
        t2 = time.perf_counter()
        row = {"network": kind, "train accuracy": round(acc, 3), "lowered": repr(net),
               "lower s": round(t1 - t0, 2), "plane box": f"[{box[0][0]}, {box[0][1]}]^2",
               "activation regions": len(regions), "regions s": round(t2 - t1, 2)}
        fig = plot_regions(regions, box=box, labels=False)
        ax = fig.axes[0]
        ax.set_title(f"{kind}: {len(regions)} activation regions\non the plane through digits "
                     f"{DIGITS} in [{box[0][0]}, {box[0][1]}]^2", fontsize=10)
        ax.set_xlabel("s")
        ax.set_ylabel("t")
        for (s, t), d in zip([(0, 0), (1, 0), (0, 1)], DIGITS):
            ax.plot([s], [t], "*", ms=14, color="k", markeredgecolor="w", zorder=5)
            ax.annotate(str(d), (s, t), textcoords="offset points", xytext=(6, 6), zorder=5,
                        fontsize=12, fontweight="bold",
                        bbox={"boxstyle": "round", "fc": "w", "alpha": 0.8})
        fig.savefig(os.path.join(a.outdir, f"{kind}_regions.png"), dpi=120, bbox_inches="tight")
        import matplotlib.pyplot as plt
        plt.close(fig)
        # the region of each image, per module of the model
        for (s, t), d in zip([(0, 0), (1, 0), (0, 1)], DIGITS):
            pats = net.module_patterns(plane.activation_pattern([s, t]))
            summary = ", ".join(f"{m}: {int(np.count_nonzero(v))}/{v.size} on"
                                if net.modules[m][0] == "relu" else
                                f"{m}: winners {np.bincount(v.reshape(-1).astype(int), minlength=4).tolist()}"
                                for m, v in pats.items())
            print(f"{kind}: image of digit {d}: {summary}")
        if kind == "cnn_stride" and not a.no_regioncam:
            try:
                count, (x0, u, v), sq = regioncam_count(net, images, rc_size)
            except ImportError:
                count = None
            if count is not None:
                from tropsage.nn import restrict_to_plane
                rc_plane = restrict_to_plane(net, x0, u, v)
                ours = count_activation_regions(rc_plane, domain=sq, progress=False)
                row.update({"regioncam square": f"[{float(sq[0][0]):.4f}, {float(sq[0][1]):.4f}]^2",
                            "regioncam faces": count, "exact regions (regioncam plane)": ours})
        rows.append(row)
        print("  ".join(f"{k}: {v}" for k, v in row.items()))
    with open(os.path.join(a.outdir, "summary.csv"), "w", newline="") as fh:
        keys = list(dict.fromkeys(k for r in rows for k in r))
        w = csv.DictWriter(fh, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    return rows


if __name__ == "__main__":
    main()
