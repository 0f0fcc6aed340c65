"""
Hoffman constants (SPEC section 5).

For a matrix ``A`` (``m x n``) and norms ``X`` on ``R^n``, ``Y`` on ``R^m``, the
Hoffman constant is the least ``H(A)`` with ::

    dist_X(x, {y : A y <= b})  <=  H(A) * ||(A x - b)_+||_Y

for every ``x`` and every ``b`` for which the polyhedron is non-empty.

- :func:`hoffman_constant` -- the exact value (a Sage ``QQ``) for the polyhedral norm
  pairs ``(X, Y)`` in ``{l1, linf}^2`` by the Peña-Vera-Zuluaga algorithm
  (``method="pvz"``) or by brute force over maximal surjective row sets
  (``method="brute"``), and a numerical value for ``(l2, l2)``; tropical objects
  (anything with a ``hoffman_constant`` method) are dispatched to that method.
- :func:`hoffman_lower_bound` (Algorithm 2 of [L]: sampled surjective sets) and
  :func:`hoffman_upper_bound` (Algorithm 3 of [L]: Güler-Hoffman-Rothblum bound by
  smallest singular values).

EXAMPLES::

    >>> from tropsage.hoffman import hoffman_constant
    >>> hoffman_constant([[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]], norms=("l1", "linf"))
    5
"""

from .matrix import (HoffmanResult, hoffman_constant, hoffman_lower_bound,
                     hoffman_upper_bound, is_surjective, NORMS)

__all__ = ["HoffmanResult", "hoffman_constant", "hoffman_lower_bound",
           "hoffman_upper_bound", "is_surjective", "NORMS"]
