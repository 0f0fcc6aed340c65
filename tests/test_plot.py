"""Pictures (tropsage.plot): the drawn geometry matches the exact geometry."""

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

pytest.importorskip("matplotlib")

import tropsage as ts                                        # noqa: E402
from tropsage.nn import random_network                       # noqa: E402
from tropsage.plot import (plot_graph, plot_newton_polytope, plot_regions,  # noqa: E402
                           plot_tropical_curve, plot_zonotope, region_polygons,
                           save_figure)
from tropsage.plot.core import _colours                      # noqa: E402
from tropsage.regions import RegionList                      # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "nets" / "demo_net.json"
BOX = [(-2, 2), (-2, 2)]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def xy():
    return ts.TropicalPuiseuxSemiring(2).gens()


def shoelace(V):
    x, y = V[:, 0], V[:, 1]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def test_polygons_tile_the_box_with_exact_areas():
    x, y = xy()
    h = (x + y + x * y) / (x + x * y ** 2)
    regions = ts.linear_regions(h, domain=BOX)
    polys, edges = region_polygons(regions)
    assert sum(shoelace(V) for _, V in polys) == pytest.approx(16)
    for r, R in enumerate(regions):
        drawn = sum(shoelace(V) for k, V in polys if k == r)
        assert drawn == pytest.approx(float(R.volume()))
    # every drawn edge separates two regions with different affine maps here
    assert edges and all(regions[a].affine_map() != regions[b].affine_map() for _, a, b in edges)


def test_pieces_of_one_region_are_not_separated():
    # max(0, x) - max(0, x): one region, but Algorithm 4 builds it from several cells
    x, y = xy()
    h = (0 + x) / (0 + x)
    regions = ts.linear_regions(h, domain=BOX)
    assert len(regions) == 1
    polys, edges = region_polygons(regions)
    assert len(polys) == len(regions[0].pieces) and edges == []


def test_unbounded_needs_a_box():
    x, y = xy()
    with pytest.raises(ValueError, match="view box"):
        region_polygons(ts.linear_regions(0 + x + y))
    polys, _ = region_polygons(ts.linear_regions(0 + x + y), box=BOX)
    assert len(polys) == 3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_network_title_counts_the_exact_regions(seed):
    net = random_network([2, 4, 3, 1], seed=seed, weights="rational")
    fig = plot_regions(net, box=[(-3, 3), (-3, 3)], labels=False)
    n = ts.count_linear_regions(net, domain=[(-3, 3), (-3, 3)])
    assert fig.axes[0].get_title().endswith(f": {n} linear region{'s' if n != 1 else ''} "
                                            "in [-3, 3] x [-3, 3]")


def test_picture_pixels_show_the_region_colours():
    """Render to pixels: at a point well inside each region, the colour is the region's."""
    import matplotlib.colors as mcolors
    net = random_network([2, 3, 2, 1], seed=4, weights="rational")
    box = [(-3, 3), (-3, 3)]
    regions = ts.linear_regions(net, domain=box)
    polys, edges = region_polygons(regions)
    colours = _colours(len(regions), edges)
    fig = plot_regions(regions, box=box, labels=False)
    ax = fig.axes[0]
    fig.canvas.draw()
    img = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(int)
    h = img.shape[0]
    checked = 0
    for r, V in polys:
        if shoelace(V) < 0.3:
            continue            # too thin to hit reliably with one pixel
        c = V.mean(axis=0)
        px, py = ax.transData.transform(c)
        got = img[int(round(h - py)), int(round(px))]
        want = np.array(mcolors.to_rgb(colours[r])) * 255
        assert np.abs(got - want).max() <= 3, (r, got, want)
        checked += 1
    assert checked >= 3


def test_neighbours_get_different_colours_and_same_map_shares():
    edges = [(None, 0, 1), (None, 1, 2), (None, 0, 2), (None, 2, 3)]
    c = _colours(4, edges)
    assert all(c[a] != c[b] for _, a, b in edges)
    c = _colours(4, [(None, 0, 1), (None, 1, 2)], keys=["A", "B", "A", "C"])
    assert c[0] == c[2] != c[1]


