"""``tropsage crosscheck``: a floating-point region tool against the exact regions."""

import click

from tropsage.cli import main
from tropsage.cli._common import (CONTEXT, Report, box_json, domain_option, json_option, load,
                                  net_argument, net_options, parse_box, pick)


def _cube(domain, radius, n):
    """The side ``R`` of the cube ``[-R, R]^n`` given by ``--domain`` (or old ``--radius``)."""
    from tropsage._exact import as_fraction
    if radius is not None:
        if domain is not None:
            raise click.UsageError("give --domain only (--radius R is its old name for -R,R)")
        try:
            R = as_fraction(radius, "--radius")
        except (ValueError, TypeError, OverflowError) as exc:
            raise click.BadParameter(str(exc), param_hint="--radius") from None
        if R <= 0:
            raise click.BadParameter(f"the radius must be positive, got {radius}",
                                     param_hint="--radius")
        return R
    if domain is None:
        return None
    box = parse_box(domain, n)
    R = box[0][1]
    if any(lo != -R or hi != R for lo, hi in box):
        raise click.BadParameter("the tools compare in a centred cube: give '-R,R'",
                                 param_hint="--domain")
    return R


@main.command(context_settings=CONTEXT)
@net_argument()
@click.option("--tool", type=click.Choice(["affinitree", "regioncam", "sampling"]),
              default="affinitree", show_default=True, help="The floating-point tool to check.")
@domain_option(help="Cube '-R,R' (regioncam, sampling: the box compared, default -1,1; "
                    "affinitree: where centres of unbounded regions are sought).",
               aliases=("--box", ("--radius", "-r")))
@click.option("--samples", type=click.IntRange(min=1), default=10000, show_default=True,
              help="Samples for --tool sampling.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --tool sampling.")
@click.option("--midpoint/--no-midpoint", default=False, show_default=True,
              help="Midpoint test of Algorithm 5 (--tool sampling).")
@json_option("the report (counts, witnesses as exact strings)")
@net_options
def crosscheck(net, tool, domain, alias_box, alias_radius, samples, seed, midpoint, json_out,
               activations, limit_denominator, trust_pickle):
    """Compare a floating-point region tool with the exact regions; print exact witnesses
    of every disagreement. Exit status 1 when they disagree.

    \f
    EXAMPLES::

        >>> import os, tempfile
        >>> from click.testing import CliRunner
        >>> from tropsage.cli import main
        >>> net = os.path.join(tempfile.mkdtemp(), "hat.json")        # relu(x) + relu(1 - x)
        >>> _ = open(net, "w").write('{"layers": [{"W": [[1], [-1]], "b": [0, 1]}, '
        ...                          '{"W": [[1, 1]], "b": [0]}]}')
        >>> r = CliRunner().invoke(main, ["crosscheck", net, "--tool", "sampling", "-d", "-2,2"])
        >>> print(r.output)
        sampling: 3 linear regions, tropsage (exact): 3 in the box [-2, 2]
        agree
        >>> r.exit_code
        0
    """
    from tropsage.numerical.crosscheck import crosscheck as run
    domain = pick(domain, alias_box)
    network = load(net, activations, limit_denominator, trust_pickle)
    R = _cube(domain, alias_radius, network.input_dim)
    res = run(network, tool, radius=R, n_samples=samples, seed=seed, midpoint_test=midpoint)
    rep = Report(json_out)
    rep.line(res.summary())
    rep.data.update({
        "tool": res.tool, "notion": res.notion, "exact_count": res.exact_count,
        "tool_count": res.tool_count, "agree": res.agree, "domain": box_json(res.domain),
        "disagreements": [{"kind": d.kind, "point": [str(v) for v in d.point],
                           "verified": d.verified, "message": d.message}
                          for d in res.disagreements]})
    rep.finish()
    return 0 if res.agree else 1


# click commands are objects, not functions: doctest finds the examples in their
# callbacks through __test__
__test__ = {"crosscheck": crosscheck.callback}
