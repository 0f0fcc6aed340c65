"""Parallel region enumeration: load balancing, stops, lost workers (issues 13, 18)."""

import multiprocessing
import os
import signal
import threading
import time
from collections import Counter

import numpy as np
import pytest

from tropsage.nn import as_network, random_network
from tropsage.regions import parallel as par
from tropsage.regions.activation import (_prepare, _root, _Run, _serial, activation_regions,
                                         count_activation_regions)


def _fresh_run(net):
    net = as_network(net)
    prep = _prepare(net)
    n = net.input_dim
    root = _root(prep, n, np.zeros((0, n + 1), dtype=np.int64), (0,) * n, 1)
    return prep, _Run([root], [], 0, Counter())


def _patterns(A):
    return [R.activation_pattern for R in A]


# a net of a few seconds' work with uneven subtrees
MEDIUM = random_network([3, 8, 8, 8, 1], seed=2, weights="float")


@pytest.fixture
def slow_path(monkeypatch):
    """The pure-Python path: timing tests need a run that lasts a few seconds (the
    compiled engine finishes MEDIUM in about a second); forked workers inherit it."""
    from tropsage.regions import activation
    monkeypatch.setattr(activation, "USE_EXTENSION", False)


@pytest.fixture(scope="module")
def medium_count():
    return count_activation_regions(MEDIUM)


@pytest.fixture
def no_serial_start(monkeypatch):
    """Start the worker processes at once, however small the network."""
    monkeypatch.setattr(par, "SERIAL_FIRST", 0.0)


def test_n_jobs_values():
    with pytest.raises(ValueError, match="n_jobs"):
        count_activation_regions([([[1]], [0])], n_jobs=0)
    for bad in (2.5, "2"):
        with pytest.raises(TypeError, match="n_jobs"):
            count_activation_regions([([[1]], [0])], n_jobs=bad)
    assert par._workers(-1) == (os.cpu_count() or 1)
    assert par._workers(-(os.cpu_count() or 1) - 5) == 1


def test_small_nets_stay_serial(monkeypatch):
    """n_jobs=-1 on a small net starts no process (so it is safe as a default)."""
    def fail(*a, **k):
        raise AssertionError("started worker processes for a small network")
    monkeypatch.setattr(par, "_local", fail)
    net = random_network([2, 5, 5, 1], seed=1)
    assert count_activation_regions(net, n_jobs=-1) == count_activation_regions(net)


def test_processes_same_regions_same_order(no_serial_start):
    net = random_network([3, 6, 6, 1], seed=11, weights="float")
    serial = activation_regions(net)
    for jobs in (2, 3):
        p = activation_regions(net, n_jobs=jobs)
        assert _patterns(p) == _patterns(serial)
        assert [R.map_str() for R in p] == [R.map_str() for R in serial]
        assert [R.pieces[0].inequality_rows().tolist() for R in p] == \
            [R.pieces[0].inequality_rows().tolist() for R in serial]
        assert p.info["stats"]["cuts"] == serial.info["stats"]["cuts"]


def test_leaves_travel_packed():
    """Leaves go from a worker with their maps as one flat list and come back equal
    (maps as object arrays of the same shape); mixed shapes go unpacked."""
    import pickle
    prep, run = _fresh_run(random_network([3, 6, 6, 2], seed=5, weights="float"))
    assert _serial(prep, run, True)
    leaves = run.leaves
    msg = par._pack_leaves(list(leaves))
    assert isinstance(msg, tuple)
    back = par._unpack_leaves(pickle.loads(pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL)))
    assert len(back) == len(leaves) > 10
    for a, b in zip(back, leaves):
        assert (a.pattern, a.H, a.X, a.D, a.tden) == (b.pattern, b.H, b.X, b.D, b.tden)
        assert a.T.shape == b.T.shape == (2, 4) and a.T.dtype == object
        assert a.T.tolist() == b.T.tolist()
    back[0].T[0, 0] += 1                    # each map is its own part of the array
    assert back[1].T.tolist() == leaves[1].T.tolist()
    odd = list(leaves[:3])
    odd[1] = type(odd[1])(odd[1].pattern, odd[1].H, odd[1].X, odd[1].D, odd[1].T[:1], odd[1].tden)
    assert par._pack_leaves(odd) is odd and par._unpack_leaves(odd) is odd


