"""
Tropical pruning vs magnitude pruning ([A] §5), on scikit-learn's bundled digits
(8x8 images) and on [A]'s Fig. 5 toy networks (two moons, 100/200/300 hidden nodes).

For every seed a classifier is trained (seeded, CPU, full-batch Adam), then pruned at
increasing ratios with

- ``tropical``: one alternating pass of [A] problem (2) with ``λ_B = κ λ`` (``--kappa``,
  default 0.1; with ``κ = 1`` the entries of ``B`` vanish before most rows of ``A``
  and the output layer is wiped out first), so ``B̃`` is
  sparsified entrywise, and the ratio counted in weights actually removed (zeros of
  every weight matrix over all weights); deeper nets by [A]'s greedy block extension.
  As [A] §5 says, the pass identifies the rows of ``Ã`` and the entries of ``B̃`` that
  are pruned; the surviving weights keep their trained values;
- ``tropical_solution``: the same, with the weights replaced by the minimizer ``Ã, B̃``
  (its soft threshold shrinks every surviving entry of ``B̃`` by ``λ/‖A_j‖``);
- ``tropical_lamB0``: ``λ_B = 0`` (whole neurons only; then the minimizer computes
  exactly what the kept neurons computed);
- ``class_blind``, ``class_uniform``, ``class_distribution`` (See et al.; the last
  with the standard deviation of the magnitudes per node), each layer at the ratio;

and each pruned net is evaluated with no fine-tuning, with the biases fine-tuned, and
with all surviving weights fine-tuned (masked, pruned weights stay zero). The table
(CSV and markdown) has the test accuracy as mean ± std over the seeds and the area
under the accuracy-vs-ratio curve (AUC, [A]'s summary); the plot has the mean curves
with ± std bands. Numerical experiments (float weights, measured accuracy).

Usage::

    python examples/decision_pruning_digits.py OUTDIR              # full run (5 seeds)
    python examples/decision_pruning_digits.py OUTDIR --quick      # reduced (tests)

(``TROPSAGE_QUICK=1`` in the environment also selects the reduced run.)
"""

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, pyplot, quick as quick_run, save, write_csv  # noqa: E402

METHODS = ("tropical", "tropical_solution", "tropical_lamB0", "class_blind", "class_uniform",
           "class_distribution")


def load_digits_split(seed=0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()                        # bundled with scikit-learn: no download
    X = d.data / 16.0                        # pixels in [0, 1]
    return train_test_split(X, d.target, test_size=0.3, random_state=seed, stratify=d.target)


def moons_split(seed=0):
    from _data import two_moons
    X, y = two_moons(n=600, noise=0.15, seed=seed)
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(X))
    tr, te = idx[:400], idx[400:]
    return X[tr], X[te], y[tr].astype(int), y[te].astype(int)


KAPPA = 0.1


def prune(model, method, ratio):
    from tropsage.decision.pruning import prune_network
    if method == "tropical_lamB0":
        return prune_network(model, "tropical", ratio, lam_B=0.0)
    if method == "tropical_solution":
        return prune_network(model, "tropical", ratio, lam_B="lam", lam_B_scale=KAPPA,
                             values="solution")
    return prune_network(model, method, ratio, lam_B="lam", lam_B_scale=KAPPA, values="original")


def run_net(name, data, hidden, epochs, ratios, fine, steps, seed, methods=METHODS):
    from tropsage.decision.pruning import accuracy, fine_tune, train_classifier
    Xtr, Xte, ytr, yte = data
    model = train_classifier(Xtr, ytr, hidden=hidden, epochs=epochs, lr=1e-2, seed=seed)
    base = accuracy(model, Xte, yte)
    rows = []
    for method in methods:
        for r in ratios:
            weights, info = prune(model, method, r)
            for mode in fine:
                w = fine_tune(weights, Xtr, ytr, mode, steps=steps, lr=1e-2, seed=seed)
                rows.append({"net": name, "seed": seed, "method": method, "finetune": mode,
                             "ratio": float(r), "pruned": info["pruned_fraction"],
                             "accuracy": accuracy(w, Xte, yte), "unpruned": base})
    return rows


def summarize(rows, ratios):
    """``{(net, finetune, method): (mean[], std[], auc_mean, auc_std)}`` over the seeds."""
    out = {}
    keys = sorted({(r["net"], r["finetune"], r["method"]) for r in rows})
    for key in keys:
        sel = [r for r in rows if (r["net"], r["finetune"], r["method"]) == key]
        seeds = sorted({r["seed"] for r in sel})
        acc = np.array([[next(r["accuracy"] for r in sel if r["seed"] == s and r["ratio"] == q)
                         for q in ratios] for s in seeds])
        aucs = np.array([np.trapezoid(a, ratios) / (ratios[-1] - ratios[0]) for a in acc])
        out[key] = (acc.mean(0), acc.std(0), float(aucs.mean()), float(aucs.std()))
    return out


