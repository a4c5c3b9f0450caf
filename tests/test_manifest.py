"""The sources manifest as a contract (etl/manifest.py): the real manifest loads with its real values, and each
kind of mistake is refused with the manifest, the entry, the line and the key named, plus how to fix it."""

import os
import shutil
from pathlib import Path

import pytest

from etl.errors import ManifestError, SourceError
from etl.manifest import load_manifest, read_manifest
from etl.paths import DEFAULT_MANIFEST, RAW_DIRECTORY
from tests.helpers import edit_entry, entry_line, share_region

MANIFEST_TEXT = DEFAULT_MANIFEST.read_text(encoding="utf-8")


@pytest.fixture
def workspace(tmp_path):
    """A copy of data/raw and a path for the manifest under test."""
    shutil.copytree(RAW_DIRECTORY, tmp_path / "raw")
    return tmp_path


def refusal(workspace: Path, text: str, raw: bool = False, **options) -> str:
    path = workspace / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_manifest(path, workspace / "raw" if raw else None, **options)
    return str(caught.value)


# --- The real manifest -------------------------------------------------------------------------------------

def test_the_real_manifest_gives_its_documents_with_their_values():
    entries = {entry["doc_id"]: entry for entry in load_manifest(DEFAULT_MANIFEST, RAW_DIRECTORY)}
    assert set(entries) >= {"gaoping", "jinzhou", "wafangdian", "zhongwei"}
    assert entries["gaoping"]["issued_on"] == "2021-09-10"
    assert entries["gaoping"]["document_number"] == "高政办发〔2021〕37号"
    assert entries["wafangdian"]["region_zh"] == "瓦房店市"
    assert entries["wafangdian"]["admin_level"] == "county"
    assert [column["field"] for column in entries["jinzhou"]["columns"]] == [
        "seq", "group_title", "content", "responsible", "local_measures", "local_target", "implementer", "deadline"]
    assert entries["jinzhou"]["scope"] == {"content": "parent", "local_measures": "local", "local_target": "local"}
    assert entries["zhongwei"]["places"] == ["中卫", "中宁", "海原", "沙坡头"]
    assert "issuer" not in entries["zhongwei"]  # null in the manifest: left out, read as None by .get()


def test_the_size_limit_defaults_to_20_mb_and_the_command_line_overrides_it():
    manifest = read_manifest(DEFAULT_MANIFEST)
    assert manifest.max_file_bytes() == 20 * 1024 * 1024
    assert manifest.max_file_bytes(0.5) == 512 * 1024


# --- Keys, types, dates, codes -----------------------------------------------------------------------------

def test_a_misspelled_key_is_refused_with_line_entry_key_and_the_likely_spelling(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "wafangdian", "local_prefix: 市", "local_prefx: 市")
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}: document 'wafangdian'" in message
    assert "key 'local_prefx': unknown key; did you mean 'local_prefix'?" in message


def test_a_misspelled_goal_key_is_refused(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "zhongwei", "goal_section_pattern: 目标", "goal_pattern: 目标")
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}: document 'zhongwei'" in message
    assert "did you mean 'goal_section_pattern'?" in message


def test_a_misspelled_column_field_is_refused_naming_the_column(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "wafangdian", "- {name: 责任部门, field: responsible}",
                            "- {name: 责任部门, field: leed}")
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}: document 'wafangdian'" in message
    assert "key 'columns[4].field': unknown column field 'leed'; did you mean 'lead'?" in message


@pytest.mark.parametrize(("old", "new", "words"), [
    ("- {name: 序号, field: seq}", "- {name: 序号, field: ignore}", "the first column must be the row number"),
    ("- {name: 主要任务, field: group_title}", "- {name: 主要任务, field: content}", "field 'content' is given to"),
    ("- {name: 任务内容, field: content}", "- {name: 任务内容, field: ignore}", "no column has field: content"),
    ("- {name: 主要任务, field: group_title}", "- {name: 主要任务, field: group_title, width: 3}",
     "key 'columns[2].width': unknown key"),
])
def test_columns_that_cannot_be_read_are_refused(workspace, old, new, words):
    text, _ = edit_entry(MANIFEST_TEXT, "wafangdian", old, new)
    message = refusal(workspace, text)
    assert "document 'wafangdian'" in message and words in message


