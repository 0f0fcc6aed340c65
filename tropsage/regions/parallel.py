"""
Parallel region enumeration over independent subtrees.

The refinement of the input space is a tree: once a cell is open, everything below it
depends on that cell alone. :func:`parallel_enumerate` deals the open cells out to
local processes (``n_jobs``) or to a Dask cluster (``client``) and collects the
finished regions. Regions are sorted by activation pattern afterwards, so the answer
and its order do not depend on the executor, the number of workers or the order in
which work finishes.

**Load balancing.** Subtrees are very uneven: on a seeded 4-10-10-10-1 net two of the
first eight cells hold two thirds of the 33,759 regions, so a fixed split leaves one
core idle for most of the run. Local workers are therefore persistent processes that
keep their own stack of open cells (with its warm PPL polyhedra) and *give work away
on demand*: when a worker runs dry, the master raises a shared counter, and a busy
worker hands over every other cell of the shallow half of its stack (the shallow
cells hold most of the remaining work; the deep ones it keeps are the ones whose
polyhedra it has already built). The counters are shared memory without a lock
(:func:`_wanted`): a worker killed at any moment cannot leave a lock taken for the
master to wait on forever. Dask tasks cannot be signalled, so each one works
for a time budget and returns its remaining cells, which are dealt out again.

**Nothing is lost.** A local worker *commits* its finished regions together with a
snapshot of its open cells when it finishes, gives cells away, is asked to stop, and
every ``SNAPSHOT`` seconds (in between it only reports its count, for the progress
bar); so the master always holds a consistent state: committed regions plus open
cells (its queue and the workers' last snapshots). Ctrl-C (or the caller's stop flag)
asks every worker to commit and stop, which takes one batch of cells; a worker that
does not answer within ``HALT_WAIT`` seconds is ended and its last snapshot returns
to the open cells, so a checkpoint written then resumes correctly. A local worker
killed from outside is replaced and its snapshot redone. On Dask, a subtree whose
worker died is submitted again (the network travels with every task, so no
scattered data can be lost), and a run survives any number of worker deaths while
one worker lives.

**What the transfer costs.** A worker answers a request for cells within one short
round (``WORKER_BATCH`` cells, a few hundredths of a second with the compiled
engine). Regions travel pickled; leaves share the row objects of their common
ancestors (the compiled engine converts each node's rows once, the Python path
extends its parent's list), so each row is sent once, their
output maps go as one flat list of integers (:func:`_pack_leaves`), and the
master unpickles with the cyclic garbage collector off, which it would otherwise run
over the whole heap again and again (:class:`quiet_gc`; the workers freeze what they
inherited). On 4-10-10-10-1 (33,759 regions, keeping them) that took the bytes sent
from 68 MB to 47 MB (mostly the exact interior points now) and the master's CPU time
from 2.3 s to 0.6 s. The counters ``workers_idle_ms``, ``workers_wall_ms``,
``workers_cpu_ms``, ``master_cpu_ms``, ``bytes_to_workers``, ``bytes_from_workers``
and ``gifts`` in ``info["stats"]`` say what a run cost (see :class:`_Meter`).

**Forking safely.** Workers are forked (in milliseconds, with the network and the
caller's settings inherited). A fork copies only the calling thread, with every
lock in the state it had: a lock held by another thread stays held in the child
for good. The threads that can exist here are tqdm's monitor (started by the first
bar, even a disabled one), which takes tqdm's lock and writes to standard error
every 10 s, and OpenBLAS's pool, which OpenBLAS itself stops before a fork. The
monitor is stopped while workers run (:class:`_no_tqdm_monitor`), and the workers
share no lock with the master.

**Small runs stay serial.** The first ``SERIAL_FIRST`` seconds of CPU time are
refined in this process; a network finished by then never starts a process, so
``n_jobs=-1`` costs nothing on small networks. The start is short (20 ms) because
the compiled engine is fast: on 4-10-10-10-1 (about 0.9 s serial) a 0.2 s start
left ``n_jobs=2`` at 1.5x, a 20 ms one gives about 2x.

EXAMPLES::

    >>> from tropsage.nn import random_network
    >>> from tropsage.regions.activation import count_activation_regions
    >>> net = random_network([2, 6, 6, 1], seed=3)
    >>> count_activation_regions(net, n_jobs=2) == count_activation_regions(net)
    True
"""

