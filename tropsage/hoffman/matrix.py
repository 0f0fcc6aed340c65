r"""
Hoffman constants of rational matrices.

Conventions ([L] §3). ``A`` is ``m x n``; ``norms=(X, Y)``: ``X`` measures
distances in ``R^n``, ``Y`` the residual ``(A x - b)_+`` in ``R^m``. ``H(A)`` is the least
constant with ``dist_X(x, P_A(b)) <= H(A) ||(A x - b)_+||_Y`` for all ``x`` and all ``b``
with ``P_A(b) = {y : A y <= b}`` non-empty.

**Characterization** (Peña, Vera, Zuluaga 2018, Proposition 2). A set ``J`` of rows is
*A-surjective* iff some ``x`` has ``A_J x < 0``, iff ``0`` is not in the convex hull of
the rows of ``A_J`` (Gordan). Then ::

    H(A) = max_{J surjective} H_J(A),
    H_J(A) = 1 / min{ ||A_J^T v||_{X*} : v >= 0, ||v||_{Y*} = 1 }

with ``X*``, ``Y*`` the dual norms (``l1* = linf``, ``linf* = l1``, ``l2* = l2``).
``H_J`` grows with ``J``, so only maximal surjective sets matter. Scaling the matrix
scales the constant inversely, ``H(A) = d H(d A)`` for ``d > 0``: the LPs run on the
integer matrix ``N = d A`` (``d`` a common denominator) and the value is ``d H(N)``.

**The inner problems, by norm pair** (derived here; the paper's formulas were lost):

- ``Y = linf`` (``Y* = l1``): ``||v||_1 = 1`` with ``v >= 0`` is the simplex, so the
  inner problem is the LP ``min ||A_J^T v||_{X*}`` over the simplex, with one auxiliary
  variable (``X* = linf``) or ``n`` of them (``X* = l1``). Its value is 0 exactly when
  ``J`` is not surjective, and then the optimal *vertex* ``v`` is a minimal
  dependency ``A_J^T v = 0`` whose support is the non-surjective set used by PVZ to
  split candidates. So one LP both tests ``J`` and gives ``H_J``.
- ``Y = l1`` (``Y* = linf``): the sphere ``{v >= 0 : max_k v_k = 1}`` is not convex,
  but it is the union over ``k`` in ``J`` of the boxes ``{v_k = 1, 0 <= v <= 1}``, so
  ``min`` over it is the least of ``|J|`` LPs (the objective is convex on each box).
  Surjectivity is still decided by the simplex LP.
- ``X = Y = l2``: here the inner problem is not an LP. Let the minimum over ``J`` be
  attained at ``v`` with support ``S``; ``v`` is in the relative interior of the
  positive orthant of ``R^S``, so it is a local, hence global, minimizer of the
  Rayleigh quotient of ``G_S = A_S A_S^T`` on the sphere of ``R^S``: ``v`` is an
  eigenvector for ``lambda_min(G_S) = ||A_S^T v||^2 > 0``, and ``A_S`` has full row
  rank. Conversely every full-row-rank ``S`` is surjective. Hence ::

      H_{2,2}(A) = max { 1 / sigma_min(A_S) : A_S of full row rank, and the
                        lambda_min-eigenspace of A_S A_S^T holds a positive vector },

  where it suffices to test the eigenvector of a simple ``lambda_min`` (if the
  eigenspace of a repeated one holds a positive vector, moving along the eigenspace
  to the boundary of the orthant gives a smaller ``S`` with the same eigenvalue).
  The sets ``S`` have at most ``rank(A)`` rows and are enumerated directly, so no
  surjectivity LP is needed. Eigenvalues are computed in floating point: the value
  is **numerical** (relative accuracy about ``1e-9``; ``HoffmanResult.tolerance``),
  its candidate set ``S`` is checked to have full rank exactly. For
  ``[I_3; -1^T]`` the value is ``1/sqrt(2 - sqrt(3)) = 1.9318516...``: not rational.

The mixed pairs with exactly one ``l2`` are not supported (their inner problems are
a convex QP or a non-convex problem over a polytope); asking for them raises
``ValueError``.

**Algorithms.** ``method="pvz"`` is the algorithm of Peña-Vera-Zuluaga: collections of
sets known surjective (``F``), certificates of non-surjectivity (``I``) and candidates
(``J``, initially ``{all rows}``); the largest candidate is tested; if surjective it
joins ``F`` and candidates inside it are dropped, otherwise the support ``I`` of the
certificate ``v`` replaces every candidate ``K`` containing ``I`` by the sets
``K - {i}``, ``i`` in ``I``, that are not inside a member of ``F``. (The invariant:
every surjective set lies inside a member of ``F`` or of the candidates; a surjective
set cannot contain ``I``.) After a failure the rest ``J - I`` is tested again to find
further disjoint certificates, as in PVZ's reference code. ``method="brute"`` is
Algorithm 1 of [L]: every subset, largest first, is tested unless it lies inside a
surjective set already found, so exactly the maximal surjective sets are kept.

All LPs are solved exactly (:func:`tropsage.polyhedra.lp.solve_lp`'s engine).
"""

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
import math

