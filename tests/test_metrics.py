"""Target-metric extraction on real clauses of the four documents (in their cleaned form) and on the raw files.

Text units are built by hand so these tests need only etl/derive/metrics.py and data/indicators.yaml."""

import re
import time
from pathlib import Path

import pandas as pd
import pytest

from etl.derive.metrics import (
    MENTION_COLUMNS,
    METRIC_COLUMNS,
    chinese_numeral_value,
    extract_metrics,
    indicator_mentions,
    load_indicators,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = PROJECT_ROOT / "data" / "raw"
REGIONS = ("gaoping", "jinzhou", "wafangdian", "zhongwei")
REQUIRED_KEYS = {"dual_qualified_teacher_share", "skills_training_volume", "vocational_enrollment_share"}
CHINESE_FORMS = {1: "一", 2: "两二", 3: "三", 4: "四", 5: "五", 10: "十"}
SHARES_IN_WORDS = {"大体相当"}


@pytest.fixture(scope="module")
def indicators():
    return load_indicators()


def unit_row(text, doc_id="doc", region_id="region", task_id="doc-001", field="content", scope="local",
             line_start=1, line_offsets=None, deadline_year=None) -> dict:
    return {"doc_id": doc_id, "region_id": region_id, "task_id": task_id, "field": field, "scope": scope,
            "text": text, "line_start": line_start, "line_offsets": line_offsets, "deadline_year": deadline_year}


def make_units(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def extract(indicators, text, **unit_fields) -> pd.DataFrame:
    return extract_metrics(make_units(unit_row(text, **unit_fields)), indicators)


def only_metric(indicators, text, **unit_fields) -> pd.Series:
    metrics = extract(indicators, text, **unit_fields)
    assert len(metrics) == 1, metrics[["value", "unit", "raw_text"]]
    return metrics.iloc[0]


def optional(value):
    return None if pd.isna(value) else value


# --- Values, ranges, units ----------------------------------------------------------------------------------

def test_gaoping_enrollment_share_two_years(indicators):
    metrics = extract(indicators, "2022年高平中专招生人数达到全市中考总人数的20%以上；到2025年，高平中专招生人数"
                                  "力争超过全市中考总人数的25%。", region_id="gaoping")
    rows = [(row.value, row.unit, row.comparator, row.target_year, bool(row.aspirational), row.indicator)
            for row in metrics.itertuples()]
    assert rows == [(20, "%", ">=", 2022, False, "vocational_enrollment_share"),
                    (25, "%", ">", 2025, True, "vocational_enrollment_share")]


@pytest.mark.parametrize("text, value, value_max, unit, indicator", [
    ("高平中专重点建设1-2门省级职业教育精品课程。", 1, 2, "门", "quality_courses"),
    ("拟参加1—2个省级专业协作体。", 1, 2, "个", None),
    ("培育3-5名自治区级技术能手", 3, 5, "名", None),
    ("培育2—3门“兴辽职教金课”。", 2, 3, "门", None),  # 金课 are not 精品课程
    ("重点办好1－2个专业群", 1, 2, "个", "major_groups"),
    ("以项目、竞赛为引领，获省级创新创业竞赛奖项1-2项", 1, 2, "项", None),
])
def test_ranges_give_lower_and_upper_bound(indicators, text, value, value_max, unit, indicator):
    metric = only_metric(indicators, text)
    assert (metric.value, metric.value_max, metric.unit, optional(metric.indicator)) == (
        value, value_max, unit, indicator)


@pytest.mark.parametrize("text, value, unit, unit_class, indicator", [
    ("高平中专建设一个省级职业教育“双师型”名师工作室", 1, "个", "count", "master_teacher_studios"),
    ("建好一所省级高水平中等职业学校。", 1, "所", "count", "high_level_schools"),
    ("打造一支省级职业教育“双师型”教师教学创新团队", 1, "支", "count", "teaching_innovation_teams"),
    ("引进或聘用具有三年以上企业实践经验的专业技术人员担任专业教师。", 3, "年", "duration",
     "teacher_enterprise_experience"),
    ("每学期组织中小学生开展一次“职业体验日”活动。", 1, "次", "count", None),
])
def test_chinese_numerals(indicators, text, value, unit, unit_class, indicator):
    metric = only_metric(indicators, text)
    assert (metric.value, metric.unit, metric.unit_class, optional(metric.indicator)) == (
        value, unit, unit_class, indicator)


@pytest.mark.parametrize("text, value, comparator", [
    ("年培训达到1万人次以上。", 10_000, ">="),
    ("完成200万人次左右职业技能培训。", 2_000_000, "~"),
    ("打造优质培训项目，积极承接行业企业委托的职业培训，完成职业技能培训1万人次左右", 10_000, "~"),
])
def test_wan_multiplies_the_value(indicators, text, value, comparator):
    metric = only_metric(indicators, text)
    assert (metric.value, metric.unit, metric.unit_class, metric.comparator) == (
        value, "人次", "person_times", comparator)


def test_ratio_is_stored_as_n_with_comparator_restated(indicators):
    metric = only_metric(indicators, "按照师生比不低于1:350的比例核定专职思政课教师岗位。")
    assert (metric.value, metric.unit, metric.unit_class, metric.comparator) == (350, "1:N", "ratio", "<=")
    assert optional(metric.indicator) is None  # a 师生比 is not Zhongwei's 专业化率: no region to compare with


@pytest.mark.parametrize("text, comparator", [
    ("实践课时不低于总课时的50%", ">="),
    ("专业教师中“双师型”教师占比超过50%。", ">"),
    ("“双师型”教师占专业课教师比例达到60%", "="),
    ("遴选10所左右职业教育信息化标杆学校。", "~"),
    ("引导和鼓励重点企业与2所以上职业院校建立人才联合培养机制", ">="),
    ("建设2个产教融合实训基地", "="),
])
def test_comparators(indicators, text, comparator):
    assert only_metric(indicators, text).comparator == comparator


def test_comparator_before_an_enumeration_covers_each_item(indicators):
    metrics = extract(indicators, "至少在8个专业、10个教学点实现学校和企业场景式互动在线教学。")
    assert metrics["value"].tolist() == [8, 10]
    assert metrics["comparator"].tolist() == [">=", ">="]


@pytest.mark.parametrize("text, value, unit", [
    ("完成职业技能培训两千人次", 2000, "人次"),
    ("完成职业技能培训一万二千人次", 12_000, "人次"),
    ("建设一百零一门精品课程", 101, "门"),
    ("“双师型”教师占专业课教师比例达到百分之三十", 30, "%"),
    ("年培训达到1.5万人次以上", 15_000, "人次"),
    ("“双师型”教师占比达到三成", 30, "%"),
])
def test_chinese_numerals_through_cn2an(indicators, text, value, unit):
    metric = only_metric(indicators, text)
    assert (metric.value, metric.unit) == (value, unit)


@pytest.mark.parametrize("numeral", ["百", "千", "一二", "零"])
def test_what_is_not_a_chinese_number(numeral):
    assert chinese_numeral_value(numeral) is None


@pytest.mark.parametrize("region, text", [
    ("wafangdian", "科学编制高中阶段教育招生计划，保持高中阶段教育职普比大体相当"),
    ("zhongwei", "积极招收未升学的初高中毕业生，稳步扩大中等职业教育规模，使职业教育与普通高中教育比例大体相当。"),
])
def test_roughly_equal_is_a_level_of_about_half(indicators, region, text):
    metric = only_metric(indicators, text, region_id=region)
    assert (metric.indicator, metric.value, metric.unit, metric.comparator, metric.written) == (
        "vocational_enrollment_share", 50, "%", "~", "大体相当")


# --- What is not a target -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "高政办发〔2021〕37号",
    "根据《自治区人民政府关于印发〈深化产教融合推进职业教育改革发展实施方案〉的通知》（宁政规发〔2020〕3号）",
    "2021年9月10日",
    "完成时限：2023年6月前完成并长期坚持",
    "全面落实《辽宁省职业技能提升行动实施方案（2019—2021年）》，组织开展职业技能提升行动",
    "推进“1+X”证书制度试点工作。",
    "实施高平中专与专科“3+2”贯通培养，填补我市高等职业教育空白。",
    "紧紧围绕“十四五”发展要求，加大投入力度",
    "积极推进学校“三全育人”综合改革试点工作",
    "高平中专实施好“一系一品”行动",
    "实施职业教育铸魂育人“三个一”工程",
    "打造“一校一品”“一校多品”的体育特色和美育特色",
    "深度融入共建“一带一路”，提升职业教育国际化水平。",
    "实施思想引领、强基固本、校园先锋、头雁领航、党建创新和党建保障等“六大品牌”工程",
    "落实职业技术学校书本费、学费、住宿费“三免”政策",
    "职业教育推动煤炭化工铸造建材、新能源新材料、台湾产业园、“五彩”现代农业、文化旅游和康养产业快速发展",
    "各市政府要制定“一市一策”实施方案，报教育部和省政府备案。",
    "推进“1”和“X”的有机衔接",
    "加大“双高”建设力度，提高学校的专业水平、核心竞争力。",
    "单位（公章）：锦州师范高等专科学校 联系人：齐心 联系电话：18904960016",
    "1.实施职业教育铸魂育人计划。",
    "（一）落实立德树人根本任务",
    "一、指导思想",
    "开展职业教育毕业生3年跟踪调查。",
    "开展职业院校服务百家企业工作，推动产教联盟和职教集团建设。",
    "培养一批省级职业教育“双师型”教学名师。",
    "积极支持第三方机构开展评估",
    "探索实行学生每学期在学校3个月、在企业2个月的“3+2”工学交替教学组织形式，推进人才培养模式改革。",
    "试点三天在企业、两天在学校的“3+2”人才培养模式",
    "推动3年中职教育与2年高职教育（“3+2”）、3年中职教育与4年本科教育（“3+4”），实现中高职贯通、中本贯通",
    "根据中卫优势特色产业发展需求，按照1个专业（群）对接一个产业链，重点建设好具有地方特色和显著优势的专业及专业群",
])
def test_not_targets(indicators, text):
    metrics = extract(indicators, text)
    assert metrics.empty, metrics[["value", "unit", "raw_text"]]