import numbers
import os
import time
from collections import Counter

SERIAL_FIRST = 0.02  # CPU seconds refined serially before any worker starts
SYNC = 1.0           # seconds between two progress reports of a local worker
SNAPSHOT = 10.0      # seconds between two commits (results + open cells) of a local worker
DASK_BUDGET = 5.0    # seconds of work per Dask task before it hands its cells back
HALT_WAIT = 1.0      # seconds to wait for workers to report after a stop
MAX_LOSSES = 50      # worker deaths under one subtree before the run gives up
WORKER_BATCH = 4     # cells per round in a process with the compiled engine
GC_YOUNG = 50000     # allocations between two young collections inside quiet_gc


class quiet_gc:
    """
    Context: far fewer cyclic garbage collections while an enumeration makes millions
    of small acyclic objects (rows, points, leaves).

    Python's collector walks every tracked object at each full collection, and full
    collections come as the heap grows: with Sage loaded (millions of objects) and
    the regions piling up, keeping the regions of 4-10-10-10-1 cost about 2.5 s more
    than counting them, and unpickling a worker's regions took 4 times longer.
    Inside the context the objects that already exist are frozen (not walked again)
    and the youngest generation is collected every ``GC_YOUNG`` allocations instead of
    700; both are undone on exit. Nested uses are fine.

    EXAMPLES::

        >>> import gc
        >>> from tropsage.regions.parallel import quiet_gc
        >>> before = gc.get_threshold()
        >>> with quiet_gc():
        ...     gc.get_threshold()[0] >= 50000
        True
        >>> gc.get_threshold() == before
        True
    """

    _depth = 0

    def __enter__(self):
        import gc
        if quiet_gc._depth == 0:
            self._old = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(GC_YOUNG, self._old[0]), *self._old[1:])
        quiet_gc._depth += 1
        return self

    def __exit__(self, *exc):
        import gc
        quiet_gc._depth -= 1
        if quiet_gc._depth == 0:
            gc.set_threshold(*self._old)
            gc.unfreeze()
        return False


def _loads(buf):
    """
    ``pickle.loads`` without the cyclic collector (about 4 times faster on regions).

    Only for messages between this process and the worker processes it forked
    itself (its own pipes, or Dask's authenticated connections): never for a file or
    anything a user hands in.
    """
    import pickle
    return _without_gc(pickle.loads, buf)


def _without_gc(f, *args):
    """``f(*args)`` with the cyclic collector off: what it makes are many new acyclic
    objects, over which a collection would walk again and again."""
    import gc
    on = gc.isenabled()
    gc.disable()
    try:
        return f(*args)
    finally:
        if on:
            gc.enable()


def _workers(n_jobs):
    """
    Number of local processes for ``n_jobs`` (``-1``: all cores, ``-2``: all but one).

    EXAMPLES::

        >>> from tropsage.regions.parallel import _workers
        >>> _workers(3), _workers(-1) == (__import__("os").cpu_count() or 1)
        (3, True)
        >>> _workers(0)
        Traceback (most recent call last):
        ...
        ValueError: n_jobs must be a positive number of processes or negative (-1: all cores), got 0
    """
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral):
        raise TypeError(f"n_jobs must be an integer, got {n_jobs!r}")
    n_jobs = int(n_jobs)
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive number of processes or negative "
                         "(-1: all cores), got 0")
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return n_jobs


def _deal(cells, k):
    """Deal cells (in stack order) round-robin into ``k`` non-empty lists, keeping the order."""
    k = max(1, min(k, len(cells)))
    return [cells[i::k] for i in range(k)]


