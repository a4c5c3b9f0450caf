"""Target metrics across regions: the indicator x region benchmark table, the peer median and the bar chart,
built from query DataFrames (no streamlit here).

Inputs are rows of analysis.queries.target_metrics (one row per number in the `metrics` table),
analysis.queries.indicator_mention_counts (indicator, region_id, mentions) and
analysis.queries.indicator_codebook (indicator, label_zh, label_en, unit_class).

The main number of a region for an indicator: its own (local) commitment before a restated provincial one
(parent), then the latest target year (no year last), then a firm commitment before a hedged one (力争),
then document order. The others are counted in the "+N" note and drawn as small markers in the chart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import format_compact, has_text, join, unit_word
from analysis.i18n import format_number as locale_number
from analysis.i18n import text as label

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
HIGHLIGHT = "#d9622b"
PEER = "#7f9fc4"
RANGE_ALPHA = 0.45
NO_YEAR = 0
UNMATCHED = "unmatched"

COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "~": "~"}
# A ratio 1:N is stored as N, so "N <= 350" is "1:N >= 1:350" (师生比不低于1:350).
RATIO_SIGNS = {">=": "≤", ">": "<", "<=": "≥", "<": ">", "=": "", "~": "~"}


def missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# --- Formatting numbers ---------------------------------------------------------------------------------------

def format_number(value: float, language: str = "zh") -> str:
    """10000 → 1万 (Chinese) or 10,000 (English); 1.5 stays 1.5 (Babel, analysis/i18n.py)."""
    value = float(value)
    if language != "en" and value >= 10000 and value % 1000 == 0:
        return format_compact(value, language)
    return locale_number(value, language, grouping=language == "en")


def unit_text(unit: str, language: str = "zh", plural: bool = True) -> str:
    return unit_word(unit, language, plural)


def format_value(row: Mapping[str, Any], language: str = "zh") -> str:
    """One number as a reader says it: ≥50%, 1–2 门, ~1万人次, ≥1:350, ≥1万人次/年, 力争 >25%."""
    value, value_max, unit = row["value"], row.get("value_max"), row["unit"]
    number = format_number(value, language)
    if not missing(value_max):
        number += "–" + format_number(value_max, language)
    comparator = row.get("comparator") or "="
    if unit == "1:N":
        text = RATIO_SIGNS.get(comparator, "") + "1:" + number
    else:
        sign = COMPARATOR_SIGNS.get(comparator, comparator)
        if unit == "%":
            body = number + "%"
        else:
            plural = not (float(value) == 1 and missing(value_max))
            words = unit_text(unit, language, plural)
            body = number + ("" if not number[-1].isdigit() else " ") + words  # 1万人次, 3000 人次
        text = sign + body
    period = row.get("per_period")
    if not missing(period) and has_text(f"metric_period_{period}", language):
        text += label(f"metric_period_{period}", language)
    if row.get("aspirational") is True or row.get("aspirational") == 1:
        text = label("metric_aspirational_value", language).format(value=text)
    return text


def format_year(year: Any, language: str = "zh") -> str:
    if missing(year) or int(year) == NO_YEAR:
        return label("metric_no_year", language)
    return label("metric_year", language).format(year=int(year))


def scope_badge(scope: str, language: str = "zh") -> str:
    return label(f"metric_scope_{scope}", language)


def axis_unit(unit: str, language: str = "zh") -> str:
    if unit == "1:N":
        return label("metric_ratio_axis", language)
    return unit_text(unit, language)


# --- Main number per indicator and region -----------------------------------------------------------------------

def rank_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Metrics with an indicator, ordered so that each (indicator, region)'s main number comes first, with
    `rank` (0 = main) and `others` (how many more that region has for that indicator)."""
    frame = metrics[metrics["indicator"].notna()].copy()
    frame["_local"] = (frame["scope"] != "local").astype(int)
    frame["_year"] = -pd.to_numeric(frame["target_year"], errors="coerce").fillna(-1)
    frame["_hedged"] = frame["aspirational"].fillna(False).astype(bool).astype(int)
    frame = frame.sort_values(["indicator", "region_id", "_local", "_year", "_hedged", "metric_id"],
                              kind="mergesort")
    frame["rank"] = frame.groupby(["indicator", "region_id"]).cumcount()
    frame["others"] = frame.groupby(["indicator", "region_id"])["metric_id"].transform("size") - 1
    return frame.drop(columns=["_local", "_year", "_hedged"]).reset_index(drop=True)


