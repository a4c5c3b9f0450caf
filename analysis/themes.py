"""Figures and tables of the Keyword themes page: pure pandas and plotly, no streamlit, so tests can call them.

Inputs are the frames of analysis/queries.py (theme_region_shares, region_keyness_terms, keyword_tasks,
topic_terms); `language` is 'zh' or 'en'; `names` maps region_id to the region's display name.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.briefing import plain
from analysis.i18n import join, text

KWIC_FIELDS = ("title", "content", "local_measures", "local_target")
PARENT_ORDER = ("supply", "environment", "demand")
PARENT_COLOURS = {  # one hue family per instrument type, light to dark within
    "supply": ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
    "environment": ["#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"],
    "demand": ["#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d"],
}
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _label_column(language: str) -> str:
    return "label_en" if language == "en" else "label_zh"


def theme_heatmap(shares: pd.DataFrame, names: dict, language: str, title: str, hover: tuple[str, str]):
    """Themes (rows, most common overall on top) × regions: share of the region's tasks, counts on hover.
    hover = (words for 'tasks', words for 'of')."""
    label = _label_column(language)
    order = (shares.groupby(label)["tasks"].sum() / shares.groupby(label)["region_tasks"].sum()).sort_values()
    present = set(shares["region_id"])
    regions = [region for region in names if region in present]
    cells = shares.set_index([label, "region_id"])[["share", "tasks", "region_tasks"]]
    grid, counts, totals = (cells[column].unstack("region_id").reindex(index=order.index, columns=regions)
                            for column in ("share", "tasks", "region_tasks"))
    codes = shares.drop_duplicates(label).set_index(label)["theme"].reindex(order.index)
    custom = np.dstack([counts.to_numpy(), totals.to_numpy(),  # counts for the hover; codes for a click
                        np.repeat(codes.to_numpy()[:, None], len(regions), axis=1),
                        np.tile(np.array(regions, dtype=object), (len(order), 1))]).astype(object)
    percent = np.char.add(np.rint(grid.to_numpy(dtype=float) * 100).astype(int).astype(str), "%")
    return go.Figure(data=[{
        "type": "heatmap", "z": grid.to_numpy(), "x": [names[region] for region in regions], "y": list(grid.index),
        "customdata": custom, "colorscale": "Blues", "zmin": 0, "text": percent, "texttemplate": "%{text}",
        "hovertemplate": ("%{y} · %{x}<br>%{customdata[0]} " + hover[0] + " " + hover[1] + " %{customdata[1]}"
                          " (%{z:.0%})<extra></extra>"),
        "colorbar": {"tickformat": ".0%"}}],
        layout={"title": title, "height": max(420, 34 * len(grid) + 120), "font": {"family": FONT},
                "margin": {"l": 10, "r": 10, "t": 50, "b": 10}})


def instrument_bars(shares: pd.DataFrame, names: dict, language: str, title: str, axis_title: str,
                    hover_words: tuple[str, str]):
    """Stacked bars per region, each summing to 100%: each instrument's part of all the instrument codes the
    region's tasks carry, grouped and coloured by type (supply, environment, demand). A task can carry several
    instruments, so hover shows the share of tasks as well."""
    label = _label_column(language)
    shares = shares.assign(mix=shares["tasks"] / shares.groupby("region_id")["tasks"].transform("sum"))
    parent_label = "parent_label_en" if language == "en" else "parent_label_zh"
    present = set(shares["region_id"])
    regions = [region for region in names if region in present]
    known = [parent for parent in PARENT_ORDER if parent in set(shares["parent"])]
    parents = known + sorted(set(shares["parent"].dropna()) - set(known))
    cells = shares.set_index(["theme", "region_id"])
    columns = {column: cells[column].unstack("region_id").reindex(columns=regions)
               for column in ("mix", "tasks", "region_tasks", "share")}
    first = shares.drop_duplicates("theme").set_index("theme")
    region_labels = [names[region] for region in regions]
    traces = []
    for parent in parents:
        colours = PARENT_COLOURS.get(parent, ["#bbbbbb", "#888888", "#555555"])
        for index, theme in enumerate(sorted(first.index[first["parent"] == parent])):
            about = first.loc[theme]
            custom = np.stack([columns["tasks"].loc[theme], columns["region_tasks"].loc[theme],
                               columns["share"].loc[theme], np.full(len(regions), theme, dtype=object),
                               np.array(regions, dtype=object)], axis=1).astype(object)
            traces.append({
                "type": "bar", "x": region_labels, "y": columns["mix"].loc[theme].to_numpy(), "name": about[label],
                "legendgroup": parent, "legendgrouptitle": {"text": about[parent_label]},
                "marker": {"color": colours[index % len(colours)]}, "customdata": custom,
                "hovertemplate": (f"{plain(about[parent_label])} · {plain(about[label])}<br>%{{x}}: %{{y:.0%}}<br>"
                                  f"%{{customdata[0]}} {hover_words[0]} {hover_words[1]} %{{customdata[1]}}"
                                  " (%{customdata[2]:.0%})<extra></extra>")})
    return go.Figure(data=traces, layout={
        "barmode": "stack", "title": title, "yaxis": {"tickformat": ".0%", "title": axis_title}, "height": 560,
        "font": {"family": FONT}, "legend": {"groupclick": "toggleitem"},
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10}})


def keyness_scatter(terms: pd.DataFrame, title: str, axis_titles: tuple[str, str], labelled: int = 12,
                    language: str = "zh"):
    """Scattertext-style: frequency in the region (log x) against z; the top and bottom terms labelled."""
    frame = terms[terms["count"] > 0].copy()
    top = frame.nlargest(labelled, "z")
    bottom = frame.nsmallest(min(5, max(len(frame) - labelled, 0)), "z")
    marked = set(top["term"]) | set(bottom["term"])
    # Terms at the same point share one label ('a、b、c') on the first of them, so labels never pile up.
    frame["spot"] = list(zip(frame["count"], frame["z"].round(2), strict=True))
    shared = frame[frame["term"].isin(marked)].groupby("spot", sort=False)["term"].agg(
        lambda terms: join(terms, language))
    first = ~frame.duplicated("spot") & frame["spot"].isin(shared.index)
    frame["text"] = np.where(first, frame["spot"].map(shared).map(plain, na_action="ignore"), "")
    colours = np.where(frame["z"] >= 1.96, "#c0392b", np.where(frame["z"] <= -1.96, "#2c7fb8", "#aaaaaa"))
    ticks = [value for value in (1, 2, 5, 10, 20, 50, 100, 200, 500) if value <= max(frame["count"].max(), 1) * 2]
    thresholds = [{"type": "line", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1, "y0": z, "y1": z,
                   "opacity": 0.5, "line": {"dash": "dot", "color": colour}}
                  for z, colour in ((1.96, "#c0392b"), (-1.96, "#2c7fb8"))]
    return go.Figure(data=[{
        "type": "scatter", "x": frame["count"], "y": frame["z"], "mode": "markers+text", "text": frame["text"],
        "textposition": "top center", "marker": {"color": colours, "size": 7, "opacity": 0.75},
        "textfont": {"size": 13}, "customdata": np.stack([frame["term"].map(plain), frame["count_other"]], axis=1),
        "hovertemplate": (f"%{{customdata[0]}}<br>{text('count', language)}: %{{x}} · "
                          f"{text('count_other', language)}: %{{customdata[1]}}<br>z = %{{y:.2f}}<extra></extra>")}],
        layout={"title": title, "xaxis": {"type": "log", "title": axis_titles[0], "tickvals": ticks},
                "yaxis": {"title": axis_titles[1]}, "height": 520, "font": {"family": FONT},
                "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "shapes": thresholds})


def keyword_in_context(tasks: pd.DataFrame, term: str, width: int = 20) -> pd.DataFrame:
    """Every occurrence of the term (case-insensitive) in the tasks' text fields, with `width` characters of
    context either side: DataFrame(region_id, task_id, kind, field, left, keyword, right, line_start,
    line_end)."""
    columns = ["region_id", "task_id", "kind", "field", "left", "keyword", "right", "line_start", "line_end"]
    if not term:
        return pd.DataFrame(columns=columns)
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    rows = []
    for task in tasks.to_dict("records"):
        for field in KWIC_FIELDS:
            text = task.get(field)
            if not isinstance(text, str):
                continue
            flat = re.sub(r"\s+", " ", text)
            for match in pattern.finditer(flat):
                rows.append((task["region_id"], task["task_id"], task["kind"], field,
                             flat[max(0, match.start() - width):match.start()], match.group(0),
                             flat[match.end():match.end() + width], task["line_start"], task["line_end"]))
    return pd.DataFrame(rows, columns=columns)


def kwic_table(contexts: pd.DataFrame, names: dict, language: str) -> pd.DataFrame:
    """keyword_in_context as people read it: region name, field label, the three context columns and the
    source lines, headers in the reader's language (task_id keeps its column_ header)."""
    shown = contexts.assign(
        region=contexts["region_id"].map(names),
        field=contexts["field"].map(lambda field: text(f"column_{field}", language)),
        source_lines=contexts["line_start"].astype(str) + "–" + contexts["line_end"].astype(str))[
        ["region", "task_id", "field", "left", "keyword", "right", "source_lines"]]
    return shown.rename(columns={column: text(column, language) for column in shown.columns if column != "task_id"})


def topic_table(topics: pd.DataFrame, terms_shown: int = 10, language: str = "zh") -> pd.DataFrame:
    """One row per NMF topic: its top terms in order, as a list in the reader's language."""
    top = topics[topics["rank"] <= terms_shown].sort_values(["topic_id", "rank"])
    return top.groupby("topic_id")["term"].agg(lambda terms: join(terms, language)).reset_index(name="terms")
