"""Sphinx configuration of the tropsage documentation (``make docs``)."""

import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)

project = "tropsage"
author = "the tropsage developers"
copyright = "tropsage developers, GPL-2.0-or-later"
try:
    from tropsage import __version__ as release
except Exception:       # pragma: no cover - the package should import; keep the build alive
    release = "0.1.0"
version = release

extensions = ["sphinx.ext.autodoc", "sphinx.ext.mathjax", "sphinx.ext.viewcode"]
templates_path = []
exclude_patterns = ["_build", "_generated/*.py"]
html_theme = "alabaster"
html_static_path = []
html_title = f"tropsage {release}"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
# Sage elements document many inherited methods; only tropsage's own are listed
autodoc_inherit_docstrings = False
suppress_warnings = ["ref.python"]      # ambiguous cross-references across re-exports
nitpicky = False


def _sage_math_directive(app):
    """Sage docstrings write ``.. MATH::``; render it as the standard math directive."""
    from docutils.parsers.rst import directives
    from docutils.parsers.rst.directives.body import MathBlock
    directives.register_directive("MATH", MathBlock)


def _generate_figures(app):
    """Draw the tutorial's pictures with tropsage itself (exact regions, matplotlib)."""
    out = os.path.join(app.srcdir, "_generated")
    os.makedirs(out, exist_ok=True)
    from docs_figures import make_figures
    make_figures(out)


def setup(app):
    sys.path.insert(0, os.path.dirname(__file__))
    _sage_math_directive(app)
    app.connect("builder-inited", _generate_figures)
    return {"parallel_read_safe": True}
