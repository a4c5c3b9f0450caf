"""Where the project's data lives: one place for every path the ETL and the dashboard share."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIRECTORY = PROJECT_ROOT / "data"
RAW_DIRECTORY = DATA_DIRECTORY / "raw"
DEFAULT_DB = DATA_DIRECTORY / "policy.duckdb"
DEFAULT_MANIFEST = DATA_DIRECTORY / "sources.yaml"
