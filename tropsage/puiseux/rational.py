"""
Tropical Puiseux rational functions ``f ⊘ g = f − g`` and rational maps.

The rational functions over a :class:`TropicalPuiseuxSemiring` ``T`` form a semifield
``T.fraction_field()``; ``T`` coerces into it (``f = f ⊘ 0``), so mixed arithmetic
works: ``f + h``, ``f * h``, ``f / g``, ``h ** -1``.

A :class:`TropicalRationalMap` is a vector of rational functions in the same
variables (what :func:`tropsage.tropicalize` returns for a network).

EXAMPLES::

    >>> from tropsage import TropicalPuiseuxSemiring
    >>> T = TropicalPuiseuxSemiring(1)
    >>> x, = T.gens()
    >>> h = (x**3 + 0) / (x + (-1)*x**2)     # max(3x, 0) ⊘ max(x, 2x - 1)
    >>> h
    max(0, 3*x) - max(x, -1 + 2*x)
    >>> h(2), h(-1), h("1/2")
    (3, 1, 1)
    >>> (h * h).equals(h ** 2), (h / h).equals(T.one())
    (True, True)
"""

import sage.all__sagemath_polyhedra  # noqa: F401
from sage.rings.integer_ring import ZZ
from sage.rings.rational_field import QQ
from sage.structure.element import Element
from sage.structure.parent import Parent
from sage.structure.richcmp import op_EQ, op_NE
from sage.structure.unique_representation import UniqueRepresentation
from sage.categories.semirings import Semirings

from .._extensions import TropicalMethods
from .._exact import as_fraction
from .semiring import TropicalPuiseuxSemiring, _is_tropical, _unpack_point