def test_worker_gives_cells_when_asked(medium_count):
    """The gift protocol alone: a request in the shared counters makes a busy worker
    hand over cells; its results, its remaining cells and the gift together are the
    whole subtree."""
    prep, run = _fresh_run(MEDIUM)
    assert _serial(prep, run, False, max_open=3)
    ctx = multiprocessing.get_context("fork")
    flags = ctx.RawArray("q", 3)        # halt, requests made, claimed by worker 0
    flags[1] = 1
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=par._worker, args=(child, prep, False, flags, 0, 1.0, 8),
                       daemon=True)
    proc.start()
    try:
        parent.send(list(run.stack))
        count, gifts, final = run.count, [], False
        while not final:
            assert parent.poll(120), "the worker did not answer"
            msg = parent.recv()
            assert msg[0] in ("progress", "commit"), msg
            if msg[0] == "commit":
                _, c, leaves, stats, cells, gift, final = msg
                count += c
                gifts.extend(gift)
                assert leaves == []             # count mode sends no regions
        assert cells == []
        parent.send(None)
    finally:
        proc.join(10)
        if proc.is_alive():
            proc.terminate()
    assert gifts and flags[2] == 1 and par._wanted(flags) == 0
    rest = _Run(gifts, [], 0, Counter())
    assert _serial(prep, rest, False)
    assert count + rest.count == medium_count


def test_stop_keeps_finished_and_returns_open_cells(no_serial_start, medium_count, slow_path):
    """A stop keeps what the workers found and returns the rest as open cells within
    about a second; finishing those cells serially gives the full answer."""
    prep, run = _fresh_run(MEDIUM)
    t_stop = [None]

    def stop():
        # stop once the first leaves have come back (a fixed delay let a fast run
        # finish first, or a loaded machine stop before any leaf)
        if t_stop[0] is None and (run.count > 0 or time.monotonic() > t0 + 5):
            t_stop[0] = time.monotonic()
        return t_stop[0] is not None
    t0 = time.monotonic()
    done = par.parallel_enumerate(prep, run, True, 2, None, stop=stop)
    returned = time.monotonic()
    assert not done and run.stack, "the run finished before the stop"
    assert returned - t_stop[0] < 3.0
    assert not multiprocessing.active_children()
    assert run.count == len(run.leaves) > 0
    first = {lf.pattern for lf in run.leaves}
    assert _serial(prep, run, True)
    assert run.count == medium_count == len({lf.pattern for lf in run.leaves})
    assert first <= {lf.pattern for lf in run.leaves}


def test_ctrl_c_in_parallel_run(no_serial_start, medium_count, tmp_path, slow_path):
    """SIGINT during an n_jobs=2 run: partial answer, checkpoint, resume to the full count."""
    path = tmp_path / "p.ckpt"
    signal.setitimer(signal.ITIMER_REAL, 0.25)  # MEDIUM takes 0.6-1.3 s on the Python path
    old = signal.signal(signal.SIGALRM, lambda *a: os.kill(os.getpid(), signal.SIGINT))
    try:
        t0 = time.monotonic()
        count, info = count_activation_regions(MEDIUM, n_jobs=2, checkpoint=path,
                                               return_info=True)
        elapsed = time.monotonic() - t0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert info["partial"] and info["open_cells"] > 0 and count < medium_count
    assert elapsed < 0.25 + 3.0
    assert not multiprocessing.active_children()
    assert count_activation_regions(MEDIUM, n_jobs=2, checkpoint=path) == medium_count


def test_killed_local_worker_is_replaced(no_serial_start, medium_count, monkeypatch, slow_path):
    """A worker process killed from outside: its cells are redone by a new process."""
    killed = []

    def killer():
        deadline = time.monotonic() + 60
        while len(killed) < 2 and time.monotonic() < deadline:
            time.sleep(0.15)       # MEDIUM lasts 0.6-1.3 s on the Python path
            kids = [p for p in multiprocessing.active_children() if p.pid not in killed]
            if kids:
                os.kill(kids[0].pid, signal.SIGKILL)
                killed.append(kids[0].pid)
    th = threading.Thread(target=killer, daemon=True)
    th.start()
    count, info = count_activation_regions(MEDIUM, n_jobs=2, return_info=True)
    th.join()
    assert len(killed) == 2, "the run finished before the workers were killed"
    assert not info["partial"] and count == medium_count


_FORKS = {"on": False, "threads": []}


def _note_threads_at_fork():
    if _FORKS["on"]:
        _FORKS["threads"].append(sorted(t.name for t in threading.enumerate()))


os.register_at_fork(before=_note_threads_at_fork)


def test_workers_are_forked_without_the_tqdm_monitor(no_serial_start, medium_count):
    """tqdm's monitor thread (started by any bar) is stopped while workers are forked,
    and comes back afterwards."""
    from tqdm.auto import tqdm
    tqdm(total=1, disable=True).close()
    assert any(t.name == "tqdm_monitor" for t in threading.enumerate())
    _FORKS.update(on=True, threads=[])
    try:
        assert count_activation_regions(MEDIUM, n_jobs=2, progress=True) == medium_count
    finally:
        _FORKS["on"] = False
    # (other threads may exist: e.g. Dask leaves its offload thread behind)
    assert _FORKS["threads"] and not any("tqdm_monitor" in names for names in _FORKS["threads"])
    assert tqdm.monitor_interval == 10


