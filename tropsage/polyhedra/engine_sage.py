r"""
The Sage engine: Sage's ``Polyhedron`` over ``QQ`` (the slowest; the reference the
others are tested against).

Sage's inequalities are ``[c | d]`` for ``c + d . x >= 0`` and its equations
``[c | d]`` for ``c + d . x == 0``.

EXAMPLES::

    >>> import numpy as np
    >>> from tropsage.polyhedra.engine_sage import SageEngine
    >>> P = SageEngine.from_rows(1, np.array([[2, 1], [0, -1]]), np.zeros((0, 2), dtype=np.int64))
    >>> P.obj
    A 1-dimensional polyhedron in QQ^1 defined as the convex hull of 2 vertices
    >>> P.constraints()
    ([[0, -1], [2, 1]], [])
"""

from fractions import Fraction

from tropsage.polyhedra.engine import (DoubleDescription, Engine, check_generators,
                                       fraction_rows_to_ints, fraction_rows_to_points)


def _polyhedron():
    import sage.all__sagemath_polyhedra  # noqa: F401
    from sage.geometry.polyhedron.constructor import Polyhedron
    from sage.rings.rational_field import QQ
    return Polyhedron, QQ


class SageEngine(Engine):
    """
    A polyhedron held by Sage (``obj`` is the ``Polyhedron`` over ``QQ``).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.engine_sage import SageEngine
        >>> Z = np.zeros((0, 3), dtype=np.int64)
        >>> SageEngine.from_rows(2, Z, Z).obj                        # no rows: all of QQ^2
        A 2-dimensional polyhedron in QQ^2 defined as the convex hull of 1 vertex and 2 lines
    """

    name = "sage"
    __slots__ = ()

    @classmethod
    def from_rows(cls, n, H, E):
        """
        Sage's ``Polyhedron(ieqs=..., eqns=...)`` of the rows (see
        :meth:`~tropsage.polyhedra.engine.Engine.from_rows`).

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine_sage import SageEngine
            >>> P = SageEngine.from_rows(2, np.array([[1, 1, 0], [0, -1, 0]]), np.array([[1, 0, 1]]))
            >>> sorted(P.obj.vertices_list())                            # 0 <= x <= 1, y = 1
            [[0, 1], [1, 1]]
        """
        Polyhedron, QQ = _polyhedron()
        ieqs = [[r[0]] + [-v for v in r[1:]] for r in H.tolist()]
        eqns = [[-r[0]] + r[1:] for r in E.tolist()]
        if not ieqs and not eqns:
            return cls(n, Polyhedron(lines=[[int(i == j) for j in range(n)] for i in range(n)],
                                     ambient_dim=n, base_ring=QQ))
        return cls(n, Polyhedron(ieqs=ieqs, eqns=eqns, ambient_dim=n, base_ring=QQ))

    @classmethod
    def empty(cls, n):
        """
        The empty polyhedron in ``QQ^n``.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_sage import SageEngine
            >>> P = SageEngine.empty(2)
            >>> P.dim(), P.constraints()
            (-1, ([[-1, 0, 0]], []))
        """
        Polyhedron, QQ = _polyhedron()
        return cls(n, Polyhedron(ambient_dim=n, base_ring=QQ))

    @classmethod
    def from_generators(cls, n, points, rays, lines):
        """
        Sage's ``Polyhedron(vertices=..., rays=..., lines=...)`` (see
        :meth:`~tropsage.polyhedra.engine.Engine.from_generators`).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_sage import SageEngine
            >>> SageEngine.from_generators(2, [([0, 0], 1)], [[1, 2]], []).obj
            A 1-dimensional polyhedron in QQ^2 defined as the convex hull of 1 vertex and 1 ray
        """
        check_generators(n, points, rays, lines)
        if not points:
            return cls.empty(n)
        Polyhedron, QQ = _polyhedron()
        return cls(n, Polyhedron(vertices=[[QQ(x) / d for x in X] for X, d in points],
                                 rays=[list(r) for r in rays if any(r)],
                                 lines=[list(v) for v in lines if any(v)],
                                 ambient_dim=n, base_ring=QQ))

    def dim(self):
        """
        Sage's ``dim`` (``-1`` when empty).

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine_sage import SageEngine
            >>> SageEngine.from_rows(1, np.array([[1, 1], [-2, -1]]), np.zeros((0, 2), dtype=np.int64)).dim()
            -1
        """
        return int(self.obj.dim())

    def _generators(self):
        S = self.obj
        conv = lambda vs: [[Fraction(int(c.numerator()), int(c.denominator())) for c in v] for v in vs]
        return DoubleDescription(self.n, fraction_rows_to_points(conv(S.vertices_list())),
                                 fraction_rows_to_ints(conv(S.rays_list())),
                                 fraction_rows_to_ints(conv(S.lines_list())), dim=int(S.dim()))

    def constraints(self):
        """
        Sage's inequalities and equations as primitive integer rows, sorted; the empty set
        as the one row ``0 <= -1`` (see :meth:`~tropsage.polyhedra.engine.Engine.constraints`).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_sage import SageEngine
            >>> SageEngine.from_generators(2, [([0, 0], 1)], [[1, 2]], []).constraints()
            ([[0, 0, -1]], [[0, 2, -1]])
            >>> SageEngine.empty(1).constraints()
            ([[-1, 0]], [])
        """
        if self.obj.is_empty():
            return [[-1] + [0] * self.n], []
        conv = lambda v: [Fraction(int(c.numerator()), int(c.denominator())) for c in v]
        H = [fraction_rows_to_ints([[q[0]] + [-v for v in q[1:]]])[0]
             for q in map(conv, self.obj.inequalities_list())]
        E = [fraction_rows_to_ints([[-q[0]] + q[1:]])[0] for q in map(conv, self.obj.equations_list())]
        return sorted(H), sorted(E)
