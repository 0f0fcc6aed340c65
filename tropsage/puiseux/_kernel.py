"""
Integer-matrix kernels for tropical Puiseux polynomials (no Sage in here).

A polynomial in ``n`` variables with ``k`` monomials is one integer matrix ``M`` of
shape ``(k, n + 1)`` and one positive integer ``d``: row ``i`` is
``(a_i, c_i) * d``, exponent vector then coefficient, so the lifted points are
``M / d``. One common denominator keeps ⊕ and ⊙ pure integer array work
(``vstack`` and broadcasting ``+``) followed by one merge of equal exponents.

``M`` is ``int64`` while every entry is below ``2**62`` and an ``object`` array of
Python ints otherwise (see :mod:`tropsage._exact`); every kernel accepts both and
checks bounds before it adds or multiplies, so nothing overflows silently.

Canonical form (what every kernel returns): rows sorted lexicographically by
exponent, exponents pairwise distinct (equal exponents merged keeping the max, or
the min for min-plus, coefficient), and ``gcd(M, d) == 1``.
"""

import math

import numpy as np

from .._exact import INT64_SAFE, absmax, lcm, shrink, widen


def canonical(M, d, maximize=True):
    """
    Merge equal exponents, sort, and reduce ``(M, d)`` to lowest terms.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import canonical
        >>> M, d = canonical(np.array([[2, 4], [0, 2], [2, 0]]), 2)    # max(2 + x, 1, x)
        >>> M.tolist(), d
        ([[0, 1], [1, 2]], 1)
        >>> canonical(np.array([[2, 4], [2, 0]]), 2, maximize=False)[0].tolist()
        [[1, 0]]
    """
    M = merge(M, maximize)
    return reduce_denominator(M, d)


def reduce_denominator(M, d):
    """
    ``(M, d)`` divided by ``gcd(M, d)``, so that the denominator is the least one.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import reduce_denominator
        >>> M, d = reduce_denominator(np.array([[4, 6], [2, 0]]), 8)
        >>> M.tolist(), d
        ([[2, 3], [1, 0]], 4)
    """
    if d == 1 or M.size == 0:
        return M, (1 if M.size == 0 else d)
    if M.dtype == object:
        g = d
        for v in M.flat:  # stops early: usually some entry is coprime to d
            g = math.gcd(g, v)
            if g == 1:
                return M, d
    else:
        g = math.gcd(d, int(np.gcd.reduce(M, axis=None)))
    if g > 1:
        if M.dtype != object and g >= INT64_SAFE:
            # g divides every entry, so here they are all 0; numpy would cast g to
            # int64 and overflow: divide as Python ints
            M = M.astype(object)
        M = M // g
        d //= g
    return shrink(M), d


def merge(M, maximize=True):
    """
    Group rows by exponent (all columns but the last), keep the best coefficient;
    rows come out sorted by exponent.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import merge
        >>> M = np.array([[1, 5], [0, 2], [1, -1]])
        >>> merge(M).tolist(), merge(M, maximize=False).tolist()
        ([[0, 2], [1, 5]], [[0, 2], [1, -1]])
    """
    k = M.shape[0]
    if k <= 1:
        return M
    n = M.shape[1] - 1
    order, starts = _group(M[:, :n])
    c = M[order, n]
    best = (np.maximum if maximize else np.minimum).reduceat(c, starts)
    out = np.empty((len(starts), n + 1), dtype=M.dtype)
    out[:, :n] = M[order[starts], :n]
    out[:, n] = best
    return out


def _group(E):
    """
    Sort the rows of an integer matrix lexicographically and find equal runs.

    Returns ``(order, starts)``: ``E[order]`` is sorted and ``starts`` indexes the
    first row of every run of equal rows.
    """
    k, n = E.shape
    if n == 0:
        return np.arange(k), np.zeros(1, dtype=np.intp)
    if E.dtype == object:
        # huge ints: Python tuples sort lexicographically and compare at C speed,
        # far cheaper than ranking every column with numpy's object sort
        keys = list(map(tuple, E.tolist()))
        order = sorted(range(k), key=keys.__getitem__)
        new = [True] + [keys[a] != keys[b] for a, b in zip(order[1:], order[:-1])]
        return np.array(order, dtype=np.intp), np.flatnonzero(new)
    lo = E.min(axis=0)
    spans = [int(s) for s in (E.max(axis=0) - lo + 1)]
    if math.prod(spans) < INT64_SAFE:
        # one mixed-radix key per row: a single 1-d sort instead of a lexsort
        strides = np.array([math.prod(spans[j + 1:]) for j in range(n)], dtype=np.int64)
        key = (E - lo) @ strides
        order = np.argsort(key, kind="stable")
        sk = key[order]
        new = np.empty(k, dtype=bool)
        new[0] = True
        np.not_equal(sk[1:], sk[:-1], out=new[1:])
    else:
        order = np.lexsort(E.T[::-1])
        S = E[order]
        new = np.empty(k, dtype=bool)
        new[0] = True
        np.any(S[1:] != S[:-1], axis=1, out=new[1:])
    return order, np.flatnonzero(new)


def rescale(M, d, new_d):
    """
    Express ``M / d`` over the multiple ``new_d`` of ``d``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import rescale
        >>> rescale(np.array([[1, 3]]), 2, 6).tolist()
        [[3, 9]]
    """
    f = new_d // d
    if f == 1:
        return M
    M = widen(M, (absmax(M) + 1) * f)
    return M * f


