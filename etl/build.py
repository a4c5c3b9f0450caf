"""Build the DuckDB file from the sources manifest, top to bottom:

    manifest → parse stages per document (etl/parse) → public tables → comparison with the previous build
    → derived stages (etl/derive: per document, per region, over the corpus, inside the database) → save

Incremental: a document whose file, manifest entry and code are unchanged is neither re-read nor re-parsed nor
re-derived; its rows come from the cache beside the database (etl/cache.py, etl/documents.py), and the
corpus-wide stages are recomputed from them, or reused while their inputs are unchanged (etl/stages.py). One
build at a time per database file (etl/lock.py); the file is replaced only when everything succeeded.
"""

import ctypes
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from etl.cache import DocumentCache, Frames, as_frame, as_table, cache_folder, concatenated_tables, to_arrow
from etl.lock import build_lock
from etl.manifest import read_manifest
from etl.parse.assemble import merge_documents
from etl.paths import DEFAULT_DB, DEFAULT_MANIFEST
from etl.previous_build import check_against_previous
from etl.save import check_replaceable, write_database
from etl.version import build_info_table

BESIDE_THE_DATABASE = "beside the database"


def no_steps(done: int, total: int) -> None:
    """The default step callback: the command line shows messages only."""


@contextmanager
def timed(timings: dict | None, name: str):
    """Add the seconds spent in the block to timings[name] (when the caller asked for timings)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def return_freed_memory() -> None:
    """Give the memory freed so far back to the system (glibc keeps the heap of many small freed blocks, such
    as each document's arrays once they are put together, as the process's own); elsewhere nothing."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def derived_stages() -> tuple:
    """etl/derive's STAGES, imported only once the manifest is accepted: they load the tokenizer and scipy
    (seconds), which a refused manifest should not wait for."""
    from etl.derive import STAGES

    return STAGES


def read_sources(manifest_path, raw_dir=None, max_file_mb=None) -> tuple[list[dict], int]:
    """The manifest's entries, each with `path` (its raw file) and `manifest_entry` ('sources.yaml:line,
    document …', for messages), and the largest file size allowed."""
    manifest_path = Path(manifest_path)
    raw_dir = Path(raw_dir) if raw_dir else manifest_path.parent / "raw"
    manifest = read_manifest(manifest_path, raw_dir, max_file_mb)
    sources = [dict(source, path=str(raw_dir / source["file"]), manifest_entry=manifest.where(number))
               for number, source in enumerate(manifest.entries())]
    return sources, manifest.max_file_bytes(max_file_mb)


def parse_documents(manifest_path, raw_dir=None, progress=print, on_step=no_steps, max_file_mb=None):
    """Read and parse every document of the manifest, without the cache: [(source entry, ParseResult)]
    (for tests and notebooks; `build` keeps per-document results instead)."""
    from etl.documents import parse_with_entry

    sources, max_bytes = read_sources(manifest_path, raw_dir, max_file_mb)
    parsed = []
    for number, source in enumerate(sources, start=1):
        result = parse_with_entry(source, max_bytes)
        on_step(number, len(sources))
        progress(f"  {source['doc_id']:<12} {source['layout']:<16} {len(result.tasks):>3} items, "
                 f"{len(result.goals)} goal paragraphs, {len(result.warnings)} warnings "
                 f"({result.document.format}, {result.document.encoding or 'binary'})")
        parsed.append((source, result))
    return parsed


def compare_with_previous_build(db_path, sources: list[dict], tables: dict, accept_changes: bool) -> dict:
    """Refuse certain losses against the database about to be replaced; keep the rest as warnings."""
    locations = {source["doc_id"]: (source["path"], source["manifest_entry"]) for source in sources}
    found = check_against_previous(db_path, tables, locations, accept_changes)
    if len(found):
        tables["etl_warnings"] = pa.concat_tables([tables["etl_warnings"], as_table(found)],
                                                  promote_options="permissive")
    return tables


