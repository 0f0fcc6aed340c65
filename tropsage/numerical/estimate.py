r"""
Numerical estimation of the number of linear regions (Algorithm 5 of [L], appendix 6.2).

**This module is numerical**: it samples, computes in floating point and returns
*estimates*, not exact answers. Use :func:`tropsage.count_linear_regions` for the
exact count; ``compare_exact=True`` runs it in the same box so the error is visible.

Algorithm 5: sample ``N`` points uniformly in the box ``[-R, R]^n``; compute the
Jacobian of the network at each (batched); group the points by Jacobian; for two
points ``p, q`` with the same Jacobian, evaluate the network at the midpoint and
compare with ``(N(p) + N(q)) / 2``, the value the shared affine map predicts: a
difference proves that ``p`` and ``q`` lie in different linear regions.

Without the midpoint test the estimate is the number of distinct Jacobians met; each
belongs to at least one linear region meeting the box, so it never exceeds the exact
count in the box (it undercounts regions no sample hits and regions that share a
Jacobian). With the midpoint test it splits groups whose midpoint disagrees; since a
non-convex region can make the segment leave it, the test can also over-split.

For a piecewise-linear network the Jacobian on a region is determined by the
activation pattern, so the numpy path computes it *from the pattern* (products of
masked weight matrices, exact up to float rounding of those products); the torch path
uses autograd (``torch.func.vmap(jacrev(...))``), as the paper does.

EXAMPLES::

    >>> from tropsage.numerical import estimate_linear_regions
    >>> net = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]
    >>> est = estimate_linear_regions(net, n_samples=2000, radius=3, seed=0,
    ...                               compare_exact=True, backend="numpy")
    >>> est.count, est.exact_count, est.difference
    (7, 7, 0)
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np

from tropsage.nn import as_network

BACKENDS = ("auto", "numpy", "torch")


# ---------------------------------------------------------------------------
# float forms of an exact network

def _float_layers(net):
    """Per layer ``(W, b, act, sigma)`` in float64: ``act`` the exact activation,
    ``sigma`` its batched numpy form (made once: the midpoint test evaluates often)."""
    out = []
    for L in net.layers:
        W = np.array([[float(v) for v in r] for r in L.W], dtype=np.float64)
        b = np.array([float(v) for v in L.b], dtype=np.float64)
        out.append((W, b, L.activation, L.activation.numpy_function(W.shape[0])))
    return out


def _forward_numpy(layers, X, jacobian=True):
    """
    Batched forward pass; returns ``(Y, J)`` with ``Y`` of shape ``(N, m)`` and the
    Jacobians ``J`` of shape ``(N, m, n)`` read from the activation pattern (each
    activation's :meth:`~tropsage.nn.activations.Activation.numpy_function`).
    """
    V = X
    N, n = X.shape
    J = None                                 # None: the identity (first layer)
    for W, b, _, sigma in layers:
        Z = V @ W.T + b
        JZ = None
        if jacobian:
            JZ = np.broadcast_to(W, (N,) + W.shape) if J is None else np.matmul(W, J)
        V, J = sigma(Z, JZ)
    return V, J


def _torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def _torch_function(layers):
    import torch
    params = [(torch.tensor(W), torch.tensor(b), act.torch_function(W.shape[0]))
              for W, b, act, _ in layers]

    def f(x):
        v = x
        for W, b, sigma in params:
            v = sigma(W @ v + b)
        return v
    return f


def _forward_torch(layers, X, jacobian=True, chunk=65536):
    import torch
    from torch.func import jacrev, vmap
    f = _torch_function(layers)
    Ys, Js = [], []
    with torch.no_grad():
        for s in range(0, X.shape[0], chunk):
            x = torch.from_numpy(np.ascontiguousarray(X[s:s + chunk]))
            Ys.append(vmap(f)(x).numpy())
    if jacobian:
        for s in range(0, X.shape[0], chunk):
            x = torch.from_numpy(np.ascontiguousarray(X[s:s + chunk]))
            Js.append(vmap(jacrev(f))(x).detach().numpy())
    return np.concatenate(Ys), (np.concatenate(Js) if jacobian else None)


def _resolve_backend(backend):
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if backend == "auto":
        return "torch" if _torch_available() else "numpy"
    if backend == "torch" and not _torch_available():
        raise ValueError("backend='torch' needs torch; install the 'torch' extra or use backend='numpy'")
    return backend


def float_forward(net, X, jacobian=True, backend="numpy", activations=None):
    """
    Batched float64 evaluation of a network (numerical).

    INPUT:

    - ``net`` -- any network argument (see :func:`tropsage.nn.as_network`).
    - ``X`` -- array of shape ``(N, n)``.
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations.
    - ``jacobian`` -- also return the Jacobians.
    - ``backend`` -- ``"numpy"`` (Jacobian from the activation pattern), ``"torch"``
      (autograd) or ``"auto"``.

    OUTPUT: ``(Y, J)``, arrays of shapes ``(N, m)`` and ``(N, m, n)`` (``J`` is
    ``None`` when not asked for).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.numerical.estimate import float_forward
        >>> Y, J = float_forward([([[1], [-1]], [0, 0]), ([[1, 1]], [0])], np.array([[2.0], [-3.0]]))
        >>> Y.ravel().tolist(), J.ravel().tolist()
        ([2.0, 3.0], [1.0, -1.0])
    """
    net = as_network(net, activations=activations)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != net.input_dim:
        raise ValueError(f"X must have shape (N, {net.input_dim}), got {X.shape}")
    layers = _float_layers(net)
    if _resolve_backend(backend) == "torch":
        return _forward_torch(layers, X, jacobian)
    return _forward_numpy(layers, X, jacobian)


# ---------------------------------------------------------------------------
# grouping and the midpoint test

def _group_keys(J, decimals):
    """Hashable keys of Jacobians rounded relative to their overall scale."""
    flat = J.reshape(J.shape[0], -1)
    scale = float(np.max(np.abs(flat))) if flat.size else 1.0
    scale = scale if scale > 0 else 1.0
    R = np.ascontiguousarray(np.round(flat / scale, decimals) + 0.0)  # + 0.0: -0.0 -> 0.0
    # rows as opaque byte strings: sorting them is much faster than unique(axis=0)
    keys = R.view(np.dtype((np.void, R.dtype.itemsize * R.shape[1]))).ravel()
    _, inverse = np.unique(keys, return_inverse=True)
    return inverse.ravel(), R


def _midpoint_clusters(X, Y, evaluate, tol):
    """
    Split one Jacobian group into clusters by the midpoint test: a point joins the
    first cluster whose representative ``q`` satisfies ``N((p+q)/2) ≈ (N(p)+N(q))/2``.
    Each round evaluates all remaining points against one representative at once.
    """
    remaining = np.arange(X.shape[0])
    labels = np.zeros(X.shape[0], dtype=np.int64)
    reps = []
    while remaining.size:
        r = remaining[0]
        labels[r] = len(reps)
        reps.append(r)
        rest = remaining[1:]
        if rest.size == 0:
            break
        M = (X[rest] + X[r]) / 2
        YM = evaluate(M)
        pred = (Y[rest] + Y[r]) / 2
        scale = 1.0 + np.max(np.abs(Y[rest]), axis=1) + np.max(np.abs(Y[r]))
        ok = np.max(np.abs(YM - pred), axis=1) <= tol * scale
        labels[rest[ok]] = len(reps) - 1
        remaining = rest[~ok]
    return reps, labels


@dataclass
class LinearRegionEstimate:
    r"""
    The result of :func:`estimate_linear_regions` (numerical).

    ATTRIBUTES:

    - ``count`` -- the estimated number of linear regions in the box (an ``int``; for
      fundamental-domain sampling the sum of multiplicities).
    - ``jacobians`` -- list of distinct Jacobians met (float arrays ``(m, n)``).
    - ``points_per_jacobian`` -- number of samples per Jacobian, same order.
    - ``regions_per_jacobian`` -- number of regions the midpoint test separated per
      Jacobian (all 1 with ``midpoint_test=False``).
    - ``multiplicities`` -- per Jacobian, the multiplicity counted (1 for plain
      sampling, ``n!/∏ m_k!`` in the fundamental domain).
    - ``representatives`` -- per Jacobian, a list of float sample points, one per
      separated region.
    - ``n_samples``, ``radius``, ``seed``, ``backend``, ``domain`` (``"box"`` or
      ``"fundamental"``), ``midpoint_test``.
    - ``seconds`` -- time of the estimate (sampling, Jacobians, grouping, midpoint test).
    - ``info`` -- ``{"samples": X, "labels": ...}``: the sample points (float array) and,
      per sample, the index of the region it was counted in (regions numbered Jacobian
      by Jacobian, in the order of ``jacobians``, then by midpoint cluster).
    - ``exact_count``, ``exact_seconds``, ``difference`` (``count - exact_count``) when
      ``compare_exact=True``, else ``None``.

    EXAMPLES::

        >>> from tropsage.numerical import estimate_linear_regions
        >>> net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]          # |x|
        >>> est = estimate_linear_regions(net, n_samples=200, radius=3, seed=0, backend="numpy")
        >>> type(est).__name__, est.count, est.n_samples
        ('LinearRegionEstimate', 2, 200)
    """

    count: int
    jacobians: list
    points_per_jacobian: list
    regions_per_jacobian: list
    multiplicities: list
    representatives: list
    n_samples: int
    radius: float
    seed: object
    backend: str
    domain: str
    midpoint_test: bool
    seconds: float
    exact_count: int | None = None
    exact_seconds: float | None = None
    info: dict = field(default_factory=dict)

    @property
    def difference(self):
        """
        ``count - exact_count`` (negative: the estimate missed regions), or ``None``.

        EXAMPLES::

            >>> from tropsage.numerical import estimate_linear_regions
            >>> net = [([[1], [-1]], [0, 0]), ([[1, 1]], [0])]          # |x|
            >>> est = estimate_linear_regions(net, 100, 3, seed=0, backend="numpy")
            >>> est.difference is None
            True
            >>> estimate_linear_regions(net, 100, 3, seed=0, backend="numpy", compare_exact=True).difference
            0
        """
        return None if self.exact_count is None else self.count - self.exact_count

    @property
    def n_jacobians(self):
        """
        The number of distinct Jacobians met.

        EXAMPLES::

            >>> from tropsage.numerical import estimate_linear_regions
            >>> net = [([[1], [-1], [1]], [0, 0, -1]), ([[1, 1, -2]], [0])]   # |x| - 2 relu(x-1)
            >>> estimate_linear_regions(net, 500, 3, seed=1, backend="numpy").n_jacobians
            2
        """
        return len(self.jacobians)

    def __repr__(self):
        s = (f"LinearRegionEstimate(count={self.count}, jacobians={self.n_jacobians}, "
             f"samples={self.n_samples}, radius={self.radius}, domain={self.domain!r}, "
             f"seconds={self.seconds:.3g}")
        if self.exact_count is not None:
            s += f", exact_count={self.exact_count}, difference={self.difference}"
        return s + ")"


def _check_positive_int(v, name):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise ValueError(f"{name} must be a positive integer, got {v!r}")
    return int(v)


def _check_radius(radius):
    from tropsage._exact import as_fraction
    if isinstance(radius, bool):
        raise TypeError("radius must be a positive number, got a bool")
    if isinstance(radius, float) and not math.isfinite(radius):
        raise ValueError(f"radius must be a positive finite number, got {radius!r}")
    try:
        r = as_fraction(radius, "radius")
    except (TypeError, ValueError):
        raise TypeError(f"radius must be a positive number, got {radius!r}") from None
    if not r > 0:
        raise ValueError(f"radius must be a positive finite number, got {radius!r}")
    return r


def jacobian_multiplicity(jacobian, decimals=9):
    r"""
    ``n! / ∏_k m_k!`` where ``m_k`` are the multiplicities of equal entries of the
    Jacobian (Lemma 30 of [L]): the number of distinct vectors in its orbit under
    permutations of the coordinates. A Jacobian with several rows (outputs) is
    permuted column-wise: equal *columns* count as equal entries.

    EXAMPLES::

        >>> from tropsage.numerical.estimate import jacobian_multiplicity
        >>> jacobian_multiplicity([3.0, 1.0, 1.0]), jacobian_multiplicity([[1, 2, 3, 4]])
        (3, 24)
    """
    J = np.atleast_2d(np.asarray(jacobian, dtype=np.float64))
    cols = np.round(J.T, decimals) + 0.0
    _, counts = np.unique(cols, axis=0, return_counts=True)
    n = J.shape[1]
    out = math.factorial(n)
    for c in counts:
        out //= math.factorial(int(c))
    return out


def _orbit_representatives(J, decimals):
    """Jacobians with their columns sorted: one representative per permutation orbit
    (the gradient at ``σx`` of an invariant map is the gradient at ``x`` permuted)."""
    if J.shape[1] == 1:
        return np.sort(J, axis=2)
    out = np.empty_like(J)
    R = np.round(J, decimals)
    for i in range(J.shape[0]):
        perm = np.lexsort(R[i][::-1])
        out[i] = J[i][:, perm]
    return out


def estimate_linear_regions(net, n_samples=10000, radius=5, seed=None, midpoint_test=True,
                            compare_exact=False, backend="auto", fundamental_domain=False,
                            orbit_dedup=True, decimals=9, tol=1e-9, exact_kwargs=None,
                            activations=None):
    r"""
    Estimate the number of linear regions of a network in the box ``[-R, R]^n`` by
    sampling (Algorithm 5 of [L]). **Numerical**: the answer is an estimate.

    INPUT:

    - ``net`` -- any network argument (``torch.nn.Sequential``, list of ``(W, b)``,
      :class:`~tropsage.nn.Network`).
    - ``n_samples`` -- number of uniform samples ``N`` (default ``10000``).
    - ``radius`` -- ``R``: samples are uniform in ``[-R, R]^n`` (default ``5``). The
      defaults are the middle configuration of [L] Table 3 (``N = 10^4``, ``R = 5``):
      a few seconds for small networks, and regions outside the box are not seen.
    - ``seed`` -- seed of the numpy generator (reproducible runs).
    - ``midpoint_test`` -- split points with equal Jacobian whose midpoint value
      disagrees with the shared affine map (default ``True``).
    - ``compare_exact`` -- also count the linear regions in the same box exactly with
      :func:`tropsage.count_linear_regions` and report the difference.
    - ``backend`` -- ``"auto"`` (torch when installed), ``"torch"`` (autograd),
      ``"numpy"`` (Jacobian from the activation pattern).
    - ``fundamental_domain`` -- ``True`` for a permutation-invariant network: sample in
      ``Δ = {x_1 ≥ … ≥ x_n}`` (uniform samples in the box, coordinates sorted) and
      count each Jacobian ``r`` with multiplicity ``n!/∏ m_k(r)!`` (Theorem 29,
      Lemma 30); see :mod:`tropsage.numerical.symmetry`.
    - ``orbit_dedup`` -- with ``fundamental_domain``: Jacobians of the same permutation
      orbit met in ``Δ`` (``r`` and ``σr``, from regions touching the walls) are counted
      once, since the multiplicity of ``r`` already covers its orbit (default). With
      ``False`` every distinct Jacobian met in ``Δ`` gets its multiplicity, the rule of
      [L] as printed, which can count an orbit several times.
    - ``decimals`` -- Jacobians are grouped after rounding, relative to their largest
      entry, to this many decimals.
    - ``tol`` -- relative tolerance of the midpoint test.
    - ``exact_kwargs`` -- keywords for the exact count (e.g. ``{"n_jobs": 2}``).
    - ``activations`` -- with a list of ``(W, b)`` pairs, their activations (see
      :func:`~tropsage.nn.as_network`).

    OUTPUT: a :class:`LinearRegionEstimate`.

    EXAMPLES::

        >>> from tropsage.numerical import estimate_linear_regions
        >>> net = [([[1], [-1], [1]], [0, 0, -1]), ([[1, 1, -2]], [0])]   # |x| - 2 relu(x-1)
        >>> estimate_linear_regions(net, 500, 3, seed=1, midpoint_test=False, backend="numpy").count
        2
        >>> estimate_linear_regions(net, 500, 3, seed=1, backend="numpy").count
        3
        >>> estimate_linear_regions(net, seed=0, backend="numpy").radius   # N = 10^4, R = 5
        5
        >>> estimate_linear_regions(net, 0, 3)
        Traceback (most recent call last):
        ...
        ValueError: n_samples must be a positive integer, got 0
    """
    net = as_network(net, activations=activations)
    n_samples = _check_positive_int(n_samples, "n_samples")
    R = _check_radius(radius)
    backend = _resolve_backend(backend)
    n = net.input_dim
    layers = _float_layers(net)
    fwd = _forward_torch if backend == "torch" else _forward_numpy

    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    X = rng.uniform(-float(R), float(R), size=(n_samples, n))
    if fundamental_domain:
        X = -np.sort(-X, axis=1)
    Y, J = fwd(layers, X, True)
    if fundamental_domain and orbit_dedup:
        Jkey = _orbit_representatives(J, decimals)
    else:
        Jkey = J
    keys, _ = _group_keys(Jkey, decimals)

    def evaluate(M):
        return _forward_numpy(layers, M, False)[0]

    jacobians, points, regions, mults, reps = [], [], [], [], []
    sample_labels = np.zeros(n_samples, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    bounds = np.flatnonzero(np.diff(keys[order])) + 1
    for idx in np.split(order, bounds):
        if idx.size == 0:
            continue
        if midpoint_test:
            local, lab = _midpoint_clusters(X[idx], Y[idx], evaluate, tol)
        else:
            local, lab = [0], np.zeros(idx.size, dtype=np.int64)
        sample_labels[idx] = sum(regions) + lab
        jac = J[idx[0]]
        mult = jacobian_multiplicity(jac, decimals) if fundamental_domain else 1
        jacobians.append(jac[0] if jac.shape[0] == 1 else jac)
        points.append(int(idx.size))
        regions.append(len(local))
        mults.append(mult)
        reps.append([X[idx[k]] for k in local])
    count = int(sum(r * m for r, m in zip(regions, mults)))
    seconds = time.perf_counter() - t0

    est = LinearRegionEstimate(count=count, jacobians=jacobians, points_per_jacobian=points,
                               regions_per_jacobian=regions, multiplicities=mults,
                               representatives=reps, n_samples=n_samples, radius=radius,
                               seed=seed, backend=backend,
                               domain="fundamental" if fundamental_domain else "box",
                               midpoint_test=bool(midpoint_test), seconds=seconds,
                               info={"samples": X, "labels": sample_labels})
    if compare_exact:
        from tropsage.regions import count_linear_regions
        t1 = time.perf_counter()
        est.exact_count = int(count_linear_regions(net, domain=[(-R, R)] * n,
                                                   **{"progress": False, **(exact_kwargs or {})}))
        est.exact_seconds = time.perf_counter() - t1
    return est
