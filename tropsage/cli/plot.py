"""
``tropsage plot``: a picture of the exact regions of a 1- or 2-input network, or of any
network on a plane (``--slice``) through its input space.
"""

import click

from tropsage.cli import main
from tropsage.cli._common import (CONTEXT, BadInput, Report, box_json, domain_option,
                                  json_option, net_argument, net_options, parse_box, pick,
                                  picture_output)
from tropsage.cli._slice import load_sliced, slice_option


@main.command(context_settings=CONTEXT)
@net_argument()
@click.option("--output", "-o", required=True, callback=picture_output,
              help="Picture file: .png, .svg or .pdf.")
@domain_option(help="View box 'x0,x1,y0,y1' (rationals allowed, e.g. '-1/2,1/2,-1,1'), or "
                    "'lo,hi' for every input [default: -3,3].")
@click.option("--kind", type=click.Choice(["linear", "activation"]), default="linear",
              show_default=True, help="Function (linear) regions or activation regions.")
@json_option("the title, box and picture path")
@slice_option
@net_options
def plot(net, output, domain, alias_box, kind, json_out, slice_, activations, limit_denominator,
         trust_pickle):
    """Draw the regions of a network with 1 or 2 inputs (exact regions, drawn in a box);
    with --slice, of any network on a plane or line through its input space."""
    domain = pick(domain, alias_box)
    network = load_sliced(net, slice_, activations, limit_denominator, trust_pickle)
    n = network.input_dim
    if n not in (1, 2):
        raise BadInput(f"{net}: `tropsage plot` draws networks with 1 or 2 inputs; this one "
                       f"has {n} (draw it on a plane through its input space with --slice)")
    if n == 1 and kind == "activation":
        raise click.UsageError("activation regions are drawn for 2-input networks only")
    box = parse_box(domain or "-3,3", n)
    from tropsage.plot import plot_regions
    fig = plot_regions(network, box=box, kind=kind, path=output)
    title = fig.axes[0].get_title()
    rep = Report(json_out)
    rep.line(f"{title}\nwrote {output}")
    rep.data.update({"network": repr(network), "kind": kind, "domain": box_json(box),
                     "title": title, "output": output})
    if slice_ is not None:
        rep.data["slice"] = slice_
    rep.finish()
    return 0
