"""Write the public tables as Parquet, partitioned by region, for engines beyond one machine (docs/parquet.md).

<folder>/<table>/region_id=<region>/data_0.parquet for every table with a `region_id`, and
<folder>/<table>/task_region_id=<region>/data_0.parquet for the tables keyed by task (task_terms, task_themes …),
partitioned by the region of their task under a name of its own, so that a join with `tasks` never meets two
`region_id` columns. Codebooks without a region (indicators, themes, topics) are one file,
<folder>/<table>/data_0.parquet. The files are written into a
temporary folder beside <folder> and swapped in when all are done, so readers never see half an export.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb

from etl.schema import TABLES

TASK_REGION = "task_region_id"


def region_source(table: str) -> tuple[str, str] | None:
    """(SELECT giving the rows with a column to partition by, that column), or None for a table without region."""
    columns = TABLES[table]
    if "region_id" in columns:
        return f'SELECT * FROM "{table}"', "region_id"
    if "task_id" in columns:
        return f'SELECT x.*, t.region_id AS {TASK_REGION} FROM "{table}" x JOIN tasks t USING (task_id)', TASK_REGION
    return None


def export_table(connection, table: str, folder: Path) -> None:
    source = region_source(table)
    target = str(folder / table).replace("'", "''")
    if source is None:
        (folder / table).mkdir(parents=True)
        connection.execute(f"COPY \"{table}\" TO '{target}/data_0.parquet' (FORMAT parquet)")
    else:
        select, column = source
        connection.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet, PARTITION_BY ({column}))")


def write_parquet(db_path, folder) -> Path:
    """Export every public table of the database into `folder` (replaced as a whole); returns the folder."""
    folder = Path(folder).resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=folder.name + ".tmp", dir=folder.parent))
    try:
        with duckdb.connect(str(db_path), read_only=True) as connection:
            for table in TABLES:
                export_table(connection, table, staging)
        swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def swap_in(staging: Path, folder: Path) -> None:
    """Replace folder by staging: the old export is moved aside first and removed last."""
    retired = None
    if folder.exists():
        retired = Path(tempfile.mkdtemp(prefix=folder.name + ".old", dir=folder.parent))
        folder.rename(retired / folder.name)
    staging.rename(folder)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
