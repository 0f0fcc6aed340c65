r"""
Linear regions as objects: an affine map and the convex pieces it holds on.

A :class:`Region` is a full-dimensional subset of ``Q^n`` (regions are always
``n``-dimensional) given as a finite union of convex, full-dimensional
:class:`~tropsage.polyhedra.ExactPolyhedron` pieces with pairwise disjoint interiors,
together with the affine map ``x ↦ <gradient, x> + constant`` that the function
under study agrees with on it. The same class serves the linear regions of tropical
objects (:mod:`tropsage.regions.tropical`, where a region may be non-convex) and
activation regions of networks (one activation pattern = one convex piece).

Vector-valued maps (tropical rational maps, networks with several outputs) give
regions whose ``gradient`` is a tuple of rows (one per output) and whose
``constant`` is a tuple; ``outputs`` says which case applies.

Every number is an exact Sage ``QQ``.

EXAMPLES::

    >>> from tropsage.polyhedra import ExactPolyhedron
    >>> from tropsage.regions import Region
    >>> R = Region((1, -1), 2, [ExactPolyhedron([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])])
    >>> R
    Region in QQ^2: x - y + 2 on 1 convex piece, bounded
    >>> R.dim, R.is_bounded(), R.volume(), R.interior_point()
    (2, True, 1/2, (1/3, 1/3))
    >>> R.vertices()
    ((0, 0), (0, 1), (1, 0))
    >>> R(1/2, 1/4)
    9/4
"""

from tropsage._extensions import RegionMethods
from tropsage._format import affine_form, default_names
import sage.all__sagemath_polyhedra  # noqa: F401  (must precede deeper sage imports)
from sage.rings.infinity import infinity
from sage.rings.rational_field import QQ

from tropsage._exact import as_fraction, qq


def _qq(v, where):
    f = as_fraction(v, where)
    return qq(f.numerator, f.denominator)


def affine_str(gradient, constant, names):
    """
    ``<gradient, x> + constant`` written like the papers, e.g. ``x - 2*y + 1``.

    EXAMPLES::

        >>> from tropsage.regions.region import affine_str
        >>> affine_str((1, -2), 1, ("x", "y"))
        'x - 2*y + 1'
        >>> affine_str((0, 0), "1/2", ("x", "y"))
        '1/2'
    """
    return affine_form(gradient, constant, names, constant_first=False)


