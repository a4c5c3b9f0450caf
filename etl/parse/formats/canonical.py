"""Canonical lines, shared by every reader: paragraphs one a line, tables one cell a line.

A table row is written as its cells, each opening with a TAB (`"\\t" + first line`; further lines of the same
cell follow without a TAB), then one blank line. Every row has the full grid width:
- a cell covered by a horizontal merge (colspan, gridSpan) is an empty `"\\t"` filler, source `merged: left`;
- a cell covered by a vertical merge (rowspan, vMerge) carries the text of the cell above, source `merged: up`,
  so each row reads on its own (who is responsible for row 7 is in row 7);
- a row that is one cell spanning the whole width (a section heading such as 一、重点任务) is that text on one
  line plus fillers, every cell's source saying `spans_row`;
- rows before the table's first row of two or more cells (a title such as 2025年任务清单 merged across the
  sheet) are paragraphs; empty rows and columns are left out.
No TAB ever stays inside cell text (the table parser splits on TABs) and no continuation line is blank (a blank
line ends a row). Sources number paragraphs, tables, rows and cells from 1.
"""

import re
from dataclasses import dataclass, field

from etl.parse.formats.document import ReadDocument
from etl.parse.records import ParseWarning

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CJK_EDGE = re.compile(r"[\u2e80-\uffff]")


def clean_text(text: str) -> str:
    """One line as shown: TABs become spaces, control characters go, ends are stripped."""
    return CONTROL_CHARACTERS.sub("", text.replace("\t", " ")).strip()


def text_lines(text: str) -> list[str]:
    """A multi-line text (a cell, a paragraph with soft line breaks) as its non-empty cleaned lines."""
    return [line for line in (clean_text(piece) for piece in re.split(r"\r\n|\r|\n", text)) if line]


def join_wrapped(pieces: list[str]) -> str:
    """Visual lines of one text joined back: no space where Chinese meets, one space between Latin words."""
    joined = ""
    for piece in pieces:
        if joined and not (CJK_EDGE.match(joined[-1]) or CJK_EDGE.match(piece[0])):
            joined += " "
        joined += piece
    return joined


@dataclass
class Cell:
    """A grid slot: its lines of text, and whether a merged cell to its left or above covers it."""

    lines: list[str] = field(default_factory=list)
    merge: str | None = None  # None | "left" | "up"
    column: int | None = None  # the column as the file numbers it (1-based), when it differs from the slot

    @classmethod
    def of(cls, text: str, merge: str | None = None) -> "Cell":
        return cls(text_lines(text) if text else [], merge)


@dataclass
class Row:
    cells: list[Cell]
    number: int  # the row as the file numbers it (1-based: a table row, a sheet row)
    origin: dict = field(default_factory=dict)  # where this row sits when a table spans pages: {"page": 4}


def carry_down(rows: list[Row]) -> None:
    """A cell covered from above takes the text of the nearest uncovered cell above it."""
    for index, row in enumerate(rows):
        for column, cell in enumerate(row.cells):
            if cell.merge == "up" and index > 0:
                above = rows[index - 1].cells[column] if column < len(rows[index - 1].cells) else Cell()
                cell.lines = list(above.lines) if above.merge != "left" else []


def own_text(cell: Cell) -> bool:
    return cell.merge is None and bool(cell.lines)


def spans_row(row: Row) -> bool:
    return len(row.cells) > 1 and own_text(row.cells[0]) and all(c.merge == "left" for c in row.cells[1:])


def trim(rows: list[Row]) -> list[Row]:
    """Rows padded to the full width, without empty rows and without columns that are empty in every row."""
    width = max((len(row.cells) for row in rows), default=0)
    for row in rows:
        row.cells += [Cell() for _ in range(width - len(row.cells))]
        for number, cell in enumerate(row.cells, start=1):
            cell.column = cell.column or number
    keep = [c for c in range(width) if any(row.cells[c].lines for row in rows)]
    trimmed = [Row([row.cells[c] for c in keep], row.number, row.origin) for row in rows]
    return [row for row in trimmed if any(own_text(cell) for cell in row.cells)]


class LinesBuilder:
    """Collects canonical lines and their sources; .document(format) returns the ReadDocument."""

    def __init__(self):
        self.lines: list[str] = []
        self.sources: list[dict] = []
        self.warnings: list[ParseWarning] = []
        self.tables = 0

    def add(self, text: str, source: dict) -> None:
        self.lines.append(text)
        self.sources.append(source)

    def paragraph(self, text: str, source: dict) -> None:
        """One paragraph; a soft line break inside it starts another line with the same source."""
        for line in text_lines(text):
            self.add(line, dict(source))

    def warn(self, code: str, message: str, line: int | None | str = "next") -> None:
        """A warning about what could not be read (etl_warnings stage `read`), tied to the next line written
        (or the end), or to the given line (None: the document as a whole)."""
        self.warnings.append(ParseWarning(len(self.lines) + 1 if line == "next" else line, message, code, "read"))

    def table(self, rows: list[Row], origin: dict | None = None) -> None:
        """A table as canonical lines; origin (e.g. {"page": 3}) goes into every source."""
        carry_down(rows)
        rows = trim(rows)
        if not rows:
            return
        self.tables += 1
        base = dict(origin or {}, table=self.tables)
        first_wide = next((i for i, row in enumerate(rows) if sum(own_text(c) for c in row.cells) > 1), len(rows))
        for row in rows[:first_wide]:  # title rows above the table proper
            cell = next(c for c in row.cells if own_text(c))
            self.add(join_wrapped(cell.lines), dict(base, **row.origin, row=row.number, title=True))
        for row in rows[first_wide:]:
            self.table_row(row, base)

    def table_row(self, row: Row, base: dict) -> None:
        section = spans_row(row)
        base = dict(base, **row.origin)
        for cell in row.cells:
            source = dict(base, row=row.number, cell=cell.column)
            if cell.merge:
                source["merged"] = cell.merge
            if section:
                source["spans_row"] = True
            lines = [join_wrapped(cell.lines)] if section and cell.lines else cell.lines
            self.add("\t" + (lines[0] if lines else ""), source)
            for number, line in enumerate(lines[1:], start=2):
                self.add(line, dict(source, cell_line=number))
        self.add("", dict(base, row=row.number, end_of_row=True))

    def document(self, format_name: str, encoding: str | None = None) -> ReadDocument:
        for warning in self.warnings:  # a warning after the last line belongs to the document as a whole
            warning.line = warning.line if warning.line and warning.line <= len(self.lines) else None
        return ReadDocument(self.lines, format_name, encoding, self.sources, self.warnings)
