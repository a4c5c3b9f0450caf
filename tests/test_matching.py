"""Cross-region task matching on the real documents.

The tasks are read from data/raw/ by the crude reader of tests/crude_reader.py, independent of the ETL's
parsers, so these tests check the matching and not the parsing.
"""


import pandas as pd
import pytest

from etl.derive.matching import NO_COUNTERPART_THRESHOLD, task_matches
from etl.derive.terms import build_tokenizer
from tests.crude_reader import raw_tasks


@pytest.fixture(scope="module")
def matches():
    return task_matches(raw_tasks(), build_tokenizer(), top_n=3)


def best_match(matches, task_id, region_id):
    rows = matches[(matches["task_id"] == task_id) & (matches["match_region_id"] == region_id)]
    return rows[rows["rank"] == 1].iloc[0]


def test_crude_reader_finds_every_numbered_task():
    counts = raw_tasks().groupby("region_id").size().to_dict()
    assert counts == {"gaoping": 17, "jinzhou": 54, "wafangdian": 57, "zhongwei": 25}
    contents = raw_tasks().set_index("task_id")["content"]
    assert contents["jinzhou-046"] == "建立校企合作容错机制，以清单方式明确列出校企合作中禁止和限制的行为。"
    assert contents["wafangdian-047"] == "建立校企合作容错机制，以清单方式明确列出校企合作中禁止和限制的行为"


@pytest.mark.parametrize(
    ("jinzhou_task", "wafangdian_task"),
    [
        ("jinzhou-046", "wafangdian-047"),  # 建立校企合作容错机制，以清单方式明确列出校企合作中禁止和限制的行为
        ("jinzhou-052", "wafangdian-052"),  # 支持符合申报条件的职业院校申报地方政府专项债券，改善办学条件
        ("jinzhou-053", "wafangdian-053"),  # 鼓励政府通过购买服务等方式支持民办职业院校发展
        ("jinzhou-031", "wafangdian-038"),  # 落实专业课教师全员轮训制度 … (Wafangdian adds 实训教师培训机制)
        ("jinzhou-044", "wafangdian-046"),  # 统筹规划职业教育项目建设 … (Wafangdian drops 优化指导服务)
    ],
)
def test_restated_liaoning_tasks_find_each_other(matches, jinzhou_task, wafangdian_task):
    forward = best_match(matches, jinzhou_task, "wafangdian")
    backward = best_match(matches, wafangdian_task, "jinzhou")
    assert forward["match_task_id"] == wafangdian_task
    assert backward["match_task_id"] == jinzhou_task
    assert forward["above_threshold"] and forward["score"] > 0.6


def test_verbatim_restatement_scores_one(matches):
    assert best_match(matches, "jinzhou-052", "wafangdian")["score"] == pytest.approx(1.0)


def test_sino_german_college_task_has_no_counterpart_in_gaoping_or_zhongwei(matches):
    # jinzhou-037: 推动沈阳中德应用技术学院、中德（沈阳）高端装备制造产业园跨企业培训中心建设。
    for region_id in ("gaoping", "zhongwei"):
        best = best_match(matches, "jinzhou-037", region_id)
        assert best["score"] < NO_COUNTERPART_THRESHOLD
        assert not best["above_threshold"]


def test_paraphrased_counterpart_across_provinces_is_found(matches):
    # wafangdian-044 成立职业教育联席会议工作领导小组，建立联席会议制度
    # zhongwei-024 建立职业教育工作联席会议制度。建立由教育、人社、发改 … 组成的市职业教育工作联席会议制度 …
    best = best_match(matches, "wafangdian-044", "zhongwei")
    assert best["match_task_id"] == "zhongwei-024"
    assert best["above_threshold"]


def test_ranks_run_within_each_task_and_other_region(matches):
    own_region = matches["task_id"].str.split("-").str[0]
    assert (own_region != matches["match_region_id"]).all()
    groups = matches.groupby(["task_id", "match_region_id"])
    assert groups["rank"].apply(list).map(lambda ranks: ranks == [1, 2, 3]).all()
    assert groups["score"].apply(lambda scores: scores.is_monotonic_decreasing).all()
    assert len(matches) == len(raw_tasks()) * 3 * 3


