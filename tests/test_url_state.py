"""Shareable state (issue 14 item 4; issue 11 item 6): every page restores its selections from the URL and
writes them back; hostile or unknown values fall back to the defaults with a notice, never a traceback."""

import pytest

from analysis.i18n import text
from tests.helpers import run_page
from views.navigation import PAGES

HOSTILE_VALUES = ["' OR 1=1 --", "x" * 5000, "<script>alert(1)</script>", "[a](http://evil)", "=HYPERLINK(1)",
                  "zz_unknown"]
# Every parameter a page reads, with a value it offers and the widget key that must show it.
ROUND_TRIPS = {
    "views/tasks.py": {"region": (["zhongwei", "gaoping"], "task_regions"), "theme": (["teacher_workforce"],
                       "task_themes"), "q": ("双师型", "task_text"), "deadline": ("dated", "task_deadline"),
                       "role": ("lead", "task_role"), "kind": ("task", "task_kind")},
    "views/agency_load.py": {"region": ("wafangdian", "load_region"), "role": ("support", "load_heatmap_role"),
                             "agency": ("wafangdian:市财政局", "load_agency")},
    "views/themes.py": {"region": ("jinzhou", "themes_region"), "names": ("1", "themes_with_names"),
                        "term": ("双师型", "themes_kwic"), "tab": ("tfidf", "themes_tab")},
    "views/metrics.py": {"indicator": ("skills_training_volume", "metric_indicator"),
                         "region": ("zhongwei", "metric_my_region"), "scope": (["parent"], "metric_scope")},
    "views/peers.py": {"region": ("wafangdian", "bench_region"), "peer": ("jinzhou", "bench_peer"),
                       "indicator": ("skills_training_volume", "bench_indicator")},
}
PARAMETERS = sorted({name for parameters in ROUND_TRIPS.values() for name in parameters} | {"lang"})
FREE_TEXT = {"q", "term"}  # search words: any short text is a valid value


def notices(app) -> str:
    return "\n".join(warning.value for warning in app.warning)


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=["sql", "long", "script", "markdown", "formula", "unknown"])
@pytest.mark.parametrize("entry", PAGES, ids=[entry.url_path for entry in PAGES])
def test_hostile_parameters_fall_back_with_a_notice(app_environment, entry, value):
    app = run_page(entry.path, **{name: value for name in PARAMETERS if name not in FREE_TEXT or len(value) > 200})
    assert not app.exception, app.exception
    assert "<script>" not in "".join(element.value for element in app.markdown)
    for parameter, (_, key) in ROUND_TRIPS.get(entry.path, {}).items():
        if parameter not in FREE_TEXT or len(value) > 200:
            assert text("url_value_ignored", "zh", parameter=parameter) in notices(app), parameter
            assert str(app.session_state[key]) != value


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=["sql", "long", "script", "markdown", "formula", "unknown"])
def test_hostile_language_falls_back_to_chinese_with_a_notice(app_environment, value):
    app = run_page(lang=value)  # the first run of a deep link: app.py and the default page
    assert not app.exception, app.exception
    assert text("url_value_ignored", "zh", parameter="lang") in notices(app)
    assert app.title[0].value == text("app_title", "zh")


@pytest.mark.parametrize("entry", [entry for entry in PAGES if entry.path in ROUND_TRIPS],
                         ids=[entry.url_path for entry in PAGES if entry.path in ROUND_TRIPS])
def test_a_copied_link_restores_every_selection(app_environment, entry):
    parameters = ROUND_TRIPS[entry.path]
    app = run_page(entry.path, language="en", **{name: value for name, (value, _) in parameters.items()})
    assert not app.exception, app.exception
    assert not app.warning or "link" not in notices(app)
    for name, (value, key) in parameters.items():
        shown = app.session_state[key]
        if name == "tab":
            assert shown == text("themes_tfidf_tab", "en")
        elif name == "names":
            assert shown is True
        else:
            assert shown == value, name
        written = app.query_params[name]
        as_list = written if isinstance(written, list) else [written]
        assert as_list == (value if isinstance(value, list) else [value]), name
    assert app.query_params["lang"] in ("en", ["en"])


def test_task_explorer_opened_from_a_heatmap_cell_shows_the_same_count(app_environment, database):
    """The themes heatmap's cell (Zhongwei × teacher workforce) and the task explorer it opens agree."""
    expected = database.execute("""
        SELECT count(DISTINCT tt.task_id) FROM task_themes tt JOIN tasks t USING (task_id)
        WHERE t.region_id = 'zhongwei' AND t.kind = 'task' AND tt.theme = 'teacher_workforce'""").fetchone()[0]
    assert expected >= 5
    app = run_page("views/tasks.py", region="zhongwei", theme="teacher_workforce", kind="task")
    assert app.markdown[0].value == f"**{expected}** 条任务"
