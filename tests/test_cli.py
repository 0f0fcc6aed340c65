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
    assert "no network file" in run("info", "missing.json").output
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
    assert f"linear regions      {exact} " in r.output
    out = tmp_path / "r.json"
    r = run("regions", DEMO, "--domain", "-2,2", "--json", out)
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert data["domain"] == [["-2", "2"], ["-2", "2"]] and data["total_volume"] == "16"
    assert data["activation_regions"] == ts.count_activation_regions(load_network(DEMO), domain=[(-2, 2)] * 2)
    assert "give 2 or 4 numbers" in run("regions", DEMO, "--domain", "1,2,3").output
