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


if __name__ == "__main__":  # pragma: no cover
    main()
