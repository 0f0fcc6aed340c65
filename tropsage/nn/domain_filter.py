"""
Which regions of a first-layer reduction meet a domain of the input space.

A network's regions factor through its first affine layer
(:mod:`tropsage.nn.reduce`): a cell ``R`` of the reduced space ``Q^r`` stands for the
cylinder ``{x : P x in R}`` of ``Q^n``. With a domain ``D`` (a box or a polyhedron)
only the cylinders that meet the interior of ``D`` count. :class:`DomainFilter`
decides that exactly, in batches (float LPs propose, exact integers verify, the
exact backend decides the rest); :class:`RowLifts` lifts each distinct reduced row
once.
"""

import math
from fractions import Fraction

import numpy as np

from .._exact import int_array, qq
from .reduce import _box_max, box_bounds

_HIGHS = None


def _highs():
    global _HIGHS
    if _HIGHS is None:
        import highspy
        from tropsage.polyhedra._highs import quiet_highs
        # Highs() prints its banner on standard output before any option can be set
        _HIGHS = (quiet_highs(), highspy.kHighsInf, highspy.HighsModelStatus.kOptimal)
    return _HIGHS


class RowLifts:
    """
    The cylinders' rows in ``Q^n`` of rows of the reduced space
    (:meth:`~tropsage.nn.reduce.FirstLayerReduction.lift_rows`), each distinct row lifted once: the
    cells of an enumeration share most of their rows (64-8-8-1: 3,776 distinct rows
    in 215,637).

    Calling it on integer rows ``[b | a]`` of ``Q^r`` returns their lifts as an
    integer array (``int64`` when it fits) and, with ``floats=True``, a float copy
    with every row scaled to largest entry 1 (else ``None``).

    EXAMPLES::

        >>> from tropsage.nn.reduce import first_layer_reduction
        >>> from tropsage.nn.domain_filter import RowLifts
        >>> lift = RowLifts(first_layer_reduction([([[2, 2, 0]], [0]), ([[1]], [0])]), floats=True)
        >>> H, F = lift([[1, 1], [0, -1], [1, 1]])
        >>> H.tolist(), F.tolist()[1], len(lift.cache)
        ([[1, 2, 2, 0], [0, -1, -1, 0], [1, 2, 2, 0]], [0.0, -1.0, -1.0, 0.0], 2)
    """

    def __init__(self, red, floats=False):
        self.red = red
        self.floats = floats
        self.cache = {}         # reduced row -> (lifted row, its float copy or None)

    def __call__(self, rows):
        from tropsage.polyhedra.certify import float_rows
        red = self.red
        n = red.input_dim
        keys = [tuple(int(v) for v in row) for row in rows]
        cache = self.cache
        new = [k for k in dict.fromkeys(keys) if k not in cache]
        if new:
            L = red._lift_rows_int(np.array(new, dtype=object).reshape(len(new), red.reduced_dim + 1))
            if self.floats:
                # each row over its largest entry (float_rows leaves int64 rows
                # unscaled): DomainFilter._separated reads multipliers off this scaling
                F = float_rows(L)
                F /= np.maximum(np.abs(F).max(axis=1), 1e-300)[:, None]
            else:
                F = [None] * len(new)
            for k, row, f in zip(new, L.tolist(), F):
                cache[k] = (row, f)
        if not keys:
            return int_array([], n + 1), (np.zeros((0, n + 1)) if self.floats else None)
        got = [cache[k] for k in keys]
        return int_array([g[0] for g in got], n + 1), \
            (np.array([g[1] for g in got]) if self.floats else None)


