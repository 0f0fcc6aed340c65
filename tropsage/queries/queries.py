r"""
Exact queries on ReLU-type networks ([G]): maximum over a polytope, positivity,
Lipschitz constants, the zero map, injectivity and surjectivity.

Every query runs over the exact activation regions of
:func:`tropsage.regions.activation.activation_regions`: on each region the network
is one affine map, given exactly, and the region is an exact polyhedron. So

- the **maximum** of ``N`` over a polytope ``P`` is the largest of the exact LP
  optima ``max {g.x + c : x in closure(R)}`` over the regions ``R`` of ``N`` in
  ``P`` (``N`` is continuous and the closures cover ``P``); the maximizing vertex
  is a rational point, and ``N`` is evaluated there by the exact forward pass as a
  check;
- the **Lipschitz constant** over a convex domain w.r.t. the norms ``X`` on inputs
  and ``Y`` on outputs is the largest operator norm ``||J_R||_{X -> Y}`` of the
  region Jacobians (a continuous piecewise affine map is Lipschitz on each segment
  with the constant of the pieces it crosses, and every region is open, so every
  piece's norm is attained): ``linf -> linf`` is the largest absolute row sum,
  ``l1 -> l1`` the largest absolute column sum, ``l1 -> linf`` the largest absolute
  entry, ``linf -> l1`` the largest ``||J s||_1`` over sign vectors ``s`` (exact,
  ``2^n`` terms). For one output ``Y`` does not matter: ``linf`` gives the ``l1``
  norm of the gradient and ``l1`` its ``linf`` norm (the dual norms). ``l2`` is
  refused: its value is irrational in general;
- ``N`` is the **zero map** iff every region's affine map is zero;
- **injectivity** of ``F : R^n -> R^n``: a continuous piecewise affine map is a
  homeomorphism of ``R^n`` iff it is *coherently oriented*: the Jacobians of the
  affine pieces of a polyhedral subdivision on which it is affine all have
  determinants of the same non-zero sign (Kuhn & Löwen 1987; Eaves & Rothblum 1990;
  Scholtes, *Introduction to Piecewise Differentiable Equations*, 2012, §2.3). The
  converse direction is elementary: a piece with ``det J = 0`` collapses an open
  set, and two facet-adjacent pieces with opposite signs fold the common facet, so
  their images overlap in an open set. Hence ``F`` is injective iff coherently
  oriented, and then also surjective. A non-injective ``F`` gets an exact witness
  pair ``x1 != x2`` with ``F(x1) == F(x2)``;
- **surjectivity**: ``F(R^n)`` is the union of the closed polyhedra ``F(closure R)``;
  the lower-dimensional ones (``det J_R = 0``) cannot cover an open set, so ``F`` is
  onto iff the full-dimensional images ``{y : H J_R^{-1} (y - c_R) <= h}`` cover
  ``R^n``. This is decided exactly by subtracting the images one after the other
  from ``R^n`` (``U \ I`` as the disjoint union of ``U ∩ {row_1 ok, ..., row_{k-1}
  ok, row_k violated}``) and keeping only full-dimensional remainders; a remainder
  gives a rational point outside the image, checked exactly against every region
  (also the singular ones) by LP.

Answers with witnesses are :class:`QueryAnswer` objects, true or false like a bool.

EXAMPLES::

    >>> from tropsage.queries import maximum, is_positive, lipschitz_constant, is_injective
    >>> net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]      # |x|
    >>> maximum(net, [(-2, 1)])
    (2, (-2,))
    >>> r = is_positive(net, [(-2, 1)]); bool(r), r.witness
    (False, (0,))
    >>> lipschitz_constant(net, norm="linf")
    1
    >>> r = is_injective([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]); bool(r), r.witness
    (False, ((1,), (-1,)))
"""

import itertools
from fractions import Fraction

from tropsage._exact import qq
from tropsage.nn.network import accepts_activations

NORMS = ("l1", "linf")