def add_document_timings(timings: dict | None, documents: list) -> None:
    """The seconds of each per-document stage, summed over the documents made again (in any process)."""
    for document in documents if timings is not None else ():
        for name, seconds in document.timings.items():
            timings[f"{name} (per document)"] = timings.get(f"{name} (per document)", 0.0) + seconds


@dataclass
class Pending:
    """A stage running in the background: collect() waits for its tables and reports it as done (before a
    stage that needs them, or by the save once the other tables are written); stop() if the build fails
    before."""

    stage: object
    process: object
    finished: Callable

    def collect(self) -> dict:
        new_tables = self.process.result()
        self.finished(self.stage, *new_tables)
        return new_tables[0]

    def stop(self) -> None:
        self.process.stop()


def run_corpus_stages(tables: dict, documents: list, cache, progress=print, on_step=no_steps, timings=None,
                      steps=(0, 0), jobs=None) -> tuple[dict, Pending | None]:
    """The region and corpus stages, in order, each reused where its inputs are unchanged (etl/stages.py).
    With many documents the first of them (matching, the longest) runs in a background process beside the
    others (etl/workers.py InBackground), waited for before a stage that reads every table or one not made
    yet, or else returned as Pending for the save to collect. Meanwhile those others start no worker
    processes of their own."""
    from etl.derive import CORPUS, REGION
    from etl.stages import last_readers, stage_inputs
    from etl.workers import PARALLEL_MINIMUM, InBackground, can_fork, no_workers

    stages = [stage for stage in derived_stages() if stage.scope in (REGION, CORPUS)]
    last_read = last_readers(stages, tables)
    done, total = steps
    background = None

    def finished(stage, new_tables: dict, reused: str, seconds: float) -> None:
        nonlocal done
        tables.update(new_tables)
        return_freed_memory()
        if timings is not None:
            timings[stage.name] = seconds
        done += 1
        on_step(done, total)
        progress(f"  {stage.name:<12} " + ", ".join(f"{key} {table.num_rows}" for key, table in new_tables.items()
                                                    if not key.startswith("int_")) + f" (reused: {reused})")

    try:
        for number, stage in enumerate(stages):
            inputs = stage_inputs(stage)
            if background and (inputs is None or not set(inputs.values()) <= set(tables)):
                background.collect()
                background = None
            if number == 0 and inputs is not None and len(documents) >= PARALLEL_MINIMUM and can_fork(jobs):
                background = Pending(stage, InBackground(timed_stage, (stage, tables, documents, cache)), finished)
            else:
                with no_workers() if background else nullcontext():
                    finished(stage, *timed_stage(stage, tables, documents, cache))
            for name in [name for name, last in last_read.items() if last == number]:
                del tables[name]  # an internal table no later stage reads: not held while they run
    except BaseException:
        if background:
            background.stop()
        raise
    return tables, background


def timed_stage(stage, tables: dict, documents: list, cache) -> tuple[dict, str, float]:
    """run_stage, and its seconds."""
    from etl.stages import run_stage

    started = time.perf_counter()
    new_tables, reused = run_stage(stage, tables, documents, cache)
    return new_tables, reused, time.perf_counter() - started


def database_stages(timings=None) -> tuple:
    """The DATABASE stages as finishers of etl/save.py, each timed."""
    from etl.derive import DATABASE

    def finisher(stage):
        def finish(connection):
            with timed(timings, stage.name):
                stage.run(connection)
        return finish

    return tuple(finisher(stage) for stage in derived_stages() if stage.scope == DATABASE)


