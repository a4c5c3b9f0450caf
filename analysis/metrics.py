"""Target metrics across regions: the indicator × region table, the bar chart with the peer median, a cell's
candidates, and the full table of numbers, built from query DataFrames (no streamlit here).

Every cell and bar shows a region's headline number from table `benchmark_values` (chosen in the ETL by
etl/derive/benchmark_values.py, explained in docs/headline_rules.md); the peer page shows the same text through
`headline_text`, so one cell shows one number everywhere. The peer median and its N come from
analysis/peer_groups.py: only numbers like my region's (same issuer scope, period, unit and firmness) count.

Inputs: analysis.queries.benchmark_rows (headline rows; with headline_only=False also the restated parent
rows), peer_region_facts, headline_candidates, target_metrics (every number), indicator_mention_counts and
indicator_codebook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import format_compact, has_text, is_missing, join, text, unit_word
from analysis.i18n import format_number as locale_number
from analysis.peer_groups import (
    comparable_max,
    comparable_value,
    own_scope,
    peer_median,
    reference,
    unlike_regions,
)

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
HIGHLIGHT = "#d9622b"
PEER = "#7f9fc4"
UNLIKE = "#c9c9c9"
RANGE_ALPHA = 0.45
NO_YEAR = 0
UNMATCHED = "unmatched"

COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "~": "~"}
# A ratio 1:N is stored as N, so "N <= 350" is "1:N >= 1:350" (师生比不低于1:350).
RATIO_SIGNS = {">=": "≤", ">": "<", "<=": "≥", "<": ">", "=": "", "~": "~"}


def missing(value: Any) -> bool:
    return is_missing(value)


# --- Formatting numbers ---------------------------------------------------------------------------------------

def format_number(value: float, language: str = "zh") -> str:
    """10000 → 1万 (Chinese) or 10,000 (English); 1.5 stays 1.5 (Babel, analysis/i18n.py)."""
    value = float(value)
    if language != "en" and value >= 10000 and value % 1000 == 0:
        return format_compact(value, language)
    return locale_number(value, language, grouping=language == "en")


def unit_text(unit: str, language: str = "zh", plural: bool = True) -> str:
    return unit_word(unit, language, plural)


def number_text(row: Mapping[str, Any], language: str = "zh") -> str:
    """The number with its comparator, range and unit: ≥50%, 1–2 门, ~1万人次, ≥1:350."""
    value, value_max, unit = row["value"], row.get("value_max"), row["unit"]
    number = format_number(value, language)
    if not missing(value_max):
        number += "–" + format_number(value_max, language)
    comparator = row.get("comparator") or "="
    if unit == "1:N":
        return RATIO_SIGNS.get(comparator, "") + "1:" + number
    sign = COMPARATOR_SIGNS.get(comparator, comparator)
    if unit == "%":
        return sign + number + "%"
    plural = not (float(value) == 1 and missing(value_max))
    return sign + number + ("" if not number[-1].isdigit() else " ") + unit_text(unit, language, plural)


def hedged(words: str, row: Mapping[str, Any], language: str) -> str:
    if row.get("aspirational") is True or row.get("aspirational") == 1:
        return text("metric_aspirational_value", language, value=words)
    return words


def format_value(row: Mapping[str, Any], language: str = "zh") -> str:
    """One number of `metrics` as a reader says it: ≥1万人次/年, ≥10 个月（5年内）, 力争 >25%."""
    words = number_text(row, language)
    period = row.get("per_period")
    if not missing(period) and has_text(f"metric_period_{period}", language):
        words += text(f"metric_period_{period}", language)
    elif not missing(row.get("window_years")):
        words += text("metric_window", language, years=int(row["window_years"]))
    return hedged(words, row, language)


def headline_value(row: Mapping[str, Any], language: str = "zh") -> str:
    """A headline of `benchmark_values`: the number, its period (/年; a window with its yearly value) and
    力争 where it is hedged. A number without a period is a plan total or a level."""
    words = number_text(row, language)
    window = row.get("window_years")
    if row.get("per") == "year" and (missing(window) or int(window) == 1):
        words += text("metric_period_year", language)
    elif row.get("per") == "year":
        yearly = number_text({**row, "value": row["annual_value"],
                               "value_max": comparable_max(row)}, language)
        words += text("metric_window_yearly", language, years=int(window), yearly=yearly)
    return hedged(words, row, language)


def format_year(year: Any, language: str = "zh") -> str:
    if missing(year) or int(year) == NO_YEAR:
        return text("metric_no_year", language)
    return text("metric_year", language, year=int(year))


def scope_badge(scope: str, language: str = "zh") -> str:
    return text(f"metric_scope_{scope}", language)


def rule_text(rule: str, language: str = "zh") -> str:
    """The headline rule in words (the ETL stores its code)."""
    return text(f"metric_rule_{rule}", language)


def headline_text(row: Mapping[str, Any], language: str = "zh") -> str:
    """Cell of a headline on the metrics page, the peer page and their exports: value · year · whose target ·
    how many candidate numbers it was chosen from (when more than one)."""
    parts = [headline_value(row, language)]
    if not missing(row.get("target_year")):
        parts.append(format_year(row["target_year"], language))
    parts.append(scope_badge(row["issuer_scope"], language))
    if int(row.get("n_candidates") or 1) > 1:
        parts.append(text("metric_candidates", language, n=int(row["n_candidates"])))
    return " · ".join(parts)


def axis_unit(unit: str, per: str | None, language: str = "zh") -> str:
    if unit == "1:N":
        return text("metric_ratio_axis", language)
    words = unit_text(unit, language)
    return text("metric_axis_per_year", language, unit=words) if per == "year" else words


# --- The indicator × region table ---------------------------------------------------------------------------------

def empty_cell(mentioned: bool, language: str = "zh") -> str:
    return text("metric_mentioned_only" if mentioned else "metric_not_committed", language)


def mentioned_pairs(mentions: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(mentions["indicator"], mentions["region_id"], strict=True))


def no_headline_cell(parent: Mapping[str, Any] | None, mentioned: bool, language: str) -> str:
    """A region without a headline: the restated higher-level number it only has, or whether it mentions the
    indicator without a number."""
    if parent is not None:
        return text("metric_parent_only", language, value=headline_value(parent, language))
    return empty_cell(mentioned, language)


def benchmark_table(headlines: pd.DataFrame, parents: pd.DataFrame, mentions: pd.DataFrame,
                    codebook: pd.DataFrame, region_names: Mapping[str, str], language: str = "zh") -> pd.DataFrame:
    """Indicator × region table: one row per codebook indicator (codebook order), the `indicator` key, a label
    column, one column per region (named as in `region_names`) holding headline_text, or what the region has
    instead; and how many regions give a headline."""
    shown = list(region_names)  # only the shown regions' rows are read: many regions are shown a page at a time
    headlines = headlines[headlines["region_id"].isin(shown)]
    parents = parents[parents["region_id"].isin(shown) & (parents["issuer_scope"] == "parent")]
    cells = {(row["indicator"], row["region_id"]): row for row in headlines.to_dict("records")}
    restated = {(row["indicator"], row["region_id"]): row for row in parents.to_dict("records")}
    mentioned = mentioned_pairs(mentions[mentions["region_id"].isin(shown)])
    label_column = "label_en" if language == "en" else "label_zh"
    rows = []
    for entry in codebook.itertuples():
        row = {"indicator": entry.indicator, text("metric_indicator", language): getattr(entry, label_column)}
        for region_id, name in region_names.items():
            key = (entry.indicator, region_id)
            row[name] = headline_text(cells[key], language) if key in cells else \
                no_headline_cell(restated.get(key), key in mentioned, language)
        row[text("metric_regions_quantified", language)] = sum(
            (entry.indicator, region_id) in cells for region_id in region_names)
        rows.append(row)
    return pd.DataFrame(rows)


def clicked_cell(table: pd.DataFrame, cell: tuple | list | None,
                 region_names: Mapping[str, str]) -> tuple[str, str] | None:
    """(indicator, region_id) of a clicked cell of benchmark_table, or None for a click outside a region column."""
    if not cell:
        return None
    row, column = int(cell[0]), cell[1]
    regions = {name: region_id for region_id, name in region_names.items()}
    if column not in regions or not 0 <= row < len(table):
        return None
    return str(table.iloc[row]["indicator"]), regions[column]


def benchmark_export(headlines: pd.DataFrame, region_names: Mapping[str, str], indicator_names: Mapping[str, str],
                     language: str = "zh") -> pd.DataFrame:
    """The headline rows as downloaded: the cell text beside the stored facts (rule as code and in words)."""
    return pd.DataFrame({
        "indicator": headlines["indicator"], "indicator_label": headlines["indicator"].map(indicator_names),
        "region": headlines["region_id"].map(region_names),
        "display": [headline_text(row, language) for row in headlines.to_dict("records")],
        "value": headlines["value"], "value_max": headlines["value_max"], "unit": headlines["unit"],
        "comparator": headlines["comparator"], "aspirational": headlines["aspirational"],
        "target_year": headlines["target_year"], "per": headlines["per"],
        "window_years": headlines["window_years"], "annual_value": headlines["annual_value"],
        "issuer_scope": headlines["issuer_scope"], "n_candidates": headlines["n_candidates"],
        "rule": headlines["rule"], "rule_text": [rule_text(rule, language) for rule in headlines["rule"]],
        "metric_ids": [join(ids, "en") for ids in headlines["metric_ids"]],
    })


# --- The bar chart and the peer median ----------------------------------------------------------------------------

def chart_data(headlines: pd.DataFrame, regions: pd.DataFrame, indicator: str, my_region: str,
               peers: Iterable[str], compared: Iterable[str], shown: Iterable[str] | None = None) -> dict[str, Any]:
    """What the chart of one indicator draws for the shown regions (default: every compared region; the
    reference and the peer median are taken over the compared regions, shown or not): the headline rows in the reference unit
    (`drawn`, with the compared value `y` and `y_max`), those in another unit, the reference
    (analysis/peer_groups.reference), the peer median over my peer group's like numbers, and the unlike
    regions with the codes of what differs."""
    compared = headlines[(headlines["indicator"] == indicator) & headlines["region_id"].isin(list(compared))]
    values = compared if shown is None else compared[compared["region_id"].isin(list(shown))]
    like = reference(compared, my_region, own_scope(regions, my_region))  # reference and median: all compared
    drawn = values[values["unit"] == like["unit"]].copy()
    drawn["y"] = [comparable_value(row) for row in drawn.to_dict("records")]
    drawn["y_max"] = [comparable_max(row) for row in drawn.to_dict("records")]
    return {"drawn": drawn, "other_unit": values[values["unit"] != like["unit"]], "like": like,
            "median": peer_median(compared, peers, like),
            "unlike": unlike_regions(values[values["unit"] == like["unit"]], drawn["region_id"], like)}


def unlike_words(codes: Iterable[str], language: str) -> str:
    return join((text(f"metric_unlike_{code}", language) for code in codes), language)


def slot_notes(data: Mapping[str, Any], parents: pd.DataFrame, mentions: pd.DataFrame, indicator: str,
               region_ids: Iterable[str], language: str) -> dict[str, str]:
    """Words under a region's empty slot: another unit, a restated parent number only, mentioned, none."""
    drawn, other = set(data["drawn"]["region_id"]), data["other_unit"].set_index("region_id")
    restated = parents[(parents["indicator"] == indicator) & (parents["issuer_scope"] == "parent")]
    restated = restated.set_index("region_id")
    mentioned = mentioned_pairs(mentions)
    notes = {}
    for region_id in region_ids:
        if region_id in drawn:
            continue
        if region_id in other.index:
            notes[region_id] = text("metric_other_unit", language,
                                    value=headline_value(other.loc[region_id].to_dict(), language))
        else:
            parent = restated.loc[region_id].to_dict() if region_id in restated.index else None
            notes[region_id] = no_headline_cell(parent, (indicator, region_id) in mentioned, language)
    return notes


