r"""
Certified full-dimensionality of integer inequality systems: a float LP proposes,
exact integer arithmetic verifies, PPL decides the rest.

A *system* is an integer matrix whose row ``[b, a_1, ..., a_n]`` means ``a . x <= b``
(a numpy ``int64`` or object array of Python ints, or a list of lists of Python ints
of any size). For a batch of systems, :func:`certify_many` answers each with a
:class:`Certificate`:

- ``"full"``: the set has an interior; ``point = (X, D)`` with integer ``X`` and
  ``D > 0`` is strictly inside every inequality (but the always true ``0 <= b``),
  checked in exact integer arithmetic;
- ``"empty"``: no point satisfies the system; ``farkas = (S, w)`` gives integer
  multipliers ``w_i >= 0`` on the rows ``S`` with ``sum w_i a_i = 0`` and
  ``sum w_i b_i < 0`` (then ``0 <= sum w_i (b_i - a_i . x) < 0`` for any point ``x``
  of the set: none exists);
- ``"thin"``: the set has no interior; the same kind of multipliers with
  ``sum w_i b_i = 0`` prove every row ``i`` with ``w_i > 0`` tight on the whole set,
  which lies in the hyperplane ``a_i . x = b_i`` (it may still be empty);
- ``"unknown"``: nothing could be certified.

:func:`decide_many` then decides every ``"unknown"`` exactly with PPL (its double
description: the dimension, and for a full set the centroid of the vertices plus the
sum of the rays as the interior point), so its answers are never ``"unknown"``.

**The float LP** is the Chebyshev centre LP ``max r : a_i . x + r ||a_i|| <= b_i,
r <= 1`` (``r`` free below, so it always has an optimum; ``r < 0`` for empty sets,
``0`` for thin ones). All systems of a batch go into one block-diagonal HiGHS LP
whose objective is the sum of the radii, so each block's part of the optimum is that
system's own optimum, and HiGHS's fixed cost per solve (about 150 us) is paid once
per batch. A radius ``r > THIN_RADIUS`` gives a centre, rounded to a dyadic
rational ``X / 2^k`` on a grid finer than ``r / sqrt(n)`` and checked strictly; a
radius ``r <= THIN_RADIUS`` makes the LP duals the candidate Farkas multipliers: on
their support the exact integer kernel of ``A_S^T`` (FLINT) must be one-dimensional
and of one sign. The float LP only ever proposes: a wrong centre fails the strict
check, wrong duals fail the kernel test, and the answer is then ``"unknown"``.

EXAMPLES::

    >>> from tropsage.polyhedra.certify import certify_many, decide_many
    >>> square = [[1, 1, 0], [0, -1, 0], [1, 0, 1], [0, 0, -1]]      # 0 <= x, y <= 1
    >>> segment = [[0, 1, 0], [0, -1, 0], [1, 0, 1], [0, 0, -1]]     # x = 0, 0 <= y <= 1
    >>> nothing = [[-1, 1, 1], [0, -1, -1]]                          # x + y <= -1, >= 0
    >>> full, thin, empty = certify_many([square, segment, nothing])
    >>> full.status, full.point
    ('full', ((1, 1), 2))
    >>> thin.status, thin.farkas, empty.status, empty.farkas
    ('thin', ((0, 1), (1, 1)), 'empty', ((0, 1), (1, 1)))
    >>> all(c.check(H) for c, H in zip((full, thin, empty), (square, segment, nothing)))
    True
    >>> [c.status for c in decide_many([[[1, 1]], []], n=1)]
    ['full', 'full']
"""

import math
import threading
from typing import NamedTuple

import numpy as np

from tropsage.polyhedra.linalg import integer_kernel
from tropsage.polyhedra.rows import STATS

# Chebyshev radii above this are rounded and checked as interior points; at or below
# it the LP duals are tried as an exact Farkas certificate.
THIN_RADIUS = 1e-9
# relative size below which a float dual counts as zero (outside the support)
DUAL_ZERO = 1e-9
# block-diagonal LPs of this many systems per HiGHS run (measured: 60-120 us a cell
# in batches against 150-250 us alone)
BATCH = 16


