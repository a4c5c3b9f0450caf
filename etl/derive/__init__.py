"""Derived stages: they run after parsing, in this order. Heavy work (tokenizing, matching, topics) happens here
so that the pages only read.

A stage is one module function `run(tables) -> {table name: DataFrame}` whose steps read Load inputs → Derive →
Save outputs (database stages: `run_in_database(connection)`). Its scope says what it needs to see, which is
also what an incremental build can reuse and how the work maps onto Spark or Ray (docs/performance.md):
- DOCUMENT: one document's tables (the map step). Its rows are cached with the document (etl/cache.py) and
  made again only when the document, its manifest entry, the code or the tokenizer's vocabulary change.
  `shared` names tables that do not depend on the document (codebooks): kept once.
- REGION: one region's tables at a time (the documents of a region together); results kept per region.
- CORPUS: all documents' rows of its inputs (the reduce step); results kept and reused while those rows are
  unchanged (etl/stages.py).
- DATABASE: SQL inside the database being written, over the tables stored there.
Tables whose names start with `int_` are internal: handed from stage to stage, never saved.
"""

from collections.abc import Callable
from dataclasses import dataclass

from etl.derive import agency_load, keyness, matching, metrics, terms, themes, topics

DOCUMENT, REGION, CORPUS, DATABASE = "document", "region", "corpus", "database"


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable
    scope: str
    shared: tuple[str, ...] = ()  # DOCUMENT stages: tables that are the same for every document
    inputs: tuple[str, ...] = ()  # REGION and CORPUS stages: the only tables they see (cut by region for REGION)


STAGES: tuple[Stage, ...] = (
    Stage("metrics", metrics.run, DOCUMENT, shared=("indicators",)),
    Stage("terms", terms.run, DOCUMENT),
    Stage("themes", themes.run, DOCUMENT, shared=("themes",)),
    Stage("match units", matching.run_document, DOCUMENT),
    Stage("agency load", agency_load.run, REGION, inputs=("tasks", "agencies", "task_agencies")),
    Stage("topics", topics.run, CORPUS, inputs=("task_terms",)),
    Stage("matching", matching.run, CORPUS, inputs=("int_match_units",)),
    Stage("keyness", keyness.run_in_database, DATABASE),
)
