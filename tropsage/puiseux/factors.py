r"""
What a tropical object is, and the polynomials it is made of.

Every algorithm on tropical objects -- linear regions (:mod:`tropsage.regions.tropical`),
Hoffman constants (:mod:`tropsage.hoffman.tropical`), pictures (:mod:`tropsage.plot`)
-- asks the same two questions, answered here once:

- :func:`is_tropical` / :func:`as_tropical`: is this a tropical polynomial, rational
  function or rational map (or a polynomial over Sage's ``TropicalSemiring``, which is
  converted)? Networks are not: the layers above tropicalize them first
  (:func:`tropsage.nn.tropicalize`).
- :class:`TropicalFactors`: its polynomials -- the polynomial itself, the numerator
  and denominator of ``f ⊘ g``, or every numerator and denominator of a map --
  pruned or as written, as integer rows over one common denominator, in max form for
  geometry (a min-plus ``min_i (c_i + <a_i, x>)`` is ``-max_i (-c_i - <a_i, x>)``).

EXAMPLES::

    >>> from tropsage import TropicalPuiseuxSemiring
    >>> from tropsage.puiseux import TropicalFactors, as_tropical, is_tropical
    >>> x, y = TropicalPuiseuxSemiring(2).gens()
    >>> h = (x + y + 0) / (x + 0)
    >>> is_tropical(h), is_tropical([[1, 2]]), as_tropical(h) is h
    (True, False, True)
    >>> F = TropicalFactors(h)
    >>> F.kind, F.outputs, F.D, [R.tolist() for R in F.rows]
    ('function', [(0, 1)], 1, [[[0, 0, 0], [0, 1, 0], [1, 0, 0]], [[0, 0, 0], [1, 0, 0]]])
"""

import math

from sage.structure.element import Element

from .._exact import absmax, widen
from .rational import TropicalRationalFunction, TropicalRationalMap
from .semiring import TropicalPuiseuxPolynomial, TropicalPuiseuxSemiring

__all__ = ["is_tropical", "as_tropical", "tropical_kind", "TropicalFactors"]

_TROPICAL = (TropicalPuiseuxPolynomial, TropicalRationalFunction, TropicalRationalMap)


def _sage_tropical_ring(obj):
    """The polynomial ring of ``obj`` if it is a polynomial over Sage's ``TropicalSemiring``."""
    if not isinstance(obj, Element):
        return None
    from sage.rings.semirings.tropical_mpolynomial import TropicalMPolynomialSemiring
    from sage.rings.semirings.tropical_polynomial import TropicalPolynomialSemiring
    P = obj.parent()
    return P if isinstance(P, (TropicalPolynomialSemiring, TropicalMPolynomialSemiring)) else None


def is_tropical(obj):
    """
    Whether :func:`as_tropical` accepts ``obj``.

    INPUT:

    - ``obj`` -- anything.

    OUTPUT: ``True`` for a :class:`~tropsage.puiseux.TropicalPuiseuxPolynomial`,
    :class:`~tropsage.puiseux.TropicalRationalFunction`,
    :class:`~tropsage.puiseux.TropicalRationalMap`, or a polynomial over Sage's
    ``TropicalSemiring``; ``False`` otherwise (numbers, matrices, networks).

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
        >>> from tropsage.puiseux import is_tropical
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> [is_tropical(v) for v in (x, x / (x + 0), TropicalRationalMap([x]), 3, [[1]])]
        [True, True, True, False, False]
    """
    return isinstance(obj, _TROPICAL) or _sage_tropical_ring(obj) is not None


def as_tropical(obj):
    """
    ``obj`` as a tropsage tropical object.

    INPUT:

    - ``obj`` -- a tropical polynomial, rational function or rational map (returned
      unchanged), or a polynomial over Sage's ``TropicalSemiring`` (converted into the
      :class:`~tropsage.puiseux.TropicalPuiseuxSemiring` with its variable names and
      its min/max convention).

    OUTPUT: a :class:`~tropsage.puiseux.TropicalPuiseuxPolynomial`,
    :class:`~tropsage.puiseux.TropicalRationalFunction` or
    :class:`~tropsage.puiseux.TropicalRationalMap`. Anything else is a ``TypeError``
    (a network is tropicalized by :func:`tropsage.nn.tropicalize`, a layer above).

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.puiseux import as_tropical
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> as_tropical(0 + x) == 0 + x
        True
        >>> from sage.rings.semirings.tropical_semiring import TropicalSemiring
        >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        >>> from sage.rings.rational_field import QQ
        >>> S = TropicalSemiring(QQ)                       # Sage's default: min-plus
        >>> u, v = PolynomialRing(S, "u,v").gens()
        >>> p = as_tropical(S(1) * u + S(2) * v); p
        min(1 + u, 2 + v)
        >>> p.parent()
        Tropical Puiseux semiring (min-plus) in u, v over Rational Field
        >>> as_tropical("x")
        Traceback (most recent call last):
        ...
        TypeError: expected a tropical polynomial, rational function or rational map, got str
    """
    if isinstance(obj, _TROPICAL):
        return obj
    P = _sage_tropical_ring(obj)
    if P is not None:
        convention = "min" if P.base_ring()._use_min else "max"
        return TropicalPuiseuxSemiring(P.variable_names(), convention=convention).from_sage(obj)
    raise TypeError("expected a tropical polynomial, rational function or rational map, "
                    f"got {type(obj).__name__}")


