r"""
Cross-checking floating-point region tools against the exact enumeration.

:func:`crosscheck` runs another tool on a network, maps each region it reports to the
exact regions computed by tropsage, and reports every disagreement with an **exact
witness**: a rational point, checked in exact arithmetic, that shows what the tool got
wrong. The tools:

- ``"affinitree"`` -- activation regions (decision-tree terminals with their
  polytopes and affine maps) on ``R^n``;
- ``"regioncam"`` -- activation regions (faces with their activation patterns and
  affine maps) of a 2-D input net in the square ``[-R, R]^2``;
- ``"sampling"`` -- Algorithm 5 (:func:`~tropsage.numerical.estimate_linear_regions`),
  compared with the exact *linear* regions in ``[-R, R]^n``.

Kinds of disagreement (``Disagreement.kind``):

- ``"wrong_map"`` -- at the witness ``p`` the tool's affine map of its region
  containing ``p`` gives a value different from the exact ``N(p)``;
- ``"wrong_pattern"`` -- the tool's activation pattern at ``p`` differs from the exact
  one (tools that report patterns);
- ``"missed"`` -- the witness is an exact interior point of a full-dimensional region
  that the tool has no region for (the tool put it into a region that already
  corresponds to another exact region, or into none): typically a thin region;
- ``"spurious"`` -- the tool reports a region whose float centre lies in an exact
  region already matched to another of the tool's regions (or which is exactly
  empty): the witness is that centre, and ``exact_region`` says where it really is.

Every witness is verified exactly before it is reported (``verified=True``): the point
lies in the interior of the stated exact region, and the exact value/pattern there is
recomputed with :meth:`tropsage.nn.Network.forward` /
:meth:`~tropsage.nn.Network.activation_pattern`.

EXAMPLES::

    >>> from tropsage.numerical import crosscheck
    >>> net = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]
    >>> rep = crosscheck(net, "sampling", radius=3, n_samples=4000, seed=0)
    >>> rep.agree, rep.exact_count, rep.tool_count
    (True, 7, 7)
"""

import contextlib
import os
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from tropsage._exact import qq
from tropsage.nn import as_network

TOOLS = ("affinitree", "regioncam", "sampling")


@dataclass
class Disagreement:
    """
    One verified disagreement: see the module documentation for ``kind``.

    EXAMPLES::

        >>> from tropsage.numerical import crosscheck
        >>> thin = [([[1], [1]], [0, "-1/1000000000000"]), ([[1, -1]], [0])]   # a strip
        >>> d = crosscheck(thin, "sampling", radius=1, n_samples=200, seed=0).disagreements[0]
        >>> type(d).__name__, d.kind, d.verified
        ('Disagreement', 'missed', True)
    """

    kind: str
    point: tuple
    exact_value: tuple | None = None
    tool_value: tuple | None = None
    exact_pattern: object = None
    tool_pattern: object = None
    exact_region: int | None = None
    tool_region: int | None = None
    verified: bool = False
    message: str = ""

    def __str__(self):
        pt = "(" + ", ".join(str(v) for v in self.point) + ")"
        return f"{self.kind} at {pt}: {self.message}"


