"""The per-document work of a build (the map step): parse a document, then derive its rows of the per-document
stages. Each result is reused from the cache (etl/cache.py) when its inputs are unchanged, and made again
otherwise, in worker processes when there are many documents to do.

`parse_document_tables(source)` and `derive_document_tables(parsed, corpus_agencies)` are pure functions of
their arguments: the same calls could run on Spark or Ray executors (docs/performance.md).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from etl.cache import (
    CachedDocument,
    DocumentCache,
    LazyFrames,
    concatenated_tables,
    parsed_key,
    table_hashes,
    to_arrow,
)
from etl.derive import DOCUMENT, DOCUMENT_SHARED, NOT_KEPT, STAGES
from etl.derive.terms import vocabulary_fingerprint
from etl.errors import SourceError
from etl.parse import parse_document
from etl.parse.assemble import document_arrow_tables
from etl.workers import PARALLEL_MINIMUM, map_in_workers, worker_count


@dataclass
class Document:
    """One manifest entry and what the build knows of it."""

    source: dict
    key: str
    entry: CachedDocument | None = None
    derived_key: str = ""
    parsed_again: bool = False
    derived_again: bool = False
    timings: dict = field(default_factory=dict)


DERIVE_BATCH = 16  # documents derived together at most (see derive_batch_tables)


# --- The map steps ---------------------------------------------------------------------------------------

def parse_with_entry(source: dict, max_bytes: int):
    """parse_document, with the manifest entry added to any refusal (the file alone does not say which)."""
    try:
        return parse_document(source, max_bytes)
    except SourceError as error:
        raise SourceError(error.path, f"{error.message} ({source['manifest_entry']})", error.line) from None


def parse_document_tables(source: dict, max_bytes: int) -> tuple[dict[str, pa.Table], dict[str, str]]:
    """Read and parse one document into its rows of the public tables (and their hashes)."""
    tables = document_arrow_tables(source, parse_with_entry(source, max_bytes))
    return tables, table_hashes(tables)


def derive_document_tables(parsed: dict[str, pa.Table], corpus_agencies: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Run the per-document derived stages on one document's tables; returns (tables made, their hashes,
    seconds per stage). corpus_agencies (the agency names of the whole corpus) is what the tokenizer's
    vocabulary needs."""
    return derive_batch_tables([parsed], corpus_agencies)[0]


def derive_batch_tables(batch: list[dict[str, pa.Table]], corpus_agencies: pd.DataFrame) -> list[tuple]:
    """derive_document_tables for several documents at once: their tables put together, each stage run once
    on all of them (a stage's fixed cost per call, mostly pandas', is then shared), and the tables made cut
    back into each document's rows. The stages work task by task, so the rows are the same; the batch's
    seconds per stage go to its first document."""
    parsed = batch[0] if len(batch) == 1 else concatenated_tables(batch)
    tables = LazyFrames(parsed)
    tables["int_corpus_agencies"] = corpus_agencies
    made, seconds = {}, {}
    for stage in (stage for stage in STAGES if stage.scope == DOCUMENT):
        started = time.perf_counter()
        new_tables = stage.run(tables)
        seconds[stage.name] = time.perf_counter() - started
        tables.update(new_tables)
        made.update({name: table for name, table in new_tables.items() if name not in NOT_KEPT})
    per_document = split_by_document(to_arrow(made), parsed, DOCUMENT_SHARED)
    return [(document, table_hashes(document), seconds if number == 0 else dict.fromkeys(seconds, 0.0))
            for number, document in enumerate(per_document)]


def split_by_document(tables: dict[str, pa.Table], parsed: dict[str, pa.Table],
                      shared: set[str]) -> list[dict[str, pa.Table]]:
    """Each document's rows of tables made for a batch of documents (parsed: the batch's tables, documents in
    order); a row belongs to the document of its doc_id, else of its task_id; a shared table goes to all."""
    order_of_documents, tasks = parsed["documents"]["doc_id"].to_pylist(), parsed["tasks"]
    documents = len(order_of_documents)
    if documents == 1:
        return [tables]
    position = {doc_id: number for number, doc_id in enumerate(order_of_documents)}
    task_position = {task_id: position[doc_id]
                     for task_id, doc_id in zip(tasks["task_id"].to_pylist(), tasks["doc_id"].to_pylist(), strict=True)}
    split = [{} for _ in range(documents)]
    for name, table in tables.items():
        if name in shared:
            for document in split:
                document[name] = table
            continue
        column, where = ("doc_id", position) if "doc_id" in table.column_names else ("task_id", task_position)
        owners = np.fromiter((where[key] for key in table[column].to_pylist()), np.int64, table.num_rows)
        order = np.argsort(owners, kind="stable")
        bounds = np.searchsorted(owners[order], np.arange(documents + 1))
        for number, document in enumerate(split):
            document[name] = table.take(order[bounds[number]:bounds[number + 1]])
    return split