def test_counts_under_a_model_label_stay_and_breakdowns_are_not_repeated(indicators):
    metrics = extract(indicators, "市、县职业技术学校与相关院校合办4个“3+4”本科专业（市职业技术学校2个、中宁和海原县"
                                  "职业技术学校各1个）和20个“3+2”高职专业（市职业技术学校10个、中宁县6个、海原县4个）。")
    assert metrics["value"].tolist() == [4, 20]


def test_distributive_subject_multiplies_the_counts_after_it(indicators):
    metrics = extract(indicators, "高平中专实施好“一系一品”行动，围绕我市经济社会发展重点领域，四个教学系部（装备制造系、"
                                  "信息技术系、社会服务系、艺术系）重点打造1个符合本地经济社会发展的特色品牌专业、联系1-2家"
                                  "深度合作企业。", region_id="gaoping")
    rows = [(row.value, optional(row.value_max), row.unit, row.distributed_over, row.indicator)
            for row in metrics.itertuples()]
    assert rows == [(1, None, "个", 4, "featured_majors"), (1, 2, "家", 4, "partner_enterprises")]


def test_items_sharing_one_number_each_get_it(indicators):
    metrics = extract(indicators, "培育课程思政、思政课程精品项目5个，遴选特色德育案例和思政课示范课各3个并在全市范围进行推广。",
                      region_id="zhongwei")
    rows = [(row.value, optional(row.indicator), row.written) for row in metrics.itertuples()]
    assert rows == [(5, "ideology_flagship_courses", "5个"), (3, None, "3个"), (3, "ideology_model_lessons", "3个")]


