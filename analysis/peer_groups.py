"""Places like ours: which regions a region is compared with, and which of their numbers are like its own.

Pure pandas, shared by the metrics page and the peer page so both compute the same median over the same N.

- A peer group picks the other regions: `all`, `same_level` (same administrative level: county-level cities
  with county-level cities) or `same_province`.
- A number is like mine when it has the same issuer scope (a government's own target is not a college's), the
  same period (`per`: a yearly rate is not a plan total, a level is neither), the same unit and the same firmness
  (a 力争 number is not a binding one). The peer median takes only numbers like mine; what was left out is named
  with the reason, so a chart can say so.
- Numbers are compared on their yearly value when `per` is `year` (5年累计10个月 → 2 a year), else on `value`.

Inputs are headline rows of `benchmark_values` (analysis.queries.headline_values) and the documents' regions
(region_id, admin_level, province_zh, issuer_kind).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

PEER_GROUPS = ("all", "same_level", "same_province")
GROUP_COLUMNS = {"same_level": "admin_level", "same_province": "province_zh"}
DIFFERENCES = ("scope", "per", "unit", "aspirational")  # codes of what makes a number unlike mine
INSTITUTION_ISSUERS = frozenset({"institution"})


def missing(value: Any) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def peer_regions(regions: pd.DataFrame, my_region: str, group: str = "all") -> list[str]:
    """The other regions of my peer group, in the order of `regions`."""
    others = regions[regions["region_id"] != my_region]
    column = GROUP_COLUMNS.get(group)
    if column is not None:
        mine = regions.loc[regions["region_id"] == my_region, column]
        others = others[others[column].isin(mine)] if len(mine) else others.iloc[0:0]
    return list(dict.fromkeys(others["region_id"]))


def own_scope(regions: pd.DataFrame, region_id: str) -> str:
    """The issuer scope of a region's own numbers: institution for a college's list, else region."""
    kinds = regions.loc[regions["region_id"] == region_id, "issuer_kind"]
    return "institution" if len(kinds) and kinds.iloc[0] in INSTITUTION_ISSUERS else "region"


def comparable_value(row: Mapping[str, Any]) -> float | None:
    """The number compared across regions: the yearly value of a yearly rate, else the value."""
    if row.get("per") == "year" and not missing(row.get("annual_value")):
        return float(row["annual_value"])
    return None if missing(row.get("value")) else float(row["value"])


def comparable_max(row: Mapping[str, Any]) -> float | None:
    """Upper end of a range on the same footing as comparable_value."""
    if missing(row.get("value_max")):
        return None
    if row.get("per") == "year" and not missing(row.get("annual_value")):
        return float(row["value_max"]) * float(row["annual_value"]) / float(row["value"])
    return float(row["value_max"])


def reference(values: pd.DataFrame, my_region: str, my_scope: str) -> dict[str, Any]:
    """What a number must be like to count: my region's headline for the indicator, or — when my region states
    none — my issuer scope with the period and unit most peers of that scope use, binding."""
    mine = values[values["region_id"] == my_region]
    if len(mine):
        row = mine.iloc[0]
        return {"scope": row["issuer_scope"], "per": row["per"], "unit": row["unit"],
                "aspirational": bool(row["aspirational"])}
    same_scope = values[values["issuer_scope"] == my_scope]
    pool = same_scope if len(same_scope) else values
    return {"scope": my_scope, "per": most_common(pool["per"]), "unit": most_common(pool["unit"]),
            "aspirational": False}


def most_common(series: pd.Series):
    counts = series.dropna().value_counts(sort=False)
    return None if counts.empty else counts.idxmax()


def differences(row: Mapping[str, Any], like: Mapping[str, Any]) -> list[str]:
    """Codes of what makes `row` unlike the reference (DIFFERENCES order); [] when it is like."""
    found = []
    if row["issuer_scope"] != like["scope"]:
        found.append("scope")
    if row["per"] != like["per"]:
        found.append("per")
    if row["unit"] != like["unit"]:
        found.append("unit")
    if bool(row["aspirational"]) != bool(like["aspirational"]):
        found.append("aspirational")
    return found


def peer_median(values: pd.DataFrame, peers: Iterable[str], like: Mapping[str, Any]) -> dict[str, Any]:
    """Median of the peers' numbers that are like the reference: {median, n, included, left_out}, where
    left_out maps a peer region to the codes of what differs. Peers without a number are in neither."""
    peers = list(peers)
    rows = values[values["region_id"].isin(peers)].to_dict("records")
    included, left_out = {}, {}
    for row in rows:
        unlike = differences(row, like)
        if unlike:
            left_out[row["region_id"]] = unlike
        else:
            included[row["region_id"]] = comparable_value(row)
    numbers = [value for value in included.values() if value is not None]
    median = float(pd.Series(numbers).median()) if numbers else None
    return {"median": median, "n": len(numbers), "included": included, "left_out": left_out}


def unlike_regions(values: pd.DataFrame, region_ids: Iterable[str], like: Mapping[str, Any]) -> dict[str, list]:
    """For every shown region whose number differs from the reference: the codes of what differs."""
    shown = values[values["region_id"].isin(list(region_ids))]
    found = {row["region_id"]: differences(row, like) for row in shown.to_dict("records")}
    return {region: codes for region, codes in found.items() if codes}
