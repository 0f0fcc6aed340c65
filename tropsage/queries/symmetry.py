r"""
Fiber symmetries of network parametrizations ([G]) and exact function comparison.

These act on the *parameters* (the weights change, the function does not); the
symmetry of a function under permuting its *inputs* (invariant networks, the
fundamental domain) is :mod:`tropsage.numerical.symmetry`.

Two transformations of the parameters never change the function a network computes:

- **permuting** the units of a hidden layer (the rows of its ``(W, b)`` and the
  columns of the next ``W`` alike), or the groups of a maxout layer (their rows
  moving in blocks), and the pieces inside a maxout group;
- **positive scaling** of a hidden unit of a positively homogeneous activation
  (``relu``, ``leaky_relu``, ``identity``, and maxout groups): its incoming rows
  ``(w_i, b_i)`` times ``λ > 0`` and its outgoing column times ``1/λ``, since
  ``σ(λ t) = λ σ(t)``.

:func:`normal_form` picks one representative of the orbit under this group:
layer by layer every non-zero incoming row ``(w_i, b_i)`` is scaled to
``max_j |entry| = 1`` (exact; the scaling does not depend on the order of units),
then units are sorted by their scaled incoming rows. Units with equal scaled rows
are interchangeable as far as their own layer is concerned; all their orders are
tried and the lexicographically smallest parameter list of the whole network is
kept, which makes the form canonical also then (the cost grows with the product of
the factorials of the tie sizes; ``max_ties`` bounds it). Threshold units
(``max(t, tau)``, not homogeneous for ``tau != 0``) are only permuted; output units
are neither permuted nor scaled. In a :class:`~tropsage.nn.PerUnit` layer every unit
keeps its own activation when units are permuted (units sort by activation first),
and only its positively homogeneous units are scaled. A maxout group is scaled as a
whole (the largest entry of its ``k`` rows becomes 1), its pieces are sorted, and the
groups are sorted by their sorted rows.

``same_function_up_to_symmetry(net1, net2)`` compares normal forms: ``True`` proves
that the parametrizations lie in one orbit. Other parametrizations may compute the
same function too (dead units, duplicated units whose outgoing weights are split
differently, ...); :func:`same_function` decides equality of the functions exactly
from the activation regions.

EXAMPLES::

    >>> from tropsage.queries import normal_form, same_function_up_to_symmetry
    >>> net1 = [([[2, 0], [0, -1]], [2, 1]), ([[1, 3]], [0])]
    >>> net2 = [([[0, -3], [1, 0]], [3, 1]), ([[1, 2]], [0])]   # units swapped, scaled by 3 and 1/2
    >>> normal_form(net1)
    Network 2 -> 2 (relu) -> 1 (identity)
    >>> normal_form(net1).layers[0].W == normal_form(net2).layers[0].W
    True
    >>> same_function_up_to_symmetry(net1, net2)
    True
"""

import itertools
import math
from fractions import Fraction


def _copy_layers(net):
    return _copy(net.layers)


def _size(L):
    """Pre-activations per output of a layer: 1, or the rank of a maxout layer."""
    return L.activation.in_width(1)


def _block_acts(L):
    """The activation of every output of a layer: a unit, or a maxout group."""
    act = L.activation
    if act.unitwise:
        return act.unit_activations(len(L.W))
    return [act] * act.out_width(len(L.W))


def _scale(layers):
    for l in range(len(layers) - 1):
        L, nxt = layers[l], layers[l + 1]
        g = _size(L)
        for i, a in enumerate(_block_acts(L)):
            if not a.positively_homogeneous:
                continue
            rows = range(i * g, (i + 1) * g)
            lam = max(abs(v) for r in rows for v in L.W[r] + [L.b[r]])
            if lam == 0 or lam == 1:
                continue
            for r in rows:
                L.W[r] = [v / lam for v in L.W[r]]
                L.b[r] = L.b[r] / lam
            for r in nxt.W:
                r[i] = r[i] * lam


def _sort_pieces(L):
    """Sort the pieces inside every maxout group of a layer (they are interchangeable)."""
    g = _size(L)
    if g == 1:
        return
    rows = []
    for s in range(0, len(L.W), g):
        rows += sorted(zip(L.W[s:s + g], L.b[s:s + g]), key=lambda rc: tuple(rc[0]) + (rc[1],))
    L.W = [list(r) for r, _ in rows]
    L.b = [c for _, c in rows]


def _keys(L):
    """Per output (unit or maxout group): its activation's name, then its incoming rows
    (the sort key)."""
    g = _size(L)
    return [(str(a),) + tuple(v for r in range(i * g, (i + 1) * g) for v in L.W[r] + [L.b[r]])
            for i, a in enumerate(_block_acts(L))]


def _flat(layers):
    return tuple(tuple(_keys(L)) for L in layers)


def _permute(layers, l, perm):
    L, nxt = layers[l], layers[l + 1]
    g = _size(L)
    rows = [r for i in perm for r in range(i * g, (i + 1) * g)]
    L.W = [L.W[r] for r in rows]
    L.b = [L.b[r] for r in rows]
    L.activation = L.activation.permuted(perm)
    nxt.W = [[r[i] for i in perm] for r in nxt.W]


