"""
The ``tropsage`` command.

``tropsage info NET`` reads a network (``.json``, ``.npz`` or ``.pt``; see
:mod:`tropsage.nn.io`), prints the size of its tropical form ``F ⊘ G`` and evaluates
it exactly at a point.
"""

import sys
import time

import click


def _parse_point(text, n):
    if text is None:
        return None
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    if len(parts) != n:
        raise click.BadParameter(f"the network takes {n} inputs, the point has {len(parts)}")
    from ._exact import as_fraction
    try:
        return [as_fraction(p, f"point coordinate {i}") for i, p in enumerate(parts)]
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _parse_box(text, n, option="--box"):
    """A box ``'lo,hi'`` (every coordinate) or ``'lo1,hi1,...,lon,hin'`` as exact pairs."""
    from ._exact import as_fraction
    parts = [p for p in text.split(",") if p.strip()]
    try:
        vals = [as_fraction(p.strip(), option) for p in parts]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None
    if len(vals) == 2:
        vals = vals * n
    if len(vals) != 2 * n:
        raise click.BadParameter(f"the network has {n} inputs: give 2 or {2 * n} numbers",
                                 param_hint=option)
    box = [(vals[2 * i], vals[2 * i + 1]) for i in range(n)]
    if any(lo >= hi for lo, hi in box):
        raise click.BadParameter("every box side needs lo < hi", param_hint=option)
    return box


