# %% [markdown]
# # Querying the policy database from a notebook
#
# One chart of each dashboard page, rebuilt from the tables alone (docs/schema.md) with DuckDB, pandas and
# plotly: nothing here imports the dashboard. Run it as a script,
#
#     python docs/research_notebook.py --db data/policy.duckdb --out notebook_output
#     python docs/research_notebook.py --parquet PARQUET_DIR --out notebook_output
#
# or open it in Jupyter / VS Code (the `# %%` lines are cells). Each section writes its chart as HTML and the
# numbers behind it as CSV into --out. With --parquet, every table of the folder becomes a view of the same name,
# so the same SQL runs on either source: the export of `python -m etl --parquet DIR` (a folder per table,
# partitioned by region: docs/parquet.md) or plain `<table>.parquet` files.

# %%
from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import pandas as pd
import plotly.express as px


def connect(db: str | None = None, parquet: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database file, or an in-memory one whose views are the Parquet files."""
    if parquet:
        connection = duckdb.connect()
        for path in sorted(Path(parquet).glob("*.parquet")):
            connection.execute(f"CREATE VIEW \"{path.stem}\" AS SELECT * FROM read_parquet('{path.as_posix()}')")
        for folder in sorted(path for path in Path(parquet).iterdir() if path.is_dir()):
            connection.execute(f"CREATE VIEW \"{folder.name}\" AS SELECT * FROM read_parquet("
                               f"'{folder.as_posix()}/**/*.parquet', hive_partitioning = true)")
        return connection
    return duckdb.connect(db or "data/policy.duckdb", read_only=True)


def save(frame: pd.DataFrame, figure, out: Path, name: str) -> pd.DataFrame:
    """Write the chart (HTML, plotly bundled in) and its numbers (CSV, UTF-8 with BOM for Excel)."""
    out.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
    figure.write_html(out / f"{name}.html", include_plotlyjs=True)
    return frame


# %% [markdown]
# ## Overview: tasks and safeguard items per list

# %%
def overview(connection, out: Path) -> pd.DataFrame:
    frame = connection.execute("""
        SELECT d.region_en AS region, count(*) FILTER (WHERE t.kind = 'task') AS tasks,
               count(*) FILTER (WHERE t.kind = 'safeguard') AS safeguards
        FROM documents d JOIN tasks t USING (doc_id) GROUP BY d.region_en ORDER BY d.region_en
    """).df()
    figure = px.bar(frame, x="region", y=["tasks", "safeguards"], title="Tasks per list")
    return save(frame, figure, out, "overview_tasks")


# %% [markdown]
# ## Task explorer: tasks with a stated deadline, by year

# %%
def deadlines(connection, out: Path) -> pd.DataFrame:
    frame = connection.execute("""
        SELECT region_id, deadline_year, count(*) AS tasks FROM tasks
        WHERE kind = 'task' AND deadline_year IS NOT NULL GROUP BY ALL ORDER BY deadline_year, region_id
    """).df()
    figure = px.bar(frame, x="deadline_year", y="tasks", color="region_id", barmode="group",
                    title="Tasks by deadline year (tasks without a deadline left out)")
    return save(frame, figure, out, "tasks_deadlines")


# %% [markdown]
# ## Target metrics: the dual-qualified (双师型) teacher target, the list's own commitments only
# `scope = 'local'` keeps a list's own targets; `parent` would be a higher level's target it restates.

# %%
def dual_qualified_teachers(connection, out: Path) -> pd.DataFrame:
    frame = connection.execute("""
        SELECT region_id, max(value) AS target_percent, count(*) AS numbers, string_agg(raw_text, ' | ') AS clauses
        FROM metrics WHERE indicator = 'dual_qualified_teacher_share' AND scope = 'local' AND unit = '%'
        GROUP BY region_id ORDER BY region_id
    """).df()
    figure = px.bar(frame, x="region_id", y="target_percent", text="numbers",
                    title="双师型 share of professional teachers: target (%), N numbers on the bars")
    return save(frame, figure, out, "metrics_dual_qualified")


# %% [markdown]
# ## Agency load: the ten lead agencies of one region with the largest share of its tasks

# %%
def lead_agencies(connection, out: Path, region_id: str = "zhongwei") -> pd.DataFrame:
    frame = connection.execute("""
        SELECT a.name, l.task_count, l.task_share FROM agency_load l JOIN agencies a USING (agency_id)
        WHERE l.region_id = ? AND l.role = 'lead' ORDER BY l.task_count DESC, a.name LIMIT 10
    """, [region_id]).df()
    figure = px.bar(frame, x="task_share", y="name", orientation="h", title=f"{region_id}: lead agencies")
    return save(frame, figure, out, "agency_load_leads")


# %% [markdown]
# ## Keyword themes: share of each region's tasks coded with each theme

# %%
def theme_shares(connection, out: Path) -> pd.DataFrame:
    frame = connection.execute("""
        WITH n AS (SELECT region_id, count(*) AS region_tasks FROM tasks WHERE kind = 'task' GROUP BY region_id)
        SELECT t.region_id, th.label_en AS theme, count(DISTINCT tt.task_id) AS tasks, any_value(n.region_tasks)
               AS region_tasks, count(DISTINCT tt.task_id) / any_value(n.region_tasks) AS share
        FROM task_themes tt JOIN tasks t USING (task_id) JOIN n USING (region_id)
        JOIN themes th ON th.scheme = tt.scheme AND th.theme = tt.theme
        WHERE tt.scheme = 'vet_theme' AND t.kind = 'task' GROUP BY ALL ORDER BY theme, region_id
    """).df()
    grid = frame.pivot_table(index="theme", columns="region_id", values="share", fill_value=0)
    figure = px.imshow(grid, text_auto=".0%", color_continuous_scale="Blues", aspect="auto",
                       title="Share of each region's tasks coded with a theme")
    return save(frame, figure, out, "themes_shares")


# %% [markdown]
# ## Instruments & co-occurrence: the instrument × domain grid of the corpus (region_id NULL)

# %%
def instrument_grid(connection, out: Path) -> pd.DataFrame:
    frame = connection.execute("""
        SELECT g.parent, i.label_en AS instrument, d.label_en AS domain, g.tasks, g.region_tasks
        FROM instrument_domains g
        JOIN themes i ON i.scheme = 'policy_instrument' AND i.theme = g.instrument
        JOIN themes d ON d.scheme = 'vet_theme' AND d.theme = g.domain
        WHERE g.region_id IS NULL ORDER BY g.parent, instrument, domain
    """).df()
    grid = frame.pivot_table(index=["parent", "instrument"], columns="domain", values="tasks")
    grid.index = [f"{parent} · {instrument}" for parent, instrument in grid.index]
    figure = px.imshow(grid, text_auto=True, color_continuous_scale="Greens", aspect="auto",
                       title=f"Instrument × domain, all lists (N = {int(frame['region_tasks'].max())} tasks)")
    return save(frame, figure, out, "instruments_grid")


# %% [markdown]
# ## Peer benchmark: how close each task's best counterpart in another region is (TF-IDF similarity)

# %%
def counterpart_scores(connection, out: Path) -> pd.DataFrame:
    frame = connection.execute("""
        SELECT t.region_id, m.match_region_id, m.score, m.above_threshold
        FROM task_matches m JOIN tasks t USING (task_id) WHERE m.rank = 1
        ORDER BY t.region_id, m.match_region_id, m.task_id
    """).df()
    figure = px.histogram(frame, x="score", color="above_threshold", facet_col="region_id", nbins=20,
                          title="Best counterpart per task and other region")
    return save(frame, figure, out, "peers_counterparts")


# %% [markdown]
# ## How far the automatic codes can be trusted (themes page): Cohen's κ per code

# %%
def coding_reliability(connection, out: Path) -> pd.DataFrame:
    frame = connection.execute("""
        SELECT scheme, code, hand_tasks, kappa, kappa_low, kappa_high, precision, recall
        FROM coding_agreement WHERE sample = 'all' AND code <> 'all' ORDER BY scheme, kappa
    """).df()
    figure = px.scatter(frame, x="kappa", y="code", facet_col="scheme", error_x=frame["kappa_high"] - frame["kappa"],
                        error_x_minus=frame["kappa"] - frame["kappa_low"], title="Cohen's κ with 95% interval")
    return save(frame, figure, out, "themes_reliability")


# %%
SECTIONS = (overview, deadlines, dual_qualified_teachers, lead_agencies, theme_shares, instrument_grid,
            counterpart_scores, coding_reliability)


def main(arguments=None) -> dict[str, pd.DataFrame]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="the DuckDB file (default data/policy.duckdb)")
    parser.add_argument("--parquet", help="a folder of <table>.parquet files instead of the DuckDB file")
    parser.add_argument("--out", default="notebook_output", help="folder for the charts (HTML) and numbers (CSV)")
    options = parser.parse_args(arguments)
    connection = connect(options.db, options.parquet)
    results = {section.__name__: section(connection, Path(options.out)) for section in SECTIONS}
    for name, frame in results.items():
        print(f"{name}: {len(frame)} rows")
    return results


if __name__ == "__main__":
    main()
