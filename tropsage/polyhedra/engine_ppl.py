r"""
The PPL engine: the Parma Polyhedra Library through :mod:`ppl` (passagemath-ppl).

``C_Polyhedron`` is PPL's double description (constraints and generators kept in
step); ``MIP_Problem`` its exact simplex, which :func:`exact_lp` uses to find a
relative interior point of larger systems without any generator. As in Sage's
``backend_ppl``, a constraint ``a . x <= b`` is PPL's ``b - a . x >= 0`` and a point
``X / d`` PPL's ``point(X, d)``.

EXAMPLES::

    >>> import numpy as np
    >>> from tropsage.polyhedra.engine_ppl import PplEngine, exact_lp
    >>> H = np.array([[0, -1, 0], [0, 0, -1], [1, 1, 1]])
    >>> E = np.zeros((0, 3), dtype=np.int64)
    >>> P = PplEngine.from_rows(2, H, E)
    >>> P.dim(), sorted(P.generators().raw_points), P.interior_point()
    (2, [([0, 0], 1), ([0, 1], 1), ([1, 0], 1)], ([1, 1], 3))
    >>> exact_lp(2, H, E)
    ('open', ([1, 1], 3))
    >>> PplEngine.from_generators(2, [([0, 0], 1)], [[1, 0], [0, 1]], []).constraints()
    ([[0, -1, 0], [0, 0, -1]], [])
"""

from tropsage.polyhedra.engine import DoubleDescription, Engine, check_generators
from tropsage.polyhedra.rows import STATS


def ppl_generators(P):
    """
    The minimized generators of a PPL polyhedron as Python ints:
    ``(points, rays, lines)`` with points as ``(coefficients, divisor)`` pairs.

    EXAMPLES::

        >>> import ppl
        >>> from tropsage.polyhedra.engine_ppl import ppl_generators
        >>> x = ppl.Variable(0)
        >>> ppl_generators(ppl.C_Polyhedron(ppl.Constraint_System(2 * x >= 1)))
        ([([1], 2)], [[1]], [])
    """
    points, rays, lines = [], [], []
    for g in P.minimized_generators():
        c = [int(v) for v in g.coefficients()]
        if g.is_point():
            points.append((c, int(g.divisor())))
        elif g.is_ray():
            rays.append(c)
        else:
            lines.append(c)
    return points, rays, lines


def ppl_polyhedron(n, H, E):
    """
    The PPL ``C_Polyhedron`` of the integer rows ``H`` (``[b | a]`` for ``a . x <= b``)
    and ``E`` (``[f | e]`` for ``e . x == f``), numpy arrays with ``n + 1`` columns;
    the universe when both are empty.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.engine_ppl import ppl_polyhedron
        >>> P = ppl_polyhedron(2, np.array([[1, 1, 0]]), np.array([[0, 0, 1]]))
        >>> P.affine_dimension(), P.is_bounded()
        (1, False)
    """
    import ppl
    if not (H.shape[0] or E.shape[0]):
        return ppl.C_Polyhedron(n, "universe")
    LE = ppl.Linear_Expression
    cs = ppl.Constraint_System()
    for row in H.tolist():
        cs.insert(LE([-v for v in row[1:]], row[0]) >= 0)
    for row in E.tolist():
        cs.insert(LE([-v for v in row[1:]], row[0]) == 0)
    return ppl.C_Polyhedron(cs)


