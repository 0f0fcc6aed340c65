r"""
Counting activation regions in a bounded domain by mixed-integer programming ([S] §4).

**Formulation** (Serra, Tjandraatmadja, Ramalingam 2018). Every hinge unit (ReLU,
leaky ReLU, threshold; see :mod:`tropsage.nn.activations`) computes ``t = g - s`` from
its pre-activation ``g = W h + b`` (``s = 0``, or ``s = tau`` for a threshold unit
``max(g, tau)``) and ``r = relu(t)``; the unit's output is ``r`` (ReLU),
``a g + (1 - a) r`` (leaky ReLU of slope ``a``) or ``tau + r`` (threshold). Exact interval arithmetic over the bounding box of the domain gives
``L <= t <= U`` for every unit, layer by layer (with exact rationals, so the big-M
constants are valid, not merely plausible). A unit with ``L > 0`` is always active,
one with ``U <= 0`` always inactive: neither needs a binary. The others get a binary
``z`` and the exact big-M encoding of ``r = relu(t)``::

    r >= t,   r >= 0,   r <= t - L (1 - z),   r <= U z

and, as in [S], a margin ``f`` that every active unit must exceed::

    t >= f - (1 - L) (1 - z),     0 <= f <= 1,     maximize f.

An optimum with ``f > 0`` gives an activation pattern ``z`` whose set
``S_z = {x in domain : t > 0 for z = 1, t <= 0 for z = 0}`` is non-empty (this is
exactly the convention of :meth:`~tropsage.nn.Network.activation_pattern`: a unit
whose pre-activation is identically ``0`` on a region is inactive there, and the
formulation finds it because inactive units need no margin). A **no-good cut**
``sum_{z_i^* = 1} (1 - z_i) + sum_{z_i^* = 0} z_i >= 1`` then removes the pattern
and the program is solved again, until the optimum is ``f <= tol``.

**Exactness.** The solvers (GLPK through Sage's ``MixedIntegerLinearProgram``, or
HiGHS through ``highspy``) work in floating point. Every pattern they return is
re-checked exactly: its region is built as an :class:`~tropsage.polyhedra.ExactPolyhedron`
from the exact pre-activations of the pattern and counted only if it is
full-dimensional (a non-empty ``S_z`` can be lower-dimensional in degenerate nets,
e.g. two units ``x`` and ``-x`` both inactive at ``x = 0``; such patterns are cut and
reported in ``info["rejected"]``). So every pattern found is certified; what the
floats cannot certify is that none is *missing*: the search stops when the best
margin is ``<= tol``, and a region whose largest margin is below ``tol`` (thin, or
tiny weights: the margin is scale dependent) is not found by the solver.

Exhaustion is therefore certified exactly at the end. The activation regions
partition the domain up to a set of measure zero, so the patterns found are all of
them iff the exact volumes of their regions (within the domain) add up to the exact
volume of the domain; this is checked. When it fails, the solver missed regions, and
the exact enumeration :func:`tropsage.regions.activation.activation_regions` over the
domain decides: its patterns are the answer (the solver's are checked to be among
them) and ``info["missed_by_solver"]`` says how many the solver missed. ``info``
records ``certified`` (``"volume"`` or ``"enumeration"``) and ``exact`` (``True``).
With ``certify=False``, or a run stopped by ``max_patterns``, nothing is certified:
``info["exact"]`` is ``False`` and the count is only a lower bound, labelled as such
(``info["lower_bound"]``).

**Maxout.** A group ``y = max_i g_i`` of pre-activations with exact bounds ``L_i <=
g_i <= U_i`` gets one binary ``z_i`` per piece that can win (piece ``i`` cannot when
``U_i <= L_t`` for an earlier ``t`` or ``U_i < L_t`` for a later one; a group with
one possible winner needs no binary), ``sum_i z_i = 1`` and the exact big-M
encoding::

    y >= g_t (every t),      y <= g_i + (max_t U_t - L_i) (1 - z_i),

so ``z_i = 1`` forces ``y = g_i >= g_t``. Ties go to the first piece, as in
:meth:`~tropsage.nn.Network.activation_pattern`: piece ``i`` wins where ``g_i > g_t``
for ``t < i`` and ``g_i >= g_t`` for ``t > i``, so the strict inequalities carry the
margin, ``g_i - g_t >= f - (U_t - L_i + 1)(1 - z_i)`` for ``t < i``. The pattern entry
is the index of the winner; exactness is certified as above.

Each activation class encodes itself
(:meth:`~tropsage.nn.activations.Activation.milp_encode`), so a :class:`~tropsage.nn.PerUnit`
layer mixes the encodings unit by unit and a newly registered activation needs no
change here.

EXAMPLES::

    >>> from tropsage.queries.milp import count_activation_regions_milp
    >>> net = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]
    >>> count_activation_regions_milp(net, [(-2, 2), (-2, 2)], solver="highs")
    7
    >>> count_activation_regions_milp(net, [(-2, 2), (-2, 2)], solver="glpk")
    7
    >>> from tropsage.regions.activation import count_activation_regions
    >>> count_activation_regions(net, domain=[(-2, 2), (-2, 2)])
    7
"""

