"""Layout `table`: a task table in canonical lines (one cell a line beginning with TAB; lines without a TAB
continue the cell above; an empty cell is a lone TAB).

The header row is found from its words (序号, 主要任务, 任务内容, 牵头单位 …, data/layout_words.yaml) and each
column is mapped to a field, unless the manifest gives `columns`. A row is exactly as many cells as the header.
A row whose only text is one cell (一、… spanning the table) is a section; a row without a number continues the
task above (a row broken across pages); footer rows (注：…, 制表：…) are skipped. An empty cell in a name column
(主要任务, merged over several rows) means "same as the row above".
"""

import re
from dataclasses import dataclass, field

from etl.errors import SourceError
from etl.parse.clean import TextBuilder, clean_line, ends_sentence
from etl.parse.columns import map_header  # noqa: F401 (used by detect)
from etl.parse.numbering import read_marker
from etl.parse.paragraphs import is_back_matter
from etl.parse.records import ParsedTask, ParseResult, ParseWarning
from etl.parse.responsibility import LEAD_MARKER, cell_roles, parse_unlabelled
from etl.parse.roles import finish
from etl.parse.vocabulary import load_vocabulary

ROW_NUMBER = re.compile(r"^([0-9]{1,4}|[一二三四五六七八九十百]+|[（(][0-9一二三四五六七八九十]+[）)])[.、．]?$")
TEXT_FIELDS = ("content", "local_measures", "local_target")
COLUMN_FIELDS = ("seq", "group_title", "title", "content", "lead", "support", "responsible", "implementer",
                 "local_measures", "local_target", "deadline", "ignore")
ROLE_FIELDS = ("lead", "support", "responsible", "implementer")
WRAPPED_LINE_MIN_CHARS = 12
SECTION_MAX_CHARS = 60


@dataclass
class Cell:
    lines: list = field(default_factory=list)  # (line number, cleaned text); blank continuation lines are ''

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.lines)

    @property
    def line(self) -> int:
        return self.lines[0][0]


@dataclass
class TrailingText:
    text: str
    line: int


@dataclass
class SectionRow:
    text: str
    line: int


def tab_cells(line_number: int, line: str) -> list[Cell]:
    return [Cell([(line_number, clean_line(piece))]) for piece in line.split("\t")[1:]]


def find_header(lines: list[str], names: list[str] | None) -> tuple[int, list[Cell]] | None:
    """(index of the line after the header, header cells): with the manifest's names, the first row that starts
    with its first column's name; else the row of cells (ending at a blank line or a row number) with the most
    cells carrying header words (序号, 任务内容, 责任单位 …), at least two."""
    vocabulary = load_vocabulary()
    best, best_known = None, 1
    for index, line in enumerate(lines):
        if not line.startswith("\t") or (index and lines[index - 1].startswith("\t")):
            continue
        first = clean_line(line.split("\t")[1])
        if names:
            if first == clean_line(names[0]):
                return header_cells(lines, index, len(names))
            continue
        if len(first) > 20 or not any(word in first for word in vocabulary.header_fields):
            continue
        end, cells = header_cells(lines, index, None)
        known = sum(map_header([cell.text])[0] != "ignore" for cell in cells)
        if known > best_known:
            best, best_known = (end, cells), known
    return best


def header_cells(lines: list[str], start: int, width: int | None) -> tuple[int, list[Cell]]:
    cells: list[Cell] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if width is not None and len(cells) >= width and (line.startswith("\t") or not line.strip()):
            break
        if line.startswith("\t"):
            new = tab_cells(index + 1, line)
            if width is None and cells and ROW_NUMBER.match(new[0].text):
                break
            cells += new
        elif not line.strip():
            if width is None and cells:
                break
        elif cells:
            cells[-1].lines.append((index + 1, clean_line(line)))
        index += 1
    return index, cells


def read_rows(lines: list[str], start: int, width: int, structured: bool) -> list:
    """Rows of exactly `width` cells after the header, with section rows (SectionRow) in between; text after
    the table (a note, back matter) ends it, as a final TrailingText."""
    rows: list = []
    row: list[Cell] = []
    last_cell = max((index for index, line in enumerate(lines) if line.startswith("\t")), default=-1)
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        if line.startswith("\t"):
            for cell in tab_cells(number, line):
                if len(row) == width:
                    rows.append(row)
                    row = []
                row.append(cell)
            continue
        text = clean_line(line)
        at_boundary = not row or len(row) == width
        blank_before = index == 0 or not lines[index - 1].strip()
        if not text:
            if row:
                row[-1].lines.append((number, ""))
        elif at_boundary and blank_before and (ends_table(text) or index > last_cell):
            if row:
                rows.append(row)
                row = []
            rows.append(TrailingText(text, number))
            break
        elif at_boundary and blank_before and (is_section_text(text) or structured):
            if row:
                rows.append(row)
                row = []
            if is_section_text(text):
                rows.append(SectionRow(text, number))
        elif row:
            row[-1].lines.append((number, text))
    if row:
        rows.append(row)
    return rows


