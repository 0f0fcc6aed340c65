"""
[L] Tables 1-2: Hoffman constants of random tropical rational functions ``p ⊘ q``.

For each size ``(m_p, m_q, n)`` of [L] Table 2 -- ``(2, 3, 6), (3, 4, 9), (5, 4, 8),
(7, 3, 12)``: ``m_p`` and ``m_q`` monomials, ``n`` variables -- ``--samples`` (8, as
in [L]) random functions are drawn: exponent matrices with entries ``k/100``, ``k``
uniform in ``0..100`` (the sampling interval of [L] did not survive in our copy of
the text; ``[0, 1]`` gives constants of the paper's size). The Hoffman constant of
``p ⊘ q`` is the largest constant of its cell matrices ``[a_k - a_i ; b_l - b_j]``
([L] Definition 20, the expression as written). Per function the script reports, timed
in the same run:

- ``(linf, linf)``: the exact constant (``QQ``; tropsage, PVZ-based per cell), the
  number of LPs of the PVZ method with the time per LP ([L] Table 1), and a float
  brute-force peer ([L] Algorithm 1: every row subset ``J`` of every cell, the inner
  LP ``min ||A_J^T v||_1`` over the simplex with scipy/HiGHS);
- ``(l2, l2)`` as in [L] Table 2: the lower bound of Algorithm 2 (sampled row sets),
  the constant (tropsage, numerical eigenvalue method) and the upper bound of
  Algorithm 3 (Güler-Hoffman-Rothblum).

Usage::

    python examples/hoffman_tables.py OUTDIR            # [L]'s sizes, 8 samples each
    python examples/hoffman_tables.py OUTDIR --quick    # reduced (tests)
"""

import itertools
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, quick as quick_run  # noqa: E402

SIZES = [(2, 3, 6), (3, 4, 9), (5, 4, 8), (7, 3, 12)]
# [L] Table 2, per size: (lower bounds, true values, upper bounds), 8 samples each
PAPER = {
    (2, 3, 6): ([0.239, 0.153, 0.209, 0.316, 0.366, 0.361, 0.374, 0.399],
                [0.555, 0.621, 0.594, 1.105, 1.142, 0.649, 0.778, 1.876],
                [1.033, 0.906, 0.899, 1.966, 1.784, 1.183, 1.448, 2.728]),
    (3, 4, 9): ([0.214, 0.271, 0.237, 0.222, 0.323, 0.145, 0.159, 0.371],
                [0.970, 0.901, 1.045, 0.555, 1.023, 1.402, 0.530, 0.843],
                [1.426, 1.437, 2.129, 1.058, 2.328, 2.607, 1.208, 1.748]),
    (5, 4, 8): ([0.287, 0.180, 0.186, 0.243, 0.329, 0.304, 0.246, 0.177],
                [1.870, 1.219, 2.158, 1.287, 1.156, 1.075, 1.855, 2.138],
                [3.970, 3.098, 4.973, 3.727, 10.342, 1.960, 6.269, 5.535]),
    (7, 3, 12): ([0.194, 0.229, 0.246, 0.194, 0.190, 0.216, 0.199, 0.231],
                 [1.079, 0.768, 0.932, 0.797, 0.895, 0.826, 0.672, 0.985],
                 [3.280, 1.679, 2.711, 4.417, 6.425, 2.642, 2.359, 2.016]),
}
# [L] Table 1: PVZ iterations (LPs) for three of the sizes (which ones is not in our copy)
PAPER_PVZ = [[94, 86, 67, 83, 99, 86, 75, 83], [2437, 1110, 1731, 1441, 1432, 1706, 1741, 1095],
             [2, 607, 525, 80, 194, 355, 78, 19]]


def random_function(mp, mq, n, rng):
    from tropsage import TropicalPuiseuxSemiring
    T = TropicalPuiseuxSemiring(n)
    P = np.hstack([rng.integers(0, 101, size=(mp, n)), np.zeros((mp, 1), dtype=int)])
    Q = np.hstack([rng.integers(0, 101, size=(mq, n)), np.zeros((mq, 1), dtype=int)])
    return T.from_integer_rows(P, 100) / T.from_integer_rows(Q, 100), P[:, :n] / 100, Q[:, :n] / 100


def float_brute(P, Q):
    """
    [L] Algorithm 1 in floating point: ``max`` over the cells ``(i, j)`` and the row
    subsets ``J`` with ``min{||A_J^T v||_1 : v in simplex} > 0`` of its inverse.
    """
    from scipy.optimize import linprog
    best, lps = 0.0, 0
    n = P.shape[1]
    for i, j in itertools.product(range(len(P)), range(len(Q))):
        A = np.vstack([np.delete(P, i, 0) - P[i], np.delete(Q, j, 0) - Q[j]])
        A = A[np.any(A != 0, axis=1)]
        m = len(A)
        for k in range(1, m + 1):
            for J in itertools.combinations(range(m), k):
                AJ = A[list(J)]
                # variables (v in R^k, t in R^n): min sum t, -t <= AJ^T v <= t, sum v = 1
                c = np.r_[np.zeros(k), np.ones(n)]
                A_ub = np.block([[AJ.T, -np.eye(n)], [-AJ.T, -np.eye(n)]])
                res = linprog(c, A_ub=A_ub, b_ub=np.zeros(2 * n),
                              A_eq=np.r_[np.ones(k), np.zeros(n)][None, :], b_eq=[1.0],
                              bounds=[(0, None)] * (k + n), method="highs")
                lps += 1
                if res.status == 0 and res.fun > 1e-9:
                    best = max(best, 1.0 / res.fun)
    return best, lps


