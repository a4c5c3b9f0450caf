"""Responsible-agency load: how each region spreads its tasks over the agencies it names.

Pure pandas stage (no I/O, no streamlit): it takes the `tasks`, `agencies` and `task_agencies` frames of
docs/contracts.md and returns the tables `agency_load`, `region_responsibility`, `function_shares` and
`agency_pairs`: facts only (codes and numbers); the dashboard words them (analysis/agency_load.py).

Conventions shared by every function here, so the figures of different tables agree:
- Only rows of `tasks` with kind 'task' count; safeguard items name no real workload and are dropped, and so
  are links to task ids that are not kind-'task' tasks.
- A link is one distinct (task, agency, role): the same agency named twice for the same role of a task (e.g.
  under two spellings that map to one canonical name) counts once.
- The denominator of every task share is the region's number of kind-'task' tasks.
- Roles are never summed and never relabelled: 'lead' (牵头), 'support' (配合) and 'responsible' (named
  responsible in a list that does not say who leads: Gaoping's 〔责任单位：…〕, Wafangdian's 责任部门) are
  government responsibility; 'implementer' is the executing body's own offices (Jinzhou's college), a different
  level that must not inflate the government figures. The lead figures count only units the document says lead;
  a region whose list names only responsible units gets the same figures over its responsible links, in columns
  of their own, so no page can say "leads" of a unit that was only named.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Any

import pandas as pd

from etl.concentration import hhi_band  # noqa: F401  (where the tests and notebooks find it)
from etl.rows import rows_by

ROLES = ("lead", "support", "responsible", "implementer")
GOVERNMENT_ROLES = ("lead", "support", "responsible")
ROLE_GROUPS = {"lead": "government", "support": "government", "responsible": "government",
               "implementer": "implementer"}
ROLE_GROUP_ORDER = ("government", "implementer")
UNCLASSIFIED_FUNCTION = "unclassified"


AGENCY_LOAD_COLUMNS = ["region_id", "agency_id", "role", "task_count", "task_share"]
FUNCTION_SHARE_COLUMNS = ["region_id", "function", "role", "task_count", "task_share"]
PAIR_COLUMNS = ["region_id", "role_group", "agency_id_a", "agency_id_b", "shared_tasks", "jaccard"]
RESPONSIBILITY_DTYPES = {
    "region_id": "str",
    "task_count": "int64",
    "agencies_per_task_mean": "Float64",
    "agencies_per_task_max": "int64",
    "implementers_per_task_mean": "Float64",
    "implementer_tasks": "int64",
    "single_lead_share": "Float64",
    "lead_links": "int64",
    "support_links": "int64",
    "lead_support_ratio": "Float64",
    "lead_top_agency_id": "object",
    "lead_top_share": "Float64",
    "lead_herfindahl": "Float64",
    "lead_gini": "Float64",
    "distinct_lead_agencies": "int64",
    "distinct_support_agencies": "int64",
    "distinct_implementer_agencies": "int64",
    "responsible_links": "int64",
    "distinct_responsible_agencies": "int64",
    "responsible_top_agency_id": "object",
    "responsible_top_share": "Float64",
}


# --- concentration helpers -------------------------------------------------------------------------------


def herfindahl(counts: Iterable[float]) -> float | None:
    """Herfindahl-Hirschman index on the 0-1 scale: HHI = sum_i (x_i / sum x)^2.

    1 means one agency holds everything; 1/n means n agencies share equally, so 1/HHI reads as the
    "equivalent number of equally busy agencies". None when there is nothing to share (empty or all zero).
    """
    values = [float(value) for value in counts]
    total = sum(values)
    if total <= 0:
        return None
    return sum((value / total) ** 2 for value in values)


def gini(counts: Iterable[float]) -> float | None:
    """Gini coefficient of the given counts (zeros included as given; callers pass agencies with >= 1 link).

    G = sum_i sum_j |x_i - x_j| / (2 * n^2 * mean(x)), the mean absolute difference over twice the mean.
    0 means equal load; with n agencies the maximum is (n - 1) / n, so a Gini over few agencies stays low
    even when one of them carries almost everything. None when empty or all zero.
    """
    values = [float(value) for value in counts]
    total = sum(values)
    if not values or total <= 0:
        return None
    absolute_differences = sum(abs(left - right) for left in values for right in values)
    return absolute_differences / (2 * len(values) * total)


def top_share(counts: Iterable[float]) -> float | None:
    """Share of the largest count in the total: max(x) / sum(x); None when empty or all zero."""
    values = [float(value) for value in counts]
    total = sum(values)
    if total <= 0:
        return None
    return max(values) / total


def concentration(values: Iterable[float]) -> dict[str, float | None]:
    """The three concentration figures of one distribution, computed by the helpers above."""
    counts = list(values)
    return {"herfindahl": herfindahl(counts), "gini": gini(counts), "top_share": top_share(counts)}


# --- shared preparation ----------------------------------------------------------------------------------


def counted_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """The kind-'task' rows (task_id, region_id): the only ones that carry load."""
    selected = tasks.loc[tasks["kind"] == "task", ["task_id", "region_id"]]
    return selected.drop_duplicates("task_id").reset_index(drop=True)


def region_task_counts(tasks: pd.DataFrame) -> pd.Series:
    """Kind-'task' tasks per region, with 0 for a region that has only safeguard rows; sorted by region."""
    regions = sorted(tasks["region_id"].dropna().unique())
    counts = counted_tasks(tasks).groupby("region_id")["task_id"].nunique()
    return counts.reindex(regions, fill_value=0).astype("int64")


def task_links(tasks: pd.DataFrame, task_agencies: pd.DataFrame) -> pd.DataFrame:
    """Distinct (region_id, task_id, agency_id, role) links of kind-'task' tasks.

    Raises ValueError on a role outside ROLES: an unknown role would silently vanish from every figure.
    """
    unknown = sorted(set(task_agencies["role"].dropna()) - set(ROLES))
    if unknown or task_agencies["role"].isna().any():
        raise ValueError(f"task_agencies has roles outside {ROLES}: {unknown or [None]}")
    links = task_agencies[["task_id", "agency_id", "role"]].merge(counted_tasks(tasks), on="task_id")
    links = links.drop_duplicates(["task_id", "agency_id", "role"])
    return links[["region_id", "task_id", "agency_id", "role"]].reset_index(drop=True)


def role_rank(roles: pd.Series) -> pd.Series:
    """Position of each role in ROLES, so tables list lead, support, responsible, implementer in that order."""
    return roles.map({role: position for position, role in enumerate(ROLES)})


def share_of_region(task_count: pd.Series, region_ids: pd.Series, region_counts: pd.Series) -> pd.Series:
    """task_count divided by the region's number of kind-'task' tasks."""
    return task_count / region_ids.map(region_counts).astype("float64")


