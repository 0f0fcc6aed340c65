"""
Numerical vs exact counts of linear regions ([L] Appendix 6.2.2, Table 3).

For the architectures of Table 3 (``[2,6,1], [3,5,1], [4,4,1], [5,3,1], [6,2,1],
[3,2,2,1], [3,3,2,1]``) with torch-like float32 weights (read exactly), the exact
number of linear regions on ``R^n`` and in the box ``[-R, R]^n`` (tropsage, exact) is
compared with the sampling estimate of Algorithm 5 (``tropsage.numerical``, floating
point) for several sample sizes ``N`` and radii ``R``. Writes ``numerical_vs_exact.csv``
(one row per network and configuration), ``numerical_vs_exact_summary.csv`` (means
per architecture, as Table 3) and ``numerical_vs_exact.png``.

Usage::

    python examples/numerical_vs_exact.py OUTDIR [--small] [--seeds K]
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, pyplot, save, write_csv, wrote  # noqa: E402

ARCHS = [[2, 6, 1], [3, 5, 1], [4, 4, 1], [5, 3, 1], [6, 2, 1], [3, 2, 2, 1], [3, 3, 2, 1]]
SMALL_ARCHS = [[2, 6, 1], [3, 2, 2, 1]]
CONFIGS = [(1000, 5), (10000, 5), (10000, 20)]
SMALL_CONFIGS = [(500, 5)]


def estimator():
    """Algorithm 5 of [L] (:func:`tropsage.numerical.estimate_linear_regions`)."""
    from tropsage.numerical import estimate_linear_regions

    def est(net, N, R, seed):
        return estimate_linear_regions(net, N, R, seed=seed, backend="numpy").count, \
            "Algorithm 5 (tropsage.numerical)"
    return est


def main(argv=None):
    p = parser(__doc__, "--small", "reduced run (for the tests)")
    p.add_argument("--seeds", type=int, default=None, help="networks per architecture")
    a = parse(p, argv)
    import tropsage as ts
    from tropsage.nn import random_network
    est = estimator()
    archs = SMALL_ARCHS if a.small else ARCHS
    configs = SMALL_CONFIGS if a.small else CONFIGS
    seeds = a.seeds or (2 if a.small else 25)
    rows = []
    for widths in archs:
        arch = "-".join(map(str, widths))
        for seed in range(seeds):
            net = random_network(widths, seed=seed, weights="float")
            t0 = time.perf_counter()
            exact_all = ts.count_linear_regions(net)
            t_all = time.perf_counter() - t0
            boxes = {}
            for N, R in configs:
                if R not in boxes:
                    t0 = time.perf_counter()
                    boxes[R] = (ts.count_linear_regions(net, domain=[(-R, R)] * widths[0]),
                                time.perf_counter() - t0)
                t0 = time.perf_counter()
                count, method = est(net, N, R, seed)
                t_est = time.perf_counter() - t0
                rows.append({"architecture": arch, "seed": seed, "N": N, "R": R,
                             "exact R^n": exact_all, "exact box": boxes[R][0],
                             "estimate": count, "estimate - exact box": count - boxes[R][0],
                             "exact R^n s": round(t_all, 4), "exact box s": round(boxes[R][1], 4),
                             "estimate s": round(t_est, 4), "estimator": method})
        print(f"{arch}: done", flush=True)
    path = write_csv(os.path.join(a.outdir, "numerical_vs_exact.csv"), rows)

    summary = []
    for widths in archs:
        arch = "-".join(map(str, widths))
        for N, R in configs:
            sel = [r for r in rows if r["architecture"] == arch and r["N"] == N and r["R"] == R]
            k = len(sel)
            summary.append({"architecture": arch, "N": N, "R": R, "nets": k,
                            "exact R^n": round(sum(r["exact R^n"] for r in sel) / k, 2),
                            "exact box": round(sum(r["exact box"] for r in sel) / k, 2),
                            "estimate": round(sum(r["estimate"] for r in sel) / k, 2),
                            "exact R^n s": round(sum(r["exact R^n s"] for r in sel) / k, 4),
                            "estimate s": round(sum(r["estimate s"] for r in sel) / k, 4)})
            print(summary[-1])
    spath = write_csv(os.path.join(a.outdir, "numerical_vs_exact_summary.csv"), summary)
    fig, ax = pyplot().subplots(figsize=(8, 4.5))
    names = list(dict.fromkeys(s["architecture"] for s in summary))
    xs = range(len(names))
    width = 0.8 / (len(configs) + 1)
    ax.bar([x - 0.4 + width / 2 for x in xs],
           [next(s["exact R^n"] for s in summary if s["architecture"] == n) for n in names],
           width, label="exact on R^n", color="k")
    for c, (N, R) in enumerate(configs):
        ax.bar([x - 0.4 + width * (c + 1.5) for x in xs],
               [next(s["estimate"] for s in summary if s["architecture"] == n and s["N"] == N
                     and s["R"] == R) for n in names],
               width, label=f"estimate N={N}, R={R}")
    ax.set_xticks(list(xs), names)
    ax.set_ylabel(f"linear regions (mean of {seeds} nets)")
    ax.set_title("exact counts vs sampling estimates (Table 3 architectures)")
    ax.legend(fontsize=8)
    png = save(fig, os.path.join(a.outdir, "numerical_vs_exact.png"))
    wrote(path, spath, png)
    return rows


if __name__ == "__main__":
    main()