def tropical_kind(obj):
    """
    What kind of tropical object ``obj`` is.

    INPUT:

    - ``obj`` -- anything :func:`as_tropical` accepts.

    OUTPUT: ``"polynomial"``, ``"function"`` (a rational function ``f ⊘ g``) or
    ``"map"`` (a :class:`~tropsage.puiseux.TropicalRationalMap`, even of one output).

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
        >>> from tropsage.puiseux import tropical_kind
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> [tropical_kind(v) for v in (x, x / (x + 0), TropicalRationalMap([x]))]
        ['polynomial', 'function', 'map']
    """
    obj = as_tropical(obj)
    if isinstance(obj, TropicalPuiseuxPolynomial):
        return "polynomial"
    return "function" if isinstance(obj, TropicalRationalFunction) else "map"


class TropicalFactors:
    r"""
    The polynomials of a tropical object over one common denominator, in max form.

    INPUT:

    - ``obj`` -- a tropical polynomial, rational function or rational map (anything
      :func:`as_tropical` accepts).
    - ``prune`` -- ``True`` (default): every polynomial with its redundant monomials
      removed (the same functions, see
      :meth:`~tropsage.puiseux.TropicalPuiseuxPolynomial.prune`); ``False``: as written.
    - ``method`` -- the pruning method, ``"auto"``, ``"hull"`` or ``"lp"``.

    OUTPUT: an object with the attributes

    - ``kind`` -- ``"polynomial"``, ``"function"`` or ``"map"``;
    - ``polynomials`` -- the polynomials (pruned when ``prune``): ``[f]``, ``[f, g]``
      for ``f ⊘ g``, ``[f_1, g_1, f_2, g_2, ...]`` for a map;
    - ``outputs`` -- ``None`` for a polynomial, else per output the indices
      ``(numerator, denominator)`` in ``polynomials``;
    - ``semiring``, ``names``, ``n`` -- the semiring, its variable names and number;
    - ``D`` -- the common denominator of every exponent and coefficient;
    - ``rows`` -- per polynomial the integer array of rows ``D * (a_i, c_i)`` (int64,
      or Python ints in an object array where int64 could overflow), in the order of
      its monomials: the affine maps ``x -> c_i + <a_i, x>``;
    - ``max_rows`` -- the same rows in max form (negated for min-plus), so that
      geometry is always about ``max_i``: monomial ``i`` wins on
      ``{x : (a_j - a_i) . x <= c_i - c_j for all j}`` of its ``max_rows``.

    A polynomial (or numerator) that is the tropical zero ``-∞`` has no linear regions
    and is a ``ValueError``.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.puiseux import TropicalFactors
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> F = TropicalFactors(0 + x + x**2 + x**(1/2))
        >>> F.kind, F.D, F.rows[0].tolist()
        ('polynomial', 1, [[0, 0], [2, 0]])
        >>> TropicalFactors(0 + x + x**2, prune=False).rows[0].tolist()
        [[0, 0], [1, 0], [2, 0]]
        >>> a, = TropicalPuiseuxSemiring(1, convention="min").gens()
        >>> F = TropicalFactors((a**(1/2) + 1) / (a + 0))
        >>> F.kind, F.D, [R.tolist() for R in F.rows], [R.tolist() for R in F.max_rows]
        ('function', 2, [[[0, 2], [1, 0]], [[0, 0], [2, 0]]], [[[0, -2], [-1, 0]], [[0, 0], [-2, 0]]])
        >>> TropicalFactors(x.parent().zero())
        Traceback (most recent call last):
        ...
        ValueError: the tropical zero (-infinity) has no linear regions
    """

    __slots__ = ("kind", "polynomials", "outputs", "semiring", "names", "n", "D", "rows",
                 "max_rows")

    def __init__(self, obj, prune=True, method="auto"):
        obj = as_tropical(obj)
        kind = tropical_kind(obj)
        if kind == "polynomial":
            if obj.is_zero():
                raise ValueError("the tropical zero (-infinity) has no linear regions")
            polys, outputs = [obj], None
        elif kind == "function":
            if obj.numerator().is_zero():
                raise ValueError("the rational function -infinity ⊘ g has no linear regions")
            polys, outputs = [obj.numerator(), obj.denominator()], [(0, 1)]
        else:
            polys, outputs = [], []
            for h in obj:
                if h.numerator().is_zero():
                    raise ValueError("a component of the map is -infinity: it has no "
                                     "linear regions")
                outputs.append((len(polys), len(polys) + 1))
                polys += [h.numerator(), h.denominator()]
        if prune:
            polys = [p.prune(method=method) for p in polys]
        self.kind, self.polynomials, self.outputs = kind, polys, outputs
        self.semiring = polys[0].parent()
        self.names = self.semiring.variable_names()
        self.n = self.semiring.ngens()
        data = [p.integer_data() for p in polys]
        self.D = D = math.lcm(*(int(d) for _, d in data))
        maximize = self.semiring.convention == "max"
        self.rows, self.max_rows = [], []
        for M, d in data:
            s = D // int(d)
            # widened before scaling: near 2^62 an int64 product would wrap
            F = widen(M, (absmax(M) + 1) * s)
            F = F * s if s != 1 else F
            self.rows.append(F)
            self.max_rows.append(F if maximize else -F)

    def __len__(self):
        """The number of polynomials."""
        return len(self.polynomials)

    def __repr__(self):
        sizes = ", ".join(str(R.shape[0]) for R in self.rows)
        return (f"TropicalFactors of a {self.kind} in {', '.join(self.names)}: "
                f"{len(self)} polynomial{'s' if len(self) != 1 else ''} with "
                f"{sizes} monomials over D = {self.D}")
