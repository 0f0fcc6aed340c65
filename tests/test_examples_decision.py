"""The decision examples run end to end on a reduced, seeded budget (each well under 30 s)."""

import csv
import os

import pytest
from _examples import load_example

pytest.importorskip("torch")
pytest.importorskip("sklearn")
pytest.importorskip("matplotlib")



_load = load_example


def _png(path):
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert os.path.getsize(path) > 10_000


def test_pruning_digits(tmp_path):
    mod = _load("decision_pruning_digits")
    rows = mod.main([str(tmp_path), "--quick"])
    with open(tmp_path / "pruning_digits.csv") as fh:
        table = list(csv.DictReader(fh))
    nets = {r["net"] for r in table}
    assert len(nets) == 3                                 # shallow, deep (greedy blocks), toy
    # digits: 2 seeds x 6 methods x 3 ratios x 3 fine-tunings; moons: no fine-tuning
    assert len(table) == len(rows) == 2 * 6 * 3 * (3 + 3 + 1)
    assert {r["method"] for r in table} == set(mod.METHODS)
    assert {r["finetune"] for r in table} == {"none", "biases", "all"}
    for r in table:
        # the ratio counts weights actually removed: at least the target (whole neurons
        # overshoot a little)
        assert float(r["pruned"]) >= float(r["ratio"]) - 0.005      # rounding to whole weights
        if r["method"] in ("class_blind", "class_distribution"):  # per layer, exactly
            assert abs(float(r["pruned"]) - float(r["ratio"])) < 0.01
        assert 0 <= float(r["accuracy"]) <= 1
    for r in table:
        if float(r["ratio"]) == 0 and r["finetune"] == "none":
            assert float(r["accuracy"]) == float(r["unpruned"]) > 0.6     # quick, small nets
        if float(r["ratio"]) == 0.9 and r["net"].startswith("digits") and r["finetune"] == "none":
            assert float(r["accuracy"]) < float(r["unpruned"])     # 90 % gone costs accuracy
    md = (tmp_path / "pruning_digits.md").read_text()
    assert md.count("| AUC |") == 3 + 3 + 1 and " ± " in md
    _png(tmp_path / "pruning_digits.png")


def test_attack_digits(tmp_path):
    rows = _load("decision_attack_digits").main([str(tmp_path), "--quick"])
    assert [r["attack"] for r in rows] == ["fgsm", "tropical", "tropical"]
    for r in rows:
        assert r["n"] >= 30
        assert 0 < r["success_rate"] <= r["float_success_rate"] + 1e-12 <= 1 + 1e-12
        assert r["mean_linf"] <= r["eps1"] + 1e-6
    # Problem (5)'s coupling A1 η = ξ x0 is enforced when the layer may move
    coupled = [r for r in rows if r["attack"] == "tropical" and r["eps2"]]
    assert coupled and all(r["mean_residual"] < 0.1 for r in coupled)
    assert "robust accuracy" in (tmp_path / "attack_digits.md").read_text()
    for name in ("attack_digits.png", "attack_examples.png", "attack_dual_view.png"):
        _png(tmp_path / name)
    assert (tmp_path / "attack_digits.md").read_text().count("\n") == 5


def test_lottery_zonotopes(tmp_path):
    rows = _load("lottery_zonotopes").main([str(tmp_path), "--quick"])
    assert rows[0]["init"] == "original" and rows[0]["vertices"] > 4
    assert len(rows) == 1 + 4 * 2                   # the four initializations of [A] Fig. 3
    assert "Gaussian N(0, 0.1)" in {r["init"] for r in rows}
    # pruning removes generators: the polytope of a 90 %-pruned net has fewer vertices
    assert all(r["vertices"] < rows[0]["vertices"] for r in rows if r["ratio"] == 0.9)
    _png(tmp_path / "lottery_zonotopes.png")
