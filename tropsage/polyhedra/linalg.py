r"""
Exact linear algebra on small rational matrices, through FLINT (python-flint).

The polyhedral code needs reduced row echelon forms, kernels and ranks of small
matrices (a few dozen rows, ``n + 1`` columns): canonical forms of lineality
spaces, affine hulls, the dimension of a set of generators, the multipliers of a
Farkas certificate. FLINT's ``fmpz_mat`` (the library under Sage's own integer
matrices) does them fraction-free in C; rows are scaled to integers first (a
positive factor per row changes neither the row space nor the kernel).
Measured here on 3x3 to 30x7 matrices, ``fmpz_mat.rref`` plus the conversion back
to :class:`~fractions.Fraction` takes 14-1300 us where the hand-written
Gauss-Jordan elimination over Fractions it replaces took 0.4-24 ms.

Matrices are lists of rows of ints or :class:`~fractions.Fraction` (anything with
``numerator``/``denominator``).

EXAMPLES::

    >>> from fractions import Fraction
    >>> from tropsage.polyhedra.linalg import rref, nullspace, rank, primitive
    >>> rref([[2, 4, 2], [1, 2, 3]], 3)
    ([[Fraction(1, 1), Fraction(2, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1), Fraction(1, 1)]], [0, 2])
    >>> nullspace([[1, 1, 0]], 3)
    [[Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1), Fraction(1, 1)]]
    >>> rank([[1, 2], [2, 4], [0, 0]], 2)
    1
    >>> primitive([Fraction(2, 3), Fraction(-4, 9)])
    (3, -2)

:func:`primitive` is :func:`tropsage._exact.primitive`, here for the polyhedral code.
"""

import math
from fractions import Fraction

from tropsage._exact import primitive


def _int_rows(rows):
    """Each row times the lcm of its denominators: integer rows, same row space."""
    out = []
    for r in rows:
        d = 1
        for v in r:
            q = v.denominator
            if q != 1:
                d = d * q // math.gcd(d, q)
        out.append([int(v) if d == 1 else int(v * d) for v in r])
    return out


def _fmpz(rows, ncols, integral=False):
    from flint import fmpz_mat
    if not integral:
        rows = _int_rows(rows)
    return fmpz_mat(len(rows), ncols, [v for r in rows for v in r])


def rref(rows, ncols):
    """
    Reduced row echelon form over ``QQ``: ``(rows, pivots)`` with the zero rows dropped,
    rows as lists of :class:`~fractions.Fraction`.

    EXAMPLES::

        >>> from tropsage.polyhedra.linalg import rref
        >>> rref([[0, 3], [0, 1]], 2)
        ([[Fraction(0, 1), Fraction(1, 1)]], [1])
        >>> rref([], 2)
        ([], [])
    """
    if not rows:
        return [], []
    R, den, r = _fmpz(rows, ncols).rref()
    den = int(den)
    out, pivots = [], []
    for i in range(r):
        row = [int(R[i, j]) for j in range(ncols)]
        pivots.append(next(j for j, v in enumerate(row) if v))
        out.append([Fraction(v, den) for v in row])
    return out, pivots


def rank(rows, ncols, integral=False):
    """
    The rank of a rational matrix (``integral=True`` promises Python int entries and
    skips the scaling).

    EXAMPLES::

        >>> from tropsage.polyhedra.linalg import rank
        >>> rank([[1, 0, 1], [0, 1, 1], [1, 1, 2]], 3)
        2
    """
    if not rows:
        return 0
    return int(_fmpz(rows, ncols, integral).rank())


def nullspace(rows, ncols):
    """
    A basis of ``{c : row . c = 0 for every row}``: the rows of the reduced row
    echelon form of FLINT's kernel basis, as lists of Fractions (so the answer does
    not depend on how FLINT chose its basis).

    EXAMPLES::

        >>> from tropsage.polyhedra.linalg import nullspace
        >>> nullspace([[1, 2, 3], [0, 1, 1]], 3)
        [[Fraction(1, 1), Fraction(1, 1), Fraction(-1, 1)]]
        >>> nullspace([], 2)
        [[Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(1, 1)]]
    """
    if not rows:
        return [[Fraction(int(i == j)) for j in range(ncols)] for i in range(ncols)]
    K = integer_kernel(rows, ncols)
    return rref(K, ncols)[0]