@dataclass
class CrosscheckReport:
    r"""
    The result of :func:`crosscheck`.

    ATTRIBUTES: ``tool``, ``notion`` (``"activation"`` or ``"linear"`` regions),
    ``exact_count``, ``tool_count``, ``disagreements`` (list of :class:`Disagreement`),
    ``domain`` (``None`` for ``R^n`` or the box bounds), ``seconds`` (``{"exact": ...,
    "tool": ..., "matching": ...}``), ``info``. ``agree`` is ``True`` when the counts
    are equal and no disagreement was found.

    EXAMPLES::

        >>> from tropsage.numerical import crosscheck
        >>> net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]          # |x|
        >>> rep = crosscheck(net, "sampling", radius=3, n_samples=200, seed=0)
        >>> type(rep).__name__, rep.agree, rep.exact_count, rep.tool_count
        ('CrosscheckReport', True, 2, 2)
    """

    tool: str
    notion: str
    exact_count: int
    tool_count: int
    disagreements: list
    domain: object = None
    seconds: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)

    @property
    def agree(self):
        """
        Whether the tool found as many regions as the exact count, with no disagreement.

        EXAMPLES::

            >>> from tropsage.numerical import crosscheck
            >>> crosscheck([([[1], [-1]], [0, 0]), ([[1, 1]], [0])], "sampling", radius=3,
            ...            n_samples=200, seed=0).agree
            True
        """
        return self.exact_count == self.tool_count and not self.disagreements

    def witnesses(self, kind=None):
        """
        The witness points (exact), optionally of one kind.

        EXAMPLES::

            >>> from tropsage.numerical import crosscheck
            >>> thin = [([[1], [1]], [0, "-1/1000000000000"]), ([[1, -1]], [0])]   # a strip
            >>> rep = crosscheck(thin, "sampling", radius=1, n_samples=200, seed=0)
            >>> (x,), spurious = rep.witnesses("missed")[0], rep.witnesses("spurious")
            >>> 0 < x * 10**12 < 1, spurious      # an exact point inside the strip
            (True, [])
        """
        return [d.point for d in self.disagreements if kind is None or d.kind == kind]

    def summary(self):
        """
        A few lines of text for the command line.

        EXAMPLES::

            >>> from tropsage.numerical import crosscheck
            >>> net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]
            >>> print(crosscheck(net, "sampling", radius=3, n_samples=200, seed=0).summary())
            sampling: 2 linear regions, tropsage (exact): 2 in the box [-3, 3]
            agree
        """
        lines = [f"{self.tool}: {self.tool_count} {self.notion} regions, tropsage (exact): "
                 f"{self.exact_count}" + ("" if self.domain is None else " in the box "
                 + " x ".join(f"[{a}, {b}]" for a, b in self.domain))]
        if self.agree:
            lines.append("agree")
        else:
            lines.append(f"{len(self.disagreements)} disagreement(s)")
            for d in self.disagreements:
                lines.append("  " + str(d) + (" [verified]" if d.verified else ""))
        return "\n".join(lines)

    def __repr__(self):
        return (f"CrosscheckReport(tool={self.tool!r}, exact={self.exact_count}, "
                f"tool={self.tool_count}, disagreements={len(self.disagreements)})")


# ---------------------------------------------------------------------------
# the other tools, read into a common form:
# regions as dicts with "A", "b" (float A x <= b), "M", "c" (float map x -> M x + c),
# optional "pattern" and "center"

@contextlib.contextmanager
def _quiet_stdout():
    # affinitree's Rust code prints progress on file descriptor 1
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    try:
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def _float_mats(L, dtype=np.float64):
    W = np.array([[float(v) for v in r] for r in L.W], dtype=dtype)
    b = np.array([float(v) for v in L.b], dtype=dtype)
    return W, b


def _import_tool(name):
    try:
        return __import__(name)
    except ImportError:
        raise ValueError(f"tool {name!r} is not installed; install tropsage's 'peers' extra "
                         f"(pip install {name})") from None


def affinitree_tree(net, activations=None):
    """
    affinitree's decision tree of a ReLU network (floats; a peer tool, not exact).
    Its terminals are affinitree's activation regions: ``tree.num_terminals()``.
    Shared by :func:`crosscheck`, the cross-check tests and ``bench/regions.py``.

    INPUT:

    - ``net`` -- a network of relu and identity layers (any form
      :func:`~tropsage.nn.as_network` reads).
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations.

    OUTPUT: an ``affinitree`` decision tree (needs the optional ``affinitree`` package).

    EXAMPLES::

        >>> from tropsage.numerical.crosscheck import affinitree_tree
        >>> affinitree_tree([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])]).num_terminals()
        4
        >>> affinitree_tree([([[1, 0]], [0])], activations=[("leaky_relu", "1/2")])
        Traceback (most recent call last):
        ...
        ValueError: affinitree cross-check supports relu/identity layers; layer 0 is leaky_relu(1/2)
    """
    from tropsage.nn import as_network
    from tropsage.nn.activations import Identity, ReLU
    net = as_network(net, activations=activations)
    affinitree = _import_tool("affinitree")
    from affinitree import builder
    for k, L in enumerate(net.layers):
        if type(L.activation) not in (ReLU, Identity):
            raise ValueError(f"affinitree cross-check supports relu/identity layers; layer {k} "
                             f"is {L.activation}")
    arch = affinitree.Architecture(net.input_dim)
    for L in net.layers:
        W, b = _float_mats(L)
        arch.linear(affinitree.AffFunc.from_mats(W, b))
        if type(L.activation) is ReLU:
            arch.relu()
    with _quiet_stdout():
        return builder.from_layers(arch)


