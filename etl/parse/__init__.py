"""Parse stages: read a raw document → clean its lines → find its tasks by layout → plausibility checks;
agencies and deadlines are split when the results are assembled into tables (etl/parse/assemble.py)."""

from etl.errors import SourceError
from etl.parse.checks import check_tasks
from etl.parse.layouts import PARSERS
from etl.parse.read import read_document
from etl.parse.records import ParseResult
from etl.raw_files import DEFAULT_MAX_FILE_MB, MEGABYTE


def parse_document(source: dict, max_bytes: int = DEFAULT_MAX_FILE_MB * MEGABYTE) -> ParseResult:
    """Read one manifest entry's file (source["path"]) and parse it with its layout; no tasks is an error.
    The result keeps the document read (result.document) and the checks' warnings."""
    document = read_document(source["path"], max_bytes, source.get("format"))
    result = PARSERS[source["layout"]](document.lines, source)
    if not result.tasks:
        raise SourceError(source["path"], f"no tasks found with layout {source['layout']!r}: is the layout right "
                                          "for this file?")
    result.warnings += check_tasks(result.tasks)
    result.document = document
    return result