# --- 1. agency_load --------------------------------------------------------------------------------------


def agency_load(tasks: pd.DataFrame, agencies: pd.DataFrame, task_agencies: pd.DataFrame) -> pd.DataFrame:
    """Table agency_load(region_id, agency_id, role, task_count, task_share).

    task_count = number of distinct kind-'task' tasks naming the agency in that role;
    task_share = task_count / the region's number of kind-'task' tasks. One row per role, never summed over
    roles. Sorted by region_id, role (lead, support, responsible, implementer), task_count descending, agency_id.
    `agencies` is accepted for a uniform stage signature; agency ids already carry the region.
    """
    del agencies  # ids are self-describing; names are joined by the dashboard
    links = task_links(tasks, task_agencies)
    load = links.groupby(["region_id", "agency_id", "role"], as_index=False)["task_id"].nunique()
    load = load.rename(columns={"task_id": "task_count"})
    load["task_count"] = load["task_count"].astype("int64")
    load["task_share"] = share_of_region(load["task_count"], load["region_id"], region_task_counts(tasks))
    return sort_by_region_role(load, ["agency_id"])[AGENCY_LOAD_COLUMNS]


def sort_by_region_role(frame: pd.DataFrame, tie_breakers: list[str]) -> pd.DataFrame:
    """Region, role order, busiest first, then the tie-breaker columns: one fixed order for any input order."""
    ordered = frame.assign(role_position=role_rank(frame["role"]))
    ordered = ordered.sort_values(
        ["region_id", "role_position", "task_count", *tie_breakers],
        ascending=[True, True, False, *[True] * len(tie_breakers)],
        kind="mergesort",
    )
    return ordered.drop(columns="role_position").reset_index(drop=True)


# --- 2. region_responsibility ----------------------------------------------------------------------------


