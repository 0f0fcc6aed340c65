r"""
Extension points: methods that a lower layer's objects get from the layers above.

Every import in tropsage points down the layers (``tests/test_layers.py``): the
algebra of :mod:`tropsage.puiseux` knows nothing of the region enumeration, the
Hoffman constants or the pictures built on top of it, and :mod:`tropsage.regions`
knows nothing of :mod:`tropsage.plot`. Users still write ``f.linear_regions()``,
``f.hoffman_constant()``, ``f.plot()``, ``R.plot()``: the classes inherit the empty
mixins below, and :mod:`tropsage._methods` -- imported by ``tropsage/__init__.py``,
hence before any submodule can be imported -- fills them. This is how Sage gives
elements the methods of their category; here the "category" is filled by the package
that owns the algorithms, from above.

The methods therefore exist however tropsage is entered: ``import tropsage``,
``import tropsage.puiseux`` alone (Python runs ``tropsage/__init__.py`` first), a Sage
session, or unpickling. Each method imports its implementation on first call, so
nothing heavy is loaded early.

This module is at the bottom of the layers: it imports nothing.

EXAMPLES::

    >>> from tropsage._extensions import TropicalMethods, extend
    >>> class Thing(TropicalMethods):
    ...     pass
    >>> @extend(TropicalMethods)
    ... class _More:
    ...     def answer(self):
    ...         return 42
    >>> Thing().answer()
    42
    >>> del TropicalMethods.answer
"""

__all__ = ["TropicalMethods", "RegionMethods", "extend"]


class TropicalMethods:
    """
    Base of :class:`~tropsage.puiseux.TropicalPuiseuxPolynomial`,
    :class:`~tropsage.puiseux.TropicalRationalFunction` and
    :class:`~tropsage.puiseux.TropicalRationalMap`: receives ``linear_regions``,
    ``count_linear_regions``, ``hoffman_constant``, ``effective_radius``, ``plot`` and
    ``show`` from :mod:`tropsage._methods`.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage._extensions import TropicalMethods
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> isinstance(x, TropicalMethods), (0 + x).count_linear_regions()
        (True, 2)
    """

    __slots__ = ()


class RegionMethods:
    """
    Base of :class:`~tropsage.regions.Region` and :class:`~tropsage.regions.RegionList`:
    receives ``plot`` and ``show`` from :mod:`tropsage._methods`.

    EXAMPLES::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> from tropsage._extensions import RegionMethods
        >>> x, = TropicalPuiseuxSemiring(1).gens()
        >>> L = (0 + x).linear_regions()
        >>> isinstance(L, RegionMethods), isinstance(L[0], RegionMethods)
        (True, True)
    """

    __slots__ = ()


def extend(target):
    """
    Class decorator: copy the methods of the decorated class into the extension point
    ``target`` (a class above), refusing to overwrite a method already there.

    INPUT:

    - ``target`` -- :class:`TropicalMethods` or :class:`RegionMethods`.

    OUTPUT: the decorated class, unchanged.

    EXAMPLES::

        >>> from tropsage._extensions import RegionMethods, extend
        >>> @extend(RegionMethods)
        ... class _Again:
        ...     def plot(self):
        ...         pass
        Traceback (most recent call last):
        ...
        RuntimeError: RegionMethods.plot is defined twice
    """
    def fill(source):
        names = [k for k, v in vars(source).items()
                 if callable(v) and not (k.startswith("__") and k.endswith("__"))]
        for name in names:
            if name in vars(target):
                raise RuntimeError(f"{target.__name__}.{name} is defined twice")
        for name in names:
            method = vars(source)[name]
            method.__qualname__ = f"{target.__name__}.{name}"
            setattr(target, name, method)
        return source
    return fill
