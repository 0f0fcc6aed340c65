"""
Tropical Puiseux polynomials: the semiring parent and its elements.

A tropical Puiseux polynomial in ``n`` variables is ``f(x) = max_i (c_i + <a_i, x>)``
with rational coefficients ``c_i`` and **rational** exponent vectors ``a_i``. In the
min-plus convention (``convention="min"``) the max is a min throughout.

Sage's arithmetic operators carry the tropical meaning, as in Sage's own
``TropicalSemiring``: ``+`` is ⊕, ``*`` is ⊙, ``**`` is a tropical power (any rational
``q >= 0``) and ``/`` is ⊘, which gives a :class:`TropicalRationalFunction`.
Integers and rationals coerce in as constant monomials.

Monomials are stored as one integer matrix with a common denominator
(:mod:`tropsage.puiseux._kernel`), never as dicts of Sage elements: products of large
polynomials are numpy array operations.

EXAMPLES::

    >>> from tropsage import TropicalPuiseuxSemiring
    >>> T = TropicalPuiseuxSemiring(2)
    >>> x, y = T.gens()
    >>> f = 1*x + 2*y + 3*x*y
    >>> f
    max(1 + x, 2 + y, 3 + x + y)
    >>> g = T.from_dict({(1, 7): 0, (0, 1): 4, (9, 1): -5})
    >>> (f + g).to_dict() == {(0, 1): 4, (1, 0): 1, (1, 1): 3, (1, 7): 0, (9, 1): -5}
    True
    >>> f(2, 3)
    8
    >>> x ** (1/2) * y
    1/2*x + y
    >>> T.zero(), T.one()
    (-infinity, 0)

In a Sage session, ``T.<x,y> = TropicalPuiseuxSemiring(QQ)`` works as for any parent.
"""

import math
from fractions import Fraction

import numpy as np

import sage.all__sagemath_polyhedra  # noqa: F401  (must precede the sage imports below)
from sage.categories.semirings import Semirings
from sage.rings.integer_ring import ZZ
from sage.rings.rational_field import QQ
from sage.rings.infinity import infinity, minus_infinity
from sage.structure.element import Element
from sage.structure.parent import Parent
from sage.structure.richcmp import op_EQ, op_NE
from sage.structure.unique_representation import UniqueRepresentation

from .._extensions import TropicalMethods
from .._exact import as_fraction, int_array, integer_matrix, qq
from .._format import affine_form, default_names
from . import _kernel


def _normalize_names(names):
    if isinstance(names, str):
        names = [s.strip() for s in names.split(",")] if "," in names else names.split()
    names = tuple(str(s) for s in names)
    for s in names:
        if not s.isidentifier():
            raise ValueError(f"variable name {s!r} is not a valid identifier")
    if len(set(names)) != len(names):
        raise ValueError(f"variable names must be distinct, got {names}")
    return names


def _normalize_convention(convention, use_min):
    if use_min is not None:
        convention = "min" if use_min else "max"
    if convention not in ("max", "min"):
        raise ValueError(f"convention must be 'max' or 'min', got {convention!r}")
    return convention


