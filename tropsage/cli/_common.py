"""
What every ``tropsage`` subcommand shares: reading networks and arguments, checking
outputs before the work starts, the report stream, progress and exit codes.

Exit codes (click's, used consistently): 0 success, 1 a runtime failure (or an
answer that disagrees with its check), 2 a usage error or a bad input file (missing,
a directory, unreadable or invalid), 130 interrupted by Ctrl-C.

Standard output carries the command's report and nothing else: while a command runs,
file descriptor 1 points to ``/dev/null`` (solver libraries print banners there from
C code) and the report goes to a saved copy of the original descriptor.
"""

import contextlib
import io
import os
import sys

import click

# outputs that mean "the report stream" rather than a file
STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
PICTURE_SUFFIXES = (".png", ".svg", ".pdf")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# files this command created empty while checking outputs; removed if it fails
_created = []


class BadInput(click.ClickException):
    """An input file that cannot be used (exit status 2, as for a usage error)."""
    exit_code = 2


# ---------------------------------------------------------------------------
# the report stream

@contextlib.contextmanager
def report_stream():
    """
    Point file descriptor 1 at ``/dev/null`` and ``sys.stdout`` at a copy of the
    original descriptor, so that only the report reaches standard output.
    Under click's test runner (no real descriptor) nothing changes.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        yield
        return
    if fd != 1:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    old = sys.stdout
    report = io.TextIOWrapper(io.FileIO(saved, "w", closefd=True),
                              encoding=old.encoding or "utf-8", errors=old.errors or "strict",
                              line_buffering=True)
    sys.stdout = report
    try:
        yield
    finally:
        _flush_c_stdout()      # a banner still in C's buffer goes to /dev/null, not the report
        try:
            report.flush()
        except OSError:        # e.g. a closed pipe (`tropsage ... | head`)
            pass
        sys.stdout = old
        os.dup2(saved, 1)
        try:
            report.close()
        except OSError:
            pass


def _flush_c_stdout():
    try:
        import ctypes
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):
        pass


def error_line(message):
    """Print ``Error: message`` as a single line on standard error."""
    text = " ".join(str(message).split())
    click.echo(f"Error: {text}", err=True)


def remove_created():
    """Remove the output files this command created empty (it failed before writing)."""
    while _created:
        path = _created.pop()
        try:
            if os.path.isfile(path) and os.path.getsize(path) == 0:
                os.remove(path)
        except OSError:
            pass


# ---------------------------------------------------------------------------
# options

def resolve_progress(progress):
    """``--progress``/``--no-progress``, or (unset) a bar when standard error is a terminal."""
    if progress is not None:
        return progress
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def progress_option(f):
    return click.option("--progress/--no-progress", default=None,
                        help="Progress bars with ETA on standard error (default: when it is "
                             "a terminal).")(f)


def _check_output(path, option):
    """Fail now, not after the computation, when ``path`` cannot be written."""
    if path in STDOUT_NAMES:
        return
    if os.path.isdir(path):
        raise click.BadParameter(f"{path!r} is a directory", param_hint=option)
    existed = os.path.lexists(path)
    try:
        with open(path, "a"):
            pass
    except OSError as exc:
        raise click.BadParameter(f"cannot write {path!r}: {exc.strerror or exc}",
                                 param_hint=option) from None
    if not existed:
        _created.append(path)


def _json_callback(ctx, param, value):
    if value is not None:
        _check_output(value, "--json")
    return value


def json_option(what):
    return click.option("--json", "json_out", default=None, metavar="FILE",
                        callback=_json_callback, expose_value=True,
                        help=f"Also write {what} as JSON (exact numbers as strings) to FILE; "
                             "'-' writes the JSON to standard output instead of the text report.")


def picture_output(ctx, param, value):
    """Callback for ``-o``: a picture suffix and a writable path, checked before the work."""
    if value is None:
        return value
    suffix = os.path.splitext(value)[1].lower()
    if suffix not in PICTURE_SUFFIXES:
        raise click.BadParameter(f"{value!r}: the picture type is chosen by the suffix; use "
                                 f"{', '.join(PICTURE_SUFFIXES)}", param_hint="'-o' / '--output'")
    _check_output(value, "'-o' / '--output'")
    return value


def jobs_callback(ctx, param, value):
    if value is None or value == "auto":
        return None
    try:
        n = int(value)
    except ValueError:
        raise click.BadParameter(f"expected a number of processes or 'auto', got {value!r}",
                                 param_hint="--jobs") from None
    if n == 0:
        raise click.BadParameter("0 processes: give a positive number, -1 for all cores "
                                 "(-2 for all but one, ...) or 'auto'", param_hint="--jobs")
    return n


def _check_input(ctx, param, value):
    """Missing file and directory alike are bad input (exit 2), named in one line."""
    if value is None:
        return value
    name = param.human_readable_name if param is not None else "NET"
    if not os.path.lexists(value):
        raise BadInput(f"{name}: no such file {value!r}")
    if os.path.isdir(value):
        raise BadInput(f"{name}: {value!r} is a directory, not a file")
    if not os.access(value, os.R_OK):
        raise BadInput(f"{name}: cannot read {value!r} (permission denied)")
    return value


def net_argument(required=True, name="net"):
    return click.argument(name, required=required, callback=_check_input, metavar=name.upper())


def net_options(f):
    """``--activations``, ``--limit-denominator``, ``--trust-pickle``."""
    f = click.option("--trust-pickle", is_flag=True,
                     help="Allow a .pt file holding a whole pickled model: loading it RUNS CODE "
                          "from the file, so use it only for files you trust (default: weights "
                          "and state dicts only).")(f)
    f = click.option("--limit-denominator", type=click.IntRange(min=1), default=None,
                     help="Round weights to fractions with at most this denominator "
                          "(default: exact).")(f)
    f = click.option("--activations",
                     help="Override activations, e.g. 'relu,relu,identity' or "
                          "'leaky_relu:1/10,identity'.")(f)
    return f


def domain_option(default=None, help="Box 'lo,hi' (every input) or 'lo1,hi1,lo2,hi2,...'.",
                  aliases=("--box",)):
    """``--domain`` with the older names as hidden aliases (merged by :func:`pick`)."""
    def deco(f):
        for a in aliases:
            names = (a,) if isinstance(a, str) else tuple(a)
            f = click.option(*names, "alias_" + names[0].strip("-"), default=None,
                             hidden=True)(f)
        return click.option("--domain", "-d", default=default, help=help)(f)
    return deco


def pick(value, alias, name="--domain", alias_name="--box"):
    """The value of ``--domain`` or of its old alias; both given is a usage error."""
    if alias is None:
        return value
    if value is not None and value != alias:
        raise click.UsageError(f"give {name} only ({alias_name} is its old name)")
    return alias


# ---------------------------------------------------------------------------
# reading networks and numbers

def load(path, activations=None, limit_denominator=None, trust_pickle=False):
    """The network in ``path``; every problem with the file is one line, exit 2."""
    import inspect
    from tropsage.nn.io import load_network
    acts = None
    if activations:
        from tropsage.nn.io import parse_activation
        try:
            acts = [parse_activation(a.strip()) for a in activations.split(",")]
        except (ValueError, TypeError) as exc:
            raise click.BadParameter(str(exc), param_hint="--activations") from None
    kwargs = {"activations": acts, "limit_denominator": limit_denominator}
    if trust_pickle:
        if "trusted" not in inspect.signature(load_network).parameters:
            raise click.UsageError("--trust-pickle needs a loader with trusted= (this "
                                   "tropsage has none)")
        kwargs["trusted"] = True
    try:
        return load_network(path, **kwargs)
    except (ValueError, TypeError, OSError, EOFError, RecursionError, MemoryError,
            OverflowError) as exc:
        raise BadInput(_file_message(path, exc)) from None
    except Exception as exc:       # noqa: BLE001  (zip, pickle and torch errors of a bad file)
        if _is_file_error(exc):
            raise BadInput(_file_message(path, exc)) from None
        raise


def _is_file_error(exc):
    import pickle
    import zipfile
    if isinstance(exc, (zipfile.BadZipFile, pickle.UnpicklingError)):
        return True
    # torch reports truncated or foreign files as RuntimeError from its readers
    return type(exc).__name__ == "RuntimeError" and type(exc).__module__ == "builtins"


def _file_message(path, exc):
    if isinstance(exc, RecursionError):
        return f"{path}: nested too deeply to read"
    if isinstance(exc, MemoryError):
        return f"{path}: too large to read"
    text = str(exc).strip() or type(exc).__name__
    return text if str(path) in text else f"{path}: {text}"


def parse_point(text, n, option="--point"):
    """``'1/2,-1/3'`` as exact rationals; the origin when ``text`` is ``None``."""
    if text is None:
        return None
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    if len(parts) != n:
        raise click.BadParameter(f"the network takes {n} inputs, the point has {len(parts)}",
                                 param_hint=option)
    from tropsage._exact import as_fraction
    try:
        return [as_fraction(p.strip(), f"point coordinate {i}") for i, p in enumerate(parts)]
    except (ValueError, TypeError, OverflowError) as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def parse_box(text, n, option="--domain"):
    """A box ``'lo,hi'`` (every coordinate) or ``'lo1,hi1,...,lon,hin'`` as exact pairs."""
    from tropsage._exact import as_fraction
    parts = [p for p in text.split(",") if p.strip()]
    try:
        vals = [as_fraction(p.strip(), option) for p in parts]
    except (ValueError, TypeError, OverflowError) as exc:
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


def box_text(box, n):
    return f"R^{n}" if box is None else " x ".join(f"[{lo}, {hi}]" for lo, hi in box)


def box_json(box):
    return None if box is None else [[str(lo), str(hi)] for lo, hi in box]


# ---------------------------------------------------------------------------
# the report: text lines, or JSON

class Report:
    """
    Collects a command's report: text lines go to standard output at once (flushed,
    so counts appear as soon as they are known), unless ``--json -`` asked for JSON
    there instead; :meth:`finish` writes the JSON.
    """

    def __init__(self, json_out):
        self.json_out = json_out
        self.data = {}
        self.quiet = json_out in STDOUT_NAMES

    def line(self, text=""):
        if not self.quiet:
            click.echo(text)

    def __setitem__(self, key, value):
        self.data[key] = value

    def __getitem__(self, key):
        return self.data[key]

    def finish(self):
        if self.json_out is None:
            return
        import json
        text = json.dumps(self.data, indent=1, default=str)
        if self.quiet:
            click.echo(text)
            return
        with open(self.json_out, "w") as fh:
            fh.write(text + "\n")
        if self.json_out in _created:
            _created.remove(self.json_out)
        click.echo(f"report written to {self.json_out}")