def _run_affinitree(net):
    tree = affinitree_tree(net)
    regions = []
    for _, node, P in tree.polyhedra():
        if not node.is_terminal():
            continue
        A, b = P.to_Axleqb()
        regions.append({"A": np.asarray(A, dtype=np.float64).reshape(-1, net.input_dim),
                        "b": np.asarray(b, dtype=np.float64).ravel(),
                        "M": np.asarray(node.val.mat, dtype=np.float64),
                        "c": np.asarray(node.val.bias, dtype=np.float64)})
    return regions, {"terminals": tree.num_terminals()}


def _polygon_rows(V):
    """Half-planes ``A x <= b`` of the convex polygon with vertices ``V`` (any order)."""
    c = V.mean(axis=0)
    ang = np.arctan2(V[:, 1] - c[1], V[:, 0] - c[0])
    V = V[np.argsort(ang)]
    A, b = [], []
    for i in range(len(V)):
        p, q = V[i], V[(i + 1) % len(V)]
        a = np.array([q[1] - p[1], p[0] - q[0]])
        if not np.any(a):
            continue
        beta = a @ p
        if a @ c > beta:
            a, beta = -a, -beta
        A.append(a)
        b.append(beta)
    return np.array(A).reshape(-1, 2), np.array(b)


def _run_regioncam(net, R):
    from tropsage.nn.activations import Identity, LeakyReLU, ReLU
    regioncam = _import_tool("regioncam")
    if net.input_dim != 2:
        raise ValueError(f"regioncam works on 2-D inputs; this network has {net.input_dim}")
    for k, L in enumerate(net.layers):
        if type(L.activation) not in (ReLU, Identity, LeakyReLU):
            raise ValueError(f"regioncam cross-check supports relu/leaky relu/identity layers; "
                             f"layer {k} is {L.activation}")
    rc = regioncam.Regioncam(size=float(R))
    pre_layers = []                 # regioncam layer holding each activation's input
    for L in net.layers:
        W, b = _float_mats(L, np.float32)
        rc.linear(W.T.copy(), b)
        if type(L.activation) is ReLU:
            pre_layers.append(rc.num_layers - 1)
            rc.relu()
        elif type(L.activation) is LeakyReLU:
            pre_layers.append(rc.num_layers - 1)
            rc.leaky_relu(float(L.activation.param))
    V = np.asarray(rc.vertex_inputs, dtype=np.float64)
    outs = np.asarray(rc.face_outputs, dtype=np.float64)        # (faces, 3, m): [gx; gy; c]
    # face_activations(l): per face the affine map (rows x, y, 1) of layer l's values
    pre = [np.asarray(rc.face_activations(layer), dtype=np.float64) for layer in pre_layers]
    regions = []
    for j, f in enumerate(rc.faces):
        pts = V[np.asarray(f.vertex_ids)]
        A, b = _polygon_rows(pts)
        cx = np.r_[pts.mean(axis=0), 1.0]
        # the pattern the tool implies: signs of its own pre-activations at its face centre
        pattern = tuple(tuple(int(v > 0) for v in cx @ P[j]) for P in pre)
        regions.append({"A": A, "b": b, "M": outs[j][:2].T, "c": outs[j][2],
                        "pattern": pattern, "center": pts.mean(axis=0)})
    return regions, {"faces": rc.num_faces}


# ---------------------------------------------------------------------------
# matching

def _slacks(reg, p):
    A, b = reg["A"], reg["b"]
    if A.shape[0] == 0:
        return np.inf
    norms = np.linalg.norm(A, axis=1)
    norms[norms == 0] = 1.0
    return float(np.min((b - A @ p) / norms))


def _slack_matrix(tool_regions, P):
    """``S[i, j]``: the smallest normalized slack of point ``i`` in tool region ``j``
    (positive inside), for all points and regions at once."""
    n = P.shape[1]
    rows, owner = [np.zeros((0, n))], []
    rhs = [np.zeros(0)]
    for j, T in enumerate(tool_regions):
        A = T["A"].reshape(-1, n)
        norms = np.linalg.norm(A, axis=1)
        norms[norms == 0] = 1.0
        rows.append(A / norms[:, None])
        rhs.append(T["b"] / norms)
        owner.extend([j] * A.shape[0])
    A, b, owner = np.vstack(rows), np.concatenate(rhs), np.array(owner, dtype=np.int64)
    S = np.full((P.shape[0], len(tool_regions)), np.inf)
    if A.shape[0]:
        D = b[None, :] - P @ A.T
        present, starts = np.unique(owner, return_index=True)     # owner is sorted
        S[:, present] = np.minimum.reduceat(D, starts, axis=1)
    return S


