"""Write the tables into the DuckDB file: a temporary file beside it, swapped in atomically, so a failed or
killed build never leaves a half-written or emptied database behind. Database stages (SQL over the stored
tables) run inside the temporary file before the swap."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from etl.cache import as_table
from etl.errors import SourceError
from etl.lock import temporary_prefix
from etl.schema import TABLES

DUCKDB_MAGIC = (8, b"DUCK")  # offset and bytes of a DuckDB file's signature


def check_replaceable(db_path) -> None:
    """Refuse to overwrite something that is not a DuckDB database (e.g. --db pointing at the manifest)."""
    db_path = Path(db_path)
    if not db_path.exists() or (db_path.is_file() and db_path.stat().st_size == 0):
        return
    if not db_path.is_file():
        raise SourceError(db_path, "is not a file: --db must name the database file to build")
    offset, magic = DUCKDB_MAGIC
    with open(db_path, "rb") as handle:
        head = handle.read(offset + len(magic))
    if head[offset:] != magic:
        raise SourceError(db_path, "exists and is not a DuckDB database: it is not overwritten; remove it or "
                                   "give another --db")


def write_database(tables: dict[str, pa.Table | pd.DataFrame], db_path, finishers: tuple[Callable, ...] = (),
                   later: Callable[[], dict] | None = None) -> None:
    """Write every table of the schema into a temp file next to db_path, run each finisher(connection) on it,
    then the tables later() returns (a stage still running while the rest is written; the finishers, the
    database stages, do not read them), then swap it in atomically."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_path = tempfile.mkstemp(prefix=temporary_prefix(db_path), dir=db_path.parent)
    os.close(handle)
    os.unlink(temp_path)
    try:
        with duckdb.connect(temp_path) as connection:
            for name, columns in TABLES.items():
                create_table(connection, name, columns, tables.get(name))
            for finish in finishers:
                finish(connection)
            for name, table in (later() if later else {}).items():
                if name in TABLES:
                    connection.execute(f'DELETE FROM "{name}"')
                    insert_rows(connection, name, TABLES[name], table)
        os.replace(temp_path, db_path)
    finally:
        for leftover in (temp_path, temp_path + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)


def create_table(connection, name, columns, table) -> None:
    """Create the table with the schema's columns and insert the build's rows (an Arrow table or a DataFrame)."""
    ddl = ", ".join(f'"{column}" {kind}' for column, kind in columns.items())
    connection.execute(f'CREATE TABLE "{name}" ({ddl})')
    insert_rows(connection, name, columns, table)


def insert_rows(connection, name, columns, table) -> None:
    if table is None or len(table) == 0:
        return
    table = as_table(table)
    missing = [column for column in columns if column not in table.column_names]
    assert not missing, f"table {name}: the build produced no column {missing}"
    # One chunk per column: DuckDB reads it twice as fast as the hundreds of per-document chunks
    connection.register("rows_to_insert", table.select(list(columns)).combine_chunks())
    connection.execute(f'INSERT INTO "{name}" SELECT * FROM rows_to_insert')
    connection.unregister("rows_to_insert")
