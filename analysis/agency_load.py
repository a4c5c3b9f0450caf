"""Figures and card texts of the Agency load page, built from query DataFrames (no streamlit here).

Roles are never summed across levels: the bar builder stacks only the roles of the frame it is given, and the
page hands it government roles (lead, support) and Jinzhou's college offices (implementer) separately.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from analysis.labels import label
from etl.derive.agency_load import is_missing, plain_language_readings

ROLE_ORDER = ("lead", "support", "responsible", "implementer")
ROLE_COLOURS = {"lead": "#1f5fa8", "support": "#f0a035", "responsible": "#7a6fb0", "implementer": "#3a9a5b"}
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
    figure = go.Figure()
    for role in roles:
        rows = wide[wide[role] > 0]
        share = [shares.get((agency_id, role), 0.0) for agency_id in rows["agency_id"]]
        figure.add_trace(go.Bar(
            y=rows["name"].tolist(), x=rows[role].astype(int).tolist(), orientation="h", name=role_names[role],
            marker_color=ROLE_COLOURS[role], customdata=list(zip(rows["agency_id"], share, strict=True)),
            text=rows[role].astype(int).tolist(), textposition="inside", insidetextanchor="middle", textangle=0, showlegend=True,
            hovertemplate="%{y}<br>" + role_names[role] + ": %{x} (%{customdata[1]:.0%})<extra></extra>"))
    figure.update_layout(
        title=title, barmode="stack", height=110 + 26 * max(len(wide), 3), font_family=FONT,
        margin={"l": 10, "r": 10, "t": 70, "b": 40},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom", "traceorder": "normal"},
        xaxis_title=count_label, clickmode="event+select", dragmode=False)
    figure.update_yaxes(categoryorder="array", categoryarray=list(wide["name"])[::-1], automargin=True,
                        title=None)
    return figure


def function_heatmap(frame: pd.DataFrame, region_names: Mapping[str, str], function_name: Callable[[str], str],
                     title: str) -> go.Figure:
    """Function x region heatmap of task shares (one role): cell = share of the region's tasks naming at
    least one agency of that function in that role, with the task count in the cell text.

    `frame`: rows of analysis.queries.function_share_matrix (region_id, function, task_count, task_share).
    Regions without any row are left out (the page says so); a function a region never names is 0.
    """
    regions = [region for region in region_names if region in set(frame["region_id"])]
    shares = frame.pivot_table(index="function", columns="region_id", values="task_share", fill_value=0.0)
    counts = frame.pivot_table(index="function", columns="region_id", values="task_count", fill_value=0)
    order = shares.max(axis=1).sort_values(ascending=False, kind="mergesort").index
    shares, counts = shares.loc[order, regions], counts.loc[order, regions]
    text = [[f"{count:.0f}（{share:.0%}）" if count else "" for count, share in zip(count_row, share_row,
                                                                                strict=True)]
            for count_row, share_row in zip(counts.to_numpy(), shares.to_numpy(), strict=True)]
    figure = go.Figure(go.Heatmap(
        z=shares.to_numpy(), x=[region_names[region] for region in regions],
        y=[function_name(function) for function in order], text=text, texttemplate="%{text}",
        zmin=0, zmax=1, colorscale="Blues", colorbar={"tickformat": ".0%", "title": ""},
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", xgap=2, ygap=2))
    figure.update_layout(title={"text": title, "y": 0.99, "yanchor": "top"}, height=150 + 30 * len(order),
                         font_family=FONT, margin={"l": 10, "r": 10, "t": 100, "b": 20})
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(side="top")
    return figure


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
    figure = go.Figure()
    edges = edges[edges["agency_id_a"].isin(where.index) & edges["agency_id_b"].isin(where.index)]
    widest = max(int(edges["shared_tasks"].max()), 1) if len(edges) else 1
    for shared, group in edges.groupby("shared_tasks", sort=True):
        xs, ys = [], []
        for row in group.itertuples():
            xs += [where.at[row.agency_id_a, "x"], where.at[row.agency_id_b, "x"], None]
            ys += [where.at[row.agency_id_a, "y"], where.at[row.agency_id_b, "y"], None]
        figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                    line={"width": 0.6 + 7 * shared / widest, "color": "rgba(90,90,110,0.35)"}))
    if len(edges):
        middle_x = (edges["agency_id_a"].map(where["x"]) + edges["agency_id_b"].map(where["x"])) / 2
        middle_y = (edges["agency_id_a"].map(where["y"]) + edges["agency_id_b"].map(where["y"])) / 2
        figure.add_trace(go.Scatter(
            x=middle_x, y=middle_y, mode="markers", marker={"size": 8, "opacity": 0}, showlegend=False,
            text=edges["name_a"] + " — " + edges["name_b"] + f"<br>{hover_words['shared']}: "
            + edges["shared_tasks"].astype(str), hovertemplate="%{text}<extra></extra>"))
    largest = max(int(placed["tasks"].max()), 1) if len(placed) else 1
    functions = list(dict.fromkeys(placed["function"]))
    for position, function in enumerate(functions):
        group = placed[placed["function"] == function]
        figure.add_trace(go.Scatter(
            x=group["x"], y=group["y"], mode="markers+text", name=function_name(function),
            text=[short(name) for name in group["name"]],
            textposition=[text_position(x, y) for x, y in zip(group["x"], group["y"], strict=True)],
            customdata=np.column_stack([group["name"], group["tasks"]]),
            marker={"size": 10 + 34 * np.sqrt(group["tasks"] / largest), "color": PALETTE[position % len(PALETTE)],
                    "line": {"width": 1, "color": "white"}},
            hovertemplate="%{customdata[0]}<br>" + hover_words["tasks"] + ": %{customdata[1]}<extra></extra>"))
    axis = {"visible": False, "range": [-1.9, 1.9], "fixedrange": True}
    figure.update_layout(title=title, height=640, font_family=FONT, xaxis=axis,
                         yaxis={**axis, "range": [-1.25, 1.25], "scaleanchor": "x"},
                         margin={"l": 10, "r": 10, "t": 60, "b": 10}, legend={"title": ""}, dragmode=False,
                         plot_bgcolor="white")
    return figure


def number(value: Any, pattern: str) -> str:
    return "—" if is_missing(value) else format(float(value), pattern)


def concentration_cards(row: Mapping[str, Any], agencies: pd.DataFrame, language: str) -> list[dict[str, str]]:
    """The region's concentration figures as metric cards: [{label, value, reading}], reading in `language`.

    `row`: a region_responsibility row; `agencies`: agency_id and name (for the busiest lead agency).
    The readings of the five lead figures are etl.derive.agency_load.plain_language_readings; agencies per task
    gets its own sentence.
    """
    pick = 1 if language == "en" else 0
    readings = {figure: pair[pick] for figure, pair in plain_language_readings(row, agencies).items()}
    per_task = label("load_agencies_per_task_reading", language).format(
        mean=number(row.get("agencies_per_task_mean"), ".2f"), max=row.get("agencies_per_task_max"))
    if not is_missing(row.get("implementers_per_task_mean")):
        per_task += label("load_implementers_reading", language).format(
            mean=number(row["implementers_per_task_mean"], ".2f"))
    return [
        {"label": label("load_top_share", language), "value": number(row.get("lead_top_share"), ".0%"),
         "reading": readings["lead_top_share"]},
        {"label": label("load_hhi", language), "value": number(row.get("lead_herfindahl"), ".2f"),
         "reading": readings["lead_herfindahl"]},
        {"label": label("load_gini", language), "value": number(row.get("lead_gini"), ".2f"),
         "reading": readings["lead_gini"]},
        {"label": label("load_single_lead", language), "value": number(row.get("single_lead_share"), ".0%"),
         "reading": readings["single_lead_share"]},
        {"label": label("load_lead_support", language), "value": number(row.get("lead_support_ratio"), ".2f"),
         "reading": readings["lead_support_ratio"]},
        {"label": label("load_agencies_per_task", language),
         "value": number(row.get("agencies_per_task_mean"), ".2f"), "reading": per_task},
    ]
