"""Top-1 accuracy of a task-matching engine on hand-paired restatements (tests/fixtures/matching/
restatements.csv): for each pair (a, b), is b the best match of a among the tasks of b's region, and a the best
match of b among the tasks of a's region? A task paired with several tasks of one region counts a hit on any.

Used by the tests and by `python -m etl.derive.match_accuracy` (prints both engines' accuracy and build time).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from etl.paths import PROJECT_ROOT

PAIRS_PATH = PROJECT_ROOT / "tests" / "fixtures" / "matching" / "restatements.csv"


def read_pairs(path: Path = PAIRS_PATH) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str)


def directed_queries(pairs: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """(query task, target region, acceptable answers, kind): both directions of every pair."""
    region = tasks.set_index("task_id")["region_id"]
    both = pd.concat([pairs.rename(columns={"task_a": "query", "task_b": "answer"}),
                      pairs.rename(columns={"task_b": "query", "task_a": "answer"})], ignore_index=True)
    both = both[both["query"].isin(region.index) & both["answer"].isin(region.index)]
    both["target_region"] = both["answer"].map(region)
    grouped = both.groupby(["query", "target_region"], sort=True).agg(
        answers=("answer", frozenset), kind=("kind", "first"))
    return grouped.reset_index()


def top1_hits(similarity: np.ndarray, tasks: pd.DataFrame, queries: pd.DataFrame) -> pd.Series:
    """Per directed query: True when the best-scoring task of the target region is an acceptable answer."""
    position = {task_id: index for index, task_id in enumerate(tasks["task_id"])}
    task_ids, regions = tasks["task_id"].to_numpy(), tasks["region_id"].to_numpy()
    hits = []
    for query in queries.itertuples(index=False):
        candidates = np.flatnonzero(regions == query.target_region)
        scores = similarity[position[query.query], candidates]
        best = sorted(zip(-scores, task_ids[candidates], strict=True))[0][1]
        hits.append(best in query.answers)
    return pd.Series(hits, index=queries.index, dtype=bool)


def top1_from_matches(matches: pd.DataFrame, queries: pd.DataFrame) -> pd.Series:
    """Per directed query, from a task_matches table: True when its rank-1 match in the region is an answer."""
    best = matches[matches["rank"] == 1].set_index(["task_id", "match_region_id"])["match_task_id"]
    return pd.Series([best.get((query.query, query.target_region)) in query.answers
                      for query in queries.itertuples(index=False)], index=queries.index, dtype=bool)


def accuracy_table(similarities: dict[str, np.ndarray], tasks: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """engine × (all, verbatim, paraphrase): queries, hits and top-1 accuracy."""
    queries = directed_queries(pairs, tasks)
    rows = []
    for engine, similarity in similarities.items():
        hits = top1_hits(similarity, tasks, queries)
        for kind, chosen in (("all", queries.index), *queries.groupby("kind").groups.items()):
            rows.append((engine, kind, len(chosen), int(hits[chosen].sum()), float(hits[chosen].mean())))
    return pd.DataFrame(rows, columns=["engine", "pairs", "queries", "hits", "top1_accuracy"])


def main() -> None:
    """Build the tasks from the manifest, time both engines on them and print their top-1 accuracy."""
    from etl.build import parse_documents
    from etl.derive import exhaustive_matching as matching
    from etl.derive import semantic_matching
    from etl.derive.terms import build_tokenizer
    from etl.parse.assemble import assemble
    from etl.paths import DEFAULT_MANIFEST

    tables = assemble(parse_documents(DEFAULT_MANIFEST, progress=lambda message: None))
    tasks = tables["tasks"]
    tokenizer = build_tokenizer(tables["agencies"]["name"])
    texts = [matching.matching_text(task) for task in tasks.to_dict("records")]
    similarities, seconds = {}, {}
    started = time.perf_counter()
    similarities["tfidf"] = matching.similarity_matrix(texts, tokenizer)
    seconds["tfidf"] = time.perf_counter() - started
    if semantic_matching.available():
        started = time.perf_counter()
        semantic_matching.embedder()
        seconds["semantic (model load)"] = time.perf_counter() - started
        started = time.perf_counter()
        similarities["semantic"] = semantic_matching.similarity_matrix(texts)
        seconds["semantic"] = time.perf_counter() - started
        similarities["hybrid"] = (similarities["tfidf"] + similarities["semantic"]) / 2
    print(accuracy_table(similarities, tasks, read_pairs()).to_string(index=False))
    print(f"{len(tasks)} tasks; seconds: " + ", ".join(f"{name} {value:.2f}" for name, value in seconds.items()))


if __name__ == "__main__":
    main()