def main(argv=None):
    ap = parser(__doc__)
    ap.add_argument("--samples", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sizes", default=None,
                    help="sizes to run, e.g. '7,3,12;5,4,8' (default: [L] Table 2's four)")
    args = parse(ap, argv)
    quick = quick_run(args)
    from tropsage.hoffman import (hoffman_constant, hoffman_lower_bound, hoffman_upper_bound,
                                  tropical_hoffman_constant)
    sizes = [(2, 3, 3), (3, 2, 4)] if quick else SIZES
    if args.sizes:
        sizes = [tuple(int(v) for v in part.split(",")) for part in args.sizes.split(";")]
        if any(len(t) != 3 or min(t) < 1 for t in sizes):
            raise SystemExit(f"--sizes: expected triples m_p,m_q,n separated by ';', got {args.sizes!r}")
    nsamples = args.samples or (2 if quick else 8)
    rng = np.random.default_rng(args.seed)
    rows = []
    for size in sizes:
        for s in range(nsamples):
            h, P, Q = random_function(*size, rng)
            row = {"size": list(size), "sample": s + 1}
            t = time.perf_counter()
            row["exact"] = hoffman_constant(h, norms=("linf", "linf"))
            row["t_exact"] = time.perf_counter() - t
            t = time.perf_counter()
            r = tropical_hoffman_constant(h, norms=("linf", "linf"), method="pvz", certificate=True)
            row["t_pvz"] = time.perf_counter() - t
            row["pvz_lps"] = r.lps
            assert r.value == row["exact"]
            t = time.perf_counter()
            row["float_brute"], row["brute_lps"] = float_brute(P, Q)
            row["t_brute"] = time.perf_counter() - t
            t = time.perf_counter()
            row["lower_l2"] = hoffman_lower_bound(h, norms=("l2", "l2"), samples=100, seed=s)
            row["t_lower"] = time.perf_counter() - t
            t = time.perf_counter()
            row["true_l2"] = tropical_hoffman_constant(h, norms=("l2", "l2"), method="pvz")
            row["t_true_l2"] = time.perf_counter() - t
            t = time.perf_counter()
            row["upper_l2"] = hoffman_upper_bound(h, norms=("l2", "l2"), samples=100, seed=s)
            row["t_upper"] = time.perf_counter() - t
            row["exact"] = str(row["exact"])
            print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}),
                  flush=True)
            rows.append(row)
    with open(os.path.join(args.outdir, "hoffman_tables.json"), "w") as fh:
        json.dump(rows, fh, indent=1)
    lines = []
    for size in sizes:
        sel = [r for r in rows if tuple(r["size"]) == size]
        lines.append(f"\n### (m_p, m_q, n) = {size}\n")
        lines.append("| sample | " + " | ".join(str(r["sample"]) for r in sel) + " |")
        lines.append("|---" * (len(sel) + 1) + "|")

        def line(name, key, fmt="{:.3f}"):
            lines.append(f"| {name} | " + " | ".join(fmt.format(r[key]) for r in sel) + " |")
        line("l2 lower bound (Alg. 2)", "lower_l2")
        line("time (s)", "t_lower")
        line("l2 constant", "true_l2")
        line("time (s)", "t_true_l2")
        line("l2 upper bound (Alg. 3)", "upper_l2")
        line("time (s)", "t_upper")
        lines.append("| linf exact (QQ) | " + " | ".join(
            f"{float(eval_q(r['exact'])):.3f}" for r in sel) + " |")
        line("time (s)", "t_exact")
        line("PVZ LPs", "pvz_lps", "{}")
        lines.append("| time per LP (s) | " + " | ".join(
            f"{r['t_pvz'] / max(r['pvz_lps'], 1):.4f}" for r in sel) + " |")
        line("linf float brute force", "float_brute")
        line("brute LPs", "brute_lps", "{}")
        line("time (s)", "t_brute")
        if size in PAPER:
            lo, tr, up = PAPER[size]
            lines.append("| [L] lower / true / upper | " + " | ".join(
                f"{a} / {b} / {c}" for a, b, c in zip(lo, tr, up)) + " |")
    md = "\n".join(lines)
    with open(os.path.join(args.outdir, "hoffman_tables.md"), "w") as fh:
        fh.write(md + "\n")
    print(md)
    return rows


def eval_q(s):
    from fractions import Fraction
    return Fraction(s)


if __name__ == "__main__":
    main(sys.argv[1:])
