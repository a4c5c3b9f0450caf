"""Pipe tables inside plain text (a wiki page or Markdown exported as text), turned into canonical table rows.

    | 序号 | 任务 | 责任部门 | 完成时间 |
    |---|---|---|---|
    | 1 | 修订人才培养方案 | 教务处、各二级学院 | 2024年6月 |

A block is two or more consecutive lines that start with a pipe (| or ｜) and hold at least three; without the
leading pipe (序号 | 任务 | …) only when the block has a separator line (---|:---:). Separator lines are dropped,
the outer pipes give no cells, `<br>` inside a cell starts a new line of the cell. Everything else stays as the
plain-text reader read it.
"""

import re

from etl.parse.formats.canonical import Cell, LinesBuilder, Row

PIPES = "|｜"
SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
MIN_PIPES = 3


def pipe_cells(line: str) -> list[str]:
    """The cells of one pipe row: split on pipes, without the empty cells outside the outer pipes."""
    stripped = line.strip()
    cells = re.split(f"[{PIPES}]", stripped)
    if stripped[:1] in PIPES:
        cells = cells[1:]
    if stripped[-1:] in PIPES:
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def pipe_count(line: str) -> int:
    return sum(line.count(pipe) for pipe in PIPES)


def is_pipe_row(line: str) -> bool:
    return pipe_count(line) >= MIN_PIPES - 1 and bool(line.strip())


def is_separator(line: str) -> bool:
    cells = pipe_cells(line)
    return bool(cells) and all(SEPARATOR_CELL.match(cell) or not cell.strip() for cell in cells) \
        and any(SEPARATOR_CELL.match(cell) for cell in cells)


def table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line indexes of the pipe tables found."""
    blocks, start = [], None
    for index, line in enumerate(lines + [""]):
        if index < len(lines) and is_pipe_row(line):
            start = index if start is None else start
            continue
        if start is not None:
            block = lines[start:index]
            leading = all(row.strip()[:1] in PIPES for row in block)
            if len(block) >= 2 and (leading and sum(pipe_count(row) >= MIN_PIPES for row in block) >= 2
                                    or any(map(is_separator, block))):
                blocks.append((start, index))
            start = None
    return blocks


def with_pipe_tables(lines: list[str]) -> tuple[list[str], list[dict]] | None:
    """Canonical lines and their sources ({"line": n} of the text file) when the text holds a pipe table, else
    None (the lines stay exactly as read)."""
    blocks = table_blocks(lines)
    if not blocks:
        return None
    builder, position = LinesBuilder(), 0
    for start, end in blocks:
        for number in range(position, start):
            builder.add(lines[number], {"line": number + 1})
        rows = [Row([Cell(LINE_BREAK.split(cell) if cell else []) for cell in pipe_cells(lines[number])],
                    number + 1, {"line": number + 1})
                for number in range(start, end) if not is_separator(lines[number])]
        builder.table(rows)
        position = end
    for number in range(position, len(lines)):
        builder.add(lines[number], {"line": number + 1})
    return builder.lines, builder.sources
