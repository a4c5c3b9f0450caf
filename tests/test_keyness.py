"""Keyness: the log-odds formula on a hand-computed example, and clean top terms on the real documents."""

import pandas as pd
import pytest

from etl.derive.keyness import region_keyness, region_tfidf
from etl.derive.terms import STOPWORDS_DIRECTORY, build_tokenizer, read_word_list, task_terms
from tests.crude_reader import raw_tasks

# Three regions, two terms, eight tokens. Each term makes half the corpus, so with prior_scale = 8
# alpha_双师型 = alpha_教师 = 8 * 4/8 = 4 and alpha_0 = 8.
#   region a: 双师型 3, 教师 1 (n = 4)      region b: 双师型 1, 教师 2 (n = 3)      region c: 教师 1 (n = 1)
HAND_EXAMPLE = pd.DataFrame(
    [
        ("a-1", "a", "双师型", 3, None),
        ("a-1", "a", "教师", 1, None),
        ("b-1", "b", "双师型", 1, None),
        ("b-2", "b", "教师", 2, None),
        ("c-1", "c", "教师", 1, None),
    ],
    columns=["task_id", "region_id", "term", "count", "tier"],
)


def keyness_row(keyness, region_id, term):
    return keyness.set_index(["region_id", "term"]).loc[(region_id, term)]


def test_log_odds_of_region_a_against_b_and_c_pooled():
    # delta = log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
    # a vs b+c, 双师型: y_i = 3, n_i = 4; y_j = 1, n_j = 4
    #   delta = log(7 / 5) - log(5 / 7) = 2 log 1.4 = 0.672944
    #   variance = 1/7 + 1/5 = 12/35, z = 0.672944 / 0.585540 = 1.149271
    keyness = region_keyness(HAND_EXAMPLE, include_optional_tiers=False, prior_scale=8)
    row = keyness_row(keyness, "a", "双师型")
    assert (row["count"], row["count_other"]) == (3, 1)
    assert row["log_odds"] == pytest.approx(0.672944, abs=1e-6)
    assert row["z"] == pytest.approx(1.149271, abs=1e-6)
    assert keyness_row(keyness, "a", "教师")["z"] == pytest.approx(-1.149271, abs=1e-6)


def test_log_odds_of_the_middle_and_the_small_region():
    keyness = region_keyness(HAND_EXAMPLE, include_optional_tiers=False, prior_scale=8)
    # b vs a+c, 教师: y_i = 2, n_i = 3; y_j = 2, n_j = 5
    #   delta = log(6 / 5) - log(6 / 7) = log 1.4 = 0.336472; variance = 1/6 + 1/6, z = 0.582787
    assert keyness_row(keyness, "b", "教师")["log_odds"] == pytest.approx(0.336472, abs=1e-6)
    assert keyness_row(keyness, "b", "教师")["z"] == pytest.approx(0.582787, abs=1e-6)
    # c vs a+b, 教师: y_i = 1, n_i = 1; y_j = 3, n_j = 7
    #   delta = log(5 / 4) - log(7 / 8) = log(10/7) = 0.356675; variance = 1/5 + 1/7, z = 0.609138
    assert keyness_row(keyness, "c", "教师")["z"] == pytest.approx(0.609138, abs=1e-6)
    # A region that never uses a term gets no row for it.
    assert ("c", "双师型") not in keyness.set_index(["region_id", "term"]).index


def test_optional_tiers_are_switched():
    with_place = pd.concat(
        [HAND_EXAMPLE, pd.DataFrame([("c-1", "c", "中卫", 2, "place")], columns=HAND_EXAMPLE.columns)]
    )
    assert "中卫" not in set(region_keyness(with_place, include_optional_tiers=False)["term"])
    assert "中卫" in set(region_keyness(with_place, include_optional_tiers=True)["term"])


@pytest.fixture(scope="module")
def real_terms():
    tasks = raw_tasks()
    terms = task_terms(tasks, build_tokenizer())
    return terms.merge(tasks[["task_id", "region_id"]], on="task_id")


def top_terms(frame, score, count):
    return frame.sort_values(score, ascending=False).groupby("region_id").head(count)


def test_stop_words_never_reach_the_top_terms_of_any_region(real_terms):
    stop_words = {
        word
        for name in ("function_words.txt", "policy_boilerplate.txt")
        for word in read_word_list(STOPWORDS_DIRECTORY / name)
    }
    for include_names in (False, True):
        keyness_top = top_terms(region_keyness(real_terms, include_names), "z", 30)
        tfidf_top = region_tfidf(real_terms, include_names, top_n=30)
        for top in (keyness_top, tfidf_top):
            assert stop_words.isdisjoint(top["term"])
            assert (top["term"].str.len() > 1).all()
            assert not top["term"].str.contains(r"\d").any()


def test_zhongwei_names_its_schools_differently(real_terms):
    # Zhongwei writes 职业技术学校 (29 times, never elsewhere); the Liaoning lists write 职业院校.
    keyness = region_keyness(real_terms, include_optional_tiers=False)
    zhongwei_top = top_terms(keyness[keyness["region_id"] == "zhongwei"], "z", 3)
    assert "职业技术学校" in set(zhongwei_top["term"])
    row = keyness_row(keyness, "zhongwei", "职业技术学校")
    assert (row["count"], row["count_other"]) == (29, 0)


def test_place_names_only_with_the_optional_tiers(real_terms):
    with_names = region_keyness(real_terms, include_optional_tiers=True)
    without_names = region_keyness(real_terms, include_optional_tiers=False)
    assert "自治区" in set(top_terms(with_names[with_names["region_id"] == "zhongwei"], "z", 10)["term"])
    assert "自治区" not in set(without_names["term"])


def test_tfidf_ranks_each_region_separately(real_terms):
    tfidf = region_tfidf(real_terms, top_n=15)
    assert list(tfidf.columns) == ["region_id", "term", "tfidf", "rank"]
    assert tfidf.groupby("region_id")["rank"].apply(list).map(lambda ranks: ranks == list(range(1, 16))).all()
    assert tfidf.groupby("region_id")["tfidf"].apply(lambda scores: scores.is_monotonic_decreasing).all()


def test_generic_policy_words_are_hidden_unless_asked_for(real_terms):
    # Wafangdian's list is wordier: 全方位 and 整合 rank among its most distinctive terms once the generic tier
    # is switched on, and never appear while it is off; the same holds for the boilerplate (推进, 加强).
    hidden = region_keyness(real_terms, include_optional_tiers=False)
    shown = region_keyness(real_terms, include_optional_tiers=False, include_generic=True)
    wafangdian_shown = set(top_terms(shown[shown["region_id"] == "wafangdian"], "z", 15)["term"])
    assert {"全方位", "整合"} <= wafangdian_shown
    assert {"全方位", "整合", "推进", "加强"}.isdisjoint(hidden["term"])
    assert {"推进", "加强"} <= set(shown["term"])
    assert set(region_tfidf(real_terms, top_n=30)["term"]).isdisjoint({"全方位", "推进"})


def test_the_database_holds_every_tier_combination(database):
    combinations = database.execute("""SELECT DISTINCT with_names, with_generic FROM region_keyness
                                       ORDER BY ALL""").fetchall()
    assert combinations == [(False, False), (False, True), (True, False), (True, True)]
    assert database.execute("""SELECT count(*) FROM region_keyness k JOIN task_terms t USING (term)
                               WHERE NOT k.with_generic AND t.tier = 'generic'""").fetchone()[0] == 0