import numpy as np

from tropsage._exact import as_fraction_matrix, integer_matrix, qq

from .norms import L1, LINF, names as _norm_names, norm_pair

NORMS = _norm_names()
L2_TOLERANCE = 1e-9
"""Relative accuracy stated for the numerical ``(l2, l2)`` values."""

_norm_pair = norm_pair        # the name tropsage.hoffman.tropical imports


# --------------------------------------------------------------------------- input

def _integer_input(A):
    """``(N, d)``: ``N`` a list of integer rows with ``A = N / d``."""
    try:
        empty = len(A) == 0
    except TypeError:
        empty = False
    if empty:
        raise ValueError("A is empty (no rows); the Hoffman constant needs at least one "
                         "row and one column")
    rows = as_fraction_matrix(A, "A")
    if len(rows) == 0 or len(rows[0]) == 0:
        raise ValueError(f"A is empty (shape {len(rows)} x {len(rows[0]) if rows else 0}); "
                         "the Hoffman constant needs at least one row and one column")
    M, d = integer_matrix(rows)
    return [[int(a) for a in row] for row in M], d


def read_matrix(path):
    r"""
    The rows of the matrix in the file ``path``, or ``None`` when it holds a network.

    INPUT: ``path`` -- ``.txt``, ``.csv``, ``.mat`` or no suffix: one row per line,
    entries such as ``3``, ``-1/2``, ``0.25`` separated by spaces or commas (``#``
    starts a comment); ``.json``: a list of rows or ``{"matrix": rows}``. A ``.json``
    network (``"layers"``, or a list of layer objects) and every other suffix
    (``.npz``, ``.pt``) give ``None``.

    OUTPUT: a list of rows of :class:`fractions.Fraction` (exact), or ``None``.
    A file that cannot be read as a matrix raises ``ValueError`` naming it.

    EXAMPLES::

        >>> import os, tempfile
        >>> from tropsage.hoffman.matrix import read_matrix
        >>> d = tempfile.mkdtemp()
        >>> p = os.path.join(d, "A.txt")
        >>> _ = open(p, "w").write("1, -1/2  # first row\n0.25 3\n")
        >>> read_matrix(p)
        [[Fraction(1, 1), Fraction(-1, 2)], [Fraction(1, 4), Fraction(3, 1)]]
        >>> q = os.path.join(d, "net.json")
        >>> _ = open(q, "w").write('{"layers": []}')
        >>> read_matrix(q) is None
        True
        >>> _ = open(q, "w").write('{"rows": [[1]]}')
        >>> read_matrix(q)
        Traceback (most recent call last):
        ...
        ValueError: .../net.json: expected a list of rows, {'matrix': rows} or a network with 'layers'
    """
    import json
    import os
    suffix = os.path.splitext(path)[1].lower()
    try:
        if suffix == ".json":
            with open(path) as fh:
                data = json.load(fh)
            if isinstance(data, dict):
                if "layers" in data:
                    return None
                if "matrix" not in data:
                    raise ValueError("expected a list of rows, {'matrix': rows} or a network "
                                     "with 'layers'")
                data = data["matrix"]
            if isinstance(data, list) and data and isinstance(data[0], dict):
                return None             # a list of layers
        elif suffix in (".txt", ".csv", ".mat", ""):
            data = []
            with open(path) as fh:
                for line in fh:
                    line = line.split("#")[0].strip()
                    if line:
                        data.append(line.replace(",", " ").split())
        else:
            return None
        return as_fraction_matrix(data, "matrix")
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from None        # JSONDecodeError is a ValueError
    except RecursionError:
        raise ValueError(f"{path}: nested too deeply to read") from None


def _bits(mask):
    out, i = [], 0
    while mask:
        if mask & 1:
            out.append(i)
        mask >>= 1
        i += 1
    return out


