"""Table exports that open cleanly in a spreadsheet and say where they come from; knows nothing of Streamlit.

- csv_bytes: UTF-8 with a BOM (so Excel reads Chinese as UTF-8);
- xlsx_bytes: the table on its own sheet plus a sheet "About" (sources with titles and document numbers, the
  active filters, build date, version, a citation line);
- in both, a text cell that a spreadsheet would take for a formula (beginning with = + - @, TAB or CR) is
  neutralized with a leading apostrophe, so document text such as =HYPERLINK(…) stays text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ABOUT_SHEET = "About"
SHEET_NAME_LIMIT = 31
FORBIDDEN_SHEET_CHARACTERS = str.maketrans({character: "_" for character in "[]:*?/\\"})


def neutralized(value):
    """A text that a spreadsheet would run as a formula gets a leading apostrophe; anything else is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header neutralized (numbers, dates and booleans untouched)."""
    safe = frame.copy()
    safe.columns = [neutralized(str(column)) for column in safe.columns]
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            safe.isetitem(position, column.map(neutralized))
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CRLF line ends (as Excel writes them), so a cell holding a CR or LF is quoted and stays one cell."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\, not 'About'."""
    title = str(name).translate(FORBIDDEN_SHEET_CHARACTERS)[:SHEET_NAME_LIMIT] or "data"
    return "data" if title.lower() == ABOUT_SHEET.lower() else title


def cell_value(value):
    """A value openpyxl writes as it is: lists joined, missing values empty, other objects as text."""
    if isinstance(value, list | tuple | set):
        return neutralized(", ".join(str(item) for item in value))
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, bool | int | float | str):
        return neutralized(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return neutralized(str(value))


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data",
               about: Sequence[tuple[str, str]] | None = None) -> bytes:
    """The table on a sheet named `sheet_name` and, when `about` is given, a sheet "About" holding its
    (label, text) rows: where the table comes from, under which filters, when it was built."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(sheet_name)
    write_rows(sheet, [[cell_value(column) for column in frame.columns]]
               + [[cell_value(value) for value in row] for row in frame.itertuples(index=False, name=None)])
    sheet.freeze_panes = "A2"
    if about is not None:
        write_rows(book.create_sheet(ABOUT_SHEET), [[cell_value(label), cell_value(text)] for label, text in about])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_rows(sheet, rows: list[list]) -> None:
    """Append the rows as plain values (a text cell is never a formula) and size the columns to fit."""
    widths: dict[int, int] = {}
    for row in rows:
        sheet.append(row)
        for position, value in enumerate(row, start=1):
            width = max((display_width(line) for line in str(value or "").split("\n")), default=0)
            widths[position] = max(widths.get(position, 0), width)
    for cell in (cell for row in sheet.iter_rows() for cell in row):
        if cell.data_type == "f":  # openpyxl reads a leading '=' as a formula: keep it text
            cell.data_type = "s"
    for position, width in widths.items():
        sheet.column_dimensions[get_column_letter(position)].width = min(max(width + 2, 8), 80)


def display_width(text: str) -> int:
    """Width in Excel's units: a CJK character counts twice."""
    return sum(2 if ord(character) > 0x2E80 else 1 for character in text)