def test_jinzhou_college_measures_do_not_move_the_match():
    tasks = raw_tasks()
    tokenizer = build_tokenizer()
    without_measures = tasks.assign(local_measures=None, local_target=None)
    with_measures = task_matches(tasks, tokenizer)
    assert tasks.set_index("task_id").loc["jinzhou-017", "local_measures"] is not None
    pd.testing.assert_frame_equal(with_measures, task_matches(without_measures, tokenizer))


def test_the_build_keeps_every_best_match_of_the_exhaustive_matching(database_file):
    # The blocked top-k of etl/derive/matching.py against the dense matching it replaced, on the seeds.
    from etl.derive.exhaustive_matching import top_matches_differences

    assert top_matches_differences(database_file) == 0


def test_blocking_finds_the_restatements_when_not_every_task_is_a_candidate(monkeypatch):
    # Force the path of large corpora: candidates by shared distinctive words, CANDIDATES per task.
    from etl.derive import matching

    monkeypatch.setattr(matching, "ALL_CANDIDATES", 0)
    blocked = task_matches(raw_tasks(), build_tokenizer(), top_n=3)
    for jinzhou_task, wafangdian_task in (("jinzhou-046", "wafangdian-047"), ("jinzhou-052", "wafangdian-052")):
        assert best_match(blocked, jinzhou_task, "wafangdian")["match_task_id"] == wafangdian_task
    assert best_match(blocked, "jinzhou-052", "wafangdian")["score"] == pytest.approx(1.0)
    per_task = blocked.groupby("task_id")["match_task_id"].nunique()
    assert per_task.max() <= matching.CANDIDATES * 2  # a task's own candidates and those that chose it
    groups = blocked.groupby(["task_id", "match_region_id"])
    assert groups["score"].apply(lambda scores: scores.is_monotonic_decreasing).all()


def test_compiled_pair_scores_are_the_mean_of_whole_task_and_best_sentence_similarity():
    # etl/derive/pair_scores.py against the same formula in dense numpy, on every pair of Jinzhou × Wafangdian
    import numpy as np

    from etl.derive import matching
    from etl.derive.terms import task_tokens

    tasks, tokenizer = raw_tasks(), build_tokenizer()
    units = matching.match_units(task_tokens(tasks, tokenizer), tasks)
    wholes, sentences = units[units["unit"] == 0], units[units["unit"] > 0]
    task_ids = wholes["task_id"].to_numpy()
    task_vectors = matching.similarity_vectors(*matching.view_vectors(wholes))
    sentence_vectors = matching.similarity_vectors(*matching.view_vectors(sentences))
    counts = sentences.groupby("task_id", sort=False).size().loc[task_ids].to_numpy()
    starts = np.concatenate([[0], np.cumsum(counts)])
    jinzhou = np.flatnonzero(wholes["region_id"].to_numpy() == "jinzhou")
    wafangdian = np.flatnonzero(wholes["region_id"].to_numpy() == "wafangdian")
    lower, higher = np.repeat(jinzhou, len(wafangdian)), np.tile(wafangdian, len(jinzhou))
    assert len(lower) > 2000
    scores = matching.pair_scores(lower, higher, task_vectors, sentence_vectors, starts)
    whole = task_vectors.toarray() @ task_vectors.toarray().T
    sentence = sentence_vectors.toarray() @ sentence_vectors.toarray().T
    expected = [(whole[one, other] + sentence[starts[one]:starts[one + 1], starts[other]:starts[other + 1]].max()) / 2
                for one, other in zip(lower, higher, strict=True)]
    np.testing.assert_allclose(scores, expected, rtol=0, atol=1e-12)
    restated = (task_ids[lower] == "jinzhou-052") & (task_ids[higher] == "wafangdian-052")
    assert scores[restated] == pytest.approx([1.0])
    assert len(matching.pair_scores(lower[:0], higher[:0], task_vectors, sentence_vectors, starts)) == 0
