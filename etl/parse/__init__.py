"""Parse stages: read a raw document → clean its lines → find its tasks by layout (given in the manifest, or
detected when absent or `auto`) → plausibility checks (etl/parse/checks.py, run by every layout); agencies and
deadlines are split when the results are assembled into tables (etl/parse/assemble.py)."""

from etl.errors import SourceError
from etl.parse.detect import confidence_in, detect_layout, require_layout
from etl.parse.layouts import PARSERS
from etl.parse.read import read_document
from etl.parse.records import ParseResult
from etl.raw_files import DEFAULT_MAX_FILE_MB, MEGABYTE


def parse_document(source: dict, max_bytes: int = DEFAULT_MAX_FILE_MB * MEGABYTE) -> ParseResult:
    """Read one manifest entry's file (source["path"]) and parse it; no tasks is an error. The result keeps
    the document read (result.document) and the checks' warnings.

    Sets source["format"] (as read), source["layout"] when detected, source["layout_source"] (manifest |
    detected) and source["layout_confidence"] (how sure detection is of the layout used)."""
    document = read_document(source["path"], max_bytes, source.get("format"))
    source["format"] = document.format
    detection = detect_layout(document.lines)
    if source.get("layout") in (None, "auto"):
        require_layout(detection, source["path"])
        for key, value in detection.options.items():
            if source.get(key) is None:
                source[key] = value
        source.update(layout=detection.layout, layout_source="detected")
    else:
        source["layout_source"] = "manifest"
    source["layout_confidence"] = confidence_in(detection, source["layout"])
    result = PARSERS[source["layout"]](document.lines, source)
    result.warnings[:0] = document.warnings  # what the reader could not read (a scanned page, a hidden sheet)
    if not result.tasks:
        raise SourceError(source["path"], f"no tasks found with layout {source['layout']!r}: is the layout right "
                                          "for this file? (python -m etl add FILE --dry-run shows what is "
                                          "detected)")
    result.document = document
    return result
