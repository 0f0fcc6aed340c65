"""
Exact linear programming.

:func:`solve_lp` solves ::

    minimize (or maximize)  c . x
    subject to              A_ub x <= b_ub,   A_eq x == b_eq,   lo <= x <= hi

over the rationals and returns an exact answer: the status, the optimal value and an
optimal point as Sage ``QQ`` elements, and, when the accelerated path answered, an exact
dual certificate that proves optimality.

Two engines:

- ``method="ppl"`` -- the exact rational simplex of the Parma Polyhedra Library
  (``ppl.MIP_Problem``), called directly: on the small LPs of this library it is
  4 to 17 times faster than the same solver behind Sage's
  ``MixedIntegerLinearProgram(solver="PPL")`` (0.29 ms against 4.6 ms for an LP with 7
  variables and 7 constraints; ``bench/hoffman.py`` part 1 measures it).
- ``method="highs"`` -- HiGHS (floating point) finds an optimal *basis*; the basis is
  then solved in exact rational arithmetic, giving a basic primal point ``x`` and dual
  multipliers, and primal feasibility, dual feasibility and equal objective values
  are all checked exactly. If any check fails (or HiGHS does not report an optimum)
  the LP is handed to PPL, so the answer is exact either way; ``LPResult.method``
  says which engine answered.
- ``method="auto"`` (default) -- PPL for small LPs, where calling HiGHS costs more than
  the whole exact solve, HiGHS with the exact certificate for larger ones.

Conventions (the same as :func:`scipy.optimize.linprog`): ``bounds=None`` means every
variable is **non-negative**; ``bounds=(lo, hi)`` applies to every variable;
``bounds=[(lo_0, hi_0), ...]`` gives one pair per variable; ``None`` is an infinite
bound.

EXAMPLES::

    >>> from tropsage.polyhedra.lp import solve_lp
    >>> r = solve_lp([1, 1], A_ub=[[-1, -2], [-3, -1]], b_ub=[-2, -3])
    >>> r.status, r.value, r.x
    ('optimal', 7/5, (4/5, 3/5))
    >>> solve_lp([1], A_ub=[[1]], b_ub=[-1]).status
    'infeasible'
    >>> solve_lp([1], bounds=(None, None)).status
    'unbounded'
"""

from dataclasses import dataclass
from fractions import Fraction
import math

import numpy as np

from tropsage._exact import as_fraction, as_fraction_matrix, as_fraction_vector, qq
from tropsage.polyhedra.linalg import solve

METHODS = ("auto", "ppl", "highs")

# "auto" sends LPs with fewer than this many (variables x constraint rows) to PPL.
# Measured with bench/hoffman.py, part 1 (time per LP, raw PPL vs HiGHS + certificate):
# dense random k x k LPs 5x5: 1.0 vs 1.7 ms, 10x10: 11 vs 3.3 ms, 20x20: 145 vs 10 ms;
# Hoffman inner LPs (sparse, small entries) stay cheaper in PPL longer: 11 x 9 (=99):
# 0.6 vs 2.2 ms, 17 x 13: 4.1 vs 5.6 ms, 31 x 13: 6.9 vs 5.2 ms.
AUTO_PPL_SIZE = 100


