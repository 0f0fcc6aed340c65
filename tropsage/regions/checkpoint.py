"""
Checkpoint files of long region enumerations.

A checkpoint holds a fingerprint of the problem (network, domain, mode), the open
cells, the finished regions (or their number) and the counters. It is written
atomically (a temporary file renamed over the old one), so a run killed at any
moment leaves either the previous or the new state, never a torn file. Resuming
gives the same final answer as an uninterrupted run: regions are sorted by
activation pattern at the end, so the order in which cells were refined does not
matter.

EXAMPLES::

    >>> import os, tempfile
    >>> from tropsage.regions.activation import count_activation_regions
    >>> path = os.path.join(tempfile.mkdtemp(), "run.ckpt")
    >>> net = [([[1, 0], [0, 1], [1, 1]], [0, 0, -1]), ([[1, 1, 1]], [0])]
    >>> count_activation_regions(net, checkpoint=path), os.path.exists(path)
    (7, True)
    >>> count_activation_regions(net, checkpoint=path)     # finished: read back
    7
"""

import os
import pickle
import time

FORMAT = 1


class Checkpoint:
    """
    Saves and restores the state of an enumeration at ``path``.

    INPUT:

    - ``path`` -- file name (``str`` or path-like).
    - ``fingerprint`` -- text identifying the problem; loading a file made for
      another problem raises ``ValueError``.
    - ``every`` -- minimal number of seconds between two periodic saves.

    EXAMPLES::

        >>> import os, tempfile
        >>> from collections import Counter
        >>> from tropsage.regions.activation import _Run
        >>> from tropsage.regions.checkpoint import Checkpoint
        >>> path = os.path.join(tempfile.mkdtemp(), "run.ckpt")
        >>> ck = Checkpoint(path, "my problem")
        >>> ck.load() is None
        True
        >>> ck.save(_Run([], [], 7, Counter()), done=True)
        >>> ck.load().count
        7
        >>> Checkpoint(path, "another problem").load()
        Traceback (most recent call last):
        ...
        ValueError: checkpoint ... was written for another network, domain or mode; remove it or choose another path
    """

    def __init__(self, path, fingerprint, every=30):
        self.path = os.fspath(path)
        self.fingerprint = fingerprint
        self.every = float(every)
        self._last = time.monotonic()

    def load(self):
        """The saved run state, or ``None`` when there is no file yet."""
        if not os.path.exists(self.path):
            return None
        with open(self.path, "rb") as f:
            data = pickle.load(f)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{self.path} is not a tropsage checkpoint")
        if data["fingerprint"] != self.fingerprint:
            raise ValueError(f"checkpoint {self.path} was written for another network, domain "
                             "or mode; remove it or choose another path")
        from tropsage.regions.activation import _Run
        from collections import Counter
        return _Run(data["stack"], data["leaves"], data["count"], Counter(data["stats"]))

    def save(self, run, done=False):
        """Write the state now (atomically)."""
        data = {"format": FORMAT, "fingerprint": self.fingerprint, "stack": run.stack,
                "leaves": run.leaves, "count": run.count, "stats": dict(run.stats), "done": done}
        tmp = self.path + ".tmp"
        with open(tmp, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        self._last = time.monotonic()

    def maybe_save(self, run):
        """Write the state when ``every`` seconds have passed since the last save."""
        if time.monotonic() - self._last >= self.every:
            self.save(run)
