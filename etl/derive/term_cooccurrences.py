"""Keyword co-occurrence network: pairs of terms used in the same tasks, per region and for the corpus.

Input: table `task_terms` (ordinary terms only: the place and agency tiers are left out) and `tasks`. Output:
term_cooccurrences(region_id, term_a, term_b, tasks, tasks_a, tasks_b, region_tasks, jaccard), region_id NULL
for the whole corpus (as GROUP BY ROLLUP would give it), term_a < term_b.

What is kept, so the table stays small when thousands of lists are loaded: per region, the MAX_TERMS terms
used in the most tasks (at least MINIMUM_TERM_TASKS; ties by term), and the pairs of them that share at least
MINIMUM_PAIR_TASKS tasks. The page filters further (minimum frequency, minimum Jaccard) and finds communities
on what is left. Jaccard = tasks(a and b) ÷ tasks(a or b): 1 when two terms always come together, small when
one is common and the other rare.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MAX_TERMS = 200
MINIMUM_TERM_TASKS = 2
MINIMUM_PAIR_TASKS = 2
COOCCURRENCE_COLUMNS = ["region_id", "term_a", "term_b", "tasks", "tasks_a", "tasks_b", "region_tasks",
                        "jaccard"]


def frequent_terms(task_terms: pd.DataFrame) -> pd.Series:
    """Tasks per term, the MAX_TERMS most used first (ties by term), each in at least MINIMUM_TERM_TASKS."""
    frequency = task_terms.groupby("term")["task_id"].nunique()
    frequency = frequency[frequency >= MINIMUM_TERM_TASKS]
    ranked = frequency.reset_index().sort_values(["task_id", "term"], ascending=[False, True])
    return ranked.head(MAX_TERMS).set_index("term")["task_id"]


def term_pairs(task_terms: pd.DataFrame, region_tasks: int) -> pd.DataFrame:
    """Co-occurring pairs among the frequent terms of one set of tasks (a region or the corpus)."""
    frequency = frequent_terms(task_terms)
    if len(frequency) < 2:
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS[1:])
    terms = frequency.index.to_numpy()
    used = task_terms[task_terms["term"].isin(frequency.index)].drop_duplicates(["task_id", "term"])
    _, pairs = column_pairs(used["task_id"], pd.Index(terms).get_indexer(used["term"]), terms, frequency.to_numpy())
    pairs["region_tasks"] = region_tasks
    pairs["jaccard"] = pairs["tasks"] / (pairs["tasks_a"] + pairs["tasks_b"] - pairs["tasks"])
    return pairs.sort_values(["term_a", "term_b"], ignore_index=True)


def column_pairs(task_ids: pd.Series, term_codes: np.ndarray, terms: np.ndarray,
                 counts: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """From (task, term code) rows: the terms sharing at least MINIMUM_PAIR_TASKS tasks, each pair once in term
    order, as (the first term code of every pair, DataFrame(term_a, term_b, tasks, tasks_a, tasks_b)); counts:
    the tasks of each term."""
    from scipy import sparse  # here: a build that reuses the pairs does not wait for scipy

    task_codes, task_index = pd.factorize(task_ids)
    incidence = sparse.csr_matrix((np.ones(len(task_codes)), (task_codes, term_codes)),
                                  shape=(len(task_index), len(terms)))
    shared = sparse.triu(incidence.T @ incidence, k=1).tocoo()
    keep = shared.data >= MINIMUM_PAIR_TASKS
    first, second, together = shared.row[keep], shared.col[keep], shared.data[keep].astype(int)
    swap = terms[first] > terms[second]  # store each pair once, in term order (also when no pair is left)
    first, second = np.where(swap, second, first), np.where(swap, first, second)
    return first, pd.DataFrame({"term_a": terms[first], "term_b": terms[second], "tasks": together,
                                "tasks_a": counts[first], "tasks_b": counts[second]})


def term_cooccurrences(task_terms: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """term_pairs for the corpus (region_id None) and for every region."""
    ordinary = task_terms[task_terms["tier"].isna()].merge(tasks[["task_id", "region_id"]], on="task_id")
    corpus = term_pairs(ordinary, tasks["task_id"].nunique()).assign(region_id=None)
    frames = [frame for frame in (corpus, region_term_pairs(ordinary, tasks)) if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=COOCCURRENCE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[COOCCURRENCE_COLUMNS]


def region_frequent_terms(used: pd.DataFrame) -> pd.DataFrame:
    """frequent_terms of every region at once: region_id, term, tasks (regions in order, then as ranked)."""
    frequency = used.groupby(["region_id", "term"]).size().rename("tasks").reset_index()
    frequency = frequency[frequency["tasks"] >= MINIMUM_TERM_TASKS]
    ranked = frequency.sort_values(["region_id", "tasks", "term"], ascending=[True, False, True])
    return ranked[ranked.groupby("region_id").cumcount() < MAX_TERMS].reset_index(drop=True)


def region_term_pairs(ordinary: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """term_pairs of every region in one sparse product: a task belongs to one region, so terms of two
    regions never share one (the product is block-diagonal, a block per region)."""
    used = ordinary.drop_duplicates(["task_id", "term"])
    frequency = region_frequent_terms(used)
    columns = pd.MultiIndex.from_frame(frequency[["region_id", "term"]])
    term_codes = columns.get_indexer(pd.MultiIndex.from_frame(used[["region_id", "term"]]))
    first, pairs = column_pairs(used["task_id"][term_codes >= 0], term_codes[term_codes >= 0],
                                frequency["term"].to_numpy(), frequency["tasks"].to_numpy())
    pairs.insert(0, "region_id", frequency["region_id"].to_numpy()[first])
    pairs["region_tasks"] = pairs["region_id"].map(tasks["region_id"].value_counts()).astype(int)
    pairs["jaccard"] = pairs["tasks"] / (pairs["tasks_a"] + pairs["tasks_b"] - pairs["tasks"])
    return pairs.sort_values(["region_id", "term_a", "term_b"], ignore_index=True)


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Term pairs sharing tasks, per region and for the corpus."""
    # Load inputs
    task_terms, tasks = tables["task_terms"], tables["tasks"]
    # Derive
    pairs = term_cooccurrences(task_terms, tasks)
    # Save outputs
    assert (pairs["term_a"] < pairs["term_b"]).all(), "each pair is stored once, in term order"
    return {"term_cooccurrences": pairs}
