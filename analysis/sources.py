"""Source passages: the lines behind a task for the reader to check, from table document_lines (the canonical
lines the ETL stored)."""


def numbered_line(line: int, text: str) -> str:
    """One canonical line as the pages show it: its number, then the text (TABs as ' | ')."""
    return f"{int(line):>4}  {text.replace(chr(9), ' | ')}"


def numbered_lines(lines) -> str:
    """Rows of queries.document_line_range (line, text), one numbered_line each."""
    return "\n".join(numbered_line(line, text) for line, text in zip(lines["line"], lines["text"], strict=True))
