"""Conversion artefacts: clean_line on strings cut from the real documents, then the built tables checked for
leftovers and for the page breaks that split a word, a bracket or a repeated character."""

import re

import pytest

from etl.parse.clean import VARIANTS_PATH, clean_line, clean_text, ends_sentence

# --- clean_line on real artefacts --------------------------------------------------------------------------

CLEAN_CASES = [
    # (raw, cleaned); the raw strings are cut from data/raw/*.txt
    ("[bookmark: OLE_LINK1]2023年", "2023年"),  # jinzhou.txt:57
    ("[bookmark: OLE_LINK30][bookmark: OLE_LINK29]按照公开招聘有关规定", "按照公开招聘有关规定"),  # jinzhou.txt:298
    ("[bookmark: _GoBack]与地方政府", "与地方政府"),  # jinzhou.txt:259
    ("加强党对职业教育的全面領 导", "加强党对职业教育的全面领导"),  # jinzhou.txt:19
    ("提 髙技术技能", "提高技术技能"),  # jinzhou.txt:118
    ("20所左 右省级髙水平髙职院校。", "20所左右省级高水平高职院校。"),  # jinzhou.txt:137
    ("省教 育庁", "省教育厅"),  # jinzhou.txt:524
    ("釆取", "采取"),  # jinzhou.txt:20
    ("中小學生", "中小学生"),  # zhongwei.txt:79
    ("到 2023 年底", "到2023年底"),  # gaoping.txt:41
    ("学生 800 人以上", "学生800人以上"),  # zhongwei.txt:17
    ("2023 年 6 月前完成并长期坚持", "2023年6月前完成并长期坚持"),  # zhongwei.txt:161
    ("**建设多元办学格局。**", "建设多元办学格局。"),  # gaoping.txt:109
    ("——**办学能力基本达标。**职业院校", "——办学能力基本达标。职业院校"),  # gaoping.txt:45
    ("1. **实施职业教育铸魂育人计划。**积极推进", "1.实施职业教育铸魂育人计划。积极推进"),  # gaoping.txt:59
    ("开发区管委会,各乡镇人民政府,各街道办事处,市直各有关单位:", "开发区管委会，各乡镇人民政府，各街道办事处，市直各有关单位："),
    ("〔责任单位:市教育局、市人社局、高平中专〕", "〔责任单位：市教育局、市人社局、高平中专〕"),  # gaoping.txt:59
    ("(一) 加强组织领导。", "（一）加强组织领导。"),  # gaoping.txt:113
    ("(国发〔2019〕4号)和", "（国发〔2019〕4号）和"),  # gaoping.txt:21
    ("按照师生比不低于1:350的比例", "按照师生比不低于1:350的比例"),  # jinzhou.txt:44: a ratio keeps its colon
    ("遴选建设200个左右思想政治课示范课堂 、800个", "遴选建设200个左右思想政治课示范课堂、800个"),  # jinzhou.txt:40
    ("共同制定面向“ 一带一路”沿线", "共同制定面向“一带一路”沿线"),  # jinzhou.txt:364
    ("按职工总数的 2%安排实习岗位", "按职工总数的2%安排实习岗位"),  # gaoping.txt:101
    ("联系1-2家深度合作企业", "联系1-2家深度合作企业"),
    ("“文化素质+职业技能”", "“文化素质+职业技能”"),
    ("市教育局 、人社局", "市教育局、人社局"),  # wafangdian.txt:91
    ("分级培育遴选1个思想政治课教学创新团队。 ", "分级培育遴选1个思想政治课教学创新团队。"),  # trailing space
    ("\u3000\u3000坚持", "坚持"),
    ("２０２３年", "2023年"),  # full-width digits become ASCII so numbers parse
    ("", ""),
]


@pytest.mark.parametrize("raw, cleaned", CLEAN_CASES)
def test_clean_line(raw, cleaned):
    assert clean_line(raw) == cleaned


def test_clean_line_is_idempotent():
    for raw, cleaned in CLEAN_CASES:
        assert clean_line(cleaned) == cleaned, raw


def test_clean_text_keeps_line_count():
    text = "[bookmark: OLE_LINK1]2023年\n\n省教 育庁\n"
    assert clean_text(text) == "2023年\n\n省教育厅\n"


@pytest.mark.parametrize("raw, cleaned", [
    pytest.param("全面贯彻党的教育方针, 2021年起", "全面贯彻党的教育方针，2021年起", id="comma-space-digit"),
    pytest.param("加强领导: 2023年底前", "加强领导：2023年底前", id="colon-space-digit"),
])
def test_no_space_left_after_converted_punctuation(raw, cleaned):
    assert clean_line(raw) == cleaned


@pytest.mark.parametrize("text, expected", [
    ("主动对接全市产业发展战", False),  # gaoping.txt:31, a page break follows
    ("积极推动职", False),
    ("建立“校企协同、场厂共享，师徒互通、产教共融”的“双元”", False),  # gaoping.txt:99: the quote is not an end
    ("请认真贯彻执行。", True),
    ("具体目标：", True),
    ("责任单位：市教育局、发展改革委、人力资源社会保障局，", False),
    ("", False),
])
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


