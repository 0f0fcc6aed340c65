r"""
Activations: one class per kind, each knowing everything tropsage does with it.

A layer is ``x ↦ σ(W x + b)``; its activation ``σ`` is an :class:`Activation`. The
class of an activation answers, for a layer of ``m`` pre-activations:

- **shape**: :meth:`~Activation.out_width`, :meth:`~Activation.decisions` (entries of
  the activation pattern), :meth:`~Activation.check_width`;
- **exact values**: :meth:`~Activation.apply`, :meth:`~Activation.pattern`;
- **tropical form** ([L] appendix, Zhang et al. 2018): :meth:`~Activation.tropical`
  turns the pre-activation ``H − Q`` into the output ``F − G``;
- **geometry of a cell** (integer rows, as the region enumerator uses them): the
  ways :meth:`~Activation.options` a decision can go with the constraint rows that
  close each, the hyperplane :meth:`~Activation.cut_row` of a unit, and the output
  :meth:`~Activation.output_map` once the decisions are taken;
- **MILP** ([S] §4): :meth:`~Activation.interval_image` and
  :meth:`~Activation.milp_encode`;
- **floating point** (numerical estimates): :meth:`~Activation.numpy_function`,
  :meth:`~Activation.torch_function`;
- **symmetries** ([G]): :meth:`~Activation.unit_activations`,
  :meth:`~Activation.permuted` and ``positively_homogeneous``.

Most activations act unit by unit as a **hinge**: ``σ(t) = a₀ t + c₀`` for ``t <= s``
and ``a₁ t + c₁`` for ``t > s``, continuous at ``s``. Such a class only says its
:meth:`~Hinge.hinge` (and how it reads its parameter); the rest is generic:

=============== ============================ ==============================
kind            ``σ(t)``                     hinge ``(s, a₀, c₀, a₁, c₁)``
=============== ============================ ==============================
``relu``        ``max(t, 0)``                ``(0, 0, 0, 1, 0)``
``leaky_relu``  ``max(t, α t)``, ``0<=α<=1`` ``(0, α, 0, 1, 0)``
``threshold``   ``max(t, τ)``                ``(τ, 0, τ, 1, 0)``
``identity``    ``t``                        no hinge (never splits a region)
=============== ============================ ==============================

``maxout`` of rank ``k`` takes the maximum over consecutive groups of ``k``
pre-activations; :class:`PerUnit` gives every unit of a layer its own hinge
activation.

**Adding an activation** is one class and :func:`register`. For a hinge it is a few
lines, e.g. ``max(t - 1, 0)``::

    @register
    class ShiftedReLU(Hinge):
        kind = "shifted_relu"

        def hinge(self):       # (s, a0, c0, a1, c1)
            return Fraction(1), Fraction(0), Fraction(0), Fraction(1), Fraction(-1)

after which ``parse_activation("shifted_relu")``, networks, tropicalization,
activation patterns, activation regions (the compiled region engine reads
:meth:`~Unitwise.hinges`), MILP counting, estimates and normal forms accept it (see
``tests/test_activations.py`` and ``tests/test_new_hinge_regions.py``). Other activations implement the methods of
:class:`Activation` (as :class:`Maxout` does).

EXAMPLES::

    >>> from fractions import Fraction
    >>> from tropsage.nn.activations import Activation
    >>> a = Activation("leaky_relu", Fraction(1, 10))
    >>> type(a).__name__, a.kind, a.param, str(a)
    ('LeakyReLU', 'leaky_relu', Fraction(1, 10), 'leaky_relu(1/10)')
    >>> a.apply([Fraction(-5), Fraction(2)])
    [Fraction(-1, 2), Fraction(2, 1)]
    >>> Activation("maxout", 2).pattern([Fraction(1), Fraction(3), Fraction(4), Fraction(4)])
    (1, 0)
"""

import math
from fractions import Fraction

import numpy as np

from .._exact import as_fraction, primitive

#: Names of the registered activations, in registration order (kept up to date by
#: :func:`register`).
ACTIVATIONS = []

_REGISTRY = {}          # name or alias -> class


def register(cls):
    """
    Register an :class:`Activation` subclass under ``cls.kind`` (and ``cls.aliases``):
    :func:`parse_activation` and ``Activation(kind, param)`` then build it.

    EXAMPLES::

        >>> from tropsage.nn.activations import ACTIVATIONS
        >>> ACTIVATIONS
        ['relu', 'leaky_relu', 'threshold', 'maxout', 'identity']
    """
    if not (isinstance(cls, type) and issubclass(cls, Activation)) or not isinstance(cls.kind, str):
        raise TypeError("register() takes an Activation subclass with a string 'kind'")
    for name in (cls.kind,) + tuple(cls.aliases):
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"activation name {name!r} is already registered")
        _REGISTRY[name] = cls
    if cls.kind not in ACTIVATIONS:
        ACTIVATIONS.append(cls.kind)
    return cls


def _reduce(M, den):
    """An integer matrix over ``den`` with their common gcd divided out."""
    g = math.gcd(den, *[int(v) for v in M.flat]) if M.size else den
    if g > 1:
        M = M // g
        den //= g
    return M, den


_0, _1 = Fraction(0), Fraction(1)
_RELU_HINGE = (_0, _0, _0, _1, _0)
_IDENTITY_HINGE = (None, _1, _0, _1, _0)


def _side_row(row, active):
    """The row ``[b | a]`` (``a.x <= b``) of ``z >= 0`` (active) or ``z <= 0``, for
    ``z = row[0] + row[1:].x`` (times a positive number), primitive."""
    r = [row[0]] + [-v for v in row[1:]] if active else [-row[0]] + list(row[1:])
    return list(primitive(r))


