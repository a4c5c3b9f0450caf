"""Manifest problems worded for the person who edits the file: which entry, which key, what was expected and
how to fix it. `explain` words a pydantic error; `problems_between_entries` checks the rules that span entries
(unique doc ids and files, one region per region id unless it is declared under `regions:`)."""

import difflib
import re
from collections import defaultdict
from typing import get_args

from pydantic import BaseModel

from etl.errors import Problem
from etl.manifest_yaml import line_of
from etl.raw_files import file_problem

REGION_FIELDS = ("region_zh", "region_en", "province_zh", "admin_level")
SHOWN_INPUT_CHARS = 60


def suggestion(value, choices) -> str:
    """'; did you mean X?' for a near miss, then the list of choices."""
    choices = list(choices)
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(choices)})"


def explain(detail: dict, data, root, model: type[BaseModel]) -> Problem:
    """One pydantic error as a Problem: `document 'x' (entry 3), key 'k': what is wrong; what to do`."""
    location = tuple(detail["loc"])
    where, keys = describe_location(location, data)
    message = MESSAGES.get(detail["type"], generic_message)(detail, model, location)
    return Problem(line_of(root, location), f"{where}{', ' if where and keys else ''}{keys}: {message}")


def describe_location(location: tuple, data) -> tuple[str, str]:
    """('document 'gaoping' (entry 1)', "key 'columns[2].field'") for a pydantic location."""
    where, rest = "", location
    if len(location) >= 2 and location[0] in ("documents", "regions") and isinstance(location[1], int):
        where, rest = entry_name(location[0], location[1], data), location[2:]
    path = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in rest).lstrip(".")
    return where, f"key {path!r}" if path else ""


def entry_name(kind: str, index: int, data) -> str:
    entries = data.get(kind) if isinstance(data, dict) else None
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    id_key = "doc_id" if kind == "documents" else "region_id"
    identifier = entry.get(id_key) if isinstance(entry, dict) else None
    noun = "document" if kind == "documents" else "region"
    if isinstance(identifier, str) and identifier:
        return f"{noun} {identifier!r} ({kind} entry {index + 1})"
    return f"{kind} entry {index + 1}"


def shown(value) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_INPUT_CHARS else text[:SHOWN_INPUT_CHARS] + "…"


def model_at(model, path: tuple):
    """The pydantic model that holds the last key of `path` (None when the path leaves the models)."""
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        model = inner_model(field.annotation)
    return model


def inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((found for found in map(inner_model, get_args(annotation)) if found), None)


def expected(model, location: tuple) -> str:
    """The field description of the last key in `location` (what a good value looks like)."""
    keys = [part for part in location if isinstance(part, str)]
    if not keys:
        return ""
    parent = location[: max(index for index, part in enumerate(location) if isinstance(part, str))]
    holder = model_at(model, parent)
    field = holder.model_fields.get(keys[-1]) if holder else None
    return f"; expected {field.description}" if field and field.description else ""


def unknown_key(detail, model, location) -> str:
    holder = model_at(model, location[:-1])
    known = list(holder.model_fields) if holder else []
    close = difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6)
    if close:
        return f"unknown key; did you mean {close[0]!r}? Fix its spelling or remove it"
    return f"unknown key: remove it, or use one of {', '.join(known)}"


def missing_key(detail, model, location) -> str:
    return f"this required key is missing{expected(model, location)}. Add it"


def not_in_list(detail, model, location) -> str:
    choices = re.findall(r"'([^']*)'", detail.get("ctx", {}).get("expected", ""))
    return f"{shown(detail['input'])} is not allowed{suggestion(detail['input'], choices)}"


def bad_identifier(detail, model, location) -> str:
    return (f"{shown(detail['input'])} is not a valid id: use lowercase ASCII letters, digits, '-' or '_' "
            "(at most 64, e.g. zhongwei)")


def text_expected(detail, model, location) -> str:
    value = detail.get("input")
    if isinstance(value, bool):
        return "expected text, got a yes/no value (YAML reads yes, no, on, off, true, false so): write it in quotes"
    if isinstance(value, int | float):
        return f"expected text, got {shown(value)}: write it in quotes ('{value}')"
    return generic_message(detail, model, location)


