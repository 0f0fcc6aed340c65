"""The `tropsage` command and network files."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tropsage.cli import main
from tropsage.nn import as_network, random_network
from tropsage.nn.io import load_network, save_network

ROOT = Path(__file__).resolve().parents[1]
# the hardening of nn/io.py adds load_network(trusted=): whole pickled models only on request
DEMO = ROOT / "examples" / "nets" / "demo_net.json"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_info_on_demo_net():
    r = run("info", DEMO, "--point", "1/2,-1/3")
    assert r.exit_code == 0, r.output
    assert "Network 2 -> 4 (relu) -> 3 (relu) -> 1 (identity)" in r.output
    assert "F - G = 47/12 - 53/36 = 22/9" in r.output
    assert "gives 22/9: agrees" in r.output
    net = load_network(DEMO)
    from tropsage._exact import qq
    assert net(["1/2", "-1/3"]) == (qq(22, 9),)


def test_info_show_and_no_prune():
    r = run("info", DEMO, "--show", "--no-prune")
    assert r.exit_code == 0 and "F = max(" in r.output and "agrees" in r.output


def test_info_errors():
    assert "the network takes 2 inputs" in run("info", DEMO, "--point", "1").output
    r = run("info", "missing.json")
    assert r.exit_code == 2 and "no such file 'missing.json'" in r.stderr
    r = run("info", DEMO, "--point", "1,abc")
    assert r.exit_code != 0 and "cannot read 'abc'" in r.output


def test_formats_round_trip(tmp_path):
    torch = pytest.importorskip("torch")
    net = random_network([3, 4, 2], seed=2, weights="rational")
    x = ["1/3", "-2", "5/7"]
    # json
    save_network(net, tmp_path / "n.json")
    assert load_network(tmp_path / "n.json")(x) == net(x)
    # npz with activations
    fnet = random_network([3, 4, 2], seed=2, weights="float")
    arrays = {}
    for i, layer in enumerate(fnet.layers):
        arrays[f"W{i}"] = np.array([[float(v) for v in r] for r in layer.W])
        arrays[f"b{i}"] = np.array([float(v) for v in layer.b])
    np.savez(tmp_path / "n.npz", activations=np.array(["leaky_relu:1/4", "identity"]), **arrays)
    lnet = load_network(tmp_path / "n.npz")
    assert [str(l.activation) for l in lnet.layers] == ["leaky_relu(1/4)", "identity"]
    # torch: a whole Sequential and its state dict
    seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    torch.save(seq, tmp_path / "seq.pt")
    torch.save(seq.state_dict(), tmp_path / "sd.pt")
    with pytest.raises(ValueError, match="trusted=True"):
        load_network(tmp_path / "seq.pt")        # a pickled module runs code: opt in
    a, b = load_network(tmp_path / "seq.pt", trusted=True), load_network(tmp_path / "sd.pt")
    assert a(x) == b(x) == as_network(seq)(x)
    r = run("info", tmp_path / "sd.pt", "--point", "1,2,3")
    assert r.exit_code == 0 and r.output.count("agrees") == 1


def test_bad_files(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text(json.dumps({"layers": [{"W": [[1, 2]]}]}))
    with pytest.raises(ValueError, match="needs keys 'W' and 'b'"):
        load_network(p)
    p.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_network(p)
    p.write_text(json.dumps({"layers": [{"W": [[1, "nan"]], "b": [0]}]}))
    with pytest.raises(ValueError, match="nan"):
        load_network(p)
    with pytest.raises(ValueError, match="unknown network format"):
        (tmp_path / "n.txt").write_text("")
        load_network(tmp_path / "n.txt")


def test_console_script_installed():
    exe = Path(sys.executable).parent / "tropsage"
    out = subprocess.run([str(exe), "info", str(DEMO)], capture_output=True, text=True, check=True)
    assert "agrees" in out.stdout


def test_regions_command(tmp_path):
    import tropsage as ts
    r = run("regions", DEMO)
    assert r.exit_code == 0, r.output
    exact = ts.count_linear_regions(ts.tropicalize(load_network(DEMO)))
    assert f"linear regions      {exact}\n" in r.output
    out = tmp_path / "r.json"
    r = run("regions", DEMO, "--domain", "-2,2", "--json", out)
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert data["domain"] == [["-2", "2"], ["-2", "2"]] and data["total_volume"] == "16"
    assert data["activation_regions"] == ts.count_activation_regions(load_network(DEMO), domain=[(-2, 2)] * 2)
    assert "give 2 or 4 numbers" in run("regions", DEMO, "--domain", "1,2,3").output


def test_help_short_option():
    for cmd in ([], ["info"], ["regions"], ["bounds"], ["hoffman"], ["crosscheck"], ["plot"]):
        r = run(*cmd, "-h")
        assert r.exit_code == 0 and "Usage:" in r.output, cmd


def test_regions_counts_bounded_and_volumes(tmp_path):
    r = run("regions", DEMO, "--domain", "-2,2", "--jobs", "1")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[2] == "activation regions  22" and lines[3] == "  bounded           22  (unbounded 0)"
    assert lines[4] == "linear regions      22"
    assert "(sum 16)" in lines[6] and lines[7].startswith("time") and "(wall)" in lines[7]
    # on all of R^2: no volumes unless asked, bounded counts on request
    r = run("regions", DEMO, "--bounded", "--volumes")
    assert r.exit_code == 0, r.output
    assert "unbounded" in r.stdout and "+Infinity" in r.stdout
    r = run("regions", DEMO, "--no-linear")
    assert r.exit_code == 0 and "linear" not in r.stdout and "activation regions" in r.stdout


def test_regions_json_records(tmp_path):
    """Per-region records: pattern, exact affine map, interior point, bounded, volume."""
    from fractions import Fraction
    r = run("regions", DEMO, "--domain", "-2,2", "--json", "-")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)                  # '-' : only the JSON on stdout
    net = load_network(DEMO)
    assert data["activation_regions"] == len(data["regions"]) == 22
    assert data["partial"] is False and data["total_volume"] == "16"
    for rec in data["regions"]:
        x = [Fraction(v) for v in rec["interior_point"]]
        assert all(-2 < v < 2 for v in x)
        pattern = net.activation_pattern(x)
        # (the last layer is an identity: it decides nothing and the record has [])
        assert [list(p) for p in pattern[:-1]] == rec["activation_pattern"][:-1]
        assert rec["activation_pattern"][-1] == []
        g, c = [Fraction(v) for v in rec["map"]["gradient"]], Fraction(rec["map"]["constant"])
        assert Fraction(str(net(x)[0])) == sum(a * v for a, v in zip(g, x)) + c
        assert rec["bounded"] is True and Fraction(rec["volume"]) > 0
    assert sum(Fraction(rec["volume"]) for rec in data["regions"]) == 16
    assert sum(len(L["activation_patterns"]) for L in data["linear_region_list"]) == 22
    # unbounded domain: volumes not computed, bounded flags still exact
    r = run("regions", DEMO, "--json", tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert all(rec["volume"] is None for rec in data["regions"])
    assert data["unbounded"] == sum(not rec["bounded"] for rec in data["regions"]) > 0


def test_json_everywhere(tmp_path):
    cases = [["info", DEMO], ["regions", DEMO, "--no-records"], ["bounds", DEMO],
             ["bounds", "--n0", "3", "--widths", "4,4"],
             ["plot", DEMO, "-o", tmp_path / "p.png"],
             ["crosscheck", DEMO, "--tool", "sampling", "--samples", "200", "--domain", "-1,1"]]
    for args in cases:
        r = run(*args, "--json", "-")
        assert r.exit_code in (0, 1), (args, r.output)
        assert isinstance(json.loads(r.stdout), dict), args
        out = tmp_path / "o.json"
        r = run(*args, "--json", out)
        assert json.loads(out.read_text()) and f"report written to {out}" in r.stdout


def test_bounds_labelled_over_all_weights():
    r = run("bounds", DEMO)
    assert r.exit_code == 0, r.output
    assert "serra_upper (over all weights)" in r.stdout
    assert "exact activation regions in [-1, 1] x [-1, 1]" in r.stdout
    r = run("bounds", "--n0", "2", "--widths", "3", "--milp", "highs")
    assert r.exit_code == 2 and "--milp needs a network file" in r.stderr


def test_domain_aliases(tmp_path):
    a = run("regions", DEMO, "--domain", "-1,1").stdout.splitlines()[:5]
    b = run("regions", DEMO, "--box", "-1,1").stdout.splitlines()[:5]
    assert a == b and "[-1, 1] x [-1, 1]" in a[1]
    r1, r2 = run("bounds", DEMO, "--box", "-1,2"), run("bounds", DEMO, "--domain", "-1,2")
    strip = lambda s: [l.split("(")[0] for l in s.splitlines()]
    assert strip(r1.stdout) == strip(r2.stdout)
    assert run("plot", DEMO, "-o", tmp_path / "a.svg", "--box", "-1,1").exit_code == 0
    r = run("crosscheck", DEMO, "--tool", "sampling", "--samples", "100", "--radius", "2",
            "--json", "-")
    assert json.loads(r.stdout)["domain"] == [["-2", "2"], ["-2", "2"]]
    r = run("crosscheck", DEMO, "--tool", "sampling", "--domain", "0,1")
    assert r.exit_code == 2 and "centred cube" in r.stderr
    assert "--box" not in run("regions", "-h").output        # old names are hidden
    r = run("regions", DEMO, "--domain", "-1,1", "--box", "-2,2")
    assert r.exit_code == 2


def test_point_errors_name_the_option():
    for cmd in ("info", "hoffman"):
        r = run(cmd, DEMO, "--point", "1,abc")
        assert r.exit_code == 2 and "--point" in r.stderr and "abc" in r.stderr


def test_regions_checkpoint_round_trip(tmp_path):
    ck = tmp_path / "run.ckpt"
    first = run("regions", DEMO, "--checkpoint", ck, "--jobs", "1")
    assert first.exit_code == 0 and ck.exists()
    again = run("regions", DEMO, "--checkpoint", ck, "--jobs", "1")
    strip = lambda s: s.splitlines()[:-1]          # all but the time
    assert strip(first.stdout) == strip(again.stdout)
    r = run("regions", DEMO, "--checkpoint", tmp_path)
    assert r.exit_code == 2 and "directory" in r.stderr


class _Marker:
    """Unpickling this creates a file: what a crafted model file could do."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_trust_pickle(tmp_path):
    torch = pytest.importorskip("torch")
    seq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    torch.save(seq, tmp_path / "seq.pt")
    r = run("info", tmp_path / "seq.pt")
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1 and r.stdout == ""
    r = run("info", tmp_path / "seq.pt", "--trust-pickle")
    assert r.exit_code == 0 and "agrees" in r.stdout
    marker = tmp_path / "marker"
    torch.save({"0.weight": torch.eye(2), "evil": _Marker(marker)}, tmp_path / "evil.pt")
    for cmd in ("info", "regions", "bounds"):
        r = run(cmd, tmp_path / "evil.pt")
        assert r.exit_code == 2 and not marker.exists(), r.stderr


def test_progress_bars_on_stderr(tmp_path):
    r = run("regions", DEMO, "--domain", "-2,2", "--progress", "--json", tmp_path / "r.json")
    assert r.exit_code == 0, r.output
    err = r.stderr.replace("\r", "\n")
    assert "activation regions:" in err
    for phase in ("volumes:", "region records:"):      # known length: bar with ETA
        line = [l for l in err.splitlines() if l.startswith(phase)][-1]
        assert "<" in line and "regions/s" in line, line
    assert "Running" not in r.stdout
    r = run("regions", DEMO, "--domain", "-2,2", "--no-progress", "--json", tmp_path / "r.json")
    assert r.exit_code == 0 and r.stderr == ""
