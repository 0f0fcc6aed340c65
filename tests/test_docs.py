"""The documentation: the pages' examples run, and Sphinx builds it without warnings."""

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("page", ["getting-started.rst", "tutorial.rst", "lowering.rst"])
def test_page_examples_run(page):
    if page in ("tutorial.rst", "lowering.rst"):
        pytest.importorskip("torch")
        pytest.importorskip("matplotlib")
    result = doctest.testfile(str(DOCS / page), module_relative=False, optionflags=FLAGS,
                              verbose=False, report=True)
    assert result.attempted > 5 and result.failed == 0, result


def test_every_page_is_in_the_toctree():
    index = (DOCS / "index.rst").read_text()
    for page in DOCS.glob("*.rst"):
        if page.stem != "index":
            assert f"   {page.stem}\n" in index, page.name


def test_sphinx_builds_without_warnings(tmp_path):
    pytest.importorskip("sphinx")
    pytest.importorskip("matplotlib")
    pytest.importorskip("torch")
    r = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                        "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    api = (tmp_path / "html" / "api.html").read_text()
    for name in ("tropicalize", "linear_regions", "ExactPolyhedron", "hoffman_constant",
                 "zonotope", "plot_regions", "TropicalPuiseuxSemiring"):
        assert name in api, name
    tutorial = (tmp_path / "html" / "tutorial.html").read_text()
    assert tutorial.count("<img") >= 5
    assert all((tmp_path / "html" / "_images" / f"tutorial_{k}.png").stat().st_size > 10000
               for k in ("regions", "newton", "zonotope", "graph", "numerator_curve"))