def ends_table(text: str) -> bool:
    return is_back_matter(text) or bool(load_vocabulary().note_row.search(text))


def is_section_text(text: str) -> bool:
    marker = read_marker(text)
    return bool(marker) and marker.kind in ("一、", "（一）") and len(text) <= SECTION_MAX_CHARS


def is_section_like(text: str) -> bool:
    """The one text of a row spanning the table: a numbered heading, or a short phrase without a sentence."""
    if ROW_NUMBER.match(text):
        return False
    return is_section_text(text) or (len(text) <= 30 and "。" not in text)


def classify_row(row, fields: list[str]) -> str:
    """section | trailing | note | task | continuation | unread | empty."""
    if isinstance(row, SectionRow):
        return "section"
    if isinstance(row, TrailingText):
        return "trailing"
    texts = [cell.text for cell in row]
    filled = [text for text in texts if text]
    if not filled:
        return "empty"
    if load_vocabulary().note_row.search(filled[0]):
        return "note"
    if len(set(filled)) == 1 and (texts[0] or len(filled) == len(texts)) and is_section_like(filled[0]):
        return "section"
    if "seq" not in fields:
        return "task"
    seq = texts[fields.index("seq")]
    if not seq:
        return "continuation"
    return "task" if ROW_NUMBER.match(seq) else "unread"


def prose_builder(cell: Cell) -> TextBuilder:
    """Join a text cell's lines: a long line cut mid-sentence is a wrap and closes up; a finished sentence or
    a short line (a separate item such as 服务百家企业) keeps its line break."""
    builder, previous = TextBuilder(), ""
    for number, text in cell.lines:
        wrapped = previous and not ends_sentence(previous) and len(previous) >= WRAPPED_LINE_MIN_CHARS
        builder.add(number, text, "" if wrapped else "\n")
        previous = text or previous
    return builder


def cells_of(row: list[Cell], fields: list[str], name: str) -> list[Cell]:
    return [cell for cell, column_field in zip(row, fields, strict=True) if column_field == name]


def joined_builder(cells: list[Cell]) -> TextBuilder:
    builder = TextBuilder()
    for cell in cells:
        builder.extend(prose_builder(cell), "\n")
    return builder


def add_responsibility(task: ParsedTask, role: str, cell: Cell) -> None:
    """A responsibility cell: labels (牵头：A 配合：B), roles said in words (A牵头，B配合) or markers (A（牵头）)
    inside it decide, else the column."""
    written = [text for _, text in cell.lines]
    joined = "\n".join(text for text in written if text)
    if not joined:
        return
    said = parse_unlabelled(joined, bare_list=False)
    if load_vocabulary().label.search(joined) or any(LEAD_MARKER.search(part) for part in re.split("[、，,；;\n]", joined)) \
            or (said and set(said.roles) - {"responsible"}):
        for found_role, values in cell_roles(joined, role).roles.items():
            task.responsibility.setdefault(found_role, []).extend(values)
    else:
        task.responsibility.setdefault(role, []).extend(written)
    if task.responsibility_line is None:
        task.responsibility_line = cell.line


