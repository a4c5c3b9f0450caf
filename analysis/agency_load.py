"""Figures and card texts of the Agency load page, built from query DataFrames (no streamlit here).

Roles are never summed across levels: the bar builder stacks only the roles of the frame it is given, and the
page hands it government roles (lead, support, responsible) and a college's own offices (implementer)
separately. Roles are shown as written: a unit the list names without saying who leads is "named
responsible", never "leads" (the lead figures of such a list are undefined and say why).
The ETL stores the figures (region_responsibility); the sentences reading them are made here, from the
catalogue's templates (locales/*.yaml, load_reading_*).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from analysis.briefing import plain
from analysis.i18n import format_decimal, format_number, format_percent, is_missing, text
from etl.concentration import hhi_band

ROLE_ORDER = ("lead", "support", "responsible", "implementer")
ROLE_COLOURS = {"lead": "#1f5fa8", "support": "#f0a035", "responsible": "#8e6bb8", "implementer": "#3a9a5b"}
GOVERNMENT_ROLES = ("lead", "support", "responsible")
PALETTE = qualitative.Dark24  # 24 distinct colours: more than the functions one region names
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def short(name: str, limit: int = 9) -> str:
    """A long agency name cut for a chart label; the full name stays in the hover text."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def load_bars(frame: pd.DataFrame, title: str, role_names: Mapping[str, str], count_label: str) -> go.Figure:
    """Ranked horizontal bars of agencies by task count, one stacked segment per role present in `frame`.

    `frame`: rows of analysis.queries.agency_load_rows (agency_id, name, role, task_count, task_share).
    Busiest agency on top; ties by name. Each bar carries its agency_id as customdata, so a click selects it.
    """
    wide = frame.pivot_table(index=["agency_id", "name"], columns="role", values="task_count", aggfunc="sum",
                             fill_value=0)
    roles = [role for role in ROLE_ORDER if role in wide.columns]
    wide = wide.assign(total=wide[roles].sum(axis=1)).reset_index()
    wide = wide.sort_values(["total", *roles, "name"], ascending=[False] * (1 + len(roles)) + [True])
    shares = frame.set_index(["agency_id", "role"])["task_share"]
    traces = []
    for role in roles:
        rows = wide[wide[role] > 0]
        share = [shares.get((agency_id, role), 0.0) for agency_id in rows["agency_id"]]
        counts = rows[role].astype(int).tolist()
        traces.append({
            "type": "bar", "y": rows["name"].tolist(), "x": counts, "orientation": "h", "name": role_names[role],
            "marker": {"color": ROLE_COLOURS[role]}, "customdata": list(zip(rows["agency_id"], share, strict=True)),
            "text": counts, "textposition": "inside", "insidetextanchor": "middle", "textangle": 0,
            "showlegend": True,
            "hovertemplate": "%{y}<br>" + role_names[role] + ": %{x} (%{customdata[1]:.0%})<extra></extra>"})
    return go.Figure(data=traces, layout={
        "title": title, "barmode": "stack", "height": 110 + 26 * max(len(wide), 3), "font": {"family": FONT},
        "margin": {"l": 10, "r": 10, "t": 70, "b": 40},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom",
                   "traceorder": "normal"},
        "xaxis": {"title": {"text": count_label}}, "clickmode": "event+select", "dragmode": False,
        "yaxis": {"categoryorder": "array", "categoryarray": list(wide["name"])[::-1], "automargin": True,
                  "title": None}})