class QueryAnswer:
    """
    A yes/no answer with an exact witness: ``bool(answer)``, ``witness`` (a point, a
    pair of points, or ``None``), ``value`` (an exact number when the query computes
    one, e.g. the minimum for :func:`is_positive`) and ``info`` (a dict).

    EXAMPLES::

        >>> from tropsage.queries import is_positive
        >>> r = is_positive([([[1], [-1]], [0, 0]), ([[1, 1]], [1])], [(-2, 1)])   # |x| + 1
        >>> type(r).__name__, bool(r), r.value
        ('QueryAnswer', True, 1)
    """

    __slots__ = ("answer", "witness", "value", "info")

    def __init__(self, answer, witness=None, value=None, info=None):
        self.answer = bool(answer)
        self.witness = witness
        self.value = value
        self.info = dict(info or {})

    def __bool__(self):
        return self.answer

    def __eq__(self, other):
        if isinstance(other, bool):
            return self.answer == other
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        parts = [str(self.answer)]
        if self.witness is not None:
            parts.append(f"witness={self.witness}")
        if self.value is not None:
            parts.append(f"value={self.value}")
        return f"QueryAnswer({', '.join(parts)})"


# ---------------------------------------------------------------------------
# helpers

def _fr(v):
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int):
        return Fraction(v)
    return Fraction(int(v.numerator()), int(v.denominator()))


def _net(net):
    from tropsage.nn import as_network
    return as_network(net)


def _regions(net, domain):
    from tropsage.regions.activation import activation_regions
    return activation_regions(net, domain=domain, progress=False)


def _jacobian(R):
    """``(J, c)`` as lists of Fractions, one row per output."""
    if R.outputs is None:
        return [[_fr(v) for v in R.gradient]], [_fr(R.constant)]
    return [[_fr(v) for v in row] for row in R.gradient], [_fr(v) for v in R.constant]


def _scalar_map(R, output):
    J, c = _jacobian(R)
    if not 0 <= output < len(J):
        raise ValueError(f"output must be in 0..{len(J) - 1}, got {output!r}")
    return J[output], c[output]


def _rows(P):
    """``(A, b)`` of an ExactPolyhedron as Fractions (``A x <= b``)."""
    H = P.inequality_rows()
    return [[Fraction(int(v)) for v in r[1:]] for r in H], [Fraction(int(r[0])) for r in H]


def _lp_max(P, g):
    """Exact ``max g.x`` over ``P``: ``(status, value, point)``."""
    from tropsage.polyhedra.lp import solve_lp
    A, b = _rows(P)
    E = P.equation_rows()
    n = P.ambient_dim
    kw = {}
    if E.shape[0]:
        kw = dict(A_eq=[[int(v) for v in r[1:]] for r in E], b_eq=[int(r[0]) for r in E])
    if not A and not kw:
        if any(g):
            return "unbounded", None, None
        return "optimal", Fraction(0), tuple(qq(0) for _ in range(n))
    r = solve_lp(g, A_ub=A or None, b_ub=b or None, bounds=(None, None), maximize=True, **kw)
    if r.status != "optimal":
        return r.status, None, None
    return "optimal", _fr(r.value), r.x


def _check_value(net, x, output, value):
    got = net(x)[output]
    if got != value:   # pragma: no cover - would mean a bug in the region code
        raise RuntimeError(f"exact check failed: N{tuple(x)} = {got}, expected {value}")


def _as_domain(domain, n, name):
    from tropsage.polyhedra import as_domain
    return as_domain(domain, n)


def _strict_step(P, p, v):
    """Largest-half step ``d > 0`` with ``p + d v`` strictly inside ``P`` (``p`` strictly inside)."""
    A, b = _rows(P)
    d = Fraction(1)
    for a, bi in zip(A, b):
        av = sum((x * y for x, y in zip(a, v)), Fraction(0))
        if av > 0:
            slack = bi - sum((x * _fr(y) for x, y in zip(a, p)), Fraction(0))
            d = min(d, slack / av / 2)
    return d


# ---------------------------------------------------------------------------
# optimization and positivity

