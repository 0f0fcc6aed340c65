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
    """
    An input file that cannot be used (exit status 2, as for a usage error).

    EXAMPLES::

        >>> from tropsage.cli._common import BadInput
        >>> e = BadInput("net.json: not a network")
        >>> e.exit_code, e.format_message()
        (2, 'net.json: not a network')
    """
    exit_code = 2


# ---------------------------------------------------------------------------
# the report stream

@contextlib.contextmanager
def report_stream():
    """
    Point file descriptor 1 at ``/dev/null`` and ``sys.stdout`` at a copy of the
    original descriptor, so that only the report reaches standard output.
    Under click's test runner (no real descriptor) nothing changes.

    EXAMPLES::

        >>> import sys
        >>> from tropsage.cli._common import report_stream
        >>> with report_stream():
        ...     print("the report")
        the report
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
    """
    Print ``Error: message`` as a single line on standard error (the message's
    whitespace, newlines included, collapsed).

    EXAMPLES::

        >>> import contextlib, io
        >>> from tropsage.cli._common import error_line
        >>> err = io.StringIO()
        >>> with contextlib.redirect_stderr(err):
        ...     error_line("bad\\n   input")
        >>> err.getvalue()
        'Error: bad input\\n'
    """
    text = " ".join(str(message).split())
    click.echo(f"Error: {text}", err=True)


def remove_created():
    """
    Remove the output files this command created empty (it failed before writing).

    EXAMPLES::

        >>> import os, tempfile
        >>> from tropsage.cli import _common
        >>> path = os.path.join(tempfile.mkdtemp(), "r.json")
        >>> _common._check_output(path, "--json")            # creates it, empty
        >>> os.path.exists(path)
        True
        >>> _common.remove_created()
        >>> os.path.exists(path)
        False
    """
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
    """
    ``--progress``/``--no-progress``, or (unset) a bar when standard error is a terminal.

    EXAMPLES::

        >>> from tropsage.cli._common import resolve_progress
        >>> resolve_progress(True), resolve_progress(False)
        (True, False)
    """
    if progress is not None:
        return progress
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def progress_option(f):
    """
    The option ``--progress/--no-progress`` (default ``None``: see
    :func:`resolve_progress`).

    EXAMPLES::

        >>> import click
        >>> from click.testing import CliRunner
        >>> from tropsage.cli._common import progress_option
        >>> @click.command()
        ... @progress_option
        ... def cmd(progress):
        ...     click.echo(repr(progress))
        >>> [CliRunner().invoke(cmd, a).output.strip() for a in ([], ["--no-progress"])]
        ['None', 'False']
    """
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
    """
    The option ``--json FILE`` (parameter ``json_out``), its help naming ``what`` is
    written; an unwritable ``FILE`` is refused before the command runs.

    EXAMPLES::

        >>> import click
        >>> from click.testing import CliRunner
        >>> from tropsage.cli._common import json_option
        >>> @click.command()
        ... @json_option("the answer")
        ... def cmd(json_out):
        ...     click.echo(json_out)
        >>> CliRunner().invoke(cmd, ["--json", "-"]).output.strip()
        '-'
        >>> r = CliRunner().invoke(cmd, ["--json", "/nonexistent-dir/r.json"])
        >>> r.exit_code, "cannot write" in r.output
        (2, True)
    """
    return click.option("--json", "json_out", default=None, metavar="FILE",
                        callback=_json_callback, expose_value=True,
                        help=f"Also write {what} as JSON (exact numbers as strings) to FILE; "
                             "'-' writes the JSON to standard output instead of the text report.")


def picture_output(ctx, param, value):
    """
    Callback for ``-o``: a picture suffix and a writable path, checked before the work.

    EXAMPLES::

        >>> from tropsage.cli._common import picture_output
        >>> picture_output(None, None, "regions.bmp")
        Traceback (most recent call last):
        ...
        click.exceptions.BadParameter: 'regions.bmp': the picture type is chosen by the suffix; use .png, .svg, .pdf
    """
    if value is None:
        return value
    suffix = os.path.splitext(value)[1].lower()
    if suffix not in PICTURE_SUFFIXES:
        raise click.BadParameter(f"{value!r}: the picture type is chosen by the suffix; use "
                                 f"{', '.join(PICTURE_SUFFIXES)}", param_hint="'-o' / '--output'")
    _check_output(value, "'-o' / '--output'")
    return value


def jobs_callback(ctx, param, value):
    """
    Callback for ``--jobs``: a number of processes (negative: all cores but ``-n - 1``)
    or ``'auto'`` (``None``).

    EXAMPLES::

        >>> from tropsage.cli._common import jobs_callback
        >>> jobs_callback(None, None, "auto"), jobs_callback(None, None, "-1")
        (None, -1)
        >>> jobs_callback(None, None, "0")
        Traceback (most recent call last):
        ...
        click.exceptions.BadParameter: 0 processes: give a positive number, -1 for all cores (-2 for all but one, ...) or 'auto'
    """
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
    """
    The argument naming a network file (``NET``): a missing file, a directory or an
    unreadable file is bad input (exit 2) before the command runs.

    EXAMPLES::

        >>> import click
        >>> from click.testing import CliRunner
        >>> from tropsage.cli._common import net_argument
        >>> @click.command()
        ... @net_argument()
        ... def cmd(net):
        ...     click.echo(net)
        >>> r = CliRunner().invoke(cmd, ["/nonexistent.json"])
        >>> r.exit_code, r.output.strip()
        (2, "Error: NET: no such file '/nonexistent.json'")
    """
    return click.argument(name, required=required, callback=_check_input, metavar=name.upper())


def net_options(f):
    """
    The options of every command that reads a network: ``--activations``,
    ``--limit-denominator``, ``--trust-pickle`` (passed on to :func:`load`).

    EXAMPLES::

        >>> import click
        >>> from tropsage.cli._common import net_options
        >>> cmd = click.command()(net_options(lambda activations, limit_denominator, trust_pickle: 0))
        >>> [p.name for p in cmd.params]
        ['activations', 'limit_denominator', 'trust_pickle']
        >>> cmd.main(["--limit-denominator", "0"], standalone_mode=False)
        Traceback (most recent call last):
        ...
        click.exceptions.BadParameter: 0 is not in the range x>=1.
    """
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
    """
    ``--domain`` with the older names as hidden aliases (merged by :func:`pick`).

    EXAMPLES::

        >>> import click
        >>> from click.testing import CliRunner
        >>> from tropsage.cli._common import domain_option, pick
        >>> @click.command()
        ... @domain_option()
        ... def cmd(domain, alias_box):
        ...     click.echo(pick(domain, alias_box))
        >>> [CliRunner().invoke(cmd, a).output.strip() for a in (["-d", "0,1"], ["--box", "0,2"])]
        ['0,1', '0,2']
    """
    def deco(f):
        for a in aliases:
            names = (a,) if isinstance(a, str) else tuple(a)
            f = click.option(*names, "alias_" + names[0].strip("-"), default=None,
                             hidden=True)(f)
        return click.option("--domain", "-d", default=default, help=help)(f)
    return deco


def pick(value, alias, name="--domain", alias_name="--box"):
    """
    The value of ``--domain`` or of its old alias; both given is a usage error.

    EXAMPLES::

        >>> from tropsage.cli._common import pick
        >>> pick("0,1", None), pick(None, "0,2")
        ('0,1', '0,2')
        >>> pick("0,1", "0,2")
        Traceback (most recent call last):
        ...
        click.exceptions.UsageError: give --domain only (--box is its old name)
    """
    if alias is None:
        return value
    if value is not None and value != alias:
        raise click.UsageError(f"give {name} only ({alias_name} is its old name)")
    return alias


# ---------------------------------------------------------------------------
# reading networks and numbers

def load(path, activations=None, limit_denominator=None, trust_pickle=False, input_shape=None):
    """
    The network in ``path`` (:func:`tropsage.nn.io.load_network`); every problem with
    the file is one line, exit 2 (:class:`BadInput`). ``input_shape``: for a pickled
    torch model that is lowered (:func:`tropsage.nn.lower`), the shape of one input.

    EXAMPLES::

        >>> import os, tempfile
        >>> from tropsage.cli._common import load
        >>> path = os.path.join(tempfile.mkdtemp(), "net.json")
        >>> _ = open(path, "w").write('{"layers": [{"W": [[1]], "b": [0]}]}')
        >>> load(path, activations="identity")
        Network 1 -> 1 (identity)
        >>> _ = open(path, "w").write("not json")
        >>> load(path)
        Traceback (most recent call last):
        ...
        tropsage.cli._common.BadInput: ...
    """
    import inspect
    from tropsage.nn.io import load_network
    acts = None
    if activations:
        from tropsage.nn.activations import parse_activation_string as parse_activation
        try:
            acts = [parse_activation(a.strip()) for a in activations.split(",")]
        except (ValueError, TypeError) as exc:
            raise click.BadParameter(str(exc), param_hint="--activations") from None
    kwargs = {"activations": acts, "limit_denominator": limit_denominator}
    if input_shape is not None:      # a pickled torch model to lower (tropsage.nn.lower)
        kwargs["input_shape"] = input_shape
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
    """
    ``'1/2,-1/3'`` as exact rationals (``n`` coordinates); ``None`` when ``text`` is
    ``None`` (the caller's default, the origin).

    EXAMPLES::

        >>> from tropsage.cli._common import parse_point
        >>> parse_point("1/2, -1", 2)
        [Fraction(1, 2), Fraction(-1, 1)]
        >>> parse_point("1", 2)
        Traceback (most recent call last):
        ...
        click.exceptions.BadParameter: the network takes 2 inputs, the point has 1
    """
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
    """
    A box ``'lo,hi'`` (every coordinate) or ``'lo1,hi1,...,lon,hin'`` as exact pairs.

    EXAMPLES::

        >>> from tropsage.cli._common import parse_box
        >>> parse_box("-1/2,1", 2)
        [(Fraction(-1, 2), Fraction(1, 1)), (Fraction(-1, 2), Fraction(1, 1))]
        >>> parse_box("1,0", 1)
        Traceback (most recent call last):
        ...
        click.exceptions.BadParameter: every box side needs lo < hi
    """
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
    """
    A box as text for a report (``R^n`` for ``None``).

    EXAMPLES::

        >>> from tropsage.cli._common import box_text
        >>> box_text([(0, 1), (-1, 1)], 2), box_text(None, 3)
        ('[0, 1] x [-1, 1]', 'R^3')
    """
    return f"R^{n}" if box is None else " x ".join(f"[{lo}, {hi}]" for lo, hi in box)


def box_json(box):
    """
    A box for a JSON report: pairs of exact strings (``None`` for ``R^n``).

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.cli._common import box_json
        >>> box_json([(Fraction(-1, 2), 1)])
        [['-1/2', '1']]
    """
    return None if box is None else [[str(lo), str(hi)] for lo, hi in box]


# ---------------------------------------------------------------------------
# the report: text lines, or JSON

class Report:
    """
    Collects a command's report: text lines go to standard output at once (flushed,
    so counts appear as soon as they are known), unless ``--json -`` asked for JSON
    there instead; :meth:`finish` writes the JSON.

    EXAMPLES::

        >>> from tropsage.cli._common import Report
        >>> rep = Report(None)
        >>> rep.line("regions  3")
        regions  3
        >>> rep["regions"] = 3
        >>> rep.data, rep.finish()
        ({'regions': 3}, None)
    """

    def __init__(self, json_out):
        self.json_out = json_out
        self.data = {}
        self.quiet = json_out in STDOUT_NAMES

    def line(self, text=""):
        """
        Print one line of the text report (nothing when the JSON goes to standard
        output).

        EXAMPLES::

            >>> from tropsage.cli._common import Report
            >>> Report(None).line("shown"), Report("-").line("not shown")
            shown
            (None, None)
        """
        if not self.quiet:
            click.echo(text)

    def __setitem__(self, key, value):
        self.data[key] = value

    def __getitem__(self, key):
        return self.data[key]

    def finish(self):
        """
        Write the JSON report, if one was asked for: to standard output for ``-``,
        else to the file (and say so).

        EXAMPLES::

            >>> from tropsage.cli._common import Report
            >>> rep = Report("-")
            >>> rep["count"] = 2
            >>> rep.finish()
            {
             "count": 2
            }
        """
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