def test_region_wide_total_is_marked(indicators):
    text = ("市职业技术学校重点建设现代加工制造、旅游服务、信息技术、汽车维修4个专业群。全市共建成6个专业群、8个自治区级中职特色"
            "专业、1个自治区级特色技工专业、10个市级重点骨干专业。")
    metrics = extract(indicators, text, region_id="zhongwei")
    rows = [(row.value, optional(row.indicator), bool(row.region_wide)) for row in metrics.itertuples()]
    assert rows == [(4, "major_groups", False), (6, "major_groups", True), (8, "featured_majors", True),
                    (1, "featured_majors", True), (10, None, True)]  # 骨干专业 are not 特色专业
    assert metrics["clause_id"].iloc[1] == metrics["clause_id"].iloc[4] != metrics["clause_id"].iloc[0]


@pytest.mark.parametrize("text, indicator", [
    ("分级培育遴选1个思想政治课教学创新团队。", "ideology_teaching_teams"),
    ("培育3个自治区级思政课教师教学创新团队", "ideology_teaching_teams"),
    ("打造2个职业教育教师教学创新团队", "teaching_innovation_teams"),
])
def test_team_kinds_are_apart(indicators, text, indicator):
    assert only_metric(indicators, text).indicator == indicator


def test_restated_parent_target_keeps_only_its_own_year(indicators):
    text = "遴选建设200个左右思想政治课示范课堂、800个左右课程思政教育案例。"
    parent = extract(indicators, text, region_id="jinzhou", scope="parent", deadline_year=2023)
    assert parent["target_year"].isna().all()
    local = extract(indicators, "建设2个思想政治课示范课堂。", region_id="jinzhou", scope="local", deadline_year=2023)
    assert local["target_year"].tolist() == [2023]
    stated = only_metric(indicators, "推动全省职业院校到2022年全部达到国家设置标准，建设50所左右省级优质中职学校。",
                         scope="parent", deadline_year=2025)
    assert stated.target_year == 2022


