"""Parsing of the four real documents: counts, hierarchy, the college's own columns kept apart, merged cells,
deadlines, source line ranges, goal sections, determinism, and the per-layout fixtures.

Every expected value below was counted by hand from data/raw/*.txt (layout notes: /work/shared/seeds/README.md).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from etl.build import parse_documents
from etl.parse.assemble import assemble
from etl.parse.clean import clean_line
from etl.parse.layouts import PARSERS
from etl.parse.read import read_source
from etl.paths import DEFAULT_MANIFEST

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = PROJECT_ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def raw_lines(doc_id: str) -> list[str]:
    return (RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")


def one_task(tables, doc_id: str, number: str) -> pd.Series:
    tasks = tables["tasks"]
    rows = tasks[(tasks["doc_id"] == doc_id) & (tasks["task_number"] == number)]
    assert len(rows) == 1, f"{doc_id} task {number}: {len(rows)} rows"
    return rows.iloc[0]


def is_null(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


# --- Counts ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("doc_id, tasks, safeguards", [
    ("gaoping", 17, 4),
    ("jinzhou", 54, 0),
    ("wafangdian", 57, 0),
    ("zhongwei", 25, 0),
])
def test_task_counts(tables, doc_id, tasks, safeguards):
    frame = tables["tasks"][tables["tasks"]["doc_id"] == doc_id]
    assert int((frame["kind"] == "task").sum()) == tasks
    assert int((frame["kind"] == "safeguard").sum()) == safeguards
    assert set(frame["kind"]) <= {"task", "safeguard"}


@pytest.mark.parametrize("doc_id, numbers", [
    ("gaoping", [str(n) for n in range(1, 18)] + ["（一）", "（二）", "（三）", "（四）"]),
    ("jinzhou", [str(n) for n in range(1, 55)]),
    ("wafangdian", [str(n) for n in range(1, 58)]),
    ("zhongwei", [str(n) for n in range(1, 26)]),
])
def test_task_numbers_in_document_order(tables, doc_id, numbers):
    frame = tables["tasks"][tables["tasks"]["doc_id"] == doc_id].sort_values("seq")
    assert frame["task_number"].tolist() == numbers
    assert frame["seq"].tolist() == list(range(1, len(numbers) + 1))
    assert frame["task_id"].tolist() == [f"{doc_id}-{seq:03d}" for seq in range(1, len(numbers) + 1)]


def test_gaoping_safeguards_are_the_four_items_of_section_five(tables):
    tasks = tables["tasks"]
    safeguards = tasks[tasks["kind"] == "safeguard"].sort_values("seq")
    assert safeguards["doc_id"].unique().tolist() == ["gaoping"]
    assert safeguards["section"].unique().tolist() == ["五、保障机制"]
    assert safeguards["title"].tolist() == ["加强组织领导", "明确目标责任", "保障经费投入", "营造良好环境"]
    assert safeguards["group_title"].isna().all()
    links = tables["task_agencies"]
    assert not links["task_id"].isin(safeguards["task_id"]).any(), "safeguard items name no responsible unit"


# --- Hierarchy ---------------------------------------------------------------------------------------------

HIERARCHY = [
    # doc, number, section, group_title, title
    ("gaoping", "1", "四、重点任务", "落实立德树人根本任务", "实施职业教育铸魂育人计划"),
    ("gaoping", "5", "四、重点任务", "推进高等职业教育创新发展", "深化职业教育考试招生制度改革"),
    ("gaoping", "13", "四、重点任务", "促进产教融合校企“双元”育人", "促进产教深度融合"),
    ("gaoping", "17", "四、重点任务", "深化职业教育改革创新", "建设多元办学格局"),
    ("gaoping", "（一）", "五、保障机制", None, "加强组织领导"),
    ("gaoping", "（四）", "五、保障机制", None, "营造良好环境"),
    ("zhongwei", "1", "三、重点任务及分工", "构建职业教育改革发展新格局", "优化专业布局"),
    ("zhongwei", "7", "三、重点任务及分工", "提升职业教育发展水平", "推动职业教育与普通教育融合发展"),
    ("zhongwei", "11", "三、重点任务及分工", "深化职业教育教学改革", "落实质量评价和督导评估制度"),
    ("zhongwei", "19", "三、重点任务及分工", "促进产教融合校企“双元”育人", "建立教师激励机制"),
    ("zhongwei", "20", "四、保障措施", None, "提升职业学校治理水平"),
    ("zhongwei", "25", "四、保障措施", None, "营造职业教育改革发展良好环境"),
    # the tables have no sections and no titles: 主要任务 is the group
    ("jinzhou", "1", None, "加强党对职业教育的全面领导，落实立德树人根本任务", None),
    ("jinzhou", "10", None, "实施提质培优行动计划，提高技术技能人才供给质量", None),
    ("jinzhou", "28", None, "完善教师培养培训体系，打造“双师型”教师队伍", None),
    ("jinzhou", "34", None, "深度融入共建“一带一路”，提升职业教育国际化水平", None),
    ("jinzhou", "44", None, "增强政策支持引领力度", None),
    ("jinzhou", "54", None, "保障经费长效稳定投入", None),
    ("wafangdian", "1", None, "全面落实立德树人根本任务", None),
    ("wafangdian", "7", None, "优化职业院校和专业布局", None),
    ("wafangdian", "42", None, "加强党对职业教育的全面领导", None),
    ("wafangdian", "45", None, "建立职业教育工作联席会议机制", None),
    ("wafangdian", "57", None, "加大职业教育宣传力度", None),
]


@pytest.mark.parametrize("doc_id, number, section, group_title, title", HIERARCHY)
def test_hierarchy(tables, doc_id, number, section, group_title, title):
    task = one_task(tables, doc_id, number)
    for field, expected in (("section", section), ("group_title", group_title), ("title", title)):
        if expected is None:
            assert is_null(task[field]), f"{field} = {task[field]!r}"
        else:
            assert task[field] == expected


@pytest.mark.parametrize("doc_id, first_rows", [
    # the row where each 主要任务 (merged cell) starts, counted in the raw tables
    ("jinzhou", ["1", "4", "5", "10", "17", "21", "28", "34", "38", "42", "44", "50"]),
    ("wafangdian", ["1", "7", "11", "15", "21", "25", "29", "35", "39", "42", "44", "46", "50", "54"]),
    ("gaoping", ["1", "2", "5", "6", "13", "16"]),
    ("zhongwei", ["1", "5", "8", "12"]),
])
def test_group_boundaries(tables, doc_id, first_rows):
    frame = tables["tasks"][(tables["tasks"]["doc_id"] == doc_id) & (tables["tasks"]["kind"] == "task")]
    frame = frame.sort_values("seq")
    groups = [None if is_null(group) else group for group in frame["group_title"]]
    starts = [number for number, group, previous in zip(frame["task_number"], groups, [object()] + groups[:-1],
                                                         strict=True)
              if group is not None and group != previous]
    assert starts == first_rows


def test_merged_group_cells_carried_down(tables):
    """An empty 主要任务 cell means 'same as the row above'."""
    jinzhou_2 = one_task(tables, "jinzhou", "2")
    assert jinzhou_2["group_title"] == "加强党对职业教育的全面领导，落实立德树人根本任务"
    assert one_task(tables, "jinzhou", "3")["group_title"] == jinzhou_2["group_title"]
    assert one_task(tables, "jinzhou", "27")["group_title"] == "深化产教融合，全面推进校企协同育人"
    assert one_task(tables, "wafangdian", "2")["group_title"] == "全面落实立德树人根本任务"
    assert one_task(tables, "wafangdian", "6")["group_title"] == "全面落实立德树人根本任务"
    assert one_task(tables, "wafangdian", "57")["group_title"] == "加大职业教育宣传力度"
    for doc_id in ("jinzhou", "wafangdian"):
        frame = tables["tasks"][tables["tasks"]["doc_id"] == doc_id]
        assert frame["group_title"].notna().all()


# --- Jinzhou: the college's own columns ------------------------------------------------------------------

def test_jinzhou_row_30_local_columns_kept_apart(tables):
    task = one_task(tables, "jinzhou", "30")
    assert task["content"] == "推行“固定岗+流动岗”师资队伍建设机制，建立校企人员双向交流协作共同体。"
    assert task["local_measures"] == "校企人员双向交流"
    assert task["local_target"] == "专业教师中“双师型”教师占比超过50%。"
    assert task["deadline_text"] == "2023年"
    assert task["deadline_year"] == 2023
    links = tables["task_agencies"][tables["task_agencies"]["task_id"] == task["task_id"]]
    names = links.assign(name=links["agency_id"].str.split(":", n=1).str[1])
    assert names[names["role"] == "implementer"]["name"].tolist() == ["人事处"]
    assert names[names["role"] == "responsible"].sort_values("position")["name"].tolist() == [
        "省人力资源和社会保障厅", "省教育厅", "省财政厅", "各市"]


def test_jinzhou_row_3_multi_line_local_target(tables):
    task = one_task(tables, "jinzhou", "3")
    assert task["content"] == "遴选建设200个左右思想政治课示范课堂、800个左右课程思政教育案例。"
    assert task["local_measures"] == "推动思政课程与课程思政有机结合"
    assert task["local_target"].split("\n") == [
        "加强职业教育研究，构建中国特色职业教育的思想体系、话语体系、政策体系和实践体系。",
        "培训30名德育骨干管理人员、思政课专任教师。按照师生比不低于1:350的比例核定专职思政课教师岗位。",
        "建设2个思想政治课示范课堂、5个课程思政教育案例。分级培育遴选1个思想政治课教学创新团队。",
    ]


# rows whose four college columns are all empty, read off the raw table
JINZHOU_WITHOUT_LOCAL = {"1", "6", "16", "19", "21", "23", "26", "27", "34", "36", "37", "38", "39", "40", "42",
                         "43", "44", "45", "46", "47", "48", "49", "50", "51", "52", "53", "54"}


def test_jinzhou_rows_without_college_measures(tables):
    frame = tables["tasks"][tables["tasks"]["doc_id"] == "jinzhou"]
    implementer_tasks = set(tables["task_agencies"].query("role == 'implementer'")["task_id"])
    empty = frame[frame["local_measures"].isna() & frame["local_target"].isna() & frame["deadline_text"].isna()
                  & ~frame["task_id"].isin(implementer_tasks)]
    assert set(empty["task_number"]) == JINZHOU_WITHOUT_LOCAL
    with_local = frame[~frame["task_number"].isin(JINZHOU_WITHOUT_LOCAL)]
    assert len(with_local) == 27
    assert with_local["local_target"].notna().all()
    assert with_local["deadline_text"].notna().all()
    assert with_local["task_id"].isin(implementer_tasks).all()


def test_jinzhou_content_is_the_provincial_task_only(tables):
    """The provincial 任务内容 never absorbs the college's measures or target, even where the college copied
    part of it (row 14 repeats 加强创新创业课程建设。, row 28 restates the task)."""
    expected = {
        "14": "开展创新创业训练计划项目、创新创业竞赛，加强创新创业课程建设。",
        "28": "按照公开招聘有关规定，建立完善以直接考核方式引进高层次、高技能人才机制。",
        "17": "全面落实《辽宁省职业技能提升行动实施方案（2019—2021年）》，组织开展职业技能提升行动，按规定承担补贴性培训任务。",
        "51": "完善成本分摊机制，建立学费标准动态调整机制。",  # 调 / 整 wrapped inside the cell
    }
    for number, content in expected.items():
        assert one_task(tables, "jinzhou", number)["content"] == content, number
    assert one_task(tables, "jinzhou", "14")["local_measures"] == "加强创新创业课程建设。"
    assert one_task(tables, "jinzhou", "28")["local_measures"] == "按照公开招聘有关规定，建立完善直接考核方式引进人才。"
    frame = tables["tasks"][tables["tasks"]["doc_id"] == "jinzhou"]
    assert not frame["content"].str.contains("\n").any(), "each provincial task is one paragraph"
    assert (frame["content"] != frame["local_target"]).all()


def test_only_jinzhou_has_college_columns(tables):
    tasks = tables["tasks"]
    others = tasks[tasks["doc_id"] != "jinzhou"]
    assert others["local_measures"].isna().all()
    assert others["local_target"].isna().all()
    implementers = tables["task_agencies"].query("role == 'implementer'")
    assert implementers["task_id"].str.startswith("jinzhou-").all()


# --- Deadlines ---------------------------------------------------------------------------------------------

ZHONGWEI_DEADLINES = {  # task: (year, month), all 并长期坚持 or 长期坚持
    "1": (2021, 7), "2": (2023, 6), "3": (2023, 12), "4": (2021, 12), "5": (2021, 8), "6": (2023, 6),
    "7": (2021, 12), "8": (2023, 6), "9": (2022, 12), "10": (2023, 6), "11": (2021, 12), "12": (2021, 12),
    "13": (2023, 6), "14": (2023, 6), "15": (2023, 6), "16": (2023, 6), "17": (2021, 6), "18": (2023, 6),
    "19": (2021, 9), "20": (2021, 9), "21": (None, None), "22": (2021, 9), "23": (2021, 9), "24": (2021, 9),
    "25": (None, None),
}


def test_zhongwei_task_1_deadline(tables):
    task = one_task(tables, "zhongwei", "1")
    assert task["deadline_text"] == "2021年7月前完成并长期坚持"
    assert task["deadline_year"] == 2021
    assert task["deadline_month"] == 7
    assert bool(task["ongoing"]) is True


def test_zhongwei_task_21_deadline_is_ongoing_without_date(tables):
    task = one_task(tables, "zhongwei", "21")
    assert task["deadline_text"] == "长期坚持"
    assert is_null(task["deadline_year"])
    assert is_null(task["deadline_month"])
    assert bool(task["ongoing"]) is True


def test_zhongwei_task_16_deadline_spaces_removed(tables):
    task = one_task(tables, "zhongwei", "16")  # written 2023 年 6 月前完成并长期坚持
    assert task["deadline_text"] == "2023年6月前完成并长期坚持"
    assert (task["deadline_year"], task["deadline_month"]) == (2023, 6)


@pytest.mark.parametrize("number", sorted(ZHONGWEI_DEADLINES, key=int))
def test_zhongwei_deadlines(tables, number):
    task = one_task(tables, "zhongwei", number)
    year, month = ZHONGWEI_DEADLINES[number]
    assert (None if is_null(task["deadline_year"]) else int(task["deadline_year"])) == year
    assert (None if is_null(task["deadline_month"]) else int(task["deadline_month"])) == month
    assert bool(task["ongoing"]) is True
    assert "长期坚持" in task["deadline_text"]


@pytest.mark.parametrize("number", ["15", "31"])
def test_jinzhou_cell_with_two_dates(tables, number):
    """Rows 15 and 31 give one date per sub-measure: 2025年 and 2023年. Latest year, no single month."""
    task = one_task(tables, "jinzhou", number)
    assert "2025年" in task["deadline_text"] and "2023年" in task["deadline_text"]
    assert task["deadline_year"] == 2025
    assert is_null(task["deadline_month"])
    assert bool(task["ongoing"]) is False


def test_jinzhou_deadline_years(tables):
    frame = tables["tasks"][tables["tasks"]["doc_id"] == "jinzhou"]
    counts = frame["deadline_year"].dropna().astype(int).value_counts().to_dict()
    assert counts == {2025: 18, 2023: 7, 2021: 2}
    assert one_task(tables, "jinzhou", "3")["deadline_text"] == "2023年"  # [bookmark: OLE_LINK1]2023年
    assert one_task(tables, "jinzhou", "22")["deadline_text"] == "2025年"  # date on a continuation line
    assert frame["deadline_month"].isna().all()
    assert not frame["ongoing"].any()


@pytest.mark.parametrize("doc_id", ["wafangdian", "gaoping"])
def test_documents_without_deadlines(tables, doc_id):
    frame = tables["tasks"][tables["tasks"]["doc_id"] == doc_id]
    assert len(frame) > 0
    assert frame["deadline_text"].isna().all()
    assert frame["deadline_year"].isna().all()
    assert frame["deadline_month"].isna().all()
    assert not frame["ongoing"].any()


# --- Source line ranges ------------------------------------------------------------------------------------

def opening_cell(line: str) -> str:
    return clean_line(line.split("\t")[1]) if line.startswith("\t") else clean_line(line)


@pytest.mark.parametrize("doc_id", ["gaoping", "jinzhou", "wafangdian", "zhongwei"])
def test_line_ranges_point_at_the_task(tables, doc_id):
    raw = raw_lines(doc_id)
    frame = tables["tasks"][tables["tasks"]["doc_id"] == doc_id].sort_values("seq")
    previous_end = 0
    for _, task in frame.iterrows():
        start, end = int(task["line_start"]), int(task["line_end"])
        assert previous_end < start <= end <= len(raw), task["task_id"]
        first, last = clean_line(raw[start - 1]), clean_line(raw[end - 1])
        assert last, f"{task['task_id']}: line_end {end} is blank"
        number = task["task_number"]
        if doc_id in ("jinzhou", "wafangdian"):
            assert raw[start - 1].startswith("\t") and opening_cell(raw[start - 1]) == number, task["task_id"]
            cells = "".join(clean_line(line) for line in raw[start - 1:end])
            assert task["content"].replace("\n", "")[:12] in cells, task["task_id"]
        elif task["kind"] == "safeguard":
            assert first.startswith(f"{number}{task['title']}。"), (task["task_id"], first)
            assert last.endswith("。")
        else:
            assert first.startswith(f"{number}.{task['title']}。"), (task["task_id"], first)
            assert first[len(number) + len(task["title"]) + 2:].startswith(task["content"][:10])
            if doc_id == "zhongwei":
                assert last.startswith("完成时限："), (task["task_id"], last)
            else:
                assert re.search(r"[〕\]]$", last), (task["task_id"], last)
        previous_end = end


@pytest.mark.parametrize("doc_id, number, line_start, line_end", [
    ("gaoping", "2", 63, 65),     # page break inside 办学实 / 力
    ("gaoping", "10", 87, 89),    # the bracket 〔责任单位 … ] closes after a page break
    ("gaoping", "（四）", 119, 121),
    ("zhongwei", "1", 23, 31),    # task paragraph through 完成时限
    ("zhongwei", "22", 201, 207),
    ("jinzhou", "1", 18, 21),
    ("jinzhou", "3", 38, 57),     # implementers and deadline on later lines
    ("jinzhou", "28", 295, 303),  # row number behind a [bookmark]
    ("jinzhou", "31", 323, 342),
    ("jinzhou", "54", 548, 551),
    ("wafangdian", "1", 8, 11),
    ("wafangdian", "57", 288, 291),
])
def test_line_ranges_exact(tables, doc_id, number, line_start, line_end):
    task = one_task(tables, doc_id, number)
    assert (int(task["line_start"]), int(task["line_end"])) == (line_start, line_end)


# --- Goals -------------------------------------------------------------------------------------------------

def test_goals_only_from_goal_sections(tables):
    goals = tables["goals"]
    assert set(goals["doc_id"]) == {"gaoping", "zhongwei"}
    assert goals.groupby("doc_id")["section"].agg(lambda s: sorted(set(s))).to_dict() == {
        "gaoping": ["三、发展目标"], "zhongwei": ["二、具体目标"]}
    assert not goals["text"].str.contains("坚持育人导向").any(), "二、基本原则 is not a goal section"
    assert not goals["text"].str.contains("坚持以习近平新时代").any(), "指导思想 / 总体要求 are not goal sections"


def test_gaoping_goals(tables):
    goals = tables["goals"][tables["goals"]["doc_id"] == "gaoping"].sort_values("goal_id")
    assert goals["goal_id"].tolist() == [f"gaoping-g{n:02d}" for n in range(1, 7)]
    texts = goals["text"].tolist()
    assert texts[0].startswith("总体目标：到2023年底，初步建成与高平经济社会发展相匹配")
    assert [text[:11] for text in texts[2:]] == ["——办学能力基本达标。", "——专业设置更具特色。", "——办学水平显著提升。",
                                                 "——服务能力明显增强。"]
    assert "现代信息技术应用更加广泛，高平中专办学条件达到国家规定标准。" in texts[2]  # page break closed up
    assert goals["line_start"].tolist() == [41, 43, 45, 49, 51, 53]
    assert goals["line_end"].tolist() == [41, 43, 47, 49, 51, 53]


def test_zhongwei_goal(tables):
    goals = tables["goals"][tables["goals"]["doc_id"] == "zhongwei"]
    assert len(goals) == 1
    goal = goals.iloc[0]
    assert goal["text"].startswith("到2023年，全市职业学校教学条件达到国家标准")
    for phrase in ("实践课时不低于总课时的50%", "“双师型”教师占专业教师比例达到50%以上", "每年培养具有合格职业技能的学生800人以上",
                   "建设5个区级优质特色专业", "共建技能大师工作室5个"):
        assert phrase in goal["text"], phrase
    assert (int(goal["line_start"]), int(goal["line_end"])) == (15, 17)


# --- Determinism -------------------------------------------------------------------------------------------

DETERMINISM_TABLES = ("tasks", "agencies", "task_agencies")


def build_frames() -> dict[str, pd.DataFrame]:
    tables = assemble(parse_documents(DEFAULT_MANIFEST, progress=lambda message: None))
    return {name: tables[name] for name in DETERMINISM_TABLES}


def frames_as_json(frames) -> dict[str, str]:
    return {name: frame.reset_index(drop=True).to_json(orient="split", force_ascii=False)
            for name, frame in frames.items()}


def test_building_twice_gives_identical_frames():
    first, second = build_frames(), build_frames()
    for name in DETERMINISM_TABLES:
        pd.testing.assert_frame_equal(first[name], second[name], check_exact=True)
    assert len(first["tasks"]) == 157


def test_building_with_another_hash_seed_gives_identical_frames():
    """Set or dict order must not leak into the output: a fresh interpreter with another hash seed agrees."""
    script = ("import json, sys; sys.path.insert(0, 'tests'); import test_parsing as t; "
              "print(json.dumps(t.frames_as_json(t.build_frames())))")
    environment = dict(os.environ, PYTHONHASHSEED="12345")
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == frames_as_json(build_frames())


# --- Layout fixtures: the parsers as pure functions ------------------------------------------------------

def fixture_cases():
    cases = []
    for layout in sorted(PARSERS):
        for spec in sorted((FIXTURES / layout).glob("*.yaml")):
            cases.append(pytest.param(layout, spec, id=f"{layout}/{spec.stem}"))
    return cases


def test_every_layout_has_a_fixture():
    missing = [layout for layout in PARSERS if not list((FIXTURES / layout).glob("*.yaml"))]
    assert not missing, f"layouts without a fixture under tests/fixtures/<layout>/: {missing}"


def check_text(label, actual, spec, key):
    if key in spec:
        assert actual == spec[key], f"{label} {key}"
    if f"{key}_startswith" in spec:
        assert actual.startswith(spec[f"{key}_startswith"]), f"{label} {key}: {actual[:60]!r}"
    if f"{key}_endswith" in spec:
        assert actual.endswith(spec[f"{key}_endswith"]), f"{label} {key}: {actual[-60:]!r}"
    for phrase in spec.get(f"{key}_contains", []):
        assert phrase in actual, f"{label} {key}: {phrase!r} missing"


@pytest.mark.parametrize("layout, spec_path", fixture_cases())
def test_layout_fixture(layout, spec_path):
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    text_path = spec_path.with_suffix(".txt")
    source = dict(spec["source"], file=text_path.name, path=str(text_path))
    assert source["layout"] == layout
    lines = read_source(text_path)
    before = list(lines)
    result = PARSERS[layout](lines, source)
    assert lines == before, "a parser must not modify its input"
    expected = spec["expected"]

    assert len(result.tasks) == len(expected["tasks"])
    for task, want in zip(result.tasks, expected["tasks"], strict=True):
        label = f"task {want['number']}"
        for field in ("number", "kind", "section", "group_title", "title", "local_measures", "local_target",
                      "deadline_text", "line_start", "line_end"):
            if field in want:
                assert getattr(task, field) == want[field], f"{label} {field}: {getattr(task, field)!r}"
        check_text(label, task.content, want, "content")
        if "responsibility" in want:
            written = {role: [line for line in lines if line.strip()] for role, lines in task.responsibility.items()}
            assert written == want["responsibility"], label

    assert len(result.goals) == len(expected.get("goals", []))
    for goal, want in zip(result.goals, expected.get("goals", []), strict=True):
        assert goal.section == want["section"]
        assert (goal.line_start, goal.line_end) == (want["line_start"], want["line_end"])
        check_text("goal", goal.text, want, "text")

    want_warnings = expected.get("warnings", [])
    assert [warning.line for warning in result.warnings] == [want["line"] for want in want_warnings]
    for warning, want in zip(result.warnings, want_warnings, strict=True):
        assert want["contains"] in warning.message

    # pure: the same input gives the same result
    again = PARSERS[layout](list(before), dict(source))
    assert again == result


def test_the_rows_kept_as_arrow_read_back_as_the_dataframes():
    """The build keeps each document's parsed rows as Arrow tables made straight from the rows; read back they
    are the frames document_tables makes (the same dtypes and values), on every seed."""
    from etl.parse.assemble import document_arrow_tables, document_tables

    parsed = parse_documents(DEFAULT_MANIFEST, progress=lambda message: None)
    assert len(parsed) == 4
    for source, result in parsed:
        frames, arrow = document_tables(source, result), document_arrow_tables(source, result)
        assert list(arrow) == list(frames)
        for name, frame in frames.items():
            pd.testing.assert_frame_equal(arrow[name].to_pandas(), frame, check_column_type=True)
    by_id = {source["doc_id"]: (source, result) for source, result in parsed}
    assert document_arrow_tables(*by_id["zhongwei"])["tasks"].num_rows == 25