class LPResult:
    """
    Exact answer of a linear program (see :func:`solve_lp`).

    Attributes (Sage ``QQ`` elements):

    - ``status`` -- ``"optimal"``, ``"infeasible"`` or ``"unbounded"``.
    - ``value`` -- the optimal value (``None`` unless optimal).
    - ``x`` -- an optimal point, a tuple (``None`` unless optimal).
    - ``dual`` -- ``None``, or a dict with keys ``"ub"``, ``"eq"``, ``"lower"``,
      ``"upper"`` (tuples of ``QQ``) such that, writing ``s = 1`` when minimizing and
      ``s = -1`` when maximizing, ``y_ub, z_lower, z_upper >= 0`` and
      ``s*c = A_eq^T y_eq - A_ub^T y_ub + z_lower - z_upper``; then for every feasible
      ``x``, ``s*(c.x) >= b_eq.y_eq - b_ub.y_ub + lo.z_lower - hi.z_upper`` and
      equality holds at the optimum, which proves it. :meth:`check` verifies this.
    - ``method`` -- ``"ppl"`` or ``"highs+certificate"``: the engine whose answer
      was returned.

    EXAMPLES::

        >>> from tropsage.polyhedra.lp import solve_lp
        >>> r = solve_lp([1, 1], A_ub=[[-1, 0], [0, -1]], b_ub=[-1, -2])   # min x + y, x >= 1, y >= 2
        >>> type(r).__name__, r.status, r.value, r.x
        ('LPResult', 'optimal', 3, (1, 2))
    """

    __slots__ = ("status", "method", "_value", "_x", "_dual", "_lp")

    def __init__(self, status, method, value=None, x=None, dual=None, lp=None):
        self.status = status
        self.method = method
        self._value = value  # Fraction
        self._x = x          # list of Fractions
        self._dual = dual    # dict of lists of Fractions
        self._lp = lp

    @property
    def value(self):
        """
        The optimal value (Sage ``QQ``), ``None`` unless ``status == "optimal"``.

        EXAMPLES::

            >>> from tropsage.polyhedra.lp import solve_lp
            >>> solve_lp([1], A_ub=[[-2]], b_ub=[-1]).value                 # min x, x >= 1/2
            1/2
            >>> solve_lp([1], A_ub=[[1]], b_ub=[-1], bounds=[(0, None)]).value is None
            True
        """
        return None if self._value is None else qq(self._value)

    @property
    def x(self):
        """
        An optimal point as a tuple of Sage ``QQ``, ``None`` unless optimal.

        EXAMPLES::

            >>> from tropsage.polyhedra.lp import solve_lp
            >>> solve_lp([1, 1], A_ub=[[-1, 0], [0, -1]], b_ub=[-1, "-1/3"]).x
            (1, 1/3)
        """
        return None if self._x is None else tuple(qq(v) for v in self._x)

    @property
    def dual(self):
        """
        The exact dual certificate of optimality, when the HiGHS path answered
        (``None`` otherwise): the multipliers ``{"ub": ..., "eq": ..., "lower": ...,
        "upper": ...}`` of the inequality rows, the equation rows and the variable
        bounds, in the user's orientation of the problem.

        EXAMPLES::

            >>> from tropsage.polyhedra.lp import solve_lp
            >>> solve_lp([1], A_ub=[[-1]], b_ub=[-2], method="highs").dual    # min x, x >= 2
            {'ub': (1,), 'eq': (), 'lower': (0,), 'upper': (0,)}
            >>> solve_lp([1], A_ub=[[-1]], b_ub=[-2], method="ppl").dual is None
            True
        """
        if self._dual is None:
            return None
        # the engines saw row i multiplied by scale[i] > 0; its multiplier is the
        # user's multiplier divided by that factor
        lp = self._lp
        ub_scale = [k for k, e in zip(lp.scale, lp.eq) if not e]
        eq_scale = [k for k, e in zip(lp.scale, lp.eq) if e]
        d = dict(self._dual)
        d["ub"] = [v * k for v, k in zip(d["ub"], ub_scale)]
        d["eq"] = [v * k for v, k in zip(d["eq"], eq_scale)]
        return {k: tuple(qq(v) for v in vals) for k, vals in d.items()}

    def check(self):
        """
        Verify the answer in exact arithmetic: the point is feasible and gives the
        value, and (when there is one) the dual certificate proves optimality.

        Returns ``True`` or raises ``AssertionError`` naming what failed.

        EXAMPLES::

            >>> from tropsage.polyhedra.lp import solve_lp
            >>> solve_lp([2, 1], A_ub=[[-1, -1]], b_ub=[-1], method="highs").check()
            True
        """
        lp = self._lp
        if self.status != "optimal":
            return True
        x = self._x
        assert lp.is_feasible(x), "the point is not feasible"
        cx = sum((ci * xi for ci, xi in zip(lp.c, x)), Fraction(0))
        assert cx == self._value, "the point does not attain the value"
        if self._dual is not None:
            assert lp.dual_value(self._dual, check=True) == self._value, \
                "the dual certificate does not prove the value"
        return True

    def __repr__(self):
        if self.status != "optimal":
            return f"LPResult({self.status!r}, method={self.method!r})"
        return f"LPResult('optimal', value={self.value}, x={self.x}, method={self.method!r})"


