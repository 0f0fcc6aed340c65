r"""
Counting bounds on the number of linear regions of ReLU and maxout networks.

Every function takes the *architecture* only -- the input dimension ``n0``, the
hidden widths ``widths = (n_1, ..., n_L)`` and, for maxout, the rank ``k`` -- and
returns an exact Python ``int``. The bounds concern the maximal number of linear
regions (activation regions, which is what [S] counts) over all weights; the
exact number of a given network is computed by :mod:`tropsage.regions`.

Sources: [S] Serra, Tjandraatmadja, Ramalingam, *Bounding and counting linear
regions of deep neural networks* (ICML 2018); Montúfar, Pascanu, Cho, Bengio,
*On the number of linear regions of deep neural networks* (NeurIPS 2014);
Montúfar, *Notes on the number of linear regions of deep neural networks*
(2017); Zaslavsky, *Facing up to arrangements* (1975).

Formulas (``C(m, i)`` is the binomial coefficient, zero when ``i > m``):

- Zaslavsky: ``m`` affine hyperplanes cut ``R^d`` into at most
  ``sum_{i=0}^{d} C(m, i)`` regions, with equality for generic hyperplanes.
- [S] Theorem 1 (upper): ``sum_{(j_1..j_L) in J} prod_l C(n_l, j_l)`` with
  ``J = {0 <= j_l <= min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l) for all l}``.
- Montúfar 2017 (upper): ``prod_l sum_{j=0}^{d_l} C(n_l, j)`` with
  ``d_l = min(n0, n_1, ..., n_l)``.
- Montúfar et al. 2014 (lower, ``n_l >= n0``):
  ``prod_{l<L} floor(n_l/n0)^n0 * sum_{j=0}^{n0} C(n_L, j)``.
- [S] lower bound (``n_l >= 3 n0``):
  ``prod_{l<L} (floor(n_l/n0) + 1)^n0 * sum_{j=0}^{n0} C(n_L, j)``.
- [S] Theorem 2 (maxout of rank ``k``, upper):
  ``prod_l sum_{j=0}^{d_l} C(k(k-1)/2 * n_l, j)``, ``d_l = min(n0, n_1, ..., n_l)``.
- Maxout of rank ``k``, lower (``n_l >= n0``; the folding construction of Montúfar et
  al. 2014 and [S] with rank-``k`` units, see :func:`maxout_lower`):
  ``prod_{l<L} z(floor(n_l/n0), k)^n0 * sum_{j=0}^{n0} C(n_L, j) (k-1)^j``.
- Trivial: at most ``2^(n_1 + ... + n_L)`` activation patterns.

**Cost limit.** The answers are exact integers, which for wide layers have hundreds
of thousands of digits, and the sums have up to ``L * min(n0, n_l)^2`` terms. Every
function first estimates its work (terms times machine words per number, plus the
size of the result) and raises ``ValueError`` when it exceeds ``max_work``
(default :data:`MAX_WORK`, about a few seconds), so that a typo such as
``widths=(100000, 100000)`` fails at once instead of running for hours. Pass a larger
``max_work`` (``math.inf`` for no limit) to compute it anyway.

EXAMPLES::

    >>> from tropsage import bounds
    >>> bounds.serra_upper(2, (8, 8, 8))
    50653
    >>> bounds.all_bounds(1, (3, 3))
    {'serra_lower': 16, 'montufar_lower': 12, 'serra_upper': 16, 'montufar_upper': 16, 'trivial_upper': 64}
"""

import math
import operator
from numbers import Integral

MAX_WORK = 10 ** 8
"""Default limit on the estimated work of one bound (machine-word operations)."""


def _guard(work, max_work, what):
    """Refuse a computation whose estimated ``work`` exceeds ``max_work``."""
    limit = MAX_WORK if max_work is None else max_work
    if limit is not False and limit != math.inf and work > limit:
        raise ValueError(f"{what} would take about {work:.2g} word operations, more than "
                         f"max_work={limit:.2g}; pass a larger max_work (or max_work=math.inf) "
                         "to compute it anyway")


def _bits(n, terms):
    """Size in bits of a sum of ``terms`` binomials ``C(n, j)``, ``j < terms`` (bounded)."""
    return min(n, terms * math.log2(n + 1)) + math.log2(terms + 1) + 64


