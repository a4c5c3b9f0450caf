"""Unsupervised topics over all task lists: NMF on the TF-IDF of task terms.

Input: `task_terms` from etl/terms.py. Output: topics DataFrame(topic_id, rank, term, weight) and
task_topics DataFrame(task_id, topic_id, weight).

Deterministic on purpose (the page and the tests compare runs): rows and columns of the matrix are sorted,
NMF starts from 'nndsvda' (an SVD, no random draw) with random_state=0. topic_id counts from 1 for readers.
Place and agency names are left out by default, or the topics would mostly separate the four documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

DEFAULT_TOPIC_COUNT = 8
DEFAULT_TERMS_PER_TOPIC = 10
MAXIMUM_ITERATIONS = 1000


def task_term_matrix(task_terms: pd.DataFrame) -> tuple[csr_matrix, list[str], list[str]]:
    """Sparse count matrix with task ids and terms sorted, so the same input gives the same matrix."""
    from scipy.sparse import csr_matrix  # here: a build that reuses the topics does not wait for scipy

    task_ids = sorted(task_terms["task_id"].unique())
    terms = sorted(task_terms["term"].unique())
    rows = pd.Categorical(task_terms["task_id"], categories=task_ids).codes
    columns = pd.Categorical(task_terms["term"], categories=terms).codes
    values = task_terms["count"].to_numpy(dtype=float)
    return csr_matrix((values, (rows, columns)), shape=(len(task_ids), len(terms))), task_ids, terms


def fit_topics(
    task_terms: pd.DataFrame,
    topic_count: int = DEFAULT_TOPIC_COUNT,
    terms_per_topic: int = DEFAULT_TERMS_PER_TOPIC,
    include_optional_tiers: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (topics, task_topics); task weights are normalised to sum to 1 over a task's topics."""
    if not include_optional_tiers and "tier" in task_terms:
        task_terms = task_terms[task_terms["tier"].isna()]
    # scikit-learn takes a second to import: only when topics are fitted
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    counts, task_ids, terms = task_term_matrix(task_terms)
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    model = NMF(n_components=topic_count, init="nndsvda", random_state=0, max_iter=MAXIMUM_ITERATIONS)
    document_topics = model.fit_transform(weights)
    return topic_terms(model.components_, terms, terms_per_topic), task_topic_weights(
        document_topics, task_ids
    )


def topic_terms(components: np.ndarray, terms: list[str], terms_per_topic: int) -> pd.DataFrame:
    """The heaviest terms of each topic; ties broken by term so the order never flips between runs."""
    rows = []
    for topic_index, component in enumerate(components):
        order = sorted(range(len(terms)), key=lambda position: (-component[position], terms[position]))
        for rank, position in enumerate(order[:terms_per_topic], start=1):
            if component[position] > 0:
                rows.append((topic_index + 1, rank, terms[position], float(component[position])))
    return pd.DataFrame(rows, columns=["topic_id", "rank", "term", "weight"])


def task_topic_weights(document_topics: np.ndarray, task_ids: list[str]) -> pd.DataFrame:
    """One row per task and topic with a positive weight; a task's weights sum to 1."""
    totals = document_topics.sum(axis=1, keepdims=True)
    shares = np.divide(document_topics, totals, out=np.zeros_like(document_topics), where=totals > 0)
    rows = [
        (task_id, topic_index + 1, float(share))
        for task_id, task_shares in zip(task_ids, shares, strict=True)
        for topic_index, share in enumerate(task_shares)
        if share > 0
    ]
    return pd.DataFrame(rows, columns=["task_id", "topic_id", "weight"])


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """NMF topics over the task terms."""
    topic_terms_frame, task_topics = fit_topics(tables["task_terms"])
    return {"topics": topic_terms_frame, "task_topics": task_topics}