def test_worker_killed_while_claiming_cells_does_not_stall(no_serial_start, medium_count,
                                                            monkeypatch, slow_path):
    """A worker that dies the moment it takes up the master's request for cells (the
    shared counters hold no lock it could leave taken): the run finishes, exactly."""
    ctx = multiprocessing.get_context("fork")
    died = ctx.RawValue("i", 0)
    wanted = par._wanted

    def dying(flags):
        w = wanted(flags)
        if w > 0 and multiprocessing.parent_process() is not None and not died.value:
            died.value = 1
            os.kill(os.getpid(), signal.SIGKILL)
        return w
    monkeypatch.setattr(par, "_wanted", dying)

    def timeout(*a):
        raise TimeoutError("the parallel run stalled")
    old = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, 120)
    try:
        count, info = count_activation_regions(MEDIUM, n_jobs=2, return_info=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert died.value == 1, "no worker was asked for cells"
    assert not info["partial"] and count == medium_count
    assert not multiprocessing.active_children()


def test_worker_error_is_raised(no_serial_start, monkeypatch):
    """An exception inside a worker reaches the caller with its type."""
    from tropsage.regions import activation
    orig = activation._step

    def broken(*args, **kwargs):
        if multiprocessing.parent_process() is not None:
            raise ZeroDivisionError("boom in a worker")
        return orig(*args, **kwargs)
    monkeypatch.setattr(activation, "_step", broken)
    with pytest.raises(ZeroDivisionError, match="boom"):
        count_activation_regions(random_network([2, 6, 6, 1], seed=3), n_jobs=2)
    assert not multiprocessing.active_children()


# -- Dask ------------------------------------------------------------------------

def _dask_kill_run(net, n_kills, tmp_path, monkeypatch, n_workers=3, min_alive=2):
    """
    Run ``net`` on a LocalCluster of processes and kill ``n_kills`` worker processes
    (SIGKILL; never the last one: only while ``min_alive`` live) under running
    tasks; the nannies start new workers. Tasks wait at a gate (a file) until the
    kills are done, so the deaths happen whatever the machine's load. With
    ``allowed-failures`` 0 every death under a task reaches the client as
    ``KilledWorker``: the retry path is what keeps the run going.
    """
    distributed = pytest.importorskip("distributed")
    import dask
    monkeypatch.setattr(par, "DASK_BUDGET", 0.3)
    gate = str(tmp_path / "go")

    def gated_task(*args):          # nested: cloudpickle sends it by value
        import os as _os
        import time as _time
        while not _os.path.exists(gate):
            _time.sleep(0.05)
        from tropsage.regions.parallel import _dask_task
        return _dask_task(*args)
    monkeypatch.setattr(par, "_dask_task", gated_task)
    retried = []
    lost = par._lost

    def spy(exc):
        retried.append(type(exc).__name__)
        return lost(exc)
    monkeypatch.setattr(par, "_lost", spy)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1,
                                     processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        killed = []

        def killer():
            try:
                deadline = time.monotonic() + 600
                while len(killed) < n_kills and time.monotonic() < deadline:
                    time.sleep(0.5)
                    try:
                        info = client.scheduler_info()["workers"]
                        busy = client.processing()
                        pids = client.run(os.getpid, wait=True)
                    except Exception:
                        continue
                    live = [a for a in pids if a in info]
                    if len(live) < min_alive:
                        continue        # wait for the nannies' new workers
                    working = [a for a in live if busy.get(a)]
                    if not working:
                        continue        # kill under a running task
                    try:
                        os.kill(pids[working[0]], signal.SIGKILL)
                        killed.append(pids[working[0]])
                    except ProcessLookupError:
                        pass
            finally:
                open(gate, "w").close()
        th = threading.Thread(target=killer, daemon=True)
        th.start()
        try:
            prep, run = _fresh_run(net)
            done = par._dask(prep, run, False, client, None, None, None, 8)
        finally:
            open(gate, "w").close()
            th.join(30)
        return done, run.count, killed, retried


def test_dask_survives_killed_workers(monkeypatch, tmp_path, medium_count):
    done, count, killed, retried = _dask_kill_run(MEDIUM, 4, tmp_path, monkeypatch)
    assert len(killed) == 4
    assert "KilledWorker" in retried
    assert done and count == medium_count


@pytest.mark.slow
def test_dask_survives_many_killed_workers(monkeypatch, tmp_path):
    """Ten deaths among three workers on a 33,759-region net."""
    net = random_network([4, 10, 10, 10, 1], seed=0, weights="float")
    expected = count_activation_regions(net)
    done, count, killed, retried = _dask_kill_run(net, 10, tmp_path, monkeypatch)
    assert len(killed) == 10 and retried
    assert done and count == expected
