"""
How things are shown, shared by every module: variable names, affine expressions, and
the order in which a convex polygon's vertices are drawn.
"""

from tropsage._exact import as_fraction


def default_names(n):
    """
    ``x, y, z`` for up to three variables, ``x1, ..., xn`` beyond (as in the papers).

    EXAMPLES::

        >>> from tropsage._format import default_names
        >>> default_names(2), default_names(4)
        (('x', 'y'), ('x1', 'x2', 'x3', 'x4'))
    """
    if n <= 3:
        return ("x", "y", "z")[:n]
    return tuple(f"x{i}" for i in range(1, n + 1))


def _rational_str(q):
    return str(q)  # Fraction and Sage QQ both print as "p" or "p/q"


def _rational_latex(q):
    q = as_fraction(q)
    if q.denominator == 1:
        return str(q.numerator)
    sign = "-" if q < 0 else ""
    return rf"{sign}\frac{{{abs(q.numerator)}}}{{{q.denominator}}}"


def affine_form(coeffs, constant, names, constant_first=True, latex=False):
    """
    ``constant + <coeffs, x>`` written like the papers.

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage._format import affine_form
        >>> affine_form([1, Fraction(-1, 2)], 3, ["x", "y"])
        '3 + x - 1/2*y'
        >>> affine_form([1, -2], 0, ["x", "y"], constant_first=False)
        'x - 2*y'
        >>> affine_form([Fraction(1, 3), 0], Fraction(-5, 2), ["x", "y"], latex=True)
        '-\\\\frac{5}{2} + \\\\frac{1}{3} x'
    """
    num = _rational_latex if latex else _rational_str
    sep = " " if latex else "*"
    parts = []
    for a, name in zip(coeffs, names):
        if a == 0:
            continue
        parts.append(name if a == 1 else f"-{name}" if a == -1 else f"{num(a)}{sep}{name}")
    if constant != 0 or not parts:
        parts.insert(0 if constant_first else len(parts), num(constant))
    out = parts[0]
    for p in parts[1:]:
        out += f" - {p[1:]}" if p.startswith("-") else f" + {p}"
    return out


def convex_order(V):
    """
    The vertices (floats) of a convex polygon in counter-clockwise order, for drawing
    (by angle around their centroid); one or two points are returned as they are.

    INPUT:

    - ``V`` -- the vertices, a sequence of pairs of numbers in any order.

    OUTPUT: a float numpy array of shape ``(len(V), 2)``.

    EXAMPLES::

        >>> from tropsage._format import convex_order
        >>> convex_order([[1, 1], [0, 0], [0, 1], [1, 0]]).tolist()
        [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]
    """
    import numpy as np
    V = np.asarray(V, dtype=float)
    if len(V) <= 2:
        return V
    c = V.mean(axis=0)
    return V[np.argsort(np.arctan2(V[:, 1] - c[1], V[:, 0] - c[0]))]
