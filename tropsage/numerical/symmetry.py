r"""
Input symmetry: networks invariant under permuting their *input coordinates*, the
fundamental domain ``Δ = {x_1 ≥ … ≥ x_n}`` of the symmetric group acting on the inputs,
and linear-region counts that use it (Theorem 29 and Lemma 30 of [L]).

Not to be confused with :mod:`tropsage.queries.symmetry`: the symmetries of the
*parameters* (permuting and scaling hidden units), which change the weights and never
the function. Here the function is fixed and the group acts on its domain.

- :func:`deepsets_network` builds the DeepSets-like invariant net
  ``N(x) = 1ᵀ σ(A x + β 1)``, ``A = λ I + γ 1 1ᵀ``.
- :func:`is_permutation_invariant` decides *exactly* whether ``N(σx) = N(x)`` for all
  permutations ``σ``.
- ``estimate_linear_regions(net, ..., fundamental_domain=True)`` (numerical) samples in
  ``Δ`` only and weighs each Jacobian ``r`` by ``n!/∏ m_k(r)!``.
- :func:`symmetric_linear_regions` / :func:`count_linear_regions_symmetric` are the
  exact variant: the exact linear regions inside ``Δ`` and their orbit sizes, whose sum
  is the exact total.

How the exact orbit sizes are found: the linear regions of ``N`` restricted to ``Δ``
are computed exactly. A region ``R`` of ``N`` on ``R^n`` is a union of images ``σQ``
of such pieces. Two images ``σQ`` and ``σtQ'`` across a wall ``x_i = x_{i+1}`` of the
chamber ``σΔ`` (``t`` the transposition ``(i, i+1)``) belong to the same region exactly
when ``Q`` and ``tQ'`` share a facet and carry the same affine map (``g = t g'``,
``c = c'``). This gives a graph on the pieces with edges labelled by transpositions; a
connected component ``C`` of it is one orbit of regions, of size ``n!/|H_C|``, where
``H_C`` is the set of permutations ``σ`` for which ``(Q_0, σ)`` is reachable from
``(Q_0, id)`` in the covering graph on pairs ``(Q, σ)``.

EXAMPLES::

    >>> from tropsage.numerical import deepsets_network, is_permutation_invariant
    >>> from tropsage.numerical import count_linear_regions_symmetric
    >>> net = deepsets_network(3, lam=2, gamma=-1, bias=1)
    >>> is_permutation_invariant(net)
    True
    >>> from tropsage.regions import count_linear_regions
    >>> count_linear_regions_symmetric(net), count_linear_regions(net)
    (8, 8)
"""

import math
from fractions import Fraction

import numpy as np

from tropsage._exact import as_fraction
from tropsage.nn import as_network
from tropsage.nn.network import accepts_activations


# ---------------------------------------------------------------------------
# constructor

def _per_layer(v, depth, name):
    if isinstance(v, (list, tuple)):
        if len(v) != depth:
            raise ValueError(f"{name} has {len(v)} entries for {depth} equivariant layers")
        return [as_fraction(t, name) for t in v]
    return [as_fraction(v, name)] * depth