def _mask(idx):
    m = 0
    for i in idx:
        m |= 1 << i
    return m


# --------------------------------------------------------------------------- result

@dataclass(eq=False, repr=False)
class HoffmanResult:
    """
    A Hoffman constant (or bound) with its certificate.

    Attributes:

    - ``value`` -- Sage ``QQ`` for polyhedral norms, ``float`` for ``(l2, l2)``.
    - ``J`` -- a surjective row set (0-based indices) attaining ``value``.
    - ``v`` -- the inner minimizer over ``J``: ``v >= 0``, ``||v||_{Y*} = 1`` and
      ``||A_J^T v||_{X*} = 1/value`` (``QQ`` entries, floats for ``l2``).
    - ``witness`` -- a rational ``x`` with ``A_J x < 0``, proving ``J`` surjective.
    - ``surjective_sets`` -- the maximal surjective sets found (exact computation).
    - ``lps`` -- number of LPs solved; ``eigensolves`` -- number of eigenproblems.
    - ``norms``, ``method``, ``kind`` (``"exact"``, ``"lower"``, ``"upper"``),
      ``exact`` (``True`` for a certified rational answer), ``tolerance`` (relative,
      for numerical values), ``guaranteed`` (for bounds: ``False`` when a sampled
      upper bound did not see every set the theorem maximizes over).

    EXAMPLES::

        >>> from tropsage.hoffman import hoffman_constant
        >>> r = hoffman_constant([[1, 0], [0, 1], [-1, -1]], norms=("l1", "linf"), certificate=True)
        >>> type(r).__name__, r.value, r.kind, r.exact
        ('HoffmanResult', 3, 'exact', True)
    """

    value: object
    norms: tuple
    method: str
    kind: str = "exact"
    J: tuple = ()
    v: tuple = None
    witness: tuple = None
    surjective_sets: list = None
    lps: int = 0
    eigensolves: int = 0
    exact: bool = True
    tolerance: float = None
    guaranteed: bool = True

    def __post_init__(self):
        self.J = tuple(self.J)

    def __repr__(self):
        return (f"HoffmanResult({self.kind}, value={self.value}, J={self.J}, "
                f"norms={self.norms}, method={self.method!r}, lps={self.lps})")


# --------------------------------------------------------------------------- LPs

class _Problem:
    """The integer matrix ``N = d A`` with LP counting."""

    def __init__(self, N, d, norms):
        self.N = N
        self.d = d
        self.m = len(N)
        self.n = len(N[0])
        self.X, self.Y = norm_pair(norms)
        self.lps = 0
        self.cols = [[row[j] for row in N] for j in range(self.n)]

    def _inner_lp(self, idx, xstar, piece):
        """``min ||N_J^T v||_{xstar}`` over one piece ``(rows, rhs, lo, hi)`` of a
        positive unit sphere (:meth:`tropsage.hoffman.norms.Norm.positive_sphere`);
        returns ``(value, v)`` exactly."""
        from tropsage.polyhedra.lp import _IntLP

        k = len(idx)
        naux, rows, rhs, obj = xstar.epigraph([[col[i] for i in idx] for col in self.cols], k)
        eq = [False] * len(rows)
        prow, prhs, plo, phi = piece
        rows = rows + [list(r) + [0] * naux for r in prow]
        rhs = rhs + list(prhs)
        eq += [True] * len(prow)
        lo = list(plo) + [Fraction(0)] * naux
        hi = list(phi) + [None] * naux
        c = [Fraction(0)] * k + [Fraction(a) for a in obj]
        lp = _IntLP(k + naux, rows, rhs, eq, lo, hi, c)
        res = lp.solve("auto")
        self.lps += 1
        if res.status != "optimal":  # pragma: no cover - bounded and feasible by construction
            raise RuntimeError(f"inner Hoffman LP ended {res.status}")
        return res._value, res._x[:k]

    def _test_norm(self):
        # surjectivity is tested with any polyhedral X*: the value is 0 iff J is not
        return self.X.dual if self.X.polyhedral else LINF

    def test(self, mask):
        """Surjectivity of the row set ``mask``: ``(t, v)`` with ``t > 0`` iff surjective;
        for ``Y = linf`` ``t = 1/H_J(N)``; for ``t = 0`` ``v`` is a vertex certificate."""
        idx = _bits(mask)
        return self._inner_lp(idx, self._test_norm(), L1.positive_sphere(len(idx))[0])

    def inner(self, mask, tested=None):
        """``(t, v)`` with ``t = min ||N_J^T v||_{X*}`` on the ``Y*`` sphere."""
        if self.Y.dual == L1 and self._test_norm() == self.X.dual:
            # the Y* sphere is the simplex: the surjectivity LP is the inner problem
            return tested if tested is not None else self.test(mask)
        idx = _bits(mask)
        best = None
        for piece in self.Y.dual.positive_sphere(len(idx)):
            t, v = self._inner_lp(idx, self.X.dual, piece)
            if best is None or t < best[0]:
                best = (t, v)
        return best

    def witness(self, mask):
        """A rational ``x`` with ``A_J x < 0`` (the LP ``max t``, ``A_J x + t <= 0``,
        ``-1 <= x <= 1``), or ``None`` when ``J`` is not surjective."""
        from tropsage.polyhedra.lp import _IntLP

        n = self.n
        rows = [self.N[i] + [1] for i in _bits(mask)]
        lp = _IntLP(n + 1, rows, [0] * len(rows), [False] * len(rows),
                    [Fraction(-1)] * n + [None], [Fraction(1)] * (n + 1),
                    [Fraction(0)] * n + [Fraction(1)], sense=-1)
        res = lp.solve("auto")
        self.lps += 1
        if res.status != "optimal" or res._value <= 0:
            return None
        return res._x[:n]