class Activation:
    r"""
    An activation: ``kind`` (one of :data:`ACTIVATIONS`) and its exact ``param``.

    ``Activation(kind, param)`` builds the registered class of ``kind`` (checking the
    parameter); the classes can also be called directly (``ReLU()``,
    ``LeakyReLU(Fraction(1, 10))``). Activations are immutable and hashable, equal
    when kind and parameter are.

    The methods below act on a whole layer (``pre`` is the list of its
    pre-activations); subclasses implement them.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.nn.network import Activation
        >>> str(Activation("leaky_relu", Fraction(1, 10)))
        'leaky_relu(1/10)'
        >>> str(Activation("relu"))
        'relu'
        >>> Activation("relu") == Activation("relu"), Activation("maxout", 2) == Activation("maxout", 3)
        (True, False)
        >>> Activation("softmax")
        Traceback (most recent call last):
        ...
        ValueError: activation: unknown activation 'softmax'; expected one of relu, leaky_relu, threshold, maxout, identity
    """

    __slots__ = ("param",)

    kind = None                   #: the registered name
    aliases = ()                  #: other names :func:`parse_activation` accepts
    unitwise = True               #: acts unit by unit (may be an entry of a PerUnit)
    positively_homogeneous = False  #: ``σ(λ t) = λ σ(t)`` for ``λ > 0``


    def _unimplemented(self, method):
        # the interface every registered kind fills in (the built-in kinds all do;
        # Hinge fills it from hinge() alone): a new kind that leaves a method out is
        # refused where it is used, never given another kind's answer
        return NotImplementedError(f"activation {type(self).__name__} ({self.kind!r}) does not "
                                   f"implement {method}(); see tropsage.nn.activations")
    def __new__(cls, *args, **kwargs):
        if cls is Activation:
            kind, param = _kind_and_param(args, kwargs)
            sub = _lookup(kind, "activation")
            return sub._make(param, "activation")
        if len(args) + len(kwargs) > 1 or (kwargs and "param" not in kwargs):
            raise TypeError(f"{cls.__name__} takes at most one argument, its parameter")
        param = args[0] if args else kwargs.get("param")
        return cls._make(param, cls.__name__)

    def __init__(self, *args, **kwargs):
        pass        # everything happens in __new__ (immutable)

    @classmethod
    def _make(cls, param, where):
        self = object.__new__(cls)
        object.__setattr__(self, "param", cls.parse_param(param, where))
        return self

    @classmethod
    def parse_param(cls, param, where="activation"):
        """
        The exact parameter from user input (``None`` for kinds without one); a
        subclass with a parameter overrides this.

        EXAMPLES::

            >>> from tropsage.nn.activations import LeakyReLU, ReLU
            >>> LeakyReLU.parse_param("0.25"), ReLU.parse_param(None)
            (Fraction(1, 4), None)
        """
        if param is not None:
            raise ValueError(f"{where}: activation {cls.kind!r} takes no parameter, got {param!r}")
        return None

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self):
        return (Activation, (self.kind, self.param))

    def __eq__(self, other):
        if not isinstance(other, Activation):
            return NotImplemented
        return type(self) is type(other) and self._key() == other._key()

    def __hash__(self):
        return hash((self.kind, self._key()))

    def _key(self):
        return self.param

    def __str__(self):
        return self.kind if self.param is None else f"{self.kind}({self.param})"

    def __repr__(self):
        return f"Activation(kind={self.kind!r}, param={self.param!r})"

    def layer_text(self):
        """
        How :class:`~tropsage.nn.Network` shows the activation of a layer.

        EXAMPLES::

            >>> from tropsage.nn import PerUnit, parse_activation
            >>> parse_activation(("maxout", 2)).layer_text(), PerUnit(["relu"]).layer_text()
            ('maxout(2)', 'PerUnit(relu)')
        """
        return str(self)

    def to_spec(self):
        """
        The activation as JSON data (``"relu"``, ``["leaky_relu", "1/10"]``,
        ``["maxout", 2]``, ...): :func:`parse_activation` reads it back.

        EXAMPLES::

            >>> from tropsage.nn.activations import Activation
            >>> Activation("threshold", "1/2").to_spec(), Activation("identity").to_spec()
            (['threshold', '1/2'], 'identity')
        """
        if self.param is None:
            return self.kind
        return [self.kind, str(self.param) if isinstance(self.param, Fraction) else self.param]

    # -- shape --------------------------------------------------------------------

    def out_width(self, m):
        """
        Number of outputs of a layer of ``m`` pre-activations.

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("relu").out_width(6), Activation("maxout", 3).out_width(6)
            (6, 2)
        """
        return m

    def in_width(self, m):
        """
        Number of pre-activations giving ``m`` outputs.

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("relu").in_width(2), Activation("maxout", 3).in_width(2)
            (2, 6)
        """
        return m

    def check_width(self, m, where="layer"):
        """
        Raise ``ValueError`` unless a layer of ``m`` pre-activations fits.

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("maxout", 2).check_width(4)
            >>> Activation("maxout", 2).check_width(3, "layer 1")
            Traceback (most recent call last):
            ...
            ValueError: layer 1: maxout rank 2 does not divide the width 3
        """

    def decisions(self, m):
        """
        Number of entries of the activation pattern of a layer of ``m``
        pre-activations: the decisions the region enumerator takes (one per hinge unit,
        one per maxout group, none for an identity layer).

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> [Activation(*a).decisions(4) for a in [("relu",), ("maxout", 2), ("identity",)]]
            [4, 2, 0]
        """
        return m

    def decision_values(self, m, j):
        """
        The values entry ``j`` of the pattern of a layer of ``m`` pre-activations can
        take.

        EXAMPLES::

            >>> from tropsage.nn import Activation, PerUnit
            >>> Activation("maxout", 3).decision_values(6, 1), PerUnit(["relu", "identity"]).decision_values(2, 1)
            ((0, 1, 2), (1,))
        """
        raise self._unimplemented("decision_values")

    # -- symmetries ---------------------------------------------------------------

    def unit_activations(self, m):
        """
        The activation of each of the ``m`` units (``ValueError`` if it does not act
        unit by unit).

        EXAMPLES::

            >>> from tropsage.nn import Activation, PerUnit
            >>> [str(a) for a in PerUnit(["relu", "identity"]).unit_activations(2)]
            ['relu', 'identity']
            >>> Activation("maxout", 2).unit_activations(4)
            Traceback (most recent call last):
            ...
            ValueError: maxout does not act unit by unit
        """
        if not self.unitwise:
            raise ValueError(f"{self.kind} does not act unit by unit")
        return [self] * m

    def permuted(self, perm):
        """
        The activation of the layer whose outputs (units, or maxout groups) are
        permuted by ``perm`` (output ``i`` of the new layer is output ``perm[i]`` of
        this one).

        EXAMPLES::

            >>> from tropsage.nn import Activation, PerUnit
            >>> PerUnit(["relu", "identity", "relu"]).permuted([1, 0, 2])
            PerUnit(identity, relu×2)
            >>> Activation("relu").permuted([1, 0])
            Activation(kind='relu', param=None)
        """
        if not self.unitwise:
            raise ValueError(f"the units of a {self.kind} layer cannot be permuted one by one")
        return self

    # -- subclass interface ---------------------------------------------------------

    def apply(self, pre):
        """
        The outputs (exact) of a layer with pre-activations ``pre`` (Fractions).

        EXAMPLES::

            >>> from fractions import Fraction
            >>> from tropsage.nn import Activation
            >>> Activation("threshold", 1).apply([Fraction(0), Fraction(3)])
            [Fraction(1, 1), Fraction(3, 1)]
        """
        raise self._unimplemented("apply")

    def pattern(self, pre):
        """
        The activation pattern (a tuple of ints) of a layer at pre-activations ``pre``:
        1 for an active hinge unit (``t > s``), the first winning piece of a maxout
        group.

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("relu").pattern([-1, 0, 2]), Activation("maxout", 3).pattern([2, 5, 5])
            ((0, 0, 1), (1,))
        """
        raise self._unimplemented("pattern")

    def tropical(self, T, H, Q, times):
        """
        ``(F, G)`` with ``F − G = σ(H − Q)`` entrywise, for lists ``H``, ``Q`` of
        tropical polynomials of the semiring ``T``; ``times(a, b)`` multiplies (with
        the caller's pruning and size guard).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> from tropsage.nn import Activation
            >>> T = TropicalPuiseuxSemiring(1)
            >>> x, one = T.gens()[0], T.one()
            >>> F, G = Activation("relu").tropical(T, [x], [one], lambda a, b: a * b)
            >>> F[0], G[0]
            (max(0, x), 0)
        """
        raise self._unimplemented("tropical")

    def tropical_shift(self, rows):
        """
        If ``H`` and ``Q`` of every pre-activation ``i`` are shifted by the same
        linear form ``rows[i]`` (a list of Fractions), the common shift of ``F`` and
        ``G`` of every output (lists of Fractions).

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("leaky_relu", "1/2").tropical_shift([[1, 2]])
            [[Fraction(3, 2), Fraction(3, 1)]]
            >>> Activation("maxout", 2).tropical_shift([[1, 2], [3, 4]])
            [[4, 6]]
        """
        raise self._unimplemented("tropical_shift")

    def options(self, Z, zden, j):
        """
        The ways decision ``j`` can go on a cell where the pre-activations are the
        affine functions ``Z/zden`` of ``x``.

        INPUT:

        - ``Z`` -- integer rows ``[h | g]`` (numpy object array or lists): the ``i``-th
          pre-activation is ``(h + g.x)/zden``.
        - ``zden`` -- a positive integer.
        - ``j`` -- the decision (a unit, or a maxout group).

        OUTPUT: a list of ``(value, rows)``: the pattern entry and the constraint rows
        ``[b | a]`` (``a.x <= b``, primitive) of the closure of the set where the
        decision takes it. An option that holds nowhere is left out; one that holds
        everywhere has no rows. Maxout ties go to the first piece, so a piece equal
        to an earlier one is left out.

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("relu").options([[1, 2, 0]], 1, 0)     # 1 + 2x
            [(0, [[-1, 2, 0]]), (1, [[1, -2, 0]])]
            >>> Activation("relu").options([[-1, 0, 0]], 1, 0)    # constant -1
            [(0, [])]
            >>> Activation("maxout", 3).options([[0, 1], [0, -1], [0, 1]], 1, 0)   # x, -x, x
            [(0, [[0, -1]]), (1, [[0, 1], [0, 1]])]
        """
        raise self._unimplemented("options")

    def cut_row(self, Z, zden, j):
        """
        The integer row ``[h | g]`` whose sign decides unit ``j`` (``> 0``: active),
        or ``None`` when the decision is not one hyperplane (maxout, identity).

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("threshold", "1/2").cut_row([[1, 3]], 2, 0)    # 4 ((1 + 3x)/2 - 1/2)
            [0, 6]
            >>> Activation("maxout", 2).cut_row([[1, 3], [0, 1]], 1, 0) is None
            True
        """
        return None

    def output_map(self, Z, zden, bits):
        """
        The layer's outputs ``(T, tden)`` (integer rows over ``tden``) as affine
        functions of ``x`` on a cell with decisions ``bits``.

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.nn import Activation
            >>> Z = np.array([[1, 2], [3, -1]], dtype=object)
            >>> T, tden = Activation("leaky_relu", "1/2").output_map(Z, 1, (1, 0))
            >>> T.tolist(), tden
            ([[2, 4], [3, -1]], 2)
            >>> Activation("maxout", 2).output_map(Z, 1, (1,))[0].tolist()
            [[3, -1]]
        """
        raise self._unimplemented("output_map")

    def interval_image(self, bounds):
        """
        Exact bounds ``[(lo, hi), ...]`` of the outputs when the pre-activations lie
        in ``bounds``.

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> Activation("relu").interval_image([(-1, 2), (-3, -1)])
            [(Fraction(0, 1), 2), (Fraction(0, 1), Fraction(0, 1))]
            >>> Activation("maxout", 2).interval_image([(-1, 2), (0, 1)])
            [(0, 2)]
        """
        raise self._unimplemented("interval_image")

    def milp_encode(self, model, g, bounds, margin):
        """
        Encode the layer in a MILP (:mod:`tropsage.queries.milp`).

        INPUT:

        - ``model`` -- has ``var(lb, ub, integer=False) -> index`` and
          ``row(coeffs, lo=None, hi=None)`` (``coeffs`` a dict index -> coefficient).
        - ``g`` -- the variables of the pre-activations.
        - ``bounds`` -- their exact intervals ``[(L, U), ...]``.
        - ``margin`` -- the variable every strict inequality of a pattern must exceed.

        OUTPUT: ``(outputs, records)``: the output variables and, per decision,
        ``("fixed", value)``, ``("bit", z)`` (the entry is the binary ``z``) or
        ``("onehot", [(value, z), ...])`` (exactly one ``z`` is 1; the entry is its value).

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> from tropsage.queries.milp import _Model
            >>> m = _Model()
            >>> g = [m.var(-1, 1), m.var(2, 3)]
            >>> outs, records = Activation("relu").milp_encode(m, g, [(-1, 1), (2, 3)], m.var(0, 1))
            >>> records
            [('bit', 4), ('fixed', 1)]
        """
        raise self._unimplemented("milp_encode")

    def numpy_function(self, m):
        """
        A float function ``(Z, JZ) -> (V, J)`` of a batch of pre-activations ``Z``
        (shape ``(N, m)``) and their Jacobians ``JZ`` (``(N, m, n)``, or ``None``).

        EXAMPLES::

            >>> import numpy as np
            >>> from tropsage.nn import Activation
            >>> f = Activation("leaky_relu", "1/4").numpy_function(2)
            >>> V, J = f(np.array([[-4.0, 2.0]]), np.ones((1, 2, 1)))
            >>> V.tolist(), J.ravel().tolist()
            ([[-1.0, 2.0]], [0.25, 1.0])
        """
        raise self._unimplemented("numpy_function")

    def torch_function(self, m):
        """
        A torch function of one pre-activation vector (differentiable).

        EXAMPLES::

            >>> import torch
            >>> from tropsage.nn import Activation
            >>> Activation("maxout", 2).torch_function(4)(torch.tensor([1.0, 3.0, -1.0, -2.0])).tolist()
            [3.0, -1.0]
        """
        raise self._unimplemented("torch_function")