def test_a_bad_date_is_a_message_not_a_crash(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "gaoping", "issued_on: 2021-09-10", "issued_on: 2021-13-40")
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}: document 'gaoping' (documents entry 1), key 'issued_on'" in message
    assert "'2021-13-40'" in message and "YYYY-MM-DD" in message


def test_a_year_alone_is_not_a_date(workspace):
    text, _ = edit_entry(MANIFEST_TEXT, "gaoping", "issued_on: 2021-09-10", "issued_on: 2021")
    assert "2021 is not a date: write it as YYYY-MM-DD" in refusal(workspace, text)


@pytest.mark.parametrize(("key", "old", "new", "words"), [
    ("admin_level", "admin_level: county", "admin_level: city", "'city' is not allowed; did you mean 'county'?"),
    ("issuer_kind", "issuer_kind: city_government", "issuer_kind: government",
     "did you mean 'city_government'?"),
    ("layout", "layout: prose", "layout: prose_numbered", "unknown layout 'prose_numbered'"),
    ("title", "title: 高平市推进职业教育改革发展行动计划", "title: 2021", "expected text, got 2021"),
    ("doc_id", "- doc_id: gaoping", "- doc_id: Gao Ping", "'Gao Ping' is not a valid id"),
    ("goal_section_pattern", "goal_section_pattern: 目标", "goal_section_pattern: 目标(",
     "not a valid regular expression"),
    ("places", "places: [高平]", "places: 高平", "Input should be a valid list"),
])
def test_wrong_values_are_refused_with_the_key(workspace, key, old, new, words):
    text, line = edit_entry(MANIFEST_TEXT, "gaoping", old, new)
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}:" in message and f"key '{key}'" in message and words in message


def test_plan_years_must_be_in_order(workspace):
    text, _ = edit_entry(MANIFEST_TEXT, "zhongwei", "issued_on: null",  # Gaoping states its start year already
                         "issued_on: null\nplan_start_year: 2025\nplan_end_year: 2021")
    assert "plan_start_year 2025 is after plan_end_year 2021" in refusal(workspace, text)


def test_a_missing_field_is_named(workspace):
    text, _ = edit_entry(MANIFEST_TEXT, "jinzhou", "title: 《教育部辽宁省人民政府关于整省推进职业教育实用高效发展提升服务辽宁振兴能力"
                                                   "的意见》任务落实举措清单", None)
    message = refusal(workspace, text)
    assert f"sources.yaml:{entry_line(MANIFEST_TEXT, 'jinzhou')}: document 'jinzhou'" in message
    assert "key 'title': this required key is missing; expected the document's title" in message


def test_every_problem_is_listed_at_once(workspace):
    text, first = edit_entry(MANIFEST_TEXT, "gaoping", "local_prefix: 市", "local_prefx: 市")
    text, second = edit_entry(text, "zhongwei", "admin_level: prefecture", "admin_level: city")
    message = refusal(workspace, text)
    assert f"sources.yaml:{first}:" in message and f"sources.yaml:{second}:" in message
    assert message.endswith("2 problems in the manifest " + str(workspace / "sources.yaml"))


def test_an_unknown_top_level_key_is_refused(workspace):
    message = refusal(workspace, MANIFEST_TEXT + "limit:\n  max_file_mb: 5\n")
    assert "key 'limit': unknown key; did you mean 'limits'?" in message


# --- Between entries: ids, files, regions ------------------------------------------------------------------

