r"""
``.plot()`` and ``.show()`` of tropsage objects, in Sage and in plain Python.

The picture is always drawn by the functions of :mod:`tropsage.plot` (exact geometry,
then floats for drawing). In a Sage session (the ``sage`` or ``tropsage-sage`` REPL, a
Sage notebook, a ``.sage`` script run by ``tropsage-sage``) it is returned as a Sage
``Graphics`` object built from the same polygons, lines, points and labels (needs
``sage.plot``, from passagemath-plot), so it combines with Sage's own graphics by
``+`` and shows inline; elsewhere it is a matplotlib ``Figure``. ``backend=`` chooses
explicitly.

EXAMPLES::

    >>> import tropsage as ts
    >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
    >>> fig = (0 + x + y).plot(box=[(-2, 2), (-2, 2)])
    >>> type(fig).__name__, fig.axes[0].get_title()
    ('Figure', 'max(0, x, y): 3 linear regions in [-2, 2] x [-2, 2]')
    >>> G = (0 + x + y).plot(box=[(-2, 2), (-2, 2)], backend="sage")   # doctest: +SKIP
    >>> type(G).__name__                                                 # doctest: +SKIP
    'Graphics'
"""

BACKENDS = ("auto", "sage", "matplotlib")
_SESSION = {"sage": False}   # set by tropsage.sage_repl when it runs a session or script


def in_sage_session():
    """
    Whether this is a Sage session: Sage's IPython shell is running, or
    :mod:`tropsage.sage_repl` is running a ``.sage`` script.

    EXAMPLES::

        >>> from tropsage.plot.methods import in_sage_session
        >>> in_sage_session()
        False
    """
    if _SESSION["sage"]:
        return True
    import sys
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython
    shell = get_ipython()
    return shell is not None and type(shell).__name__.startswith("Sage")


def _sage_plot_available():
    try:
        import sage.plot.graphics  # noqa: F401
    except ImportError:
        return False
    return True


