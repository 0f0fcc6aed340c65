"""
Benchmark: tropsage.decision.zonotope against Sage, for growing numbers of generators.

Peers, measured in the same run on the same generators (random integers, generic):

- ``sage-zonotope``: Sage ``polytopes.zonotope`` (one Minkowski sum per generator,
  PPL backend), the reference peer;
- ``brute-hull``: Sage ``Polyhedron(vertices=all 2^L subset sums)`` (PPL), only while
  2^L is small.

Every result is checked to be the same polytope (same vertex set). A peer is
dropped for larger L once one of its runs takes more than a fifth of the time
budget (the next one would exceed it: Sage's cost grows about 4-8x per row).

Run: ``.venv/bin/python bench/zonotope.py [budget_seconds]``
"""

import itertools
import sys
import time

import numpy as np

import sage.all__sagemath_polyhedra  # noqa: F401
from sage.geometry.polyhedron.constructor import Polyhedron
from sage.geometry.polyhedron.library import polytopes

from tropsage.decision import zonotope

BUDGET = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0


def timed(f, *args):
    t = time.perf_counter()
    out = f(*args)
    return out, time.perf_counter() - t


def brute_hull(G):
    pts = {tuple(int(x) for x in np.asarray(mask) @ G)
           for mask in itertools.product((0, 1), repeat=len(G))}
    return Polyhedron(vertices=sorted(pts), backend="ppl")


def vset(P):
    return {tuple(v) for v in P.vertices_list()}


def run(n, Ls, rng):
    print(f"\n== n = {n}: generic random integer generators in [-1000, 1000]^{n}")
    print(f"{'L':>4} {'vertices':>9} {'tropsage':>10} {'sage-zonotope':>14} {'ratio':>8} "
          f"{'brute-hull':>11} {'ratio':>8}")
    alive = {"sage": True, "brute": True}
    for L in Ls:
        G = rng.integers(-1000, 1001, size=(L, n))
        Z, t_ours = timed(zonotope, G)
        row = f"{L:>4} {Z.n_vertices():>9} {t_ours:>9.3f}s"
        if alive["sage"]:
            S, t_sage = timed(polytopes.zonotope, [list(map(int, g)) for g in G])
            assert vset(S) == vset(Z)
            row += f" {t_sage:>13.3f}s {t_sage / t_ours:>7.1f}x"
            alive["sage"] = t_sage < BUDGET / 5
        else:
            row += f" {'-':>14} {'-':>8}"
        if alive["brute"] and L <= 12:
            B, t_brute = timed(brute_hull, G)
            assert vset(B) == vset(Z)
            row += f" {t_brute:>10.3f}s {t_brute / t_ours:>7.1f}x"
            alive["brute"] = t_brute < BUDGET / 5
        else:
            row += f" {'-':>11} {'-':>8}"
        print(row, flush=True)


def main():
    rng = np.random.default_rng(2024)
    zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1]])   # warm-up: Sage's lazy imports
    polytopes.zonotope([[1, 0, 0], [0, 1, 0]])
    print("ratio = peer time / tropsage time (higher: tropsage faster); same polytope checked")
    run(3, [4, 8, 12, 16, 24, 32, 48, 60, 100], rng)
    run(4, [6, 10, 14, 20, 30], rng)


if __name__ == "__main__":
    main()
