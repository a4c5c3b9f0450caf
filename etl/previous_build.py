"""Compare a new build with the database it is about to replace, document by document (same doc_id), so that
nothing is lost silently:

- the file is byte for byte the same (same SHA-256) but gives a different number of items → error when the
  code and rule files are also unchanged (same fingerprint, etl/version.py): the loss then comes from the
  manifest entry; a warning when the reading itself changed (a new version of the parsers);
- the new text is a strict prefix of the previous text → error: the file was cut short (an interrupted
  download), whether at a row boundary or not;
- fewer items than the previous build → warning.

`accept_changes=True` (python -m etl --accept-changes) keeps the errors as warnings, for intended changes.
"""

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl.cache import as_frame, as_table, rows_where
from etl.errors import Problem, ProblemsError
from etl.version import code_fingerprint

STAGE = "previous_build"
ACCEPT = "if the change is intended, rebuild with `python -m etl --accept-changes`"


@dataclass(frozen=True)
class Finding:
    doc_id: str | None
    line: int | None
    message: str
    certain: bool  # certain loss: an error unless changes are accepted


def previous_counts(connection) -> dict[str, tuple[str, int]]:
    """doc_id → (source_sha256, number of items) in the previous database."""
    rows = connection.execute("SELECT d.doc_id, d.source_sha256, count(t.task_id) FROM documents d "
                              "LEFT JOIN tasks t ON t.doc_id = d.doc_id GROUP BY d.doc_id, d.source_sha256")
    return {doc_id: (sha256, count) for doc_id, sha256, count in rows.fetchall()}


def previous_text(connection, doc_id: str) -> str | None:
    """The previous build's canonical text of a document (None when that database kept no lines)."""
    tables = {name for (name,) in connection.execute("SELECT table_name FROM information_schema.tables")
              .fetchall()}
    if "document_lines" not in tables:
        return None
    lines = connection.execute("SELECT text FROM document_lines WHERE doc_id = ? ORDER BY line", [doc_id])
    return "\n".join(text or "" for (text,) in lines.fetchall())


def previous_fingerprint(connection) -> str | None:
    """The code fingerprint of the previous build (None for a database made before build_info existed)."""
    tables = {name for (name,) in connection.execute("SELECT table_name FROM information_schema.tables")
              .fetchall()}
    if "build_info" not in tables:
        return None
    row = connection.execute("SELECT code_fingerprint FROM build_info").fetchone()
    return row[0] if row else None


def compare_document(connection, doc_id, sha256, count, lines, previous, same_code=True) -> list[Finding]:
    old_sha256, old_count = previous
    if sha256 == old_sha256:
        if count == old_count:
            return []
        if not same_code:
            return [Finding(doc_id, None, f"the file is unchanged but this version of the ETL reads {count} items "
                                          f"where the previous one read {old_count}", False)]
        return [Finding(doc_id, None, f"the file is unchanged (same SHA-256) but gives {count} items where the "
                                      f"previous build had {old_count}: the manifest entry changed how it is "
                                      "read; check the entry (layout, columns)", True)]
    new_text, old_text = "\n".join(lines).rstrip(), previous_text(connection, doc_id)
    if old_text is not None and new_text != old_text.rstrip() and old_text.startswith(new_text):
        last = new_text.count("\n") + 1
        return [Finding(doc_id, last, f"the text stops after line {last} but the previous build's "
                                            f"copy of this document goes on ({old_text.count(chr(10)) + 1} lines, "
                                            f"{old_count} items; now {count}): the file looks cut short (an "
                                            "interrupted download?); fetch it again", True)]
    if count < old_count:
        return [Finding(doc_id, None, f"{count} items where the previous build of this document had "
                                      f"{old_count}: check that nothing is missing", False)]
    return []


def compare_with_previous(db_path, tables: dict) -> list[Finding]:
    """Findings for every document also present in the previous database (none when there is none)."""
    if not Path(db_path).exists():
        return []
    tasks = as_frame(tables["tasks"], ["doc_id"])
    counts = tasks.groupby("doc_id").size() if len(tasks) else pd.Series(dtype=int)
    findings = []
    try:
        with duckdb.connect(str(db_path), read_only=True) as connection:
            previous = previous_counts(connection)
            same_code = previous_fingerprint(connection) == code_fingerprint()
            documents = as_frame(tables["documents"], ["doc_id", "source_sha256"])
            lines = changed_lines(tables["document_lines"], {doc_id for doc_id, sha256 in documents.itertuples(
                index=False) if doc_id in previous and previous[doc_id][0] != sha256})
            for doc_id, sha256 in documents.itertuples(index=False):
                if doc_id in previous:
                    findings += compare_document(connection, doc_id, sha256, int(counts.get(doc_id, 0)),
                                                 lines.get(doc_id, []), previous[doc_id], same_code)
    except duckdb.Error as error:
        return [Finding(None, None, f"the previous database could not be read, nothing compared: {error}", False)]
    return findings


def changed_lines(document_lines, doc_ids: set[str]) -> pd.Series:
    """doc_id → its canonical lines, for the documents whose file changed (only their text is compared)."""
    if not doc_ids:
        return pd.Series(dtype=object)
    frame = as_frame(rows_where(as_table(document_lines), "doc_id", doc_ids), ["doc_id", "text"])
    return frame.groupby("doc_id")["text"].agg(list)


def check_against_previous(db_path, tables: dict, locations: dict, accept_changes: bool = False) -> pd.DataFrame:
    """Warning rows (stage previous_build) for etl_warnings; raises ProblemsError for certain losses unless
    accept_changes. locations: doc_id → (raw file path, 'manifest:line, document …') for the messages."""
    findings = compare_with_previous(db_path, tables)
    refused = [finding for finding in findings if finding.certain and not accept_changes]
    if refused:
        raise ProblemsError(db_path, [
            Problem(finding.line, f"{locations[finding.doc_id][1]}: {finding.message}; {ACCEPT}",
                    locations[finding.doc_id][0]) for finding in refused],
            "documents would lose items against the previous build")
    return pd.DataFrame([{"doc_id": finding.doc_id, "line": finding.line, "stage": STAGE,
                          "message": finding.message} for finding in findings],
                        columns=["doc_id", "line", "stage", "message"])
