"""Cross-checks of floating-point region tools, with exact witnesses of disagreement."""

import json
from fractions import Fraction

import pytest

from tropsage.nn import as_network, random_network
from tropsage.numerical import crosscheck
from tropsage.regions.activation import activation_regions

# relu(x) - relu(x - eps) + relu(y): the strip 0 < x < eps is a thin region
def thin_strip(eps):
    return [([[1, 0], [1, 0], [0, 1]], [0, -eps, 0]), ([[1, -1, 1]], [0])]


def _check_witness(net, d):
    """Recheck a reported witness from scratch, in exact arithmetic."""
    net = as_network(net)
    assert d.verified
    p = [Fraction(str(v)) for v in d.point]
    if d.exact_value is not None:
        assert tuple(Fraction(str(v)) for v in d.exact_value) == tuple(net.forward(p))
    return p


def _exact_pattern_bits(net, p):
    net = as_network(net)
    return tuple(tuple(layer) for layer, L in zip(net.activation_pattern(p), net.layers)
                 if L.activation.kind != "identity")


@pytest.mark.peers
def test_regioncam_drops_thin_region_and_tropsage_gives_witness():
    pytest.importorskip("regioncam")
    net = thin_strip(Fraction(1, 10**9))
    rep = crosscheck(net, "regioncam", radius=1)
    assert rep.exact_count == 6 and rep.tool_count == 4 and not rep.agree
    missed = [d for d in rep.disagreements if d.kind in ("missed", "wrong_pattern")]
    assert missed
    for d in missed:
        p = _check_witness(net, d)
        # the witness lies strictly inside the thin strip or is a point the tool mislabels
        ex = _exact_pattern_bits(net, p)
        A = activation_regions(net, domain=[(-1, 1)] * 2, progress=False)
        assert A[d.exact_region].contains(d.point, strict=True)
        if d.kind == "wrong_pattern":
            assert ex != d.tool_pattern
    assert any(0 < Fraction(str(d.point[0])) < Fraction(1, 10**9) for d in missed)


@pytest.mark.peers
def test_affinitree_spurious_regions_near_degeneracy():
    pytest.importorskip("affinitree")
    net = thin_strip(Fraction(1, 10**12))
    rep = crosscheck(net, "affinitree")
    assert rep.exact_count == 6 and rep.tool_count == 8
    assert {d.kind for d in rep.disagreements} == {"spurious"}
    for d in rep.disagreements:
        # the tool region's centre lies in an exact region another tool region already covers
        p = _check_witness(net, d)
        A = activation_regions(net, progress=False)
        assert d.exact_region is not None and A[d.exact_region].contains(d.point, strict=True)
        assert A[d.exact_region].activation_pattern[0] == as_network(net).activation_pattern(p)[0]


@pytest.mark.peers
def test_affinitree_wrong_map_from_float_rounding():
    pytest.importorskip("affinitree")
    # relu(2^60 x) - relu((2^60 - 1) x) = relu(x) exactly; in float64 both weights are 2^60
    big = 2**60
    net = [([[big], [big - 1]], [0, 0]), ([[1, -1]], [0])]
    rep = crosscheck(net, "affinitree")
    wrong = [d for d in rep.disagreements if d.kind == "wrong_map"]
    assert wrong
    for d in wrong:
        p = _check_witness(net, d)
        assert p[0] > 0 and as_network(net).forward(p) == [p[0]]
        assert abs(d.tool_value[0]) < 1e-6 * float(p[0])          # the tool says 0


@pytest.mark.peers
@pytest.mark.parametrize("widths,seed", [([2, 5, 4, 1], 0), ([3, 5, 4, 1], 1)])
def test_affinitree_agrees_on_generic_nets(widths, seed):
    pytest.importorskip("affinitree")
    net = random_network(widths, seed=seed, weights="float")
    rep = crosscheck(net, "affinitree")
    assert rep.agree, rep.summary()


@pytest.mark.peers
def test_regioncam_agrees_on_generic_net():
    pytest.importorskip("regioncam")
    net = random_network([2, 6, 5, 1], seed=0, weights="float")
    rep = crosscheck(net, "regioncam", radius=3)
    assert rep.agree, rep.summary()


def test_sampling_misses_thin_region_with_witness():
    net = thin_strip(Fraction(1, 10**12))
    rep = crosscheck(net, "sampling", radius=1, n_samples=3000, seed=1)
    assert rep.exact_count == 6 and rep.tool_count == 2
    kinds = [d.kind for d in rep.disagreements]
    assert kinds == ["missed"] * 4
    thin = [d for d in rep.disagreements if "none of the" in d.message]
    assert len(thin) == 2
    for d in rep.disagreements:
        p = _check_witness(net, d)
        if d in thin:
            assert 0 < p[0] < Fraction(1, 10**12)
        else:                               # x > eps: same map as x < 0 but another region
            assert p[0] > Fraction(1, 10**12)


def test_sampling_agrees_on_coarse_net_and_reports_split():
    net = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]
    assert crosscheck(net, "sampling", radius=3, n_samples=5000).agree
    # |x| - 2 relu(x - 1) + relu(y): same-map regions on both sides of the strip 0 < x < 1
    net2 = [([[1, 0], [-1, 0], [1, 0]], [0, 0, -1]), ([[1, 1, -2]], [0])]
    rep_off = crosscheck(net2, "sampling", radius=3, n_samples=4000)
    rep_on = crosscheck(net2, "sampling", radius=3, n_samples=4000, midpoint_test=True)
    assert rep_off.tool_count == 2 and rep_on.tool_count == 3 == rep_on.exact_count
    assert [d.kind for d in rep_off.disagreements] == ["missed"]
    assert rep_on.agree


def test_bad_tool():
    with pytest.raises(ValueError, match="tool must be one of"):
        crosscheck([([[1]], [0])], "relucent")
    with pytest.raises(ValueError, match="2-D inputs"):
        crosscheck(random_network([3, 2, 1], seed=0), "regioncam")


def test_cli_crosscheck(tmp_path):
    from click.testing import CliRunner
    from tropsage.cli import main
    path = tmp_path / "thin.json"
    layers = [{"W": [[1, 0], [1, 0], [0, 1]], "b": [0, "-1/1000000000000", 0], "activation": "relu"},
              {"W": [[1, -1, 1]], "b": [0], "activation": "identity"}]
    path.write_text(json.dumps({"layers": layers}))
    out = tmp_path / "rep.json"
    r = CliRunner().invoke(main, ["crosscheck", str(path), "--tool", "sampling", "-r", "1",
                                  "--samples", "2000", "--json", str(out)])
    assert r.exit_code == 1, r.output
    assert "sampling: 2 linear regions, tropsage (exact): 6" in r.output
    data = json.loads(out.read_text())
    assert data["agree"] is False and data["exact_count"] == 6
    assert all(d["verified"] for d in data["disagreements"])
    from fractions import Fraction
    x0 = Fraction(data["disagreements"][0]["point"][0])
    assert 0 < x0 < Fraction(1, 10 ** 12)  # the witness lies inside the thin strip
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({"layers": [{"W": [[1, 0], [0, 1]], "b": [0, 0], "activation": "relu"},
                                         {"W": [[1, 1]], "b": [0], "activation": "identity"}]}))
    r = CliRunner().invoke(main, ["crosscheck", str(ok), "--tool", "sampling", "--samples", "500"])
    assert r.exit_code == 0 and "agree" in r.output
    r = CliRunner().invoke(main, ["crosscheck", str(ok), "--radius", "-1", "--tool", "sampling"])
    assert r.exit_code != 0 and "radius" in r.output