def _load(path, activations, limit_denominator):
    from .nn.io import load_network
    acts = None
    if activations:
        from .nn.io import _parse_act_string
        acts = [_parse_act_string(a.strip()) for a in activations.split(",")]
    try:
        return load_network(path, activations=acts, limit_denominator=limit_denominator)
    except (ValueError, TypeError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.version_option(package_name="tropsage")
def main():
    """Exact tropical geometry of ReLU networks."""


@main.command()
@click.argument("net", type=click.Path(dir_okay=False))
@click.option("--point", "-p", help="Evaluate at this point, e.g. '1/2,-1/3' (default: origin).")
@click.option("--activations", help="Override activations, e.g. 'relu,relu,identity' or 'leaky_relu:1/10,identity'.")
@click.option("--prune/--no-prune", default=True, show_default=True,
              help="Remove redundant monomials after every layer (the function is unchanged).")
@click.option("--limit-denominator", type=int, default=None,
              help="Round weights to fractions with at most this denominator (default: exact).")
@click.option("--show", is_flag=True, help="Print the tropical expressions in full.")
def info(net, point, activations, prune, limit_denominator, show):
    """Print the tropical form of NET and evaluate it exactly at a point."""
    from .nn import tropicalize
    network = _load(net, activations, limit_denominator)
    x = _parse_point(point, network.input_dim) or [0] * network.input_dim
    t0 = time.perf_counter()
    m = tropicalize(network, prune=prune)
    elapsed = time.perf_counter() - t0
    T = m.semiring()
    out = click.echo
    out(f"network   {network!r}")
    out(f"file      {net}")
    if network.info.get("exact", True):
        out("weights   exact rationals (floats read as their exact binary value)")
    else:
        out(f"weights   rounded to denominators <= {network.info['limit_denominator']} "
            f"(largest change {float(network.info['max_rounding_error']):.3g})")
    out(f"tropical  N = F ⊘ G, {T.convention}-plus, variables {', '.join(T.variable_names())}"
        f"  ({elapsed:.2f} s{', pruned after every layer' if prune else ''})")
    before = m.info["layers"][-1]["monomials"]
    for k, (c, (nf, ng)) in enumerate(zip(m, m.monomial_counts())):
        extra = f"  (as built from pruned inputs: {before[k][0]}, {before[k][1]})" if prune else ""
        out(f"  output {k}: F has {nf} monomials, G has {ng}{extra}")
        if show:
            out(f"    F = {c.numerator()!r}")
            out(f"    G = {c.denominator()!r}")
    values = m(x)
    forward = network(x)
    pt = ", ".join(str(v) for v in x)
    out(f"value at ({pt}):")
    for k, (c, v) in enumerate(zip(m, values)):
        out(f"  output {k}: F - G = {c.numerator()(x)} - {c.denominator()(x)} = {v}")
    status = "agrees" if tuple(values) == tuple(forward) else "DISAGREES"
    out(f"check     exact forward pass of the network gives {', '.join(map(str, forward))}: {status}")
    if status != "agrees":
        sys.exit(1)


@main.command()
@click.argument("net", type=click.Path(dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="Picture file: .png, .svg or .pdf.")
@click.option("--box", default="-3,3,-3,3", show_default=True,
              help="View box 'x0,x1,y0,y1' (rationals allowed, e.g. '-1/2,1/2,-1,1'); "
                   "'lo,hi' for one-input networks.")
@click.option("--kind", type=click.Choice(["linear", "activation"]), default="linear",
              show_default=True, help="Function (linear) regions or activation regions.")
@click.option("--activations", help="Override activations, as for `tropsage info`.")
@click.option("--limit-denominator", type=int, default=None,
              help="Round float weights to fractions with this largest denominator.")
def plot(net, output, box, kind, activations, limit_denominator):
    """Draw the regions of a network with 1 or 2 inputs (exact regions, drawn in a box)."""
    from .plot import plot_regions
    network = _load(net, activations, limit_denominator)
    n = network.input_dim
    if n not in (1, 2):
        raise click.ClickException(f"`tropsage plot` draws networks with 1 or 2 inputs; "
                                   f"{net} has {n}")
    if n == 1 and box == "-3,3,-3,3":  # the default view box is written for 2 inputs
        box = "-3,3"
    bounds = _parse_box(box, n)
    if n == 1 and kind == "activation":
        raise click.ClickException("activation regions are drawn for 2-input networks only")
    try:
        fig = plot_regions(network, box=bounds, kind=kind, path=output)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{fig.axes[0].get_title()}\nwrote {output}")


@main.command()
@click.argument("net", type=click.Path(dir_okay=False))
@click.option("--tool", type=click.Choice(["affinitree", "regioncam", "sampling"]),
              default="affinitree", show_default=True, help="The floating-point tool to check.")
@click.option("--radius", "-r", default=None,
              help="Box [-R, R]^n (regioncam, sampling; default 1). Rationals allowed.")
@click.option("--samples", type=int, default=10000, show_default=True,
              help="Samples for --tool sampling.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --tool sampling.")
@click.option("--midpoint/--no-midpoint", default=False, show_default=True,
              help="Midpoint test of Algorithm 5 (--tool sampling).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None,
              help="Also write the report (counts, witnesses as exact strings) to this file.")
@click.option("--activations", help="Override activations, as for `tropsage info`.")
@click.option("--limit-denominator", type=int, default=None,
              help="Round float weights to fractions with this largest denominator.")
def crosscheck(net, tool, radius, samples, seed, midpoint, json_out, activations,
               limit_denominator):
    """Compare a floating-point region tool with the exact regions; print exact witnesses
    of every disagreement. Exit status 1 when they disagree."""
    from .numerical.crosscheck import crosscheck as run
    network = _load(net, activations, limit_denominator)
    R = None
    if radius is not None:
        from ._exact import as_fraction
        try:
            R = as_fraction(radius, "radius")
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--radius") from None
        if R <= 0:
            raise click.BadParameter(f"the radius must be positive, got {radius}",
                                     param_hint="--radius")
    try:
        rep = run(network, tool, radius=R, n_samples=samples, seed=seed, midpoint_test=midpoint)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(rep.summary())
    if json_out:
        import json
        data = {"tool": rep.tool, "notion": rep.notion, "exact_count": rep.exact_count,
                "tool_count": rep.tool_count, "agree": rep.agree,
                "domain": None if rep.domain is None else [[str(a), str(b)] for a, b in rep.domain],
                "disagreements": [{"kind": d.kind, "point": [str(v) for v in d.point],
                                   "verified": d.verified, "message": d.message}
                                  for d in rep.disagreements]}
        with open(json_out, "w") as fh:
            json.dump(data, fh, indent=1)
    if not rep.agree:
        sys.exit(1)


@main.command()
@click.argument("net", required=False, type=click.Path(dir_okay=False))
@click.option("--n0", type=int, default=None, help="Input dimension (when no NET is given).")
@click.option("--widths", default=None, help="Hidden widths, e.g. '8,8,8' (when no NET is given).")
@click.option("--k", "rank", type=int, default=None, help="Maxout rank (maxout networks).")
@click.option("--box", default="-1,1", show_default=True,
              help="Box for the exact count: 'lo,hi' for every input, or 'lo0,hi0,lo1,hi1,...'.")
@click.option("--milp", type=click.Choice(["none", "highs", "glpk", "both"]), default="none",
              show_default=True, help="Also count by MILP with no-good cuts (bounded box).")
@click.option("--activations", help="Override activations, as for `tropsage info`.")
@click.option("--limit-denominator", type=int, default=None,
              help="Round float weights to fractions with this largest denominator.")
def bounds(net, n0, widths, rank, box, milp, activations, limit_denominator):
    """Print the region-count bounds of an architecture side by side and, for a network
    file NET, the exact number of activation regions in a box."""
    from . import bounds as B
    network = None
    if net is not None:
        if n0 is not None or widths is not None:
            raise click.UsageError("give either NET or --n0/--widths, not both")
        network = _load(net, activations, limit_denominator)
        n0 = network.input_dim
        split = [L for L in network.layers if L.activation.kind != "identity"]
        widths = tuple(L.out_dim for L in split)
        ranks = {L.activation.param for L in split if L.activation.kind == "maxout"}
        if ranks:
            if len(ranks) > 1 or any(L.activation.kind != "maxout" for L in split):
                raise click.ClickException("mixed maxout ranks or maxout with other activations: "
                                           "no bound applies")
            rank = ranks.pop()
        if not widths:
            raise click.ClickException("the network has no layer with an activation: 1 region")
    else:
        if n0 is None or widths is None:
            raise click.UsageError("give a network file NET, or --n0 and --widths")
        try:
            widths = tuple(int(w) for w in widths.replace(";", ",").split(",") if w.strip())
        except ValueError:
            raise click.BadParameter(f"widths must be integers, got {widths!r}",
                                     param_hint="--widths") from None
    try:
        table = B.all_bounds(n0, widths, k=rank)
    except (ValueError, TypeError) as exc:
        raise click.ClickException(str(exc)) from None
    out = click.echo
    kind = "ReLU" if rank is None else f"maxout rank {rank}"
    out(f"architecture  n0 = {n0}, widths = {widths}  ({kind}); bounds count regions in R^{n0}")
    for name, value in table.items():
        out(f"  {name:<16}{'n/a (width hypothesis fails)' if value is None else value}")
    if network is None:
        return
    dom = _parse_box(box, n0)
    box_str = " x ".join(f"[{lo}, {hi}]" for lo, hi in dom)
    from .regions.activation import count_activation_regions
    t0 = time.perf_counter()
    exact = count_activation_regions(network, domain=dom, progress=False)
    out(f"exact activation regions in {box_str}: {exact}  "
        f"({time.perf_counter() - t0:.2f} s, enumeration)")
    solvers = {"none": (), "both": ("highs", "glpk")}.get(milp, (milp,))
    status = 0
    for solver in solvers:
        from .queries.milp import count_activation_regions_milp
        try:
            count, info = count_activation_regions_milp(network, dom, solver=solver,
                                                        return_info=True)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        agree = "agrees" if count == exact else "DISAGREES"
        status |= count != exact
        out(f"MILP ({solver}) activation regions: {count}  ({info['seconds']:.2f} s, "
            f"{info['solves']} solves, {info['binaries']} binaries, "
            f"{info['rejected']} rejected): {agree}")
    if status:
        sys.exit(1)


@main.command()
@click.argument("net", type=click.Path(dir_okay=False))
@click.option("--domain", "-d", default=None,
              help="Box 'lo,hi' (every input) or 'lo1,hi1,lo2,hi2,...'; default: all of R^n.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None,
              help="Also write the report (counts, exact volumes as strings) to this file.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True,
              help="Worker processes for the enumeration.")
@click.option("--activations", help="Override activations, as for `tropsage info`.")
@click.option("--limit-denominator", type=int, default=None,
              help="Round weights to fractions with at most this denominator (default: exact).")
def regions(net, domain, json_out, jobs, activations, limit_denominator):
    """Count the exact activation and linear regions of NET (within a box if given)."""
    import json
    from .regions import regions_report
    network = _load(net, activations, limit_denominator)
    box = _parse_box(domain, network.input_dim, "--domain") if domain else None
    r = regions_report(network, domain=box, n_jobs=jobs)
    out = click.echo
    where = "R^%d" % network.input_dim if box is None else \
        " x ".join(f"[{lo}, {hi}]" for lo, hi in box)
    out(f"network             {r['network']}")
    out(f"domain              {where}")
    out(f"activation regions  {r['activation_regions']}  (bounded {r['bounded']}, "
        f"unbounded {r['unbounded']})")
    out(f"linear regions      {r['linear_regions']}  (bounded {r['linear_bounded']}, "
        f"unbounded {r['linear_unbounded']})")
    if r["total_volume"] is not None:
        out(f"volumes             {', '.join(r['volumes'][:12])}"
            f"{' ...' if len(r['volumes']) > 12 else ''}  (sum {r['total_volume']})")
    out(f"time                {r['seconds']:.2f} s{'  PARTIAL (interrupted)' if r['partial'] else ''}")
    if json_out:
        with open(json_out, "w") as fh:
            report = {k: v for k, v in r.items() if k != "stats"}
            report["domain"] = None if box is None else [[str(lo), str(hi)] for lo, hi in box]
            json.dump(report, fh, indent=1, default=str)
        out(f"report written to {json_out}")



@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
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
@click.option("--radius-norm", type=click.Choice(["linf", "l1"]), default="linf",
              show_default=True, help="Net only: norm of the ball of the effective radius.")
@click.option("--activations", help="Net only: override activations, e.g. 'relu,identity'.")
@click.option("--limit-denominator", type=int, default=None,
              help="Net only: round weights to fractions with at most this denominator.")
def hoffman(path, norm_pairs, method, point, as_written, radius_norm, activations,
            limit_denominator):
    """Hoffman constants of a matrix, or of a network with its effective radius.

    PATH is a matrix (.txt/.csv: one row per line, entries like 3, -1/2, 0.25
    separated by spaces or commas; .json: a list of rows or {"matrix": rows}) or a
    network (.json with "layers", .npz, .pt; see `tropsage info`). For a matrix it
    prints H(A) per norm pair (exact rationals; l2:l2 is numerical). For a network
    it prints the tropical Hoffman constant (Definitions 19-20 of Lezeau et al.,
    irredundant monomials, full-dimensional cells) and the exact minimal effective
    radius at a point next to its Lemma 21 / Proposition 22 bounds.
    """
    import json
    import os
    from .hoffman import effective_radius, hoffman_constant
    out = click.echo

    def pairs(default):
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

    def read_matrix():
        suffix = os.path.splitext(path)[1].lower()
        if suffix == ".json":
            with open(path) as fh:
                data = json.load(fh)
            if isinstance(data, dict):
                if "layers" in data:
                    return None
                if "matrix" not in data:
                    raise click.ClickException(f"{path}: expected a list of rows, "
                                               "{'matrix': rows} or a network with 'layers'")
                data = data["matrix"]
            return data
        if suffix in (".txt", ".csv", ".mat", ""):
            rows = []
            with open(path) as fh:
                for line in fh:
                    line = line.split("#")[0].strip()
                    if line:
                        rows.append([t for t in line.replace(",", " ").split()])
            return rows
        return None

    if not os.path.exists(path):
        raise click.ClickException(f"no such file {path!r}")
    A = read_matrix()
    t0 = time.perf_counter()
    if A is not None:
        from .hoffman import hoffman_lower_bound, hoffman_upper_bound
        default = [("l1", "linf"), ("linf", "linf"), ("linf", "l1"), ("l1", "l1"), ("l2", "l2")]
        try:
            from ._exact import as_fraction_matrix
            M = as_fraction_matrix(A, "matrix")
        except (ValueError, TypeError) as exc:
            raise click.ClickException(f"{path}: {exc}") from None
        out(f"matrix    {len(M)} x {len(M[0]) if M else 0}  ({path})")
        for X, Y in pairs(default):
            t1 = time.perf_counter()
            m = "pvz" if method == "auto" or (method == "chambers" and "l2" in (X, Y)) else method
            try:
                r = hoffman_constant(M, norms=(X, Y), method=m, certificate=True)
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
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
        return
    network = _load(path, activations, limit_denominator)
    from .nn import tropicalize
    m = tropicalize(network, prune=True)
    x = _parse_point(point, network.input_dim) or [0] * network.input_dim
    out(f"network   {network!r}  ({path})")
    out("tropical  " + "; ".join(f"output {k}: F {nf}, G {ng} monomials (irredundant)"
                                 for k, (nf, ng) in enumerate(m.monomial_counts())))
    mm = m[0] if len(m) == 1 else m
    for X, Y in pairs([("linf", "linf")]):
        for pruned in ([True, False] if as_written else [True]):
            t1 = time.perf_counter()
            try:
                r = hoffman_constant(mm, norms=(X, Y), method=method, pruned=pruned,
                                     certificate=True)
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
            dt = time.perf_counter() - t1
            what = "full-dimensional cells" if pruned else "every pair, as written"
            out(f"  H_{X},{Y}(N) = {r.value}   ({what}: {r.cells} cells, {r.matrices} matrices, "
                f"{r.lps} LPs, {dt:.2f} s; attained at cell {r.cell})")
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


if __name__ == "__main__":  # pragma: no cover
    main()
