"""Tokenization: dictionary terms stay whole, numbers and boilerplate go, names keep their tier."""

import pandas as pd
import pytest

from etl.derive.terms import (
    STOPWORDS_DIRECTORY,
    TIER_AGENCY,
    TIER_GENERIC,
    TIER_PLACE,
    build_tokenizer,
    read_word_list,
    task_terms,
    tokenize,
)
from tests.crude_reader import raw_tasks

AGENCY_NAMES = ["市教育局", "省人力资源和社会保障厅", "教务处", "学校", "各市"]


@pytest.fixture(scope="module")
def tokenizer():
    return build_tokenizer(AGENCY_NAMES)


@pytest.mark.parametrize(
    ("text", "whole_terms"),
    [
        ("推进“1+X”证书制度试点工作。支持高平中专参与“1+X”证书制度试点工作", ["1+X"]),
        ("实施高平中专与专科“3+2”贯通培养,填补我市高等职业教育空白", ["3+2"]),
        ("适应“互联网+职业教育”发展需求,建设网络教学平台", ["互联网+"]),
        ("高平中专建设一个省级职业教育“双师型”名师工作室", ["双师型", "名师工作室"]),
        ("推动思政课程与课程思政有机结合", ["思政课程", "课程思政"]),
        ("积极推进学校“三全育人”综合改革试点工作", ["三全育人"]),
        ("全面推行现代学徒制或企业新型学徒制", ["现代学徒制", "企业新型学徒制"]),
        ("依托职业教育国家“学分银行”", ["学分银行"]),
        ("持续推进省级产教融合型企业建设培育", ["产教融合型企业"]),
        ("深化产教融合，全面推进校企协同育人", ["产教融合"]),
        ("弘扬工匠精神，落实“职教高考”制度", ["工匠精神", "职教高考"]),
    ],
)
def test_dictionary_terms_stay_whole(tokenizer, text, whole_terms):
    tokens = tokenize(tokenizer, text)
    for term in whole_terms:
        assert term in tokens


def test_plain_jieba_would_cut_one_plus_x(tokenizer):
    # Why the regex pre-pass exists: the same jieba instance, asked directly, cuts '1+X' apart.
    assert "1+X" not in tokenizer.segmenter.lcut("推进“1+X”证书制度试点工作")


def test_full_width_one_plus_x_is_the_same_term(tokenizer):
    assert tokenize(tokenizer, "推进“１＋Ｘ”证书制度试点") == tokenize(tokenizer, "推进“1+X”证书制度试点")


def test_numbers_and_targets_are_removed(tokenizer):
    text = (
        "到2025年，重点建成1所高水平现代化职业院校（力争新建一所职业大学），50%专业达到大连市中职学校"
        "专业设置标准，重点办好1－2个专业群，新增高素质技能人才3000人左右。打造两个特色品牌，每三年轮训一次"
    )
    tokens = tokenize(tokenizer, text)
    assert not any(character.isdigit() for token in tokens for character in token)
    assert {"一所", "两个", "三年", "人左右", "年"}.isdisjoint(tokens)
    assert {"高水平", "职业院校", "职业大学", "专业群"} <= set(tokens)


def test_ten_months_of_enterprise_practice_leaves_no_measure_word(tokenizer):
    tokens = tokenize(tokenizer, "落实专业课教师全员轮训制度，实施5年累计不少于10个月企业实践制度。")
    assert tokens == ["专业课", "教师", "全员", "轮训", "累计", "企业实践"]


def test_boilerplate_and_its_compounds_never_come_out(tokenizer):
    tokens = tokenize(tokenizer, "积极支持第三方机构开展评估，建立健全职业院校实训教师培训机制，进一步加强宣传")
    assert tokens == ["第三方", "机构", "评估", "职业院校", "实训", "教师", "培训", "宣传"]


def test_agency_names_stay_whole_and_carry_their_tier(tokenizer):
    tokens = tokenize(tokenizer, "由省人力资源和社会保障厅、市教育局牵头，锦州师专教务处负责")
    assert {"省人力资源和社会保障厅", "市教育局", "教务处"} <= set(tokens)
    assert tokenizer.tier_by_term["市教育局"] == TIER_AGENCY
    assert tokenizer.tier_by_term["锦州"] == TIER_PLACE


def test_collective_names_are_not_agencies(tokenizer):
    # '学校' and '各市' are canonical responsible units in Jinzhou's table, but ordinary words in a task text.
    assert "学校" not in tokenizer.tier_by_term
    assert "各市" not in tokenizer.tier_by_term


def test_task_terms_count_all_four_text_fields(tokenizer):
    # jinzhou-003: 课程思政 once in 任务内容, once in 具体举措, once in 完成目标.
    task = raw_tasks().set_index("task_id").loc[["jinzhou-003"]].reset_index()
    terms = task_terms(task, tokenizer).set_index("term")
    assert terms.loc["课程思政", "count"] == 3
    assert terms.loc["思政课程", "count"] == 1
    assert list(terms.columns) == ["task_id", "count", "tier"]


def test_task_terms_store_no_function_word_and_no_single_character(tokenizer):
    terms = task_terms(raw_tasks(), tokenizer)
    function_words = set(read_word_list(STOPWORDS_DIRECTORY / "function_words.txt"))
    boilerplate = set(read_word_list(STOPWORDS_DIRECTORY / "policy_boilerplate.txt"))
    assert function_words.isdisjoint(terms["term"])
    assert (terms["term"].str.len() > 1).all()
    assert set(terms["tier"].dropna()) == {TIER_PLACE, TIER_AGENCY, TIER_GENERIC}
    assert terms.loc[terms["term"] == "自治区", "tier"].eq(TIER_PLACE).all()
    assert terms.loc[terms["term"] == "双师型", "tier"].isna().all()
    # Policy boilerplate is kept only in the generic tier, so that a reader can switch it on (issue 13).
    assert terms.loc[terms["term"].isin(boilerplate), "tier"].eq(TIER_GENERIC).all()
    assert {"加强", "推进", "完善"} <= set(terms.loc[terms["tier"] == TIER_GENERIC, "term"])


def test_boilerplate_compounds_and_generic_words_are_in_the_generic_tier(tokenizer):
    # wafangdian-019 … 广泛开展 …: 广泛 (function word) + 开展 (boilerplate); 全方位 is a generic policy word
    terms = task_terms(pd.DataFrame([{"task_id": "x-001", "title": None, "local_measures": None,
                                      "content": "广泛开展全方位育人，积极支持校企合作", "local_target": None}]),
                       tokenizer).set_index("term")["tier"]
    assert terms["广泛开展"] == terms["全方位"] == terms["积极支持"] == TIER_GENERIC
    assert pd.isna(terms["育人"]) and pd.isna(terms["校企合作"])


def test_missing_text_fields_are_skipped(tokenizer):
    task = pd.DataFrame([{"task_id": "x-001", "title": None, "content": "建设“双师型”师资队伍",
                          "local_measures": float("nan"), "local_target": None}])
    terms = task_terms(task, tokenizer)
    assert terms.loc[terms["tier"].isna(), "term"].tolist() == ["双师型", "师资队伍"]
    assert terms.loc[terms["tier"] == TIER_GENERIC, "term"].tolist() == ["建设"]
    assert tokenize(tokenizer, None) == []
