"""
Tropical Hoffman constants and effective radii: timings and ratios.

Part 1 -- exact matrix constants, the chamber method against PVZ (the peer, measured
in the same run) on seeded random integer matrices with many rows and few columns
(the shape of tropical cell matrices): time, LPs, ratio PVZ / chambers. This is where
``method="auto"`` takes its threshold (chambers for n <= 2, and for n >= 3 from
``_CHAMBER_ROWS`` rows on).

Part 2 -- random 2-D networks: the tropical Hoffman constant (full-dimensional cells)
with chambers vs PVZ per cell, and the exact effective radius at the origin next to
the Lemma 21 (per cell) and Proposition 22 bounds: how loose the bounds are.

Run: ``.venv/bin/python bench/hoffman_tropical.py [--quick]``.
"""

import sys
import time

import numpy as np

from tropsage.hoffman import hoffman_constant, effective_radius, tropical_hoffman_constant
from tropsage.hoffman.chambers import hoffman_constant_chambers
from tropsage.nn import random_network

QUICK = "--quick" in sys.argv
PVZ_LIMIT = 5.0    # seconds: PVZ is skipped on larger sizes of a column count once it took this long
PVZ_MAX_ROWS = 24  # PVZ's candidate collections explode beyond (40 x 2 takes minutes)


def timed(f, *a, **k):
    t = time.perf_counter()
    r = f(*a, **k)
    return r, time.perf_counter() - t


def part1():
    print("part 1: exact H_linf,linf(A), chambers vs PVZ (seeded random integer matrices)")
    print(f"{'m x n':>8} {'H':>8} {'chambers s':>11} {'LPs':>5} {'PVZ s':>9} {'LPs':>6} {'PVZ/ch':>7}")
    sizes = [(m, 2) for m in (8, 12, 16, 20, 24, 40, 80, 160)] + [(m, 3) for m in (8, 12, 16, 20, 24)] + \
        [(m, 4) for m in (8, 12, 16)]
    if QUICK:
        sizes = [(8, 2), (16, 2), (8, 3), (16, 3)]
    slow = set()
    hoffman_constant_chambers([[1, 0], [0, 1]])      # warm-up: imports
    for m, n in sizes:
        rng = np.random.default_rng(1000 * m + n)
        A = rng.integers(-5, 6, size=(m, n)).tolist()
        rc, tc = timed(hoffman_constant_chambers, A, certificate=True)
        if n in slow or m > PVZ_MAX_ROWS:
            print(f"{m:>4} x {n:<2} {str(rc.value):>8} {tc:>11.3f} {rc.lps:>5} {'skipped':>9}")
            continue
        rp, tp = timed(hoffman_constant, A, method="pvz", certificate=True)
        assert rp.value == rc.value, (A, rp.value, rc.value)
        if tp > PVZ_LIMIT:
            slow.add(n)
        print(f"{m:>4} x {n:<2} {str(rc.value):>8} {tc:>11.3f} {rc.lps:>5} {tp:>9.3f} "
              f"{rp.lps:>6} {tp / tc:>7.2f}")


def _cell_matrices(net):
    from tropsage.hoffman.tropical import _cell_matrix, _cells, _tropical_form
    kind, t = _tropical_form(net)
    factors, D, cells = _cells(kind, t, True)
    return [_cell_matrix(factors, c) for c in cells]


def part2():
    print("\npart 2: random 2-D networks, tropical H (full-dimensional cells) and the "
          "effective radius at the origin")
    print(f"{'widths':>12} {'seed':>4} {'regions':>7} {'cells':>5} {'rows':>4} {'H':>8} {'ch s':>6} "
          f"{'PVZ s':>7} {'r(x)':>8} {'L21 bound':>10} {'P22 bound':>10} {'P22/r':>7} {'r s':>6}")
    cases = [([2, 3, 3, 1], s) for s in range(2)] + [([2, 4, 4, 1], s) for s in range(3)] + \
        [([2, 6, 6, 1], s) for s in range(2)]
    if QUICK:
        cases = cases[:2]
    for widths, seed in cases:
        net = random_network(widths, seed=seed)
        rc, tc = timed(tropical_hoffman_constant, net, pruned=True, method="chambers",
                       certificate=True)
        # PVZ per cell only while every cell matrix is small enough for it to finish
        rows = max(len(M) for M in _cell_matrices(net))
        if rows <= PVZ_MAX_ROWS - 8:
            rp, tp = timed(tropical_hoffman_constant, net, pruned=True, method="pvz")
            assert rp == rc.value
            tps = f"{tp:>7.2f}"
        else:
            tps = f"{'skipped':>7}"
        r, tr = timed(effective_radius, net, [0, 0], method="chambers")
        assert r.value <= r.cell_bound <= r.bound
        ratio = float(r.bound / r.value) if r.value else float("inf")
        print(f"{'-'.join(map(str, widths)):>12} {seed:>4} {len(r.distances):>7} {rc.cells:>5} {rows:>4} "
              f"{str(rc.value):>8} {tc:>6.2f} {tps} {str(r.value):>8} {str(r.cell_bound):>10} "
              f"{str(r.bound):>10} {ratio:>7.1f} {tr:>6.2f}")


if __name__ == "__main__":
    part1()
    part2()
