"""
[L] Fig. 7: linear regions against monomials of random tropical Puiseux rational
functions in 3 and 4 variables.

For ``n`` in (3, 4) and every number ``m`` of monomials, ``--samples`` random rational
functions ``p ⊘ q`` are drawn, ``p`` and ``q`` with ``m`` monomials each (exponents
``k/2``, ``k`` uniform in ``0..8``; coefficients uniform integers in ``-5..5``); their
linear regions on all of ``R^n`` are counted exactly (Algorithm 4 of [L],
:func:`tropsage.regions.count_linear_regions`). The plot shows the mean ± std of
the region counts against ``m``, with the monomial bound ``m_p · m_q`` of [L]
(a rational function with monomial complexity ``(m_p, m_q)`` has at most
``m_p m_q`` linear regions). Output: ``regions_vs_monomials.csv``/``.png``.

Usage::

    python examples/regions_vs_monomials.py OUTDIR [--quick]
"""

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import parse, parser, pyplot, quick as quick_run, save, write_csv  # noqa: E402


def random_rational(n, m, rng):
    from tropsage import TropicalPuiseuxSemiring
    T = TropicalPuiseuxSemiring(n)

    def poly():
        E = rng.integers(0, 9, size=(m, n))
        c = rng.integers(-5, 6, size=(m, 1)) * 2
        return T.from_integer_rows(np.hstack([E, c]), 2)
    return poly() / poly()


def main(argv=None):
    ap = parser(__doc__)
    ap.add_argument("--samples", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    args = parse(ap, argv)
    quick = quick_run(args)
    from tropsage.regions import count_linear_regions
    ns = [3] if quick else [3, 4]
    ms = [2, 3, 4] if quick else list(range(2, 11))
    samples = args.samples or (2 if quick else 10)
    rng = np.random.default_rng(args.seed)
    rows = []
    for n in ns:
        for m in ms:
            for s in range(samples):
                h = random_rational(n, m, rng)
                t = time.perf_counter()
                regions = count_linear_regions(h)
                mp, mq = h.monomial_complexity()
                rows.append({"n": n, "monomials": m, "sample": s, "irredundant_p": mp,
                             "irredundant_q": mq, "regions": regions,
                             "seconds": time.perf_counter() - t})
            sel = [r["regions"] for r in rows if r["n"] == n and r["monomials"] == m]
            print(f"n = {n}, m = {m}: regions {np.mean(sel):.1f} ± {np.std(sel):.1f}", flush=True)
    write_csv(os.path.join(args.outdir, "regions_vs_monomials.csv"), rows)

    fig, ax = pyplot().subplots(figsize=(5.5, 4))
    for n, style in zip(ns, ("o-", "s-")):
        mean = [np.mean([r["regions"] for r in rows if r["n"] == n and r["monomials"] == m]) for m in ms]
        std = [np.std([r["regions"] for r in rows if r["n"] == n and r["monomials"] == m]) for m in ms]
        ax.errorbar(ms, mean, yerr=std, fmt=style, capsize=3, label=f"{n} variables")
    ax.plot(ms, [m * m for m in ms], "k:", label="bound m_p m_q")
    ax.set_xlabel("monomials in numerator and in denominator")
    ax.set_ylabel("linear regions (exact)")
    ax.set_yscale("log")
    ax.legend(fontsize=8)
    save(fig, os.path.join(args.outdir, "regions_vs_monomials.png"))
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