def common(M1, d1, M2, d2):
    """
    Bring two polynomials to one denominator: returns ``(M1', M2', d)``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import common
        >>> A, B, d = common(np.array([[1, 1]]), 2, np.array([[1, 0]]), 3)
        >>> A.tolist(), B.tolist(), d
        ([[3, 3]], [[2, 0]], 6)
    """
    d = lcm(d1, d2)
    return rescale(M1, d1, d), rescale(M2, d2, d), d


def tropical_sum(M1, d1, M2, d2, maximize=True):
    """
    ⊕: the union of the monomials (the best coefficient per exponent is kept).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import tropical_sum
        >>> M, d = tropical_sum(np.array([[1, 0]]), 1, np.array([[1, 1], [0, 0]]), 2)
        >>> M.tolist(), d            # max(x) ⊕ max(1/2 + x/2, 0)
        ([[0, 0], [1, 1], [2, 0]], 2)
    """
    A, B, d = common(M1, d1, M2, d2)
    if A.dtype != B.dtype:
        A, B = A.astype(object), B.astype(object)
    return canonical(np.vstack([A, B]), d, maximize)


PRODUCT_CHUNK = 1 << 24
"""Entries of the pairwise-sum table built at once by :func:`tropical_product` (128 MB
of int64); larger products are done in slices, merging as they go, so memory follows
the size of the result, not of the table."""


def tropical_product(M1, d1, M2, d2, maximize=True):
    """
    ⊙: all pairwise sums of lifted points (the Minkowski sum), then merged.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import tropical_product
        >>> A = np.array([[0, 0], [1, 0]])             # max(0, x)
        >>> M, d = tropical_product(A, 1, A, 1)        # max(0, x, 2x)
        >>> M.tolist(), d
        ([[0, 0], [1, 0], [2, 0]], 1)
    """
    A, B, d = common(M1, d1, M2, d2)
    m = A.shape[1]
    if A.shape[0] == 0 or B.shape[0] == 0:
        return np.zeros((0, m), dtype=np.int64), 1
    if A.shape[0] < B.shape[0]:
        A, B = B, A
    bound = absmax(A) + absmax(B)
    A, B = widen(A, bound), widen(B, bound)
    if A.dtype != B.dtype:
        A, B = A.astype(object), B.astype(object)
    step = max(1, PRODUCT_CHUNK // (A.shape[0] * m))
    acc = None
    for s in range(0, B.shape[0], step):
        part = merge((A[:, None, :] + B[None, s:s + step, :]).reshape(-1, m), maximize)
        acc = part if acc is None else merge(np.vstack([acc, part]), maximize)
    return reduce_denominator(acc, d)


def scalar_power(M, d, p, q):
    """
    ``f^(p/q)`` for ``p/q >= 0``: every lifted point scaled by ``p/q``.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import scalar_power
        >>> M, d = scalar_power(np.array([[0, 0], [1, 2]]), 1, 3, 2)
        >>> M.tolist(), d
        ([[0, 0], [3, 6]], 2)
    """
    if p == 0:  # f^0 is the tropical one (the constant 0), as x^0 = 1 in any monoid
        return np.zeros((1, M.shape[1]), dtype=np.int64), 1
    M = widen(M, (absmax(M) + 1) * p)
    return reduce_denominator(M * p, d * q)


def evaluate(M, d, X, dx, maximize=True):
    """
    The value at the point ``X / dx`` (``X`` a list of Python ints) as ``(num, den)``;
    ``None`` for the polynomial with no monomials (−∞, or +∞ for min-plus).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import evaluate
        >>> M = np.array([[0, 0], [2, 1]])             # max(0, 1/2 + x) over d = 2
        >>> evaluate(M, 2, [3], 2), evaluate(M, 2, [3], 2, maximize=False)
        ((8, 4), (0, 4))
    """
    k, m = M.shape
    if k == 0:
        return None
    n = m - 1
    bound = absmax(M) * (max((abs(x) for x in X), default=0) * n + dx)
    if M.dtype == object or bound >= INT64_SAFE:
        Mo = M.astype(object) if M.dtype != object else M
        vals = Mo[:, :n].dot(np.array(X, dtype=object)) + Mo[:, n] * dx if n else Mo[:, n] * dx
    else:
        vals = M[:, :n] @ np.array(X, dtype=np.int64) + M[:, n] * dx
    best = vals.max() if maximize else vals.min()
    return int(best), d * dx


def evaluate_many(M, d, X, dx, maximize=True):
    """
    The values at many points at once: ``X`` an integer array (points as rows) over
    ``dx``. Returns ``(nums, den)`` with ``nums`` an array of Python ints or int64, one
    per point.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux._kernel import evaluate_many
        >>> nums, den = evaluate_many(np.array([[0, 0], [1, 0]]), 1, np.array([[-2], [3]]), 1)
        >>> nums.tolist(), den
        ([0, 3], 1)
    """
    k, m = M.shape
    n = m - 1
    bound = absmax(M) * (absmax(X) * n + dx)
    if M.dtype == object or X.dtype == object or bound >= INT64_SAFE:
        Mo, Xo = M.astype(object), X.astype(object)
        vals = Xo.dot(Mo[:, :n].T) + Mo[:, n] * dx
    else:
        vals = X @ M[:, :n].T + M[:, n] * dx
    best = vals.max(axis=1) if maximize else vals.min(axis=1)
    return best, d * dx
