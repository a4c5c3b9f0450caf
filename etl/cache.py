"""The per-document cache of incremental builds: what a document's file, manifest entry and the code made last
time, so that an unchanged document is neither re-read nor re-parsed nor re-derived.

One pickle per document in a folder beside the database (`<database>.cache/`, git-ignored), holding two
results as Arrow tables (they load ten times faster than DataFrames and concatenate without copying), each
with the key it was made under:
- parsed: the document's own rows of the public tables (etl/parse/assemble.py, `document_tables`);
  key = SHA-256 of the file's bytes + its manifest entry + its path + the code version;
- derived: its rows of the per-document derived stages (etl/derive, DOCUMENT_STAGES);
  key = the parsed key + what those stages read from the rest of the corpus (the tokenizer's vocabulary).
The code version is the fingerprint of etl/version.py (every Python file of etl/ and every rule file under
data/), so any change to them rebuilds everything. A missing, unreadable or
stale entry is simply made again. Entries are written to a temporary file and renamed, so a killed build
never leaves half an entry.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import json
import os
import pickle
import platform
import tempfile
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.version import code_fingerprint

CACHE_SUFFIX = ".cache"


def cache_folder(db_path) -> Path:
    """data/policy.duckdb → data/policy.cache/"""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + CACHE_SUFFIX)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The fingerprint of the ETL's code and rule files (etl/version.py), the Python version and the
    segmenter's version."""
    from importlib.metadata import version

    return hashlib.sha256(f"{code_fingerprint()} {platform.python_version()} rjieba {version('rjieba')}"
                          .encode()).hexdigest()


def parsed_key(source: dict, data: bytes, max_bytes: int) -> str:
    """The key of a document's parse results: its bytes, its manifest entry (with its path, not with the
    entry's line in the manifest: editing another entry changes no key), the size limit, the code."""
    entry = json.dumps({key: value for key, value in source.items() if key != "manifest_entry"}, sort_keys=True,
                       default=str, ensure_ascii=False)
    digest = hashlib.sha256(data)
    digest.update(f"{entry}\n{max_bytes}\n{code_version()}".encode("utf-8"))
    return digest.hexdigest()


def to_arrow(frames: dict[str, pd.DataFrame]) -> dict[str, pa.Table]:
    """A document's tables as Arrow tables (how results travel between processes and sit in the cache)."""
    return {name: as_table(frame) for name, frame in frames.items()}


def table_hashes(tables: dict[str, pa.Table]) -> dict[str, str]:
    """A content hash of each table (its Arrow IPC bytes): what corpus-wide stages are keyed by."""
    return {name: hashlib.sha256(table_bytes(table)).hexdigest() for name, table in tables.items()}


def table_bytes(table: pa.Table) -> pa.Buffer:
    """The table as an Arrow IPC stream (only its own rows, when it is a slice)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def table_from_bytes(stream) -> pa.Table:
    return pa.ipc.open_stream(stream).read_all()


class TablePickler(pickle.Pickler):
    """A pickler that writes Arrow tables as IPC streams: one C++ call per table, where pyarrow's own pickling
    makes Python objects for every column and buffer (2 ms a document's tables, each way; the cache and the
    worker processes move thousands of them). pickle.load reads the result."""

    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[pa.Table] = lambda table: (table_from_bytes, (table_bytes(table),))


def dumps(value) -> bytes:
    """pickle.dumps, Arrow tables as IPC streams (TablePickler)."""
    buffer = io.BytesIO()
    TablePickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def as_frame(table: pa.Table | pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A table of the build as a DataFrame (the build keeps them as Arrow tables: a tenth of the memory of
    DataFrames of Python strings); only the given columns, if any."""
    if isinstance(table, pd.DataFrame):
        return table if columns is None else table[columns]
    return (table if columns is None else table.select(columns)).to_pandas()


def as_table(table: pa.Table | pd.DataFrame) -> pa.Table:
    return table if isinstance(table, pa.Table) else pa.Table.from_pandas(table, preserve_index=False)


def rows_where(table: pa.Table, column: str, values) -> pa.Table:
    """The rows whose `column` (text) is one of `values`."""
    return table.filter(pc.is_in(table[column], value_set=pa.array(sorted(values), pa.string())))


class Frames(Mapping):
    """The build's tables seen as DataFrames, each made when it is read (what a stage, the summary line and
    the build's caller see)."""

    def __init__(self, tables: dict):
        self.tables = tables

    def __getitem__(self, name: str) -> pd.DataFrame:
        return as_frame(self.tables[name])

    def __iter__(self):
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def rows(self, name: str) -> int:
        """The number of rows of a table, without making it a DataFrame (0 for a table the build has not)."""
        return len(self.tables[name]) if name in self.tables else 0

    def columns(self, name: str, columns: list[str]) -> pd.DataFrame:
        return as_frame(self.tables[name], columns)


class LazyFrames(MutableMapping):
    """Tables handed from stage to stage: Arrow tables made DataFrames when first read (a stage reads a few of
    a document's tables, and making a DataFrame has a fixed cost), DataFrames as stages return them."""

    def __init__(self, tables: dict[str, pa.Table]):
        self.tables: dict = dict(tables)

    def __getitem__(self, name: str) -> pd.DataFrame:
        table = self.tables[name]
        if isinstance(table, pa.Table):
            table = self.tables[name] = table.to_pandas()
        return table

    def __setitem__(self, name: str, table: pd.DataFrame) -> None:
        self.tables[name] = table

    def __delitem__(self, name: str) -> None:
        del self.tables[name]

    def __iter__(self):
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)


def concatenated_tables(documents: list[dict[str, pa.Table]], shared: set[str] = frozenset(),
                        leave_out: tuple[str, ...] = ()) -> dict[str, pa.Table]:
    """Each table of all documents as one Arrow table (a table in `shared` is the same for every document:
    taken once; tables in `leave_out` are not put together). Every build goes through here, whether a
    document was made now or reused."""
    names = [name for name in dict.fromkeys(name for document in documents for name in document)
             if name not in leave_out]
    tables = {}
    for name in names:
        parts = [document[name] for document in documents if name in document]
        tables[name] = parts[0] if name in shared else pa.concat_tables(parts, promote_options="permissive")
    return tables


@dataclass
class CachedDocument:
    parsed_key: str
    parsed: dict
    derived_key: str = ""
    derived: dict = field(default_factory=dict)
    hashes: dict = field(default_factory=dict)  # table name → content hash, for parsed and derived tables


class DocumentCache:
    """Load and store pickled entries in a folder: CachedDocument by doc_id, and the results of corpus-wide
    stages by stage name (keyed by the hashes of their inputs). folder None = no cache."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def path(self, name: str, kind: str = "document") -> Path:
        return self.folder / f"{kind}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:32]}.pickle"

    def load(self, name: str, kind: str = "document", expected=CachedDocument):
        if self.folder is None:
            return None
        try:
            with open(self.path(name, kind), "rb") as handle:
                entry = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return entry if isinstance(entry, expected) else None

    def store(self, name: str, entry, kind: str = "document") -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                TablePickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(entry)
            os.replace(temporary, self.path(name, kind))
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def prune(self, doc_ids: set[str]) -> None:
        """Forget documents no longer in the manifest."""
        if self.folder is None or not self.folder.exists():
            return
        keep = {self.path(doc_id).name for doc_id in doc_ids}
        for path in self.folder.glob("document-*.pickle"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