def _commit(run, keep, count, leaves, stats, bar):
    run.count += count
    if keep:
        run.leaves.extend(_unpack_leaves(leaves))
    run.stats.update(stats)
    if bar is not None and count:
        bar.update(count)


def parallel_enumerate(prep, run, keep, n_jobs, client, bar=None, stop=None, saver=None,
                       batch=64, serial_first=None):
    """
    Finish ``run`` (see :mod:`tropsage.regions.activation`) in parallel.

    INPUT:

    - ``prep``, ``run``, ``keep`` -- the prepared network, the state of the run (open
      cells, finished regions, counters) and whether regions are kept.
    - ``n_jobs`` -- local processes (``-1``: all cores); ignored with ``client``.
    - ``client`` -- ``None``, a ``dask.distributed.Client`` or a scheduler address.
    - ``bar``, ``stop``, ``saver``, ``batch`` -- progress bar, stop flag (a callable),
      checkpoint saver and cells per round, as in the serial run.
    - ``serial_first`` -- CPU seconds refined in this process before workers start
      (default ``SERIAL_FIRST``; a run finished by then starts no worker). Dask runs
      always use the cluster.

    OUTPUT: ``True`` when everything was enumerated, ``False`` when stopped early
    (``run`` then holds the finished regions and the open cells).

    EXAMPLES::

        >>> import numpy as np
        >>> from collections import Counter
        >>> from tropsage.nn import as_network
        >>> from tropsage.regions.activation import _prepare, _root, _Run
        >>> from tropsage.regions.parallel import parallel_enumerate
        >>> net = as_network([([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])])
        >>> prep = _prepare(net)
        >>> run = _Run([_root(prep, 2, np.zeros((0, 3), dtype=np.int64), (0, 0), 1)], [], 0, Counter())
        >>> parallel_enumerate(prep, run, False, 2, None, serial_first=0), run.count   # 2 processes
        (True, 7)
    """
    workers = _workers(n_jobs) if client is None else None
    with quiet_gc():
        return _parallel(prep, run, keep, workers, client, bar, stop, saver, batch,
                         serial_first)


def _parallel(prep, run, keep, workers, client, bar, stop, saver, batch, serial_first):
    from tropsage.regions.activation import _serial
    if client is not None:
        client = _as_client(client)
        return _dask(prep, run, keep, client, bar, stop, saver, batch)
    if workers == 1:
        return _serial(prep, run, keep, bar, stop, saver, batch)
    # a short serial start: small runs finish here, large ones get a few open cells.
    # CPU time, not wall time: on a busy machine a small run still stays serial
    first = SERIAL_FIRST if serial_first is None else serial_first
    t_end = time.process_time() + first
    user_stopped = [False]

    def warm_stop():
        if stop is not None and stop():
            user_stopped[0] = True
            return True
        return len(run.stack) >= workers and time.process_time() >= t_end

    # small rounds: the start ends soon after its time is up
    _serial(prep, run, keep, bar, warm_stop, saver, _worker_batch(prep, batch))
    if user_stopped[0]:
        return False
    if not run.stack:
        return True
    return _local(prep, run, keep, workers, bar, stop, saver, batch)


# ---------------------------------------------------------------------------
# the master loop (local processes and Dask)

def _drive(run, bar, stop, saver, step, sync_stack, cleanup):
    """
    The master's loop: ``step()`` hands out work and takes in results once; it returns
    ``None`` when everything is done, else a dict for the bar's postfix (empty when
    nothing arrived). After every arrival the checkpoint ``saver`` sees a consistent
    state (``sync_stack()`` puts the open cells into ``run.stack``). Ctrl-C and
    ``stop()`` end the loop; ``cleanup(finished)`` always runs. Returns whether
    everything was enumerated.
    """
    finished = False
    try:
        while True:
            news = step()
            if news is None:
                finished = True
                break
            if news:
                if bar is not None:
                    bar.set_postfix(**news, refresh=False)
                if saver is not None:
                    sync_stack()
                    saver(run)
            if stop is not None and stop():
                break
    except KeyboardInterrupt:
        pass
    finally:
        try:
            cleanup(finished)
        finally:
            sync_stack()
    return finished