def _kind_and_param(args, kwargs):
    if len(args) > 2 or set(kwargs) - {"kind", "param"}:
        raise TypeError("Activation(kind, param=None)")
    kind = args[0] if args else kwargs.get("kind")
    if len(args) == 2 and "param" in kwargs:
        raise TypeError("Activation() got the parameter twice")
    param = args[1] if len(args) == 2 else kwargs.get("param")
    return kind, param


def _lookup(kind, where):
    if not isinstance(kind, str):
        raise TypeError(f"{where}: an activation kind is a name, got {kind!r}")
    cls = _REGISTRY.get(kind.strip().lower())
    if cls is None:
        raise ValueError(f"{where}: unknown activation {kind.strip().lower()!r}; expected one of "
                         f"{', '.join(ACTIVATIONS)}")
    return cls


# ---------------------------------------------------------------------------
# unit by unit: hinges

class Unitwise(Activation):
    """
    Activations acting unit by unit, each unit a hinge (see :class:`Hinge`) or the
    identity. The layer methods are generic: they ask :meth:`unit_activations` for
    every unit's :meth:`hinge`.

    EXAMPLES::

        >>> from tropsage.nn import PerUnit
        >>> from tropsage.nn.activations import Unitwise
        >>> act = PerUnit(["relu", ("threshold", 2)])
        >>> isinstance(act, Unitwise), act.apply([-1, 1]), act.pattern([-1, 3])
        (True, [Fraction(0, 1), Fraction(2, 1)], (0, 1))
    """

    __slots__ = ()

    def hinge(self):
        """
        ``(s, a0, c0, a1, c1)``: ``σ(t) = a0 t + c0`` for ``t <= s`` and ``a1 t + c1``
        for ``t > s`` (Fractions, continuous at ``s``; ``s = None``: ``σ(t) = a1 t +
        c1`` everywhere, a unit that never splits a region).

        EXAMPLES::

            >>> from tropsage.nn import Activation
            >>> [str(v) for v in Activation("threshold", "1/2").hinge()]
            ['1/2', '0', '1/2', '1', '0']
            >>> Activation("identity").hinge()[0] is None
            True
        """
        raise self._unimplemented("hinge")

    # exact values

    def hinges(self, m):
        """
        The :meth:`hinge` of every unit of a layer of ``m`` units: what a compiled
        enumerator needs to treat hinge and per-unit layers alike.

        EXAMPLES::

            >>> from tropsage.nn import PerUnit
            >>> [h[0] for h in PerUnit(["relu", "identity", ("threshold", 2)]).hinges(3)]
            [Fraction(0, 1), None, Fraction(2, 1)]
        """
        return [u.hinge() for u in self.unit_activations(m)]

    def _unit(self, j):
        """The activation of unit ``j``."""
        return self

    @staticmethod
    def _unit_value(h, t):
        s, a0, c0, a1, c1 = h
        a, c = (a1, c1) if s is None or t > s else (a0, c0)
        return t if a == 1 and c == 0 else a * t + c

    def apply(self, pre):
        return [self._unit_value(h, t) for h, t in zip(self.hinges(len(pre)), pre)]

    def pattern(self, pre):
        return tuple(1 if h[0] is None or t > h[0] else 0
                     for h, t in zip(self.hinges(len(pre)), pre))

    # tropical

    def tropical(self, T, H, Q, times):
        F, G = [], []
        for u, h, q in zip(self.unit_activations(len(H)), H, Q):
            f, g = u._tropical_unit(T, h, q, times)
            F.append(f)
            G.append(g)
        return F, G

    def _tropical_unit(self, T, h, q, times):
        # max(a0 t + c0, a1 t + c1) + a1 Q = max(c0 + a0 H + (a1 - a0) Q, c1 + a1 H)
        s, a0, c0, a1, c1 = self.hinge()
        if s is None:
            if (a1, c1) != (1, 0):
                raise NotImplementedError(f"{self.kind}: only the identity has no hinge")
            return h, q
        if not 0 <= a0 <= a1:
            raise NotImplementedError(f"{self.kind}: the tropical form needs 0 <= a0 <= a1 "
                                      "(a convex, non-decreasing hinge); override tropical()")
        return (_monomial_term(T, c0, [(h, a0), (q, a1 - a0)], times)
                + _monomial_term(T, c1, [(h, a1)], times)), _power(T, q, a1)

    def _shift_factor(self):
        s, a0, c0, a1, c1 = self.hinge()
        return 1 if s is None else a1

    def tropical_shift(self, rows):
        return [[u._shift_factor() * v for v in r]
                for u, r in zip(self.unit_activations(len(rows)), rows)]

    # cells

    def _unit_cut_row(self, zrow, zden):
        s = self.hinge()[0]
        if s is None:
            return None
        row = [int(v) for v in zrow]
        if s:
            p, q = s.numerator, s.denominator
            row = [v * q for v in row]
            row[0] -= p * zden
        return row

    def cut_row(self, Z, zden, j):
        return self._unit(j)._unit_cut_row(Z[j], zden)

    def decision_values(self, m, j):
        return (1,) if self._unit(j).hinge()[0] is None else (0, 1)

    def options(self, Z, zden, j):
        row = self.cut_row(Z, zden, j)
        if row is None:
            return [(1, [])]
        if not any(row[1:]):
            return [(int(row[0] > 0), [])]
        return [(0, [_side_row(row, False)]), (1, [_side_row(row, True)])]

    def output_map(self, Z, zden, bits):
        hinges = self.hinges(len(Z))
        if len(bits) != len(hinges):
            raise ValueError(f"{len(bits)} decisions for a layer of {len(hinges)} units")
        # the affine piece of every unit, keyed by (hinge object, side): few distinct ones
        keys, index = [], {}
        for h, b in zip(hinges, bits):
            on = h[0] is None or bool(b)
            key = (id(h), on)
            if key not in index:
                index[key] = (len(keys), (h[3], h[4]) if on else (h[1], h[2]))
                keys.append(index[key][1])
        return _piece_rows(Z, zden, keys, [index[(id(h), h[0] is None or bool(b))][0]
                                           for h, b in zip(hinges, bits)])

    # MILP

    def interval_image(self, bounds):
        # non-decreasing units: the image of [L, U] is [σ(L), σ(U)]
        return [(self._unit_value(h, L), self._unit_value(h, U))
                for h, (L, U) in zip(self.hinges(len(bounds)), bounds)]

    def milp_encode(self, model, g, bounds, margin):
        outs, records = [], []
        for u, gi, (L, U) in zip(self.unit_activations(len(g)), g, bounds):
            o, rec = u._milp_unit(model, gi, L, U, margin)
            outs.append(o)
            if rec is not None:
                records.append(rec)
        return outs, records

    def _milp_unit(self, m, g, L, U, f):
        r"""
        Exact big-M encoding of one hinge unit ([S]): with ``t = g - s`` in
        ``[Lt, Ut]`` and ``r = relu(t)``, the output is ``a0 g + c0 + (a1 - a0) r``;
        an undecided unit gets a binary ``z`` and::

            r >= t, r >= 0, r <= t - Lt (1 - z), r <= Ut z, t >= f - (1 - Lt)(1 - z).
        """
        s, a0, c0, a1, c1 = self.hinge()
        if s is None:
            return g, ("fixed", 1)
        Lt, Ut = L - s, U - s
        lo, hi = self.interval_image([(L, U)])[0]
        ho = m.var(lo, hi)
        if Lt > 0 or Ut <= 0:
            a, c = (a1, c1) if Lt > 0 else (a0, c0)
            m.row({ho: 1, g: -a}, lo=c, hi=c)
            return ho, ("fixed", int(Lt > 0))
        z = m.var(0, 1, integer=True)
        r = m.var(0, Ut)
        m.row({r: 1, g: -1}, lo=-s)                       # r >= g - s
        m.row({r: 1, g: -1, z: -Lt}, hi=-s - Lt)          # r <= t - Lt(1 - z)
        m.row({r: 1, z: -Ut}, hi=0)                       # r <= Ut z
        m.row({g: 1, f: -1, z: -(1 - Lt)}, lo=s - (1 - Lt))   # active: t >= f
        m.row({ho: 1, g: -a0, r: -(a1 - a0)}, lo=c0, hi=c0)
        return ho, ("bit", z)

    # floating point

    def _float_params(self, m):
        P = np.empty((5, m))
        for i, (s, a0, c0, a1, c1) in enumerate(self.hinges(m)):
            P[:, i] = (-np.inf if s is None else float(s), float(a0), float(c0),
                       float(a1), float(c1))
        return P

    def numpy_function(self, m):
        s, a0, c0, a1, c1 = self._float_params(m)

        def f(Z, JZ=None):
            on = Z > s
            V = np.where(on, a1 * Z + c1, a0 * Z + c0)
            if JZ is None:
                return V, None
            return V, JZ * np.where(on, a1, a0)[:, :, None]
        return f

    def torch_function(self, m):
        import torch
        s, a0, c0, a1, c1 = (torch.tensor(v) for v in self._float_params(m))

        def f(z):
            return torch.where(z > s, a1 * z + c1, a0 * z + c0)
        return f


