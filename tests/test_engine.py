"""The compiled region engine (issue 18, point 2) against the exact Python path."""

import os
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import tropsage.regions.activation as A
from tropsage.nn import as_network, random_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _compiled():
    try:
        import tropsage.regions._engine  # noqa: F401
    except ImportError:
        return False
    return True


needs_ext = pytest.mark.skipif(not _compiled(), reason="compiled engine not built")


@pytest.fixture
def python_path(monkeypatch):
    monkeypatch.setattr(A, "USE_EXTENSION", False)


def _run(net, domain, compiled, monkeypatch):
    monkeypatch.setattr(A, "USE_EXTENSION", compiled)
    return A.activation_regions(net, domain=domain, progress=False)


def _summary(R):
    P = R.pieces[0]
    rows = sorted(tuple(int(v) for v in r) for r in P.inequality_rows())
    return (R.activation_pattern, R.gradient, R.constant, tuple(rows))


def _check_same(net, domain, monkeypatch):
    py = _run(net, domain, False, monkeypatch)
    ext = _run(net, domain, True, monkeypatch)
    assert [_summary(R) for R in ext] == [_summary(R) for R in py]
    for R in ext:
        # the compiled path finds its own interior points: strictly inside, same pattern
        p = R.interior_point()
        assert R.pieces[0].contains(p, strict=True)
        net_ = as_network(net)
        pat = tuple(() if L.activation.kind == "identity" else t
                    for L, t in zip(net_.layers, net_.activation_pattern(p)))
        assert pat == R.activation_pattern
        out = net_(p)
        assert ((R(p),) == out) if R.outputs is None else (R(p) == out)
    cp = A.count_activation_regions(net, domain=domain, progress=False)
    assert cp == len(py)
    return len(py)


ACTS = st.sampled_from(["relu", ("leaky_relu", Fraction(1, 3)), ("threshold", Fraction(-1, 2)),
                        "identity", ("maxout", 2)])


@st.composite
def small_nets(draw):
    n = draw(st.integers(1, 3))
    depth = draw(st.integers(1, 3))
    layers, acts = [], []
    m = n
    for i in range(depth):
        act = draw(ACTS)
        width = draw(st.integers(1, 4))
        k = width * 2 if act == ("maxout", 2) else width
        # small integers with zeros: degenerate, parallel and concurrent hyperplanes
        W = [[draw(st.integers(-2, 2)) for _ in range(m)] for _ in range(k)]
        b = [draw(st.integers(-2, 2)) for _ in range(k)]
        layers.append((W, b))
        acts.append(act)
        m = width
    layers.append(([[draw(st.integers(-2, 2)) for _ in range(m)]], [0]))
    acts.append(draw(st.sampled_from(["identity", "relu"])))
    domain = draw(st.one_of(st.none(), st.just([(-1, 2)] * n),
                            st.just([(Fraction(-1, 3), 1)] * n)))
    return as_network(layers, activations=acts), domain


@needs_ext
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_nets(), st.sampled_from([1, 2, 64]), st.booleans())
def test_compiled_equals_python(monkeypatch, case, cuts, floats):
    """
    Also with 1 or 2 cuts per round (open cells go back and forth between rounds),
    and with every decision from PPL's exact generators (``ENGINE_FLOAT = False``).
    """
    net, domain = case
    monkeypatch.setattr(A, "ENGINE_CUTS", cuts)
    monkeypatch.setattr(A, "ENGINE_FLOAT", floats)
    _check_same(net, domain, monkeypatch)


@needs_ext
@pytest.mark.parametrize("widths,seed,acts", [
    ([3, 6, 6, 1], 0, None),
    ([2, 5, 5, 5, 2], 1, ["relu", ("leaky_relu", Fraction(1, 10)), ("threshold", Fraction(1, 4)),
                          "identity"]),
    ([2, 4, 4, 1], 2, [("maxout", 2), "relu", "identity"]),
    ([4, 6, 6, 1], 3, None),
])
def test_compiled_equals_python_float_weights(monkeypatch, widths, seed, acts):
    """Float32 weights: integers far beyond 64 bits after two layers."""
    net = random_network(widths, seed=seed, weights="float", activations=acts)
    assert _check_same(net, None, monkeypatch) > 1
    assert _check_same(net, [(-1, 1)] * widths[0], monkeypatch) > 1


