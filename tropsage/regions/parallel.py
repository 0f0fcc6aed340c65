"""
Parallel region enumeration over independent subtrees.

The refinement of the input space is a tree: once a cell is open, everything below it
depends on that cell alone. :func:`parallel_enumerate` refines serially until there are
enough open cells, deals them out as tasks to local processes (``n_jobs``) or to a
Dask cluster (``client``), and collects the finished regions. Regions are sorted by
activation pattern afterwards, so the answer and its order do not depend on the
executor, the number of workers or the order in which tasks finish.

Ctrl-C (or the caller's stop flag) cancels the tasks still running; the finished
tasks' regions are kept and the unfinished tasks' root cells go back to the open
cells, so a checkpoint written then resumes correctly.

EXAMPLES::

    >>> from tropsage.nn import random_network
    >>> from tropsage.regions.activation import count_activation_regions
    >>> net = random_network([2, 6, 6, 1], seed=3)
    >>> count_activation_regions(net, n_jobs=2) == count_activation_regions(net)
    True
"""

import os


def _workers(n_jobs):
    cores = os.cpu_count() or 1
    if n_jobs is None:
        return 1
    n_jobs = int(n_jobs)
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive number of processes or negative (-1: all cores)")
    return n_jobs


def _split(stack, ntasks):
    """Deal the open cells round-robin into ``ntasks`` lists (balances deep and shallow cells)."""
    cells = list(reversed(stack))         # the order in which the serial run would pop them
    tasks = [cells[i::ntasks] for i in range(ntasks)]
    return [t for t in tasks if t]


def parallel_enumerate(prep, run, keep, n_jobs, client, bar=None, stop=None, saver=None,
                       batch=64, tasks_per_worker=4):
    """
    Finish ``run`` (see :mod:`tropsage.regions.activation`) in parallel.

    Returns ``True`` when everything was enumerated, ``False`` when stopped early
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
        >>> parallel_enumerate(prep, run, False, 2, None), run.count     # all of R^2, 2 processes
        (True, 7)
    """
    from tropsage.regions.activation import _serial
    if client is not None:
        client = _as_client(client)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
    else:
        workers = _workers(n_jobs)
    want = workers * tasks_per_worker
    # refine serially until there are enough independent subtrees
    if not _serial(prep, run, keep, bar, stop, saver, batch, max_open=want):
        return False
    if not run.stack:
        return True
    tasks = _split(run.stack, min(want, len(run.stack)))
    if client is not None:
        return _dask(prep, run, keep, tasks, client, bar, stop, saver)
    return _local(prep, run, keep, tasks, workers, bar, stop, saver)


def _collect(run, keep, result, bar):
    leaves, count, stats = result
    if keep:
        run.leaves.extend(leaves)
    run.count += count
    run.stats.update(stats)
    if bar is not None:
        bar.update(count)


def _open_cells(pending):
    cells = [c for roots in pending.values() for c in roots]
    return list(reversed(cells))


def _drive(run, keep, pending, wait_done, cancel, bar, stop, saver):
    """
    Collect finished subtrees from any executor until all are done, ``stop()`` asks
    to stop or Ctrl-C; open subtrees stay in ``run.stack`` so nothing is lost.
    Returns True when every subtree finished.
    """
    finished = True
    try:
        run.stack = _open_cells(pending)
        while pending:
            done = wait_done(list(pending))
            for fut in done:
                _collect(run, keep, fut.result(), bar)
                del pending[fut]
            run.stack = _open_cells(pending)
            if bar is not None:
                bar.set_postfix(open_subtrees=len(pending), refresh=False)
            if saver is not None and done:
                saver(run)
            if stop is not None and stop():
                finished = False
                break
    except KeyboardInterrupt:
        finished = False
    finally:
        run.stack = _open_cells(pending)
        if pending:
            cancel(pending)
    return finished and not pending


def _local(prep, run, keep, tasks, workers, bar, stop, saver):
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from tropsage.regions.activation import _run_subtrees
    ctx = multiprocessing.get_context("fork")
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def wait_done(futs):
        return wait(futs, timeout=0.2, return_when=FIRST_COMPLETED)[0]

    def cancel(pending):
        for fut in pending:
            fut.cancel()
        # end the worker processes this call started (they may be mid-task)
        for p in list(getattr(ex, "_processes", {}).values()):
            p.terminate()

    try:
        pending = {ex.submit(_run_subtrees, prep, roots, keep): roots for roots in tasks}
        return _drive(run, keep, pending, wait_done, cancel, bar, stop, saver)
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def _as_client(client):
    if isinstance(client, str):
        from distributed import Client
        return Client(client)
    if not hasattr(client, "submit") or not hasattr(client, "scheduler_info"):
        raise TypeError(f"client must be a dask.distributed.Client or a scheduler address, "
                        f"got {type(client).__name__}")
    return client


def _dask(prep, run, keep, tasks, client, bar, stop, saver):
    from distributed import wait
    from tropsage.regions.activation import _run_subtrees
    shared = client.scatter(prep, broadcast=True)

    def wait_done(futs):
        try:
            return wait(futs, timeout=0.2, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            return set()

    pending = {client.submit(_run_subtrees, shared, roots, keep, pure=False): roots
               for roots in tasks}
    return _drive(run, keep, pending, wait_done, lambda p: client.cancel(list(p)),
                  bar, stop, saver)
