"""AppTest of the foundation pages: they run without exceptions and show the real figures."""

from tests.helpers import run_page


def run_app(page=None):
    return run_page(page)


def test_overview_shows_each_document_task_count(app_environment):
    app = run_app()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics == {"高平市": "17", "锦州市": "54", "瓦房店市": "57", "中卫市": "25"}


def test_overview_says_jinzhou_is_a_college_list(app_environment):
    app = run_app()
    assert any("锦州师专" in box.value for box in app.info)
    assert len(app.get("plotly_chart")) == 1


def test_overview_switches_to_english(app_environment):
    app = run_app()
    app.sidebar.radio(key="language").set_value("en").run()
    assert not app.exception
    assert {metric.label for metric in app.metric} == {"Gaoping", "Jinzhou", "Wafangdian", "Zhongwei"}


def test_task_explorer_filters_by_region_and_text(app_environment):
    app = run_app("views/tasks.py")
    assert not app.exception
    assert app.markdown[0].value == "**157** 条任务"
    app.multiselect(key="task_regions").set_value(["zhongwei"]).run()
    assert app.markdown[0].value == "**25** 条任务"
    app.text_input(key="task_text").set_value("双师型").run()
    assert app.markdown[0].value == "**2** 条任务"
    shown = "\n".join(text.value for text in app.text)
    assert "市财政局" in shown and "配合单位" in shown


def test_task_explorer_filters_by_agency_and_deadline(app_environment):
    app = run_app("views/tasks.py")
    app.multiselect(key="task_agencies").set_value(["jinzhou:教务处"]).run()
    assert app.markdown[0].value == "**14** 条任务"
    app.selectbox(key="task_deadline").set_value("ongoing").run()
    assert app.markdown[0].value == "**0** 条任务"
    assert not app.exception
