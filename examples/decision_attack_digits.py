"""
Tropical adversarial attacks ([A] problem (5)) vs FGSM on scikit-learn's digits.

Trains a 64 -> H -> 10 ReLU classifier (seeded, CPU), attacks correctly classified
test images with FGSM and with the tropical attack (input perturbation ``η`` coupled
to a first-layer perturbation ``ξ`` through ``A1 η = ξ x0``) at the same ``ℓ∞``
budgets, and writes

- ``attack_digits.csv`` / ``.md``: success rates (each success certified by an exact
  rational evaluation of the network) and perturbation sizes;
- ``attack_digits.png``: success rate and mean ``ℓ2`` size vs the budget;
- ``attack_examples.png``: clean images and their adversarial versions with the
  exactly computed labels;
- ``attack_dual_view.png``: the dual view on a 2-D toy problem — the decision regions
  of the network and of the network with perturbed first layer ``A1 + ξ`` around the
  attacked point, and the exact decision boundaries polytopes ``conv(Z(G1) ∪ Z(G2))``
  of both (the perturbation of the layer moves the polytope, which moves the
  boundary across the point).

The search is numerical (torch); the verdicts and the polytopes are exact.

Usage::

    python examples/decision_attack_digits.py OUTDIR [--quick]
"""

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, pyplot, quick as quick_run, save, write_csv  # noqa: E402