@pytest.mark.parametrize("scope, issuer_kind, expected", [
    ("parent", "institution", "parent"), ("local", "institution", "institution"),
    ("local", "city_government", "region"), ("local", None, "region"),
])
def test_issuer_scope(indicators, scope, issuer_kind, expected):
    units = make_units(unit_row("建设2个产教融合实训基地", doc_id="doc", scope=scope))
    metrics = extract_metrics(units, indicators, {"doc": issuer_kind})
    assert metrics["issuer_scope"].tolist() == [expected]


def test_single_number_in_parenthesis_is_its_own_target(indicators):
    metrics = extract(indicators, "到2025年，重点建成1所高水平现代化职业院校（力争新建一所职业大学），中职学校达到"
                                  "国家中职学校设置标准和建设标准")
    assert metrics["value"].tolist() == [1, 1]
    assert metrics["aspirational"].tolist() == [False, True]
    assert [optional(key) for key in metrics["indicator"]] == ["high_level_schools", None]
    assert metrics["target_year"].tolist() == [2025, 2025]


def test_window_years_are_not_targets_but_the_months_are(indicators):
    metric = only_metric(indicators, "落实专业课教师全员轮训制度，实施5年累计不少于10个月企业实践制度。")
    assert (metric.value, metric.unit, metric.unit_class, metric.comparator, metric.indicator) == (
        10, "月", "duration", ">=", "teacher_enterprise_practice")
    assert optional(metric.per_period) is None
    assert metric.window_years == 5


def test_qualification_years_are_a_duration(indicators):
    metric = only_metric(indicators, "自2021年起，除持有相关领域职业技能等级证书的毕业生外，职业院校、应用型本科高校"
                                     "相关专业教师原则上从具有3年以上企业工作经历并具有高职专科以上学历的人员中公开招聘。",
                         deadline_year=2025)
    assert (metric.value, metric.unit, metric.comparator, metric.indicator) == (
        3, "年", ">=", "teacher_enterprise_experience")
    assert metric.target_year == 2025  # 自2021年起 is when the rule starts, not a target year


def test_leadership_experience_is_not_a_teacher_hiring_rule(indicators):
    metrics = extract(indicators, "釆取专兼职结合方式，为职业院校班子配备1名具有5年以上行业企业工作经历的高层次技术"
                                  "管理人才。")
    assert metrics["value"].tolist() == [1, 5]
    assert metrics["indicator"].isna().all()


# --- Context: period, year, scope, aspiration, raw_text, line ----------------------------------------------

