"""
``tropsage regions``: exact activation and linear region counts, printed as soon as
they are known; boundedness, volumes and per-region records when asked for.
"""

import os

import click

from tropsage.cli import main
from tropsage.cli._common import (CONTEXT, Report, box_json, box_text, domain_option,
                                  jobs_callback, json_option, net_argument, net_options,
                                  parse_box, pick, progress_option, resolve_progress)
from tropsage.cli._slice import load_sliced, slice_option

# below this many hidden units a run takes about a second and starting processes
# costs more than it saves
SERIAL_BELOW_UNITS = 24


def _auto_jobs(network):
    units = sum(L.out_dim for L in network.layers if L.activation.kind != "identity")
    return -1 if units >= SERIAL_BELOW_UNITS and (os.cpu_count() or 1) > 1 else 1


def _checkpoint_callback(ctx, param, value):
    if value is None:
        return value
    if os.path.isdir(value):
        raise click.BadParameter(f"{value!r} is a directory", param_hint="--checkpoint")
    if os.path.exists(value):
        if not os.access(value, os.R_OK | os.W_OK):
            raise click.BadParameter(f"cannot read and write {value!r}", param_hint="--checkpoint")
    else:
        parent = os.path.dirname(os.path.abspath(value))
        if not os.path.isdir(parent) or not os.access(parent, os.W_OK | os.X_OK):
            raise click.BadParameter(f"cannot create {value!r} (no writable directory "
                                     f"{parent!r})", param_hint="--checkpoint")
    return value


def _seconds():
    import time
    from tropsage import cli
    return time.perf_counter() - cli.T0


@main.command(context_settings=CONTEXT)
@net_argument()
@domain_option(help="Box 'lo,hi' (every input) or 'lo1,hi1,lo2,hi2,...'; default: all of R^n.")
@click.option("--volumes/--no-volumes", default=None,
              help="Exact volumes of the regions (default: when --domain is given).")
@click.option("--bounded/--no-bounded", "count_bounded", default=None,
              help="Count bounded and unbounded regions (one exact test per region; default: "
                   "when free, i.e. in a --domain box, or with --json).")
@click.option("--linear/--no-linear", default=True, show_default=True,
              help="Also the linear regions (activation regions with one affine map joined "
                   "across facets); --no-linear with nothing else asked only counts.")
@json_option("the counts and per-region records (activation pattern, exact affine map, "
             "interior point, bounded, volume when computed)")
@click.option("--records/--no-records", default=None,
              help="Per-region records in the JSON report (default: with --json).")
@click.option("--jobs", "-j", default="auto", callback=jobs_callback, show_default=True,
              help="Worker processes for the enumeration: a number, -1 for all cores, or "
                   "'auto' (all cores, one process for small networks).")
@click.option("--checkpoint", type=str, default=None, callback=_checkpoint_callback,
              metavar="PATH", help="Save progress to PATH (every 30 s and on Ctrl-C) and "
                                   "resume from it when it exists.")
@slice_option
@progress_option
@net_options
def regions(net, domain, alias_box, volumes, count_bounded, linear, json_out, records, jobs, checkpoint,
            slice_, progress, activations, limit_denominator, trust_pickle):
    """Count the exact activation and linear regions of NET (within a box if given).

    Ctrl-C stops the enumeration within about a second, prints the regions found so far
    marked PARTIAL and exits with status 130 (a second Ctrl-C ends at once); with
    --checkpoint the next run resumes there.
    """
    domain = pick(domain, alias_box)
    network = load_sliced(net, slice_, activations, limit_denominator, trust_pickle)
    n = network.input_dim
    box = parse_box(domain, n) if domain else None
    if jobs is None:
        jobs = _auto_jobs(network)
    progress = resolve_progress(progress)
    rep = Report(json_out)
    out = rep.line
    rep.data.update({"network": repr(network), "input_dim": n, "domain": box_json(box),
                     "jobs": jobs})
    # the header waits for the enumeration to start well (a checkpoint to be read), so
    # that a bad checkpoint leaves standard output empty
    header = [f"network             {network!r}", f"domain              {box_text(box, n)}"]
    want_volumes = volumes if volumes is not None else box is not None
    want_records = records if records is not None else json_out is not None
    want_bounded = count_bounded if count_bounded is not None else (box is not None or want_records)
    status = 0
    try:
        if not (linear or want_volumes or want_bounded or want_records):
            from tropsage.regions.activation import count_activation_regions
            count, info = count_activation_regions(network, domain=box, progress=progress,
                                                   checkpoint=checkpoint, n_jobs=jobs,
                                                   return_info=True)
            status = _counts(rep, count, info["partial"], info, header)
            return _finish(rep, status)
        from tropsage.regions.report import RegionsReport
        R = RegionsReport(network, domain=box, n_jobs=jobs, progress=progress,
                          checkpoint=checkpoint)
        A = R.activation()
        status = _counts(rep, A.info.get("regions_found", len(A)), R.partial, A.info, header)
        if status:
            return _finish(rep, status)
        if want_bounded:
            b = R.bounded()
            if b is not None:
                out(f"  bounded           {b[0]}  (unbounded {b[1]})")
                rep.data.update({"bounded": b[0], "unbounded": b[1]})
        if linear and not R.partial:
            L = R.linear()
            out(f"linear regions      {len(L)}")
            rep["linear_regions"] = len(L)
            if want_bounded:
                lb = R.linear_bounded()
                if lb is not None:
                    out(f"  bounded           {lb[0]}  (unbounded {lb[1]})")
                    rep.data.update({"linear_bounded": lb[0], "linear_unbounded": lb[1]})
        if want_volumes and not R.partial:
            vols = R.volumes()
            which = "linear" if linear else "activation"
            shown = R.linear_volumes() if linear else vols
            if shown is not None and len(vols) == len(A):
                txt = [str(v) for v in shown]
                total = R.total_volume()
                tail = f"  (sum {total})" if total is not None else ""
                out(f"volumes             {', '.join(txt[:12])}{' ...' if len(txt) > 12 else ''}"
                    f"{tail}")
                rep.data.update({"volumes_of": f"{which} regions", "volumes": txt,
                                 "total_volume": None if total is None else str(total)})
        if want_records and not R.partial:
            rep["regions"] = R.region_data("activation")
            if linear and not R.partial:
                rep["linear_region_list"] = R.region_data("linear")
        if R.partial:
            status = 130
        rep["phases"] = {k: round(v, 3) for k, v in R.phases.items()}
    except KeyboardInterrupt:
        status = 130
    return _finish(rep, status)


def _counts(rep, count, partial, info, header):
    for line in header:
        rep.line(line)
    rep.data.update({"activation_regions": count, "partial": bool(partial),
                     "open_cells": info.get("open_cells", 0)})
    if partial:
        rep.line(f"activation regions  {count}  PARTIAL (interrupted; at least this many)")
        return 130
    rep.line(f"activation regions  {count}")
    return 0


def _finish(rep, status):
    partial = status == 130
    rep.data["partial"] = partial
    rep.data["seconds"] = round(_seconds(), 3)
    rep.line(f"time                {_seconds():.2f} s (wall){'  PARTIAL (interrupted)' if partial else ''}")
    rep.finish()
    return status