_INT_PIECES = {}     # pieces -> (q, the pieces times q): a network has few distinct ones


def _integer_pieces(pieces, key=None):
    """``(q, [(a q, c q), ...])`` with ``q`` the common denominator of the pieces
    (cached under ``key``, by default the pieces: the region enumerator asks for the
    same pieces at every cell)."""
    if key is None:
        key = tuple(pieces)
    got = _INT_PIECES.get(key)
    if got is None:
        q = 1
        for a, c in pieces:
            for d in (a.denominator, c.denominator):
                q = q * d // math.gcd(q, d)
        if len(_INT_PIECES) > 4096:
            _INT_PIECES.clear()
        got = _INT_PIECES[key] = (q, [(int(a * q), int(c * q)) for a, c in pieces])
    return got


def _piece_rows(Z, zden, pieces, which, key=None):
    """Rows ``a Z_i + c`` for unit ``i`` with ``(a, c) = pieces[which[i]]`` (Fractions),
    over ``zden`` times the common denominator of the pieces (``key``: see
    :func:`_integer_pieces`)."""
    q, ints = _integer_pieces(pieces, key)
    Z = np.asarray(Z, dtype=object)
    T = Z * q if q > 1 else Z.copy()
    for i, w in enumerate(which):
        A, C = ints[w]
        if A == q and C == 0:
            continue                          # the row of Z, already there
        if A:
            T[i, :] = Z[i, :] * A
        else:
            T[i, :] = 0
        if C:
            T[i, 0] += C * zden
    # a common denominator only when a parameter brought one (as the enumerator does)
    return _reduce(T, zden * q) if q > 1 else (T, zden)