def _optimize(net, domain, output, sign):
    net = _net(net)
    n = net.input_dim
    if domain is None:
        raise ValueError("give a domain: a box [(lo, hi), ...] or a polytope")
    _as_domain(domain, n, "domain")
    best = None
    for R in _regions(net, domain):
        g, c = _scalar_map(R, output)
        st, val, x = _lp_max(R.pieces[0], [sign * v for v in g])
        if st == "unbounded":
            from sage.rings.infinity import infinity
            return sign * infinity, None
        if st != "optimal":
            continue
        val = val + sign * c
        if best is None or val > best[0]:
            best = (val, x)
    if best is None:
        raise ValueError("the domain has no full-dimensional part: nothing to optimize over")
    value = qq(sign * best[0])
    _check_value(net, best[1], output, value)
    return value, best[1]


@accepts_activations
def maximum(net, domain, output=0):
    r"""
    The exact maximum of a network output over a polytope, with a maximizing point.

    INPUT:

    - ``net`` -- a network (see :func:`tropsage.nn.as_network`).
    - ``domain`` -- a box ``[(lo, hi), ...]`` or a polyhedron; an unbounded one
      gives ``(+Infinity, None)`` when the output is unbounded above.
    - ``output`` -- which output (default ``0``).

    OUTPUT: ``(value, point)``: ``value`` in ``QQ`` and a rational ``point`` of the
    domain with ``N(point)[output] == value`` (checked by the exact forward pass).

    EXAMPLES::

        >>> from tropsage.queries import maximum
        >>> maximum([([[1, -1]], [0]), ([[1]], [0])], [(0, 1), (0, "1/2")])
        (1, (1, 0))
        >>> maximum([([[1]], [0]), ([[1]], [0])], [(0, None)])
        (+Infinity, None)
    """
    return _optimize(net, domain, output, 1)


@accepts_activations
def minimum(net, domain, output=0):
    """
    The exact minimum of a network output over a polytope, with a minimizing point
    (see :func:`maximum`).

    EXAMPLES::

        >>> from tropsage.queries import minimum
        >>> minimum([([[1], [-1]], [0, 0]), ([[1, 1]], [-1])], [(-1, 2)])
        (-1, (0,))
    """
    return _optimize(net, domain, output, -1)


@accepts_activations
def is_positive(net, domain, output=0):
    """
    Whether ``N(x) > 0`` for every ``x`` in the domain.

    OUTPUT: a :class:`QueryAnswer`; ``value`` is the exact minimum and, when the
    answer is ``False``, ``witness`` a rational point with ``N(witness) <= 0``.

    EXAMPLES::

        >>> from tropsage.queries import is_positive
        >>> is_positive([([[1], [-1]], [0, 0]), ([[1, 1]], [1])], [(-1, 1)])
        QueryAnswer(True, value=1)
    """
    value, x = minimum(net, domain, output)
    if value > 0:
        return QueryAnswer(True, None, value)
    return QueryAnswer(False, x, value)


def _lp_max_capped(P, g, cap):
    """
    A point of ``P`` maximizing ``g.x`` under the cap ``g.x <= cap`` (``P`` non-empty,
    ``g.x`` unbounded above on ``P``); when all of ``P`` lies above the cap, an
    interior point of ``P``.
    """
    from tropsage.polyhedra.lp import solve_lp
    A, b = _rows(P)
    E = P.equation_rows()
    kw = {}
    if E.shape[0]:
        kw = dict(A_eq=[[int(v) for v in r[1:]] for r in E], b_eq=[int(r[0]) for r in E])
    r = solve_lp(g, A_ub=A + [list(g)], b_ub=b + [cap], bounds=(None, None), maximize=True, **kw)
    if r.status == "infeasible":
        return P.interior_point()
    if r.status != "optimal":   # pragma: no cover - P non-empty and the cap bounds g.x
        raise RuntimeError(f"capped LP ended with status {r.status!r}")
    return r.x