# --- Reuse or redo -----------------------------------------------------------------------------------------

def read_documents(sources: list[dict], cache: DocumentCache, max_bytes: int) -> list[Document]:
    """Key every document by its bytes, entry, the size limit and the code; attach what the cache holds for it.
    A file that is missing or too large is left to the parse (which names the problem)."""
    documents = []
    for source in sources:
        path = Path(source["path"])
        data = path.read_bytes() if path.is_file() and path.stat().st_size <= max_bytes else b""
        key = parsed_key(source, data, max_bytes) if data else ""
        documents.append(Document(source, key, cache.load(source["doc_id"]) if key else None))
    return documents


def parse_where_changed(documents: list[Document], jobs: int | None, progress: Callable, on_step: Callable,
                        total_steps: int, max_bytes: int) -> None:
    """Give every document its parsed tables: from the cache, or parsed now (cached with its derived tables)."""
    todo = [document for document in documents
            if not document.key or document.entry is None or document.entry.parsed_key != document.key]
    results = map_in_workers(parse_document_tables, [(document.source, max_bytes) for document in todo], jobs)
    for number, (document, (parsed, hashes)) in enumerate(zip(todo, results, strict=True), start=1):
        document.entry, document.parsed_again = CachedDocument(document.key, parsed, hashes=hashes), True
        on_step(number, total_steps)
        progress(parse_message(document.source, parsed))


def parse_message(source: dict, parsed: dict[str, pa.Table]) -> str:
    return (f"  {source['doc_id']:<12} {source['layout']:<16} {parsed['tasks'].num_rows:>3} items, "
            f"{parsed['goals'].num_rows} goal paragraphs, {parsed['etl_warnings'].num_rows} warnings")


def derive_where_changed(documents: list[Document], corpus_agencies: pd.DataFrame, cache: DocumentCache,
                     jobs: int | None) -> None:
    """Give every document its derived tables: from the cache, or derived now (and cached)."""
    fingerprint = vocabulary_fingerprint(corpus_agencies["name"])
    for document in documents:
        document.derived_key = f"{document.key}:{fingerprint}"
    todo = [document for document in documents if document.entry.derived_key != document.derived_key]
    size = batch_size(len(todo), jobs)
    results = map_in_workers(derive_and_keep, [(start, start + size) for start in range(0, len(todo), size)], jobs,
                             shared=(todo, corpus_agencies, cache), minimum=-(-PARALLEL_MINIMUM // size))
    for document, result in zip(todo, itertools.chain(*results), strict=True):
        keep_derived(document, *result)


def derive_and_keep(start: int, stop: int, todo: list[Document], corpus_agencies: pd.DataFrame,
                    cache: DocumentCache) -> list[tuple]:
    """Derive documents todo[start:stop] together and store each one's cache entry; their results. (Worker
    processes inherit `todo`: only the positions are sent to them, and the entries are written in parallel.)"""
    batch = todo[start:stop]
    results = derive_batch_tables([document.entry.parsed for document in batch], corpus_agencies)
    for document, result in zip(batch, results, strict=True):
        keep_derived(document, *result)
        cache.store(document.source["doc_id"], document.entry)
    return results


def keep_derived(document: Document, derived: dict, hashes: dict, seconds: dict) -> None:
    document.entry.derived_key, document.entry.derived = document.derived_key, derived
    document.entry.hashes.update(hashes)
    document.derived_again, document.timings = True, seconds


def batch_size(documents: int, jobs: int | None) -> int:
    """Documents derived together: at most DERIVE_BATCH, and at least four batches per worker process."""
    return max(1, min(DERIVE_BATCH, documents // (worker_count(jobs) * 4)))


def reuse_message(documents: list[Document]) -> str:
    """What the build reused, in one line (the command line prints it)."""
    parsed = [document.source["doc_id"] for document in documents if document.parsed_again]
    derived = sum(document.derived_again for document in documents)
    total = len(documents)
    line = (f"  reused: parse results of {total - len(parsed)} of {total} documents, derived results of "
            f"{total - derived} of {total}")
    if 0 < len(parsed) <= 5:
        line += f"; read again: {', '.join(parsed)}"
    return line