# --------------------------------------------------------------------------- exact algorithms

def _pvz(P):
    """Peña-Vera-Zuluaga: returns ``{mask: (t, v) or None}`` for the surjective sets found."""
    m = P.m
    found = {}      # surjective set -> tested (t, v) when it gives H_J directly
    certs = []      # supports of non-surjectivity certificates
    cand = {(1 << m) - 1}

    def inside_found(S):
        return any(S & ~F == 0 for F in found)

    def split(cand, I):
        out = set()
        for K in cand:
            if K & I != I:
                out.add(K)
                continue
            for i in _bits(I):
                S = K & ~(1 << i)
                if S and not inside_found(S):
                    out.add(S)
        return out

    def add_found(J, tested):
        found[J] = tested
        return {K for K in cand if K & ~J}

    while cand:
        J = max(cand, key=lambda K: (K.bit_count(), K))
        cand.discard(J)
        t, v = P.test(J)
        if t > 0:
            cand = add_found(J, (t, v))
            continue
        idx = _bits(J)
        I = _mask(i for i, x in zip(idx, v) if x)
        certs.append(I)
        cand = split(cand | {J}, I)
        # look for further certificates disjoint from I inside J
        rest = J & ~I
        while rest and not inside_found(rest):
            t, v = P.test(rest)
            if t > 0:
                cand = add_found(rest, (t, v))
                break
            I2 = _mask(i for i, x in zip(_bits(rest), v) if x)
            certs.append(I2)
            cand = split(cand, I2)
            rest &= ~I2
    return found, certs


def _brute(P):
    """Algorithm 1: every subset, largest first, unless inside a surjective set found."""
    m = P.m
    found = {}
    for size in range(m, 0, -1):
        for idx in combinations(range(m), size):
            S = _mask(idx)
            if any(S & ~F == 0 for F in found):
                continue
            t, v = P.test(S)
            if t > 0:
                found[S] = (t, v)
    return found


def _maximal(masks):
    ms = sorted(masks, key=lambda K: -K.bit_count())
    out = []
    for K in ms:
        if not any(K & ~F == 0 for F in out):
            out.append(K)
    return out


def _exact_constant(P, method):
    if method == "pvz":
        found, _ = _pvz(P)
    elif method == "brute":
        found = _brute(P)
    else:
        raise ValueError(f"method must be 'pvz' or 'brute', got {method!r}")
    maximal = _maximal(found)
    best = None
    for F in maximal:
        t, v = P.inner(F, found[F])
        if best is None or t < best[0]:
            best = (t, v, F)
    if best is None:  # no surjective set: every row is zero, P_A(b) is R^n or empty
        return HoffmanResult(qq(0), (P.X, P.Y), method, surjective_sets=[], lps=P.lps)
    t, v, F = best
    x = P.witness(F)
    return HoffmanResult(qq(Fraction(P.d) / t), (P.X, P.Y), method, "exact", _bits(F),
                         tuple(qq(a) for a in v), tuple(qq(a) for a in x),
                         [tuple(_bits(K)) for K in maximal], P.lps)


# --------------------------------------------------------------------------- l2