class Hinge(Unitwise):
    """
    A unitwise activation that is the same hinge on every unit: a subclass says its
    :meth:`~Unitwise.hinge` (and :meth:`~Activation.parse_param` if it has a
    parameter) and is registered with :func:`register`.

    EXAMPLES::

        >>> from tropsage.nn.activations import Hinge, LeakyReLU
        >>> issubclass(LeakyReLU, Hinge), LeakyReLU("1/2").hinge()[1]
        (True, Fraction(1, 2))
    """

    __slots__ = ()

    def hinges(self, m):
        return [self.hinge()] * m

    def cut_row(self, Z, zden, j):
        return self._unit_cut_row(Z[j], zden)

    def output_map(self, Z, zden, bits):
        if len(bits) != len(Z):
            raise ValueError(f"{len(bits)} decisions for a layer of {len(Z)} units")
        s, a0, c0, a1, c1 = self.hinge()
        # (an immutable activation is the key of its pieces: no Fraction hashing)
        return _piece_rows(Z, zden, ((a0, c0), (a1, c1)), [1 if b else 0 for b in bits], self)


def _power(T, p, e):
    """``p^e`` for a rational ``e >= 0`` (``None`` for the tropical one)."""
    if e == 0:
        return None
    return p if e == 1 else p ** e