@accepts_activations
def attains_positive(net, domain=None, output=0):
    r"""
    Whether ``N(x) > 0`` for some ``x`` in the domain ([G]'s decision problem);
    ``witness`` is then a point with ``N(witness) > 0`` and ``value`` the supremum.

    INPUT:

    - ``net`` -- a network (see :func:`tropsage.nn.as_network`).
    - ``domain`` -- ``None`` (all of ``R^d``, default), a box ``[(lo, hi), ...]`` (``None``
      ends allowed) or a polyhedron.
    - ``output`` -- which output (default ``0``).

    OUTPUT: a :class:`QueryAnswer`. ``value`` is the exact supremum of ``N`` over the
    domain (``+Infinity`` when unbounded above); ``witness`` a rational point with
    ``N(witness) > 0`` (checked by the exact forward pass), or ``None``.

    ALGORITHM: exact over the activation regions, unbounded ones included: on each
    region ``R`` (an exact polyhedron, ``N = g.x + c`` on its closure) the exact LP
    ``max g.x`` over ``closure(R)`` decides. When it is unbounded, the LP with the
    extra row ``g.x <= 1 - c`` gives a vertex where ``N = 1``: the witness (or, when
    ``N > 1`` on all of ``R``, an interior point of ``R``). ``N`` is
    continuous and the closures cover the domain, so the supremum over the domain is
    the largest region optimum.

    EXAMPLES::

        >>> from tropsage.queries import attains_positive
        >>> attains_positive([([[1], [-1]], [0, 0]), ([[1, 1]], [-3])], [(-2, 2)])
        QueryAnswer(False, value=-1)

    On all of ``R^d``: ``|x| - 3`` is positive far out, ``-|x| - 1`` never, and
    ``-min(relu(x), 1) = relu(x - 1) - relu(x)`` reaches its supremum ``0`` only on
    the unbounded cell ``x <= 0``::

        >>> r = attains_positive([([[1], [-1]], [0, 0]), ([[1, 1]], [-3])]); r.answer, r.value
        (True, +Infinity)
        >>> from tropsage.nn import as_network
        >>> as_network([([[1], [-1]], [0, 0]), ([[1, 1]], [-3])])(r.witness)[0] > 0
        True
        >>> attains_positive([([[1], [-1]], [0, 0]), ([[-1, -1]], [-1])])
        QueryAnswer(False, value=-1)
        >>> attains_positive([([[1], [1]], [0, -1]), ([[-1, 1]], [0])])
        QueryAnswer(False, value=0)
    """
    from sage.rings.infinity import infinity
    net = _net(net)
    n = net.input_dim
    if domain is not None:
        _as_domain(domain, n, "domain")
    best = None
    for R in _regions(net, domain):
        g, c = _scalar_map(R, output)
        st, val, x = _lp_max(R.pieces[0], g)
        if st == "unbounded":
            x = _lp_max_capped(R.pieces[0], g, 1 - c)
            value = qq(sum((a * _fr(b) for a, b in zip(g, x)), Fraction(0)) + c)
            _check_value(net, x, output, value)
            return QueryAnswer(True, x, infinity, {"unbounded_region": True})
        if st != "optimal":
            continue
        val = val + c
        if best is None or val > best[0]:
            best = (val, x)
    if best is None:
        raise ValueError("the domain has no full-dimensional part: nothing to decide")
    value = qq(best[0])
    _check_value(net, best[1], output, value)
    if value > 0:
        return QueryAnswer(True, best[1], value)
    return QueryAnswer(False, None, value)


# ---------------------------------------------------------------------------
# Lipschitz constants

def _parse_norms(norm):
    if isinstance(norm, str):
        X = Y = norm
    else:
        try:
            X, Y = norm
        except (TypeError, ValueError):
            raise TypeError(f"norm must be 'l1', 'linf' or a pair (input, output), got {norm!r}") from None
    for v in (X, Y):
        if v == "l2":
            raise ValueError("the l2 Lipschitz constant is irrational in general; "
                             "use 'l1' or 'linf' for an exact answer")
        if v not in NORMS:
            raise ValueError(f"norm must be one of {NORMS}, got {v!r}")
    return X, Y


def operator_norm(J, norms):
    r"""
    The exact operator norm ``max ||J x||_Y / ||x||_X`` of a rational matrix for
    ``X, Y`` in ``{"l1", "linf"}``.

    EXAMPLES::

        >>> from tropsage.queries.queries import operator_norm
        >>> J = [[1, -2], [3, 4]]
        >>> [operator_norm(J, (a, b)) for a in ("l1", "linf") for b in ("l1", "linf")]
        [6, 4, 8, 7]
    """
    X, Y = _parse_norms(norms)
    J = [[_fr(v) if not isinstance(v, (int, Fraction)) else Fraction(v) for v in row] for row in J]
    m, n = len(J), len(J[0])
    if (X, Y) == ("linf", "linf"):
        v = max(sum(abs(a) for a in row) for row in J)
    elif (X, Y) == ("l1", "l1"):
        v = max(sum(abs(J[i][j]) for i in range(m)) for j in range(n))
    elif (X, Y) == ("l1", "linf"):
        v = max(abs(a) for row in J for a in row)
    else:   # linf -> l1: attained at a vertex of the cube, s in {-1, 1}^n (s_0 = 1 by symmetry)
        v = max(sum(abs(sum((a * s for a, s in zip(row, (1,) + signs)), Fraction(0)))
                    for row in J)
                for signs in itertools.product((1, -1), repeat=n - 1))
    return qq(v)


