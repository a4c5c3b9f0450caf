"""For every task, its most similar tasks in the other regions: blocking plus sparse top-k (issue 15).

Input: the pieces of every task with their tokens (`int_task_tokens` of etl/derive/terms.py). Output of
`task_matches`: DataFrame(task_id, match_task_id, match_region_id, score, rank, above_threshold): the TOP_N
best tasks in each of the task's MATCH_REGIONS closest other regions (regions ordered by their best match),
rank 1 = most similar within (task, other region). With at most MATCH_REGIONS other regions (the four seeds),
that is the TOP_N best in every other region.

Similarity (unchanged from the exhaustive matching kept in etl/derive/exhaustive_matching.py), both views
fitted on all tasks:
- word view: TF-IDF cosine over the content terms of etl/derive/terms.py (dictionary terms whole, boilerplate
  gone);
- character view: TF-IDF cosine over character 2- and 3-grams of the text with numbers and punctuation
  removed. It catches restatements that jieba cuts differently and is blind to targets ('200个' vs '1个').
  A pair's similarity is the mean of the two views: the word view alone misses restatements whose only
  difference is a cut, the character view alone overrates tasks sharing stock phrases ('职业院校').
- score = mean of the whole-task similarity and the best sentence-pair similarity. The Liaoning lists state
  one measure per row while Gaoping and Zhongwei pack five or six into a paragraph; the whole-task cosine
  alone buries a one-line counterpart inside a long paragraph, the best sentence pair alone overrates a
  single shared stock sentence.

Which pairs are scored (never a dense task × task matrix):
- when every task has at most ALL_CANDIDATES tasks in other regions, all of them (the exact result);
- otherwise blocking: a task's candidates are the CANDIDATES tasks of other regions that share the most of its
  distinctive words (its BLOCKING_TERMS heaviest terms found in at most BLOCKING_DF_SHARE of all tasks; a task
  without such terms uses its heaviest terms of any frequency), looked up among the POSTINGS_PER_TERM tasks
  where each term weighs most. Only candidates are scored, each exactly, and each pair once (the score is
  symmetric): the work grows with the number of tasks, not its square.

Text compared: title + content only. Jinzhou's content is the provincial task its table restates; the
college's own measures and targets (local_measures, local_target) are left out, because they answer the
provincial task at college level and would pull a restated provincial task away from the same task restated
by Wafangdian. Wafangdian, Gaoping and Zhongwei have no such columns, so nothing is lost for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from etl.derive.terms import TOKEN_SEPARATOR, Tokenizer, split_tokens, strip_numbers, task_tokens

if TYPE_CHECKING:  # scipy is imported when vectors are made: a build that reuses the matches does not wait for it
    from scipy.sparse import csr_matrix

MATCH_FIELDS = ("title", "content")
WORD_VIEW_WEIGHT = 0.5
CHARACTER_NGRAM_RANGE = (2, 3)
MINIMUM_SENTENCE_CHARACTERS = 6
OCCURRENCE_CHUNK = 20_000  # units whose feature occurrences are held at once (tfidf_matrix)
# Below this score a task has no counterpart in that region. Calibrated by reading the four documents:
# verbatim restatements of the same Liaoning task (Jinzhou and Wafangdian) score 0.6 to 1.0, paraphrased
# ones 0.2 to 0.5; a task with no real counterpart (Jinzhou's Sino-German college task, Wafangdian's sports
# and arts task against Gaoping) has a best score of 0.04 to 0.11; counterparts in other wording
# (Zhongwei's tax-incentive paragraph for Jinzhou's 税收减免 item) start at about 0.11. Between 0.08 and
# 0.15 the two kinds mix, so the cut sits just above the highest no-counterpart score seen: a flagged
# counterpart should be a real one. The page shows the scores, so a reader can look below the cut.
NO_COUNTERPART_THRESHOLD = 0.12
TOP_N = 3
MATCH_REGIONS = 10
ALL_CANDIDATES = 400
CANDIDATES = 20
BLOCKING_TERMS = 16
BLOCKING_DF_SHARE = 0.02
BLOCKING_MINIMUM_DF = 50
BLOCKING_CHUNK_ROWS = 2048
POSTINGS_PER_TERM = 100
MATCH_COLUMNS = ["task_id", "match_task_id", "match_region_id", "score", "rank", "above_threshold"]
UNIT_COLUMNS = ["task_id", "region_id", "unit", "words", "characters"]
NOT_WORD_CHARACTER = re.compile(r"[^\w]|_")


def character_text(text: str) -> str:
    """Text for the character view: no numbers, no punctuation, no spaces."""
    return NOT_WORD_CHARACTER.sub("", strip_numbers(text))


# --- Per document: the units compared (the whole task and its sentences) -----------------------------------

def match_units(tokens: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """DataFrame(task_id, region_id, unit, words, characters) for every task of `tasks` (in its order): unit 0
    is the whole title + content, units 1… its
    sentences (pieces with at least MINIMUM_SENTENCE_CHARACTERS characters; the whole text when none has).
    words are the content terms joined by TOKEN_SEPARATOR; characters the lower-cased character-view text."""
    pieces = {task_id: [] for task_id in tasks["task_id"]}
    for task_id, field_name, text, words in zip(tokens["task_id"], tokens["field"], tokens["text"],
                                                tokens["tokens"], strict=True):
        if field_name in MATCH_FIELDS:
            pieces[task_id].append((words, character_text(text).lower()))
    rows = []
    for (task_id, task_pieces), region_id in zip(pieces.items(), tasks["region_id"], strict=True):
        whole = (TOKEN_SEPARATOR.join(words for words, _ in task_pieces if words),
                 "".join(characters for _, characters in task_pieces))
        sentences = [(words, characters) for words, characters in task_pieces
                     if len(characters) >= MINIMUM_SENTENCE_CHARACTERS] or [whole]
        rows += [(task_id, region_id, unit, *sentence) for unit, sentence in enumerate([whole, *sentences])]
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


# --- Corpus: TF-IDF vectors of one view, built from (row, feature) pairs --------------------------------------

def tfidf_matrix(occurrences: Callable[[int, int], list[tuple[np.ndarray, np.ndarray]]],
                 row_count: int) -> csr_matrix:
    """scikit-learn's TfidfVectorizer(sublinear_tf=True) on given feature occurrences: tf = 1 + ln(count),
    idf = ln((1 + n) / (1 + df)) + 1 with n = row_count, rows l2-normalised (empty rows stay zero).
    occurrences(start, stop) gives the (row, feature) of every occurrence in rows start … stop − 1, as parts
    (the character view: one per n-gram size). Features are numbered in the order they first occur, part by
    part (as pandas.factorize numbers them), not sorted: the order of columns changes no similarity.
    The rows are read OCCURRENCE_CHUNK at a time, twice (the features' order of first occurrence, then the
    counts of each row's sorted distinct features): the occurrences of every unit are never held at once."""
    from scipy.sparse import csr_matrix

    chunks = [(start, min(start + OCCURRENCE_CHUNK, row_count)) for start in range(0, row_count, OCCURRENCE_CHUNK)]
    firsts: dict[int, list[np.ndarray]] = {}
    for start, stop in chunks:
        for part, (_, features) in enumerate(occurrences(start, stop)):
            firsts.setdefault(part, []).append(pd.unique(features))
    ordered = [unique for part in sorted(firsts) for unique in firsts[part]]
    features = pd.Index(pd.unique(np.concatenate(ordered)) if ordered else [])
    del firsts, ordered
    column_count = max(len(features), 1)
    indices, row_of, counts = [], [], []
    for start, stop in chunks:
        found = occurrences(start, stop)
        rows = np.concatenate([rows for rows, _ in found]).astype(np.int64)
        columns = np.concatenate([features.get_indexer(part_features) for _, part_features in found])
        keys, key_counts = np.unique(rows * column_count + columns, return_counts=True)
        indices.append((keys % column_count).astype(np.int32))
        row_of.append((keys // column_count).astype(np.int32))
        counts.append(key_counts.astype(np.int32))
        del found, rows, columns, keys, key_counts
    indices, row_of, counts = (np.concatenate(parts) if parts else np.zeros(0, np.int32)
                               for parts in (indices, row_of, counts))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=row_count))])
    document_frequency = np.bincount(indices, minlength=column_count)
    idf = np.log((1 + row_count) / (1 + document_frequency)) + 1
    weights = (1 + np.log(counts.astype(np.float64))) * idf[indices]
    norms = np.sqrt(np.bincount(row_of, weights=weights**2, minlength=row_count))
    return csr_matrix((weights / norms[row_of], indices, indptr), shape=(row_count, column_count))


