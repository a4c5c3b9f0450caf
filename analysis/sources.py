"""Source passages: the lines behind a task for the reader to check, from table document_lines (the canonical
lines the ETL stored) or read again from the copied document."""

from pathlib import Path

from analysis.database import PROJECT_ROOT


def numbered_line(line: int, text: str) -> str:
    """One canonical line as source_lines shows it: its number, then the text (TABs as ' | ')."""
    return f"{int(line):>4}  {text.replace(chr(9), ' | ')}"


def numbered_lines(lines) -> str:
    """Rows of queries.document_line_range (line, text) as source_lines shows them."""
    return "\n".join(numbered_line(line, text) for line, text in zip(lines["line"], lines["text"], strict=True))


def source_lines(source_path: str, line_start: int, line_end: int) -> str:
    """Lines line_start..line_end of the raw file as plain text (TABs shown as ' | ' so cells stay visible)."""
    from etl.parse.formats import text  # the readers and their libraries only when a file is read again

    path = Path(source_path)
    path = path if path.is_absolute() else PROJECT_ROOT / path
    lines = text.read(path.read_bytes(), path).lines  # decoded as the ETL did: GBK, UTF-16 … give the same lines
    chosen = lines[max(line_start - 1, 0):line_end]
    return "\n".join(f"{number:>4}  {line.replace(chr(9), ' | ')}"
                     for number, line in enumerate(chosen, start=line_start))