class TropicalPuiseuxPolynomial(TropicalMethods, Element):
    """
    A tropical Puiseux polynomial ``max_i (c_i + <a_i, x>)`` (or ``min`` for min-plus).

    Do not call directly: use the parent, e.g. ``T.from_dict(...)``, ``T.gens()``.

    ``==`` compares expressions (the same monomials and coefficients);
    :meth:`equals` compares functions.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage.puiseux.semiring import TropicalPuiseuxPolynomial
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> f = 0 + x + (-1)*x**2
        >>> isinstance(f, TropicalPuiseuxPolynomial), f
        (True, max(0, x, -1 + 2*x))
        >>> f(3)
        5
    """

    def __init__(self, parent, M, d):
        Element.__init__(self, parent)
        M.flags.writeable = False
        self._M = M
        self._d = d
        self._hash = None

    # ----- data access --------------------------------------------------------------

    def integer_data(self):
        """
        The internal exact representation ``(M, d)``: row ``i`` of the read-only integer
        array ``M`` is ``d * (a_i, c_i)``. Meant for other tropsage modules.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(1)
            >>> M, d = T.from_dict({("1/2",): 1, (0,): 0}).integer_data()
            >>> M.tolist(), d
            ([[0, 0], [1, 2]], 2)
        """
        return self._M, self._d

    def nvariables(self):
        """
        The number of variables ``n``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y, z = TropicalPuiseuxSemiring(3).gens()
            >>> (x + y).nvariables()
            3
        """
        return self.parent().ngens()

    def number_of_monomials(self):
        """
        The number of monomials of the expression (not pruned); also ``len(f)``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> f = 0 + x + x**2
            >>> f.number_of_monomials(), len(f), len(f.prune())
            (3, 3, 2)
        """
        return self._M.shape[0]

    __len__ = number_of_monomials

    def exponents(self):
        """
        The exponent vectors, as tuples of ``QQ`` (sorted lexicographically).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (3*x**(1/2) + y + 0).exponents()
            [(0, 0), (0, 1), (1/2, 0)]
        """
        n, d = self.nvariables(), self._d
        return [tuple(qq(v, d) for v in row[:n]) for row in self._M.tolist()]

    def coefficients(self):
        """
        The coefficients, as ``QQ``, in the order of :meth:`exponents`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (3*x**(1/2) + y + 0).coefficients()
            [0, 0, 3]
        """
        n, d = self.nvariables(), self._d
        return [qq(row[n], d) for row in self._M.tolist()]

    def to_dict(self):
        """
        ``{exponent tuple of QQ: coefficient QQ}``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> x, y = T.gens()
            >>> from fractions import Fraction
            >>> (x * y ** Fraction(1, 3) + 5).to_dict()
            {(0, 0): 5, (1, 1/3): 0}
        """
        return dict(zip(self.exponents(), self.coefficients()))

    def monomials(self):
        """
        The monomials, as single-term polynomials of the same parent, in the order of
        :meth:`exponents`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (1*x + y + 0).monomials()
            [0, y, 1 + x]
        """
        P = self.parent()
        return [P._from_matrix(self._M[i:i + 1].copy(), self._d) for i in range(len(self))]

    def is_zero(self):
        """
        Whether this is the tropical zero: no monomials, the constant ``-∞`` (``+∞`` for
        min-plus).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(1)
            >>> T.zero().is_zero(), T.one().is_zero(), (T.gen() + T.zero()).is_zero()
            (True, False, False)
        """
        return self._M.shape[0] == 0

    def is_one(self):
        """
        Whether this is the tropical one: the single constant monomial ``0``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(1)
            >>> T.one().is_one(), T.constant(1).is_one(), (T.gen() ** 0).is_one()
            (True, False, True)
        """
        return self._M.shape[0] == 1 and not self._M.any()

    def is_monomial(self):
        """
        Whether the expression has exactly one monomial ``c + <a, x>``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (2 * x * y).is_monomial(), (x + y).is_monomial()
            (True, False)
        """
        return self._M.shape[0] == 1

    # ----- arithmetic ---------------------------------------------------------------

    def _add_(self, other):
        P = self.parent()
        return P._from_matrix(*_kernel.tropical_sum(self._M, self._d, other._M, other._d,
                                                     P._maximize), canonical=True)

    def _mul_(self, other):
        P = self.parent()
        return P._from_matrix(*_kernel.tropical_product(self._M, self._d, other._M, other._d,
                                                         P._maximize), canonical=True)

    def __pow__(self, q, modulus=None):
        """
        Tropical power ``f^q`` for rational ``q >= 0``: multiplies every exponent and
        coefficient by ``q`` (as a function, ``q * f``).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(1)
            >>> from fractions import Fraction
            >>> T.from_dict({(1,): 2, (0,): 0}) ** Fraction(3, 2)
            max(0, 3 + 3/2*x)
            >>> T.gen() ** -1
            Traceback (most recent call last):
            ...
            ValueError: negative power -1 of a tropical polynomial; use 1/f for a rational function
        """
        if modulus is not None:
            raise TypeError("modular powers are not defined for tropical polynomials")
        q = as_fraction(q, "exponent")
        if q < 0:
            raise ValueError(f"negative power {q} of a tropical polynomial; "
                             "use 1/f for a rational function")
        M, d = _kernel.scalar_power(self._M, self._d, q.numerator, q.denominator)
        return self.parent()._from_matrix(M, d)

    def __truediv__(self, other):
        F = self.parent().fraction_field()
        return F(self) / other

    def __rtruediv__(self, other):
        F = self.parent().fraction_field()
        return F(other) / F(self)

    # ----- evaluation and composition -----------------------------------------------

    def __call__(self, *args):
        """
        Exact value at a rational point, or composition with tropical objects.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> x, y = T.gens()
            >>> f = 1*x + 2*y + 3*x*y
            >>> f(2, 3), f([2, 3]), f("1/2", 0.25)
            (8, 8, 15/4)
            >>> f(y, x * x)
            max(1 + y, 2 + 2*x, 3 + 2*x + y)
            >>> T.zero()(1, 1)
            -Infinity
        """
        point = _unpack_point(args, self.nvariables())
        if any(_is_tropical(v) for v in point):
            return self._compose(point)
        X, dx = _integer_point(point, self.nvariables())
        P = self.parent()
        r = _kernel.evaluate(self._M, self._d, X, dx, P._maximize)
        if r is None:
            return minus_infinity if P._maximize else infinity
        return qq(*r)

    def evaluate_many(self, points):
        """
        Exact values at many rational points (rows of ``points``), as a list of ``QQ``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (x + y).evaluate_many([[1, 2], ["1/2", 0]])
            [2, 1/2]
        """
        X, dx = _integer_points(points, self.nvariables())
        if self.is_zero():
            return [self(*([0] * self.nvariables()))] * X.shape[0]
        nums, den = _kernel.evaluate_many(self._M, self._d, X, dx, self.parent()._maximize)
        return [qq(int(v), den) for v in nums]

    def _compose(self, values):
        """``f(g_1, ..., g_n) = ⊕_i c_i ⊙ ⊙_j g_j^{a_ij}``; a negative exponent divides."""
        F = self.parent().fraction_field()
        vals = [v if _is_tropical(v) else F.base()(v) for v in values]
        target = None
        for v in vals:
            target = v.parent() if target is None else _common_parent(target, v.parent())
        result = None
        for exps, c in zip(self.exponents(), self.coefficients()):
            term = target(c)
            for g, a in zip(vals, exps):
                if a > 0:
                    term = term * (g ** a)
                elif a < 0:
                    term = term / (g ** (-a))
            result = term if result is None else result + term
        return result if result is not None else target.zero()

    # ----- comparison ---------------------------------------------------------------

    def _richcmp_(self, other, op):
        if op not in (op_EQ, op_NE):
            raise TypeError("tropical polynomials are compared as expressions with == and != only")
        same = (self._d == other._d and self._M.shape == other._M.shape
                and bool(np.array_equal(self._M, other._M)))
        return same if op == op_EQ else not same

    def __hash__(self):
        if self._hash is None:
            self._hash = hash((self.parent(), self._d, self._M.shape, tuple(self._M.ravel().tolist())))
        return self._hash

    def equals(self, other):
        """
        Equality **as functions** (``==`` compares expressions).

        Two tropical polynomials define the same function iff they have the same
        irredundant monomials (the vertices of the upper hull of the lifted points).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> f = 0 + x + x**2            # max(0, x, 2x): x is redundant
            >>> g = 0 + x**2
            >>> f == g, f.equals(g)
            (False, True)
            >>> (x * x).equals(x ** 2)
            True
        """
        P = self.parent()
        if not isinstance(other, TropicalPuiseuxPolynomial):
            F = P.fraction_field()
            return F(self).equals(other)
        if other.parent() is not P:
            other = P(other)
        return self.prune() == other.prune()

    # ----- pruning (Algorithm 6) and linear regions ---------------------------------

    def irredundant_mask(self, method="auto"):
        """
        Which monomials are irredundant: the vertices of the upper hull of the lifted
        points ``(a_i, c_i)`` ([L] Lemma 32: the others can be removed without changing
        the function), computed exactly.

        INPUT:

        - ``method`` -- ``"hull"`` (exact upper hull), ``"lp"`` (one full-dimensionality
          test per monomial region) or ``"auto"``; see :mod:`tropsage.puiseux.hull`.

        OUTPUT: a boolean numpy array, one entry per monomial in the order of
        :meth:`exponents`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> f = 0 + x + x**2                        # max(0, x, 2x): x never wins alone
            >>> f.exponents(), f.irredundant_mask().tolist()
            ([(0,), (1,), (2,)], [True, False, True])
            >>> f.irredundant_mask(method="lp").tolist()
            [True, False, True]
        """
        from .hull import irredundant_mask
        M = self._M if self.parent()._maximize else -self._M
        return irredundant_mask(M, self._d, method=method)

    def redundant_monomials(self, method="auto"):
        """
        The monomials that can be removed without changing the function.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> f = x + y + x**2*y**2 + x*y + x**2 + y**2
            >>> f.redundant_monomials(), f.redundant_monomials(method="lp")
            ([x + y], [x + y])
        """
        mask = self.irredundant_mask(method)
        P = self.parent()
        return [P._from_matrix(self._M[i:i + 1].copy(), self._d) for i in np.flatnonzero(~mask)]

    def prune(self, method="auto"):
        """
        The same function with every redundant monomial removed.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> (0 + x + x**2).prune()
            max(0, 2*x)
        """
        mask = self.irredundant_mask(method)
        if mask.all():
            return self
        return self.parent()._from_matrix(self._M[mask].copy(), self._d, canonical=True)

    def monomial_complexity(self, method="auto"):
        """
        The number of irredundant monomials, which is the number of linear regions.

        INPUT:

        - ``method`` -- as for :meth:`irredundant_mask`.

        OUTPUT: an integer.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> f = x + y + x*y + 0
            >>> f.monomial_complexity(), len(f), f.count_linear_regions()
            (4, 4, 4)
            >>> (0 + x + x**2).monomial_complexity()
            2
        """
        return int(self.irredundant_mask(method).sum())

    # ----- polytopes ----------------------------------------------------------------

    def newton_polytope(self):
        """
        The Newton polytope ``conv{a_i}`` as a Sage ``Polyhedron`` over ``QQ``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (x + y + 0).newton_polytope()
            A 2-dimensional polyhedron in QQ^2 defined as the convex hull of 3 vertices
        """
        from sage.geometry.polyhedron.constructor import Polyhedron
        if self.is_zero():
            return Polyhedron(ambient_dim=self.nvariables(), base_ring=QQ)
        return Polyhedron(vertices=self.exponents(), base_ring=QQ)

    def lifted_polytope(self):
        """
        The lifted polytope ``conv{(a_i, c_i)}`` in ``QQ^(n+1)`` (``-c_i`` for min-plus),
        a Sage ``Polyhedron`` over ``QQ``: its upper faces project to the dual subdivision.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> P = (0 + 1*x + x**2).lifted_polytope()
            >>> sorted(P.vertices_list())
            [[0, 0], [1, 1], [2, 0]]
        """
        from sage.geometry.polyhedron.constructor import Polyhedron
        s = 1 if self.parent()._maximize else -1
        pts = [tuple(e) + (s * c,) for e, c in zip(self.exponents(), self.coefficients())]
        if not pts:
            return Polyhedron(ambient_dim=self.nvariables() + 1, base_ring=QQ)
        return Polyhedron(vertices=pts, base_ring=QQ)

    def dual_subdivision(self):
        """
        The regular subdivision of the Newton polytope induced by the coefficients:
        the projections of the upper faces of the lifted polytope (lower faces for
        min-plus), as a list of Sage ``Polyhedron`` cells (maximal cells only).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> [c.vertices_list() for c in (0 + x + x**2).dual_subdivision()]
            [[[0], [2]]]
            >>> [c.vertices_list() for c in (0 + 1*x + x**2).dual_subdivision()]
            [[[0], [1]], [[1], [2]]]
        """
        from sage.geometry.polyhedron.constructor import Polyhedron
        L = self.lifted_polytope()
        if L.is_empty():
            return []
        n = self.nvariables()
        if any(eq.A()[n] != 0 for eq in L.equation_generator()):
            # all lifted points on one non-vertical hyperplane: the trivial subdivision
            return [self.newton_polytope()]
        cells = []
        for facet in L.facets():
            ineq = facet.ambient_Hrepresentation()[0]
            if ineq.A()[n] < 0:  # inner normal points down: an upper facet
                cells.append(Polyhedron(vertices=[v[:n] for v in facet.vertices()], base_ring=QQ))
        return sorted(cells, key=lambda c: sorted(c.vertices_list()))

    # ----- conversions --------------------------------------------------------------

    def to_sage(self):
        """
        Convert to a polynomial over Sage's ``TropicalSemiring(QQ)`` with the same
        convention (``use_min=False`` for max-plus). Needs nonnegative integral
        exponents (Sage's tropical polynomials have no Puiseux exponents).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> p = (1*x + 2*y).to_sage()
            >>> sorted((tuple(e), c.lift()) for e, c in p.dict().items())
            [((0, 1), 2), ((1, 0), 1)]
            >>> p.parent().base_ring()
            Tropical semiring over Rational Field
            >>> TropicalPuiseuxSemiring(2)(p) == 1*x + 2*y
            True
        """
        from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
        from sage.rings.semirings.tropical_semiring import TropicalSemiring
        P = self.parent()
        TS = TropicalSemiring(QQ, use_min=not P._maximize)
        R = PolynomialRing(TS, P.variable_names())
        data = {}
        for e, c in zip(self.exponents(), self.coefficients()):
            if any(a < 0 or a not in ZZ for a in e):
                raise ValueError(f"exponent {e} is not a nonnegative integer vector; "
                                 "Sage's TropicalSemiring polynomials cannot hold it")
            data[tuple(int(a) for a in e)] = TS(c)
        return R(data)

    # ----- printing -----------------------------------------------------------------

    def _display_terms(self):
        n = self.nvariables()
        rows = self._M.tolist()
        # constants first, then by total degree, x before y: reads like the papers
        rows.sort(key=lambda r: (sum(r[:n]), [-v for v in r[:n]]))
        return [(tuple(Fraction(v, self._d) for v in r[:n]), Fraction(r[n], self._d)) for r in rows]

    def _repr_(self):
        P = self.parent()
        if self.is_zero():
            return "-infinity" if P._maximize else "+infinity"
        terms = [affine_form(e, c, P.variable_names()) for e, c in self._display_terms()]
        if len(terms) == 1:
            return terms[0]
        return f"{P._convention}({', '.join(terms)})"

    def _latex_(self):
        P = self.parent()
        if self.is_zero():
            return r"-\infty" if P._maximize else r"+\infty"
        names = P.latex_variable_names()
        terms = [affine_form(e, c, names, latex=True) for e, c in self._display_terms()]
        if len(terms) == 1:
            return terms[0]
        return rf"\{P._convention}\left({', '.join(terms)}\right)"

    def _repr_latex_(self):
        return f"${self._latex_()}$"

    def __reduce__(self):
        return (_make_polynomial, (self.parent(), self._M.tolist(), self._d))