def _chebyshev(reg, n, bound):
    """Float Chebyshev centre of a tool region within ``[-bound, bound]^n`` (or None)."""
    if reg.get("center") is not None:
        return np.asarray(reg["center"], dtype=np.float64)
    from scipy.optimize import linprog
    A = np.vstack([reg["A"], np.eye(n), -np.eye(n)]) if reg["A"].size else np.vstack([np.eye(n), -np.eye(n)])
    b = np.concatenate([reg["b"], np.full(2 * n, float(bound))])
    norms = np.linalg.norm(A, axis=1)
    res = linprog(np.r_[np.zeros(n), -1.0], A_ub=np.c_[A, norms], b_ub=b,
                  bounds=[(None, None)] * n + [(None, None)], method="highs")
    if res.status != 0:
        return None
    return res.x[:n]


def _to_q(x):
    """A float vector as an exact point (floats are dyadic rationals)."""
    return tuple(Fraction(float(v)) for v in x)


def _exact_region_of(regions, p):
    for i, R in enumerate(regions):
        if R.contains(p, strict=True):
            return i
    return None


def _map_text(E):
    g = E.gradient if E.outputs is None else list(E.gradient)
    return f"gradient {tuple(g)}, constant {E.constant}"


def _value_tuple(v):
    return tuple(qq(t) if not isinstance(t, Fraction) else qq(t.numerator, t.denominator)
                 for t in v)


def _tool_value(reg, p):
    x = np.array([float(v) for v in p])
    return np.atleast_1d(reg["M"] @ x + reg["c"])


def _differs(exact, tool, tol):
    e = np.array([float(v) for v in exact])
    return bool(np.max(np.abs(e - tool)) > tol * (1.0 + np.max(np.abs(e))))


def _pattern_bits(pattern, net):
    """The exact pattern restricted to the layers with an activation a tool reports."""
    return tuple(tuple(int(v) for v in layer) for layer, L in zip(pattern, net.layers)
                 if L.activation.decisions(len(L.W)))


def _match(net, exact, tool_regions, tol, bound):
    """Map exact regions to tool regions and collect verified disagreements."""
    n = net.input_dim
    out = []
    owner = {}                                   # tool region -> first exact region
    points = [tuple(E.interior_point()) for E in exact]
    S = _slack_matrix(tool_regions, np.array([[float(v) for v in p] for p in points]).reshape(-1, n))
    for i, E in enumerate(exact):
        p = points[i]
        pf = np.array([float(v) for v in p])
        if S.shape[1]:
            j = int(np.argmax(S[i]))
            best = S[i, j]
        else:
            best, j = -np.inf, None
        fp = [Fraction(int(v.numerator()), int(v.denominator())) for v in p]
        val = _value_tuple(net.forward(fp))
        pat = _pattern_bits(net.activation_pattern(fp), net)
        verified = E.contains(p, strict=True)
        if j is None or best < -tol * (1 + np.max(np.abs(pf))):
            out.append(Disagreement("missed", p, exact_value=val, exact_pattern=pat,
                                    exact_region=i, verified=verified,
                                    message=f"exact region {i} (pattern {pat}) is covered by no "
                                            "region of the tool"))
            continue
        T = tool_regions[j]
        tv = _tool_value(T, p)
        if _differs(val, tv, tol):
            out.append(Disagreement("wrong_map", p, exact_value=val,
                                    tool_value=tuple(float(v) for v in tv), exact_pattern=pat,
                                    exact_region=i, tool_region=j, verified=verified,
                                    message=f"N(p) = {', '.join(map(str, val))} but tool region "
                                            f"{j} gives {', '.join(f'{v:.17g}' for v in tv)}"))
        elif T.get("pattern") is not None and T["pattern"] != _pattern_bits(pat, net):
            out.append(Disagreement("wrong_pattern", p, exact_value=val, exact_pattern=pat,
                                    tool_pattern=T["pattern"], exact_region=i, tool_region=j,
                                    verified=verified,
                                    message=f"exact pattern {pat}, tool region {j} says "
                                            f"{T['pattern']}"))
        if j in owner:
            k = owner[j]
            out.append(Disagreement("missed", p, exact_value=val, exact_pattern=pat,
                                    exact_region=i, tool_region=j,
                                    verified=verified and exact[k].contains(
                                        tuple(exact[k].interior_point()), strict=True),
                                    message=f"exact region {i} (pattern {pat}) and exact region "
                                            f"{k} both fall in tool region {j}: the tool "
                                            f"misses one (thin or merged region)"))
        else:
            owner[j] = i
    for j, T in enumerate(tool_regions):
        if j in owner:
            continue
        c = _chebyshev(T, n, bound)
        if c is None:
            continue
        radius_f = _slacks(T, c)
        p = _to_q(c)
        i = _exact_region_of(exact, p)
        fp = list(p)
        pq = tuple(qq(v.numerator, v.denominator) for v in p)
        val = _value_tuple(net.forward(fp))
        msg = (f"tool region {j} has no exact counterpart: its centre lies "
               + (f"in exact region {i}, already matched to tool region "
                  f"{[t for t, e in owner.items() if e == i]}" if i is not None
                  else "on the boundary of exact regions (the tool's region is thin or empty)")
               + f"; float inradius of the tool region {radius_f:.3g}")
        out.append(Disagreement("spurious", pq, exact_value=val,
                                exact_pattern=net.activation_pattern(fp),
                                tool_value=tuple(float(v) for v in _tool_value(T, p)),
                                tool_pattern=T.get("pattern"), exact_region=i, tool_region=j,
                                verified=True, message=msg))
    return out


