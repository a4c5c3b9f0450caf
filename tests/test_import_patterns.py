"""Lists in the forms real documents take, read by the importer alone (`propose`, as `python -m etl add` does):
each folder of tests/fixtures/import_eval holds a document written for the tests from one pattern of the genre
and its expected tasks, agencies and roles (the format `python -m perf.import_eval` scores)."""

from pathlib import Path

import pytest

from etl.importer import propose
from etl.parse.columns import map_header
from etl.parse.paragraphs import build_paragraphs
from perf.import_eval import score_document

EVALUATION = Path(__file__).resolve().parent / "fixtures" / "import_eval"
FOLDERS = sorted(path for path in EVALUATION.iterdir() if (path / "expected.yaml").exists())


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda path: path.name)
def test_every_task_agency_and_role_is_read(folder):
    score = score_document(folder)
    assert score.error is None
    assert score.found_tasks == score.expected_tasks
    assert score.parsed_tasks == score.found_tasks, "no task more than the list has"
    for role, (right, parsed, expected) in score.links.items():
        assert right == parsed == expected, f"{role}: {right} right of {parsed} read, {expected} expected"
    assert score.deadlines[0] == score.deadlines[1]
    assert score.facts[0] == score.facts[1]
    assert score.implausible == []


def proposal_of(name: str, tmp_path):
    document = next((EVALUATION / name).glob("document.*"))
    return propose(document, region_id="fixture", manifest_path=tmp_path / "sources.yaml")


def test_collective_units_stay_whole_and_collective(tmp_path):
    tables = proposal_of("01_notice_sub_points", tmp_path).tables
    collective = tables["agencies"][tables["agencies"]["collective"]]["name"].tolist()
    assert collective == ["各县（市、区）人民政府"]


def test_sub_points_fold_into_their_task(tmp_path):
    tasks = proposal_of("01_notice_sub_points", tmp_path).tables["tasks"]
    first = tasks[tasks["task_number"] == "（一）"].iloc[0]
    assert first["title"] == "调整中职学校布局"
    assert first["content"].split("\n") == [
        "1.整合规模小、条件差的中职学校，到2025年全市中职学校调整到18所以内。",
        "2.支持每个县（市、区）办好1所以上优质中职学校。", "3.推动中职学校与普通高中课程互选、学分互认。"]
    assert tasks[tasks["kind"] == "safeguard"]["title"].tolist() == ["加强组织领导", "强化督导评估"]


def test_hard_wrapped_lines_join_without_page_numbers(tmp_path):
    proposal = proposal_of("04_hard_wrapped", tmp_path)
    tasks = proposal.tables["tasks"]
    third = tasks[tasks["task_number"] == "（三）"].iloc[0]
    assert third["content"] == ("推广应用先进适用农机具，主要农作物耕种收综合机械化率达到88%，农机作业服务组织达到"
                                "20家，培育农机作业能手100名。")
    assert (third["line_start"], third["line_end"]) == (27, 30)
    assert proposal.warnings.empty


def test_a_month_only_date_leaves_the_issue_date_empty(tmp_path):
    entry = proposal_of("04_hard_wrapped", tmp_path).entry
    assert (entry["issuer"], entry["issued_on"]) == ("北溪县人民政府办公室", None)


@pytest.mark.parametrize("line", ["— 3 —", "-3-", "—2—", "第3页", "- 3 -", "第3页共12页"])
def test_page_number_lines_are_dropped(line):
    lines = ["1.推进专业建设。建设省级", line, "专业群20个。（市教育局负责）"]
    paragraphs = build_paragraphs(lines, [])
    assert [paragraph.text for paragraph in paragraphs] == ["1.推进专业建设。建设省级专业群20个。（市教育局负责）"]


def test_a_closing_bracket_alone_belongs_to_the_bracket_before():
    lines = ["1.推进专业建设。（", "牵头单位：市教育局；配合单位：市财政局、", "各乡镇人民政府", "）", "2.深化改革。"]
    assert [paragraph.text for paragraph in build_paragraphs(lines, [])] == [
        "1.推进专业建设。（牵头单位：市教育局；配合单位：市财政局、各乡镇人民政府）", "2.深化改革。"]


@pytest.mark.parametrize("headers, fields", [
    (["序号", "工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限"],
     ["seq", "name", "ignore", "lead", "support", "deadline"]),
    (["序号", "任务", "责任部门", "责任人", "完成时间"], ["seq", "name", "responsible", "ignore", "deadline"]),
])
def test_a_leader_column_names_persons_not_the_lead(headers, fields):
    assert map_header(headers) == fields
