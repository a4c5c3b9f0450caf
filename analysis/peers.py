"""Peer benchmark (issue 6): one region against the others, from the query frames of analysis/queries.py.

Pure pandas (and plotly for the two scorecard figures); knows nothing of Streamlit.

- theme scorecard: per theme of a scheme, the share of each region's tasks coded with it;
- indicator scorecard: per comparable indicator, each region's committed value (local scope first; a value
  that only appears in a restated higher-level task is kept but marked 'parent');
- gaps: themes and indicators the peers address and the chosen region does not;
- only mine: themes and indicators only the chosen region addresses;
- matched pairs: the chosen region's tasks with their best counterpart in one peer and what differs.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import format_date, join, label_of, unit_word
from analysis.i18n import text as label

MY_COLOUR = "#d62728"
PEER_COLOURS = ["#1f77b4", "#7f7f7f", "#2ca02c", "#9467bd"]


def _label_column(language: str) -> str:
    return "label_en" if language == "en" else "label_zh"


# --- Themes ------------------------------------------------------------------------------------------------

def theme_scorecard(theme_counts: pd.DataFrame, region: str, peers: list[str]) -> pd.DataFrame:
    """One row per theme: label_zh, label_en, each region's share (columns named by region id), peer_mean,
    difference (mine − peer mean) and status: gap (none of my tasks, some peer's), only_mine, shared, none."""
    shares = theme_counts.pivot_table(index=["theme", "label_zh", "label_en"], columns="region_id",
                                      values="share", aggfunc="first").reset_index()
    counts = theme_counts.pivot_table(index="theme", columns="region_id", values="tasks", aggfunc="first")
    shares = shares[["theme", "label_zh", "label_en", region, *peers]].copy()
    shares.columns.name = None
    shares["peer_mean"] = shares[peers].mean(axis=1)
    shares["difference"] = shares[region] - shares["peer_mean"]
    mine = counts.loc[shares["theme"], region].to_numpy() > 0
    theirs = (counts.loc[shares["theme"], peers] > 0).any(axis=1).to_numpy()
    shares["status"] = [
        "gap" if not m and t else "only_mine" if m and not t else "shared" if m else "none"
        for m, t in zip(mine, theirs, strict=True)]
    return shares.sort_values(region, ascending=False, kind="stable").reset_index(drop=True)


def theme_figure(scorecard: pd.DataFrame, region: str, peers: list[str], names: dict, language: str):
    """Horizontal grouped bars: my share (red) and each peer's, one group per theme."""
    ordered = scorecard.iloc[::-1]
    labels = ordered[_label_column(language)]
    figure = go.Figure()
    for position, region_id in enumerate([region, *peers]):
        figure.add_bar(y=labels, x=ordered[region_id], orientation="h", name=names.get(region_id, region_id),
                       marker_color=MY_COLOUR if region_id == region else PEER_COLOURS[position % 4],
                       hovertemplate="%{y}: %{x:.0%}<extra>" + names.get(region_id, region_id) + "</extra>")
    figure.update_layout(barmode="group", height=max(420, 38 * len(ordered) + 160),
                         xaxis={"title": label("bench_theme_axis", language), "tickformat": ".0%"},
                         legend={"orientation": "h", "y": -0.12},
                         margin={"l": 10, "r": 10, "t": 70, "b": 110})
    return figure


# --- Indicators --------------------------------------------------------------------------------------------

def format_number(value: float, unit: str | None) -> str:
    if pd.isna(value):
        return ""
    number = f"{int(value)}" if float(value).is_integer() else f"{value:g}"
    if unit == "1:N":
        return f"1:{number}"
    return number + (unit or "")


def indicator_values(values: pd.DataFrame) -> pd.DataFrame:
    """One row per region × indicator: the local-scope values if there are any, else the parent-scope ones.
    value = the largest of them; values = all of them as written; scope = local or parent."""
    if values.empty:
        return pd.DataFrame(columns=["region_id", "indicator", "label_zh", "label_en", "scope", "value", "unit",
                                     "values", "target_year", "rows"])
    frame = values.assign(local=values["scope"].eq("local"))
    preferred = frame.groupby(["region_id", "indicator"])["local"].transform("max")
    frame = frame[frame["local"] == preferred]
    rows = []
    for (region_id, indicator), group in frame.groupby(["region_id", "indicator"], sort=True):
        top = group.loc[group["value"].idxmax()]
        written = list(dict.fromkeys(
            (f"{format_number(row.value, None)}–{format_number(row.value_max, row.unit)}"
             if pd.notna(row.value_max) else format_number(row.value, row.unit))
            for row in group.itertuples()))
        years = group["target_year"].dropna()
        rows.append({"region_id": region_id, "indicator": indicator, "label_zh": top["label_zh"],
                     "label_en": top["label_en"], "scope": top["scope"], "value": float(top["value"]),
                     "unit": top["unit"], "values": written,
                     "target_year": int(years.max()) if len(years) else None, "rows": len(group)})
    return pd.DataFrame(rows)


def indicator_scorecard(values: pd.DataFrame, mentions: pd.DataFrame, region: str, peers: list[str],
                        language: str) -> pd.DataFrame:
    """One row per indicator stated by any region: a cell per region ('50%（2023）', '200个（上级）' for a
    parent-only value, '' for none), whether my region mentions it without a number, and status
    (gap, only_mine, shared; a parent-only value does not count as a commitment)."""
    chosen = indicator_values(values)
    columns = ["indicator", "label", region, *peers, "mentioned", "status"]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    def cell(row) -> str:
        text = join(row["values"], language)
        if pd.notna(row["target_year"]):
            text += label("bench_cell_year", language).format(year=int(row["target_year"]))
        if row["scope"] != "local":
            text += label("bench_cell_parent", language)
        return text

    chosen = chosen.assign(cell=chosen.apply(cell, axis=1), committed=chosen["scope"].eq("local"))
    cells = chosen.pivot(index="indicator", columns="region_id", values="cell")
    committed = chosen.pivot(index="indicator", columns="region_id", values="committed")
    for region_id in [region, *peers]:
        if region_id not in cells:
            cells[region_id] = None
            committed[region_id] = False
    committed = committed.fillna(False).astype(bool)
    labels = chosen.drop_duplicates("indicator").set_index("indicator")[_label_column(language)]
    mentioned = set(mentions.loc[mentions["region_id"] == region, "indicator"])
    frame = cells[[region, *peers]].fillna("").reset_index()
    frame.columns.name = None
    frame.insert(1, "label", frame["indicator"].map(labels))
    mine = committed.loc[frame["indicator"], region].to_numpy()
    theirs = committed.loc[frame["indicator"], peers].any(axis=1).to_numpy()
    frame["mentioned"] = frame["indicator"].isin(mentioned)
    frame["status"] = ["gap" if not m and t else "only_mine" if m and not t else "shared" if m else "none"
                       for m, t in zip(mine, theirs, strict=True)]
    order = {"shared": 0, "only_mine": 1, "gap": 2, "none": 3}
    return frame.sort_values(["status", "indicator"], key=lambda s: s.map(order) if s.name == "status" else s,
                             kind="stable").reset_index(drop=True)[columns]


def indicator_figure(values: pd.DataFrame, indicator: str, region: str, peers: list[str], names: dict,
                     language: str):
    """Bars of one indicator's committed value per region (the largest where several), mine in red;
    parent-only values hatched."""
    chosen = indicator_values(values)
    chosen = chosen[chosen["indicator"] == indicator].set_index("region_id")
    order = [region, *peers]
    units = chosen["unit"].dropna().unique().tolist()
    unit = join((unit_word(unit, language) for unit in units), language)
    figure = go.Figure()
    xs = [names.get(r, r) for r in order]
    ys = [chosen.loc[r, "value"] if r in chosen.index else None for r in order]
    texts = [join(chosen.loc[r, "values"], language) if r in chosen.index else label("bench_no_value", language)
             for r in order]
    patterns = ["/" if r in chosen.index and chosen.loc[r, "scope"] != "local" else "" for r in order]
    colours = [MY_COLOUR if r == region else PEER_COLOURS[i % 4] for i, r in enumerate(order)]
    figure.add_bar(x=xs, y=ys, text=texts, textposition="outside", marker_color=colours,
                   marker_pattern_shape=patterns, showlegend=False, cliponaxis=False)
    for x, y in zip(xs, ys, strict=True):
        if y is None:  # no number stated: say so instead of leaving an unexplained hole
            figure.add_annotation(x=x, y=0, text=label("bench_no_value", language), showarrow=False,
                                  yanchor="bottom", font={"size": 16})
    figure.update_layout(yaxis={"title": label("bench_indicator_axis", language).format(unit=unit)},
                         height=460, margin={"l": 10, "r": 10, "t": 70, "b": 110})
    return figure


# --- Matched pairs -----------------------------------------------------------------------------------------

def _as_set(value) -> set:
    if value is None or (not isinstance(value, list | tuple | set) and not hasattr(value, "__len__")):
        return set()
    try:
        return {item for item in value if item is not None}
    except TypeError:
        return set()


def pair_differences(row, language: str) -> str:
    """What differs between my task and its counterpart: numbers in one and not the other, deadlines,
    agency functions named on one side only; '' parts left out."""
    parts = []
    mine, peer = _as_set(row["my_numbers"]), _as_set(row["peer_numbers"])
    if mine - peer:
        parts.append(label("bench_diff_numbers_mine", language).format(values=join(sorted(mine - peer), language)))
    if peer - mine:
        parts.append(label("bench_diff_numbers_peer", language).format(values=join(sorted(peer - mine), language)))
    not_stated = label("not_stated", language)
    my_deadline = row["my_deadline_text"] if isinstance(row["my_deadline_text"], str) else None
    peer_deadline = row["peer_deadline_text"] if isinstance(row["peer_deadline_text"], str) else None
    if my_deadline != peer_deadline:
        parts.append(label("bench_diff_deadline", language).format(mine=my_deadline or not_stated,
                                                                   peer=peer_deadline or not_stated))
    my_functions, peer_functions = _as_set(row["my_functions"]), _as_set(row["peer_functions"])
    for key, only in (("bench_diff_agencies_mine", my_functions - peer_functions),
                      ("bench_diff_agencies_peer", peer_functions - my_functions)):
        if only:
            parts.append(label(key, language).format(
                values=join((label_of("function", function, language) for function in sorted(only)), language)))
    return label("clause_separator", language).join(parts) if parts else label("bench_diff_none", language)


def matched_pairs_table(pairs: pd.DataFrame, language: str) -> pd.DataFrame:
    """my task / peer task / score / differences, one row per matched pair."""
    columns = [label("bench_my_task", language), label("bench_peer_task", language),
               label("bench_score", language), label("bench_differences", language)]
    if pairs.empty:
        return pd.DataFrame(columns=columns)

    def describe(row, side: str) -> str:
        text = f"{row[f'{side}task_id']} · {row[f'{side}content']}"
        if isinstance(row[f"{side}local_target"], str):
            text += f"\n{label('local_target', language)}: {row[f'{side}local_target']}"
        return text

    return pd.DataFrame({
        columns[0]: [describe(row, "my_") for _, row in pairs.iterrows()],
        columns[1]: [describe(row, "peer_") for _, row in pairs.iterrows()],
        columns[2]: pairs["score"].round(3).to_numpy(),
        columns[3]: [pair_differences(row, language) for _, row in pairs.iterrows()],
    })


# --- Source notes ------------------------------------------------------------------------------------------

def source_note(sources: pd.DataFrame, region_ids: list[str], language: str) -> str:
    """'Source: <title> (<issued_on or date not stated>); …' for the documents of the given regions."""
    chosen = sources.set_index("region_id").loc[[r for r in region_ids if r in set(sources["region_id"])]]
    name_column = "region_en" if language == "en" else "region_zh"
    parts = []
    for _, row in chosen.iterrows():
        issued = row["issued_on"]
        date = format_date(issued, language, "yyyy-MM-dd") or label("date_not_stated", language)
        parts.append(label("bench_source_document", language).format(region=row[name_column], title=row["title"],
                                                                       date=date))
    return label("bench_source_note", language).format(documents=label("clause_separator", language).join(parts))