class PplEngine(Engine):
    """
    A polyhedron held by PPL (``obj`` is the ``C_Polyhedron``, constraints and generators
    kept in step by PPL).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.engine_ppl import PplEngine
        >>> P = PplEngine.from_rows(1, np.array([[1, 1]]), np.zeros((0, 2), dtype=np.int64))
        >>> P.name, type(P.obj).__name__
        ('ppl', 'C_Polyhedron')
    """

    name = "ppl"
    __slots__ = ()

    @classmethod
    def from_rows(cls, n, H, E):
        """
        The rows as a PPL ``Constraint_System`` (see
        :meth:`~tropsage.polyhedra.engine.Engine.from_rows`).

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine_ppl import PplEngine
            >>> dd = PplEngine.from_rows(1, np.array([[1, 1]]), np.zeros((0, 2), dtype=np.int64)).generators()
            >>> dd.vertices, dd.rays                                     # x <= 1
            (((Fraction(1, 1),),), ((-1,),))
        """
        return cls(n, ppl_polyhedron(n, H, E))

    @classmethod
    def from_generators(cls, n, points, rays, lines):
        """
        The generators as a PPL ``Generator_System`` (see
        :meth:`~tropsage.polyhedra.engine.Engine.from_generators`).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_ppl import PplEngine
            >>> PplEngine.from_generators(2, [([0, 0], 1)], [[1, 0], [1, 1]], []).constraints()
            ([[0, 0, -1], [0, -1, 1]], [])
        """
        import ppl
        check_generators(n, points, rays, lines)
        if not points:
            return cls(n, ppl.C_Polyhedron(n, "empty"))
        LE = ppl.Linear_Expression
        gs = ppl.Generator_System()
        for X, d in points:
            gs.insert(ppl.point(LE(list(X), 0), d))
        for r in rays:
            if any(r):
                gs.insert(ppl.ray(LE(list(r), 0)))
        for v in lines:
            if any(v):
                gs.insert(ppl.line(LE(list(v), 0)))
        return cls(n, ppl.C_Polyhedron(gs))

    def dim(self):
        """
        PPL's ``affine_dimension`` (``-1`` when empty).

        EXAMPLES::

            >>> from tropsage.polyhedra.engine_ppl import PplEngine
            >>> PplEngine.from_generators(3, [([0, 0, 0], 1), ([1, 2, 3], 1)], [], []).dim()
            1
        """
        return -1 if self.obj.is_empty() else self.obj.affine_dimension()

    def _generators(self):
        if self.obj.is_empty():
            return DoubleDescription(self.n, [], [], [])
        return DoubleDescription(self.n, *ppl_generators(self.obj), dim=self.obj.affine_dimension())

    def constraints(self):
        """
        PPL's minimized constraints as integer rows (see
        :meth:`~tropsage.polyhedra.engine.Engine.constraints`).

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.polyhedra.engine_ppl import PplEngine
            >>> H = np.array([[1, 1, 0], [1, -1, 0], [1, 0, 1], [1, 0, -1], [3, 1, 1]])
            >>> PplEngine.from_rows(2, H, np.zeros((0, 3), dtype=np.int64)).constraints()   # x + y <= 3 goes
            ([[1, -1, 0], [1, 1, 0], [1, 0, 1], [1, 0, -1]], [])
        """
        H, E = [], []
        for c in self.obj.minimized_constraints():
            # c: e . x + k (>= or ==) 0  ->  (-e) . x <= k, resp. e . x == -k
            e = [int(v) for v in c.coefficients()]
            e += [0] * (self.n - len(e))
            k = int(c.inhomogeneous_term())
            if c.is_equality():
                E.append([-k] + e)
            else:
                H.append([k] + [-v for v in e])
        return H, E


def exact_lp(n, H, E):
    """
    PPL's exact simplex on ``max t : A x + t <= b, E x == f, t <= 1``.

    INPUT: ``n`` and the integer rows ``H``, ``E`` as in :func:`ppl_polyhedron`.

    OUTPUT: ``("empty", None)``, ``("thin", None)`` (non-empty, some inequality is an
    implicit equation) or ``("open", (X, D))`` with ``X/D`` strictly inside every
    inequality: a relative interior point.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.engine_ppl import exact_lp
        >>> E = np.zeros((0, 2), dtype=np.int64)
        >>> exact_lp(1, np.array([[1, 1], [0, -1]]), E)      # 0 <= x <= 1
        ('open', ([1], 2))
        >>> exact_lp(1, np.array([[0, 1], [0, -1]]), E)      # x = 0
        ('thin', None)
        >>> exact_lp(1, np.array([[-1, 1], [0, -1]]), E)     # x <= -1, x >= 0
        ('empty', None)
    """
    import ppl
    STATS["exact_lp"] += 1
    LE = ppl.Linear_Expression
    cs = ppl.Constraint_System()
    for row in H.tolist():
        cs.insert(LE([-v for v in row[1:]] + [-1], row[0]) >= 0)
    for row in E.tolist():
        cs.insert(LE([-v for v in row[1:]] + [0], row[0]) == 0)
    cs.insert(LE([0] * n + [-1], 1) >= 0)
    M = ppl.MIP_Problem(n + 1, cs, LE([0] * n + [1], 0), "maximization")
    if M.solve()["status"] != "optimized":
        return "empty", None
    g = M.optimizing_point()
    coeffs = [int(v) for v in g.coefficients()]
    coeffs += [0] * (n + 1 - len(coeffs))
    if coeffs[n] < 0:
        return "empty", None
    if coeffs[n] == 0:
        return "thin", None
    return "open", (coeffs[:n], int(g.divisor()))