def test_a_duplicate_doc_id_names_both_entries(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "wafangdian", "- doc_id: wafangdian", "- doc_id: jinzhou")
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}:" in message
    assert f"'jinzhou' is already used by documents entry 2 (line {entry_line(MANIFEST_TEXT, 'jinzhou')})" in message


def test_one_file_listed_twice_is_refused(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "wafangdian", "file: wafangdian.txt", "file: jinzhou.txt")
    assert f"sources.yaml:{line}:" in refusal(workspace, text)


def test_a_region_id_used_by_two_documents_is_refused_unless_declared(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "wafangdian", "region_id: wafangdian", "region_id: jinzhou")
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}: document 'wafangdian'" in message
    assert "Region tables would combine the two documents" in message and "regions:" in message


def shared_region_manifest() -> str:
    return share_region(MANIFEST_TEXT, ["jinzhou", "wafangdian"])


def test_a_declared_region_is_shared_and_fills_in_its_fields(workspace):
    path = workspace / "sources.yaml"
    path.write_text(shared_region_manifest(), encoding="utf-8")
    entries = {entry["doc_id"]: entry for entry in load_manifest(path, workspace / "raw")}
    for doc_id in ("jinzhou", "wafangdian"):
        assert entries[doc_id]["region_id"] == "liaoning_demo"
        assert entries[doc_id]["region_zh"] == "辽宁示例"
        assert entries[doc_id]["admin_level"] == "prefecture"
    assert entries["zhongwei"]["region_zh"] == "中卫市"


def test_a_document_may_not_contradict_its_declared_region(workspace):
    text, line = edit_entry(shared_region_manifest(), "jinzhou", "region_id: liaoning_demo",
                            "region_id: liaoning_demo\nregion_en: Jinzhou")
    message = refusal(workspace, text)
    assert f"sources.yaml:{line + 1}: document 'jinzhou'" in message
    assert "'Jinzhou' contradicts the declared region 'liaoning_demo' ('Liaoning demo')" in message


# --- The file: inside the raw folder, a regular file, within the limit ------------------------------------

@pytest.mark.parametrize(("value", "words"), [
    ("../../x.txt", "'..' is not allowed"),
    ("/etc/passwd", "an absolute path is not allowed"),
    ("sub\\\\gaoping.txt", "with / between folders"),
])
def test_a_file_outside_the_raw_folder_is_refused_by_its_name(workspace, value, words):
    text, line = edit_entry(MANIFEST_TEXT, "gaoping", "file: gaoping.txt", f'file: "{value}"')
    message = refusal(workspace, text)
    assert f"sources.yaml:{line}: document 'gaoping' (documents entry 1), key 'file'" in message
    assert words in message


def replace_raw_file(workspace: Path, make) -> str:
    target = workspace / "raw" / "gaoping.txt"
    target.unlink()
    make(target)
    _, line = edit_entry(MANIFEST_TEXT, "gaoping", "file: gaoping.txt", "file: gaoping.txt")
    return refusal(workspace, MANIFEST_TEXT, raw=True), line


@pytest.mark.parametrize(("make", "words"), [
    (lambda target: target.symlink_to("/dev/zero"), "leads outside the raw folder"),
    (lambda target: target.symlink_to(RAW_DIRECTORY / "gaoping.txt"), "leads outside the raw folder"),
    (lambda target: target.mkdir(), "is a directory, not a file"),
    (lambda target: os.mkfifo(target), "is a named pipe (FIFO), not a file"),
    (lambda target: None, "does not exist"),
])
def test_a_raw_file_that_is_not_a_regular_file_inside_the_folder_is_refused(workspace, make, words):
    message, line = replace_raw_file(workspace, make)
    assert f"sources.yaml:{line}: document 'gaoping' (documents entry 1), key 'file'" in message
    assert words in message


def test_a_symlink_inside_the_raw_folder_is_followed(workspace):
    (workspace / "raw" / "gaoping.txt").rename(workspace / "raw" / "original.txt")
    (workspace / "raw" / "gaoping.txt").symlink_to(workspace / "raw" / "original.txt")
    (workspace / "sources.yaml").write_text(MANIFEST_TEXT, encoding="utf-8")
    assert len(read_manifest(workspace / "sources.yaml", workspace / "raw").documents) >= 4


