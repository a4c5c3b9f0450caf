"""Read and check the sources manifest (data/sources.yaml); a broken entry is named with its line."""

from pathlib import Path

import yaml

from etl.errors import SourceError
from etl.parse.layouts import PARSERS

REQUIRED = ("doc_id", "region_id", "region_zh", "region_en", "admin_level", "title", "file")
ADMIN_LEVELS = ("national", "province", "prefecture", "county", "township")
RESPONSIBILITY_CONVENTIONS = ("first_listed_leads", "as_written")


def entry_lines(text: str) -> list[int]:
    """Line number of each entry under `documents:`, for error messages."""
    root = yaml.compose(text)
    for key, value in getattr(root, "value", []):
        if getattr(key, "value", None) == "documents" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_manifest(path) -> list[dict]:
    """The list of document entries, checked: required fields, known layouts, unique ids."""
    path = Path(path)
    if not path.exists():
        raise SourceError(path, "manifest not found")
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        lines = entry_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceError(path, f"not valid YAML: {getattr(error, 'problem', error)}",
                          mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list) or not data["documents"]:
        raise SourceError(path, "expected a non-empty 'documents:' list")
    seen = set()
    for index, entry in enumerate(data["documents"]):
        check_entry(path, entry, lines[index] if index < len(lines) else None, seen)
    return data["documents"]


def check_entry(path, entry, line, seen) -> None:
    if not isinstance(entry, dict):
        raise SourceError(path, "each document entry must be a mapping", line)
    missing = [key for key in REQUIRED if not entry.get(key)]
    if missing:
        raise SourceError(path, f"document {entry.get('doc_id', '?')}: missing {', '.join(missing)}", line)
    if entry.get("layout", "auto") not in (*PARSERS, "auto"):
        raise SourceError(path, f"document {entry['doc_id']}: unknown layout {entry['layout']!r} "
                                f"(known: {', '.join(sorted(PARSERS))})", line)
    if entry.get("responsibility_convention") not in (None, *RESPONSIBILITY_CONVENTIONS):
        raise SourceError(path, f"document {entry['doc_id']}: responsibility_convention must be one of "
                                f"{RESPONSIBILITY_CONVENTIONS}", line)
    if entry["admin_level"] not in ADMIN_LEVELS:
        raise SourceError(path, f"document {entry['doc_id']}: admin_level must be one of {ADMIN_LEVELS}", line)
    if entry["doc_id"] in seen:
        raise SourceError(path, f"document id {entry['doc_id']!r} appears twice", line)
    seen.add(entry["doc_id"])
