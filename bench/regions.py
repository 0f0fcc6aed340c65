"""
Activation-region enumeration: tropsage (exact) against affinitree (floating point).

Both tools enumerate the activation regions of the same networks on all of R^n:
seeded random networks (float32 Gaussian weights, read exactly by tropsage, as
float64 by affinitree: the same numbers) and, with ``--highdim``, a 64-16-16-10
network trained on the sklearn digits (seeded torch, float32 weights). Each tool
runs in its own process with a time budget (``--budget`` seconds): a net that does
not finish is reported as such instead of hanging.

Printed per network: the region counts (they must agree), the wall time of each
tool (and its CPU time, steadier on a busy machine), the ratio tropsage time /
affinitree time (issue 18's goal: <= 0.5 on nets with 1,000 regions or more, <= 1
on smaller ones, single process), with ``--jobs2`` the speed-up of ``n_jobs=2``
over the serial run, and how tropsage's decisions (does this neuron's hyperplane
cut this cell?) were settled, among those not inherited from an ancestor cell:
"wit%" by exact witness points on both sides, "flt%" proposed by the engine's
floating-point double description and proven exactly (a dyadic point checked
strictly inside, or Farkas multipliers checked in integers), "ppl%" from PPL's
exact generators (what the floats could not show; "gens" PPL conversions), "lp%"
by an LP (maxout, or a hyperplane through the interior point). Whether the
compiled engine ran is printed first (``TROPSAGE_NO_EXT=1`` runs the pure-Python
path). A tool still running when its budget is out gets Ctrl-C: tropsage then
reports the regions it found so far.

Measured 2026-12-02 at the end of session 4 on the 2-core machine, quiet, serial,
both tools in the same run; ratio = tropsage / affinitree, wall (CPU in brackets);
"jobs2": how much faster ``n_jobs=2`` ran than serial; "s3": the wall ratio at the
end of session 3 (PPL generators for every decision), "s2": at the start of
session 3:

=================  =======  ==========  ========  =============  =====  ====  ====
net                regions  affinitree  tropsage  ratio          jobs2  s3    s2
                            s (wall)    s (wall)  wall (cpu)     x
=================  =======  ==========  ========  =============  =====  ====  ====
2-8-8-1:0              113        0.01  0.004     0.41 (0.41)    0.34   0.42  0.54
3-8-8-1:0              854        0.08  0.01      0.17 (0.17)    0.66   0.41  0.61
4-10-10-1:0           5616        0.72  0.12      0.17 (0.17)    0.98   0.79  0.81
3-10-10-10-1:0        1863        0.42  0.05      0.12 (0.12)    0.72   0.25  0.39
4-10-10-10-1:0       33759        8.74  1.02      0.12 (0.12)    2.18   0.37  0.62
64-8-8-1:0           14737        2.37  0.33      0.14 (0.14)    1.43   0.55  0.73
784-6-6-1:0           1390        0.82  0.09      0.11 (0.11)    0.68   0.15  0.23
784-8-8-1:0          11380       13.97  0.47      0.03 (0.03)    1.65   0.10  0.11
196-10-10-1:0       113398       69.87  6.02      0.09 (0.09)    1.82   0.51  --
=================  =======  ==========  ========  =============  =====  ====  ====

No decision needed PPL on these nets (float weights: "flt%" is 90-98 %, the rest
witnesses). ``n_jobs=2`` pays from about 10,000 regions (below, forking the workers
costs more than it saves); over a few runs it moves between 1.5x and 2.2x on
4-10-10-10-1, the machine's own speed drifting by some 20 % from run to run. What
made this session's engine faster: every cell carries approximate generators (one
double-description step in doubles from its parent's, Fukuda's adjacency test);
a cut is shown by a dyadic point on the segment from the interior point to the
float vertex past the hyperplane, checked exactly; "no cut" by Farkas multipliers
on the rows through the vertex where the float maximum lies, from an exact solve
(a basis met twice is inverted once and kept, ``M X = D I`` checked exactly). PPL
(incremental, as before) decides only what the floats cannot show: on small integer
weights (degenerate vertices, hyperplanes touching a vertex) that is about 1 % of
the decisions.

The digits 64-16-16-10 net (``--highdim``; on all of R^64, 16 first-layer
hyperplanes in general position give 65,536 cells before the second layer) has
more than 12.6 million regions: tropsage with ``n_jobs=2`` had found 12,568,780
when stopped after 35 min (340 cells still open), in constant memory (about
0.5 GB per process), 5,000-7,000 regions/s per core; affinitree's tree grew to 6.6 GB after 82 s of CPU
(about 80 MB/s) and cannot finish on this 24 GB machine, so no ratio is printed for
it. Here affinitree's memory is capped at half the machine's, so that it fails alone
("died") instead of starving the machine; the row also says how many regions
tropsage found within ``--budget``.

Usage::

    .venv/bin/python bench/regions.py                 # nets up to 4-10-10-10-1
    .venv/bin/python bench/regions.py --jobs2         # adds the n_jobs=2 speed-up
    .venv/bin/python bench/regions.py --highdim       # 64-8-8-1, 784-6-6-1, 784-8-8-1,
                                                      # 196-10-10-1, digits 64-16-16-10
    .venv/bin/python bench/regions.py --big           # adds 4-10-10-10-10-1 (minutes)
    .venv/bin/python bench/regions.py --nets 3-8-8-1:0,4-10-10-1:1,digits
"""

