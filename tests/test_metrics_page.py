"""Target metrics page: AppTest with the real figures of the four documents, and the page in a real browser."""

import json

import pandas as pd
import pytest

from analysis.metrics import HIGHLIGHT, PEER, format_value, main_metrics, peer_median
from tests.helpers import assert_no_exception, open_app_page, run_page, wait_until_idle

DUAL = "dual_qualified_teacher_share"
ENROLMENT = "vocational_enrollment_share"
TRAINING = "skills_training_volume"


# --- Pure functions of analysis/benchmark.py ----------------------------------------------------------------------

@pytest.mark.parametrize(("row", "language", "expected"), [
    ({"value": 50.0, "unit": "%", "comparator": ">="}, "zh", "≥50%"),
    ({"value": 1.0, "value_max": 2.0, "unit": "门", "comparator": "="}, "zh", "1–2 门"),
    ({"value": 10000.0, "unit": "人次", "comparator": "~"}, "zh", "~1万人次"),
    ({"value": 10000.0, "unit": "人次", "comparator": "~"}, "en", "~10,000 person-times"),
    ({"value": 350.0, "unit": "1:N", "comparator": "<="}, "zh", "≥1:350"),  # 师生比不低于1:350
    ({"value": 1.0, "unit": "月", "comparator": ">=", "per_period": "year"}, "en", "≥1 month/year"),
    ({"value": 25.0, "unit": "%", "comparator": ">", "aspirational": True}, "zh", "力争 >25%"),
])
def test_format_value(row, language, expected):
    assert format_value(row, language) == expected


def test_peer_median_leaves_my_region_out():
    assert peer_median({"a": 1.0, "b": 3.0, "c": 10.0}, "a") == (6.5, 2)
    assert peer_median({"a": 1.0, "b": 3.0, "c": 10.0}, "z") == (3.0, 3)
    assert peer_median({"a": 1.0}, "a") == (None, 0)


def test_main_number_is_local_then_latest_year():
    metrics = pd.DataFrame({
        "metric_id": ["x-m1", "x-m2", "x-m3", "y-m1"], "region_id": ["x", "x", "x", "y"],
        "indicator": ["k", "k", "k", "k"], "scope": ["parent", "local", "local", "parent"],
        "target_year": pd.array([2030, 2022, 2025, None], dtype="Int64"),
        "aspirational": [False, False, True, False], "value": [9.0, 1.0, 2.0, 5.0], "unit": ["个"] * 4})
    mains = main_metrics(metrics).set_index("region_id")
    assert mains.at["x", "metric_id"] == "x-m3" and mains.at["x", "others"] == 2
    assert mains.at["y", "metric_id"] == "y-m1" and mains.at["y", "others"] == 0


# --- The page in AppTest --------------------------------------------------------------------------------------------

def run_metrics(**query_parameters):
    app = run_page("views/metrics.py", **query_parameters)
    assert not app.exception
    return app


def frame_with(app, column):
    """The dataframe on the page that has `column`."""
    frames = [element.value for element in app.dataframe if column in element.value.columns]
    assert len(frames) == 1, [list(element.value.columns) for element in app.dataframe]
    return frames[0]


@pytest.fixture(scope="module")
def labels(database):
    frame = database.execute("SELECT indicator, label_zh, label_en FROM indicators").df()
    return frame.set_index("indicator")


def benchmark(app, labels, language="zh"):
    label_column, indicator_column = ("label_en", "Indicator") if language == "en" else ("label_zh", "指标")
    table = frame_with(app, indicator_column).set_index(indicator_column)
    return {key: table.loc[labels.at[key, label_column]] for key in labels.index}


def shown_count(app):
    counts = [element.value for element in app.markdown if "个数字" in element.value or "numbers" in element.value]
    assert len(counts) == 1, counts
    return int(counts[0].split("**")[1])


def figure(app):
    charts = app.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def bar_colours(spec):
    bars = spec["data"][0]
    return dict(zip(bars["x"], bars["marker"]["color"], strict=True))


def test_page_runs_with_table_chart_and_source(app_environment):
    app = run_metrics()
    assert app.title[0].value == "量化目标"
    assert shown_count(app) == 149
    assert len(app.get("plotly_chart")) == 1
    assert any("data/indicators.yaml" in caption.value for caption in app.caption)
    assert any("数据来源" in caption.value for caption in app.caption)
    assert app.selectbox(key="metric_indicator").value == DUAL