def median_note(data: Mapping[str, Any], region_names: Mapping[str, str], language: str) -> str:
    """Under the chart: what the median is taken over (N, the peer group's like numbers) and which shown numbers
    are unlike mine, each with the reason."""
    median = data["median"]
    parts = [text("metric_median_over", language, n=median["n"])]
    for region_id, codes in data["unlike"].items():
        parts.append(text("metric_unlike_region", language, region=region_names.get(region_id, region_id),
                          reasons=unlike_words(codes, language)))
    return "<br>".join(parts)


def benchmark_chart(headlines: pd.DataFrame, parents: pd.DataFrame, mentions: pd.DataFrame,
                    regions: pd.DataFrame, indicator: str, indicator_label: str, region_names: Mapping[str, str],
                    my_region: str, peers: Iterable[str], language: str = "zh",
                    shown: Iterable[str] | None = None) -> go.Figure:
    """Bars of each region's headline for one indicator (yearly value for a yearly rate), my region
    highlighted, numbers unlike mine grey and hatched, ranges drawn from value to value_max, the peer median
    (with N) dashed, and under the plot what the median is over and what is unlike. Each bar carries its
    region_id as customdata, so a click opens that region's candidates. `region_names`: the regions compared;
    `shown`: those drawn (default all: with many regions a page of them, the median still over all)."""
    compared = list(region_names)
    region_names = {region: region_names[region] for region in (compared if shown is None else shown)}
    region_ids = list(region_names)
    data = chart_data(headlines, regions, indicator, my_region, peers, compared, region_ids)
    drawn, like = data["drawn"], data["like"]
    mine = text("metric_my_region_mark", language)
    ticks = [f"{region_names[region]}{mine}" if region == my_region else region_names[region]
             for region in region_ids]
    x_of = dict(zip(region_ids, ticks, strict=True))
    traces = bars(drawn, data["unlike"], x_of, region_names, my_region, language) if not drawn.empty else []
    annotations = []
    for region, note in slot_notes(data, parents, mentions, indicator, region_ids, language).items():
        traces.append({"type": "scatter", "x": [x_of[region]], "y": [0], "mode": "markers", "showlegend": False,
                       "marker": {"size": 1, "opacity": 0}, "hoverinfo": "skip"})
        annotations.append({"x": x_of[region], "y": 0, "yref": "y", "text": note, "showarrow": False, "yshift": 14,
                            "font": {"size": 12, "color": "#666"}})
    shapes, median_annotations = median_marks(data, like, language)
    top = max([*drawn["y"].dropna(), *drawn["y_max"].dropna(), data["median"]["median"] or 0, 1])
    source = text("metric_chart_source", language, n=len(region_names), regions=join(region_names.values(), language))
    annotations += [*median_annotations, {
        "xref": "paper", "yref": "paper", "x": 0, "y": -0.16, "xanchor": "left", "yanchor": "top",
        "showarrow": False, "align": "left", "font": {"size": 11, "color": "#555"},
        "text": f"{median_note(data, region_names, language)}<br>{source}"}]
    return go.Figure(data=traces, layout={
        "title": {"text": f"{indicator_label}<br><sup>{text('metric_chart_subtitle', language)}</sup>"},
        "height": 560, "font": {"family": FONT}, "barmode": "overlay", "bargap": 0.45, "dragmode": False,
        "clickmode": "event+select", "plot_bgcolor": "white", "margin": {"l": 20, "r": 20, "t": 90, "b": 170},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"categoryorder": "array", "categoryarray": ticks, "type": "category", "tickfont": {"size": 14}},
        "yaxis": {"title": {"text": text("metric_axis", language, unit=axis_unit(like["unit"], like["per"], language))
                            if like["unit"] else text("metric_axis_none", language)},
                  "range": [0, top * 1.22], "gridcolor": "#e5e5e5", "zeroline": True, "zerolinecolor": "#999",
                  "tickformat": ",", "rangemode": "tozero"},
        "shapes": shapes, "annotations": annotations})


