"""Where the database lives and how the dashboard reads it: one read-only snapshot per file version.

The ETL replaces the file atomically (os.replace). DuckDB keeps one database instance per path in a process,
so `duckdb.connect(path)` would keep serving the first version it opened. Instead each version is ATTACHed
read-only to a fresh in-memory connection and identified by the file's identity (inode, modification time,
size): a page run takes the identity once at its start and reads that snapshot only, and a rebuilt file is
seen from the next run on.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.paths import PROJECT_ROOT

ATTACHED_NAME = "policy"


def database_path() -> Path:
    """POLICY_DB from the environment, else data/policy.duckdb; relative paths are taken from the project."""
    path = Path(os.environ.get("POLICY_DB", "data/policy.duckdb"))
    return path if path.is_absolute() else PROJECT_ROOT / path


def identity_of(status: os.stat_result) -> str:
    return f"{status.st_ino}-{status.st_mtime_ns}-{status.st_size}"


def database_identity(path: Path | None = None) -> str | None:
    """inode-mtime-size of the file, or None when there is no database yet."""
    try:
        return identity_of((path or database_path()).stat())
    except FileNotFoundError:
        return None


class VersionGone(Exception):
    """The database version a run pinned has been replaced and is no longer open anywhere."""


@dataclass(eq=False)
class DatabaseSnapshot:
    """One version of the database file, attached read-only; cursor() gives a thread's own cursor."""

    path: Path
    identity: str
    connection: duckdb.DuckDBPyConnection
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self.lock:
            cursor = self.connection.cursor()
        cursor.execute(f"USE {ATTACHED_NAME}")
        return cursor

    def close(self) -> None:
        self.connection.close()


def open_snapshot(path: Path | None = None, identity: str | None = None) -> DatabaseSnapshot:
    """Attach exactly the file version we hold open: the file is opened first and attached through
    /proc/self/fd, so a replacement between looking and attaching cannot slip in. With `identity`, refuse
    (VersionGone) when the file is no longer that version."""
    path = path or database_path()
    handle = os.open(path, os.O_RDONLY)
    try:
        found = identity_of(os.fstat(handle))
        if identity is not None and found != identity:
            raise VersionGone(f"{path} is no longer version {identity}")
        connection = duckdb.connect(":memory:")
        connection.execute(f"ATTACH ? AS {ATTACHED_NAME} (READ_ONLY)", [f"/proc/self/fd/{handle}"])
    finally:
        os.close(handle)
    return DatabaseSnapshot(path, found, connection)
