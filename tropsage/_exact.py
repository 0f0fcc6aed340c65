"""
Exact conversion of user input to rationals, and the small integer helpers shared by
every module (primitive rows, union-find).

Floats are dyadic rationals and are converted exactly; ``limit_denominator``
rounding is opt-in and always reported by the caller. Bad values (NaN, inf,
unreadable strings, unsupported types) raise ``ValueError``/``TypeError`` naming
*where* they were found, so the user sees the layer or argument at fault.

Internally the library computes with Python ints (numerator/denominator pairs or
integer matrices with one common denominator); Sage ``QQ`` elements are made only
at the output boundary by :func:`qq`.
"""

import math
import re
from decimal import Decimal
from fractions import Fraction
from numbers import Integral

import numpy as np

INT64_SAFE = 1 << 62
"""Integer matrices stay ``int64`` while every entry is below this bound; beyond
it they switch to ``object`` arrays of Python ints, so nothing ever overflows."""


MAX_DIGITS = 4300
"""Largest number of digits of one number string (Python's own default limit for
``int`` from a string); raise it to read longer numbers."""

MAX_EXPONENT = 4300
"""Largest absolute decimal exponent of one number string: ``"1e999999999"`` would
otherwise ask for a billion-digit integer and hang. Raise it to read such numbers."""

_NUMBER = re.compile(r"\s*[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*")


def check_number_size(text, where, max_digits=None, max_exponent=None):
    """
    Refuse a decimal number string whose digits or exponent exceed the limits
    (:data:`MAX_DIGITS`, :data:`MAX_EXPONENT` by default), before anything builds it.

    EXAMPLES::

        >>> from tropsage._exact import check_number_size
        >>> check_number_size("2.5e-3", "W[0, 0]")
        >>> check_number_size("1e999999999", "W[0, 0]")
        Traceback (most recent call last):
        ...
        ValueError: W[0, 0]: the exponent of '1e999999999' exceeds 4300 in absolute value (raise max_exponent= to read it)
    """
    max_digits = MAX_DIGITS if max_digits is None else int(max_digits)
    max_exponent = MAX_EXPONENT if max_exponent is None else int(max_exponent)
    shown = text if len(text) <= 40 else text[:37] + "..."
    for part in text.split("/", 1):
        m = _NUMBER.fullmatch(part)
        if m is None:
            continue          # not a decimal: Fraction() gives the error
        digits = len(m.group(1) or "") + len(m.group(2) or "")
        if digits > max_digits:
            raise ValueError(f"{where}: {shown!r} has {digits} digits, more than {max_digits} "
                             "(raise max_digits= to read it)")
        e = m.group(3)
        if e is not None and (len(e.lstrip("+-").lstrip("0")) > 18 or abs(int(e)) > max_exponent):
            raise ValueError(f"{where}: the exponent of {shown!r} exceeds {max_exponent} in "
                             "absolute value (raise max_exponent= to read it)")


def as_fraction(value, where="value", limit_denominator=None):
    """
    Return ``value`` as an exact :class:`fractions.Fraction`.

    INPUT:

    - ``value`` -- int, Fraction, float (converted exactly), str such as ``"1/3"``
      or ``"0.25"``, numpy scalar, Sage ``Integer``/``Rational``/real number,
      gmpy2 ``mpz``/``mpq``, Decimal, or a 0-d torch tensor.
    - ``where`` -- text naming the value in error messages.
    - ``limit_denominator`` -- if given, round to the closest fraction with at most
      this denominator (the caller records that it rounded).

    EXAMPLES::

        >>> from tropsage._exact import as_fraction
        >>> as_fraction("1/3"), as_fraction(0.5), as_fraction(0.1) == Fraction(1, 10)
        (Fraction(1, 3), Fraction(1, 2), False)
        >>> as_fraction(0.1, limit_denominator=1000)
        Fraction(1, 10)
        >>> as_fraction(float("nan"), where="layer 2, W[0, 1]")
        Traceback (most recent call last):
        ...
        ValueError: layer 2, W[0, 1] is nan; weights and points must be finite
    """
    q = _as_fraction(value, where)
    if limit_denominator is not None:
        q = q.limit_denominator(int(limit_denominator))
    return q