import time
from fractions import Fraction

from tropsage._exact import qq

SOLVERS = ("highs", "glpk")


# ---------------------------------------------------------------------------
# exact interval bounds

def domain_box(domain, n):
    """
    The bounding box ``[(lo, hi), ...]`` (exact) of a bounded domain, and the domain
    as an :class:`~tropsage.polyhedra.ExactPolyhedron` (``None`` when it is a box given
    as pairs).

    EXAMPLES::

        >>> from tropsage.queries.milp import domain_box
        >>> from tropsage.polyhedra import ExactPolyhedron
        >>> domain_box([(0, 1), ("-1/2", 3)], 2)[0]
        [(Fraction(0, 1), Fraction(1, 1)), (Fraction(-1, 2), Fraction(3, 1))]
        >>> domain_box(ExactPolyhedron([[1, 1], [-1, 0], [0, -1]], [1, 0, 0]), 2)[0]
        [(Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))]
        >>> domain_box(None, 2)
        Traceback (most recent call last):
        ...
        ValueError: MILP counting needs a bounded domain (a box [(lo, hi), ...] or a polytope), got None
    """
    from tropsage._exact import as_fraction
    from tropsage.polyhedra import ExactPolyhedron, as_domain
    if domain is None:
        raise ValueError("MILP counting needs a bounded domain (a box [(lo, hi), ...] "
                         "or a polytope), got None")
    is_pairs = not isinstance(domain, ExactPolyhedron) and not hasattr(domain, "inequalities_list")
    P = as_domain(domain, n)
    if is_pairs:
        pairs = []
        for i, (lo, hi) in enumerate(domain):
            if lo is None or hi is None:
                raise ValueError(f"MILP counting needs a bounded domain; box side {i} is open")
            lo, hi = as_fraction(lo, f"domain[{i}] lo"), as_fraction(hi, f"domain[{i}] hi")
            pairs.append((lo, hi))
        return pairs, None
    if not P.is_full_dimensional():
        raise ValueError("the domain is not full-dimensional: it has no activation regions")
    from tropsage.polyhedra.lp import solve_lp
    A = [[qq(int(v)) for v in r[1:]] for r in P.inequality_rows()]
    b = [qq(int(r[0])) for r in P.inequality_rows()]
    pairs = []
    for i in range(n):
        c = [0] * n
        c[i] = 1
        ends = []
        for maximize in (False, True):
            r = solve_lp(c, A_ub=A, b_ub=b, bounds=(None, None), maximize=maximize)
            if r.status != "optimal":
                raise ValueError("MILP counting needs a bounded domain; the polyhedron is "
                                 f"unbounded along coordinate {i}")
            ends.append(Fraction(int(r.value.numerator()), int(r.value.denominator())))
        pairs.append(tuple(ends))
    return pairs, P


