r"""
Exact volume of a full-dimensional polytope from its vertices.

PPL computes the facets of ``conv(vertices)``; the vertex-facet incidences (as bit
masks) give the whole face lattice, since every face of a face ``F`` is ``F cap G``
for a facet ``G`` of the polytope and the facets of ``F`` are the inclusion-maximal
proper ones among these. A *pulling* triangulation (cone from the smallest vertex of
each face over its facets that miss that vertex) then splits the polytope into
simplices whose volumes are exact integer determinants.

This is much faster than Sage's ``Polyhedron.volume()`` (which builds a Sage
triangulation object); ``tests/test_polyhedra.py`` checks that both agree and
``bench/polyhedra_backends.py`` measures the difference.

EXAMPLES::

    >>> from fractions import Fraction
    >>> from tropsage.polyhedra.volume import polytope_volume
    >>> polytope_volume([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)], 3)
    Fraction(1, 6)
    >>> polytope_volume([(Fraction(1, 2),), (3,)], 1)
    Fraction(5, 2)
"""

import math
from fractions import Fraction

from tropsage.polyhedra.linalg import det


def _facets(V, n):
    """Irredundant facet rows ``(b, a)`` with ``a . x <= b`` of ``conv(V)`` (integer V)."""
    import ppl
    gs = ppl.Generator_System()
    for v in V:
        gs.insert(ppl.point(ppl.Linear_Expression(v, 0), 1))
    P = ppl.C_Polyhedron(gs)
    out = []
    for c in P.minimized_constraints():
        if c.is_equality():
            raise ValueError("polytope_volume needs a full-dimensional polytope")
        # c: coeffs . x + inhom >= 0  ->  (-coeffs) . x <= inhom
        out.append((int(c.inhomogeneous_term()), [-int(v) for v in c.coefficients()]))
    return out


def polytope_volume(vertices, n):
    """
    Exact volume of the full-dimensional polytope ``conv(vertices)`` in ``Q^n``.

    INPUT:

    - ``vertices`` -- the vertices (or any finite point set whose hull is the
      polytope), as sequences of ints/Fractions.
    - ``n`` -- the ambient dimension.

    OUTPUT: a :class:`fractions.Fraction`.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.polyhedra.volume import polytope_volume
        >>> polytope_volume([(0, 0), (2, 0), (0, 1), (2, 1), (1, Fraction(1, 2))], 2)
        Fraction(2, 1)
    """
    pts = [[Fraction(c) for c in v] for v in vertices]
    if any(len(p) != n for p in pts):
        raise ValueError(f"every vertex needs {n} coordinates")
    if n == 0:
        return Fraction(1) if pts else Fraction(0)
    if len(pts) <= n:
        return Fraction(0)
    D = 1
    for p in pts:
        for c in p:
            D = D * c.denominator // math.gcd(D, c.denominator)
    V = [[int(c * D) for c in p] for p in pts]
    if n == 1:
        xs = [v[0] for v in V]
        return Fraction(max(xs) - min(xs), D)
    facets = _facets(V, n)
    # only the polytope's own vertices take part (points in the hull are dropped)
    inc = []
    used = 0
    for b, a in facets:
        m = 0
        for i, v in enumerate(V):
            if sum(x * y for x, y in zip(a, v)) == b:
                m |= 1 << i
        inc.append(m)
        used |= m
    total = 0
    stack = [(used, n, ())]
    while stack:
        S, d, apex = stack.pop()
        if d == 0:
            simplex = apex + ((S & -S).bit_length() - 1,)
            o = V[simplex[0]]
            total += abs(det([[x - y for x, y in zip(V[j], o)] for j in simplex[1:]]))
            continue
        low = S & -S
        v0 = low.bit_length() - 1
        cands = {S & m for m in inc}
        cands.discard(S)
        cands.discard(0)
        for f in cands:
            if f & low:
                continue
            if any(o != f and (f & o) == f for o in cands):
                continue  # not maximal: not a facet of this face
            stack.append((f, d - 1, apex + (v0,)))
    return Fraction(total, math.factorial(n) * D ** n)