def _as_fraction(v, where):
    if isinstance(v, Fraction):
        return v
    if isinstance(v, bool):
        raise TypeError(f"{where} is a bool ({v}); expected a number")
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)  # float16/32 -> float64 is exact
        if not math.isfinite(f):
            raise ValueError(f"{where} is {f}; weights and points must be finite")
        return Fraction(f)
    if isinstance(v, np.integer):
        return Fraction(int(v))
    if isinstance(v, str):
        check_number_size(v, where)
        try:
            return Fraction(v.strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{where}: cannot read {v!r} as a rational number") from None
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"{where} is {v}; weights and points must be finite")
        return Fraction(v)
    num = getattr(v, "numerator", None)
    den = getattr(v, "denominator", None)
    if num is not None and den is not None:
        # Sage Integer/Rational have methods, gmpy2 and numbers.Rational attributes
        num = num() if callable(num) else num
        den = den() if callable(den) else den
        try:
            return Fraction(int(num), int(den))
        except (TypeError, ValueError):
            pass
    if hasattr(v, "exact_rational"):  # Sage real numbers: exact binary value
        try:
            if not v.is_finite():  # pragma: no branch
                raise ValueError(f"{where} is {v}; weights and points must be finite")
        except AttributeError:
            pass
        return _as_fraction(v.exact_rational(), where)
    if getattr(v, "ndim", None) == 0 and hasattr(v, "item"):  # torch / numpy 0-d
        return _as_fraction(v.item(), where)
    if isinstance(v, Integral):
        return Fraction(int(v))
    raise TypeError(f"{where}: cannot convert {type(v).__name__} {v!r} to an exact rational")


def as_fraction_vector(values, where="vector", limit_denominator=None):
    """
    A list of Fractions from a 1-d sequence or array (floats exactly, strings such as
    ``"1/3"``), checking its shape; ``where`` names it in errors.

    EXAMPLES::

        >>> from tropsage._exact import as_fraction_vector
        >>> as_fraction_vector([1, "1/3", 0.5])
        [Fraction(1, 1), Fraction(1, 3), Fraction(1, 2)]
        >>> as_fraction_vector([[1]], "b")
        Traceback (most recent call last):
        ...
        ValueError: b must be 1-dimensional, got shape (1, 1)
    """
    arr = _as_object_array(values, where)
    if arr.ndim != 1:
        raise ValueError(f"{where} must be 1-dimensional, got shape {arr.shape}")
    return [as_fraction(v, f"{where}[{i}]", limit_denominator) for i, v in enumerate(arr)]


def as_fraction_matrix(values, where="matrix", limit_denominator=None):
    """
    A list of rows of Fractions from a 2-d sequence or array, checking its shape.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage._exact import as_fraction_matrix
        >>> as_fraction_matrix(np.array([[0.25, 1]]))
        [[Fraction(1, 4), Fraction(1, 1)]]
        >>> as_fraction_matrix([[1, 2], [3]], "W")
        Traceback (most recent call last):
        ...
        ValueError: W is ragged (rows of different lengths)...
    """
    arr = _as_object_array(values, where)
    if arr.ndim != 2:
        raise ValueError(f"{where} must be 2-dimensional, got shape {arr.shape}")
    return [[as_fraction(v, f"{where}[{i}, {j}]", limit_denominator)
             for j, v in enumerate(row)] for i, row in enumerate(arr)]


