"""README.md runs as written: its Python snippets (as doctests), its Sage lines in the
`sage` REPL, in the `tropsage-sage` REPL and as a `.sage` script, and its copy of the
`make demo` output against a fresh run. The snippets are read from README.md's fences,
so the test follows the README."""

import doctest
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
sys.path.insert(0, str(ROOT / "docs"))
import readme_demo  # noqa: E402


def fenced(lang):
    """The bodies of README's code blocks fenced as ```lang."""
    return re.findall(rf"^```{lang}\n(.*?)^```$", README, flags=re.S | re.M)


def sage_session():
    """README's Sage block as (input lines, expected output after each input)."""
    blocks = fenced("sage")
    assert len(blocks) == 1, "README has one ```sage block"
    inputs, outputs = [], []
    for line in blocks[0].splitlines():
        if line.startswith("sage: "):
            inputs.append(line[len("sage: "):])
            outputs.append([])
        else:
            outputs[-1].append(line)
    return inputs, ["\n".join(o) for o in outputs]


def _env(tmp_path):
    # the REPL imports tropsage from this tree, and Sage keeps its state in tmp
    return dict(os.environ, DOT_SAGE=str(tmp_path / ".sage"),
                PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


# --------------------------------------------------------------------------- Python


def test_python_snippets_are_doctests_that_pass():
    blocks = fenced("pycon")
    assert len(blocks) >= 2
    if "import torch" in "".join(blocks):
        pytest.importorskip("torch")
    parser, globs = doctest.DocTestParser(), {}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for k, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"README.md pycon block {k}", "README.md", 0)
        assert test.examples, block
        runner.run(test, clear_globs=False)
        globs = test.globs     # later blocks use earlier names, as a reader would
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted > 15, result


# --------------------------------------------------------------------------- Sage


def _transcript_segments(stdout):
    """With --simple-prompt every input is echoed as one `sage: ` prompt: the text
    between prompts is the output of one input (the first segment is the banner)."""
    return stdout.split("sage: ")[1:]


def _check_session(out, inputs, expected):
    text = out.stdout + out.stderr
    assert "Error" not in text and "Traceback" not in text, text
    segments = _transcript_segments(out.stdout)
    assert len(segments) >= len(inputs), out.stdout
    for line, want, got in zip(inputs, expected, segments):
        if want:     # inputs without output in the README may still log to stdout
            assert got.strip() == want.strip(), (line, got, want)


def _sage_command():
    sage = Path(sys.executable).parent / "sage"
    if sage.exists():
        return str(sage)
    found = shutil.which("sage")
    if found is None:
        pytest.skip("no `sage` command (passagemath-repl) in this environment")
    return found


def test_sage_lines_in_the_sage_repl(tmp_path):
    inputs, expected = sage_session()
    assert inputs[0] == "from tropsage.sage_repl import *"
    out = subprocess.run([_sage_command(), "--simple-prompt"], input="\n".join(inputs) + "\n",
                         capture_output=True, text=True, timeout=600, env=_env(tmp_path),
                         cwd=tmp_path)
    _check_session(out, inputs, expected)


def _tropsage_sage():
    """The documented `tropsage-sage` command, run from this tree (the console script
    in the venv may belong to another checkout): `python -m tropsage.sage_repl`."""
    assert "`python -m tropsage.sage_repl` is the same command" in README
    return [sys.executable, "-m", "tropsage.sage_repl"]


def test_sage_lines_in_the_tropsage_sage_repl(tmp_path):
    inputs, expected = sage_session()
    out = subprocess.run(_tropsage_sage() + ["--simple-prompt"],
                         input="\n".join(inputs) + "\n", capture_output=True, text=True,
                         timeout=600, env=_env(tmp_path), cwd=tmp_path)
    _check_session(out, inputs, expected)


def test_sage_lines_as_a_sage_script(tmp_path):
    inputs, expected = sage_session()
    assert "`tropsage-sage script.sage [ARGS]`" in README
    # the script also checks the README's outputs: each line with an output is
    # repeated as an assertion on its repr
    lines = []
    for line, want in zip(inputs, expected):
        lines.append(line)
        if want and ";" not in line and "=" not in line.split("(")[0]:
            lines.append(f"assert repr(({line})) == {want!r}, repr(({line}))")
    lines.append('print("readme script ok")')
    script = tmp_path / "readme.sage"
    script.write_text("\n".join(lines) + "\n")
    out = subprocess.run(_tropsage_sage() + [str(script)], capture_output=True, text=True,
                         timeout=600, env=_env(tmp_path), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "readme script ok" in out.stdout, out.stdout + out.stderr


def test_tropsage_sage_c_and_errors(tmp_path):
    out = subprocess.run(_tropsage_sage() + ["-c", "print(QQ, 1/2, Polyhedron)"],
                         capture_output=True, text=True, timeout=300, env=_env(tmp_path))
    assert out.returncode == 0 and out.stdout.startswith("Rational Field 1/2 <function Polyhedron"), \
        out.stdout + out.stderr
    out = subprocess.run(_tropsage_sage() + [str(tmp_path / "missing.sage")],
                         capture_output=True, text=True, timeout=300, env=_env(tmp_path))
    assert out.returncode == 2 and "no such file" in out.stderr
    bad = tmp_path / "bad.sage"
    bad.write_text("T.<x> = TropicalPuiseuxSemiring(QQ)\nundefined_name\n")
    out = subprocess.run(_tropsage_sage() + [str(bad)], capture_output=True, text=True,
                         timeout=300, env=_env(tmp_path))
    assert out.returncode == 1 and "NameError" in out.stderr


# --------------------------------------------------------------------------- demo and docs


def test_demo_output_in_readme_and_docs_is_what_make_demo_prints():
    fresh = readme_demo.normalize(readme_demo.run_demo())
    assert readme_demo.normalize(readme_demo.readme_block(README)) == fresh, \
        "README's demo output is stale: run `make readme`"
    assert readme_demo.normalize(readme_demo.DOCS_COPY.read_text()) == fresh, \
        "docs/demo_output.txt is stale: run `make readme`"


def test_makefile_demo_commands_are_the_ones_run():
    cmds = readme_demo.demo_commands()
    assert [c[0] for c in cmds] == ["info", "regions"]
    for c in cmds:
        assert f"$ tropsage {' '.join(c)}" in README


def test_every_example_script_is_documented():
    gallery = (ROOT / "docs" / "examples.rst").read_text()
    for script in sorted((ROOT / "examples").glob("*.py")):
        if script.name.startswith("_"):
            continue
        assert f"examples/{script.name}" in gallery, script.name
        assert f"examples/{script.name}" in README, script.name


def test_docs_cite_references_not_spec():
    docs = ROOT / "docs"
    refs = (docs / "references.rst").read_text()
    for tag in ("[L]", "[A]", "[S]", "[G]"):
        assert f".. {tag} " in refs, tag
    for page in docs.glob("*.rst"):
        assert "SPEC" not in page.read_text(), page.name
    assert "SPEC" not in README
