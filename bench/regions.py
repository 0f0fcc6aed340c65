"""
Activation-region enumeration: tropsage (exact) against affinitree (floating point).

Both tools enumerate the activation regions of the same seeded random networks
(float32 Gaussian weights, read exactly by tropsage, as float64 by affinitree: the
same numbers) on all of R^n. Printed per network: the region counts (they must agree),
the time and regions/second of each tool, the ratio tropsage time / affinitree time
(goal: <= 1), and how tropsage's decisions (does this neuron's hyperplane cut this
cell?) were settled: "wit%" by exact witness points on both sides, "gen%" by the
cell's exact generators (PPL, incremental), "lp%" by an LP (maxout, or a hyperplane
through the interior point); of the LPs, "float%" were certified from the float
prefilter (a rounded Chebyshev centre checked exactly, or an exact Farkas
certificate from the LP duals) and "exact%" decided by PPL. "gens" is the number of
generator computations.

Usage::

    .venv/bin/python bench/regions.py                 # nets up to 4-10-10-10-1
    .venv/bin/python bench/regions.py --big           # adds 4-10-10-10-10-1 (minutes)
    .venv/bin/python bench/regions.py --nets 3-8-8-1:0,4-10-10-1:1
"""

import argparse
import time


from tropsage.nn import random_network
from tropsage.regions.activation import count_activation_regions

DEFAULT = ["2-8-8-1:0", "3-8-8-1:0", "4-10-10-1:0", "3-10-10-10-1:0", "4-10-10-10-1:0"]
BIG = ["4-10-10-10-10-1:3"]


def affinitree_count(net):
    import affinitree  # noqa: F401  (imports stay outside the timed part)
    from tropsage.numerical.crosscheck import affinitree_tree
    t = time.perf_counter()
    tree = affinitree_tree(net)
    return tree.num_terminals(), time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nets", help="comma-separated WIDTHS:SEED, e.g. 3-8-8-1:0")
    ap.add_argument("--big", action="store_true", help="add the 4-10-10-10-10-1 net")
    ap.add_argument("--jobs", type=int, default=1, help="tropsage n_jobs (affinitree is serial)")
    args = ap.parse_args()
    specs = args.nets.split(",") if args.nets else DEFAULT + (BIG if args.big else [])
    print(f"{'net':<22}{'regions':>9}{'affinitree':>11}{'t_exact s':>11}{'t_aff s':>9}"
          f"{'exact r/s':>11}{'aff r/s':>9}{'ratio':>7}{'wit%':>6}{'gen%':>6}{'lp%':>6}"
          f"{'gens':>8}{'float%':>8}{'exact%':>8}")
    for spec in specs:
        w, seed = spec.split(":")
        widths = [int(v) for v in w.split("-")]
        net = random_network(widths, seed=int(seed), weights="float")
        a, ta = affinitree_count(net)
        t = time.perf_counter()
        c, info = count_activation_regions(net, return_info=True, progress=False, n_jobs=args.jobs)
        t = time.perf_counter() - t
        st = info["stats"]
        tests = st.get("tests", 0)
        free = st.get("free_cuts", 0)
        gen = st.get("cuts", 0) + st.get("screened", 0) - free - tests
        total = max(1, free + gen + tests)
        print(f"{w + ':' + seed:<22}{c:>9}{a:>11}{t:>11.2f}{ta:>9.2f}{c / t:>11.0f}{a / ta:>9.0f}"
              f"{t / ta:>7.2f}{100 * free / total:>6.1f}{100 * gen / total:>6.1f}"
              f"{100 * tests / total:>6.1f}{st.get('generators', 0):>8}"
              f"{100 * st.get('float', 0) / max(1, tests):>8.1f}"
              f"{100 * st.get('exact', 0) / max(1, tests):>8.1f}", flush=True)
        if c != a:
            print(f"   counts differ: tropsage {c}, affinitree {a}")


if __name__ == "__main__":
    main()
