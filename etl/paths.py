"""Where the project's data lives: one place for every path the ETL and the dashboard share."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIRECTORY = PROJECT_ROOT / "data"
RAW_DIRECTORY = DATA_DIRECTORY / "raw"
DEFAULT_DB = DATA_DIRECTORY / "policy.duckdb"
DEFAULT_MANIFEST = DATA_DIRECTORY / "sources.yaml"


def from_environment(variable: str, default: Path) -> Path:
    """A path from the environment (relative paths are taken from the project), else the default."""
    value = os.environ.get(variable)
    if not value:
        return default
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def manifest_path() -> Path:
    """The sources manifest the dashboard builds from and the upload page appends to: POLICY_MANIFEST, else
    data/sources.yaml (tests point it at a temporary copy)."""
    return from_environment("POLICY_MANIFEST", DEFAULT_MANIFEST)


def raw_directory() -> Path:
    """Where the documents of that manifest live: POLICY_RAW_DIR, else data/raw/."""
    return from_environment("POLICY_RAW_DIR", RAW_DIRECTORY)
