r"""
The cddlib engine: Fukuda's double description in exact GMP arithmetic through
:mod:`cdd.gmp` (pycddlib 3).

cddlib's rows are ``[b | -a]`` for ``a . x <= b`` (``b - a . x >= 0``), equations
marked in ``lin_set``; generators are ``[1 | v]`` for points and ``[0 | r]`` for
rays and (in ``lin_set``) lines.

EXAMPLES::

    >>> import numpy as np
    >>> from tropsage.polyhedra.engine_cdd import CddEngine
    >>> P = CddEngine.from_rows(1, np.array([[2, 1], [0, -1]]), np.zeros((0, 2), dtype=np.int64))
    >>> P.dim(), P.generators().vertices
    (1, ((Fraction(0, 1),), (Fraction(2, 1),)))
"""

from fractions import Fraction

from tropsage.polyhedra.engine import (DoubleDescription, Engine, check_generators,
                                       fraction_rows_to_ints, fraction_rows_to_points)


class CddEngine(Engine):
    """
    A polyhedron held by cddlib in exact GMP arithmetic (``obj`` is the ``cdd.gmp``
    polyhedron).

    EXAMPLES::

        >>> from tropsage.polyhedra.engine_cdd import CddEngine
        >>> P = CddEngine.from_generators(1, [([0], 1)], [], [])
        >>> P.name, P.dim()
        ('cdd', 0)
    """

    name = "cdd"
    __slots__ = ()

    @classmethod
    def from_rows(cls, n, H, E):
        """
        The rows as a cddlib inequality matrix, the equations in its ``lin_set`` (see
        :meth:`~tropsage.polyhedra.engine.Engine.from_rows`).

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine_cdd import CddEngine
            >>> H = np.array([[0, -1, 0], [0, 0, -1], [1, 1, 1]])
            >>> CddEngine.from_rows(2, H, np.array([[0, 1, -1]])).generators().vertices   # x = y
            ((Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 2), Fraction(1, 2)))
        """
        import cdd
        import cdd.gmp
        rows = [[r[0]] + [-v for v in r[1:]] for r in H.tolist()]
        rows += [[-r[0]] + r[1:] for r in E.tolist()]
        if not rows:
            rows = [[1] + [0] * n]  # 1 >= 0: cddlib needs at least one row
        lin = set(range(H.shape[0], H.shape[0] + E.shape[0]))
        mat = cdd.gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY)
        return cls(n, cdd.gmp.polyhedron_from_matrix(mat))

    @classmethod
    def from_generators(cls, n, points, rays, lines):
        """
        The generators as a cddlib generator matrix, the lines in its ``lin_set`` (see
        :meth:`~tropsage.polyhedra.engine.Engine.from_generators`).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_cdd import CddEngine
            >>> CddEngine.from_generators(2, [([1, 0], 1)], [], [[0, 1]]).constraints()    # x = 1
            ([], [[1, 1, 0]])
        """
        import cdd
        import cdd.gmp
        check_generators(n, points, rays, lines)
        if not points:
            # 0 >= 1: the empty set
            mat = cdd.gmp.matrix_from_array([[-1] + [0] * n], rep_type=cdd.RepType.INEQUALITY)
            return cls(n, cdd.gmp.polyhedron_from_matrix(mat))
        rows = [[1] + [Fraction(x, d) for x in X] for X, d in points]
        rows += [[0] + list(r) for r in rays if any(r)]
        k = len(rows)
        ls = [[0] + list(v) for v in lines if any(v)]
        mat = cdd.gmp.matrix_from_array(rows + ls, lin_set=set(range(k, k + len(ls))),
                                        rep_type=cdd.RepType.GENERATOR)
        return cls(n, cdd.gmp.polyhedron_from_matrix(mat))

    def dim(self):
        """
        The rank of the homogenized generators minus one, by cddlib's exact rank.

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_cdd import CddEngine
            >>> P = CddEngine.from_generators(2, [([1, 2], 3)], [], [])
            >>> P.dim(), P.generators().vertices
            (0, ((Fraction(1, 3), Fraction(2, 3)),))
        """
        return self.generators().dim

    def _generators(self):
        import cdd.gmp
        n = self.n
        G = cdd.gmp.copy_generators(self.obj)
        points, rays, lines = [], [], []
        for i, row in enumerate(G.array):
            v = [Fraction(c) for c in row[1:]]
            if row[0] != 0:
                points.append(v)
            elif i in G.lin_set:
                lines.append(v)
            else:
                rays.append(v)
        if not points and not rays and not lines:
            return DoubleDescription(n, [], [], [])
        rows = [list(r) for r in G.array]
        if not points:
            # cddlib leaves out the apex of a cone: the origin is then the vertex
            points.append([Fraction(0)] * n)
            rows.append([1] + [0] * n)
        # dim P = rank of the homogenized generators - 1, by cddlib's exact rank
        dim = cdd.gmp.matrix_rank(cdd.gmp.matrix_from_array(rows))[2] - 1
        return DoubleDescription(n, fraction_rows_to_points(points), fraction_rows_to_ints(rays),
                                 fraction_rows_to_ints(lines), dim=dim)

    def constraints(self):
        """
        cddlib's canonicalized inequalities and equations, sorted (see
        :meth:`~tropsage.polyhedra.engine.Engine.constraints`).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_cdd import CddEngine
            >>> CddEngine.from_generators(2, [([0, 0], 1), ([2, 2], 1)], [], []).constraints()
            ([[0, -1, 0], [2, 1, 0]], [[0, -1, 1]])
        """
        import cdd.gmp
        M = cdd.gmp.copy_inequalities(self.obj)
        cdd.gmp.matrix_canonicalize(M)
        H, E = [], []
        for i, row in enumerate(M.array):
            q = [Fraction(c) for c in row]
            if not any(q[1:]):
                if q[0] < 0 or (i in M.lin_set and q[0] != 0):
                    return [[-1] + [0] * self.n], []
                continue
            if i in M.lin_set:
                E.append(fraction_rows_to_ints([[-q[0]] + q[1:]])[0])
            else:
                H.append(fraction_rows_to_ints([[q[0]] + [-v for v in q[1:]]])[0])
        return sorted(H), sorted(E)
