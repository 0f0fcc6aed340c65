"""Ctrl-C in `tropsage regions`: prompt stop, PARTIAL output, exit 130, resume by checkpoint.

The command runs as a real subprocess (``python -m tropsage.cli`` from this tree) and
gets a real SIGINT, as from a terminal.
"""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tropsage.nn import random_network
from tropsage.nn.io import save_network

ROOT = Path(__file__).resolve().parents[1]
# about 30 s to enumerate with the compiled engine (746,254 regions)
BIG = [5, 10, 10, 10, 10, 1]


def _net(tmp_path, widths=BIG):
    path = tmp_path / "net.json"
    save_network(random_network(widths, seed=0, weights="float"), path)
    return path


def _start(*args):
    # --progress: the bar on standard error shows when the enumeration has started
    return subprocess.Popen([sys.executable, "-m", "tropsage.cli", "regions", *map(str, args),
                             "--progress"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_started(proc):
    seen = ""
    while "activation regions" not in seen:
        c = proc.stderr.read(1)
        assert c, "no progress bar: " + seen + proc.stdout.read()
        seen += c


def _interrupt(proc, after=3.0):
    """SIGINT once the enumeration runs; returns (stdout, stderr, seconds to exit)."""
    _wait_started(proc)
    time.sleep(after)
    assert proc.poll() is None, "finished before the interrupt: pick a larger net"
    proc.send_signal(signal.SIGINT)
    t0 = time.monotonic()
    out, err = proc.communicate(timeout=60)
    return out, err, time.monotonic() - t0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_fast_with_partial_output(tmp_path, jobs):
    net = _net(tmp_path)
    proc = _start(net, "--jobs", jobs, "--json", tmp_path / "r.json", "--no-records")
    out, err, secs = _interrupt(proc)
    assert proc.returncode == 130, (out, err)
    assert secs < 3, f"took {secs:.1f} s to stop"
    assert out.startswith("network") and "Traceback" not in err
    assert "PARTIAL" in out and "activation regions" in out
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["partial"] is True and data["activation_regions"] >= 0


def test_second_ctrl_c_exits_at_once(tmp_path):
    proc = _start(_net(tmp_path), "--jobs", "1")
    _wait_started(proc)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    t0 = time.monotonic()
    proc.communicate(timeout=60)
    # killed by the signal itself (the shell shows 130), or the first one already finished
    assert proc.returncode in (-signal.SIGINT, 130)
    assert time.monotonic() - t0 < 3


def _counts(text):
    """``{"activation regions": "123", "linear regions": "120"}`` from the text report."""
    return {l[:20].strip(): l[20:].split()[0] for l in text.splitlines()
            if l.startswith(("activation regions", "linear regions"))}


@pytest.mark.parametrize("widths,after,timeout", [
    pytest.param(BIG, 4.0, 7200, marks=pytest.mark.slow, id="big"),
    pytest.param([4, 10, 10, 10, 10, 1], 1.0, 600, id="fast"),  # ~4 s with the compiled engine
])
def test_checkpoint_resumes_to_the_uninterrupted_counts(tmp_path, widths, after, timeout):
    """Interrupt, resume from the checkpoint, compare with an uninterrupted run."""
    # counting mode (--no-linear): the checkpoint holds open cells and a count, no regions
    net = _net(tmp_path, widths)
    ck = tmp_path / "run.ckpt"
    opts = ["--no-linear", "--jobs", "1"]
    proc = _start(net, "--checkpoint", ck, *opts)
    out, err, secs = _interrupt(proc, after=after)
    assert proc.returncode == 130 and "PARTIAL" in out and ck.exists() and secs < 3, out + err
    partial = int(_counts(out)["activation regions"])
    cmd = [sys.executable, "-m", "tropsage.cli", "regions", str(net), *opts]
    resumed = subprocess.run(cmd + ["--checkpoint", str(ck)], cwd=ROOT, capture_output=True,
                             text=True, timeout=timeout)
    full = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert resumed.returncode == full.returncode == 0, resumed.stderr + full.stderr
    assert _counts(resumed.stdout) == _counts(full.stdout)
    assert int(_counts(full.stdout)["activation regions"]) > partial


def test_ctrl_c_in_the_domain_test_of_a_reduced_net(tmp_path):
    """64 inputs through 8 first-layer units, in the unit box: the reduced enumeration
    takes seconds, the box test after it about ten; Ctrl-C during the box test stops
    it promptly with the cells tested so far (PARTIAL, exit 130)."""
    net = _net(tmp_path, [64, 8, 8, 1])
    proc = _start(net, "--jobs", "1", "--domain", "0,1", "--json", tmp_path / "r.json",
                  "--no-records")
    seen = ""
    while "cells in the domain" not in seen:
        c = proc.stderr.read(1)
        assert c, "no bar for the box test: " + seen + proc.stdout.read()
        seen += c
    time.sleep(1.0)
    assert proc.poll() is None, "the box test finished before the interrupt"
    proc.send_signal(signal.SIGINT)
    t0 = time.monotonic()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert time.monotonic() - t0 < 3
    assert "PARTIAL" in out and "Traceback" not in err
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["partial"] is True and 0 < data["activation_regions"] < 14290