@dataclass(slots=True, eq=False)
class _IntLP:
    """
    An LP with integer constraint rows, the form both engines consume.

    ``rows`` is a list of lists of Python ints, ``rhs`` the integer right-hand sides
    and ``eq`` a list of booleans (``True`` for ``==`` rows, else ``<=``); each row was
    multiplied by a positive integer, which changes neither the constraint nor the
    sign of its multiplier. ``lo``/``hi`` are Fractions or ``None`` (infinite), ``c``
    the objective as Fractions (always *minimized*; ``sense`` is -1 when the user
    maximizes, and ``c`` is then the negated objective).
    """

    n: int
    rows: list
    rhs: list
    eq: list
    lo: list
    hi: list
    c: list
    sense: int = 1
    scale: list = None

    def __post_init__(self):
        if self.scale is None:
            self.scale = [1] * len(self.rows)
        if self.sense != 1:
            self.c = [-v for v in self.c]

    @property
    def size(self):
        return self.n * max(1, len(self.rows))

    def is_feasible(self, x):
        for j, v in enumerate(x):
            if (self.lo[j] is not None and v < self.lo[j]) or (self.hi[j] is not None and v > self.hi[j]):
                return False
        d = 1
        for v in x:
            d = d * v.denominator // math.gcd(d, v.denominator)
        X = [int(v * d) for v in x]
        for row, b, e in zip(self.rows, self.rhs, self.eq):
            ax = sum(a * xi for a, xi in zip(row, X) if a)
            if (ax != b * d) if e else (ax > b * d):
                return False
        return True

    def dual_value(self, dual, check=False):
        """Dual objective of a certificate (in the user's orientation)."""
        ub = iter(dual["ub"])
        eqi = iter(dual["eq"])
        grad = [Fraction(0)] * self.n
        val = Fraction(0)
        for row, b, e in zip(self.rows, self.rhs, self.eq):
            # the stored row is k*(user row); its multiplier is k*(user multiplier)
            y = next(eqi) if e else -next(ub)
            if check and not e:
                assert y <= 0, "negative multiplier on an inequality"
            val += y * b
            for j, a in enumerate(row):
                if a:
                    grad[j] += y * a
        for j in range(self.n):
            zl, zu = dual["lower"][j], dual["upper"][j]
            if check:
                assert zl >= 0 and zu >= 0, "negative bound multiplier"
                assert not (zl and self.lo[j] is None) and not (zu and self.hi[j] is None), \
                    "multiplier on an infinite bound"
            grad[j] += zl - zu
            if zl:
                val += zl * self.lo[j]
            if zu:
                val -= zu * self.hi[j]
        if check:
            assert grad == list(self.c), "the certificate does not reproduce the objective"
        return self.sense * val

    # -- engines -------------------------------------------------------------

    def solve(self, method="auto"):
        if method == "auto":
            method = "ppl" if self.size < AUTO_PPL_SIZE else "highs"
        if method == "ppl":
            return self.solve_ppl()
        if method == "highs":
            res = self.solve_highs()
            return res if res is not None else self.solve_ppl()
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")

    def solve_ppl(self):
        import ppl

        n = self.n
        cs = ppl.Constraint_System()
        for row, b, e in zip(self.rows, self.rhs, self.eq):
            expr = ppl.Linear_Expression(row, -b)
            cs.insert(expr == 0 if e else expr <= 0)
        for j in range(n):
            lo, hi = self.lo[j], self.hi[j]
            if lo is not None and lo == hi:
                cs.insert(lo.denominator * ppl.Variable(j) == lo.numerator)
                continue
            if lo is not None:
                cs.insert(lo.denominator * ppl.Variable(j) >= lo.numerator)
            if hi is not None:
                cs.insert(hi.denominator * ppl.Variable(j) <= hi.numerator)
        den = 1
        for v in self.c:
            den = den * v.denominator // math.gcd(den, v.denominator)
        obj = ppl.Linear_Expression([int(v * den) for v in self.c], 0)
        prob = ppl.MIP_Problem(n, cs, obj, "minimization")
        status = prob.solve()["status"]
        if status == "unfeasible":
            return LPResult("infeasible", "ppl", lp=self)
        if status == "unbounded":
            return LPResult("unbounded", "ppl", lp=self)
        pt = prob.optimizing_point()
        d = int(pt.divisor())
        coeffs = pt.coefficients()
        x = [Fraction(int(coeffs[j]), d) if j < len(coeffs) else Fraction(0) for j in range(n)]
        v = prob.optimal_value()
        value = Fraction(int(v.numerator), int(v.denominator)) / den
        return LPResult("optimal", "ppl", self.sense * value, x, None, self)

    def solve_highs(self):
        """HiGHS basis, solved and certified exactly; ``None`` when certification fails."""
        import highspy

        n, m = self.n, len(self.rows)
        if n == 0:
            return None
        from tropsage.polyhedra._highs import quiet_highs

        inf = highspy.kHighsInf
        h = quiet_highs()
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = m
        lp.col_cost_ = np.array([float(v) for v in self.c], dtype=float)
        lp.col_lower_ = np.array([-inf if v is None else float(v) for v in self.lo], dtype=float)
        lp.col_upper_ = np.array([inf if v is None else float(v) for v in self.hi], dtype=float)
        rhs = np.array([float(b) for b in self.rhs], dtype=float)
        eq = np.array(self.eq, dtype=bool)
        lp.row_lower_ = np.where(eq, rhs, -inf) if m else np.zeros(0)
        lp.row_upper_ = rhs if m else np.zeros(0)
        if m:
            dense = np.array([[float(a) for a in row] for row in self.rows], dtype=float)
            nz_r, nz_c = np.nonzero(dense.T)  # column-wise: (col, row) pairs sorted by col
            start = np.searchsorted(nz_r, np.arange(n + 1))
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.start_ = start.astype(np.int32)
            lp.a_matrix_.index_ = nz_c.astype(np.int32)
            lp.a_matrix_.value_ = dense.T[nz_r, nz_c]
        else:
            lp.a_matrix_.start_ = np.zeros(n + 1, dtype=np.int32)
        h.passModel(lp)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        basis = h.getBasis()
        if not basis.valid:
            return None
        return self._certify_basis(
            [int(s) for s in basis.col_status], [int(s) for s in basis.row_status])

    def _certify_basis(self, col_status, row_status):
        """Solve the basis exactly and verify optimality; ``None`` if it fails."""
        LOWER, BASIC, UPPER, ZERO = 0, 1, 2, 3
        n, m = self.n, len(self.rows)
        x = [None] * n
        basic_cols = []
        for j, s in enumerate(col_status):
            lo, hi = self.lo[j], self.hi[j]
            if s == BASIC:
                basic_cols.append(j)
            elif s == LOWER and lo is not None:
                x[j] = lo
            elif s == UPPER and hi is not None:
                x[j] = hi
            elif lo is None and hi is None and s in (LOWER, UPPER, ZERO):
                x[j] = Fraction(0)  # a free non-basic column sits at zero
            else:
                return None
        tight_rows = [i for i, s in enumerate(row_status) if s != BASIC]
        if len(tight_rows) != len(basic_cols):
            return None
        A = np.array(self.rows, dtype=object).reshape(m, n)
        k = len(basic_cols)
        y = np.array([Fraction(0)] * m, dtype=object)
        if k:
            B = A[np.ix_(tight_rows, basic_cols)]
            fixed = [j for j in range(n) if x[j] is not None and x[j] != 0]
            rhs = [Fraction(self.rhs[i]) for i in tight_rows]
            if fixed:
                xf = np.array([x[j] for j in fixed], dtype=object)
                rhs = list(np.array(rhs, dtype=object) - A[np.ix_(tight_rows, fixed)].dot(xf))
            xb = solve(B, rhs)
            if xb is None:
                return None
            for j, v in zip(basic_cols, xb):
                x[j] = v
            # multipliers of the tight rows: B^T y_tight = c_B (zero on the basic rows)
            y_tight = solve(B.T, [self.c[j] for j in basic_cols])
            for i, v in zip(tight_rows, y_tight):
                if not self.eq[i] and v > 0:  # an active "<=" row needs y <= 0
                    return None
                y[i] = v
        if not self.is_feasible(x):
            return None
        red = np.array(self.c, dtype=object) - (A.T.dot(y) if m else 0)
        lower, upper = [Fraction(0)] * n, [Fraction(0)] * n
        for j in range(n):
            d = red[j]
            if d == 0:
                continue
            if d > 0 and self.lo[j] is not None and x[j] == self.lo[j]:
                lower[j] = d
            elif d < 0 and self.hi[j] is not None and x[j] == self.hi[j]:
                upper[j] = -d
            else:
                return None
        ub = [-y[i] for i in range(m) if not self.eq[i]]
        eqs = [y[i] for i in range(m) if self.eq[i]]
        dual = {"ub": ub, "eq": eqs, "lower": lower, "upper": upper}
        value = self.sense * sum((cj * xj for cj, xj in zip(self.c, x)), Fraction(0))
        try:
            if self.dual_value(dual, check=True) != value:
                return None
        except AssertionError:
            return None
        return LPResult("optimal", "highs+certificate", value, x, dual, self)


