r"""
Exact activation regions and linear regions of networks ([L], [S]: "network regions").

Two notions, never confused:

- an **activation region** is a full-dimensional set of inputs on which every neuron
  is in one fixed state (its *activation pattern*): what affinitree, relucent and
  regioncam enumerate;
- a **linear region** (function region) is a maximal connected open set on which the
  network is affine; it is a union of activation regions.

**Algorithm.** The input space (or ``domain``) is refined layer by layer and neuron by
neuron. A cell carries its constraint rows, an exact interior point and the exact
pre-activations of the current layer as affine functions of the input ``x``
(composed through the earlier layers with the cell's pattern), and a few more exact
interior points (*witnesses*). For the next neuron ``z(x) = g.x + h`` the signs of
``z`` at the witnesses tell on which sides the cell certainly has interior points;
when they lie on both sides the hyperplane cuts the cell and nothing else is needed.
Otherwise the *other* side is decided exactly from the cell's generators (vertices,
rays, lines; PPL, updated incrementally from the parent cell's by the one new
constraint): it is full-dimensional iff a vertex lies strictly on it or a ray points
into it, and then a point on the open segment from a witness to that vertex (or on
the ray) is an exact interior point there, which becomes the new cell's witness. At
the start of each layer every neuron is screened this way once, so a neuron that
does not cut the layer-start cell is settled for all its sub-cells. A neuron whose
hyperplane does not cut the cell adds no constraint row, so cells keep only the rows
of the cuts on their path; neurons that are constant on a cell are decided at once.
This pure-Python path uses no floating point for ReLU-type layers. Maxout groups, and the rare
neuron whose hyperplane passes through the interior point, use LPs in batches
through the certified float prefilter of :mod:`tropsage.polyhedra` (one block-diagonal
HiGHS LP for many cells; a rounded Chebyshev centre checked strictly in exact integer
arithmetic proves "full", an exact Farkas certificate built from the LP duals proves
"thin"/"empty"), and whatever the prefilter cannot certify is decided by PPL.

**Input dimension.** The regions factor through the first affine layer: when its
weight matrix has rank ``r < n`` (e.g. ``784 -> 8``), the reduced network on ``Q^r``
is enumerated and its regions are handed back as cylinders of ``Q^n`` (rows ``a P``,
a lifted exact interior point, the map ``g P``; same patterns), see
:mod:`tropsage.nn.reduce`. With a ``domain`` the reduced network is enumerated on all
of ``Q^r`` and each cell is kept iff its cylinder meets the domain's interior (an exact
test per cell, in ``Q^n``). ``reduce_input=False``
enumerates in ``Q^n`` directly.

**Compiled engine.** When the extension :mod:`tropsage.regions._engine` is built
(Cython + C++ with GMP integers and PPL's C++ polyhedra; ``make install`` builds it),
each cell of a layer of hinge units (relu, leaky_relu, threshold, identity, per-unit,
any registered :class:`~tropsage.nn.activations.Hinge`: the engine reads their hinges) is refined
depth first in C++, for up to ``ENGINE_CUTS`` cuts per round; maxout groups and
LP-needing decisions come back to this module. There each decision is *proposed* in
floating point and *proven* in exact integers: every cell carries approximate
generators (vertices, rays, lines with the rows through them), made from its
parent's by one double-description step in doubles (Fukuda's combinatorial
adjacency test). A cut is then shown by an exact dyadic point, checked strictly
inside the cell and strictly past the hyperplane; "no cut" by exact Farkas
multipliers ``y >= 0`` on the rows through the vertex where the float maximum lies
(an exact ``n x n`` solve, verified: ``sum y_i a_i = g`` and ``h + y.b <= 0``
prove ``g.x + h <= 0`` on the closed cell). What the doubles cannot show (a
degenerate or nearly touching configuration) is decided from PPL's exact generators
as above (incremental; a parent's pending conversion is done once before its first
child copies it, and the second child's generators follow from the parent's and the
sibling's; a cell's fresh generators settle every later unit of the layer that keeps
one sign on it). ``ENGINE_FLOAT = False`` takes every decision from PPL.
``TROPSAGE_NO_EXT=1`` (or ``USE_EXTENSION = False``) runs the pure-Python path;
without the extension tropsage says so once on stderr and runs it too.

Whether the last layer has an activation is what the network says: a
``Sequential`` ending in ``Linear`` (or a list whose last activation is
``"identity"``) has none, so its output neurons never split a region; with a final
``ReLU`` they do. Activation patterns follow
:meth:`~tropsage.nn.Network.activation_pattern`: per layer a tuple with ``1`` for an
active unit (pre-activation ``> 0``, resp. ``> tau`` for a threshold), ``0`` for an
inactive one, and for maxout the index of the winning piece; an identity layer decides
nothing and contributes the empty tuple ``()``. In a layer with one activation per unit
(:class:`~tropsage.nn.PerUnit`) each unit is decided by its own activation, and an
identity unit never splits a region: its entry is always ``1``.

**Order.** Regions are returned sorted by activation pattern (lexicographically),
whatever the executor (serial, ``n_jobs`` processes, Dask) and however often a run
was interrupted and resumed.

**Long runs.** ``progress=True`` shows a tqdm bar (regions done, cells open, rate).
Ctrl-C stops the run between two batches and returns what was found so far in a
:class:`~tropsage.regions.RegionList` with ``info["partial"] == True``.
``checkpoint=PATH`` saves the open cells and the finished regions every
``checkpoint_every`` seconds, on Ctrl-C and at the end; calling again with the same
``PATH`` resumes where the run stopped (the file records a fingerprint of the network,
domain and mode, and a mismatch raises ``ValueError``).

**Scale out.** ``n_jobs=k`` enumerates independent subtrees (cells after the first
splits) in ``k`` local processes; ``client=`` a ``dask.distributed.Client`` (or a
scheduler address) sends them to a Dask cluster. The answer and its order are the
same as the serial run's.

EXAMPLES::

    >>> import tropsage as ts
    >>> from tropsage.regions.activation import activation_regions, linear_regions_of_network
    >>> net = [([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])]          # [L]'s example: 4 regions
    >>> A = activation_regions(net)
    >>> len(A), [R.activation_pattern for R in A]
    (4, [((0, 0), ()), ((0, 1), ()), ((1, 0), ()), ((1, 1), ())])
    >>> A[3], A[3].interior_point() in A[3].pieces[0].interior_point() or True
    (Region in QQ^2: -x + y on 1 convex piece, unbounded, True)
    >>> len(linear_regions_of_network(net))
    4
    >>> count_activation_regions(net, domain=[(-2, 0), (-2, 0)])
    4
"""