def interval_bounds(net, box, activations=None):
    r"""
    Exact interval bounds of every unit's pre-activation over a box, layer by layer.

    INPUT:

    - ``net`` -- any network :func:`tropsage.nn.as_network` reads.
    - ``box`` -- ``[(lo, hi), ...]``, bounded.
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations.

    OUTPUT: a list with one entry per layer: a list of pairs ``(L, U)`` of
    Fractions with ``L <= W_i h + b_i <= U`` for every input in the box.

    EXAMPLES::

        >>> from tropsage.queries.milp import interval_bounds
        >>> interval_bounds([([[1, -1]], [0]), ([[2]], [1])], [(0, 1), (0, 1)])
        [[(Fraction(-1, 1), Fraction(1, 1))], [(Fraction(1, 1), Fraction(3, 1))]]
    """
    from tropsage._exact import as_fraction
    from tropsage.nn import as_network
    net = as_network(net, activations=activations)
    lo = [as_fraction(a, "box lo") for a, _ in box]
    hi = [as_fraction(b, "box hi") for _, b in box]
    if len(lo) != net.input_dim:
        raise ValueError(f"box has {len(lo)} intervals, the network takes {net.input_dim} inputs")
    out = []
    for layer in net.layers:
        bounds = []
        for row, c in zip(layer.W, layer.b):
            L = U = c
            for w, a, b in zip(row, lo, hi):
                if w >= 0:
                    L, U = L + w * a, U + w * b
                else:
                    L, U = L + w * b, U + w * a
            bounds.append((L, U))
        out.append(bounds)
        image = layer.activation.interval_image(bounds)
        lo, hi = [p[0] for p in image], [p[1] for p in image]
    return out


# ---------------------------------------------------------------------------
# a solver-neutral model

class _Model:
    """Variables with bounds and integrality, rows ``lo <= sum c_j v_j <= hi``."""

    def __init__(self):
        self.lb, self.ub, self.integer, self.rows = [], [], [], []

    def var(self, lb, ub, integer=False):
        self.lb.append(float(lb))
        self.ub.append(float(ub))
        self.integer.append(integer)
        return len(self.lb) - 1

    def row(self, coeffs, lo=None, hi=None):
        coeffs = {j: float(c) for j, c in coeffs.items() if c != 0}
        self.rows.append((coeffs, None if lo is None else float(lo),
                          None if hi is None else float(hi)))


class _HighsSolver:
    def __init__(self, model, objective):
        import highspy
        self.highspy = highspy
        from tropsage.polyhedra._highs import quiet_highs
        h = self.h = quiet_highs()      # no banner on standard output
        # any pattern with a positive margin will do: no need to prove optimality
        h.setOptionValue("mip_rel_gap", 0.5)
        inf = highspy.kHighsInf
        for j, (lb, ub) in enumerate(zip(model.lb, model.ub)):
            h.addVar(lb, ub)
            if model.integer[j]:
                h.changeColIntegrality(j, highspy.HighsVarType.kInteger)
        h.changeColCost(objective, 1.0)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.inf = inf
        for coeffs, lo, hi in model.rows:
            self.add_row(coeffs, lo, hi)

    def add_row(self, coeffs, lo, hi):
        idx = list(coeffs)
        self.h.addRow(-self.inf if lo is None else lo, self.inf if hi is None else hi,
                      len(idx), idx, [coeffs[j] for j in idx])

    def solve(self):
        """``(objective, values)`` or ``None`` when infeasible."""
        h = self.h
        h.run()
        st = h.getModelStatus()
        M = self.highspy.HighsModelStatus
        if st in (M.kInfeasible, M.kUnboundedOrInfeasible):
            return None
        if st not in (M.kOptimal,):
            raise RuntimeError(f"HiGHS stopped with status {h.modelStatusToString(st)}")
        return h.getInfo().objective_function_value, list(h.getSolution().col_value)


class _SageSolver:
    def __init__(self, model, objective, solver="GLPK"):
        import sage.all__sagemath_polyhedra  # noqa: F401  (Sage import order)
        from sage.numerical.mip import MixedIntegerLinearProgram, MIPSolverException
        self.exc = MIPSolverException
        p = MixedIntegerLinearProgram(solver=solver, maximization=True)
        # the backend API avoids building Sage linear functions term by term
        be = self.be = p.get_backend()
        for j, (lb, ub) in enumerate(zip(model.lb, model.ub)):
            be.add_variable(lower_bound=lb, upper_bound=ub, binary=model.integer[j],
                            continuous=not model.integer[j], obj=1.0 if j == objective else 0.0)
        be.set_sense(1)
        self.n = len(model.lb)
        for coeffs, lo, hi in model.rows:
            self.add_row(coeffs, lo, hi)

    def add_row(self, coeffs, lo, hi):
        self.be.add_linear_constraint(list(coeffs.items()), lo, hi)

    def solve(self):
        try:
            self.be.solve()
        except self.exc as exc:
            if "no feasible" in str(exc).lower() or "infeasible" in str(exc).lower():
                return None
            raise
        be = self.be
        return be.get_objective_value(), [be.get_variable_value(j) for j in range(self.n)]