def _monomial_term(T, c, factors, times):
    """``c ⊙ ⊙ p^e`` over ``factors = [(p, e), ...]`` (exponents ``>= 0``)."""
    term = None
    for p, e in factors:
        pe = _power(T, p, e)
        if pe is not None:
            term = pe if term is None else times(term, pe)
    if term is None:
        return T.constant(c)
    return term if c == 0 else T.constant(c) * term


@register
class ReLU(Hinge):
    """``max(t, 0)``.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.nn.activations import ReLU
        >>> ReLU().apply([Fraction(-1), Fraction(2)]), ReLU().hinge()[0]
        ([Fraction(0, 1), Fraction(2, 1)], Fraction(0, 1))
    """

    __slots__ = ()
    kind = "relu"
    positively_homogeneous = True

    def hinge(self):
        return _RELU_HINGE


@register
class LeakyReLU(Hinge):
    """``max(t, α t)`` with ``0 <= α <= 1``.

    EXAMPLES::

        >>> from tropsage.nn.activations import LeakyReLU
        >>> LeakyReLU("1/4").apply([-4, 4])
        [Fraction(-1, 1), 4]
        >>> LeakyReLU(2)
        Traceback (most recent call last):
        ...
        ValueError: LeakyReLU: leaky ReLU slope must lie in [0, 1] (max(t, alpha t)), got 2
    """

    __slots__ = ()
    kind = "leaky_relu"
    aliases = ("leakyrelu", "leaky")
    positively_homogeneous = True

    @classmethod
    def parse_param(cls, param, where="activation"):
        if param is None:
            raise ValueError(f"{where}: activation {cls.kind!r} needs a parameter")
        p = as_fraction(param, f"{where} parameter")
        if not 0 <= p <= 1:
            raise ValueError(f"{where}: leaky ReLU slope must lie in [0, 1] (max(t, alpha t)), got {p}")
        return p

    def hinge(self):
        return _0, self.param, _0, _1, _0

    def _tropical_unit(self, T, h, q, times):
        # Zhang et al.'s form: F = H ⊙ Q^α ⊕ Q ⊙ H^α, G = Q^(1+α)
        a = self.param
        return times(h, q ** a) + times(q, h ** a), q ** (1 + a)

    def _shift_factor(self):
        return 1 + self.param


@register
class Threshold(Hinge):
    """``max(t, τ)``.

    EXAMPLES::

        >>> from tropsage.nn.activations import Threshold
        >>> Threshold("1/2").pattern([0, 1]), Threshold("1/2").apply([0, 1])
        ((0, 1), [Fraction(1, 2), 1])
    """

    __slots__ = ()
    kind = "threshold"

    @classmethod
    def parse_param(cls, param, where="activation"):
        if param is None:
            raise ValueError(f"{where}: activation {cls.kind!r} needs a parameter")
        return as_fraction(param, f"{where} parameter")

    def hinge(self):
        tau = self.param
        return tau, _0, tau, _1, _0


