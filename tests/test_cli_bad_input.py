"""
A corpus of bad files and bad arguments run through every ``tropsage`` subcommand.

Each must end with a non-zero exit status, exactly one line on standard error, no
traceback and nothing on standard output; outputs are checked before any work.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tropsage.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = str(ROOT / "examples" / "nets" / "demo_net.json")


def _layers(*pairs):
    return json.dumps({"layers": [{"W": W, "b": b} for W, b in pairs]})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    files = {
        "nan.json": _layers(([["nan", 1]], [0])),
        "inf.json": _layers(([["inf", 1]], [0])),
        "inf_literal.json": '{"layers": [{"W": [[Infinity, 1]], "b": [0]}]}',
        "shape.json": _layers(([[1, 2], [3, 4]], [0, 0]), ([[1, 2, 3]], [0])),
        "bias.json": _layers(([[1, 2], [3, 4]], [0])),
        "empty.json": "",
        "notjson.json": "{not json",
        "nolayers.json": "[]",
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "unknown.xyz": "1 2 3",
    }
    for name, text in files.items():
        (d / name).write_text(text)
    (d / "empty.npz").write_bytes(b"")
    np.savez(d / "ok.npz", W0=np.eye(2), b0=np.zeros(2))
    raw = (d / "ok.npz").read_bytes()
    (d / "truncated.npz").write_bytes(raw[: len(raw) // 2])
    np.savez(d / "nan.npz", W0=np.array([[np.nan, 1.0]]), b0=np.zeros(1))
    (d / "garbage.pt").write_bytes(b"\x80\x04not a torch file at all")
    try:
        import torch
        torch.save({"0.weight": torch.eye(2), "0.bias": torch.zeros(2)}, d / "ok.pt")
        raw = (d / "ok.pt").read_bytes()
        (d / "truncated.pt").write_bytes(raw[: len(raw) // 2])
    except ImportError:
        pass
    (d / "a_directory.json").mkdir()
    return d


def _subcommands(tmp):
    """Every subcommand, as a function of the network file argument."""
    return {
        "info": lambda f: ["info", f],
        "regions": lambda f: ["regions", f],
        "bounds": lambda f: ["bounds", f],
        "hoffman": lambda f: ["hoffman", f],
        "crosscheck": lambda f: ["crosscheck", f, "--tool", "sampling", "--samples", "10"],
        "plot": lambda f: ["plot", f, "-o", str(tmp / "never.png")],
    }


def _check(args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    what = f"{args}: exit {r.exit_code}, stdout {r.stdout!r}, stderr {r.stderr!r}"
    assert r.exception is None or isinstance(r.exception, SystemExit), what + f" {r.exception!r}"
    assert r.exit_code != 0, what
    assert r.stdout == "", what
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("Error: "), what
    assert "Traceback" not in r.stderr, what
    return r


BAD_FILES = ["nan.json", "inf.json", "inf_literal.json", "shape.json", "bias.json", "empty.json",
             "notjson.json", "nolayers.json", "deep.json", "unknown.xyz", "empty.npz",
             "truncated.npz", "nan.npz", "garbage.pt", "truncated.pt", "a_directory.json",
             "does_not_exist.json"]


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_every_subcommand(corpus, tmp_path, name):
    path = corpus / name
    if name == "truncated.pt" and not path.exists():
        pytest.skip("torch is not installed")
    for cmd, make in _subcommands(tmp_path).items():
        r = _check(make(path))
        assert r.exit_code == 2, (cmd, name, r.stderr)     # a bad input file is exit 2
        if name in ("a_directory.json", "does_not_exist.json"):
            assert name in r.stderr
    assert not (tmp_path / "never.png").exists()


@pytest.mark.parametrize("bad", ["/nonexistent-dir/out.json", "/proc/version", "DIR"])
def test_unwritable_json_every_subcommand(tmp_path, bad):
    bad = str(tmp_path) if bad == "DIR" else bad
    for cmd, make in _subcommands(tmp_path).items():
        args = make(DEMO) + ["--json", bad]
        if cmd == "bounds":
            args = ["bounds", "--n0", "2", "--widths", "3", "--json", bad]
        r = _check(args)
        assert r.exit_code == 2 and "--json" in r.stderr, (cmd, r.stderr)


def _on_demo(cmd, *options):
    """``cmd DEMO OPTIONS...`` for each list of options."""
    return [[cmd, DEMO, *opts] for opts in options]


BAD_ARGS = [
    *_on_demo("regions", ["--jobs", "0"], ["--jobs", "many"],
              ["--checkpoint", "/nonexistent-dir/run.ckpt"], ["--domain", "1,0"],
              ["--domain", "a,b"], ["--domain", "-1,1", "--box", "-2,2"]),
    *_on_demo("plot", ["-o", "picture.bmp"], ["-o", "/nonexistent-dir/p.png"],
              ["-o", "p.png", "--domain", "0,1,2"]),
    *_on_demo("info", ["--point", "1,abc"], ["--point", "1"], ["--limit-denominator", "0"],
              ["--activations", "bogus,relu,identity"]),
    *_on_demo("hoffman", ["--point", "x,1"], ["--norms", "linf"]),
    *_on_demo("bounds", ["--domain", "1,2,3"], ["--n0", "2"]),
    *_on_demo("crosscheck", ["--tool", "sampling", "--domain", "0,1"],
              ["--tool", "sampling", "--radius", "-1"], ["--tool", "nonsense"]),
    ["bounds"],
    ["bounds", "--n0", "2", "--widths", "3", "--milp", "highs"],
    ["bounds", "--n0", "2", "--widths", "3", "--domain", "-1,1"],
    ["bounds", "--n0", "0", "--widths", "3"],
    ["bounds", "--n0", "2", "--widths", "3,x"],
    ["nonsense-command"],
    ["info"],
]


@pytest.mark.parametrize("args", BAD_ARGS, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_bad_arguments(args):
    r = _check(args)
    assert r.exit_code == 2, r.stderr


@pytest.mark.parametrize("content", [b"", b"\x80\x04garbage", b'{"format": 99}'])
def test_corrupt_checkpoint(tmp_path, content):
    ck = tmp_path / "run.ckpt"
    ck.write_bytes(content)
    _check(["regions", DEMO, "--checkpoint", str(ck), "--jobs", "1"])


def test_failed_run_leaves_no_empty_output(tmp_path):
    out = tmp_path / "r.json"
    _check(["regions", str(tmp_path / "missing.json"), "--json", str(out)])
    assert not out.exists()


def test_huge_exponent_file_every_subcommand(tmp_path):
    path = tmp_path / "huge.json"
    path.write_text('{"layers": [{"W": [["1e999999999"]], "b": ["0"]}]}\n')
    assert len(path.read_bytes()) == 51
    for make in _subcommands(tmp_path).values():
        assert _check(make(path)).exit_code == 2


def test_huge_exponent_arguments():
    for args in (["info", DEMO, "--point", "1e999999999,0"],
                 ["regions", DEMO, "--domain", "-1e999999999,1"],
                 ["bounds", DEMO, "--domain", "-1,1e999999999"]):
        assert _check(args).exit_code == 2


def test_huge_bounds_architecture():
    r = _check(["bounds", "--n0", "100000", "--widths", "100000,100000"])
    assert r.exit_code == 2


@pytest.mark.parametrize("cmd", ["info", "regions", "bounds", "hoffman", "crosscheck", "plot"])
def test_bad_file_as_a_process(corpus, tmp_path, cmd):
    """The same through a real process: C-level output would show here."""
    args = _subcommands(tmp_path)[cmd](str(corpus / "nan.json"))
    p = subprocess.run([sys.executable, "-m", "tropsage.cli", *args], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 2 and p.stdout == "", (p.stdout, p.stderr)
    assert len(p.stderr.splitlines()) == 1 and "Traceback" not in p.stderr, p.stderr