def function_heatmap(frame: pd.DataFrame, region_names: Mapping[str, str], function_name: Callable[[str], str],
                     title: str, language: str = "zh") -> go.Figure:
    """Function x region heatmap of task shares (one role): cell = share of the region's tasks naming at
    least one agency of that function in that role, with the task count in the cell text.

    `frame`: rows of analysis.queries.function_share_matrix (region_id, function, task_count, task_share).
    Regions without any row are left out (the page says so); a function a region never names is 0.
    """
    present = set(frame["region_id"])
    regions = [region for region in region_names if region in present]
    shares = frame.pivot_table(index="function", columns="region_id", values="task_share", fill_value=0.0)
    counts = frame.pivot_table(index="function", columns="region_id", values="task_count", fill_value=0)
    order = shares.max(axis=1).sort_values(ascending=False, kind="mergesort").index
    shares, counts = shares.loc[order, regions], counts.loc[order, regions]
    cells = [[cell_text(count, share, language) for count, share in zip(count_row, share_row, strict=True)]
            for count_row, share_row in zip(counts.to_numpy(), shares.to_numpy(), strict=True)]
    codes = np.dstack(np.meshgrid(regions, list(order))[::-1])  # (function, region) of each cell, for clicks
    return go.Figure(data=[{
        "type": "heatmap", "z": shares.to_numpy(), "x": [region_names[region] for region in regions],
        "customdata": codes, "y": [function_name(function) for function in order], "text": cells,
        "texttemplate": "%{text}", "zmin": 0, "zmax": 1, "colorscale": "Blues",
        "colorbar": {"tickformat": ".0%", "title": {"text": ""}}, "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
        "xgap": 2, "ygap": 2}],
        layout={"title": {"text": title, "y": 0.99, "yanchor": "top"}, "height": 150 + 30 * len(order),
                "font": {"family": FONT}, "margin": {"l": 10, "r": 10, "t": 100, "b": 20},
                "yaxis": {"autorange": "reversed", "automargin": True}, "xaxis": {"side": "top"}})


def cell_text(count: float, share: float, language: str) -> str:
    """A heatmap cell: tasks and their share of the region's tasks, '2（50%）'; '' where there are none."""
    if not count:
        return ""
    return text("load_heatmap_cell", language, count=format_number(count, language),
                share=format_percent(share, language))


def circle_layout(nodes: pd.DataFrame) -> pd.DataFrame:
    """Nodes on a circle, clockwise from the top, grouped by function (busiest function first), then by
    tasks (descending) and name: the same input always gives the same picture."""
    function_weight = nodes.groupby("function")["tasks"].sum()
    ordered = nodes.assign(weight=nodes["function"].map(function_weight))
    ordered = ordered.sort_values(["weight", "function", "tasks", "name"], ascending=[False, True, False, True],
                                  kind="mergesort").reset_index(drop=True)
    angle = math.pi / 2 - 2 * math.pi * np.arange(len(ordered)) / max(len(ordered), 1)
    return ordered.assign(angle=angle, x=np.cos(angle), y=np.sin(angle)).drop(columns="weight")


def text_position(x: float, y: float) -> str:
    if abs(x) < 0.1:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x > 0 else "middle left"


