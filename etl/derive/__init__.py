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
from dataclasses import dataclass, field

from etl.derive import (
    agency_load,
    benchmark_values,
    coding_agreement,
    instrument_domains,
    keyness,
    matching,
    metrics,
    task_matching,
    term_cooccurrences,
    terms,
    themes,
    topics,
)

DOCUMENT, REGION, CORPUS, DATABASE = "document", "region", "corpus", "database"


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable
    scope: str
    shared: tuple[str, ...] = ()  # DOCUMENT stages: tables that are the same for every document
    # REGION and CORPUS stages: the only tables they see, {name the stage reads: table of the build} (cut by
    # region for REGION stages). None: every table, and the stage is run again on every build.
    inputs: dict[str, str] | Callable[[], dict[str, str]] | None = field(default=None)
    variant: Callable[[], str] | None = None  # a setting that changes the stage's results (part of its key)
    reused: bool = True  # False: made again on every build (what it reads is not all in its declared inputs)


def task_regions(tables: dict) -> dict:
    """Each task's region and kind: what stages that only count tasks by region read (so that editing a
    task's text does not make them run again)."""
    return {"int_task_regions": tables["tasks"][["task_id", "doc_id", "region_id", "kind"]]}


def task_codes(tables: dict) -> dict:
    """Each task's codes that count (no evidence text): what the instrument grid reads (so that editing a
    number quoted as evidence does not make it run again)."""
    return {"int_task_codes": tables["task_themes"][["task_id", "scheme", "theme", "counted"]]}


def named(*names: str) -> dict[str, str]:
    return {name: name for name in names}


TASKS_BY_REGION = {"tasks": "int_task_regions"}
# Tables only the DOCUMENT stages read: never put together for the whole corpus; int_task_tokens is not even
# kept with the document (its stages run again together whenever one of them has to).
DOCUMENT_ONLY = ("text_units", "int_task_tokens")
NOT_KEPT = ("int_task_tokens",)

STAGES: tuple[Stage, ...] = (
    Stage("metrics", metrics.run, DOCUMENT, shared=("indicators",)),
    Stage("terms", terms.run, DOCUMENT),
    Stage("themes", themes.run, DOCUMENT, shared=("themes",)),
    Stage("match units", matching.run_document, DOCUMENT),
    Stage("task regions", task_regions, DOCUMENT),
    Stage("task codes", task_codes, DOCUMENT),
    # Matching first: with many documents it runs in a background process beside the stages after it
    # (etl/build.py run_corpus_stages); they cannot change its results: it reads only the match units.
    Stage("matching", task_matching.run, CORPUS, inputs=task_matching.inputs, variant=task_matching.chosen_engine),
    Stage("benchmark values", benchmark_values.run, REGION, inputs=named("metrics", "documents")),
    Stage("agency load", agency_load.run, REGION, inputs=named("tasks", "agencies", "task_agencies")),
    Stage("co-occurrence", term_cooccurrences.run, CORPUS, inputs={**named("task_terms"), **TASKS_BY_REGION}),
    Stage("instrument grid", instrument_domains.run, CORPUS,
          inputs={"task_themes": "int_task_codes", **named("themes"), **TASKS_BY_REGION}),
    Stage("topics", topics.run, CORPUS, inputs=named("task_terms")),
    # Made on every build: the hand-coded sample and the previous build's warnings are not in its inputs' keys.
    Stage("coding agreement", coding_agreement.run, CORPUS,
          inputs=named("tasks", "task_themes", "themes", "etl_warnings"), reused=False),
    Stage("keyness", keyness.run_in_database, DATABASE),
)
# Tables of the DOCUMENT stages that are the same for every document (codebooks): kept once.
DOCUMENT_SHARED = frozenset(name for stage in STAGES if stage.scope == DOCUMENT for name in stage.shared)
