"""One build at a time per database file, and no leftovers from a build that was killed.

The lock is an advisory fcntl lock on the database's folder (a directory can be locked on Linux, and no lock
file is left behind); the kernel drops it when the process dies, so a killed build never blocks the next one.
Builds of two databases in the same folder therefore take turns too. Temporary files of earlier builds are removed once the lock is held
(no other build can be writing them then).
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"


def temporary_prefix(database: Path) -> str:
    return database.name + TEMPORARY_SUFFIX


def remove_leftovers(database: Path) -> list[Path]:
    """Delete `<database>.tmp*` files (and their WAL) left by an interrupted build; returns what was removed."""
    removed = []
    if not database.parent.exists():
        return removed
    for leftover in database.parent.glob(temporary_prefix(database) + "*"):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


@contextmanager
def build_lock(database, on_wait=None, poll_seconds: float = 0.5):
    """Hold the build lock of `database`'s folder; while another build holds it, call on_wait(message) once and wait."""
    database = Path(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(database.parent, os.O_RDONLY)
    try:
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait and not told:
                    on_wait(f"another build of {database} is running; waiting for it to finish")
                    told = True
                time.sleep(poll_seconds)
        remove_leftovers(database)
        yield
    finally:
        os.close(handle)