_solve_square = solve         # the old name of the exact square solve (tests import it)


def _lcm_of_denominators(values):
    d = 1
    for v in values:
        d = d * v.denominator // math.gcd(d, v.denominator)
    return d


def _integer_rows(A, b):
    """Scale each row ``(a_i, b_i)`` by the lcm of its denominators."""
    rows, rhs, scale = [], [], []
    for row, bi in zip(A, b):
        d = _lcm_of_denominators(list(row) + [bi])
        rows.append([int(a * d) for a in row])
        rhs.append(int(bi * d))
        scale.append(d)
    return rows, rhs, scale


def _bounds(bounds, n):
    if bounds is None:
        return [Fraction(0)] * n, [None] * n
    def conv(v, where):
        return None if v is None else as_fraction(v, where)
    if (isinstance(bounds, (tuple, list)) and len(bounds) == 2
            and all(v is None or not isinstance(v, (tuple, list)) for v in bounds)):
        pairs = [tuple(bounds)] * n
    else:
        pairs = list(bounds)
        if len(pairs) != n:
            raise ValueError(f"bounds has {len(pairs)} pairs for {n} variables")
    lo, hi = [], []
    for j, pair in enumerate(pairs):
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise ValueError(f"bounds[{j}] must be a pair (lo, hi), got {pair!r}") from None
        a, b = conv(a, f"bounds[{j}][0]"), conv(b, f"bounds[{j}][1]")
        if a is not None and b is not None and a > b:
            raise ValueError(f"bounds[{j}] has lo > hi: ({a}, {b})")
        lo.append(a)
        hi.append(b)
    return lo, hi