import argparse
import multiprocessing
import os
import signal
import sys
import time

# measure the tropsage of this checkout, not whichever copy is installed
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

DEFAULT = ["2-8-8-1:0", "3-8-8-1:0", "4-10-10-1:0", "3-10-10-10-1:0", "4-10-10-10-1:0"]
HIGHDIM = ["64-8-8-1:0", "784-6-6-1:0", "784-8-8-1:0", "196-10-10-1:0", "digits"]
BIG = ["4-10-10-10-10-1:3"]


def digits_network(seed=0, steps=300):
    """A 64-16-16-10 ReLU network trained on the sklearn digits (seeded, float32)."""
    import torch
    from sklearn.datasets import load_digits
    from tropsage.nn import as_network
    torch.manual_seed(seed)
    X, y = load_digits(return_X_y=True)
    X = torch.tensor(X / 16.0, dtype=torch.float32)
    y = torch.tensor(y)
    model = torch.nn.Sequential(torch.nn.Linear(64, 16), torch.nn.ReLU(),
                                torch.nn.Linear(16, 16), torch.nn.ReLU(),
                                torch.nn.Linear(16, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X), y)
        loss.backward()
        opt.step()
    return as_network(model)


def network(spec):
    from tropsage.nn import random_network
    if spec == "digits":
        return digits_network()
    w, seed = spec.split(":")
    return random_network([int(v) for v in w.split("-")], seed=int(seed), weights="float")


_NET = None     # the network of the current row, inherited by the forked workers


def _affinitree(conn):
    signal.signal(signal.SIGINT, signal.SIG_DFL)   # out of budget: it just ends
    # its tree lives in memory (the digits net: 80 MB/s): capped at half the
    # machine's memory, it fails alone instead of starving the machine
    import resource
    half = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    resource.setrlimit(resource.RLIMIT_AS, (half, half))
    import affinitree  # noqa: F401  (imports stay outside the timed part)
    from tropsage.numerical.crosscheck import affinitree_tree
    t, c = time.perf_counter(), time.process_time()
    tree = affinitree_tree(_NET)
    conn.send((tree.num_terminals(), time.perf_counter() - t, time.process_time() - c, {}))


def _tropsage(conn, n_jobs):
    from tropsage.regions.activation import _extension, count_activation_regions
    # imports stay outside the timed part, as affinitree's do: the backends that the
    # enumeration loads lazily (PPL, FLINT, the compiled engine, the first-layer
    # reduction, tqdm)
    import flint  # noqa: F401
    import ppl  # noqa: F401
    import tqdm.auto  # noqa: F401
    import tropsage.nn.reduce  # noqa: F401
    import tropsage.polyhedra.certify  # noqa: F401
    _extension()
    t, c = time.perf_counter(), time.process_time()
    count, info = count_activation_regions(_NET, return_info=True, progress=False, n_jobs=n_jobs)
    # after Ctrl-C (the budget ran out) the count is the regions found so far
    conn.send((count, time.perf_counter() - t, time.process_time() - c,
               dict(info["stats"], partial=info["partial"])))


