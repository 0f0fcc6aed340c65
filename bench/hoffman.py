"""
Benchmark: Hoffman constants by Peña-Vera-Zuluaga (PVZ) vs brute force (Algorithm 1),
and the exact LP engines underneath.

Part 1 -- LP engines on the Hoffman inner LP (``min ||A_J^T v||_inf`` over the simplex)
and on random dense LPs: raw ``ppl.MIP_Problem`` (tropsage's exact engine), Sage's
``MixedIntegerLinearProgram(solver="PPL")`` (the same solver behind Sage's wrapper) and
HiGHS + exact basis certificate (tropsage's accelerated path).

Part 2 -- random ``m x n`` integer matrices (entries uniform in -9..9), ``(linf, linf)``
norms, ``m`` up to 16 and ``n`` up to 6: number of LPs and time of each method (median
over seeds), the agreement of the exact values, and the crossover ``m`` from which PVZ
is faster than brute force. Brute force is skipped where it would take longer than
``--brute-cap`` LPs (``2^m`` in the worst case).

Run: ``.venv/bin/python bench/hoffman.py`` (``--quick`` for a short run).
"""

import argparse
import statistics
import sys
import time
from fractions import Fraction

import numpy as np

import sage.all__sagemath_polyhedra  # noqa: F401  (before any deeper sage import)
from tropsage.hoffman import hoffman_constant
from tropsage.hoffman.matrix import _Problem, _mask
from tropsage.polyhedra.lp import _IntLP, solve_lp


def timeit(fn, min_time=0.3):
    fn()
    k, t0 = 0, time.perf_counter()
    while True:
        fn()
        k += 1
        dt = time.perf_counter() - t0
        if dt >= min_time:
            return dt / k


def inner_lp_engines(m, n, seed=0):
    rng = np.random.default_rng(seed)
    A = rng.integers(-9, 10, size=(m, n))
    P = _Problem(A.tolist(), 1, ("l1", "linf"))
    mask = _mask(range(m))

    def raw_ppl():
        return P.test(mask)

    from sage.numerical.mip import MixedIntegerLinearProgram

    def sage_ppl():
        p = MixedIntegerLinearProgram(solver="PPL", maximization=False)
        v = p.new_variable(nonnegative=True)
        s = p.new_variable(real=True)[0]
        for j in range(n):
            e = p.sum(int(A[i, j]) * v[i] for i in range(m))
            p.add_constraint(e - s <= 0)
            p.add_constraint(e + s >= 0)
        p.add_constraint(p.sum(v[i] for i in range(m)) == 1)
        p.set_objective(s)
        return p.solve()

    # the same LP through the HiGHS + exact certificate path
    rows, rhs, eq = [], [], []
    for j in range(n):
        rows.append([int(a) for a in A[:, j]] + [-1])
        rows.append([-int(a) for a in A[:, j]] + [-1])
        rhs += [0, 0]
        eq += [False, False]
    rows.append([1] * m + [0])
    rhs.append(1)
    eq.append(True)
    lp = _IntLP(m + 1, rows, rhs, eq, [Fraction(0)] * (m + 1), [None] * (m + 1),
                [Fraction(0)] * m + [Fraction(1)])

    def highs():
        r = lp.solve_highs()
        return r if r is not None else lp.solve_ppl()

    v1 = raw_ppl()[0]
    v2 = sage_ppl()
    v3 = highs()._value
    assert v1 == v3 and float(v1) == float(v2), (v1, v2, v3)
    return timeit(raw_ppl), timeit(sage_ppl), timeit(highs)


def dense_lp_engines(k, seed=1):
    rng = np.random.default_rng(seed)
    A = rng.integers(-9, 10, size=(k, k))
    b = rng.integers(1, 20, size=k)
    c = rng.integers(-9, 10, size=k)
    r1 = solve_lp(c, A, b, bounds=(-10, 10), method="ppl")
    r2 = solve_lp(c, A, b, bounds=(-10, 10), method="highs")
    assert r1.value == r2.value
    t_ppl = timeit(lambda: solve_lp(c, A, b, bounds=(-10, 10), method="ppl"), 0.2)
    t_hi = timeit(lambda: solve_lp(c, A, b, bounds=(-10, 10), method="highs"), 0.2)
    return t_ppl, t_hi, r2.method