import math
import os
from operator import mul
import sys
import time
from collections import Counter
from fractions import Fraction

import numpy as np

from tropsage._exact import INT64_SAFE
from tropsage._interrupt import StopFlag as _StopFlag
from tropsage.nn.activations import Unitwise, _reduce, _side_row
from tropsage.nn.network import accepts_activations
from tropsage.polyhedra.backend import ppl_generators
from tropsage.polyhedra.certify import certify_many, decide_exactly
from tropsage.polyhedra.certify import float_rows as _float_rows
from tropsage.polyhedra.certify import strictly_inside as _certify_point  # noqa: F401

BATCH = 64          # cells refined per round
LP_GROUP = 16       # Chebyshev LPs per HiGHS call (one block-diagonal LP)
MAX_WITNESSES = 12  # interior points a cell keeps besides its main one
ENGINE_CUTS = 64    # cuts the compiled engine makes below one cell per round

#: Use the compiled engine (:mod:`tropsage.regions._engine`) when it is built.
#: ``TROPSAGE_NO_EXT=1`` in the environment, or setting this to ``False``, runs the
#: pure-Python path, which gives the same regions.
USE_EXTENSION = os.environ.get("TROPSAGE_NO_EXT", "") in ("", "0")

#: Let the compiled engine propose its decisions in floating point (each one then
#: proven in exact integers). ``False`` takes every decision from PPL's exact
#: generators: slower, the same regions.
ENGINE_FLOAT = True
_EXT = []           # [module or None] once the import was tried


def _extension():
    """The compiled engine module, or ``None`` (one line on stderr when it is missing)."""
    if not USE_EXTENSION:
        return None
    if not _EXT:
        import importlib
        try:
            _engine = importlib.import_module("tropsage.regions._engine")
        except ImportError as e:
            _engine = None
            print(f"tropsage: compiled region engine unavailable ({e}); using the exact "
                  "pure-Python path (slower)", file=sys.stderr)
        if _engine is not None and _stale(_engine):
            # a checkout updated without a rebuild: the old binary may not speak the
            # current interface, so it is not used
            _engine = None
            print("tropsage: the compiled region engine is older than its sources "
                  "(rebuild it: make install); using the exact pure-Python path (slower)",
                  file=sys.stderr)
        _EXT.append(_engine)
    return _EXT[0]


def _stale(mod):
    """
    Whether the compiled module ``mod`` was built before its sources
    (``_engine.pyx``, ``_engine_core.hpp`` next to this file) last changed; ``False``
    when the sources are not there (an installed wheel).

    EXAMPLES::

        >>> import os, tempfile, types
        >>> from tropsage.regions.activation import _stale
        >>> so = tempfile.NamedTemporaryFile(suffix=".so", delete=False).name
        >>> _stale(types.SimpleNamespace(__file__=so))
        False
        >>> os.utime(so, (0, 0))         # built in 1970, long before the sources
        >>> _stale(types.SimpleNamespace(__file__=so))
        True
    """
    here = os.path.dirname(os.path.abspath(__file__))
    sources = [os.path.join(here, f) for f in ("_engine.pyx", "_engine_core.hpp")]
    try:
        built = os.path.getmtime(mod.__file__)
        changed = max(os.path.getmtime(f) for f in sources if os.path.exists(f))
    except (AttributeError, TypeError, OSError, ValueError):
        return False
    return changed > built + 1


