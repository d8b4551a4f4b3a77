"""Kernel file locks (``flock``): they exclude other processes and threads, and are released
when their holder dies, kill -9 included."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def flock(path: Path, *, exclusive: bool, wait: bool = True) -> Iterator[bool]:
    """Lock ``path`` against other processes and threads; yields False if ``wait`` is off and
    the lock is taken. Each call opens the file anew, so two threads exclude each other too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:  # closing it releases the lock
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(handle, mode if wait else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