def _exact_rank_full(rows):
    """Exact: do the integer ``rows`` have full row rank?"""
    from tropsage.polyhedra.linalg import rank
    return rank(rows, len(rows[0]), integral=True) == len(rows)


def _l2_candidates(Nf, subsets):
    """For a batch of equal-size row sets: ``(lambda_min, eigvec)`` where the
    eigenvector has one sign (others get ``inf``)."""
    S = np.asarray(subsets)
    As = Nf[S]                                  # (C, s, n)
    G = As @ np.swapaxes(As, 1, 2)              # (C, s, s)
    w, V = np.linalg.eigh(G)
    lam = w[:, 0]
    u = V[:, :, 0]
    tol = L2_TOLERANCE
    pos = np.all(u >= -tol, axis=1) | np.all(u <= tol, axis=1)
    lam = np.where(pos & (lam > 0), lam, np.inf)
    return lam, np.abs(u)


def _l2_scan(P, families):
    """Least ``lambda_min`` over the qualifying sets in ``families`` (lists of
    equal-size index tuples); ``(lam, S, v, count)``."""
    Nf = np.array(P.N, dtype=float)
    cands = []
    count = 0
    for fam in families:
        if not fam:
            continue
        lam, U = _l2_candidates(Nf, fam)
        count += len(fam)
        for c in np.nonzero(np.isfinite(lam))[0]:
            cands.append((float(lam[c]), tuple(fam[c]), U[c]))
    cands.sort(key=lambda z: z[0])
    for lam, S, u in cands:
        # a numerically tiny eigenvalue may be an exact zero: full rank decides
        if _exact_rank_full([P.N[i] for i in S]):
            return lam, S, u, count
    return None, (), None, count


def _l2_constant(P, method):
    if method not in ("pvz", "brute"):
        raise ValueError(f"method must be 'pvz' or 'brute', got {method!r}")
    r = _rank(P.N)
    fams = [list(combinations(range(P.m), s)) for s in range(1, r + 1)]
    lam, S, u, count = _l2_scan(P, fams)
    if lam is None:
        return HoffmanResult(0.0, ("l2", "l2"), method, exact=False, tolerance=L2_TOLERANCE,
                             eigensolves=count)
    x = P.witness(_mask(S))
    return HoffmanResult(P.d / math.sqrt(lam), ("l2", "l2"), method, "exact", S,
                         tuple(float(a) for a in u), tuple(qq(a) for a in x), None, P.lps,
                         count, exact=False, tolerance=L2_TOLERANCE)


def _rank(N):
    from tropsage.polyhedra.linalg import rank
    return rank(N, len(N[0]), integral=True)


# --------------------------------------------------------------------------- public

def hoffman_constant(A, norms=("linf", "linf"), method="pvz", certificate=False):
    r"""
    The Hoffman constant of a matrix, or of a tropical object.

    INPUT:

    - ``A`` -- an ``m x n`` matrix (nested lists, numpy array, Sage matrix; entries
      ints, Fractions, floats converted exactly, strings like ``"1/3"``), or any
      object with a ``hoffman_constant`` method (tropical polynomials, rational
      functions, networks), to which the call is passed on.
    - ``norms`` -- ``(X, Y)``: ``X`` measures the distance in ``R^n``, ``Y`` the
      residual in ``R^m``; names ``"l1"``, ``"l2"``, ``"linf"``. Exact for
      ``X, Y`` in ``{l1, linf}``; numerical for ``("l2", "l2")``.
    - ``method`` -- ``"pvz"`` (Peña-Vera-Zuluaga) or ``"brute"`` (Algorithm 1).
    - ``certificate`` -- if ``True`` return a :class:`HoffmanResult` (value, a
      maximizing surjective set ``J``, the inner minimizer ``v``, a witness ``x``
      with ``A_J x < 0``, the maximal surjective sets, the number of LPs).

    OUTPUT: the constant, a Sage ``QQ`` (a ``float`` for ``(l2, l2)``, accurate to
    about ``1e-9`` relative), or a :class:`HoffmanResult`.

    EXAMPLES::

        >>> from tropsage.hoffman import hoffman_constant
        >>> A = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]]
        >>> hoffman_constant(A, norms=("l1", "linf")), hoffman_constant(A)
        (5, 3)
        >>> round(hoffman_constant(A, norms=("l2", "l2")), 6)
        1.931852
        >>> r = hoffman_constant(A, norms=("l1", "linf"), certificate=True)
        >>> r.value, len(r.J), r.surjective_sets
        (5, 3, [(1, 2, 3), (0, 2, 3), (0, 1, 3), (0, 1, 2)])
        >>> hoffman_constant(A, method="brute") == hoffman_constant(A, method="pvz")
        True
        >>> hoffman_constant([["1/2", 0], [0, 1]], norms=("linf", "l1"))
        2
        >>> hoffman_constant(A, norms=("l3", "l1"))
        Traceback (most recent call last):
        ...
        ValueError: unknown norm 'l3' for X (distance in R^n); use one of ('l1', 'l2', 'linf')
    """
    if hasattr(A, "hoffman_constant") and not isinstance(A, (list, tuple, np.ndarray)):
        kwargs = {"norms": norms, "method": method}
        if certificate:
            kwargs["certificate"] = True
        return A.hoffman_constant(**kwargs)
    pair = _norm_pair(norms)
    if method not in ("pvz", "brute"):
        raise ValueError(f"method must be 'pvz' or 'brute', got {method!r}")
    P = _Problem(*_integer_input(A), pair)
    res = _l2_constant(P, method) if pair == ("l2", "l2") else _exact_constant(P, method)
    return res if certificate else res.value


