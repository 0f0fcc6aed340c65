r"""
Decision boundaries of (Affine, ReLU, Affine) classifiers as tropical objects ([A]).

A classifier ``x ↦ f(x) = B max(A x + c1, 0) + c2`` with ``A ∈ Q^{p×n}``,
``B ∈ Q^{k×p}`` has logits ``f_i = H_i − Q_i`` (tropical polynomials of [L]'s appendix, from
:func:`~tropsage.nn.tropicalize`). For a pair of classes ``(i, j)``

.. MATH::

    f_i − f_j = (H_i ⊙ Q_j) ⊘ (H_j ⊙ Q_i) = P ⊘ S,

so the decision boundary ``{f_i = f_j}`` is ``{P = S}``, contained in the tropical
hypersurface ``T(R)`` of ``R = P ⊕ S`` (where the max of ``R`` is attained by a
monomial of ``P`` and one of ``S`` at once). Multi-class networks are handled pairwise:
``{f_i = f_j}`` is the pairwise boundary; the part of it where ``i`` and ``j`` are
also the two largest logits is the boundary of the argmax classifier.

**The dual subdivision ([A] Theorem 2 / Corollary 1), derived.** With ``A = A⁺ − A⁻``
the hidden neuron ``l`` is ``F_l ⊘ G_l`` with ``F_l = max(c1_l + A⁺_l x, A⁻_l x)``
(Newton polytope the segment ``[A⁻_l, A⁺_l] = A⁻_l + [0, A_l]``) and ``G_l = A⁻_l x``.
The output layer gives ``H_i = ⊙_l F_l^{B⁺_il} ⊙ G_l^{B⁻_il} ⊙ c2_i`` and
``Q_i = ⊙_l G_l^{B⁺_il} ⊙ F_l^{B⁻_il}``. Newton polytopes turn ``⊙`` into Minkowski
sums and powers into dilations, so

.. MATH::

    Δ(H_i ⊙ Q_j) = Σ_l (B⁺_il + B⁻_jl) (A⁻_l + [0, A_l]) + (B⁻_i + B⁺_j) A⁻
                 = Z(G1) + (B⁺_i + B⁻_i + B⁺_j + B⁻_j) A⁻,

with ``G1 = Diag(B⁺_i + B⁻_j) A``, and symmetrically ``Δ(H_j ⊙ Q_i) = Z(G2) + `` *the
same* shift with ``G2 = Diag(B⁺_j + B⁻_i) A``. Here ``Z(G) = Σ_l [0, G_l]`` is the
zonotope of the rows *starting at the origin*, and the shift
``(B⁻_i + B⁺_j + B⁺_i + B⁻_j) A⁻ = (|B_i| + |B_j|) A⁻`` applies to **both**
zonotopes. Hence ``Δ(R) = conv(Z(G1) ∪ Z(G2)) + shift`` — Corollary 1 of [A] as
written, read with that convention (Theorem 2 of [A] writes the same zonotopes
with segments ``[A⁺_l, A⁻_l]`` and a per-zonotope shift ``(B⁻_i + B⁺_j) A⁻``; the
two agree). Biases change neither Newton polytope: they only lift the points, so
``δ(R)`` is a regular subdivision of that polytope (for bias-free nets, the polytope
itself). The tests check, on random nets, that the vertices of the Newton polytope of
``R`` computed from :func:`~tropsage.nn.tropicalize` equal those of
:func:`decision_polytope`.

**Exact boundary pieces.** :func:`decision_boundary` lists the closed polyhedral cells
of ``{f_i = f_j}``: for every full-dimensional region of a monomial of ``R`` (a cell of
the subdivision of ``R^n`` by ``R``), each facet, and the set ``K`` of monomials of
``R`` attaining the max on it (rows of the region's inequality system parallel to the
facet). The facet belongs to the boundary iff ``K`` has a monomial of ``P`` and one of
``S``. Open sets on which the two logits tie (a monomial shared by ``P`` and ``S``)
come back as ``n``-dimensional pieces. Everything is exact
(:class:`~tropsage.polyhedra.ExactPolyhedron`, PPL).

Loaded lazily by ``tropsage`` (it imports Sage).
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

import sage.all__sagemath_polyhedra  # noqa: F401  (must precede deeper sage imports)
from sage.rings.rational_field import QQ

from tropsage._exact import int_array, lcm, primitive_rows, qq
from tropsage._format import convex_order as _polygon   # the pictures' polygon order

__all__ = ["BoundaryPiece", "shallow_parameters", "logit_difference", "decision_polynomial",
           "decision_generators", "decision_zonotopes", "decision_polytope",
           "decision_boundary", "tropical_hypersurface", "plot_decision_boundary"]


# ---------------------------------------------------------------------------
# the network


def shallow_parameters(net, activations=None):
    r"""
    The exact weights ``(A, c1, B, c2)`` of an (Affine, ReLU, Affine) classifier
    ``x ↦ B max(A x + c1, 0) + c2``.

    INPUT:

    - ``net`` -- a ``torch.nn.Sequential(Linear, ReLU, Linear)``, a list of two
      ``(W, b)`` pairs (activations default to ReLU then identity), or a
      :class:`~tropsage.nn.Network`.
    - ``activations`` -- as for :func:`~tropsage.nn.as_network`.

    OUTPUT: four lists of :class:`~fractions.Fraction` (``A`` and ``B`` as lists of
    rows), floats converted exactly.

    EXAMPLES::

        >>> from tropsage.decision import shallow_parameters
        >>> A, c1, B, c2 = shallow_parameters([([[1, -2]], [0]), ([[1], ["1/2"]], [0, 1])])
        >>> A, B[1], c2
        ([[Fraction(1, 1), Fraction(-2, 1)]], [Fraction(1, 2)], [Fraction(0, 1), Fraction(1, 1)])
        >>> shallow_parameters([([[1, 2]], [0]), ([[1]], [0]), ([[1]], [0])])
        Traceback (most recent call last):
        ...
        ValueError: decision boundaries need an (Affine, ReLU, Affine) network; got 3 affine layers
    """
    network = _network(net, activations)
    l1, l2 = network.layers
    return [list(r) for r in l1.W], list(l1.b), [list(r) for r in l2.W], list(l2.b)


def _network(net, activations=None):
    from tropsage.nn import Network, as_network
    network = net if isinstance(net, Network) and activations is None else \
        as_network(net, activations=activations)
    layers = network.layers
    if len(layers) != 2:
        raise ValueError("decision boundaries need an (Affine, ReLU, Affine) network; "
                         f"got {len(layers)} affine layers")
    if layers[0].activation.kind != "relu":
        raise ValueError("decision boundaries need an (Affine, ReLU, Affine) network; "
                         f"layer 0 has activation {layers[0].activation}")
    if layers[1].activation.kind != "identity":
        raise ValueError("decision boundaries need an (Affine, ReLU, Affine) network; the output "
                         f"layer has activation {layers[1].activation} (logits must be affine)")
    if len(layers[1].W) < 2:
        raise ValueError("a classifier needs at least 2 outputs (logits); this network has 1")
    return network


def _classes(classes, k):
    try:
        i, j = (int(c) for c in classes)
    except (TypeError, ValueError):
        raise TypeError(f"classes must be a pair of output indices, got {classes!r}") from None
    if not (0 <= i < k and 0 <= j < k):
        raise ValueError(f"classes {classes!r} out of range: the network has {k} outputs")
    if i == j:
        raise ValueError(f"classes must be two different outputs, got {classes!r}")
    return i, j


def _split(net, classes, activations=None):
    """``(network, i, j, P, S)`` with ``P = H_i ⊙ Q_j`` and ``S = H_j ⊙ Q_i``."""
    from tropsage.nn import tropicalize
    network = _network(net, activations)
    i, j = _classes(classes, len(network.layers[1].W))
    m = tropicalize(network)
    Hi, Qi = m[i].numerator(), m[i].denominator()
    Hj, Qj = m[j].numerator(), m[j].denominator()
    return network, i, j, Hi * Qj, Hj * Qi


def logit_difference(net, classes=(0, 1), activations=None):
    r"""
    The logit difference ``f_i − f_j`` as the tropical rational function
    ``(H_i ⊙ Q_j) ⊘ (H_j ⊙ Q_i)`` (from :func:`~tropsage.nn.tropicalize`).

    INPUT:

    - ``net`` -- an (Affine, ReLU, Affine) classifier (see :func:`shallow_parameters`).
    - ``classes`` -- the pair ``(i, j)`` of output indices (default ``(0, 1)``).

    OUTPUT: a :class:`~tropsage.puiseux.TropicalRationalFunction`, exact.

    EXAMPLES::

        >>> from tropsage.decision import logit_difference
        >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> h = logit_difference(net)
        >>> h
        max(0, x) - max(0, y)
        >>> h(3, 1), h(-1, -5)
        (2, 0)
    """
    _, _, _, P, S = _split(net, classes, activations)
    return P / S


def decision_polynomial(net, classes=(0, 1), activations=None):
    r"""
    The tropical polynomial ``R = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i`` whose hypersurface ``T(R)``
    contains the decision boundary ``{f_i = f_j}`` ([A] Theorem 2).

    EXAMPLES::

        >>> from tropsage.decision import decision_polynomial
        >>> R = decision_polynomial([([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])])
        >>> R
        max(0, x, y)
        >>> R.newton_polytope().vertices_list()
        [[0, 0], [0, 1], [1, 0]]
    """
    _, _, _, P, S = _split(net, classes, activations)
    return P + S


# ---------------------------------------------------------------------------
# zonotopes


def decision_generators(net, classes=(0, 1), activations=None):
    r"""
    The generator matrices ``G1 = Diag(B⁺_i + B⁻_j) A``, ``G2 = Diag(B⁺_j + B⁻_i) A``
    and the common shift ``(B⁻_i + B⁺_j + B⁺_i + B⁻_j) A⁻`` of [A] Corollary 1
    (see the module documentation for the derivation).

    OUTPUT: a triple ``(G1, G2, shift)``: two Sage matrices over ``QQ`` (``p × n``,
    one generator per hidden neuron) and a Sage vector over ``QQ``.

    EXAMPLES::

        >>> from tropsage.decision import decision_generators
        >>> net = [([[1, -1], [2, 1]], [0, 0]), ([[1, -1], [-2, 3]], [0, 0])]
        >>> G1, G2, shift = decision_generators(net)
        >>> [list(r) for r in G1.rows()], [list(r) for r in G2.rows()], shift
        ([[3, -3], [0, 0]], [[0, 0], [8, 4]], (0, 3))
    """
    from sage.matrix.constructor import matrix
    from sage.modules.free_module_element import vector
    network = _network(net, activations)
    A = [list(r) for r in network.layers[0].W]
    B = [list(r) for r in network.layers[1].W]
    i, j = _classes(classes, len(B))
    p, n = len(A), len(A[0])
    pos = [[max(b, 0) for b in r] for r in B]
    neg = [[max(-b, 0) for b in r] for r in B]
    w1 = [pos[i][l] + neg[j][l] for l in range(p)]
    w2 = [pos[j][l] + neg[i][l] for l in range(p)]
    wsum = [pos[i][l] + neg[i][l] + pos[j][l] + neg[j][l] for l in range(p)]
    Am = [[max(-a, 0) for a in r] for r in A]

    def Q(q):
        return QQ((q.numerator, q.denominator))

    G1 = matrix(QQ, p, n, [Q(w1[l] * a) for l in range(p) for a in A[l]])
    G2 = matrix(QQ, p, n, [Q(w2[l] * a) for l in range(p) for a in A[l]])
    shift = vector(QQ, [Q(sum((wsum[l] * Am[l][c] for l in range(p)), Fraction(0))) for c in range(n)])
    return G1, G2, shift


def decision_zonotopes(net, classes=(0, 1), activations=None):
    r"""
    The two shifted zonotopes ``shift + Z(G1)`` and ``shift + Z(G2)``: the Newton
    polytopes of ``H_i ⊙ Q_j`` and ``H_j ⊙ Q_i``.

    OUTPUT: a pair of Sage polyhedra over ``QQ`` (built by
    :func:`~tropsage.decision.zonotope`, in polynomial time).

    EXAMPLES::

        >>> from tropsage.decision import decision_zonotopes
        >>> Z1, Z2 = decision_zonotopes([([[1, -1], [2, 1]], [0, 0]), ([[1, -1], [-2, 3]], [0, 0])])
        >>> sorted(map(tuple, Z1.vertices_list())), sorted(map(tuple, Z2.vertices_list()))
        ([(0, 3), (3, 0)], [(0, 3), (8, 7)])
    """
    from .zonotope import zonotope
    G1, G2, shift = decision_generators(net, classes, activations)
    return zonotope(G1, shift=shift), zonotope(G2, shift=shift)


def decision_polytope(net, classes=(0, 1), activations=None):
    r"""
    The decision boundaries polytope ``conv(Z(G1) ∪ Z(G2)) + shift`` of [A]: the
    Newton polytope of ``R`` (the support of the dual subdivision ``δ(R)``).

    OUTPUT: a Sage ``Polyhedron`` over ``QQ``.

    EXAMPLES:

    The agreement with the tropical form (checked on many random nets in the tests)::

        >>> from tropsage.decision import decision_polytope, decision_polynomial
        >>> net = [([[1, -1], [2, 1], [0, 3]], [1, 0, -1]), ([[1, -1, 2], [-2, 3, 1]], [0, 5])]
        >>> P = decision_polytope(net)
        >>> sorted(map(tuple, P.vertices_list()))
        [(0, 3), (0, 9), (3, 0), (8, 7), (8, 10)]
        >>> P == decision_polynomial(net).newton_polytope()
        True
    """
    from sage.geometry.polyhedron.constructor import Polyhedron
    Z1, Z2 = decision_zonotopes(net, classes, activations)
    return Polyhedron(vertices=Z1.vertices_list() + Z2.vertices_list(), base_ring=QQ)


# ---------------------------------------------------------------------------
# exact boundary pieces


@dataclass(frozen=True, eq=False)
class BoundaryPiece:
    """
    A closed polyhedral cell of the tropical hypersurface ``T(R)`` (or an open tie
    region), with the monomials of ``R`` that attain the max on it.

    Attributes:

    - ``polyhedron`` -- the cell as an :class:`~tropsage.polyhedra.ExactPolyhedron`;
    - ``dim`` -- its dimension (``n − 1``; ``n`` for a region where the two logits
      tie on an open set);
    - ``normal``, ``offset`` -- the cell lies in ``{normal · x = offset}`` (QQ;
      ``None`` for an ``n``-dimensional piece);
    - ``maximizers`` -- the monomials of ``R`` attaining the max on the cell, as
      triples ``(exponent, coefficient, side)`` with side ``"P"`` (of
      ``H_i ⊙ Q_j``), ``"S"`` (of ``H_j ⊙ Q_i``) or ``"PS"`` (both);
    - ``is_decision_boundary`` -- whether ``f_i = f_j`` on the cell (a monomial of
      each side attains the max).

    EXAMPLES::

        >>> from tropsage.decision import decision_boundary
        >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> piece = decision_boundary(net)[1]
        >>> piece
        BoundaryPiece(boundary, dim=1, ... maximizing monomials)
        >>> piece.normal, piece.offset, piece.is_decision_boundary
        ((-1, 1), 0, True)
    """

    polyhedron: object
    dim: int
    normal: tuple
    offset: object
    maximizers: tuple
    is_decision_boundary: bool

    def vertices(self):
        """
        Vertices of the cell (tuples of QQ).

        EXAMPLES::

            >>> from tropsage.decision import decision_boundary
            >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
            >>> [p.vertices() for p in decision_boundary(net, domain=[(-1, 1), (-1, 1)])]
            [((-1, -1), (-1, 0), (0, -1), (0, 0)), ((0, 0), (1, 1))]
        """
        return self.polyhedron.vertices()

    def rays(self):
        """
        Rays of the cell (tuples of QQ).

        EXAMPLES::

            >>> from tropsage.decision import decision_boundary
            >>> identity2 = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
            >>> decision_boundary(identity2)[0].rays()                  # the quadrant x, y <= 0
            ((-1, 0), (0, -1))
        """
        return self.polyhedron.rays()

    def interior_point(self):
        """
        An exact point of the relative interior (tuple of QQ).

        EXAMPLES::

            >>> from tropsage.decision import decision_boundary
            >>> decision_boundary([([[1, -1]], [0]), ([[1], [-1]], [0, 1])])[0].interior_point()
            (0, -1/2)
        """
        return self.polyhedron.interior_point()

    def is_bounded(self):
        """
        Whether the cell is bounded (inside a bounded ``domain`` every cell is).

        EXAMPLES::

            >>> from tropsage.decision import decision_boundary
            >>> net = [([[2, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
            >>> [p.is_bounded() for p in decision_boundary(net)]
            [False, False]
            >>> [p.is_bounded() for p in decision_boundary(net, domain=[(0, 1), (0, 1)])]
            [True]
        """
        return self.polyhedron.is_bounded()

    def __repr__(self):
        kind = "boundary" if self.is_decision_boundary else "T(R)"
        return f"BoundaryPiece({kind}, dim={self.dim}, {len(self.maximizers)} maximizing monomials)"


def decision_boundary(net, classes=(0, 1), domain=None, activations=None):
    r"""
    The decision boundary ``{f_i = f_j}`` as exact polyhedral cells.

    INPUT:

    - ``net`` -- an (Affine, ReLU, Affine) classifier (see :func:`shallow_parameters`).
    - ``classes`` -- the pair ``(i, j)`` of outputs (default ``(0, 1)``); for a
      multi-class network this is the pairwise boundary ``{f_i = f_j}``.
    - ``domain`` -- optional box ``[(lo, hi), ...]`` or polyhedron: cells are
      intersected with it (and kept when the intersection is still ``n − 1``-dimensional).

    OUTPUT: a list of :class:`BoundaryPiece`, the ``(n − 1)``-dimensional cells of the
    subdivision of ``R^n`` by ``R = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i`` on which ``f_i = f_j``,
    plus ``n``-dimensional pieces where the logits tie on an open set. Their union
    is the closure of the ``(n − 1)``-dimensional part of the boundary; isolated
    lower-dimensional points of ``{f_i = f_j}`` (e.g. the apex of
    ``f_i − f_j = −|x| − |y|``) are not listed. Exact (PPL).

    EXAMPLES:

    Two logits ``relu(x)`` and ``relu(y)``: the boundary is the diagonal in the
    positive quadrant and, where both are zero, the tie region ``x, y <= 0``::

        >>> from tropsage.decision import decision_boundary
        >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> pieces = decision_boundary(net)
        >>> [(p.dim, p.normal, p.offset) for p in pieces]
        [(2, None, None), (1, (-1, 1), 0)]
        >>> pieces[1].vertices(), pieces[1].rays()
        (((0, 0),), ((1, 1),))
        >>> [p.dim for p in decision_boundary(net, domain=[(-1, 1), (-1, 1)])]
        [2, 1]
    """
    return [c for c in _tie_cells(net, classes, domain, activations, tie_faces=False)
            if c.is_decision_boundary]


def tropical_hypersurface(net, classes=(0, 1), domain=None, activations=None):
    r"""
    All ``(n − 1)``-dimensional cells of the tropical hypersurface ``T(R)``,
    ``R = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i``, each flagged whether it belongs to the decision
    boundary (``BoundaryPiece.is_decision_boundary``); the ``n``-dimensional tie
    regions come along as in :func:`decision_boundary`.

    EXAMPLES::

        >>> from tropsage.decision import tropical_hypersurface
        >>> net = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> [(p.dim, p.is_decision_boundary) for p in tropical_hypersurface(net)]
        [(2, True), (1, True), (1, True), (1, True)]
    """
    return _tie_cells(net, classes, domain, activations, tie_faces=True)


def _lifted_rows(P, S):
    """
    Distinct exponents of ``P ⊕ S`` over one denominator: integer rows ``D (a, c)``
    (max coefficient per exponent) and the sides attaining it (bit 1: P, bit 2: S).
    """
    MP, dP = P.integer_data()
    MS, dS = S.integer_data()
    D = lcm(int(dP), int(dS))
    table = {}
    for M, d, bit in ((MP, dP, 1), (MS, dS, 2)):
        f = D // int(d)
        for row in M.tolist():
            key = tuple(int(a) * f for a in row[:-1])
            c = int(row[-1]) * f
            old = table.get(key)
            if old is None or c > old[0]:
                table[key] = [c, bit]
            elif c == old[0]:
                old[1] |= bit
    keys = list(table)
    W = int_array([list(k) + [table[k][0]] for k in keys])
    side = np.array([table[k][1] for k in keys], dtype=np.int64)
    return W, side, D


def _tie_cells(net, classes, domain, activations, tie_faces):
    from tropsage.polyhedra import ExactPolyhedron, as_domain
    from tropsage.puiseux.hull import upper_hull_mask
    network, i, j, P, S = _split(net, classes, activations)
    P, S = P.prune(), S.prune()
    n = network.input_dim
    dom = as_domain(domain, n)
    W, side, D = _lifted_rows(P, S)
    W = W.astype(object) if W.dtype != object and 4 * int(np.max(np.abs(W))) >= 1 << 62 else W
    k = W.shape[0]
    full = upper_hull_mask(W, D) if k > 1 else np.ones(k, dtype=bool)
    names = {1: "P", 2: "S", 3: "PS"}

    def monomial(m):
        row = W[m].tolist()
        return (tuple(qq(int(a), D) for a in row[:n]), qq(int(row[n]), D), names[int(side[m])])

    cells, seen = [], set()
    for r in np.flatnonzero(full):
        # region of monomial r: (a_m - a_r) . x <= c_r - c_m for all m != r
        others = np.delete(np.arange(k), r)
        H = np.empty((k - 1, n + 1), dtype=W.dtype)
        H[:, 0] = W[r, n] - W[others, n]
        H[:, 1:] = W[others, :n] - W[r, :n]
        region = ExactPolyhedron.from_integer_rows(H, n=n)
        if dom is not None:
            region = region.intersection(dom)
            if not region.is_full_dimensional():
                continue
        if side[r] == 3:
            # one monomial of both sides: the two logits agree on this whole region
            cells.append(BoundaryPiece(region.minimized(), n, None, None, (monomial(r),), True))
            continue
        index = {}
        for m, row in zip(others.tolist(), primitive_rows(H).tolist()):
            index.setdefault(tuple(int(a) for a in row), []).append(m)
        Rmin = region.minimized()
        rows = Rmin.inequality_rows()
        for f in range(rows.shape[0]):
            frow = tuple(int(a) for a in rows[f])
            tight = index.get(frow)
            if tight is None:
                tight = index.get(tuple(int(a) for a in primitive_rows(
                    np.array([frow], dtype=object))[0]))
            if not tight:       # a facet of the domain, not of the subdivision
                continue
            K = frozenset([int(r)] + tight)
            if K in seen:
                continue
            seen.add(K)
            if not tie_faces and any(side[m] == 3 and full[m] for m in K):
                continue        # inside the closure of an open tie region
            bits = 0
            for m in K:
                bits |= int(side[m])
            eq = np.array([frow], dtype=rows.dtype)
            cell = ExactPolyhedron.from_integer_rows(rows, eq_rows=eq, n=n)
            normal = tuple(qq(int(a)) for a in frow[1:])
            cells.append(BoundaryPiece(cell, n - 1, normal, qq(frow[0]),
                                       tuple(monomial(m) for m in sorted(K)), bits == 3))
    return cells


# ---------------------------------------------------------------------------
# pictures


def plot_decision_boundary(net, classes=(0, 1), box=((-3, 3), (-3, 3)), path=None,
                           resolution=300, hypersurface=True, subdivision=True,
                           activations=None, title=None):
    r"""
    Picture of a 2-input classifier: the input plane with the two decision regions,
    the exact boundary pieces and ``T(R)``; next to it the dual picture — the zonotopes
    ``shift + Z(G1)``, ``shift + Z(G2)``, their convex hull (the decision boundaries
    polytope) and the dual subdivision ``δ(R)``.

    INPUT:

    - ``net``, ``classes`` -- as for :func:`decision_boundary` (2 inputs).
    - ``box`` -- the plotted input window ``[(x0, x1), (y0, y1)]``.
    - ``path`` -- if given, the figure is saved there (PNG by extension).
    - ``resolution`` -- grid points per axis for the shaded regions.
    - ``hypersurface`` -- also draw the cells of ``T(R)`` that are not boundary.
    - ``subdivision`` -- draw the cells of ``δ(R)`` (exact, from
      :meth:`~tropsage.puiseux.TropicalPuiseuxPolynomial.dual_subdivision`).

    OUTPUT: a matplotlib ``Figure`` (the exact geometry is drawn in floating point).

    EXAMPLES::

        >>> from tropsage.decision import plot_decision_boundary
        >>> fig = plot_decision_boundary([([[1, -1], [2, 1]], [0, 1]), ([[1, -1], [-2, 3]], [0, 0])])
        >>> [ax.get_title() for ax in fig.axes]
        ['input space: f_0 = f_1 (red), T(R) (grey)', 'dual: Z(G1), Z(G2), conv, δ(R)']
    """
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    network = _network(net, activations)
    if network.input_dim != 2:
        raise ValueError(f"plot_decision_boundary draws 2-input networks; this one has "
                         f"{network.input_dim} inputs")
    i, j = _classes(classes, len(network.layers[1].W))
    (x0, x1), (y0, y1) = [(float(a), float(b)) for a, b in box]
    A = np.array([[float(a) for a in r] for r in network.layers[0].W])
    c1 = np.array([float(a) for a in network.layers[0].b])
    B = np.array([[float(a) for a in r] for r in network.layers[1].W])
    c2 = np.array([float(a) for a in network.layers[1].b])
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    X, Y = np.meshgrid(xs, ys)
    pts = np.stack([X.ravel(), Y.ravel()], axis=1)
    logits = np.maximum(pts @ A.T + c1, 0) @ B.T + c2
    diff = (logits[:, i] - logits[:, j]).reshape(X.shape)

    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 5.2))
    ax.contourf(X, Y, np.sign(diff), levels=[-1.5, -0.5, 0.5, 1.5],
                colors=["#c6dbef", "#f0f0f0", "#fdd0a2"])
    dom = [(box[0][0], box[0][1]), (box[1][0], box[1][1])]
    cells = tropical_hypersurface(network, (i, j), domain=dom)
    for c in cells:
        V = np.array([[float(v) for v in p] for p in c.vertices()])
        if c.dim == 2:
            poly = _polygon(V)
            ax.fill(poly[:, 0], poly[:, 1], color="red", alpha=0.25, lw=0)
            continue
        if len(V) < 2:
            continue
        if c.is_decision_boundary:
            ax.plot(V[:, 0], V[:, 1], color="red", lw=2.2, zorder=3)
        elif hypersurface:
            ax.plot(V[:, 0], V[:, 1], color="0.45", lw=0.8, ls="--", zorder=2)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_title(f"input space: f_{i} = f_{j} (red), T(R) (grey)")

    Z1, Z2 = decision_zonotopes(network, (i, j))
    hull = decision_polytope(network, (i, j))
    if subdivision:
        R = decision_polynomial(network, (i, j))
        for cell in R.dual_subdivision():
            poly = _polygon([[float(v) for v in p] for p in cell.vertices_list()])
            closed = np.vstack([poly, poly[:1]])
            bx.plot(closed[:, 0], closed[:, 1], color="0.6", lw=0.5)
    for Z, colour, label in ((Z1, "tab:blue", "shift + Z(G1)"), (Z2, "tab:orange", "shift + Z(G2)")):
        poly = _polygon([[float(v) for v in p] for p in Z.vertices_list()])
        if len(poly) >= 3:
            bx.fill(poly[:, 0], poly[:, 1], color=colour, alpha=0.35, label=label)
        else:
            bx.plot(poly[:, 0], poly[:, 1], color=colour, lw=2, label=label)
    poly = _polygon([[float(v) for v in p] for p in hull.vertices_list()])
    closed = np.vstack([poly, poly[:1]])
    bx.plot(closed[:, 0], closed[:, 1], color="k", lw=1.5, label="conv = Δ(R)")
    bx.scatter(poly[:, 0], poly[:, 1], color="k", s=12, zorder=3)
    bx.set_aspect("equal")
    bx.legend(loc="best", fontsize=8)
    bx.set_title("dual: Z(G1), Z(G2), conv, δ(R)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig
