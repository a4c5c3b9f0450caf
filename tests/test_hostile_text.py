"""Hostile text stays text (issue 11 item 6): task text, group titles and agency names holding HTML, script,
markdown links or =HYPERLINK(…) are planted in a copy of the database; every page shows them literally
(never as markup, never as a link) and the exports neutralize them."""

import io
import json
import re
import shutil

import duckdb
import openpyxl
import pytest

from analysis import queries
from analysis.agency_load import load_bars
from analysis.briefing import figure_for_export, figure_svg
from analysis.exports import csv_bytes, xlsx_bytes
from tests.helpers import frame_with_column, run_page
from views.navigation import PAGES

CONTENT = '=HYPERLINK("http://evil.example","y") <script>alert(1)</script> [点击](http://evil.example) **粗**'
GROUP = "[分组链接](http://evil.example) <b>粗体分组</b>"
TITLE = "<img src=x onerror=alert(1)>"
AGENCY = '<a href="http://evil.example">恶意局</a>'
FORMULA_AGENCY = "=cmd|' /C calc'!A0"
PAGE_PARAMETERS = {"views/tasks.py": {"region": "gaoping", "task": "gaoping-001"},
                   "views/agency_load.py": {"region": "gaoping"}, "views/peers.py": {"region": "gaoping"},
                   "views/themes.py": {"term": "script"}}


@pytest.fixture(scope="module")
def hostile_database(database_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "policy.duckdb"
    shutil.copy(database_file, path)
    with duckdb.connect(str(path)) as connection:
        connection.execute("UPDATE tasks SET content = ?, group_title = ?, title = ? WHERE task_id = 'gaoping-001'",
                           [CONTENT, GROUP, TITLE])
        busiest = connection.execute("""SELECT agency_id FROM agency_load WHERE region_id = 'gaoping'
                                        ORDER BY task_count DESC, agency_id LIMIT 2""").fetchall()
        connection.execute("UPDATE agencies SET name = ? WHERE agency_id = ?", [AGENCY, busiest[0][0]])
        connection.execute("UPDATE agencies SET name = ? WHERE agency_id = ?", [FORMULA_AGENCY, busiest[1][0]])
    return path


@pytest.fixture
def hostile_app(hostile_database, monkeypatch, app_environment):
    monkeypatch.setenv("POLICY_DB", str(hostile_database))
    return hostile_database


def markup_elements(app) -> list[str]:
    """Values of every element Streamlit renders as markdown, without their backslash-escaped characters
    (what is left is what markdown would read as markup)."""
    return [re.sub(r"\\.", "", element.value)
            for kind in ("markdown", "caption", "info", "warning", "title", "header", "subheader")
            for element in getattr(app, kind)]


@pytest.mark.parametrize("entry", PAGES, ids=[entry.url_path for entry in PAGES])
def test_pages_show_hostile_text_literally(hostile_app, entry):
    app = run_page(entry.path, **PAGE_PARAMETERS.get(entry.path, {}))
    assert not app.exception, app.exception
    for value in markup_elements(app):
        assert "](http://evil.example)" not in value and "<script>" not in value and "<a href" not in value, value
    for chart in app.get("plotly_chart"):
        spec = chart.proto.spec
        assert '<a href=\\"http://evil' not in spec and "<b>粗体" not in spec and "<script>" not in spec


def test_task_explorer_shows_the_planted_text_as_typed(hostile_app):
    app = run_page("views/tasks.py", region="gaoping", task="gaoping-001")
    shown = "\n".join(element.value for element in app.text)
    assert CONTENT in shown and GROUP in shown and TITLE in shown
    table = frame_with_column(app, "content")
    assert CONTENT in set(table["content"]) and GROUP in set(table["group_title"])


def test_agency_chart_escapes_names_in_the_page_and_the_svg(hostile_app, hostile_database):
    app = run_page("views/agency_load.py", region="gaoping")
    bars = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    labels = {label for trace in bars for label in trace.get("y", [])}
    assert "&lt;a href=\"http://evil.example\"&gt;恶意局&lt;/a&gt;" in labels and AGENCY not in labels
    with duckdb.connect(str(hostile_database), read_only=True) as connection:
        rows = queries.agency_load_rows(connection, "gaoping")
    svg = figure_svg(figure_for_export(load_bars(rows, "t", {"lead": "牵头", "support": "配合", "responsible": "责任"}, "任务"),
                                       "t")).decode("utf-8")
    assert "<a href" not in svg and ("&#60;a href=" in svg or "&lt;a href=" in svg)  # text, not a link


def test_exports_neutralize_planted_formulas(hostile_database):
    with duckdb.connect(str(hostile_database), read_only=True) as connection:
        tasks = queries.filtered_tasks(connection, ["gaoping"])
        load = queries.agency_load_rows(connection, "gaoping")
    text = csv_bytes(tasks[["task_id", "content"]]).decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and '\n"=HYPERLINK' not in text and "\n=HYPERLINK" not in text
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(load[["agency_id", "name"]], "load")))
    names = [row[1].value for row in book["load"].iter_rows(min_row=2)]
    assert "'" + FORMULA_AGENCY in names and FORMULA_AGENCY not in names
    assert all(cell.data_type != "f" for row in book["load"].iter_rows() for cell in row)
