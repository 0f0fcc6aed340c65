"""``tropsage hoffman``: Hoffman constants of a matrix, or of a network with its
effective radius."""

import time

import click

from tropsage.cli import main
from tropsage.cli._common import (CONTEXT, BadInput, Report, json_option, load, net_argument,
                                  net_options, parse_point)

# the norms of the effective radius's ball (tropsage.hoffman.tropical.RADIUS_NORMS; a
# literal here so that `tropsage --help` does not import the Hoffman modules)
RADIUS_NORMS = ["linf", "l1"]


def _pairs(norm_pairs, default):
    if not norm_pairs:
        return default
    res = []
    for text in norm_pairs:
        parts = text.replace(",", ":").split(":")
        if len(parts) != 2:
            raise click.BadParameter(f"norm pair must look like 'linf:l1', got {text!r}",
                                     param_hint="--norms")
        res.append(tuple(p.strip() for p in parts))
    return res


@main.command(context_settings=CONTEXT)
@net_argument(name="path")
@click.option("--norms", "-n", "norm_pairs", multiple=True,
              help="Norm pair X:Y (X distance in R^n, Y residual), e.g. 'linf:linf'; repeatable. "
                   "Default: every polyhedral pair for a matrix (and l2:l2), linf:linf for a net.")
@click.option("--method", type=click.Choice(["auto", "pvz", "brute", "chambers"]), default="auto",
              show_default=True, help="Algorithm for the exact constants ('auto': PVZ for "
              "matrices, chambers or PVZ per cell for nets).")
@click.option("--point", "-p", help="Net only: point of the effective radius, e.g. '1/2,-1' "
              "(default: the origin).")
@click.option("--as-written", is_flag=True,
              help="Net only: also the constant of the expression as written (every pair of "
                   "monomials; slower).")
@click.option("--radius-norm", type=click.Choice(RADIUS_NORMS), default="linf",
              show_default=True, help="Net only: norm of the ball of the effective radius.")