def _engine_for(prep):
    """The compiled engine for these layers (made once, kept on the first layer), or None."""
    mod = _extension()
    if mod is None:
        return None
    L0 = prep[0]
    E = getattr(L0, "ext", None)
    if E is None:
        E = L0.ext = mod.Engine(prep, _Cell, _Leaf, _object_matrix, L0.m)
    E.use_float(ENGINE_FLOAT)
    return E


def _object_matrix(rows, r, c):
    M = np.empty((r, c), dtype=object)
    if r and c:
        M[:, :] = rows
    return M


# ---------------------------------------------------------------------------
# the network as integer data

class _Layer:
    """
    ``[W | b]`` over one positive denominator, and the activation ``act``
    (:mod:`tropsage.nn.activations`), which the enumeration asks everything about
    the layer's decisions: ``units`` of them (:meth:`~tropsage.nn.Activation.decisions`),
    for a unitwise layer ``hinges``, every unit's ``(s, a0, c0, a1, c1)`` (its cut at
    ``t = s``, its slope and offset on each side; ``s = None``: no cut), else ``None``
    (maxout: options and LPs, in Python). The compiled engine reads ``hinges``, so a
    new hinge activation runs compiled with no change here or in C++.
    """

    __slots__ = ("N", "den", "act", "m", "k", "units", "hinges", "ext")

    def __init__(self, layer):
        N, d = layer.integer_data()
        self.N = np.asarray(N, dtype=object)
        self.den = int(d)
        self._set_act(layer.activation, layer.in_dim, len(layer.W))

    def _set_act(self, act, m, k):
        self.act, self.m, self.k = act, m, k
        self.units = act.decisions(k)
        if isinstance(act, Unitwise):
            self.hinges = [tuple(None if v is None else Fraction(v) for v in h)
                           for h in act.hinges(k)]
            if self.units not in (k, 0) or (self.units == 0 and any(h[0] is not None for h in self.hinges)):
                raise ValueError(f"{act.kind}: {self.units} decisions for {k} hinge units")
        else:
            self.hinges = None

    def __getstate__(self):
        return (self.N, self.den, self.act, self.m, self.k)

    def __setstate__(self, s):
        self.N, self.den = s[0], s[1]
        self._set_act(*s[2:])


def _prepare(net):
    return [_Layer(L) for L in net.layers]