@needs_ext
def test_compiled_runs_and_resumes(monkeypatch, tmp_path):
    """Budgeted rounds hand open cells back and forth; checkpoints pickle them."""
    monkeypatch.setattr(A, "USE_EXTENSION", True)
    net = random_network([3, 7, 7, 1], seed=5, weights="float")
    full = A.count_activation_regions(net, progress=False)
    monkeypatch.setattr(A, "ENGINE_CUTS", 3)
    c, info = A.count_activation_regions(net, progress=False, batch=2, return_info=True)
    assert c == full and info["stats"]["cuts"] == full - 1
    ck = str(tmp_path / "run.ckpt")
    assert A.count_activation_regions(net, progress=False, checkpoint=ck, batch=2) == full
    assert A.count_activation_regions(net, progress=False, n_jobs=2) == full
    for cuts in (1, 2):
        monkeypatch.setattr(A, "ENGINE_CUTS", cuts)
        for batch in (1, 64):
            assert A.count_activation_regions(net, progress=False, batch=batch) == full


def test_python_path_switch(python_path):
    """USE_EXTENSION = False runs the pure-Python path (same answer as documented)."""
    assert A._extension() is None
    net = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]
    assert A.count_activation_regions(net, progress=False) == 7


def test_missing_extension_warns_once(monkeypatch, capsys):
    """Without the compiled module: one line on stderr, then the exact Python path."""
    monkeypatch.setattr(A, "USE_EXTENSION", True)
    monkeypatch.setattr(A, "_EXT", [])
    monkeypatch.setitem(sys.modules, "tropsage.regions._engine", None)   # import fails
    net = random_network([2, 5, 5, 1], seed=0)
    c1 = A.count_activation_regions(net, progress=False)
    c2 = A.count_activation_regions(net, progress=False)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pure-Python path" in err[0]
    monkeypatch.setattr(A, "USE_EXTENSION", False)
    assert c1 == c2 == A.count_activation_regions(net, progress=False)


