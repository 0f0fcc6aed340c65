r"""
The contract of an exact polyhedral engine, and the canonical double description.

An *engine* wraps one exact library (PPL in :mod:`~tropsage.polyhedra.engine_ppl`,
cddlib in :mod:`~tropsage.polyhedra.engine_cdd`, Sage in
:mod:`~tropsage.polyhedra.engine_sage`) the way Sage's
``sage.geometry.polyhedron.backend_ppl`` wraps PPL for ``Polyhedron``: it is built
from one representation and answers in the other. :class:`Engine` lists what each
must provide:

- ``from_rows(n, H, E)`` -- from integer inequality rows ``[b | a]`` (``a . x <= b``)
  and equation rows ``[f | e]`` (``e . x == f``), numpy arrays without zero rows;
- ``from_generators(n, points, rays, lines)`` -- from points ``(X, d)`` (integer
  coordinates over a positive denominator) and integer rays and lines;
- ``dim()`` -- the dimension, ``-1`` for the empty set (``is_empty()`` follows);
- ``generators()`` -- the V-representation as a :class:`DoubleDescription`, whose
  canonical form (vertices, rays, lines) is the same whichever engine made it;
- ``constraints()`` -- an irredundant H-representation ``(H, E)`` as lists of
  integer rows;
- ``interior_point()`` -- an exact relative interior point ``(X, D)`` (by default
  from the generators).

Everything else :class:`~tropsage.polyhedra.ExactPolyhedron` offers is derived from
these in the front (:mod:`tropsage.polyhedra.backend`): emptiness and
full-dimensionality (with the certified float prefilter of
:mod:`tropsage.polyhedra.certify` first), facet adjacency (the dimension of the
intersection), containment, the affine hull and volumes (from the canonical
generators).

EXAMPLES::

    >>> import numpy as np
    >>> from tropsage.polyhedra.engine import engine
    >>> H = np.array([[0, -1, 0], [0, 0, -1], [1, 1, 1]])
    >>> E = np.zeros((0, 3), dtype=np.int64)
    >>> [engine(name).from_rows(2, H, E).generators().vertices == ((0, 0), (0, 1), (1, 0))
    ...  for name in ("ppl", "cdd", "sage")]
    [True, True, True]
    >>> engine("cdd").from_generators(2, [([0, 0], 1), ([2, 0], 1), ([0, 2], 2)], [], []).constraints()
    ([[0, -1, 0], [0, 0, -1], [2, 1, 2]], [])
"""

import math
from abc import ABC, abstractmethod
from fractions import Fraction

from tropsage.polyhedra.linalg import nullspace, primitive, rank, rref

ENGINES = ("ppl", "cdd", "sage")


def engine(name):
    """
    The engine class of the library ``name`` (``"ppl"``, ``"cdd"`` or ``"sage"``),
    imported on first use.

    EXAMPLES::

        >>> from tropsage.polyhedra.engine import engine
        >>> engine("ppl").name
        'ppl'
        >>> engine("glpk")
        Traceback (most recent call last):
        ...
        ValueError: unknown engine 'glpk'; expected one of ('ppl', 'cdd', 'sage')
    """
    if name == "ppl":
        from tropsage.polyhedra.engine_ppl import PplEngine
        return PplEngine
    if name == "cdd":
        from tropsage.polyhedra.engine_cdd import CddEngine
        return CddEngine
    if name == "sage":
        from tropsage.polyhedra.engine_sage import SageEngine
        return SageEngine
    raise ValueError(f"unknown engine {name!r}; expected one of {ENGINES}")


