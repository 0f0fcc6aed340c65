"""
Pruning rate of trained vs randomly initialised networks ([L] §6.3, Figure 9).

Constant-width 2-input ReLU networks ``2-w-...-w-1`` get torch's default
initialisation; a copy is trained on two moons (generated locally). For both, the
native tropical form ``F ⊘ G`` is built without pruning and then pruned exactly
(Algorithm 6); the pruning rate is the share of monomials that are redundant,
``1 − irredundant / native`` (F and G together). Writes ``pruning_rates.csv`` and
``pruning_rates.png``.

Usage::

    python examples/pruning_trained_vs_random.py OUTDIR [--small] [--seeds K]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, pyplot, save, write_csv, wrote  # noqa: E402

# (width, depth): the native form of float-weight nets grows like w^(2^depth), so the
# grid stops where it still fits in seconds
FULL = [(2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (4, 1), (4, 2)]
SMALL = [(2, 1), (3, 2)]


def rate(model):
    import tropsage as ts
    native = ts.tropicalize(model, prune=False)     # the native form, as the layers build it
    (nf, ng), = native.monomial_counts()
    (pf, pg), = native.monomial_complexity()
    return nf + ng, pf + pg, 1 - (pf + pg) / (nf + ng)


def main(argv=None):
    p = parser(__doc__, "--small", "reduced grid (for the tests)")
    p.add_argument("--seeds", type=int, default=None, help="networks per architecture")
    a = parse(p, argv)
    from _data import torch_mlp, train, two_moons
    X, y = two_moons(200, seed=0)
    seeds = a.seeds or (1 if a.small else 5)
    rows = []
    for w, depth in (SMALL if a.small else FULL):
        widths = [2] + [w] * depth + [1]
        arch = "-".join(map(str, widths))
        for seed in range(seeds):
            model = torch_mlp(widths, seed=seed)
            n0, p0, r0 = rate(model)
            acc = train(model, X, y, steps=60 if a.small else 300, seed=seed)
            n1, p1, r1 = rate(model)
            rows.append({"architecture": arch, "width": w, "depth": depth, "seed": seed,
                         "random native": n0, "random irredundant": p0,
                         "random rate": round(r0, 4), "trained native": n1,
                         "trained irredundant": p1, "trained rate": round(r1, 4),
                         "train accuracy": round(acc, 3)})
            print(rows[-1], flush=True)
    path = write_csv(os.path.join(a.outdir, "pruning_rates.csv"), rows)

    archs = list(dict.fromkeys(r["architecture"] for r in rows))
    mean = {(arch, k): sum(r[k] for r in rows if r["architecture"] == arch) / seeds
            for arch in archs for k in ("random rate", "trained rate")}
    fig, ax = pyplot().subplots(figsize=(7, 4.5))
    xs = range(len(archs))
    ax.bar([x - 0.2 for x in xs], [mean[(s, "random rate")] for s in archs], 0.4,
           label="random init")
    ax.bar([x + 0.2 for x in xs], [mean[(s, "trained rate")] for s in archs], 0.4,
           label="trained (two moons)")
    ax.set_xticks(list(xs), archs)
    ax.set_ylabel(f"share of redundant monomials (mean of {seeds})")
    ax.set_ylim(0, 1)
    ax.set_title("pruning rate of the native tropical form (exact, Algorithm 6)")
    ax.legend()
    png = save(fig, os.path.join(a.outdir, "pruning_rates.png"))
    wrote(path, png)
    return rows


if __name__ == "__main__":
    main()
