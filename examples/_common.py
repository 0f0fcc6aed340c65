"""
What the example scripts share: their command line (an output folder and a reduced
run for the tests), CSV tables and headless matplotlib figures.

Each script puts its own folder on ``sys.path`` before importing this module, so it
runs from anywhere (``python examples/NAME.py OUTDIR``) and loads under the tests'
``importlib``.
"""

import argparse
import csv
import os


def parser(doc, small="--quick", help="reduced budget (as run by the tests)", seed=False):
    """An argument parser described by the first paragraph of ``doc``, with the
    positional ``outdir``, the flag ``small`` (``--quick`` or ``--small``) and, if
    ``seed``, the option ``--seed`` (default 0)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument(small, action="store_true", help=help)
    if seed:
        ap.add_argument("--seed", type=int, default=0)
    return ap


def parse(ap, argv):
    """The parsed arguments, with the output folder created."""
    args = ap.parse_args(argv)
    os.makedirs(args.outdir, exist_ok=True)
    return args


def quick(args):
    """``--quick`` given, or the environment variable ``TROPSAGE_QUICK=1``."""
    return args.quick or os.environ.get("TROPSAGE_QUICK") == "1"


def write_csv(path, rows, fieldnames=None):
    """Write the dicts ``rows`` (columns: ``fieldnames``, or the first row's keys)."""
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames or list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def wrote(*paths):
    """Say which files were written."""
    names = [str(p) for p in paths]
    print("wrote " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]))


def pyplot():
    """``matplotlib.pyplot`` on the headless Agg backend."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save(fig, path, dpi=120, tight=True, **kwargs):
    """Write the figure (after ``tight_layout`` unless ``tight=False``) and close it;
    returns ``path``."""
    if tight:
        fig.tight_layout()
    fig.savefig(path, dpi=dpi, **kwargs)
    pyplot().close(fig)
    return path
