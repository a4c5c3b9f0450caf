"""The two task-matching engines on hand-paired restatements (tests/fixtures/matching/restatements.csv): the
pairs are real, TF-IDF's top-1 accuracy from the stored task_matches, the semantic engine's when it is
installed (requirements-semantic.txt), and the engine switch."""

import pytest

from etl.derive import match_accuracy, semantic_matching, task_matching
from etl.errors import SourceError


@pytest.fixture(scope="module")
def pairs():
    return match_accuracy.read_pairs()


@pytest.fixture(scope="module")
def queries(pairs, tables):
    return match_accuracy.directed_queries(pairs, tables["tasks"])


def test_at_least_30_pairs_of_real_tasks_in_two_regions(pairs, tables):
    regions = tables["tasks"].set_index("task_id")["region_id"]
    assert len(pairs) >= 30
    assert set(pairs["task_a"]) | set(pairs["task_b"]) <= set(regions.index)
    assert (pairs["task_a"].map(regions) != pairs["task_b"].map(regions)).all()
    liaoning = pairs[pairs["task_a"].str.startswith("jinzhou") & pairs["task_b"].str.startswith("wafangdian")]
    assert len(liaoning) >= 25  # Jinzhou and Wafangdian restate the same Liaoning plan


def test_tfidf_top1_accuracy_from_the_stored_matches(tables, queries):
    hits = match_accuracy.top1_from_matches(tables["task_matches"], queries)
    assert len(queries) == 112
    assert hits.sum() == 99  # 0.88; every verbatim restatement found, 55 of 68 paraphrases
    assert hits[queries["kind"] == "verbatim"].all()
    assert set(tables["task_matches"]["engine"]) == {"tfidf"}


@pytest.mark.skipif(not semantic_matching.available(), reason="optional engine: pip install -r requirements-semantic.txt")
def test_semantic_engine_is_behind_tfidf_so_tfidf_stays_the_default(tables, queries):
    matches = semantic_matching.semantic_task_matches(tables["tasks"])
    hits = match_accuracy.top1_from_matches(matches, queries)
    assert hits.sum() == 91  # 0.81
    assert hits.sum() < match_accuracy.top1_from_matches(tables["task_matches"], queries).sum()
    assert task_matching.DEFAULT_ENGINE == "tfidf"


def test_an_unknown_engine_is_refused(monkeypatch):
    monkeypatch.setenv(task_matching.ENGINE_VARIABLE, "bm25")
    with pytest.raises(SourceError, match="unknown matching engine 'bm25'"):
        task_matching.chosen_engine()


def test_the_semantic_engine_not_installed_is_refused_with_the_install_command(monkeypatch):
    monkeypatch.setenv(task_matching.ENGINE_VARIABLE, "semantic")
    monkeypatch.setattr(semantic_matching, "available", lambda: False)
    with pytest.raises(SourceError, match="requirements-semantic.txt"):
        task_matching.chosen_engine()