def test_period_and_window(indicators):
    metrics = extract(indicators, "专业教师每年至少1个月在企业实践、5年内在企业至少轮训1次。")
    assert [(row.value, row.unit, optional(row.per_period), optional(row.window_years), row.comparator)
            for row in metrics.itertuples()] == [(1, "月", "year", None, ">="), (1, "次", None, 5, ">=")]
    assert metrics["indicator"].tolist()[0] == "teacher_enterprise_practice"


def test_semester_period(indicators):
    assert only_metric(indicators, "每学期组织中小学生开展一次“职业体验日”活动。").per_period == "semester"


def test_target_year_falls_back_to_the_deadline(indicators):
    assert only_metric(indicators, "建设2个产教融合实训基地", deadline_year=2025).target_year == 2025
    assert pd.isna(only_metric(indicators, "建设2个产教融合实训基地", deadline_year=pd.NA).target_year)


def test_goal_paragraph_opening_year_governs_its_sentences(indicators):
    text = ("到2023年，全市职业学校教学条件达到国家标准，市职业技术学校和中宁县职业技术学校达到自治区优质校水平。"
            "加强特色化办学，不断优化专业设置，建设 5 个区级优质特色专业。")
    metric = only_metric(indicators, text, field="goal", task_id=None)
    assert (metric.target_year, metric.indicator, metric.field) == (2023, "featured_majors", "goal")
    assert optional(metric.task_id) is None


def test_scope_and_field_are_copied(indicators):
    metric = only_metric(indicators, "完成200万人次左右职业技能培训。", region_id="jinzhou", scope="parent",
                         field="content", task_id="jinzhou-020")
    assert (metric.scope, metric.field, metric.region_id, metric.task_id) == (
        "parent", "content", "jinzhou", "jinzhou-020")


def test_aspirational_words(indicators):
    assert bool(only_metric(indicators, "积极争取，力争共建1个产学研用融合的产业学院。").aspirational)
    assert bool(only_metric(indicators, "拟新增1个省级高水平专业（群）。").aspirational)
    assert not bool(only_metric(indicators, "建设5门省级精品在线开放课程。").aspirational)
    assert not bool(only_metric(indicators, "搭建职业教育在线学习平台，建设20个左右示范性虚拟仿真实训基地。")
                    .aspirational)


def test_raw_text_reaches_back_to_where_the_share_is_named(indicators):
    metric = only_metric(indicators, "制定“双师型”教师培养办法，提升“双师型”教师在专业教师中的结构比例，"
                                     "实现50%以上的目标任务。")
    assert metric.raw_text == "提升“双师型”教师在专业教师中的结构比例，实现50%以上的目标任务"
    assert metric.indicator == "dual_qualified_teacher_share"


def test_line_comes_from_line_offsets(indicators):
    text = "落实专业课教师全员轮训制度，实施5年累计不少于10个月企业实践制度。"
    assert only_metric(indicators, text, line_offsets=[(0, 324), (14, 325)], line_start=324).line == 325
    assert only_metric(indicators, text, line_offsets=[(0, 324), (30, 325)], line_start=324).line == 324
    assert only_metric(indicators, text, line_offsets=None, line_start=77).line == 77


def test_metric_ids_are_numbered_per_document_in_input_order(indicators):
    units = make_units(unit_row("建设10门思政精品课，建设1个省级思政教育工作室。", doc_id="gaoping"),
                       unit_row("建设2个产教融合实训基地", doc_id="wafangdian"),
                       unit_row("高平中专重点建设1-2门省级职业教育精品课程。", doc_id="gaoping"))
    metrics = extract_metrics(units, indicators)
    assert metrics["metric_id"].tolist() == ["gaoping-m001", "gaoping-m002", "wafangdian-m001", "gaoping-m003"]
    assert metrics["value"].tolist() == [10, 1, 2, 1]


def test_columns_exactly_and_empty_input(indicators):
    assert list(extract(indicators, "建设2个产教融合实训基地").columns) == METRIC_COLUMNS
    empty = extract_metrics(make_units(unit_row("")).iloc[0:0], indicators)
    assert list(empty.columns) == METRIC_COLUMNS and empty.empty


# --- Indicator alignment -------------------------------------------------------------------------------------