def run_hoffman(A, method):
    t0 = time.perf_counter()
    r = hoffman_constant(A, ("linf", "linf"), method, certificate=True)
    return r, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--quick", action="store_true", help="fewer sizes and seeds")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--brute-cap", type=int, default=20000,
                    help="skip brute force when 2^m - 1 exceeds this many subsets "
                         "and the previous m already needed more than cap/4 LPs")
    args = ap.parse_args()
    seeds = 2 if args.quick else args.seeds

    print("== Part 1: LP engines (time per LP)")
    print(f"{'inner LP m x n':>16} {'raw ppl':>10} {'Sage PPL':>10} {'HiGHS+cert':>11} {'Sage/raw':>9}")
    for m, n in ([(6, 3), (16, 6)] if args.quick else [(6, 3), (10, 4), (16, 6), (30, 6)]):
        a, b, c = inner_lp_engines(m, n)
        print(f"{f'{m} x {n}':>16} {a * 1e3:8.3f}ms {b * 1e3:8.3f}ms {c * 1e3:9.3f}ms {b / a:8.1f}x")
    print(f"{'dense LP k x k':>16} {'raw ppl':>10} {'HiGHS+cert':>11} {'ppl/HiGHS':>10}")
    for k in ([5, 20] if args.quick else [5, 10, 15, 20, 30]):
        a, c, meth = dense_lp_engines(k)
        print(f"{f'{k} x {k}':>16} {a * 1e3:8.2f}ms {c * 1e3:9.2f}ms {a / c:9.2f}x  ({meth})")

    print()
    print("== Part 2: PVZ vs brute force, (linf, linf), entries in -9..9, "
          f"median over {seeds} seeds")
    print(f"{'n':>2} {'m':>3} {'LPs pvz':>8} {'LPs brute':>10} {'t pvz':>9} {'t brute':>9} "
          f"{'brute/pvz':>9} {'|F|':>4}")
    ms = [4, 8, 12, 16] if args.quick else list(range(4, 17, 2))
    ns = [2, 4, 6] if args.quick else [2, 3, 4, 5, 6]
    crossover = {}
    for n in ns:
        brute_lps_prev = 0
        faster_from = None
        for m in ms:
            rows = []
            for seed in range(seeds):
                rng = np.random.default_rng(1000 * n + 10 * m + seed)
                A = rng.integers(-9, 10, size=(m, n)).tolist()
                rp, tp = run_hoffman(A, "pvz")
                do_brute = brute_lps_prev <= args.brute_cap // 4 or (2 ** m - 1) <= args.brute_cap
                if do_brute:
                    rb, tb = run_hoffman(A, "brute")
                    assert rb.value == rp.value, (A, rb.value, rp.value)
                    rows.append((rp.lps, rb.lps, tp, tb, len(rp.surjective_sets)))
                else:
                    rows.append((rp.lps, None, tp, None, len(rp.surjective_sets)))
            lp_p = statistics.median(r[0] for r in rows)
            t_p = statistics.median(r[2] for r in rows)
            nF = statistics.median(r[4] for r in rows)
            if rows[0][1] is not None:
                lp_b = statistics.median(r[1] for r in rows)
                t_b = statistics.median(r[3] for r in rows)
                brute_lps_prev = lp_b
                ratio = t_b / t_p
                if ratio > 1 and faster_from is None:
                    faster_from = m
                elif ratio <= 1:
                    faster_from = None
                print(f"{n:>2} {m:>3} {lp_p:>8.0f} {lp_b:>10.0f} {t_p:>8.3f}s {t_b:>8.3f}s "
                      f"{ratio:>8.1f}x {nF:>4.0f}", flush=True)
            else:
                print(f"{n:>2} {m:>3} {lp_p:>8.0f} {'skipped':>10} {t_p:>8.3f}s {'-':>9} "
                      f"{'-':>9} {nF:>4.0f}", flush=True)
        crossover[n] = faster_from
    print()
    for n, m in crossover.items():
        print(f"n = {n}: PVZ faster than brute force (median time) from m = {m} on"
              if m is not None else f"n = {n}: no crossover in the measured range")
    return 0


if __name__ == "__main__":
    sys.exit(main())
