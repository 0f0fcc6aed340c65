"""
``tropsage bounds``: region-count bounds of an architecture (over all weights) and,
for a network file, its exact count in a box.
"""

import time

import click

from tropsage.cli import main
from tropsage.cli._common import (CONTEXT, BadInput, Report, box_json, box_text, domain_option,
                                  json_option, load, net_argument, net_options, parse_box, pick,
                                  progress_option, resolve_progress)

OVER_ALL = "(over all weights)"


@main.command(context_settings=CONTEXT)
@net_argument(required=False)
@click.option("--n0", type=int, default=None, help="Input dimension (when no NET is given).")
@click.option("--widths", default=None, help="Hidden widths, e.g. '8,8,8' (when no NET is given).")
@click.option("--k", "rank", type=int, default=None, help="Maxout rank (maxout networks).")
@domain_option(help="NET only: box of the exact count, 'lo,hi' for every input or "
                    "'lo0,hi0,lo1,hi1,...' [default: -1,1].")
@click.option("--milp", type=click.Choice(["none", "highs", "glpk", "both"]), default="none",
              show_default=True, help="NET only: also count by MILP with no-good cuts.")
@json_option("the bounds and counts")
@progress_option
@net_options
def bounds(net, n0, widths, rank, domain, alias_box, milp, json_out, progress, activations,
           limit_denominator, trust_pickle):
    """Print the region-count bounds of an architecture side by side and, for a network
    file NET, the exact number of activation regions in a box.

    The bounds hold over all weights of the architecture (an upper bound for every
    choice of weights, a lower bound for some choice); the exact count is that of NET.

    \f
    EXAMPLES::

        >>> from click.testing import CliRunner
        >>> from tropsage.cli import main
        >>> print(CliRunner().invoke(main, ["bounds", "--n0", "1", "--widths", "2"]).output)
        architecture  n0 = 1, widths = (2,)  (ReLU); bounds count regions in R^1 (over all weights)
          serra_lower (over all weights)     3
        ...
          trivial_upper (over all weights)   4
    """
    from tropsage import bounds as B
    domain = pick(domain, alias_box)
    network = None
    if net is not None:
        if n0 is not None or widths is not None:
            raise click.UsageError("give either NET or --n0/--widths, not both")
        network = load(net, activations, limit_denominator, trust_pickle)
        n0 = network.input_dim
        split = [L for L in network.layers if L.activation.kind != "identity"]
        widths = tuple(L.out_dim for L in split)
        ranks = {L.activation.param for L in split if L.activation.kind == "maxout"}
        if ranks:
            if len(ranks) > 1 or any(L.activation.kind != "maxout" for L in split):
                raise BadInput(f"{net}: mixed maxout ranks or maxout with other activations: "
                               "no bound applies")
            rank = ranks.pop()
        if not widths:
            raise BadInput(f"{net}: the network has no layer with an activation (1 region)")
        dom = parse_box(domain or "-1,1", n0)
    else:
        if n0 is None or widths is None:
            raise click.UsageError("give a network file NET, or --n0 and --widths")
        for name, given in (("--milp", milp != "none"), ("--domain", domain is not None),
                            ("--activations", activations is not None),
                            ("--limit-denominator", limit_denominator is not None),
                            ("--trust-pickle", trust_pickle)):
            if given:
                raise click.UsageError(f"{name} needs a network file NET (the bounds of an "
                                       "architecture do not depend on it)")
        try:
            widths = tuple(int(w) for w in widths.replace(";", ",").split(",") if w.strip())
        except ValueError:
            raise click.BadParameter(f"widths must be integers, got {widths!r}",
                                     param_hint="--widths") from None
    try:
        table = B.all_bounds(n0, widths, k=rank)
    except (ValueError, TypeError, OverflowError) as exc:
        raise click.UsageError(str(exc)) from None
    rep = Report(json_out)
    out = rep.line
    kind = "ReLU" if rank is None else f"maxout rank {rank}"
    out(f"architecture  n0 = {n0}, widths = {widths}  ({kind}); bounds count regions in "
        f"R^{n0} {OVER_ALL}")
    width = max(len(f"{name} {OVER_ALL}") for name in table) + 2
    for name, value in table.items():
        label = f"{name} {OVER_ALL}"
        out(f"  {label:<{width}}{'n/a (width hypothesis fails)' if value is None else value}")
    rep.data.update({"n0": n0, "widths": list(widths), "maxout_rank": rank,
                     "bounds_over_all_weights": {k: None if v is None else str(v)
                                                 for k, v in table.items()}})
    if network is None:
        rep.finish()
        return 0
    from tropsage.regions.activation import count_activation_regions
    t0 = time.perf_counter()
    exact, info = count_activation_regions(network, domain=dom, return_info=True,
                                           progress=resolve_progress(progress))
    partial = info["partial"]
    out(f"exact activation regions in {box_text(dom, n0)}: {exact}  "
        f"({time.perf_counter() - t0:.2f} s, enumeration)"
        f"{'  PARTIAL (interrupted; at least this many)' if partial else ''}")
    rep.data.update({"network": repr(network), "domain": box_json(dom),
                     "exact_activation_regions": exact, "partial": partial})
    if partial:
        rep.finish()
        return 130
    solvers = {"none": (), "both": ("highs", "glpk")}.get(milp, (milp,))
    status = 0
    rep["milp"] = {}
    for solver in solvers:
        from tropsage.queries.milp import count_activation_regions_milp
        count, minfo = count_activation_regions_milp(network, dom, solver=solver,
                                                     return_info=True)
        agree = count == exact
        status |= not agree
        out(f"MILP ({solver}) activation regions: {count}  ({minfo['seconds']:.2f} s, "
            f"{minfo['solves']} solves, {minfo['binaries']} binaries, "
            f"{minfo['rejected']} rejected): {'agrees' if agree else 'DISAGREES'}")
        rep["milp"][solver] = {"count": count, "agrees": agree, "seconds": minfo["seconds"],
                               "solves": minfo["solves"]}
    rep.finish()
    return 1 if status else 0


# click commands are objects, not functions: doctest finds the examples in their
# callbacks through __test__
__test__ = {"bounds": bounds.callback}
