"""Layout `tab_table`: a Word table exported as text, one cell per TAB-led line, N columns from the manifest.

A line that starts with a TAB opens a cell; lines without one continue the cell above (blank lines too); an
empty cell is a lone TAB. A row is exactly N cells and opens with its number. An empty merged cell (主要任务)
means "same as the row above". A row with the wrong number of cells is an error, since every later column
would shift silently. Text after the last row (a note, 抄送…) would read as the last cell's continuation: when
it follows a blank line and either reads as prose or that column never continues after a blank line, it is
left out with a warning.
"""

import re

from etl.errors import SourceError
from etl.parse.clean import TextBuilder, clean_line, ends_sentence
from etl.parse.records import ParsedTask, ParseResult, ParseWarning

ROW_NUMBER = re.compile(r"^\d{1,4}$")
TEXT_FIELDS = ("content", "local_measures", "local_target")
ROLE_FIELDS = ("lead", "support", "implementer")
COLUMN_FIELDS = ("seq", "group_title", *TEXT_FIELDS, *ROLE_FIELDS, "deadline", "ignore")  # the manifest's choices


def read_cells(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Each cell as its (line number, cleaned text) lines; blank continuation lines are kept as ''."""
    cells: list[list[tuple[int, str]]] = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            for piece in line.split("\t")[1:]:
                cells.append([(number, clean_line(piece))])
        elif cells:
            cells[-1].append((number, clean_line(line)))
    return cells


def cell_text(cell) -> str:
    return "".join(text for _, text in cell)


def find_header(cells, columns, path) -> int:
    """Index of the first header cell (the first column's name, e.g. 序号)."""
    first_name = clean_line(columns[0]["name"])
    for index, cell in enumerate(cells):
        if cell_text(cell) == first_name:
            return index
    raise SourceError(path, f"no table header starting with {first_name!r} found: is the layout "
                            f"'tab_table' right for this file, and does the manifest name its first column?")


def check_header(cells, columns, warnings) -> None:
    for cell, column in zip(cells, columns, strict=False):
        if cell_text(cell) != clean_line(column["name"]).replace(" ", ""):
            warnings.append(ParseWarning(cell[0][0], f"header {cell_text(cell)!r} where the manifest expects "
                                                     f"{column['name']!r}"))


def split_rows(cells, width, path) -> list[list]:
    """Group cells into rows of exactly `width`, each opening with its row number."""
    rows = []
    for start in range(0, len(cells), width):
        row = cells[start:start + width]
        line = row[0][0][0]
        if not ROW_NUMBER.match(cell_text(row[0])):
            raise SourceError(path, f"expected a row number in the first column, found {cell_text(row[0])[:20]!r}"
                                    f" (a row before it has a missing or extra cell)", line)
        if len(row) < width:
            raise SourceError(path, f"row {cell_text(row[0])} has {len(row)} of {width} cells: the table is "
                                    f"truncated", line)
        rows.append(row)
    return rows


WRAPPED_LINE_MIN_CHARS = 12
PROSE_MARK = re.compile(r"[。；：:！？]")


def text_after_blank(cell) -> int | None:
    """Index of the first continuation line that follows a blank continuation line (None: there is none)."""
    for index in range(2, len(cell)):
        if cell[index][1] and not cell[index - 1][1]:
            return index
    return None


def cut_text_after_table(rows, warnings) -> None:
    """Drop text after the last row from its last cell, with a warning, when it cannot be part of the cell."""
    last_cell = rows[-1][-1]
    start = text_after_blank(last_cell)
    if start is None:
        return
    block = [text for _, text in last_cell[start:] if text]
    column_continues = any(text_after_blank(row[-1]) is not None for row in rows[:-1])
    if column_continues and not any(PROSE_MARK.search(text) for text in block):
        return
    warnings.append(ParseWarning(last_cell[start][0], f"text after the table's last row is not part of the "
                                                      f"table, not stored: {''.join(block)[:60]}"))
    del last_cell[start:]


def prose_builder(cell) -> TextBuilder:
    """Join a text cell's lines: a long line cut mid-sentence is a wrap and closes up; a finished sentence or
    a short line (a separate item such as 服务百家企业) keeps its line break."""
    builder, previous = TextBuilder(), ""
    for number, text in cell:
        wrapped = previous and not ends_sentence(previous) and len(previous) >= WRAPPED_LINE_MIN_CHARS
        builder.add(number, text, "" if wrapped else "\n")
        previous = text or previous
    return builder


def row_to_task(row, columns, group_title, warnings) -> ParsedTask:
    fields = {column["field"]: cell for column, cell in zip(columns, row, strict=True)}
    lines = [number for cell in row for number, text in cell if text]
    task = ParsedTask(number=cell_text(fields["seq"]), kind="task", section=None, group_title=group_title,
                      title=None, content="", line_start=min(lines), line_end=max(lines))
    for name in TEXT_FIELDS:
        if name in fields:
            builder = prose_builder(fields[name])
            setattr(task, name, builder.text or None)
            setattr(task, f"{name}_offsets", builder.line_offsets)
    task.content = task.content or ""
    for role in ROLE_FIELDS:
        if role in fields and cell_text(fields[role]):
            task.responsibility[role] = [text for _, text in fields[role]]
    if "deadline" in fields:
        task.deadline_text = "；".join(text for _, text in fields["deadline"] if text) or None
    if not task.content:
        warnings.append(ParseWarning(task.line_start, f"row {task.number}: empty task content"))
    if "lead" in fields and "lead" not in task.responsibility:
        warnings.append(ParseWarning(task.line_start, f"row {task.number}: no responsible department given"))
    return task


def parse(lines: list[str], source: dict) -> ParseResult:
    path, columns = source.get("path", source.get("file")), source.get("columns")
    if not columns:
        raise SourceError(path, "layout 'tab_table' needs a 'columns' list in the manifest")
    result = ParseResult()
    cells = read_cells(lines)
    if not cells:
        raise SourceError(path, "no TAB-led table cells found: is the layout 'tab_table' right for this file?")
    header = find_header(cells, columns, path)
    check_header(cells[header:header + len(columns)], columns, result.warnings)
    group_title = None
    rows = split_rows(cells[header + len(columns):], len(columns), path)
    if rows:
        cut_text_after_table(rows, result.warnings)
    for row in rows:
        fields = {column["field"]: cell for column, cell in zip(columns, row, strict=True)}
        if "group_title" in fields and cell_text(fields["group_title"]):
            group_title = cell_text(fields["group_title"]).rstrip("。")
        result.tasks.append(row_to_task(row, columns, group_title, result.warnings))
    return result
