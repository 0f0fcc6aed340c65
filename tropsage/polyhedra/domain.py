"""
Domains: boxes and the coercion of a ``domain=`` argument to an
:class:`~tropsage.polyhedra.ExactPolyhedron`.

EXAMPLES::

    >>> from tropsage.polyhedra import box, as_domain
    >>> box([(0, 1), (0, 2)]).volume(), as_domain(None, 3) is None
    (2, True)
"""

import math
from fractions import Fraction

import numpy as np

from tropsage._exact import as_fraction, int_array
from tropsage.polyhedra.linalg import row_to_ints
from tropsage.polyhedra.rows import as_dim


def box(bounds):
    """
    The box ``prod [lo_i, hi_i]`` as an :class:`ExactPolyhedron`.

    INPUT:

    - ``bounds`` -- a sequence of pairs ``(lo, hi)`` of exact-convertible numbers
      (``None`` or an infinite float leaves that side open), with ``lo <= hi``.

    EXAMPLES::

        >>> from tropsage.polyhedra import box
        >>> box([(0, "1/2"), (-1, 1)]).volume()
        1
        >>> box([(0, None)]).is_bounded()
        False
        >>> box([(1, 0)])
        Traceback (most recent call last):
        ...
        ValueError: box bounds[0]: lo = 1 > hi = 0
    """
    if isinstance(bounds, np.ndarray):
        bounds = bounds.tolist()
    try:
        bounds = list(bounds)
    except TypeError:
        raise TypeError(f"box bounds must be a sequence of (lo, hi) pairs, got {type(bounds).__name__}") from None
    n = len(bounds)
    rows = []
    for i, pair in enumerate(bounds):
        try:
            lo, hi = pair
        except (TypeError, ValueError):
            raise ValueError(f"box bounds[{i}] must be a pair (lo, hi), got {pair!r}") from None
        lo = _bound(lo, f"box bounds[{i}] lo", -1)
        hi = _bound(hi, f"box bounds[{i}] hi", +1)
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"box bounds[{i}]: lo = {lo} > hi = {hi}")
        e = [Fraction(0)] * n
        if hi is not None:
            e[i] = Fraction(1)
            rows.append(row_to_ints([hi] + e))
        if lo is not None:
            e = [Fraction(0)] * n
            e[i] = Fraction(-1)
            rows.append(row_to_ints([-lo] + e))
    from tropsage.polyhedra.backend import ExactPolyhedron
    return ExactPolyhedron._make(n, int_array(rows, n + 1), np.zeros((0, n + 1), dtype=np.int64))


def _bound(v, where, sign):
    if v is None:
        return None
    if isinstance(v, float) and math.isinf(v) and (v > 0) == (sign > 0):
        return None
    return as_fraction(v, where)


def as_domain(domain, n):
    """
    Read a domain argument as an :class:`ExactPolyhedron` in ``Q^n``.

    INPUT:

    - ``domain`` -- ``None`` (all of ``Q^n``; returned as ``None``), a box
      ``[(lo, hi), ...]`` with ``n`` pairs, a Sage ``Polyhedron`` or an
      :class:`ExactPolyhedron` of ambient dimension ``n``.
    - ``n`` -- the ambient dimension the caller works in.

    EXAMPLES::

        >>> from tropsage.polyhedra import as_domain
        >>> as_domain([(0, 1), (0, 1)], 2)
        ExactPolyhedron(n=2, 4 inequalities, 0 equations)
        >>> as_domain([(0, 1)], 2)
        Traceback (most recent call last):
        ...
        ValueError: domain is a box with 1 intervals but the space has dimension 2
    """
    from tropsage.polyhedra.backend import ExactPolyhedron
    n = as_dim(n)
    if domain is None:
        return None
    if isinstance(domain, ExactPolyhedron):
        P = domain
    elif hasattr(domain, "inequalities_list") and hasattr(domain, "ambient_dim"):
        P = ExactPolyhedron.from_sage(domain)
    elif isinstance(domain, (str, bytes)):
        raise TypeError(f"domain must be a box [(lo, hi), ...] or a polyhedron, got {domain!r}")
    else:
        try:
            k = len(domain)
        except TypeError:
            raise TypeError("domain must be a box [(lo, hi), ...] or a polyhedron, "
                            f"got {type(domain).__name__}") from None
        if k != n:
            raise ValueError(f"domain is a box with {k} intervals but the space has dimension {n}")
        return box(domain)
    if P.ambient_dim != n:
        raise ValueError(f"domain lives in dimension {P.ambient_dim} but the space has dimension {n}")
    return P