def test_environment_variable_disables_extension():
    code = ("import tropsage.regions.activation as A, sys; "
            "print(A.USE_EXTENSION, A._extension() is None, "
            "A.count_activation_regions([([[1], [-1]], [0, 1]), ([[1, 1]], [0])], progress=False))")
    env = dict(os.environ, TROPSAGE_NO_EXT="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.splitlines()[-1].split() == ["False", "True", "3"]
    assert "region engine" not in out.stderr


@needs_ext
def test_loading_the_engine_keeps_float_rounding():
    """PPL sets the FPU to round upwards when it is loaded; the engine restores it."""
    code = ("import tropsage.regions._engine; x = 2.0 ** -60; "
            "import numpy as np; from tropsage.nn import random_network; "
            "print(1.0 + x == 1.0, 1.0 - x == 1.0)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.splitlines()[-1] == "True True"


# ---------------------------------------------------------------------------
# layers whose units have different activations (PerUnit)

UNIT_ACTS = st.sampled_from(["relu", "identity", ("leaky_relu", Fraction(1, 3)),
                             ("leaky_relu", Fraction(2, 5)), ("threshold", Fraction(-1, 2)),
                             ("threshold", Fraction(3, 7))])


@st.composite
def per_unit_nets(draw):
    from tropsage.nn import PerUnit
    n = draw(st.integers(1, 3))
    depth = draw(st.integers(1, 3))
    layers, acts = [], []
    m = n
    for i in range(depth):
        width = draw(st.integers(1, 4))
        W = [[draw(st.integers(-2, 2)) for _ in range(m)] for _ in range(width)]
        b = [draw(st.integers(-2, 2)) for _ in range(width)]
        layers.append((W, b))
        acts.append(PerUnit([draw(UNIT_ACTS) for _ in range(width)]) if draw(st.booleans())
                    else draw(ACTS.filter(lambda a: a != ("maxout", 2))))
        m = width
    layers.append(([[draw(st.integers(-2, 2)) for _ in range(m)]], [0]))
    acts.append(draw(st.sampled_from(["identity", "relu"])))
    domain = draw(st.one_of(st.none(), st.just([(-1, 2)] * n)))
    return as_network(layers, activations=acts), domain


@needs_ext
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(per_unit_nets(), st.sampled_from([1, 64]))
def test_per_unit_compiled_equals_python(monkeypatch, case, cuts):
    """PerUnit layers: same regions, maps and rows on both paths; every interior point
    has its region's pattern under ``Network.activation_pattern``."""
    net, domain = case
    monkeypatch.setattr(A, "ENGINE_CUTS", cuts)
    _check_same(net, domain, monkeypatch)


def _skip_net(shift):
    """
    A 3-input net whose first layer has two relu and two identity units, then a relu
    layer; with ``shift = M`` the identity units are relu units with bias ``+M`` and
    the next layer's bias takes ``-M`` times their weights back.
    """
    from tropsage.nn import PerUnit
    W1 = [[1, -2, 1], [2, 1, -1], [1, 1, 1], [-1, 3, 2]]
    b1 = [0, Fraction(1, 2), 0, Fraction(-1, 3)]
    W2 = [[1, -1, 2, 1], [-1, 2, 1, -3], [2, 1, -1, 1]]
    b2 = [Fraction(1, 5), 0, -1]
    act = PerUnit(["relu", "relu", "identity", "identity"])
    if shift is not None:
        b1 = b1[:2] + [b1[2] + shift, b1[3] + shift]
        b2 = [c - shift * (row[2] + row[3]) for c, row in zip(b2, W2)]
        act = "relu"
    return as_network([(W1, b1, act), (W2, b2, "relu"), ([[1, 1, 1]], [0], "identity")])


@pytest.mark.parametrize("compiled", [False, True])
def test_identity_units_never_split(monkeypatch, compiled):
    """
    On the box ``[-1, 1]^3`` an identity unit ``z`` (here ``|z| < 7``) equals the relu
    unit ``relu(z + 10) - 10``, which never changes sign there: the two nets compute the
    same function with the same patterns, so their regions in the box are the same. The
    identity units' hyperplanes ``z = 0`` do cross the box: as relu units (no shift)
    they add regions, so none of the PerUnit net's boundaries is one where only an
    identity unit changes sign.
    """
    if compiled and not _compiled():
        pytest.skip("compiled engine not built")
    monkeypatch.setattr(A, "USE_EXTENSION", compiled)
    box = [(-1, 1)] * 3
    mixed = A.activation_regions(_skip_net(None), domain=box, progress=False)
    shifted = A.activation_regions(_skip_net(10), domain=box, progress=False)
    assert [R.activation_pattern for R in mixed] == [R.activation_pattern for R in shifted]
    assert [(R.gradient, R.constant) for R in mixed] == [(R.gradient, R.constant) for R in shifted]
    assert all(R.activation_pattern[0][2:] == (1, 1) for R in mixed)
    as_relu = A.count_activation_regions(_skip_net(0), domain=box, progress=False)
    assert as_relu > len(mixed) > 1
    # all of Q^3 too (the shifted net then differs: compare with the Python path)
    net = _skip_net(None)
    assert A.count_activation_regions(net, progress=False) == \
        len(A.activation_regions(net, progress=False))


def test_per_unit_linear_regions(monkeypatch):
    """``relu(x) + x`` has two linear regions, ``x = relu(x) - relu(x) + x`` one."""
    from tropsage.nn import PerUnit
    from tropsage.regions.activation import count_linear_regions_of_network, linear_regions_of_network
    act = PerUnit(["relu", "identity"])
    two = as_network([([[1], [1]], [0, 0], act), ([[1, 1]], [0])])
    one = as_network([([[1], [1]], [0, 0], act), ([[0, 1]], [0])])
    for compiled in ([False, True] if _compiled() else [False]):
        monkeypatch.setattr(A, "USE_EXTENSION", compiled)
        assert A.count_activation_regions(one, progress=False) == 2
        assert count_linear_regions_of_network(one) == 1
        L = linear_regions_of_network(two)
        assert len(L) == 2
        assert sorted(R.gradient for R in L) == [(1,), (2,)]


@pytest.mark.parametrize("compiled", [False, True])
def test_per_unit_first_layer_reduced(monkeypatch, compiled):
    """A PerUnit first layer of rank 2 in Q^5: the reduced and the direct enumeration agree."""
    if compiled and not _compiled():
        pytest.skip("compiled engine not built")
    from tropsage.nn import PerUnit
    monkeypatch.setattr(A, "USE_EXTENSION", compiled)
    W1 = [[1, 0, 2, -1, 1], [0, 1, -1, 1, 2], [1, 1, 1, 0, 3], [2, -1, 5, -3, 0]]
    net = as_network([(W1, [0, 1, -1, Fraction(1, 2)],
                       PerUnit(["relu", "identity", ("threshold", Fraction(1, 3)),
                                ("leaky_relu", Fraction(1, 4))])),
                      ([[1, -1, 1, 2], [2, 1, -1, 1]], [0, 1], "relu"), ([[1, 1]], [0])])
    red = A.activation_regions(net, progress=False)
    assert red.info.get("reduced_dim") == 2
    full = A.activation_regions(net, progress=False, reduce_input=False)
    assert [R.activation_pattern for R in red] == [R.activation_pattern for R in full]
    for R in red:
        p = R.interior_point()
        assert tuple(net.activation_pattern(p)[:2]) == R.activation_pattern[:2]


@needs_ext
@pytest.mark.parametrize("widths,seed", [([3, 6, 6, 1], 3), ([2, 5, 5, 5, 2], 3)])
def test_engine_float_proposals(monkeypatch, widths, seed):
    """
    Float weights: every decision of the compiled engine is proposed by its
    floating-point double description and proven exactly (cuts by checked dyadic
    points, non-cuts by Farkas certificates), no PPL conversion is needed, and the
    regions are still the Python path's, each interior point strictly inside.
    """
    net = random_network(widths, seed=seed, weights="float")
    monkeypatch.setattr(A, "USE_EXTENSION", True)
    _, info = A.count_activation_regions(net, progress=False, return_info=True)
    st_ = info["stats"]
    assert st_["float_cuts"] > 0 and st_["float_certificates"] > 0
    assert st_.get("generators", 0) == 0 and st_.get("float_unsettled", 0) == 0
    _check_same(net, None, monkeypatch)


@needs_ext
@pytest.mark.parametrize("widths,bound", [([4, 10, 10, 1], 1), ([8, 8, 8, 1], 1)])
def test_engine_exact_fallback(monkeypatch, widths, bound):
    """
    Small integer weights: hyperplanes through common points and touching cells. The
    floats cannot show some decisions (a degenerate vertex whose rows give no
    certificate, a hyperplane touching a vertex), and PPL's exact generators decide
    them; the count equals the run where PPL decides everything.
    """
    net = random_network(widths, seed=0, weights="integer", bound=bound)
    monkeypatch.setattr(A, "USE_EXTENSION", True)
    c, info = A.count_activation_regions(net, progress=False, return_info=True)
    st_ = info["stats"]
    assert st_["float_unsettled"] > 0 and st_["generators"] > 0
    monkeypatch.setattr(A, "ENGINE_FLOAT", False)
    c2, info2 = A.count_activation_regions(net, progress=False, return_info=True)
    assert c2 == c and "float_cuts" not in info2["stats"]
    assert info2["stats"]["sibling_generators"] > 0    # the sibling shortcut of the PPL path


@needs_ext
def test_engine_exact_fallback_regions(monkeypatch):
    """The fallback's regions equal the Python path's (a smaller degenerate net)."""
    net = random_network([3, 8, 8, 1], seed=0, weights="integer", bound=1)
    monkeypatch.setattr(A, "USE_EXTENSION", True)
    _, info = A.count_activation_regions(net, progress=False, return_info=True)
    assert info["stats"].get("float_unsettled", 0) > 0
    _check_same(net, None, monkeypatch)
    _check_same(net, [(-1, 1)] * 3, monkeypatch)


def test_stale_extension_is_not_used(monkeypatch, capsys):
    # a checkout updated without a rebuild: the old binary is refused, the exact
    # Python path runs, and the user is told in one line how to fix it
    import tropsage.regions.activation as A
    monkeypatch.setattr(A, "_EXT", [])
    monkeypatch.setattr(A, "USE_EXTENSION", True)
    monkeypatch.setattr(A, "_stale", lambda mod: True)
    assert A._extension() is None
    err = capsys.readouterr().err
    assert "older than its sources" in err and "make install" in err
    net = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]
    assert A.count_activation_regions(net, progress=False) == 7     # three lines in general position
