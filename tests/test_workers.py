"""The build's parallel paths give the same database as one process: documents derived in batches (their rows
cut back per document), matching in a background process beside the other stages."""

import pytest

import etl.documents
import etl.workers
from etl.build import build
from etl.workers import InBackground
from tests.test_incremental import copy_seeds, table_rows


def test_batches_and_a_background_stage_give_the_same_tables_as_one_process(tmp_path, monkeypatch):
    manifest = copy_seeds(tmp_path)
    build(tmp_path / "alone.duckdb", manifest, progress=lambda message: None, cache_dir=None, jobs=1)
    started = []

    class CountedBackground(InBackground):
        def __init__(self, function, arguments):
            started.append(arguments[0].name)
            super().__init__(function, arguments)

    monkeypatch.setattr(etl.workers, "PARALLEL_MINIMUM", 1)
    monkeypatch.setattr(etl.workers, "InBackground", CountedBackground)
    monkeypatch.setattr(etl.documents, "PARALLEL_MINIMUM", 1)
    monkeypatch.setattr(etl.documents, "batch_size", lambda documents, jobs: 3)  # batches of 3 and 1 seeds
    split, cuts = etl.documents.split_by_document, tmp_path / "cuts"

    def counted_split(tables, parsed, shared):  # runs in the worker processes: it writes down what it cut
        with open(cuts, "a", encoding="utf-8") as file:
            file.write(f"{parsed['documents'].num_rows}\n")
        return split(tables, parsed, shared)

    monkeypatch.setattr(etl.documents, "split_by_document", counted_split)
    messages = []
    build(tmp_path / "parallel.duckdb", manifest, progress=messages.append, cache_dir=None, jobs=2)
    assert started == ["matching"]
    assert any(message.strip().startswith("matching     task_matches") for message in messages)
    assert table_rows(tmp_path / "parallel.duckdb") == table_rows(tmp_path / "alone.duckdb")
    assert sorted(cuts.read_text(encoding="utf-8").split()) == ["1", "3"]


def test_split_by_document_gives_each_document_its_rows_in_their_order():
    import pyarrow as pa

    parsed = {"documents": pa.table({"doc_id": ["a", "b"]}),
              "tasks": pa.table({"task_id": ["a-1", "b-1", "a-2"], "doc_id": ["a", "b", "a"]})}
    made = {"task_terms": pa.table({"task_id": ["b-1", "a-1", "a-2", "b-1"], "term": ["w", "x", "y", "z"]}),
            "int_task_regions": pa.table({"doc_id": ["a", "b"], "n": [1, 2]}),
            "themes": pa.table({"theme": ["t"]})}
    first, second = etl.documents.split_by_document(made, parsed, {"themes"})
    assert first["task_terms"].to_pydict() == {"task_id": ["a-1", "a-2"], "term": ["x", "y"]}
    assert second["task_terms"].to_pydict() == {"task_id": ["b-1", "b-1"], "term": ["w", "z"]}
    assert (first["int_task_regions"]["n"].to_pylist(), second["int_task_regions"]["n"].to_pylist()) == ([1], [2])
    assert first["themes"] is second["themes"] is made["themes"]


def fail(message):
    raise ValueError(message)


def test_a_background_call_returns_its_result_or_raises_its_error():
    assert InBackground(sorted, ([3, 1, 2],)).result() == [1, 2, 3]
    with pytest.raises(ValueError, match="no such table"):
        InBackground(fail, ("no such table",)).result()


def test_a_failed_save_stops_the_background_stage_and_keeps_the_database(tmp_path, monkeypatch):
    import multiprocessing

    import etl.save

    manifest = copy_seeds(tmp_path)
    db = tmp_path / "policy.duckdb"
    build(db, manifest, progress=lambda message: None, cache_dir=None, jobs=1)
    before = table_rows(db)
    monkeypatch.setattr(etl.workers, "PARALLEL_MINIMUM", 1)

    def failing_insert(connection, name, columns, table):
        raise OSError(f"disk full while writing {name}")

    monkeypatch.setattr(etl.save, "insert_rows", failing_insert)
    with pytest.raises(OSError, match="disk full while writing build_info"):
        build(db, manifest, progress=lambda message: None, cache_dir=None, jobs=2)
    assert multiprocessing.active_children() == []
    assert table_rows(db) == before