def test_benchmark_dual_qualified_teachers(app_environment, labels):
    row = benchmark(run_metrics(), labels)[DUAL]
    assert row["瓦房店市"] == "60% · 本地"
    assert row["中卫市"] == "≥50% · 2023年 · 本地 · +1"  # task 18 and the goal paragraph both say ≥50%
    assert row["锦州市"] == ">50% · 2023年 · 本地"  # the college's own target, not a provincial one
    assert row["高平市"] == "提及，无数字"  # 逐年提高“双师型”教师……比例, no number


def test_benchmark_enrolment_share_and_empty_cells(app_environment, labels):
    app = run_metrics()
    row = benchmark(app, labels)[ENROLMENT]
    # Main number: the latest year (力争超过25% by 2025); the ≥20% of 2022 is the "+1".
    assert row["高平市"] == "力争 >25% · 2025年 · 本地 · +1"
    # Jinzhou never mentions it; Wafangdian and Zhongwei only ask for 职普比大体相当 (no number).
    assert row["锦州市"] == "—（无此项）"
    assert row["瓦房店市"] == "提及，无数字"
    assert row["中卫市"] == "提及，无数字"
    app.selectbox(key="metric_indicator").set_value(ENROLMENT).run()
    numbers = frame_with(app, "main")
    assert numbers[["metric_id", "display", "target_year", "main"]].values.tolist() == [
        ["gaoping-m006", "力争 >25%", "2025年", True],
        ["gaoping-m005", "≥20%", "2022年", False],
    ]


def test_benchmark_skills_training(app_environment, labels):
    app = run_metrics()
    row = benchmark(app, labels)[TRAINING]
    assert row["中卫市"] == "≥1万人次/年 · 2021年 · 本地"
    assert row["瓦房店市"] == "~1万人次 · 本地"
    assert row["锦州市"] == "3000 人次 · 2025年 · 本地 · +1"
    assert row["高平市"] == "提及，无数字"
    app.selectbox(key="metric_indicator").set_value(TRAINING).run()
    numbers = frame_with(app, "main")
    jinzhou = numbers[numbers["region"] == "锦州市"]
    assert jinzhou[["display", "scope", "main"]].values.tolist() == [
        ["3000 人次", "本地", True], ["~200万人次", "省级重述", False]]
    spec = figure(app)
    assert "职业技能培训人次" in spec["layout"]["title"]["text"]
    assert spec["layout"]["yaxis"]["title"]["text"] == "目标值（人次）"
    # Default my region is Gaoping (no number): the peers are 3000, 10000 and 10000.
    median = [shape for shape in spec["layout"]["shapes"] if shape.get("line", {}).get("dash") == "dash"]
    assert [shape["y0"] for shape in median] == [10000]


def test_my_region_changes_highlight_and_peer_median(app_environment):
    app = run_metrics()
    spec = figure(app)
    assert set(bar_colours(spec).values()) == {PEER}  # Gaoping, the default, has no number to highlight
    annotations = [note["text"] for note in spec["layout"]["annotations"]]
    assert "提及，无数字" in annotations  # under Gaoping's empty slot
    assert any("其他地区中位数 50%（n=3）" in text for text in annotations)
    assert any("来源" in text for text in annotations)
    app.selectbox(key="metric_my_region").set_value("wafangdian").run()
    spec = figure(app)
    assert bar_colours(spec) == {"锦州市": PEER, "瓦房店市（我的地区）": HIGHLIGHT, "中卫市": PEER}
    annotations = [note["text"] for note in spec["layout"]["annotations"]]
    assert any("其他地区中位数 50%（n=2）" in text for text in annotations)
    app.selectbox(key="metric_my_region").set_value("zhongwei").run()
    assert bar_colours(figure(app))["中卫市（我的地区）"] == HIGHLIGHT