def _make_polynomial(parent, rows, d):
    return parent._from_matrix(int_array(rows, parent.ngens() + 1), d)


def _is_tropical(v):
    return isinstance(v, Element) and isinstance(
        v.parent(), (TropicalPuiseuxSemiring, _rational_parent_class()))


def _rational_parent_class():
    from .rational import TropicalRationalFunctionSemifield
    return TropicalRationalFunctionSemifield


def _common_parent(A, B):
    if A is B:
        return A
    if A.has_coerce_map_from(B):
        return A
    if B.has_coerce_map_from(A):
        return B
    raise TypeError(f"cannot compose: no common parent for {A} and {B}")


def _unpack_point(args, n):
    """Accept ``f(2, 3)`` as well as ``f((2, 3))``, ``f([2, 3])``, a vector or an array."""
    if len(args) == 1 and (n != 1 or isinstance(args[0], (list, tuple, np.ndarray))):
        try:
            args = tuple(args[0])
        except TypeError:
            pass
    if len(args) != n:
        raise ValueError(f"expected a point with {n} coordinates, got {len(args)}")
    return args


def _integer_point(point, n):
    """A rational point as integers over one common denominator ``(X, dx)``."""
    qs = [as_fraction(v, f"coordinate {i}") for i, v in enumerate(point)]
    dx = math.lcm(*(q.denominator for q in qs)) if qs else 1
    return [q.numerator * (dx // q.denominator) for q in qs], dx


def _integer_points(points, n):
    from .._exact import as_fraction_matrix
    rows = as_fraction_matrix(points, "points")
    if rows and len(rows[0]) != n:
        raise ValueError(f"points must have {n} coordinates, got {len(rows[0])}")
    X, dx = integer_matrix(rows)
    if not rows:
        X = np.zeros((0, n), dtype=np.int64)
    return X, dx


class TropicalPuiseuxSemiring(UniqueRepresentation, Parent):
    r"""
    The semiring of tropical Puiseux polynomials over ``QQ`` in ``n`` variables.

    INPUT:

    - ``base`` -- ``QQ`` (the only base), or the number of variables ``n``, or a
      string of variable names.
    - ``names`` -- variable names (``"x,y"`` or a tuple); default ``x, y, z`` for
      ``n <= 3`` and ``x1, ..., xn`` beyond.
    - ``n`` -- number of variables (when ``base`` is ``QQ`` and ``names`` is omitted).
    - ``convention`` -- ``"max"`` (default, max-plus) or ``"min"`` (min-plus);
      ``use_min=True`` is accepted as in Sage's ``TropicalSemiring``.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> TropicalPuiseuxSemiring(2)
        Tropical Puiseux semiring (max-plus) in x, y over Rational Field
        >>> T = TropicalPuiseuxSemiring(QQ, names="a,b,c", convention="min"); T
        Tropical Puiseux semiring (min-plus) in a, b, c over Rational Field
        >>> a, b, c = T.gens(); (a + 1) * b
        min(1 + b, a + b)
        >>> TropicalPuiseuxSemiring(2) is TropicalPuiseuxSemiring(QQ, names=("x", "y"))
        True
    """

    Element = TropicalPuiseuxPolynomial

    @staticmethod
    def __classcall__(cls, base=None, names=None, n=None, convention="max", use_min=None):
        if isinstance(base, (str, tuple, list)) and names is None:
            base, names = None, base
        if base is not None and base is not QQ:
            if isinstance(base, (int, np.integer)) or base in ZZ:
                if n is not None and n != int(base):
                    raise ValueError(f"conflicting numbers of variables {base} and {n}")
                n = int(base)
            else:
                raise TypeError(f"the base must be QQ or a number of variables, got {base!r}")
        if names is not None:
            names = _normalize_names(names)
            if n is not None and n != len(names):
                raise ValueError(f"{n} variables but {len(names)} names {names}")
        else:
            if n is None:
                raise ValueError("give the number of variables or their names")
            if n < 0:
                raise ValueError(f"the number of variables must be >= 0, got {n}")
            names = default_names(n)
        return super().__classcall__(cls, names=names,
                                     convention=_normalize_convention(convention, use_min))

    def __init__(self, names, convention):
        self._convention = convention
        self._maximize = convention == "max"
        Parent.__init__(self, base=QQ, names=names, category=Semirings())

    def _repr_(self):
        return (f"Tropical Puiseux semiring ({self._convention}-plus) in "
                f"{', '.join(self.variable_names())} over Rational Field")

    def _latex_(self):
        return rf"\mathbb{{T}}_{{\{self._convention}}}\{{{', '.join(self.latex_variable_names())}\}}"

    @property
    def convention(self):
        """
        The convention: ``"max"`` (max-plus) or ``"min"`` (min-plus).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> TropicalPuiseuxSemiring(1).convention, TropicalPuiseuxSemiring(1, use_min=True).convention
            ('max', 'min')
        """
        return self._convention

    def ngens(self):
        """
        The number of variables.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> TropicalPuiseuxSemiring("a,b,c").ngens()
            3
        """
        return len(self.variable_names())

    def gens(self):
        """
        The variables, as monomials ``x_i`` (exponent ``e_i``, coefficient ``0``).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> TropicalPuiseuxSemiring(2).gens()
            (x, y)
        """
        return tuple(self.gen(i) for i in range(self.ngens()))

    def gen(self, i=0):
        """
        The ``i``-th variable (from ``0``).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> T.gen(), T.gen(1)
            (x, y)
            >>> T.gen(2)
            Traceback (most recent call last):
            ...
            ValueError: generator index 2 out of range for 2 variables
        """
        n = self.ngens()
        if not 0 <= i < n:
            raise ValueError(f"generator index {i} out of range for {n} variables")
        row = [0] * (n + 1)
        row[i] = 1
        return self._from_matrix(np.array([row], dtype=np.int64), 1)

    def zero(self):
        """
        The tropical zero: no monomials (``-∞``; ``+∞`` for min-plus), the neutral element
        of ``⊕``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(1)
            >>> T.zero(), T.zero() + T.gen() == T.gen()
            (-infinity, True)
            >>> TropicalPuiseuxSemiring(1, convention="min").zero()
            +infinity
        """
        return self._from_matrix(np.zeros((0, self.ngens() + 1), dtype=np.int64), 1)

    def one(self):
        """
        The tropical one: the constant ``0``, the neutral element of ``⊙``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(1)
            >>> T.one(), T.one() * T.gen() == T.gen()
            (0, True)
        """
        return self._from_matrix(np.zeros((1, self.ngens() + 1), dtype=np.int64), 1)

    def _an_element_(self):
        return self.one() if self.ngens() == 0 else self.gen(0) + self.one()

    def fraction_field(self):
        """
        The semifield of tropical rational functions ``f ⊘ g`` over this semiring (into
        which the semiring coerces).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(1)
            >>> F = T.fraction_field(); F
            Tropical Puiseux rational functions (max-plus) in x over Rational Field
            >>> F(T.gen()) / (T.gen() + 0)
            x - max(0, x)
        """
        from .rational import TropicalRationalFunctionSemifield
        return TropicalRationalFunctionSemifield(self)

    def _from_matrix(self, M, d, canonical=False):
        if canonical:
            M, d = _kernel.canonical(M, d, self._maximize)
        return self.element_class(self, M, d)

    def from_integer_rows(self, M, d=1):
        """
        Fast constructor from integer rows, for other tropsage modules.

        INPUT:

        - ``M`` -- an integer array of shape ``(k, n + 1)``, rows ``d * (a_i, c_i)``;
          equal exponents are merged (the best coefficient is kept).
        - ``d`` -- a positive integer, the common denominator.

        OUTPUT: the polynomial ``max_i (c_i + <a_i, x>)`` (``min`` for min-plus).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> T.from_integer_rows([[2, 0, 1], [0, 1, 0], [2, 0, 3]], 2)
            max(1/2*y, 3/2 + x)
            >>> T.from_integer_rows([[1, 0]])
            Traceback (most recent call last):
            ...
            ValueError: integer rows must have shape (k, 3), got (1, 2)
        """
        M = np.asarray(M)
        if M.ndim != 2 or M.shape[1] != self.ngens() + 1:
            raise ValueError(f"integer rows must have shape (k, {self.ngens() + 1}), got {M.shape}")
        if M.dtype.kind not in "iuO":
            raise TypeError(f"integer rows must be an integer array, got dtype {M.dtype}")
        if int(d) <= 0:
            raise ValueError(f"the denominator must be positive, got {d}")
        return self._from_matrix(M.astype(np.int64) if M.dtype.kind == "u" else M, int(d),
                                 canonical=True)

    def from_dict(self, data):
        """
        The polynomial with monomials ``{exponent: coefficient}``. Exponents are tuples
        of rationals (ints, Fractions, ``QQ``, strings); equal exponents keep the best
        coefficient.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> T.from_dict({(1, 0): 1, ("1/2", 0): "-2/3"})
            max(-2/3 + 1/2*x, 1 + x)
            >>> T.from_dict({(1,): 0})
            Traceback (most recent call last):
            ...
            ValueError: exponent (1,) has 1 entries; expected 2
        """
        if not isinstance(data, dict):
            raise TypeError(f"from_dict expects a dict, got {type(data).__name__}")
        n = self.ngens()
        rows = []
        for e, c in data.items():
            if not isinstance(e, (tuple, list)):
                e = (e,) if n == 1 else e
            e = tuple(e)
            if len(e) != n:
                raise ValueError(f"exponent {e} has {len(e)} entries; expected {n}")
            rows.append([as_fraction(a, f"exponent {e}") for a in e]
                        + [as_fraction(c, f"coefficient of {e}")])
        if not rows:
            return self.zero()
        M, d = integer_matrix(rows)
        return self._from_matrix(M, d, canonical=True)

    def monomial(self, exponent, coefficient=0):
        """
        The monomial ``coefficient ⊙ x^exponent``, i.e. ``coefficient + <exponent, x>``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> T.monomial((1, "1/2"), 3)
            3 + x + 1/2*y
        """
        return self.from_dict({tuple(exponent): coefficient})

    def constant(self, c):
        """
        The constant polynomial ``c`` (tropically ``c ⊙ 1``).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> T.constant("2/3"), T.constant(5)(1, 1)
            (2/3, 5)
        """
        return self.monomial((0,) * self.ngens(), c)

    def random_element(self, terms=5, exponent_bound=3, denominator=2, coefficient_bound=5,
                       seed=None):
        """
        A random polynomial.

        INPUT:

        - ``terms`` -- at most this many monomials (equal exponents merge).
        - ``exponent_bound``, ``denominator`` -- exponents ``p/q`` with
          ``|p/q| <= exponent_bound`` and ``1 <= q <= denominator``.
        - ``coefficient_bound`` -- integer coefficients in ``[-bound, bound]``.
        - ``seed`` -- for numpy's random generator (reproducible results).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> T = TropicalPuiseuxSemiring(2)
            >>> f = T.random_element(terms=4, seed=1)
            >>> 1 <= len(f) <= 4, f == T.random_element(terms=4, seed=1)
            (True, True)
        """
        rng = np.random.default_rng(seed)
        data = {}
        for _ in range(terms):
            e = tuple(Fraction(int(rng.integers(-exponent_bound * denominator,
                                                exponent_bound * denominator + 1)),
                               int(rng.integers(1, denominator + 1))) for _ in range(self.ngens()))
            data[e] = int(rng.integers(-coefficient_bound, coefficient_bound + 1))
        return self.from_dict(data)

    def _coerce_map_from_(self, S):
        return S is ZZ or S is QQ or S is int

    def _element_constructor_(self, x):
        if isinstance(x, TropicalPuiseuxPolynomial):
            P = x.parent()
            if P.ngens() != self.ngens():
                raise ValueError(f"cannot convert a polynomial in {P.ngens()} variables into {self}")
            if P._convention != self._convention:
                raise ValueError(f"cannot convert a {P._convention}-plus polynomial into a "
                                 f"{self._convention}-plus semiring: as functions they differ")
            return self._from_matrix(x._M, x._d)
        if isinstance(x, dict):
            return self.from_dict(x)
        if isinstance(x, Element):
            conv = _from_sage_tropical(self, x)
            if conv is not None:
                return conv
        return self.constant(x)

    def from_sage(self, p):
        """
        Convert a polynomial (or constant) over Sage's ``TropicalSemiring``.

        INPUT:

        - ``p`` -- an element of, or a polynomial over, ``TropicalSemiring(QQ)`` with the
          same convention and number of variables (Sage's default is min-plus).

        OUTPUT: the same polynomial in this semiring.

        EXAMPLES::

            >>> from sage.rings.semirings.tropical_semiring import TropicalSemiring
            >>> from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
            >>> from sage.rings.rational_field import QQ
            >>> from tropsage import TropicalPuiseuxSemiring
            >>> S = TropicalSemiring(QQ)
            >>> u, v = PolynomialRing(S, "u,v").gens()
            >>> T = TropicalPuiseuxSemiring("u,v", convention="min")
            >>> T.from_sage(S(1) * u + S(2) * v), T.from_sage(S(3))
            (min(1 + u, 2 + v), 3)
            >>> TropicalPuiseuxSemiring("u,v").from_sage(S(1) * u)
            Traceback (most recent call last):
            ...
            ValueError: 1*u lives in a min-plus TropicalSemiring but Tropical Puiseux semiring (max-plus) in u, v over Rational Field is max-plus; convert it in TropicalPuiseuxSemiring(..., convention='min') instead
        """
        conv = _from_sage_tropical(self, p)
        if conv is None:
            raise TypeError(f"{p!r} is not an element or polynomial over Sage's TropicalSemiring")
        return conv


def _from_sage_tropical(T, p):
    """Convert Sage ``TropicalSemiring`` objects, checking the min/max convention."""
    from sage.rings.semirings.tropical_semiring import TropicalSemiring
    P = p.parent()
    if isinstance(P, TropicalSemiring):
        base, items = P, None
    else:
        base = getattr(P, "base_ring", lambda: None)()
        if not isinstance(base, TropicalSemiring):
            return None
        items = p.dict().items()
    use_min = base._use_min
    if use_min == T._maximize:
        have = "min" if use_min else "max"
        raise ValueError(f"{p!r} lives in a {have}-plus TropicalSemiring but {T} is "
                         f"{T._convention}-plus; convert it in "
                         f"TropicalPuiseuxSemiring(..., convention={have!r}) instead")
    if items is None:
        if p == base.zero():
            return T.zero()
        return T.constant(p.lift())
    if P.ngens() != T.ngens():
        raise ValueError(f"{P} has {P.ngens()} variables, {T} has {T.ngens()}")
    # a univariate Sage polynomial has integer exponents, a multivariate one tuples
    return T.from_dict({(tuple(e) if hasattr(e, "__iter__") else (e,)): c.lift()
                        for e, c in items})