def test_variant_table_covers_the_characters_seen_in_the_documents():
    variants = {row.split("\t")[0] for row in VARIANTS_PATH.read_text(encoding="utf-8").splitlines()
                if row.strip() and not row.startswith("#")}
    assert set("髙庁領釆學") <= variants


# --- The built tables --------------------------------------------------------------------------------------

TEXT_COLUMNS = {
    "tasks": ["section", "group_title", "title", "content", "local_measures", "local_target", "deadline_text"],
    "goals": ["section", "text"],
    "agencies": ["name"],
    "task_agencies": ["raw_name"],
}
LEFTOVERS = re.compile(r"\[bookmark|\*\*|[髙庁領釆學]")
CJK = r"\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”"


def text_values(tables):
    for table, columns in TEXT_COLUMNS.items():
        frame = tables[table]
        for column in columns:
            for key, value in zip(frame.iloc[:, 0], frame[column], strict=True):
                if isinstance(value, str):
                    yield f"{table}.{column} {key}", value


def test_no_conversion_leftovers_in_built_text(tables):
    found = [(where, LEFTOVERS.search(value).group()) for where, value in text_values(tables)
             if LEFTOVERS.search(value)]
    assert found == []


def test_all_variant_characters_replaced_in_built_text(tables):
    variants = "".join(row.split("\t")[0] for row in VARIANTS_PATH.read_text(encoding="utf-8").splitlines()
                       if row.strip() and not row.startswith("#"))
    found = [where for where, value in text_values(tables) if re.search(f"[{variants}]", value)]
    assert found == []


def test_no_stray_spaces_or_half_width_punctuation_beside_chinese(tables):
    spaces = re.compile(rf"[{CJK}][ \t\u00a0\u3000]|[ \t\u00a0\u3000][{CJK}]")
    half_width = re.compile(rf"[{CJK}][,;:()?!]|[,;:()?!][{CJK}]")
    assert [where for where, value in text_values(tables) if spaces.search(value)] == []
    assert [where for where, value in text_values(tables) if half_width.search(value)] == []


def test_ratio_keeps_half_width_colon(tables):
    task = tables["tasks"].set_index("task_id").loc["jinzhou-003"]
    assert "师生比不低于1:350的比例" in task["local_target"]


def content(tables, task_id):
    return tables["tasks"].set_index("task_id").loc[task_id, "content"]


def test_page_break_inside_a_word_is_joined(tables):
    assert "不断提升办学实力" in content(tables, "gaoping-002")          # 办学实 / 力
    assert "积极参与省级、国家级优质教学资源共建共享活动" in content(tables, "gaoping-007")  # 国 / 家级
    assert "建立“校企协同、场厂共享，师徒互通、产教共融”的“双元”育人模式" in content(tables, "gaoping-014")
    assert "每学期组织中小学生开展一次“职业体验日”活动。" in content(tables, "zhongwei-007")
    assert "学校可将校企合作、技术服务、社会培训等所得" in content(tables, "zhongwei-019")
    goal = tables["goals"].set_index("goal_id").loc["zhongwei-g01", "text"]
    assert "合格职业技能" in goal


def test_bracket_broken_across_a_page_is_still_read(tables, database):
    """gaoping task 10: 〔责任单位:市教育局、市财政 / 局、市人社局、高平中专] (closing with a half-width ])."""
    leads = [name for (name,) in database.execute(
        "SELECT a.name FROM task_agencies l JOIN agencies a USING (agency_id) "
        "WHERE l.task_id = 'gaoping-010' AND l.role = 'responsible' ORDER BY l.position").fetchall()]
    assert "市财政局" in leads
    assert leads == ["市教育局", "市财政局", "市人力资源和社会保障局", "高平中专"]
    text = content(tables, "gaoping-010")
    assert "责任单位" not in text and not text.endswith(("]", "〕"))
    assert text.endswith("提升职业教育教师信息化教学水平。")


def test_no_responsibility_bracket_left_in_gaoping_content(tables):
    tasks = tables["tasks"]
    gaoping = tasks[tasks["doc_id"] == "gaoping"]
    assert not gaoping["content"].str.contains("责任单位").any()


def test_repeated_character_across_page_break_kept_once(tables):
    safeguard = tables["tasks"].set_index("task_id").loc["gaoping-021"]
    assert safeguard["kind"] == "safeguard" and safeguard["title"] == "营造良好环境"
    assert safeguard["content"].count("积极推动职业院校毕业生") == 1
    assert "职职业" not in safeguard["content"]
    warnings = tables["etl_warnings"]
    rows = warnings[(warnings["doc_id"] == "gaoping") & (warnings["line"] == 121)]
    assert len(rows) == 1
    assert "职" in rows.iloc[0]["message"]
    assert rows.iloc[0]["stage"] == "parse"


def test_warnings_are_only_the_expected_ones(tables):
    """The real documents raise exactly three warnings: the repeated 职 and the two back-matter paragraphs."""
    warnings = tables["etl_warnings"].sort_values(["doc_id", "line"])
    assert list(zip(warnings["doc_id"], warnings["line"], strict=True)) == [
        ("gaoping", 121), ("gaoping", 123), ("gaoping", 126)]
    assert "抄送" in warnings.iloc[1]["message"]
