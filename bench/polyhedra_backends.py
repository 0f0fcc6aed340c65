"""
Benchmark of the exact polyhedral backend (tropsage.polyhedra) against its peers.

Random cells like those of region enumeration: intersections of random halfspaces in
R^2..R^6 (sign patterns of a random hyperplane arrangement), a mixture of
full-dimensional, thin (a hyperplane through the cell added as two inequalities) and
empty ones. For ``is_full_dimensional``, ``interior_point`` and ``dim`` it times, on the
same cells and in the same run:

- ``sage``: Sage ``Polyhedron(ieqs=..., base_ring=QQ)`` directly (the reference peer);
- ``raw-ppl``: ``ppl.C_Polyhedron`` built directly, ``affine_dimension()``;
- ``raw-cdd``: ``cdd.gmp`` double description directly;
- ``ExactPolyhedron`` with ``backend=`` ``"ppl"``, ``"cdd"``, ``"prefilter"``, ``"auto"``;

and prints microseconds per cell and the speed-up over Sage ``Polyhedron``, plus the
share of cells the float prefilter settled. Also the exact volume of random polytopes:
Sage ``Polyhedron.volume()`` against tropsage's own triangulation.

Run: ``.venv/bin/python bench/polyhedra_backends.py [cells_per_dim]``
"""

import sys
import time

import numpy as np

import sage.all__sagemath_polyhedra  # noqa: F401
from sage.geometry.polyhedron.constructor import Polyhedron
from sage.rings.rational_field import QQ

import cdd
import cdd.gmp
import ppl

from tropsage.polyhedra import ExactPolyhedron, backend_stats, prefilter, reset_backend_stats
from tropsage.polyhedra.volume import polytope_volume


def random_cells(n, count, rng):
    """Integer rows [b | a] (a x <= b) of random arrangement cells in R^n."""
    cells = []
    kinds = []
    for i in range(count):
        m = rng.integers(n + 2, 4 * n + 3)
        W = rng.integers(-9, 10, (m, n))
        c = rng.integers(-9, 10, m)
        kind = ("full", "empty", "thin")[i % 3]
        if kind == "full":
            x = rng.uniform(-1, 1, n)
            s = np.where(W @ x + c > 0, 1, -1)            # the cell of a random point
        else:
            s = rng.choice([-1, 1], m)                     # a random pattern: often empty
        # s_i (w_i x + c_i) >= 0  <=>  (-s_i w_i) x <= s_i c_i
        H = np.hstack([(s * c)[:, None], -s[:, None] * W])
        if kind == "thin":
            x = rng.uniform(-1, 1, n)
            s = np.where(W @ x + c > 0, 1, -1)
            H = np.hstack([(s * c)[:, None], -s[:, None] * W])
            a = rng.integers(-9, 10, n)
            a[0] = a[0] or 1
            # a hyperplane through a rational point near x
            X = np.rint(x * 64).astype(np.int64)
            beta = int(a @ X)
            H = np.vstack([H * 64, [beta, *(64 * a)], [-beta, *(-64 * a)]])
        cells.append(H.astype(np.int64))
        kinds.append(kind)
    return cells, kinds


def sage_poly(H):
    return Polyhedron(ieqs=[[r[0]] + [-v for v in r[1:]] for r in H.tolist()], base_ring=QQ)


def raw_ppl(H):
    cs = ppl.Constraint_System()
    for row in H.tolist():
        cs.insert(ppl.Linear_Expression([-v for v in row[1:]], row[0]) >= 0)
    return ppl.C_Polyhedron(cs)


def raw_cdd(H):
    mat = cdd.gmp.matrix_from_array([[r[0]] + [-v for v in r[1:]] for r in H.tolist()],
                                    rep_type=cdd.RepType.INEQUALITY)
    return cdd.gmp.copy_generators(cdd.gmp.polyhedron_from_matrix(mat))


def cdd_dim(G, n):
    if not G.array:
        return -1
    rows = [list(r) for r in G.array]
    if not any(r[0] != 0 for r in rows):
        rows.append([1] + [0] * n)
    return cdd.gmp.matrix_rank(cdd.gmp.matrix_from_array(rows))[2] - 1