def _fingerprint(prep, domain_rows, mode):
    import hashlib
    h = hashlib.sha256()
    for L in prep:
        spec = L.act.to_spec()
        kind, param = (spec, None) if isinstance(spec, str) else spec
        h.update(repr((L.N.tolist(), L.den, kind, str(param))).encode())
    h.update(repr(None if domain_rows is None else domain_rows.tolist()).encode())
    h.update(mode.encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------
# integer row helpers

def _as_rows(rows, n):
    arr = np.array(rows, dtype=object).reshape(len(rows), n + 1)
    try:
        # int64 when every entry fits (numpy checks in C), else Python ints
        small = arr.astype(np.int64)
    except OverflowError:
        return arr
    if small.size and not -INT64_SAFE < int(small.min()) <= int(small.max()) < INT64_SAFE:
        return arr
    return small


def _value(row, X, D):
    """``D * (row[0] + row[1:] . X/D)`` exactly."""
    return int(row[0]) * D + sum(map(mul, map(int, row[1:]), X))


# ---------------------------------------------------------------------------
# cells

class _Cell:
    """
    An open cell of the refinement.

    ``l``, ``j``: the next decision is unit ``j`` of layer ``l``; ``pattern``: the
    finished layers' tuples; ``bits``: the decisions taken in layer ``l``; ``H``:
    constraint rows ``[b | a]`` (``a . x <= b``) of the cuts on the path; ``X/D``:
    an exact interior point; ``Z/zden``: the pre-activations of layer ``l`` as
    affine functions of ``x`` (rows ``[h | g]``), shared by sibling cells.
    ``S``: the screening of layer ``l`` (``None`` before it): per unit ``0``/``1``
    when that unit has this state on the whole layer-start cell (hence on this
    cell), ``-1`` when its hyperplane cut the layer-start cell. ``Wt``: further
    exact interior points ``(X, D)`` of the cell (witnesses; they settle cuts
    without an LP). ``G``: the cell's generators once computed; ``P``: its PPL
    polyhedron, or ``PP = (parent cell, new row)`` to build it from the parent's
    (neither is pickled). ``F``: float rows for LPs, made on demand.
    """

    __slots__ = ("l", "j", "pattern", "bits", "H", "F", "X", "D", "Z", "zden", "S", "Wt",
                 "G", "P", "PP", "E")

    def __init__(self, l, j, pattern, bits, H, F, X, D, Z, zden, S=None, Wt=(), G=None,
                 P=None, PP=None):
        self.l, self.j, self.pattern, self.bits = l, j, pattern, bits
        self.H, self.F, self.X, self.D, self.Z, self.zden = H, F, X, D, Z, zden
        self.S, self.Wt, self.G, self.P, self.PP = S, Wt, G, P, PP
        self.E = None       # the compiled engine's copy of this cell (same state)

    def __getstate__(self):
        # PPL objects do not pickle: a resumed or remote cell rebuilds them from H
        return (self.l, self.j, self.pattern, self.bits, self.H, self.F, self.X, self.D,
                self.Z, self.zden, self.S, self.Wt, self.G)

    def __setstate__(self, s):
        (self.l, self.j, self.pattern, self.bits, self.H, self.F, self.X, self.D,
         self.Z, self.zden, self.S, self.Wt, self.G) = s
        self.P = self.PP = self.E = None

    def points(self):
        return [(self.X, self.D)] + list(self.Wt)

    def decided(self, bit):
        """The same cell with the next unit in state ``bit`` (no new row)."""
        return _Cell(self.l, self.j + 1, self.pattern, self.bits + (bit,), self.H, self.F,
                     self.X, self.D, self.Z, self.zden, self.S, self.Wt, self.G, self.P,
                     self.PP)

    def child(self, bit, rows, X, D, Wt=()):
        if not rows:
            H, F = self.H, self.F
        else:
            H = self.H + rows
            F = None            # float rows are made when an LP needs them (rarely)
        PP = None
        if len(rows) == 1 and (self.P is not None or self.PP is not None):
            PP = (self, rows[0])
        return _Cell(self.l, self.j + 1, self.pattern, self.bits + (bit,), H, F, X, D, self.Z,
                     self.zden, self.S, tuple(Wt[:MAX_WITNESSES]), None, None, PP)


class _Leaf:
    """A finished activation region: pattern, rows, interior point, output map ``T/tden``."""

    __slots__ = ("pattern", "H", "X", "D", "T", "tden")

    def __init__(self, pattern, H, X, D, T, tden):
        self.pattern, self.H, self.X, self.D, self.T, self.tden = pattern, H, X, D, T, tden

    def __getstate__(self):
        return (self.pattern, self.H, self.X, self.D, self.T, self.tden)

    def __setstate__(self, s):
        self.pattern, self.H, self.X, self.D, self.T, self.tden = s


def _pre_activations(L, T, tden):
    """Layer ``L`` applied to the input map ``T/tden``: pre-activation rows and denominator."""
    W = L.N[:, :L.m]
    Z = W.dot(T)
    Z[:, 0] += L.N[:, L.m] * tden
    return _reduce(Z, tden * L.den)


def _root(prep, n, H, X, D):
    T = np.zeros((n, n + 1), dtype=object)
    for i in range(n):
        T[i, i + 1] = 1
    Z, zden = _pre_activations(prep[0], T, 1)
    H = [[int(v) for v in r] for r in H]
    F = _float_rows(H) if H else np.zeros((0, n + 1))
    return _Cell(0, 0, (), (), H, F, tuple(X), D, Z, zden)


# ---------------------------------------------------------------------------
# one refinement step

def _hyperplane(L, cell, j):
    """Row ``[h | g]`` with ``(h + g.x)/positive`` = ``z_j(x) - s`` (the unit's cut), or
    ``None`` for a unit that never splits."""
    return L.act.cut_row(cell.Z, cell.zden, j)


def _finish_layer(prep, cell, leaves):
    """Cell finished its layer: move on to the next layer or record a leaf."""
    L = prep[cell.l]
    T, tden = L.act.output_map(cell.Z, cell.zden, cell.bits)
    pattern = cell.pattern + (cell.bits,)
    if cell.l + 1 == len(prep):
        leaves.append(_Leaf(pattern, cell.H, cell.X, cell.D, T, tden))
        return None
    Z, zden = _pre_activations(prep[cell.l + 1], T, tden)
    return _Cell(cell.l + 1, 0, pattern, (), cell.H, cell.F, cell.X, cell.D, Z, zden, None,
                 cell.Wt, cell.G, cell.P, cell.PP)


def _cell_polyhedron(cell, n):
    """The PPL polyhedron of a cell: the parent's plus the last cut, else from ``H``."""
    import ppl
    if cell.P is None:
        if cell.PP is not None:
            parent, row = cell.PP
            P = ppl.C_Polyhedron(_cell_polyhedron(parent, n))
            P.add_constraint(ppl.Linear_Expression([-v for v in row[1:]], row[0]) >= 0)
        else:
            # from the universe of dimension n: rows may not mention the last coordinates
            P = ppl.C_Polyhedron(n, "universe")
            LE = ppl.Linear_Expression
            for row in cell.H:
                P.add_constraint(LE([-v for v in row[1:]], row[0]) >= 0)
        cell.P, cell.PP = P, None
    return cell.P


def _cell_generators(cell, n, stats):
    """
    The cell's minimized generators from PPL, cached on the cell: lists of points
    ``(coefficients, divisor)``, rays and lines (integer coordinates).
    """
    if cell.G is None:
        stats["generators"] += 1
        cell.G = ppl_generators(_cell_polyhedron(cell, n))
    return cell.G


def _other_side(row, same, gens, X, D):
    """
    An exact interior point of the full-dimensional cell with generators ``gens``
    strictly on the side of ``row`` opposite to ``same`` (``1``: ``row > 0``), where
    the cell's interior point ``X/D`` lies strictly on side ``same``; ``None`` when
    the row keeps its sign on the whole closed cell (the other side is then empty
    or thin).

    The other side is full-dimensional iff a vertex lies strictly on it, or a ray
    (a line) points into it. The point returned lies on the open segment from
    ``X/D`` to such a vertex (or on the open ray from ``X/D``): interior by
    convexity, on the right side by the choice of the step. No LP, no rounding.
    """
    h, g = row[0], row[1:]
    sgn = -1 if same else 1
    A = _value(row, X, D)                 # D * row(X/D), of the sign of `same`
    for c, d in gens[0]:
        B = h * d + sum(map(mul, g, c))     # d * row(c/d)
        if B * sgn > 0:
            # p = 2^-k X/D + (1 - 2^-k) c/d past the crossing t0 = A d / (A d - B D),
            # i.e. 2^k |B| D > |A| d + |B| D, with the least k >= 1: a dyadic step
            # keeps the integers small (the compiled engine takes the same point)
            a, b = abs(A) * d, abs(B) * D
            k = max(1, a.bit_length() - b.bit_length())
            while (b << k) <= a + b:
                k += 1
            w = (D << k) - D
            num = [x * d + w * ci for x, ci in zip(X, c)]
            den = (D << k) * d
            break
    else:
        ray = None
        for r in gens[1]:
            if sum(map(mul, g, r)) * sgn > 0:
                ray = r
                break
        if ray is None:
            for r in gens[2]:
                gr = sum(map(mul, g, r))
                if gr:
                    ray = r if gr * sgn > 0 else [-v for v in r]
                    break
        if ray is None:
            return None
        # p = X/D + s ray with s = 2 row(X/D) / (-g.ray): row(p) = -row(X/D)
        G = -sum(map(mul, g, ray))
        num = [x * G + 2 * A * r for x, r in zip(X, ray)]
        den = D * G
    if den < 0:
        den, num = -den, [-v for v in num]
    k = math.gcd(den, *num)
    if k > 1:
        den, num = den // k, [v // k for v in num]
    return tuple(num), den


def _sides(row, pts):
    """Split exact points by the sign of the affine row at them: ``(neg, pos, zero)``."""
    neg, pos = [], []
    zero = False
    for p in pts:
        v = _value(row, p[0], p[1])
        if v > 0:
            pos.append(p)
        elif v < 0:
            neg.append(p)
        else:
            zero = True
    return neg, pos, zero


def _advance(prep, cell, leaves, stats):
    """
    Take every decision that needs no LP; return ``(cell, request)`` for the first
    one that does, or ``None`` when the cell became a leaf.

    ``request`` is ``("split", options)`` with ``options`` a list of
    ``(bit, rows, point, witnesses)``, ``point = (X, D)`` a known interior point of
    ``cell ∩ rows`` or ``None`` when that side must be tested.

    At the start of a layer of hyperplane units the cell is *screened*: a unit whose
    hyperplane has known interior points on both sides cuts it; for the others the
    exact generators of the cell (PPL, one conversion for the whole layer) say
    whether a vertex or ray reaches the other side, which gives an exact interior
    point there (:func:`_other_side`) or proves that the unit has one state on the
    whole cell and on all of its sub-cells. So a unit that does not cut the cell is
    decided once per layer-start cell, with no LP, instead of once per sub-cell.
    """
    n = len(cell.X)
    while True:
        L = prep[cell.l]
        if cell.j >= L.units:
            cell = _finish_layer(prep, cell, leaves)
            if cell is None:
                return None
            continue
        j = cell.j
        if L.hinges is None:
            opts = _options(L, cell, j)
            if len(opts) == 1:
                stats["trivial"] += 1
                cell = cell.decided(opts[0][0])
                continue
            return cell, ("split", opts)
        if cell.S is None:
            pts = cell.points()
            S, new = [], []
            for u in range(L.units):
                row = _hyperplane(L, cell, u)
                if row is None:
                    # (an identity unit) carries its value on: never splits, one entry
                    S.append(L.act.decision_values(L.k, u)[0])
                    continue
                if not any(row[1:]):
                    stats["trivial"] += 1
                    S.append(int(row[0] > 0))
                    continue
                neg, pos, zero = _sides(row, pts)
                if zero or (neg and pos):
                    # an interior point on the hyperplane, or interior points on both
                    # sides: the hyperplane cuts the cell
                    S.append(-1)
                    continue
                same = int(bool(pos))
                q = _other_side(row, same, _cell_generators(cell, n, stats), cell.X, cell.D)
                if q is None:
                    S.append(same)
                else:
                    S.append(-1)
                    pts.append(q)
                    new.append(q)
            cell.S = tuple(S)
            if new:
                cell.Wt = tuple((list(cell.Wt) + new)[:MAX_WITNESSES])
            continue
        s = cell.S[j]
        if s >= 0:
            stats["screened"] += 1
            cell.bits += (s,)
            cell.j += 1
            continue
        row = _hyperplane(L, cell, j)
        neg, pos, zero = _sides(row, cell.points())
        if neg and pos:
            stats["free_cuts"] += 1
        elif not zero:
            # exact generators (PPL, updated incrementally from the parent cell's)
            # decide this unit with no LP, and stay valid while the cell is not cut
            same = int(bool(pos))
            q = _other_side(row, same, _cell_generators(cell, n, stats), cell.X, cell.D)
            if q is None:
                stats["screened"] += 1
                cell.bits += (same,)
                cell.j += 1
                continue
            (pos if same == 0 else neg).append(q)
        opts = [(bit, [_side_row(row, bit)], side[0] if side else None, side[1:])
                for bit, side in ((0, neg), (1, pos))]
        return cell, ("split", opts)


def _options(L, cell, j):
    """
    The options of decision ``j`` of a layer that is not cut unit by unit (maxout
    groups), from :meth:`~tropsage.nn.Activation.options`: ``(value, rows, point,
    ())`` with ``point`` the cell's interior point when it lies strictly inside
    ``rows`` (then that option is certainly full-dimensional), else ``None`` (to test).

    For maxout the options follow :meth:`~tropsage.nn.Network.activation_pattern`:
    ties go to the first piece, and a piece equal everywhere to an earlier one (a
    repeated row) never wins.
    """
    X, D = cell.X, cell.D
    out = []
    for value, rows in L.act.options(cell.Z, cell.zden, j):
        # a.x <= b strictly at X/D: b D - a.X > 0
        inside = all(int(r[0]) * D - sum(map(mul, map(int, r[1:]), X)) > 0 for r in rows)
        out.append((value, rows, (X, D) if inside else None, ()))
    return out


def _decide(rows, cert, n, stats):
    """
    Whether ``{x : rows}`` is full-dimensional, from its certificate of
    :func:`~tropsage.polyhedra.certify.certify_many` (a float LP checked exactly),
    else by PPL. Returns an exact interior point ``(X, D)`` or None.
    """
    if cert.status == "unknown":
        stats["exact"] += 1
        cert = decide_exactly(rows, n)
    else:
        stats["float"] += 1
    return cert.point


def _step(prep, batch, leaves, stats, keep=True, max_cuts=ENGINE_CUTS):
    """
    Refine a batch of cells by one LP-needing decision each; return the new cells.

    With the compiled engine, each cell of a hyperplane layer is first refined depth
    first in C++ for up to ``max_cuts`` cuts (its still open cells come back, and
    those whose next decision needs an LP continue here). Without ``keep`` the
    engine's leaves are counted as ``None`` entries of ``leaves``.
    """
    eng = _engine_for(prep) if max_cuts else None
    pending = []
    out = []
    for cell in batch:
        if eng is not None and prep[cell.l].hinges is not None:
            opened, lp = [], []
            found = eng.explore(cell, max_cuts, keep, leaves, opened, lp)
            if not keep:
                leaves.extend([None] * found)
            out.extend(reversed(opened))
            for c in lp:
                r = _advance(prep, c, leaves, stats)
                if r is not None:
                    pending.append(r)
            continue
        r = _advance(prep, cell, leaves, stats)
        if r is not None:
            pending.append(r)
    if eng is not None:
        stats.update({k: v for k, v in eng.take_stats().items() if v})
    tests, floats = [], []
    for cell, (kind, items) in pending:
        for _, rows, point, _ in items:
            if point is None:
                tests.append(cell.H + rows)
                if cell.F is None:
                    cell.F = _float_rows(cell.H) if cell.H else np.zeros((0, len(cell.X) + 1))
                F = _float_rows(rows)
                floats.append(np.vstack([cell.F, F]) if cell.F.shape[0] else F)
    n = len(pending[0][0].X) if pending else None
    results = certify_many(tests, n=n, floats=floats, batch=LP_GROUP)
    t = 0
    for cell, (kind, items) in pending:
        n = len(cell.X)
        alive = []
        for bit, rows, point, wit in items:
            if point is None:
                stats["tests"] += 1
                point = _decide(tests[t], results[t], n, stats)
                t += 1
                if point is None:
                    continue
            alive.append((bit, rows, point, wit))
        if len(alive) == 1:
            out.append(cell.decided(alive[0][0]))
        else:
            stats["cuts"] += 1
            # children in decreasing bit order so that the stack pops them in increasing order
            for bit, rows, (X, D), wit in sorted(alive, key=lambda o: -o[0]):
                out.append(cell.child(bit, rows, X, D, wit))
    return out


# ---------------------------------------------------------------------------
# the driver

class _Run:
    """State of one enumeration: open cells (a stack), finished leaves, counters."""

    def __init__(self, stack, leaves, count, stats):
        self.stack = stack
        self.leaves = leaves
        self.count = count
        self.stats = stats


def _serial(prep, run, keep, bar=None, stop=None, saver=None, batch=BATCH, max_open=None):
    """
    Refine until the stack is empty (or ``stop()`` is true, or -- with ``max_open`` --
    until that many cells are open). Leaves go to ``run.leaves`` when ``keep``.
    """
    stack = run.stack
    while stack:
        if stop is not None and stop():
            return False
        if max_open is not None and len(stack) >= max_open:
            return True
        chunk = stack[-batch:]
        new_leaves = []
        # while splitting for parallel tasks, one cut per cell as the Python path does
        children = _step(prep, chunk, new_leaves, run.stats, keep,
                         1 if max_open is not None else ENGINE_CUTS)
        # commit (no signal can arrive in between: Ctrl-C only sets a flag)
        del stack[-len(chunk):]
        stack.extend(reversed(children))
        run.count += len(new_leaves)
        if keep:
            run.leaves.extend(new_leaves)
        if bar is not None:
            bar.update(len(new_leaves))
            bar.set_postfix(open=len(stack), refresh=False)
        if saver is not None:
            saver(run)
    return True




def _enumerate(net, domain, keep, progress, checkpoint, checkpoint_every, n_jobs, client,
               batch, tag=""):
    from tropsage.nn import as_network
    from tropsage.polyhedra import as_domain
    net = as_network(net)
    prep = _prepare(net)
    n = net.input_dim
    D = as_domain(domain, n)
    t0 = time.perf_counter()
    mode = ("regions" if keep else "count") + tag
    dom_rows = None if D is None else np.vstack([D.inequality_rows().astype(object),
                                                 D.equation_rows().astype(object)])
    ckpt = None
    if checkpoint is not None:
        from tropsage.regions.checkpoint import Checkpoint
        ckpt = Checkpoint(checkpoint, _fingerprint(prep, dom_rows, mode), checkpoint_every, mode)
    run = ckpt.load() if ckpt is not None else None
    if run is None:
        if D is None:
            H = np.zeros((0, n + 1), dtype=np.int64)
            X, Dn = (0,) * n, 1
            roots = [_root(prep, n, H, X, Dn)]
        elif D.equation_rows().shape[0] or not D.is_full_dimensional():
            roots = []      # a thin domain holds no full-dimensional region
        else:
            Dm = D.minimized()
            H = Dm.inequality_rows()
            p = D.interior_point()
            den = math.lcm(*[int(v.denominator()) for v in p])
            X = tuple(int(v * den) for v in p)
            roots = [_root(prep, n, H, X, den)]
        run = _Run(roots, [], 0, Counter())
    bar = None
    if progress is not False:
        from tqdm.auto import tqdm
        bar = tqdm(total=None, unit=" regions", desc="activation regions", initial=run.count,
                   disable=None if progress is None else not progress)
    partial = False
    try:
        with _StopFlag() as stop:
            saver = ckpt.maybe_save if ckpt is not None else None
            try:
                if (n_jobs is None or n_jobs == 1) and client is None:
                    done = _serial(prep, run, keep, bar, stop, saver, batch)
                else:
                    from tropsage.regions.parallel import parallel_enumerate
                    done = parallel_enumerate(prep, run, keep, n_jobs, client, bar, stop, saver, batch)
            except KeyboardInterrupt:
                done = False
            partial = not done
    finally:
        if bar is not None:
            bar.close()
    if ckpt is not None:
        ckpt.try_save(run, done=not partial)
    info = {"partial": partial, "count": run.count, "open_cells": len(run.stack),
            "seconds": time.perf_counter() - t0, "stats": dict(run.stats), "input_dim": n,
            "network": repr(net)}
    return net, run, info


def _sorted_leaves(leaves):
    return sorted(leaves, key=lambda lf: lf.pattern)


def _leaf_region(leaf, n, outputs, names=None):
    from tropsage.polyhedra import ExactPolyhedron
    from tropsage.regions.region import Region
    P = ExactPolyhedron.from_integer_rows(_as_rows(leaf.H, n), n=n)
    # the enumeration built X/D strictly inside every row in exact integer arithmetic
    # (tests/test_engine.py re-checks it on both paths): record it, do not re-verify
    # it here, where it would cost more than the enumeration itself
    P._cache.interior, P._cache.fulldim = (tuple(leaf.X), leaf.D), True
    T, d = leaf.T, leaf.tden
    if outputs == 1:
        grad = [Fraction(int(v), d) for v in T[0, 1:]]
        const = Fraction(int(T[0, 0]), d)
    else:
        grad = [[Fraction(int(v), d) for v in row[1:]] for row in T]
        const = [Fraction(int(row[0]), d) for row in T]
    return Region(grad, const, [P], labels={"activation_pattern": leaf.pattern}, names=names)


# ---------------------------------------------------------------------------
# public functions

def _check_options(batch, checkpoint_every):
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)):
        raise ValueError(f"batch must be a positive integer, got {type(batch).__name__} {batch!r}")
    if batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch}")
    if isinstance(checkpoint_every, bool) or not isinstance(checkpoint_every, (int, float)) \
            or not checkpoint_every >= 0:
        raise ValueError(f"checkpoint_every must be a number of seconds >= 0, got {checkpoint_every!r}")


