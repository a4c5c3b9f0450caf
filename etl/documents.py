"""The per-document work of a build (the map step): parse a document, then derive its rows of the per-document
stages. Each result is reused from the cache (etl/cache.py) when its inputs are unchanged, and made again
otherwise, in worker processes when there are many documents to do.

`parse_document_tables(source)` and `derive_document_tables(parsed, corpus_agencies)` are pure functions of
their arguments: the same calls could run on Spark or Ray executors (docs/performance.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl.cache import CachedDocument, DocumentCache, parsed_key, table_hashes, to_arrow, to_frames
from etl.derive import DOCUMENT, NOT_KEPT, STAGES
from etl.derive.terms import vocabulary_fingerprint
from etl.errors import SourceError
from etl.parse import parse_document
from etl.parse.assemble import document_tables
from etl.workers import map_in_workers


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


# --- The map steps ---------------------------------------------------------------------------------------

def parse_with_entry(source: dict, max_bytes: int):
    """parse_document, with the manifest entry added to any refusal (the file alone does not say which)."""
    try:
        return parse_document(source, max_bytes)
    except SourceError as error:
        raise SourceError(error.path, f"{error.message} ({source['manifest_entry']})", error.line) from None


def parse_document_tables(source: dict, max_bytes: int) -> tuple[dict[str, pa.Table], dict[str, str]]:
    """Read and parse one document into its rows of the public tables (and their hashes)."""
    tables = to_arrow(document_tables(source, parse_with_entry(source, max_bytes)))
    return tables, table_hashes(tables)


def derive_document_tables(parsed: dict[str, pa.Table], corpus_agencies: pd.DataFrame) -> tuple[dict, dict, dict]:
    """Run the per-document derived stages on one document's tables; returns (tables made, their hashes,
    seconds per stage). corpus_agencies (the agency names of the whole corpus) is what the tokenizer's
    vocabulary needs."""
    tables = dict(to_frames(parsed), int_corpus_agencies=corpus_agencies)
    made, seconds = {}, {}
    for stage in (stage for stage in STAGES if stage.scope == DOCUMENT):
        started = time.perf_counter()
        new_tables = stage.run(tables)
        seconds[stage.name] = time.perf_counter() - started
        tables.update(new_tables)
        made.update({name: table for name, table in new_tables.items() if name not in NOT_KEPT})
    made = to_arrow(made)
    return made, table_hashes(made), seconds


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
    results = map_in_workers(derive_document_tables, [(document.entry.parsed,) for document in todo], jobs,
                            shared=(corpus_agencies,))
    for document, (derived, hashes, seconds) in zip(todo, results, strict=True):
        document.entry.derived_key, document.entry.derived = document.derived_key, derived
        document.entry.hashes.update(hashes)
        document.derived_again, document.timings = True, seconds
        cache.store(document.source["doc_id"], document.entry)



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