class TropicalRationalFunction(TropicalMethods, Element):
    """
    A tropical rational function ``f ⊘ g``, i.e. ``x ↦ f(x) − g(x)``.

    ``==`` compares the expressions (numerator and denominator); :meth:`equals`
    compares functions.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.puiseux.rational import TropicalRationalFunction
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> h = (x**2 + 0) / (x + 0)
        >>> isinstance(h, TropicalRationalFunction), h
        (True, max(0, 2*x) - max(0, x))
        >>> h(3), h(-2)
        (3, 0)
    """

    def __init__(self, parent, numerator, denominator):
        Element.__init__(self, parent)
        if denominator.is_zero():
            raise ZeroDivisionError("tropical division by the zero polynomial (-infinity)")
        self._num = numerator
        self._den = denominator

    def numerator(self):
        """
        The numerator ``f`` of ``f ⊘ g``, a tropical polynomial.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((x**2 + 0) / (x + 0)).numerator()
            max(0, 2*x)
        """
        return self._num

    def denominator(self):
        """
        The denominator ``g`` of ``f ⊘ g``, a tropical polynomial.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((x**2 + 0) / (x + 0)).denominator()
            max(0, x)
        """
        return self._den

    def nvariables(self):
        """
        The number of variables.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (x / (y + 0)).nvariables()
            2
        """
        return self._num.nvariables()

    def to_dict(self):
        """
        The expression as two dicts ``{exponent: coefficient}``, of the numerator and of
        the denominator (see :meth:`TropicalPuiseuxPolynomial.to_dict
        <tropsage.puiseux.semiring.TropicalPuiseuxPolynomial.to_dict>`).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((x**2 + 1) / (x + 0)).to_dict()
            ({(0,): 1, (2,): 0}, {(0,): 0, (1,): 0})
        """
        return self._num.to_dict(), self._den.to_dict()

    def number_of_monomials(self):
        """
        The sizes of the expression: ``(monomials of the numerator, of the denominator)``
        (not pruned).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((0 + x + x**2) / (x + 0)).number_of_monomials()
            (3, 2)
        """
        return len(self._num), len(self._den)

    def _add_(self, other):
        f1, g1, f2, g2 = self._num, self._den, other._num, other._den
        if g1 == g2:  # common case (shared denominators): no products needed
            return self.parent()._make(f1 + f2, g1)
        return self.parent()._make(f1 * g2 + f2 * g1, g1 * g2)

    def _mul_(self, other):
        return self.parent()._make(self._num * other._num, self._den * other._den)

    def _div_(self, other):
        return self.parent()._make(self._num * other._den, self._den * other._num)

    def __pow__(self, q, modulus=None):
        """
        The tropical power ``h^q`` (as a function ``q * h``) for any rational ``q``; a
        negative ``q`` swaps numerator and denominator.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> h = (x**2 + 0) / (x + 0)
            >>> h ** 2, h ** -1
            (max(0, 4*x) - max(0, 2*x), max(0, x) - max(0, 2*x))
            >>> (h ** "1/2")(4) == h(4) / 2
            True
        """
        if modulus is not None:
            raise TypeError("modular powers are not defined for tropical rational functions")
        q = as_fraction(q, "exponent")
        if q >= 0:
            return self.parent()._make(self._num ** q, self._den ** q)
        return self.parent()._make(self._den ** (-q), self._num ** (-q))

    def __invert__(self):
        return self ** -1

    def __call__(self, *args):
        """
        The exact value ``f(x) − g(x)`` at a rational point, or the composition when the
        arguments are tropical objects.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> h = (x + y) / (x + 0)
            >>> h(1, 3), h([1, 3]), h("1/2", -1)
            (2, 2, 0)
            >>> h(y, x)
            max(x, y) - max(0, y)
        """
        point = _unpack_point(args, self.nvariables())
        fv = self._num(*point)
        gv = self._den(*point)
        if _is_tropical(fv) or _is_tropical(gv):  # composition
            return fv / gv
        return fv - gv

    def evaluate_many(self, points):
        """
        The exact values at many rational points (rows of ``points``).

        OUTPUT: a list of ``QQ``, one per point.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((x**2 + 0) / (x + 0)).evaluate_many([[3], [-2], ["1/2"]])
            [3, 0, 1/2]
        """
        return [a - b for a, b in zip(self._num.evaluate_many(points),
                                      self._den.evaluate_many(points))]

    def equals(self, other):
        """
        Equality as functions: ``f1 ⊘ g1 = f2 ⊘ g2`` iff ``f1 ⊙ g2 = f2 ⊙ g1`` as functions.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> h = (x + y) / (x + y)
            >>> h == h.parent().one(), h.equals(0)
            (False, True)
        """
        other = self.parent()(other)
        return (self._num * other._den).equals(other._num * self._den)

    def _richcmp_(self, other, op):
        if op not in (op_EQ, op_NE):
            raise TypeError("tropical rational functions are compared with == and != only")
        same = self._num == other._num and self._den == other._den
        return same if op == op_EQ else not same

    def __hash__(self):
        return hash((self._num, self._den))

    def redundant_monomials(self, method="auto"):
        """
        The monomials that can be removed without changing the function: ``(of f, of g)``
        for ``f ⊘ g`` (see :meth:`TropicalPuiseuxPolynomial.redundant_monomials
        <tropsage.puiseux.semiring.TropicalPuiseuxPolynomial.redundant_monomials>`).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((0 + x + x**2) / (0 + x)).redundant_monomials()
            ([x], [])
        """
        return self._num.redundant_monomials(method), self._den.redundant_monomials(method)

    def prune(self, method="auto"):
        """
        The same function with the redundant monomials of the numerator and of the
        denominator removed.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((0 + x + x**2) / (0 + x)).prune()
            max(0, 2*x) - max(0, x)
        """
        return self.parent()._make(self._num.prune(method), self._den.prune(method))

    def monomial_complexity(self, method="auto"):
        """
        The monomial complexity ``(#irredundant monomials of f, of g)`` of ``f ⊘ g`` ([L]).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> ((0 + x + x**2) / (0 + x)).monomial_complexity()
            (2, 2)
        """
        return self._num.monomial_complexity(method), self._den.monomial_complexity(method)

    def _repr_(self):
        if self._den.is_one():
            return repr(self._num)
        return f"{self._num!r} - {_paren(repr(self._den))}"

    def _latex_(self):
        from sage.misc.latex import latex
        if self._den.is_one():
            return latex(self._num)
        return f"{latex(self._num)} - {_paren(str(latex(self._den)), latex=True)}"

    def _repr_latex_(self):
        return f"${self._latex_()}$"

    def __reduce__(self):
        return (_make_rational, (self.parent(), self._num, self._den))


def _paren(s, latex=False):
    # a single monomial with several terms needs parentheses after a minus sign
    if s.startswith(("max(", "min(", r"\max", r"\min")) or " " not in s:
        return s
    return rf"\left({s}\right)" if latex else f"({s})"


def _make_rational(parent, num, den):
    return parent._make(num, den)


