"""What the upload page needs besides widgets: the size limit, a safe place for the uploaded bytes, and the
importer's proposal as plain tables. No streamlit here; the page shows these with st.dataframe / st.text only,
so nothing from a document is ever rendered as markdown or HTML."""

import hashlib
import re
import tempfile
from pathlib import Path

UPLOAD_LIMIT_MB = 20  # the same number as server.maxUploadSize in .streamlit/config.toml (a test checks)
UPLOAD_DIRECTORY = Path(tempfile.gettempdir()) / "policy-uploads"
UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w.\-\u3400-\u9fff]+")
MAX_NAME_CHARACTERS = 80


def too_large(size: int) -> bool:
    return size > UPLOAD_LIMIT_MB * 1024 * 1024


def safe_file_name(name: str) -> str:
    """The uploaded name reduced to letters, digits, Chinese, . - _ (no folders, no leading dot): it becomes a
    file in data/raw/."""
    stem, _, suffix = Path(name or "").name.rpartition(".")
    stem, suffix = (stem, suffix) if stem else (suffix, "")
    stem = UNSAFE_NAME_CHARACTERS.sub("_", stem).strip("._")[:MAX_NAME_CHARACTERS] or "upload"
    suffix = UNSAFE_NAME_CHARACTERS.sub("", suffix).lower()[:8]
    return f"{stem}.{suffix}" if suffix else stem


def stored_upload(data: bytes, name: str) -> Path:
    """The bytes written (never run) to a temporary folder named by their hash, under a safe file name."""
    folder = UPLOAD_DIRECTORY / hashlib.sha256(data).hexdigest()[:20]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_file_name(name)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path