def resolve_backend(backend="auto"):
    """
    ``"sage"`` or ``"matplotlib"``: ``"auto"`` is Sage graphics in a Sage session when
    ``sage.plot`` is importable, matplotlib otherwise.

    EXAMPLES::

        >>> from tropsage.plot.methods import resolve_backend
        >>> resolve_backend(), resolve_backend("matplotlib")
        ('matplotlib', 'matplotlib')
        >>> resolve_backend("gnuplot")
        Traceback (most recent call last):
        ...
        ValueError: backend must be one of ('auto', 'sage', 'matplotlib'), not 'gnuplot'
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    if backend == "auto":
        backend = "sage" if in_sage_session() and _sage_plot_available() else "matplotlib"
    if backend == "sage" and not _sage_plot_available():
        raise ValueError("backend='sage' needs sage.plot (pip install passagemath-plot)")
    return backend


def draw(obj, backend="auto", **kwargs):
    r"""
    The picture of a tropical polynomial, rational function or map (its graph in one
    variable, its linear regions in two), of a :class:`~tropsage.regions.Region` or a
    list of regions.

    INPUT:

    - ``obj`` -- the object.
    - ``backend`` -- ``"auto"`` (Sage graphics in a Sage session, else matplotlib),
      ``"sage"`` or ``"matplotlib"``.
    - ``kwargs`` -- passed to :func:`~tropsage.plot.plot_regions` (``box``, ``labels``,
      ``title``, ``path``, ...); for one variable ``box`` may be an interval ``(a, b)``.

    OUTPUT: a matplotlib ``Figure`` or a Sage ``Graphics``.

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot.methods import draw
        >>> x, = ts.TropicalPuiseuxSemiring(1).gens()
        >>> draw(0 + x, box=(-1, 1)).axes[0].get_title()
        'max(0, x): 2 linear regions on [-1, 1], breakpoints 0'
        >>> R = ts.linear_regions(0 + x, domain=[(-1, 1)])[0]
        >>> draw(R).axes[0].get_title()
        'regions: 1 linear region on [-1, 0]'
    """
    from tropsage.plot.core import plot_graph, plot_regions
    from tropsage.regions import Region
    backend = resolve_backend(backend)
    regions = [obj] if isinstance(obj, Region) else obj
    box = kwargs.pop("box", None)
    if isinstance(regions, (list, tuple)) and regions and \
            all(isinstance(r, Region) for r in regions) and box is None:
        box = _bounding_box(regions)
    n = regions[0].dim if isinstance(regions, (list, tuple)) and regions and \
        isinstance(regions[0], Region) else obj.nvariables()
    if n == 1:
        if box is not None and len(box) == 1:
            box = box[0]
        fig = plot_graph(regions, interval=box, **kwargs)
    else:
        if box is not None and n == 2 and len(box) == 2 and \
                not isinstance(box[0], (list, tuple)):
            box = [box, box]
        fig = plot_regions(regions, box=box, **kwargs)
    return to_sage(fig) if backend == "sage" else fig


def _bounding_box(regions):
    """The bounding box of bounded regions (``None``, the default box, if unbounded)."""
    if not all(R.is_bounded() for R in regions):
        return None
    V = [v for R in regions for v in R.vertices()]
    return [(min(v[k] for v in V), max(v[k] for v in V)) for k in range(regions[0].dim)]


def show(obj, backend="auto", **kwargs):
    """
    Draw ``obj`` (see :func:`draw`) and display it: Sage's ``show`` for Sage graphics,
    ``matplotlib.pyplot.show`` otherwise (a no-op without a display).

    INPUT: as for :func:`draw`.

    OUTPUT: ``None``.

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot.methods import show
        >>> x, = ts.TropicalPuiseuxSemiring(1).gens()
        >>> show(0 + x, backend="matplotlib", box=(-1, 1))
    """
    picture = draw(obj, backend=backend, **kwargs)
    if resolve_backend(backend) == "sage":
        picture.show()
    else:
        import matplotlib.pyplot as plt
        plt.show()


def to_sage(fig):
    r"""
    A Sage ``Graphics`` with the content of a 2-D matplotlib figure of
    :mod:`tropsage.plot`: filled polygons, lines, segment collections, points, labels,
    arrows, the title, the axis labels and the view.

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot import plot_regions
        >>> from tropsage.plot.methods import to_sage
        >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
        >>> G = to_sage(plot_regions(0 + x + y, box=[(-2, 2), (-2, 2)]))
        >>> type(G).__name__, len(G) > 3
        ('Graphics', True)
    """
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Polygon as MplPolygon
    from matplotlib.collections import LineCollection, PathCollection
    from matplotlib.text import Annotation
    from sage.plot.graphics import Graphics
    from sage.plot.polygon import polygon2d
    from sage.plot.line import line2d
    from sage.plot.point import point2d
    from sage.plot.text import text
    from sage.plot.arrow import arrow2d

    ax = fig.axes[0]
    if ax.name != "rectilinear":
        raise ValueError("only 2-D pictures convert to Sage graphics; for a 3-D polytope "
                         "use its own Sage .plot()")
    G = Graphics()

    def rgb(c):
        r, g, b, a = to_rgba(c)
        return (r, g, b), a

    for p in ax.patches:
        if isinstance(p, MplPolygon):
            (c, a) = rgb(p.get_facecolor())
            (e, _) = rgb(p.get_edgecolor())
            G += polygon2d([tuple(v) for v in p.get_xy()], rgbcolor=c, alpha=a,
                           edgecolor=e, thickness=p.get_linewidth() / 2)
    for coll in ax.collections:
        if isinstance(coll, LineCollection):
            colours = coll.get_colors()
            for k, seg in enumerate(coll.get_segments()):
                c, a = rgb(colours[k % len(colours)])
                style = "--" if coll.get_linestyles()[0][0] not in (0, None) else "-"
                G += line2d([tuple(v) for v in seg], rgbcolor=c, alpha=a, linestyle=style,
                            thickness=coll.get_linewidths()[0])
        elif isinstance(coll, PathCollection):
            colours = coll.get_facecolors()
            for k, v in enumerate(coll.get_offsets()):
                c, a = rgb(colours[k % len(colours)])
                G += point2d([tuple(v)], rgbcolor=c, size=30, zorder=3)
    for ln in ax.lines:
        pts = list(zip(ln.get_xdata(), ln.get_ydata()))
        c, a = rgb(ln.get_color())
        if ln.get_linestyle() not in ("None", "", " ") and len(pts) > 1:
            G += line2d(pts, rgbcolor=c, alpha=a, thickness=ln.get_linewidth())
        if ln.get_marker() not in ("None", None, "", " "):
            G += point2d(pts, rgbcolor=c, size=max(ln.get_markersize(), 1) ** 2)
    for t in ax.texts:
        c, _ = rgb(t.get_color())
        if isinstance(t, Annotation):
            if t.arrow_patch is not None and not t.get_text():
                G += arrow2d(tuple(t.xyann), tuple(t.xy), rgbcolor=c)
                continue
            x, y = t.xy
        else:
            x, y = t.get_position()
        if t.get_text():
            G += text(t.get_text(), (x, y), rgbcolor=c, fontsize=t.get_fontsize())
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    G.set_axes_range(xmin=x0, xmax=x1, ymin=y0, ymax=y1)
    if ax.get_aspect() == 1.0:
        G.set_aspect_ratio(1)
    labels = [ax.get_xlabel(), ax.get_ylabel()]
    if any(labels):
        G.axes_labels(labels)
    # show() options travel with the object, as in Sage's own plot()
    G._set_extra_kwds({"title": ax.get_title(), "frame": True, "axes": False})
    import matplotlib.pyplot as plt
    plt.close(fig)
    return G