def region_responsibility(tasks: pd.DataFrame, task_agencies: pd.DataFrame) -> pd.DataFrame:
    """Table region_responsibility: one row per region found in `tasks`, sorted by region_id.

    With T = the region's kind-'task' tasks and a link = a distinct (task, agency, role):
    - task_count = |T|.
    - agencies_per_task_mean = sum over T of the distinct lead, support or responsible agencies of the task / |T|
      (a task naming none counts as 0; implementers are not counted). agencies_per_task_max = the largest.
    - implementers_per_task_mean = mean distinct implementer agencies over the tasks with >= 1 implementer
      (implementer_tasks of them, the N of that mean); NA when the region names no implementer.
    - single_lead_share = tasks with exactly one lead agency / |T|; NA when the document names no lead at all
      (a list of responsible units does not say who leads).
    - lead_links, support_links = number of lead / support links.
    - lead_support_ratio = lead_links / support_links; NA when there are no support links.
    - lead_top_agency_id = the agency with the most lead tasks (ties: smallest agency_id);
      lead_top_share = its lead tasks / |T| (share of tasks it leads, not of lead links).
    - lead_herfindahl = sum over agencies of (agency's lead links / all lead links)^2, 0-1 scale.
    - lead_gini = Gini of the lead-link counts of the agencies with >= 1 lead link
      (sum_i sum_j |x_i - x_j| / (2 n^2 mean x)); its maximum with n agencies is (n - 1) / n.
    - distinct_lead_agencies / distinct_support_agencies / distinct_implementer_agencies = agencies with
      >= 1 link of that role.
    - responsible_links, distinct_responsible_agencies = the same for the role 'responsible';
      responsible_top_agency_id / responsible_top_share = the agency named responsible on most tasks and its
      tasks / |T| ("named responsible on 100% of the tasks", never "leads").
    Shares are NA when |T| = 0; lead figures are NA when there is no lead link.
    """
    links = rows_by(task_links(tasks, task_agencies), "region_id", "task_id", "agency_id", "role")
    rows = [summarise_region(region_id, int(task_count), links.get(region_id, []))
            for region_id, task_count in region_task_counts(tasks).items()]
    frame = pd.DataFrame(rows, columns=list(RESPONSIBILITY_DTYPES))
    return frame.astype(RESPONSIBILITY_DTYPES).reset_index(drop=True)


def summarise_region(region_id: str, task_count: int, links: list[tuple[str, str, str]]) -> dict[str, Any]:
    """One region_responsibility row from the region's (task_id, agency_id, role) links (formulas in
    region_responsibility)."""
    by_role = {role: [(task_id, agency_id) for task_id, agency_id, link_role in links if link_role == role]
               for role in ROLES}
    government_per_task = agencies_per_task(link for role in GOVERNMENT_ROLES for link in by_role[role])
    implementers_per_task = agencies_per_task(by_role["implementer"])
    leads_per_task = agencies_per_task(by_role["lead"])
    lead_counts = value_counts(agency_id for _, agency_id in by_role["lead"])
    lead_links, support_links = len(by_role["lead"]), len(by_role["support"])
    top_agency_id, top_count = busiest_agency(lead_counts)
    responsible_top_id, responsible_top_count = busiest_agency(value_counts(agency for _, agency in
                                                                            by_role["responsible"]))
    return {
        "region_id": region_id,
        "task_count": task_count,
        "agencies_per_task_mean": ratio_or_none(sum(government_per_task), task_count),
        "agencies_per_task_max": max(government_per_task, default=0),
        "implementers_per_task_mean": sum(implementers_per_task) / len(implementers_per_task)
        if implementers_per_task
        else None,
        "implementer_tasks": len(implementers_per_task),
        "single_lead_share": ratio_or_none(leads_per_task.count(1), task_count) if lead_links else None,
        "lead_links": lead_links,
        "support_links": support_links,
        "lead_support_ratio": ratio_or_none(lead_links, support_links),
        "lead_top_agency_id": top_agency_id,
        "lead_top_share": ratio_or_none(top_count, task_count) if top_agency_id else None,
        "lead_herfindahl": herfindahl(lead_counts.values()),
        "lead_gini": gini(lead_counts.values()),
        **{f"distinct_{role}_agencies": len({agency_id for _, agency_id in by_role[role]})
           for role in ("lead", "support", "implementer")},
        "responsible_links": len(by_role["responsible"]),
        "distinct_responsible_agencies": len({agency_id for _, agency_id in by_role["responsible"]}),
        "responsible_top_agency_id": responsible_top_id,
        "responsible_top_share": ratio_or_none(responsible_top_count, task_count) if responsible_top_id else None,
    }


def agencies_per_task(links: Iterable[tuple[str, str]]) -> list[int]:
    """Distinct agencies of each task named in (task_id, agency_id) links, tasks in order of first mention."""
    agencies: dict[str, set] = {}
    for task_id, agency_id in links:
        agencies.setdefault(task_id, set()).add(agency_id)
    return [len(named) for named in agencies.values()]


def value_counts(values: Iterable[str]) -> dict[str, int]:
    """{value: count}, largest first, ties in order of first appearance (as pandas' value_counts orders them:
    the concentration figures sum in this order)."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def busiest_agency(counts: dict[str, int]) -> tuple[str | None, int]:
    """(agency_id, count) of the largest count; ties go to the smallest agency_id so the result is stable."""
    if not counts:
        return None, 0
    largest = max(counts.values())
    return min(agency_id for agency_id, count in counts.items() if count == largest), largest


def ratio_or_none(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is 0 (an undefined figure, not a zero)."""
    return float(numerator) / denominator if denominator else None


