"""
Linear regions of 2-input networks ([L] Figure 4, Appendix A: Figure 10, Tables 4-5).

For a randomly initialised and a trained network (two moons, generated locally) this
computes exactly, in the box ``[-3, 3]^2``: the linear (function) regions and the
activation regions, each region's affine map, its convex pieces and its exact volume
in the box. Writes per network ``<name>_linear.png`` (training data overlaid for the
trained net: regions concentrate along the decision boundary), ``<name>_activation.png``
and ``<name>_regions.csv``, plus ``summary.csv``.

Usage::

    python examples/regions_2d.py OUTDIR [--small]
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, save, write_csv  # noqa: E402

BOX = [(-3, 3), (-3, 3)]


def networks(small):
    from _data import torch_mlp, train, two_moons
    X, y = two_moons(200, seed=0)
    random_w = [2, 5, 5, 1] if small else [2, 8, 8, 1]
    trained_w = [2, 6, 6, 1] if small else [2, 10, 10, 1]
    rnd = torch_mlp(random_w, seed=1)
    trn = torch_mlp(trained_w, seed=2)
    acc = train(trn, X, y, steps=100 if small else 400)
    return [("random_" + "-".join(map(str, random_w)), rnd, None, None),
            ("trained_" + "-".join(map(str, trained_w)), trn, (X, y), acc)]


def main(argv=None):
    a = parse(parser(__doc__, "--small", "smaller networks (for the tests)"), argv)
    import tropsage as ts
    from tropsage.plot import plot_regions
    from tropsage.regions.activation import activation_regions
    summary = []
    for name, model, data, acc in networks(a.small):
        net = ts.as_network(model)
        t0 = time.perf_counter()
        regions = ts.linear_regions(net, domain=BOX)
        t1 = time.perf_counter()
        act = activation_regions(net, domain=BOX)
        t2 = time.perf_counter()
        fig = plot_regions(regions, box=BOX, labels=False, title=f"{name}")
        if data is not None:
            X, y = data
            ax = fig.axes[0]
            ax.scatter(X[y == 0, 0], X[y == 0, 1], s=6, c="k", marker="o")
            ax.scatter(X[y == 1, 0], X[y == 1, 1], s=6, c="w", edgecolors="k",
                       linewidths=0.4, marker="o")
        save(fig, os.path.join(a.outdir, f"{name}_linear.png"), tight=False, bbox_inches="tight")
        plot_regions(act, box=BOX, labels=False, title=f"{name} activation",
                     path=os.path.join(a.outdir, f"{name}_activation.png"))
        write_csv(os.path.join(a.outdir, f"{name}_regions.csv"),
                  [{"region": k, "affine map": R.map_str(), "convex pieces": len(R.pieces),
                    "volume in box": R.volume(),
                    "interior point": " ".join(str(c) for c in R.interior_point())}
                   for k, R in enumerate(regions)])
        total = sum(R.volume() for R in regions)
        if total != 36:      # the regions tile the box exactly
            raise AssertionError(f"{name}: region volumes add up to {total}, not 36")
        nonconvex = sum(1 for R in regions if len(R.pieces) > 1)
        summary.append({"network": name, "train accuracy": "" if acc is None else f"{acc:.3f}",
                        "linear regions": len(regions), "activation regions": len(act),
                        "non-convex-piece regions": nonconvex,
                        "linear s": f"{t1 - t0:.2f}", "activation s": f"{t2 - t1:.2f}"})
        print(summary[-1], flush=True)
    path = write_csv(os.path.join(a.outdir, "summary.csv"), summary)
    print(f"wrote {path} and the figures in {a.outdir}")
    return summary


if __name__ == "__main__":
    main()