class TropicalRationalFunctionSemifield(UniqueRepresentation, Parent):
    """
    The semifield of tropical Puiseux rational functions over a
    :class:`TropicalPuiseuxSemiring` (its ``fraction_field()``).

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> T = TropicalPuiseuxSemiring(2)
        >>> F = T.fraction_field(); F
        Tropical Puiseux rational functions (max-plus) in x, y over Rational Field
        >>> F.from_dict({(1, 0): 0, (0, 1): 0}, {(0, 0): 0, (1, 0): 0})
        max(x, y) - max(0, x)
    """

    Element = TropicalRationalFunction

    def __init__(self, semiring):
        if not isinstance(semiring, TropicalPuiseuxSemiring):
            raise TypeError(f"expected a TropicalPuiseuxSemiring, got {semiring!r}")
        self._semiring = semiring
        Parent.__init__(self, base=semiring, names=semiring.variable_names(),
                        category=Semirings())

    def base(self):
        """
        The semiring of numerators and denominators.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> T.fraction_field().base() is T
            True
        """
        return self._semiring

    def _repr_(self):
        T = self._semiring
        return (f"Tropical Puiseux rational functions ({T.convention}-plus) in "
                f"{', '.join(T.variable_names())} over Rational Field")

    def ngens(self):
        """
        The number of variables.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> TropicalPuiseuxSemiring(3).fraction_field().ngens()
            3
        """
        return self._semiring.ngens()

    def gens(self):
        """
        The variables, as rational functions ``x_i ⊘ 0``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> F = TropicalPuiseuxSemiring(2).fraction_field()
            >>> F.gens(), F.gens()[0].parent() is F
            ((x, y), True)
        """
        return tuple(self(g) for g in self._semiring.gens())

    def gen(self, i=0):
        """
        The ``i``-th variable (from ``0``), as a rational function.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> TropicalPuiseuxSemiring(2).fraction_field().gen(1)
            y
        """
        return self(self._semiring.gen(i))

    def zero(self):
        """
        The tropical zero ``-∞ ⊘ 0`` (``+∞`` for min-plus).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> F = TropicalPuiseuxSemiring(1).fraction_field()
            >>> F.zero(), (F.zero() + F.gen()).equals(F.gen())
            (-infinity, True)
        """
        return self._make(self._semiring.zero(), self._semiring.one())

    def one(self):
        """
        The tropical one ``0 ⊘ 0``, the constant ``0``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> F = TropicalPuiseuxSemiring(1).fraction_field()
            >>> F.one(), F.one()(7)
            (0, 0)
        """
        return self._make(self._semiring.one(), self._semiring.one())

    def _an_element_(self):
        return self.one()

    def _make(self, num, den):
        return self.element_class(self, num, den)

    def from_dict(self, numerator, denominator=None):
        """
        ``f ⊘ g`` from two ``{exponent: coefficient}`` dicts.

        INPUT:

        - ``numerator`` -- the dict of ``f`` (see :meth:`TropicalPuiseuxSemiring.from_dict
          <tropsage.puiseux.semiring.TropicalPuiseuxSemiring.from_dict>`).
        - ``denominator`` -- the dict of ``g``; ``None`` (default) for ``g = 0``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> F = TropicalPuiseuxSemiring(1).fraction_field()
            >>> F.from_dict({(2,): 0, (0,): 0}, {(1,): 0, (0,): 0})
            max(0, 2*x) - max(0, x)
            >>> F.from_dict({("1/2",): 1})
            1 + 1/2*x
        """
        T = self._semiring
        den = T.one() if denominator is None else T.from_dict(denominator)
        return self._make(T.from_dict(numerator), den)

    def _coerce_map_from_(self, S):
        return S is self._semiring or S is ZZ or S is QQ or S is int

    def _element_constructor_(self, x, y=None):
        T = self._semiring
        if isinstance(x, TropicalRationalFunction):
            return self._make(T(x._num), T(x._den))
        if isinstance(x, tuple) and y is None and len(x) == 2:
            x, y = x
        num = T(x)
        den = T.one() if y is None else T(y)
        return self._make(num, den)