def main(argv=None):
    ap = parser(__doc__)
    ap.add_argument("--seeds", type=int, default=None, help="number of seeds (default 5; 2 quick)")
    ap.add_argument("--kappa", type=float, default=0.1, help="λ_B = kappa λ (default 0.1)")
    args = parse(ap, argv)
    global KAPPA
    KAPPA = args.kappa
    quick = quick_run(args)
    nseeds = args.seeds or (2 if quick else 5)
    fine = ("none", "biases", "all")
    if quick:
        ratios = [0.0, 0.5, 0.9]
        nets = [("digits 64-16-10", "digits", 16, 60), ("digits 64-8-8-10", "digits", (8, 8), 60),
                ("moons 2-100-2", "moons", 100, 60)]
        steps = 10
    else:
        ratios = [0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95]
        nets = [("digits 64-64-10", "digits", 64, 300), ("digits 64-64-32-10", "digits", (64, 32), 300),
                ("moons 2-100-2", "moons", 100, 400), ("moons 2-200-2", "moons", 200, 400),
                ("moons 2-300-2", "moons", 300, 400)]
        steps = 60

    rows = []
    t0 = time.time()
    for seed in range(nseeds):
        for name, data, hidden, epochs in nets:
            split = load_digits_split(seed) if data == "digits" else moons_split(seed)
            # [A] Fig. 5 (toy networks) has no fine-tuning
            modes = fine if data == "digits" else ("none",)
            rows += run_net(name, split, hidden, epochs, ratios, modes, steps, seed)
        print(f"seed {seed} done ({time.time() - t0:.0f} s)", flush=True)

    write_csv(os.path.join(args.outdir, "pruning_digits.csv"), rows)
    summary = summarize(rows, ratios)
    lines = []
    for name, *_ in nets:
        base = [r["unpruned"] for r in rows if r["net"] == name and r["method"] == "tropical"
                and r["ratio"] == 0 and r["finetune"] == "none"]
        for mode in fine:
            if (name, mode, "tropical") not in summary:
                continue
            lines.append(f"\n### {name}, fine-tuning: {mode} (unpruned test accuracy "
                         f"{np.mean(base):.4f} ± {np.std(base):.4f}, {nseeds} seeds)\n")
            lines.append("| ratio | " + " | ".join(METHODS) + " |")
            lines.append("|---" * (len(METHODS) + 1) + "|")
            for i, q in enumerate(ratios):
                lines.append(f"| {q:.2f} | " + " | ".join(
                    f"{summary[(name, mode, m)][0][i]:.3f} ± {summary[(name, mode, m)][1][i]:.3f}"
                    for m in METHODS) + " |")
            lines.append("| AUC | " + " | ".join(
                f"{summary[(name, mode, m)][2]:.3f} ± {summary[(name, mode, m)][3]:.3f}"
                for m in METHODS) + " |")
    md = "\n".join(lines)
    with open(os.path.join(args.outdir, "pruning_digits.md"), "w") as fh:
        fh.write("Test accuracy after pruning (mean ± std over seeds); the ratio is the fraction "
                 "of weights removed; AUC normalized by the ratio range.\n" + md + "\n")
    print(md)

    panels = [(name, mode) for name, *_ in nets for mode in fine if (name, mode, "tropical") in summary]
    cols = 3
    nrows = -(-len(panels) // cols)
    fig, axes = pyplot().subplots(nrows, cols, figsize=(4.6 * cols, 3.4 * nrows), squeeze=False)
    for ax, (name, mode) in zip(axes.flat, panels):
        for m, style in zip(METHODS, ("o-", "o-.", "o:", "s--", "^--", "d--")):
            mean, std, auc, _ = summary[(name, mode, m)]
            ax.plot(ratios, mean, style, ms=3, label=f"{m} ({auc:.3f})")
            ax.fill_between(ratios, mean - std, mean + std, alpha=0.15)
        ax.set_title(f"{name}, fine-tune: {mode}", fontsize=9)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("fraction of weights removed", fontsize=8)
        ax.legend(fontsize=6)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    save(fig, os.path.join(args.outdir, "pruning_digits.png"), dpi=110)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