class Certificate(NamedTuple):
    """
    The answer for one system (see the module documentation).

    - ``status`` -- ``"full"``, ``"thin"``, ``"empty"`` or ``"unknown"``;
    - ``point`` -- for ``"full"``: ``(X, D)``, a tuple of ints and a positive int,
      with ``X / D`` strictly inside every inequality with ``a != 0``; else ``None``;
    - ``farkas`` -- for ``"thin"``/``"empty"`` certified from the float LP or from a
      zero row: ``(S, w)``, row indices and non-negative integer multipliers; else
      ``None`` (in particular when PPL decided);
    - ``source`` -- ``"float"`` (certified float LP), ``"trivial"`` (no LP needed:
      no rows, or a row ``0 <= b`` with ``b < 0``), ``"exact"`` (PPL decided) or
      ``None`` for ``"unknown"``.

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import certify_many
        >>> full, empty = certify_many([[[1, 1], [0, -1]], [[-1, 1], [0, -1]]], n=1)
        >>> full.status, full.point                    # 0 <= x <= 1: the point 1/2
        ('full', ((1,), 2))
        >>> empty.status, empty.farkas                 # x <= -1 plus x >= 0 gives 0 <= -1
        ('empty', ((0, 1), (1, 1)))
    """

    status: str
    point: tuple = None
    farkas: tuple = None
    source: str = None

    def check(self, rows):
        """
        Re-verify the certificate against the integer ``rows`` in exact arithmetic
        (``"unknown"`` and PPL's answers without multipliers check as True).

        EXAMPLES::

            >>> from tropsage.polyhedra.certify import Certificate
            >>> Certificate("full", ((0,), 1), None, "float").check([[1, 1], [0, -1]])
            False
            >>> Certificate("empty", None, ((0, 1), (1, 1)), "float").check([[0, 1], [-1, -1]])
            True
        """
        rows = [[int(v) for v in r] for r in rows]
        if self.status == "full":
            # a zero row 0 <= b (b >= 0) holds everywhere and cannot hold strictly
            return self.point is not None and strictly_inside([r for r in rows if any(r[1:])],
                                                              *self.point)
        if self.farkas is None:
            return self.status in ("unknown", "thin", "empty")
        S, w = self.farkas
        if any(v < 0 for v in w) or not any(w):
            return False
        n = len(rows[0]) - 1
        for j in range(1, n + 1):
            if sum(v * rows[i][j] for i, v in zip(S, w)):
                return False
        bw = sum(v * rows[i][0] for i, v in zip(S, w))
        return bw < 0 if self.status == "empty" else bw == 0


UNKNOWN = Certificate("unknown")


# ---------------------------------------------------------------------------
# the float LP

_local = threading.local()


def _highs():
    """One quiet HiGHS object per thread (its fixed set-up cost is paid once)."""
    h = getattr(_local, "highs", None)
    if h is None:
        import highspy
        from tropsage.polyhedra._highs import quiet_highs
        h = quiet_highs()
        # presolve costs more than it saves on these tiny dense LPs
        h.setOptionValue("presolve", "off")
        _local.highs = h
        _local.inf = highspy.kHighsInf
        _local.optimal = highspy.HighsModelStatus.kOptimal
    return h


def float_rows(rows):
    """
    A float64 copy of integer rows; rows of Python ints (lists or object arrays) are
    each divided by their largest entry first, so huge integers never overflow
    (``int / int`` is correctly rounded at any size).

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import float_rows
        >>> float_rows([[2 ** 2000, -(2 ** 1999)]]).tolist()
        [[1.0, -0.5]]
    """
    if isinstance(rows, np.ndarray) and rows.dtype.kind in "iuf":
        return rows.astype(np.float64)
    m = len(rows)
    out = np.empty((m, len(rows[0]) if m else 0))
    for i, r in enumerate(rows):
        s = max((abs(int(v)) for v in r), default=0) or 1
        out[i] = [int(v) / s for v in r]
    return out


