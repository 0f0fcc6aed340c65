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
    """A polyhedron held by Sage (``obj`` is the ``Polyhedron`` over ``QQ``)."""

    name = "sage"
    __slots__ = ()

    @classmethod
    def from_rows(cls, n, H, E):
        Polyhedron, QQ = _polyhedron()
        ieqs = [[r[0]] + [-v for v in r[1:]] for r in H.tolist()]
        eqns = [[-r[0]] + r[1:] for r in E.tolist()]
        if not ieqs and not eqns:
            return cls(n, Polyhedron(lines=[[int(i == j) for j in range(n)] for i in range(n)],
                                     ambient_dim=n, base_ring=QQ))
        return cls(n, Polyhedron(ieqs=ieqs, eqns=eqns, ambient_dim=n, base_ring=QQ))

    @classmethod
    def empty(cls, n):
        Polyhedron, QQ = _polyhedron()
        return cls(n, Polyhedron(ambient_dim=n, base_ring=QQ))

    @classmethod
    def from_generators(cls, n, points, rays, lines):
        check_generators(n, points, rays, lines)
        if not points:
            return cls.empty(n)
        Polyhedron, QQ = _polyhedron()
        return cls(n, Polyhedron(vertices=[[QQ(x) / d for x in X] for X, d in points],
                                 rays=[list(r) for r in rays if any(r)],
                                 lines=[list(v) for v in lines if any(v)],
                                 ambient_dim=n, base_ring=QQ))

    def dim(self):
        return int(self.obj.dim())

    def _generators(self):
        S = self.obj
        conv = lambda vs: [[Fraction(int(c.numerator()), int(c.denominator())) for c in v] for v in vs]
        return DoubleDescription(self.n, fraction_rows_to_points(conv(S.vertices_list())),
                                 fraction_rows_to_ints(conv(S.rays_list())),
                                 fraction_rows_to_ints(conv(S.lines_list())), dim=int(S.dim()))

    def constraints(self):
        if self.obj.is_empty():
            return [[-1] + [0] * self.n], []
        conv = lambda v: [Fraction(int(c.numerator()), int(c.denominator())) for c in v]
        H = [fraction_rows_to_ints([[q[0]] + [-v for v in q[1:]]])[0]
             for q in map(conv, self.obj.inequalities_list())]
        E = [fraction_rows_to_ints([[-q[0]] + q[1:]])[0] for q in map(conv, self.obj.equations_list())]
        return sorted(H), sorted(E)
