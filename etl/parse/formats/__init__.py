"""One reader per file format, registered by name; `etl/parse/read.py` sniffs the format and dispatches.

A reader is a pure function `read(data: bytes, path) -> ReadDocument`: the document as canonical lines (one
paragraph a line; a table as one cell a line beginning with TAB, a blank line between rows; see canonical.py)
and, per line, where it came from in the file. Line numbers shown to users refer to these canonical lines.
"""

from etl.parse.formats import delimited, pdf, spreadsheet, text, webpage, word
from etl.parse.formats.document import ReadDocument

READERS = {
    "text": text.read,
    "csv": delimited.read,
    "docx": word.read,
    "html": webpage.read,
    "pdf": pdf.read,
    "xlsx": spreadsheet.read_xlsx,
    "xls": spreadsheet.read_xls,
}

__all__ = ["READERS", "ReadDocument"]