def test_filters_change_the_row_count(app_environment):
    app = run_metrics()
    assert shown_count(app) == 149
    app.multiselect(key="metric_scope").set_value(["parent"]).run()
    assert shown_count(app) == 25
    app.multiselect(key="metric_scope").set_value([]).run()
    app.multiselect(key="metric_unit_class").set_value(["percent"]).run()
    assert shown_count(app) == 16
    app.multiselect(key="metric_scope").set_value(["parent"]).run()
    assert shown_count(app) == 0
    assert any("没有符合条件的数字" in warning.value for warning in app.warning)
    app.multiselect(key="metric_scope").set_value([]).run()
    app.multiselect(key="metric_unit_class").set_value([]).run()
    app.select_slider(key="metric_years").set_range(0, 0).run()  # leftmost: no target year
    assert shown_count(app) == 39
    app.select_slider(key="metric_years").set_range(2023, 2025).run()
    assert shown_count(app) == 102
    app.select_slider(key="metric_years").set_range(0, 2025).run()
    app.multiselect(key="metric_indicators").set_value(["unmatched"]).run()
    assert shown_count(app) == 57
    table = frame_with(app, "unit_class")
    assert table["indicator"].isna().all()
    app.multiselect(key="metric_indicators").set_value([DUAL, "unmatched"]).run()
    assert shown_count(app) == 61
    assert not app.exception


def test_metric_pick_shows_the_raw_clause_and_task(app_environment):
    app = run_metrics()
    app.selectbox(key="metric_pick").set_value("gaoping-m006").run()
    shown = "\n".join(text.value for text in app.text)
    assert "原文条款: 高平中专招生人数力争超过全市中考总人数的25%" in shown
    assert "所属任务: gaoping-003" in shown
    assert "力争（非硬性）" in shown and "目标年份: 2025年" in shown
    assert any("data/raw/gaoping.txt" in caption.value and "第 67 行" in caption.value for caption in app.caption)
    assert any("25%" in code.value for code in app.code)
    app.selectbox(key="metric_pick").set_value("zhongwei-m062").run()  # a goal paragraph, not a task
    shown = "\n".join(text.value for text in app.text)
    assert "原文条款: “双师型”教师占专业教师比例达到50%以上" in shown
    assert "所属目标段落（非任务）" in shown
    app.selectbox(key="metric_pick").set_value("jinzhou-m028").run()
    shown = "\n".join(text.value for text in app.text)
    assert "完成200万人次左右职业技能培训" in shown and "范围: 省级重述" in shown


def test_metrics_page_switches_to_english(app_environment, labels):
    # AppTest's switch_page drops app.py's sidebar from the element tree, so the radio "language" cannot be
    # clicked here: the choice comes in through ?lang=en, which seeds the same session-state key. The browser
    # test below clicks the real radio.
    app = run_metrics(lang="en")
    assert not app.exception
    assert app.title[0].value == "Target metrics"
    rows = benchmark(app, labels, "en")
    assert rows[TRAINING]["Zhongwei"] == "≥10,000 person-times/year · 2021 · local"
    assert rows[TRAINING]["Jinzhou"] == "3,000 person-times · 2025 · local · +1"
    assert rows[ENROLMENT]["Jinzhou"] == "— (none)"
    assert rows[ENROLMENT]["Wafangdian"] == "mentioned, no number"
    assert "Target (%)" == figure(app)["layout"]["yaxis"]["title"]["text"]
    assert shown_count(app) == 149
    app.selectbox(key="metric_my_region").set_value("jinzhou").run()  # the choice survives a rerun
    assert app.title[0].value == "Target metrics"
    assert bar_colours(figure(app))["Jinzhou (mine)"] == HIGHLIGHT


@pytest.mark.browser
def test_metrics_page_in_browser_with_csv_download(browser, server_url):
    page, errors = open_app_page(browser, f"{server_url}/metrics", "指标 × 地区对照表")
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30000)
    assert page.locator('[data-testid="stPlotlyChart"] .bars path').count() >= 3
    assert_no_exception(page, errors)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV").last.click()  # the full table, under its filters
    download = info.value
    assert download.suggested_filename == "target_metrics.csv"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "双师型" in text and text.count("\n") == 150  # header and 149 numbers
    # Streamlit scrolls inside its own container: a tall viewport puts the whole page on the screenshot.
    page.set_viewport_size({"width": 1400, "height": 5200})
    page.wait_for_timeout(1500)
    page.screenshot(path="/tmp/metrics.png", full_page=True)
    page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
    page.get_by_text("Indicator × region benchmark").first.wait_for(timeout=30000)
    wait_until_idle(page)
    assert page.get_by_text("Target metrics").count() >= 1
    page.screenshot(path="/tmp/metrics_en.png", full_page=True)
    assert_no_exception(page, errors)
    page.close()