@pytest.mark.parametrize("region, text, value, comparator", [
    ("zhongwei", "加大高素质教师队伍建设力度，“双师型”教师占专业教师比例达到50%以上，至少建成2个高水平教师教学创新团队。",
     50, ">="),
    ("zhongwei", "制定“双师型”教师培养办法，提升“双师型”教师在专业教师中的结构比例，实现50%以上的目标任务。", 50, ">="),
    ("wafangdian", "遴选培养职业教育市级名师10人、市级专业带头人5人、市级骨干教师20人，“双师型”教师占专业课教师比例"
                   "达到60%", 60, "="),
    ("jinzhou", "专业教师中“双师型”教师占比超过50%。", 50, ">"),
])
def test_dual_qualified_teacher_share(indicators, region, text, value, comparator):
    metrics = extract(indicators, text, region_id=region)
    share = metrics[metrics["indicator"] == "dual_qualified_teacher_share"]
    assert [(row.value, row.unit, row.comparator) for row in share.itertuples()] == [(value, "%", comparator)]
    assert (metrics["indicator"] == "dual_qualified_teacher_share").sum() == 1


@pytest.mark.parametrize("region, scope, text, value, comparator, period", [
    ("zhongwei", "local", "扩大面向企业职工、就业重点人群和贫困劳动力的职业技能培训，年培训达到1万人次以上。",
     10_000, ">=", "year"),
    ("wafangdian", "local", "打造优质培训项目，积极承接行业企业委托的职业培训，完成职业技能培训1万人次左右",
     10_000, "~", None),
    ("jinzhou", "parent", "完成200万人次左右职业技能培训。", 2_000_000, "~", None),
    ("jinzhou", "local", "职业培训实现优质培训人数达到3000人次。建立职业培训个人学习账号。", 3000, "=", None),
])
def test_skills_training_volume(indicators, region, scope, text, value, comparator, period):
    metric = only_metric(indicators, text, region_id=region, scope=scope)
    assert (metric.indicator, metric.value, metric.comparator, optional(metric.per_period), metric.scope) == (
        "skills_training_volume", value, comparator, period, scope)


def test_enumeration_items_keep_their_own_nouns(indicators):
    metrics = extract(indicators, "建成5个自治区级职业教育思政课名师工作室、10个班主任工作室，每年对职业教育思政课"
                                  "教师全员进行一次培训。")
    assert [optional(key) for key in metrics["indicator"]] == ["ideology_studios", None, None]
    assert metrics["per_period"].tolist()[2] == "year"


@pytest.mark.parametrize("text, indicator", [
    ("培育2个自治区级、8个市级产教融合企业。", "industry_education_enterprises"),
    ("遴选建设200个左右思想政治课示范课堂、800个左右课程思政教育案例。", None),
])
def test_level_words_share_the_next_noun(indicators, text, indicator):
    keys = extract(indicators, text)["indicator"].tolist()
    if indicator is None:
        assert keys == ["ideology_model_lessons", "ideology_course_cases"]
    else:
        assert keys == [indicator, indicator]


def test_a_counter_does_not_borrow_an_earlier_clause(indicators):
    metric = only_metric(indicators, "支持高水平高职院校与地方政府、产业园区、骨干企业等多主体合作，共建20个左右"
                                     "产学研用融合的产业学院。")
    assert optional(metric.indicator) is None


def test_mentions_without_a_number(indicators):
    text = "扩大专业教师招聘名额，实行专兼职教师制度；加大“双师型”教师培养力度，逐年提高“双师型”教师占专业课教师总数的比例。"
    units = make_units(unit_row(text, doc_id="gaoping", region_id="gaoping", task_id="gaoping-008",
                                line_offsets=[(0, 83), (20, 84)]))
    assert extract_metrics(units, indicators).empty
    mentions = indicator_mentions(units, indicators)
    assert list(mentions.columns) == MENTION_COLUMNS
    dual = mentions[mentions["indicator"] == "dual_qualified_teacher_share"]
    assert dual[["region_id", "task_id", "line"]].values.tolist() == [["gaoping", "gaoping-008", 84]]
    assert "双师型" in dual["snippet"].iloc[0]


# --- Codebook -----------------------------------------------------------------------------------------------

