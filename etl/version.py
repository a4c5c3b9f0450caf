"""What built a database: the project's version and a fingerprint of the code and rule files that decide how
documents are read. Stored in the table build_info; the comparison with the previous build and the cache of
per-document results use the fingerprint to tell "the document changed" from "the reading changed"."""

import hashlib
import tomllib
from datetime import datetime, timezone
from functools import lru_cache

import pandas as pd

from etl.paths import DATA_DIRECTORY, PROJECT_ROOT

# Rule files that change how a document is read or what is derived from it (the manifest and raw files are
# compared per document instead).
RULE_FILES = ("*.yaml", "*.tsv", "*.txt", "stopwords/*.txt", "coding/*")
MANIFEST_NAME = "sources.yaml"


def project_version() -> str:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 over the ETL's source files and the rule files under data/ (not the manifest, not data/raw)."""
    digest = hashlib.sha256()
    paths = sorted((PROJECT_ROOT / "etl").rglob("*.py"))
    for pattern in RULE_FILES:
        paths += sorted(path for path in DATA_DIRECTORY.glob(pattern) if path.name != MANIFEST_NAME)
    for path in paths:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_info_table() -> pd.DataFrame:
    """One row: version, fingerprint and time of this build (UTC)."""
    return pd.DataFrame([{"project_version": project_version(), "code_fingerprint": code_fingerprint(),
                          "built_at": datetime.now(timezone.utc).replace(microsecond=0)}])
