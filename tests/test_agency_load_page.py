"""Agency load page: AppTest on the real database (hand counts from the raw documents), the pure figure
builders, and a real-browser check that opens the page, renders its plotly charts and follows a bar click."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.agency_load import (
    ROLE_ORDER,
    circle_layout,
    co_assignment_network,
    concentration_cards,
    function_heatmap,
    load_bars,
)
from analysis.i18n import text
from tests.helpers import assert_no_exception, open_app_page, run_page, wait_until_idle

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
REGIONS = ["gaoping", "jinzhou", "wafangdian", "zhongwei"]
LEAD, SUPPORT, IMPLEMENTER = text("role_lead"), text("role_support"), text("role_implementer")
RESPONSIBLE = text("role_responsible")  # units named without saying who leads (Gaoping, Wafangdian, 责任部门)


# --- hand counts, straight from the raw files -----------------------------------------------------------


def wafangdian_rows_naming(word: str) -> int:
    """Wafangdian's table: a row starts with a tab and its 序号; its last non-empty cell is 责任部门."""
    lines = (RAW / "wafangdian.txt").read_text(encoding="utf-8").split("\n")
    starts = [index for index, line in enumerate(lines) if re.fullmatch(r"\t\d+\s*", line)] + [len(lines)]
    rows = [[cell.strip() for cell in lines[start + 1:end] if cell.strip()]
            for start, end in zip(starts, starts[1:], strict=False)]
    assert len(rows) == 57
    return sum(word in row[-1] for row in rows)


def zhongwei_support_fields_naming(word: str) -> int:
    """Zhongwei's prose: each 配合单位： field runs (across wrapped lines) until the 完成时限： line."""
    text = (RAW / "zhongwei.txt").read_text(encoding="utf-8")
    return sum(word in field for field in re.findall(r"配合单位：(.*?)完成时限：", text, flags=re.S))


def test_hand_counts_of_the_raw_documents():
    assert wafangdian_rows_naming("教育局") == 55  # 市教育局 / 教育局 in 55 of the 57 rows
    assert zhongwei_support_fields_naming("财政局") == 10
    jinzhou = (RAW / "jinzhou.txt").read_text(encoding="utf-8")
    assert sum("教务处" in line for line in jinzhou.split("\n")) == 14  # one 责任单位（部门）cell per task


# --- AppTest ------------------------------------------------------------------------------------------------


def open_page(region=None):
    app = run_page("views/agency_load.py")
    if region:
        app.selectbox(key="load_region").set_value(region).run()
    return app


