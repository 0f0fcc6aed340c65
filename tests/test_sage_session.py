"""The Sage-session path for real: a .sage script run by the `sage` command."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "sage" / "session.sage"


def test_sage_session_with_preparser(tmp_path):
    sage = Path(sys.executable).parent / "sage"
    if not sage.exists():
        sage = shutil.which("sage")
    if sage is None:
        pytest.skip("no `sage` command (passagemath-repl) in this environment")
    # `sage file.sage` needs sage.all_cmdline, which passagemath's modular install lacks;
    # the interactive session (IPython + Sage preparser) is what users have, so feed it
    # the script line by line
    env = dict(os.environ, DOT_SAGE=str(tmp_path / ".sage"))
    out = subprocess.run([str(sage), "--simple-prompt"], input=SCRIPT.read_text(),
                         capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    text = out.stdout + out.stderr
    assert "Error" not in text and "Traceback" not in text, text
    assert "sage session ok" in out.stdout, text
