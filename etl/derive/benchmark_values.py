"""Benchmark values: one comparable number per region × indicator × issuer scope, chosen from `metrics`.

Every page and export that compares regions reads this table, so the same cell shows the same number
everywhere. `choose_headline` holds all the headline rules (docs/headline_rules.md explains each with the
seeds' sentences); the other functions normalise the period and assemble the rows. The table stores a rule
code, never a sentence: the sentence for people lives in the catalogue.

Columns (docs/schema.md): value / value_max as chosen (a range stays a range), `per` — `level` for a share,
ratio or requirement to reach, `year` for a yearly rate (每年, or a window such as 5年累计 turned into one),
`plan` for a total over the plan — with `window_years` and `annual_value`, `issuer_scope`, `headline` (the
row a cell shows: never a restated parent target), and the candidates (`metric_ids`) with the ones that
make the value (`chosen_metric_ids`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

COLUMNS = ["region_id", "indicator", "issuer_scope", "headline", "value", "value_max", "unit", "comparator",
           "aspirational", "target_year", "per", "window_years", "annual_value", "metric_ids",
           "chosen_metric_ids", "n_candidates", "rule"]
SCOPE_ORDER = ("region", "institution", "parent")  # a region's own target first; parent never a headline
LEVEL_CLASSES = frozenset({"percent", "ratio", "duration"})
SEMESTERS_PER_YEAR = 2
RULES = ("single", "same_value", "binding_first", "region_total", "stated_total", "sum_of_levels",
         "distributive", "separate_commitments")


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """One benchmark row per region × indicator × issuer scope that has a number."""
    # Load inputs
    metrics, documents = tables["metrics"], tables["documents"]
    # Derive
    values = benchmark_values(metrics, documents)
    # Save outputs
    return {"benchmark_values": values}


def benchmark_values(metrics: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    start_years = plan_start_years(documents)
    rows = []
    for (region_id, indicator, scope), candidates in candidate_groups(metrics).items():
        headline = choose_headline(candidates)
        rows.append({"region_id": region_id, "indicator": indicator, "issuer_scope": scope, **headline,
                     **period(headline, candidates, start_years.get(region_id))})
    frame = pd.DataFrame(rows, columns=[column for column in COLUMNS if column != "headline"])
    return mark_headlines(frame)[COLUMNS].astype(
        {"value": "Float64", "value_max": "Float64", "aspirational": "boolean", "target_year": "Int64",
         "window_years": "Int64", "annual_value": "Float64", "n_candidates": "int64", "headline": "boolean"})


def candidate_groups(metrics: pd.DataFrame) -> dict[tuple, list[dict]]:
    """(region, indicator, issuer_scope) → its metrics in document order, as records (one conversion for the
    whole table: per-group DataFrames cost milliseconds each, thousands of groups at scale)."""
    matched = metrics[metrics["indicator"].notna()]
    scope_rank = matched["issuer_scope"].map({scope: rank for rank, scope in enumerate(SCOPE_ORDER)})
    matched = matched.assign(_scope=scope_rank).sort_values(["region_id", "indicator", "_scope", "metric_id"])
    groups: dict[tuple, list[dict]] = {}
    for row in matched.drop(columns="_scope").to_dict("records"):
        groups.setdefault((row["region_id"], row["indicator"], row["issuer_scope"]), []).append(row)
    return groups


def plan_start_years(documents: pd.DataFrame) -> dict:
    if "plan_start_year" not in documents:
        return {}
    known = documents[documents["plan_start_year"].notna()]
    return {region: int(year) for region, year in zip(known["region_id"], known["plan_start_year"], strict=True)}


def mark_headlines(frame: pd.DataFrame) -> pd.DataFrame:
    """The row a cell shows: per region × indicator, the first non-parent scope in SCOPE_ORDER."""
    rank = frame["issuer_scope"].map({scope: position for position, scope in enumerate(SCOPE_ORDER)})
    frame = frame.assign(_rank=rank).sort_values(["region_id", "indicator", "_rank"], kind="mergesort")
    first = ~frame.duplicated(["region_id", "indicator"])
    return frame.assign(headline=first & (frame["issuer_scope"] != "parent")).drop(columns="_rank") \
        .reset_index(drop=True)


# --- The headline rules ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """The numbers of one clause: one number, or the levels of a breakdown (2个自治区级、8个市级…)."""

    metric_ids: tuple
    value: float
    value_max: float | None
    rows: tuple


def choose_headline(candidates: pd.DataFrame | list[dict]) -> dict:
    """The number a reader would quote for one region × indicator × scope, and the rule that chose it.

    Rules, in order (docs/headline_rules.md):
      binding_first  力争 numbers are set aside when a binding one exists (never mixed with it);
      region_total   a number stated for the whole region (全市共建成6个专业群) over sub-units' numbers;
      stated_total   a total stated on its own (产教融合型企业10家以上) over one level of a breakdown
                     (2个自治区级、8个市级); sum_of_levels: the levels of one breakdown added when no total is
                     stated;
      distributive   a count stated per member of a set (四个系部…各1个) multiplied by the set's size;
      same_value     several statements of one number (goal and task) give that number;
      separate_commitments  different numbers in different clauses, none a total: each is a commitment of
                     its own (5个网络名师工作室 in one task, 4个名师工作室 in another), so they are added;
      single         one number.
    Ranges stay ranges (value … value_max); the comparator of a sum is the weakest of its parts."""
    rows = candidates.to_dict("records") if isinstance(candidates, pd.DataFrame) else candidates
    pool, rule = binding_first(rows)
    wide = [row for row in pool if row.get("region_wide") is True]
    if wide and len(wide) < len(pool):
        pool, rule = wide, rule or "region_total"
    groups = clause_groups(pool)
    groups, group_rule = pick_groups(groups)
    rule = rule or group_rule
    chosen = [row for group in groups for row in group.rows]
    if rule is None:
        rule = "distributive" if any(is_distributed(row) for row in chosen) else \
            "same_value" if len(rows) > 1 else "single"
    return combine(groups, chosen) | {"metric_ids": [row["metric_id"] for row in rows],
                                      "chosen_metric_ids": [row["metric_id"] for row in chosen],
                                      "n_candidates": len(rows), "rule": rule}


def binding_first(rows: list) -> tuple:
    binding = [row for row in rows if row.get("aspirational") is not True]
    if binding and len(binding) < len(rows):
        return binding, "binding_first"
    return rows, None


def clause_groups(rows: list) -> list:
    by_clause: dict = {}
    for row in rows:
        by_clause.setdefault(row.get("clause_id") or row["metric_id"], []).append(row)
    return [group_of(members) for members in by_clause.values()]


def group_of(rows: list) -> Group:
    values = [scaled(row, "value") for row in rows]
    maxima = [scaled(row, "value_max") for row in rows]
    has_range = any(value is not None for value in maxima)
    value_max = sum(high if high is not None else low for low, high in zip(values, maxima, strict=True)) \
        if has_range else None
    return Group(tuple(row["metric_id"] for row in rows), sum(values), value_max, tuple(rows))


def scaled(row: dict, column: str) -> float | None:
    value = row.get(column)
    if value is None or pd.isna(value):
        return None
    factor = row.get("distributed_over")
    return float(value) * (1.0 if factor is None or pd.isna(factor) else float(factor))


def is_distributed(row: dict) -> bool:
    factor = row.get("distributed_over")
    return factor is not None and not pd.isna(factor)


def pick_groups(groups: list) -> tuple:
    """(the groups that make the headline, rule or None) among the clause groups of one pool."""
    breakdowns = [group for group in groups if len(group.rows) > 1]
    totals = [group for group in groups if len(group.rows) == 1]
    if breakdowns and totals:
        largest_level = max(scaled(row, "value") for group in breakdowns for row in group.rows)
        standing = [group for group in totals if group.value >= largest_level]
        if standing:
            return [max(standing, key=lambda group: group.value)], "stated_total"
    if len(groups) == 1:
        return groups, "sum_of_levels" if breakdowns else None
    if len({(group.value, group.value_max) for group in groups}) == 1:
        return [groups[0]], None
    if breakdowns and not totals and len({(group.value, group.value_max) for group in breakdowns}) == 1:
        return [breakdowns[0]], "sum_of_levels"
    return groups, "separate_commitments"


def combine(groups: list, chosen: list) -> dict:
    value = sum(group.value for group in groups)
    has_range = any(group.value_max is not None for group in groups)
    value_max = sum(group.value_max if group.value_max is not None else group.value for group in groups) \
        if has_range else None
    years = [int(row["target_year"]) for row in chosen if not pd.isna(row.get("target_year"))]
    return {"value": value, "value_max": value_max, "unit": chosen[0]["unit"],
            "comparator": weakest_comparator([row["comparator"] for row in chosen]),
            "aspirational": all(row.get("aspirational") is True for row in chosen),
            "target_year": max(years) if years else None}


def weakest_comparator(comparators: list) -> str:
    """One comparator for a sum: all alike → that one; any ~ → ~; else ≥ (an exact part plus a floor)."""
    distinct = set(comparators)
    if len(distinct) == 1:
        return comparators[0]
    if "~" in distinct or distinct & {"<=", "<"}:
        return "~"
    return ">="


# --- Period: per year, per plan or a level -----------------------------------------------------------------

def period(headline: dict, candidates: list[dict], plan_start_year: int | None) -> dict:
    """per, window_years and annual_value of a headline from the period of the numbers it was made of."""
    chosen_ids = set(headline["chosen_metric_ids"])
    chosen = next(row for row in candidates if row["metric_id"] in chosen_ids)
    if chosen["unit_class"] in LEVEL_CLASSES and pd.isna(chosen["per_period"]) and pd.isna(chosen["window_years"]):
        return {"per": "level", "window_years": None, "annual_value": None}
    if chosen["per_period"] == "year":
        return {"per": "year", "window_years": 1, "annual_value": headline["value"]}
    if chosen["per_period"] == "semester":
        return {"per": "year", "window_years": 1, "annual_value": headline["value"] * SEMESTERS_PER_YEAR}
    if not pd.isna(chosen["window_years"]):
        window = int(chosen["window_years"])
        return {"per": "year", "window_years": window, "annual_value": headline["value"] / window}
    year = headline["target_year"]
    window = year - plan_start_year + 1 if year is not None and plan_start_year and year >= plan_start_year \
        else None
    return {"per": "plan", "window_years": window, "annual_value": None}
