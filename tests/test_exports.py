"""Exports that leave the app (issue 14 items 1–3): neutralized CSV/XLSX cells, the XLSX "About" sheet, the
source line and filters drawn on charts with nothing clipped, PNG at twice the size, SVG text, and the
briefing deck read back with python-pptx."""

import csv
import datetime
import io
import json
import struct

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation

from analysis import peers as bench
from analysis import queries
from analysis.briefing import figure_for_export, figure_png, figure_svg, plain
from analysis.deck import DeckChart, briefing_pptx
from analysis.exports import ABOUT_SHEET, csv_bytes, neutralized, xlsx_bytes
from analysis.provenance import Provenance, about_rows, filters_line, project_version, source_line

HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+2", "-3", "@SUM(A1)", "\tx", "\ry"]
PEERS = ["gaoping", "jinzhou", "wafangdian"]


@pytest.fixture(scope="module")
def origin(database):
    documents = queries.document_sources(database)
    return Provenance(documents[documents["region_id"].isin(["gaoping", "zhongwei"])], "zh",
                      datetime.date(2025, 3, 1), (("地区", "中卫市"),))


def test_formula_cells_are_neutralized_in_csv():
    frame = pd.DataFrame({"=header": HOSTILE, "number": range(len(HOSTILE))})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert csv_bytes(frame).startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["'=header", "number"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in HOSTILE]
    assert [row[1] for row in rows[1:]] == [str(number) for number in range(len(HOSTILE))]


def test_formula_cells_are_text_in_xlsx(origin):
    frame = pd.DataFrame({"任务内容": HOSTILE, "数": [1.5] * len(HOSTILE)})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "tasks", about_rows(origin, "任务"))))
    sheet = book["tasks"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["'" + value for value in HOSTILE]
    assert all(cell.data_type == "s" for cell in cells)
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [1.5] * len(HOSTILE)
    for row in book[ABOUT_SHEET].iter_rows():
        assert all(cell.data_type != "f" for cell in row)


def test_about_sheet_names_sources_filters_build_and_version(origin, database):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(pd.DataFrame({"a": [1]}), "t", about_rows(origin, "标题"))))
    about = [(row[0].value, row[1].value) for row in book[ABOUT_SHEET].iter_rows()]
    labels = [label for label, _ in about]
    assert about[0] == ("表格", "标题")
    sources = [text for label, text in about if label == "来源文件"]
    number = database.execute("SELECT document_number FROM documents WHERE region_id = 'gaoping'").fetchone()[0]
    assert len(sources) == 2 and "高平市推进职业教育改革发展行动计划" in sources[0] and number in sources[0]
    assert ("筛选：地区", "中卫市") in about
    assert ("数据库构建日期", "2025-03-01") in about
    assert ("版本", f"政策任务清单比较 {project_version()}") in about
    assert "引用" in labels and any("依据 2 份政策文件" in str(text) for _, text in about)


def test_source_and_filter_lines(origin):
    line = source_line(origin)
    assert line.startswith("来源：高平市《高平市推进职业教育改革发展行动计划》")
    assert line.endswith(f"构建于 2025-03-01；政策任务清单比较 {project_version()}")
    assert filters_line(origin) == "筛选：地区 = 中卫市"
    english = Provenance(origin.documents, "en", origin.built)
    assert source_line(english).startswith("Source: Gaoping: ") and "built 2025-03-01" in source_line(english)
    assert filters_line(english) == ""


def test_neutralized_leaves_numbers_and_plain_text():
    assert neutralized(-3) == -3 and neutralized("高平市") == "高平市" and neutralized("a=b") == "a=b"


# --- Charts -------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def theme_chart(database, origin):
    names = dict(database.execute("SELECT region_id, region_zh FROM documents").fetchall())
    card = bench.theme_scorecard(queries.peer_theme_counts(database), "zhongwei", PEERS)
    figure = bench.theme_figure(card, "zhongwei", PEERS, names, "zh")
    return figure_for_export(figure, "中卫市与同类地区：各主题任务占比", "任务占比",
                             [filters_line(origin), source_line(origin)])


def test_export_figure_fits_long_labels_and_carries_the_notes(theme_chart, origin):
    spec = json.loads(theme_chart.to_json())
    assert spec["layout"]["yaxis"]["automargin"] and spec["layout"]["xaxis"]["automargin"]
    assert spec["layout"]["title"]["text"] == "中卫市与同类地区：各主题任务占比"
    assert spec["layout"]["title"]["subtitle"]["text"] == "任务占比"
    note = spec["layout"]["annotations"][-1]["text"]
    assert note.startswith("筛选：地区 = 中卫市<br>来源：高平市") and "构建于 2025-03-01" in note.replace("<br>", "")


def test_png_is_drawn_at_twice_the_size(theme_chart):
    png = figure_png(theme_chart, 1200, 500, scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (2400, 1000)


def test_svg_holds_the_title_the_source_line_and_every_theme_label(theme_chart):
    svg = figure_svg(theme_chart).decode("utf-8")
    assert "中卫市与同类地区：各主题任务占比" in svg and "来源：高平市" in svg and "筛选：地区 = 中卫市" in svg
    assert "技术技能人才待遇与激励" in svg  # the longest theme label is drawn, not cut
    assert "<b>" not in svg


def test_labels_from_documents_are_escaped_for_plotly():
    bars = go.Bar(y=["<b>局</b>", "<a href='x'>y</a>"], x=[1, 2], orientation="h", name="<i>n</i>")
    figure = figure_for_export(go.Figure(bars), "t")
    assert list(figure.data[0].y) == ["&lt;b&gt;局&lt;/b&gt;", "&lt;a href='x'&gt;y&lt;/a&gt;"]
    assert figure.data[0].name == "&lt;i&gt;n&lt;/i&gt;" and plain("a<b") == "a&lt;b"


# --- The briefing deck ---------------------------------------------------------------------------------------------

def test_briefing_deck_has_title_chart_and_table_slides(theme_chart, database):
    png = figure_png(theme_chart, 1200, int(theme_chart.layout.height), scale=2)
    charts = [DeckChart("主题图", png, "来源：甲", 1200, int(theme_chart.layout.height)),
              DeckChart("指标图", png, "来源：乙", 1200, int(theme_chart.layout.height))]
    table = pd.DataFrame({"指标": ["双师型教师比例", "=HYPERLINK(1)"], "中卫市": ["50%", ""]})
    deck = Presentation(io.BytesIO(briefing_pptx("中卫市对标简报", "中卫市 与 高平市", charts, "核心指标对比", table,
                                                 "来源：丙")))
    slides = list(deck.slides)
    assert len(slides) == 4
    assert [slide.shapes.title.text for slide in slides] == ["中卫市对标简报", "主题图", "指标图", "核心指标对比"]
    for slide, note in zip(slides[1:3], ["来源：甲", "来源：乙"], strict=True):
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1 and pictures[0].image.blob[:8] == b"\x89PNG\r\n\x1a\n"
        assert any(shape.has_text_frame and shape.text_frame.text == note for shape in slide.shapes)
    grid = next(shape for shape in slides[3].shapes if shape.has_table).table
    assert grid.cell(0, 0).text == "指标" and grid.cell(2, 0).text == "=HYPERLINK(1)"