def value_error(detail, model, location) -> str:
    return str(detail.get("ctx", {}).get("error", detail["msg"]))


def generic_message(detail, model, location) -> str:
    got = f" (got {shown(detail['input'])})" if "input" in detail and not isinstance(detail["input"], dict) else ""
    return f"{detail['msg']}{got}{expected(model, location)}"


MESSAGES = {
    "extra_forbidden": unknown_key, "missing": missing_key, "literal_error": not_in_list,
    "string_pattern_mismatch": bad_identifier, "value_error": value_error, "string_type": text_expected,
}


def problems_between_entries(manifest, data, root) -> list[Problem]:
    """Unique doc ids, files and declared regions; a region id shared by documents must be declared."""
    problems = repeated_values(manifest.documents, "doc_id", "documents", data, root,
                               "give each document its own doc_id")
    problems += repeated_values(manifest.documents, "file", "documents", data, root,
                                "a file is one document: remove the repeated entry")
    problems += repeated_values(manifest.regions, "region_id", "regions", data, root,
                                "declare each region once")
    problems += shared_regions(manifest, data, root)
    for index, document in enumerate(manifest.documents):
        problems += region_fields(manifest, index, document, data, root)
    return problems


def repeated_values(entries, key, kind, data, root, fix) -> list[Problem]:
    first: dict = {}
    problems = []
    for index, entry in enumerate(entries):
        value = getattr(entry, key)
        if value in first:
            other = first[value]
            problems.append(Problem(line_of(root, (kind, index, key)),
                                    f"{entry_name(kind, index, data)}, key {key!r}: {value!r} is already used by "
                                    f"{kind} entry {other + 1} (line {line_of(root, (kind, other, key))}); {fix}"))
        else:
            first[value] = index
    return problems


def shared_regions(manifest, data, root) -> list[Problem]:
    """A region id used by two documents merges them in every region table: only when declared."""
    users = defaultdict(list)
    for index, document in enumerate(manifest.documents):
        users[document.region_id].append(index)
    problems = []
    for region_id, indexes in users.items():
        if len(indexes) < 2 or manifest.region(region_id) is not None:
            continue
        first = indexes[0]
        for index in indexes[1:]:
            problems.append(Problem(
                line_of(root, ("documents", index, "region_id")),
                f"{entry_name('documents', index, data)}, key 'region_id': {region_id!r} is also the region of "
                f"{entry_name('documents', first, data)} on line {line_of(root, ('documents', first))}. Region "
                f"tables would combine the two documents: if they belong to one region, declare it once under "
                f"regions: (region_id, region_zh, region_en, province_zh, admin_level); otherwise give this "
                f"document its own region_id"))
    return problems


def region_fields(manifest, index, document, data, root) -> list[Problem]:
    """Without a declared region a document names its region itself; with one it may not contradict it."""
    region = manifest.region(document.region_id)
    where = entry_name("documents", index, data)
    if region is None:
        missing = [name for name in REGION_FIELDS if getattr(document, name) is None
                   and not (name == "province_zh" and document.admin_level == "national")]
        if not missing:
            return []
        return [Problem(line_of(root, ("documents", index)),
                        f"{where}: missing {', '.join(missing)}. Add {'it' if len(missing) == 1 else 'them'} to the entry, or declare region "
                        f"{document.region_id!r} under regions: and leave them out")]
    return [Problem(line_of(root, ("documents", index, name)),
                    f"{where}, key {name!r}: {getattr(document, name)!r} contradicts the declared region "
                    f"{region.region_id!r} ({getattr(region, name)!r}); remove the key or make them agree")
            for name in REGION_FIELDS
            if getattr(document, name) is not None and getattr(document, name) != getattr(region, name)]


def raw_file_problems(manifest, raw_dir, max_bytes: int, data, root) -> list[Problem]:
    """Each document's file: inside the raw folder, a regular file, within the size limit."""
    problems = []
    for index, document in enumerate(manifest.documents):
        problem = file_problem(raw_dir, document.file, max_bytes)
        if problem:
            problems.append(Problem(line_of(root, ("documents", index, "file")),
                                    f"{entry_name('documents', index, data)}, key 'file': {problem}"))
    return problems