# ---------------------------------------------------------------------------
# building the program

class _Formulation:
    """The MILP of a network over a box, with the bookkeeping to read patterns back."""

    def __init__(self, net, box, P):
        self.net = net
        n = net.input_dim
        m = self.model = _Model()
        self.x = [m.var(lo, hi) for lo, hi in box]
        self.f = m.var(0, 1)
        if P is not None:
            for r in P.inequality_rows():
                m.row({self.x[j]: int(r[1 + j]) for j in range(n)}, hi=int(r[0]))
        bounds = interval_bounds(net, box)
        self.units = []        # per layer: the decision records of its activation
        self.binaries = []
        h = self.x             # variable indices of the current layer's outputs
        for layer, lb in zip(net.layers, bounds):
            g = []
            for i, (row, c) in enumerate(zip(layer.W, layer.b)):
                L, U = lb[i]
                gi = m.var(L, U)
                coeffs = {gi: 1}
                for j, w in zip(h, row):
                    coeffs[j] = coeffs.get(j, 0) - w
                m.row(coeffs, lo=c, hi=c)                  # g - W h = b
                g.append(gi)
            h, records = layer.activation.milp_encode(m, g, lb, self.f)
            for kind, data in records:
                if kind == "bit":
                    self.binaries.append(data)
                elif kind == "onehot":
                    self.binaries.extend(z for _, z in data)
            self.units.append(records)

    def pattern(self, values):
        pat = []
        for records in self.units:
            entries = []
            for kind, data in records:
                if kind == "fixed":
                    entries.append(data)
                elif kind == "bit":
                    entries.append(int(round(values[data])))
                else:
                    entries.append(max(data, key=lambda vz: values[vz[1]])[0])
            pat.append(tuple(entries))
        return tuple(pat)

    def nogood(self, values):
        coeffs, ones = {}, 0
        for z in self.binaries:
            if round(values[z]) == 1:
                coeffs[z] = -1
                ones += 1
            else:
                coeffs[z] = 1
        return coeffs, 1 - ones


def pattern_polyhedron(net, pattern, domain=None, activations=None):
    r"""
    The closure of the set of inputs with a given activation pattern, exactly, and
    whether the pattern's region is full-dimensional.

    INPUT:

    - ``net`` -- a network (any activations).
    - ``pattern`` -- per layer a tuple (``()`` for identity layers; bits for hinge
      units, the winning piece for maxout groups), as
      :meth:`~tropsage.nn.Network.activation_pattern` and the region enumeration give.
    - ``domain`` -- optional box or polyhedron to intersect with.
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations.

    OUTPUT: ``(P, full)``: an :class:`~tropsage.polyhedra.ExactPolyhedron` and a
    bool. ``full`` is ``True`` iff the set of inputs with exactly this pattern has
    non-empty interior. A pattern that no input has (a unit whose pre-activation is
    constant on the cell and on the wrong side, a maxout piece that never wins) gives
    an empty ``P``.

    Each activation class says which rows close each value of a decision
    (:meth:`~tropsage.nn.activations.Activation.options`) and the layer's output on
    the cell (:meth:`~tropsage.nn.activations.Activation.output_map`), the same data
    the region enumeration works with.

    EXAMPLES::

        >>> from tropsage.queries.milp import pattern_polyhedron
        >>> net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]
        >>> pattern_polyhedron(net, ((1, 0), ()))[1], pattern_polyhedron(net, ((0, 0), ()))[1]
        (True, False)
        >>> maxout = [([[1], [-1], [0]], [0, 0, 1], ("maxout", 3))]     # max(x, -x, 1)
        >>> P, full = pattern_polyhedron(maxout, ((2,),))
        >>> P.vertices(), full
        (((-1,), (1,)), True)
    """
    import numpy as np
    from tropsage.nn import as_network
    from tropsage.polyhedra import ExactPolyhedron, as_domain
    net = as_network(net, activations=activations)
    n = net.input_dim
    if len(pattern) != len(net.layers):
        raise ValueError(f"the pattern has {len(pattern)} layers, the network {len(net.layers)}")
    T = np.zeros((n, n + 1), dtype=object)
    for i in range(n):
        T[i, i + 1] = 1
    tden, rows, possible = 1, [], True
    for li, (layer, entries) in enumerate(zip(net.layers, pattern)):
        act = layer.activation
        entries = () if entries is None else tuple(entries)
        k = act.decisions(len(layer.W))
        if len(entries) != k:
            raise ValueError(f"layer {li}: the pattern has {len(entries)} entries, the layer "
                             f"takes {k} decisions ({act})")
        Z, zden = layer.affine_map(T, tden)
        for j, value in enumerate(entries):
            opts = dict(act.options(Z, zden, j))
            if value not in opts:
                if value not in act.decision_values(len(layer.W), j):
                    raise ValueError(f"layer {li}: {value!r} is not a value of decision {j} "
                                     f"of a {act.kind} layer")
                possible = False          # no input has this value here
                break
            rows.extend(opts[value])
        if not possible:
            break
        T, tden = act.output_map(Z, zden, entries)
    if not possible:
        P = ExactPolyhedron.from_integer_rows([[-1] + [0] * n], n=n)
    elif rows:
        P = ExactPolyhedron.from_integer_rows(rows, n=n)
    else:
        P = ExactPolyhedron(n=n)
    D = as_domain(domain, n)
    if D is not None:
        P = P.intersection(D)
    return P, possible and P.is_full_dimensional()


