"""Where the database lives, building it on first start, and opening it read-only."""

import os
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def database_path() -> Path:
    """POLICY_DB from the environment, else data/policy.duckdb; relative paths are taken from the project."""
    path = Path(os.environ.get("POLICY_DB", "data/policy.duckdb"))
    return path if path.is_absolute() else PROJECT_ROOT / path


def ensure_database(path: Path | None = None) -> bool:
    """Build the database if it is missing; returns True when a build ran."""
    path = path or database_path()
    if path.exists():
        return False
    from etl.build import build

    build(path, progress=lambda message: None)
    return True


def database_version(path: Path | None = None) -> float:
    """Modification time of the file: part of every cache key, so a rebuilt database is never served stale."""
    path = path or database_path()
    return path.stat().st_mtime if path.exists() else 0.0


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path or database_path()), read_only=True)
