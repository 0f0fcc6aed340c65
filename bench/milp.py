"""
Counting activation regions in a box: MILP with no-good cuts ([S] §4) against the
exact enumeration of tropsage.regions (the peer, measured in the same run).

For each seeded random network (integer weights in [-3, 3], box [-1, 1]^n) the script
prints the exact count (``count_activation_regions``), the MILP count with HiGHS
(``highspy``) and with GLPK (Sage ``MixedIntegerLinearProgram``), their times, the
number of MILP solves and binaries, and the ratio MILP time / enumeration time.
Every MILP pattern is certified exactly, and the counts must agree.

Usage::

    .venv/bin/python bench/milp.py
    .venv/bin/python bench/milp.py --nets 2-6-6-1:0,3-6-6-1:1 --box 2
"""

import argparse
import time

from tropsage.nn import random_network
from tropsage.queries.milp import milp_activation_patterns
from tropsage.regions.activation import count_activation_regions

# a few minutes in all; the MILP time grows quickly (3-8-8-1:4, 145 regions: ~110 s with
# HiGHS, ~18 s with GLPK, 0.26 s by enumeration)
DEFAULT = ["2-4-3-1:0", "2-6-6-1:1", "3-6-6-1:3", "2-4-4-4-1:6", "2-8-8-1:2"]


def parse(spec):
    arch, _, seed = spec.partition(":")
    return [int(w) for w in arch.split("-")], int(seed or 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nets", default=",".join(DEFAULT),
                    help="comma-separated 'n0-n1-...-nL:seed' (default: %(default)s)")
    ap.add_argument("--box", default="1", help="half-width R of the box [-R, R]^n")
    ap.add_argument("--solvers", default="highs,glpk")
    args = ap.parse_args()
    R = int(args.box)
    solvers = [s for s in args.solvers.split(",") if s]
    head = f"{'net':<16}{'regions':>8}{'enum s':>9}"
    for s in solvers:
        head += f"{s + ' s':>10}{'solves':>7}{'bin':>5}{'ratio':>8}"
    print(head)
    totals = {"enum": 0.0, **{s: 0.0 for s in solvers}}
    for spec in args.nets.split(","):
        widths, seed = parse(spec)
        net = random_network(widths, seed=seed)
        box = [(-R, R)] * widths[0]
        t0 = time.perf_counter()
        exact = count_activation_regions(net, domain=box, progress=False)
        te = time.perf_counter() - t0
        totals["enum"] += te
        line = f"{spec:<16}{exact:>8}{te:>9.3f}"
        for s in solvers:
            t0 = time.perf_counter()
            r = milp_activation_patterns(net, box, solver=s)
            tm = time.perf_counter() - t0
            totals[s] += tm
            if r.count != exact:
                line += f"  MISMATCH {r.count} != {exact}"
            line += f"{tm:>10.3f}{r.info['solves']:>7}{r.info['binaries']:>5}{tm / te:>8.1f}"
        print(line, flush=True)
    print("total: enumeration {:.2f} s; ".format(totals["enum"]) +
          "; ".join(f"{s} {totals[s]:.2f} s (x{totals[s] / totals['enum']:.1f})" for s in solvers))


if __name__ == "__main__":
    main()
