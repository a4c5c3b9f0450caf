"""Figures and tables of the instrument × domain grid (table instrument_domains): pure pandas and plotly.

Inputs are the frames of analysis/queries.py (instrument_domain_grid, instrument_domain_cell_by_region,
instrument_domain_cell_tasks); `language` is 'zh' or 'en'; `names` maps region_id to a display name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.themes import FONT, PARENT_ORDER

PARENT_COLOURS = {"supply": "#3182bd", "environment": "#31a354", "demand": "#e6550d"}
LARGEST_SQUARE = 34  # marker size of the fullest cell, in pixels


def labels(grid: pd.DataFrame, language: str) -> pd.DataFrame:
    """The grid with `instrument_label`, `domain_label` and `parent_label` in the reader's language."""
    suffix = "en" if language == "en" else "zh"
    return grid.assign(instrument_label=grid[f"instrument_{suffix}"], domain_label=grid[f"domain_{suffix}"],
                       parent_label=grid[f"parent_label_{suffix}"])


def ordered_instruments(grid: pd.DataFrame) -> list[str]:
    """Instrument keys grouped by type (supply, environment, demand), in codebook order within a type."""
    known = [parent for parent in PARENT_ORDER if parent in set(grid["parent"])]
    parents = known + sorted(set(grid["parent"].dropna()) - set(known))
    order = []
    for parent in parents:
        order.extend(dict.fromkeys(grid.loc[grid["parent"] == parent, "instrument"]))
    return order


def ordered_domains(grid: pd.DataFrame) -> list[str]:
    """Domain keys, the most used across instruments first."""
    totals = grid.groupby("domain")["domain_tasks"].first().sort_values(ascending=False, kind="stable")
    return list(totals.index)


def grid_figure(grid: pd.DataFrame, language: str, title: str, hover_words: tuple[str, str]) -> go.Figure:
    """Squares sized by tasks and coloured by instrument type; each cell's count written on it. A click on a
    square selects (instrument, domain) through customdata. hover_words = (words for 'tasks', 'of')."""
    grid = labels(grid, language)
    instruments, domains = ordered_instruments(grid), ordered_domains(grid)
    shown = grid[grid["tasks"] > 0]
    largest = max(int(grid["tasks"].max()), 1)
    instrument_names = grid.drop_duplicates("instrument").set_index("instrument")["instrument_label"]
    domain_names = grid.drop_duplicates("domain").set_index("domain")["domain_label"]
    traces = [{
        "type": "scatter", "x": rows["domain_label"], "y": rows["instrument_label"], "mode": "markers+text",
        "name": rows["parent_label"].iloc[0], "text": rows["tasks"].astype(str),
        "textfont": {"size": 11, "color": "#222"},
        "marker": {"symbol": "square", "color": PARENT_COLOURS.get(parent, "#888"), "opacity": 0.55,
                   "size": 8 + (LARGEST_SQUARE - 8) * np.sqrt(rows["tasks"] / largest)},
        "customdata": np.stack([rows["instrument"], rows["domain"], rows["region_tasks"], rows["share"]], axis=1),
        "hovertemplate": ("%{y} × %{x}<br>%{text} " + hover_words[0] + " " + hover_words[1]
                          + " %{customdata[2]} (%{customdata[3]:.0%})<extra></extra>")}
        for parent, rows in shown.groupby("parent", sort=False)]
    return go.Figure(data=traces, layout={
        "title": title, "height": max(460, 34 * len(instruments) + 220), "font": {"family": FONT},
        "xaxis": {"categoryorder": "array", "categoryarray": [domain_names[key] for key in domains],
                  "tickangle": -40},
        "yaxis": {"categoryorder": "array",
                  "categoryarray": [instrument_names[key] for key in reversed(instruments)]},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom"}, "margin": {"l": 10, "r": 10, "t": 80, "b": 10}})


def grid_table(grid: pd.DataFrame, language: str, type_header: str, instrument_header: str) -> pd.DataFrame:
    """The grid as people read it in a paper: one row per instrument (with its type), one column per domain,
    task counts in the cells."""
    grid = labels(grid, language)
    instruments, domains = ordered_instruments(grid), ordered_domains(grid)
    counts = grid.groupby(["instrument", "domain"])["tasks"].sum().unstack("domain")
    counts = counts.reindex(index=instruments, columns=domains).astype(int)
    first = grid.drop_duplicates("instrument").set_index("instrument")
    domain_labels = grid.drop_duplicates("domain").set_index("domain")["domain_label"]
    counts.columns = [domain_labels[key] for key in domains]
    counts.insert(0, instrument_header, first.loc[instruments, "instrument_label"].to_numpy())
    counts.insert(0, type_header, first.loc[instruments, "parent_label"].to_numpy())
    return counts.reset_index(drop=True)


def cell_by_region_table(cell: pd.DataFrame, names: dict, corpus_name: str) -> pd.DataFrame:
    """One cell in every region and the corpus: region, tasks, N and share."""
    return pd.DataFrame({
        "region": [corpus_name if pd.isna(region) else names.get(region, region) for region in cell["region_id"]],
        "tasks": cell["tasks"], "region_tasks": cell["region_tasks"], "share": cell["share"].round(3)})


def cell_tasks_table(tasks: pd.DataFrame, names: dict) -> pd.DataFrame:
    """The tasks behind a cell, with both codes' evidence terms and the source lines."""
    return pd.DataFrame({
        "region": tasks["region_id"].map(names), "task_id": tasks["task_id"], "title": tasks["title"],
        "content": tasks["content"], "instrument_evidence": tasks["instrument_evidence"],
        "domain_evidence": tasks["domain_evidence"],
        "source_lines": tasks["line_start"].astype(str) + "–" + tasks["line_end"].astype(str)})