def main_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator, region) that has a number: its main metric, with `others`."""
    ranked = rank_metrics(metrics)
    return ranked[ranked["rank"] == 0].reset_index(drop=True)


def cell_text(row: Mapping[str, Any], language: str = "zh") -> str:
    """Benchmark cell of a main metric: value with comparator · target year · scope badge · +N (the region's
    other numbers for the indicator)."""
    parts = [format_value(row, language)]
    if not missing(row.get("target_year")):
        parts.append(format_year(row["target_year"], language))
    parts.append(scope_badge(row["scope"], language))
    if row.get("others", 0):
        parts.append(f"+{int(row['others'])}")
    return " · ".join(parts)


def empty_cell(mentioned: bool, language: str = "zh") -> str:
    return label("metric_mentioned_only" if mentioned else "metric_not_committed", language)


def mentioned_pairs(mentions: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(mentions["indicator"], mentions["region_id"], strict=True))


def benchmark_table(metrics: pd.DataFrame, mentions: pd.DataFrame, codebook: pd.DataFrame,
                    region_names: Mapping[str, str], language: str = "zh") -> pd.DataFrame:
    """Indicator x region table: one row per codebook indicator (codebook order), a label column, then one
    column per region (named as in `region_names`) holding the main number's cell text or, where the region
    has no number, whether it mentions the indicator without one; and how many regions give a number."""
    mains = main_metrics(metrics).set_index(["indicator", "region_id"])
    mentioned = mentioned_pairs(mentions)
    label_column = "label_en" if language == "en" else "label_zh"
    rows = []
    for entry in codebook.itertuples():
        row = {"indicator": entry.indicator, label("metric_indicator", language): getattr(entry, label_column)}
        quantified = 0
        for region_id, name in region_names.items():
            if (entry.indicator, region_id) in mains.index:
                row[name] = cell_text(mains.loc[(entry.indicator, region_id)].to_dict(), language)
                quantified += 1
            else:
                row[name] = empty_cell((entry.indicator, region_id) in mentioned, language)
        row[label("metric_regions_quantified", language)] = quantified
        rows.append(row)
    return pd.DataFrame(rows)


def indicator_numbers(metrics: pd.DataFrame, indicator: str, region_names: Mapping[str, str],
                      language: str = "zh") -> pd.DataFrame:
    """Every number behind one indicator's chart and table row: region order, main number first."""
    ranked = rank_metrics(metrics[metrics["indicator"] == indicator])
    order = {region: position for position, region in enumerate(region_names)}
    ranked = ranked.assign(_order=ranked["region_id"].map(order)).sort_values(["_order", "rank"], kind="mergesort")
    return pd.DataFrame({
        "metric_id": ranked["metric_id"],
        "region": ranked["region_id"].map(region_names),
        "main": ranked["rank"] == 0,
        "display": [format_value(row, language) for row in ranked.to_dict("records")],
        "target_year": [format_year(year, language) for year in ranked["target_year"]],
        "scope": [scope_badge(scope, language) for scope in ranked["scope"]],
        "task_id": ranked["task_id"],
        "raw_text": ranked["raw_text"],
    }).reset_index(drop=True)


# --- Peer median and the bar chart --------------------------------------------------------------------------------

def peer_median(values: Mapping[str, float], my_region: str | None) -> tuple[float | None, int]:
    """Median of the other regions' values (my region left out) and how many there are."""
    peers = [float(value) for region, value in values.items() if region != my_region and not missing(value)]
    if not peers:
        return None, 0
    return float(pd.Series(peers).median()), len(peers)


def chart_unit(mains: pd.DataFrame, my_region: str | None) -> str | None:
    """The unit the chart draws: my region's, else the most common among the main numbers (first region
    wins a tie). Numbers in another unit are named under the bars instead."""
    if mains.empty:
        return None
    mine = mains[mains["region_id"] == my_region]
    if not mine.empty:
        return str(mine["unit"].iloc[0])
    counts = mains["unit"].value_counts(sort=False)
    return str(counts.idxmax())


