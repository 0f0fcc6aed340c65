"""
The main job as a user meets it: wall time of ``tropsage regions NET`` end to end
(process start, imports, enumeration, linear-region merge, report) against
affinitree's count of the same net's activation regions (in-process, imports outside
the timed part: affinitree's best case).

The net is 4-10-10-10-1 (seed 0, float weights: the floats are read exactly by
tropsage and as float64 by affinitree, the same numbers). Printed: both counts (they
must agree), both wall times and the ratio tropsage / affinitree (issue 18), and the
CPU times (tropsage: the command and its worker processes; steadier than wall time
on a busy machine, but blind to idle cores).

Measured 2026-12-02 at the end of session 4, quiet machine: ``tropsage regions`` on
4-10-10-10-1 end to end (default options: all cores; 33,759 activation and 33,715
linear regions) took 2.00 s wall (2.90 s CPU, workers included) against 8.26 s for
affinitree's count: a ratio of 0.24 (with ``--jobs 1``: 2.62 s against 8.87 s,
0.29). At the end of session 3 it was 5.65 s against 11.2 s, and at its start
16.1 s against 8.8 s. Of the 2 s, the enumeration keeping its compact leaves is
about 1.1 s (1.4 s with one process) and the linear-region merge about 0.5 s; the merge reads the leaves' rows
(no region object, Sage is never loaded).

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


def _children_cpu():
    """User + system CPU seconds of the finished child processes (and theirs)."""
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


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
        c0 = _children_cpu()
        t = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t
        cpu = _children_cpu() - c0
    if p.returncode != 0:
        sys.exit(f"tropsage regions failed ({p.returncode}): {p.stderr.strip()}")
    print(p.stdout.rstrip())
    ours = int(next(l for l in p.stdout.splitlines()
                    if l.startswith("activation regions")).split()[2])

    import affinitree  # noqa: F401  (import outside the timed part)
    from tropsage.numerical.crosscheck import affinitree_tree
    t, c = time.perf_counter(), time.process_time()
    theirs = affinitree_tree(net).num_terminals()
    peer, peer_cpu = time.perf_counter() - t, time.process_time() - c
    print(f"\nnet {a.net} (seed {a.seed}, float weights)")
    print(f"                                                 wall s     cpu s")
    print(f"  tropsage regions (end to end)  {ours:>8} regions  {wall:8.2f}  {cpu:8.2f}")
    print(f"  affinitree count               {theirs:>8} regions  {peer:8.2f}  {peer_cpu:8.2f}")
    print(f"  ratio tropsage / affinitree                      {wall / peer:8.2f}"
          f"  {cpu / max(peer_cpu, 1e-9):8.2f}   counts {'agree' if ours == theirs else 'DISAGREE'}")
    if ours != theirs:
        sys.exit(1)


if __name__ == "__main__":
    main()
