"""
Checkpoint files of long region enumerations.

A checkpoint holds a fingerprint of the problem (network, domain, mode), the open
cells, the finished regions (or their number) and the counters.

**Format** (no pickle: reading a checkpoint never runs code). One header line of
JSON ``{"format": "tropsage-checkpoint", "version": 2, "sha256": ..., "bytes": ...}``
followed by the payload, a JSON document whose SHA-256 the header records. The
cells and regions are written through their ``__getstate__`` tuples by a small
typed encoder that knows exactly these types: ``None``, ``bool``, ``int`` (as a
decimal or hexadecimal string, so exact at any size), ``str``, ``float`` (as
``float.hex``, exact), ``Fraction``, ``tuple``, ``list`` (of integers, and of rows of
integers, as one string each: most of a checkpoint), ``dict`` with string keys,
numpy arrays (integer, float, bool and object dtypes) and the engine's cell and
region classes. Anything else is refused when writing; anything unexpected when
reading (unknown tag, wrong type, bad checksum, wrong version, another problem's
fingerprint, a count that does not match the stored regions, truncation) raises a
``ValueError`` naming the file.

**Faults.** A save writes a temporary file with a unique name in the same directory,
``fsync``\\ s it and renames it over the checkpoint (``os.replace``), holding an
exclusive ``flock`` on ``<path>.lock``; loads hold a shared lock. So a run killed
at any moment leaves either the previous or the new state, two processes on one
checkpoint never tear each other's file (and an unfinished state never replaces a
finished one of the same problem), and a failed write (a full disk)
removes its temporary file and leaves the previous checkpoint intact; the run goes
on (with a warning) and tries again at the next save. :class:`Checkpoint` checks
that the path is writable when it is made, before any computation starts.

Resuming gives the same final answer as an uninterrupted run: regions are sorted by
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

import hashlib
import json
import math
import os
import re
import tempfile
import time
import warnings
from collections import Counter
from fractions import Fraction
from itertools import chain

import numpy as np

MAGIC = "tropsage-checkpoint"
VERSION = 2

_INT = re.compile(r"-?(0x[0-9a-f]+|0|[1-9][0-9]{0,17})")
_DTYPES = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "bool", "object"}


# ---------------------------------------------------------------------------
# the typed encoder

_CLASSES = None


def _classes():
    global _CLASSES
    if _CLASSES is None:
        from tropsage.regions.activation import _Cell, _Leaf
        _CLASSES = {"cell": _Cell, "leaf": _Leaf}
    return _CLASSES


def _enc_int(v):
    v = int(v)
    # decimal while short, hexadecimal beyond: exact at any size, and int(s, 16) has
    # no digit limit (int(s) of a long decimal string has one)
    return str(v) if -10 ** 18 < v < 10 ** 18 else hex(v)


def _join_ints(seq):
    """Integers as one comma-separated string (decimal, hexadecimal when huge)."""
    try:
        return ",".join(map(str, seq))
    except ValueError:       # beyond the interpreter's decimal digit limit
        return ",".join(map(_enc_int, seq))


_INTS = re.compile(r"-?(?:0x[0-9a-f]+|[0-9]+)(?:,-?(?:0x[0-9a-f]+|[0-9]+))*")
_ROWS = re.compile(r"(?:-?(?:0x[0-9a-f]+|[0-9]+)(?:,-?(?:0x[0-9a-f]+|[0-9]+))*)?"
                   r"(?:;(?:-?(?:0x[0-9a-f]+|[0-9]+)(?:,-?(?:0x[0-9a-f]+|[0-9]+))*)?)*")


def _split_ints(text):
    if not isinstance(text, str) or not (text == "" or _INTS.fullmatch(text)):
        raise ValueError(f"bad integer list {str(text)[:40]!r}")
    if not text:
        return []
    parts = text.split(",")
    if "x" in text:
        return [int(v, 0) if "x" in v else int(v) for v in parts]
    return list(map(int, parts))


def _split_rows(text):
    """Rows of integers from ``"1,2;3,4"`` (one check of the whole text)."""
    if not isinstance(text, str) or not _ROWS.fullmatch(text):
        raise ValueError(f"bad integer rows {str(text)[:40]!r}")
    if "x" in text:
        return [[int(v, 0) if "x" in v else int(v) for v in r.split(",")] if r else []
                for r in text.split(";")]
    return [list(map(int, r.split(","))) if r else [] for r in text.split(";")]


def encode(obj):
    """
    The JSON-ready form of a checkpointed value (see the module doc for the types).

    EXAMPLES::

        >>> from fractions import Fraction
        >>> from tropsage.regions.checkpoint import encode, decode
        >>> e = encode((1, [Fraction(1, 3), None], 0.1, 2 ** 80))
        >>> e
        ['t', [['i', '1'], ['l', [['q', '1', '3'], None]], ['f', '0x1.999999999999ap-4'], ['i', '0x100000000000000000000']]]
        >>> decode(e) == (1, [Fraction(1, 3), None], 0.1, 2 ** 80)
        True
    """
    t = type(obj)
    if t is tuple or t is list:        # fast path: most of a checkpoint
        if obj:
            kinds = set(map(type, obj))
            if kinds == {int}:
                return ["T" if t is tuple else "L", _join_ints(obj)]
            if kinds == {t} and set(map(type, chain.from_iterable(obj))) <= {int}:
                # rows of integers (constraint rows, patterns) as one string
                return ["P" if t is tuple else "R", ";".join(map(_join_ints, obj))]
        return ["t" if t is tuple else "l", [encode(v) for v in obj]]
    if t is int:
        return ["i", _enc_int(obj)]
    for tag, cls in _classes().items():
        if t is cls:
            return ["o", tag, encode(obj.__getstate__())]
    if obj is None:
        return None
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return ["i", _enc_int(obj)]
    if isinstance(obj, (float, np.floating)):
        return ["f", float(obj).hex()]
    if isinstance(obj, Fraction):
        return ["q", _enc_int(obj.numerator), _enc_int(obj.denominator)]
    if isinstance(obj, str):
        return ["s", obj]
    if isinstance(obj, (tuple, list)):
        # the common case (patterns, points, rows) as one string: far fewer JSON nodes
        if obj and all(type(v) is int for v in obj):
            return ["T" if isinstance(obj, tuple) else "L", _join_ints(obj)]
        return ["t" if isinstance(obj, tuple) else "l", [encode(v) for v in obj]]
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            raise TypeError("checkpoint dicts need string keys")
        return ["d", {k: encode(v) for k, v in obj.items()}]
    if isinstance(obj, np.ndarray):
        name = obj.dtype.name
        if name not in _DTYPES:
            raise TypeError(f"cannot checkpoint a numpy array of dtype {name}")
        flat = obj.ravel().tolist()
        if obj.dtype.kind in "iu":
            data = _join_ints(flat)
        elif obj.dtype.kind == "f":
            data = [float(v).hex() for v in flat]
        elif obj.dtype.kind == "b":
            data = [bool(v) for v in flat]
        elif all(type(v) is int for v in flat):
            return ["A", list(obj.shape), _join_ints(flat)]      # object array of ints
        else:
            data = [encode(v) for v in flat]
        return ["a", name, list(obj.shape), data]
    raise TypeError(f"cannot checkpoint a value of type {type(obj).__name__}")


def _int(s):
    if not isinstance(s, str) or not _INT.fullmatch(s):
        raise ValueError(f"bad integer {str(s)[:40]!r}")
    return int(s, 0)


def _shape(shape):
    if not isinstance(shape, list) or len(shape) > 32 or not all(
            isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 2 ** 40 for s in shape):
        raise ValueError("bad array shape")
    return shape


def decode(e):
    """
    The value :func:`encode` wrote; ``ValueError`` for anything else.

    INPUT: ``e`` -- a JSON-ready value (lists, strings, ``None``, booleans), as
    :func:`encode` makes them.

    OUTPUT: the checkpointed value; anything :func:`encode` cannot have written
    (an unknown tag, a malformed integer, a shape that does not match its data, an
    unknown class) raises ``ValueError``.

    EXAMPLES::

        >>> from tropsage.regions.checkpoint import decode, encode
        >>> decode(["R", "1,-2;0x10,3"])               # rows of integers
        [[1, -2], [16, 3]]
        >>> decode(encode(((0, 1), (1,)))) == ((0, 1), (1,))
        True
        >>> decode(["R", "1,2;os.system"])
        Traceback (most recent call last):
        ...
        ValueError: bad integer rows '1,2;os.system'
        >>> decode(["o", "popen", ["t", []]])
        Traceback (most recent call last):
        ...
        ValueError: unknown object kind 'popen'
    """
    if e is None or isinstance(e, bool):
        return e
    if not isinstance(e, list) or not e or not isinstance(e[0], str):
        raise ValueError(f"unexpected entry {str(e)[:60]}")
    tag = e[0]
    if tag == "i" and len(e) == 2:
        return _int(e[1])
    if tag == "f" and len(e) == 2 and isinstance(e[1], str):
        return float.fromhex(e[1])
    if tag == "q" and len(e) == 3:
        den = _int(e[2])
        if den <= 0:
            raise ValueError("bad fraction denominator")
        return Fraction(_int(e[1]), den)
    if tag == "s" and len(e) == 2 and isinstance(e[1], str):
        return e[1]
    if tag in ("t", "l") and len(e) == 2 and isinstance(e[1], list):
        items = [decode(v) for v in e[1]]
        return tuple(items) if tag == "t" else items
    if tag in ("T", "L") and len(e) == 2:
        items = _split_ints(e[1])
        return tuple(items) if tag == "T" else items
    if tag in ("P", "R") and len(e) == 2:
        rows = _split_rows(e[1])
        return tuple(map(tuple, rows)) if tag == "P" else rows
    if tag == "A" and len(e) == 3:
        shape = _shape(e[1])
        vals = _split_ints(e[2])
        if math.prod(shape) != len(vals):
            raise ValueError("array data does not match its shape")
        arr = np.empty(len(vals), dtype=object)
        arr[:] = vals
        return arr.reshape(shape)
    if tag == "d" and len(e) == 2 and isinstance(e[1], dict):
        return {k: decode(v) for k, v in e[1].items()}
    if tag == "a" and len(e) == 4:
        _, name, shape, data = e
        if name not in _DTYPES:
            raise ValueError("bad array entry")
        shape = _shape(shape)
        dt = np.dtype(name)
        if dt.kind in "iu":
            data = _split_ints(data)
        elif not isinstance(data, list):
            raise ValueError("bad array entry")
        size = math.prod(shape)
        if size != len(data):
            raise ValueError("array data does not match its shape")
        if dt.kind in "iu":
            vals = data
        elif dt.kind == "f":
            if not all(isinstance(v, str) for v in data):
                raise ValueError("bad float array")
            vals = [float.fromhex(v) for v in data]
        elif dt.kind == "b":
            if not all(isinstance(v, bool) for v in data):
                raise ValueError("bad bool array")
            vals = data
        else:
            vals = [decode(v) for v in data]
        arr = np.empty(size, dtype=dt)
        if size and dt.kind == "O":
            arr[:] = vals
        elif size:
            try:
                arr[:] = np.array(vals, dtype=object).astype(dt)
            except OverflowError:
                raise ValueError(f"an entry does not fit the array dtype {name}") from None
        return arr.reshape(shape)
    if tag == "o" and len(e) == 3:
        cls = _classes().get(e[1])
        if cls is None:
            raise ValueError(f"unknown object kind {str(e[1])[:40]!r}")
        state = decode(e[2])
        if not isinstance(state, tuple):
            raise ValueError(f"bad state of a {e[1]}")
        obj = cls.__new__(cls)
        try:
            obj.__setstate__(state)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"bad state of a {e[1]} ({exc})") from None
        return obj
    raise ValueError(f"unexpected entry {str(e)[:60]}")


# ---------------------------------------------------------------------------
# the file

class _Lock:
    """An ``flock`` on ``<path>.lock`` (no-op where ``fcntl`` is missing)."""

    def __init__(self, path, exclusive):
        self.path, self.exclusive, self.fh = path + ".lock", exclusive, None

    def __enter__(self):
        try:
            import fcntl
        except ImportError:         # pragma: no cover (not POSIX)
            return self
        self.fh = open(self.path, "a")
        fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH)
        return self

    def __exit__(self, *exc):
        if self.fh is not None:
            import fcntl
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
            self.fh.close()
        return False


class Checkpoint:
    """
    Saves and restores the state of an enumeration at ``path``.

    INPUT:

    - ``path`` -- file name (``str`` or path-like). It is checked here, before any
      computation: its directory must exist and be writable (``ValueError`` if not).
    - ``fingerprint`` -- text identifying the problem; loading a file made for
      another problem raises ``ValueError``.
    - ``every`` -- minimal number of seconds between two periodic saves.
    - ``mode`` -- ``"regions"`` (the regions are kept: the count must equal their
      number) or ``"count"``; recorded and checked on load.

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
        >>> Checkpoint("/nonexistent-dir/run.ckpt", "p")
        Traceback (most recent call last):
        ...
        ValueError: cannot write checkpoint /nonexistent-dir/run.ckpt: directory '/nonexistent-dir' does not exist
    """

    def __init__(self, path, fingerprint, every=30, mode=None):
        self.path = os.fspath(path)
        self.fingerprint = fingerprint
        self.every = float(every)
        self.mode = mode
        self._last = time.monotonic()
        self._check_writable()

    def _check_writable(self):
        path = self.path
        d = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path):
            raise ValueError(f"cannot write checkpoint {path}: it is a directory")
        if not os.path.isdir(d):
            raise ValueError(f"cannot write checkpoint {path}: directory {d!r} does not exist")
        if os.path.exists(path) and not os.access(path, os.R_OK | os.W_OK):
            raise ValueError(f"cannot write checkpoint {path}: permission denied")
        try:
            fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=d)
            os.close(fd)
            os.unlink(tmp)
            open(path + ".lock", "a").close()
        except OSError as exc:
            raise ValueError(f"cannot write checkpoint {path}: {exc.strerror or exc}") from None

    def _bad(self, why):
        return ValueError(f"checkpoint {self.path} is unreadable or corrupt: {why}; remove it "
                          "or choose another path")

    def load(self):
        """
        The saved run state, or ``None`` when there is no file yet.

        OUTPUT: a run state (open cells ``stack``, finished ``leaves``, ``count``,
        ``stats``). A file that is not a checkpoint of this version, was altered or
        truncated, or was written for another problem raises ``ValueError``.

        EXAMPLES::

            >>> import os, tempfile
            >>> from collections import Counter
            >>> from tropsage.regions.activation import _Run
            >>> from tropsage.regions.checkpoint import Checkpoint
            >>> path = os.path.join(tempfile.mkdtemp(), "run.ckpt")
            >>> ck = Checkpoint(path, "p")
            >>> ck.load() is None
            True
            >>> ck.save(_Run([], [], 3, Counter(cuts=2)))
            >>> r = ck.load(); r.count, r.stats, r.stack
            (3, Counter({'cuts': 2}), [])
            >>> with open(path, "r+b") as f:
            ...     _ = f.seek(-2, 2); _ = f.write(b"9}")
            >>> ck.load()
            Traceback (most recent call last):
            ...
            ValueError: checkpoint ... is unreadable or corrupt: checksum mismatch (the file was altered); remove it or choose another path
        """
        if not os.path.exists(self.path):
            return None
        try:
            with _Lock(self.path, False), open(self.path, "rb") as f:
                raw = f.read()
        except OSError as exc:
            raise ValueError(f"cannot read checkpoint {self.path}: {exc.strerror or exc}") from None
        head, sep, payload = raw.partition(b"\n")
        try:
            header = json.loads(head)
        except (ValueError, RecursionError):
            raise ValueError(f"{self.path} is not a tropsage checkpoint") from None
        if not isinstance(header, dict) or header.get("format") != MAGIC:
            raise ValueError(f"{self.path} is not a tropsage checkpoint")
        if header.get("version") != VERSION:
            raise ValueError(f"checkpoint {self.path} has format version {header.get('version')!r}; "
                             f"this tropsage reads version {VERSION}")
        if not sep or header.get("bytes") != len(payload):
            raise self._bad("truncated")
        if header.get("sha256") != hashlib.sha256(payload).hexdigest():
            raise self._bad("checksum mismatch (the file was altered)")
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            raise self._bad("payload is not valid JSON") from None
        if not isinstance(data, dict):
            raise self._bad("payload is not a JSON object")
        if data.get("fingerprint") != self.fingerprint:
            raise ValueError(f"checkpoint {self.path} was written for another network, domain "
                             "or mode; remove it or choose another path")
        from tropsage.regions.parallel import quiet_gc
        try:
            with quiet_gc():        # millions of small objects, no cycles
                stack = decode(data.get("stack"))
                leaves = decode(data.get("leaves"))
                count = decode(data.get("count"))
                stats = decode(data.get("stats"))
        except (ValueError, TypeError, RecursionError, OverflowError) as exc:
            raise self._bad(str(exc)) from None
        classes = _classes()
        if not isinstance(stack, list) or not all(type(c) is classes["cell"] for c in stack):
            raise self._bad("the open cells are not cells")
        if not isinstance(leaves, list) or not all(type(c) is classes["leaf"] for c in leaves):
            raise self._bad("the regions are not regions")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise self._bad("the region count is not a non-negative integer")
        if not isinstance(stats, dict) or not all(isinstance(v, int) for v in stats.values()):
            raise self._bad("the counters are not integers")
        mode = data.get("mode")
        if self.mode is not None and mode != self.mode:
            raise ValueError(f"checkpoint {self.path} was written for another network, domain "
                             "or mode; remove it or choose another path")
        if (mode == "regions" or leaves) and count != len(leaves):
            raise self._bad(f"it counts {count} regions but stores {len(leaves)}")
        if mode == "count" and leaves:
            raise self._bad("a count-only checkpoint stores regions")
        from tropsage.regions.activation import _Run
        return _Run(stack, leaves, count, Counter(stats))

    def _payload(self, run, done):
        data = {"fingerprint": self.fingerprint, "mode": self.mode, "done": bool(done),
                "count": encode(run.count), "stats": encode(dict(run.stats)),
                "stack": encode(list(run.stack)), "leaves": encode(list(run.leaves))}
        payload = json.dumps(data, separators=(",", ":")).encode()
        header = json.dumps({"format": MAGIC, "version": VERSION, "bytes": len(payload),
                             "sha256": hashlib.sha256(payload).hexdigest(),
                             "fingerprint": self.fingerprint, "done": bool(done)}).encode()
        return header + b"\n" + payload

    def save(self, run, done=False):
        """
        Write the state now: atomically, under a unique temporary name and the lock.
        A failed write (``OSError``, e.g. a full disk) removes the temporary file,
        leaves the previous checkpoint as it was and is re-raised.

        INPUT: ``run`` -- the run state; ``done`` -- whether the run finished (an
        unfinished state never replaces a finished one of the same problem).

        EXAMPLES::

            >>> import os, tempfile
            >>> from collections import Counter
            >>> from tropsage.regions.activation import _Run
            >>> from tropsage.regions.checkpoint import Checkpoint
            >>> ck = Checkpoint(os.path.join(tempfile.mkdtemp(), "run.ckpt"), "p")
            >>> ck.save(_Run([], [], 5, Counter()), done=True)
            >>> ck.save(_Run([], [], 2, Counter()))          # not done: the finished one stays
            >>> ck.load().count
            5
        """
        blob = self._payload(run, done)
        d = os.path.dirname(os.path.abspath(self.path))
        with _Lock(self.path, True):
            if not done and self._finished_on_disk():
                # another process finished this problem: keep its answer
                self._last = time.monotonic()
                return
            fd, tmp = tempfile.mkstemp(prefix=os.path.basename(self.path) + ".", suffix=".tmp",
                                       dir=d)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(blob)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        self._last = time.monotonic()

    def _finished_on_disk(self):
        """Whether the file holds a finished run of this problem (header only)."""
        try:
            with open(self.path, "rb") as f:
                header = json.loads(f.readline(4096))
        except (OSError, ValueError, RecursionError):
            return False
        return isinstance(header, dict) and header.get("done") is True and \
            header.get("fingerprint") == self.fingerprint

    def try_save(self, run, done=False):
        """
        :meth:`save`, turning a failed write into a warning (the run goes on).

        OUTPUT: whether the state was written.

        EXAMPLES::

            >>> import os, tempfile, warnings
            >>> from collections import Counter
            >>> from tropsage.regions.activation import _Run
            >>> from tropsage.regions.checkpoint import Checkpoint
            >>> d = tempfile.mkdtemp()
            >>> ck = Checkpoint(os.path.join(d, "run.ckpt"), "p")
            >>> ck.try_save(_Run([], [], 1, Counter()))
            True
            >>> os.rename(d, d + ".gone")                 # the directory disappears
            >>> with warnings.catch_warnings(record=True) as w:
            ...     warnings.simplefilter("always")
            ...     ck.try_save(_Run([], [], 2, Counter())), "could not write" in str(w[0].message)
            (False, True)
        """
        try:
            self.save(run, done)
            return True
        except OSError as exc:
            warnings.warn(f"could not write checkpoint {self.path} ({exc.strerror or exc}); "
                          "the previous checkpoint is kept and the run goes on",
                          RuntimeWarning, stacklevel=2)
            self._last = time.monotonic()
            return False

    def maybe_save(self, run):
        """
        Write the state when ``every`` seconds have passed since the last save.

        EXAMPLES::

            >>> import os, tempfile
            >>> from collections import Counter
            >>> from tropsage.regions.activation import _Run
            >>> from tropsage.regions.checkpoint import Checkpoint
            >>> path = os.path.join(tempfile.mkdtemp(), "run.ckpt")
            >>> Checkpoint(path, "p", every=3600).maybe_save(_Run([], [], 1, Counter()))
            >>> os.path.exists(path)                      # not yet an hour
            False
            >>> Checkpoint(path, "p", every=0).maybe_save(_Run([], [], 1, Counter()))
            >>> os.path.exists(path)
            True
        """
        if time.monotonic() - self._last >= self.every:
            self.try_save(run)
