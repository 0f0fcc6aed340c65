"""The [L] example scripts run (reduced size) and write non-trivial tables and figures."""

import csv
from pathlib import Path

import pytest
from _examples import load_example

pytest.importorskip("matplotlib")
pytest.importorskip("torch")



def run_example(name, outdir, *args):
    return load_example(name).main([str(outdir), "--small", *args])


def read_csv(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def assert_png(path, min_bytes=15000):
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > min_bytes, f"{path} is only {len(data)} bytes"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def test_regions_2d(tmp_path):
    summary = run_example("regions_2d", tmp_path)
    assert len(summary) == 2
    for s in summary:
        name = s["network"]
        assert_png(tmp_path / f"{name}_linear.png")
        assert_png(tmp_path / f"{name}_activation.png")
        rows = read_csv(tmp_path / f"{name}_regions.csv")
        assert len(rows) == s["linear regions"] >= 2
        # every linear region is a union of activation regions
        assert s["linear regions"] <= s["activation regions"]
        from fractions import Fraction
        assert sum(Fraction(r["volume in box"]) for r in rows) == 36
    assert read_csv(tmp_path / "summary.csv")[1]["train accuracy"] != ""


def test_monomial_counts(tmp_path):
    rows = run_example("monomial_counts", tmp_path, "--seeds", "1")
    assert_png(tmp_path / "monomial_counts.png")
    table = read_csv(tmp_path / "monomial_counts.csv")
    assert len(table) == len(rows) == 5
    for r in table:
        native, pruned, regions = float(r["native"]), float(r["pruned"]), float(r["regions"])
        assert 2 <= pruned <= native
        # the regions of F ⊘ G are cut out by those of F and G: at most |F| * |G| of them
        assert regions >= 1
    deep = [r for r in table if r["depth"] == "2"]
    assert float(deep[-1]["native"]) > float(deep[0]["native"])


def test_pruning_trained_vs_random(tmp_path):
    rows = run_example("pruning_trained_vs_random", tmp_path)
    assert_png(tmp_path / "pruning_rates.png", min_bytes=10000)
    table = read_csv(tmp_path / "pruning_rates.csv")
    assert len(table) == len(rows) >= 2
    for r in table:
        for side in ("random", "trained"):
            n, p = int(r[f"{side} native"]), int(r[f"{side} irredundant"])
            assert 1 <= p <= n
            assert float(r[f"{side} rate"]) == pytest.approx(1 - p / n, abs=1e-4)


def test_numerical_vs_exact(tmp_path):
    rows = run_example("numerical_vs_exact", tmp_path)
    assert_png(tmp_path / "numerical_vs_exact.png", min_bytes=10000)
    table = read_csv(tmp_path / "numerical_vs_exact.csv")
    assert len(table) == len(rows) == 4
    for r in table:
        # regions meeting the box are regions of R^n
        assert 1 <= int(r["exact box"]) <= int(r["exact R^n"])
        assert int(r["estimate"]) >= 1
    summary = read_csv(tmp_path / "numerical_vs_exact_summary.csv")
    assert [s["architecture"] for s in summary] == ["2-6-1", "3-2-2-1"]
