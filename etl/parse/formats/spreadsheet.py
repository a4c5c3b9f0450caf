"""Readers for workbooks: .xlsx (openpyxl) and old .xls (xlrd). Every visible sheet that holds a table is read.

Both are turned into the same grid, cells covered by a merged range marked from the left or from above, and
values shown as Excel shows them: 1.0 → 1, 0.6 formatted as a percentage → 60%, a date in a 年/月 format →
2025年6月30日 (else ISO 2025-06-30). openpyxl must not run in read-only mode (read-only sheets lose their merged
ranges) and gives the stored results of formulas (data_only), never evaluating anything; xlrd needs
formatting_info=True for merged ranges. A hidden sheet, or one without a table (two rows of two filled cells),
is a warning, not silently gone.
"""

import datetime as dt
import io
import re
import zipfile

from etl.errors import SourceError
from etl.parse.formats.archive import check_archive
from etl.parse.formats.canonical import Cell, LinesBuilder, Row, own_text
from etl.parse.formats.document import ReadDocument

MAX_SHEET_CELLS = 5_000_000


def read_xlsx(data: bytes, path) -> ReadDocument:
    import openpyxl  # here, not at the top: a build without workbooks does not wait for it
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(data, path, "XLSX")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise SourceError(path, f"damaged Excel file ({type(error).__name__}): open it in Excel or WPS and "
                                f"save it again as .xlsx") from None
    sheets = [(sheet.title, sheet.sheet_state != "visible", xlsx_rows(sheet, path))
              for sheet in workbook.worksheets]
    return sheets_document(sheets, "xlsx", path)


def read_xls(data: bytes, path) -> ReadDocument:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except xlrd.XLRDError as error:
        if "encrypt" in str(error).lower():
            raise SourceError(path, "the Excel file is encrypted (password-protected): remove the password "
                                    "and save it again") from None
        raise SourceError(path, f"damaged Excel 97-2003 file ({error}): save it again as .xlsx") from None
    except (xlrd.compdoc.CompDocError, ValueError, IndexError, KeyError, AssertionError) as error:
        raise SourceError(path, f"damaged Excel 97-2003 file ({type(error).__name__}): save it again as "
                                f".xlsx") from None
    sheets = [(sheet.name, sheet.visibility != 0, xls_rows(book, sheet)) for sheet in book.sheets()]
    return sheets_document(sheets, "xls", path)


def sheets_document(sheets, format_name: str, path) -> ReadDocument:
    builder = LinesBuilder()
    for name, hidden, rows in sheets:
        filled = [row for row in rows if any(own_text(cell) for cell in row.cells)]
        if hidden and filled:
            builder.warn("hidden_sheet", f"sheet {name!r} is hidden: not read")
        elif not hidden and filled and not looks_like_table(filled):
            builder.warn("sheet_without_table", f"sheet {name!r} holds no table (no two rows of two or more filled "
                                                f"cells): not read")
        elif not hidden and filled:
            builder.table(rows, {"sheet": name})
    if not builder.lines:
        raise SourceError(path, "no visible sheet of the workbook holds a table")
    return builder.document(format_name)


def looks_like_table(rows: list[Row]) -> bool:
    return sum(1 for row in rows if sum(own_text(cell) for cell in row.cells) >= 2) >= 2


def covered_cells(ranges) -> dict:
    """(row, column) → "left" | "up" for every cell a merged range covers; ranges as 1-based inclusive
    (first_row, first_column, last_row, last_column)."""
    covered = {}
    for first_row, first_column, last_row, last_column in ranges:
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                if (row, column) != (first_row, first_column):
                    covered[(row, column)] = "left" if column != first_column else "up"
    return covered


def xlsx_rows(sheet, path) -> list[Row]:
    if sheet.max_row * sheet.max_column > MAX_SHEET_CELLS:
        raise SourceError(path, f"sheet {sheet.title!r} spans {sheet.max_row} × {sheet.max_column} cells: too "
                                f"large for a task list (limit {MAX_SHEET_CELLS:,} cells)")
    covered = covered_cells((r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges)
    rows = []
    for number, cells in enumerate(sheet.iter_rows(max_col=sheet.max_column), start=1):
        rows.append(Row([Cell.of("" if (number, column) in covered else shown_value(cell.value, cell.number_format),
                                 covered.get((number, column)))
                         for column, cell in enumerate(cells, start=1)], number))
    return rows


def xls_rows(book, sheet) -> list[Row]:
    covered = covered_cells((top + 1, left + 1, bottom, right) for top, bottom, left, right in sheet.merged_cells)
    rows = []
    for r in range(sheet.nrows):
        cells = []
        for c in range(sheet.ncols):
            merge = covered.get((r + 1, c + 1))
            cells.append(Cell.of("" if merge else xls_value(book, sheet.cell(r, c)), merge))
        rows.append(Row(cells, r + 1))
    return rows


def xls_value(book, cell) -> str:
    import xlrd

    number_format = book.format_map[book.xf_list[cell.xf_index].format_key].format_str if cell.xf_index else ""
    if cell.ctype == xlrd.XL_CELL_DATE:
        return shown_value(xlrd.xldate_as_datetime(cell.value, book.datemode), number_format)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return shown_value(bool(cell.value), number_format)
    return shown_value(cell.value, number_format)


def shown_value(value, number_format: str | None) -> str:
    """The value as Excel shows it, as far as a task list needs: integers, percentages, dates."""
    number_format = number_format or ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return shown_number(value, number_format)
    if isinstance(value, (dt.datetime, dt.date)):
        return shown_date(value, number_format)
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def shown_number(value: float, number_format: str) -> str:
    if "%" in number_format:
        decimals = re.search(r"\.(0+)%", number_format)
        return f"{value * 100:.{len(decimals.group(1)) if decimals else 0}f}%"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}"


def shown_date(value, number_format: str) -> str:
    has_time = isinstance(value, dt.datetime) and value.time() != dt.time()
    if "年" in number_format or "月" in number_format:
        text = f"{value.year}年{value.month}月"
        return text + (f"{value.day}日" if "d" in number_format.lower() else "")
    day = value.date() if isinstance(value, dt.datetime) else value
    return value.isoformat(sep=" ") if has_time else day.isoformat()
