"""
[S] §5: exact activation-region counts of small digit classifiers during training,
against their test error, next to the counting bounds.

[S] trains rectifier networks with two hidden layers totalling 22 units on MNIST (every
split ``n1 + n2 = 22``, 10 networks each), counts their regions exactly by MILP in the
input box, and reports that in networks whose first layer is not too narrow the error
goes down as the count goes up. Here the data are scikit-learn's bundled digits
(8 x 8 pixels scaled to ``[0, 1]``, so ``n0 = 64``; 75 % train, 25 % test, stratified),
the networks ``64-n1-n2-10`` with ``n1 + n2 = 22``, trained by full-batch Adam
(cross-entropy, learning rate 0.01, torch's default initialization, seeded).

At every checkpoint (training steps ``--checkpoints``) the script records

- the exact number of activation regions on all of ``R^64``
  (:func:`tropsage.regions.count_activation_regions`; the first layer has rank
  ``n1 < 64``, so the regions are enumerated on ``Q^n1`` and lifted, see
  :mod:`tropsage.nn.reduce`);
- at the last checkpoint, for the narrow first layers (``n1 <= --box-max-n1``), also the
  exact count inside the input box ``[0, 1]^64``, the domain [S] counts in (every
  region of ``Q^n1`` is then tested against the box in ``Q^64``, which costs far more
  per region);
- the number of distinct activation patterns of the training inputs (float forward
  pass: a lower bound for the count in the box), train and test error;
- the bounds of :mod:`tropsage.bounds` for the architecture: [S] Theorem 1,
  Montúfar (2017) and the trivial ``2^22``. The lower bounds (Montúfar et al. 2014,
  [S]) need ``n_1 >= 64`` resp. ``>= 192`` and do not apply.

An enumeration that exceeds ``--budget`` seconds is stopped and its count written as
a lower bound (``partial = True``); the box test of the cells found always runs to the
end (it is not interruptible), so a box count can take longer than the budget. Output: ``regions_during_training.csv`` (one row per network and
checkpoint, written as it goes), ``regions_during_training.png`` (counts during
training with the upper bounds; test error against the count, coloured by ``n1``
from red to blue as in [S]) and ``regions_during_training.md`` (the table at the
last checkpoint and Spearman correlations of count and test error).

Usage::

    python examples/regions_during_training.py OUTDIR [--small] [--n1 2 3 4 ...]
        [--seeds N] [--checkpoints 0 10 ...] [--budget SECONDS]
"""

import argparse
import csv
import os
import signal
import sys
import time

import numpy as np

HIDDEN = 22
FULL = {"n1": [2, 3, 4, 5, 6, 7], "seeds": 3, "checkpoints": [0, 25, 50, 100, 200, 400],
        "box_max_n1": 4, "budget": 90.0}
SMALL = {"n1": [2, 3], "seeds": 1, "checkpoints": [0, 15, 40], "box_max_n1": 2, "budget": 60.0}