@accepts_activations
def lipschitz_constant(net, domain=None, norm="linf", certificate=False):
    r"""
    The exact Lipschitz constant of a network over a convex domain.

    INPUT:

    - ``net`` -- a network.
    - ``domain`` -- ``None`` (all of ``R^n``), a box or a polyhedron (convex).
    - ``norm`` -- ``"linf"`` or ``"l1"`` for inputs and outputs alike, or a pair
      ``(input_norm, output_norm)``. For a single output ``"linf"`` gives the ``l1``
      norm of the gradient, ``"l1"`` its ``linf`` norm.
    - ``certificate`` -- also return an interior point of a region where the
      constant is attained.

    OUTPUT: a ``QQ`` (or ``(value, point)``).

    EXAMPLES::

        >>> from tropsage.queries import lipschitz_constant
        >>> net = [([[1, 2], [-3, 1]], [0, 1]), ([[1, 1]], [0])]
        >>> lipschitz_constant(net, norm="linf"), lipschitz_constant(net, norm="l1")
        (5, 3)
        >>> lipschitz_constant(net, domain=[(1, 2), (1, 2)], norm="linf")
        3
        >>> lipschitz_constant(net, norm="l2")
        Traceback (most recent call last):
        ...
        ValueError: the l2 Lipschitz constant is irrational in general; use 'l1' or 'linf' for an exact answer
    """
    norms = _parse_norms(norm)
    net = _net(net)
    best = None
    for R in _regions(net, domain):
        J, _ = _jacobian(R)
        v = operator_norm(J, norms)
        if best is None or v > best[0]:
            best = (v, R)
    if best is None:
        raise ValueError("the domain has no full-dimensional part")
    if certificate:
        return best[0], best[1].interior_point()
    return best[0]


# ---------------------------------------------------------------------------
# zero map

def _nonzero_point(R, J, c):
    """A rational point strictly inside ``R`` where the affine map ``J x + c`` is not 0."""
    P = R.pieces[0]
    p = tuple(_fr(v) for v in R.interior_point())
    for row, ci in zip(J, c):
        val = sum((a * x for a, x in zip(row, p)), ci)
        if val != 0:
            return p
    for row, ci in zip(J, c):
        if any(row):
            d = _strict_step(P, p, row)
            return tuple(x + d * a for x, a in zip(p, row))
    return None


@accepts_activations
def is_zero_map(net, domain=None):
    """
    Whether the network computes the zero map (on ``R^n``, or on ``domain``).

    OUTPUT: a :class:`QueryAnswer`; when ``False``, ``witness`` is a rational point
    with ``N(witness) != 0``.

    EXAMPLES::

        >>> from tropsage.queries import is_zero_map
        >>> is_zero_map([([[1], [1]], [0, 0]), ([[1, -1]], [0])])        # relu(x) - relu(x)
        QueryAnswer(True)
        >>> is_zero_map([([[1], [-1]], [0, 0]), ([[1, -1]], [0])])       # relu(x) - relu(-x) = x
        QueryAnswer(False, witness=(-1,))
    """
    net = _net(net)
    for R in _regions(net, domain):
        J, c = _jacobian(R)
        if any(c) or any(any(row) for row in J):
            x = _nonzero_point(R, J, c)
            if any(v != 0 for v in net(x)):
                return QueryAnswer(False, tuple(qq(v) for v in x))
            raise RuntimeError("exact check failed at a non-zero point")  # pragma: no cover
    return QueryAnswer(True)


# ---------------------------------------------------------------------------
# injectivity and surjectivity