def test_codebook_has_the_required_keys_and_labels(indicators):
    keys = [indicator["key"] for indicator in indicators]
    assert REQUIRED_KEYS <= set(keys)
    assert len(keys) == len(set(keys))
    for indicator in indicators:
        assert indicator["label_zh"] and indicator["label_en"] and indicator["patterns"], indicator["key"]


def test_codebook_errors_are_reported(tmp_path):
    duplicate = tmp_path / "duplicate.yaml"
    duplicate.write_text("- {key: a, label_zh: 甲, label_en: A, unit_class: count, patterns: ['x']}\n" * 2,
                         encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate"):
        load_indicators(duplicate)
    wrong_class = tmp_path / "wrong_class.yaml"
    wrong_class.write_text("- {key: a, label_zh: 甲, label_en: A, unit_class: money_bags, patterns: ['x']}\n",
                           encoding="utf-8")
    with pytest.raises(ValueError, match="unit_class"):
        load_indicators(wrong_class)


# --- The four raw documents ----------------------------------------------------------------------------------

def crude_clean(raw: str) -> str:
    """Just enough cleaning for extraction: no bookmarks, emphasis, TABs or stray spaces; a table cell ends a
    sentence; lines joined."""
    text = re.sub(r"\[bookmark:[^\]]*\]", "", raw).replace("**", "")
    text = text.replace("\n\t", "。").replace("\t", "").replace("\n", "")
    text = text.replace(",", "，").replace(";", "；").replace("(", "（").replace(")", "）")
    return re.sub(r"(?<=[^\x00-\x7f])[ \u3000]+|[ \u3000]+(?=[^\x00-\x7f])", "", text)


@pytest.fixture(scope="module")
def raw_metrics(indicators):
    units = make_units(*(unit_row(crude_clean((RAW_DIR / f"{region}.txt").read_text(encoding="utf-8")),
                                  doc_id=region, region_id=region, task_id=None) for region in REGIONS))
    started = time.perf_counter()
    metrics = extract_metrics(units, indicators)
    return metrics, time.perf_counter() - started


def test_raw_documents_yield_many_metrics_quickly(raw_metrics):
    metrics, seconds = raw_metrics
    assert len(metrics) > 100
    assert set(metrics["region_id"]) == set(REGIONS)
    assert seconds < 1.0


def test_raw_documents_named_indicators_by_region(raw_metrics):
    metrics, _ = raw_metrics
    regions = metrics.groupby("indicator")["region_id"].agg(set)
    assert regions["dual_qualified_teacher_share"] == {"jinzhou", "wafangdian", "zhongwei"}
    assert regions["skills_training_volume"] == {"jinzhou", "wafangdian", "zhongwei"}
    assert regions["vocational_enrollment_share"] == {"gaoping", "wafangdian", "zhongwei"}  # 大体相当 counts


def test_raw_documents_quantify_codebook_indicators_in_two_regions(raw_metrics, indicators):
    """The codebook's rule: an indicator is there because two regions quantify it (or the issue names it)."""
    metrics, _ = raw_metrics
    regions = metrics.groupby("indicator")["region_id"].nunique()
    named_by_the_issue = {"vocational_enrollment_share", "industry_education_enterprises"}
    thin = {indicator["key"] for indicator in indicators
            if indicator["key"] not in named_by_the_issue and regions.get(indicator["key"], 0) < 2}
    assert not thin


def written_forms(row) -> set:
    """How a stored value can appear in the text: 350 → 1:350, 10000 → 1万, 1 → 一."""
    if row.unit_class == "ratio":
        return {f"1:{int(row.value)}", f"1：{int(row.value)}"}
    forms = {f"{row.value:g}", f"{row.value / 10_000:g}万"}
    forms.update(CHINESE_FORMS.get(int(row.value), ""))
    return forms


def test_raw_documents_every_number_is_traceable(raw_metrics):
    metrics, _ = raw_metrics
    untraceable = [(row.metric_id, row.value, row.written, row.raw_text) for row in metrics.itertuples()
                   if row.written not in row.raw_text
                   or not (row.written in SHARES_IN_WORDS or any(form in row.written for form in written_forms(row)))]
    assert not untraceable
    assert not metrics["raw_text"].str.contains("〔|联系电话").any()
