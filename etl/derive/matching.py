"""For every task, its most similar tasks in each other region (issue 6, part 1).

Input: the `tasks` DataFrame and a tokenizer from etl/terms.py. Output of `task_matches`:
DataFrame(task_id, match_task_id, match_region_id, score, rank, above_threshold), top_n rows per task and
other region, rank 1 = most similar.

Similarity, both views fitted on all tasks of all regions:
- word view: TF-IDF cosine over the content terms of etl/terms.py (dictionary terms whole, boilerplate gone);
- character view: TF-IDF cosine over character 2- and 3-grams of the text with numbers and punctuation
  removed. It catches restatements that jieba cuts differently and is blind to targets ('200个' vs '1个').
  Each pair's similarity is the mean of the two views: the word view alone misses restatements whose only
  difference is a cut, the character view alone overrates tasks sharing stock phrases ('职业院校').
- score = mean of the whole-task similarity and the best sentence-pair similarity. The Liaoning lists state
  one measure per row while Gaoping and Zhongwei pack five or six into a paragraph; the whole-task cosine
  alone buries a one-line counterpart inside a long paragraph, the best sentence pair alone overrates a
  single shared stock sentence.

Text compared: title + content only. Jinzhou's content is the provincial task its table restates; the
college's own measures and targets (local_measures, local_target) are left out, because they answer the
provincial task at college level and would pull a restated provincial task away from the same task restated
by Wafangdian. Wafangdian, Gaoping and Zhongwei have no such columns, so nothing is lost for them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from etl.derive.terms import Tokenizer, normalize_text, strip_numbers, task_text, tokenize

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
NOT_WORD_CHARACTER = re.compile(r"[^\w]|_")
SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def matching_text(task: dict) -> str:
    """Title and content, normalised like the tokens (see the module docstring for why not the measures)."""
    return normalize_text(task_text(task, MATCH_FIELDS))


def character_text(text: str) -> str:
    """Text for the character view: no numbers, no punctuation, no spaces."""
    return NOT_WORD_CHARACTER.sub("", strip_numbers(text))


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


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Each task's most similar tasks in every other region."""
    from etl.derive.terms import tokenizer_for

    return {"task_matches": task_matches(tables["tasks"], tokenizer_for(tables))}