def _pack_leaves(leaves):
    """
    Leaves as a worker sends them: their output maps ``T`` (small numpy object
    arrays, all of one shape) as one flat list of ints, which pickles much faster
    than an array per leaf; undone by
    :func:`_unpack_leaves`. Leaves whose maps differ in shape or type go as they are.

    Measured on the 33,759 leaves of 4-10-10-10-1 (float weights, seed 0; CPU time,
    best of 15): 32.1 MB and 233 ms for the master to unpickle them as leaves, 30.8 MB
    and 156 ms packed (unpickling the lists, making one array and the leaves; numpy
    arrays made one by one from lists would cost more than they save).

    EXAMPLES::

        >>> import numpy as np
        >>> from tropsage.regions.activation import _Leaf
        >>> from tropsage.regions.parallel import _pack_leaves, _unpack_leaves
        >>> T = lambda *v: np.array([list(v)], dtype=object)
        >>> leaves = [_Leaf(((1,),), [[0, 1]], (1,), 2, T(0, 1), 1),
        ...           _Leaf(((0,),), [[0, -1]], (-1,), 2, T(2 ** 70, 0), 3)]
        >>> rest, shape, dtype, flat = _pack_leaves(leaves)
        >>> shape, flat
        ((1, 2), [0, 1, 1180591620717411303424, 0])
        >>> back = _unpack_leaves((rest, shape, dtype, flat))
        >>> [(lf.pattern, lf.T.tolist(), lf.T.dtype, lf.tden) for lf in back]
        [(((1,),), [[0, 1]], dtype('O'), 1), (((0,),), [[1180591620717411303424, 0]], dtype('O'), 3)]
    """
    from tropsage.regions.activation import _Leaf
    import numpy as np
    if not leaves:
        return leaves
    T0 = leaves[0].T
    if not isinstance(T0, np.ndarray):
        return leaves
    shape, dtype = T0.shape, T0.dtype
    flat = []
    for lf in leaves:
        T = lf.T
        if type(lf) is not _Leaf or not isinstance(T, np.ndarray) or T.shape != shape \
                or T.dtype != dtype:
            return leaves
        flat.extend(T.ravel().tolist())
    return ([(lf.pattern, lf.H, lf.X, lf.D, lf.tden) for lf in leaves], shape, dtype.str, flat)


def _unpack_leaves(msg):
    """
    The leaves of :func:`_pack_leaves`' message (a list of leaves is returned as it
    is). Their maps are views into one array made at once; each is its own
    disjoint part of it. The collector stays off meanwhile (see :func:`_without_gc`:
    the message just read is still young, and a collection would walk all of it).
    """
    if isinstance(msg, list):
        return msg
    return _without_gc(_unpack, msg)


def _unpack(msg):
    import numpy as np
    from tropsage.regions.activation import _Leaf
    rest, shape, dtype, flat = msg
    dtype = np.dtype(dtype)
    if dtype == object:
        A = np.empty(len(flat), dtype=object)
        A[:] = flat
    else:
        A = np.array(flat, dtype=dtype)
    A = A.reshape((len(rest),) + tuple(shape))
    return [_Leaf(p, H, X, D, T, d) for (p, H, X, D, d), T in zip(rest, A)]


# ---------------------------------------------------------------------------
# local processes

def _worker_batch(prep, batch):
    """
    Cells per round in a process: with the compiled engine a cell is up to
    ``ENGINE_CUTS`` cuts, so 64 of them are about half a second, for which a hungry
    worker would wait; ``WORKER_BATCH`` keeps the answer to a request short.
    """
    from tropsage.regions.activation import _engine_for
    if _engine_for(prep) is None:
        return batch
    return max(1, min(batch, WORKER_BATCH))