def bars(drawn: pd.DataFrame, unlike: Mapping[str, list], x_of: Mapping[str, str],
         region_names: Mapping[str, str], my_region: str, language: str) -> list[dict]:
    """The headline bars, the ranges stacked on them, and the legend entry of unlike numbers (plotly traces)."""
    rows = drawn.to_dict("records")
    colours = [HIGHLIGHT if row["region_id"] == my_region else UNLIKE if row["region_id"] in unlike else PEER
               for row in rows]
    patterns = ["x" if row["region_id"] in unlike else "" for row in rows]
    labels = [headline_value(row, language) + ("" if missing(row["target_year"]) else
                                                " · " + format_year(row["target_year"], language))
              for row in rows]
    hover = [f"{region_names[row['region_id']]} · {headline_text(row, language)}<br>"
             f"{rule_text(row['rule'], language)}" for row in rows]
    traces = [{
        "type": "bar", "x": [x_of[row["region_id"]] for row in rows], "y": drawn["y"],
        "name": text("metric_main", language),
        "marker": {"color": colours, "pattern": {"shape": patterns, "fillmode": "overlay", "size": 8}},
        "text": labels, "textposition": "auto", "textangle": 0, "insidetextanchor": "end", "cliponaxis": False,
        "customdata": drawn["region_id"], "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
        "showlegend": False}]
    ranges = drawn[drawn["y_max"].notna()]
    if not ranges.empty:
        traces.append({
            "type": "bar", "x": [x_of[region] for region in ranges["region_id"]], "y": ranges["y_max"] - ranges["y"],
            "base": ranges["y"], "name": text("metric_range", language), "customdata": ranges["region_id"],
            "hovertext": [headline_value(row, language) for row in ranges.to_dict("records")],
            "marker": {"color": [HIGHLIGHT if region == my_region else PEER for region in ranges["region_id"]],
                       "opacity": RANGE_ALPHA, "line": {"width": 1.5, "color": "#555"}},
            "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": True})
    if unlike:
        traces.append({"type": "bar", "x": [None], "y": [None], "name": text("metric_unlike_legend", language),
                       "marker": {"color": UNLIKE, "pattern": {"shape": "x", "fgcolor": "#555"}}})
    return traces


