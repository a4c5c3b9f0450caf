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


def database_identity(path: Path | None = None) -> str | None:
    """inode-mtime-size of the file, or None when there is no database yet."""
    try:
        status = (path or database_path()).stat()
    except FileNotFoundError:
        return None
    return f"{status.st_ino}-{status.st_mtime_ns}-{status.st_size}"


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


def open_snapshot(path: Path | None = None, attempts: int = 5) -> DatabaseSnapshot:
    """Attach the current file; if it was replaced while attaching, try again so identity and data agree."""
    path = path or database_path()
    for _ in range(attempts):
        before = database_identity(path)
        if before is None:
            raise FileNotFoundError(path)
        connection = duckdb.connect(":memory:")
        connection.execute(f"ATTACH ? AS {ATTACHED_NAME} (READ_ONLY)", [str(path)])
        if database_identity(path) == before:
            return DatabaseSnapshot(path, before, connection)
        connection.close()
    raise RuntimeError(f"{path} kept changing while it was opened")