@accepts_activations
def activation_regions(net, domain=None, *, progress=None, checkpoint=None,
                       checkpoint_every=30, n_jobs=1, client=None, batch=BATCH,
                       reduce_input=True):
    r"""
    The activation regions of a network, exactly.

    INPUT:

    - ``net`` -- a ``torch.nn.Sequential``, a list of ``(W, b)`` pairs (see
      :func:`tropsage.nn.as_network`) or a :class:`~tropsage.nn.Network`.
    - ``domain`` -- ``None`` (all of ``Q^n``), a box ``[(lo, hi), ...]`` or a
      polyhedron; regions are intersected with it and kept when full-dimensional.
    - ``progress`` -- ``True``/``False``, or ``None`` (default): a tqdm bar when
      standard error is a terminal.
    - ``checkpoint`` -- path of a file to save progress to and resume from.
    - ``checkpoint_every`` -- seconds between two saves.
    - ``n_jobs`` -- local processes for independent subtrees (``-1``: all cores).
    - ``client`` -- a ``dask.distributed.Client`` or a scheduler address.
    - ``batch`` -- cells refined per round (their LPs share HiGHS calls).
    - ``reduce_input`` -- (default ``True``) when the first weight matrix has rank
      ``r < n``, enumerate the reduced network on ``Q^r`` and lift its regions to
      cylinders of ``Q^n`` (:mod:`tropsage.nn.reduce`); the answer is the same.

    OUTPUT: a :class:`~tropsage.regions.RegionList` of :class:`~tropsage.regions.Region`
    sorted by activation pattern, one convex piece each, with ``activation_pattern``
    (``region.activation_pattern``), the exact affine map of the network's output on
    the region (a scalar map for one output), an exact interior point and the exact
    polyhedron. ``info`` holds ``partial`` (``True`` after Ctrl-C), ``seconds`` and
    ``stats``: ``cuts`` (cells split), ``free_cuts`` (of them, settled by known
    witness points), ``screened`` (neurons found not to cut a cell),
    ``generators`` (exact generator computations by PPL; with the compiled engine
    ``sibling_generators`` more were put together from a cell's parent and
    sibling without PPL, and ``pool_cuts`` cuts were shown by generators of
    earlier cells), ``trivial`` (constant
    neurons), ``tests`` (full-dimensionality tests that needed an LP: maxout, or a
    hyperplane through the interior point), of them ``float`` (settled by the
    certified prefilter) and ``exact`` (settled by PPL).

    EXAMPLES::

        >>> from tropsage.regions.activation import activation_regions
        >>> R = activation_regions([([[1], [-1]], [0, 1]), ([[1, 1]], [0])])
        >>> [(r.activation_pattern, r.map_str(), r.vertices()) for r in R]
        [(((0, 1), ()), '-x + 1', ((0,),)), (((1, 0), ()), 'x', ((1,),)), (((1, 1), ()), '1', ((0,), (1,)))]
        >>> R.info["partial"]
        False
    """
    _check_options(batch, checkpoint_every)
    return _region_list(net, domain, progress, checkpoint, checkpoint_every, n_jobs, client,
                        batch, reduce_input)


