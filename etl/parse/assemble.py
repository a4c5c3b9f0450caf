"""Assemble the parse results of all documents into the public tables (plus text_units for the metrics
stage): documents, document_lines, tasks, agencies, task_agencies, goals, etl_warnings. Every row keeps its
source lines."""

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl.parse.agencies import classify, is_collective, split_responsibility
from etl.parse.checks import implausible_reasons
from etl.parse.deadlines import parse_deadline
from etl.paths import PROJECT_ROOT
from etl.rows import rows_frame
from etl.schema import TABLES

DOCUMENT_TABLES = ("documents", "document_lines", "tasks", "agencies", "task_agencies", "goals", "etl_warnings",
                   "text_units")


def document_row(source, document) -> dict:
    """The manifest's facts about one document, plus what reading it found (encoding, SHA-256 of its bytes)."""
    path = Path(source["path"])
    try:
        source_path = str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        source_path = str(path)
    return {
        "doc_id": source["doc_id"], "region_id": source["region_id"], "region_zh": source["region_zh"],
        "region_en": source["region_en"], "province_zh": source["province_zh"],
        "admin_level": source["admin_level"], "issuer": source.get("issuer"),
        "issuer_kind": source.get("issuer_kind"), "title": source["title"],
        "document_number": source.get("document_number"),
        "issued_on": pd.Timestamp(str(source["issued_on"])).date() if source.get("issued_on") else None,
        "plan_start_year": source.get("plan_start_year"), "plan_end_year": source.get("plan_end_year"),
        "format": source.get("format"), "layout": source["layout"], "layout_source": source.get("layout_source"),
        "layout_confidence": source.get("layout_confidence"),
        "responsibility_convention": source.get("responsibility_convention"), "source_path": source_path,
        "source_sha256": document.sha256, "encoding": document.encoding,
        "description_zh": source.get("description_zh"), "description_en": source.get("description_en"),
    }


def task_row(source, seq, task) -> dict:
    return {
        "task_id": f"{source['doc_id']}-{seq:03d}", "doc_id": source["doc_id"], "region_id": source["region_id"],
        "seq": seq, "task_number": task.number, "kind": task.kind, "section": task.section,
        "group_title": task.group_title, "title": task.title, "content": task.content,
        "local_measures": task.local_measures, "local_target": task.local_target,
        **parse_deadline(task.deadline_text), "line_start": task.line_start, "line_end": task.line_end,
    }


def agency_links(source, task_id, task):
    """(agency row, link row) pairs of one task, in the order the document names them."""
    places = tuple(source.get("places") or ())
    for role, lines in task.responsibility.items():
        inherit = role != "implementer"
        prefix = source.get("local_prefix", "") if inherit else ""
        for position, (raw, name) in enumerate(named_agencies(tuple(lines), prefix, places, inherit), start=1):
            agency_id = f"{source['region_id']}:{name}"
            function, level, collective = agency_facts(name, source["admin_level"], role)
            yield ({"agency_id": agency_id, "region_id": source["region_id"], "name": name,
                    "function": function, "level": level, "collective": collective},
                   {"task_id": task_id, "agency_id": agency_id, "role": role, "raw_name": raw,
                    "position": position})


# The same responsibility lists and agency names recur in many tasks and documents: each is worked out once
# per process (the agency rules are read once per process too).
@lru_cache(maxsize=16384)
def named_agencies(lines: tuple[str, ...], prefix: str, places: tuple[str, ...], inherit: bool) -> tuple:
    """split_responsibility of one responsibility field: ((raw name, canonical name), …)."""
    return tuple(split_responsibility(list(lines), prefix, places, inherit))


@lru_cache(maxsize=16384)
def agency_facts(name: str, admin_level: str, role: str) -> tuple[str, str, bool]:
    """(function, level, collective) of a canonical agency name named in this role."""
    return *classify(name, admin_level, role), is_collective(name)


def agency_warnings(source, task, links) -> list[dict]:
    """A name that cannot be a unit's name (label glued on, unbalanced bracket, sentence, too long)."""
    warnings = []
    for _, link in links:
        reasons = [reason for reason in implausible_reasons(link["raw_name"]) if reason != "ending"]
        if reasons:
            warnings.append({"doc_id": source["doc_id"], "line": task.responsibility_line or task.line_start,
                             "stage": "check", "code": "implausible_agency",
                             "message": f"task {task.number}: agency name {link['raw_name'][:40]!r} "
                                        f"({', '.join(reasons)})"})
    return warnings


def text_units(source, task_id, task, deadline_year) -> list[dict]:
    """The pieces of a task that may state a numeric commitment, with their scope and source lines."""
    scopes = source.get("scope") or {}
    units = []
    content, offsets = task.content, task.content_offsets
    if task.title:
        content = f"{task.title}。{task.content}"
        offsets = [(0, task.line_start)] + [(o + len(task.title) + 1, line) for o, line in task.content_offsets]
    for field, text, field_offsets in (("content", content, offsets),
                                       ("local_measures", task.local_measures, task.local_measures_offsets),
                                       ("local_target", task.local_target, task.local_target_offsets)):
        if text:
            units.append({"doc_id": source["doc_id"], "region_id": source["region_id"], "task_id": task_id,
                          "field": field, "scope": scopes.get(field, "local"), "text": text,
                          "line_start": field_offsets[0][1] if field_offsets else task.line_start,
                          "line_offsets": field_offsets, "deadline_year": deadline_year})
    return units