class Region(RegionMethods):
    r"""
    A linear region: an affine map and the convex pieces whose union is the region.

    INPUT:

    - ``gradient`` -- the linear part: a vector of ``n`` rationals, or for a
      vector-valued map a sequence of such vectors (one per output).
    - ``constant`` -- the constant term: a rational, or one per output.
    - ``pieces`` -- non-empty sequence of full-dimensional
      :class:`~tropsage.polyhedra.ExactPolyhedron` in ``Q^n`` with pairwise
      disjoint interiors (not re-checked: the enumerating code guarantees it).
    - ``labels`` -- optional dict of metadata, e.g. ``{"monomials": [(i, j), ...]}``
      for tropical regions or ``{"activation_pattern": ...}`` for networks.
    - ``names`` -- optional variable names used by ``repr``.

    ATTRIBUTES:

    ``gradient`` (tuple of ``QQ``, or tuple of tuples), ``constant`` (``QQ`` or tuple),
    ``pieces`` (list), ``dim`` (always the ambient dimension ``n``), ``outputs``
    (``None`` for a scalar map, else the number of outputs), ``labels`` (dict).

    EXAMPLES::

        >>> from tropsage.polyhedra import ExactPolyhedron
        >>> from tropsage.regions import Region
        >>> half = ExactPolyhedron([[-1]], [0])                  # x >= 0
        >>> R = Region([[1], [0]], [0, 0], [half], labels={"activation_pattern": (1,)})
        >>> R
        Region in QQ^1: (x, 0) on 1 convex piece, unbounded
        >>> R.outputs, R.volume(), R.volume(domain=[(-1, 3)]), R.activation_pattern
        (2, +Infinity, 3, (1,))
        >>> R(2)
        (2, 0)
        >>> Region((1,), 0, [])
        Traceback (most recent call last):
        ...
        ValueError: a Region needs at least one convex piece
    """

    __slots__ = ("gradient", "constant", "pieces", "dim", "outputs", "labels", "_names",
                 "_cache")

    def __init__(self, gradient, constant, pieces, labels=None, names=None):
        from tropsage.polyhedra import ExactPolyhedron
        pieces = list(pieces)
        if not pieces:
            raise ValueError("a Region needs at least one convex piece")
        for k, P in enumerate(pieces):
            if not isinstance(P, ExactPolyhedron):
                raise TypeError(f"piece {k} of a Region must be an ExactPolyhedron, "
                                f"got {type(P).__name__}")
        n = pieces[0].ambient_dim
        if any(P.ambient_dim != n for P in pieces):
            raise ValueError("the pieces of a Region live in different dimensions: "
                             f"{sorted({P.ambient_dim for P in pieces})}")
        gradient = list(gradient)
        vector_valued = bool(gradient) and not _is_scalar(gradient[0])
        if vector_valued:
            rows = [tuple(_qq(v, f"gradient[{o}][{i}]") for i, v in enumerate(r))
                    for o, r in enumerate(gradient)]
            if any(len(r) != n for r in rows):
                raise ValueError(f"every gradient row must have {n} entries")
            if _is_scalar(constant):
                raise ValueError("a vector-valued gradient needs one constant per output")
            const = tuple(_qq(c, f"constant[{o}]") for o, c in enumerate(constant))
            if len(const) != len(rows):
                raise ValueError(f"{len(rows)} gradient rows but {len(const)} constants")
            self.gradient, self.constant, self.outputs = tuple(rows), const, len(rows)
        else:
            if len(gradient) != n:
                raise ValueError(f"the gradient has {len(gradient)} entries; the pieces "
                                 f"live in dimension {n}")
            if not _is_scalar(constant):
                raise ValueError("a scalar gradient needs a single constant")
            self.gradient = tuple(_qq(v, f"gradient[{i}]") for i, v in enumerate(gradient))
            self.constant = _qq(constant, "constant")
            self.outputs = None
        self.pieces = pieces
        self.dim = n
        self.labels = dict(labels or {})
        self._names = tuple(names) if names is not None else default_names(n)
        self._cache = {}

    # -- metadata -----------------------------------------------------------

    @property
    def activation_pattern(self):
        """The activation pattern when the enumerating code recorded one, else ``None``."""
        return self.labels.get("activation_pattern")

    @property
    def monomials(self):
        """Indices of the monomials (or monomial pairs) whose cells make up the region, if recorded."""
        return self.labels.get("monomials")

    @property
    def ambient_dim(self):
        return self.dim

    def n_pieces(self):
        """Number of convex pieces."""
        return len(self.pieces)

    def affine_map(self):
        """``(gradient, constant)``."""
        return self.gradient, self.constant

    def __call__(self, *point):
        """
        The value of the region's affine map at a rational point (exact; the point
        need not lie in the region).
        """
        if len(point) == 1 and not _is_scalar(point[0]):
            point = tuple(point[0])
        if len(point) != self.dim:
            raise ValueError(f"expected a point with {self.dim} coordinates, got {len(point)}")
        x = [_qq(v, f"coordinate {i}") for i, v in enumerate(point)]
        if self.outputs is None:
            return sum((a * v for a, v in zip(self.gradient, x)), self.constant)
        return tuple(sum((a * v for a, v in zip(r, x)), c)
                     for r, c in zip(self.gradient, self.constant))

    # -- geometry -----------------------------------------------------------

    def is_bounded(self):
        """Whether every piece is bounded."""
        b = self._cache.get("bounded")
        if b is None:
            b = self._cache["bounded"] = all(P.is_bounded() for P in self.pieces)
        return b

    def is_convex_piece(self):
        """Whether the region consists of a single convex piece (then it is convex)."""
        return len(self.pieces) == 1

    def interior_point(self):
        """
        An exact point (tuple of ``QQ``) in the interior of the first piece, hence in
        the interior of the region.
        """
        p = self._cache.get("interior")
        if p is None:
            p = self._cache["interior"] = self.pieces[0].interior_point()
        return p

    def contains(self, point, strict=False):
        """
        Whether ``point`` lies in the closed region (in some closed piece). With
        ``strict=True``: whether it lies in the interior of some piece (points on the
        boundary between two pieces of the region count as outside).
        """
        return any(P.contains(point, strict=strict) for P in self.pieces)

    def volume(self, domain=None):
        """
        The exact volume, the sum of the pieces' volumes (their interiors are disjoint).

        INPUT:

        - ``domain`` -- optional box ``[(lo, hi), ...]`` or polyhedron: the volume of
          the part of the region inside it.

        OUTPUT: a Sage ``QQ``, or ``+Infinity`` when the (restricted) region is unbounded.
        """
        if domain is None:
            v = self._cache.get("volume")
            if v is None:
                v = self._cache["volume"] = self._sum_volumes(None)
            return v
        from tropsage.polyhedra import as_domain
        return self._sum_volumes(as_domain(domain, self.dim))

    def _sum_volumes(self, domain):
        total = QQ(0)
        for P in self.pieces:
            v = P.volume(domain=domain)
            if v == infinity:
                return infinity
            total += v
        return total

    def vertices(self):
        """
        The vertices of the pieces, united and sorted (tuples of ``QQ``). For a region
        made of several pieces this includes vertices of the pieces that lie on the
        boundary between two of them.
        """
        v = self._cache.get("vertices")
        if v is None:
            v = self._cache["vertices"] = tuple(sorted({p for P in self.pieces for p in P.vertices()}))
        return v

    def rays(self):
        """The extreme rays of the pieces, united and sorted (primitive integer vectors as QQ)."""
        return tuple(sorted({r for P in self.pieces for r in P.rays()}))

    def to_sage(self):
        """The pieces as a list of Sage ``Polyhedron`` objects."""
        return [P.to_sage() for P in self.pieces]

    # -- display: plot() and show() come from tropsage._methods (the plot layer is above)

    def map_str(self):
        """The affine map as text, e.g. ``x - y + 2`` or ``(x, 0)``."""
        if self.outputs is None:
            return affine_str(self.gradient, self.constant, self._names)
        return "(" + ", ".join(affine_str(r, c, self._names)
                               for r, c in zip(self.gradient, self.constant)) + ")"

    def __repr__(self):
        k = len(self.pieces)
        bounded = "bounded" if self.is_bounded() else "unbounded"
        return (f"Region in QQ^{self.dim}: {self.map_str()} on {k} convex "
                f"piece{'s' if k != 1 else ''}, {bounded}")

    def _repr_html_(self):
        import html
        rows = [("affine map", self.map_str()), ("pieces", str(len(self.pieces))),
                ("bounded", str(self.is_bounded())), ("volume", str(self.volume())),
                ("interior point", str(self.interior_point()))]
        rows += [(str(k), str(v)) for k, v in self.labels.items()]
        body = "".join(f"<tr><th style='text-align:left'>{html.escape(a)}</th>"
                       f"<td>{html.escape(b)}</td></tr>" for a, b in rows)
        return f"<table><caption>Region in QQ<sup>{self.dim}</sup></caption>{body}</table>"