def _binomials(n, top):
    """``[C(n, 0), ..., C(n, top)]`` incrementally (one small multiply-divide each)."""
    row, c = [], 1
    for j in range(top + 1):
        row.append(c)
        c = c * (n - j) // (j + 1)
    return row


def _int(value, name, minimum):
    """``value`` as a Python int ``>= minimum``; bools and non-integers are refused."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got a bool")
    if not isinstance(value, Integral):
        # numpy and Sage integers pass through __index__; a float such as 2.0 is
        # refused rather than silently truncated (a width of 2.5 means a typo)
        try:
            value = operator.index(value)
        except TypeError:
            raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}") from None
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def _architecture(n0, widths):
    """Check and normalize ``(n0, widths)``; return ``(n0, tuple of ints)``."""
    n0 = _int(n0, "n0 (input dimension)", 1)
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise TypeError(f"widths must be a sequence of hidden-layer widths, got {widths!r}")
    widths = tuple(_int(w, f"widths[{i}] (width of hidden layer {i + 1})", 1)
                   for i, w in enumerate(widths))
    if not widths:
        raise ValueError("widths is empty; give the width of at least one hidden layer")
    return n0, widths


def _prefix_min_dims(n0, widths):
    """``d_l = min(n0, n_1, ..., n_l)`` for ``l = 1..L``."""
    dims, d = [], n0
    for n in widths:
        d = min(d, n)
        dims.append(d)
    return dims


_ARCHITECTURE_DOC = """INPUT:

    - ``n0`` -- input dimension (``>= 1``)
    - ``widths`` -- hidden widths ``(n_1, ..., n_L)``, {widths}
    - ``max_work`` -- limit on the estimated work (default :data:`MAX_WORK`); see the module doc

    OUTPUT: a Python ``int``."""


def _architecture_doc(widths="each ``>= 1``"):
    """Write the INPUT/OUTPUT block shared by the bounds of a plain architecture into a doc."""
    def fill(fn):
        fn.__doc__ = fn.__doc__.replace("@ARCHITECTURE@", _ARCHITECTURE_DOC.format(widths=widths))
        return fn
    return fill


def zaslavsky(m, d, max_work=None):
    r"""
    Maximal number of regions of ``m`` affine hyperplanes in ``R^d`` (Zaslavsky).

    The bound ``sum_{i=0}^{d} C(m, i)`` is attained by hyperplanes in general
    position; a central arrangement (all through one point) has at most
    ``2 * sum_{i=0}^{d-1} C(m-1, i)`` regions.

    INPUT:

    - ``m`` -- number of hyperplanes, an integer ``>= 0``
    - ``d`` -- dimension, an integer ``>= 0``
    - ``max_work`` -- limit on the estimated work (default :data:`MAX_WORK`); see the module doc

    OUTPUT: a Python ``int``.

    EXAMPLES::

        >>> from tropsage.bounds import zaslavsky
        >>> zaslavsky(3, 2), zaslavsky(4, 2), zaslavsky(2, 5)
        (7, 11, 4)
        >>> zaslavsky(-1, 2)
        Traceback (most recent call last):
        ...
        ValueError: m (number of hyperplanes) must be >= 0, got -1
    """
    m = _int(m, "m (number of hyperplanes)", 0)
    d = _int(d, "d (dimension)", 0)
    k = min(m, d) + 1
    _guard(k * _bits(m, k) / 64, max_work, f"zaslavsky({m}, {d})")
    return sum(_binomials(m, k - 1))


@_architecture_doc()
def serra_upper(n0, widths, max_work=None):
    r"""
    Upper bound of [S], Theorem 1, on the regions of a ReLU network.

    ``sum_{(j_1..j_L) in J} prod_{l=1}^{L} C(n_l, j_l)`` where ``J`` is the set of
    integer tuples with ``0 <= j_l <= min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)``
    for every ``l``. Here ``j_l`` is the number of layer-``l`` units whose
    hyperplanes can meet inside one region, and ``n_l - j_l`` bounds the dimension
    of the image after layer ``l`` (the units that are off). Exact (tight) for one
    hidden layer and for ``n0 = 1``; never larger than :func:`montufar_upper`.

    The sum over ``J`` is evaluated by dynamic programming over the running
    dimension ``min(n0, n_1 - j_1, ...)`` (``O(L n0^2)`` operations), not by
    enumerating ``J``, whose size is exponential in ``L``.

    @ARCHITECTURE@

    EXAMPLES::

        >>> from tropsage.bounds import serra_upper, zaslavsky
        >>> serra_upper(2, (8, 8, 8))
        50653
        >>> serra_upper(3, [5]) == zaslavsky(5, 3)
        True
        >>> serra_upper(1, (4, 4, 4))      # (n+1)^L for n0 = 1
        125
        >>> serra_upper(0, (2,))
        Traceback (most recent call last):
        ...
        ValueError: n0 (input dimension) must be >= 1, got 0
    """
    n0, widths = _architecture(n0, widths)
    D = min(n0, max(widths)) + 1
    bits = sum(_bits(n, D) for n in widths)
    _guard(len(widths) * D * D * bits / 64, max_work,
           f"serra_upper({n0}, <{len(widths)} widths up to {max(widths)}>)")
    # ways[d] = sum of prod C(n_l, j_l) over the prefixes whose running bound
    # min(n0, n_1 - j_1, ..., n_l - j_l) equals d
    ways = {n0: 1}
    for n in widths:
        row = _binomials(n, min(max(ways), n))
        nxt = {}
        for d, w in ways.items():
            for j in range(min(d, n) + 1):
                e = min(d, n - j)
                nxt[e] = nxt.get(e, 0) + w * row[j]
        ways = nxt
    return sum(ways.values())


@_architecture_doc()
def montufar_upper(n0, widths, max_work=None):
    r"""
    Upper bound of Montúfar (2017) on the regions of a ReLU network.

    ``prod_{l=1}^{L} sum_{j=0}^{d_l} C(n_l, j)`` with ``d_l = min(n0, n_1, ..., n_l)``:
    each layer cuts every region of the previous layers by ``n_l`` hyperplanes
    living in a space of dimension at most ``d_l``.

    @ARCHITECTURE@

    EXAMPLES::

        >>> from tropsage.bounds import montufar_upper, serra_upper
        >>> montufar_upper(2, (8, 8, 8))
        50653
        >>> montufar_upper(3, (4, 2, 4)), serra_upper(3, (4, 2, 4))
        (660, 302)
    """
    n0, widths = _architecture(n0, widths)
    dims = _prefix_min_dims(n0, widths)
    _guard(_product_work(widths, dims), max_work,
           f"montufar_upper({n0}, <{len(widths)} widths up to {max(widths)}>)")
    result = 1
    for n, d in zip(widths, dims):
        result *= sum(_binomials(n, d))
    return result


def _product_work(sizes, dims):
    """Work of ``prod_l sum_{j <= d_l} C(m_l, j)``: the sums, then the products."""
    bits = [_bits(m, d + 1) for m, d in zip(sizes, dims)]
    total = sum(bits)
    return sum((d + 1) * b for d, b in zip(dims, bits)) / 64 + len(bits) * total / 64


def _lower_work(n0, widths, step):
    """Work of ``prod_{l<L} q_l^{n0} * sum_{j <= n0} C(n_L, j)``."""
    bits = sum(n0 * math.log2(n // n0 + step + 1) for n in widths[:-1])
    last = _bits(widths[-1], n0 + 1)
    return (n0 + 1) * last / 64 + len(widths) * (bits + last) / 64 + (bits + last)


def _check_hidden_widths(n0, widths, factor, source):
    for i, n in enumerate(widths[:-1]):
        if n < factor * n0:
            need = f"{factor} * n0 = {factor * n0}" if factor != 1 else f"n0 = {n0}"
            raise ValueError(
                f"{source} needs every hidden layer before the last to have width >= {need}; "
                f"layer {i + 1} has width {n}")


def _folding_count(n0, widths, pieces, parallel=1):
    """
    Regions of a folding construction: every layer ``l < L`` maps ``pieces(p_l)^n0``
    boxes (``p_l = floor(n_l/n0)`` units per coordinate) onto the cube, and the last
    layer is a generic arrangement of ``n_L`` classes of ``parallel`` parallel
    hyperplanes, with ``sum_{j <= n0} C(n_L, j) parallel^j`` regions.
    """
    result = 1
    for n in widths[:-1]:
        result *= pieces(n // n0) ** n0
    row = _binomials(widths[-1], min(n0, widths[-1]))
    return result * sum(c * parallel ** j for j, c in enumerate(row))


@_architecture_doc("``n_l >= n0`` for ``l < L``")
def montufar_lower(n0, widths, max_work=None):
    r"""
    Lower bound of Montúfar, Pascanu, Cho, Bengio (2014) on the maximal number of
    regions of a ReLU network.

    ``prod_{l=1}^{L-1} floor(n_l / n0)^{n0} * sum_{j=0}^{n0} C(n_L, j)``, valid when
    ``n_l >= n0`` for the layers ``l < L``. Construction: each layer ``l < L``
    splits into ``n0`` groups of ``floor(n_l/n0)`` units, each group folding one
    input coordinate onto ``[0, 1]`` ``floor(n_l/n0)`` times, so the first ``L-1``
    layers map ``prod floor(n_l/n0)^{n0}`` disjoint cubes onto the same cube; the
    last layer is a generic arrangement of ``n_L`` hyperplanes (all of its
    Zaslavsky regions meet the cube), whence no condition on ``n_L``.
    The paper states ``n_l >= n0`` for all layers; the last is not needed.

    @ARCHITECTURE@

    EXAMPLES::

        >>> from tropsage.bounds import montufar_lower
        >>> montufar_lower(2, (8, 8, 8))
        9472
        >>> montufar_lower(2, (1, 8))
        Traceback (most recent call last):
        ...
        ValueError: Montúfar et al. 2014 lower bound needs every hidden layer before the last to have width >= n0 = 2; layer 1 has width 1
    """
    n0, widths = _architecture(n0, widths)
    _check_hidden_widths(n0, widths, 1, "Montúfar et al. 2014 lower bound")
    _guard(_lower_work(n0, widths, 0), max_work,
           f"montufar_lower({n0}, <{len(widths)} widths up to {max(widths)}>)")
    return _folding_count(n0, widths, lambda p: p)


@_architecture_doc("``n_l >= 3 n0`` for ``l < L``")
def serra_lower(n0, widths, max_work=None):
    r"""
    Lower bound of [S] on the maximal number of regions of a ReLU network.

    ``prod_{l=1}^{L-1} (floor(n_l / n0) + 1)^{n0} * sum_{j=0}^{n0} C(n_L, j)``,
    valid when ``n_l >= 3 n0`` for the layers ``l < L``. It improves
    :func:`montufar_lower` by one more piece per folded coordinate and layer:
    [S] builds from ``p = floor(n_l/n0) >= 3`` units a zigzag of ``p + 1`` pieces,
    each mapping onto the same interval. As for Montúfar's bound the last layer
    contributes the Zaslavsky count of a generic arrangement and needs no width
    condition ([S] states ``n_l >= 3 n0`` for all layers).

    @ARCHITECTURE@

    EXAMPLES::

        >>> from tropsage.bounds import serra_lower
        >>> serra_lower(2, (8, 8, 8))
        23125
        >>> serra_lower(1, (3, 3)), serra_lower(3, [4])
        (16, 15)
        >>> serra_lower(2, (5, 8))
        Traceback (most recent call last):
        ...
        ValueError: [S] lower bound needs every hidden layer before the last to have width >= 3 * n0 = 6; layer 1 has width 5
    """
    n0, widths = _architecture(n0, widths)
    _check_hidden_widths(n0, widths, 3, "[S] lower bound")
    _guard(_lower_work(n0, widths, 1), max_work,
           f"serra_lower({n0}, <{len(widths)} widths up to {max(widths)}>)")
    return _folding_count(n0, widths, lambda p: p + 1)


def maxout_upper(n0, widths, k, max_work=None):
    r"""
    Upper bound of [S], Theorem 2, on the regions of a rank-``k`` maxout network.

    ``prod_{l=1}^{L} sum_{j=0}^{d_l} C(k(k-1)/2 * n_l, j)`` with
    ``d_l = min(n0, n_1, ..., n_l)``: a rank-``k`` maxout unit is cut by the
    ``k(k-1)/2`` hyperplanes where two of its ``k`` arguments tie. For ``k = 2``
    (one tie hyperplane per unit, as for ReLU) this is :func:`montufar_upper`.

    INPUT:

    - ``n0`` -- input dimension (``>= 1``)
    - ``widths`` -- widths ``(n_1, ..., n_L)`` in maxout units, each ``>= 1``
    - ``k`` -- rank (number of arguments of each max), ``>= 1``
    - ``max_work`` -- limit on the estimated work (default :data:`MAX_WORK`); see the module doc

    OUTPUT: a Python ``int``.

    EXAMPLES::

        >>> from tropsage.bounds import maxout_upper
        >>> maxout_upper(2, (3, 3), 3)
        2116
        >>> maxout_upper(2, (8, 8, 8), 2)
        50653
        >>> maxout_upper(1, (1,), 1)
        1
    """
    n0, widths = _architecture(n0, widths)
    k = _int(k, "k (maxout rank)", 1)
    pairs = k * (k - 1) // 2
    dims = _prefix_min_dims(n0, widths)
    _guard(_product_work([pairs * n for n in widths], dims), max_work,
           f"maxout_upper({n0}, <{len(widths)} widths up to {max(widths)}>, {k})")
    result = 1
    for n, d in zip(widths, dims):
        result *= sum(_binomials(pairs * n, min(d, pairs * n)))
    return result


def _zigzag_pieces(p, k):
    """Pieces of the one-dimensional zigzag that ``p`` rank-``k`` units can build (see :func:`maxout_lower`)."""
    if k == 1 or p == 0:
        return 1
    if p % 2 == 0:
        return p * (k - 1) + 1
    return (p - 1) * (k - 1) + 2


def maxout_lower(n0, widths, k, max_work=None):
    r"""
    Lower bound on the maximal number of activation regions of a rank-``k`` maxout
    network: some choice of weights gives at least this many regions, already inside
    the cube ``[0, 1]^n0``. It is *not* a bound for every choice of weights (a random
    network usually has fewer regions).

    ``prod_{l=1}^{L-1} z(floor(n_l/n0), k)^{n0} * sum_{j=0}^{n0} C(n_L, j) (k-1)^j``,
    valid when ``n_l >= n0`` for the layers ``l < L``, where ``z(p, k) = p(k-1) + 1``
    for even ``p`` and ``(p-1)(k-1) + 2`` for odd ``p`` (``z = 1`` for ``k = 1``).

    The construction is the folding argument of Montúfar, Pascanu, Cho, Bengio (2014)
    behind :func:`montufar_lower`, with the zigzag of [S]'s lower bound
    (:func:`serra_lower`), carried out with rank-``k`` units:

    - each layer ``l < L`` gives every input coordinate ``p = floor(n_l/n0)`` units
      (the others get zero weights and never split a region). A unit is a convex
      piecewise-linear function of the coordinate with up to ``k - 1`` breakpoints;
      the next layer adds the units with signs ``+1`` and ``-1``, which makes a
      zigzag on ``[0, 1]`` whose ``z(p, k)`` pieces each map onto ``[0, 1]`` (the
      slope changes of a zigzag alternate in sign, so the convex ``+`` units and the
      concave ``-`` units take turns; with ``p`` odd one breakpoint per pair of units
      is lost). So the first ``L - 1`` layers map ``prod z(...)^{n0}`` disjoint boxes
      of the cube each onto the whole cube, with pairwise different activation
      patterns;
    - the last layer's ``n_L`` units each have ``k`` pieces with parallel gradients,
      i.e. ``k - 1`` parallel hyperplanes in generic directions: an arrangement with
      ``sum_{j <= n0} C(n_L, j) (k-1)^j`` regions (Zaslavsky's theorem: the intersecting
      subsets take at most one hyperplane of each parallel class), all of them
      shrunk into the cube. The last layer needs no width condition.

    For ``k = 2`` this is the formula of :func:`serra_lower`, here valid for
    ``n_l >= n0`` (a rank-2 maxout unit has no flat piece, unlike a ReLU). The tests
    build this network for small architectures and check by exact enumeration that it
    has at least this many activation regions. The count ``k^(L-1) k^n0`` that
    secondary sources attribute to Montúfar et al. (2014, Theorem 8) for width ``n0``
    is not used: for ``n0 = 1`` the network composes convex functions of one
    variable, and for ``L = 2`` these have at most ``3k - 2 < k^2`` pieces when ``k >= 3``.

    INPUT:

    - ``n0`` -- input dimension (``>= 1``)
    - ``widths`` -- widths ``(n_1, ..., n_L)`` in maxout units, ``n_l >= n0`` for ``l < L``
    - ``k`` -- rank (number of arguments of each max), ``>= 1``
    - ``max_work`` -- limit on the estimated work (default :data:`MAX_WORK`); see the module doc

    OUTPUT: a Python ``int``.

    EXAMPLES::

        >>> from tropsage.bounds import maxout_lower, maxout_upper, serra_lower
        >>> maxout_lower(1, (2, 2), 3), maxout_upper(1, (2, 2), 3)
        (25, 49)
        >>> maxout_lower(2, (8, 8, 8), 2) == serra_lower(2, (8, 8, 8))
        True
        >>> maxout_lower(3, (2, 5), 4)
        Traceback (most recent call last):
        ...
        ValueError: maxout lower bound needs every hidden layer before the last to have width >= n0 = 3; layer 1 has width 2
    """
    n0, widths = _architecture(n0, widths)
    k = _int(k, "k (maxout rank)", 1)
    _check_hidden_widths(n0, widths, 1, "maxout lower bound")
    bits = sum(n0 * math.log2(_zigzag_pieces(n // n0, k) + 1) for n in widths[:-1])
    tail = _bits(widths[-1], n0 + 1) + n0 * math.log2(k)
    _guard((n0 + 1) * tail / 64 + len(widths) * (bits + tail) / 64 + bits + tail, max_work,
           f"maxout_lower({n0}, <{len(widths)} widths up to {max(widths)}>, {k})")
    return _folding_count(n0, widths, lambda p: _zigzag_pieces(p, k), k - 1)


@_architecture_doc()
def trivial_upper(n0, widths, max_work=None):
    r"""
    The trivial bound ``2^(n_1 + ... + n_L)``: the number of activation patterns.

    @ARCHITECTURE@

    EXAMPLES::

        >>> from tropsage.bounds import trivial_upper
        >>> trivial_upper(2, (3, 4))
        128
    """
    n0, widths = _architecture(n0, widths)
    _guard(sum(widths) / 64, max_work, f"trivial_upper: 2^{sum(widths)}")
    return 2 ** sum(widths)


def all_bounds(n0, widths, k=None, max_work=None):
    r"""
    All bounds for one architecture, for a side-by-side table.

    INPUT:

    - ``n0`` -- input dimension (``>= 1``)
    - ``widths`` -- hidden widths ``(n_1, ..., n_L)``
    - ``k`` -- ``None`` for a ReLU network, or the rank of a maxout network
    - ``max_work`` -- limit on the estimated work (default :data:`MAX_WORK`); see the module doc

    OUTPUT: a dict ``name -> int``, lower bounds first. For ReLU the keys are
    ``serra_lower``, ``montufar_lower``, ``serra_upper``, ``montufar_upper`` and
    ``trivial_upper``; a lower bound whose width hypothesis fails is ``None``.
    For maxout (``k`` given) the keys are ``maxout_lower`` (``None`` when its width
    hypothesis fails) and ``maxout_upper`` (the ReLU bounds do not apply to maxout
    networks).

    EXAMPLES::

        >>> from tropsage.bounds import all_bounds
        >>> all_bounds(2, (8, 8, 8))
        {'serra_lower': 23125, 'montufar_lower': 9472, 'serra_upper': 50653, 'montufar_upper': 50653, 'trivial_upper': 16777216}
        >>> all_bounds(3, (4, 2, 4))['serra_lower'] is None
        True
        >>> all_bounds(2, (3, 3), k=3)
        {'maxout_lower': 76, 'maxout_upper': 2116}
        >>> all_bounds(2, (1, 3), k=3)
        {'maxout_lower': None, 'maxout_upper': 40}
    """
    n0, widths = _architecture(n0, widths)
    if k is not None:
        lower = None if any(n < n0 for n in widths[:-1]) else maxout_lower(n0, widths, k,
                                                                              max_work=max_work)
        return {"maxout_lower": lower, "maxout_upper": maxout_upper(n0, widths, k, max_work=max_work)}
    table = {}
    for name, fn, factor in (("serra_lower", serra_lower, 3), ("montufar_lower", montufar_lower, 1)):
        # only the width hypothesis makes a bound None; a work limit is an error
        if any(n < factor * n0 for n in widths[:-1]):
            table[name] = None
        else:
            table[name] = fn(n0, widths, max_work=max_work)
    table["serra_upper"] = serra_upper(n0, widths, max_work=max_work)
    table["montufar_upper"] = montufar_upper(n0, widths, max_work=max_work)
    table["trivial_upper"] = trivial_upper(n0, widths, max_work=max_work)
    return table
