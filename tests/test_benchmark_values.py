"""Headline rules (etl/derive/benchmark_values.py, docs/headline_rules.md): one test per rule on the seeds'
real sentences, run through the metric extraction first, then the table built from the four documents."""

import pandas as pd
import pytest

from etl.derive.benchmark_values import COLUMNS, RULES, benchmark_values, choose_headline
from etl.derive.metrics import extract_metrics, load_indicators


@pytest.fixture(scope="module")
def indicators():
    return load_indicators()


def unit(text, region_id, task_id=None, field="content", scope="local", deadline_year=None, line=1):
    return {"doc_id": region_id, "region_id": region_id, "task_id": task_id, "field": field, "scope": scope,
            "text": text, "line_start": line, "line_offsets": None, "deadline_year": deadline_year}


def documents(*rows):
    frame = pd.DataFrame([{"doc_id": "x", "region_id": "x", "issuer_kind": "city_government",
                           "plan_start_year": None}, *rows])
    return frame


def headlines(indicators, *units, issuer_kinds=None, docs=None):
    metrics = extract_metrics(pd.DataFrame(list(units)), indicators, issuer_kinds)
    return benchmark_values(metrics, docs if docs is not None else documents())


def only_row(values, indicator, scope=None):
    rows = values[(values["indicator"] == indicator) & (scope is None or values["issuer_scope"] == scope)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def quoted(row):
    high = None if pd.isna(row.value_max) else row.value_max
    return row.value, high, row.comparator, row.rule


# --- One test per rule --------------------------------------------------------------------------------------

def test_single(indicators):
    row = only_row(headlines(indicators, unit("建设2个产教融合实训基地", "wafangdian", "wafangdian-034")),
                   "industry_education_training_bases")
    assert quoted(row) == (2, None, "=", "single")
    assert (row.n_candidates, list(row.metric_ids)) == (1, ["wafangdian-m001"])


def test_same_value_from_goal_and_task(indicators):
    values = headlines(indicators,
                       unit("制定“双师型”教师培养办法，提升“双师型”教师在专业教师中的结构比例，实现50%以上的目标任务。",
                            "zhongwei", "zhongwei-018"),
                       unit("加大高素质教师队伍建设力度，“双师型”教师占专业教师比例达到50%以上。", "zhongwei",
                            field="goal", line=20))
    row = only_row(values, "dual_qualified_teacher_share")
    assert quoted(row) == (50, None, ">=", "same_value")
    assert (row.n_candidates, row.per) == (2, "level")


def test_binding_first(indicators):
    row = only_row(headlines(indicators, unit(
        "2022年高平中专招生人数达到全市中考总人数的20%以上；到2025年，高平中专招生人数力争超过全市中考总人数的25%。",
        "gaoping", "gaoping-003")), "vocational_enrollment_share")
    assert quoted(row) == (20, None, ">=", "binding_first")
    assert (bool(row.aspirational), row.target_year, row.n_candidates) == (False, 2022, 2)


def test_aspirational_alone_stays_aspirational(indicators):
    row = only_row(headlines(indicators, unit("拟新增1个省级高水平专业（群）。", "jinzhou", "jinzhou-009",
                                              field="local_target", deadline_year=2023),
                             issuer_kinds={"jinzhou": "institution"}), "featured_majors")
    assert quoted(row) == (1, None, "=", "single")
    assert (bool(row.aspirational), row.issuer_scope, bool(row.headline)) == (True, "institution", True)


def test_region_total_over_one_sub_unit(indicators):
    text = ("市职业技术学校重点建设现代加工制造、旅游服务、信息技术、汽车维修4个专业群，突出打造机电技术、中餐烹饪、"
            "云计算平台运维与开发、汽车运用与维修、电子商务5个专业品牌；中宁县职业技术学校重点建设枸杞保鲜与加工专业群，"
            "突出打造枸杞加工、营销、无人机植保3个特色品牌专业；海原县职业技术学校重点建设现代农业专业群，突出打造"
            "果蔬花卉生产技术、民族刺绣与剪纸、动物科学生产技术3个专业品牌。全市共建成6个专业群、8个自治区级中职特色"
            "专业、1个自治区级特色技工专业、10个市级重点骨干专业。")
    values = headlines(indicators, unit(text, "zhongwei", "zhongwei-002", deadline_year=2023))
    assert quoted(only_row(values, "major_groups")) == (6, None, "=", "region_total")
    featured = only_row(values, "featured_majors")
    assert quoted(featured) == (9, None, "=", "region_total")  # 8 自治区级中职特色专业 + 1 特色技工专业
    assert featured.n_candidates == 5


def test_stated_total_over_one_level(indicators):
    values = headlines(indicators,
                       unit("深化职业教育产教融合，培育2个自治区级、8个市级产教融合企业。", "zhongwei", "zhongwei-014"),
                       unit("由行业主管部门牵头，搭建校企合作平台，培育区、市认定的产教融合型企业10家以上。", "zhongwei",
                            field="goal", line=20))
    row = only_row(values, "industry_education_enterprises")
    assert quoted(row) == (10, None, ">=", "stated_total")
    assert list(row.chosen_metric_ids) == ["zhongwei-m003"]


def test_sum_of_levels_when_no_total_is_stated(indicators):
    row = only_row(headlines(indicators, unit("深化职业教育产教融合，培育2个自治区级、8个市级产教融合企业。",
                                              "zhongwei", "zhongwei-014")), "industry_education_enterprises")
    assert quoted(row) == (10, None, "=", "sum_of_levels")


def test_distributive_count(indicators):
    text = ("高平中专实施好“一系一品”行动，围绕我市经济社会发展重点领域，四个教学系部（装备制造系、信息技术系、社会服务系、"
            "艺术系）重点打造1个符合本地经济社会发展的特色品牌专业、联系1-2家深度合作企业。")
    values = headlines(indicators, unit(text, "gaoping", "gaoping-006"))
    assert quoted(only_row(values, "featured_majors")) == (4, None, "=", "distributive")
    assert quoted(only_row(values, "partner_enterprises")) == (4, 8, "=", "distributive")  # a range stays a range


def test_range_stays_a_range(indicators):
    row = only_row(headlines(indicators, unit("重点办好1－2个专业群", "wafangdian", "wafangdian-015")), "major_groups")
    assert quoted(row) == (1, 2, "=", "single")


def test_separate_commitments_add_up(indicators):
    values = headlines(indicators,
                       unit("重点建设5个职业教育市级网络名师工作室、8门精品课程。", "zhongwei", "zhongwei-006"),
                       unit("打造2个职业教育教师教学创新团队，建设4个市级职业教育名师工作室。", "zhongwei", "zhongwei-018"))
    assert quoted(only_row(values, "master_teacher_studios")) == (9, None, "=", "separate_commitments")


def test_per_year_and_window_normalised(indicators):
    values = headlines(indicators,
                       unit("建立健全职业院校实训教师培训机制，落实专业课教师全员轮训制度，实施5年累计不少于10个月企业实践制度",
                            "wafangdian", "wafangdian-038"),
                       unit("专业教师每年至少1个月在企业实践、5年内在企业至少轮训1次。", "zhongwei", "zhongwei-018"),
                       unit("扩大面向企业职工、就业重点人群和贫困劳动力的职业技能培训，年培训达到1万人次以上。", "zhongwei",
                            "zhongwei-004"))
    practice = values[values["indicator"] == "teacher_enterprise_practice"].set_index("region_id")
    assert practice.loc["wafangdian", ["value", "per", "window_years", "annual_value"]].tolist() == [10, "year", 5, 2]
    assert practice.loc["zhongwei", ["value", "per", "window_years", "annual_value"]].tolist() == [1, "year", 1, 1]
    training = only_row(values, "skills_training_volume")
    assert (training.per, training.annual_value) == ("year", 10_000)


def test_plan_total_window_from_the_documents_start_year(indicators):
    docs = documents({"doc_id": "wafangdian", "region_id": "wafangdian", "issuer_kind": "city_government",
                      "plan_start_year": 2021})
    row = only_row(headlines(indicators, unit("加强职业院校建设，到2025年，重点建成1所高水平现代化职业院校", "wafangdian",
                                              "wafangdian-015"), docs=docs), "high_level_schools")
    assert (row.per, row.target_year, row.window_years) == ("plan", 2025, 5)
    assert pd.isna(row.annual_value)  # the text gives no yearly rate
    unknown = only_row(headlines(indicators, unit("到2025年，重点建成1所高水平现代化职业院校", "wafangdian")),
                       "high_level_schools")
    assert pd.isna(unknown.window_years)


def test_parent_rows_are_never_a_headline(indicators):
    values = headlines(indicators,
                       unit("完成200万人次左右职业技能培训。", "jinzhou", "jinzhou-020", scope="parent", deadline_year=2025),
                       unit("职业培训实现优质培训人数达到3000人次。", "jinzhou", "jinzhou-020", field="local_target",
                            deadline_year=2025),
                       issuer_kinds={"jinzhou": "institution"})
    rows = values.set_index("issuer_scope")
    assert rows.loc["parent", ["value", "headline"]].tolist() == [2_000_000, False]
    assert pd.isna(rows.loc["parent", "target_year"])  # the college's deadline is not the province's
    assert rows.loc["institution", ["value", "headline", "target_year"]].tolist() == [3000, True, 2025]


def test_every_rule_is_known():
    frame = pd.DataFrame([{"metric_id": "a", "value": 1.0, "value_max": None, "unit": "个", "comparator": "=",
                           "aspirational": False, "target_year": None, "region_wide": False, "clause_id": "c",
                           "distributed_over": None}])
    assert choose_headline(frame)["rule"] in RULES


# --- The four documents -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_values(tables):
    return tables["benchmark_values"]


def cell(values, region_id, indicator):
    rows = values[(values["region_id"] == region_id) & (values["indicator"] == indicator) & values["headline"]]
    assert len(rows) == 1, (region_id, indicator, rows)
    return rows.iloc[0]


@pytest.mark.parametrize("region_id, indicator, expected", [
    ("zhongwei", "major_groups", (6, None, "=", "region_total")),
    ("zhongwei", "industry_education_enterprises", (10, None, ">=", "stated_total")),
    ("gaoping", "featured_majors", (4, None, "=", "distributive")),
    ("gaoping", "vocational_enrollment_share", (20, None, ">=", "binding_first")),
    ("wafangdian", "vocational_enrollment_share", (50, None, "~", "single")),
    ("jinzhou", "dual_qualified_teacher_share", (50, None, ">", "single")),
    ("wafangdian", "major_groups", (1, 2, "=", "single")),
])
def test_seed_headlines(seed_values, region_id, indicator, expected):
    assert quoted(cell(seed_values, region_id, indicator)) == expected


def test_seed_periods_are_apart(seed_values):
    training = seed_values[(seed_values["indicator"] == "skills_training_volume") & seed_values["headline"]]
    assert dict(zip(training["region_id"], training["per"], strict=True)) == {
        "jinzhou": "plan", "wafangdian": "plan", "zhongwei": "year"}
    practice = seed_values[seed_values["indicator"] == "teacher_enterprise_practice"].set_index(
        ["region_id", "issuer_scope"])["annual_value"]
    assert practice.to_dict() == {("jinzhou", "parent"): 2, ("wafangdian", "region"): 2, ("zhongwei", "region"): 1}


def test_seed_jinzhou_scopes(seed_values):
    jinzhou = seed_values[seed_values["region_id"] == "jinzhou"]
    assert set(jinzhou["issuer_scope"]) == {"institution", "parent"}
    assert not jinzhou.loc[jinzhou["issuer_scope"] == "parent", "headline"].any()
    assert jinzhou.loc[jinzhou["issuer_scope"] == "parent", "target_year"].isna().all()
    other = seed_values[seed_values["region_id"] != "jinzhou"]
    assert set(other["issuer_scope"]) == {"region"}


def test_seed_one_headline_per_cell_and_columns(seed_values):
    assert list(seed_values.columns) == COLUMNS
    heads = seed_values[seed_values["headline"]]
    assert not heads.duplicated(["region_id", "indicator"]).any()
    assert (seed_values["n_candidates"] == seed_values["metric_ids"].map(len)).all()
    assert set(seed_values["rule"]) <= set(RULES)