def _wanted(flags):
    """
    Gift requests not yet claimed, from the shared counters ``flags``: ``flags[0]``
    halt (written by the master), ``flags[1]`` requests made so far (the master),
    ``flags[2 + i]`` requests claimed so far by worker ``i`` (that worker only).

    Every counter has one writer, so no lock is needed (a lock held by a worker
    killed from outside would block the master for good). Two workers may claim the
    last request at once: the master then gets one gift more, whose cells wait in
    its queue.

    EXAMPLES::

        >>> from tropsage.regions.parallel import _wanted
        >>> _wanted([0, 5, 2, 1]), _wanted([0, 3, 2, 2])
        (2, -1)
    """
    return flags[1] - sum(flags[2:])


def _worker(conn, prep, keep, flags, slot, sync, batch):
    """
    A local worker, number ``slot``: takes a list of cells and refines them. Every
    ``sync`` seconds it sends ``("progress", count)`` (for the bar only); it
    *commits* ``("commit", count, leaves, stats, open cells, gift, final)`` when it
    finishes (``final``), when the master wants cells (``gift``: cells it gives
    away; see :func:`_wanted` for the shared counters ``flags``), when asked to halt
    and every ``SNAPSHOT`` seconds. A commit's results and open cells go together,
    so the master's state is consistent at any time. Ctrl-C is the master's business
    (it sets the halt flag).
    """
    import gc
    import signal
    import traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from tropsage.regions.activation import _Run, _serial
    batch = _worker_batch(prep, batch)
    # what the process inherited is never collected here: freezing it spares the
    # collector's walks over it (and copies of its pages); see quiet_gc
    gc.freeze()
    gc.set_threshold(max(GC_YOUNG, gc.get_threshold()[0]), *gc.get_threshold()[1:])
    while True:
        try:
            cells = conn.recv()
        except (EOFError, OSError):
            return
        if cells is None:
            return
        try:
            run = _Run(cells, [], 0, Counter())
            stack = run.stack
            shown = 0
            last_commit = time.monotonic()
            while True:
                t_end = time.monotonic() + sync

                def pause():
                    return (flags[0] or time.monotonic() >= t_end
                            or (len(stack) > 1 and _wanted(flags) > 0))
                _serial(prep, run, keep, stop=pause, batch=batch)
                gift = []
                if stack and not flags[0] and len(stack) > 1 and _wanted(flags) > 0:
                    flags[2 + slot] += 1        # claimed
                    # every other cell of the shallow (bottom) half of the stack
                    half = (len(stack) + 1) // 2
                    gift = stack[0:half:2]
                    stack[:] = stack[1:half:2] + stack[half:]
                finished = not stack or bool(flags[0])
                if finished or gift or time.monotonic() - last_commit >= SNAPSHOT:
                    conn.send(("commit", run.count, _pack_leaves(run.leaves) if keep else [],
                               dict(run.stats), list(stack), gift, finished))
                    if finished:
                        break
                    run.count, run.leaves, run.stats = 0, [], Counter()
                    shown = 0
                    last_commit = time.monotonic()
                elif run.count > shown:
                    conn.send(("progress", run.count - shown))
                    shown = run.count
        except BaseException as e:      # noqa: B036 -- reported to the master, which raises
            try:
                conn.send(("error", e, traceback.format_exc()))
            except Exception:
                conn.send(("error", RuntimeError(repr(e)), traceback.format_exc()))
            return


class _Slot:
    """
    One local worker process, its pipe, the last committed snapshot of its open cells
    (``None`` when idle), the regions it found since (shown on the bar only) and since
    when it is idle (for the ``workers_idle_ms`` counter).
    """

    __slots__ = ("proc", "conn", "cells", "shown", "idle_since")

    def __init__(self, proc, conn):
        self.proc, self.conn, self.cells, self.shown = proc, conn, None, 0
        self.idle_since = time.monotonic()