class Engine(ABC):
    """
    One polyhedron held by an exact library (see the module documentation for the
    contract). ``obj`` is the library's own object, ``n`` the ambient dimension.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.engine import Engine, engine
        >>> P = engine("ppl").from_rows(1, np.array([[1, 1], [0, -1]]), np.zeros((0, 2), dtype=int))
        >>> isinstance(P, Engine), P.n, P.dim(), P
        (True, 1, 1, <PplEngine in dimension 1>)
    """

    name = None
    __slots__ = ("n", "obj", "_gens")

    def __init__(self, n, obj):
        self.n = n
        self.obj = obj
        self._gens = None

    @classmethod
    @abstractmethod
    def from_rows(cls, n, H, E):
        """
        The polyhedron ``{x : a . x <= b for [b | a] in H, e . x = f for [f | e] in E}``.

        INPUT:

        - ``n`` -- the ambient dimension;
        - ``H``, ``E`` -- integer numpy arrays with ``n + 1`` columns and no zero rows.

        OUTPUT: an engine of this class.

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine import engine
            >>> H = np.array([[0, -1, 0], [0, 0, -1], [1, 1, 1]])
            >>> E = np.array([[0, 1, -1]])                       # x = y
            >>> engine("cdd").from_rows(2, H, E).generators().vertices
            ((Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 2), Fraction(1, 2)))
        """

    @classmethod
    @abstractmethod
    def from_generators(cls, n, points, rays, lines):
        """
        The polyhedron ``conv(points) + cone(rays) + span(lines)``.

        INPUT:

        - ``n`` -- the ambient dimension;
        - ``points`` -- pairs ``(X, d)``: ``n`` integer coordinates over ``d > 0``
          (at least one point for a non-empty polyhedron);
        - ``rays``, ``lines`` -- lists of ``n`` integers.

        OUTPUT: an engine of this class (the input is checked by
        :func:`check_generators`).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import engine
            >>> P = engine("ppl").from_generators(2, [([0, 0], 1)], [[1, 0]], [[0, 1]])
            >>> P.dim(), P.constraints()
            (2, ([[0, -1, 0]], []))
        """

    @abstractmethod
    def dim(self):
        """
        The dimension, ``-1`` when empty.

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine import engine
            >>> H = np.array([[1, 1, 0], [-2, -1, 0]])           # 2 <= x <= 1
            >>> engine("sage").from_rows(2, H, np.zeros((0, 3), dtype=int)).dim()
            -1
        """

    def is_empty(self):
        """
        Whether the polyhedron is empty.

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine import engine
            >>> Z = np.zeros((0, 2), dtype=int)
            >>> [engine("ppl").from_rows(1, np.array(H), Z).is_empty() for H in ([[1, 1]], [[-1, 1], [-1, -1]])]
            [False, True]
        """
        return self.dim() < 0

    def generators(self):
        """
        The generators as a :class:`DoubleDescription` (computed once).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import engine
            >>> P = engine("cdd").from_generators(1, [([1], 2), ([3], 1)], [], [])
            >>> P.generators().vertices
            ((Fraction(1, 2),), (Fraction(3, 1),))
        """
        if self._gens is None:
            self._gens = self._generators()
        return self._gens

    @abstractmethod
    def _generators(self):
        """The library's minimized generators as a :class:`DoubleDescription`."""

    @abstractmethod
    def constraints(self):
        """
        An irredundant H-representation ``(H, E)``: lists of integer rows ``[b | a]``
        for ``a . x <= b`` and ``[f | e]`` for ``e . x == f``.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import engine
            >>> engine("ppl").from_generators(2, [([0, 0], 1), ([1, 1], 1)], [], []).constraints()
            ([[0, 0, -1], [1, 0, 1]], [[0, 1, -1]])
        """

    def interior_point(self):
        """
        An exact relative interior point ``(X, D)`` (integer ``X`` over ``D > 0``),
        ``None`` when empty; by default :meth:`DoubleDescription.relint`.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import engine
            >>> engine("sage").from_generators(1, [([0], 1), ([1], 1)], [], []).interior_point()
            ([1], 2)
        """
        return self.generators().relint()

    def __repr__(self):
        return f"<{type(self).__name__} in dimension {self.n}>"


