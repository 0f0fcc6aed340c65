r"""
The vector norms of the Hoffman constants, one class per norm.

A :class:`Norm` is its name (a ``str`` subclass: ``L1 == "l1"``, so results and
messages read as before) and knows what the algorithms ask of it:

- its **dual** (``l1* = linf``, ``linf* = l1``, ``l2* = l2``);
- as ``X*`` (the dual of the distance norm) its **LP block**: the rows, over
  auxiliary variables, of ``||e(v)|| <= objective`` for linear expressions ``e``
  (:meth:`Norm.epigraph`);
- as ``Y*`` (the dual of the residual norm) its **positive unit sphere**
  ``{v >= 0 : ||v|| = 1}`` as a union of polyhedral pieces, one LP each
  (:meth:`Norm.positive_sphere`), and a bound on the support of an optimal vertex;
- its comparison with ``l2`` (used by the Güler-Hoffman-Rothblum upper bound).

Adding a polyhedral norm is a subclass here and one :func:`register` call;
:mod:`tropsage.hoffman.matrix`, :mod:`tropsage.hoffman.chambers` and the ``tropsage
hoffman`` command take it from the registry. A pair ``(X, Y)`` is supported when both
norms are polyhedral (exact LPs) or both are ``l2`` (numerical eigenvalues).

EXAMPLES::

    >>> from tropsage.hoffman.norms import norm, norm_pair, L1, LINF
    >>> norm("inf") is LINF, LINF.dual is L1, L1 == "l1"
    (True, True, True)
    >>> norm_pair(("l1", 1))
    ('l1', 'l1')
    >>> norm_pair(("l1", "l2"))
    Traceback (most recent call last):
    ...
    ValueError: norm pair ('l1', 'l2') is not supported: exact for (X, Y) in {l1, linf}^2, numerical for (l2, l2); the mixed pairs with one l2 are not implemented
"""

from fractions import Fraction
import math


class Norm(str):
    r"""
    A norm on ``R^k``, equal to its name.

    Subclasses set ``name``, ``dual_name``, ``aliases``, ``polyhedral`` and, when
    polyhedral, implement :meth:`epigraph` and :meth:`positive_sphere`.

    EXAMPLES::

        >>> from tropsage.hoffman.norms import LINF, L2
        >>> LINF, LINF.dual, LINF.polyhedral, L2.polyhedral
        ('linf', 'l1', True, False)
        >>> isinstance(LINF, str) and LINF in ("l1", "linf")
        True
    """

    name = None
    dual_name = None
    aliases = ()
    polyhedral = True

    def __new__(cls):
        return str.__new__(cls, cls.name)

    def __reduce__(self):
        return (norm, (str(self),))

    @property
    def dual(self):
        """
        The dual norm.

        EXAMPLES::

            >>> from tropsage.hoffman.norms import L1, L2
            >>> L1.dual, L2.dual
            ('linf', 'l2')
        """
        return norm(self.dual_name)

    def epigraph(self, exprs, width):
        r"""
        The LP block of ``||(e_1(v), ..., e_n(v))|| <= objective``.

        INPUT:

        - ``exprs`` -- ``n`` integer coefficient lists over the ``width`` variables
          ``v`` of the LP (zero expressions add no row).
        - ``width`` -- the number of those variables.

        OUTPUT: ``(naux, rows, rhs, objective)``: ``naux`` auxiliary variables
        (``>= 0``) placed after ``v``; the inequalities ``rows . (v, aux) <= rhs``;
        the objective coefficients of the auxiliary variables, whose minimum over a
        set of ``v`` is the least norm.

        EXAMPLES::

            >>> from tropsage.hoffman.norms import LINF, L1
            >>> LINF.epigraph([[1, 2], [0, 0]], 2)
            (1, [[1, 2, -1], [-1, -2, -1]], [0, 0], [1])
            >>> L1.epigraph([[1, 0], [0, 3]], 2)
            (2, [[1, 0, -1, 0], [-1, 0, -1, 0], [0, 3, 0, -1], [0, -3, 0, -1]], [0, 0, 0, 0], [1, 1])
        """
        raise ValueError(f"the norm {self} has no LP block (it is not polyhedral)")

    def positive_sphere(self, k):
        r"""
        The positive unit sphere ``{v in R^k : v >= 0, ||v|| = 1}`` as a list of
        polyhedral pieces ``(rows, rhs, lo, hi)``: the equations ``rows . v = rhs`` and
        the bounds ``lo <= v <= hi`` (``None`` for no bound). The minimum of a convex
        function over the sphere is the least of its minima over the pieces.

        EXAMPLES::

            >>> from tropsage.hoffman.norms import L1, LINF
            >>> L1.positive_sphere(2)
            [([[1, 1]], [1], [Fraction(0, 1), Fraction(0, 1)], [None, None])]
            >>> len(LINF.positive_sphere(3))
            3
        """
        raise ValueError(f"the norm {self} has no polyhedral unit sphere")

    def vertex_support(self, m, n):
        """
        A bound on the non-zeros of an optimal vertex of ``min ||A_J^T v||_{X*}`` with
        ``v`` on :meth:`positive_sphere` (``J`` among ``m`` rows, ``n`` columns).

        EXAMPLES::

            >>> from tropsage.hoffman.norms import L1, LINF
            >>> L1.vertex_support(10, 2), LINF.vertex_support(10, 2)
            (3, 10)
        """
        return m

    def below_l2(self, n):
        r"""
        The largest ``alpha`` with ``||w|| >= alpha ||w||_2`` for all ``w`` in ``R^n``.

        EXAMPLES::

            >>> from tropsage.hoffman.norms import LINF, L1
            >>> LINF.below_l2(4), L1.below_l2(4)
            (0.5, 1.0)
        """
        return 1.0

    def above_l2(self, s):
        r"""
        The least ``beta`` with ``||v|| <= beta ||v||_2`` for every ``v`` with at most
        ``s`` non-zeros.

        EXAMPLES::

            >>> from tropsage.hoffman.norms import LINF, L1
            >>> LINF.above_l2(4), L1.above_l2(4)
            (1.0, 2.0)
        """
        return 1.0