def document_line_rows(doc_id: str, document) -> list[dict]:
    """One row per canonical line, with where it came from in the file as JSON (None for plain text)."""
    sources = document.sources or [{}] * len(document.lines)
    return [{"doc_id": doc_id, "line": number, "text": text,
             "source": json.dumps(where, ensure_ascii=False, sort_keys=True) if where else None}
            for number, (text, where) in enumerate(zip(document.lines, sources, strict=True), start=1)]


def document_tables(source, result) -> dict[str, pd.DataFrame]:
    """One document's rows of the public tables (plus text_units), before the corpus-wide merge of agencies."""
    return {name: table_frame(data, name) for name, data in document_rows(source, result).items()}


def document_arrow_tables(source, result) -> dict[str, pa.Table]:
    """document_tables as Arrow tables, made straight from the rows (what the build keeps: a third of the time
    of making DataFrames and converting them; read back as DataFrames they are the same)."""
    return {name: rows_table(data, name) for name, data in document_rows(source, result).items()}


def document_rows(source, result) -> dict[str, list[dict]]:
    """One document's rows of each table, as dicts."""
    rows = {name: [] for name in DOCUMENT_TABLES}
    rows["documents"].append(document_row(source, result.document))
    rows["document_lines"] += document_line_rows(source["doc_id"], result.document)
    for seq, task in enumerate(result.tasks, start=1):
        row = task_row(source, seq, task)
        rows["tasks"].append(row)
        links = list(agency_links(source, row["task_id"], task))
        for agency, link in links:
            rows["agencies"].append(agency)
            rows["task_agencies"].append(link)
        rows["etl_warnings"] += agency_warnings(source, task, links)
        rows["text_units"] += text_units(source, row["task_id"], task, row["deadline_year"])
    for number, goal in enumerate(result.goals, start=1):
        goal_id = f"{source['doc_id']}-g{number:02d}"
        rows["goals"].append({"goal_id": goal_id, "doc_id": source["doc_id"],
                              "region_id": source["region_id"], "section": goal.section, "text": goal.text,
                              "line_start": goal.line_start, "line_end": goal.line_end})
        rows["text_units"].append({"doc_id": source["doc_id"], "region_id": source["region_id"],
                                   "task_id": None, "field": "goal", "scope": "local", "text": goal.text,
                                   "line_start": goal.line_start, "line_offsets": goal.line_offsets,
                                   "deadline_year": None})
    rows["etl_warnings"] += [{"doc_id": source["doc_id"], "line": warning.line, "stage": warning.stage,
                              "code": warning.code, "message": warning.message} for warning in result.warnings]
    return rows


def table_columns(rows: list[dict], name: str) -> list[str]:
    """The rows' keys; for no rows, the schema's columns (an empty table keeps them: a list with no agency
    named)."""
    return list(rows[0]) if rows else list(TABLES.get(name, ()))


def table_frame(rows: list[dict], name: str) -> pd.DataFrame:
    return rows_frame(rows, table_columns(rows, name))


def rows_table(rows: list[dict], name: str) -> pa.Table:
    """table_frame as an Arrow table (its columns' types inferred by Arrow: read back as a DataFrame, the same
    frame)."""
    return pa.table({column: [row[column] for row in rows] if rows else pa.nulls(0)
                     for column in table_columns(rows, name)})


def combine(documents: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The tables of all documents together; an agency named in several documents of a region is one row."""
    return merge_documents({name: pd.concat([document[name] for document in documents], ignore_index=True)
                            for name in DOCUMENT_TABLES})


def merge_documents(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The documents' rows concatenated → the public tables: one row per agency of a region."""
    tables = dict(tables)
    tables["agencies"] = merge_agency_roles(tables["agencies"], tables["task_agencies"])
    tables["task_agencies"] = tables["task_agencies"].drop_duplicates(["task_id", "agency_id", "role"])
    return tables


def assemble(parsed) -> dict[str, pd.DataFrame]:
    """Turn parse results into the public tables (plus text_units for the metric stage)."""
    return combine([document_tables(source, result) for source, result in parsed])


def merge_agency_roles(agencies: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """One row per agency; an agency named both as an office and a department keeps its department class."""
    implementer_only = links["role"].eq("implementer").groupby(links["agency_id"]).all()
    agencies = agencies.assign(implementer_only=agencies["agency_id"].map(implementer_only))
    agencies = agencies.sort_values(["agency_id", "implementer_only"])
    keep = agencies[(agencies["function"] != "internal_unit") | agencies["implementer_only"]]
    return keep.drop_duplicates("agency_id").drop(columns="implementer_only").sort_values("agency_id")
