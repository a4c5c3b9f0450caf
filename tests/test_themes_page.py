"""Keyword themes page: AppTest against the session database (values checked against its tables), the pure
helpers of analysis/themes_view.py, and one real browser run."""


import pandas as pd

from analysis import themes as themes_view
from analysis.i18n import text
from tests.helpers import assert_no_exception, chart_titles, frame_with_column, open_app_page, run_page

TERM = "双师型"
SCHEME_NAMES = {"vet_theme": text("themes_reliability_themes", "en"),
                "policy_instrument": text("themes_reliability_instruments", "en")}


def run_themes():
    return run_page("views/themes.py")


def keyness_table(app) -> pd.DataFrame:
    """The distinctive-terms table: the dataframe whose columns are the term, its counts and z."""
    return frame_with_column(app, "z 值")


def top_term(database, region_id, with_names):
    return database.execute("""
        SELECT term FROM region_keyness WHERE region_id = ? AND with_names = ? AND NOT with_generic
        ORDER BY z DESC, term LIMIT 1
    """, [region_id, with_names]).fetchone()[0]


def test_page_runs_with_heatmap_and_instrument_charts(app_environment):
    app = run_themes()
    assert not app.exception
    assert len(app.get("plotly_chart")) >= 3  # heatmap, instrument bars, keyness scatter
    captions = "\n".join(caption.value for caption in app.caption)
    assert "Monroe" in captions and "Rothwell" in captions and "NMF" in captions and "jieba" in captions


def test_heatmap_shares_match_the_database(database):
    shares = pd.DataFrame(database.execute("""
        SELECT region_id, theme, label_zh, label_en, tasks, region_tasks, share FROM (
            SELECT t.region_id, th.theme, th.label_zh, th.label_en,
                   count(DISTINCT tt.task_id) FILTER (WHERE tt.task_id IS NOT NULL) AS tasks,
                   (SELECT count(*) FROM tasks x WHERE x.kind = 'task' AND x.region_id = t.region_id)
                       AS region_tasks,
                   0.0 AS share
            FROM themes th CROSS JOIN (SELECT DISTINCT region_id FROM tasks) t
            LEFT JOIN (task_themes tt JOIN tasks k ON k.task_id = tt.task_id AND k.kind = 'task')
                ON tt.theme = th.theme AND tt.scheme = th.scheme AND k.region_id = t.region_id
            WHERE th.scheme = 'vet_theme' GROUP BY ALL)
    """).fetchall(), columns=["region_id", "theme", "label_zh", "label_en", "tasks", "region_tasks", "share"])
    shares["share"] = shares["tasks"] / shares["region_tasks"]
    names = {"gaoping": "高平市", "jinzhou": "锦州市", "wafangdian": "瓦房店市", "zhongwei": "中卫市"}
    figure = themes_view.theme_heatmap(shares, names, "en", "t", ("tasks", "of"))
    heatmap = figure.data[0]
    row = list(heatmap.y).index("Teacher workforce")
    column = list(heatmap.x).index("中卫市")
    expected = shares.query("theme == 'teacher_workforce' and region_id == 'zhongwei'").iloc[0]
    assert heatmap.z[row][column] == expected["share"]
    assert heatmap.customdata[row][column][0] == expected["tasks"]


def test_region_switch_changes_distinctive_terms(app_environment, database):
    app = run_themes()
    for region in ("zhongwei", "jinzhou"):
        app.selectbox(key="themes_region").set_value(region).run()
        assert not app.exception
        table = keyness_table(app)
        assert table.iloc[0]["词语"] == top_term(database, region, False)
    assert top_term(database, "zhongwei", False) == "职业技术学校"
    assert top_term(database, "jinzhou", False) == "省级"


def test_with_names_toggle_brings_in_place_names(app_environment, database):
    app = run_themes()
    app.selectbox(key="themes_region").set_value("gaoping").run()
    without = keyness_table(app)
    assert "高平中专" not in set(without["词语"])
    app.toggle(key="themes_with_names").set_value(True).run()
    assert not app.exception
    with_names = keyness_table(app)
    assert with_names.iloc[0]["词语"] == top_term(database, "gaoping", True) == "高平中专"


