"""
The main job as a user meets it: wall time of ``tropsage regions NET`` end to end
(process start, imports, enumeration, linear-region merge, report) against
affinitree's count of the same net's activation regions (in-process, imports outside
the timed part: affinitree's best case).

The net is 4-10-10-10-1 (seed 0, float weights: the floats are read exactly by
tropsage and as float64 by affinitree, the same numbers). Printed: both counts (they
must agree), both times and the ratio tropsage / affinitree.

Usage::

    .venv/bin/python bench/cli.py                       # default options (all cores)
    .venv/bin/python bench/cli.py --net 4-10-10-1 -- --jobs 1 --no-linear
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

from tropsage.nn import random_network
from tropsage.nn.io import save_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--net", default="4-10-10-10-1", help="widths, e.g. 4-10-10-10-1")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("extra", nargs="*", help="further options for `tropsage regions`")
    a = ap.parse_args()
    widths = [int(w) for w in a.net.split("-")]
    net = random_network(widths, seed=a.seed, weights="float")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "net.json")
        save_network(net, path)
        cmd = [sys.executable, "-m", "tropsage.cli", "regions", path, *a.extra]
        t = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"tropsage regions failed ({p.returncode}): {p.stderr.strip()}")
    print(p.stdout.rstrip())
    ours = int(next(l for l in p.stdout.splitlines()
                    if l.startswith("activation regions")).split()[2])

    import affinitree  # noqa: F401  (import outside the timed part)
    from tropsage.numerical.crosscheck import affinitree_tree
    t = time.perf_counter()
    theirs = affinitree_tree(net).num_terminals()
    peer = time.perf_counter() - t
    print(f"\nnet {a.net} (seed {a.seed}, float weights)")
    print(f"  tropsage regions (wall, end to end)  {ours:>8} regions  {wall:8.2f} s")
    print(f"  affinitree count                     {theirs:>8} regions  {peer:8.2f} s")
    print(f"  ratio tropsage / affinitree          {wall / peer:8.2f}"
          f"   counts {'agree' if ours == theirs else 'DISAGREE'}")
    if ours != theirs:
        sys.exit(1)


if __name__ == "__main__":
    main()