def _as_object_array(values, where):
    if hasattr(values, "detach") and hasattr(values, "dtype"):  # torch tensor
        t = values.detach().cpu()
        if t.is_complex():
            raise TypeError(f"{where} is a complex tensor ({t.dtype}); expected real numbers")
        if t.dtype == _torch_dtype("bool"):
            raise TypeError(f"{where} is a bool tensor; expected numbers")
        if t.is_floating_point():
            values = t.double().numpy()      # float16/32/bfloat16 -> float64 is exact
        else:
            # integers stay integers: through float64 they would round beyond 2^53
            values = np.array(t.tolist(), dtype=object)
    elif hasattr(values, "numpy") and hasattr(values, "nrows"):  # Sage matrix
        values = [list(r) for r in values.rows()]
    elif hasattr(values, "list") and hasattr(values, "degree") and not isinstance(values, np.ndarray):
        values = values.list()  # Sage vector
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "c":
            raise TypeError(f"{where} is a complex array ({values.dtype}); expected real numbers")
        if values.dtype.kind == "b":
            raise TypeError(f"{where} is a bool array; expected numbers")
        if values.dtype.kind == "f":
            bad = ~np.isfinite(values)
            if bad.any():
                idx = tuple(int(i) for i in np.argwhere(bad)[0])
                raise ValueError(f"{where}{list(idx)} is {values[idx]}; weights and points must be finite")
        return values.astype(object)
    try:
        arr = np.array(values, dtype=object)
    except ValueError as exc:
        raise ValueError(f"{where} is ragged (rows of different lengths): {exc}") from None
    if arr.dtype == object and arr.ndim >= 1 and any(isinstance(r, (list, tuple)) for r in arr.flat):
        raise ValueError(f"{where} is ragged (rows of different lengths)")
    return arr


def _torch_dtype(name):
    import torch
    return getattr(torch, name)