def _square(net):
    net = _net(net)
    if net.input_dim != net.output_dim:
        raise ValueError(f"injectivity and surjectivity need a square network R^n -> R^n; "
                         f"this one maps R^{net.input_dim} -> R^{net.output_dim}")
    return net


@accepts_activations
def jacobian_determinants(net):
    """
    The activation regions of a square network with the exact determinants of
    their Jacobians: a list of pairs ``(region, det)``.

    EXAMPLES::

        >>> from tropsage.queries import jacobian_determinants
        >>> [d for _, d in jacobian_determinants([([[1], [-1]], [0, 0]), ([[2, -1]], [0])])]
        [1, 2]
    """
    from tropsage.polyhedra.linalg import det
    net = _square(net)
    out = []
    for R in _regions(net, None):
        J, _ = _jacobian(R)
        out.append((R, qq(det(J))))
    return out


def _image(R, J, c):
    """``F(closure R)`` for an invertible affine piece, as an ExactPolyhedron."""
    from tropsage.polyhedra import ExactPolyhedron
    from tropsage.polyhedra.linalg import inverse
    A, b = _rows(R.pieces[0])
    Ji = inverse(J)
    n = len(J)
    rows, rhs = [], []
    for a, bi in zip(A, b):
        aJ = [sum((a[k] * Ji[k][j] for k in range(n)), Fraction(0)) for j in range(n)]
        rows.append(aJ)
        rhs.append(bi + sum((x * y for x, y in zip(aJ, c)), Fraction(0)))
    return ExactPolyhedron(rows, rhs, n=n), Ji


@accepts_activations
def is_injective(net):
    r"""
    Whether a network ``R^n -> R^n`` is injective (see the module doc: iff all
    region Jacobians have determinants of one non-zero sign).

    OUTPUT: a :class:`QueryAnswer`; when ``False``, ``witness`` is a pair of distinct
    rational points with the same image (checked by the exact forward pass);
    ``info["signs"]`` lists the distinct determinant signs.

    EXAMPLES::

        >>> from tropsage.queries import is_injective
        >>> leaky = [([[1, 1], [1, -1]], [0, 0], ("leaky_relu", "1/2")), ([[1, 0], [0, 1]], [0, 0])]
        >>> is_injective(leaky)
        QueryAnswer(True)
        >>> r = is_injective([([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])])
        >>> bool(r), r.witness
        (False, ((-1, -1), (-1/2, -1)))
    """
    net = _square(net)
    dets = jacobian_determinants(net)
    signs = sorted({(d > 0) - (d < 0) for _, d in dets})
    info = {"signs": signs, "regions": len(dets)}
    for R, d in dets:
        if d == 0:
            J, _ = _jacobian(R)
            v = _kernel_vector(J)
            p = tuple(_fr(t) for t in R.interior_point())
            s = _strict_step(R.pieces[0], p, v)
            q = tuple(x + s * a for x, a in zip(p, v))
            return _pair_answer(net, p, q, info)
    if len(signs) == 1:
        return QueryAnswer(True, info=info)
    pos = [(R, _jacobian(R)) for R, d in dets if d > 0]
    neg = [(R, _jacobian(R)) for R, d in dets if d < 0]
    # facet-adjacent pairs of opposite orientation fold, so try them first
    pairs = sorted(((a, b) for a in pos for b in neg),
                   key=lambda ab: not ab[0][0].pieces[0].facet_adjacent(ab[1][0].pieces[0]))
    for (R1, (J1, c1)), (R2, (J2, c2)) in pairs:
        I1, J1i = _image(R1, J1, c1)
        I2, J2i = _image(R2, J2, c2)
        I = I1.intersection(I2)
        if I.is_full_dimensional():
            y = [_fr(t) for t in I.interior_point()]
            x1 = tuple(sum((a * (t - ci) for a, t, ci in zip(row, y, c1)), Fraction(0)) for row in J1i)
            x2 = tuple(sum((a * (t - ci) for a, t, ci in zip(row, y, c2)), Fraction(0)) for row in J2i)
            return _pair_answer(net, x1, x2, info)
    raise RuntimeError("regions of opposite orientation without overlapping images: "
                       "this contradicts the folding lemma")  # pragma: no cover