def is_surjective_set(A, J=None):
    """
    Whether the rows ``J`` of ``A`` (all rows by default) form an *A-surjective set*
    in the sense of Peña-Vera-Zuluaga, i.e. some ``x`` has ``A_J x < 0`` (exact LP):
    a property of a set of rows of a matrix, the building block of the Hoffman
    constant. Not to be confused with :func:`tropsage.queries.is_surjective`, which
    decides whether a network ``R^n -> R^n`` is onto.

    INPUT: ``A`` -- a matrix as in :func:`hoffman_constant`; ``J`` -- row indices.

    OUTPUT: a bool.

    EXAMPLES::

        >>> from tropsage.hoffman.matrix import is_surjective_set
        >>> A = [[1, 0], [0, 1], [-1, -1]]
        >>> is_surjective_set(A), is_surjective_set(A, [0, 1])
        (False, True)
    """
    N, d = _integer_input(A)
    m = len(N)
    idx = range(m) if J is None else list(J)
    for i in idx:
        if not (isinstance(i, (int, np.integer)) and 0 <= i < m):
            raise ValueError(f"J must hold row indices in 0..{m - 1}, got {i!r}")
    P = _Problem(N, d, ("linf", "linf"))
    return P.witness(_mask(int(i) for i in idx)) is not None


is_surjective = is_surjective_set
"""The name :mod:`tropsage.hoffman` exports: :func:`is_surjective_set`."""


def _sampler(m, seed):
    return np.random.default_rng(seed)


def _tropical_problems(A, pair):
    """
    ``None`` for a matrix; for a tropical object or a network the list of
    ``(cell, _Problem)`` of its convex cells ([L] Definitions 19-20: the Hoffman
    constant of the object is the largest constant of its cell matrices, the object
    as written, every monomial and every pair), distinct matrices once.
    """
    from tropsage.hoffman import _is_network_or_tropical
    if not _is_network_or_tropical(A):
        return None
    from .tropical import _cell_matrix, _cells, _tropical_form
    kind, obj = _tropical_form(A)
    factors, D, cells = _cells(kind, obj, False)
    seen, out = set(), []
    for cell in cells:
        N = _cell_matrix(factors, cell)
        if N and N not in seen:
            seen.add(N)
            out.append((cell, _Problem([list(r) for r in N], D, pair)))
    return out


def _over_cells(problems, bound, pair, kind):
    """The largest cell bound, with the cell recorded in ``J`` as ``(cell, J)``."""
    best = None
    lps = eig = 0
    for cell, P in problems:
        r = bound(P)
        lps += r.lps
        eig += r.eigensolves
        if best is None or r.value > best[1].value:
            best = (cell, r)
    if best is None:           # every cell matrix is empty: every cell is all of R^n
        zero = 0.0 if pair == ("l2", "l2") else qq(0)
        return HoffmanResult(zero, pair, "sampled", kind, lps=0, exact=pair != ("l2", "l2"))
    cell, r = best
    r.lps, r.eigensolves = lps, eig
    r.cell = cell
    return r


