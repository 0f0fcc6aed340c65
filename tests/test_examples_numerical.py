"""The fundamental-domain experiment script (examples/fundamental_domain.py), quick mode."""


import pytest
from _examples import load_example

pytest.importorskip("matplotlib")



def _load():
    return load_example("fundamental_domain")


def test_fundamental_domain_example_quick(tmp_path, capsys):
    mod = _load()
    out = tmp_path / "fd.png"
    rows = mod.main(["--quick", "--out", str(out), "--backend", "numpy"])
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [r["n"] for r in rows] == [2, 3, 4]
    for r in rows:
        # the invariant nets have n! symmetric copies of most regions: every estimate is
        # positive, and the exact count is an integer mean >= 1
        assert r["full"] >= 1 and r["fd_same"] >= 1 and r["fd_density"] >= 1
        assert r["exact"] >= 1
        assert r["time_density"] > 0
    # in the plane every region is large: both estimates agree with each other
    assert abs(rows[0]["ratio_same"] - 1) <= 0.2
    text = capsys.readouterr().out
    assert "paper" in text and "plot:" in text


def test_exact_counts_in_example_are_exact(tmp_path):
    # the exact column equals a direct exact count on R^n restricted to the same box
    mod = _load()
    import numpy as np
    from tropsage.numerical import count_linear_regions_symmetric
    from tropsage.regions import count_linear_regions
    rng = np.random.default_rng(3)
    net = mod.random_invariant_network(3, rng)
    assert count_linear_regions_symmetric(net, radius=3) == \
        count_linear_regions(net, domain=[(-3, 3)] * 3, progress=False)