def test_colour_by_map():
    # max(0, x, 2x - 2) ⊘ max(0, 2x - 2) in the plane: maps 0, x, 2 - x, 0, so
    # two disjoint regions carry the same map 0
    import matplotlib.colors as mcolors
    x, y = xy()
    h = (0 + x + (-2) * x ** 2) / (0 + (-2) * x ** 2)
    box = [(-1, 3), (-1, 1)]
    regions = ts.linear_regions(h, domain=box)
    assert len(regions) == 4
    zero = [r for r, R in enumerate(regions) if R.map_str() == "0"]
    assert len(zero) == 2
    polys, _ = region_polygons(regions)
    for how, same in (("map", True), ("region", False)):
        fig = plot_regions(h, box=box, colour_by=how)
        assert "4 linear regions" in fig.axes[0].get_title()
        face = [mcolors.to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
        by_region = {r: face[k] for k, (r, _) in enumerate(polys)}
        assert (by_region[zero[0]] == by_region[zero[1]]) is same
    with pytest.raises(ValueError, match="colour_by"):
        plot_regions(h, box=box, colour_by="monomial")


def test_activation_vs_linear_regions_of_spec_net():
    net = [([[0, 1], [1, 0]], [1, 1]), ([[1, -1]], [0])]
    t_lin = plot_regions(net, box=[(-4, 4), (-4, 4)]).axes[0].get_title()
    t_act = plot_regions(net, box=[(-4, 4), (-4, 4)], kind="activation").axes[0].get_title()
    assert "4 linear regions" in t_lin and "4 activation regions" in t_act


def test_graph_spec_example():
    x, = ts.TropicalPuiseuxSemiring(1).gens()
    f = 0 + 1 * x + 1 * x ** 2
    fig = plot_graph(f, interval=(-3, 3))
    ax = fig.axes[0]
    assert ax.get_title().endswith("3 linear regions on [-3, 3], breakpoints -1, 0")
    xs, ys = ax.lines[0].get_data()
    for a, b in zip(xs, ys):
        assert b == pytest.approx(float(f(Fraction(a).limit_denominator(1000))))
    bx, by = ax.lines[1].get_data()
    assert list(bx) == [-1.0, 0.0] and list(by) == [0.0, 1.0]


def test_graph_of_vector_valued_network_and_dispatch():
    net = [([[1], [-1]], [0, 0]), ([[1, 0], [0, 1]], [0, "1/2"])]
    fig = plot_regions(net, box=[(-1, 2)])
    ax = fig.axes[0]
    assert "2 linear regions on [-1, 2], breakpoints 0" in ax.get_title()
    assert len([l for l in ax.lines if l.get_label().startswith("output")]) == 2
    with pytest.raises(ValueError, match="one variable"):
        plot_graph(random_network([2, 2, 1]))


def test_tropical_curve_edges_and_weights():
    x, y = xy()
    f = 0 + x ** 2 + y ** 2 + 1 * x + 1 * y + 1 * x * y
    fig = plot_tropical_curve(f, box=[(-3, 3), (-3, 3)])
    assert "9 edges" in fig.axes[0].get_title()
    # the double line max(0, 2x): one edge of weight 2
    g = 0 + x ** 2 + 0 * y ** 0
    fig = plot_tropical_curve(g, box=BOX)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "1 edge in" in fig.axes[0].get_title() and texts == ["2"]
    fig = plot_tropical_curve((0 + x) / (0 + y), box=BOX)
    assert "2 edges" in fig.axes[0].get_title()
    with pytest.raises(TypeError, match="tropical polynomial"):
        plot_tropical_curve([1, 2])


def test_newton_polytope_marks_redundant_monomials():
    x, y = xy()
    t, = ts.TropicalPuiseuxSemiring(1).gens()
    fig = plot_newton_polytope(0 + t + t ** 2)
    assert fig.axes[0].get_title() == ("Newton polytope: 2 vertices, 1 cell, 2 of 3 "
                                        "monomials irredundant")
    f = x + y + x ** 2 * y ** 2 + x * y + x ** 2 + y ** 2
    title = plot_newton_polytope(f).axes[0].get_title()
    assert title.endswith("5 of 6 monomials irredundant")
    fig = plot_newton_polytope((x + y) / (0 + x * y))
    assert [a.get_title().split(":")[0] for a in fig.axes] == ["numerator", "denominator"]
    with pytest.raises(ValueError, match="1 or 2 variables"):
        plot_newton_polytope(ts.TropicalPuiseuxSemiring(3).gens()[0])


@pytest.mark.parametrize("L,expected", [(3, 8), (4, 14), (6, 32)])
def test_zonotope_vertex_counts(L, expected):
    # generators on the moment curve are generic: [A] counts, L(L-1) facets
    G = [[1, t, t * t] for t in range(1, L + 1)]
    fig = plot_zonotope(G)
    assert fig.axes[0].get_title() == (f"zonotope of {L} generators: {expected} vertices, "
                                       f"{L * (L - 1)} facets")


def test_zonotope_2d_and_errors():
    fig = plot_zonotope([[1, 0], [0, 1], [1, 1], [2, -1]])
    assert fig.axes[0].get_title() == "zonotope of 4 generators: 8 vertices"
    with pytest.raises(ValueError, match="2 or 3 dimensions"):
        plot_zonotope([[1, 0, 0, 0]])


def test_save_png_svg(tmp_path):
    x, y = xy()
    fig = plot_regions(0 + x + y + 1 * x * y, box=BOX)
    for ext in ("png", "svg"):
        p = tmp_path / f"r.{ext}"
        save_figure(fig, p)
        assert p.stat().st_size > 5000
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "r.svg").read_bytes()[:2000]
    with pytest.raises(ValueError, match=".png, .svg or .pdf"):
        save_figure(fig, tmp_path / "r.gif")