def check_generators(n, points, rays, lines):
    """
    Validate generators for :meth:`Engine.from_generators`: points ``(X, d)`` with
    ``n`` integer coordinates and ``d > 0``, rays and lines of ``n`` integers.

    OUTPUT: ``None``; a ``ValueError`` names the first bad generator.

    EXAMPLES::

        >>> from tropsage.polyhedra.engine import check_generators
        >>> check_generators(2, [([0, 1], 1)], [[1, 0]], [])
        >>> check_generators(2, [([0, 1], 0)], [], [])
        Traceback (most recent call last):
        ...
        ValueError: a point has denominator 0; it must be positive
    """
    for X, d in points:
        if len(X) != n:
            raise ValueError(f"a point has {len(X)} coordinates; expected {n}")
        if not d > 0:
            raise ValueError(f"a point has denominator {d}; it must be positive")
    for what, vs in (("ray", rays), ("line", lines)):
        for v in vs:
            if len(v) != n:
                raise ValueError(f"a {what} has {len(v)} coordinates; expected {n}")


# ---------------------------------------------------------------------------
# the canonical double description shared by all engines

class DoubleDescription:
    """
    Generators of a polyhedron as an engine produced them (``points`` as pairs
    ``(integer coordinates, denominator)``, ``rays`` and ``lines`` as integer lists),
    with a canonical form computed on demand: whichever engine produced them, equal
    polyhedra give equal canonical ``vertices``, ``rays`` and ``lines`` (vertices and
    rays reduced modulo the lineality space: zero at the pivot coordinates of the
    reduced row echelon basis of the lines).

    EXAMPLES::

        >>> from tropsage.polyhedra.engine import DoubleDescription
        >>> dd = DoubleDescription(2, [([1, 3], 2)], [[1, 1]], [[2, 0]])
        >>> dd.vertices, dd.rays, dd.lines, dd.dim
        (((Fraction(0, 1), Fraction(3, 2)),), ((0, 1),), ((1, 0),), 2)
    """

    __slots__ = ("n", "raw_points", "raw_rays", "raw_lines", "_dim", "_canon", "_eqs")

    def __init__(self, n, points, rays, lines, dim=None):
        self.n = n
        self.raw_points = points
        self.raw_rays = rays
        self.raw_lines = lines
        self._dim = -1 if not points else dim
        self._canon = None
        self._eqs = None

    def _homogenized(self):
        gens = [[Fraction(1)] + list(v) for v in self.vertices]
        gens += [[Fraction(0)] + [Fraction(c) for c in r] for r in self.rays + self.lines]
        return gens

    @property
    def dim(self):
        """
        The dimension (``-1`` without points).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import DoubleDescription
            >>> DoubleDescription(3, [([0, 0, 0], 1), ([1, 1, 1], 1)], [], []).dim
            1
        """
        if self._dim is None:
            self._dim = rank(self._homogenized(), self.n + 1) - 1
        return self._dim

    def _canonical(self):
        if self._canon is None:
            if not self.raw_points:
                self._canon = ((), (), ())
                return self._canon
            L, piv = rref(self.raw_lines, self.n)

            def reduce(v):
                for row, p in zip(L, piv):
                    c = v[p]
                    if c:
                        v = [a - c * b for a, b in zip(v, row)]
                return v

            lines = tuple(sorted(primitive(row) for row in L))
            verts = tuple(sorted(set(tuple(reduce([Fraction(c, d) for c in X]))
                                     for X, d in self.raw_points)))
            rs = set()
            for r in self.raw_rays:
                r = reduce([Fraction(c) for c in r])
                if any(r):
                    rs.add(primitive(r))
            self._canon = (verts, tuple(sorted(rs)), lines)
        return self._canon

    @property
    def vertices(self):
        """
        The canonical vertices (reduced modulo the lines), sorted tuples of Fractions.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import DoubleDescription
            >>> DoubleDescription(2, [([2, 4], 2)], [], [[1, 0]]).vertices
            ((Fraction(0, 1), Fraction(2, 1)),)
        """
        return self._canonical()[0]

    @property
    def rays(self):
        """
        The canonical rays: primitive integer tuples, reduced modulo the lines, sorted.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import DoubleDescription
            >>> DoubleDescription(2, [([0, 0], 1)], [[2, 4], [3, 0]], [[1, 0]]).rays
            ((0, 1),)
        """
        return self._canonical()[1]

    @property
    def lines(self):
        """
        A canonical basis of the lineality space: the primitive rows of its reduced
        row echelon form, sorted.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import DoubleDescription
            >>> DoubleDescription(2, [([0, 0], 1)], [], [[2, 2], [0, 3]]).lines
            ((0, 1), (1, 0))
        """
        return self._canonical()[2]

    def is_bounded(self):
        """
        Whether there are neither rays nor lines.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import DoubleDescription
            >>> DoubleDescription(1, [([0], 1)], [], []).is_bounded()
            True
            >>> DoubleDescription(1, [([0], 1)], [[1]], []).is_bounded()
            False
        """
        return not self.raw_rays and not self.raw_lines

    def relint(self):
        """
        Centroid of the points plus the sum of the rays, as ``(X, D)`` with integer
        ``X``: a relative interior point (``relint(A + B) = relint A + relint B``);
        ``None`` without points.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import DoubleDescription
            >>> DoubleDescription(2, [([0, 0], 1), ([1, 0], 2)], [[0, 1]], []).relint()
            ([1, 4], 4)
        """
        if not self.raw_points:
            return None
        L = 1
        for _, d in self.raw_points:
            L = L * d // math.gcd(L, d)
        k = len(self.raw_points)
        D = k * L
        S = [0] * self.n
        for X, d in self.raw_points:
            f = L // d
            S = [s + f * x for s, x in zip(S, X)]
        for r in self.raw_rays:
            S = [s + D * c for s, c in zip(S, r)]
        return S, D

    def equations(self):
        """
        The affine hull as ``[(a, b)]`` with ``a . x == b``, in reduced row echelon form
        (the empty set gives the one equation ``0 == 1``).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine import DoubleDescription
            >>> DoubleDescription(2, [([0, 1], 1), ([1, 2], 1)], [], []).equations()
            [((Fraction(1, 1), Fraction(-1, 1)), Fraction(-1, 1))]
        """
        if self._eqs is None:
            n = self.n
            if self.dim < 0:
                self._eqs = [((Fraction(0),) * n, Fraction(1))]
            else:
                ns = nullspace(self._homogenized(), n + 1)
                # c0 + c . x = 0  ->  rows (c | -c0) in echelon form over x first
                R, _ = rref([c[1:] + [-c[0]] for c in ns], n + 1)
                self._eqs = [(tuple(r[:n]), r[n]) for r in R]
        return self._eqs

    def __eq__(self, other):
        return (isinstance(other, DoubleDescription) and self.n == other.n
                and self._canonical() == other._canonical())

    def __hash__(self):
        return hash((self.n, self._canonical()))


def fraction_rows_to_points(rows):
    """
    Points given as rows of Fractions, as ``[(integer coordinates, common denominator)]``.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.polyhedra.engine import fraction_rows_to_points
        >>> fraction_rows_to_points([[Fraction(1, 2), Fraction(1, 3)], [Fraction(2)]])
        [([3, 2], 6), ([2], 1)]
    """
    out = []
    for v in rows:
        d = 1
        for c in v:
            d = d * c.denominator // math.gcd(d, c.denominator)
        out.append(([c.numerator * (d // c.denominator) for c in v], d))
    return out


def fraction_rows_to_ints(rows):
    """
    Directions given as rows of Fractions, as primitive integer lists (zero rows stay
    zero).

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.polyhedra.engine import fraction_rows_to_ints
        >>> fraction_rows_to_ints([[Fraction(1, 2), Fraction(-1, 4)], [Fraction(0), Fraction(0)]])
        [[2, -1], [0, 0]]
    """
    return [list(primitive(v)) if any(v) else [0] * len(v) for v in rows]