def _sampling(net, R, n_samples, seed, tol, midpoint_test, backend):
    """Algorithm 5 against the exact linear regions in the box."""
    from tropsage.numerical.estimate import estimate_linear_regions
    from tropsage.regions import linear_regions
    n = net.input_dim
    t0 = time.perf_counter()
    est = estimate_linear_regions(net, n_samples, R, seed=seed, midpoint_test=midpoint_test,
                                  backend=backend)
    t_tool = time.perf_counter() - t0
    t0 = time.perf_counter()
    exact = list(linear_regions(net, domain=[(-R, R)] * n, progress=False))
    t_exact = time.perf_counter() - t0
    t0 = time.perf_counter()
    X, labels = est.info["samples"], est.info["labels"]
    where = np.full(n_samples, -1, dtype=np.int64)      # exact region of each sample
    for i, E in enumerate(exact):
        for P in E.pieces:
            H = P.inequality_rows()
            A = np.array([[float(int(v)) for v in r[1:]] for r in H]).reshape(-1, n)
            b = np.array([float(int(r[0])) for r in H])
            where[np.all(X @ A.T < b, axis=1)] = i
    out = []

    def witness(i):
        E = exact[i]
        p = tuple(E.interior_point())
        fp = [Fraction(int(v.numerator()), int(v.denominator())) for v in p]
        return p, fp, E

    hit = set(int(i) for i in where[where >= 0])
    for i in range(len(exact)):
        if i in hit:
            continue
        p, fp, E = witness(i)
        out.append(Disagreement("missed", p, exact_value=_value_tuple(net.forward(fp)),
                                exact_pattern=net.activation_pattern(fp), exact_region=i,
                                verified=E.contains(p, strict=True),
                                message=f"exact region {i} (map {_map_text(E)}, volume in the box "
                                        f"{E.volume(domain=[(-R, R)] * n)}) holds none of the "
                                        f"{n_samples} samples"))
    # an estimated region holding samples of several exact regions merged them
    for t in np.unique(labels):
        inside = sorted(set(int(i) for i in where[(labels == t) & (where >= 0)]))
        for i in inside[1:]:
            p, fp, E = witness(i)
            out.append(Disagreement("missed", p, exact_value=_value_tuple(net.forward(fp)),
                                    exact_pattern=net.activation_pattern(fp), exact_region=i,
                                    tool_region=int(t), verified=E.contains(p, strict=True),
                                    message=f"exact regions {inside[0]} and {i} (map "
                                            f"{_map_text(E)}) were counted as one estimated "
                                            f"region {int(t)}"))
    # an exact region whose samples went to several estimated regions was split
    for i in sorted(hit):
        ts = sorted(set(int(t) for t in labels[where == i]))
        for t in ts[1:]:
            k = int(np.flatnonzero((where == i) & (labels == t))[0])
            p = _to_q(X[k])
            pq = tuple(qq(v.numerator, v.denominator) for v in p)
            out.append(Disagreement("spurious", pq, exact_region=i, tool_region=t,
                                    verified=exact[i].contains(pq, strict=True),
                                    message=f"estimated regions {ts[0]} and {t} both lie in "
                                            f"exact region {i} (the midpoint test split it)"))
    # each float Jacobian against the exact gradient at its representative points
    for jac, reps in zip(est.jacobians, est.representatives):
        for x in reps:
            p = _to_q(x)
            i = _exact_region_of(exact, p)
            if i is None:
                continue
            E = exact[i]
            g = np.atleast_2d(np.array([[float(v) for v in row] for row in
                                        (E.gradient if E.outputs is not None else (E.gradient,))]))
            if np.max(np.abs(g - np.atleast_2d(jac))) > tol * (1 + np.max(np.abs(g))):
                pq = tuple(qq(v.numerator, v.denominator) for v in p)
                out.append(Disagreement("wrong_map", pq, exact_region=i, verified=True,
                                        message=f"float Jacobian {np.atleast_2d(jac).tolist()} "
                                                f"but the exact gradient is {E.gradient}"))
    t_match = time.perf_counter() - t0
    return est, exact, out, {"tool": t_tool, "exact": t_exact, "matching": t_match}