# --- 3. function_shares ----------------------------------------------------------------------------------


def function_shares(tasks: pd.DataFrame, agencies: pd.DataFrame, task_agencies: pd.DataFrame) -> pd.DataFrame:
    """Table function_shares(region_id, function, role, task_count, task_share).

    task_count = distinct kind-'task' tasks with >= 1 agency of that function in that role (two agencies of
    one function on one task count once); task_share = task_count / the region's kind-'task' tasks.
    Agencies without a function, or missing from `agencies`, fall under UNCLASSIFIED_FUNCTION so that their
    tasks stay visible. Sorted by region_id, role, task_count descending, function.
    """
    links = task_links(tasks, task_agencies)
    functions = agencies[["agency_id", "function"]].drop_duplicates("agency_id")
    links = links.merge(functions, on="agency_id", how="left")
    links["function"] = (
        links["function"].astype("object").where(links["function"].notna(), UNCLASSIFIED_FUNCTION)
    )
    shares = links.groupby(["region_id", "function", "role"], as_index=False)["task_id"].nunique()
    shares = shares.rename(columns={"task_id": "task_count"})
    shares["task_count"] = shares["task_count"].astype("int64")
    shares["task_share"] = share_of_region(
        shares["task_count"], shares["region_id"], region_task_counts(tasks)
    )
    return sort_by_region_role(shares, ["function"])[FUNCTION_SHARE_COLUMNS]


# --- 4. agency_pairs -------------------------------------------------------------------------------------


def agency_pairs(tasks: pd.DataFrame, task_agencies: pd.DataFrame) -> pd.DataFrame:
    """Table agency_pairs(region_id, role_group, agency_id_a, agency_id_b, shared_tasks, jaccard).

    Pairs are formed within one region and one role group, never across: 'government' = lead, support and
    responsible together, 'implementer' = implementers (for Jinzhou, provincial departments and the college's offices
    are different levels). With tasks(x) = the distinct kind-'task' tasks naming x in the group:
    shared_tasks = |tasks(a) & tasks(b)| (only pairs with >= 1), jaccard = shared / |tasks(a) | tasks(b)|.
    agency_id_a < agency_id_b; sorted by region_id, role_group, agency_id_a, agency_id_b.
    """
    links = task_links(tasks, task_agencies)
    links["role_group"] = links["role"].map(ROLE_GROUPS)
    members = links.drop_duplicates(["region_id", "role_group", "task_id", "agency_id"])
    task_sets = members.groupby(["region_id", "role_group", "agency_id"])["task_id"].agg(frozenset)
    rows = [
        pair_rows(region_id, role_group, group.droplevel([0, 1]))
        for (region_id, role_group), group in task_sets.groupby(level=["region_id", "role_group"])
    ]
    pairs = pd.DataFrame([row for group_rows in rows for row in group_rows], columns=PAIR_COLUMNS)
    pairs = pairs.astype({"shared_tasks": "int64", "jaccard": "float64"})
    pairs = pairs.assign(group_position=pairs["role_group"].map(ROLE_GROUP_ORDER.index))
    pairs = pairs.sort_values(["region_id", "group_position", "agency_id_a", "agency_id_b"], kind="mergesort")
    return pairs.drop(columns="group_position").reset_index(drop=True)


def pair_rows(region_id: str, role_group: str, task_sets: pd.Series) -> list[dict[str, Any]]:
    """Pair rows of one region and role group from agency_id -> frozenset of task ids."""
    rows, task_sets = [], task_sets.to_dict()
    for agency_a, agency_b in combinations(sorted(task_sets), 2):
        shared = len(task_sets[agency_a] & task_sets[agency_b])
        if shared:
            union = len(task_sets[agency_a] | task_sets[agency_b])
            rows.append(
                {
                    "region_id": region_id,
                    "role_group": role_group,
                    "agency_id_a": agency_a,
                    "agency_id_b": agency_b,
                    "shared_tasks": shared,
                    "jaccard": shared / union,
                }
            )
    return rows


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """How responsibility is spread over agencies, per region."""
    # Load inputs
    tasks, agencies, links = tables["tasks"], tables["agencies"], tables["task_agencies"]
    # Derive and save outputs
    return {
        "agency_load": agency_load(tasks, agencies, links),
        "region_responsibility": region_responsibility(tasks, links),
        "function_shares": function_shares(tasks, agencies, links),
        "agency_pairs": agency_pairs(tasks, links),
    }