def median_marks(data: Mapping[str, Any], like: Mapping[str, Any], language: str) -> tuple[list, list]:
    """(shapes, annotations): the peer median as a dashed line with its value and N, or a note that no peer
    has a like number."""
    median = data["median"]
    if median["median"] is not None:
        shown = number_text({"value": median["median"], "unit": like["unit"]}, language)
        shown += text("metric_period_year", language) if like["per"] == "year" else ""
        line = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": median["median"],
                "y1": median["median"], "line": {"dash": "dash", "color": "#222", "width": 1.5}}
        label = {"text": text("metric_peer_median", language, value=shown, n=median["n"]), "font": {"size": 12},
                 "showarrow": False, "xref": "x domain", "x": 0, "xanchor": "left", "yref": "y",
                 "y": median["median"], "yanchor": "bottom"}
        return [line], [label]
    if not data["drawn"].empty:
        return [], [{"xref": "paper", "yref": "paper", "x": 0, "y": 1, "xanchor": "left", "yanchor": "bottom",
                     "showarrow": False, "font": {"size": 12, "color": "#666"}, "text": text("metric_no_peers", language)}]
    return [], []


# --- A headline's candidates --------------------------------------------------------------------------------------

def candidate_table(candidates: pd.DataFrame, language: str = "zh") -> pd.DataFrame:
    """The numbers a cell was chosen from, as shown: part of the headline or not, whose number, the number as
    read, its year, the clause, the task and the source line."""
    rows = candidates.to_dict("records")
    return pd.DataFrame({
        "chosen": [text("metric_chosen_yes" if row["chosen"] and row["headline"] else
                        "metric_chosen_parent" if row["chosen"] else "metric_chosen_no", language)
                   for row in rows],
        "metric_id": candidates["metric_id"],
        "scope": [scope_badge(scope, language) for scope in candidates["issuer_scope"]],
        "display": [format_value(row, language) + distributed_words(row, language) for row in rows],
        "target_year": [format_year(year, language) for year in candidates["target_year"]],
        "raw_text": candidates["raw_text"], "task_id": candidates["task_id"], "line": candidates["line"],
    })


def distributed_words(row: Mapping[str, Any], language: str) -> str:
    factor = row.get("distributed_over")
    return "" if missing(factor) else text("metric_distributed", language, n=format_number(factor, language))


def candidate_summary(candidates: pd.DataFrame, headline: Mapping[str, Any] | None, language: str) -> str:
    """One line above the candidates: the headline and the rule that chose it (or that there is none)."""
    if headline is None:
        return text("metric_no_headline", language)
    return text("metric_headline_rule", language, value=headline_text(headline, language),
                rule=rule_text(headline["rule"], language))


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
        "indicator_label": [indicator_names.get(key, key) if not missing(key) else text("metric_unmatched", language)
                            for key in frame["indicator"]],
        "display": [format_value(row, language) for row in frame.to_dict("records")],
        "value": frame["value"], "value_max": frame["value_max"], "unit": frame["unit"],
        "unit_class": frame["unit_class"], "comparator": frame["comparator"],
        "aspirational": frame["aspirational"], "target_year": frame["target_year"],
        "per_period": frame["per_period"], "window_years": frame["window_years"],
        "issuer_scope": frame["issuer_scope"], "field": frame["field"], "task_id": frame["task_id"],
        "line": frame["line"], "raw_text": frame["raw_text"],
    })