class L1Norm(Norm):
    """
    The ``l1`` norm ``sum |v_i|``; dual ``linf``; its positive sphere is the simplex.

    EXAMPLES::

        >>> from tropsage.hoffman.norms import L1, L1Norm
        >>> type(L1) is L1Norm, L1, L1.dual, L1.positive_sphere(2)[0][:2]
        (True, 'l1', 'linf', ([[1, 1]], [1]))
    """

    name, dual_name = "l1", "linf"
    aliases = ("1", 1, "l_1", "L1")

    def epigraph(self, exprs, width):
        naux = len(exprs)
        rows, rhs = [], []
        for j, a in enumerate(exprs):
            if not any(a):
                continue
            aux = [0] * naux
            aux[j] = -1
            rows += [list(a) + aux, [-x for x in a] + aux]
            rhs += [0, 0]
        return naux, rows, rhs, [1] * naux

    def positive_sphere(self, k):
        # the simplex
        return [([[1] * k], [1], [Fraction(0)] * k, [None] * k)]

    def vertex_support(self, m, n):
        # a vertex of the simplex LP has at most n + 1 non-zeros (n + 1 equations
        # besides the bounds are tight at most)
        return min(m, n + 1)

    def above_l2(self, s):
        return math.sqrt(s)


class LinfNorm(Norm):
    """
    The ``linf`` norm ``max |v_i|``; dual ``l1``; its positive sphere is the union of
    the boxes ``{v_p = 1, 0 <= v <= 1}``.

    EXAMPLES::

        >>> from tropsage.hoffman.norms import LINF, LinfNorm
        >>> type(LINF) is LinfNorm, LINF.dual, LINF.epigraph([[2, 0]], 2)[0]
        (True, 'l1', 1)
    """

    name, dual_name = "linf", "l1"
    aliases = ("inf", "infinity", "l_inf", "Linf", math.inf, "oo")

    def epigraph(self, exprs, width):
        rows, rhs = [], []
        for a in exprs:
            if any(a):
                rows += [list(a) + [-1], [-x for x in a] + [-1]]
                rhs += [0, 0]
        return 1, rows, rhs, [1]

    def positive_sphere(self, k):
        # {max v = 1} is not convex: the union over p of the boxes {v_p = 1, 0 <= v <= 1}
        pieces = []
        for p in range(k):
            lo = [Fraction(0)] * k
            lo[p] = Fraction(1)
            pieces.append(([], [], lo, [Fraction(1)] * k))
        return pieces

    def below_l2(self, n):
        return 1 / math.sqrt(n)


class L2Norm(Norm):
    """
    The Euclidean norm; self-dual, not polyhedral (the ``(l2, l2)`` constant is
    computed from eigenvalues, numerically).

    EXAMPLES::

        >>> from tropsage.hoffman.norms import L2
        >>> L2.dual, L2.polyhedral
        ('l2', False)
        >>> L2.epigraph([[1]], 1)
        Traceback (most recent call last):
        ...
        ValueError: the norm l2 has no LP block (it is not polyhedral)
    """

    name, dual_name = "l2", "l2"
    aliases = ("2", 2, "l_2", "L2")
    polyhedral = False


