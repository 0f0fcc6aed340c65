r"""
The methods that the upper layers give to the objects of the lower ones.

Tropical polynomials, rational functions and maps (:mod:`tropsage.puiseux`) get
``linear_regions``, ``count_linear_regions`` (from :mod:`tropsage.regions`),
``hoffman_constant``, ``effective_radius`` (from :mod:`tropsage.hoffman`), ``plot`` and
``show`` (from :mod:`tropsage.plot`); regions and region lists
(:mod:`tropsage.regions`) get ``plot`` and ``show``. Each method is a thin front to
the free function of its layer, imported on first call.

They are attached to the extension points of :mod:`tropsage._extensions`, which the
classes inherit, when this module is imported -- by ``tropsage/__init__.py``, which
Python runs before any ``tropsage.*`` submodule. So the lower layers import nothing
above them, and the methods are there however tropsage is entered (even after
``import tropsage.puiseux`` alone: ``tests/test_layers.py`` checks it).

EXAMPLES::

    >>> from tropsage import TropicalPuiseuxSemiring
    >>> x, y = TropicalPuiseuxSemiring(2).gens()
    >>> f = x + y + 0
    >>> f.count_linear_regions(), f.hoffman_constant(), f.linear_regions()[0].map_str()
    (3, 1, '0')
"""

from tropsage._extensions import RegionMethods, TropicalMethods, extend