def main(argv=None):
    ap = parser(__doc__, seed=True)
    ap.add_argument("--ce-level", type=float, default=1.0,
                    help="level of the cross-entropy constraints of Problem (5) (1 in [A])")
    args = parse(ap, argv)
    quick = quick_run(args)

    import torch
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from tropsage.decision.attack import attack_table, exact_predictions, fgsm, tropical_attack
    from tropsage.decision.pruning import accuracy, train_classifier

    hidden, epochs = (32, 120) if quick else (32, 400)
    n_attack = 40 if quick else 300
    # [A] Table 1: eps1 in {0.1, 0.2}, eps2 in {0, 1, 2}
    eps1s = [0.1] if quick else [0.1, 0.2]
    eps2s = [0.0, 0.5] if quick else [0.0, 1.0, 2.0]
    steps = dict(outer=9, inner=5) if quick else dict(outer=12, inner=10)
    steps["ce_level"] = args.ce_level

    d = load_digits()                                   # bundled, no download
    X = d.data / 16.0
    Xtr, Xte, ytr, yte = train_test_split(X, d.target, test_size=0.3, random_state=args.seed,
                                          stratify=d.target)
    model = train_classifier(Xtr, ytr, hidden=hidden, epochs=epochs, lr=1e-2, seed=args.seed)
    print(f"digits net 64-{hidden}-10: test accuracy {accuracy(model, Xte, yte):.4f}")

    t0 = time.time()
    rows = attack_table(model, Xte[:n_attack], yte[:n_attack], eps1s, eps2s, **steps)
    print(f"attacks on {rows[0]['n']} correctly classified images in {time.time() - t0:.1f} s")
    keys = ["attack", "eps1", "eps2", "n", "success_rate", "float_success_rate", "mean_linf",
            "mean_l2", "mean_residual"]
    write_csv(os.path.join(args.outdir, "attack_digits.csv"), rows, keys)
    lines = ["| attack | ε1 | ε2 | robust accuracy (%) | success (exact) | mean ℓ∞ | mean ℓ2 "
             "| ‖A1η − ξx0‖ |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e2 = "-" if r["eps2"] is None else f"{r['eps2']:.2f}"
        # with eps2 = 0 the coupling is dropped (the input attack of [A]'s [53])
        res = "-" if np.isnan(r["mean_residual"]) or not r["eps2"] else f"{r['mean_residual']:.2e}"
        lines.append(f"| {r['attack']} | {r['eps1']:.2f} | {e2} | {100 * (1 - r['success_rate']):.1f} "
                     f"| {r['success_rate']:.3f} | {r['mean_linf']:.3f} | {r['mean_l2']:.3f} | {res} |")
    md = "\n".join(lines)
    with open(os.path.join(args.outdir, "attack_digits.md"), "w") as fh:
        fh.write(md + "\n")
    print(md)

    plt = pyplot()

    # success rate and perturbation size vs budget
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    series = [("fgsm", None)] + [("tropical", e2) for e2 in eps2s]
    for name, e2 in series:
        sel = [r for r in rows if r["attack"] == name and r["eps2"] == e2]
        label = "FGSM" if name == "fgsm" else f"tropical, ε2 = {e2:g}"
        style = "k--o" if name == "fgsm" else "-s"
        a1.plot([r["eps1"] for r in sel], [r["success_rate"] for r in sel], style, label=label)
        a2.plot([r["eps1"] for r in sel], [r["mean_l2"] for r in sel], style, label=label)
    a1.set_xlabel("ε1 (ℓ∞ budget)")
    a1.set_ylabel("certified success rate")
    a1.set_ylim(0, 1.02)
    a2.set_xlabel("ε1 (ℓ∞ budget)")
    a2.set_ylabel("mean ℓ2 of successful η")
    a1.legend(fontsize=8)
    fig.suptitle(f"digits 64-{hidden}-10: FGSM vs tropical attack")
    save(fig, os.path.join(args.outdir, "attack_digits.png"))

    # example images: clean / FGSM / tropical at the largest budget
    e1, e2 = eps1s[-1], eps2s[-1]
    Xs = torch.tensor(Xte[:n_attack], dtype=torch.float32)
    ys = torch.tensor(yte[:n_attack])
    with torch.no_grad():
        ok = model(Xs).argmax(1) == ys
    Xs, ys = Xs[ok][:6], ys[ok][:6]
    adv_f = fgsm(model, Xs, ys, e1)
    adv_t = tropical_attack(model, Xs, ys, e1, e2, **steps).x_adv
    lab_f, _ = exact_predictions(model, adv_f)
    lab_t, _ = exact_predictions(model, adv_t)
    fig, axes = plt.subplots(3, len(ys), figsize=(1.6 * len(ys), 5.2))
    for c in range(len(ys)):
        for r, (img, title) in enumerate([(Xs[c], f"clean: {int(ys[c])}"),
                                          (adv_f[c], f"FGSM: {lab_f[c]}"),
                                          (adv_t[c], f"tropical: {lab_t[c]}")]):
            ax = axes[r, c]
            ax.imshow(img.reshape(8, 8).numpy(), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(title, fontsize=9, color="red" if r and title.split(": ")[1] != str(int(ys[c])) else "black")
            ax.set_xticks([])
            ax.set_yticks([])
    fig.suptitle(f"ε1 = {e1:g}, ε2 = {e2:g}; labels computed exactly (red: misclassified)", fontsize=10)
    save(fig, os.path.join(args.outdir, "attack_examples.png"))

    dual_view(os.path.join(args.outdir, "attack_dual_view.png"), quick=quick, seed=args.seed)
    return rows


def dual_view(path, quick=False, seed=0):
    """[A] Fig. 7 on a 2-D toy set: regions and exact polytopes before/after ``A1 + ξ``."""
    import torch
    from sklearn.datasets import make_moons
    from tropsage.decision import decision_polytope
    from tropsage.decision.attack import tropical_attack
    from tropsage.decision.boundary import _polygon
    from tropsage.decision.pruning import shallow_weights, train_classifier

    X, y = make_moons(n_samples=300, noise=0.15, random_state=seed)   # generated locally
    X = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))          # into [0, 1]^2
    model = train_classifier(X, y, hidden=12, epochs=300 if quick else 800, lr=2e-2, seed=seed)
    A, c1, B, c2 = shallow_weights(model)
    # attack the correctly classified point closest to the boundary
    grid = np.linspace(0, 1, 240)
    GX, GY = np.meshgrid(grid, grid)
    G = np.stack([GX.ravel(), GY.ravel()], axis=1)

    def margin(Aw, pts):
        z = np.maximum(pts @ Aw.T + c1, 0) @ B.T + c2
        return z[:, 1] - z[:, 0]

    m = margin(A, X)
    ok = np.flatnonzero((m > 0) == (y == 1))
    i0 = ok[np.argsort(np.abs(m[ok]))[3]]
    x0 = torch.tensor(X[i0:i0 + 1], dtype=torch.float32)
    y0 = torch.tensor([int(y[i0])])
    res = tropical_attack(model, x0, y0, eps1=0.25, eps2=1.0, outer=20, inner=10)
    Ap = A + res.xi[0].double().numpy()

    fig, axes = pyplot().subplots(1, 3, figsize=(14, 4.6))
    for ax, Aw, title in ((axes[0], A, "original network"), (axes[1], Ap, "first layer A1 + ξ")):
        ax.contourf(GX, GY, (margin(Aw, G) > 0).reshape(GX.shape), levels=[-0.5, 0.5, 1.5],
                    colors=["#c6dbef", "#fdd0a2"])
        ax.contour(GX, GY, margin(Aw, G).reshape(GX.shape), levels=[0], colors="k", linewidths=1)
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=6, alpha=0.6)
        ax.scatter(*X[i0], color="k", s=60, marker="o", zorder=5)
        ax.scatter(*res.x_adv[0].numpy(), color="k", s=60, marker="x", zorder=5)
        ax.set_title(title)
        ax.set_aspect("equal")
    for Aw, colour, label in ((A, "green", "original"), (Ap, "blue", "perturbed")):
        net = [(Aw, c1), (B, c2)]
        P = decision_polytope(net)                         # exact, from the float weights
        poly = _polygon([[float(v) for v in p] for p in P.vertices_list()])
        closed = np.vstack([poly, poly[:1]])
        axes[2].fill(poly[:, 0], poly[:, 1], color=colour, alpha=0.2)
        axes[2].plot(closed[:, 0], closed[:, 1], color=colour, lw=1.5,
                     label=f"{label}: {P.n_vertices()} vertices")
    axes[2].set_title("decision boundaries polytopes δ(R) (exact)")
    axes[2].legend(fontsize=8)
    axes[2].set_aspect("equal")
    fig.suptitle(f"dual view: point {tuple(np.round(X[i0], 3))} (o), adversarial (x): "
                 f"{'success' if bool(res.success[0]) else 'failure'}", fontsize=10)
    save(fig, path)


if __name__ == "__main__":
    main(sys.argv[1:])
