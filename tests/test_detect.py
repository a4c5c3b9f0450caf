"""Layout detection, responsibility clauses, roles and the plausibility checks, on the fixtures written for the
general layouts and on small snippets in the forms real lists use."""

from pathlib import Path

import pytest

from etl.parse.checks import implausible_reasons
from etl.parse.detect import detect_layout
from etl.parse.numbering import read_marker
from etl.parse.read import read_source
from etl.parse.responsibility import cell_roles, trailing_clause

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("path", sorted((FIXTURES / "prose").glob("*.txt")) + sorted((FIXTURES / "table").glob("*.txt")),
                         ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_detection_picks_the_fixtures_layout(path):
    detection = detect_layout(read_source(path))
    assert detection.layout == path.parent.name
    assert detection.confidence >= 0.9
    assert detection.evidence


@pytest.mark.parametrize("name, numbering", [
    ("unlabelled_items", "（一）"), ("word_text_no_blank_lines", "1."), ("first_listed_leads", "1.")])
def test_detection_finds_the_task_level(name, numbering):
    assert detect_layout(read_source(FIXTURES / "prose" / f"{name}.txt")).options["task_numbering"] == numbering


def test_detection_reads_the_convention_from_the_text():
    detection = detect_layout(read_source(FIXTURES / "prose" / "first_listed_leads.txt"))
    assert detection.options["responsibility_convention"] == "first_listed_leads"


def test_detection_maps_table_columns_from_header_words():
    detection = detect_layout(read_source(FIXTURES / "table" / "sections_and_markers.txt"))
    assert [(c["name"], c["field"]) for c in detection.options["columns"]] == [
        ("序号", "seq"), ("重点任务", "group_title"), ("具体措施", "content"), ("责任单位", "responsible"),
        ("完成时限", "deadline")]


@pytest.mark.parametrize("doc_id, layout", [
    ("gaoping", "prose"), ("zhongwei", "prose"), ("jinzhou", "table"), ("wafangdian", "table")])
def test_detection_on_the_seeds(doc_id, layout):
    detection = detect_layout(read_source(Path("data/raw") / f"{doc_id}.txt"))
    assert detection.layout == layout
    assert detection.confidence == 1.0


def test_jinzhou_columns_detected_as_the_manifest_states_them():
    detection = detect_layout(read_source(Path("data/raw/jinzhou.txt")))
    assert [c["field"] for c in detection.options["columns"]] == [
        "seq", "group_title", "content", "responsible", "local_measures", "local_target", "implementer", "deadline"]


@pytest.mark.parametrize("text, number, value", [
    ("一、总体要求", "一", 1), ("二十四、强化执行", "二十四", 24), ("（十二）落实", "（十二）", 12), ("4．实施", "4", 4),
    ("12.加强", "12", 12), ("（3）细化", "（3）", 3), ("⑤开展", "⑤", 5)])
def test_item_numbers(text, number, value):
    marker = read_marker(text)
    assert (marker.number, marker.value) == (number, value)


@pytest.mark.parametrize("text", ["2023年底前完成", "1.5万人次", "2.2:1的比例"])
def test_not_item_numbers(text):
    assert read_marker(text) is None


@pytest.mark.parametrize("text, roles", [
    ("做好。（市教育局、市发展改革委负责）", {"responsible": ["市教育局、市发展改革委"]}),
    ("做好。（市发展改革委会同有关部门负责）", {"lead": ["市发展改革委"], "support": ["有关部门"]}),
    ("做好。（市人社局牵头，市教育局、市财政局配合）", {"lead": ["市人社局"], "support": ["市教育局、市财政局"]}),
    ("做好。（各县（市、区）人民政府负责）", {"responsible": ["各县（市、区）人民政府"]}),
    ("做好。(牵头单位:市人社局;配合单位:市教育局、市委编办)", {"lead": ["市人社局"], "support": ["市教育局、市委编办"]}),
    ("做好。（牵头单位：市教育局；配合单位：市人社局；市财政局）", {"lead": ["市教育局"], "support": ["市人社局；市财政局"]}),
    ("做好〔责任单位：市教育局、高平中专]", {"labelled_responsible": ["市教育局、高平中专"]}),
    ("做好。（牵头单位：职业能力建设处）（2024年底前）", {"lead": ["职业能力建设处"]}),
    ("做好。责任单位：市教育局、市财政局", {"labelled_responsible": ["市教育局、市财政局"]}),
    # sentences that end a task (由A牵头，B配合。) and hedged support (按职责分工负责)
    ("做好。由市教育局牵头，市发展改革委、市财政局配合。", {"lead": ["市教育局"], "support": ["市发展改革委、市财政局"]}),
    ("做好，由市发展改革委负责。", {"responsible": ["市发展改革委"]}),
    ("做好。（市卫健委牵头，市医保局、市财政局按职责分工负责）", {"lead": ["市卫健委"], "support": ["市医保局、市财政局"]}),
    ("做好。（市卫健委、市医保局按职责分工负责）", {"responsible": ["市卫健委、市医保局"]}),
    ("做好。（市人社局牵头，市卫健委参与）", {"lead": ["市人社局"], "support": ["市卫健委"]}),
    ("做好。（各区、县级市人民政府负责）", {"responsible": ["各区、县级市人民政府"]}),
])
def test_trailing_clauses(text, roles):
    assert trailing_clause(text).roles == roles


@pytest.mark.parametrize("text", ["推进预备技师（技师）班建设", "实施行动计划（2023—2025年）", "加强建设（试行）",
                                  "各牵头单位要会同配合单位细化措施。", "（一）调整中职学校布局。",
                                  "市教育局会同市财政局制定办法。"])
def test_brackets_and_sentences_that_are_not_clauses(text):
    assert trailing_clause(text) is None


def test_unclosed_bracket_is_read_and_flagged():
    clause = trailing_clause("做好〔责任单位：市教育局、市财政局")
    assert clause.roles == {"labelled_responsible": ["市教育局、市财政局"]} and clause.unbalanced


@pytest.mark.parametrize("text, roles", [
    ("市教育局（牵头）、市财政局", {"lead": ["市教育局"], "support": ["市财政局"]}),
    ("各县（市、区）人民政府（牵头）、市教育局", {"lead": ["各县（市、区）人民政府"], "support": ["市教育局"]}),
    ("牵头：市教育局\n配合：市人社局、市民政局", {"lead": ["市教育局"], "support": ["市人社局、市民政局"]}),
    ("市教育局、市财政局", {"responsible": ["市教育局、市财政局"]}),
    # roles said in words inside a cell
    ("教务处牵头，各二级学院配合", {"lead": ["教务处"], "support": ["各二级学院"]}),
    ("人事处牵头，教务处、各二级学院配合", {"lead": ["人事处"], "support": ["教务处、各二级学院"]}),
    ("市教育局会同市财政局负责", {"lead": ["市教育局"], "support": ["市财政局"]}),
])
def test_cell_roles(text, roles):
    assert cell_roles(text, "responsible").roles == roles


@pytest.mark.parametrize("name, reasons", [
    ("市配合单位：市委组织部", ["label"]),
    ("县级市）", ["unbalanced"]),
    ("加快推进职业院校建设，到2025年建成高水平专业群10个以上并完善评价机制", ["sentence", "long"]),
    ("市教育局", []), ("各区、县级市人民政府", []), ("人民银行青溪县支行", []), ("团市委", []),
])
def test_implausible_agency_names(name, reasons):
    assert [reason for reason in implausible_reasons(name) if reason != "ending"] == reasons
