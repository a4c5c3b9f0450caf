"""One reader per file format, registered by name; `etl/parse/read.py` sniffs the format and dispatches.

A reader is a pure function `read(data: bytes, path) -> ReadDocument`: the document as canonical lines (one
paragraph a line; a table as one cell a line beginning with TAB, a blank line between rows) and, per line, where
it came from in the file. Line numbers shown to users refer to these canonical lines.
"""

from etl.parse.formats import text
from etl.parse.formats.document import ReadDocument

READERS = {
    "text": text.read,
}

__all__ = ["READERS", "ReadDocument"]
