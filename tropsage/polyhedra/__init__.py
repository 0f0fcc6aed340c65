"""
Exact polyhedral backend: :class:`ExactPolyhedron` over PPL, cddlib (``cdd.gmp``) and
Sage ``Polyhedron``, with a certified floating-point prefilter.

See :mod:`tropsage.polyhedra.backend` for the conventions, :mod:`tropsage.polyhedra.engine`
for the contract each library's engine fulfils and :mod:`tropsage.polyhedra.certify`
for the certified float decision of full-dimensionality on batches of integer systems.

EXAMPLES::

    >>> from tropsage.polyhedra import ExactPolyhedron, box, as_domain
    >>> box([(0, 1), (0, 1)]).intersection(ExactPolyhedron([[1, 1]], [1])).volume()
    1/2
"""

from tropsage.polyhedra.backend import (BACKENDS, ExactPolyhedron, are_full_dimensional,
                                        as_domain, backend_stats, box, prefilter,
                                        reset_backend_stats)
from tropsage.polyhedra.certify import Certificate, certify_many, decide_many
from tropsage.polyhedra.volume import polytope_volume

__all__ = ["BACKENDS", "Certificate", "ExactPolyhedron", "are_full_dimensional", "as_domain",
           "backend_stats", "box", "certify_many", "decide_many", "polytope_volume", "prefilter",
           "reset_backend_stats"]