def word_occurrences(words: pd.Series, start: int, stop: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(row, term) of every token of units start … stop − 1 (one part)."""
    lists = [split_tokens(joined) for joined in words.iloc[start:stop]]
    lengths = np.fromiter((len(tokens) for tokens in lists), dtype=np.int64, count=len(lists))
    tokens = np.array([token for tokens in lists for token in tokens], dtype=object)
    return [(np.repeat(np.arange(start, stop), lengths), tokens)]


def character_occurrences(texts: pd.Series, start: int, stop: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(row, n-gram code) of every character 2-gram, then (one part each) of every 3-gram, of units start …
    stop − 1: code points packed into one integer (21 bits a character, so 2-grams and 3-grams never share a
    code)."""
    joined = "\0".join(texts.iloc[start:stop]) + "\0"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    del joined
    ends = codes == 0
    row_of = (np.cumsum(ends, dtype=np.int32) - ends).astype(np.int32) + np.int32(start)
    parts = []
    for size in range(CHARACTER_NGRAM_RANGE[0], CHARACTER_NGRAM_RANGE[1] + 1):
        count = len(codes) - size + 1
        valid = np.ones(count, dtype=bool)
        packed = np.zeros(count, dtype=np.uint64)
        for offset in range(size):
            window = codes[offset:offset + count]
            valid &= window != 0
            packed <<= np.uint64(21)
            packed |= window
        parts.append((row_of[:count][valid], packed[valid]))
        del packed, valid
    return parts


def view_vectors(units: pd.DataFrame) -> tuple[csr_matrix, csr_matrix]:
    """(word view, character view) TF-IDF of the units."""
    words, characters = units["words"], units["characters"]
    return (tfidf_matrix(lambda start, stop: word_occurrences(words, start, stop), len(units)),
            tfidf_matrix(lambda start, stop: character_occurrences(characters, start, stop), len(units)))


def similarity_vectors(word: csr_matrix, character: csr_matrix) -> csr_matrix:
    """Both views side by side, each scaled (in place: pass a copy of a view read again) so that a dot product
    is the weighted mean of the two cosine similarities."""
    from scipy.sparse import hstack

    word.data *= np.sqrt(WORD_VIEW_WEIGHT)
    character.data *= np.sqrt(1 - WORD_VIEW_WEIGHT)
    return hstack([word, character], format="csr")


# --- Corpus: candidates --------------------------------------------------------------------------------------

def candidates_by_blocking(word_vectors: csr_matrix, regions: np.ndarray) -> list[np.ndarray]:
    """For every task, the CANDIDATES tasks of other regions sharing most of its distinctive words."""
    frequency = np.bincount(word_vectors.indices, minlength=word_vectors.shape[1])
    limit = max(BLOCKING_MINIMUM_DF, BLOCKING_DF_SHARE * word_vectors.shape[0])
    distinctive = blocking_queries(word_vectors, frequency <= limit)
    found = candidates_from_queries(distinctive, word_vectors, regions)
    without = [row for row, candidates in enumerate(found) if len(candidates) == 0]
    if without:  # only common words: block on them
        fallback = blocking_queries(word_vectors[without], np.ones(word_vectors.shape[1], dtype=bool))
        for row, candidates in zip(without, candidates_from_queries(fallback, word_vectors, regions,
                                                                    np.array(without)), strict=True):
            found[row] = candidates
    return found


def blocking_queries(vectors: csr_matrix, allowed: np.ndarray) -> csr_matrix:
    """Each row cut down to its BLOCKING_TERMS heaviest allowed terms."""
    vectors = vectors.multiply(allowed[np.newaxis, :]).tocsr()
    vectors.eliminate_zeros()
    for row in range(vectors.shape[0]):
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        if end - start > BLOCKING_TERMS:
            segment = vectors.data[start:end]
            segment[np.argsort(-segment, kind="stable")[BLOCKING_TERMS:]] = 0
    vectors.eliminate_zeros()
    return vectors


def candidates_from_queries(queries: csr_matrix, vectors: csr_matrix, regions: np.ndarray,
                            query_rows: np.ndarray | None = None) -> list[np.ndarray]:
    """The best CANDIDATES rows of `vectors` for each query, other regions only, chunk by chunk."""
    query_rows = np.arange(queries.shape[0]) if query_rows is None else query_rows
    transposed = truncated_postings(vectors, POSTINGS_PER_TERM)
    found = []
    for start in range(0, queries.shape[0], BLOCKING_CHUNK_ROWS):
        scores = (queries[start:start + BLOCKING_CHUNK_ROWS] @ transposed).tocsr()
        for offset in range(scores.shape[0]):
            low, high = scores.indptr[offset], scores.indptr[offset + 1]
            columns, values = scores.indices[low:high], scores.data[low:high]
            keep = regions[columns] != regions[query_rows[start + offset]]
            columns, values = columns[keep], values[keep]
            if len(columns) > CANDIDATES:
                columns = columns[np.argpartition(-values, CANDIDATES)[:CANDIDATES]]
            found.append(np.sort(columns))
    return found


def truncated_postings(vectors: csr_matrix, limit: int) -> csr_matrix:
    """Term × task: for each term the `limit` tasks where it weighs most (ties in a fixed pseudo-random order,
    so that many copies of one text do not all point at the same few). A corpus where no term is in more
    tasks keeps every posting; otherwise the work of blocking stays linear in the number of tasks."""
    from scipy.sparse import csr_matrix

    postings = vectors.T.tocsr()
    lengths = np.diff(postings.indptr)
    if lengths.max(initial=0) <= limit:
        return postings
    term_of = np.repeat(np.arange(postings.shape[0]), lengths)
    spread = (postings.indices.astype(np.uint64) * np.uint64(2654435761)) % np.uint64(2**32)
    order = np.lexsort((spread, -postings.data, term_of))
    keep = order[np.arange(len(order)) - postings.indptr[term_of] < limit]
    return csr_matrix((postings.data[keep], (term_of[keep], postings.indices[keep])), shape=postings.shape)


def all_candidates(regions: np.ndarray) -> list[np.ndarray] | None:
    """Every task of the other regions, if no task has more than ALL_CANDIDATES of them (else None)."""
    _, codes, sizes = np.unique(regions, return_inverse=True, return_counts=True)
    if len(regions) - sizes.min() > ALL_CANDIDATES:
        return None
    return [np.flatnonzero(codes != code) for code in codes]


# --- Corpus: exact scores of the candidates, best per region ---------------------------------------------

def unordered_pairs(candidates: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate pair once, as (lower position, higher position), sorted: the score is symmetric."""
    count = len(candidates)
    first = np.repeat(np.arange(count), [len(found) for found in candidates])
    second = np.concatenate(candidates) if count else np.array([], dtype=np.int64)
    keys = np.unique(np.minimum(first, second) * count + np.maximum(first, second))
    return keys // max(count, 1), keys % max(count, 1)


def pair_scores(lower: np.ndarray, higher: np.ndarray, task_vectors: csr_matrix, sentence_vectors: csr_matrix,
                sentence_starts: np.ndarray) -> np.ndarray:
    """The score of every pair (lower sorted): mean of the whole-task similarity and the best similarity of any
    sentence of one with any sentence of the other (etl/derive/pair_scores.py)."""
    from etl.derive.pair_scores import score_pairs

    return score_pairs(lower, higher, task_vectors.indptr, task_vectors.indices, task_vectors.data,
                       sentence_vectors.indptr, sentence_vectors.indices, sentence_vectors.data,
                       sentence_starts.astype(np.int64), task_vectors.shape[1], sentence_vectors.shape[1])


def best_per_region(lower: np.ndarray, higher: np.ndarray, scores: np.ndarray, task_ids: np.ndarray,
                    regions: np.ndarray) -> pd.DataFrame:
    """For every task, its TOP_N partners per region in its MATCH_REGIONS best regions (ordered by their best
    score); ties broken by task id so that reruns give the same ranks. In integer codes until the rows are
    chosen (both directions of every pair are many: strings for them all would not fit at scale)."""
    task_rank = np.argsort(np.argsort(task_ids, kind="stable"), kind="stable")
    region_codes, region_names = pd.factorize(regions)
    position = np.concatenate([lower, higher])
    partner = np.concatenate([higher, lower])
    score = np.concatenate([scores, scores])
    order = np.lexsort((task_rank[partner], -score, position))  # by task, best first
    position, partner, score = position[order], partner[order], score[order]
    region = region_codes[partner].astype(np.int64)
    rank = rank_within(position * len(region_names) + region)
    keep = rank <= TOP_N
    position, partner, score, region, rank = position[keep], partner[keep], score[keep], region[keep], rank[keep]
    firsts = rank == 1  # in best-first order: the task's regions ordered by their best score
    region_order = rank_within(position[firsts]) - 1
    keys = position * len(region_names) + region
    first_keys = keys[firsts]
    sorter = np.argsort(first_keys, kind="stable")
    found = sorter[np.searchsorted(first_keys, keys, sorter=sorter)]
    keep = region_order[found] < MATCH_REGIONS
    region_rank = np.argsort(np.argsort(np.asarray(region_names), kind="stable"), kind="stable")
    final = np.lexsort((rank[keep], region_rank[region[keep]], position[keep]))
    chosen = {name: values[keep][final] for name, values in
              (("position", position), ("partner", partner), ("score", score), ("rank", rank))}
    matches = pd.DataFrame({"task_id": task_ids[chosen["position"]], "match_task_id": task_ids[chosen["partner"]],
                            "match_region_id": regions[chosen["partner"]], "score": chosen["score"],
                            "rank": chosen["rank"].astype("int64")})
    matches["above_threshold"] = matches["score"] >= NO_COUNTERPART_THRESHOLD
    return matches


def rank_within(groups: np.ndarray) -> np.ndarray:
    """1, 2, 3 … within each group, in the order the rows come (a stable count per group)."""
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    counts = np.diff(np.r_[starts, len(groups)])
    ranks = np.empty(len(groups), dtype=np.int64)
    ranks[order] = np.arange(len(groups)) - np.repeat(starts, counts) + 1
    return ranks


def match_tasks(units: pd.DataFrame) -> pd.DataFrame:
    """task_matches from the match units of every task (all units of a task together, whole task first)."""
    wholes, sentences = units[units["unit"] == 0], units[units["unit"] > 0]
    if wholes.empty:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    task_ids, regions = wholes["task_id"].to_numpy(), wholes["region_id"].to_numpy()
    task_words, task_characters = view_vectors(wholes)
    task_vectors = similarity_vectors(task_words.copy(), task_characters)  # blocking reads task_words again
    sentence_vectors = similarity_vectors(*view_vectors(sentences))
    sentence_counts = sentences.groupby("task_id", sort=False).size().loc[task_ids].to_numpy()
    sentence_starts = np.concatenate([[0], np.cumsum(sentence_counts)])
    del wholes, sentences, task_characters  # each step lets go of what no later step reads (memory at scale)
    candidates = all_candidates(regions)
    if candidates is None:
        candidates = candidates_by_blocking(task_words, regions)
    lower, higher = unordered_pairs(candidates)
    del candidates, task_words
    scores = pair_scores(lower, higher, task_vectors, sentence_vectors, sentence_starts)
    del task_vectors, sentence_vectors
    return best_per_region(lower, higher, scores, task_ids, regions)


def task_matches(tasks: pd.DataFrame, tokenizer: Tokenizer, top_n: int = TOP_N) -> pd.DataFrame:
    """Tokenize the tasks and match them (for tests and notebooks; the build reuses its tokens)."""
    matches = match_tasks(match_units(task_tokens(tasks, tokenizer), tasks))
    return matches[matches["rank"] <= top_n].reset_index(drop=True)


# --- Stages --------------------------------------------------------------------------------------------------

def run_document(tables: dict) -> dict:
    """The units one document's tasks are compared by (cached with the document)."""
    return {"int_match_units": match_units(tables["int_task_tokens"], tables["tasks"])}


def run(tables: dict) -> dict:
    """Each task's most similar tasks in its closest other regions."""
    return {"task_matches": match_tasks(tables["int_match_units"])}
