# distutils: language = c++
# distutils: libraries = ppl gmpxx gmp
# cython: language_level = 3
"""
Compiled hot path of :mod:`tropsage.regions.activation` (C++: ``_engine_core.hpp``).

:class:`Engine` refines cells of hinge layers (each unit a two-piece activation read
from ``_Layer.hinges``: relu, leaky_relu, threshold, identity, per unit, or any
registered :class:`~tropsage.nn.activations.Hinge`) depth first with exact GMP integers
and PPL polyhedra, with the same exact decisions as the Python path (proposed in
floating point, each proven in integers); maxout groups and decisions that need an
LP go back to Python.
Built by ``setup.py`` when a C++ compiler and the PPL/GMP headers are present.
"""

from libcpp cimport bool as cbool


cdef extern from "ppl.hh" namespace "Parma_Polyhedra_Library":
    void restore_pre_PPL_rounding()


# Loading PPL switches the FPU to round upwards (for its floating-point domains,
# which the engine does not use); every float computation in the process would
# change. Put the rounding mode back, as Sage does after loading PPL.
restore_pre_PPL_rounding()


cdef extern from "_engine_core.hpp" namespace "tse":
    cdef cppclass Bridge:
        Bridge() except +
        int init(object prep, object cell_cls, object leaf_cls, object mat, int n) except? -1
        long explore(object cell, int max_cuts, cbool keep, list leaves, list opened,
                     list python) except? -1
        object take_stats()
        void set_float(cbool on)


cdef class Engine:
    """
    The layers of one network as GMP integers, and the enumeration state.

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.nn import as_network
        >>> from tropsage.regions.activation import _engine_for, _prepare, _root
        >>> prep = _prepare(as_network([([[1, 0], [0, 1], [1, 1]], [-1, -1, 1]),
        ...                             ([[1, 1, 1]], [0])]))
        >>> E = _engine_for(prep)
        >>> leaves, opened, lp = [], [], []
        >>> root = _root(prep, 2, np.zeros((0, 3), dtype=np.int64), (0, 0), 1)
        >>> E.explore(root, 1000, True, leaves, opened, lp), opened, lp
        (7, [], [])
        >>> sorted(lf.pattern for lf in leaves)[:2]
        [((0, 0, 0), ()), ((0, 0, 1), ())]
        >>> E.take_stats()["cuts"]
        6
    """

    cdef Bridge* b

    def __cinit__(self, prep, cell_cls, leaf_cls, mat, int n):
        self.b = new Bridge()
        self.b.init(prep, cell_cls, leaf_cls, mat, n)

    def __dealloc__(self):
        del self.b

    def explore(self, cell, int max_cuts, bint keep, list leaves, list opened, list python):
        """
        Refine the subtree under ``cell`` for at most ``max_cuts`` cuts: leaves go to
        ``leaves`` (when ``keep``), open cells to ``opened`` (bottom of the stack
        first), cells whose next decision needs an LP to ``python``. Returns the
        number of leaves found.
        """
        return self.b.explore(cell, max_cuts, keep, leaves, opened, python)

    def use_float(self, bint on):
        """
        Whether decisions are first proposed by the floating-point double description
        (each then proven exactly) or all taken from PPL's exact generators.
        """
        self.b.set_float(on)

    def take_stats(self):
        """The counters since the last call (and reset them)."""
        return self.b.take_stats()