def chebyshev_lp(systems):
    """
    Float Chebyshev centres of several systems in one block-diagonal HiGHS LP.

    INPUT: a list of systems ``[b | A]`` without zero rows: float arrays (used as
    they are) or integer rows (converted by :func:`float_rows`).

    OUTPUT: per system ``(x, r, y)``, the centre, the radius and the absolute row
    duals as floats, or ``None`` when HiGHS reports anything but an optimum. Nothing
    here is certified: :func:`certify_many` checks every answer exactly (and the
    tests replace this function by a liar to show it).

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import chebyshev_lp
        >>> [(x, r) for x, r, y in chebyshev_lp([[[2, 1], [0, -1]]])]
        [(array([1.]), 1.0)]
    """
    if not len(systems):
        return []
    h = _highs()
    inf = _local.inf
    Fs = [F if isinstance(F, np.ndarray) and F.dtype == np.float64 else float_rows(F)
          for F in systems]
    ms = np.array([F.shape[0] for F in Fs], dtype=np.int64)
    n1s = np.array([F.shape[1] for F in Fs], dtype=np.int64)
    # column blocks: block p owns columns c0[p] .. c0[p] + n1[p] - 1 (x, then r)
    c0s = np.concatenate([[0], np.cumsum(n1s)[:-1]])
    cols = int(n1s.sum())
    rows = int(ms.sum())
    cost = np.zeros(cols)
    up = np.full(cols, inf)
    last = c0s + n1s - 1
    cost[last] = -1.0
    up[last] = 1.0
    if (n1s == n1s[0]).all():
        # the usual case (one dimension): everything in a few vectorised steps
        n1 = int(n1s[0])
        F = np.vstack(Fs) if len(Fs) > 1 else Fs[0]
        A = F[:, 1:]
        norms = np.sqrt((A * A).sum(axis=1))
        norms[norms == 0] = 1.0
        # rows scaled to unit normals keep the LP well conditioned
        vals = np.empty((rows, n1))
        vals[:, :-1] = A / norms[:, None]
        vals[:, -1] = 1.0
        rowc0 = np.repeat(c0s, ms).astype(np.int32)
        nnz = rows * n1
        starts = np.arange(0, nnz, n1, dtype=np.int32)
        index = (rowc0[:, None] + np.arange(n1, dtype=np.int32)).ravel()
        values = vals.ravel()
        ub = F[:, 0] / norms
    else:
        starts, index, values, ub = [], [], [], []
        nnz = 0
        for F, m, n1, c0 in zip(Fs, ms.tolist(), n1s.tolist(), c0s.tolist()):
            A = F[:, 1:]
            norms = np.sqrt((A * A).sum(axis=1))
            norms[norms == 0] = 1.0
            vals = np.empty((m, n1))
            vals[:, :-1] = A / norms[:, None]
            vals[:, -1] = 1.0
            starts.append(np.arange(nnz, nnz + m * n1, n1, dtype=np.int32))
            index.append(np.tile(np.arange(c0, c0 + n1, dtype=np.int32), m))
            values.append(vals.ravel())
            ub.append(F[:, 0] / norms)
            nnz += m * n1
        starts, index = np.concatenate(starts), np.concatenate(index)
        values, ub = np.concatenate(values), np.concatenate(ub)
    h.clearModel()
    h.passModel(cols, rows, nnz, 2, 1, 0.0, cost, np.full(cols, -inf), up,
                np.full(rows, -inf), ub, starts, index, values, np.zeros(cols, dtype=np.int32))
    h.run()
    STATS["float_lp"] += 1
    if h.getModelStatus() != _local.optimal:
        return [None] * len(Fs)
    solution = h.getSolution()
    sol = np.array(solution.col_value)
    duals = np.abs(np.array(solution.row_dual))
    if sol.shape != (cols,) or duals.shape != (rows,):
        return [None] * len(Fs)
    out = []
    r0 = 0
    for m, n1, c0 in zip(ms.tolist(), n1s.tolist(), c0s.tolist()):
        x = sol[c0:c0 + n1]
        y = duals[r0:r0 + m]
        r0 += m
        if np.all(np.isfinite(x)) and np.all(np.isfinite(y)):
            out.append((x[:-1], float(x[-1]), y))
        else:
            out.append(None)
    return out


# ---------------------------------------------------------------------------
# exact checks

def strictly_inside(rows, X, D):
    """
    Whether ``X / D`` satisfies every row ``[b | a]`` strictly (``a . X < b D``), in
    exact integer arithmetic.

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import strictly_inside
        >>> strictly_inside([[1, 1], [0, -1]], (1,), 2), strictly_inside([[1, 1]], (1,), 1)
        (True, False)
    """
    if isinstance(rows, np.ndarray):
        from tropsage.polyhedra.rows import slack
        return bool(np.all(slack(rows, X, D) > 0))
    for r in rows:
        s = r[0] * D
        for a, x in zip(r[1:], X):
            s -= a * x
        if s <= 0:
            return False
    return True


