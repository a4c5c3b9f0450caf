"""Build the DuckDB file from the sources manifest, top to bottom:

    manifest → parse stages per document (etl/parse) → public tables → derived stages (etl/derive) → save

One build at a time per database file (etl/lock.py); the file is replaced only when everything succeeded.
"""

import time
from contextlib import contextmanager
from pathlib import Path

from etl.derive import STAGES
from etl.lock import build_lock
from etl.manifest import load_manifest
from etl.parse import parse_document
from etl.parse.assemble import assemble
from etl.paths import DEFAULT_DB, DEFAULT_MANIFEST
from etl.save import write_database


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


def parse_documents(manifest_path, raw_dir=None, progress=print, on_step=no_steps):
    """Read and parse every document of the manifest; returns [(source entry, ParseResult)]."""
    manifest_path = Path(manifest_path)
    raw_dir = Path(raw_dir) if raw_dir else manifest_path.parent / "raw"
    sources = load_manifest(manifest_path)
    parsed = []
    for number, source in enumerate(sources, start=1):
        source = dict(source, path=str(raw_dir / source["file"]))
        result = parse_document(source)
        on_step(number, len(sources) + len(STAGES) + 1)
        progress(f"  {source['doc_id']:<12} {source['layout']:<16} {len(result.tasks):>3} items, "
                 f"{len(result.goals)} goal paragraphs, {len(result.warnings)} warnings")
        parsed.append((source, result))
    return parsed


def run_derived_stages(tables: dict, progress=print, on_step=no_steps, timings=None) -> dict:
    documents = len(tables["documents"])
    for number, (name, stage) in enumerate(STAGES, start=1):
        with timed(timings, name):
            new_tables = stage(tables)
        tables.update(new_tables)
        on_step(documents + number, documents + len(STAGES) + 1)
        progress(f"  {name:<12} " + ", ".join(f"{key} {len(frame)}" for key, frame in new_tables.items()))
    return tables


def build(db_path=DEFAULT_DB, manifest_path=DEFAULT_MANIFEST, raw_dir=None, progress=print,
          on_step=no_steps, timings=None) -> dict:
    """Run the whole ETL; returns the tables written (for the summary line and for tests). progress(message)
    receives what the command line prints; on_step(done, total) the position for a progress bar; timings, if
    given, receives the seconds of each stage."""
    with build_lock(db_path, on_wait=progress):
        # Parse stages
        with timed(timings, "parse"):
            parsed = parse_documents(manifest_path, raw_dir, progress, on_step)
            tables = assemble(parsed)
        # Derived stages
        tables = run_derived_stages(tables, progress, on_step, timings)
        # Save
        with timed(timings, "save"):
            write_database(tables, db_path)
        on_step(1, 1)
    return tables


def summary_line(tables) -> str:
    tasks = tables["tasks"]
    counts = {
        "documents": len(tables["documents"]), "tasks": int((tasks["kind"] == "task").sum()),
        "safeguards": int((tasks["kind"] == "safeguard").sum()), "agencies": len(tables["agencies"]),
        "links": len(tables["task_agencies"]),
        "metrics": len(tables["metrics"]) if "metrics" in tables else 0,
        "warnings": len(tables["etl_warnings"]),
    }
    return "ETL summary: " + ", ".join(f"{value} {key}" for key, value in counts.items())