def _constraint_block(A, b, n, name):
    if A is None and b is None:
        return [], [], []
    if A is None or b is None:
        raise ValueError(f"A_{name} and b_{name} must be given together")
    bv = as_fraction_vector(b, f"b_{name}")
    if len(bv) == 0:
        return [], [], []
    Am = as_fraction_matrix(A, f"A_{name}")
    if len(Am) != len(bv):
        raise ValueError(f"A_{name} has {len(Am)} rows but b_{name} has {len(bv)} entries")
    for i, row in enumerate(Am):
        if len(row) != n:
            raise ValueError(f"A_{name} row {i} has {len(row)} entries, expected {n} (the length of c)")
    return _integer_rows(Am, bv)


def solve_lp(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None,
             maximize=False, method="auto"):
    """
    Solve a linear program exactly.

    INPUT:

    - ``c`` -- the objective vector (length ``n``).
    - ``A_ub``, ``b_ub`` -- inequality constraints ``A_ub x <= b_ub`` (optional).
    - ``A_eq``, ``b_eq`` -- equality constraints ``A_eq x == b_eq`` (optional).
    - ``bounds`` -- ``None`` (every ``x_j >= 0``, as in :func:`scipy.optimize.linprog`),
      one pair ``(lo, hi)`` for all variables, or a list of ``n`` pairs; ``None`` in a
      pair is an infinite bound.
    - ``maximize`` -- maximize instead of minimize.
    - ``method`` -- ``"auto"``, ``"ppl"`` (exact simplex) or ``"highs"`` (HiGHS basis,
      solved and certified exactly, PPL when the certificate fails).

    Every number may be an int, Fraction, float (converted exactly), string such as
    ``"1/3"``, Sage rational or numpy number; matrices may be nested lists, numpy
    arrays or Sage matrices.

    OUTPUT: an :class:`LPResult` with exact ``status``, ``value``, ``x`` and, when the
    HiGHS path answered, an exact ``dual`` certificate.

    EXAMPLES::

        >>> from tropsage.polyhedra.lp import solve_lp
        >>> r = solve_lp([3, 2], A_ub=[[1, 1], [1, 3]], b_ub=[4, 6], maximize=True,
        ...              method="highs")
        >>> r.value, r.x, r.method
        (12, (4, 0), 'highs+certificate')
        >>> r.dual
        {'ub': (3, 0), 'eq': (), 'lower': (0, 1), 'upper': (0, 0)}
        >>> solve_lp([3, 2], A_ub=[[1, 1], [1, 3]], b_ub=[4, 6], maximize=True,
        ...          method="ppl").value
        12
        >>> solve_lp(["1/3", 0.5], A_eq=[[1, 1]], b_eq=[1]).x
        (1, 0)
        >>> solve_lp([1, float("nan")])
        Traceback (most recent call last):
        ...
        ValueError: c[1] is nan; weights and points must be finite
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    cv = as_fraction_vector(c, "c")
    n = len(cv)
    if n == 0:
        raise ValueError("c is empty: the LP needs at least one variable")
    r_ub, h_ub, s_ub = _constraint_block(A_ub, b_ub, n, "ub")
    r_eq, h_eq, s_eq = _constraint_block(A_eq, b_eq, n, "eq")
    lo, hi = _bounds(bounds, n)
    lp = _IntLP(n, r_ub + r_eq, h_ub + h_eq, [False] * len(r_ub) + [True] * len(r_eq),
                lo, hi, cv, -1 if maximize else 1, s_ub + s_eq)
    return lp.solve(method)
