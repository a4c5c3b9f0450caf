"""Nothing lost silently: plausibility checks of one document's items (etl/parse/checks.py), text after a
table's last row (tab_table), and the comparison with the build a new one replaces (etl/previous_build.py)."""

import pandas as pd
import pytest

from etl.errors import ProblemsError
from etl.manifest import load_manifest
from etl.parse.checks import check_tasks, number_value
from etl.parse.layouts import PARSERS
from etl.paths import DEFAULT_MANIFEST, RAW_DIRECTORY
from etl.previous_build import check_against_previous
from etl.version import project_version

SOURCES = {entry["doc_id"]: entry for entry in load_manifest(DEFAULT_MANIFEST)}


def seed_lines(doc_id: str) -> list[str]:
    return (RAW_DIRECTORY / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")


def parse(doc_id: str, lines: list[str]):
    return PARSERS[SOURCES[doc_id]["layout"]](lines, SOURCES[doc_id])


def task_lines(tables, doc_id: str, number: str) -> tuple[int, int]:
    tasks = tables["tasks"]
    row = tasks[(tasks["doc_id"] == doc_id) & (tasks["task_number"] == number)].iloc[0]
    return int(row["line_start"]), int(row["line_end"])


@pytest.mark.parametrize(("number", "value"), [("14", 14), ("十四", 14), ("二十", 20), ("三", 3), ("二十一", 21),
                                               ("十", 10), ("a", None), ("１", None), (None, None)])
def test_task_numbers_are_read_as_values(number, value):
    assert number_value(number) == value


def test_the_seeds_pass_the_checks(tables):
    warnings = tables["etl_warnings"]
    assert warnings[warnings["stage"] == "check"].empty


def test_a_missing_task_is_a_numbering_gap_at_the_next_task(tables):
    start, end = task_lines(tables, "zhongwei", "14")
    lines = seed_lines("zhongwei")
    result = parse("zhongwei", lines[: start - 1] + [""] * (end - start + 1) + lines[end:])
    warnings = check_tasks(result.tasks)
    assert [(warning.line, warning.stage) for warning in warnings] == [(task_lines(tables, "zhongwei", "15")[0],
                                                                        "check")]
    assert warnings[0].message.startswith("task numbers jump from 13 to 15: task 14 not found")


def test_a_repeated_row_is_a_numbering_repeat(tables):
    start, end = task_lines(tables, "wafangdian", "3")
    lines = seed_lines("wafangdian")
    row = lines[start - 1: end + 1]  # the row and the blank line after it
    result = parse("wafangdian", lines[: end + 1] + row + lines[end + 1:])
    assert [warning.message[:40] for warning in check_tasks(result.tasks)] == [
        "task number 3 follows 3: numbered twice "]


def test_a_last_task_without_its_responsibility_clause_is_flagged(tables):
    start, _ = task_lines(tables, "zhongwei", "25")
    result = parse("zhongwei", seed_lines("zhongwei")[:start])  # cut right after task 25's own paragraph
    warnings = check_tasks(result.tasks)
    assert [warning.line for warning in warnings] == [start]
    assert "the last task (25) has no responsibility clause, while 24 of 25 tasks have one" in warnings[0].message


def test_text_after_the_last_row_does_not_become_agencies():
    lines = seed_lines("wafangdian")
    extra = ["", "", "抄送：市委办公室，市人大常委会办公室，市政协办公室", "瓦房店市人民政府办公室"]
    result = parse("wafangdian", lines + extra)
    assert len(result.tasks) == 57
    assert "".join(result.tasks[-1].responsibility["responsible"]) == "市教育局、市委宣传部、人社局"
    assert [(warning.line, warning.message[:46]) for warning in result.warnings] == [
        (len(lines) + 3, "text after the table's last row is not part of")]
    assert "抄送：市委办公室" in result.warnings[0].message


def test_a_note_after_a_table_whose_last_column_continues_after_blank_lines_is_left_out():
    lines = seed_lines("jinzhou")
    result = parse("jinzhou", lines + ["", "注：各部门于每年12月底前报送落实情况。"])
    assert len(result.tasks) == 54 and result.tasks[-1].deadline_text is None
    assert [warning.line for warning in result.warnings] == [len(lines) + 2]


# --- Against the previous build ----------------------------------------------------------------------------

LOCATIONS = {doc_id: (f"raw/{doc_id}.txt", f"sources.yaml:1, document {doc_id!r}") for doc_id in SOURCES}


def changed(tables, doc_id: str, keep_tasks: int, keep_lines: int | None = None, sha256: str | None = None):
    """A copy of the built tables in which doc_id keeps its first tasks (and lines), maybe with a new hash."""
    tasks = tables["tasks"]
    mine = tasks["doc_id"] == doc_id
    new = dict(tables, tasks=pd.concat([tasks[~mine], tasks[mine].head(keep_tasks)]))
    if keep_lines is not None:
        lines = tables["document_lines"]
        new["document_lines"] = lines[(lines["doc_id"] != doc_id) | (lines["line"] <= keep_lines)]
    if sha256:
        documents = tables["documents"].copy()
        documents.loc[documents["doc_id"] == doc_id, "source_sha256"] = sha256
        new["documents"] = documents
    return new


def test_an_unchanged_rebuild_finds_nothing(built):
    path, tables = built
    assert check_against_previous(path, tables, LOCATIONS).empty


def test_the_same_file_giving_fewer_items_is_refused_unless_accepted(built):
    path, tables = built
    new = changed(tables, "wafangdian", 29)
    with pytest.raises(ProblemsError) as caught:
        check_against_previous(path, new, LOCATIONS)
    assert str(caught.value).startswith("raw/wafangdian.txt: sources.yaml:1, document 'wafangdian': the file is "
                                        "unchanged (same SHA-256) but gives 29 items where the previous build had 57")
    assert "--accept-changes" in str(caught.value)
    warnings = check_against_previous(path, new, LOCATIONS, accept_changes=True)
    assert warnings[["doc_id", "stage"]].values.tolist() == [["wafangdian", "previous_build"]]


def test_a_text_cut_short_at_a_row_boundary_is_refused(built):
    path, tables = built
    start, _ = task_lines(tables, "wafangdian", "30")
    new = changed(tables, "wafangdian", 29, keep_lines=start - 1, sha256="0" * 64)
    with pytest.raises(ProblemsError) as caught:
        check_against_previous(path, new, LOCATIONS)
    error = caught.value
    last_line = len("\n".join(seed_lines("wafangdian")[: start - 1]).rstrip().split("\n"))
    assert error.line == last_line == start - 2  # the blank line between rows 29 and 30 does not count
    assert f"the text stops after line {last_line} but the previous build's copy of this document goes on " \
           f"({len(seed_lines('wafangdian'))} lines, 57 items; now 29)" in str(error)


def test_a_changed_text_with_fewer_items_is_a_warning(built):
    path, tables = built
    new = changed(tables, "zhongwei", 20, sha256="1" * 64)
    lines = new["document_lines"] = tables["document_lines"].copy()  # never change the session's tables
    lines.loc[(lines["doc_id"] == "zhongwei") & (lines["line"] == 3), "text"] = "另一个标题"
    warnings = check_against_previous(path, new, LOCATIONS)
    assert warnings.values.tolist() == [["zhongwei", None, "previous_build",
                                         "20 items where the previous build of this document had 25: check that "
                                         "nothing is missing"]]


def test_an_unreadable_previous_database_is_noted_not_fatal(tmp_path, tables):
    broken = tmp_path / "policy.duckdb"
    broken.write_bytes(b"not a database")
    warnings = check_against_previous(broken, tables, LOCATIONS)
    assert warnings["message"].str.startswith("the previous database could not be read").tolist() == [True]
    assert check_against_previous(tmp_path / "none.duckdb", tables, LOCATIONS).empty


def test_the_same_file_read_differently_by_new_code_is_a_warning(built, monkeypatch):
    """A new version of the parsers (another code fingerprint) may read an unchanged file differently: that is
    no loss of data, so the build goes on with a warning instead of a refusal."""
    path, tables = built
    monkeypatch.setattr("etl.previous_build.code_fingerprint", lambda: "another version of the ETL")
    warnings = check_against_previous(path, changed(tables, "wafangdian", 29), LOCATIONS)
    assert warnings["message"].tolist() == [
        "the file is unchanged but this version of the ETL reads 29 items where the previous one read 57"]


def test_build_info_names_version_fingerprint_and_time(database):
    version, fingerprint, built_at = database.execute(
        "SELECT project_version, code_fingerprint, built_at FROM build_info").fetchone()
    assert version == project_version() and len(fingerprint) == 64 and built_at.year >= 2026
