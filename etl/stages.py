"""Run the region and corpus stages of etl/derive over all documents, reusing a stage's last results when its
inputs are unchanged.

A stage sees only the tables it declares (`Stage.inputs`), so its results depend on nothing else; they are
keyed by the hashes of those tables' rows in every document (etl/cache.py) plus the code version:
- a CORPUS stage (topics, matching) runs again when any document's rows of its inputs changed;
- a REGION stage (agency load) runs again only for the regions whose documents' rows changed, in batches of
  REGION_BATCH regions (a stage's fixed cost per call is shared by a batch's regions; batches of different
  sizes give the same rows, checked at 3,000 documents); its results are kept as one table per output,
  ordered by region, with each region's input key.
Editing a target number changes no token and no matching text: matching and topics are then reused whole.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.cache import (
    DocumentCache,
    Frames,
    as_frame,
    as_table,
    code_version,
    concatenated_tables,
    rows_where,
    to_arrow,
)
from etl.derive import REGION
from etl.workers import map_in_workers

REGION_BATCH = 256


def stage_inputs(stage) -> dict[str, str] | None:
    """{name the stage reads: table of the build}, or None for a stage that sees every table."""
    return stage.inputs() if callable(stage.inputs) else stage.inputs


def last_readers(stages: list, tables: dict) -> dict[str, int]:
    """Internal table (`int_…`) → the position of the last stage that reads it (a stage without declared
    inputs reads every table)."""
    last = {}
    for number, stage in enumerate(stages):
        inputs = stage_inputs(stage)
        read = tables if inputs is None else inputs.values()
        last.update({name: number for name in read if name.startswith("int_")})
    return last


def input_key(stage, documents: list, inputs: dict[str, str]) -> str:
    """The hash of the input tables' rows in these documents (in manifest order), of the code and of the
    stage's setting (variant)."""
    variant = stage.variant() if stage.variant else ""
    digest = hashlib.sha256(f"{code_version()}:{stage.name}:{variant}:{sorted(inputs.items())}".encode())
    for document in documents:
        hashes = ",".join(document.entry.hashes.get(table, "-") for table in inputs.values())
        digest.update(f"{document.source['doc_id']}:{hashes};".encode())
    return digest.hexdigest()


def run_stage(stage, tables: dict, documents: list, cache: DocumentCache) -> tuple[dict, str]:
    """The stage's tables (as Arrow tables) and what was reused ('all', 'none' or 'n of m regions')."""
    inputs = stage_inputs(stage)
    if inputs is None:
        return to_arrow(stage.run(Frames(tables))), "none (reads every table)"
    if stage.scope == REGION:
        return run_region_stage(stage, tables, documents, cache, inputs)
    def run() -> dict[str, pa.Table]:
        return to_arrow(stage.run({name: as_frame(tables[table]) for name, table in inputs.items()}))

    if not stage.reused:
        return run(), "none"
    key = input_key(stage, documents, inputs)
    memo = cache.load(stage.name, "stage", dict)
    if memo and memo.get("key") == key:
        return memo["tables"], "all"
    result = run()
    cache.store(stage.name, {"key": key, "tables": result}, "stage")
    return result, "none"


# --- Region stages ------------------------------------------------------------------------------------------

def by_region(tables: dict, names: tuple[str, ...], regions: set[str]) -> dict[str, dict[str, pd.DataFrame]]:
    """The named tables of the given regions, region by region: rows with the region's region_id, or of
    the region's tasks (only those rows are made DataFrames)."""
    region_of_task = as_frame(rows_where(tables["tasks"], "region_id", regions),
                              ["task_id", "region_id"]).set_index("task_id")["region_id"]
    groups: dict[str, dict[str, pd.DataFrame]] = {region_id: {} for region_id in sorted(regions)}
    for name in names:
        table = tables[name]
        key, values = (("region_id", regions) if "region_id" in table.column_names
                       else ("task_id", region_of_task.index))
        frame = as_frame(rows_where(table, key, values))
        region_ids = frame["region_id"] if key == "region_id" else frame["task_id"].map(region_of_task)
        for region_id, rows in frame.groupby(region_ids.to_numpy(), sort=True):
            groups[region_id][name] = rows
    empty = {name: as_frame(tables[name].slice(0, 0)) for name in names}
    return {region_id: {name: group.get(name, empty[name]) for name in names} for region_id, group in groups.items()}


def run_batch(run, batch: dict) -> dict[str, pa.Table]:
    """A REGION stage on a batch of whole regions (its results as Arrow tables)."""
    return to_arrow(run(batch))


def rows_of_regions(tables: dict[str, pa.Table], regions: list[str]) -> dict[str, pa.Table]:
    return {name: rows_where(table, "region_id", regions) for name, table in tables.items()}


def by_region_order(table: pa.Table) -> pa.Table:
    """The rows ordered by region (a stable sort: each region's rows stay in the order its stage gave them)."""
    return table.take(pc.sort_indices(table, [("region_id", "ascending")]))


def run_region_stage(stage, tables: dict, documents: list, cache: DocumentCache,
                     inputs: dict[str, str]) -> tuple[dict, str]:
    """Run the stage again for the regions whose input rows changed; keep the other regions' rows of its last
    results (kept as one table per output, ordered by region, with each region's input key)."""
    documents_of: dict[str, list] = {}
    for document in documents:
        documents_of.setdefault(document.source["region_id"], []).append(document)
    keys = {region_id: input_key(stage, region_documents, inputs) for region_id, region_documents in
            documents_of.items()}
    tables = {name: as_table(tables[table]) for name, table in inputs.items()} | {"tasks": as_table(tables["tasks"])}
    memo = cache.load(stage.name, "regions", dict) or {}
    previous_keys = memo.get("keys", {})
    fresh = sorted(region_id for region_id in keys if previous_keys.get(region_id) == keys[region_id])
    stale = sorted(set(keys) - set(fresh))
    groups = list(by_region(tables, tuple(inputs), set(stale)).values())
    batches = [{name: pd.concat([group[name] for group in groups[start:start + REGION_BATCH]], ignore_index=True)
                for name in inputs} for start in range(0, len(groups), REGION_BATCH)]
    parts = [rows_of_regions(memo["tables"], fresh)] if fresh else []
    parts += map_in_workers(run_batch, [(stage.run, batch) for batch in batches], None, minimum=2)
    result = {name: by_region_order(table) for name, table in concatenated_tables(parts).items()}
    cache.store(stage.name, {"keys": keys, "tables": result}, "regions")
    return result, f"{len(fresh)} of {len(keys)} regions"
