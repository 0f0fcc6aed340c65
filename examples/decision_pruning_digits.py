"""
Tropical pruning vs magnitude pruning on scikit-learn's bundled digits (8x8 images).

Trains a small (Affine, ReLU, Affine) torch classifier 64 -> H -> 10 (seeded, CPU),
prunes it at increasing ratios with tropical pruning ([A] problem (2), closed-form
row updates) and the class-blind / class-uniform / class-distribution baselines, and
writes the test accuracy as a table (CSV and markdown) and a plot (PNG). A numerical
experiment (float weights, measured accuracy); the exact side is the decision
boundaries polytope of :mod:`tropsage.decision.boundary`, which this script also
evaluates for one class pair before and after tropical pruning (vertex counts).

Usage::

    python examples/decision_pruning_digits.py OUTDIR            # full run
    python examples/decision_pruning_digits.py OUTDIR --quick    # reduced (tests)

(``TROPSAGE_QUICK=1`` in the environment also selects the reduced run.)
"""

import argparse
import csv
import os
import sys
import time

import numpy as np


def load_digits_split(seed=0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()                        # bundled with scikit-learn: no download
    X = d.data / 16.0                        # pixels in [0, 1]
    return train_test_split(X, d.target, test_size=0.3, random_state=seed, stratify=d.target)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--quick", action="store_true", help="reduced budget (as run by the tests)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    quick = args.quick or os.environ.get("TROPSAGE_QUICK") == "1"
    os.makedirs(args.outdir, exist_ok=True)

    from tropsage.decision.pruning import (METHODS, accuracy, pruning_curve, tropical_prune,
                                           train_classifier)
    hidden, epochs = (32, 120) if quick else (64, 400)
    ratios = [0.0, 0.5, 0.9] if quick else [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]

    t0 = time.time()
    Xtr, Xte, ytr, yte = load_digits_split(args.seed)
    model = train_classifier(Xtr, ytr, hidden=hidden, epochs=epochs, lr=1e-2, seed=args.seed)
    base = accuracy(model, Xte, yte)
    t_train = time.time() - t0
    print(f"digits: {len(Xtr)} train / {len(Xte)} test, net 64-{hidden}-10, "
          f"test accuracy {base:.4f} (trained in {t_train:.1f} s)")

    t0 = time.time()
    rows = pruning_curve(model, Xte, yte, ratios)
    print(f"pruning curve: {len(rows)} pruned networks evaluated in {time.time() - t0:.2f} s")

    with open(os.path.join(args.outdir, "pruning_digits.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["method", "ratio", "pruned_A", "pruned_B", "accuracy"])
        w.writeheader()
        w.writerows(rows)
    table = {m: {r["ratio"]: r["accuracy"] for r in rows if r["method"] == m} for m in METHODS}
    lines = ["| ratio | " + " | ".join(METHODS) + " |", "|---" * (len(METHODS) + 1) + "|"]
    for r in ratios:
        lines.append(f"| {r:.2f} | " + " | ".join(f"{table[m][r]:.4f}" for m in METHODS) + " |")
    # area under the accuracy-vs-ratio curve, the summary [A] reports
    auc = {m: float(np.trapezoid([table[m][r] for r in ratios], ratios)) for m in METHODS}
    lines.append(f"| AUC | " + " | ".join(f"{auc[m]:.4f}" for m in METHODS) + " |")
    md = "\n".join(lines)
    with open(os.path.join(args.outdir, "pruning_digits.md"), "w") as fh:
        fh.write(f"Digits, net 64-{hidden}-10, unpruned test accuracy {base:.4f}\n\n{md}\n")
    print(md)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4.2))
    for m, style in zip(METHODS, ("o-", "s--", "^--", "d--")):
        ax.plot(ratios, [table[m][r] for r in ratios], style, label=f"{m} (AUC {auc[m]:.3f})")
    ax.axhline(base, color="0.6", lw=0.8)
    ax.set_xlabel("pruning ratio (fraction of zero weights per layer)")
    ax.set_ylabel("test accuracy")
    ax.set_title(f"digits, 64-{hidden}-10 ReLU classifier")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(args.outdir, "pruning_digits.png"), dpi=120)
    plt.close(fig)

    # the exact side: the decision boundaries polytope for classes (0, 1) lives in R^64
    # and is far too large to enumerate; its generators are not. Report how many
    # zonotope generators (hidden neurons) survive tropical pruning at 50 %.
    weights, info = tropical_prune(model, ratio=0.5)
    kept = int(info["kept"].sum())
    print(f"tropical pruning at 50 %: {kept} of {hidden} zonotope generators kept, "
          f"accuracy {accuracy(weights, Xte, yte):.4f}")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
