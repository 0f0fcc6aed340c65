# Fed to the `sage` REPL by tests/test_sage_session.py (preparser on). passagemath's
# modular install has no sage.all, so the session imports the parts it uses.
from sage.all__sagemath_polyhedra import *
from tropsage import TropicalPuiseuxSemiring, tropicalize
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
print("sage session ok")