def test_a_file_over_the_size_limit_is_refused_with_both_ways_to_raise_it(workspace):
    (workspace / "raw" / "gaoping.txt").write_bytes(b"x" * (3 * 1024 * 1024))
    message = refusal(workspace, MANIFEST_TEXT.replace("documents:\n", "limits:\n  max_file_mb: 2\n\ndocuments:\n", 1),
                      raw=True)
    assert "gaoping.txt' is 3.0 MB, over the limit of 2 MB per file" in message
    assert "limits: {max_file_mb: N}" in message and "--max-file-mb N" in message
    assert "over the limit of 1 MB" in refusal(workspace, MANIFEST_TEXT, raw=True, max_file_mb=1)
    (workspace / "sources.yaml").write_text(MANIFEST_TEXT, encoding="utf-8")
    assert read_manifest(workspace / "sources.yaml", workspace / "raw").max_file_bytes() == 20 * 1024 * 1024


# --- The file itself: encoding, YAML -------------------------------------------------------------------------

def test_a_gbk_manifest_is_refused_naming_its_encoding(workspace):
    path = workspace / "sources.yaml"
    path.write_bytes(MANIFEST_TEXT.encode("gb18030"))
    with pytest.raises(SourceError) as caught:
        read_manifest(path)
    first_chinese = next(number for number, line in enumerate(MANIFEST_TEXT.split("\n"), start=1)
                         if not line.isascii())
    assert str(caught.value).startswith(f"{path}:{first_chinese}: the manifest is not UTF-8")
    assert "GBK/GB18030; save it as UTF-8" in str(caught.value)


def test_broken_yaml_names_its_line(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "wafangdian", "region_en: Wafangdian", "region_en: Wafangdian: Dalian")
    message = refusal(workspace, text)
    assert message.startswith(f"{workspace / 'sources.yaml'}:{line}: not valid YAML")


def test_a_key_written_twice_is_refused(workspace):
    text, line = edit_entry(MANIFEST_TEXT, "zhongwei", "layout: prose",
                            "layout: prose\nlayout: table")
    assert f"sources.yaml:{line + 1}: key 'layout' is written twice in the same mapping (first on line {line})" \
        in refusal(workspace, text)


def test_an_alias_bomb_is_refused(workspace):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join([f'*{chr(97 + level)}'] * 10)}]\n" for level in range(6))
    assert "expands to more than" in refusal(workspace, bomb)


def test_an_empty_manifest_is_refused(workspace):
    assert "the manifest must be a mapping with a documents: list" in refusal(workspace, "")
    assert "key 'documents': List should have at least 1 item" in refusal(workspace, "documents: []\n")


def test_errors_are_manifest_errors_with_one_problem_per_line(workspace):
    text, _ = edit_entry(MANIFEST_TEXT, "gaoping", "local_prefix: 市", "local_prefx: 市")
    (workspace / "sources.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        read_manifest(workspace / "sources.yaml")
    assert len(caught.value.problems) == 1


@pytest.mark.parametrize(("text", "words"), [
    ("documents: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
    (MANIFEST_TEXT.replace("title: 高平", "title: \x00高平"), "the character '\\x00' is not allowed"),
    ("documents: !!python/object/apply:os.system [ls]\n", "could not determine a constructor"),
    (MANIFEST_TEXT + "\n---\ndocuments: []\n", "found another document"),
    (MANIFEST_TEXT.replace("- doc_id: gaoping", "- doc_id: no"), "got a yes/no value"),
    ("documents:\n  - gaoping\n", "documents entry 1: Input should be a valid dictionary"),
])
def test_hostile_or_odd_yaml_is_a_message(workspace, text, words):
    assert words in refusal(workspace, text)