class DomainFilter:
    r"""
    Decides exactly which cylinders ``{x : P x in R}`` over reduced cells ``R`` meet
    the interior of a domain ``D`` of the input space, and gives an exact interior
    point of ``cylinder ∩ D`` for those that do.

    Cells are decided in batches (:meth:`interior_many`), in up to four steps, each
    exact:

    1. the lifted interior point of ``R`` (the preimage of least distance to a
       centre of ``D``) is checked strictly inside ``D``: then it is inside the
       intersection, since ``P x`` lies in the open cell;
    2. on a box, a float LP per cell (many cells in one block-diagonal HiGHS run)
       ``max t : a_i . x + t ||a_i|| <= b_i`` over the cell's rows with the box as
       bounds of ``x``. When ``t > 0`` its solution, moved towards the centre of
       the box, is rounded to a dyadic point and checked strictly in integer
       arithmetic; when ``t < 0`` its duals ``w >= 0`` give ``v = sum w_i a_i`` and
       ``beta = sum w_i b_i`` with ``v . x < beta`` on the open cylinder, and
       ``min_box v . x >= beta`` (closed form, exact) proves that the open box
       misses it;
    3. the rest goes to the certified prefilter of :mod:`tropsage.polyhedra.certify`
       on ``cylinder ∩ D`` (a Chebyshev LP: a centre checked exactly, or an exact
       Farkas certificate, which settles cylinders that only touch the box);
    4. anything still not certified goes to
       :meth:`~tropsage.polyhedra.ExactPolyhedron.is_full_dimensional` (exact).

    The box is kept out of the LP's rows in step 2 (about 0.6 ms a cell on a
    ``64``-dimensional cube against 4 ms with its ``2n`` rows in a Chebyshev LP),
    and the cylinders' rows in ``Q^n`` are lifted once per distinct reduced row
    (:class:`RowLifts`, attribute ``lifts``).
    (Enumerating directly in the image ``P(D)`` is not practical: for a box it is a
    zonotope with up to ``2 binom(n, r-1)`` facets.)

    EXAMPLES::

        >>> from tropsage.nn.reduce import first_layer_reduction
        >>> from tropsage.nn.domain_filter import DomainFilter
        >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])
        >>> F = DomainFilter(red, [(0, 1), (0, 1), (0, 1)])
        >>> F.interior([[0, -1]], (1,), 2)         # y >= 0 with y = 1/2
        ((1/4, 1/4, 1/2), ...)
        >>> F.interior([[-3, -1]], (4,), 1)        # y >= 3: misses the cube (y <= 2)
        >>> F.stats["separated"]
        1
    """

    def __init__(self, red, domain):
        from collections import Counter
        from tropsage.polyhedra import as_domain
        self.red = red
        n = red.input_dim
        D = as_domain(domain, n)
        self.domain = D
        self.box = box_bounds(D)
        H = D.inequality_rows()
        H = H[np.any(H[:, 1:] != 0, axis=1)] if H.shape[0] else H
        self.rows = H
        self._dom_rows = H.tolist()
        self.stats = Counter()
        if self.box is not None:
            m = []
            for lo, hi in self.box:
                if lo is not None and hi is not None:
                    m.append((lo + hi) / 2)
                elif lo is not None:
                    m.append(lo + 1)
                elif hi is not None:
                    m.append(hi - 1)
                else:
                    m.append(Fraction(0))
        else:
            p = D.interior_point()
            m = [Fraction(int(v.numerator()), int(v.denominator())) for v in p] if p is not None \
                else [Fraction(0)] * n
        self.centre = m
        self.lifts = RowLifts(red, floats=True)
        if red.is_identity:
            self.Pm = None
            return
        self.Pm = [sum((a * b for a, b in zip(row, m)), Fraction(0)) for row in red._P]
        # the centre m and P m over one denominator dm, for the lifts of step 1
        dm = 1
        for v in list(m) + list(self.Pm):
            dm = dm * v.denominator // math.gcd(dm, v.denominator)
        self._dm = dm
        self._Pmi = [int(v * dm) for v in self.Pm]
        self._mq = np.array([int(v * dm) * red._qd for v in m], dtype=object)
        self._QnT = np.ascontiguousarray(red._Qn.T)

    def interior(self, rows, Y, DY):
        """
        An exact interior point of ``cylinder ∩ D``, or ``None`` when the intersection
        has no interior point. The cylinder is the one over the cell ``rows`` (integer
        rows ``[b | a]``, meaning ``a . y <= b``, of the reduced space) whose
        interior point is ``Y / DY``.

        OUTPUT: ``None``, or ``(p, (X, DX), Hx)``: ``p`` the point as a tuple of ``QQ``,
        ``X / DX`` the same point as integers over one denominator, ``Hx`` the
        cylinder's integer rows in the input space.

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
        >>> from tropsage.nn.domain_filter import DomainFilter
            >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])     # y = x1 + x2
            >>> F = DomainFilter(red, [(0, 1)] * 3)
            >>> p, (X, DX), Hx = F.interior([[-1, -2]], (1,), 1)   # 2y >= 1, at y = 1
            >>> p, (X, DX), Hx.tolist()
            ((1/2, 1/2, 1/2), ((1, 1, 1), 2), [[-1, -2, -2, 0]])
            >>> F.interior([[-5, -2]], (3,), 1) is None            # y >= 5/2 misses the cube
            True
        """
        res = self.interior_many([(rows, Y, DY)])[0]
        if res is None:
            return None
        (X, DX), Hx = res
        return (tuple(qq(v, DX) for v in X), (X, DX), Hx)

    def interior_many(self, cells):
        """
        :meth:`interior` for a batch of cells ``(rows, Y, DY)``, each decided exactly
        (see the class documentation for the steps); the float LPs of the batch
        share HiGHS runs.

        OUTPUT: a list with, per cell, ``None`` or ``((X, DX), Hx)`` (as in
        :meth:`interior`, without the point as ``QQ``).

        EXAMPLES::

            >>> from tropsage.nn.reduce import first_layer_reduction
        >>> from tropsage.nn.domain_filter import DomainFilter
            >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])     # y = x1 + x2
            >>> F = DomainFilter(red, [(0, 1)] * 3)
            >>> cells = [([[-1, -2]], (1,), 1),     # y >= 1/2 at y = 1: its lift is inside
            ...          ([[-3, -2]], (3,), 1),     # y >= 3/2 at y = 3: an LP finds a point
            ...          ([[-4, -2]], (3,), 1),     # y >= 2: meets the closed cube in a corner
            ...          ([[-5, -2]], (3,), 1)]     # y >= 5/2: misses it
            >>> [r if r is None else r[0] for r in F.interior_many(cells)]
            [((1, 1, 1), 2), ((7, 7, 1), 8), None, None]
            >>> F.stats["lifted"], F.stats["float_point"], F.stats["separated"], F.stats["exact"]
            (1, 1, 2, 0)

        ``stats`` counts the cells settled by their lifted point (``lifted``), given
        to the box LP (``float_lp``), to the certified prefilter (``certify``) and
        to the exact test (``exact``), and the answers certified by a float point
        (``float_point``) or by a certificate that the cylinder misses the open
        domain (``separated``).
        """
        out = [None] * len(cells)
        lifted = [self.lifts(rows) for rows, _, _ in cells]
        todo = []
        for p, ((rows, Y, DY), (Hx, _)) in enumerate(zip(cells, lifted)):
            X, DX = self._lift_near_centre(Y, DY)
            if self._strictly_in_domain(X, DX):
                self.stats["lifted"] += 1
                out[p] = ((X, DX), Hx)
            else:
                todo.append(p)
        if todo and self.box is not None:
            rest = []
            for p, res in zip(todo, self._box_lp([lifted[p] for p in todo])):
                if res is False:
                    self.stats["separated"] += 1
                elif res is not None:
                    self.stats["float_point"] += 1
                    out[p] = (res, lifted[p][0])
                else:
                    rest.append(p)
            todo = rest
        if todo:
            self._certified(todo, lifted, out)
        return out

    def _certified(self, todo, lifted, out):
        """Steps 3 and 4 of the class documentation for the cells ``todo``."""
        from tropsage.polyhedra import ExactPolyhedron
        from tropsage.polyhedra.certify import certify_many, float_rows
        n = self.red.input_dim
        dom, domF = self._dom_rows, None
        systems, floats = [], []
        self.stats["certify"] += len(todo)
        for p in todo:
            Hx, F = lifted[p]
            systems.append(Hx.tolist() + dom)
            if domF is None:
                domF = float_rows(self.rows) if dom else np.zeros((0, n + 1))
            floats.append(np.vstack([F, domF]))
        for p, S, cert in zip(todo, systems, certify_many(systems, n=n, floats=floats)):
            if cert.status == "full":
                self.stats["float_point"] += 1
                out[p] = (cert.point, lifted[p][0])
                continue
            if cert.status != "unknown":
                self.stats["separated"] += 1
                continue
            self.stats["exact"] += 1
            Q = ExactPolyhedron.from_integer_rows(np.array(S, dtype=object).reshape(len(S), n + 1),
                                                  n=n)
            if Q.is_full_dimensional():
                pt = Q.interior_point()
                DX = math.lcm(*[int(v.denominator()) for v in pt])
                out[p] = ((tuple(int(v * DX) for v in pt), DX), lifted[p][0])

    def meets(self, cell):
        """
        Whether the cylinder over ``cell`` (an
        :class:`~tropsage.polyhedra.ExactPolyhedron` of the reduced space) meets the
        interior of the domain, exactly.

        EXAMPLES::

            >>> from tropsage.polyhedra import ExactPolyhedron
            >>> from tropsage.nn.reduce import first_layer_reduction
        >>> from tropsage.nn.domain_filter import DomainFilter
            >>> red = first_layer_reduction([([[1, 1, 0]], [0]), ([[1]], [0])])
            >>> F = DomainFilter(red, [(0, 1)] * 3)
            >>> F.meets(ExactPolyhedron([[-1]], [-1])), F.meets(ExactPolyhedron([[-1]], [-2]))
            (True, False)
        """
        if cell.equation_rows().shape[0] or not cell.is_full_dimensional():
            return False
        p = cell.interior_point()
        DY = math.lcm(*[int(v.denominator()) for v in p])
        Y = tuple(int(v * DY) for v in p)
        H = cell.inequality_rows()
        H = H[np.any(H[:, 1:] != 0, axis=1)] if H.shape[0] else H
        return self.interior_many([(H.tolist(), Y, DY)])[0] is not None

    def _lift_near_centre(self, Y, DY):
        red = self.red
        if red.is_identity:
            return tuple(Y), DY
        # x = m + Q (y - P m): the preimage of y closest to the centre m; with
        # den = lcm(DY, dm): x = (Qn (Y den/DY - Pmi den/dm) + qd mi den/dm) / (qd den)
        dm = self._dm
        den = DY * dm // math.gcd(DY, dm)
        a, b = den // DY, den // dm
        dy = np.array([int(y) * a - pm * b for y, pm in zip(Y, self._Pmi)], dtype=object)
        X = (dy.dot(self._QnT) + self._mq * b).tolist()
        D = den * red._qd
        g = math.gcd(D, *X)
        return tuple(v // g for v in X), D // g

    def _strictly_in_domain(self, X, DX):
        if self.box is not None:
            for (lo, hi), x in zip(self.box, X):
                if lo is not None and not x * lo.denominator > lo.numerator * DX:
                    return False
                if hi is not None and not x * hi.denominator < hi.numerator * DX:
                    return False
            return True
        for row in self._dom_rows:
            if not row[0] * DX - sum(a * x for a, x in zip(row[1:], X)) > 0:
                return False
        return True

    def _box_lp(self, cells, batch=16):
        """
        Step 2 of the class documentation for cells ``(Hx, float rows)``: per cell an
        exact point ``(X, DX)`` strictly inside cylinder and box, ``False`` when the
        open box provably misses the cylinder, ``None`` when nothing was certified.
        """
        out = []
        for i in range(0, len(cells), batch):
            out.extend(self._box_lp_run(cells[i:i + batch]))
        return out

    def _box_lp_run(self, cells):
        from tropsage.polyhedra.certify import THIN_RADIUS, rounded_centre
        h, inf, optimal = _highs()
        n = self.red.input_dim
        n1 = n + 1
        lo = np.array([-inf if a is None else float(a) for a, _ in self.box])
        hi = np.array([inf if b is None else float(b) for _, b in self.box])
        # HiGHS reads a row without entries as an error: a cell without rows is all
        # of Q^n, and its lifted point was already checked
        ms = [F.shape[0] for _, F in cells]
        if not all(ms):
            return [None] * len(cells)
        F = np.vstack([F for _, F in cells])
        A = F[:, 1:]
        norms = np.sqrt((A * A).sum(axis=1))
        norms[norms == 0] = 1.0
        nb, rows = len(cells), len(F)
        vals = np.empty((rows, n1))
        vals[:, :-1] = A / norms[:, None]
        vals[:, -1] = 1.0
        c0 = np.repeat(np.arange(nb) * n1, ms).astype(np.int32)
        index = (c0[:, None] + np.arange(n1, dtype=np.int32)).ravel()
        starts = np.arange(0, rows * n1, n1, dtype=np.int32)
        ub = F[:, 0] / norms
        cost = np.zeros(nb * n1)
        cost[n::n1] = -1.0
        h.clearModel()
        h.passModel(nb * n1, rows, rows * n1, 2, 1, 0.0, cost,
                    np.tile(np.append(lo, -inf), nb), np.tile(np.append(hi, 1.0), nb),
                    np.full(rows, -inf), ub, starts, index, vals.ravel(),
                    np.zeros(nb * n1, dtype=np.int32))
        h.run()
        self.stats["float_lp"] += nb
        if h.getModelStatus() != optimal:
            return [None] * nb
        sol = h.getSolution()
        xs, duals = np.array(sol.col_value), np.abs(np.array(sol.row_dual))
        if xs.shape != (nb * n1,) or duals.shape != (rows,) or not np.all(np.isfinite(xs)):
            return [None] * nb
        m = np.array([float(v) for v in self.centre])
        # distance from the centre to the box's faces, per coordinate
        room = np.minimum(np.where(np.isfinite(lo), m - lo, np.inf), np.where(np.isfinite(hi), hi - m, np.inf))
        out = []
        r0 = 0
        for b, ((Hx, _), k) in enumerate(zip(cells, ms)):
            x, t = xs[b * n1:b * n1 + n], float(xs[b * n1 + n])
            An, ubb, y = vals[r0:r0 + k, :-1], ub[r0:r0 + k], duals[r0:r0 + k]
            r0 += k
            if t > THIN_RADIUS:
                # x lies in the closed box with a ball of radius t inside the cylinder;
                # a step towards the centre m enters the open box and keeps half the slack
                s = ubb - An @ x
                d = An @ (m - x)
                lam = 0.5
                if np.any(d > 0):
                    lam = min(lam, float(np.min(s[d > 0] / (2 * d[d > 0]))))
                xp = x + lam * (m - x)
                slack = min(float(np.min(ubb - An @ xp)), lam * float(np.min(room)))
                # rounded_centre checks the rounded point strictly inside the cylinder
                X = rounded_centre(Hx, xp, slack, n) if slack > THIN_RADIUS else None
                out.append(X if X is not None and self._strictly_in_domain(*X) else None)
            elif t < -THIN_RADIUS and self._separated(Hx, y / norms[r0 - k:r0]):
                out.append(False)
            else:
                out.append(None)
        return out

    def _separated(self, Hx, y):
        """
        Whether the float multipliers ``y >= 0`` of the rows of ``Hx`` (for the rows
        each scaled to largest entry 1, as :func:`~tropsage.polyhedra.certify.float_rows`
        does) prove that the open box misses the open cylinder ``Hx``, exactly.
        """
        if not y.size or not np.all(np.isfinite(y)) or not y.max() > 0:
            return False
        rows = Hx.tolist()
        # multipliers of the integer rows: y_i / (largest entry of row i), exact
        ws = [Fraction(float(v)) / (max(abs(c) for c in row) or 1) for v, row in zip(y, rows)]
        den = math.lcm(*[w.denominator for w in ws])
        W = [w.numerator * (den // w.denominator) for w in ws]
        n = self.red.input_dim
        v = [sum(w * row[1 + j] for w, row in zip(W, rows) if w) for j in range(n)]
        if not any(v):
            return False
        beta = sum(w * row[0] for w, row in zip(W, rows) if w)
        top = _box_max(self.box, [-a for a in v])
        if top is None:
            return False
        low = -top          # min of v . x over the box
        # v . x < beta on the open cylinder, v . x > min_box v . x >= beta on the open box
        return low >= beta