class _Meter:
    """
    What the parallel run costs besides the work, added to the run's counters:
    ``workers_idle_ms`` (summed over the processes: time without cells),
    ``workers_wall_ms`` (processes times the run's wall time), ``workers_cpu_ms``
    and ``master_cpu_ms`` (CPU time of the processes and of this one, which includes
    unpickling the results), ``bytes_to_workers`` / ``bytes_from_workers`` (pickled
    messages) and ``gifts`` (hand-overs of cells).
    """

    def __init__(self, workers):
        self.workers = workers
        self.t0, self.cpu0, self.kids0 = time.monotonic(), time.process_time(), _children_cpu()
        self.idle = 0.0
        self.sent = self.received = self.gifts = 0

    def busy(self, s):
        if s.idle_since is not None:
            self.idle += time.monotonic() - s.idle_since
            s.idle_since = None

    def free(self, s):
        if s.idle_since is None:
            s.idle_since = time.monotonic()

    def add_to(self, stats, slots):
        for s in slots:
            self.busy(s)
        ms = lambda t: int(round(1000 * t))     # noqa: E731
        stats.update({"workers_idle_ms": ms(self.idle),
                      "workers_wall_ms": ms(self.workers * (time.monotonic() - self.t0)),
                      "workers_cpu_ms": ms(_children_cpu() - self.kids0),
                      "master_cpu_ms": ms(time.process_time() - self.cpu0),
                      "bytes_to_workers": self.sent, "bytes_from_workers": self.received,
                      "gifts": self.gifts})


