r"""
Integer row systems: the data every part of :mod:`tropsage.polyhedra` shares.

A system is an integer matrix whose row ``[b, a_1, ..., a_n]`` means ``a . x <= b``
(inequalities) or ``a . x == b`` (equations): a numpy ``int64`` array while every
entry is safely small, an object array of Python ints beyond (see
:mod:`tropsage._exact`), or for the region engine plain lists of Python ints.
This module reads user input into that form, validates it, drops zero rows, and
evaluates rows exactly at a rational point ``X / D``; it also holds the counters of
:func:`~tropsage.polyhedra.backend_stats`.

EXAMPLES::

    >>> import numpy as np
    >>> from tropsage.polyhedra.rows import check_int_rows, slack
    >>> H = check_int_rows([[1, 1, 0], [0, -1, 0]], 2, "rows")
    >>> H.dtype, slack(H, [1, 5], 2).tolist()
    (dtype('int64'), [1, 1])
"""

import math
from collections import Counter

import numpy as np

from tropsage._exact import (INT64_SAFE, absmax, as_fraction_matrix, as_fraction_vector, qq,
                             shrink)
from tropsage.polyhedra.linalg import row_to_ints

# which path settled each question (see tropsage.polyhedra.backend_stats)
STATS = Counter()


def as_dim(n):
    """
    ``n`` as a non-negative Python int, or a clear TypeError/ValueError.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.rows import as_dim
        >>> as_dim(np.int64(3))
        3
        >>> as_dim(-1)
        Traceback (most recent call last):
        ...
        ValueError: n must be a non-negative integer, got -1
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) and not (
            hasattr(n, "is_integer") and callable(n.is_integer) and not isinstance(n, float)):
        raise TypeError(f"n must be a non-negative integer, got {n!r}")
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n}")
    return n


def as_point_ints(point, n, where="point"):
    """
    A rational point as ``(X, D)``: a list of ints over the least positive common
    denominator, ``point == X / D``; ``n`` coordinates are required.

    EXAMPLES::

        >>> from tropsage.polyhedra.rows import as_point_ints
        >>> as_point_ints(["1/2", 1, 0.25], 3)
        ([2, 4, 1], 4)
        >>> as_point_ints([1], 2)
        Traceback (most recent call last):
        ...
        ValueError: point has 1 coordinates; the polyhedron lives in dimension 2
    """
    q = as_fraction_vector(point, where)
    if len(q) != n:
        raise ValueError(f"{where} has {len(q)} coordinates; the polyhedron lives in dimension {n}")
    D = 1
    for v in q:
        D = D * v.denominator // math.gcd(D, v.denominator)
    return [v.numerator * (D // v.denominator) for v in q], D


def qq_point(X, D):
    """
    ``X / D`` as a tuple of Sage ``QQ``.

    EXAMPLES::

        >>> from tropsage.polyhedra.rows import qq_point
        >>> qq_point([2, 4], 6)
        (1/3, 2/3)
    """
    g = D
    for v in X:
        g = math.gcd(g, int(v))
    if g > 1:
        X = [int(v) // g for v in X]
        D //= g
    return tuple(qq(int(v), D) for v in X)


def rows_from_rational(A, b, where_A, where_b, n):
    """
    Rows ``[b_i | a_i]`` from rational input, scaled row by row to coprime integers.

    INPUT: ``A``, ``b`` -- a matrix and a vector of rationals (``None`` for none);
    ``where_A``, ``where_b`` -- their names in error messages; ``n`` -- the dimension
    or ``None`` to take it from ``A``.

    OUTPUT: ``(rows, n)``.

    EXAMPLES::

        >>> from tropsage.polyhedra.rows import rows_from_rational
        >>> rows_from_rational([[1, "1/2"]], [1], "A", "b", None)
        ([[2, 2, 1]], 2)
        >>> rows_from_rational([[1, 2]], [1, 2], "A", "b", None)
        Traceback (most recent call last):
        ...
        ValueError: A has 1 rows but b has 2 entries
    """
    if A is None:
        if b is not None and len(as_fraction_vector(b, where_b)) != 0:
            raise ValueError(f"{where_b} is given without {where_A}")
        return [], n
    Aq = as_fraction_matrix(A, where_A) if not _is_empty_seq(A) else []
    bq = as_fraction_vector(b, where_b) if b is not None else None
    if bq is None:
        raise ValueError(f"{where_A} is given without {where_b}")
    if len(Aq) != len(bq):
        raise ValueError(f"{where_A} has {len(Aq)} rows but {where_b} has {len(bq)} entries")
    if Aq:
        width = len(Aq[0])
        if n is None:
            n = width
        elif width != n:
            raise ValueError(f"{where_A} has {width} columns; expected n = {n}")
    return [row_to_ints([bi] + row) for bi, row in zip(bq, Aq)], n


def int_numpy_rows(A, b, where_A, where_b, n):
    """
    Fast path of the constructor: ``A`` and ``b`` integer numpy arrays give the rows
    ``[b | A]`` without any Fraction; returns ``(None, n)`` for any other input.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.rows import int_numpy_rows
        >>> H, n = int_numpy_rows(np.array([[1, 2]]), np.array([3]), "A", "b", None)
        >>> H.tolist(), n
        ([[3, 1, 2]], 2)
        >>> int_numpy_rows([[1, 2]], [3], "A", "b", None)
        (None, None)
    """
    if not (isinstance(A, np.ndarray) and isinstance(b, np.ndarray)
            and A.dtype.kind in "iu" and b.dtype.kind in "iu" and A.ndim == 2 and b.ndim == 1):
        return None, n
    if A.shape[0] != b.shape[0]:
        raise ValueError(f"{where_A} has {A.shape[0]} rows but {where_b} has {b.shape[0]} entries")
    if n is not None and A.shape[1] != n:
        raise ValueError(f"{where_A} has {A.shape[1]} columns; expected n = {n}")
    H = np.hstack([b.astype(object)[:, None], A.astype(object)])
    return check_int_rows(H, A.shape[1], where_A), A.shape[1]


def _is_empty_seq(A):
    try:
        return len(A) == 0
    except TypeError:
        return False


def check_int_rows(M, n, where):
    """
    Validate an integer row matrix: a numpy ``int64`` array when every entry is safely
    small, else an object array of Python ints; ``None`` gives no rows.

    EXAMPLES::

        >>> from tropsage.polyhedra.rows import check_int_rows
        >>> check_int_rows([[2 ** 70, 1]], 1, "rows").dtype
        dtype('O')
        >>> check_int_rows([[1, 2]], 2, "rows")
        Traceback (most recent call last):
        ...
        ValueError: rows has 2 columns; rows [b | a] in dimension 2 need 3
    """
    if M is None:
        return np.zeros((0, n + 1), dtype=np.int64) if n is not None else None
    if not isinstance(M, np.ndarray):
        if not len(M):
            return np.zeros((0, (n + 1) if n is not None else 1), dtype=np.int64)
        try:
            M = np.array(M, dtype=object)
        except ValueError:
            raise ValueError(f"{where} is ragged (rows of different lengths)") from None
    if M.ndim != 2:
        raise ValueError(f"{where} must be a 2-dimensional array of rows [b | a], got shape {M.shape}")
    if M.dtype.kind not in "iu":
        if M.dtype != object:
            raise TypeError(f"{where} must hold integers (int64 or Python ints), got dtype {M.dtype}")
        for v in M.flat:
            if not isinstance(v, (int, np.integer)) or isinstance(v, bool):
                raise TypeError(f"{where} holds {type(v).__name__} {v!r}; integer rows expected")
        M = shrink(M)
    elif M.dtype != np.int64:
        if M.dtype == np.uint64 and M.size and int(M.max()) >= INT64_SAFE:
            M = M.astype(object)
        else:
            M = M.astype(np.int64)
    if n is not None and M.shape[1] != n + 1:
        raise ValueError(f"{where} has {M.shape[1]} columns; rows [b | a] in dimension {n} need {n + 1}")
    return M


def stack(M1, M2):
    """
    The rows of ``M1`` then those of ``M2`` (object dtype when either is).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.rows import stack
        >>> S = stack(np.array([[1, 2]]), np.array([[2 ** 70, 4]], dtype=object))
        >>> S.dtype, S.tolist()
        (dtype('O'), [[1, 2], [1180591620717411303424, 4]])
    """
    if M1.shape[0] == 0:
        return M2
    if M2.shape[0] == 0:
        return M1
    if M1.dtype == object or M2.dtype == object:
        return np.vstack([M1.astype(object), M2.astype(object)])
    return np.vstack([M1, M2])


def drop_zero_rows(H, E):
    """
    ``(trivially_empty, H, E)`` with the rows whose ``a`` is zero removed: such a row
    ``0 <= b`` (or ``0 == b``) is either always true (dropped) or never (empty).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.rows import drop_zero_rows
        >>> e, H, E = drop_zero_rows(np.array([[1, 0], [3, 1]]), np.zeros((0, 2), dtype=np.int64))
        >>> e, H.tolist()
        (False, [[3, 1]])
    """
    empty = False
    # one reduction in the common case of no zero rows
    if H.shape[0] and not np.count_nonzero(H[:, 1:], axis=1).all():
        zero = ~np.any(H[:, 1:] != 0, axis=1)
        if np.any(H[zero, 0] < 0):
            empty = True
        H = H[~zero]
    if E.shape[0] and not np.count_nonzero(E[:, 1:], axis=1).all():
        zero = ~np.any(E[:, 1:] != 0, axis=1)
        if np.any(E[zero, 0] != 0):
            empty = True
        E = E[~zero]
    return empty, H, E


def slack(H, X, D):
    """
    ``b*D - A@X`` for the rows ``H = [b | A]``, exactly (int64 when provably safe,
    Python ints otherwise): ``D`` times the slack of the point ``X / D``. Plain lists
    of rows give a list.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.polyhedra.rows import slack
        >>> slack(np.array([[1, 1, 0], [0, 0, -1]]), [1, 1], 2).tolist()    # at (1/2, 1/2)
        [1, 1]
        >>> slack([[1, 1, 0]], [3, 0], 2)                                  # outside: negative
        [-1]
    """
    if not isinstance(H, np.ndarray):
        out = []
        for r in H:
            s = r[0] * D
            for a, x in zip(r[1:], X):
                s -= a * x
            out.append(s)
        return out
    if H.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    n = H.shape[1] - 1
    bound = absmax(H) * (max((abs(int(v)) for v in X), default=0) * n + abs(int(D)))
    if H.dtype != object and bound < INT64_SAFE:
        Xa = np.asarray(X, dtype=np.int64)
        return H[:, 0] * int(D) - H[:, 1:] @ Xa
    Ho = H.astype(object)
    Xa = np.array([int(v) for v in X], dtype=object)
    return Ho[:, 0] * int(D) - Ho[:, 1:].dot(Xa)


def backend_stats():
    """
    Counters of which path settled each question since the last reset.

    Keys include ``"fulldim:hint"`` (a given point certified full dimension),
    ``"fulldim:float"`` (the float prefilter certified it), ``"fulldim:exact"``
    (PPL/cddlib/Sage decided), ``"float_lp"`` (float LPs solved),
    ``"float_reject"`` (float LPs whose answer could not be certified),
    ``"exact_lp"`` (PPL simplex runs) and ``"dd:<backend>"`` (double descriptions).

    EXAMPLES::

        >>> from tropsage.polyhedra import box, backend_stats, reset_backend_stats
        >>> reset_backend_stats()
        >>> box([(0, 1)] * 5).is_full_dimensional()
        True
        >>> backend_stats()["fulldim:float"]
        1
    """
    return dict(STATS)


def reset_backend_stats():
    """
    Set every counter of :func:`backend_stats` back to zero.

    EXAMPLES::

        >>> from tropsage.polyhedra import box, backend_stats, reset_backend_stats
        >>> _ = box([(0, 1)] * 2).is_full_dimensional()
        >>> reset_backend_stats()
        >>> backend_stats()
        {}
    """
    STATS.clear()