def chart_frame(metrics: pd.DataFrame, mentions: pd.DataFrame, indicator: str, region_ids: Iterable[str],
                my_region: str | None, language: str = "zh") -> dict[str, Any]:
    """What the chart draws for one indicator: main bars, other markers, notes for empty regions, the unit and
    the peer median (local numbers in the chart's unit only; restated provincial targets are another level)."""
    ranked = rank_metrics(metrics[metrics["indicator"] == indicator])
    mains = ranked[ranked["rank"] == 0]
    unit = chart_unit(mains, my_region)
    drawn = mains[mains["unit"] == unit] if unit else mains.iloc[0:0]
    others = ranked[(ranked["rank"] > 0) & (ranked["unit"] == unit) & (ranked["scope"] == "local")] \
        if unit else ranked.iloc[0:0]
    mentioned = mentioned_pairs(mentions)
    notes = {}
    for region_id in region_ids:
        main = mains[mains["region_id"] == region_id]
        if main.empty:
            notes[region_id] = empty_cell((indicator, region_id) in mentioned, language)
        elif region_id not in set(drawn["region_id"]):
            notes[region_id] = label("metric_other_unit", language).format(value=format_value(
                main.iloc[0].to_dict(), language))
    local = drawn[drawn["scope"] == "local"]
    median, peers = peer_median(dict(zip(local["region_id"], local["value"], strict=True)), my_region)
    return {"mains": drawn, "others": others, "notes": notes, "unit": unit, "median": median, "peers": peers}