@json_option("the constants (exact values as strings)")
@net_options
def hoffman(path, norm_pairs, method, point, as_written, radius_norm, json_out, activations,
            limit_denominator, trust_pickle):
    """Hoffman constants of a matrix, or of a network with its effective radius.

    PATH is a matrix (.txt/.csv: one row per line, entries like 3, -1/2, 0.25
    separated by spaces or commas; .json: a list of rows or {"matrix": rows}) or a
    network (.json with "layers", .npz, .pt; see `tropsage info`). For a matrix it
    prints H(A) per norm pair (exact rationals; l2:l2 is numerical). For a network
    it prints the tropical Hoffman constant (Definitions 19-20 of [L],
    irredundant monomials, full-dimensional cells) and the exact minimal effective
    radius at a point next to its Lemma 21 / Proposition 22 bounds.

    \f
    EXAMPLES::

        >>> import os, tempfile
        >>> from click.testing import CliRunner
        >>> from tropsage.cli import main
        >>> A = os.path.join(tempfile.mkdtemp(), "A.json")
        >>> _ = open(A, "w").write('{"matrix": [[1, 0], [0, 1], [-1, -1]]}')
        >>> print(CliRunner().invoke(main, ["hoffman", A, "-n", "l1:linf", "-n", "linf:linf"]).output)
        matrix    3 x 2  (.../A.json)
          H_l1,linf(A) = 3   rows J = {1,2}, pvz, 5 LPs, ... s
          H_linf,linf(A) = 2   rows J = {1,2}, pvz, 5 LPs, ... s
    """
    from tropsage.hoffman import effective_radius, hoffman_constant
    rep = Report(json_out)
    out = rep.line
    from tropsage.hoffman.matrix import read_matrix
    from tropsage.hoffman.norms import supported_pairs
    try:
        M = read_matrix(path)
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    t0 = time.perf_counter()
    if M is not None:
        from tropsage.hoffman import hoffman_lower_bound, hoffman_upper_bound
        pairs = _pairs(norm_pairs, supported_pairs())
        out(f"matrix    {len(M)} x {len(M[0]) if M else 0}  ({path})")
        rep.data.update({"matrix": [len(M), len(M[0]) if M else 0], "constants": []})
        for X, Y in pairs:
            t1 = time.perf_counter()
            m = "pvz" if method == "auto" or (method == "chambers" and "l2" in (X, Y)) else method
            r = hoffman_constant(M, norms=(X, Y), method=m, certificate=True)
            dt = time.perf_counter() - t1
            if r.exact:
                val = f"{r.value}"
                if r.value.denominator() != 1:
                    val += f"  (~{float(r.value):.6g})"
            else:
                lo = hoffman_lower_bound(M, norms=(X, Y), seed=0)
                hi = hoffman_upper_bound(M, norms=(X, Y), seed=0)
                val = (f"{r.value:.9g}  (numerical, rel. tol. {r.tolerance:g}; sampled bounds "
                       f"{lo:.6g} <= H <= {hi:.6g})")
            J = ",".join(str(j) for j in r.J)
            out(f"  H_{X},{Y}(A) = {val}   rows J = {{{J}}}, {r.method}, {r.lps} LPs, {dt:.3f} s")
            rep.data["constants"].append({"norms": [X, Y], "value": str(r.value),
                                          "exact": bool(r.exact), "rows": list(r.J),
                                          "method": r.method, "lps": r.lps})
        rep.finish()
        return 0
    network = load(path, activations, limit_denominator, trust_pickle)
    x = parse_point(point, network.input_dim) or [0] * network.input_dim
    pairs = _pairs(norm_pairs, [("linf", "linf")])
    from tropsage.nn import tropicalize
    m = tropicalize(network, prune=True)
    out(f"network   {network!r}  ({path})")
    out("tropical  " + "; ".join(f"output {k}: F {nf}, G {ng} monomials (irredundant)"
                                 for k, (nf, ng) in enumerate(m.monomial_counts())))
    rep.data.update({"network": repr(network), "constants": []})
    mm = m[0] if len(m) == 1 else m
    for X, Y in pairs:
        for pruned in ([True, False] if as_written else [True]):
            t1 = time.perf_counter()
            r = hoffman_constant(mm, norms=(X, Y), method=method, pruned=pruned,
                                 certificate=True)
            dt = time.perf_counter() - t1
            what = "full-dimensional cells" if pruned else "every pair, as written"
            out(f"  H_{X},{Y}(N) = {r.value}   ({what}: {r.cells} cells, {r.matrices} matrices, "
                f"{r.lps} LPs, {dt:.2f} s; attained at cell {r.cell})")
            rep.data["constants"].append({"norms": [X, Y], "value": str(r.value),
                                          "pruned": pruned, "cells": r.cells, "lps": r.lps})
    t1 = time.perf_counter()
    R = effective_radius(mm, x, norm=radius_norm, method=method)
    dt = time.perf_counter() - t1
    pt = ", ".join(str(v) for v in R.point)
    out(f"effective radius at ({pt}), {radius_norm} ball:")
    out(f"  exact     r = {R.value}  (~{float(R.value):.6g}); farthest of {len(R.distances)} "
        f"linear regions: {R.regions[R.region].map_str()}, reached at "
        f"({', '.join(str(v) for v in R.nearest)})")
    out(f"  Lemma 21  r <= max_C H(A_C) |residual_C| = {R.cell_bound}")
    out(f"  Prop. 22  r <= H * max(f - f_min, g - g_min) = {R.hoffman} * {R.residual} = {R.bound}")
    ratio = float(R.bound / R.value) if R.value else float("inf")
    out(f"  bound / exact = {ratio:.3g}   ({dt:.2f} s, {R.lps} distance LPs; total "
        f"{time.perf_counter() - t0:.2f} s)")
    rep.data["effective_radius"] = {
        "point": [str(v) for v in R.point], "norm": radius_norm, "value": str(R.value),
        "nearest": [str(v) for v in R.nearest], "lemma21_bound": str(R.cell_bound),
        "prop22_bound": str(R.bound), "hoffman": str(R.hoffman), "residual": str(R.residual)}
    rep.finish()
    return 0


# click commands are objects, not functions: doctest finds the examples in their
# callbacks through __test__
__test__ = {"hoffman": hoffman.callback}