@extend(TropicalMethods)
class _TropicalObjectMethods:
    """Region, Hoffman and picture methods of every tropical object."""

    def linear_regions(self, domain=None, connectivity="facet", method="auto"):
        """
        The linear regions ([L] Algorithm 4).

        INPUT:

        - ``domain`` -- ``None`` (all of ``R^n``), a box ``[(lo, hi), ...]`` or a
          polyhedron.
        - ``connectivity`` -- ``"facet"`` (default) or ``"point"``: when two cells
          with the same affine map belong to one region (see
          :mod:`tropsage.regions.tropical`).
        - ``method`` -- ``"auto"``, ``"hull"`` or ``"lp"``: how monomials are pruned.

        OUTPUT: a :class:`~tropsage.regions.RegionList` of
        :class:`~tropsage.regions.Region`: for a polynomial one region per
        irredundant monomial, for ``f ⊘ g`` the regions of Algorithm 4, for a map the
        common refinement. See :func:`tropsage.regions.tropical.linear_regions`.

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
        """
        The number of linear regions, without building the regions.

        INPUT: as for :meth:`linear_regions`.

        OUTPUT: an integer. See :func:`tropsage.regions.tropical.count_linear_regions`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (x + y + 0).count_linear_regions()
            3
            >>> ((x + y + x*y) / (x + x*y**2)).count_linear_regions(domain=[(-1, 1), (-1, 1)])
            4
        """
        from tropsage.regions.tropical import count_linear_regions
        return count_linear_regions(self, domain=domain, connectivity=connectivity, method=method)

    def hoffman_constant(self, norms=("linf", "linf"), method="auto", pruned=True,
                         certificate=False):
        """
        The tropical Hoffman constant ([L] Definitions 19 and 20).

        INPUT:

        - ``norms`` -- ``(X, Y)``, names ``"l1"``, ``"l2"``, ``"linf"``.
        - ``method`` -- ``"auto"``, ``"chambers"``, ``"pvz"`` or ``"brute"``.
        - ``pruned`` -- ``True`` (default): irredundant monomials and full-dimensional
          cells; ``False``: the expression as written.
        - ``certificate`` -- return a :class:`~tropsage.hoffman.TropicalHoffmanResult`.

        OUTPUT: an exact ``QQ`` (a float for ``("l2", "l2")``), or the result object.
        See :func:`tropsage.hoffman.tropical_hoffman_constant`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> f = 0 + (-1)*x + x**2                  # max(0, x - 1, 2x)
            >>> f.hoffman_constant(), f.hoffman_constant(pruned=False)
            (1/2, 1)
        """
        from tropsage.hoffman.tropical import tropical_hoffman_constant
        return tropical_hoffman_constant(self, norms, method, pruned, certificate)

    def effective_radius(self, point, norm="linf", **kwargs):
        """
        The exact minimal effective radius at ``point``, with the bounds of [L]
        Lemma 21 and Proposition 22.

        INPUT:

        - ``point`` -- a rational point.
        - ``norm`` -- ``"linf"`` (default) or ``"l1"``.
        - further keywords as for :func:`tropsage.hoffman.effective_radius`
          (``pruned``, ``method``, ``bounds``, ``regions``).

        OUTPUT: an :class:`~tropsage.hoffman.EffectiveRadius` (``.value`` is the radius).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> r = (x + y + 0).effective_radius([2, "1/2"])
            >>> r.value, r.bound
            (2, 2)
        """
        from tropsage.hoffman.tropical import effective_radius
        return effective_radius(self, point, norm=norm, **kwargs)

    def plot(self, backend="auto", **kwargs):
        """
        The graph (one variable) or the linear regions (two variables) in a box.

        INPUT:

        - ``backend`` -- ``"auto"`` (Sage graphics in a Sage session, else
          matplotlib), ``"sage"`` or ``"matplotlib"``.
        - keywords as for :func:`tropsage.plot.plot_regions` (``box``, ``labels``,
          ``title``, ``path``); in one variable ``box`` may be an interval ``(a, b)``.

        OUTPUT: a Sage ``Graphics`` in a Sage session, a matplotlib ``Figure``
        otherwise. See :func:`tropsage.plot.methods.draw`.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, y = TropicalPuiseuxSemiring(2).gens()
            >>> (x + y + 0).plot(box=[(-1, 1), (-1, 1)]).axes[0].get_title()
            'max(0, x, y): 3 linear regions in [-1, 1] x [-1, 1]'
        """
        from tropsage.plot.methods import draw
        return draw(self, backend=backend, **kwargs)

    def show(self, backend="auto", **kwargs):
        """
        Display :meth:`plot` (Sage's ``show`` in a Sage session,
        ``matplotlib.pyplot.show`` otherwise: a no-op without a display).

        INPUT: as for :meth:`plot`.

        OUTPUT: ``None``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> (0 + x).show(box=(-1, 1), backend="matplotlib")
        """
        from tropsage.plot.methods import show
        show(self, backend=backend, **kwargs)


def _drawable(regions):
    # a RegionList is drawn as the plain list of its regions
    return list(regions) if isinstance(regions, list) else regions


@extend(RegionMethods)
class _RegionMethods:
    """Picture methods of :class:`~tropsage.regions.Region` and ``RegionList``."""

    def plot(self, backend="auto", **kwargs):
        """
        Picture of the region, or of the regions of a list together (1 or 2
        variables), in their bounding box when bounded, else in ``box`` (default
        ``[-3, 3]^n``).

        INPUT: as for :func:`tropsage.plot.methods.draw`.

        OUTPUT: a Sage ``Graphics`` in a Sage session, a matplotlib ``Figure``
        otherwise (see :func:`tropsage.plot.methods.draw`).

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> L = (0 + x).linear_regions(domain=[(-1, 1)])
            >>> L.plot().axes[0].get_title(), L[1].plot().axes[0].get_title()
            ('regions: 2 linear regions on [-1, 1], breakpoints 0', 'regions: 1 linear region on [0, 1]')
            >>> type(L[0].plot(backend="sage")).__name__
            'Graphics'
        """
        from tropsage.plot.methods import draw
        return draw(_drawable(self), backend=backend, **kwargs)

    def show(self, backend="auto", **kwargs):
        """
        Display :meth:`plot` (Sage's ``show`` in a Sage session).

        INPUT: as for :meth:`plot`.

        OUTPUT: ``None``.

        EXAMPLES::

            >>> from tropsage import TropicalPuiseuxSemiring
            >>> x, = TropicalPuiseuxSemiring(1).gens()
            >>> (0 + x).linear_regions(domain=[(-1, 1)]).show(backend="matplotlib")
        """
        from tropsage.plot.methods import show
        show(_drawable(self), backend=backend, **kwargs)
