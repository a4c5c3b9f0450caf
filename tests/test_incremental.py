"""Incremental builds on copies of the seeds: an unchanged document is reused, a changed file or manifest entry
is read again, and the database is the same as a build from scratch."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.cache import cache_folder
from etl.paths import DEFAULT_MANIFEST
from etl.schema import TABLES

RAW_DIR = DEFAULT_MANIFEST.parent / "raw"


def copy_seeds(folder: Path) -> Path:
    shutil.copytree(RAW_DIR, folder / "raw")
    shutil.copy(DEFAULT_MANIFEST, folder / "sources.yaml")
    return folder / "sources.yaml"


def run_build(db: Path, manifest: Path, **options) -> tuple[dict, list[str]]:
    messages: list[str] = []
    tables = build(db, manifest, progress=messages.append, **options)
    return tables, messages


def reuse_line(messages: list[str]) -> str:
    return next(message.strip() for message in messages if message.strip().startswith("reused:"))


def table_rows(db: Path) -> dict[str, list]:
    """Every table's rows, but build_info (it holds the time of the build)."""
    with duckdb.connect(str(db), read_only=True) as connection:
        return {name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"').fetchall()))
                for name in TABLES if name != "build_info"}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("incremental")
    manifest = copy_seeds(folder)
    db = folder / "db" / "policy.duckdb"
    _, messages = run_build(db, manifest)
    return folder, manifest, db, messages


def test_first_build_reads_every_document(first_build):
    _, _, db, messages = first_build
    assert reuse_line(messages).startswith("reused: parse results of 0 of 4 documents, derived results of 0 of 4")
    assert cache_folder(db).is_dir()


def test_second_build_reuses_every_document_and_stage(first_build):
    _, manifest, db, _ = first_build
    before = table_rows(db)
    _, messages = run_build(db, manifest)
    assert reuse_line(messages) == "reused: parse results of 4 of 4 documents, derived results of 4 of 4"
    assert any("matching" in message and "(reused: all)" in message for message in messages)
    assert any("agency load" in message and "(reused: 4 of 4 regions)" in message for message in messages)
    assert table_rows(db) == before


def test_a_changed_target_reads_one_document_and_equals_a_build_from_scratch(first_build, tmp_path):
    folder, manifest, db, _ = first_build
    path = folder / "raw" / "zhongwei.txt"
    text = path.read_text(encoding="utf-8")
    assert "年培训达到1万人次以上" in text
    path.write_text(text.replace("年培训达到1万人次以上", "年培训达到2万人次以上"), encoding="utf-8")
    _, messages = run_build(db, manifest)
    assert reuse_line(messages) == ("reused: parse results of 3 of 4 documents, derived results of 3 of 4; "
                                    "read again: zhongwei")
    assert any("agency load" in message and "(reused: 3 of 4 regions)" in message for message in messages)
    assert any("matching" in message and "(reused: all)" in message for message in messages)  # numbers: no text
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("""SELECT count(*) FROM metrics WHERE region_id = 'zhongwei' AND value = 20000
                                     AND raw_text LIKE '%2万人次%'""").fetchone()[0] == 1
    scratch = tmp_path / "scratch.duckdb"
    run_build(scratch, manifest, cache_dir=None)
    assert table_rows(db) == table_rows(scratch)


def test_a_changed_manifest_entry_reads_its_document_again(first_build):
    folder, manifest, db, _ = first_build
    text = manifest.read_text(encoding="utf-8")
    changed = re.sub(r"(description_en: A county-level city government's action plan)", r"\1 (revised)", text)
    assert changed != text
    manifest.write_text(changed, encoding="utf-8")
    _, messages = run_build(db, manifest)
    assert reuse_line(messages).endswith("read again: gaoping")
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT description_en FROM documents WHERE doc_id = 'gaoping'").fetchone()[0]\
            .startswith("A county-level city government's action plan (revised);")


def test_an_unreadable_cache_entry_is_made_again(first_build):
    _, manifest, db, _ = first_build
    for entry in cache_folder(db).glob("document-*.pickle"):
        entry.write_bytes(b"not a pickle")
    _, messages = run_build(db, manifest)
    assert reuse_line(messages).startswith("reused: parse results of 0 of 4 documents")


def test_without_cache_nothing_is_kept(tmp_path):
    manifest = copy_seeds(tmp_path)
    db = tmp_path / "db" / "policy.duckdb"
    _, messages = run_build(db, manifest, cache_dir=None)
    assert reuse_line(messages).startswith("reused: parse results of 0 of 4 documents")
    assert not cache_folder(db).exists()