class MILPCount:
    """
    Result of :func:`milp_activation_patterns`: ``patterns`` (sorted list of the
    certified full-dimensional patterns), ``count``, and ``info`` (``solver``,
    ``solves``, ``rejected`` -- patterns the solver proposed whose region is not
    full-dimensional --, ``binaries``, ``fixed_units``, ``seconds``).

    EXAMPLES::

        >>> from tropsage.queries.milp import milp_activation_patterns
        >>> r = milp_activation_patterns([([[1], [-1]], [0, 0]), ([[1, 1]], [0])], [(-1, 1)])
        >>> type(r).__name__, r.count
        ('MILPCount', 2)
    """

    def __init__(self, patterns, info):
        self.patterns = sorted(patterns)
        self.count = len(self.patterns)
        self.info = info

    def __repr__(self):
        what = "activation regions" if self.info.get("exact") else \
            "activation regions at least (not certified)"
        return (f"MILPCount({self.count} {what}, {self.info['solves']} solves "
                f"with {self.info['solver']}, {self.info['rejected']} rejected)")


def milp_activation_patterns(net, domain, solver="highs", tol=1e-6, max_patterns=None,
                             certify=True, activations=None):
    r"""
    The activation patterns of the full-dimensional activation regions of a network
    inside a bounded domain, by MILP with no-good cuts (see the module doc).

    INPUT:

    - ``net`` -- a network (any activations: hinge units, maxout, per-unit layers).
    - ``domain`` -- a bounded box ``[(lo, hi), ...]`` or polytope.
    - ``solver`` -- ``"highs"`` (``highspy``) or ``"glpk"`` (Sage
      ``MixedIntegerLinearProgram(solver="GLPK")``).
    - ``tol`` -- the solver's margin ``f`` must exceed this for a pattern to be taken.
    - ``max_patterns`` -- stop after this many solver patterns (then
      ``info["partial"]`` is ``True``).
    - ``certify`` -- prove exactly that no pattern is missing (see the module doc),
      completing the list by exact enumeration if the solver missed some. With
      ``False`` the patterns are certified but the list may be incomplete
      (``info["exact"]`` is ``False``).
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations (see
      :func:`~tropsage.nn.as_network`).

    OUTPUT: a :class:`MILPCount`.

    EXAMPLES::

        >>> from tropsage.queries.milp import milp_activation_patterns
        >>> r = milp_activation_patterns([([[1], [-1]], [0, 0]), ([[1, 1]], [0])], [(-1, 1)])
        >>> r.patterns, r.info["rejected"]
        ([((0, 1), ()), ((1, 0), ())], 1)
    """
    from tropsage.nn import as_network
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {SOLVERS}, got {solver!r}")
    t0 = time.perf_counter()
    net = as_network(net, activations=activations)
    box, P = domain_box(domain, net.input_dim)
    if any(lo >= hi for lo, hi in box):
        raise ValueError("the domain box is not full-dimensional: it has no activation regions")
    form = _Formulation(net, box, P)
    S = (_HighsSolver if solver == "highs" else _SageSolver)(form.model, form.f)
    dom = domain if P is None else P
    # patterns are checked in the reduced input space when the first layer has rank < n
    from tropsage.nn.domain_filter import DomainFilter
    from tropsage.nn.reduce import first_layer_reduction
    red = first_layer_reduction(net)
    cylinders = None if red.is_identity else DomainFilter(red, dom)
    patterns, polys, rejected, solves, partial = [], [], 0, 0, False
    while True:
        if max_patterns is not None and solves >= max_patterns:
            partial = True
            break
        res = S.solve()
        solves += 1
        if res is None or res[0] <= tol:
            break
        obj, values = res
        pat = form.pattern(values)
        if cylinders is None:
            Q, full = pattern_polyhedron(net, pat, dom)
        else:
            # no polyhedron in R^n: exhaustion is then certified by the enumeration
            Q = None
            cell, full = pattern_polyhedron(red.network, pat)
            full = full and cylinders.meets(cell)
        if full:
            patterns.append(pat)
            polys.append(Q)
        else:
            rejected += 1
        if not form.binaries:
            break
        coeffs, lo = form.nogood(values)
        S.add_row(coeffs, lo, None)
    n_fixed = sum(1 for u in form.units if u for kind, _ in u if kind == "fixed")
    info = {"solver": solver, "solves": solves, "rejected": rejected,
            "binaries": len(form.binaries), "fixed_units": n_fixed, "partial": partial,
            "certified": None, "exact": False, "missed_by_solver": None}
    if certify and not partial:
        patterns = _certify_exhaustion(net, domain, box, P, patterns, polys, info)
    if not info["exact"]:
        info["lower_bound"] = len(patterns)
    info["seconds"] = time.perf_counter() - t0
    return MILPCount(patterns, info)


