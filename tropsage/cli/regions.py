"""
``tropsage regions``: exact activation and linear region counts, printed as soon as
they are known; boundedness, volumes and per-region records when asked for.

The default run is lean: the enumeration keeps compact leaves, the linear regions
are counted by comparing only the regions that share an affine map, and no region
object is made (:class:`~tropsage.regions.report.RegionsReport`). ``--bounded``,
``--volumes`` (default in a box) and ``--json`` add their phases, each with its own
progress bar. The printed time is the wall time of the whole command.

EXAMPLES::

    >>> import os, tempfile
    >>> from click.testing import CliRunner
    >>> from tropsage.cli import main
    >>> from tropsage.nn.io import save_network
    >>> path = os.path.join(tempfile.mkdtemp(), "net.json")
    >>> save_network([([[1], [1]], [0, -1]), ([[1, 0]], [0])], path)    # relu(x)
    >>> r = CliRunner().invoke(main, ["regions", path])
    >>> r.exit_code, r.output.splitlines()[2:4]
    (0, ['activation regions  3', 'linear regions      2'])
    >>> r = CliRunner().invoke(main, ["regions", path, "--domain", "-1,3", "--json", "-"])
    >>> import json; d = json.loads(r.output)
    >>> d["activation_regions"], d["linear_regions"], d["volumes"], d["total_volume"]
    (3, 2, ['1', '3'], '4')
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
    """
    Wall seconds of the command: since the process started (interpreter start-up and
    imports included) when it runs as the ``tropsage`` process on Linux, else since
    the command was called.

    EXAMPLES::

        >>> from tropsage.cli.regions import _seconds
        >>> 0 <= _seconds() < 10 ** 6
        True
    """
    import time
    from tropsage import cli
    since_call = time.perf_counter() - cli.T0
    if cli._calls <= 1 and cli._real_process():
        started = _process_age()
        if started is not None and started >= since_call:
            return started
    return since_call


def _process_age():
    """Seconds since this process started (Linux: ``/proc``), or ``None``."""
    try:
        with open("/proc/self/stat") as f:
            # the fields after the command name, which may hold spaces
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


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
    \f

    INPUT: the command-line options above (``net``: the network file).

    OUTPUT: the exit status (0 done, 130 interrupted); the counts go to standard
    output as soon as they are known, then the phases asked for (bounded counts,
    linear regions, volumes, records), and the JSON report with ``--json``. See the
    module's examples.
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
        status = _counts(rep, R.count(), R.partial, R.info, header)
        if status:
            return _finish(rep, status)
        if want_bounded:
            _bounded_line(rep, R.bounded(), "")
        if linear and not R.partial:
            out(f"linear regions      {R.linear_count()}")
            rep["linear_regions"] = R.linear_count()
            if want_bounded:
                _bounded_line(rep, R.linear_bounded(), "linear_")
        if want_volumes and not R.partial:
            vols = R.volumes()
            which = "linear" if linear else "activation"
            shown = R.linear_volumes() if linear else vols
            if shown is not None and len(vols) == R.count():
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


def _bounded_line(rep, counts, prefix):
    """
    Print and record ``(bounded, unbounded)`` counts of activation (``prefix=""``)
    or linear (``prefix="linear_"``) regions; nothing when ``counts`` is ``None``
    (interrupted).

    EXAMPLES::

        >>> from tropsage.cli._common import Report
        >>> from tropsage.cli.regions import _bounded_line
        >>> rep = Report(None)
        >>> _bounded_line(rep, (3, 2), "linear_")
          bounded           3  (unbounded 2)
        >>> rep.data
        {'linear_bounded': 3, 'linear_unbounded': 2}
    """
    if counts is None:
        return
    rep.line(f"  bounded           {counts[0]}  (unbounded {counts[1]})")
    rep.data.update({prefix + "bounded": counts[0], prefix + "unbounded": counts[1]})


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
