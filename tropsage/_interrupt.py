"""
Ctrl-C for long computations: the first one asks the work to stop and keep what it
found, the second one stops at once.

:class:`StopFlag` turns SIGINT into a flag that long loops check between two steps
(after a step has been committed, so no state is torn). Flags nest: every flag
entered while another is active sees the same interrupt, so one Ctrl-C stops the
enumeration and then every later phase of the same command.

The second Ctrl-C raises :class:`KeyboardInterrupt` (Python's own behaviour, which
keeps an interactive session alive). A command-line program calls
:func:`hard_exit` once: then the first Ctrl-C restores the system's default action,
and the second one ends the process by the signal itself, even inside a long call
into a C library (the shell reports exit status 130).

EXAMPLES::

    >>> import os, signal
    >>> from tropsage._interrupt import StopFlag
    >>> with StopFlag() as stop:
    ...     before = stop()
    ...     os.kill(os.getpid(), signal.SIGINT)    # what Ctrl-C sends
    ...     after = stop()
    >>> before, after
    (False, True)
"""

import signal
import threading

_state = {"received": 0, "depth": 0, "hard": False}


def hard_exit(on=True):
    """After the first Ctrl-C, let the second one end the process at once (for CLIs)."""
    _state["hard"] = bool(on)


def interrupted():
    """Whether Ctrl-C arrived while a :class:`StopFlag` was active (outermost scope)."""
    return _state["received"] > 0


def _handler(signum, frame):
    _state["received"] += 1
    if _state["received"] == 1:
        if _state["hard"]:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        return
    raise KeyboardInterrupt


class StopFlag:
    """
    Turns Ctrl-C into a flag, checked by calling the object (main thread only; in
    other threads the flag never rises and Ctrl-C keeps its usual effect).

    EXAMPLES::

        >>> from tropsage._interrupt import StopFlag
        >>> with StopFlag() as stop:
        ...     stop()
        False
    """

    def __init__(self):
        self.old = None
        self.active = False

    def __enter__(self):
        if threading.current_thread() is not threading.main_thread():
            return self
        if _state["depth"] == 0:
            _state["received"] = 0
        if not (_state["hard"] and _state["received"]):
            # (after a first Ctrl-C under hard_exit the default action stays in place)
            try:
                self.old = signal.signal(signal.SIGINT, _handler)
            except ValueError:      # not the main interpreter
                return self
        self.active = True
        _state["depth"] += 1
        return self

    def __call__(self):
        return self.active and _state["received"] > 0

    def __exit__(self, *exc):
        if self.active:
            _state["depth"] -= 1
            if _state["hard"] and _state["received"]:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
            elif self.old is not None:
                signal.signal(signal.SIGINT, self.old)
            self.active = False
        return False
