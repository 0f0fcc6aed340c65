r"""
The drawing functions of :mod:`tropsage.plot`.

The geometry is exact (regions, vertices, subdivisions come from the exact parts of
tropsage); only the final picture is floating point. Deciding which polygon edges
separate two *different* regions (drawn) and which separate two convex pieces of the
same region (not drawn) is a drawing decision: it probes a point a tiny step across
each edge in floating point, which can only misdraw pieces thinner than that step.
"""

from fractions import Fraction
from math import gcd

import numpy as np
from tropsage.nn.network import accepts_activations

from tropsage._format import convex_order as _convex_order

__all__ = ["plot_regions", "plot_graph", "plot_tropical_curve", "plot_newton_polytope",
           "plot_zonotope", "save_figure", "region_polygons"]

# a qualitative palette; neighbouring regions get different entries (greedy colouring)
_PALETTE = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
            "#b3de69", "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#d9d9d9",
            "#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3"]

_FORMATS = {"png", "svg", "pdf"}


# ---------------------------------------------------------------------------
# small helpers


def _pyplot():
    import matplotlib
    if matplotlib.get_backend().lower() not in {"agg", "svg", "pdf"} and \
            "inline" not in matplotlib.get_backend().lower():
        # no display here: the headless backend (a notebook keeps its own backend)
        try:
            matplotlib.use("Agg")
        except Exception:       # pragma: no cover - a backend already in use
            pass
    import matplotlib.pyplot as plt
    return plt


def _new_axes(ax, figsize=(6, 6), projection=None):
    if ax is not None:
        return ax.figure, ax
    plt = _pyplot()
    fig = plt.figure(figsize=figsize)
    ax = fig.add_subplot(1, 1, 1, projection=projection)
    return fig, ax


def save_figure(fig, path, dpi=120):
    """
    Save a matplotlib figure; the format comes from the extension of ``path``.

    INPUT:

    - ``fig`` -- a matplotlib ``Figure``.
    - ``path`` -- file name ending in ``.png``, ``.svg`` or ``.pdf``.
    - ``dpi`` -- resolution for PNG.

    OUTPUT: the path as a string.

    EXAMPLES::

        >>> import tempfile, os
        >>> import tropsage as ts
        >>> from tropsage.plot import plot_regions, save_figure
        >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
        >>> fig = plot_regions(0 + x + y)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = save_figure(fig, os.path.join(d, "r.svg"))
        ...     os.path.getsize(p) > 1000
        True
        >>> save_figure(fig, "regions.jpeg")
        Traceback (most recent call last):
        ...
        ValueError: cannot save a figure as 'regions.jpeg': use a .png, .svg or .pdf file name
    """
    path = str(path)
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if ext not in _FORMATS:
        raise ValueError(f"cannot save a figure as {path!r}: use a .png, .svg or .pdf file name")
    fig.savefig(path, dpi=dpi, bbox_inches="tight")
    return path


def _finish(fig, path):
    if path is not None:
        save_figure(fig, path)
    return fig


def _frac(v):
    from tropsage._exact import as_fraction
    return as_fraction(v)


def _q(v):
    # Sage QQ, so that comparisons with region vertices (QQ) are exact and legal
    from tropsage._exact import qq
    f = _frac(v)
    return qq(f.numerator, f.denominator)


def _check_box(box, n):
    if box is None:
        box = [(-3, 3)] * n
    try:
        box = [(_q(lo), _q(hi)) for lo, hi in box]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"box must be a list of {n} pairs (lo, hi) of numbers: {exc}") from None
    if len(box) != n:
        raise ValueError(f"box has {len(box)} intervals; the picture needs {n}")
    for k, (lo, hi) in enumerate(box):
        if not lo < hi:
            raise ValueError(f"box interval {k} is empty: ({lo}, {hi})")
    return box