def test_bad_input():
    x, y = xy()
    with pytest.raises(ValueError, match="1 or 2 variables"):
        plot_regions(random_network([3, 2, 1]))
    with pytest.raises(ValueError, match="box has 1 intervals"):
        plot_regions(0 + x, box=[(-1, 1)])
    with pytest.raises(ValueError, match="empty"):
        plot_regions(0 + x, box=[(1, 1), (0, 1)])
    with pytest.raises(ValueError, match="activation regions belong to networks"):
        plot_regions(0 + x, kind="activation")


def test_cli_plot(tmp_path):
    from tropsage.cli import main
    out = tmp_path / "regions.png"
    r = CliRunner().invoke(main, ["plot", str(DEMO), "-o", str(out), "--box", "-1,2,-1,2"])
    assert r.exit_code == 0, r.output
    assert "21 linear regions in [-1, 2] x [-1, 2]" in r.output
    assert out.stat().st_size > 10000
    r = CliRunner().invoke(main, ["plot", str(DEMO), "-o", str(out), "--box", "-1,2,3"])
    assert r.exit_code != 0 and "give 2 or 4 numbers" in r.output
    r = CliRunner().invoke(main, ["plot", str(DEMO), "-o", str(tmp_path / "a.svg"),
                                  "--kind", "activation"])
    assert r.exit_code == 0 and "activation regions" in r.output


def test_region_list_html():
    x, = ts.TropicalPuiseuxSemiring(1).gens()
    L = ts.linear_regions(0 + 1 * x + 1 * x ** 2)
    html = L._repr_html_()
    assert "3 regions in QQ<sup>1</sup>, 1 bounded" in html
    assert html.count("<tr>") == 4
    partial = RegionList(list(L), info={"partial": True})
    assert "partial" in partial._repr_html_(max_rows=1)
    assert "2 more" in partial._repr_html_(max_rows=1)


def test_tropical_curve_of_a_large_numerator_stays_readable():
    """Labels only where they fit, a title that stays on the figure."""
    net = random_network([2, 8, 8, 1], seed=0)
    F = ts.tropicalize(net)[0].numerator()
    fig = plot_tropical_curve(F, box=[(-3, 3), (-3, 3)])
    ax = fig.axes[0]
    title = ax.get_title()
    assert title.startswith(f"tropical curve of a polynomial of {len(F)} monomials")
    assert all(len(line) <= 72 for line in title.splitlines())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    # the title is inside the figure
    tb = ax.title.get_window_extent(renderer)
    fb = fig.bbox
    assert fb.x0 <= tb.x0 and tb.x1 <= fb.x1 and tb.y1 <= fb.y1
    # no two weight labels overlap, and some were left out for lack of room
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert boxes and all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert "left out (no room)" in title