def co_assignment_network(nodes: pd.DataFrame, edges: pd.DataFrame, function_name: Callable[[str], str],
                          title: str, hover_words: Mapping[str, str]) -> go.Figure:
    """Co-assignment network: node size = tasks naming the agency, edge width = tasks naming both.

    `nodes`: agency_id, name, function, tasks; `edges`: agency_id_a, agency_id_b, name_a, name_b,
    shared_tasks. hover_words supplies the words 'tasks' and 'shared'.
    """
    placed = circle_layout(nodes)
    where = placed.set_index("agency_id")[["x", "y"]]
    edges = edges[edges["agency_id_a"].isin(where.index) & edges["agency_id_b"].isin(where.index)]
    widest = max(int(edges["shared_tasks"].max()), 1) if len(edges) else 1
    first, second = (where.reindex(edges[column]).to_numpy() for column in ("agency_id_a", "agency_id_b"))
    breaks = np.full(len(edges), None, dtype=object)
    traces = []
    for shared in sorted(edges["shared_tasks"].unique()):  # one trace per width: each edge a line segment
        chosen = (edges["shared_tasks"] == shared).to_numpy()
        xs, ys = (np.column_stack([first[chosen, axis], second[chosen, axis], breaks[chosen]]).ravel().tolist()
                  for axis in (0, 1))
        traces.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip",
                       "showlegend": False,
                       "line": {"width": 0.6 + 7 * shared / widest, "color": "rgba(90,90,110,0.35)"}})
    if len(edges):
        traces.append({
            "type": "scatter", "x": (first[:, 0] + second[:, 0]) / 2, "y": (first[:, 1] + second[:, 1]) / 2,
            "mode": "markers", "marker": {"size": 8, "opacity": 0}, "showlegend": False,
            "text": edges["name_a"].map(plain) + " — " + edges["name_b"].map(plain) + f"<br>{hover_words['shared']}: "
            + edges["shared_tasks"].astype(str), "hovertemplate": "%{text}<extra></extra>"})
    largest = max(int(placed["tasks"].max()), 1) if len(placed) else 1
    for position, function in enumerate(dict.fromkeys(placed["function"])):
        group = placed[placed["function"] == function]
        traces.append({
            "type": "scatter", "x": group["x"], "y": group["y"], "mode": "markers+text",
            "name": function_name(function), "text": [plain(short(name)) for name in group["name"]],
            "textposition": [text_position(x, y) for x, y in zip(group["x"], group["y"], strict=True)],
            "customdata": np.column_stack([[plain(name) for name in group["name"]], group["tasks"]]),
            "marker": {"size": 10 + 34 * np.sqrt(group["tasks"] / largest), "color": PALETTE[position % len(PALETTE)],
                       "line": {"width": 1, "color": "white"}},
            "hovertemplate": "%{customdata[0]}<br>" + hover_words["tasks"] + ": %{customdata[1]}<extra></extra>"})
    axis = {"visible": False, "range": [-1.9, 1.9], "fixedrange": True}
    return go.Figure(data=traces, layout={
        "title": title, "height": 640, "font": {"family": FONT}, "xaxis": axis,
        "yaxis": {**axis, "range": [-1.25, 1.25], "scaleanchor": "x"}, "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"title": ""}, "dragmode": False, "plot_bgcolor": "white"})


# --- Concentration cards and their plain-language readings ---------------------------------------------------

def agency_name(agency_id: Any, agencies: pd.DataFrame | None) -> str | None:
    """Canonical name of an agency, falling back to the part of its id after 'region:'."""
    if is_missing(agency_id):
        return None
    if agencies is not None:
        names = agencies.loc[agencies["agency_id"] == agency_id, "name"]
        if not names.empty and not is_missing(names.iloc[0]):
            return str(names.iloc[0])
    return str(agency_id).split(":", 1)[-1]


def plain_language_readings(region_row: Mapping[str, Any], agencies: pd.DataFrame | None = None,
                            language: str = "zh") -> dict[str, str]:
    """One sentence per figure of a region_responsibility row, in `language`: {figure: sentence}.

    Figures: lead_top_share, lead_herfindahl, lead_gini, single_lead_share, lead_support_ratio. `agencies`
    supplies the busiest lead agency's name; without it the name is taken from the id (`region:name`).
    A figure that is NA gets a sentence saying why it is undefined rather than a misleading number.
    """
    name = agency_name(region_row.get("lead_top_agency_id"), agencies)
    return {
        "lead_top_share": read_lead_top_share(region_row.get("lead_top_share"), name, language),
        "lead_herfindahl": read_herfindahl(region_row.get("lead_herfindahl"), language),
        "lead_gini": read_gini(region_row.get("lead_gini"), region_row.get("distinct_lead_agencies"), language),
        "single_lead_share": read_single_lead_share(region_row.get("single_lead_share"), language,
                                                    not names_only_responsible(region_row)),
        "lead_support_ratio": read_lead_support_ratio(region_row, language),
    }


def names_only_responsible(region_row: Mapping[str, Any]) -> bool:
    """The list names responsible units and never says which of them leads."""
    responsible = region_row.get("responsible_links")
    lead = region_row.get("lead_links")
    return not is_missing(responsible) and int(responsible) > 0 and (is_missing(lead) or int(lead) == 0)


def read_lead_top_share(share: Any, name: str | None, language: str) -> str:
    """'X leads N% of the tasks' for the busiest lead agency."""
    if name is None or is_missing(share):
        return text("load_reading_top_share_none", language)
    return text("load_reading_top_share", language, name=name, share=format_percent(share, language))


def read_herfindahl(value: Any, language: str) -> str:
    """HHI with its DoJ/FTC 2010 band and the equivalent number of equally busy lead agencies."""
    if is_missing(value):
        return text("load_reading_hhi_none", language)
    return text("load_reading_hhi", language, value=format_decimal(value, language),
                band=text(f"hhi_band_{hhi_band(value)}", language),
                equivalent=format_decimal(1 / float(value), language, decimals=1))


def read_gini(value: Any, lead_agencies: Any, language: str) -> str:
    """Gini of lead load, with the number of agencies it is computed over."""
    if is_missing(value):
        return text("load_reading_gini_none", language)
    count = 0 if is_missing(lead_agencies) else int(lead_agencies)
    if count == 1:
        return text("load_reading_gini_single", language)
    return text("load_reading_gini", language, count=count, value=format_decimal(value, language))


def read_single_lead_share(value: Any, language: str, lead_named: bool = True) -> str:
    """Share of tasks with exactly one lead agency: a single clearly accountable unit."""
    if is_missing(value):
        return text("load_reading_single_lead_none" if lead_named else "load_reading_no_lead_named", language)
    return text("load_reading_single_lead", language, share=format_percent(value, language))


def read_lead_support_ratio(region_row: Mapping[str, Any], language: str) -> str:
    """Lead links per support link; undefined when the document names no supporting agency."""
    ratio = region_row.get("lead_support_ratio")
    if is_missing(ratio):
        return text("load_reading_lead_support_none", language)
    lead_links, support_links = region_row.get("lead_links"), region_row.get("support_links")
    counts = "" if is_missing(lead_links) else text("load_reading_link_counts", language, lead=int(lead_links),
                                                    support=int(support_links))
    return text("load_reading_lead_support", language, ratio=format_decimal(ratio, language), counts=counts)


# (card label key, region_responsibility figure, shown as a percentage?) of the five lead figures
LEAD_CARDS = (("load_top_share", "lead_top_share", True), ("load_hhi", "lead_herfindahl", False),
              ("load_gini", "lead_gini", False), ("load_single_lead", "single_lead_share", True),
              ("load_lead_support", "lead_support_ratio", False))


def figure_text(value: Any, as_percent: bool, language: str) -> str:
    return format_percent(value, language) if as_percent else format_decimal(value, language)


def concentration_cards(row: Mapping[str, Any], agencies: pd.DataFrame, language: str) -> list[dict[str, str]]:
    """The region's concentration figures as metric cards: [{label, value, reading}], reading in `language`.

    `row`: a region_responsibility row; `agencies`: agency_id and name (for the busiest lead agency).
    The five lead figures are read by plain_language_readings; agencies per task gets its own sentence.
    """
    readings = plain_language_readings(row, agencies, language)
    cards = [{"label": text(label_key, language), "value": figure_text(row.get(figure), as_percent, language),
              "reading": readings[figure]} for label_key, figure, as_percent in LEAD_CARDS]
    if names_only_responsible(row):  # no lead is named: the busiest card is about who is named, said so
        name = agency_name(row.get("responsible_top_agency_id"), agencies)
        share = row.get("responsible_top_share")
        cards[0] = {"label": text("load_top_named_share", language), "value": format_percent(share, language),
                    "reading": text("load_reading_top_named", language, name=name,
                                    share=format_percent(share, language))}
    mean = format_decimal(row.get("agencies_per_task_mean"), language)
    key = "load_agencies_per_task_named" if names_only_responsible(row) else "load_agencies_per_task_reading"
    per_task = text(key, language, mean=mean, max=row.get("agencies_per_task_max"), n=row.get("task_count"))
    if not is_missing(row.get("implementers_per_task_mean")):
        per_task += text("load_implementers_reading", language, n=row.get("implementer_tasks"),
                         mean=format_decimal(row["implementers_per_task_mean"], language))
    return [*cards, {"label": text("load_agencies_per_task", language), "value": mean, "reading": per_task}]
