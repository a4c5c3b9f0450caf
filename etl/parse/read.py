"""Read any supported file into canonical lines: sniff its format, then hand its bytes to that format's reader
(etl/parse/formats/). The file is read once, bounded by the size limit, and its SHA-256 kept."""

import hashlib
from pathlib import Path

from etl.parse.formats import READERS, ReadDocument
from etl.raw_files import DEFAULT_MAX_FILE_MB, MEGABYTE, read_bounded


def sniff_format(data: bytes, path) -> str:
    """The reader to use for these bytes (only plain text so far)."""
    return "text"


def read_document(path, max_bytes: int = DEFAULT_MAX_FILE_MB * MEGABYTE, format: str | None = None) -> ReadDocument:
    """The document's canonical lines; `format` (from the manifest) overrides sniffing."""
    path = Path(path)
    data = read_bounded(path, max_bytes)
    document = READERS[format or sniff_format(data, path)](data, path)
    document.sha256 = hashlib.sha256(data).hexdigest()
    return document


def read_source(path) -> list[str]:
    """The canonical lines of a file (1-based line n is element n-1)."""
    return read_document(path).lines
