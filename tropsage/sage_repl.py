r"""
A Sage session with tropsage loaded: the ``tropsage-sage`` command, and the names for
``from tropsage.sage_repl import *`` in any ``sage`` session.

passagemath's modular install (``passagemath-repl`` and ``passagemath-polyhedra``, what
tropsage depends on) has the ``sage`` REPL and its preparser, but neither
``sage.all`` nor ``sage.all_cmdline``: the plain ``sage`` REPL starts without ``QQ``
or ``Polyhedron``, and ``sage file.sage`` and ``sage -c`` fail. The monolithic
``passagemath-standard`` provides them (the optional extra ``tropsage[sage]``: about
4 minutes and 4 GB to install). This module gives the same session on the light
install:

- ``tropsage-sage`` -- Sage's IPython REPL (preparser on) with Sage's rings,
  matrices, ``Polyhedron``, graphics and every public tropsage name loaded;
- ``tropsage-sage FILE.sage [ARGS]`` -- runs the script through the Sage preparser in
  that namespace (``sys.argv`` is ``[FILE, ARGS...]``); a ``.py`` file runs unpreparsed;
- ``tropsage-sage -c 'COMMANDS'`` -- preparses and runs the commands;
- in the plain ``sage`` REPL (or a Sage notebook), ``from tropsage.sage_repl import *``
  loads the same names.

Other options (``--simple-prompt``, ...) are passed to IPython.

EXAMPLES::

    >>> from tropsage.sage_repl import namespace
    >>> ns = namespace()
    >>> ns["QQ"], ns["TropicalPuiseuxSemiring"].__name__
    (Rational Field, 'TropicalPuiseuxSemiring')
    >>> from tropsage.sage_repl import run_code
    >>> ns = run_code("T.<x,y> = TropicalPuiseuxSemiring(QQ); f = 1*x + 2*y; a = f(2, 3)")
    >>> ns["f"], ns["a"], ns["a"].parent()
    (max(1 + x, 2 + y), 5, Rational Field)
"""

import sys

_TROPSAGE_MODULES = ("bounds", "cli", "decision", "hoffman", "nn", "numerical", "plot",
                     "polyhedra", "puiseux", "queries", "regions")
_NAMES = {}


def _names():
    """The session's names, built on first use: Sage's library as the modular install
    has it (and its plotting layer when passagemath-plot is installed), then tropsage's
    public functions and classes, and ``ts``. tropsage's submodule names (``plot``,
    ``bounds``, ...) would hide Sage's functions of the same name, so they stay out."""
    if not _NAMES:
        ns = {}
        exec("from sage.all__sagemath_polyhedra import *", ns)
        try:
            exec("from sage.all__sagemath_plot import *", ns)
        except ImportError:     # pragma: no cover - passagemath-plot missing
            pass
        import tropsage
        for name in tropsage.__all__:
            if name not in _TROPSAGE_MODULES:
                ns[name] = getattr(tropsage, name)
        ns["ts"] = tropsage
        _NAMES.update((k, v) for k, v in ns.items() if not k.startswith("_"))
    return _NAMES


def __getattr__(name):
    # ``from tropsage.sage_repl import *`` reads ``__all__`` and then each name here,
    # so the Sage library is imported only by a session that asks for it
    if name == "__all__":
        return sorted(_names())
    names = _names()
    if name in names:
        return names[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


USAGE = """\
usage: tropsage-sage                      Sage REPL with tropsage loaded
       tropsage-sage FILE.sage [ARGS...]  run a Sage script (preparsed) with tropsage loaded
       tropsage-sage -c 'COMMANDS'        run Sage commands (preparsed)
       tropsage-sage -h                   this help
Options for the REPL (e.g. --simple-prompt) are passed to IPython."""


def namespace():
    """
    A fresh dict of the session's names: Sage's (``QQ``, ``matrix``,
    ``Polyhedron``, ...), tropsage's public names, and ``ts`` (the module).

    EXAMPLES::

        >>> from tropsage.sage_repl import namespace
        >>> ns = namespace()
        >>> all(name in ns for name in ("QQ", "Polyhedron", "tropicalize", "linear_regions"))
        True
        >>> ns["ts"].__name__, ns["__name__"]
        ('tropsage', '__main__')
    """
    ns = dict(_names())
    ns["__name__"] = "__main__"
    return ns


def run_code(code, ns=None, filename="<string>", preparse=True):
    """
    Run Sage code (preparsed unless ``preparse=False``) in ``ns`` (default a fresh
    :func:`namespace`); returns the namespace.

    EXAMPLES::

        >>> from tropsage.sage_repl import run_code
        >>> ns = run_code("T.<x,y> = TropicalPuiseuxSemiring(QQ)\\nf = x + y^2 + 1\\nv = f(1, 2)")
        >>> ns["v"], type(ns["v"]).__name__
        (4, 'Rational')
        >>> run_code("h = 1/2")["h"], run_code("h = 1/2", preparse=False)["h"]
        (1/2, 0.5)
    """
    from tropsage.plot.methods import _SESSION
    if ns is None:
        ns = namespace()
    if preparse:
        from sage.repl.preparse import preparse_file
        code = preparse_file(code)
    _SESSION["sage"] = True
    try:
        exec(compile(code, filename, "exec"), ns)
    finally:
        _SESSION["sage"] = False
    return ns


def run_file(path, args=()):
    """
    Run the script at ``path`` (``.sage``: preparsed; otherwise plain Python) with
    ``sys.argv = [path, *args]``; returns the namespace.

    EXAMPLES::

        >>> import os, tempfile
        >>> from tropsage.sage_repl import run_file
        >>> path = os.path.join(tempfile.mkdtemp(), "script.sage")
        >>> with open(path, "w") as fh:
        ...     _ = fh.write("import sys\\nn = Integer(sys.argv[1])^2\\n")
        >>> run_file(path, ["12"])["n"]
        144
    """
    import os
    with open(path, encoding="utf-8") as fh:
        code = fh.read()
    ns = namespace()
    ns["__file__"] = path
    old = sys.argv
    sys.argv = [path, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        return run_code(code, ns, filename=path, preparse=not path.endswith(".py"))
    finally:
        sys.argv = old
        sys.path.pop(0)


def _repl(ipython_args):
    from sage.repl.interpreter import SageTerminalApp
    from tropsage.plot.methods import _SESSION
    app = SageTerminalApp.instance()
    app.initialize(list(ipython_args))
    app.shell.user_ns.update(namespace())
    app.shell.user_ns.pop("__name__", None)
    _SESSION["sage"] = True
    app.start()


def main(argv=None):
    """
    The ``tropsage-sage`` command (see the module doc); returns the exit status.

    EXAMPLES::

        >>> from tropsage.sage_repl import main
        >>> main(["-c", "print(QQ(2)/6 + 1)"])
        4/3
        0
        >>> main(["-h"])
        usage: tropsage-sage                      Sage REPL with tropsage loaded
        ...
        0
        >>> main(["no-such-file.sage"])      # the message goes to standard error
        2
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if args and args[0] == "-c":
        if len(args) < 2:
            print("tropsage-sage: -c needs the commands to run\n" + USAGE, file=sys.stderr)
            return 2
        run_code(args[1])
        return 0
    if args and not args[0].startswith("-"):
        import os
        if not os.path.isfile(args[0]):
            print(f"tropsage-sage: no such file: {args[0]}", file=sys.stderr)
            return 2
        run_file(args[0], args[1:])
        return 0
    _repl(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
