"""Theme and policy-instrument coding of real tasks, and the determinism of NMF topics."""

import pandas as pd
import pytest

from etl.derive.terms import build_tokenizer, task_terms
from etl.derive.themes import (
    OTHER_THEME,
    PARTIAL_MATCH_PREFIX,
    POLICY_INSTRUMENTS_PATH,
    THEMES_PATH,
    code_themes,
    codebook_table,
    load_codebook,
)
from etl.derive.topics import fit_topics
from tests.crude_reader import raw_tasks

BRIEF_THEMES = {
    "moral_ideological", "programme_specialty_layout", "industry_education_integration", "teacher_workforce",
    "certificates_credit_bank", "digital_online", "skills_training", "enrollment_pathways",
    "international_cooperation", "funding_finance", "governance_party_leadership", "publicity_culture",
}
ROTHWELL_ZEGVELD = {
    "supply": {"talent_training", "funding", "infrastructure_bases", "information_technology", "public_services"},
    "environment": {"goal_planning", "regulation_standards", "strategic_measures", "finance", "tax_incentives"},
    "demand": {"government_procurement", "outsourcing", "overseas_exchange", "pilots_demonstrations"},
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(THEMES_PATH) | load_codebook(POLICY_INSTRUMENTS_PATH)


@pytest.fixture(scope="module")
def tokenizer():
    return build_tokenizer()


@pytest.fixture(scope="module")
def coded(codebook, tokenizer):
    tasks = raw_tasks()
    return pd.concat([code_themes(tasks, tokenizer, codebook, scheme) for scheme in codebook], ignore_index=True)


def themes_of(coded, task_id, scheme):
    rows = coded[(coded["task_id"] == task_id) & (coded["scheme"] == scheme)]
    return rows.set_index("theme")


def test_codebooks_hold_the_themes_and_instrument_types_of_the_brief(codebook):
    table = codebook_table(codebook)
    assert BRIEF_THEMES <= set(table.loc[table["scheme"] == "vet_theme", "theme"])
    instruments = table[table["scheme"] == "policy_instrument"]
    assert instruments.groupby("parent")["theme"].apply(set).to_dict() == ROTHWELL_ZEGVELD
    assert instruments["parent_label_zh"].isin({"供给型", "环境型", "需求型"}).all()
    assert table[["label_zh", "label_en"]].notna().all().all()


@pytest.mark.parametrize(
    ("task_id", "scheme", "theme", "evidence"),
    [
        ("gaoping-008", "vet_theme", "teacher_workforce", "双师型"),  # 建设“双师型”师资队伍
        ("wafangdian-017", "vet_theme", "certificates_credit_bank", "1+X"),  # 积极探索推进“1+X”证书制度试点
        ("jinzhou-052", "vet_theme", "funding_finance", "专项债券"),  # 申报地方政府专项债券
        ("jinzhou-034", "vet_theme", "international_cooperation", "一带一路"),  # 面向“一带一路”沿线国家
        ("zhongwei-024", "vet_theme", "governance_party_leadership", "联席会议制度"),
        ("gaoping-005", "vet_theme", "enrollment_pathways", "职教高考"),  # 落实“职教高考”制度
        ("wafangdian-053", "policy_instrument", "government_procurement", "购买服务"),
        ("zhongwei-021", "policy_instrument", "tax_incentives", "教育费附加"),  # 抵免…教育费附加
        ("jinzhou-021", "policy_instrument", "finance", "混合所有制"),
    ],
)
def test_known_tasks_get_their_theme(coded, task_id, scheme, theme, evidence):
    themes = themes_of(coded, task_id, scheme)
    assert theme in themes.index
    assert evidence in themes.loc[theme, "evidence"].split("、")
    assert themes.loc[theme, "score"] >= 1
    assert themes.loc[theme, "counted"]  # every one of them is a dictionary phrase or has a second hit


@pytest.mark.parametrize(
    ("task_id", "theme", "evidence"),
    [
        ("gaoping-003", "governance_party_leadership", "考核"),  # 统筹中等职业教育发展 … 纳入…考核
        ("wafangdian-018", "teacher_workforce", "教师"),  # 办好职业技能大赛、创新创业大赛和教师教学能力比赛
        ("gaoping-010", "teacher_workforce", "教师"),  # 信息化建设 … 教育信息化教学竞赛
    ],
)
def test_a_single_generic_term_is_kept_but_does_not_count(coded, task_id, theme, evidence):
    row = themes_of(coded, task_id, "vet_theme").loc[theme]
    assert (row["evidence"], row["evidence_count"]) == (evidence, 1)  # once or more, always the same term
    assert not row["counted"]


def test_two_distinct_terms_count_without_a_phrase(coded):
    # wafangdian-013 … 招生 … 招收 …: neither term is a phrase, together they are enough
    row = themes_of(coded, "wafangdian-013", "vet_theme").loc["enrollment_pathways"]
    assert (row["evidence"], row["evidence_count"], bool(row["counted"])) == ("招生、招收", 2, True)


def test_a_short_phrase_the_codebook_names_counts_alone(coded):
    # jinzhou-039 遴选10所左右职业教育信息化标杆学校: 信息化 is one of the codebook's `phrases`
    row = themes_of(coded, "jinzhou-039", "vet_theme").loc["digital_online"]
    assert (row["evidence"], row["evidence_count"], bool(row["counted"])) == ("信息化", 1, True)


def test_the_evidence_threshold_lives_in_the_codebook(tmp_path, tokenizer):
    task = raw_tasks().set_index("task_id").loc[["jinzhou-009"]].reset_index()  # 重点培育200个左右高水平特色专业
    codes = {}
    for distinct_terms in (1, 2):
        path = tmp_path / f"codebook{distinct_terms}.yaml"
        path.write_text(f"scheme: test\nevidence: {{distinct_terms: {distinct_terms}}}\nthemes:\n"
                        "  - {key: quality, label_zh: 质量, label_en: Quality, terms: [高水平]}\n", encoding="utf-8")
        codes[distinct_terms] = code_themes(task, tokenizer, load_codebook(path), "test").iloc[0]
    assert codes[1]["counted"] and not codes[2]["counted"]
    assert codes[1]["evidence"] == codes[2]["evidence"] == "高水平"


def test_theme_shares_count_each_task_once_and_only_with_enough_evidence(database):
    from analysis.queries import theme_region_shares

    shares = theme_region_shares(database, "vet_theme").set_index(["region_id", "theme"])
    counted, coded = database.execute("""
        SELECT count(DISTINCT task_id) FILTER (WHERE counted), count(DISTINCT task_id) FROM task_themes
        JOIN tasks USING (task_id)
        WHERE region_id = 'jinzhou' AND kind = 'task' AND theme = 'school_provision_conditions'""").fetchone()
    row = shares.loc[("jinzhou", "school_provision_conditions")]
    assert row["tasks"] == counted < coded
    assert row["share"] == pytest.approx(counted / 54)


def test_score_counts_trigger_hits(coded):
    # wafangdian-052 支持符合申报条件的职业院校申报地方政府专项债券，改善办学条件: one token each.
    themes = themes_of(coded, "wafangdian-052", "vet_theme")
    assert themes.loc["funding_finance", ["score", "evidence"]].tolist() == [1.0, "专项债券"]
    assert themes.loc["school_provision_conditions", ["score", "evidence"]].tolist() == [1.0, "办学条件"]


def test_every_task_gets_a_theme_and_none_is_other(coded):
    for scheme in ("vet_theme", "policy_instrument"):
        assert set(coded.loc[coded["scheme"] == scheme, "task_id"]) == set(raw_tasks()["task_id"])
    assert OTHER_THEME not in set(coded["theme"])


def test_a_task_no_trigger_hits_gets_the_closest_theme(tmp_path, tokenizer):
    codebook_path = tmp_path / "codebook.yaml"
    codebook_path.write_text(
        "scheme: test\nthemes:\n"
        "  - {key: teachers, label_zh: 教师, label_en: Teachers, terms: [双师型教师]}\n"
        "  - {key: money, label_zh: 经费, label_en: Money, terms: [财政经费]}\n",
        encoding="utf-8",
    )
    tasks = pd.DataFrame(
        [
            {"task_id": "gaoping-008", "title": "建设“双师型”师资队伍", "content": None},
            {"task_id": "jinzhou-038", "title": None, "content": "建设辽宁职业教育大数据平台。"},
        ]
    )
    coded = code_themes(tasks, tokenizer, load_codebook(codebook_path), "test").set_index("task_id")
    assert coded.loc["gaoping-008", "theme"] == "teachers"
    assert coded.loc["gaoping-008", "score"] == 0
    assert coded.loc["gaoping-008", "evidence"] == PARTIAL_MATCH_PREFIX + "双师、师型"
    assert coded.loc["jinzhou-038", "theme"] == OTHER_THEME


@pytest.fixture(scope="module")
def real_terms(tokenizer):
    return task_terms(raw_tasks(), tokenizer)


def test_topics_are_deterministic(real_terms):
    first_topics, first_task_topics = fit_topics(real_terms)
    second_topics, second_task_topics = fit_topics(real_terms.sample(frac=1, random_state=1))
    pd.testing.assert_frame_equal(first_topics, second_topics)
    pd.testing.assert_frame_equal(first_task_topics, second_task_topics)


def test_topics_shape_and_a_recognisable_topic(real_terms):
    topics, task_topics = fit_topics(real_terms, topic_count=8)
    assert sorted(topics["topic_id"].unique()) == list(range(1, 9))
    assert topics.groupby("topic_id")["rank"].max().eq(10).all()
    assert task_topics.groupby("task_id")["weight"].sum().round(9).eq(1).all()
    # The certificate reform: '1+X' and 职业技能等级证书 share a topic.
    top_terms = topics.groupby("topic_id")["term"].apply(set)
    assert any({"1+X", "职业技能等级证书"} <= terms for terms in top_terms)


def test_no_trigger_term_is_a_stop_word_or_a_name(codebook, tokenizer):
    # A stop word never becomes a token, and names are never evidence: such a trigger would silently die.
    for scheme in codebook.values():
        for theme in scheme.themes:
            dead = [term for term in theme.terms if term in tokenizer.dropped_words or term in tokenizer.tier_by_term]
            assert not dead, f"{scheme.name}/{theme.key}: {dead}; write them as patterns"