def _certify_exhaustion(net, domain, box, P, patterns, polys, info):
    """
    Prove exactly that ``patterns`` are all the full-dimensional activation patterns in
    the domain (their regions' volumes fill it), else complete them by the exact
    enumeration. Returns the exact list and fills ``info``.
    """
    if any(Q is None for Q in polys):
        return _complete_by_enumeration(net, domain, patterns, info)
    if P is None:
        dom_vol = qq(1)
        for lo, hi in box:
            dom_vol *= qq(hi - lo)
    else:
        dom_vol = P.volume()
    covered = sum((Q.volume() for Q in polys), qq(0))
    if covered > dom_vol:
        raise AssertionError("activation regions overlap: their volumes exceed the domain's")
    info["exact"] = True
    if covered == dom_vol:
        info["certified"], info["missed_by_solver"] = "volume", 0
        return patterns
    return _complete_by_enumeration(net, domain, patterns, info)


def _complete_by_enumeration(net, domain, patterns, info):
    """The exact pattern list by enumeration, checked to contain ``patterns``."""
    info["exact"] = True
    from tropsage.regions.activation import activation_regions
    exact = [R.activation_pattern for R in activation_regions(net, domain=domain, progress=False)]
    found = set(patterns)
    if not found <= set(exact):
        raise AssertionError("a certified MILP pattern is not among the exact activation regions")
    info["certified"], info["missed_by_solver"] = "enumeration", len(exact) - len(found)
    return exact


def count_activation_regions_milp(net, domain, solver="highs", tol=1e-6, return_info=False,
                                  certify=True, activations=None):
    """
    The number of activation regions of ``net`` inside a bounded ``domain``, by MILP
    (see :func:`milp_activation_patterns`); with ``return_info=True`` the pair
    ``(count, info)``. The count is exact (certified, see the module doc) unless
    ``certify=False``, when it is a lower bound.

    EXAMPLES::

        >>> from tropsage.queries.milp import count_activation_regions_milp
        >>> count_activation_regions_milp([([[1], [2]], [0, -1]), ([[1, -1]], [0])], [(-3, 3)])
        3
    """
    r = milp_activation_patterns(net, domain, solver=solver, tol=tol, certify=certify,
                                 activations=activations)
    return (r.count, r.info) if return_info else r.count