@register
class Maxout(Activation):
    r"""
    Maxout of rank ``k``: the maximum over consecutive groups of ``k`` pre-activations.

    Its pattern entry is the index of the winning piece, the **first** one on ties:
    piece ``i`` wins where ``z_i > z_t`` for ``t < i`` and ``z_i >= z_t`` for ``t > i``,
    so a piece repeating an earlier one never wins.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.nn.activations import Maxout
        >>> a = Maxout(3)
        >>> a.apply([Fraction(1), Fraction(3), Fraction(3)]), a.pattern([1, 3, 3])
        ([Fraction(3, 1)], (1,))
        >>> a.out_width(6), a.decisions(6)
        (2, 2)
        >>> Maxout(0)
        Traceback (most recent call last):
        ...
        ValueError: Maxout: maxout rank must be a positive integer, got 0
    """

    __slots__ = ()
    kind = "maxout"
    unitwise = False
    positively_homogeneous = True

    @classmethod
    def parse_param(cls, param, where="activation"):
        if param is None:
            raise ValueError(f"{where}: activation {cls.kind!r} needs a parameter")
        if isinstance(param, bool) or not isinstance(param, (int, np.integer)) or param < 1:
            raise ValueError(f"{where}: maxout rank must be a positive integer, got {param!r}")
        return int(param)

    def out_width(self, m):
        return m // self.param

    def in_width(self, m):
        return m * self.param

    def check_width(self, m, where="layer"):
        if m % self.param:
            raise ValueError(f"{where}: maxout rank {self.param} does not divide the width {m}")

    def decisions(self, m):
        return m // self.param

    def decision_values(self, m, j):
        return tuple(range(self.param))

    def permuted(self, perm):
        # a permutation of the groups (their rows move in blocks of k)
        return self

    def _groups(self, seq):
        k = self.param
        return [seq[g:g + k] for g in range(0, len(seq), k)]

    def apply(self, pre):
        return [max(grp) for grp in self._groups(list(pre))]

    def pattern(self, pre):
        return tuple(max(range(len(grp)), key=grp.__getitem__) for grp in self._groups(list(pre)))

    def tropical(self, T, H, Q, times):
        # max_i (H_i - Q_i) + sum_j Q_j = max_i (H_i + sum_{j != i} Q_j)
        k = self.param
        F, G = [], []
        for g in range(0, len(H), k):
            Fg = T.zero()
            for i in range(g, g + k):
                term = H[i]
                for j in range(g, g + k):
                    if j != i:
                        term = times(term, Q[j])
                Fg = Fg + term
            Gg = T.one()
            for j in range(g, g + k):
                Gg = times(Gg, Q[j])
            F.append(Fg)
            G.append(Gg)
        return F, G

    def tropical_shift(self, rows):
        return [[sum(col) for col in zip(*grp)] for grp in self._groups(list(rows))]

    def options(self, Z, zden, j):
        k = self.param
        rows = [[int(v) for v in Z[j * k + i]] for i in range(k)]
        opts = []
        for i in range(k):
            cons = []
            for t in range(k):
                if t == i:
                    continue
                diff = [a - b for a, b in zip(rows[i], rows[t])]
                if any(diff[1:]):
                    cons.append(_side_row(diff, True))
                elif diff[0] < 0 or (diff[0] == 0 and t < i):
                    break        # below piece t everywhere, or a copy of an earlier piece
            else:
                opts.append((i, cons))
        return opts

    def output_map(self, Z, zden, bits):
        k = self.param
        if len(bits) != len(Z) // k:
            raise ValueError(f"{len(bits)} decisions for a maxout layer of {len(Z) // k} groups")
        Z = np.asarray(Z, dtype=object)
        T = np.array([Z[g * k + w, :] for g, w in enumerate(bits)], dtype=object)
        return T.reshape(len(bits), Z.shape[1]), zden

    def interval_image(self, bounds):
        return [(max(L for L, _ in grp), max(U for _, U in grp)) for grp in self._groups(list(bounds))]

    def milp_encode(self, model, g, bounds, margin):
        outs, records = [], []
        k = self.param
        for s in range(0, len(g), k):
            o, rec = self._milp_group(model, g[s:s + k], bounds[s:s + k], margin)
            outs.append(o)
            records.append(rec)
        return outs, records

    @staticmethod
    def _milp_group(m, g, bounds, f):
        r"""
        Exact big-M encoding of ``y = max_i g_i`` with ``g_i`` in ``[L_i, U_i]``:
        one binary ``z_i`` per piece that can win (piece ``i`` cannot when ``U_i <=
        L_t`` for some ``t < i`` or ``U_i < L_t`` for some ``t > i``), ``sum z_i = 1``
        and::

            y >= g_t (all t),    y <= g_i + (max_t U_t - L_i)(1 - z_i),
            g_i - g_t >= f - (U_t - L_i + 1)(1 - z_i)   (t < i: ties go to the first).
        """
        Ls = [L for L, _ in bounds]
        Us = [U for _, U in bounds]
        k = len(g)
        cand = [i for i in range(k)
                if not any(Us[i] <= Ls[t] for t in range(i))
                and not any(Us[i] < Ls[t] for t in range(i + 1, k))]
        top = max(Us)
        y = m.var(max(Ls), top)
        for gt in g:
            m.row({y: 1, gt: -1}, lo=0)                  # y >= g_t
        if len(cand) == 1:
            i = cand[0]
            m.row({y: 1, g[i]: -1}, lo=0, hi=0)
            return y, ("fixed", i)
        zs = []
        for i in cand:
            z = m.var(0, 1, integer=True)
            zs.append((i, z))
            M = top - Ls[i]
            m.row({y: 1, g[i]: -1, z: M}, hi=M)          # z_i = 1: y <= g_i
            for t in range(i):
                M = Us[t] - Ls[i] + 1
                m.row({g[i]: 1, g[t]: -1, f: -1, z: -M}, lo=-M)
        m.row({z: 1 for _, z in zs}, lo=1, hi=1)
        return y, ("onehot", zs)

    def numpy_function(self, m):
        p = self.param

        def f(Z, JZ=None):
            N_ = Z.shape[0]
            Zg = Z.reshape(N_, m // p, p)
            idx = Zg.argmax(axis=2)
            V = np.take_along_axis(Zg, idx[:, :, None], axis=2)[:, :, 0]
            if JZ is None:
                return V, None
            rows = idx + np.arange(0, m, p)[None, :]
            return V, np.take_along_axis(JZ, rows[:, :, None], axis=1)
        return f

    def torch_function(self, m):
        p = self.param

        def f(z):
            return z.reshape(-1, p).max(dim=1).values
        return f


@register
class Identity(Unitwise):
    """``t``: carries a value on and never splits a region.

    A layer of identity units takes no decision (the region enumerator records ``()``);
    its :meth:`pattern` is the sign vector ``(t > 0)`` of its outputs, as
    :meth:`~tropsage.nn.Network.activation_pattern` has always reported it. Inside a
    :class:`PerUnit` layer an identity unit's entry is always 1.

    EXAMPLES::

        >>> from tropsage.nn.activations import Identity
        >>> Identity().apply([-1, 2]), Identity().pattern([-1, 2]), Identity().decisions(2)
        ([-1, 2], (0, 1), 0)
    """

    __slots__ = ()
    kind = "identity"
    aliases = ("linear", "none")
    positively_homogeneous = True

    def hinge(self):
        return _IDENTITY_HINGE

    def decisions(self, m):
        return 0

    def apply(self, pre):
        return list(pre)

    def pattern(self, pre):
        return tuple(int(t > 0) for t in pre)

    def tropical(self, T, H, Q, times):
        return H, Q

    def tropical_shift(self, rows):
        return [list(r) for r in rows]

    def output_map(self, Z, zden, bits):
        if bits not in ((), None):
            raise ValueError("an identity layer takes no decision; its pattern is ()")
        return np.asarray(Z, dtype=object), zden

    def milp_encode(self, model, g, bounds, margin):
        return list(g), []


class PerUnit(Unitwise):
    """
    A layer whose units have different activations: ``units[j]`` acts on unit ``j``.

    Each unit is ``relu``, ``leaky_relu``, ``threshold`` or ``identity`` (maxout acts on
    groups of units and cannot be mixed). An ``identity`` unit carries a value past the
    layer and never splits a region: its entry in an activation pattern is always 1.
    This is what lowering a residual block needs: the ``x = relu(x) - relu(-x)`` trick
    would add a false boundary at ``x = 0``.

    EXAMPLES::

        >>> from tropsage.nn import PerUnit, as_network
        >>> act = PerUnit(["relu", "relu", "identity", ("leaky_relu", "1/10")])
        >>> act
        PerUnit(relu×2, identity, leaky_relu(1/10))
        >>> net = as_network([([[1], [-1], [1], [1]], [0, 0, 0, 0], act)])
        >>> net([-2])
        (0, 2, -2, -1/5)
        >>> net.activation_pattern([-2])
        [(0, 1, 1, 0)]
        >>> PerUnit(["relu", ("maxout", 2)])
        Traceback (most recent call last):
        ...
        ValueError: unit 1: maxout acts on groups of units and cannot be mixed per unit
    """

    __slots__ = ("units", "_hinges")
    kind = "per_unit"

    def __new__(cls, units):
        if isinstance(units, (str, Activation)) or not hasattr(units, "__iter__"):
            raise TypeError("PerUnit takes a list of activations, one per unit")
        acts = []
        for j, spec in enumerate(units):
            if isinstance(spec, PerUnit):
                raise TypeError(f"unit {j}: a PerUnit cannot be nested")
            a = parse_activation(spec, f"unit {j}")
            if not a.unitwise:
                raise ValueError(f"unit {j}: {a.kind} acts on groups of units and cannot be "
                                 "mixed per unit")
            acts.append(a)
        if not acts:
            raise ValueError("PerUnit needs at least one unit")
        self = object.__new__(cls)
        object.__setattr__(self, "param", None)
        object.__setattr__(self, "units", tuple(acts))
        # one hinge object per distinct hinge: the cell maps key their pieces by identity
        shared = {}
        object.__setattr__(self, "_hinges", tuple(shared.setdefault(a.hinge(), a.hinge())
                                                   for a in acts))
        return self

    def __reduce__(self):
        return (PerUnit, (self.units,))

    def _key(self):
        return self.units

    def __len__(self):
        return len(self.units)

    def __str__(self):
        runs = []
        for a in self.units:
            if runs and runs[-1][0] == a:
                runs[-1][1] += 1
            else:
                runs.append([a, 1])
        return ", ".join(str(a) if k == 1 else f"{a}×{k}" for a, k in runs)

    def __repr__(self):
        return f"PerUnit({self})"

    def layer_text(self):
        return repr(self)

    def to_spec(self):
        """``["per_unit", [unit specs]]``.

        EXAMPLES::

            >>> from tropsage.nn import PerUnit, parse_activation
            >>> a = PerUnit(["relu", "identity"])
            >>> a.to_spec(), parse_activation(a.to_spec()) == a
            (['per_unit', ['relu', 'identity']], True)
        """
        return [self.kind, [u.to_spec() for u in self.units]]

    def check_width(self, m, where="layer"):
        if len(self.units) != m:
            raise ValueError(f"{where}: {len(self.units)} per-unit activations for {m} units")

    def unit_activations(self, m):
        if m != len(self.units):
            raise ValueError(f"{len(self.units)} per-unit activations for {m} units")
        return list(self.units)

    def _unit(self, j):
        return self.units[j]

    def hinges(self, m):
        if m != len(self.units):
            raise ValueError(f"{len(self.units)} per-unit activations for {m} units")
        return list(self._hinges)

    def permuted(self, perm):
        return PerUnit([self.units[i] for i in perm])

    @property
    def positively_homogeneous(self):
        return all(u.positively_homogeneous for u in self.units)


def parse_activation(spec, where="activation"):
    """
    Read ``"relu"``, ``"identity"``, ``("leaky_relu", alpha)``, ``("threshold", tau)``,
    ``("maxout", k)``, ``("per_unit", [unit, ...])`` (or an :class:`Activation`) into
    an :class:`Activation`; ``None`` is the identity.

    INPUT:

    - ``spec`` -- a registered name (:data:`ACTIVATIONS`, or an alias such as
      ``"linear"``), a pair ``(name, parameter)``, or an :class:`Activation`.
    - ``where`` -- what error messages name.

    OUTPUT: an :class:`Activation` (its registered class).

    EXAMPLES::

        >>> from tropsage.nn import parse_activation
        >>> parse_activation(("leaky_relu", "1/10"))
        Activation(kind='leaky_relu', param=Fraction(1, 10))
        >>> parse_activation("softmax", where="layer 2")
        Traceback (most recent call last):
        ...
        ValueError: layer 2: unknown activation 'softmax'; expected one of relu, leaky_relu, threshold, maxout, identity
        >>> parse_activation(("per_unit", ["relu", "identity"]))
        PerUnit(relu, identity)
    """
    if isinstance(spec, Activation):
        return spec
    if spec is None:
        return Identity()
    if isinstance(spec, str):
        kind, param = spec, None
    elif isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str):
        kind, param = spec
    else:
        raise TypeError(f"{where}: cannot read activation {spec!r}; use a name or (name, parameter)")
    if kind.strip().lower() == PerUnit.kind:
        if param is None:
            raise ValueError(f"{where}: activation 'per_unit' needs the list of unit activations")
        try:
            return PerUnit(param)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{where}: {exc}") from None
    return _lookup(kind, where)._make(param, where)