def _fmt(q):
    q = _frac(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _box_str(box):
    return " x ".join(f"[{_fmt(lo)}, {_fmt(hi)}]" for lo, hi in box)


def _tropical(obj):
    """The tropical object ``obj`` (see :func:`tropsage.puiseux.as_tropical`), or ``None``."""
    from tropsage.puiseux import as_tropical, is_tropical
    return as_tropical(obj) if is_tropical(obj) else None


def _nvars(obj):
    t = _tropical(obj)
    if t is not None:
        return t.nvariables()
    from tropsage.nn import as_network
    return as_network(obj).input_dim


def _object_name(obj):
    t = _tropical(obj)
    if t is not None:
        s = str(t)
        return s if len(s) <= 60 else s[:57] + "..."
    from tropsage.nn import as_network
    return repr(as_network(obj))


def _regions_of(obj, box, kind, connectivity):
    """The exact regions of ``obj`` inside ``box`` (a list of Region)."""
    from tropsage.regions import Region
    if isinstance(obj, Region):
        obj = [obj]
    if isinstance(obj, (list, tuple)) and obj and all(isinstance(r, Region) for r in obj):
        return _clip_regions(obj, box)
    if kind not in ("linear", "activation"):
        raise ValueError(f"kind must be 'linear' or 'activation', not {kind!r}")
    if _tropical(obj) is not None:
        if kind == "activation":
            raise ValueError("activation regions belong to networks; a tropical object "
                             "has linear regions only")
        from tropsage.regions import linear_regions
        return list(linear_regions(obj, domain=box, connectivity=connectivity))
    from tropsage.nn import as_network
    net = as_network(obj)
    if kind == "activation":
        from tropsage.regions.activation import activation_regions
        return list(activation_regions(net, domain=box))
    from tropsage.regions import linear_regions
    return list(linear_regions(net, domain=box, connectivity=connectivity))


def _clip_regions(regions, box):
    from tropsage.polyhedra import as_domain
    from tropsage.regions import Region
    n = regions[0].dim
    dom = as_domain(box, n)
    out = []
    for R in regions:
        pieces = []
        for P in R.pieces:
            Q = P.intersection(dom)
            if Q.is_full_dimensional():
                pieces.append(Q)
        if pieces:
            out.append(Region(R.gradient, R.constant, pieces, labels=R.labels,
                              names=R._names))
    return out


# ---------------------------------------------------------------------------
# 2-D geometry for drawing


def region_polygons(regions, box=None):
    r"""
    The convex pieces of 2-D regions as float polygons, and the edges between regions.

    INPUT:

    - ``regions`` -- a sequence of :class:`~tropsage.regions.Region` in ``Q^2``.
    - ``box`` -- optional view box ``[(x0, x1), (y0, y1)]``; the pieces are clipped
      to it (exactly) first. Without it every piece must be bounded.

    OUTPUT: a pair ``(polygons, edges)``: ``polygons`` is a list of
    ``(region index, array of vertices in counter-clockwise order)``; ``edges`` is a
    list of ``(segment, a, b)`` where ``segment`` is a 2 x 2 float array and ``a``,
    ``b`` are the indices of the regions on its two sides (``a < b``). Edges between
    two pieces of the same region and edges on the box boundary are left out.

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot import region_polygons
        >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
        >>> R = ts.linear_regions(0 + x + y, domain=[(-1, 1), (-1, 1)])
        >>> polys, edges = region_polygons(R)
        >>> len(polys), sorted((a, b) for _, a, b in edges)
        (3, [(0, 1), (0, 2), (1, 2)])
    """
    regions = list(regions)
    if not regions:
        return [], []
    if any(R.dim != 2 for R in regions):
        raise ValueError("region_polygons draws regions in the plane (2 variables)")
    if box is not None:
        regions = _clip_regions(regions, _check_box(box, 2))
    polys, rows, owner = [], [], []
    for r, R in enumerate(regions):
        for P in R.pieces:
            if not P.is_bounded():
                raise ValueError("an unbounded region piece cannot be drawn: give a view box")
            V = _convex_order([[float(c) for c in v] for v in P.vertices()])
            polys.append((r, V))
            H = P.minimized().inequality_rows()
            # rows [b | a] mean a.x <= b; normalise so the probe tolerance is geometric
            A = np.array([[float(v) for v in row[1:]] for row in H.tolist()], dtype=float)
            b = np.array([float(row[0]) for row in H.tolist()], dtype=float)
            nrm = np.linalg.norm(A, axis=1)
            nrm[nrm == 0] = 1.0
            rows.append((A / nrm[:, None], b / nrm))
            owner.append(r)
    allV = np.vstack([V for _, V in polys])
    scale = float(np.ptp(allV, axis=0).max()) or 1.0
    step = 1e-6 * scale
    tol = 1e-9 * scale
    # all piece rows stacked, so one matrix product locates a batch of probe points
    A_all = np.vstack([A for A, _ in rows])
    b_all = np.concatenate([b for _, b in rows])
    starts = np.cumsum([0] + [len(b) for _, b in rows])[:-1]
    owner = np.array(owner)

    def locate(Q):
        S = A_all @ Q.T - b_all[:, None]
        worst = np.maximum.reduceat(S, starts, axis=0)      # pieces x points
        inside = worst <= tol
        found = inside.any(axis=0)
        return np.where(found, owner[np.argmax(inside, axis=0)], -1)

    segs, sides, probes = [], [], []
    for r, V in polys:
        if len(V) < 3:
            continue
        c = V.mean(axis=0)
        for k in range(len(V)):
            p, q = V[k], V[(k + 1) % len(V)]
            d = q - p
            L = float(np.hypot(*d))
            if L <= tol:
                continue
            # split the edge where other pieces' vertices lie on it: a long edge may
            # border several pieces
            rel = allV - p
            t = rel @ d / (L * L)
            dist = np.abs(rel[:, 0] * d[1] - rel[:, 1] * d[0]) / L
            cuts = np.unique(np.round(t[(dist <= 1e-7 * scale) & (t > 1e-9) & (t < 1 - 1e-9)], 12))
            ts_ = np.concatenate([[0.0], cuts, [1.0]])
            normal = np.array([d[1], -d[0]]) / L
            if normal @ (p - c) < 0:
                normal = -normal
            for t0, t1 in zip(ts_[:-1], ts_[1:]):
                a, b = p + t0 * d, p + t1 * d
                m = (a + b) / 2
                segs.append(np.array([a, b]))
                sides.append(r)
                probes.append(m + step * normal)
    if not segs:
        return polys, []
    other = np.concatenate([locate(np.array(probes[i:i + 2000]))
                            for i in range(0, len(probes), 2000)])
    edges, seen = [], set()
    for seg, r, o in zip(segs, sides, other.tolist()):
        if o < 0 or o == r:
            continue        # box boundary, or two pieces of one region
        key = (min(r, o), max(r, o), tuple(np.round(np.sort(seg, axis=0).ravel(), 9)))
        if key in seen:
            continue
        seen.add(key)
        edges.append((seg, min(r, o), max(r, o)))
    return polys, edges


def _colours(n_regions, edges, keys=None):
    """Greedy colouring: neighbours differ; regions with equal ``keys`` share a colour."""
    groups = list(range(n_regions)) if keys is None else keys
    gid = {}
    comp = [gid.setdefault(g, len(gid)) for g in groups]
    adj = [set() for _ in gid]
    for _, a, b in edges:
        if comp[a] != comp[b]:
            adj[comp[a]].add(comp[b])
            adj[comp[b]].add(comp[a])
    colour = [-1] * len(gid)
    for g in sorted(range(len(gid)), key=lambda g: -len(adj[g])):
        used = {colour[h] % len(_PALETTE) for h in adj[g]}
        # start from the region's own slot for variety, then take the first free one
        c = g % len(_PALETTE)
        for _ in range(len(_PALETTE)):
            if c not in used:
                break
            c = (c + 1) % len(_PALETTE)
        colour[g] = c
    return [_PALETTE[colour[comp[r]] % len(_PALETTE)] for r in range(n_regions)]


def _map_key(R):
    return (R.gradient, R.constant)


# ---------------------------------------------------------------------------
# regions


@accepts_activations
def plot_regions(obj, box=None, path=None, ax=None, kind="linear", connectivity="facet",
                 colour_by="region", labels="auto", title=None):
    r"""
    Picture of the linear (or activation) regions of a 2-variable object in a box.

    Each region is filled with one colour (all its convex pieces alike; neighbouring
    regions get different colours), region boundaries are drawn in black, and the
    title states the view box and the number of regions inside it. Objects of one
    variable are drawn as graphs by :func:`plot_graph`.

    INPUT:

    - ``obj`` -- a tropical polynomial, rational function or rational map in 2
      variables; a network with 2 inputs (``torch.nn.Sequential``, list of
      ``(W, b)``, :class:`~tropsage.nn.Network`); or a list of
      :class:`~tropsage.regions.Region` (e.g. from :func:`tropsage.linear_regions`).
    - ``box`` -- the bounded view box ``[(x0, x1), (y0, y1)]`` (default
      ``[(-3, 3), (-3, 3)]``); regions are those of the restriction to the box.
    - ``path`` -- save the figure there (``.png``, ``.svg``, ``.pdf``).
    - ``ax`` -- draw into this matplotlib ``Axes`` instead of a new figure.
    - ``kind`` -- ``"linear"`` (function regions, default) or ``"activation"``
      (activation regions of a network).
    - ``connectivity`` -- ``"facet"`` or ``"point"``, see :func:`tropsage.linear_regions`.
    - ``colour_by`` -- ``"region"`` (default) or ``"map"``: regions carrying the
      same affine map (possible for non-adjacent regions) share a colour.
    - ``labels`` -- write each region's affine map at an interior point: ``True``,
      ``False`` or ``"auto"`` (when there are at most 12 regions).
    - ``title`` -- replaces the description part of the title; the box and the count
      are always stated.

    OUTPUT: a matplotlib ``Figure``.

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot import plot_regions
        >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
        >>> fig = plot_regions((x + y + x*y) / (x + x*y**2), box=[(-2, 2), (-1, 1)])
        >>> fig.axes[0].get_title()
        'max(x, y, x + y) - max(x, x + 2*y): 4 linear regions in [-2, 2] x [-1, 1]'
        >>> net = [([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])]
        >>> fig = plot_regions(net, kind="activation", box=[(-4, 4), (-4, 4)])
        >>> fig.axes[0].get_title()
        'Network 2 -> 2 (relu) -> 1 (identity): 4 activation regions in [-4, 4] x [-4, 4]'
        >>> plot_regions(net, kind="convex")
        Traceback (most recent call last):
        ...
        ValueError: kind must be 'linear' or 'activation', not 'convex'
    """
    from tropsage.regions import Region
    given = isinstance(obj, Region) or (isinstance(obj, (list, tuple)) and obj
                                        and all(isinstance(r, Region) for r in obj))
    n = (obj.dim if isinstance(obj, Region) else obj[0].dim) if given else _nvars(obj)
    if n == 1:
        return plot_graph(obj, interval=None if box is None else box[0], path=path, ax=ax,
                          title=title)
    if n != 2:
        raise ValueError(f"plot_regions draws objects of 1 or 2 variables; this one has {n}")
    if colour_by not in ("region", "map"):
        raise ValueError(f"colour_by must be 'region' or 'map', not {colour_by!r}")
    box = _check_box(box, 2)
    regions = _regions_of(obj, box, kind, connectivity)
    polys, edges = region_polygons(regions)
    keys = [_map_key(R) for R in regions] if colour_by == "map" else None
    colours = _colours(len(regions), edges, keys)
    fig, ax = _new_axes(ax)
    from matplotlib.collections import LineCollection
    for r, V in polys:
        ax.fill(V[:, 0], V[:, 1], facecolor=colours[r], edgecolor=colours[r], lw=0.6)
    if edges:
        ax.add_collection(LineCollection([s for s, _, _ in edges], colors="k", linewidths=1.0))
    if labels == "auto":
        labels = len(regions) <= 12
    if labels:
        for R in regions:
            p = [float(c) for c in R.interior_point()]
            ax.text(p[0], p[1], R.map_str(), fontsize=7, ha="center", va="center")
    (x0, x1), (y0, y1) = [(float(a), float(b)) for a, b in box]
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel(regions[0]._names[0] if regions else "x")
    ax.set_ylabel(regions[0]._names[1] if regions else "y")
    what = "activation" if kind == "activation" and not given else "linear"
    head = title if title is not None else (
        "regions" if given else _object_name(obj))
    _set_title(ax, f"{head}: {len(regions)} {what} region{'s' if len(regions) != 1 else ''} "
                   f"in {_box_str(box)}")
    return _finish(fig, path)


@accepts_activations
def plot_graph(obj, interval=None, path=None, ax=None, title=None):
    r"""
    Graph of a function of one variable with its breakpoints marked.

    The graph is drawn from the exact linear regions on ``interval``: on each region
    the function is the region's affine map, so the polyline through the exact values
    at the breakpoints *is* the graph.

    INPUT:

    - ``obj`` -- a tropical polynomial, rational function or map of one variable, a
      network with one input, or a list of 1-D :class:`~tropsage.regions.Region`.
      Vector-valued objects give one curve per output.
    - ``interval`` -- ``(lo, hi)``, default ``(-3, 3)``.
    - ``path``, ``ax``, ``title`` -- as for :func:`plot_regions`.

    OUTPUT: a matplotlib ``Figure``; the title states the interval, the number of
    linear regions and the breakpoints (exact rationals).

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot import plot_graph
        >>> x, = ts.TropicalPuiseuxSemiring(1).gens()
        >>> fig = plot_graph(0 + 1*x + 1*x**2, interval=(-2, 2))
        >>> fig.axes[0].get_title()
        'max(0, 1 + x, 1 + 2*x): 3 linear regions on [-2, 2], breakpoints -1, 0'
        >>> fig = plot_graph([([[1], [-1]], [0, 0]), ([[1, 1]], [0])], interval=(-1, 1))
        >>> fig.axes[0].get_title()
        'Network 1 -> 2 (relu) -> 1 (identity): 2 linear regions on [-1, 1], breakpoints 0'
    """
    from tropsage.regions import Region
    given = isinstance(obj, Region) or (isinstance(obj, (list, tuple)) and obj
                                        and all(isinstance(r, Region) for r in obj))
    n = (obj.dim if isinstance(obj, Region) else obj[0].dim) if given else _nvars(obj)
    if n != 1:
        raise ValueError(f"plot_graph draws functions of one variable; this one has {n}")
    box = _check_box([interval] if interval is not None else None, 1)
    regions = _regions_of(obj, box, "linear", "facet")
    segments = []       # (lo, hi, region)
    for R in regions:
        for P in R.pieces:
            vs = sorted(v[0] for v in P.vertices())
            segments.append((vs[0], vs[-1], R))
    segments.sort(key=lambda s: s[0])
    lo, hi = box[0]
    breaks = sorted({s[0] for s in segments} | {s[1] for s in segments})
    breaks = [b for b in breaks if lo < b < hi]
    # a vertex between two pieces of one region is no breakpoint of the function
    region_at = {}
    for a, b, R in segments:
        region_at.setdefault(a, set()).add(id(R))
        region_at.setdefault(b, set()).add(id(R))
    breaks = [b for b in breaks if len(region_at[b]) > 1]
    fig, ax = _new_axes(ax, figsize=(7, 4.5))
    outputs = regions[0].outputs if regions else None
    for k in range(outputs or 1):
        xs, ys = [], []
        for a, b, R in segments:
            for t in (a, b):
                val = R(t)
                xs.append(float(t))
                ys.append(float(val if outputs is None else val[k]))
        label = None if outputs is None else f"output {k}"
        line, = ax.plot(xs, ys, lw=1.8, label=label)
        bx, by = [], []
        for t in breaks:
            R = next(R for a, b, R in segments if a <= t <= b)
            val = R(t)
            bx.append(float(t))
            by.append(float(val if outputs is None else val[k]))
        ax.plot(bx, by, "o", color=line.get_color(), ms=5)
    if outputs:
        ax.legend(fontsize=8)
    ax.set_xlim(float(lo), float(hi))
    ax.grid(alpha=0.3)
    ax.set_xlabel(regions[0]._names[0] if regions else "x")
    head = title if title is not None else ("regions" if given else _object_name(obj))
    shown = ", ".join(_fmt(b) for b in breaks[:8]) + (", ..." if len(breaks) > 8 else "")
    ax.set_title(f"{head}: {len(regions)} linear region{'s' if len(regions) != 1 else ''} "
                 f"on [{_fmt(lo)}, {_fmt(hi)}]" + (f", breakpoints {shown}" if breaks else ""))
    return _finish(fig, path)


# ---------------------------------------------------------------------------
# tropical curves


def _lattice_length(vec):
    """Lattice length of a rational vector: ``gcd`` of the numerators over one denominator."""
    fr = [Fraction(int(v.numerator()), int(v.denominator())) if hasattr(v, "numerator")
          and callable(v.numerator) else Fraction(v) for v in vec]
    den = 1
    for f in fr:
        den = den * f.denominator // gcd(den, f.denominator)
    g = 0
    for f in fr:
        g = gcd(g, abs(f.numerator * (den // f.denominator)))
    return Fraction(g, den)


def plot_tropical_curve(f, box=None, path=None, ax=None, weights=True, fill=True, title=None):
    r"""
    The tropical curve ``T(f)`` of a tropical polynomial in 2 variables (where the
    maximum is attained at least twice), inside a view box.

    For a rational function ``f ⊘ g`` the curves of the numerator (blue) and of the
    denominator (red, dashed) are drawn together; the linear regions of ``f ⊘ g`` are
    cut out by them.

    INPUT:

    - ``f`` -- a tropical polynomial (or rational function) in 2 variables.
    - ``box`` -- view box ``[(x0, x1), (y0, y1)]`` (default ``[(-3, 3), (-3, 3)]``).
    - ``weights`` -- label edges whose weight (lattice length of the dual edge
      ``a_i − a_j``) is not 1, where the label fits: on an edge at least as long as the
      label and clear of the labels of longer edges; the title says how many were
      left out. Long titles are wrapped.
    - ``fill`` -- shade the monomial regions (the complement of the curve) lightly.
    - ``path``, ``ax``, ``title`` -- as for :func:`plot_regions`.

    OUTPUT: a matplotlib ``Figure``, titled with the box and the number of edges.

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot import plot_tropical_curve
        >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
        >>> fig = plot_tropical_curve(0 + x + y, box=[(-2, 2), (-2, 2)])
        >>> fig.axes[0].get_title()
        'tropical curve of max(0, x, y): 3 edges in [-2, 2] x [-2, 2]'
        >>> fig = plot_tropical_curve(0 + x**2 + y**2 + 1 * x * y, box=[(-3, 3), (-3, 3)])
        >>> fig.axes[0].get_title()
        'tropical curve of max(0, 2*x, 1 + x + y, 2*y): 5 edges in [-3, 3] x [-3, 3]'
    """
    from tropsage.puiseux import TropicalPuiseuxPolynomial, TropicalRationalFunction
    t = _tropical(f)
    f = f if t is None else t
    if isinstance(f, TropicalRationalFunction):
        parts = [(f.numerator(), "tab:blue", "-"), (f.denominator(), "tab:red", "--")]
    elif isinstance(f, TropicalPuiseuxPolynomial):
        parts = [(f, "k", "-")]
    else:
        raise TypeError(f"plot_tropical_curve needs a tropical polynomial or rational "
                        f"function, not {type(f).__name__}")
    if f.nvariables() != 2:
        raise ValueError(f"plot_tropical_curve draws curves in the plane; this object has "
                         f"{f.nvariables()} variables")
    box = _check_box(box, 2)
    fig, ax = _new_axes(ax)
    from matplotlib.collections import LineCollection
    total = 0
    labelled = []
    for p, colour, style in parts:
        regions = list(p.linear_regions(domain=box))
        polys, edges = region_polygons(regions)
        total += len(edges)
        if fill and len(parts) == 1:
            colours = _colours(len(regions), edges)
            for r, V in polys:
                ax.fill(V[:, 0], V[:, 1], facecolor=colours[r], edgecolor="none", alpha=0.45)
        if edges:
            ax.add_collection(LineCollection([s for s, _, _ in edges], colors=colour,
                                             linewidths=2.0, linestyles=style))
        if weights:
            for seg, a, b in edges:
                w = _lattice_length([u - v for u, v in zip(regions[a].gradient,
                                                           regions[b].gradient)])
                if w != 1:
                    labelled.append((seg, _fmt(w), colour))
    (x0, x1), (y0, y1) = [(float(a), float(b)) for a, b in box]
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    omitted = _place_labels(ax, labelled)
    if title is not None:
        head = title
    elif len(str(f)) <= 60:
        head = f"tropical curve of {f}"
    elif len(parts) == 1:     # a long expression says nothing in a title: its size does
        head = f"tropical curve of a polynomial of {len(f)} monomials"
    else:
        head = (f"tropical curves of f ⊘ g ({len(parts[0][0])} and {len(parts[1][0])} "
                f"monomials)")
    text = f"{head}: {total} edge{'s' if total != 1 else ''} in {_box_str(box)}"
    if omitted:
        text += f"; {omitted} weight label{'s' if omitted != 1 else ''} left out (no room)"
    _set_title(ax, text)
    return _finish(fig, path)


def _set_title(ax, text):
    """A title that stays on the figure: set smaller when long (about 0.55 em per
    character against the figure's width), wrapped when even that is too small."""
    width_pt = ax.figure.get_figwidth() * 72 * 0.95
    size = min(12.0, width_pt / (0.55 * max(len(text), 1)))
    if size >= 7:
        ax.set_title(text, fontsize=size)
        return
    import textwrap
    lines = textwrap.wrap(text, 70)
    ax.set_title("\n".join(lines), fontsize=min(12.0, width_pt / (0.55 * 70)))


def _place_labels(ax, labelled, fontsize=8):
    """
    Write each edge's label at its midpoint where it fits: along an edge at least as
    long as the label, and over no label placed before (longest edges first). Returns
    how many were left out.
    """
    if not labelled:
        return 0
    ax.apply_aspect()
    to_px = ax.transData.transform
    px_per_pt = ax.figure.dpi / 72
    placed, omitted = [], 0
    order = sorted(labelled, key=lambda t: -float(np.hypot(*np.diff(to_px(t[0]), axis=0)[0])))
    for seg, label, colour in order:
        P = to_px(seg)
        length = float(np.hypot(*(P[1] - P[0])))
        w = (0.6 * len(label) + 0.6) * fontsize * px_per_pt   # text box, padding included
        h = 1.4 * fontsize * px_per_pt
        c = P.mean(axis=0)
        box = (c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2)
        if length < max(w, h) or any(box[0] < q[2] and q[0] < box[2] and box[1] < q[3]
                                      and q[1] < box[3] for q in placed):
            omitted += 1
            continue
        placed.append(box)
        m = seg.mean(axis=0)
        ax.text(m[0], m[1], label, fontsize=fontsize, color=colour, ha="center",
                va="center", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
    return omitted


# ---------------------------------------------------------------------------
# Newton polytopes and zonotopes


def plot_newton_polytope(f, path=None, ax=None, subdivision=True, labels="auto", title=None):
    r"""
    The Newton polytope of a tropical polynomial (1 or 2 variables) with its dual
    subdivision, the regular subdivision induced by the coefficients.

    Exponents of irredundant monomials (vertices of the upper hull, [L] Algorithm 6) are
    drawn as filled dots, redundant ones as open circles; cells of the dual
    subdivision (exact, :meth:`~tropsage.puiseux.TropicalPuiseuxPolynomial.dual_subdivision`)
    are outlined. A rational function gives two panels, numerator and denominator.

    INPUT:

    - ``f`` -- a tropical polynomial or rational function in 1 or 2 variables.
    - ``subdivision`` -- draw the dual subdivision.
    - ``labels`` -- write the coefficient next to each exponent (``"auto"``: when
      there are at most 20 monomials).
    - ``path``, ``ax``, ``title`` -- as for :func:`plot_regions` (``ax`` only for
      polynomials).

    OUTPUT: a matplotlib ``Figure``.

    EXAMPLES::

        >>> import tropsage as ts
        >>> from tropsage.plot import plot_newton_polytope
        >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
        >>> fig = plot_newton_polytope(0 + x + y + x*y + 3*x*y)
        >>> fig.axes[0].get_title()
        'Newton polytope: 4 vertices, 2 cells, 4 of 4 monomials irredundant'
        >>> fig = plot_newton_polytope(x + y + x*y + 1*x*y)
        >>> fig.axes[0].get_title()
        'Newton polytope: 3 vertices, 1 cell, 3 of 3 monomials irredundant'
    """
    from tropsage.puiseux import TropicalPuiseuxPolynomial, TropicalRationalFunction
    t = _tropical(f)
    f = f if t is None else t
    if isinstance(f, TropicalRationalFunction):
        plt = _pyplot()
        fig, axes = plt.subplots(1, 2, figsize=(11, 5))
        for a, p, name in ((axes[0], f.numerator(), "numerator"),
                           (axes[1], f.denominator(), "denominator")):
            plot_newton_polytope(p, ax=a, subdivision=subdivision, labels=labels,
                                 title=name if title is None else f"{title}, {name}")
        fig.tight_layout()
        return _finish(fig, path)
    if not isinstance(f, TropicalPuiseuxPolynomial):
        raise TypeError(f"plot_newton_polytope needs a tropical polynomial or rational "
                        f"function, not {type(f).__name__}")
    n = f.nvariables()
    if n not in (1, 2):
        raise ValueError(f"plot_newton_polytope draws polytopes of 1 or 2 variables; "
                         f"this one has {n}")
    if f.is_zero():
        raise ValueError("the tropical zero has an empty Newton polytope")
    fig, ax = _new_axes(ax)
    E = f.exponents()
    C = f.coefficients()
    keep = f.irredundant_mask()
    pts = np.array([[float(e) for e in v] + ([0.0] if n == 1 else []) for v in E])
    N = f.newton_polytope()
    V = _convex_order([[float(c) for c in v] + ([0.0] if n == 1 else [])
                       for v in N.vertices_list()])
    if len(V) >= 3:
        ax.fill(V[:, 0], V[:, 1], facecolor="#deebf7", edgecolor="#3182bd", lw=1.5)
    else:
        ax.plot(V[:, 0], V[:, 1], color="#3182bd", lw=3)
    cells = f.dual_subdivision() if subdivision else []
    for cell in cells:
        W = _convex_order([[float(c) for c in v] + ([0.0] if n == 1 else [])
                           for v in cell.vertices_list()])
        if len(W) >= 3:
            W = np.vstack([W, W[:1]])
        ax.plot(W[:, 0], W[:, 1], color="k", lw=1.0, marker="|" if n == 1 else None, ms=12)
    ax.scatter(pts[keep, 0], pts[keep, 1], color="k", s=30, zorder=3, label="irredundant")
    if (~keep).any():
        ax.scatter(pts[~keep, 0], pts[~keep, 1], facecolor="white", edgecolor="k", s=30,
                   zorder=3, label="redundant")
    if labels == "auto":
        labels = len(E) <= 20
    if labels:
        for p, c in zip(pts, C):
            ax.annotate(_fmt(c),
                        (p[0], p[1]), textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.set_aspect("equal")
    ax.margins(0.15)
    if n == 1:
        ax.set_yticks([])
    ax.legend(fontsize=8, loc="best")
    nv = N.n_vertices()
    head = title if title is not None else "Newton polytope"
    ax.set_title(f"{head}: {nv} vert{'ices' if nv != 1 else 'ex'}, {len(cells)} "
                 f"cell{'s' if len(cells) != 1 else ''}, {int(keep.sum())} of {len(E)} "
                 f"monomials irredundant", fontsize=10)
    return _finish(fig, path)


def plot_zonotope(Z, path=None, ax=None, generators=True, title=None):
    r"""
    A zonotope (or any polytope) of dimension 2 or 3.

    INPUT:

    - ``Z`` -- a Sage ``Polyhedron`` (e.g. from :func:`tropsage.zonotope`), or a
      matrix whose rows are the generators, passed to :func:`tropsage.zonotope`.
    - ``generators`` -- when ``Z`` is given by generators, draw them as arrows from
      the origin (2-D only).
    - ``path``, ``ax``, ``title`` -- as for :func:`plot_regions`.

    OUTPUT: a matplotlib ``Figure``, titled with the numbers of generators, vertices
    and (3-D) facets.

    EXAMPLES::

        >>> from tropsage.plot import plot_zonotope
        >>> fig = plot_zonotope([[1, 0], [0, 1], [1, 1]])
        >>> fig.axes[0].get_title()
        'zonotope of 3 generators: 6 vertices'
        >>> fig = plot_zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])
        >>> fig.axes[0].get_title()
        'zonotope of 4 generators: 14 vertices, 12 facets'
    """
    gens = None
    if not hasattr(Z, "vertices_list"):
        from tropsage.decision import zonotope
        gens = Z
        Z = zonotope(Z)
    d = Z.ambient_dim()
    if d not in (2, 3):
        raise ValueError(f"plot_zonotope draws polytopes in 2 or 3 dimensions, not {d}")
    if not Z.is_compact():
        raise ValueError("plot_zonotope draws bounded polytopes")
    nv = Z.n_vertices()
    ng = f"zonotope of {len(list(gens))} generators" if gens is not None else "polytope"
    head = title if title is not None else ng
    if d == 2:
        fig, ax = _new_axes(ax)
        V = _convex_order([[float(c) for c in v] for v in Z.vertices_list()])
        if len(V) >= 3:
            ax.fill(V[:, 0], V[:, 1], facecolor="#fdd0a2", edgecolor="#d94801", lw=1.5)
        else:
            ax.plot(V[:, 0], V[:, 1], color="#d94801", lw=2)
        ax.scatter(V[:, 0], V[:, 1], color="#d94801", s=18, zorder=3)
        if gens is not None and generators:
            for g in np.array([[float(_frac(c)) for c in row] for row in gens]):
                ax.annotate("", xy=(g[0], g[1]), xytext=(0, 0),
                            arrowprops=dict(arrowstyle="->", color="k", lw=1.2))
        ax.set_aspect("equal")
        ax.margins(0.1)
        ax.set_title(f"{head}: {nv} vertices")
        return _finish(fig, path)
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection
    fig, ax = _new_axes(ax, projection="3d")
    faces = []
    for F in Z.facets():
        P = np.array([[float(c) for c in v] for v in F.vertices()])
        normal = np.array([float(c) for c in F.ambient_Hrepresentation()[0].A()])
        c = P.mean(axis=0)
        u = P[0] - c
        u /= np.linalg.norm(u) or 1.0
        w = np.cross(normal, u)
        ang = np.arctan2((P - c) @ w, (P - c) @ u)
        faces.append(P[np.argsort(ang)])
    ax.add_collection3d(Poly3DCollection(faces, facecolor="#fdd0a2", edgecolor="#d94801",
                                         alpha=0.6, lw=0.8))
    allP = np.vstack(faces)
    lo, hi = allP.min(axis=0), allP.max(axis=0)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_zlim(lo[2], hi[2])
    ax.set_title(f"{head}: {nv} vertices, {Z.n_facets()} facets")
    return _finish(fig, path)
