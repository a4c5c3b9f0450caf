"""The two-way grid of Chinese policy-text studies: policy instruments (Rothwell–Zegveld sub-types, scheme
`policy_instrument`) against reform domains (scheme `vet_theme`), per region and for the whole corpus.

Input: tables `tasks`, `task_themes`, `themes`. Output: instrument_domains(region_id, parent, instrument,
domain, tasks, instrument_tasks, domain_tasks, region_tasks, share, instrument_share), one row per region (and
region_id NULL for the corpus, as GROUP BY ROLLUP would give it) × instrument × domain of the codebooks, zeros
included, so a pivot of the table is the full grid.

A task counts in a cell when it carries both codes; a task with two instruments and three domains counts in
six cells, so cells do not add up to the task total. Safeguard items are left out (kind 'task' only), as on
the themes page.
"""

from __future__ import annotations

import pandas as pd

INSTRUMENT_SCHEME = "policy_instrument"
DOMAIN_SCHEME = "vet_theme"
GRID_COLUMNS = ["region_id", "parent", "instrument", "domain", "tasks", "instrument_tasks", "domain_tasks",
                "region_tasks", "share", "instrument_share"]


def coded_tasks(task_themes: pd.DataFrame, tasks: pd.DataFrame, scheme: str, column: str) -> pd.DataFrame:
    """(task_id, region_id, <column>) of a scheme's codes on kind-'task' tasks, one row per task and code."""
    counted = task_themes[(task_themes["scheme"] == scheme) & task_themes["counted"]]  # enough evidence only
    codes = counted[["task_id", "theme"]].rename(columns={"theme": column})
    own_tasks = tasks.loc[tasks["kind"] == "task", ["task_id", "region_id"]]
    return codes.drop_duplicates().merge(own_tasks, on="task_id")


def with_corpus(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows once per region and once more with region_id None (the corpus)."""
    return pd.concat([frame, frame.assign(region_id=None)], ignore_index=True)


def distinct_tasks(frame: pd.DataFrame, keys: list[str], name: str) -> pd.DataFrame:
    """Distinct tasks per key combination; region_id None stays a key (dropna=False)."""
    return frame.groupby(keys, dropna=False)["task_id"].nunique().rename(name).reset_index()


def full_grid(regions: list, instruments: pd.DataFrame, domains: list) -> pd.DataFrame:
    """Every region (and None) × instrument × domain: the cells a pivot of the table shows, empty ones too."""
    grid = pd.MultiIndex.from_product([[*regions, None], instruments["instrument"], domains],
                                      names=["region_id", "instrument", "domain"]).to_frame(index=False)
    return grid.merge(instruments, on="instrument")


def instrument_domains(tasks: pd.DataFrame, task_themes: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """The grid with its counts and shares (see the module docstring)."""
    instrument_codes = with_corpus(coded_tasks(task_themes, tasks, INSTRUMENT_SCHEME, "instrument"))
    domain_codes = with_corpus(coded_tasks(task_themes, tasks, DOMAIN_SCHEME, "domain"))
    pairs = instrument_codes.merge(domain_codes, on=["task_id", "region_id"])
    region_tasks = distinct_tasks(with_corpus(tasks[tasks["kind"] == "task"]), ["region_id"], "region_tasks")
    instruments = themes.loc[themes["scheme"] == INSTRUMENT_SCHEME, ["theme", "parent"]].rename(
        columns={"theme": "instrument"})
    domains = themes.loc[themes["scheme"] == DOMAIN_SCHEME, "theme"].tolist()
    regions = sorted(tasks.loc[tasks["kind"] == "task", "region_id"].unique())
    grid = (full_grid(regions, instruments, domains)
            .merge(distinct_tasks(pairs, ["region_id", "instrument", "domain"], "tasks"), how="left")
            .merge(distinct_tasks(instrument_codes, ["region_id", "instrument"], "instrument_tasks"), how="left")
            .merge(distinct_tasks(domain_codes, ["region_id", "domain"], "domain_tasks"), how="left")
            .merge(region_tasks, how="left"))
    counts = ["tasks", "instrument_tasks", "domain_tasks", "region_tasks"]
    grid[counts] = grid[counts].fillna(0).astype(int)
    grid["share"] = grid["tasks"] / grid["region_tasks"].where(grid["region_tasks"] > 0)
    grid["instrument_share"] = grid["tasks"] / grid["instrument_tasks"].where(grid["instrument_tasks"] > 0)
    return grid[GRID_COLUMNS]


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Instrument × domain counts per region and for the corpus."""
    # Load inputs
    tasks, task_themes, themes = tables["tasks"], tables["task_themes"], tables["themes"]
    # Derive
    grid = instrument_domains(tasks, task_themes, themes)
    # Save outputs
    assert grid["tasks"].le(grid["instrument_tasks"]).all(), "a cell holds more tasks than its instrument"
    return {"instrument_domains": grid}