def _children_cpu():
    """User + system CPU seconds of the finished (joined) child processes."""
    try:
        import resource
    except ImportError:         # pragma: no cover (not POSIX)
        return 0.0
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _local(prep, run, keep, workers, bar, stop, saver, batch, sync=None):
    import multiprocessing
    import pickle
    import sys
    from multiprocessing.connection import wait
    # fork starts a worker in milliseconds with the network already in memory; where
    # it is unsafe or missing (macOS, Windows) the platform's default start method
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    sync = SYNC if sync is None else sync
    # halt, requests made, requests claimed per worker: see _wanted (no lock)
    flags = ctx.RawArray("q", 2 + workers)
    queue = list(run.stack)
    slots = []
    losses = [0]
    meter = _Meter(workers)
    asked = in_transit = claimed = 0

    def start(slot):
        parent, child = ctx.Pipe()
        p = ctx.Process(target=_worker, args=(child, prep, keep, flags, slot, sync, batch),
                        daemon=True)
        p.start()
        child.close()
        return _Slot(p, parent)

    def sync_stack():
        run.stack = queue + [c for s in slots if s.cells for c in s.cells]

    def replace(s):
        """Slot ``s``'s process died (killed from outside): its last snapshot is still
        open; start a new process in its place."""
        losses[0] += 1
        if losses[0] > MAX_LOSSES:
            raise RuntimeError(f"{losses[0]} local worker processes died; giving up")
        if s.cells:
            queue.extend(s.cells)
        if bar is not None and s.shown:
            bar.update(-s.shown)
        s.conn.close()
        s.proc.join(timeout=1)
        fresh = start(slots.index(s))
        s.proc, s.conn, s.cells, s.shown = fresh.proc, fresh.conn, None, 0
        meter.free(s)

    def receive(s):
        """Handle one message of slot ``s``; returns the number of gifts received."""
        try:
            buf = s.conn.recv_bytes()
        except (EOFError, OSError):
            replace(s)
            return 0
        meter.received += len(buf)
        msg = _loads(buf)
        if msg[0] == "error":
            raise msg[1] from RuntimeError("in a worker process:\n" + msg[2])
        if msg[0] == "progress":
            s.shown += msg[1]
            if bar is not None:
                bar.update(msg[1])
            return 0
        _, count, leaves, stats, cells, gift, final = msg
        _commit(run, keep, count, leaves, stats, None)
        if bar is not None and count != s.shown:
            bar.update(count - s.shown)
        s.shown = 0
        if final:
            queue.extend(cells)     # cells left by a halted worker, which is idle now
            s.cells = None
            meter.free(s)
        else:
            s.cells = cells
        if gift:
            queue.extend(gift)
            meter.gifts += 1
        return 1 if gift else 0

    def step():
        nonlocal asked, in_transit, claimed
        idle = [s for s in slots if s.cells is None]
        if queue and idle:
            parts = _deal(queue, len(idle))
            queue.clear()
            for s, part in zip(idle, parts):
                s.cells = part
                meter.busy(s)
                data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                try:
                    s.conn.send_bytes(data)
                    meter.sent += len(data)
                except OSError:     # died while idle
                    replace(s)
            idle = [s for s in slots if s.cells is None]
        busy = [s for s in slots if s.cells is not None]
        if not busy:
            return None
        # ask busy workers for cells when some worker has nothing to do; gifts claimed
        # since the last step are on their way
        now = sum(flags[2:])
        in_transit += now - claimed
        claimed = now
        if len(idle) == len(slots) or not idle:
            in_transit = 0
        asked = max(0, len(idle) - in_transit) if not queue else 0
        flags[1] = now + asked
        ready = wait([s.conn for s in busy], timeout=0.2)
        for s in busy:
            if s.conn in ready:
                in_transit -= receive(s)
        in_transit = max(0, in_transit)
        if not ready:
            return {}
        return {"open": len(queue) + sum(len(s.cells or ()) for s in slots),
                "workers": len(busy)}

    def cleanup(finished):
        if not finished:
            _halt_local(slots, flags, receive)
        for s in slots:
            if s.proc.is_alive():
                try:
                    s.conn.send(None)
                except (OSError, ValueError):
                    pass
        for s in slots:
            s.proc.join(timeout=2)
            if s.proc.is_alive():
                s.proc.terminate()
                s.proc.join()
            s.conn.close()
        meter.add_to(run.stats, slots)

    with _no_tqdm_monitor():
        try:
            for i in range(workers):
                slots.append(start(i))
        except BaseException:
            cleanup(False)
            sync_stack()
            raise
        return _drive(run, bar, stop, saver, step, sync_stack, cleanup)


class _no_tqdm_monitor:
    """
    Context: no tqdm monitor thread while worker processes are forked.

    tqdm starts a monitor thread with its first bar (even a disabled one); every
    ``monitor_interval`` seconds it takes tqdm's lock and may write to standard
    error, and a fork at that moment would leave both held for good in the child.
    Inside the context the running monitors are stopped and no new one starts
    (``monitor_interval = 0``); on exit the setting comes back, and the next bar
    starts a monitor again. Nothing happens when tqdm was never imported.

    EXAMPLES::

        >>> import threading
        >>> from tqdm import tqdm
        >>> from tropsage.regions.parallel import _no_tqdm_monitor
        >>> tqdm(total=1, disable=True).close()       # starts the monitor
        >>> with _no_tqdm_monitor():
        ...     any(t.name == "tqdm_monitor" for t in threading.enumerate())
        False
        >>> tqdm.monitor_interval
        10
    """

    def __enter__(self):
        import sys
        self.saved = []
        std = sys.modules.get("tqdm.std")
        if std is None:
            return self
        todo = [std.tqdm]
        while todo:
            cls = todo.pop()
            todo.extend(cls.__subclasses__())
            if "monitor_interval" in cls.__dict__:
                self.saved.append((cls, cls.__dict__["monitor_interval"]))
                cls.monitor_interval = 0
            mon = cls.__dict__.get("monitor")
            if mon is not None:
                try:
                    mon.exit()          # wakes it and joins it (it sleeps on an Event)
                except Exception:
                    pass
                cls.monitor = None
        return self

    def __exit__(self, *exc):
        for cls, value in self.saved:
            cls.monitor_interval = value
        return False


