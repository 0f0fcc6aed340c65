"""``tropsage info``: the tropical form of a network and its exact value at a point."""

import time

import click

from tropsage.cli import main
from tropsage.cli._common import (CONTEXT, Report, json_option, load, net_argument,
                                  net_options, parse_point, progress_option, resolve_progress)


@main.command(context_settings=CONTEXT)
@net_argument()
@click.option("--point", "-p", help="Evaluate at this point, e.g. '1/2,-1/3' (default: origin).")
@click.option("--prune/--no-prune", default=True, show_default=True,
              help="Remove redundant monomials after every layer (the function is unchanged).")
@click.option("--show", is_flag=True, help="Print the tropical expressions in full.")
@json_option("the sizes and exact values")
@progress_option
@net_options
def info(net, point, prune, show, json_out, progress, activations, limit_denominator,
         trust_pickle):
    """Print the tropical form of NET and evaluate it exactly at a point.

    \f
    EXAMPLES::

        >>> import os, tempfile
        >>> from click.testing import CliRunner
        >>> from tropsage.cli import main
        >>> from tropsage.nn import as_network
        >>> from tropsage.nn.io import save_network
        >>> net = os.path.join(tempfile.mkdtemp(), "abs.json")
        >>> save_network(as_network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]), net)     # |x|
        >>> print(CliRunner().invoke(main, ["info", net, "--point", "-2"]).output)
        network   Network 1 -> 2 (relu) -> 1 (identity)
        file      .../abs.json
        ...
        value at (-2):
          output 0: F - G = 0 - -2 = 2
        check     exact forward pass of the network gives 2: agrees
    """
    from tropsage.nn import tropicalize
    network = load(net, activations, limit_denominator, trust_pickle)
    x = parse_point(point, network.input_dim) or [0] * network.input_dim
    rep = Report(json_out)
    out = rep.line
    t0 = time.perf_counter()
    m = tropicalize(network, prune=prune, progress=resolve_progress(progress))
    elapsed = time.perf_counter() - t0
    T = m.semiring()
    out(f"network   {network!r}")
    out(f"file      {net}")
    exact = network.info.get("exact", True)
    if exact:
        out("weights   exact rationals (floats read as their exact binary value)")
    else:
        out(f"weights   rounded to denominators <= {network.info['limit_denominator']} "
            f"(largest change {float(network.info['max_rounding_error']):.3g})")
    out(f"tropical  N = F ⊘ G, {T.convention}-plus, variables {', '.join(T.variable_names())}"
        f"  ({elapsed:.2f} s{', pruned after every layer' if prune else ''})")
    before = m.info["layers"][-1]["monomials"]
    counts = []
    for k, (c, (nf, ng)) in enumerate(zip(m, m.monomial_counts())):
        extra = f"  (as built from pruned inputs: {before[k][0]}, {before[k][1]})" if prune else ""
        out(f"  output {k}: F has {nf} monomials, G has {ng}{extra}")
        counts.append({"F": nf, "G": ng})
        if show:
            out(f"    F = {c.numerator()!r}")
            out(f"    G = {c.denominator()!r}")
    values = m(x)
    forward = network(x)
    pt = ", ".join(str(v) for v in x)
    out(f"value at ({pt}):")
    for k, (c, v) in enumerate(zip(m, values)):
        out(f"  output {k}: F - G = {c.numerator()(x)} - {c.denominator()(x)} = {v}")
    agrees = tuple(values) == tuple(forward)
    status = "agrees" if agrees else "DISAGREES"
    out(f"check     exact forward pass of the network gives {', '.join(map(str, forward))}: {status}")
    rep.data.update({
        "network": repr(network), "file": str(net), "exact_weights": bool(exact),
        "convention": T.convention, "variables": list(T.variable_names()), "pruned": prune,
        "monomials": counts, "point": [str(v) for v in x], "values": [str(v) for v in values],
        "forward": [str(v) for v in forward], "agrees": agrees, "seconds": elapsed})
    if show:
        rep["expressions"] = [{"F": repr(c.numerator()), "G": repr(c.denominator())} for c in m]
    rep.finish()
    return 0 if agrees else 1


# click commands are objects, not functions: doctest finds the examples in their
# callbacks through __test__
__test__ = {"info": info.callback}