def hoffman_lower_bound(A, norms=("l2", "l2"), samples=100, seed=0, certificate=False):
    """
    Lower bound on the Hoffman constant by sampling (Algorithm 2 of [L]).

    Random row sets ``J`` are drawn; each surjective one gives ``H_J(A) <= H(A)``;
    the largest is returned. Set sizes are drawn uniformly from ``1..k`` with
    ``k = min(m, n + 1)`` for ``Y = linf`` (an optimal vertex ``v`` of the inner LP has
    at most ``n + 1`` non-zeros, so some set that small attains ``H``), ``k = rank(A)``
    for ``(l2, l2)`` (see the module doc) and ``k = m`` otherwise.

    For a tropical polynomial, rational function or map, or a network, the Hoffman
    constant is the largest constant of the cell matrices ([L] Definitions 19-20,
    as :func:`tropsage.hoffman.hoffman_constant` computes it, the expression as
    written), so the largest of the cells' lower bounds is a lower bound; ``samples``
    sets are drawn per distinct cell matrix, and the certificate's ``cell`` names
    the cell.

    INPUT: ``A``, ``norms`` as in :func:`hoffman_constant`, or a tropical object or
    network; ``samples`` -- number of sets drawn; ``seed`` -- for
    ``numpy.random.default_rng``; ``certificate``.

    OUTPUT: exact ``QQ`` for polyhedral norms (a valid lower bound), a ``float`` for
    ``(l2, l2)``; ``0`` if no sampled set was surjective.

    EXAMPLES::

        >>> from tropsage.hoffman import hoffman_lower_bound, hoffman_constant
        >>> A = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]]
        >>> hoffman_lower_bound(A, norms=("l1", "linf"), samples=50, seed=1)
        5
        >>> hoffman_lower_bound(A, samples=20) <= hoffman_constant(A, norms=("l2", "l2")) + 1e-9
        True

    A tropical rational function (every cell matrix is looked at)::

        >>> from tropsage import TropicalPuiseuxSemiring
        >>> x, y = TropicalPuiseuxSemiring(2).gens()
        >>> h = (x + y + 0) / (x + 0)
        >>> hoffman_lower_bound(h, norms=("linf", "linf"), samples=30), hoffman_constant(h)
        (2, 2)
    """
    pair = _norm_pair(norms)
    samples = _check_samples(samples)
    problems = _tropical_problems(A, pair)
    if problems is not None:
        res = _over_cells(problems, lambda P: _lower_bound(P, pair, samples, seed), pair, "lower")
    else:
        res = _lower_bound(_Problem(*_integer_input(A), pair), pair, samples, seed)
    return res if certificate else res.value


def _lower_bound(P, pair, samples, seed):
    rng = _sampler(P.m, seed)
    m, n = P.m, P.n
    if pair == ("l2", "l2"):
        kmax = _rank(P.N)
    else:
        kmax = pair[1].dual.vertex_support(m, n)
    best = None
    seen = set()
    eig = 0
    for _ in range(samples):
        if kmax == 0:
            break
        k = int(rng.integers(1, kmax + 1))
        idx = tuple(sorted(int(i) for i in rng.choice(m, size=k, replace=False)))
        if idx in seen:
            continue
        seen.add(idx)
        if pair == ("l2", "l2"):
            fams = [list(combinations(idx, s)) for s in range(1, len(idx) + 1)]
            lam, S, u, c = _l2_scan(P, fams)
            eig += c
            if lam is not None and (best is None or lam < best[0]):
                best = (lam, S, u)
            continue
        mask = _mask(idx)
        t, v = P.test(mask)
        if t > 0:
            t, v = P.inner(mask, (t, v))
            if best is None or t < best[0]:
                best = (t, idx, v)
    if pair == ("l2", "l2"):
        if best is None:
            res = HoffmanResult(0.0, pair, "sampled", "lower", lps=P.lps, eigensolves=eig,
                                exact=False, tolerance=L2_TOLERANCE)
        else:
            lam, S, u = best
            res = HoffmanResult(P.d / math.sqrt(lam), pair, "sampled", "lower", S,
                                tuple(float(a) for a in u), lps=P.lps, eigensolves=eig,
                                exact=False, tolerance=L2_TOLERANCE)
    elif best is None:
        res = HoffmanResult(qq(0), pair, "sampled", "lower", lps=P.lps)
    else:
        t, idx, v = best
        res = HoffmanResult(qq(Fraction(P.d) / t), pair, "sampled", "lower", idx,
                            tuple(qq(a) for a in v), lps=P.lps)
    return res


def _check_samples(samples):
    if samples is None:
        return None
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(f"samples must be a positive integer, got {samples!r}")
    return int(samples)