class RegionList(RegionMethods, list):
    """
    A list of :class:`Region` with an ``info`` dict (e.g. ``{"partial": True}`` when
    an enumeration was interrupted, timings, counters).

    EXAMPLES::

        >>> from tropsage.regions import RegionList
        >>> L = RegionList([], info={"partial": False}); len(L), L.info
        (0, {'partial': False})
    """

    def __init__(self, regions=(), info=None):
        super().__init__(regions)
        self.info = dict(info or {})

    @property
    def partial(self):
        """True when the enumeration stopped early (the list holds what was found)."""
        return bool(self.info.get("partial", False))

    def volumes(self, domain=None, progress=False):
        """
        The exact volumes of the regions, in order (see :meth:`Region.volume`).

        ``progress=True`` shows a tqdm bar with an ETA (``None``: when standard error
        is a terminal). Ctrl-C raises ``KeyboardInterrupt`` between two regions; the
        volumes found so far stay cached in the regions (without ``domain``), so the
        next call goes on from there.

        EXAMPLES::

            >>> import tropsage as ts
            >>> x, = ts.TropicalPuiseuxSemiring(1).gens()
            >>> ts.linear_regions(0 + 1*x + 1*x**2).volumes(domain=[(-2, 2)])
            [1, 1, 2]
        """
        if not progress and progress is not None:
            return [R.volume(domain=domain) for R in self]
        from tqdm.auto import tqdm
        done = 0 if domain is not None else sum(1 for R in self if "volume" in R._cache)
        with tqdm(total=len(self), initial=done, desc="volumes", unit=" regions",
                  disable=None if progress is None else False) as bar:
            out = []
            for R in self:
                cached = domain is None and "volume" in R._cache
                out.append(R.volume(domain=domain))
                if not cached:
                    bar.update(1)
            return out

    def vertices(self):
        """All vertices of all regions, united and sorted."""
        return tuple(sorted({v for R in self for v in R.vertices()}))

    def _repr_html_(self, max_rows=20):
        """
        A notebook summary: the count, how many are bounded, and a table of the first
        ``max_rows`` regions (affine map, pieces, bounded, volume).

        EXAMPLES::

            >>> import tropsage as ts
            >>> x, = ts.TropicalPuiseuxSemiring(1).gens()
            >>> html = ts.linear_regions(0 + 1*x + 1*x**2)._repr_html_()
            >>> "3 regions" in html and "+Infinity" in html and "<td>1</td>" in html
            True
        """
        import html
        bounded = sum(1 for R in self if R.is_bounded())
        head = (f"{len(self)} region{'s' if len(self) != 1 else ''}"
                f"{' in QQ<sup>%d</sup>' % self[0].dim if self else ''}, {bounded} bounded"
                f"{' (partial: enumeration stopped early)' if self.partial else ''}")
        rows = "".join(
            f"<tr><td>{k}</td><td>{html.escape(R.map_str())}</td><td>{len(R.pieces)}</td>"
            f"<td>{R.is_bounded()}</td><td>{html.escape(str(R.volume()))}</td></tr>"
            for k, R in enumerate(self[:max_rows]))
        more = (f"<tr><td colspan='5'>... {len(self) - max_rows} more</td></tr>"
                if len(self) > max_rows else "")
        return (f"<table><caption>{head}</caption><tr><th>#</th><th>affine map</th>"
                f"<th>pieces</th><th>bounded</th><th>volume</th></tr>{rows}{more}</table>")


def _is_scalar(v):
    # Sage rationals are iterable (over their digits), so ask the exact converter
    try:
        as_fraction(v)
    except (TypeError, ValueError):
        return False
    return True
