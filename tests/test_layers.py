"""
The layers of tropsage: every import points down.

The units are the top-level modules and subpackages of ``tropsage``. A unit may import
itself and the units of lower layers; units of one layer are independent of each
other. Every import counts, including those inside functions (most heavy imports are
there, to keep ``import tropsage`` fast) and ``importlib.import_module("tropsage...")``
with a literal name. Methods that an upper layer gives to lower objects
(``f.linear_regions()``, ``f.plot()``, ``R.plot()``) are attached from above by
:mod:`tropsage._methods` through the extension points of :mod:`tropsage._extensions`.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tropsage"

# bottom first; "a | b": one layer of independent units
LAYERS = [
    "_exact | _interrupt | _extensions",
    "_format",
    "polyhedra",        # exact polyhedra, LPs (PPL, cddlib, Sage, HiGHS)
    "puiseux",          # the algebra; pruning uses polyhedra
    "nn",               # networks and their tropicalization
    "regions",          # linear and activation regions
    "bounds | decision | hoffman | numerical | queries",
    "plot",
    "_methods",         # fills the extension points from above
    "__init__",         # the package facade (tropsage/__init__.py)
    "cli | sage_repl",  # the programs
]


def _layer_of():
    out = {}
    for level, layer in enumerate(LAYERS):
        for unit in layer.split("|"):
            out[unit.strip()] = level
    return out


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _unit(module):
    """The unit of a dotted module name inside tropsage."""
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _imports(path):
    """``(line, imported module)`` for every import of a tropsage module in ``path``."""
    name, is_package = _module_name(path)
    return _imports_of(path.read_text(encoding="utf-8"), name, is_package)


def _imports_of(text, name, is_package=False):
    """The same for the source ``text`` of the module ``name``."""
    package = name if is_package else name.rpartition(".")[0]
    tree = ast.parse(text)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            # `from tropsage import regions` imports the submodule, `from tropsage
            # import linear_regions` goes through the facade
            if module == "tropsage":
                for a in node.names:
                    sub = PACKAGE / a.name
                    is_sub = sub.is_dir() or sub.with_suffix(".py").exists()
                    found.append((node.lineno, f"tropsage.{a.name}" if is_sub else "tropsage"))
            else:
                found.append((node.lineno, module))
        elif isinstance(node, ast.Call) and node.args and \
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            f = node.func
            fname = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if fname in ("import_module", "__import__"):
                found.append((node.lineno, node.args[0].value))
    return sorted((line, m) for line, m in found if m == "tropsage" or m.startswith("tropsage."))


def _sources():
    return sorted(PACKAGE.rglob("*.py"))


def test_every_unit_has_a_layer():
    layer = _layer_of()
    units = {_unit(_module_name(p)[0]) for p in _sources()}
    missing = sorted(units - set(layer))
    assert not missing, f"add these tropsage units to LAYERS in {__file__}: {missing}"
    stale = sorted(set(layer) - units)
    assert not stale, f"LAYERS names units that do not exist: {stale}"


def test_every_import_points_down():
    layer = _layer_of()
    bad = []
    for path in _sources():
        src = _unit(_module_name(path)[0])
        for line, module in _imports(path):
            dst = _unit(module)
            if dst == src:
                continue
            if layer[dst] >= layer[src]:
                how = "sideways (same layer)" if layer[dst] == layer[src] else "up"
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {src} imports "
                           f"{module} ({how})")
    assert not bad, "imports against the layer order:\n" + "\n".join(bad)


def test_the_check_sees_every_kind_of_import():
    # what made the old loop invisible: imports inside functions, relative imports,
    # importlib with a literal name
    text = ("from .hull import irredundant_mask\n"
            "from .. import _exact\n"
            "import numpy\n"
            "def f():\n"
            "    from tropsage.regions.tropical import linear_regions\n"
            "    import tropsage.hoffman.matrix as m\n"
            "    from tropsage import plot, linear_regions\n"
            "    import importlib\n"
            "    importlib.import_module('tropsage.queries')\n")
    modules = [m for _, m in _imports_of(text, "tropsage.puiseux.semiring")]
    assert modules == ["tropsage.puiseux.hull", "tropsage._exact", "tropsage.regions.tropical",
                       "tropsage.hoffman.matrix", "tropsage", "tropsage.plot",
                       "tropsage.queries"]
    assert [_unit(m) for m in modules] == ["puiseux", "_exact", "regions", "hoffman",
                                           "__init__", "plot", "queries"]


def test_methods_exist_after_importing_puiseux_alone():
    # the methods come from above, yet `import tropsage.puiseux` alone has them (Python
    # runs tropsage/__init__.py first), without loading the upper layers until called
    code = (
        "import sys\n"
        "import tropsage.puiseux as P\n"
        "x, y = P.TropicalPuiseuxSemiring(2).gens()\n"
        "f = x + y + 0\n"
        "names = ('linear_regions', 'count_linear_regions', 'hoffman_constant',\n"
        "         'effective_radius', 'plot', 'show')\n"
        "for obj in (f, f / (x + 0), P.TropicalRationalMap([f])):\n"
        "    assert all(callable(getattr(obj, n)) for n in names), type(obj)\n"
        "upper = ('tropsage.regions', 'tropsage.hoffman', 'tropsage.plot')\n"
        "assert not any(m in sys.modules for m in upper), sorted(sys.modules)\n"
        "L = f.linear_regions()\n"
        "assert callable(L.plot) and callable(L[0].show)\n"
        "print(len(L), f.count_linear_regions(), f.hoffman_constant(),\n"
        "      f.effective_radius([2, 1]).value)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=PACKAGE.parent, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["3", "3", "1", "2"]


def test_import_tropsage_loads_no_subpackage():
    code = ("import sys, tropsage\n"
            "print(sorted(m for m in sys.modules if m.startswith('tropsage')))\n"
            "print('numpy' in sys.modules, 'sage' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=PACKAGE.parent, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded, heavy = out.stdout.splitlines()
    assert loaded == "['tropsage', 'tropsage._extensions', 'tropsage._methods']"
    assert heavy == "False False"


@pytest.mark.parametrize("name", sorted(__import__("tropsage")._LAZY))
def test_every_public_name_resolves(name):
    import tropsage
    value = getattr(tropsage, name)
    assert value is not None
