"""The pictures of the tutorial, drawn at build time by tropsage (see ``conf.py``)."""

import os

import sage.all__sagemath_polyhedra  # noqa: F401  (before deeper sage imports)


def tutorial_network():
    """The 2-3-1 torch network the tutorial follows."""
    import torch
    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor([[1.0, -1.0], [0.5, 1.0], [-1.0, 0.25]]))
        net[0].bias.copy_(torch.tensor([0.0, -1.0, 0.5]))
        net[2].weight.copy_(torch.tensor([[1.0, -2.0, 1.0]]))
        net[2].bias.copy_(torch.tensor([0.25]))
    return net


def make_figures(out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import tropsage as ts
    from tropsage.plot import (plot_graph, plot_newton_polytope, plot_regions,
                               plot_tropical_curve, plot_zonotope)
    net = tutorial_network()
    m = ts.tropicalize(net)
    box = [(-3, 3), (-3, 3)]
    jobs = {
        "tutorial_regions.png": lambda p: plot_regions(net, box=box, path=p),
        "tutorial_numerator_curve.png": lambda p: plot_tropical_curve(m[0], box=box, path=p),
        "tutorial_newton.png": lambda p: plot_newton_polytope(m[0], path=p),
        "tutorial_zonotope.png": lambda p: plot_zonotope([[1, -1], [0.5, 1], [-1, 0.25]], path=p),
    }
    x, = ts.TropicalPuiseuxSemiring(1).gens()
    jobs["tutorial_graph.png"] = lambda p: plot_graph(0 + 1 * x + 1 * x ** 2, interval=(-3, 2),
                                                      path=p)
    for name, draw in jobs.items():
        path = os.path.join(out, name)
        if not os.path.exists(path):
            draw(path)
            plt.close("all")