def _kernel_vector(J):
    """A non-zero rational vector ``v`` with ``J v = 0`` (``J`` singular)."""
    from tropsage.polyhedra.linalg import rref
    n = len(J[0])
    M, pivots = rref(J, n)
    free = next(j for j in range(n) if j not in pivots)
    v = [Fraction(0)] * n
    v[free] = Fraction(1)
    for i, col in enumerate(pivots):
        v[col] = -M[i][free]
    return v


def _pair_answer(net, x1, x2, info):
    x1 = tuple(qq(v) for v in x1)
    x2 = tuple(qq(v) for v in x2)
    if x1 == x2 or net(x1) != net(x2):   # pragma: no cover - would be a bug
        raise RuntimeError("exact check of the non-injectivity witness failed")
    return QueryAnswer(False, (x1, x2), info=info)


def _in_image(R, J, c, y):
    """Exact LP: is ``y`` in ``F(closure R)``?"""
    from tropsage.polyhedra.lp import solve_lp
    A, b = _rows(R.pieces[0])
    n = len(J[0])
    r = solve_lp([0] * n, A_ub=A or None, b_ub=b or None, A_eq=J,
                 b_eq=[t - ci for t, ci in zip(y, c)], bounds=(None, None))
    return r.status == "optimal"


@accepts_activations
def is_surjective(net):
    r"""
    Whether a network ``R^n -> R^n`` is onto (see the module doc). Not to be
    confused with :func:`tropsage.hoffman.matrix.is_surjective_set`, the property of a
    set of rows of a matrix that the Hoffman constants use.

    OUTPUT: a :class:`QueryAnswer`; when ``False``, ``witness`` is a rational point
    that is not an output of the network (checked by exact LPs over all regions).

    EXAMPLES::

        >>> from tropsage.queries import is_surjective
        >>> relu = [([[1, 0], [0, 1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]
        >>> r = is_surjective(relu); bool(r), r.witness
        (False, (0, -1))
        >>> fold = [([[1], [-1]], [0, 0]), ([[1, -2]], [0])]                # x, x >= 0; 2x, x <= 0
        >>> is_surjective(fold), is_surjective([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
        (QueryAnswer(True), QueryAnswer(False, witness=(-1,)))
    """
    from tropsage.polyhedra import ExactPolyhedron
    net = _square(net)
    n = net.input_dim
    dets = jacobian_determinants(net)
    signs = {(d > 0) - (d < 0) for _, d in dets}
    if len(signs) == 1 and 0 not in signs:
        return QueryAnswer(True, info={"reason": "coherently oriented (a homeomorphism)"})
    maps = [(R, _jacobian(R)) for R, _ in dets]
    uncovered = [ExactPolyhedron(n=n)]
    for (R, (J, c)), (_, d) in zip(maps, dets):
        if d == 0 or not uncovered:
            continue
        I = _image(R, J, c)[0].minimized()
        H = I.inequality_rows()
        new = []
        for U in uncovered:
            if not U.intersection(I).is_full_dimensional():
                new.append(U)
                continue
            for k in range(H.shape[0]):
                flip = [-int(v) for v in H[k]]       # row_k violated: a.y >= b
                piece = U.add_inequalities([flip]) if k == 0 else \
                    U.add_inequalities([[int(v) for v in r] for r in H[:k]] + [flip])
                if piece.is_full_dimensional():
                    new.append(piece)
        uncovered = new
    if not uncovered:
        return QueryAnswer(True, info={"reason": "the images of the regions cover R^n"})
    # an open set misses every full-dimensional image; avoid the singular ones too
    for U in uncovered:
        y0 = [_fr(t) for t in U.interior_point()]
        for k in range(4 * n + 1):
            y = list(y0)
            if k:
                e = [Fraction(0)] * n
                e[(k - 1) % n] = Fraction(1 if k <= 2 * n else -1, k)
                s = _strict_step(U, y0, e)
                y = [a + s * b for a, b in zip(y0, e)]
            if not any(_in_image(R, J, c, y) for R, (J, c) in maps):
                return QueryAnswer(False, tuple(qq(v) for v in y))
    raise RuntimeError("no witness found outside the image")  # pragma: no cover