def _canonical(layers, l, budget):
    """Sort the outputs of hidden layers ``l, l+1, ...``; ties tried exhaustively."""
    _sort_pieces(layers[l])
    if l >= len(layers) - 1:
        return layers
    keys = _keys(layers[l])
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    groups = [list(g) for _, g in itertools.groupby(order, key=lambda i: keys[i])]
    choices = 1
    for g in groups:
        choices *= math.factorial(len(g))
    if choices == 1:
        _permute(layers, l, order)
        return _canonical(layers, l + 1, budget)
    budget[0] -= choices
    if budget[0] < 0:
        raise ValueError("too many units with equal scaled incoming weights to canonicalize; "
                         "raise max_ties")
    best = None
    for combo in itertools.product(*(itertools.permutations(g) for g in groups)):
        perm = [i for part in combo for i in part]
        trial = _copy(layers)
        _permute(trial, l, perm)
        trial = _canonical(trial, l + 1, budget)
        if best is None or _flat(trial) < _flat(best):
            best = trial
    return best


def _copy(layers):
    from tropsage.nn.network import Layer
    return [Layer([list(r) for r in L.W], list(L.b), L.activation) for L in layers]


def normal_form(net, max_ties=10000, activations=None):
    r"""
    The canonical representative of a network under hidden-unit permutations and
    positive scalings (see the module doc).

    INPUT:

    - ``net`` -- a network (see :func:`tropsage.nn.as_network`).
    - ``max_ties`` -- bound on the number of orders of tied units to try.
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations.

    OUTPUT: a :class:`~tropsage.nn.Network` computing the same function, with
    ``info["normal_form"] = True``.

    EXAMPLES::

        >>> from tropsage.queries import normal_form
        >>> N = normal_form([([[4], [-1], [2]], [0, 1, 2]), ([[1, 1, 1]], [0])])
        >>> N.layers[0].W, N.layers[0].b, N.layers[1].W
        ([[Fraction(-1, 1)], [Fraction(1, 1)], [Fraction(1, 1)]], [Fraction(1, 1), Fraction(0, 1), Fraction(1, 1)], [[Fraction(1, 1), Fraction(4, 1), Fraction(2, 1)]])
    """
    from tropsage.nn import Network, as_network
    net = as_network(net, activations=activations)
    layers = _copy_layers(net)
    _scale(layers)
    layers = _canonical(layers, 0, [max_ties])
    return Network(layers, info={**net.info, "normal_form": True})


def same_function_up_to_symmetry(net1, net2, max_ties=10000, activations=None):
    """
    Whether two parametrizations are related by hidden-unit permutations and
    positive scalings (equal :func:`normal_form`).

    EXAMPLES::

        >>> from tropsage.queries import same_function_up_to_symmetry
        >>> same_function_up_to_symmetry([([[1]], [0]), ([[1]], [0])], [([[2]], [0]), ([["1/2"]], [0])])
        True
        >>> same_function_up_to_symmetry([([[1]], [0]), ([[1]], [0])], [([[-1]], [0]), ([[1]], [0])])
        False
    """
    from tropsage.nn import as_network
    a, b = as_network(net1, activations=activations), as_network(net2, activations=activations)

    def shape(net):
        return [(L.in_dim, len(L.W), sorted(map(str, _block_acts(L)))) for L in net.layers]
    if shape(a) != shape(b):
        return False
    A, B = normal_form(a, max_ties), normal_form(b, max_ties)
    return _flat(A.layers) == _flat(B.layers)


def same_function(net1, net2, domain=None, activations=None):
    r"""
    Whether two networks compute the same function (on ``R^n`` or on ``domain``),
    decided exactly: on every activation region of ``net1`` the activation regions
    of ``net2`` are enumerated and their affine maps compared.

    OUTPUT: a :class:`~tropsage.queries.QueryAnswer`; when ``False``, ``witness`` is a
    rational point where the outputs differ.

    EXAMPLES::

        >>> from tropsage.queries import same_function
        >>> absx = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]
        >>> same_function(absx, [([[2], [-1], [0]], [0, 0, 0]), ([["1/2", 1, 5]], [0])])
        QueryAnswer(True)
        >>> same_function(absx, [([[1]], [0]), ([[1]], [0])])
        QueryAnswer(False, witness=(-1,))
    """
    from tropsage._exact import qq
    from tropsage.nn import as_network
    from tropsage.queries.queries import QueryAnswer, _jacobian, _nonzero_point, _regions
    a, b = as_network(net1, activations=activations), as_network(net2, activations=activations)
    if (a.input_dim, a.output_dim) != (b.input_dim, b.output_dim):
        raise ValueError(f"the networks have different shapes: R^{a.input_dim} -> R^{a.output_dim} "
                         f"and R^{b.input_dim} -> R^{b.output_dim}")
    for R1 in _regions(a, domain):
        J1, c1 = _jacobian(R1)
        for R2 in _regions(b, R1.pieces[0]):
            J2, c2 = _jacobian(R2)
            if J1 == J2 and c1 == c2:
                continue
            D = [[x - y for x, y in zip(r1, r2)] for r1, r2 in zip(J1, J2)]
            x = _nonzero_point(R2, D, [x - y for x, y in zip(c1, c2)])
            x = tuple(qq(v) for v in x)
            if a(x) == b(x):   # pragma: no cover - would be a bug
                raise RuntimeError("exact check of the witness failed")
            return QueryAnswer(False, x)
    return QueryAnswer(True)


__all__ = ["normal_form", "same_function", "same_function_up_to_symmetry"]

_ = Fraction  # Fractions flow through the layers
