"""Parse stages: read a raw document → clean its lines → find its tasks by layout; agencies and deadlines are
split when the results are assembled into tables (etl/parse/assemble.py)."""

from etl.errors import SourceError
from etl.parse.layouts import PARSERS
from etl.parse.read import read_document
from etl.parse.records import ParseResult


def parse_document(source: dict) -> ParseResult:
    """Read one manifest entry's file (source["path"]) and parse it with its layout; no tasks is an error."""
    document = read_document(source["path"], source.get("format"))
    result = PARSERS[source["layout"]](document.lines, source)
    result.warnings[:0] = document.warnings  # what the reader could not read (a scanned page, a hidden sheet)
    if not result.tasks:
        raise SourceError(source["path"], f"no tasks found with layout {source['layout']!r}: is the layout right "
                                          "for this file?")
    return result