def test_generic_words_are_hidden_until_switched_on(app_environment, database):
    generic = {row[0] for row in database.execute("SELECT DISTINCT term FROM task_terms WHERE tier = 'generic'")
               .fetchall()}
    assert {"突出", "全面"} <= generic  # generic policy words of the stop tier (data/stopwords/)
    app = run_page("views/themes.py", region="zhongwei")
    assert not set(keyness_table(app)["词语"]) & generic
    app.toggle(key="themes_with_generic").set_value(True).run()
    assert not app.exception
    shown = keyness_table(app)
    expected = database.execute("""SELECT term FROM region_keyness WHERE region_id = 'zhongwei' AND with_generic
                                   AND NOT with_names ORDER BY z DESC, term""").df()["term"].tolist()
    assert shown["词语"].tolist()[:10] == expected[:10]
    assert {"突出", "全面"} <= set(shown["词语"])
    assert app.query_params.get("generic") in ("1", ["1"])


def test_coded_tasks_show_their_evidence_count(app_environment, database):
    app = run_page("views/themes.py", term=TERM)
    coded = frame_with_column(app, "不同命中词数")
    assert not app.exception and len(coded)
    stored = database.execute("""SELECT task_id, theme, evidence_count, counted FROM task_themes
                                 WHERE scheme = 'vet_theme'""").df().set_index(["task_id", "theme"])
    for _, row in coded.iterrows():
        expected = stored.loc[(row["task_id"], row["theme"])]
        assert row["不同命中词数"] == expected["evidence_count"]
        assert bool(row["计入该主题"]) == bool(expected["counted"])


def test_keyword_in_context_counts_every_occurrence(app_environment, database):
    expected, expected_tasks = database.execute("""
        SELECT sum((length(text) - length(replace(text, ?, ''))) // length(?)), count(DISTINCT task_id)
        FILTER (WHERE text LIKE '%' || ? || '%')
        FROM (SELECT task_id, unnest([title, content, local_measures, local_target]) AS text FROM tasks)
        WHERE text IS NOT NULL
    """, [TERM, TERM, TERM]).fetchone()
    regions = {row[0] for row in database.execute(
        "SELECT DISTINCT region_id FROM tasks WHERE concat_ws(' ', title, content, local_measures, local_target)"
        " LIKE '%' || ? || '%'", [TERM]).fetchall()}
    assert expected >= 10 and len(regions) == 4
    app = run_themes()
    app.text_input(key="themes_kwic").set_value(TERM).run()
    assert not app.exception
    assert f"“{TERM}”共出现 {expected} 次（{expected_tasks} 项任务）。" in [item.value for item in app.markdown]
    contexts = frame_with_column(app, "关键词")
    assert len(contexts) == expected
    assert set(contexts["地区"]) == {"高平市", "锦州市", "瓦房店市", "中卫市"}
    assert (contexts["关键词"] == TERM).all()
    assert contexts["前文"].str.len().max() <= 20 and contexts["后文"].str.len().max() <= 20


def test_teacher_task_is_coded_teacher_workforce(app_environment, database):
    app = run_themes()
    app.text_input(key="themes_kwic").set_value(TERM).run()
    coded = frame_with_column(app, "命中词")
    teacher = coded[coded["theme"] == "teacher_workforce"]
    assert "zhongwei-018" in set(teacher["task_id"]) and "gaoping-008" in set(teacher["task_id"])
    assert database.execute("""
        SELECT count(*) FROM task_themes WHERE task_id = 'gaoping-008' AND scheme = 'vet_theme'
          AND theme = 'teacher_workforce' AND evidence LIKE '%双师型%'
    """).fetchone()[0] == 1