def integer_kernel(rows, ncols, integral=False):
    """
    A basis of the kernel of a rational matrix as integer vectors (FLINT's
    fraction-free ``fmpz_mat.nullspace``); ``integral=True`` promises Python int
    entries and skips the scaling.

    EXAMPLES::

        >>> from tropsage.polyhedra.linalg import integer_kernel
        >>> integer_kernel([[1, 1, -2]], 3)
        [[1, -1, 0], [-2, 0, -1]]
    """
    if not rows:
        return [[int(i == j) for j in range(ncols)] for i in range(ncols)]
    X, k = _fmpz(rows, ncols, integral).nullspace()
    return [[int(X[i, j]) for i in range(ncols)] for j in range(int(k))]


def det(rows):
    """
    The determinant of a square matrix of ints or :class:`~fractions.Fraction`: FLINT's
    ``fmpz_mat.det`` (an ``int``) for integer entries, ``fmpq_mat.det`` (a ``Fraction``)
    otherwise; the empty matrix has determinant 1.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.polyhedra.linalg import det
        >>> det([[2, 1], [1, 3]]), det([[Fraction(1, 2), 0], [0, 3]]), det([])
        (5, Fraction(3, 2), 1)
    """
    if not rows:
        return 1
    from flint import fmpz_mat
    try:
        return int(fmpz_mat(rows).det())
    except TypeError:           # Fractions (or ints of other types): over QQ
        d = _fmpq(rows, len(rows)).det()
        return Fraction(int(d.p), int(d.q))


def _fmpq(rows, ncols):
    from flint import fmpq, fmpq_mat
    return fmpq_mat(len(rows), ncols, [fmpq(int(v.numerator), int(v.denominator))
                                       for r in rows for v in r])


def inverse(rows):
    """
    The inverse of an invertible square rational matrix (FLINT's ``fmpq_mat.inv``), as
    lists of :class:`~fractions.Fraction`; a singular matrix raises ``ValueError``.

    EXAMPLES::

        >>> from tropsage.polyhedra.linalg import inverse
        >>> inverse([[2, 1], [1, 1]])
        [[Fraction(1, 1), Fraction(-1, 1)], [Fraction(-1, 1), Fraction(2, 1)]]
        >>> inverse([[1, 2], [2, 4]])
        Traceback (most recent call last):
        ...
        ValueError: the matrix is singular
    """
    n = len(rows)
    try:
        Q = _fmpq(rows, n).inv()
    except ZeroDivisionError:
        raise ValueError("the matrix is singular") from None
    return [[Fraction(int(Q[i, j].p), int(Q[i, j].q)) for j in range(n)] for i in range(n)]


def solve(B, rhs):
    """
    The solution of the square system ``B x = rhs`` (``B`` integer rows or a numpy
    array of ints, ``rhs`` rationals) by FLINT's fraction-free ``fmpz_mat.solve``, as
    Fractions; ``None`` when ``B`` is singular.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.polyhedra.linalg import solve
        >>> solve([[2, 1], [1, 3]], [Fraction(1, 2), 1])
        [Fraction(1, 10), Fraction(3, 10)]
        >>> solve([[1, 2], [2, 4]], [1, 2]) is None
        True
    """
    from flint import fmpz_mat
    k = len(rhs)
    den = math.lcm(*(Fraction(v).denominator for v in rhs)) if k else 1
    rows = B.tolist() if hasattr(B, "tolist") else [list(r) for r in B]
    try:
        X = fmpz_mat(rows).solve(fmpz_mat(k, 1, [int(v * den) for v in rhs]))
    except ZeroDivisionError:       # singular
        return None
    return [Fraction(int(X[i, 0].p), int(X[i, 0].q) * den) for i in range(k)]


def row_to_ints(coeffs):
    """
    Scale one rational row by a positive factor to coprime integers (a list).

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.polyhedra.linalg import row_to_ints
        >>> row_to_ints([Fraction(1, 2), Fraction(-3, 4), 0])
        [2, -3, 0]
    """
    return list(primitive(coeffs))
