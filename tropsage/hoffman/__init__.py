"""
Hoffman constants ([L] §3).

For a matrix ``A`` (``m x n``) and norms ``X`` on ``R^n``, ``Y`` on ``R^m``, the
Hoffman constant is the least ``H(A)`` with ::

    dist_X(x, {y : A y <= b})  <=  H(A) * ||(A x - b)_+||_Y

for every ``x`` and every ``b`` for which the polyhedron is non-empty.

- :func:`hoffman_constant` -- the exact value (a Sage ``QQ``) for the polyhedral norm
  pairs ``(X, Y)`` in ``{l1, linf}^2`` by the Peña-Vera-Zuluaga algorithm
  (``method="pvz"``) or by brute force over maximal surjective row sets
  (``method="brute"``), and a numerical value for ``(l2, l2)``; tropical objects
  (anything with a ``hoffman_constant`` method) are dispatched to that method.
- :func:`effective_radius` -- the exact minimal effective radius of a tropical object
  or network at a point, with the bounds of Lemma 21 / Proposition 22 of [L]
  (:mod:`tropsage.hoffman.tropical`); :func:`tropical_hoffman_constant` --
  Definitions 19-20 with ``pruned=False`` (the expression as written) or ``True``.
- ``method="chambers"``: the exact constant through the chambers of the row
  arrangement (:mod:`tropsage.hoffman.chambers`), much faster than PVZ for many rows
  in few variables (the tropical matrices).
- :func:`hoffman_lower_bound` (Algorithm 2 of [L]: sampled surjective sets) and
  :func:`hoffman_upper_bound` (Algorithm 3 of [L]: Güler-Hoffman-Rothblum bound by
  smallest singular values).

EXAMPLES::

    >>> from tropsage.hoffman import hoffman_constant
    >>> hoffman_constant([[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]], norms=("l1", "linf"))
    5
    >>> from tropsage import TropicalPuiseuxSemiring
    >>> x, = TropicalPuiseuxSemiring(1).gens()
    >>> f = 0 + (-1)*x + x**2                  # max(0, x - 1, 2x)
    >>> hoffman_constant(f, pruned=False), hoffman_constant(f)
    (1, 1/2)
"""

from .matrix import (HoffmanResult, hoffman_lower_bound, hoffman_upper_bound,
                     is_surjective, is_surjective_set, NORMS)
from .matrix import hoffman_constant as _matrix_constant
from .tropical import (EffectiveRadius, TropicalHoffmanResult, effective_radius,
                       tropical_hoffman_constant)
from .chambers import chamber_sets, hoffman_constant_chambers

__all__ = ["HoffmanResult", "hoffman_constant", "hoffman_lower_bound",
           "hoffman_upper_bound", "is_surjective", "is_surjective_set", "NORMS", "effective_radius",
           "EffectiveRadius", "tropical_hoffman_constant", "TropicalHoffmanResult",
           "hoffman_constant_chambers", "chamber_sets"]


def _is_network_or_tropical(A):
    from tropsage.puiseux import is_tropical
    if is_tropical(A):
        return True
    from tropsage.nn import Network
    if isinstance(A, Network) or type(A).__module__.startswith("torch"):
        return type(A).__name__ != "Tensor"
    # a list of (W, b) pairs: its first entry's first entry is a matrix, not a number
    if isinstance(A, (list, tuple)) and A and isinstance(A[0], (list, tuple)) and A[0]:
        first = A[0][0]
        return isinstance(first, (list, tuple)) or hasattr(first, "shape") and \
            len(getattr(first, "shape", ())) >= 1
    return False


def hoffman_constant(A, norms=("linf", "linf"), method=None, certificate=False, pruned=None):
    r"""
    The Hoffman constant of a matrix, of a tropical object or of a network.

    INPUT:

    - ``A`` -- a matrix (see :func:`tropsage.hoffman.matrix.hoffman_constant`), a
      tropical polynomial, rational function or map, or a network (a list of
      ``(W, b)`` pairs, a :class:`~tropsage.nn.Network`, a ``torch.nn.Sequential``).
    - ``norms`` -- ``(X, Y)``, names ``"l1"``, ``"l2"``, ``"linf"``.
    - ``method`` -- ``"pvz"`` (default for matrices), ``"brute"``, ``"chambers"``, or
      ``"auto"`` (default for tropical objects, see :mod:`tropsage.hoffman.tropical`).
    - ``certificate`` -- return the result object with its certificate.
    - ``pruned`` -- tropical objects only: irredundant monomials and full-dimensional
      cells (``True``, the default) or the expression as written (``False``).

    EXAMPLES::

        >>> from tropsage.hoffman import hoffman_constant
        >>> A = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]]
        >>> hoffman_constant(A), hoffman_constant(A, method="chambers")
        (3, 3)
        >>> hoffman_constant([([[1], [1]], [0, -1]), ([[1, 1]], [0])])   # relu(x) + relu(x - 1)
        1
    """
    if _is_network_or_tropical(A):
        return tropical_hoffman_constant(A, norms=norms, method=method or "auto",
                                         pruned=True if pruned is None else pruned,
                                         certificate=certificate)
    if pruned:
        raise ValueError("pruned=True applies to tropical objects and networks, not matrices")
    if method == "chambers":
        return hoffman_constant_chambers(A, norms=norms, certificate=certificate)
    return _matrix_constant(A, norms=norms, method=method or "pvz", certificate=certificate)
