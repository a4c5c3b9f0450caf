"""Pages at many regions (issue 15): charts and tables show the N regions with most of what they measure, a
page at a time, and say so; the median and the counts stay over every region. A synthetic corpus of 14 lists
(perf/corpus.py, perturbed from the seeds) stands in for a national one; the limit is set through the URL."""

import json

import duckdb
import pytest
import yaml

from analysis.ranking import distinct_names, page_count, page_of, ranked_regions
from etl.build import build
from perf.corpus import make_corpus
from tests.helpers import PROJECT_ROOT, frame_with_column, run_page
from views.navigation import PAGES

DOCUMENTS = 14


def test_ranking_largest_first_ties_in_page_order():
    assert ranked_regions({"a": 1, "b": 3, "c": 3, "d": 0}, ["d", "c", "b", "a", "e"]) == ["c", "b", "a", "d"]


def test_pages_keep_the_chosen_region_on_every_page():
    ranked = ["c", "b", "a", "d", "e"]
    assert page_of(ranked, 3, 1, keep=["e"]) == ["e", "c", "b"]
    assert page_of(ranked, 3, 2, keep=["e"]) == ["e", "a", "d"]
    assert page_count(len(ranked), 3, kept=1) == 2
    assert page_count(4, 10) == 1


def same_name_as_the_first(manifest) -> None:
    """The last region gets the first one's names, as two lists of one city added as two regions would."""
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    first, last = entries["documents"][0], entries["documents"][-1]
    last["region_zh"], last["region_en"] = first["region_zh"], first["region_en"]
    manifest.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_regions_sharing_a_name_are_told_apart():
    assert distinct_names(["a", "b", "c"], ["X", "Y", "X"]) == {"a": "X (a)", "b": "Y", "c": "X (c)"}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("page", [entry.path for entry in PAGES])
def test_every_page_runs_with_paging_and_a_shared_name(many_environment, page, language):
    app = run_page(page, language=language)
    assert not app.exception, app.exception
    if page.endswith("overview.py"):  # one column per list, the two of one name told apart by their ids
        columns = list(app.dataframe[0].value.columns)
        assert len(columns) == len(set(columns)) == DOCUMENTS
        assert sum(column.endswith(("(syn00000)", f"(syn{DOCUMENTS - 1:05d})")) for column in columns) == 2


@pytest.fixture(scope="module")
def many_regions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many_regions")
    manifest = make_corpus(DOCUMENTS, folder / "corpus", seed=3)
    same_name_as_the_first(manifest)
    path = folder / "policy.duckdb"
    build(path, manifest, progress=lambda message: None, cache_dir=folder / "cache")
    connection = duckdb.connect(str(path), read_only=True)
    yield path, connection
    connection.close()


@pytest.fixture
def many_environment(many_regions, monkeypatch):
    monkeypatch.setenv("POLICY_DB", str(many_regions[0]))
    monkeypatch.chdir(PROJECT_ROOT)
    return many_regions[1]


def captions(app) -> list[str]:
    return [element.value for element in app.caption]


def test_themes_heatmap_shows_n_of_m_regions(many_environment):
    regions = many_environment.execute("SELECT count(DISTINCT region_id) FROM tasks WHERE kind = 'task'").fetchone()
    app = run_page("views/themes.py", themes_regions_n="10")
    assert not app.exception
    heatmap = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    assert len(heatmap["x"]) == 10
    assert f"显示 {regions[0]} 个地区中的 10 个（按所示内容的多少排序；翻页可查看其余地区）。" in captions(app)
    second = run_page("views/themes.py", themes_regions_n="10", themes_regions_page="2")
    rest = json.loads(second.get("plotly_chart")[0].proto.spec)["data"][0]["x"]
    assert len(rest) == regions[0] - 10 and not set(rest) & set(heatmap["x"])


def test_metrics_table_limits_columns_and_chart_keeps_my_region_and_the_median(many_environment):
    region = many_environment.execute(
        "SELECT region_id FROM benchmark_values WHERE indicator = 'dual_qualified_teacher_share' "
        "ORDER BY region_id DESC LIMIT 1").fetchone()[0]
    every = run_page("views/metrics.py", region=region, metric_chart_regions_n="20")
    few = run_page("views/metrics.py", region=region, metric_chart_regions_n="10", metric_table_regions_n="10")
    assert not every.exception and not few.exception
    table = frame_with_column(few, "指标")
    assert len(table.columns) == 1 + 10  # the indicator and ten regions
    bars = [json.loads(app.get("plotly_chart")[0].proto.spec) for app in (every, few)]
    ticks = [chart["layout"]["xaxis"]["categoryarray"] for chart in bars]
    assert len(ticks[0]) == DOCUMENTS and len(ticks[1]) == 10
    assert any(tick.endswith("（我的地区）") for tick in ticks[1])  # my region stays on the page
    medians = [chart["layout"].get("shapes", []) for chart in bars]
    assert medians[0] == medians[1]  # the median is over every peer, drawn or not
    notes = [[note["text"] for note in chart["layout"]["annotations"] if note["text"].startswith("同类中位数")]
             for chart in bars]
    assert len(notes[0]) == 1 and notes[0] == notes[1]  # value and N


def test_task_explorer_counts_every_task_and_shows_the_first_rows(many_environment):
    total = many_environment.execute("SELECT count(*) FROM tasks").fetchone()[0]
    app = run_page("views/tasks.py")
    assert not app.exception
    assert f"**{total:,}** 条任务" in [element.value for element in app.markdown]
    shown = frame_with_column(app, "task_id")
    assert total > 500 and len(shown) == 500  # the corpus is made larger than one page of rows
    assert f"显示 {total} 行中的前 500 行；下载文件包含全部 {total} 行。" in captions(app)


def test_peer_scorecard_shows_n_peers_and_averages_over_all(many_environment):
    region = many_environment.execute("SELECT min(region_id) FROM tasks").fetchone()[0]
    app = run_page("views/peers.py", region=region, group="all", bench_peers_n="10")
    assert not app.exception
    themes = frame_with_column(app, "主题")
    means = [column for column in themes.columns if column.startswith("同类平均")]
    assert means == [f"同类平均（N={DOCUMENTS - 1}）"]  # the mean is over every peer
    assert len(themes.columns) == 1 + 1 + 10 + 3  # theme, my region, ten peers, mean, difference, status
    assert f"显示 {DOCUMENTS - 1} 个地区中的 10 个（按所示内容的多少排序；翻页可查看其余地区）。" in captions(app)


def test_overview_shows_n_of_m_lists(many_environment):
    app = run_page(overview_regions_n="10")
    assert not app.exception
    side_by_side = app.dataframe[0].value
    assert len(side_by_side.columns) == 10
    assert f"显示 {DOCUMENTS} 个地区中的 10 个（按所示内容的多少排序；翻页可查看其余地区）。" in captions(app)
    assert app.info[0].value.startswith(f"{DOCUMENTS} 份")