def load_digits_split(seed=0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()                        # bundled with scikit-learn: no download
    return train_test_split(d.data / 16.0, d.target, test_size=0.25, random_state=seed,
                            stratify=d.target)


class _Budget:
    """Stop an enumeration after ``seconds``: SIGALRM sends the Ctrl-C that the
    enumeration turns into a clean stop (it then returns a partial count). A signal
    that arrives after the enumeration, in the box test, is lost."""

    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        if self.seconds and hasattr(signal, "setitimer"):
            self.old = signal.signal(signal.SIGALRM, lambda *a: os.kill(os.getpid(), signal.SIGINT))
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.seconds and hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        return False


def count(model, domain, budget):
    from tropsage.regions.activation import count_activation_regions
    t = time.perf_counter()
    with _Budget(budget):
        c, info = count_activation_regions(model, domain=domain, return_info=True, progress=False)
    return c, info["partial"], time.perf_counter() - t


def data_patterns(model, X):
    """Distinct activation patterns of the rows of ``X`` (float forward pass)."""
    import torch
    with torch.no_grad():
        h, bits = torch.as_tensor(X, dtype=torch.float32), []
        for m in model:
            h = m(h)
            if isinstance(m, torch.nn.Linear) and m is not model[-1]:
                bits.append((h > 0).numpy())
    return len({r.tobytes() for r in np.hstack(bits)})


def error(model, X, y):
    import torch
    with torch.no_grad():
        return float((model(torch.as_tensor(X, dtype=torch.float32)).argmax(1).numpy() != y).mean())


def run(n1, seed, data, checkpoints, box, budget, writer=None):
    import torch
    from tropsage import bounds
    from tropsage.decision.pruning import Adam, single_thread, train_classifier
    Xtr, Xte, ytr, yte = data
    widths = (n1, HIDDEN - n1)
    table = bounds.all_bounds(Xtr.shape[1], widths)
    model = train_classifier(Xtr, ytr, hidden=list(widths), epochs=0, seed=seed)   # the init
    X = torch.as_tensor(np.asarray(Xtr, dtype=np.float32))
    y = torch.as_tensor(np.asarray(ytr, dtype=np.int64))
    torch.manual_seed(seed)
    opt = Adam(list(model.parameters()), lr=1e-2)
    rows, step = [], 0
    for target in checkpoints:
        with single_thread():
            while step < target:
                opt.step(torch.nn.functional.cross_entropy(model(X), y))
                step += 1
        regions, partial, secs = count(model, None, budget)
        row = {"n1": n1, "n2": HIDDEN - n1, "seed": seed, "step": step,
               "train_error": error(model, Xtr, ytr), "test_error": error(model, Xte, yte),
               "regions_R64": regions, "partial": partial, "seconds": round(secs, 2),
               "regions_box": "", "partial_box": "", "seconds_box": "",
               "train_patterns": data_patterns(model, Xtr),
               "serra_upper": table["serra_upper"], "montufar_upper": table["montufar_upper"],
               "trivial_upper": table["trivial_upper"]}
        if box and target == checkpoints[-1]:
            c, p, s = count(model, [(0, 1)] * Xtr.shape[1], budget)
            row.update(regions_box=c, partial_box=p, seconds_box=round(s, 2))
        in_box = "" if row["regions_box"] == "" else f", {row['regions_box']} in the box"
        print(f"64-{n1}-{HIDDEN - n1}-10 seed {seed} step {step:4d}: {regions}"
              f"{'+' if partial else ''} regions in R^64 ({secs:.1f} s){in_box}, "
              f"test error {row['test_error']:.3f}", flush=True)
        rows.append(row)
        if writer is not None:
            writer(row)
    return rows


def _spearman(a, b):
    """Spearman's rank correlation (average ranks for ties)."""
    def ranks(v):
        v = np.asarray(v, dtype=float)
        order = np.argsort(v, kind="stable")
        r = np.empty(len(v))
        r[order] = np.arange(len(v))
        for x in np.unique(v):
            r[v == x] = r[v == x].mean()
        return r
    if len(a) < 3:
        return float("nan")
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def summarize(rows):
    """A markdown table per architecture at the last checkpoint, and rank correlations."""
    last = max(r["step"] for r in rows)
    lines = [f"Last checkpoint (step {last}); mean ± std over seeds; '+' marks a count "
             "stopped by the time budget (a lower bound).", "",
             "| n1-n2 | regions in R^64 | in [0,1]^64 | train patterns | test error | "
             "[S] Thm 1 bound | Montúfar 2017 |", "|---|---|---|---|---|---|---|"]
    for n in sorted({r["n1"] for r in rows}):
        sel = [r for r in rows if r["n1"] == n and r["step"] == last]
        reg = [r["regions_R64"] for r in sel]
        box = [r["regions_box"] for r in sel if r["regions_box"] != ""]
        part = "+" if any(r["partial"] for r in sel) else ""
        part_box = "+" if any(str(r["partial_box"]) == "True" for r in sel) else ""
        lines.append(
            f"| {n}-{HIDDEN - n} | {np.mean(reg):.0f} ± {np.std(reg):.0f}{part} "
            f"(min {min(reg)}, max {max(reg)}) | "
            f"{f'{np.mean(box):.0f} ± {np.std(box):.0f}{part_box}' if box else '-'} | "
            f"{np.mean([r['train_patterns'] for r in sel]):.0f} | "
            f"{np.mean([r['test_error'] for r in sel]):.3f} ± {np.std([r['test_error'] for r in sel]):.3f} | "
            f"{sel[0]['serra_upper']} | {sel[0]['montufar_upper']} |")
    fin = [r for r in rows if r["step"] == last]
    for label, sel in (("all final networks", fin),
                       ("final networks with test error < 0.5 (no layer too narrow to train)",
                        [r for r in fin if r["test_error"] < 0.5])):
        rho = _spearman([r["regions_R64"] for r in sel], [r["test_error"] for r in sel])
        lines.append(f"\nSpearman correlation of regions and test error, {label} "
                     f"({len(sel)} nets): {rho:+.2f}")
    during = [r for r in rows if r["test_error"] < 0.5]
    rho = _spearman([r["regions_R64"] for r in during], [r["test_error"] for r in during])
    lines.append(f"\nSpearman correlation over every checkpoint with test error < 0.5 "
                 f"({len(during)} points): {rho:+.2f}")
    return "\n".join(lines) + "\n"


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    n1s = sorted({r["n1"] for r in rows})
    colors = {n: plt.cm.coolwarm_r(i / max(1, len(n1s) - 1)) for i, n in enumerate(n1s)}
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    for n in n1s:
        sel = [r for r in rows if r["n1"] == n]
        steps = sorted({r["step"] for r in sel})
        mean = [np.mean([r["regions_R64"] for r in sel if r["step"] == s]) for s in steps]
        a.plot([max(s, 1) for s in steps], mean, "o-", color=colors[n], label=f"{n}-{HIDDEN - n}")
        a.axhline(sel[0]["serra_upper"], color=colors[n], ls=":", lw=1)
        fin = [r for r in sel if r["step"] == steps[-1]]
        early = [r for r in sel if r["step"] != steps[-1]]
        b.scatter([r["regions_R64"] for r in early], [r["test_error"] for r in early],
                  color=colors[n], s=12, alpha=0.5)
        b.scatter([r["regions_R64"] for r in fin], [r["test_error"] for r in fin],
                  color=colors[n], s=40, edgecolor="k", label=f"{n}-{HIDDEN - n} (last)")
    a.set_xscale("log")
    a.set_yscale("log")
    a.set_xlabel("training step (0 plotted at 1)")
    a.set_ylabel("activation regions in R^64 (exact)")
    a.set_title("regions during training; dotted: [S] Theorem 1 bound")
    a.legend(fontsize=7, title="n1-n2")
    b.set_xscale("log")
    b.set_xlabel("activation regions in R^64 (exact)")
    b.set_ylabel("test error")
    b.set_title("test error against regions (all checkpoints)")
    b.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--small", "--quick", dest="small", action="store_true",
                    help="the reduced run of the tests")
    ap.add_argument("--n1", type=int, nargs="+", default=None, help="first-layer widths")
    ap.add_argument("--seeds", type=int, default=None)
    ap.add_argument("--checkpoints", type=int, nargs="+", default=None, help="training steps")
    ap.add_argument("--box-max-n1", type=int, default=None,
                    help="count in [0,1]^64 at the last checkpoint when n1 <= this")
    ap.add_argument("--budget", type=float, default=None, help="seconds per exact count")
    ap.add_argument("--seed", type=int, default=0, help="data split seed")
    args = ap.parse_args(argv)
    cfg = dict(SMALL if args.small or os.environ.get("TROPSAGE_QUICK") == "1" else FULL)
    for key in ("n1", "seeds", "checkpoints", "box_max_n1", "budget"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    if any(not 1 <= n < HIDDEN for n in cfg["n1"]):
        ap.error(f"--n1 values must be in 1..{HIDDEN - 1}")
    checkpoints = sorted(set(cfg["checkpoints"]))
    if checkpoints[0] < 0:
        ap.error("--checkpoints must be >= 0")
    os.makedirs(args.outdir, exist_ok=True)
    data = load_digits_split(args.seed)
    path = os.path.join(args.outdir, "regions_during_training.csv")
    rows = []
    with open(path, "w", newline="") as fh:
        out = None

        def write(row):
            nonlocal out
            if out is None:
                out = csv.DictWriter(fh, fieldnames=list(row))
                out.writeheader()
            out.writerow(row)
            fh.flush()
        for n1 in cfg["n1"]:
            for seed in range(cfg["seeds"]):
                rows += run(n1, seed, data, checkpoints, n1 <= cfg["box_max_n1"], cfg["budget"],
                            write)
    plot(rows, os.path.join(args.outdir, "regions_during_training.png"))
    text = summarize(rows)
    with open(os.path.join(args.outdir, "regions_during_training.md"), "w") as fh:
        fh.write(text)
    print(text)
    return rows


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
