"""
Pruning (Algorithm 6) and linear regions (Algorithm 4): time per backend path.

1. Pruning a 3-variable polynomial with 2,000 monomials (seeded, about half of them
   irredundant):
   - hull, float-prefiltered: Qhull proposes the upper-hull points, PPL computes the
     exact hull of those, every other point is checked exactly (the default path);
   - hull, raw ppl: PPL's hull of all 2,000 lifted points;
   - lp, float-prefiltered: per-monomial full-dimensionality with the batched
     certified HiGHS prefilter and exact fallback;
   - lp, raw ppl / cdd.gmp / Sage Polyhedron: the same questions answered by one
     exact backend only (timed on a sample of monomials, scaled to all 2,000 when
     a full run would take minutes; the sample size is printed).
2. Regions of a 2-variable rational function with 200 x 200 monomials (all
   irredundant): tropsage's Algorithm 4 (Newton-side cell detection), and the
   plain Algorithm 4 that decides every one of the 40,000 cells ``P_i ∩ Q_j`` by
   float prefilter / raw ppl / cdd.gmp / Sage Polyhedron (sampled likewise).

Run: ``.venv/bin/python bench/pruning.py [budget]`` (about three minutes). Every path's answer
is compared with the default one where it runs in full. The optional argument is the
seconds spent per sampled path (default 4).
"""

import sys
import time

import numpy as np

sys.path.insert(0, ".")

import tropsage as ts  # noqa: E402
from tropsage.polyhedra import ExactPolyhedron, are_full_dimensional  # noqa: E402
from tropsage.puiseux.hull import monomial_region_rows, upper_hull_mask, lp_irredundant_mask  # noqa: E402


def lifted(rng, k, n, spread, noise):
    A = np.unique(rng.integers(-spread, spread + 1, size=(4 * k, n)), axis=0)
    A = A[rng.permutation(len(A))[:k]]
    c = -(A ** 2).sum(axis=1) * 10 + rng.integers(-noise, noise + 1, len(A))
    return np.column_stack([A, c]).astype(np.int64)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def sampled(questions, decide, budget):
    """Time ``decide`` on the first questions until ``budget`` seconds; scale to all."""
    t0 = time.perf_counter()
    done = 0
    answers = []
    for q in questions:
        answers.append(decide(q))
        done += 1
        if time.perf_counter() - t0 > budget:
            break
    t = time.perf_counter() - t0
    return t * len(questions) / done, done, answers


def row(label, t, ref, note=""):
    print(f"  {label:<38s} {t:10.3f} s   {ref / t if t else float('inf'):8.2f}x vs Sage   {note}")


def bench_pruning(budget):
    rng = np.random.default_rng(2024)
    M = lifted(rng, 2000, 3, 12, 60)
    k = len(M)
    print(f"pruning: {k} monomials in 3 variables")
    W = M
    polys = lambda idx: [ExactPolyhedron.from_integer_rows(monomial_region_rows(W, i), n=3) for i in idx]

    t_hull, mask = timed(lambda: upper_hull_mask(M, float_candidates=True))
    print(f"  irredundant monomials: {int(mask.sum())}")
    results = {}
    results["hull, float-prefiltered (Qhull + PPL)"] = (t_hull, "full run")
    t, m2 = timed(lambda: lp_irredundant_mask(M))
    assert (m2 == mask).all()
    results["lp, float-prefiltered (HiGHS batch)"] = (t, "full run")
    for backend in ("ppl", "cdd", "sage"):
        t, done, ans = sampled(list(range(k)), lambda i: polys([i])[0].is_full_dimensional(backend=backend),
                               budget)
        assert ans == mask[:done].tolist()
        results[f"lp, raw {backend if backend != 'cdd' else 'cdd.gmp'}"
                f"{' Polyhedron' if backend == 'sage' else ''}"] = (
            t, "full run" if done == k else f"sampled {done}/{k}, scaled")
    t, done, ans = sampled([None], lambda _: upper_hull_mask(M[:k], float_candidates=False), budget * 4)
    results["hull, raw ppl (all points)"] = (t, "full run")
    assert (ans[0] == mask).all()
    ref = results["lp, raw sage Polyhedron"][0]
    for label, (t, note) in sorted(results.items(), key=lambda kv: kv[1][0]):
        row(label, t, ref, note)
    best = min(results.items(), key=lambda kv: kv[1][0])
    print(f"  fastest: {best[0]}, {ref / best[1][0]:.0f}x faster than Sage Polyhedron")
    return best


def bench_regions(budget):
    rng = np.random.default_rng(7)
    T = ts.TropicalPuiseuxSemiring(2)
    F = lifted(rng, 200, 2, 30, 3)
    G = lifted(rng, 200, 2, 30, 3)
    f, g = T.from_integer_rows(F), T.from_integer_rows(G)
    h = f / g
    print(f"regions: h = f ⊘ g with {len(f)} x {len(g)} monomials in 2 variables "
          f"(monomial complexity {h.monomial_complexity()})")
    from tropsage.regions.tropical import _Cells, count_linear_regions
    results = {}
    t, count = timed(lambda: count_linear_regions(h))
    t_cells, cells = timed(lambda: _Cells(h))
    print(f"  linear regions: {count}, full-dimensional cells: {len(cells.polyhedra)} of {len(f) * len(g)}")
    results["tropsage Algorithm 4 (Newton side + PPL)"] = (t, "full run")
    Ff, Gg = f.integer_data()[0], g.integer_data()[0]
    fac_f = [monomial_region_rows(Ff, i) for i in range(len(f))]
    fac_g = [monomial_region_rows(Gg, j) for j in range(len(g))]
    pairs = [(i, j) for i in range(len(f)) for j in range(len(g))]
    truth = {tuple(t) for t in cells.idx.tolist()}
    cell = lambda ij: ExactPolyhedron.from_integer_rows(np.vstack([fac_f[ij[0]], fac_g[ij[1]]]), n=2)

    def prefiltered():
        out = []
        for s in range(0, len(pairs), 2000):
            out += are_full_dimensional([cell(p) for p in pairs[s:s + 2000]])
        return out
    t, done, ans = sampled([None], lambda _: prefiltered(), budget * 4)
    assert {p for p, a in zip(pairs, ans[0]) if a} == truth
    results["plain Alg. 4 cells, float-prefiltered"] = (t, "full run (cells only)")
    for backend in ("ppl", "cdd", "sage"):
        order = np.random.default_rng(1).permutation(len(pairs))
        sample = [pairs[i] for i in order]
        t, done, ans = sampled(sample, lambda ij: cell(ij).is_full_dimensional(backend=backend), budget)
        assert all(a == (p in truth) for p, a in zip(sample, ans))
        results[f"plain Alg. 4 cells, raw {backend if backend != 'cdd' else 'cdd.gmp'}"
                f"{' Polyhedron' if backend == 'sage' else ''}"] = (
            t, f"sampled {done}/{len(pairs)}, scaled (cells only)")
    ref = results["plain Alg. 4 cells, raw sage Polyhedron"][0]
    for label, (t, note) in sorted(results.items(), key=lambda kv: kv[1][0]):
        row(label, t, ref, note)
    best = min(results.items(), key=lambda kv: kv[1][0])
    print(f"  fastest: {best[0]}, {ref / best[1][0]:.0f}x faster than Sage Polyhedron")


if __name__ == "__main__":
    budget = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
    bench_pruning(budget)
    print()
    bench_regions(budget)