def benchmark_chart(metrics: pd.DataFrame, mentions: pd.DataFrame, indicator: str, indicator_label: str,
                    region_names: Mapping[str, str], my_region: str | None, language: str = "zh") -> go.Figure:
    """Bars of each region's main number for one indicator, my region highlighted, ranges drawn from value to
    value_max, the region's other numbers as open diamonds, the peer median as a dashed line, the unit on the
    axis and the source note under the plot. Each bar and marker carries its metric_id as customdata."""
    region_ids = list(region_names)
    data = chart_frame(metrics, mentions, indicator, region_ids, my_region, language)
    mains, others, unit = data["mains"], data["others"], data["unit"]
    mine = label("metric_my_region_mark", language)
    ticks = [f"{region_names[region]}{mine}" if region == my_region else region_names[region]
             for region in region_ids]
    x_of = dict(zip(region_ids, ticks, strict=True))
    figure = go.Figure()
    if not mains.empty:
        colours = [HIGHLIGHT if region == my_region else PEER for region in mains["region_id"]]
        patterns = ["/" if scope == "parent" else "" for scope in mains["scope"]]
        texts = [format_value(row, language) + ("" if missing(row["target_year"]) else
                                                 " · " + format_year(row["target_year"], language))
                 for row in mains.to_dict("records")]
        hover = [f"{region_names[row['region_id']]} · {scope_badge(row['scope'], language)}<br>"
                 f"{format_value(row, language)} · {format_year(row['target_year'], language)}<br>"
                 f"{row['metric_id']}" for row in mains.to_dict("records")]
        figure.add_trace(go.Bar(
            x=[x_of[region] for region in mains["region_id"]], y=mains["value"], name=label("metric_main", language),
            marker={"color": colours, "pattern": {"shape": patterns, "fillmode": "overlay", "size": 8}},
            text=texts, textposition="auto", textangle=0, insidetextanchor="end", cliponaxis=False, customdata=mains["metric_id"],
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=False))
        ranges = mains[mains["value_max"].notna()]
        if not ranges.empty:
            figure.add_trace(go.Bar(
                x=[x_of[region] for region in ranges["region_id"]], y=ranges["value_max"] - ranges["value"],
                base=ranges["value"], name=label("metric_range", language), customdata=ranges["metric_id"],
                hovertext=[format_value(row, language) for row in ranges.to_dict("records")],
                marker={"color": [HIGHLIGHT if region == my_region else PEER for region in ranges["region_id"]],
                        "opacity": RANGE_ALPHA, "line": {"width": 1.5, "color": "#555"}},
                hovertemplate="%{hovertext}<extra></extra>", showlegend=True))
    if not others.empty:
        figure.add_trace(go.Scatter(
            x=[x_of[region] for region in others["region_id"]], y=others["value"], mode="markers",
            name=label("metric_other_numbers", language), customdata=others["metric_id"],
            marker={"symbol": "diamond-open", "size": 12, "color": "#333", "line": {"width": 2}},
            hovertext=[f"{format_value(row, language)} · {format_year(row['target_year'], language)}<br>"
                       f"{row['metric_id']}" for row in others.to_dict("records")],
            hovertemplate="%{hovertext}<extra></extra>"))
    for region, note in data["notes"].items():
        figure.add_trace(go.Scatter(x=[x_of[region]], y=[0], mode="markers", showlegend=False,
                                    marker={"size": 1, "opacity": 0}, hoverinfo="skip"))
        figure.add_annotation(x=x_of[region], y=0, yref="y", text=note, showarrow=False, yshift=14,
                              font={"size": 12, "color": "#666"})
    if data["median"] is not None:
        figure.add_hline(y=data["median"], line_dash="dash", line_color="#222", line_width=1.5,
                         annotation_text=label("metric_peer_median", language).format(
                             value=format_value({"value": data["median"], "unit": unit}, language),
                             n=data["peers"]),
                         annotation_position="top left", annotation_font_size=12)
    elif not mains.empty:
        figure.add_annotation(xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
                              showarrow=False, font={"size": 12, "color": "#666"},
                              text=label("metric_no_peers", language))
    if not mains.empty and (mains["scope"] == "parent").any():
        figure.add_trace(go.Bar(x=[None], y=[None], name=label("metric_parent_legend", language),
                                marker={"color": "white", "line": {"color": "#555", "width": 1},
                                        "pattern": {"shape": "/", "fgcolor": "#555"}}))
    top = max([*mains["value"], *mains["value_max"].dropna(), *others["value"], data["median"] or 0, 1])
    figure.update_layout(
        title={"text": f"{indicator_label}<br><sup>{label('metric_chart_subtitle', language)}</sup>"},
        height=520, font_family=FONT, barmode="overlay", bargap=0.45, dragmode=False,
        clickmode="event+select", plot_bgcolor="white",
        margin={"l": 20, "r": 20, "t": 90, "b": 120},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"})
    figure.update_xaxes(categoryorder="array", categoryarray=ticks, type="category", tickfont={"size": 14})
    figure.update_yaxes(title=label("metric_axis", language).format(unit=axis_unit(unit, language)) if unit
                        else label("metric_axis_none", language),
                        range=[0, top * 1.22], gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#999",
                        tickformat=",",
                        rangemode="tozero")
    figure.add_annotation(xref="paper", yref="paper", x=0, y=-0.2, xanchor="left", yanchor="top",
                          showarrow=False, align="left", font={"size": 11, "color": "#555"},
                          text=label("metric_chart_source", language).format(
                              n=len(region_names), regions=join(region_names.values(), language)))
    return figure


# --- The full table and the filters -----------------------------------------------------------------------------

def year_bounds(selection: tuple[int, int] | None) -> tuple[int, int] | None:
    """The select-slider range as query bounds; NO_YEAR (0) stands for 'no target year' and sorts first."""
    if selection is None:
        return None
    low, high = sorted(int(value) for value in selection)
    return low, high


def metric_table(metrics: pd.DataFrame, region_names: Mapping[str, str], indicator_names: Mapping[str, str],
                 language: str = "zh") -> pd.DataFrame:
    """The metrics as shown and downloaded: a readable value next to the stored columns."""
    frame = metrics.copy()
    return pd.DataFrame({
        "metric_id": frame["metric_id"],
        "region": frame["region_id"].map(region_names),
        "indicator": frame["indicator"],
        "indicator_label": [indicator_names.get(key, key) if not missing(key) else label("metric_unmatched", language)
                            for key in frame["indicator"]],
        "display": [format_value(row, language) for row in frame.to_dict("records")],
        "value": frame["value"], "value_max": frame["value_max"], "unit": frame["unit"],
        "unit_class": frame["unit_class"], "comparator": frame["comparator"],
        "aspirational": frame["aspirational"], "target_year": frame["target_year"],
        "per_period": frame["per_period"],
        "scope": frame["scope"], "field": frame["field"], "task_id": frame["task_id"], "line": frame["line"],
        "raw_text": frame["raw_text"],
    })


def pick_options(metrics: pd.DataFrame, first: Iterable[str]) -> list[str]:
    """metric_ids for the source picker: `first` (the chart's numbers, main first) then the table's rows."""
    return list(dict.fromkeys([*first, *metrics["metric_id"]]))


def pick_label(row: Mapping[str, Any], region_names: Mapping[str, str], language: str = "zh",
               width: int = 28) -> str:
    raw = str(row["raw_text"])
    raw = raw if len(raw) <= width else raw[: width - 1] + "…"
    return f"{row['metric_id']} · {region_names.get(row['region_id'], row['region_id'])} · " \
           f"{format_value(row, language)} · {raw}"