def test_language_switch_shows_english_theme_labels(app_environment):
    # AppTest's switch_page runs the page without app.py's sidebar, so set the radio's session-state key
    # (what the sidebar radio "language" writes); the browser test below clicks the real radio.
    app = run_themes()
    app.session_state["language"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Keyword themes"
    heatmap = app.get("plotly_chart")[0].proto.spec
    assert "Teacher workforce" in heatmap and "教师队伍与双师型建设" not in heatmap
    assert "Supply-side" in app.get("plotly_chart")[1].proto.spec


def test_keyword_in_context_helper_cuts_context():
    tasks = pd.DataFrame([{"task_id": "x-1", "region_id": "x", "kind": "task", "title": None,
                           "content": "甲" * 30 + "双师型" + "乙" * 5 + "双师型", "local_measures": None,
                           "local_target": None, "line_start": 3, "line_end": 4}])
    contexts = themes_view.keyword_in_context(tasks, "双师型", width=20)
    assert len(contexts) == 2
    assert contexts.iloc[0]["left"] == "甲" * 20 and contexts.iloc[0]["right"] == "乙" * 5 + "双师型"
    assert contexts.iloc[1]["right"] == ""


def test_browser_renders_themes_page(browser, server_url):
    page, errors = open_app_page(browser, f"{server_url}/themes", wait_text="关键词与主题")
    try:
        page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30000)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
        assert_no_exception(page, errors)
        assert page.locator('[data-testid="stPlotlyChart"]').count() >= 3
        assert page.get_by_text("教师队伍与双师型建设").count() >= 1
        page.screenshot(path="/tmp/themes.png", full_page=True)
    finally:
        page.close()


def test_browser_language_radio_switches_theme_labels(browser, server_url):
    page, errors = open_app_page(browser, f"{server_url}/themes", wait_text="关键词与主题")
    try:
        page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
        page.get_by_text("Keyword themes").first.wait_for(timeout=30000)
        page.get_by_text("Teacher workforce").first.wait_for(timeout=30000)
        assert_no_exception(page, errors)
    finally:
        page.close()


def test_only_the_open_reliability_tab_is_drawn_and_the_other_opens_from_the_link(app_environment, database):
    pooled = dict(database.execute("""
        SELECT scheme, n FROM coding_agreement WHERE sample = 'all' AND code = 'all'""").fetchall())
    themes_first = run_page("views/themes.py", language="en")
    instruments = run_page("views/themes.py", language="en", coding="policy_instrument")
    for app, scheme, other in ((themes_first, "vet_theme", "policy_instrument"),
                               (instruments, "policy_instrument", "vet_theme")):
        assert not app.exception
        table = frame_with_column(app, "kappa")
        assert set(table["code"]) - {"all"} and table[table["code"] == "all"]["n"].iloc[0] == pooled[scheme]
        codes = set(database.execute("SELECT theme FROM themes WHERE scheme = ?", [scheme]).df()["theme"])
        assert set(table["code"]) - {"all"} <= codes
        titles = chart_titles(app)
        kappa_titles = [title for title in titles if "Cohen" in title]
        assert len(kappa_titles) == 1 and kappa_titles[0].startswith(SCHEME_NAMES[scheme])
        assert not any(title.startswith(SCHEME_NAMES[other]) for title in titles)


def test_the_tfidf_tab_draws_no_keyness_scatter(app_environment, database):
    keyness = run_page("views/themes.py", language="en")
    tfidf = run_page("views/themes.py", language="en", tab="tfidf")
    assert not keyness.exception and not tfidf.exception
    assert len(tfidf.get("plotly_chart")) == len(keyness.get("plotly_chart")) - 1
    first_region = database.execute("SELECT min(region_id) FROM documents").fetchone()[0]
    shown = frame_with_column(tfidf, "tfidf")
    expected = database.execute("""
        SELECT term FROM region_tfidf WHERE region_id = ? AND NOT with_names AND NOT with_generic
        ORDER BY rank LIMIT 1""", [first_region]).fetchone()[0]
    assert shown["term"].iloc[0] == expected