class TropicalRationalMap(TropicalMethods):
    """
    A vector of tropical rational functions in the same variables.

    Indexable by output, callable (exact values), iterable. ``info`` carries
    metadata from its construction (e.g. :func:`tropsage.tropicalize` records the
    rounding of float weights and the sizes before/after pruning).

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
        >>> x, y = TropicalPuiseuxSemiring(2).gens()
        >>> m = TropicalRationalMap([x + 0, y + 0]); m
        TropicalRationalMap in x, y with 2 outputs:
          [0] max(0, x)
          [1] max(0, y)
        >>> m(-1, 2), len(m), m[1](0, 5)
        ((0, 2), 2, 5)
    """

    def __init__(self, components, info=None):
        comps = list(components)
        if not comps:
            raise ValueError("a tropical rational map needs at least one component")
        F = None
        for c in comps:
            P = c.parent()
            F = P.fraction_field() if isinstance(P, TropicalPuiseuxSemiring) else P
            break
        self._components = tuple(F(c) for c in comps)
        self._F = F
        self.info = dict(info or {})

    def parent_semifield(self):
        """
        The semifield of the components.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> TropicalRationalMap([x, y]).parent_semifield()
            Tropical Puiseux rational functions (max-plus) in x, y over Rational Field
        """
        return self._F

    def semiring(self):
        """
        The semiring of the numerators and denominators of the components.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> T = TropicalPuiseuxSemiring(2)
            >>> TropicalRationalMap(T.gens()).semiring() is T
            True
        """
        return self._F.base()

    def nvariables(self):
        """
        The number of variables (inputs).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> m = TropicalRationalMap([x + y]); m.nvariables(), len(m)
            (2, 1)
        """
        return self._F.ngens()

    def __len__(self):
        return len(self._components)

    def __iter__(self):
        return iter(self._components)

    def __getitem__(self, i):
        return self._components[i]

    def __call__(self, *args):
        """
        The exact value at a rational point: a tuple of ``QQ``, one per output.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> m = TropicalRationalMap([x + 0, (x + y) / (y + 0)])
            >>> m(-1, 2), m(["1/2", 0])
            ((0, 0), (1/2, 1/2))
        """
        point = _unpack_point(args, self.nvariables())
        return tuple(c(*point) for c in self._components)

    def evaluate_many(self, points):
        """
        The exact values at many rational points (rows of ``points``).

        OUTPUT: a list with, per point, a tuple of ``QQ`` (one per output).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> TropicalRationalMap([x + 0, y + 0]).evaluate_many([[-1, 2], [3, "1/2"]])
            [(0, 2), (3, 1/2)]
        """
        cols = [c.evaluate_many(points) for c in self._components]
        return list(zip(*cols))

    def __eq__(self, other):
        return isinstance(other, TropicalRationalMap) and self._components == other._components

    def __hash__(self):
        return hash(self._components)

    def equals(self, other):
        """
        Equality as functions, componentwise (``==`` compares the expressions).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> a = TropicalRationalMap([0 + x + x**2])
            >>> b = TropicalRationalMap([0 + x**2])
            >>> a == b, a.equals(b)
            (False, True)
        """
        return len(self) == len(other) and all(a.equals(b) for a, b in zip(self, other))

    def monomial_counts(self):
        """
        Per output ``(#monomials of the numerator, of the denominator)`` in the expression
        (not pruned).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> TropicalRationalMap([x + y + 0, (x + y) / (y + 0)]).monomial_counts()
            [(3, 1), (2, 2)]
        """
        return [c.number_of_monomials() for c in self._components]

    def monomial_complexity(self, method="auto"):
        """
        Per output ``(#irredundant monomials of f, of g)``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> TropicalRationalMap([0 + x + x**2, x / (0 + x)]).monomial_complexity()
            [(2, 1), (1, 2)]
        """
        return [c.monomial_complexity(method) for c in self._components]

    def redundant_monomials(self, method="auto"):
        """
        Per output ``(redundant monomials of f, of g)``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> TropicalRationalMap([0 + x + x**2, x]).redundant_monomials()
            [([x], []), ([], [])]
        """
        return [c.redundant_monomials(method) for c in self._components]

    def prune(self, method="auto"):
        """
        The same map with every numerator and denominator pruned (``info`` is kept).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> TropicalRationalMap([0 + x + x**2, x]).prune()
            TropicalRationalMap in x with 2 outputs:
              [0] max(0, 2*x)
              [1] x
        """
        return TropicalRationalMap([c.prune(method) for c in self._components], self.info)

    def to_dict(self):
        """
        Per output the pair ``(numerator dict, denominator dict)`` (see
        :meth:`TropicalRationalFunction.to_dict`).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> TropicalRationalMap([x / (x + 0)]).to_dict()
            [({(1,): 0}, {(0,): 0, (1,): 0})]
        """
        return [c.to_dict() for c in self._components]

    def __repr__(self):
        T = self.semiring()
        lines = [f"TropicalRationalMap in {', '.join(T.variable_names())} "
                 f"with {len(self)} output{'s' if len(self) != 1 else ''}:"]
        lines += [f"  [{i}] {c!r}" for i, c in enumerate(self._components)]
        return "\n".join(lines)

    def _latex_(self):
        from sage.misc.latex import latex
        return r"\left(\begin{array}{l}" + r" \\ ".join(str(latex(c)) for c in self) + \
            r"\end{array}\right)"

    def _repr_latex_(self):
        return f"${self._latex_()}$"