def hoffman_upper_bound(A, norms=("l2", "l2"), samples=100, seed=0, certificate=False):
    r"""
    Upper bound on the Hoffman constant (Algorithm 3 of [L], Güler-Hoffman-Rothblum
    1995, Theorem 4.2). **Numerical** (floating-point singular values).

    For Euclidean norms ``H(A) <= max 1/sigma_min(A_J)`` over the maximal row sets
    ``J`` with ``A_J`` of full row rank (the bases of the row matroid, ``rank(A)``
    rows each). For other norms the bound is scaled by the norm equivalences used in
    the characterization of :func:`hoffman_constant`: with ``||w||_{X*} >= alpha
    ||w||_2`` (``alpha = 1/sqrt(n)`` for ``X = l1``, else 1) and ``||v||_{Y*} <= beta
    ||v||_2`` on the optimal ``v`` (``beta = sqrt(min(m, n + 1))`` for ``Y = linf``,
    whose optimal vertex has at most ``n + 1`` non-zeros; else 1),
    ``H_{X,Y}(A) <= (beta/alpha) H_{2,2}(A)``.

    When ``C(m, rank)`` is at most ``samples`` every basis is examined and the bound
    is guaranteed (up to floating point); otherwise ``samples`` random bases are
    drawn (random row order, greedy exact rank), which only *estimates* the bound
    (``certificate=True`` gives a :class:`HoffmanResult` with ``guaranteed=False``).
    ``samples=None`` always examines every basis.

    For a tropical object or a network: the largest of the bounds of its cell
    matrices (see :func:`hoffman_lower_bound`); guaranteed when every cell's is.

    EXAMPLES::

        >>> from tropsage.hoffman import hoffman_upper_bound
        >>> A = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]]
        >>> round(hoffman_upper_bound(A), 6)
        1.931852
        >>> round(hoffman_upper_bound(A, norms=("l1", "linf")), 6)
        6.69213
        >>> from tropsage import TropicalPuiseuxSemiring
        >>> x, y = TropicalPuiseuxSemiring(2).gens()
        >>> h = (x + y + 0) / (x + 0)
        >>> r = hoffman_upper_bound(h, norms=("linf", "linf"), certificate=True)
        >>> r.value >= 2, r.guaranteed
        (True, True)
    """
    pair = _norm_pair(norms)
    samples = _check_samples(samples)
    problems = _tropical_problems(A, pair)
    if problems is not None:
        flags = []

        def one(P):
            r = _upper_bound(P, pair, samples, seed)
            flags.append(r.guaranteed)
            return r
        res = _over_cells(problems, one, pair, "upper")
        res.guaranteed = all(flags)
    else:
        res = _upper_bound(_Problem(*_integer_input(A), pair), pair, samples, seed)
    return res if certificate else res.value


def _upper_bound(P, pair, samples, seed):
    m, n = P.m, P.n
    r = _rank(P.N)
    if r == 0:
        res = HoffmanResult(0.0, pair, "guler", "upper", exact=False, tolerance=L2_TOLERANCE)
        return res
    total = math.comb(m, r)
    Nf = np.array(P.N, dtype=float)
    if samples is None or total <= samples:
        bases = [S for S in combinations(range(m), r)]
        guaranteed = True
    else:
        rng = _sampler(m, seed)
        seen = set()
        for _ in range(samples):
            order = rng.permutation(m)
            S = []
            for i in order:
                if _exact_rank_full([P.N[j] for j in S] + [P.N[int(i)]]):
                    S.append(int(i))
                    if len(S) == r:
                        break
            seen.add(tuple(sorted(S)))
        bases = sorted(seen)
        guaranteed = False
    sv = np.linalg.svd(Nf[np.asarray(bases)], compute_uv=False)[:, -1]
    # singular bases have sigma ~ 0: only full-rank sets count
    order = np.argsort(sv)
    best = None
    for c in order:
        if _exact_rank_full([P.N[i] for i in bases[c]]):
            best = c
            break
    sigma = float(sv[best])
    X, Y = pair
    alpha = X.dual.below_l2(n)
    beta = Y.dual.above_l2(Y.dual.vertex_support(m, n))
    value = beta / alpha * P.d / sigma
    res = HoffmanResult(value, pair, "guler", "upper", bases[best], lps=0,
                        eigensolves=len(bases), exact=False, tolerance=L2_TOLERANCE,
                        guaranteed=guaranteed)
    return res
