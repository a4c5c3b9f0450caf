"""Bad input through the real CLI: each case exits non-zero, names the file and line (the manifest's, the raw
file's or both) on stderr with no traceback, and leaves an existing database byte for byte untouched (same row
counts) with no temporary files behind. Inputs that are now read (GBK, UTF-16 with BOM, a note after a table)
build correctly instead, into a database of their own.

One good build plus one run per case: a refusal at the manifest takes about a second, later ones a few.
"""

import codecs
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.helpers import edit_entry, entry_line, share_region

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MANIFEST = PROJECT_ROOT / "data" / "sources.yaml"
RAW_DIR = PROJECT_ROOT / "data" / "raw"
MANIFEST_TEXT = MANIFEST.read_text(encoding="utf-8")


def run_etl(db: Path, manifest: Path, raw: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "--db", str(db), "--manifest", str(manifest),
                           "--raw", str(raw), *options], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=300)


def folder_state(folder: Path) -> dict[str, str]:
    """The files beside the database with their hashes (the folder of per-document results the build keeps,
    `policy.cache/`, is not a leftover: it is checked for temporary files below)."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())
            if path.is_file()}


def row_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as connection:
        names = [name for (name,) in connection.execute("SELECT table_name FROM information_schema.tables")
                 .fetchall()]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def workspace(root: Path, name: str) -> Path:
    work = root / name
    shutil.copytree(RAW_DIR, work / "raw")
    shutil.copy(MANIFEST, work / "sources.yaml")
    return work


@pytest.fixture(scope="module")
def good_database(tmp_path_factory):
    """A database built from copies of the real inputs, in a folder of its own."""
    root = tmp_path_factory.mktemp("bad_inputs")
    inputs = workspace(root, "good")
    folder = root / "db"
    folder.mkdir()
    db = folder / "policy.duckdb"
    result = run_etl(db, inputs / "sources.yaml", inputs / "raw")
    assert result.returncode == 0, result.stderr
    assert "ETL summary: 4 documents, 153 tasks, 4 safeguards" in result.stdout
    state = folder_state(folder)
    assert list(state) == ["policy.duckdb"], f"the build left other files behind: {list(state)}"
    counts = row_counts(db)
    assert counts["tasks"] == 157 and counts["documents"] == 4
    return root, db, state, counts


def edit_manifest(work: Path, doc_id: str, old: str, new: str | None) -> int:
    """Edit one line of doc_id's entry in the workspace's manifest; returns the edited line's number."""
    path = work / "sources.yaml"
    text, line = edit_entry(path.read_text(encoding="utf-8"), doc_id, old, new)
    path.write_text(text, encoding="utf-8")
    return line


def raw_file(work: Path, doc_id: str) -> Path:
    return work / "raw" / f"{doc_id}.txt"


