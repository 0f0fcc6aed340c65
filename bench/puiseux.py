"""
Benchmark: tropical polynomial arithmetic and tropicalize, tropsage vs Sage.

Peer: Sage's own ``PolynomialRing(TropicalSemiring(QQ, use_min=False), ...)`` (integral
exponents only), measured in the same run on the same data; results are checked equal.

    .venv/bin/python bench/puiseux.py [--quick]

Prints times and the ratio Sage / tropsage (> 1 means tropsage is faster).
"""

import sys
import time

import numpy as np

import sage.all__sagemath_polyhedra  # noqa: F401
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
from sage.rings.rational_field import QQ
from sage.rings.semirings.tropical_semiring import TropicalSemiring

import tropsage as ts
from tropsage.nn import random_network

QUICK = "--quick" in sys.argv


def best_of(fn, repeat=3):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def row(label, ours, peer, note=""):
    print(f"{label:<44} tropsage {ours:9.4f} s   Sage {peer:9.4f} s   ratio {peer / ours:8.1f}x  {note}")


def arithmetic(k):
    rng = np.random.default_rng(0)
    T = ts.TropicalPuiseuxSemiring(2)
    TS = TropicalSemiring(QQ, use_min=False)
    R = PolynomialRing(TS, "x,y")

    def rand():
        E = rng.choice(200 * 200, size=k, replace=False)
        data = {(int(e // 200), int(e % 200)): int(c) for e, c in zip(E, rng.integers(-1000, 1000, k))}
        return T.from_dict(data), R({e: TS(c) for e, c in data.items()})

    (f, fs), (g, gs) = rand(), rand()
    t_ours, prod = best_of(lambda: f * g)
    t_sage, prod_s = best_of(lambda: fs * gs, repeat=1)
    assert prod.to_sage() == prod_s, "product differs from Sage's"
    row(f"product, 2 variables, {k} x {k} monomials", t_ours, t_sage, f"({len(prod)} monomials)")
    t_ours, s = best_of(lambda: f + g)
    t_sage, s_s = best_of(lambda: fs + gs)
    assert s.to_sage() == s_s
    row(f"sum, 2 variables, {k} + {k} monomials", t_ours, t_sage)
    t_ours, v = best_of(lambda: prod(3, -5))
    t_sage, v_s = best_of(lambda: prod_s(TS(3), TS(-5)), repeat=1)
    assert v == v_s.lift()
    row("evaluate the product at (3, -5)", t_ours, t_sage)


def sage_tropicalize(net):
    """The SPEC §2 recursion with Sage's tropical polynomials (integer weights)."""
    TS = TropicalSemiring(QQ, use_min=False)
    n = net.input_dim
    R = PolynomialRing(TS, n, "x")
    F, G = list(R.gens()), [R.one()] * n

    def power(p, w):  # f^w as a function: scale exponents and coefficients
        return R({tuple(w * a for a in e): TS(w * c.lift()) for e, c in p.dict().items()})

    for layer in net.layers:
        H, Q = [], []
        for row_, b in zip(layer.W, layer.b):
            h, q = R({(0,) * n: TS(int(b))}), R.one()
            for j, w in enumerate(row_):
                w = int(w)
                if w > 0:
                    h, q = h * power(F[j], w), q * power(G[j], w)
                elif w < 0:
                    h, q = h * power(G[j], -w), q * power(F[j], -w)
            H.append(h)
            Q.append(q)
        if layer.activation.kind == "relu":
            F, G = [h + q for h, q in zip(H, Q)], Q
        else:
            F, G = H, Q
    return F, G


def networks():
    shapes = [[784, 16, 10], [784, 16, 16]] if not QUICK else [[64, 8, 4]]
    for widths in shapes:
        net = random_network(widths, seed=0, weights="integer", bound=1)
        t_ours, m = best_of(lambda: ts.tropicalize(net, prune=False), repeat=1)
        t_sage, (F, G) = best_of(lambda: sage_tropicalize(net), repeat=1)
        assert [len(c.numerator()) for c in m] == [len(f.dict()) for f in F]
        label = "tropicalize " + "-".join(map(str, widths)) + " (integer weights)"
        sizes = m.monomial_counts()
        row(label, t_ours, t_sage, f"(output 0: {sizes[0][0]} / {sizes[0][1]} monomials)")
        fnet = random_network(widths, seed=0, weights="float")
        t_f, mf = best_of(lambda: ts.tropicalize(fnet, prune=False), repeat=1)
        print(f"{'  same shape, float32 weights read exactly':<44} tropsage {t_f:9.4f} s   "
              f"(Sage cannot: its tropical polynomials have integral exponents)")


if __name__ == "__main__":
    print("tropsage vs Sage TropicalSemiring polynomials (ratio = Sage time / tropsage time)")
    arithmetic(200 if QUICK else 1000)
    networks()
    print("784-16-16-10: the output layer multiplies 16 polynomials of ~2^8 monomials each in\n"
          "  ~16 effective dimensions; its tropical form has far more monomials than memory\n"
          "  holds (for tropsage and Sage alike). See the issue note.")
