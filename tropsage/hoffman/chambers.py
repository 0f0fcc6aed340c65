r"""
Hoffman constants through the chambers of the row arrangement.

A row set ``J`` is A-surjective iff some ``x`` has ``A_J x < 0``. For a generic ``x``
(off every hyperplane ``a_i . x = 0``) the set ``J(x) = {i : a_i . x < 0}`` is
surjective, and every surjective ``J`` lies in some ``J(x)``: perturb its witness
into a chamber of the central arrangement ``{a_i . x = 0}``. ``J(x)`` only depends on
the chamber, and ``H_J`` grows with ``J``, so ([L] §3, the PVZ characterization) ::

    H(A) = max over the chambers C of the arrangement of H_{J(C)}(A).

A central arrangement of ``m`` hyperplanes in ``R^n`` has at most
``2 sum_{i<n} C(m-1, i)`` chambers: ``2m`` in the plane. For the matrices of
tropical Hoffman constants (many rows ``a_k - a_i``, few variables) this is far
fewer LPs than the Peña-Vera-Zuluaga splitting, whose candidate collections grow
quickly with ``m`` (a ``20 x 2`` matrix needs about 320 LPs and 2 s; the chambers
need at most 40, and one inner LP per *maximal* chamber set).

The chambers are enumerated exactly: in ``R^1`` they are the two half-lines; in
``R^2`` by sorting the lines' directions with exact integer cross products (a chamber
is the open angle between two consecutive directions; the sum of its two bounding
directions lies inside it); in ``R^n``, ``n >= 3``, as the activation regions of the
one-layer network ``x -> relu(A x)`` (:func:`tropsage.regions.activation_regions`,
certified and exact). The inner LPs are those of :mod:`tropsage.hoffman.matrix`, so
the value is the same exact rational as ``method="pvz"`` and ``"brute"`` (tested).

EXAMPLES::

    >>> from tropsage.hoffman.chambers import hoffman_constant_chambers, chamber_sets
    >>> A = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]]
    >>> hoffman_constant_chambers(A, norms=("l1", "linf")), hoffman_constant_chambers(A)
    (5, 3)
    >>> sorted(J for J, x in chamber_sets([[1, 0], [0, 1], [-1, -1]]))
    [(0,), (0, 1), (0, 2), (1,), (1, 2), (2,)]
"""

from fractions import Fraction
from functools import cmp_to_key
import math


from tropsage._exact import primitive, qq


def _half(d):
    """0 for directions with angle in [0, pi), 1 for [pi, 2 pi)."""
    return 0 if d[1] > 0 or (d[1] == 0 and d[0] > 0) else 1


def _angle_cmp(u, w):
    hu, hw = _half(u), _half(w)
    if hu != hw:
        return -1 if hu < hw else 1
    cross = u[0] * w[1] - u[1] * w[0]
    return -1 if cross > 0 else (1 if cross < 0 else 0)


def _chamber_points(N, n):
    """One exact integer point inside every chamber of the arrangement ``N x = 0``."""
    rows = [r for r in N if any(r)]
    if not rows:
        return [tuple([0] * n)]      # one chamber, R^n itself (no hyperplane)
    if n == 1:
        return [(1,), (-1,)]
    if n == 2:
        dirs = set()
        for a in rows:
            p = primitive(a)
            d = (-p[1], p[0])        # the line a . x = 0 in both directions
            dirs.add(d)
            dirs.add((-d[0], -d[1]))
        dirs = sorted(dirs, key=cmp_to_key(_angle_cmp))
        if len(dirs) == 2:           # a single line: the two half-planes
            p = primitive(rows[0])
            return [tuple(p), tuple(-v for v in p)]
        # consecutive directions are less than pi apart (>= 2 distinct lines)
        return [(u[0] + w[0], u[1] + w[1]) for u, w in zip(dirs, dirs[1:] + dirs[:1])]
    from tropsage.nn import as_network
    from tropsage.regions.activation import activation_regions
    uniq = sorted({primitive(r) for r in rows})
    net = as_network([(list(map(list, uniq)), [0] * len(uniq))], activations=["relu"])
    out = []
    for R in activation_regions(net, progress=False):
        p = R.interior_point()
        den = math.lcm(*(int(v.denominator()) for v in p))
        out.append(tuple(int(v * den) for v in p))
    return out


