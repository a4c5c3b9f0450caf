"""Build the DuckDB file from the sources manifest, top to bottom:

    manifest → parse stages per document (etl/parse) → public tables → comparison with the previous build
    → derived stages (etl/derive) → save

One build at a time per database file (etl/lock.py); the file is replaced only when everything succeeded.
"""

from pathlib import Path

import pandas as pd

from etl.errors import SourceError
from etl.lock import build_lock
from etl.manifest import read_manifest
from etl.parse import parse_document
from etl.parse.assemble import assemble
from etl.paths import DEFAULT_DB, DEFAULT_MANIFEST
from etl.previous_build import check_against_previous
from etl.save import check_replaceable, write_database
from etl.version import build_info_table


def no_steps(done: int, total: int) -> None:
    """The default step callback: the command line shows messages only."""


def derived_stages() -> list:
    """etl/derive's STAGES, imported only once the manifest is accepted: they load jieba and scikit-learn
    (seconds), which a refused manifest should not wait for."""
    from etl.derive import STAGES

    return STAGES


def parse_documents(manifest_path, raw_dir=None, progress=print, on_step=no_steps, max_file_mb=None):
    """Read and parse every document of the manifest; returns [(source entry, ParseResult)]. Each source
    carries `path` (its raw file) and `manifest_entry` ('sources.yaml:line, document …', for messages)."""
    manifest_path = Path(manifest_path)
    raw_dir = Path(raw_dir) if raw_dir else manifest_path.parent / "raw"
    manifest = read_manifest(manifest_path, raw_dir, max_file_mb)
    sources = manifest.entries()
    total_steps = len(sources) + len(derived_stages()) + 1
    parsed = []
    for number, source in enumerate(sources, start=1):
        source = dict(source, path=str(raw_dir / source["file"]), manifest_entry=manifest.where(number - 1))
        result = parse_with_entry(source, manifest.max_file_bytes(max_file_mb))
        on_step(number, total_steps)
        progress(f"  {source['doc_id']:<12} {source['layout']:<16} {len(result.tasks):>3} items, "
                 f"{len(result.goals)} goal paragraphs, {len(result.warnings)} warnings "
                 f"({result.document.format}, {result.document.encoding or 'binary'})")
        parsed.append((source, result))
    return parsed


def parse_with_entry(source: dict, max_bytes: int):
    """parse_document, with the manifest entry added to any refusal (the file alone does not say which)."""
    try:
        return parse_document(source, max_bytes)
    except SourceError as error:
        raise SourceError(error.path, f"{error.message} ({source['manifest_entry']})", error.line) from None


def compare_with_previous_build(db_path, parsed, tables: dict, accept_changes: bool) -> dict:
    """Refuse certain losses against the database about to be replaced; keep the rest as warnings."""
    locations = {source["doc_id"]: (source["path"], source["manifest_entry"]) for source, _ in parsed}
    found = check_against_previous(db_path, tables, locations, accept_changes)
    if len(found):
        tables["etl_warnings"] = pd.concat([tables["etl_warnings"], found], ignore_index=True)
    return tables


def run_derived_stages(tables: dict, progress=print, on_step=no_steps) -> dict:
    documents = len(tables["documents"])
    stages = derived_stages()
    for number, (name, stage) in enumerate(stages, start=1):
        new_tables = stage(tables)
        tables.update(new_tables)
        on_step(documents + number, documents + len(stages) + 1)
        progress(f"  {name:<12} " + ", ".join(f"{key} {len(frame)}" for key, frame in new_tables.items()))
    return tables


def build(db_path=DEFAULT_DB, manifest_path=DEFAULT_MANIFEST, raw_dir=None, progress=print,
          on_step=no_steps, max_file_mb=None, accept_changes=False) -> dict:
    """Run the whole ETL; returns the tables written (for the summary line and for tests). progress(message)
    receives what the command line prints; on_step(done, total) the position for a progress bar.
    max_file_mb overrides the manifest's size limit; accept_changes keeps certain losses against the previous
    build (etl/previous_build.py) as warnings instead of refusing the build."""
    with build_lock(db_path, on_wait=progress):
        check_replaceable(db_path)
        # Parse stages
        parsed = parse_documents(manifest_path, raw_dir, progress, on_step, max_file_mb)
        tables = assemble(parsed)
        tables = compare_with_previous_build(db_path, parsed, tables, accept_changes)
        # Derived stages
        tables = run_derived_stages(tables, progress, on_step)
        # Save
        tables["build_info"] = build_info_table()
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
