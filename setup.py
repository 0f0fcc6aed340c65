"""
Build of tropsage's optional compiled extension (the exact region engine).

Everything else is in ``pyproject.toml``. The extension needs Cython, a C++
compiler and the PPL and GMP headers (``apt install libppl-dev libgmp-dev``). When
any of them is missing the build is skipped with a message and tropsage runs its
exact pure-Python path (it says so once, at first use).
"""

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext


class optional_build_ext(build_ext):
    """build_ext that never fails the installation."""

    def run(self):
        try:
            super().run()
        except Exception as e:          # no compiler, no headers: pure Python
            self._skip(e)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as e:
            self._skip(e)

    def _skip(self, e):
        sys.stderr.write(f"tropsage: compiled region engine not built ({e}); "
                         "the exact pure-Python path is used\n")


def _cpu_flags():
    """
    ``-mpopcnt`` on an x86-64 machine that has the instruction: the engine's
    floating-point double description counts bits of saturation sets in its
    adjacency test, and without the flag every count is a library call. The
    extension is built where it runs (``make install``), so the flag describes
    this machine.
    """
    import platform
    if platform.machine() not in ("x86_64", "AMD64"):
        return []
    try:
        with open("/proc/cpuinfo") as f:
            return ["-mpopcnt"] if " popcnt" in f.read() else []
    except OSError:
        return []


def extensions():
    if os.environ.get("TROPSAGE_NO_EXT"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        sys.stderr.write("tropsage: Cython missing, compiled region engine not built\n")
        return []
    from setuptools import Extension
    ext = Extension("tropsage.regions._engine", ["tropsage/regions/_engine.pyx"],
                    language="c++", libraries=["ppl", "gmpxx", "gmp"],
                    extra_compile_args=["-O2", "-std=c++11", "-Wno-deprecated-declarations"]
                    + _cpu_flags())
    try:
        return cythonize([ext], language_level=3, quiet=True)
    except Exception as e:
        sys.stderr.write(f"tropsage: cythonize failed ({e}); compiled region engine not built\n")
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": optional_build_ext})
