# Fed to the `sage` REPL and run as a script by `tropsage-sage` (tests/test_sage_session.py,
# preparser on). passagemath's modular install has no sage.all, so the plain REPL needs
# the first line; tropsage-sage has loaded these names already.
from tropsage.sage_repl import *
T.<x,y> = TropicalPuiseuxSemiring(QQ)
f = 1*x + 2*y + 3*x*y
assert repr(f) == "max(1 + x, 2 + y, 3 + x + y)", repr(f)
assert f(2, 3) == 8 and f(2, 3).parent() is QQ
g = x^(1/2) * y^3
assert g.to_dict() == {(1/2, 3): 0}
h = f / (x + 0)
assert h(1, 1) == 4
assert latex(f) == r"\max\left(1 + x, 2 + y, 3 + x + y\right)"
Tmin.<a,b> = TropicalPuiseuxSemiring(QQ, convention="min")
assert (a + 1)(5, 0) == 1
S = TropicalSemiring(QQ)  # Sage's default is min-plus
R.<u,v> = PolynomialRing(S)
p = S(1)*u + S(2)*v
assert Tmin(p).to_sage() == p
m = tropicalize([(matrix(QQ, [[0, 1], [1, 0]]), vector(QQ, [1, 1])), (matrix(QQ, [[1, -1]]), vector(QQ, [0]))], activations=["relu", "identity"])
assert m(-3, 5) == (6,)
P = f.newton_polytope()
assert P.volume() == 1/2
# pictures are Sage graphics in a Sage session, for polynomials, regions and zonotopes
G = (x + y + 0).plot(box=[(-1, 1), (-1, 1)])
assert type(G).__name__ == "Graphics", type(G)
L = (x + y + 0).linear_regions(domain=[(-1, 1), (-1, 1)])
assert type(L.plot()).__name__ == "Graphics" and type(L[0].plot()).__name__ == "Graphics"
assert type(zonotope([[1, 0], [0, 1], [1, 1]]).plot()).__name__ == "Graphics"
assert type(P.plot()).__name__ == "Graphics"
assert type(h.plot(backend="matplotlib")).__name__ == "Figure"
print("sage session ok")