def crosscheck(net, tool, radius=None, n_samples=10000, seed=0, tol=None, midpoint_test=False,
               backend="auto", activations=None):
    r"""
    Run a floating-point region tool on a network and compare it with the exact regions.

    INPUT:

    - ``net`` -- any network argument (see :func:`tropsage.nn.as_network`).
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations (see
      :func:`~tropsage.nn.as_network`).
    - ``tool`` -- ``"affinitree"`` (activation regions on ``R^n``; ``radius`` only
      bounds the box in which centres of unbounded tool regions are sought), ``"regioncam"`` (activation
      regions of a 2-D net in ``[-R, R]^2``; ``radius`` defaults to 1) or
      ``"sampling"`` (Algorithm 5 against the exact linear regions in ``[-R, R]^n``;
      ``radius`` defaults to 1).
    - ``n_samples``, ``seed``, ``midpoint_test``, ``backend`` -- for ``"sampling"``.
    - ``tol`` -- relative tolerance under which a float value counts as equal to the
      exact one (float tools round; only larger differences are reported); default
      ``1e-4`` for regioncam (it computes in float32), ``1e-7`` otherwise.

    OUTPUT: a :class:`CrosscheckReport`; every disagreement carries an exact witness
    point, verified in exact arithmetic.

    EXAMPLES::

        >>> from tropsage.numerical import crosscheck
        >>> thin = [([[1, 0], [1, 0], [0, 1]], [0, "-1/1000000000000", 0]),
        ...         ([[1, -1, 1]], [0])]        # a strip of width 1e-12
        >>> rep = crosscheck(thin, "sampling", radius=1, n_samples=2000)
        >>> rep.exact_count, rep.tool_count, [d.kind for d in rep.disagreements]
        (6, 2, ['missed', 'missed', 'missed', 'missed'])
        >>> d = rep.disagreements[0]
        >>> 0 < d.point[0] < 1/10**12, d.verified    # an exact point inside the strip
        (True, True)
        >>> d.message
        'exact region 2 (map gradient (1, 0), constant 0, volume in the box 1/1000000000000) holds none of the 2000 samples'
    """
    if tool not in TOOLS:
        raise ValueError(f"tool must be one of {', '.join(TOOLS)}, got {tool!r}")
    net = as_network(net, activations=activations)
    n = net.input_dim
    if tol is None:
        tol = 1e-4 if tool == "regioncam" else 1e-7
    if tool == "sampling":
        R = 1 if radius is None else radius
        est, exact, dis, secs = _sampling(net, R, n_samples, seed, tol, midpoint_test, backend)
        return CrosscheckReport(tool, "linear", len(exact), est.count, dis,
                                domain=[(-R, R)] * n, seconds=secs,
                                info={"estimate": est})
    from tropsage.regions.activation import activation_regions
    if tool == "regioncam":
        R = 1 if radius is None else radius
        t0 = time.perf_counter()
        tool_regions, info = _run_regioncam(net, R)
        t_tool = time.perf_counter() - t0
        domain = [(-R, R)] * n
    else:
        R = radius
        t0 = time.perf_counter()
        tool_regions, info = _run_affinitree(net)
        t_tool = time.perf_counter() - t0
        domain = None
    t0 = time.perf_counter()
    exact = list(activation_regions(net, domain=domain, progress=False))
    t_exact = time.perf_counter() - t0
    t0 = time.perf_counter()
    bound = 1e6 if R is None else 2 * float(R)
    dis = _match(net, exact, tool_regions, tol, bound)
    t_match = time.perf_counter() - t0
    return CrosscheckReport(tool, "activation", len(exact), len(tool_regions), dis,
                            domain=domain,
                            seconds={"tool": t_tool, "exact": t_exact, "matching": t_match},
                            info=info)