def build(db_path=DEFAULT_DB, manifest_path=DEFAULT_MANIFEST, raw_dir=None, progress=print,
          on_step=no_steps, max_file_mb=None, accept_changes=False, timings=None, cache_dir=BESIDE_THE_DATABASE,
          jobs=None, parquet_dir=None) -> dict:
    """Run the whole ETL; returns the tables written (for the summary line and for tests). progress(message)
    receives what the command line prints; on_step(done, total) the position for a progress bar.
    max_file_mb overrides the manifest's size limit; accept_changes keeps certain losses against the previous
    build (etl/previous_build.py) as warnings instead of refusing the build. timings, if given, receives the
    seconds of each stage; cache_dir: where per-document results are kept (None: nowhere, everything is made
    again); jobs: worker processes for the per-document work (default: one per core); parquet_dir: also write
    the public tables there as Parquet, partitioned by region (etl/parquet.py)."""
    cache = DocumentCache(cache_folder(db_path) if cache_dir == BESIDE_THE_DATABASE else cache_dir)
    with build_lock(db_path, on_wait=progress):
        check_replaceable(db_path)
        # Parse stages, one document at a time
        with timed(timings, "parse"):
            sources, max_bytes = read_sources(manifest_path, raw_dir, max_file_mb)
            from etl.derive import CORPUS, REGION
            from etl.documents import derive_where_changed, parse_where_changed, read_documents, reuse_message

            steps = len(sources) + sum(stage.scope in (REGION, CORPUS) for stage in derived_stages()) + 1
            documents = read_documents(sources, cache, max_bytes)
            parse_where_changed(documents, jobs, progress, on_step, steps, max_bytes)
            from etl.derive import DOCUMENT_ONLY, DOCUMENT_SHARED

            tables = concatenated_tables([document.entry.parsed for document in documents], leave_out=DOCUMENT_ONLY)
            tables.update(to_arrow(merge_documents({name: as_frame(tables[name])
                                                    for name in ("agencies", "task_agencies")})))
            tables = compare_with_previous_build(db_path, sources, tables, accept_changes)
            return_freed_memory()
        # Derived stages: per document, then per region and over the corpus
        with timed(timings, "per-document stages"):
            derive_where_changed(documents, as_frame(tables["agencies"], ["name"]), cache, jobs)
            derived = concatenated_tables([document.entry.derived for document in documents], DOCUMENT_SHARED,
                                          DOCUMENT_ONLY)
            tables.update(derived)
            made = ", ".join(f"{name} {table.num_rows}" for name, table in derived.items() if not name.startswith("int_"))
            del derived
            for document in documents:  # the rows are in `tables` now; only the keys and hashes are still needed
                document.entry.parsed, document.entry.derived = {}, {}
            tables = {name: table.combine_chunks() for name, table in tables.items()}  # lets go of each
            # document's small arrays (and its schema's copy of the pandas metadata)
            return_freed_memory()
        progress(f"  per document {made}")
        add_document_timings(timings, documents)
        tables, pending = run_corpus_stages(tables, documents, cache, progress, on_step, timings,
                                            (len(sources), steps), jobs)
        # Save: the database stages run inside the new file before it replaces the old one; a stage still
        # running in the background is collected last
        tables["build_info"] = as_table(build_info_table())
        try:
            with timed(timings, "save"):
                write_database(tables, db_path, database_stages(timings), pending.collect if pending else None)
        except BaseException:
            if pending:
                pending.stop()
            raise
        if parquet_dir:
            from etl.parquet import write_parquet

            with timed(timings, "parquet"):
                progress(f"  parquet      {write_parquet(db_path, parquet_dir)}")
        cache.prune({source["doc_id"] for source in sources})
        progress(reuse_message(documents))
        on_step(1, 1)
    return Frames(tables)


def summary_line(tables: Frames) -> str:
    kinds = tables.columns("tasks", ["kind"])["kind"]
    counts = {
        "documents": tables.rows("documents"), "tasks": int((kinds == "task").sum()),
        "safeguards": int((kinds == "safeguard").sum()), "agencies": tables.rows("agencies"),
        "links": tables.rows("task_agencies"), "metrics": tables.rows("metrics"),
        "warnings": tables.rows("etl_warnings"),
    }
    return "ETL summary: " + ", ".join(f"{value} {key}" for key, value in counts.items())