def integer_matrix(rows):
    """
    Integer matrix with a common denominator for a matrix of Fractions.

    Returns ``(N, d)`` with ``N`` an ``int64`` array when it fits, else an object
    array of Python ints, and ``rows == N / d`` exactly.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage._exact import integer_matrix
        >>> N, d = integer_matrix([[Fraction(1, 2), Fraction(1, 3)], [Fraction(2), Fraction(0)]])
        >>> N.tolist(), d
        ([[3, 2], [12, 0]], 6)
    """
    d = 1
    for row in rows:
        for q in row:
            d = d * q.denominator // math.gcd(d, q.denominator)
    ints = [[q.numerator * (d // q.denominator) for q in row] for row in rows]
    return int_array(ints), d


def int_array(ints, ncols=None):
    """
    A numpy array of Python ints: ``int64`` when every entry is safe, else ``object``
    (``ncols`` shapes an empty array).

    EXAMPLES::

        >>> from tropsage._exact import int_array
        >>> int_array([[1, 2]]).dtype, int_array([[2 ** 70]]).dtype, int_array([], 3).shape
        (dtype('int64'), dtype('O'), (0, 3))
    """
    arr = np.array(ints, dtype=object)
    if ncols is not None and arr.size == 0:
        arr = arr.reshape(0, ncols)
    return shrink(arr)


def absmax(M):
    """
    Largest absolute entry of an integer array (0 if empty), as a Python int.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage._exact import absmax
        >>> absmax(np.array([[3, -7]])), absmax(np.zeros((0, 2), dtype=int))
        (7, 0)
    """
    if M.size == 0:
        return 0
    return int(np.max(np.abs(M)))


def shrink(M):
    """
    Turn an object array of ints into ``int64`` when every entry is safe.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage._exact import shrink
        >>> shrink(np.array([[1, 2]], dtype=object)).dtype
        dtype('int64')
    """
    if M.dtype == object and (M.size == 0 or absmax(M) < INT64_SAFE):
        return M.astype(np.int64)
    return M


def widen(M, bound):
    """
    ``M`` as an object array if results up to ``bound`` could overflow int64.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage._exact import widen
        >>> widen(np.array([1]), 10).dtype, widen(np.array([1]), 2 ** 63).dtype
        (dtype('int64'), dtype('O'))
    """
    if M.dtype != object and bound >= INT64_SAFE:
        return M.astype(object)
    return M


def primitive(row):
    """
    The positive multiple of a rational row with coprime integer entries, as a tuple
    of Python ints (a zero row is returned unchanged, as ints): the canonical key of a
    hyperplane or direction. Entries are ints (Python, numpy, Sage) or
    :class:`~fractions.Fraction`.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage._exact import primitive
        >>> primitive([4, -6, 0]), primitive([0, 0])
        ((2, -3, 0), (0, 0))
        >>> primitive([Fraction(2, 3), Fraction(-4, 9)])
        (3, -2)
    """
    den = 1
    for v in row:
        if type(v) is Fraction and v.denominator != 1:
            den = den * v.denominator // math.gcd(den, v.denominator)
    ints = [int(v) for v in row] if den == 1 else [int(v * den) for v in row]
    g = math.gcd(*ints)
    return tuple(v // g for v in ints) if g > 1 else tuple(ints)


def primitive_rows(M):
    """
    Each row of the integer array ``M`` divided by the gcd of its entries (zero rows
    unchanged): :func:`primitive` for a whole matrix, vectorized for ``int64`` arrays.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage._exact import primitive_rows
        >>> primitive_rows(np.array([[4, -6], [0, 0], [3, 5]]))
        array([[ 2, -3],
               [ 0,  0],
               [ 3,  5]])
        >>> primitive_rows(np.array([[2 ** 70, 2 ** 71]], dtype=object))
        array([[1, 2]], dtype=object)
    """
    if M.dtype != object:
        g = np.gcd.reduce(np.abs(M), axis=1)
        g[g == 0] = 1
        return M // g[:, None]
    return np.array([primitive(row) for row in M.tolist()], dtype=object).reshape(M.shape)


class DisjointSets:
    """
    Union-find over hashable items with path halving, the root of a set being its
    least item. The regions code merges pieces as it tests their adjacency and skips
    pairs already joined, so the structure grows edge by edge (a one-shot
    ``scipy.sparse.csgraph.connected_components`` would need every adjacency test
    first; scipy's and networkx's union-find measured 2-3 times slower here).

    EXAMPLES::

        >>> from tropsage._exact import DisjointSets
        >>> d = DisjointSets(range(5))
        >>> d.union(3, 1), d.union(1, 3), d.union(4, 0)
        (True, False, True)
        >>> d.find(3), d.same(0, 4), d.groups()
        (1, True, [[0, 4], [1, 3], [2]])
    """

    def __init__(self, items):
        self.parent = {x: x for x in items}

    def find(self, a):
        """
        The root (least item) of the set of ``a``.

        EXAMPLES::

            >>> from tropsage._exact import DisjointSets
            >>> d = DisjointSets("abc")
            >>> _ = d.union("c", "b")
            >>> d.find("c"), d.find("a")
            ('b', 'a')
        """
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def same(self, a, b):
        """
        Whether ``a`` and ``b`` are in one set.

        EXAMPLES::

            >>> from tropsage._exact import DisjointSets
            >>> d = DisjointSets(range(3))
            >>> _ = d.union(0, 2)
            >>> d.same(2, 0), d.same(0, 1)
            (True, False)
        """
        return self.find(a) == self.find(b)

    def union(self, a, b):
        """
        Join the sets of ``a`` and ``b``; ``False`` if they were one already.

        EXAMPLES::

            >>> from tropsage._exact import DisjointSets
            >>> d = DisjointSets(range(2))
            >>> d.union(0, 1), d.union(1, 0)
            (True, False)
        """
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True

    def groups(self):
        """
        The sets, each as the list of its items in insertion order, ordered by root.

        EXAMPLES::

            >>> from tropsage._exact import DisjointSets
            >>> d = DisjointSets([5, 3, 4])
            >>> _ = d.union(4, 5)
            >>> d.groups()
            [[3], [5, 4]]
        """
        comps = {}
        for x in self.parent:
            comps.setdefault(self.find(x), []).append(x)
        return [comps[r] for r in sorted(comps)]


def lcm(a, b):
    """
    The least common multiple of two ints.

    EXAMPLES::

        >>> from tropsage._exact import lcm
        >>> lcm(4, 6)
        12
    """
    return a // math.gcd(a, b) * b


_QQ = None


def qq(num, den=1):
    """
    Sage ``QQ`` element ``num/den`` from Python ints (or a Fraction).

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage._exact import qq
        >>> qq(2, 4), qq(Fraction(-1, 3)), qq(2, 4).parent()
        (1/2, -1/3, Rational Field)
    """
    global _QQ
    if _QQ is None:
        import sage.all__sagemath_polyhedra  # noqa: F401  (must precede deeper sage imports)
        from sage.rings.rational_field import QQ
        _QQ = QQ
    if isinstance(num, Fraction):
        return _QQ((num.numerator, num.denominator))
    return _QQ((int(num), int(den)))