def rounded_centre(rows, x, r, n):
    """
    The float centre ``x`` of radius ``r`` rounded to ``X / 2^k`` on a grid finer than
    ``r / sqrt(n)`` and reduced; ``(X, D)`` when it is strictly inside every row,
    else ``None``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.certify import rounded_centre
        >>> rounded_centre([[1, 1, 0], [0, -1, 0], [1, 0, 1], [0, 0, -1]], np.array([0.5, 0.5]), 0.5, 2)
        ((1, 1), 2)
    """
    if not r > THIN_RADIUS:
        return None
    k = max(0, math.ceil(math.log2(math.sqrt(max(n, 1)) / r)) + 1)
    if k > 1000:
        return None
    X = [int(v) for v in np.rint(np.ldexp(x, k))]
    D = 1 << k
    if not strictly_inside(rows, X, D):
        return None
    g = math.gcd(D, *X)
    return (tuple(v // g for v in X), D // g) if g > 1 else (tuple(X), D)


def farkas_certificate(rows, y):
    """
    An exact certificate that ``{x : rows}`` has no interior, built from the float
    duals ``y`` of its Chebyshev LP, or ``None``.

    On the support ``S`` of ``y`` (duals above ``DUAL_ZERO`` times the largest) the
    integer kernel of ``A_S^T`` must be one-dimensional and spanned by a vector ``w``
    of one sign; then ``sum w_i b_i < 0`` proves the set empty and ``= 0`` proves it
    thin (see the module documentation).

    OUTPUT: a :class:`Certificate` with status ``"empty"`` or ``"thin"`` and
    ``farkas = (S, w)``, or ``None``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.certify import farkas_certificate
        >>> farkas_certificate([[0, 1, 1], [0, -2, -2], [5, 1, 0]], np.array([0.5, 0.25, 0.]))
        Certificate(status='thin', point=None, farkas=((0, 1), (2, 1)), source='float')
        >>> print(farkas_certificate([[1, 1, 1], [0, -2, -2]], np.array([0.5, 0.25])))
        None
    """
    y = np.asarray(y, dtype=np.float64)
    top = float(y.max()) if y.size else 0.0
    if not top > 0:
        return None
    S = np.flatnonzero(y > DUAL_ZERO * top).tolist()
    n = len(rows[0]) - 1
    if not S or len(S) > n + 1:
        return None
    sub = [[int(v) for v in rows[i]] for i in S]
    # the columns of A_S^T are the rows a_i, i in S
    ker = integer_kernel([[r[1 + j] for r in sub] for j in range(n)], len(S), integral=True)
    if len(ker) != 1:
        return None
    w = ker[0]
    if all(v <= 0 for v in w):
        w = [-v for v in w]
    if any(v < 0 for v in w):
        return None
    g = math.gcd(*w)
    if g > 1:
        w = [v // g for v in w]
    bw = sum(v * r[0] for v, r in zip(w, sub))
    if bw > 0:
        return None
    return Certificate("empty" if bw < 0 else "thin", None, (tuple(S), tuple(w)), "float")


# ---------------------------------------------------------------------------
# the API

def _system(H, n):
    """``(m, n, zero-row verdict, indices of the nonzero rows or None when all are)``."""
    if isinstance(H, np.ndarray):
        if H.ndim != 2:
            raise ValueError(f"a system must be a 2-dimensional array of rows [b | a], got shape {H.shape}")
        if H.dtype.kind not in "iuO":
            raise TypeError(f"a system must hold integers (int64 or Python ints), got dtype {H.dtype}")
        m, w = H.shape
        if m and w:
            nz = np.count_nonzero(H[:, 1:], axis=1) if w > 1 else np.zeros(m, dtype=np.int64)
            if nz.all():
                return m, w - 1, None, None
            zero = np.flatnonzero(nz == 0)
            bad = [int(i) for i in zero if H[i, 0] < 0]
            keep = np.flatnonzero(nz).tolist()
            return m, w - 1, bad, keep
        width = w - 1 if w else n
    else:
        m = len(H)
        width = len(H[0]) - 1 if m else n
        keep, bad = [], []
        for i, r in enumerate(H):
            if any(r[1:]):
                keep.append(i)
            elif r[0] < 0:
                bad.append(i)
        if m:
            if any(len(r) != width + 1 for r in H):
                raise ValueError("a system is ragged (rows of different lengths)")
            return m, width, bad, (None if len(keep) == m else keep)
    if width is None:
        raise ValueError("cannot infer the dimension of a system without rows; pass n=")
    return m, width, [], []


def certify_many(systems, n=None, floats=None, batch=BATCH):
    """
    Certify, for each integer system ``[b | a]`` (``a . x <= b``), whether its set of
    solutions is full-dimensional, by the float LP checked in exact arithmetic.

    INPUT:

    - ``systems`` -- a list of systems: numpy int64/object arrays or lists of rows of
      Python ints (any size);
    - ``n`` -- the dimension of the systems given as empty lists (the others may
      live in different dimensions: each is a block of its own);
    - ``floats`` -- optional float copies of the systems (:func:`float_rows`), when
      the caller keeps them cached;
    - ``batch`` -- systems per HiGHS run.

    OUTPUT: a list of :class:`Certificate`, one per system, each ``"full"``,
    ``"thin"``, ``"empty"`` (all three certified exactly) or ``"unknown"``.

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import certify_many
        >>> [c.status for c in certify_many([[[1, 1], [0, -1]], [[0, 1], [0, -1]], [[-1, 0]], []], n=1)]
        ['full', 'thin', 'empty', 'full']
        >>> [c.point for c in certify_many([[[1, 1], [0, -1]], [[1, 1, 1], [0, -1, 0], [0, 0, -1]]])]
        [((1,), 2), ((5, 5), 16)]
        >>> certify_many([[]])
        Traceback (most recent call last):
        ...
        ValueError: cannot infer the dimension of a system without rows; pass n=
    """
    batch = max(1, int(batch))
    out = [None] * len(systems)
    todo, lp_in, dims = [], [], []
    for p, H in enumerate(systems):
        m, d, bad, keep = _system(H, n)
        if bad:
            # a row 0 <= b with b < 0: the multiplier 1 on it is a Farkas certificate
            out[p] = Certificate("empty", None, ((bad[0],), (1,)), "trivial")
            continue
        if keep is not None and not keep:
            out[p] = Certificate("full", ((0,) * d, 1), None, "trivial")
            continue
        F = floats[p] if floats is not None else None
        if keep is not None:
            H = H[keep] if isinstance(H, np.ndarray) else [H[i] for i in keep]
            F = F[keep] if F is not None else None
        todo.append((p, H, keep))
        lp_in.append(F if F is not None else float_rows(H))
        dims.append(d)
    for i in range(0, len(todo), batch):
        results = chebyshev_lp(lp_in[i:i + batch])
        for (p, H, keep), d, res in zip(todo[i:i + batch], dims[i:i + batch], results):
            out[p] = _certify_one(H, d, res, keep)
    return out


def _certify_one(H, n, res, keep):
    if res is None:
        return UNKNOWN
    x, r, y = res
    if r > THIN_RADIUS:
        point = rounded_centre(H, x, r, n)
        return UNKNOWN if point is None else Certificate("full", point, None, "float")
    c = farkas_certificate(H, y)
    if c is None:
        return UNKNOWN
    if keep is not None:
        S, w = c.farkas
        c = c._replace(farkas=(tuple(keep[i] for i in S), w))
    return c


def certify(system, n=None):
    """
    :func:`certify_many` for one system.

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import certify
        >>> certify([[0, 1, 0], [-1, -1, 0]])
        Certificate(status='empty', point=None, farkas=((0, 1), (1, 1)), source='float')
    """
    return certify_many([system], n=n)[0]


def decide_exactly(system, n=None):
    """
    The exact answer of PPL for one system: a :class:`Certificate` with ``source
    "exact"``, status ``"full"`` (with a point strictly inside: the centroid of the
    vertices plus the sum of the rays), ``"thin"`` or ``"empty"``.

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import decide_exactly
        >>> decide_exactly([[0, -1, 0], [0, 0, -1], [1, 1, 1]])
        Certificate(status='full', point=((1, 1), 3), farkas=None, source='exact')
        >>> decide_exactly([[0, 1], [0, -1]]).status
        'thin'
    """
    from tropsage.polyhedra.engine_ppl import PplEngine
    from tropsage.polyhedra.rows import check_int_rows, drop_zero_rows
    H = check_int_rows(system, n, "system")
    d = H.shape[1] - 1
    empty, H, E = drop_zero_rows(H, H[:0])
    if empty:
        return Certificate("empty", None, None, "exact")
    eng = PplEngine.from_rows(d, H, E)
    dim = eng.dim()
    if dim < 0:
        return Certificate("empty", None, None, "exact")
    if dim < d:
        return Certificate("thin", None, None, "exact")
    X, D = eng.generators().relint()
    g = math.gcd(D, *X)
    return Certificate("full", (tuple(v // g for v in X), D // g), None, "exact")


def decide_many(systems, n=None, floats=None, batch=BATCH):
    """
    :func:`certify_many`, then :func:`decide_exactly` on every ``"unknown"``: every
    answer is ``"full"`` (with an exact interior point), ``"thin"`` or ``"empty"``.

    EXAMPLES::

        >>> from tropsage.polyhedra.certify import decide_many
        >>> [(c.status, c.source) for c in decide_many([[[1, 1], [0, -1]], [[0, 1], [0, -1]]])]
        [('full', 'float'), ('thin', 'float')]
    """
    out = certify_many(systems, n=n, floats=floats, batch=batch)
    for p, c in enumerate(out):
        if c.status == "unknown":
            out[p] = decide_exactly(systems[p], n=n)
    return out
