"""
Monomial counts across widths and depths ([L] §6.3, Figure 8).

For 2-input ReLU networks with hidden widths ``(w,)``, ``(w, w)``, ``(w, w, w)`` and
torch-like float32 Gaussian weights (read exactly), count the monomials of the native
tropical form ``F ⊘ G`` (no pruning), the irredundant monomials after pruning
(monomial complexity, SPEC §3) and the exact number of linear regions on ``R^2``.
Averages over seeds go to ``monomial_counts.csv`` and ``monomial_counts.png``.

Usage::

    python examples/monomial_counts.py OUTDIR [--small] [--seeds K]
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, pyplot, save, write_csv, wrote  # noqa: E402

# (depth, widths): the native form grows exponentially with depth, so the deeper
# architectures stop where the unpruned expression still fits in memory and seconds
FULL = {1: [2, 3, 4, 5, 6, 7, 8], 2: [2, 3, 4, 5], 3: [2]}
SMALL = {1: [2, 3, 4], 2: [2, 3]}


def measure(widths, seed):
    import tropsage as ts
    from tropsage.nn import random_network
    net = random_network([2] + widths + [1], seed=seed, weights="float")
    t0 = time.perf_counter()
    (nf, ng), = ts.tropicalize(net, prune=False).monomial_counts()   # native form
    t1 = time.perf_counter()
    (pf, pg), = ts.tropicalize(net, prune=True).monomial_complexity()
    t2 = time.perf_counter()
    regions = ts.count_linear_regions(net)
    return {"native": nf + ng, "pruned": pf + pg, "regions": regions,
            "native_s": t1 - t0, "pruned_s": t2 - t1}


def main(argv=None):
    p = parser(__doc__, "--small", "reduced grid (for the tests)")
    p.add_argument("--seeds", type=int, default=None, help="networks per architecture")
    a = parse(p, argv)
    grid = SMALL if a.small else FULL
    seeds = a.seeds or (2 if a.small else 10)
    rows = []
    for depth, ws in grid.items():
        for w in ws:
            ms = [measure([w] * depth, seed) for seed in range(seeds)]
            row = {"depth": depth, "width": w, "architecture": "-".join(map(str, [2] + [w] * depth + [1])),
                   "seeds": seeds}
            for key in ("native", "pruned", "regions", "native_s", "pruned_s"):
                row[key] = sum(m[key] for m in ms) / seeds
            rows.append(row)
            print(f"{row['architecture']:>12}: native {row['native']:10.1f}  pruned "
                  f"{row['pruned']:7.1f}  regions {row['regions']:7.1f}", flush=True)
    csv_path = write_csv(os.path.join(a.outdir, "monomial_counts.csv"), rows)
    fig, ax = pyplot().subplots(figsize=(7, 4.5))
    for depth in grid:
        sel = [r for r in rows if r["depth"] == depth]
        x = [r["width"] for r in sel]
        line, = ax.plot(x, [r["native"] for r in sel], "o-", label=f"depth {depth}: native")
        ax.plot(x, [r["pruned"] for r in sel], "s--", color=line.get_color(),
                label=f"depth {depth}: irredundant")
    ax.set_yscale("log")
    ax.set_xlabel("hidden width w")
    ax.set_ylabel(f"monomials of F and G (mean of {seeds} nets)")
    ax.set_title("monomial counts of 2-input ReLU nets, float32 weights read exactly")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    png = save(fig, os.path.join(a.outdir, "monomial_counts.png"))
    wrote(csv_path, png)
    return rows


if __name__ == "__main__":
    main()