def seed_text(doc_id: str) -> str:
    return (RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")


def file_line(doc_id: str) -> int:
    """The manifest line of doc_id's `file:` key."""
    return edit_entry(MANIFEST_TEXT, doc_id, f"file: {doc_id}.txt", f"file: {doc_id}.txt")[1]


# Each case: function(workspace) -> (locations of which stderr must name one, words stderr must contain).
# A location is `file:line` (file by its name) or a bare file name.

# --- The raw files ------------------------------------------------------------------------------------------

def empty_file(work):
    raw_file(work, "gaoping").write_bytes(b"")
    return ["gaoping.txt"], ["empty", "document 'gaoping'"]


def utf16_without_byte_order_mark(work):
    raw_file(work, "wafangdian").write_bytes(seed_text("wafangdian").encode("utf-16-le"))
    return ["wafangdian.txt"], ["binary", "UTF-16 (little-endian) text without a byte-order mark", "UTF-8"]


def pdf_named_txt(work):
    """Sniffed as the PDF it is (never trusted by its name), and refused as one cut short."""
    raw_file(work, "wafangdian").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x00stream")
    return ["wafangdian.txt"], ["the PDF ends without its end marker", "cut short"]


def big5_file(work):
    raw_file(work, "zhongwei").write_bytes("\n\n中衛市深化產教融合推進職業教育改革。\n".encode("big5"))
    return ["zhongwei.txt:3"], ["Big5", "UTF-8"]


def cut_mid_character(work):
    data = seed_text("zhongwei").encode("utf-8")
    cut = data[: data.index("市教育局".encode()) + 4]  # 市 whole, 教 cut after its first byte
    raw_file(work, "zhongwei").write_bytes(cut)
    last_line = cut.count(b"\n") + 1
    return [f"zhongwei.txt:{last_line}"], ["ends in the middle of a character", "interrupted"]


def cut_at_a_row_boundary(work):
    lines = seed_text("wafangdian").split("\n")
    kept = "\n".join(lines[: lines.index("\t30")]) + "\n"
    raw_file(work, "wafangdian").write_text(kept, encoding="utf-8")
    last_line = kept.rstrip().count("\n") + 1  # the last line with text: row 29's last cell
    return [f"wafangdian.txt:{last_line}"], ["cut short", "57 items; now 29", "--accept-changes",
                                             f"sources.yaml:{entry_line(MANIFEST_TEXT, 'wafangdian')}"]


def truncated_table(work):
    lines = (RAW_DIR / "jinzhou.txt").read_bytes().split(b"\n")
    raw_file(work, "jinzhou").write_bytes(b"\n".join(lines[:100]) + b"\n")
    # line 99 opens row 8 (TAB 8), line 100 its empty 主要任务 cell: the row stops after 2 of its 8 cells
    assert lines[98] == b"\t8"
    return ["jinzhou.txt:99"], ["truncated", "document 'jinzhou'"]


def symlink_to_dev_zero(work):
    raw_file(work, "gaoping").unlink()
    raw_file(work, "gaoping").symlink_to("/dev/zero")
    return [f"sources.yaml:{file_line('gaoping')}"], ["leads outside the raw folder", "/dev/zero"]


def symlink_leaving_the_folder(work):
    raw_file(work, "gaoping").unlink()
    raw_file(work, "gaoping").symlink_to(RAW_DIR / "gaoping.txt")
    return [f"sources.yaml:{file_line('gaoping')}"], ["leads outside the raw folder", "copy the file"]


def a_directory(work):
    raw_file(work, "jinzhou").unlink()
    raw_file(work, "jinzhou").mkdir()
    return [f"sources.yaml:{file_line('jinzhou')}"], ["is a directory", "document 'jinzhou'"]


def a_fifo(work):
    raw_file(work, "jinzhou").unlink()
    os.mkfifo(raw_file(work, "jinzhou"))
    return [f"sources.yaml:{file_line('jinzhou')}"], ["is a named pipe (FIFO)"]


def a_50_mb_file(work):
    with open(raw_file(work, "zhongwei"), "r+b") as handle:
        handle.truncate(50 * 1024 * 1024)
    return [f"sources.yaml:{file_line('zhongwei')}"], ["50.0 MB, over the limit of 20 MB", "--max-file-mb"]


def a_missing_file(work):
    raw_file(work, "zhongwei").unlink()
    return [f"sources.yaml:{file_line('zhongwei')}"], ["does not exist"]


# --- The manifest -------------------------------------------------------------------------------------------

def file_outside_the_raw_folder(work):
    line = edit_manifest(work, "gaoping", "file: gaoping.txt", "file: ../../x.txt")
    return [f"sources.yaml:{line}"], ["'..' is not allowed", "key 'file'"]


def absolute_file_path(work):
    line = edit_manifest(work, "gaoping", "file: gaoping.txt", f"file: {RAW_DIR / 'gaoping.txt'}")
    return [f"sources.yaml:{line}"], ["absolute path is not allowed"]


def misspelled_key(work):
    line = edit_manifest(work, "wafangdian", "local_prefix: 市", "local_prefx: 市")
    return [f"sources.yaml:{line}"], ["document 'wafangdian'", "'local_prefx'", "did you mean 'local_prefix'"]


def misspelled_column_field(work):
    line = edit_manifest(work, "wafangdian", "- {name: 责任部门, field: responsible}",
                         "- {name: 责任部门, field: responsibel}")
    return [f"sources.yaml:{line}"], ["columns[4].field", "'responsibel'", "did you mean 'responsible'"]


def misspelled_goal_key(work):
    line = edit_manifest(work, "gaoping", "goal_section_pattern: 目标", "goal_sections_pattern: 目标")
    return [f"sources.yaml:{line}"], ["did you mean 'goal_section_pattern'"]


def bad_date(work):
    line = edit_manifest(work, "gaoping", "issued_on: 2021-09-10", "issued_on: 2021-13-40")
    return [f"sources.yaml:{line}"], ["issued_on", "'2021-13-40'", "YYYY-MM-DD"]


def bad_admin_level(work):
    line = edit_manifest(work, "zhongwei", "admin_level: prefecture", "admin_level: city")
    return [f"sources.yaml:{line}"], ["'city' is not allowed"]


def duplicate_doc_id(work):
    line = edit_manifest(work, "wafangdian", "- doc_id: wafangdian", "- doc_id: jinzhou")
    return [f"sources.yaml:{line}"], ["'jinzhou' is already used"]


def region_used_twice(work):
    line = edit_manifest(work, "wafangdian", "region_id: wafangdian", "region_id: jinzhou")
    return [f"sources.yaml:{line}"], ["Region tables would combine", "regions:"]


def unknown_layout(work):
    line = edit_manifest(work, "zhongwei", "layout: prose", "layout: prose_numbered")
    return [f"sources.yaml:{line}"], ["prose_numbered", "did you mean"]


def invalid_yaml(work):
    line = edit_manifest(work, "wafangdian", "region_en: Wafangdian", "region_en: Wafangdian: Dalian")
    return [f"sources.yaml:{line}"], ["YAML"]


def missing_field(work):
    edit_manifest(work, "wafangdian", "region_zh: 瓦房店市", None)
    return [f"sources.yaml:{entry_line(MANIFEST_TEXT, 'wafangdian')}"], ["region_zh"]


def gbk_manifest(work):
    path = work / "sources.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    first = next(number for number, line in enumerate(MANIFEST_TEXT.split("\n"), start=1) if not line.isascii())
    return [f"sources.yaml:{first}"], ["not UTF-8", "GBK/GB18030"]


CASES = [empty_file, utf16_without_byte_order_mark, pdf_named_txt, big5_file, cut_mid_character,
         cut_at_a_row_boundary, truncated_table, symlink_to_dev_zero, symlink_leaving_the_folder, a_directory,
         a_fifo, a_50_mb_file, a_missing_file, file_outside_the_raw_folder, absolute_file_path, misspelled_key,
         misspelled_column_field, misspelled_goal_key, bad_date, bad_admin_level, duplicate_doc_id,
         region_used_twice, unknown_layout, invalid_yaml, missing_field, gbk_manifest]


@pytest.mark.parametrize("make_bad", CASES, ids=[case.__name__ for case in CASES])
def test_bad_input_is_refused_and_database_untouched(good_database, make_bad):
    root, db, state_before, counts_before = good_database
    work = workspace(root, make_bad.__name__)
    locations, words = make_bad(work)

    result = run_etl(db, work / "sources.yaml", work / "raw")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert any(f"{location}:" in result.stderr or result.stderr.rstrip().endswith(location)
               for location in locations), (locations, result.stderr)
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert result.stderr.rstrip().endswith(f"The database {db} was left untouched.")
    assert folder_state(db.parent) == state_before, "the database changed or temporary files were left behind"
    assert row_counts(db) == counts_before
    assert not [path.name for path in [*work.rglob("*"), *db.parent.rglob("*")]
                if ".tmp" in path.name or path.suffix == ".wal"]


# --- Inputs that are read, not refused ----------------------------------------------------------------------

def build_copy(good_database, name: str, make, *options: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Run the ETL on edited inputs against a copy of the good database; returns (result, database)."""
    root, db, _, _ = good_database
    work = workspace(root, name)
    make(work)
    copy = root / f"{name}.duckdb"
    shutil.copy(db, copy)
    return run_etl(copy, work / "sources.yaml", work / "raw", *options), copy


def query(db: Path, sql: str):
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_gbk_and_utf16_with_byte_order_mark_are_read_and_reported(good_database):
    def reencode(work):
        raw_file(work, "zhongwei").write_bytes(seed_text("zhongwei").encode("gbk"))
        raw_file(work, "wafangdian").write_bytes(codecs.BOM_UTF16_LE + seed_text("wafangdian").encode("utf-16-le"))

    result, db = build_copy(good_database, "reencoded", reencode)
    assert result.returncode == 0, result.stderr
    assert "ETL summary: 4 documents, 153 tasks, 4 safeguards, 78 agencies, 589 links" in result.stdout
    assert dict(query(db, "SELECT doc_id, encoding FROM documents")) == {
        "gaoping": "utf-8", "jinzhou": "utf-8", "wafangdian": "utf-16-le", "zhongwei": "gb18030"}
    assert query(db, "SELECT count(*) FROM etl_warnings WHERE stage = 'previous_build'") == [(0,)]


def test_a_note_after_the_last_table_row_is_a_warning_not_agencies(good_database):
    def add_note(work):
        with open(raw_file(work, "wafangdian"), "a", encoding="utf-8") as handle:
            handle.write("\n\n抄送：市委办公室，市人大常委会办公室，市政协办公室\n")

    result, db = build_copy(good_database, "note_after_table", add_note)
    assert result.returncode == 0, result.stderr
    assert "78 agencies, 589 links, 149 metrics, 4 warnings" in result.stdout
    assert query(db, "SELECT count(*) FROM agencies WHERE name LIKE '%抄送%' OR name LIKE '%政协%'") == [(0,)]
    assert query(db, "SELECT line, stage FROM etl_warnings WHERE doc_id = 'wafangdian'") == [(294, "parse")]


def test_a_cut_file_can_be_accepted_on_purpose_and_is_then_a_warning(good_database):
    def cut(work):
        lines = seed_text("wafangdian").split("\n")
        raw_file(work, "wafangdian").write_text("\n".join(lines[: lines.index("\t30")]), encoding="utf-8")

    result, db = build_copy(good_database, "accepted_cut", cut, "--accept-changes")
    assert result.returncode == 0, result.stderr
    assert "ETL summary: 4 documents, 125 tasks" in result.stdout
    warnings = query(db, "SELECT doc_id, line, message FROM etl_warnings WHERE stage = 'previous_build'")
    assert [(doc_id, line) for doc_id, line, _ in warnings] == [("wafangdian", 151)]
    assert "57 items; now 29" in warnings[0][2]


def test_two_documents_of_a_declared_region_are_combined_in_region_tables(good_database):
    def share(work):
        path = work / "sources.yaml"
        path.write_text(share_region(path.read_text(encoding="utf-8"), ["jinzhou", "wafangdian"]), encoding="utf-8")

    result, db = build_copy(good_database, "shared_region", share)
    assert result.returncode == 0, result.stderr
    assert query(db, "SELECT doc_id, region_zh FROM documents WHERE region_id = 'liaoning_demo' ORDER BY 1") == [
        ("jinzhou", "辽宁示例"), ("wafangdian", "辽宁示例")]
    assert query(db, "SELECT task_count FROM region_responsibility WHERE region_id = 'liaoning_demo'") == [(111,)]
    assert query(db, "SELECT count(*) FROM region_responsibility WHERE region_id IN ('jinzhou', 'wafangdian')") \
        == [(0,)]