_REGISTRY = {}
_ALIASES = {}


def register(cls):
    """
    Make the norm class ``cls`` known by its name and aliases (returns ``cls``, so it
    serves as a class decorator).

    EXAMPLES::

        >>> from tropsage.hoffman.norms import register, L1Norm
        >>> register(L1Norm) is L1Norm
        True
    """
    inst = _REGISTRY.get(cls.name)
    if inst is None or type(inst) is not cls:
        inst = cls()
        _REGISTRY[cls.name] = inst
    for key in (cls.name,) + tuple(cls.aliases):
        _ALIASES[key] = inst
    return cls


for _cls in (L1Norm, L2Norm, LinfNorm):
    register(_cls)
L1, L2, LINF = _REGISTRY["l1"], _REGISTRY["l2"], _REGISTRY["linf"]


def names():
    """
    The names of the registered norms, sorted.

    EXAMPLES::

        >>> from tropsage.hoffman.norms import names
        >>> names()
        ('l1', 'l2', 'linf')
    """
    return tuple(sorted(_REGISTRY))


def norm(name):
    """
    The registered :class:`Norm` called ``name`` (a name, an alias such as ``"inf"``
    or ``1``, or a :class:`Norm`).

    EXAMPLES::

        >>> from tropsage.hoffman.norms import norm
        >>> norm(2), norm("infinity")
        ('l2', 'linf')
        >>> norm("l3")
        Traceback (most recent call last):
        ...
        ValueError: unknown norm 'l3'; use one of ('l1', 'l2', 'linf')
    """
    try:
        return _ALIASES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown norm {name!r}; use one of {names()}") from None


def is_supported(X, Y):
    """
    Whether the Hoffman constant is computed for the pair of :class:`Norm` ``(X, Y)``:
    both polyhedral (exact LPs) or both ``l2`` (numerical).

    EXAMPLES::

        >>> from tropsage.hoffman.norms import is_supported, L1, L2, LINF
        >>> is_supported(L1, LINF), is_supported(L2, L2), is_supported(L1, L2)
        (True, True, False)
    """
    return (X.polyhedral and Y.polyhedral) or (X == Y == "l2")


def supported_pairs():
    """
    Every supported pair ``(X, Y)``, the polyhedral ones first.

    EXAMPLES::

        >>> from tropsage.hoffman.norms import supported_pairs
        >>> supported_pairs()
        [('l1', 'l1'), ('l1', 'linf'), ('linf', 'l1'), ('linf', 'linf'), ('l2', 'l2')]
    """
    allnorms = [_REGISTRY[k] for k in names()]
    pairs = [(X, Y) for X in allnorms for Y in allnorms if is_supported(X, Y)]
    return sorted(pairs, key=lambda p: not (p[0].polyhedral and p[1].polyhedral))


def norm_pair(norms):
    """
    The pair ``(X, Y)`` of :class:`Norm` named by ``norms``, checked to be supported.

    INPUT: ``norms`` -- a pair of names, aliases or norms (``X`` the distance in
    ``R^n``, ``Y`` the residual in ``R^m``).

    OUTPUT: a tuple of two :class:`Norm` (equal to their names).

    EXAMPLES::

        >>> from tropsage.hoffman.norms import norm_pair
        >>> norm_pair(["inf", "l1"])
        ('linf', 'l1')
        >>> norm_pair("linf")
        Traceback (most recent call last):
        ...
        ValueError: norms must be a pair (X, Y) of names in ('l1', 'l2', 'linf'), got 'linf'
        >>> norm_pair(("l3", "l1"))
        Traceback (most recent call last):
        ...
        ValueError: unknown norm 'l3' for X (distance in R^n); use one of ('l1', 'l2', 'linf')
    """
    bad = f"norms must be a pair (X, Y) of names in {names()}, got {norms!r}"
    if isinstance(norms, str):
        raise ValueError(bad)
    try:
        X, Y = norms
    except (TypeError, ValueError):
        raise ValueError(bad) from None
    out = []
    for name, role in ((X, "X (distance in R^n)"), (Y, "Y (residual in R^m)")):
        try:
            out.append(_ALIASES[name])
        except (KeyError, TypeError):
            raise ValueError(f"unknown norm {name!r} for {role}; use one of {names()}") from None
    if not is_supported(*out):
        exact = "{" + ", ".join(n for n in names() if _REGISTRY[n].polyhedral) + "}^2"
        raise ValueError(
            f"norm pair {tuple(str(v) for v in out)} is not supported: exact for (X, Y) in "
            f"{exact}, numerical for (l2, l2); the mixed pairs with one l2 are not implemented")
    return tuple(out)
