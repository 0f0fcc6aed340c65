"""
Exact polyhedral backend: :class:`ExactPolyhedron` over PPL, cddlib (``cdd.gmp``) and
Sage ``Polyhedron``, with a certified floating-point prefilter.

See :mod:`tropsage.polyhedra.backend` for the conventions.

EXAMPLES::

    >>> from tropsage.polyhedra import ExactPolyhedron, box, as_domain
    >>> box([(0, 1), (0, 1)]).intersection(ExactPolyhedron([[1, 1]], [1])).volume()
    1/2
"""

from tropsage.polyhedra.backend import (BACKENDS, ExactPolyhedron, are_full_dimensional,
                                        as_domain, backend_stats, box, prefilter,
                                        reset_backend_stats)
from tropsage.polyhedra.volume import polytope_volume

__all__ = ["BACKENDS", "ExactPolyhedron", "are_full_dimensional", "as_domain",
           "backend_stats", "box", "polytope_volume", "prefilter", "reset_backend_stats"]
