"""
The lottery-ticket picture of [A] §4: decision boundaries polytopes before and after pruning.

A 2 -> 40 -> 2 ReLU classifier is trained on a 2-D two-moons set (generated locally,
seeded). Its smallest weights are pruned (class-blind, both layers) at increasing
ratios and the sparse network is retrained from (i) the *same* initial weights as the
original network (the lottery ticket of Frankle & Carbin), (ii) a Xavier
initialization, (iii) a standard Gaussian one, (iv) a zero-mean Gaussian with variance
0.1 -- the four of [A] Fig. 3. For every network the decision
boundaries polytope ``δ(R) = conv(Z(G1) ∪ Z(G2))`` ([A] Theorem 2) is computed **exactly**
(float weights are dyadic rationals) and drawn over the original one, together with
the decision regions; [A] observes that the lottery-ticket initialization keeps the
orientation of the polytope (and of the boundary) best. Output:
``lottery_zonotopes.png`` and ``lottery_zonotopes.csv`` (accuracy and vertex counts).

Usage::

    python examples/lottery_zonotopes.py OUTDIR [--quick]
"""

import copy
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, pyplot, quick as quick_run, save, write_csv  # noqa: E402


def main(argv=None):
    ap = parser(__doc__, seed=True)
    args = parse(ap, argv)
    quick = quick_run(args)

    import torch
    from sklearn.datasets import make_moons
    from tropsage.decision import decision_polytope
    from tropsage.decision.boundary import _polygon
    from tropsage.decision.pruning import (_initialize, accuracy, magnitude_prune, shallow_weights,
                                           train_classifier)

    hidden = 40
    epochs = 300 if quick else 1500
    ratios = [0.5, 0.9] if quick else [0.5, 0.8, 0.9]
    X, y = make_moons(n_samples=400, noise=0.1, random_state=args.seed)

    torch.manual_seed(args.seed)
    model = torch.nn.Sequential(torch.nn.Linear(2, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 2))
    init_state = copy.deepcopy(model.state_dict())
    train_classifier(X, y, model=model, epochs=epochs, lr=1e-2, seed=args.seed)
    base_acc = accuracy(model, X, y)
    A, _, B, _ = shallow_weights(model)

    inits = [("lottery ticket (same init)", None), ("Xavier", "xavier"), ("Gaussian N(0, 1)", "gaussian"),
             ("Gaussian N(0, 0.1)", "gaussian0.1")]
    results = {}
    for ratio in ratios:
        masks = [(magnitude_prune(A, ratio) != 0).astype(float), (magnitude_prune(B, ratio) != 0).astype(float)]
        for k, (name, init) in enumerate(inits):
            torch.manual_seed(args.seed + 1 + k)
            m = torch.nn.Sequential(torch.nn.Linear(2, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 2))
            if init is None:
                m.load_state_dict(init_state)
            else:
                _initialize(m, init)
            train_classifier(X, y, model=m, masks=masks, epochs=epochs, lr=1e-2, seed=args.seed)
            results[ratio, name] = m

    def polygon(net):
        P = decision_polytope(net)                     # exact conv(Z(G1) ∪ Z(G2)) + shift
        return P, _polygon([[float(v) for v in p] for p in P.vertices_list()])

    P0, poly0 = polygon(model)
    rows = [{"init": "original", "ratio": 0.0, "accuracy": base_acc, "vertices": P0.n_vertices()}]
    grid = np.linspace(X.min() - 0.3, X.max() + 0.3, 200)
    GX, GY = np.meshgrid(grid, grid)
    G = torch.tensor(np.stack([GX.ravel(), GY.ravel()], axis=1), dtype=torch.float32)

    fig, axes = pyplot().subplots(len(inits), len(ratios) + 2, figsize=(3.1 * (len(ratios) + 2), 3.0 * len(inits)))
    for r, (name, _) in enumerate(inits):
        ax = axes[r, 0]
        with torch.no_grad():
            Z = model(G).argmax(1).reshape(GX.shape).numpy()
        ax.contourf(GX, GY, Z, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fdd0a2"])
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=3)
        ax.set_title("data, original regions", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax = axes[r, 1]
        ax.fill(poly0[:, 0], poly0[:, 1], color="green", alpha=0.3)
        ax.set_title(f"original δ(R): {P0.n_vertices()} vertices", fontsize=9)
        axes[r, 0].set_ylabel(name, fontsize=9)
        for c, ratio in enumerate(ratios):
            net = results[ratio, name]
            P, poly = polygon(net)
            acc = accuracy(net, X, y)
            rows.append({"init": name, "ratio": ratio, "accuracy": acc, "vertices": P.n_vertices()})
            ax = axes[r, c + 2]
            ax.fill(poly0[:, 0], poly0[:, 1], color="green", alpha=0.15)
            ax.fill(poly[:, 0], poly[:, 1], color="tab:blue", alpha=0.45)
            ax.set_title(f"{int(100 * ratio)} % pruned: acc {acc:.2f}", fontsize=9)
        for ax in axes[r, 1:]:
            ax.set_aspect("equal", adjustable="datalim")
            ax.tick_params(labelsize=7)
    fig.suptitle("decision boundaries polytopes (exact) after pruning and retraining; "
                 "green: original network", fontsize=10)
    save(fig, os.path.join(args.outdir, "lottery_zonotopes.png"), dpi=110)
    write_csv(os.path.join(args.outdir, "lottery_zonotopes.csv"), rows)
    for row in rows:
        print(f"{row['init']:28s} ratio {row['ratio']:.2f}  accuracy {row['accuracy']:.3f}  "
              f"polytope vertices {row['vertices']}")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
