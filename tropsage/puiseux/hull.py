"""
Upper hulls of lifted monomials, exactly, with PPL.

A monomial ``(a_i, c_i)`` of ``max_i (c_i + <a_i, x>)`` is irredundant iff it is a
vertex of ``conv{(a_j, c_j)} + cone(-e_{n+1})`` (SPEC §3, Lemma 32): the downward ray
makes every point below the upper hull redundant at once, so one PPL minimization
answers for all monomials.
"""

import numpy as np


def upper_hull_mask(M, d):
    """
    Boolean mask of the rows of ``M / d`` (rows ``(a_i, c_i)``, pairwise distinct
    exponents) that are vertices of the upper hull.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.puiseux.hull import upper_hull_mask
        >>> upper_hull_mask(np.array([[0, 0], [1, 0], [2, 0]]), 1)   # max(0, x, 2x)
        array([ True, False,  True])
    """
    import ppl
    k, m = M.shape
    if k <= 1:
        return np.ones(k, dtype=bool)
    gs = ppl.Generator_System()
    rows = M.tolist()
    for row in rows:
        gs.insert(ppl.point(ppl.Linear_Expression(row, 0), d))
    gs.insert(ppl.ray(-ppl.Variable(m - 1)))
    index = {tuple(row): i for i, row in enumerate(rows)}
    mask = np.zeros(k, dtype=bool)
    for g in ppl.C_Polyhedron(gs).minimized_generators():
        if g.is_point():
            div = int(g.divisor())
            key = tuple(int(c) * d // div for c in g.coefficients())
            mask[index[key]] = True
    return mask