def deepsets_network(n, lam, gamma, bias=0, output_bias=0, depth=None):
    r"""
    The permutation-invariant DeepSets-like network ``N(x) = 1ᵀ σ(A x + β 1) + c`` with
    ``A = λ I + γ 1 1ᵀ`` (Lemma 17 of [L], Zaheer et al. 2017), ``σ`` = ReLU.

    INPUT:

    - ``n`` -- input dimension (``≥ 1``).
    - ``lam``, ``gamma`` -- ``λ`` and ``γ`` (exact-convertible numbers); sequences of
      equal length give a stack of equivariant layers ``σ(λ_l x + γ_l (Σ x) + β_l)``.
    - ``bias`` -- ``β`` (the same for every neuron, which keeps the layer
      equivariant), a number or one per layer.
    - ``output_bias`` -- the constant ``c`` added to the output.

    OUTPUT: a :class:`~tropsage.nn.Network` ``n -> n (relu) -> … -> 1 (identity)``.

    EXAMPLES::

        >>> from tropsage.numerical import deepsets_network
        >>> net = deepsets_network(2, lam=1, gamma="1/2")
        >>> net, net.layers[0].W
        (Network 2 -> 2 (relu) -> 1 (identity), [[Fraction(3, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(3, 2)]])
        >>> net([1, -4])
        (0,)
        >>> deepsets_network(0, 1, 1)
        Traceback (most recent call last):
        ...
        ValueError: n must be a positive integer, got 0
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    n = int(n)
    d = len(lam) if isinstance(lam, (list, tuple)) else 1
    lams = _per_layer(lam, d, "lam")
    gammas = _per_layer(gamma, d, "gamma")
    biases = _per_layer(bias, d, "bias")
    layers = []
    for l_, g_, b_ in zip(lams, gammas, biases):
        W = [[l_ * (i == j) + g_ for j in range(n)] for i in range(n)]
        layers.append((W, [b_] * n, "relu"))
    layers.append(([[Fraction(1)] * n], [as_fraction(output_bias, "output_bias")], "identity"))
    return as_network(layers)


# ---------------------------------------------------------------------------
# the fundamental domain

def fundamental_domain(n, radius=None):
    r"""
    The fundamental domain ``Δ = {x_1 ≥ x_2 ≥ … ≥ x_n}`` (Lemma 18 of [L]) as an
    :class:`~tropsage.polyhedra.ExactPolyhedron`, intersected with the box
    ``[-R, R]^n`` when ``radius`` is given.

    EXAMPLES::

        >>> from tropsage.numerical import fundamental_domain
        >>> fundamental_domain(3, radius=1).volume()         # 8 / 3!
        4/3
    """
    from tropsage.polyhedra import ExactPolyhedron
    n = int(n)
    rows = []
    for i in range(n - 1):
        r = [0] * (n + 1)
        r[1 + i], r[2 + i] = -1, 1                       # x_{i+1} - x_i <= 0
        rows.append(r)
    if radius is not None:
        R = as_fraction(radius, "radius")
        if R <= 0:
            raise ValueError(f"radius must be positive, got {radius!r}")
        from tropsage.polyhedra import box
        D = box([(-R, R)] * n)
        if not rows:
            return D
        return D.intersection(ExactPolyhedron.from_integer_rows(np.array(rows, dtype=np.int64), n=n))
    if not rows:
        from tropsage.polyhedra import box
        return box([(None, None)] * n)
    return ExactPolyhedron.from_integer_rows(np.array(rows, dtype=np.int64), n=n)


# ---------------------------------------------------------------------------
# exact invariance

def _permuted_first_layer(W, perm):
    # row r applied to (x_{perm[0]}, ..., x_{perm[n-1]}): coefficient r_i moves to perm[i]
    out = []
    for r in W:
        s = [Fraction(0)] * len(r)
        for i, v in enumerate(r):
            s[perm[i]] += v
        out.append(s)
    return out


def _difference_network(net, perm):
    """A network computing ``N(x) - N(perm x)`` (two copies side by side)."""
    Z = Fraction(0)
    layers = []
    for k, L in enumerate(net.layers):
        if k == 0:
            W = [list(r) for r in L.W] + _permuted_first_layer(L.W, perm)
        else:
            a, b = len(L.W[0]), len(L.W[0])
            W = [list(r) + [Z] * b for r in L.W] + [[Z] * a + list(r) for r in L.W]
        layers.append((W, list(L.b) * 2, L.activation))
    m = net.output_dim
    D = [[Fraction(int(i == j)) for j in range(m)] + [Fraction(-int(i == j)) for j in range(m)]
         for i in range(m)]
    layers.append((D, [Z] * m, "identity"))
    return as_network(layers)


def _apply_perm(x, perm):
    return [x[p] for p in perm]


@accepts_activations
def is_permutation_invariant(net, return_witness=False, seed=0):
    r"""
    Decide exactly whether ``N(σx) = N(x)`` for every permutation ``σ`` of the input
    coordinates.

    It suffices to check the two generators of the symmetric group (the transposition
    ``(1 2)`` and the cycle ``(1 2 … n)``). For each, random rational points are tried
    first (a difference there is an exact counterexample); otherwise the activation
    regions of a network computing ``N(x) − N(σx)`` are enumerated exactly and the
    affine map on each is checked to be zero.

    INPUT:

    - ``net`` -- any network argument.
    - ``return_witness`` -- also return a rational point ``x`` and a permutation ``σ``
      (as a tuple: ``(σx)_i = x_{σ(i)}``) with ``N(σx) ≠ N(x)``, or ``None``.

    OUTPUT: ``True``/``False``, or ``(bool, witness)``.

    EXAMPLES::

        >>> from tropsage.numerical import is_permutation_invariant
        >>> is_permutation_invariant([([[1, 1]], [0]), ([[1]], [0])])
        True
        >>> ok, (x, perm) = is_permutation_invariant([([[1, 2], [2, 1]], [0, -1]), ([[1, 1]], [0])],
        ...                                          return_witness=True)
        >>> ok
        False
    """
    net = as_network(net)
    n = net.input_dim
    gens = []
    if n >= 2:
        gens.append(tuple([1, 0] + list(range(2, n))))
    if n >= 3:
        gens.append(tuple(list(range(1, n)) + [0]))
    rng = np.random.default_rng(seed)
    for perm in gens:
        for _ in range(8):
            x = [Fraction(int(v), int(d)) for v, d in zip(rng.integers(-20, 21, n), rng.integers(1, 8, n))]
            if net.forward(x) != net.forward(_apply_perm(x, perm)):
                return (False, (tuple(x), perm)) if return_witness else False
    from tropsage.regions.activation import activation_regions
    for perm in gens:
        for R in activation_regions(_difference_network(net, perm), progress=False):
            g = R.gradient if R.outputs is not None else (R.gradient,)
            c = R.constant if R.outputs is not None else (R.constant,)
            if any(v != 0 for row in g for v in row) or any(v != 0 for v in c):
                p = [Fraction(int(v.numerator()), int(v.denominator())) for v in R.interior_point()]
                assert net.forward(p) != net.forward(_apply_perm(p, perm))
                return (False, (tuple(R.interior_point()), perm)) if return_witness else False
    return (True, None) if return_witness else True


# ---------------------------------------------------------------------------
# exact regions in the fundamental domain and their orbits

def _swap_rows_poly(P, i):
    """The image of ``P`` under the transposition of coordinates ``i, i+1``."""
    from tropsage.polyhedra import ExactPolyhedron
    H = P.inequality_rows().copy()
    H[:, [1 + i, 2 + i]] = H[:, [2 + i, 1 + i]]
    E = P.equation_rows().copy()
    if E.shape[0]:
        E[:, [1 + i, 2 + i]] = E[:, [2 + i, 1 + i]]
    return ExactPolyhedron.from_integer_rows(H, E if E.shape[0] else None, n=P.ambient_dim)


def _swap_map(R, i):
    def sw(row):
        row = list(row)
        row[i], row[i + 1] = row[i + 1], row[i]
        return tuple(row)
    if R.outputs is None:
        return sw(R.gradient), R.constant
    return tuple(sw(r) for r in R.gradient), R.constant


def _compose(p, q):
    return tuple(p[q[i]] for i in range(len(q)))


@accepts_activations
def symmetric_linear_regions(net, radius=None, check_invariance=True, **kwargs):
    r"""
    The exact linear regions of a permutation-invariant network inside the fundamental
    domain ``Δ = {x_1 ≥ … ≥ x_n}`` (within ``[-R, R]^n`` when ``radius`` is given), with
    the size of the orbit each belongs to.

    INPUT:

    - ``net`` -- a permutation-invariant network (any network argument).
    - ``radius`` -- optional ``R``; the box is invariant, so counts are those of ``N``
      on ``[-R, R]^n``.
    - ``check_invariance`` -- first decide invariance exactly
      (:func:`is_permutation_invariant`) and raise ``ValueError`` if it fails.
    - further keywords go to :func:`tropsage.regions.linear_regions`.

    OUTPUT: a :class:`~tropsage.regions.RegionList` of the regions of ``N`` restricted
    to ``Δ``; each has ``labels["orbit"]`` (an index: regions in ``Δ`` with the same
    index are pieces of one orbit of regions of ``N``) and ``labels["orbit_size"]``
    (the number of regions of ``N`` in that orbit). ``info["total"]`` is the exact
    number of linear regions of ``N`` (on ``R^n`` or the box), the sum of the orbit
    sizes over distinct orbits; ``info["orbits"]`` the number of orbits.

    EXAMPLES::

        >>> from tropsage.numerical import deepsets_network, symmetric_linear_regions
        >>> L = symmetric_linear_regions(deepsets_network(2, lam=1, gamma=0, bias=-1))
        >>> [(R.gradient, R.constant, R.labels["orbit_size"]) for R in L], L.info["total"]
        ([((0, 0), 0, 1), ((1, 0), -1, 2), ((1, 1), -2, 1)], 4)
    """
    from tropsage.regions import RegionList, linear_regions
    net = as_network(net)
    n = net.input_dim
    if check_invariance and not is_permutation_invariant(net):
        raise ValueError("the network is not permutation invariant (N(σx) != N(x) for some σ); "
                         "see is_permutation_invariant(net, return_witness=True)")
    kwargs.setdefault("progress", False)
    regs = list(linear_regions(net, domain=fundamental_domain(n, radius), **kwargs))
    k = len(regs)
    # wall edges: (a, b, i) when region a and the mirror image of region b across the
    # wall x_i = x_{i+1} share a facet and carry the same affine map
    edges = [[] for _ in range(k)]
    maps = [R.affine_map() for R in regs]
    for i in range(n - 1):
        mirrored = [[_swap_rows_poly(P, i) for P in R.pieces] for R in regs]
        swapped = [_swap_map(R, i) for R in regs]
        for a in range(k):
            for b in range(k):
                if maps[a] != swapped[b]:
                    continue
                if any(P.facet_adjacent(Q) for P in regs[a].pieces for Q in mirrored[b]):
                    edges[a].append((b, i))
    transp = []
    for i in range(n - 1):
        t = list(range(n))
        t[i], t[i + 1] = i + 1, i
        transp.append(tuple(t))
    ident = tuple(range(n))
    orbit_of = [None] * k
    sizes = []
    for q0 in range(k):
        if orbit_of[q0] is not None:
            continue
        seen = {(q0, ident)}
        stack = [(q0, ident)]
        while stack:
            q, s = stack.pop()
            for b, i in edges[q]:
                node = (b, _compose(s, transp[i]))
                if node not in seen:
                    seen.add(node)
                    stack.append(node)
        H = sum(1 for q, s in seen if q == q0)
        o = len(sizes)
        sizes.append(math.factorial(n) // H)
        for q, _ in seen:
            orbit_of[q] = o
    for R, o in zip(regs, orbit_of):
        R.labels["orbit"] = o
        R.labels["orbit_size"] = sizes[o]
    return RegionList(regs, info={"total": sum(sizes), "orbits": len(sizes),
                                  "domain": "fundamental", "radius": radius})


@accepts_activations
def count_linear_regions_symmetric(net, radius=None, **kwargs):
    r"""
    The exact number of linear regions of a permutation-invariant network (on ``R^n``
    or on ``[-R, R]^n``), computed from the regions in the fundamental domain and their
    orbit sizes (see :func:`symmetric_linear_regions`).

    EXAMPLES::

        >>> from tropsage.numerical import deepsets_network, count_linear_regions_symmetric
        >>> count_linear_regions_symmetric(deepsets_network(3, lam=1, gamma=0, bias=-1), radius=2)
        8
    """
    return symmetric_linear_regions(net, radius=radius, **kwargs).info["total"]