def chamber_sets(A):
    """
    The sets ``J(x) = {i : a_i . x < 0}``, one per chamber of the central arrangement
    of the rows of ``A``, with an exact point ``x`` of the chamber (a witness of
    surjectivity). Zero rows are in no set.

    OUTPUT: a list of pairs ``(J, x)``, ``J`` a tuple of 0-based row indices.

    EXAMPLES::

        >>> from tropsage.hoffman.chambers import chamber_sets
        >>> sorted(J for J, x in chamber_sets([[1], [-1], [0]]))
        [(0,), (1,)]
        >>> A = [[1, 0], [0, 1], [-1, -1]]
        >>> all(all((sum(a * t for a, t in zip(A[i], x)) < 0) == (i in J) for i in range(3))
        ...     for J, x in chamber_sets(A))
        True
    """
    from .matrix import _integer_input
    N, _ = _integer_input(A)
    return [(J, x) for J, x in _chamber_sets(N)]


def _chamber_sets(N):
    n = len(N[0])
    out, seen = [], set()
    for x in _chamber_points(N, n):
        J = tuple(i for i, a in enumerate(N) if sum(ai * xi for ai, xi in zip(a, x)) < 0)
        if J and J not in seen:
            seen.add(J)
            out.append((J, x))
    return out


def _maximal_sets(sets):
    masks = sorted(((sum(1 << i for i in J), J, x) for J, x in sets),
                   key=lambda t: -len(t[1]))
    keep = []
    for m, J, x in masks:
        if not any(m & ~k == 0 for k, _, _ in keep):
            keep.append((m, J, x))
    return keep


def _chamber_constant(P):
    """The exact Hoffman constant of the integer problem ``P`` (a
    :class:`tropsage.hoffman.matrix._Problem`) by chambers; a ``HoffmanResult``."""
    from .matrix import HoffmanResult
    sets = _chamber_sets(P.N)
    maximal = _maximal_sets(sets)
    best = None
    for mask, J, x in maximal:
        t, v = P.inner(mask)
        if best is None or t < best[0]:
            best = (t, v, J, x)
    if best is None:     # every row is zero
        return HoffmanResult(qq(0), (P.X, P.Y), "chambers", surjective_sets=[], lps=P.lps)
    t, v, J, x = best
    return HoffmanResult(qq(Fraction(P.d) / t), (P.X, P.Y), "chambers", "exact", J,
                         tuple(qq(a) for a in v), tuple(qq(a) for a in x),
                         [J2 for _, J2, _ in maximal], P.lps)


def hoffman_constant_chambers(A, norms=("linf", "linf"), certificate=False):
    """
    The exact Hoffman constant of ``A`` by the chambers of its row arrangement (see
    the module doc); the same value as
    :func:`~tropsage.hoffman.hoffman_constant` with ``method="pvz"``, for the
    polyhedral norm pairs (``X, Y`` in ``{l1, linf}``).

    INPUT: ``A``, ``norms``, ``certificate`` as in
    :func:`~tropsage.hoffman.hoffman_constant`.

    EXAMPLES::

        >>> from tropsage.hoffman.chambers import hoffman_constant_chambers
        >>> r = hoffman_constant_chambers([[1], [2], [-1]], certificate=True)
        >>> r.value, r.J, r.witness, r.method
        (1, (0, 1), (-1,), 'chambers')
        >>> hoffman_constant_chambers([[1, 0]], norms=("l2", "l2"))
        Traceback (most recent call last):
        ...
        ValueError: the chamber method is exact for the polyhedral norms only; use method='pvz' for ('l2', 'l2')
    """
    from .matrix import _Problem, _integer_input
    from .norms import norm_pair
    pair = norm_pair(norms)
    if not all(v.polyhedral for v in pair):
        raise ValueError("the chamber method is exact for the polyhedral norms only; "
                         f"use method='pvz' for {pair}")
    res = _chamber_constant(_Problem(*_integer_input(A), pair))
    return res if certificate else res.value
