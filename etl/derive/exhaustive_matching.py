"""The exhaustive task matching of the project before issue 15 (dense task × task and sentence × sentence
similarity), no stage: the reference the blocked top-k matching of etl/derive/matching.py must agree with (the
same best match for every task and other region on the seeds: python -m perf run, tests/test_matching.py) and
the similarity matrix the accuracy evaluation of the engines compares (etl/derive/match_accuracy.py).
Quadratic in memory: seeds and small corpora only.
"""

from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from etl.derive.matching import character_text
from etl.derive.terms import Tokenizer, build_tokenizer, normalize_text, task_text, tokenize

MATCH_FIELDS = ("title", "content")
WORD_VIEW_WEIGHT = 0.5
CHARACTER_NGRAM_RANGE = (2, 3)
MINIMUM_SENTENCE_CHARACTERS = 6
# Below this score a task has no counterpart in that region. Calibrated by reading the four documents:
# verbatim restatements of the same Liaoning task (Jinzhou and Wafangdian) score 0.6 to 1.0, paraphrased
# ones 0.2 to 0.5; a task with no real counterpart (Jinzhou's Sino-German college task, Wafangdian's sports
# and arts task against Gaoping) has a best score of 0.04 to 0.11; counterparts in other wording
# (Zhongwei's tax-incentive paragraph for Jinzhou's 税收减免 item) start at about 0.11. Between 0.08 and
# 0.15 the two kinds mix, so the cut sits just above the highest no-counterpart score seen: a flagged
# counterpart should be a real one. The page shows the scores, so a reader can look below the cut.
NO_COUNTERPART_THRESHOLD = 0.12
MATCH_COLUMNS = ["task_id", "match_task_id", "match_region_id", "score", "rank", "above_threshold"]
SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def matching_text(task: dict) -> str:
    """Title and content, normalised like the tokens (see the module docstring for why not the measures)."""
    return normalize_text(task_text(task, MATCH_FIELDS))


def sentences(text: str) -> list[str]:
    """Sentences long enough to carry a measure; the whole text when none is, so no task is left out."""
    pieces = [
        piece
        for piece in SENTENCE_END.split(text)
        if len(character_text(piece)) >= MINIMUM_SENTENCE_CHARACTERS
    ]
    return pieces or [text]


def view_similarity(texts: list[str], tokenizer: Tokenizer) -> np.ndarray:
    """Text × text similarity, the weighted mean of the word and the character cosine similarities."""
    word_vectors = TfidfVectorizer(
        analyzer=lambda text: tokenize(tokenizer, text), sublinear_tf=True
    ).fit_transform(texts)
    character_vectors = TfidfVectorizer(
        analyzer="char", ngram_range=CHARACTER_NGRAM_RANGE, sublinear_tf=True
    ).fit_transform([character_text(text) for text in texts])
    word_similarity = cosine_similarity(word_vectors)
    return WORD_VIEW_WEIGHT * word_similarity + (1 - WORD_VIEW_WEIGHT) * cosine_similarity(character_vectors)


def best_sentence_similarity(texts: list[str], tokenizer: Tokenizer) -> np.ndarray:
    """Task × task: the highest similarity between any sentence of one and any sentence of the other."""
    sentence_lists = [sentences(text) for text in texts]
    starts = np.cumsum([0] + [len(sentence_list) for sentence_list in sentence_lists[:-1]])
    similarity = view_similarity(
        [sentence for sentence_list in sentence_lists for sentence in sentence_list], tokenizer
    )
    return np.maximum.reduceat(np.maximum.reduceat(similarity, starts, axis=0), starts, axis=1)


def similarity_matrix(texts: list[str], tokenizer: Tokenizer) -> np.ndarray:
    """Task × task score: mean of the whole-task and the best sentence-pair similarity."""
    return (view_similarity(texts, tokenizer) + best_sentence_similarity(texts, tokenizer)) / 2


def best_matches_in_region(
    scores: np.ndarray, candidate_positions: np.ndarray, task_ids: np.ndarray, top_n: int
) -> list[tuple[int, float]]:
    """Top candidates by score; ties broken by task id so reruns give the same ranks."""
    ranked = sorted(candidate_positions, key=lambda position: (-scores[position], task_ids[position]))
    return [(position, float(scores[position])) for position in ranked[:top_n]]


def task_matches(tasks: pd.DataFrame, tokenizer: Tokenizer, top_n: int = 3) -> pd.DataFrame:
    """Top_n most similar tasks of every other region for every task, with the no-counterpart flag."""
    records = tasks.to_dict("records")
    if not records:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    similarities = similarity_matrix([matching_text(task) for task in records], tokenizer)
    task_ids = tasks["task_id"].to_numpy()
    region_ids = tasks["region_id"].to_numpy()
    rows = []
    for position, task in enumerate(records):
        for region_id in sorted(set(region_ids) - {task["region_id"]}):
            candidates = np.flatnonzero(region_ids == region_id)
            matches = best_matches_in_region(similarities[position], candidates, task_ids, top_n)
            for rank, (match_position, score) in enumerate(matches, start=1):
                rows.append((task["task_id"], task_ids[match_position], region_id, score, rank))
    matches = pd.DataFrame(rows, columns=MATCH_COLUMNS[:-1])
    matches["above_threshold"] = matches["score"] >= NO_COUNTERPART_THRESHOLD
    return matches


def top_matches_differences(database) -> int:
    """(task, other region) pairs whose stored rank-1 match differs from the exhaustive one."""
    with duckdb.connect(str(database), read_only=True) as connection:
        tasks = connection.execute("SELECT * FROM tasks ORDER BY task_id").df()
        names = [row[0] for row in connection.execute("SELECT name FROM agencies").fetchall()]
        stored = connection.execute("""SELECT task_id, match_region_id, match_task_id FROM task_matches
                                       WHERE rank = 1""").df()
    tasks = tasks.astype(object).where(tasks.notna(), None)
    reference = task_matches(tasks, build_tokenizer(tuple(names)), top_n=1)
    merged = reference.merge(stored, on=["task_id", "match_region_id"], how="left", suffixes=("", "_stored"))
    return int((merged["match_task_id"] != merged["match_task_id_stored"]).sum())
