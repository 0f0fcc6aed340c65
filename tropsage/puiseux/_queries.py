"""
Region and Hoffman queries shared by tropical polynomials, rational functions and
maps. They delegate to :mod:`tropsage.regions.tropical` and :mod:`tropsage.hoffman`,
imported on first use so that the algebra stays light.
"""


class RegionQueries:
    """Mixin: ``linear_regions``, ``count_linear_regions``, ``hoffman_constant``,
    ``effective_radius`` for every tropical object."""

    def linear_regions(self, domain=None, connectivity="facet", method="auto"):
        """
        The linear regions ([L] Algorithm 4): a :class:`~tropsage.regions.RegionList` of
        :class:`~tropsage.regions.Region`, within ``domain`` when given (a box
        ``[(lo, hi), ...]`` or a polyhedron). For a polynomial, one region per
        irredundant monomial; for ``f ⊘ g`` Algorithm 4 with ``connectivity``
        ``"facet"`` (default) or ``"point"``; for a map the common refinement.
        See :func:`tropsage.regions.tropical.linear_regions`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring, TropicalRationalMap
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (x + y + 0).linear_regions()[1]
            Region in QQ^2: y on 1 convex piece, unbounded
            >>> t, = TropicalPuiseuxSemiring(1).gens()
            >>> h = (t**3 + 0) / (t + (-1)*t**2)
            >>> [(R.gradient, R.constant) for R in h.linear_regions()]
            [((-1,), 0), ((2,), 0), ((1,), 1)]
            >>> TropicalRationalMap([x + 0, y + 0]).linear_regions()[0]
            Region in QQ^2: (0, 0) on 1 convex piece, unbounded
        """
        from tropsage.regions.tropical import linear_regions
        return linear_regions(self, domain=domain, connectivity=connectivity, method=method)

    def count_linear_regions(self, domain=None, connectivity="facet", method="auto"):
        """The number of linear regions (see :meth:`linear_regions`)."""
        from tropsage.regions.tropical import count_linear_regions
        return count_linear_regions(self, domain=domain, connectivity=connectivity, method=method)

    def hoffman_constant(self, norms=("linf", "linf"), method="auto", pruned=True,
                         certificate=False):
        """The tropical Hoffman constant ([L] §3, pruned by default): :func:`tropsage.hoffman.tropical_hoffman_constant`."""
        from tropsage.hoffman.tropical import tropical_hoffman_constant
        return tropical_hoffman_constant(self, norms, method, pruned, certificate)

    def effective_radius(self, point, norm="linf", **kwargs):
        """The exact minimal effective radius and its bounds: :func:`tropsage.hoffman.effective_radius`."""
        from tropsage.hoffman.tropical import effective_radius
        return effective_radius(self, point, norm=norm, **kwargs)

    def plot(self, backend="auto", **kwargs):
        """
        The graph (one variable) or the linear regions (two variables) in a box:
        a Sage ``Graphics`` in a Sage session, a matplotlib ``Figure`` otherwise
        (``backend="sage"`` or ``"matplotlib"`` to choose). Keywords as for
        :func:`tropsage.plot.plot_regions` (``box``, ``labels``, ``title``, ``path``).
        See :func:`tropsage.plot.methods.draw`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (x + y + 0).plot(box=[(-1, 1), (-1, 1)]).axes[0].get_title()
            'max(0, x, y): 3 linear regions in [-1, 1] x [-1, 1]'
        """
        from tropsage.plot.methods import draw
        return draw(self, backend=backend, **kwargs)

    def show(self, backend="auto", **kwargs):
        """Display :meth:`plot` (Sage's ``show`` in a Sage session)."""
        from tropsage.plot.methods import show
        show(self, backend=backend, **kwargs)
