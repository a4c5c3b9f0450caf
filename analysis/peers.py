"""Peer benchmark (issue 6): one region against the others, from the query frames of analysis/queries.py.

Pure pandas (and plotly for the two scorecard figures); knows nothing of Streamlit.

- theme scorecard: per theme of a scheme, the share of each region's tasks coded with it;
- indicator scorecard: per comparable indicator, each region's headline number from `benchmark_values`, in
  the very words of the metrics page (a restated higher-level number is shown as such, never as a commitment);
  its chart is the metrics page's chart (analysis.metrics.benchmark_chart), with the same median and N;
- gaps: themes and indicators the peers address and the chosen region does not;
- only mine: themes and indicators only the chosen region addresses;
- matched pairs: the chosen region's tasks with their best counterpart in one peer and what differs.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import format_date, join, label_of
from analysis.i18n import text as label
from analysis.metrics import benchmark_table

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

def indicator_scorecard(headlines: pd.DataFrame, every_row: pd.DataFrame, mentions: pd.DataFrame,
                        codebook: pd.DataFrame, region: str, peers: list[str], names: dict,
                        language: str, shown_peers: list[str] | None = None) -> pd.DataFrame:
    """One row per indicator that my region or a peer quantifies: a cell per region with exactly the text of
    the metrics page (analysis.metrics.benchmark_table: the headline of benchmark_values, or what the region
    has instead), whether my region mentions it without a number, and status (gap, only_mine, shared; a
    restated higher-level number is not a commitment). Columns: indicator, label, region ids…, quantified_by
    (my region and the peers with a headline), mentioned, status. `shown_peers` (default all peers): the peers given
    a column; the status still looks at every peer."""
    shown = [region, *(peers if shown_peers is None else shown_peers)]
    table = benchmark_table(headlines, every_row, mentions, codebook, {key: key for key in shown}, language)
    label_header = label("metric_indicator", language)
    compared = headlines[headlines["region_id"].isin([region, *peers])]
    by_indicator = compared.groupby("indicator")["region_id"].agg(list)  # every peer, shown or not
    mine = table["indicator"].isin(compared.loc[compared["region_id"] == region, "indicator"]).tolist()
    theirs = table["indicator"].isin(compared.loc[compared["region_id"] != region, "indicator"]).tolist()
    mentioned = set(mentions.loc[mentions["region_id"] == region, "indicator"])
    frame = table.rename(columns={label_header: "label"})[["indicator", "label", *shown]].assign(
        quantified_by=[by_indicator.get(indicator, []) for indicator in table["indicator"]],
        mentioned=table["indicator"].isin(mentioned),
        status=["gap" if not m and t else "only_mine" if m and not t else "shared" if m else "none"
                for m, t in zip(mine, theirs, strict=True)])
    frame = frame[frame["status"] != "none"]
    order = {"shared": 0, "only_mine": 1, "gap": 2}
    return frame.sort_values("status", key=lambda status: status.map(order), kind="stable").reset_index(drop=True)


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
    present = set(sources["region_id"])
    chosen = sources.set_index("region_id").loc[[r for r in region_ids if r in present]]
    name_column = "region_en" if language == "en" else "region_zh"
    parts = []
    for _, row in chosen.iterrows():
        issued = row["issued_on"]
        date = format_date(issued, language, "yyyy-MM-dd") or label("date_not_stated", language)
        parts.append(label("bench_source_document", language).format(region=row[name_column], title=row["title"],
                                                                       date=date))
    return label("bench_source_note", language).format(documents=label("clause_separator", language).join(parts))