def parse_activation_string(text):
    """
    The activation spec written as text (``"relu"``, ``"leaky_relu:0.1"``,
    ``"threshold:1/2"``, ``"maxout:2"``), as :func:`parse_activation` reads it: a name
    or a pair ``(name, parameter text)`` (an ``int`` rank for maxout).

    EXAMPLES::

        >>> from tropsage.nn.activations import parse_activation_string
        >>> parse_activation_string("maxout:2"), parse_activation_string("leaky_relu:1/10")
        (('maxout', 2), ('leaky_relu', '1/10'))
        >>> parse_activation_string("maxout:two")
        Traceback (most recent call last):
        ...
        ValueError: maxout rank must be an integer, got 'two'
    """
    from .._exact import check_number_size
    if ":" not in text:
        return text
    kind, param = text.split(":", 1)
    if kind.strip() == Maxout.kind:
        try:
            return (kind, int(param))
        except ValueError:
            raise ValueError(f"maxout rank must be an integer, got {param!r}") from None
    check_number_size(param, f"activation {kind!r}")
    return (kind, param)


def apply_activation(act, pre):
    """
    Apply an :class:`Activation` to a list of Fractions exactly.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.nn.network import Activation, apply_activation
        >>> [str(t) for t in apply_activation(Activation("relu"), [Fraction(-1), Fraction(1, 2)])]
        ['0', '1/2']
        >>> apply_activation(Activation("maxout", 2), [Fraction(1), Fraction(3)])
        [Fraction(3, 1)]
    """
    return act.apply(pre)


__all__ = ["ACTIVATIONS", "Activation", "Hinge", "Identity", "LeakyReLU", "Maxout", "PerUnit",
           "ReLU", "Threshold", "Unitwise", "apply_activation", "parse_activation",
           "parse_activation_string", "register"]
