"""Which engine fills table task_matches: TF-IDF (etl/derive/matching.py) unless the environment variable
POLICY_MATCHING_ENGINE names another one.

TF-IDF is the default because it wins on the hand-paired restatements (top-1 0.88 against 0.81 for the
semantic engine: docs/matching_engines.md) and costs a fraction of a second; `semantic`
(etl/derive/semantic_matching.py) needs `pip install -r requirements-semantic.txt`. A wrong or uninstalled
engine is refused with a message before anything is written.
"""

from __future__ import annotations

import os

from etl.derive import matching, semantic_matching
from etl.errors import SourceError

ENGINE_VARIABLE = "POLICY_MATCHING_ENGINE"
DEFAULT_ENGINE = "tfidf"
ENGINES = {"tfidf": matching.run, "semantic": semantic_matching.run}


def chosen_engine() -> str:
    """The engine named by POLICY_MATCHING_ENGINE (default tfidf), checked before any work is done."""
    engine = os.environ.get(ENGINE_VARIABLE, "").strip().lower() or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise SourceError(ENGINE_VARIABLE, f"unknown matching engine {engine!r}: choose one of {sorted(ENGINES)}")
    if engine == "semantic" and not semantic_matching.available():
        raise SourceError(ENGINE_VARIABLE, "the semantic engine is not installed: "
                                           "pip install -r requirements-semantic.txt")
    return engine


def inputs() -> dict[str, str]:
    """The tables the chosen engine reads: TF-IDF its match units (etl/derive/matching.py), the semantic
    engine the tasks' text."""
    return {"int_match_units": "int_match_units"} if chosen_engine() == "tfidf" else {"tasks": "tasks"}


def run(tables: dict) -> dict:
    """task_matches from the chosen engine, with the engine's name on every row."""
    engine = chosen_engine()
    matches = ENGINES[engine](tables)["task_matches"]
    return {"task_matches": matches.assign(engine=engine)}
