"""Read any supported file into canonical lines: sniff its format, then hand its bytes to that format's reader
(etl/parse/formats/)."""

from pathlib import Path

from etl.errors import SourceError
from etl.parse.formats import READERS, ReadDocument


def sniff_format(data: bytes, path) -> str:
    """The reader to use for these bytes (only plain text so far)."""
    return "text"


def read_document(path) -> ReadDocument:
    path = Path(path)
    if not path.exists():
        raise SourceError(path, "file not found")
    data = path.read_bytes()
    return READERS[sniff_format(data, path)](data, path)


def read_source(path) -> list[str]:
    """The canonical lines of a file (1-based line n is element n-1)."""
    return read_document(path).lines