OPS = {
    "is_full_dimensional": {
        "sage": lambda H, n: sage_poly(H).dim() == n,
        "raw-ppl": lambda H, n: (lambda P: not P.is_empty() and P.affine_dimension() == n)(raw_ppl(H)),
        "raw-cdd": lambda H, n: cdd_dim(raw_cdd(H), n) == n,
    },
    "interior_point": {
        "sage": lambda H, n: (lambda S: None if S.is_empty() else tuple(S.representative_point()))(sage_poly(H)),
    },
    "dim": {
        "sage": lambda H, n: sage_poly(H).dim(),
        "raw-ppl": lambda H, n: (lambda P: -1 if P.is_empty() else P.affine_dimension())(raw_ppl(H)),
        "raw-cdd": lambda H, n: cdd_dim(raw_cdd(H), n),
    },
}


def ours(op, backend):
    def f(H, n):
        P = ExactPolyhedron.from_integer_rows(H)
        return getattr(P, op)(backend=backend)
    return f


def ours_batched(op):
    """All cells at once: the float prefilter in blocks of 16 LPs, then each question."""
    def f(cells, n):
        Ps = [ExactPolyhedron.from_integer_rows(H) for H in cells]
        prefilter(Ps, batch=16)
        return [getattr(P, op)() for P in Ps]
    f.batched = True
    return f


def timed(fn, cells, n):
    if getattr(fn, "batched", False):
        t = time.perf_counter()
        out = fn(cells, n)
        return time.perf_counter() - t, out
    t = time.perf_counter()
    out = [fn(H, n) for H in cells]
    return time.perf_counter() - t, out


def bench_ops(per_dim, dims, rng):
    print(f"cells per dimension: {per_dim} (1/3 from a random point, 1/3 random pattern, "
          "1/3 with a hyperplane through them)")
    for n in dims:
        cells, kinds = random_cells(n, per_dim, rng)
        full = sum(sage_poly(H).dim() == n for H in cells)
        empty = sum(sage_poly(H).is_empty() for H in cells)
        mrows = np.mean([H.shape[0] for H in cells])
        print(f"\n== R^{n}: {len(cells)} cells, {mrows:.1f} rows on average; "
              f"{full} full-dimensional, {empty} empty, {len(cells) - full - empty} thin")
        for op, peers in OPS.items():
            fns = dict(peers)
            for b in ("ppl", "cdd", "prefilter", "auto"):
                fns[f"ours-{b}"] = ours(op, b)
            fns["ours-batched"] = ours_batched(op)
            times = {}
            answers = {}
            shares = {}
            for name, fn in fns.items():
                reset_backend_stats()
                t, out = timed(fn, cells, n)
                times[name] = t
                answers[name] = out
                s = backend_stats()
                if name in ("ours-prefilter", "ours-auto", "ours-batched"):
                    shares[name] = (s.get("fulldim:float", 0) + s.get("notfull:float", 0),
                                    s.get("fulldim:exact", 0), s.get("float_lp", 0))
            ref = answers["sage"]
            for name, out in answers.items():
                if op == "interior_point":
                    ok = all((a is None) == (b is None) for a, b in zip(out, ref))
                else:
                    ok = out == ref
                if not ok:
                    raise SystemExit(f"DISAGREEMENT: {op} {name} differs from Sage in R^{n}")
            base = times["sage"]
            print(f"  {op}: us/cell (speed-up over Sage Polyhedron)")
            print("    " + "  ".join(f"{k} {1e6 * v / len(cells):.0f} (x{base / v:.1f})"
                                     for k, v in times.items()))
            for k, (fl, ex, lps) in shares.items():
                print(f"    {k}: float prefilter settled {fl}/{len(cells)} "
                      f"full-dimensionality questions, exact backend {ex}, HiGHS runs {lps}")


def bench_volume(rng):
    print("\n== exact volume of random polytopes (convex hull of random integer points)")
    for n, k, reps in [(2, 12, 40), (3, 20, 20), (4, 30, 8), (5, 30, 4)]:
        pts = [rng.integers(-20, 21, (k, n)).tolist() for _ in range(reps)]
        t = time.perf_counter()
        vs = [Polyhedron(vertices=p, base_ring=QQ).volume() for p in pts]
        ts = time.perf_counter() - t
        t = time.perf_counter()
        ws = [polytope_volume(p, n) for p in pts]
        to = time.perf_counter() - t
        assert all(QQ(w) == v for v, w in zip(vs, ws))
        print(f"R^{n}, {k} points: sage {1e3 * ts / reps:8.2f} ms  ours {1e3 * to / reps:8.2f} ms"
              f"  speed-up x{ts / to:5.1f}")


def main():
    per_dim = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    rng = np.random.default_rng(2024)
    bench_ops(per_dim, (2, 3, 4, 5, 6), rng)
    bench_volume(rng)


if __name__ == "__main__":
    main()