class TableReader:
    """Turns rows into tasks, carrying section, group and title down merged cells."""

    def __init__(self, fields: list[str]):
        self.fields = fields
        self.result = ParseResult()
        self.section = self.group = self.title = None

    def read(self, rows: list) -> ParseResult:
        for row in rows:
            kind = classify_row(row, self.fields)
            if kind == "section":
                self.section = row.text if isinstance(row, SectionRow) else next(c.text for c in row if c.text)
                self.group = self.title = None
            elif kind == "task":
                self.result.tasks.append(self.row_to_task(row))
            elif kind == "continuation" and self.result.tasks:
                self.continue_task(self.result.tasks[-1], row)
            elif kind == "trailing":
                self.warn(row.line, f"text after the table's last row is not part of the table, not stored: "
                                    f"{row.text[:60]}", "unattached_text")
            elif kind == "unread":
                self.warn(row[0].line, f"row {row[0].text[:20]!r} not read as a task (no row number)", "row_unread")
        return self.result

    def carried(self, row, name: str, current):
        cells = cells_of(row, self.fields, name)
        text = "".join(cell.text for cell in cells).rstrip("。")
        return text or current

    def row_to_task(self, row: list[Cell]) -> ParsedTask:
        self.group = self.carried(row, "group_title", self.group)
        self.title = self.carried(row, "title", self.title) if "title" in self.fields else None
        lines = [number for cell in row for number, text in cell.lines if text]
        seq = cells_of(row, self.fields, "seq")
        number = seq[0].text.rstrip("、.．") if seq else None
        task = ParsedTask(number=number, kind="task", section=self.section, group_title=self.group,
                          title=self.title, content="", line_start=min(lines), line_end=max(lines))
        self.fill(task, row)
        if not task.content:
            task.content = task.title or ""
        if not task.content:
            self.warn(task.line_start, f"row {task.number}: empty task content", "empty_content")
        return task

    def fill(self, task: ParsedTask, row: list[Cell]) -> None:
        for name in TEXT_FIELDS:
            cells = [cell for cell in cells_of(row, self.fields, name) if cell.text]
            if cells:
                builder = joined_builder(cells)
                previous = getattr(task, name)
                setattr(task, name, f"{previous}\n{builder.text}" if previous else builder.text)
                if not previous:
                    setattr(task, f"{name}_offsets", builder.line_offsets)
        for role in ROLE_FIELDS:
            for cell in cells_of(row, self.fields, role):
                add_responsibility(task, role, cell)
        deadlines = [text for cell in cells_of(row, self.fields, "deadline") for _, text in cell.lines if text]
        if deadlines:
            task.deadline_text = "；".join(([task.deadline_text] if task.deadline_text else []) + deadlines)

    def continue_task(self, task: ParsedTask, row: list[Cell]) -> None:
        self.fill(task, row)
        task.line_end = max(number for cell in row for number, text in cell.lines if text)
        self.warn(row[0].line, f"row without a number joined to task {task.number}", "row_joined")

    def warn(self, line, message, code) -> None:
        self.result.warnings.append(ParseWarning(line, message, code))


def manifest_fields(columns: list[dict]) -> list[str]:
    """Fields of the manifest's columns; the old field `lead` of a 责任部门 column is kept as the manifest says."""
    return [column["field"] for column in columns]


def parse(lines: list[str], source: dict) -> ParseResult:
    path, columns = source.get("path", source.get("file")), source.get("columns")
    names = [column["name"] for column in columns] if columns else None
    header = find_header(lines, names)
    if header is None:
        raise SourceError(path, "no table header found (a row of column names such as 序号, 任务内容, 责任单位): "
                                "is this a table?" + (f" The manifest's first column is {names[0]!r}." if names else ""))
    end, cells = header
    header_names = [cell.text for cell in cells]
    fields = manifest_fields(columns) if columns else map_header(header_names)
    rows = read_rows(lines, end, len(fields), source.get("format", "text") != "text")
    check_complete(path, rows, len(fields))
    if not columns:
        fields = settle_name_columns(fields, [row for row in rows if isinstance(row, list)])
    check_fields(path, fields, header_names)
    reader = TableReader(fields)
    if columns:
        warn_renamed_headers(reader, cells, columns)
    result = reader.read(rows)
    return finish(result, lines, source)


def warn_renamed_headers(reader: TableReader, cells: list[Cell], columns: list[dict]) -> None:
    for cell, column in zip(cells, columns, strict=False):
        if cell.text != clean_line(column["name"]).replace(" ", ""):
            reader.warn(cell.line, f"header {cell.text!r} where the manifest expects {column['name']!r}",
                        "header_mismatch")


def settle_name_columns(fields: list[str], rows: list) -> list[str]:
    """A `name` column is the group title when it is merged (empty in some rows), else each task's title; with
    no content column it is the content."""
    if "content" not in fields:
        return ["content" if name == "name" else name for name in fields]
    task_rows = [row for row in rows if classify_row(row, fields) == "task"]
    settled = []
    for position, name in enumerate(fields):
        if name == "name":
            values = [row[position].text for row in task_rows if len(row) > position]
            merged = any(not value for value in values) or any(a == b for a, b in zip(values, values[1:],
                                                                                         strict=False))
            name = "group_title" if merged else "title"
        settled.append(name)
    return settled


def check_complete(path, rows: list, width: int) -> None:
    """A short last row means the table was cut off: every later column would be wrong, so refuse."""
    last = next((row for row in reversed(rows) if not isinstance(row, TrailingText)), None)
    if isinstance(last, list) and len(last) < width:
        raise SourceError(path, f"row {last[0].text[:20]!r} has {len(last)} of {width} cells: the table is "
                                "truncated", last[0].line)


def check_fields(path, fields: list[str], header_names: list[str]) -> None:
    if "content" not in fields:
        raise SourceError(path, f"table columns cannot be mapped: no task-content column among the header cells "
                                f"{header_names}; pass a mapping with `columns:` in the manifest (one "
                                "{name, field} per column, fields: seq, group_title, title, content, lead, "
                                "support, responsible, implementer, local_measures, local_target, deadline, "
                                "ignore)")
