r"""
Pictures: linear regions, tropical curves, Newton polytopes, zonotopes, 1-D graphs.

Every function computes the geometry **exactly** with the rest of tropsage (regions
from :func:`tropsage.linear_regions`, Newton polytopes and dual subdivisions from Sage
``Polyhedron``) and only then converts the exact vertices to floats for matplotlib.
Each returns a matplotlib ``Figure``; ``path=`` saves it (PNG, SVG or PDF, chosen by
the file extension). matplotlib is an optional dependency (extra ``plot``) and is
imported only when a picture is drawn, with the non-interactive ``Agg`` backend
unless another backend was chosen already (e.g. in a notebook).

Unbounded regions cannot be drawn whole: pictures of regions are drawn inside a
bounded view box (``box=[(x0, x1), (y0, y1)]``), the regions are those of the
function restricted to that box (only full-dimensional intersections
count), and the title states the box and the number of regions in it.

EXAMPLES::

    >>> import tropsage as ts
    >>> from tropsage.plot import plot_regions
    >>> x, y = ts.TropicalPuiseuxSemiring(2).gens()
    >>> fig = plot_regions(0 + x + y, box=[(-2, 2), (-2, 2)])
    >>> fig.axes[0].get_title()
    'max(0, x, y): 3 linear regions in [-2, 2] x [-2, 2]'
"""

from tropsage.plot.core import (plot_regions, plot_graph, plot_tropical_curve,
                                plot_newton_polytope, plot_zonotope, save_figure,
                                region_polygons)

__all__ = ["plot_regions", "plot_graph", "plot_tropical_curve", "plot_newton_polytope",
           "plot_zonotope", "save_figure", "region_polygons"]