def timed(target, args, budget):
    """
    Run ``target(conn, *args)`` in a forked process: (count, wall, cpu, stats) or None.
    When the budget runs out the process gets Ctrl-C (SIGINT): tropsage then answers
    with the regions found so far (``stats["partial"]``); affinitree has nothing to
    say and is ended.
    """
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=target, args=(send,) + args, daemon=False)
    p.start()
    send.close()
    try:
        out = recv.recv() if recv.poll(budget) else None
    except EOFError:            # it died (out of memory): say so
        p.join()
        return "died"
    if out is None:
        os.kill(p.pid, signal.SIGINT)
        try:
            out = recv.recv() if recv.poll(5) else None
        except EOFError:
            out = None
        p.kill()
    p.join()
    return out


def main():
    global _NET
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nets", help="comma-separated WIDTHS:SEED or 'digits', e.g. 3-8-8-1:0")
    ap.add_argument("--big", action="store_true", help="add the 4-10-10-10-10-1 net")
    ap.add_argument("--highdim", action="store_true",
                    help="add 64-8-8-1, 784-6-6-1, 784-8-8-1, 196-10-10-1 and the digits net")
    ap.add_argument("--jobs2", action="store_true", help="also time tropsage with n_jobs=2")
    ap.add_argument("--budget", type=float, default=300, help="seconds per tool and net")
    args = ap.parse_args()
    specs = args.nets.split(",") if args.nets else \
        DEFAULT + (HIGHDIM if args.highdim else []) + (BIG if args.big else [])
    from tropsage.regions.activation import _extension
    print("compiled engine:", "yes" if _extension() is not None else "no (pure-Python path)")
    print(f"{'net':<18}{'regions':>9}{'affinitree':>11}{'t_exact s':>10}{'t_aff s':>9}"
          f"{'cpu_ex':>8}{'cpu_aff':>8}{'ratio':>7}{'cpu_r':>7}"
          + (f"{'jobs2 x':>8}" if args.jobs2 else "")
          + f"{'wit%':>6}{'flt%':>6}{'ppl%':>6}{'lp%':>6}{'gens':>8}")
    for spec in specs:
        _NET = network(spec)
        name = "digits-64-16-16-10" if spec == "digits" else spec
        aff = timed(_affinitree, (), args.budget)
        ex = timed(_tropsage, (1,), args.budget)
        par = timed(_tropsage, (2,), args.budget) if args.jobs2 and ex not in (None, "died") else None
        par = None if par == "died" else par
        if ex in (None, "died") or aff in (None, "died") or ex[3].get("partial"):
            def said(tool, r):
                if r is None:
                    return f"{tool} timed out"
                if r == "died":
                    return f"{tool} died (out of its memory cap, half the machine's?)"
                if r[3].get("partial"):
                    return f"{tool} stopped after {r[1]:.1f} s with {r[0]} regions found"
                return f"{tool} done in {r[1]:.1f} s ({r[0]} regions)"
            print(f"{name:<18} did not finish in {args.budget:g} s: "
                  + ", ".join(said(tool, r) for tool, r in (("tropsage", ex), ("affinitree", aff))),
                  flush=True)
            continue
        c, t, tc, st = ex
        a, ta, tac, _ = aff
        tests = st.get("tests", 0)
        free = st.get("free_cuts", 0)
        flt = st.get("float_cuts", 0) + st.get("float_certificates", 0)
        ppl = st.get("float_unsettled", 0)
        total = max(1, free + flt + ppl + tests)
        jobs = ""
        if args.jobs2:
            jobs = f"{t / par[1]:>8.2f}" if par is not None else f"{'timeout':>8}"
        print(f"{name:<18}{c:>9}{a:>11}{t:>10.2f}{ta:>9.2f}{tc:>8.2f}{tac:>8.2f}"
              f"{t / ta:>7.2f}{tc / max(tac, 1e-9):>7.2f}{jobs}"
              f"{100 * free / total:>6.1f}{100 * flt / total:>6.1f}{100 * ppl / total:>6.1f}"
              f"{100 * tests / total:>6.1f}"
              f"{st.get('generators', 0):>8}", flush=True)
        if c != a or (par is not None and par[0] != c):
            print(f"   counts differ: tropsage {c}, affinitree {a}"
                  + (f", n_jobs=2 {par[0]}" if par is not None else ""))


if __name__ == "__main__":
    main()
