"""Source passages: the raw lines behind a task, read from the copied document, for the reader to check."""

from pathlib import Path

from analysis.database import PROJECT_ROOT
from etl.parse.formats import text


def source_lines(source_path: str, line_start: int, line_end: int) -> str:
    """Lines line_start..line_end of the raw file as plain text (TABs shown as ' | ' so cells stay visible)."""
    path = Path(source_path)
    path = path if path.is_absolute() else PROJECT_ROOT / path
    lines = text.read(path.read_bytes(), path).lines  # decoded as the ETL did: GBK, UTF-16 … give the same lines
    chosen = lines[max(line_start - 1, 0):line_end]
    return "\n".join(f"{number:>4}  {line.replace(chr(9), ' | ')}"
                     for number, line in enumerate(chosen, start=line_start))
