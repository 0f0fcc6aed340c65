"""
The ``tropsage`` command.

``tropsage info NET`` reads a network (``.json``, ``.npz`` or ``.pt``; see
:mod:`tropsage.nn.io`), prints the size of its tropical form ``F ⊘ G`` and evaluates
it exactly at a point; ``regions``, ``bounds``, ``hoffman``, ``crosscheck`` and
``plot`` answer the other questions. Every subcommand takes ``-h``, ``--json FILE``
(``-`` for standard output) and, where a box applies, ``--domain``.

Exit codes: 0 success; 1 a runtime failure or a failed check; 2 a usage error or a
bad input file; 130 interrupted (Ctrl-C stops long work and prints what was found,
marked PARTIAL; a second Ctrl-C ends the process at once).

EXAMPLES::

    >>> from click.testing import CliRunner
    >>> from tropsage.cli import main
    >>> r = CliRunner().invoke(main, ["bounds", "--n0", "2", "--widths", "3"])
    >>> r.exit_code, r.output.splitlines()[1]
    (0, '  serra_lower (over all weights)      7')
    >>> r = CliRunner().invoke(main, ["regions", "no-such-file.json"])
    >>> r.exit_code, r.stderr
    (2, "Error: NET: no such file 'no-such-file.json'\\n")
"""

import os
import pickle
import signal
import sys
import time

import click

from tropsage.cli._common import CONTEXT, error_line, remove_created, report_stream

# the printed times are wall times of the whole command
T0 = time.perf_counter()
_calls = 0

# runtime failures reported in one line (exit 1) rather than as a traceback
_RUNTIME = (ValueError, TypeError, OSError, ArithmeticError, RecursionError, MemoryError,
            ImportError, EOFError, pickle.UnpicklingError)


class _Interrupted(click.ClickException):
    exit_code = 130


class _Main(click.Group):
    """The command group; its ``main`` maps every outcome to one exit code and one line."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        global T0, _calls
        if _calls:          # a second call in one process (tests): time it from here
            T0 = time.perf_counter()
        _calls += 1
        code = self._run(args, prog_name or "tropsage", complete_var, **extra)
        if code == 130 and _real_process():
            # interrupted: what was found is printed and saved; skip the interpreter's
            # (Sage's) slow teardown so that Ctrl-C ends the command promptly
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            os._exit(130)
        sys.exit(code)

    def invoke(self, ctx):
        # click turns EOFError and KeyboardInterrupt into Abort after printing an empty
        # line; keep them apart and on one line
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted("interrupted") from None
        except EOFError as exc:
            raise click.ClickException(f"unexpected end of data{': ' + str(exc) if str(exc) else ''}"
                                       " (a truncated file?)") from None

    def _run(self, args, prog_name, complete_var, **extra):
        from tropsage import _interrupt
        old = signal.getsignal(signal.SIGINT)
        _interrupt.hard_exit(True)
        code = 1
        try:
            with report_stream():
                try:
                    rv = super().main(args, prog_name, complete_var, standalone_mode=False,
                                      **extra)
                    code = rv if isinstance(rv, int) else 0
                except click.exceptions.NoArgsIsHelpError as exc:
                    click.echo(exc.ctx.get_help())
                    code = 0
                except click.UsageError as exc:
                    hint = ""
                    if exc.ctx is not None:
                        hint = f" (see '{exc.ctx.command_path} -h')"
                    error_line(exc.format_message() + hint)
                    code = 2
                except click.ClickException as exc:
                    error_line(exc.format_message())
                    code = exc.exit_code
                except (click.Abort, KeyboardInterrupt):
                    error_line("interrupted")
                    code = 130
                except _RUNTIME as exc:
                    error_line(str(exc).strip() or type(exc).__name__)
                    code = 1
        finally:
            _interrupt.hard_exit(False)
            if signal.getsignal(signal.SIGINT) is not old and old is not None:
                try:
                    signal.signal(signal.SIGINT, old)
                except (ValueError, TypeError):
                    pass
            if code != 0:
                remove_created()
        return code


def _real_process():
    try:
        return sys.stdout.fileno() == 1
    except (AttributeError, OSError, ValueError):
        return False


@click.group(cls=_Main, context_settings=CONTEXT)
@click.version_option(package_name="tropsage")
def main():
    """Exact tropical geometry of ReLU networks.

    \f
    The ``tropsage`` command (the text after the form feed is not part of ``--help``).

    EXAMPLES::

        >>> from click.testing import CliRunner
        >>> from tropsage.cli import main
        >>> r = CliRunner().invoke(main, ["--help"])
        >>> r.exit_code, "hoffman" in r.output
        (0, True)
    """


from tropsage.cli import bounds, crosscheck, hoffman, info, plot, regions  # noqa: E402,F401

__all__ = ["main"]