def chart_specs(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def bar_traces(spec) -> dict:
    """{trace name: {agency name: count}} of a bar chart spec."""
    return {trace["name"]: dict(zip(trace["y"], trace["x"], strict=True)) for trace in spec["data"]
            if trace["type"] == "bar"}


def shown_tasks(app, agency_id) -> pd.DataFrame:
    app.selectbox(key="load_agency").set_value(agency_id).run()
    assert not app.exception
    return app.dataframe[0].value


@pytest.mark.parametrize("region", REGIONS)
def test_page_runs_for_every_region(app_environment, region):
    app = open_page(region)
    assert not app.exception
    assert app.title[0].value == "责任单位负担"
    assert len(app.metric) == 6
    assert all(caption.value for caption in app.caption)
    # bars (two for Jinzhou), the network and the heatmap
    assert len(app.get("plotly_chart")) == (4 if region == "jinzhou" else 3)
    assert any("赫芬达尔" in caption.value and "2010" in caption.value for caption in app.caption)


def test_switching_region_changes_the_chart(app_environment):
    app = open_page()
    gaoping = bar_traces(chart_specs(app)[0])
    app.selectbox(key="load_region").set_value("zhongwei").run()
    zhongwei = bar_traces(chart_specs(app)[0])
    assert gaoping != zhongwei
    assert gaoping[RESPONSIBLE]["高平中专"] == 17
    assert zhongwei[LEAD]["市教育局"] == 21 and zhongwei[SUPPORT]["市财政局"] == 10


def test_jinzhou_shows_the_college_offices_apart(app_environment):
    app = open_page("jinzhou")
    provincial, college = chart_specs(app)[:2]
    assert provincial["layout"]["title"]["text"] == "省级责任部门（任务内容）"
    assert college["layout"]["title"]["text"] == "学校落实部门（校内处室）"
    assert set(bar_traces(provincial)) == {RESPONSIBLE}
    assert set(bar_traces(college)) == {IMPLEMENTER}
    assert bar_traces(college)[IMPLEMENTER]["教务处"] == 14
    assert "教务处" not in bar_traces(provincial)[RESPONSIBLE]
    assert bar_traces(provincial)[RESPONSIBLE]["省教育厅"] == 51
    assert any("从不相加" in box.value for box in app.info)


def test_wafangdian_education_bureau_is_responsible_for_55_tasks(app_environment):
    """A bare 责任部门 column names units without saying who leads: no lead figures, 55 tasks as responsible."""
    app = open_page("wafangdian")
    tasks = shown_tasks(app, "wafangdian:市教育局")
    assert (tasks["role"] == RESPONSIBLE).sum() == wafangdian_rows_naming("教育局") == 55
    assert f"市教育局：{RESPONSIBLE} 55" in [text.value for text in app.text]
    assert tasks["lines"].iloc[0] == "8–11"  # wafangdian-001, source lines 8–11
    metrics = {metric.label: metric.value for metric in app.metric}
    captions = [caption.value for caption in app.caption]
    assert metrics["列名最多的责任单位占比"] == "96%"
    assert "市教育局被列为 96% 任务的责任单位；清单未说明由谁牵头。" in captions
    assert not any("牵头 96%" in caption for caption in captions)


def test_jinzhou_academic_affairs_office_implements_14_tasks(app_environment):
    app = open_page("jinzhou")
    tasks = shown_tasks(app, "jinzhou:教务处")
    assert len(tasks) == 14 and set(tasks["role"]) == {IMPLEMENTER}
    assert set(tasks["task_id"].str.slice(0, 8)) == {"jinzhou-"}


def test_zhongwei_finance_bureau_supports_10_tasks(app_environment):
    app = open_page("zhongwei")
    tasks = shown_tasks(app, "zhongwei:市财政局")
    assert (tasks["role"] == SUPPORT).sum() == zhongwei_support_fields_naming("财政局") == 10
    assert (tasks["role"] == LEAD).sum() == 3
    assert (tasks["deadline_text"] != text("none")).all()  # every Zhongwei task carries a 完成时限
    assert tasks["deadline_text"].iloc[0] == "2021年9月前完成并长期坚持"


def test_agency_choice_follows_the_region(app_environment):
    app = open_page("wafangdian")
    app.selectbox(key="load_agency").set_value("wafangdian:市财政局").run()
    app.selectbox(key="load_region").set_value("gaoping").run()
    assert not app.exception
    assert app.selectbox(key="load_agency").value.startswith("gaoping:")


def test_heatmap_support_role_and_network_slider(app_environment):
    app = open_page("zhongwei")
    app.radio(key="load_heatmap_role").set_value("support").run()
    heatmap = chart_specs(app)[-1]["data"][0]
    assert heatmap["x"] == ["中卫市"]
    assert any("未列此角色的地区：高平市、锦州市、瓦房店市" in caption.value for caption in app.caption)
    network_before = chart_specs(app)[1]
    app.slider(key="load_min_shared").set_value(10).run()
    assert not app.exception
    assert len(chart_specs(app)[1]["data"]) < len(network_before["data"])


def test_language_switch_to_english(app_environment):
    app = open_page("zhongwei")
    # After switch_page AppTest may not show app.py's sidebar; set the switch's state as the radio would.
    app.session_state["language"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Agency load"
    assert "HHI" in {metric.label for metric in app.metric}
    assert any(caption.value.startswith("市教育局 leads 84%") for caption in app.caption)
    assert any("Herfindahl" in caption.value for caption in app.caption)


# --- pure figure builders -----------------------------------------------------------------------------------


def test_bars_rank_busiest_first_and_stack_only_given_roles():
    frame = pd.DataFrame({"agency_id": ["r:A", "r:B", "r:B"], "name": ["A", "B", "B"],
                          "role": ["lead", "lead", "support"], "task_count": [3, 2, 2],
                          "task_share": [0.3, 0.2, 0.2]})
    figure = load_bars(frame, "t", {"lead": "L", "support": "S"}, "n")
    assert [trace.name for trace in figure.data] == ["L", "S"]
    assert list(figure.layout.yaxis.categoryarray) == ["A", "B"]  # bottom to top: B (2 + 2) above A (3)


def test_bars_show_named_responsible_as_its_own_role():
    frame = pd.DataFrame({"agency_id": ["g:高平中专", "g:市教育局"], "name": ["高平中专", "市教育局"],
                          "role": ["responsible", "responsible"], "task_count": [17, 16],
                          "task_share": [1.0, 16 / 17]})
    figure = load_bars(frame, "t", {role: text(f"role_{role}", "en") for role in ROLE_ORDER}, "n")
    assert [trace.name for trace in figure.data] == [text("role_responsible", "en")] == ["Responsible (no lead named)"]
    assert list(figure.data[0].x) == [17, 16]


RESPONSIBLE_ONLY = {"region_id": "g", "task_count": 17, "agencies_per_task_mean": 3.6, "agencies_per_task_max": 7,
                    "implementers_per_task_mean": None, "implementer_tasks": 0, "single_lead_share": None, "lead_links": 0,
                    "support_links": 0, "lead_support_ratio": None, "lead_top_agency_id": None,
                    "lead_top_share": None, "lead_herfindahl": None, "lead_gini": None, "distinct_lead_agencies": 0,
                    "distinct_support_agencies": 0, "distinct_implementer_agencies": 0, "responsible_links": 61,
                    "distinct_responsible_agencies": 9, "responsible_top_agency_id": "g:高平中专",
                    "responsible_top_share": 1.0}


@pytest.mark.parametrize("language, named, single", [
    ("zh", "高平中专被列为 100% 任务的责任单位；清单未说明由谁牵头。", "清单未说明由谁牵头，无法计算单一牵头的比例。"),
    ("en", "高平中专 is named responsible on 100% of the tasks; the list does not say who leads.",
     "The list does not say who leads, so the share of single-lead tasks is undefined."),
])
def test_cards_of_a_list_without_leads_never_say_leads(language, named, single):
    agencies = pd.DataFrame({"agency_id": ["g:高平中专"], "name": ["高平中专"]})
    cards = concentration_cards(RESPONSIBLE_ONLY, agencies, language)
    assert (cards[0]["value"], cards[0]["reading"]) == ("100%", named)
    assert cards[0]["label"] == text("load_top_named_share", language)
    assert cards[3]["reading"] == single
    assert not any("leads 100%" in card["reading"] or "牵头 100%" in card["reading"] for card in cards)
    assert "3.6" in cards[5]["reading"] and cards[5]["reading"] == text(
        "load_agencies_per_task_named", language, mean="3.60", max=7, n=17)


def test_circle_layout_is_deterministic_and_grouped_by_function():
    nodes = pd.DataFrame({"agency_id": list("abcd"), "name": list("abcd"), "function": ["x", "y", "x", "y"],
                          "tasks": [1, 5, 2, 1]})
    first, second = circle_layout(nodes), circle_layout(nodes.iloc[::-1])
    assert first["agency_id"].tolist() == second["agency_id"].tolist() == ["b", "d", "c", "a"]
    assert first.loc[0, "y"] == pytest.approx(1.0)
    edges = pd.DataFrame({"agency_id_a": ["a"], "agency_id_b": ["b"], "name_a": ["a"], "name_b": ["b"],
                          "shared_tasks": [1]})
    figure = co_assignment_network(nodes, edges, str, "t", {"tasks": "tasks", "shared": "shared"})
    assert {trace.name for trace in figure.data if trace.mode == "markers+text"} == {"x", "y"}


def test_heatmap_leaves_out_regions_without_the_role():
    frame = pd.DataFrame({"region_id": ["r2"], "function": ["finance"], "task_count": [2], "task_share": [0.5]})
    figure = function_heatmap(frame, {"r1": "R1", "r2": "R2"}, str, "t")
    assert list(figure.data[0].x) == ["R2"]
    assert figure.data[0].text[0][0] == "2（50%）"


# --- real browser -------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_agency_load_page_in_browser(browser, server_url):
    page, errors = open_app_page(browser, f"{server_url}/agency_load", "各单位承担的任务数")
    page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first.wait_for()
    assert_no_exception(page, errors)
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 3
    assert page.get_by_text("语言 / Language").count() == 1
    page.set_viewport_size({"width": 1400, "height": 4200})
    page.wait_for_timeout(1500)
    page.screenshot(path="/tmp/agency_load.png", full_page=True)

    # Clicking a bar opens that agency's tasks: Gaoping's fourth bar is 市财政局 (8 tasks).
    bar = page.locator('[data-testid="stPlotlyChart"]').first.locator(".barlayer .point path").nth(3)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text(f"市财政局：{RESPONSIBLE} 8").wait_for(timeout=20000)
    wait_until_idle(page)
    assert_no_exception(page, errors)
    page.close()
