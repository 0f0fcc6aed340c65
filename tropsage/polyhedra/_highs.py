"""
A HiGHS solver object that prints nothing.

highspy's ``Highs()`` (1.16) enables its callbacks inside the constructor, which
prints HiGHS's banner before any option can be set. The C++ class underneath,
``highspy._core._Highs``, prints nothing until a model is run, so the options are
set first on it; with an older or newer highspy without that class the banner is
sent to ``/dev/null`` at the file-descriptor level (C++ writes past Python's
``sys.stdout``).

EXAMPLES::

    >>> from tropsage.polyhedra._highs import quiet_highs
    >>> h = quiet_highs()
    >>> h.getOptionValue("output_flag")[1], h.getOptionValue("log_to_console")[1]
    (False, False)
"""

import os
import sys


def quiet_highs():
    """A new HiGHS solver with ``output_flag`` and ``log_to_console`` off."""
    import highspy
    try:
        from highspy._core import _Highs
    except ImportError:
        _Highs = None
    if _Highs is not None:
        h = _Highs()
    else:
        h = _silenced(highspy.Highs)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    return h


def _silenced(make):
    """``make()`` with file descriptor 1 pointed at ``/dev/null``."""
    try:
        sys.stdout.flush()
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        fd = 1
    saved = os.dup(fd)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
        return make()
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(null)
