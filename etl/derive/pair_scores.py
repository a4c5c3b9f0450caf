"""The score of every candidate pair of tasks (etl/derive/matching.py), compiled with numba: one pass over the
pairs, a few hundred million multiply-adds at 3,000 documents, where numpy needed a dozen calls per task and
temporary arrays for each (ten times slower). Kept apart so that numba is imported, and its compiled code
loaded from its cache, only by a build that scores pairs.

The arithmetic is the one numpy did, in the same order: a dot product adds the products of the other row's
entries in their stored order (a column the first row lacks adds +0.0, which changes no sum), so the scores
are the same to the last bit.
"""

import numba
import numpy as np


def pair_scores_in_python(lower, higher, task_indptr, task_indices, task_data, sentence_indptr, sentence_indices,
                sentence_data, sentence_starts, task_columns, sentence_columns):
    """For pairs (lower[p], higher[p]), grouped by lower: the mean of the tasks' whole-text similarity (task
    vectors, CSR arrays) and the best similarity of a sentence of one with a sentence of the other (sentence
    vectors; task t's sentences are rows sentence_starts[t] … sentence_starts[t + 1] − 1)."""
    count = len(lower)
    scores = np.empty(count)
    best = np.zeros(count)
    task_row = np.zeros(task_columns)  # the lower task's vector, spread out
    sentence_row = np.zeros(sentence_columns)  # one of its sentences, spread out
    begin = 0
    while begin < count:
        own = lower[begin]
        end = begin
        while end < count and lower[end] == own:
            end += 1
        for k in range(task_indptr[own], task_indptr[own + 1]):
            task_row[task_indices[k]] = task_data[k]
        for pair in range(begin, end):
            partner = higher[pair]
            total = 0.0
            for k in range(task_indptr[partner], task_indptr[partner + 1]):
                total += task_row[task_indices[k]] * task_data[k]
            scores[pair] = total
        for k in range(task_indptr[own], task_indptr[own + 1]):
            task_row[task_indices[k]] = 0.0
        for sentence in range(sentence_starts[own], sentence_starts[own + 1]):
            for k in range(sentence_indptr[sentence], sentence_indptr[sentence + 1]):
                sentence_row[sentence_indices[k]] = sentence_data[k]
            for pair in range(begin, end):
                partner = higher[pair]
                top = best[pair]
                for other in range(sentence_starts[partner], sentence_starts[partner + 1]):
                    total = 0.0
                    for k in range(sentence_indptr[other], sentence_indptr[other + 1]):
                        total += sentence_row[sentence_indices[k]] * sentence_data[k]
                    top = max(top, total)
                best[pair] = top
            for k in range(sentence_indptr[sentence], sentence_indptr[sentence + 1]):
                sentence_row[sentence_indices[k]] = 0.0
        for pair in range(begin, end):
            scores[pair] = (scores[pair] + best[pair]) / 2
        begin = end
    return scores


try:  # compiled once, then loaded from numba's cache (__pycache__ here, else the user's cache folder)
    score_pairs = numba.njit(cache=True)(pair_scores_in_python)
except RuntimeError:  # neither is writable (a read-only installation): compiled again by every build
    score_pairs = numba.njit(pair_scores_in_python)
