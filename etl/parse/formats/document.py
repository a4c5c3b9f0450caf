"""The canonical shape every format reader returns."""

from dataclasses import dataclass, field


@dataclass
class ReadDocument:
    """lines[i] is canonical line i+1; sources[i] says where it came from ({} for plain text: the line itself).
    format is the reader's name; encoding is set for text formats; warnings (etl.parse.records.ParseWarning)
    name what the reader could not read (a page without text, a hidden sheet), so nothing is lost silently;
    sha256 is the raw bytes' hash (set by etl/parse/read.py)."""

    lines: list[str]
    format: str
    encoding: str | None = None
    sources: list[dict] = field(default_factory=list)
    warnings: list = field(default_factory=list)
    sha256: str | None = None
