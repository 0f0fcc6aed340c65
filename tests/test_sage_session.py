"""The Sage-session path for real: a .sage script run by the `sage` command."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "sage" / "session.sage"
ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path):
    return dict(os.environ, DOT_SAGE=str(tmp_path / ".sage"),
                PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


def test_sage_session_with_preparser(tmp_path):
    sage = Path(sys.executable).parent / "sage"
    if not sage.exists():
        sage = shutil.which("sage")
    if sage is None:
        pytest.skip("no `sage` command (passagemath-repl) in this environment")
    # `sage file.sage` needs sage.all_cmdline, which passagemath's modular install lacks
    # (tropsage-sage runs scripts, below); the interactive session (IPython + Sage
    # preparser) is what users have, so feed it the script line by line
    env = _env(tmp_path)
    out = subprocess.run([str(sage), "--simple-prompt"], input=SCRIPT.read_text(),
                         capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    text = out.stdout + out.stderr
    assert "Error" not in text and "Traceback" not in text, text
    assert "sage session ok" in out.stdout, text


def test_sage_script_through_tropsage_sage(tmp_path):
    """The same script run by `tropsage-sage FILE.sage` (here `python -m
    tropsage.sage_repl`, so that this tree's tropsage is the one run)."""
    out = subprocess.run([sys.executable, "-m", "tropsage.sage_repl", str(SCRIPT)],
                         capture_output=True, text=True, timeout=300, env=_env(tmp_path),
                         cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "sage session ok" in out.stdout, out.stdout + out.stderr


def test_namespace_keeps_sage_plot_and_has_tropsage():
    pytest.importorskip("sage.plot.plot")
    from tropsage.sage_repl import namespace
    ns = namespace()
    assert ns["plot"].__module__.startswith("sage.plot")      # not the tropsage.plot module
    assert ns["tropicalize"].__module__ == "tropsage.nn.tropicalize"
    assert ns["QQ"] is ns["TropicalPuiseuxSemiring"](1).base_ring()