def _halt_local(slots, flags, receive):
    """Ask busy workers to report and stop; end those that do not answer in time."""
    from multiprocessing.connection import wait
    flags[0] = 1
    deadline = time.monotonic() + HALT_WAIT
    try:
        while True:
            busy = [s for s in slots if s.cells is not None and s.proc.is_alive()]
            left = deadline - time.monotonic()
            if not busy or left <= 0:
                break
            ready = wait([s.conn for s in busy], timeout=left)
            for s in busy:
                if s.conn in ready:
                    try:
                        receive(s)
                    except Exception:
                        s.proc.terminate()
    except KeyboardInterrupt:
        pass
    for s in slots:
        if s.proc.is_alive() and s.cells is not None:
            s.proc.terminate()      # its last snapshot stays among the open cells


# ---------------------------------------------------------------------------
# Dask

def _as_client(client):
    if isinstance(client, str):
        from distributed import Client
        return Client(client)
    if not hasattr(client, "submit") or not hasattr(client, "scheduler_info"):
        raise TypeError(f"client must be a dask.distributed.Client or a scheduler address, "
                        f"got {type(client).__name__}")
    return client


def _dask_task(prep, cells, keep, budget, batch):
    """A Dask task: refine ``cells`` for about ``budget`` seconds; return the rest."""
    from tropsage.regions.activation import _Run, _serial
    run = _Run(list(cells), [], 0, Counter())
    t_end = time.monotonic() + budget
    _serial(prep, run, keep, stop=lambda: time.monotonic() >= t_end, batch=batch)
    return run.count, _pack_leaves(run.leaves) if keep else [], dict(run.stats), run.stack


def _lost(exc):
    """Whether a task failed because its worker or its data was lost (then retry it)."""
    import asyncio
    import concurrent.futures
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker
    return isinstance(exc, (KilledWorker, FutureCancelledError, asyncio.CancelledError,
                            concurrent.futures.CancelledError, OSError))


def _dask(prep, run, keep, client, bar, stop, saver, batch, budget=None):
    from distributed import wait
    from tropsage.regions.activation import _serial
    budget = DASK_BUDGET if budget is None else budget

    def threads():
        info = client.scheduler_info()
        return sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or 1

    # a few open cells to start from
    if not _serial(prep, run, keep, bar, stop, saver, batch, max_open=threads()):
        return False
    queue = list(run.stack)
    pending = {}              # future -> (cells, losses)

    def submit(cells, losses=0):
        # the network goes with every task: nothing scattered can be lost with a worker
        fut = client.submit(_dask_task, prep, cells, keep, budget, batch, pure=False)
        pending[fut] = (cells, losses)

    def sync_stack():
        run.stack = queue + [c for cells, _ in pending.values() for c in cells]

    def step():
        # a queued task per thread hides the round trip; the cluster may grow
        free = 2 * threads() - len(pending) if queue else 0
        if free > 0:
            for part in _deal(queue, free):
                submit(part)
            queue.clear()
        if not pending:
            return None
        try:
            done = wait(list(pending), timeout=0.2, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            done = ()
        for fut in done:
            cells, losses = pending.pop(fut)
            try:
                count, leaves, stats, rest = fut.result()
            except Exception as e:
                if not _lost(e):
                    raise
                if losses + 1 > MAX_LOSSES:
                    raise RuntimeError(f"a subtree was lost {losses + 1} times with its "
                                       f"Dask worker; giving up") from e
                submit(cells, losses + 1)
                continue
            _commit(run, keep, count, leaves, stats, bar)
            queue.extend(rest)
        return {"open_tasks": len(pending)} if done else {}

    def cleanup(finished):
        if pending:
            client.cancel(list(pending))

    return _drive(run, bar, stop, saver, step, sync_stack, cleanup)