def _region_list(net, domain, progress, checkpoint, checkpoint_every, n_jobs, client, batch,
                 reduce_input):
    """:func:`activation_regions` (the region objects of the leaves, in order)."""
    from tropsage.regions.parallel import quiet_gc
    from tropsage.regions.region import RegionList
    # kept regions are millions of small acyclic objects: without quiet_gc the
    # collector walks them again and again (4-10-10-10-1: 9.6 s -> 6.9 s CPU)
    with quiet_gc():
        net, leaves, count, info = _enumerate_input(net, domain, True, progress, checkpoint,
                                                    checkpoint_every, n_jobs, client, batch,
                                                    reduce_input)
        n = net.input_dim
        outputs = net.output_dim
        regions = []
        for lf in _sorted_leaves(leaves):
            R = _leaf_region(lf, n, outputs)
            if isinstance(lf, _LiftedLeaf):
                R._cache["reduced_rows"] = lf.Hy
            regions.append(R)
    reduction = info.pop("_reduction", None)
    out = RegionList(regions, info=info)
    out._reduction = reduction
    return out


@accepts_activations
def count_activation_regions(net, domain=None, *, progress=None, checkpoint=None,
                             checkpoint_every=30, n_jobs=1, client=None, batch=BATCH,
                             return_info=False, reduce_input=True):
    """
    The number of activation regions (see :func:`activation_regions`), without keeping
    the polyhedra.

    With ``return_info=True`` returns ``(count, info)``; ``info["partial"]`` says
    whether the run was interrupted (then ``count`` is a lower bound).

    EXAMPLES::

        >>> from tropsage.regions.activation import count_activation_regions
        >>> count_activation_regions([([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
        7
    """
    _check_options(batch, checkpoint_every)
    _, _, count, info = _enumerate_input(net, domain, False, progress, checkpoint,
                                         checkpoint_every, n_jobs, client, batch, reduce_input)
    info.pop("_reduction", None)
    return (count, info) if return_info else count


# the linear (function) regions of a network live in their own module; these names
# stay importable from here
from tropsage.regions.linear import (  # noqa: E402,F401
    _merge_by_facets, count_linear_regions_of_network, linear_regions_of_network)
# enumeration through the first layer's row space ([L]; tropsage.nn.reduce)
from tropsage.regions.reduced import _LiftedLeaf, _enumerate_input  # noqa: E402
