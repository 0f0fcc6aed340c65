"""
Counting linear regions of permutation-invariant networks from the fundamental domain:
a reproduction of the experiment of [L] §4.3 (Figure 6), with the exact counts added.

For each input dimension n = 2..6 and each of ``--iterations`` random DeepSets-like
networks ``N(x) = 1ᵀ σ(A_2 σ(A_1 x + β_1) + β_2)``, ``A_l = λ_l I + γ_l 1 1ᵀ``
(λ, γ, β standard normal; networks with a single region are redrawn), it runs
Algorithm 5 (:func:`tropsage.numerical.estimate_linear_regions`) three ways:

- *full*: ``N`` samples in the box ``[-R, R]^n``;
- *fundamental domain, same samples*: ``N`` samples in ``Δ = {x_1 ≥ … ≥ x_n}`` (n!
  times the density), Jacobians weighted by ``n!/∏ m_k!`` (Lemma 30);
- *fundamental domain, same density*: ``N/n!`` samples in ``Δ`` (the time saving);

and counts the regions in the box exactly with
:func:`tropsage.numerical.count_linear_regions_symmetric` (exact regions in ``Δ`` and
their orbit sizes). It prints the mean ratios (fundamental-domain estimate ÷ full
estimate, and times) next to the ratios reported in the paper, and plots them.

Run::

    python examples/fundamental_domain.py --out fundamental_domain.png
    python examples/fundamental_domain.py --quick          # a few seconds

The paper's parameters (N, R) did not survive in our copy of the text; the defaults
here are ``N = 100000``, ``R = 3``.
"""

import argparse
import math
import time

import numpy as np

PAPER_RATIOS = {2: 1.0, 3: 1.03, 4: 1.18, 5: 1.26, 6: 2.31}


def random_invariant_network(n, rng, depth=2):
    """A random DeepSets-like network with more than one linear region (redrawn if not)."""
    from tropsage.numerical import deepsets_network, estimate_linear_regions
    while True:
        p = rng.standard_normal((3, depth)).astype(np.float32)
        net = deepsets_network(n, [float(v) for v in p[0]], [float(v) for v in p[1]],
                               bias=[float(v) for v in p[2]])
        if estimate_linear_regions(net, 200, 3, seed=0, backend="numpy").count > 1:
            return net


def run(ns=(2, 3, 4, 5, 6), iterations=10, n_samples=100000, radius=3, seed=0,
        backend="auto", exact=True, depth=2):
    """
    The experiment; returns one dict per ``n`` with the mean ratios and counts.
    """
    from tropsage.numerical import count_linear_regions_symmetric, estimate_linear_regions
    rng = np.random.default_rng(seed)
    rows = []
    for n in ns:
        acc = {k: [] for k in ("ratio_same", "ratio_density", "time_same", "time_density",
                               "full", "fd_same", "fd_density", "exact", "t_exact")}
        for it in range(iterations):
            net = random_invariant_network(n, rng, depth)
            s = int(rng.integers(2**31))
            full = estimate_linear_regions(net, n_samples, radius, seed=s, backend=backend)
            same = estimate_linear_regions(net, n_samples, radius, seed=s, backend=backend,
                                           fundamental_domain=True)
            dens = estimate_linear_regions(net, max(n_samples // math.factorial(n), 1), radius,
                                           seed=s, backend=backend, fundamental_domain=True)
            acc["full"].append(full.count)
            acc["fd_same"].append(same.count)
            acc["fd_density"].append(dens.count)
            acc["ratio_same"].append(same.count / full.count)
            acc["ratio_density"].append(dens.count / full.count)
            acc["time_same"].append(same.seconds / full.seconds)
            acc["time_density"].append(dens.seconds / full.seconds)
            if exact:
                t = time.perf_counter()
                acc["exact"].append(count_linear_regions_symmetric(net, radius=radius,
                                                                   check_invariance=False))
                acc["t_exact"].append(time.perf_counter() - t)
        row = {"n": n}
        for k, v in acc.items():
            row[k] = float(np.mean(v)) if v else None
        rows.append(row)
    return rows


def report(rows):
    lines = [f"{'n':>2} {'paper':>6} {'FD/full':>8} {'FD/full':>8} {'t FD/full':>10} "
             f"{'mean counts: full':>18} {'FD same':>8} {'FD dens':>8} {'exact':>8} {'t exact':>8}",
             f"{'':>2} {'':>6} {'same N':>8} {'N/n!':>8} {'N/n!':>10}"]
    for r in rows:
        ex = "-" if r["exact"] is None else f"{r['exact']:8.1f}"
        te = "-" if r["t_exact"] is None else f"{r['t_exact']:7.2f}s"
        lines.append(f"{r['n']:>2} {PAPER_RATIOS.get(r['n'], float('nan')):6.2f} "
                     f"{r['ratio_same']:8.3f} {r['ratio_density']:8.3f} {r['time_density']:10.3f} "
                     f"{r['full']:18.1f} {r['fd_same']:8.1f} {r['fd_density']:8.1f} {ex:>8} {te:>8}")
    return "\n".join(lines)


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ns = [r["n"] for r in rows]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    a1.plot(ns, [r["ratio_same"] for r in rows], "o-", color="C0", label="tropsage, FD with N samples")
    a1.plot(ns, [r["ratio_density"] for r in rows], "s-", color="C1",
            label="tropsage, FD with N/n! samples")
    if rows[0]["exact"] is not None:
        a1.plot(ns, [r["exact"] / r["full"] for r in rows], "k^--", label="exact / full estimate")
    a1.plot(ns, [PAPER_RATIOS.get(n, np.nan) for n in ns], "x:", color="gray", label="[L] Figure 6")
    a1.set_xlabel("input dimension n")
    a1.set_ylabel("estimate ratio (÷ full-box estimate)")
    a1.legend(fontsize=8)
    a2.semilogy(ns, [r["time_same"] for r in rows], "o-", color="C0", label="FD with N samples")
    a2.semilogy(ns, [r["time_density"] for r in rows], "s-", color="C1",
                label="FD with N/n! samples")
    for ax in (a1, a2):
        ax.set_xticks(ns)
    a2.set_xlabel("input dimension n")
    a2.set_ylabel("time ratio (÷ full-box time)")
    a2.legend(fontsize=8)
    fig.suptitle("Linear regions of DeepSets-like networks from the fundamental domain")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="n = 2..4, 2 iterations, 10000 samples")
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--samples", type=int, default=100000)
    ap.add_argument("--radius", type=float, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--backend", default="auto", choices=["auto", "numpy", "torch"])
    ap.add_argument("--no-exact", action="store_true", help="skip the exact counts")
    ap.add_argument("--out", default="fundamental_domain.png", help="PNG file for the plot")
    args = ap.parse_args(argv)
    if args.quick:
        ns, its, N = (2, 3, 4), 2, 10000
    else:
        ns, its, N = (2, 3, 4, 5, 6), args.iterations, args.samples
    t = time.perf_counter()
    rows = run(ns, its, N, args.radius, args.seed, args.backend, not args.no_exact)
    print(f"{its} networks per n, N = {N} samples, R = {args.radius}, backend {args.backend}")
    print(report(rows))
    print(f"plot: {plot(rows, args.out)}  ({time.perf_counter() - t:.1f} s)")
    return rows


if __name__ == "__main__":
    main()
