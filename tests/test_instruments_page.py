"""Instruments & co-occurrence page (and the reliability figure of the themes page): AppTest against the
session database, and one real browser run with a click on the grid."""


import pytest
import yaml

from analysis.i18n import text
from etl.derive.themes import POLICY_INSTRUMENTS_PATH
from tests.helpers import (
    assert_no_exception,
    chart_titles,
    frame_with_column,
    open_app_page,
    run_page,
    wait_until_idle,
)

PAGE = "views/instruments.py"


def test_grid_and_network_are_drawn_with_their_tables(app_environment):
    app = run_page(PAGE, language="en")
    assert not app.exception
    grid_title, network_title = chart_titles(app)
    assert grid_title == "All lists: tasks coded with both an instrument and a domain (N = 153 tasks)"
    assert network_title.startswith("All lists: ") and network_title.endswith(" links")
    assert app.expander[0].label == "The grid as a table (tasks, N = 153)"
    grid = frame_with_column(app, "Policy instrument")
    assert len(grid) == 14 and grid["Instrument type"].iloc[0] == "Supply-side"
    labels = [button.label for button in app.get("download_button")]
    assert labels.count(text("download_csv", "en")) == 6  # grid, cell by region, cell tasks, links, terms, KWIC


def test_a_cell_opens_to_its_tasks_and_evidence(app_environment):
    app = run_page(PAGE, language="en")
    app.selectbox(key="grid_instrument").set_value("tax_incentives")
    app.selectbox(key="grid_domain").set_value("funding_finance").run()
    assert not app.exception
    tasks = frame_with_column(app, "instrument_evidence")
    # Gaoping's task 14 is tax relief, but names funding by 税收 alone: no theme on one word (issue 13).
    assert sorted(tasks["task_id"]) == ["jinzhou-048", "wafangdian-049", "zhongwei-021"]
    zhongwei = tasks[tasks["task_id"] == "zhongwei-021"].iloc[0]
    assert "教育费附加" in zhongwei["instrument_evidence"]
    regions = frame_with_column(app, "region_tasks")
    assert regions["tasks"].tolist() == [0, 1, 1, 1, 3]  # four regions, then all lists
    assert regions["region"].iloc[-1] == text("instruments_corpus", "en")


def test_one_region_grid_and_network_stay_in_the_region(app_environment):
    app = run_page(PAGE, language="zh")
    app.selectbox(key="grid_scope").set_value("gaoping").run()
    app.selectbox(key="network_scope").set_value("gaoping").run()
    assert not app.exception
    assert app.expander[0].label == text("instruments_grid_table", "zh", n=17)
    app.selectbox(key="network_term").set_value("产教融合").run()
    contexts = frame_with_column(app, text("keyword", "zh"))
    # Gaoping's task 12 (产教融合、校企合作水平), task 15 (深化产教融合, 产教融合建设项目) and safeguard 19
    # (推进产教融合、校企合作) say 产教融合 (task 13 says 产教深度融合); no other region's line is shown.
    assert set(contexts["task_id"].str.split("-").str[0]) == {"gaoping"}
    assert set(contexts[text("keyword", "zh")]) == {"产教融合"}
    assert set(contexts["task_id"]) == {"gaoping-012", "gaoping-015", "gaoping-019"}


def test_themes_page_shows_the_reliability_figure(app_environment):
    app = run_page("views/themes.py", language="en")
    assert not app.exception
    table = frame_with_column(app, "kappa")
    pooled = table[table["code"] == "all"].iloc[0]
    assert pooled["n"] > 0 and 0 < pooled["kappa"] <= 1
    captions = "\n".join(caption.value for caption in app.caption)
    assert "Landis & Koch" in captions and "coding_agreement" in captions


@pytest.mark.browser
def test_grid_click_opens_the_cell_in_the_browser(browser, server_url):
    page, errors = open_app_page(browser, f"{server_url}/instruments?lang=en",
                                 wait_text=text("instruments_grid_header", "en"))
    assert_no_exception(page, errors)
    assert page.locator(".js-plotly-plot").count() == 2
    heading = page.get_by_text(" in every region").first
    before = heading.inner_text()  # the first instrument and domain, before any click
    page.locator(".js-plotly-plot").first.locator("path.point").first.click(force=True)  # a demand-side square
    page.wait_for_function("(before) => !document.body.innerText.includes(before)", arg=before, timeout=30000)
    wait_until_idle(page)
    assert_no_exception(page, errors)
    after = page.get_by_text(" in every region").first.inner_text()
    codebook = yaml.safe_load(POLICY_INSTRUMENTS_PATH.read_text(encoding="utf-8"))["themes"]
    demand_side = [entry["label_en"] for entry in codebook if entry["parent"] == "demand"]
    assert after != before and after.startswith(tuple(f"{label} × " for label in demand_side))
    page.close()
