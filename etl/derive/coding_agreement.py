"""How far the automatic coding can be trusted: agreement of the stored codes (table `task_themes`) with a
hand-coded sample (data/coding/sample.csv, coded by the rules of data/coding/guide.md).

Input: tables `tasks`, `task_themes`, `themes` and the sample file. Output: coding_agreement(sample, scheme,
code, n, hand_tasks, auto_tasks, both_tasks, observed_agreement, kappa, kappa_low, kappa_high, precision,
recall): one row per code of each codebook plus a row `all` per scheme (every task × code decision of the
scheme pooled), for the whole sample (`sample = 'all'`) and for each part of it named in the file's
`subsample` column (`tuning`: the tasks the codebook was revised on; `held_out`: tasks coded afterwards).

Per code, each sampled task is one yes/no decision of each coder. Cohen's κ = (p_o − p_e) / (1 − p_e) (Cohen
1960); precision = tasks both coders gave the code ÷ tasks the ETL gave it; recall = the same ÷ tasks the hand
coder gave it. kappa_low/kappa_high: 95% percentile bootstrap over the sampled tasks (fixed seed).

The surprising parts: a sampled task is found in this build by (doc_id, line_start), its first canonical
line, so renumbered task ids do not break the comparison; a task of a built document that is no longer found
is reported in etl_warnings and left out. The automatic side counts the task_themes rows that count (enough
evidence, the codebook's rule; the partial-match fallback never does), because that is what the pages count:
the figure measures whatever coder is current.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from etl.paths import DATA_DIRECTORY

SAMPLE_PATH = DATA_DIRECTORY / "coding" / "sample.csv"
ALL_CODES = "all"
OTHER_CODE = "other"
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 16
AGREEMENT_COLUMNS = ["sample", "scheme", "code", "n", "hand_tasks", "auto_tasks", "both_tasks", "observed_agreement",
                     "kappa", "kappa_low", "kappa_high", "precision", "recall"]
STAGE_NAME = "coding agreement"


def read_sample(path=SAMPLE_PATH) -> pd.DataFrame:
    """The hand codes: one row per (task, scheme, code) the coder gave."""
    sample = pd.read_csv(path, dtype={"task_id": str, "doc_id": str, "subsample": str, "scheme": str, "code": str})
    assert {"doc_id", "line_start", "scheme", "code"} <= set(sample.columns), f"{path}: columns missing"
    return sample


def locate_sample(sample: pd.DataFrame, tasks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(hand codes with this build's task_id, warnings for sampled tasks of built documents not found)."""
    keys = tasks[["doc_id", "line_start", "task_id"]].rename(columns={"task_id": "built_task_id"})
    located = sample.merge(keys, on=["doc_id", "line_start"], how="left")
    lost = located[located["built_task_id"].isna() & located["doc_id"].isin(tasks["doc_id"])]
    lost = lost.drop_duplicates(["doc_id", "line_start"])
    warnings = pd.DataFrame({"doc_id": lost["doc_id"], "line": lost["line_start"], "stage": STAGE_NAME,
                             "message": "hand-coded task not found: no task starts on this line"})
    found = located.dropna(subset=["built_task_id"]).assign(task_id=lambda frame: frame["built_task_id"])
    return found.drop(columns="built_task_id"), warnings


def decision_matrices(hand: pd.DataFrame, auto: pd.DataFrame, task_ids: list, codes: list):
    """Two task × code yes/no matrices: the hand coder's and the ETL's."""
    def matrix(frame):
        marked = pd.crosstab(frame["task_id"], frame["code"]).clip(upper=1)
        return marked.reindex(index=task_ids, columns=codes, fill_value=0).to_numpy(dtype=bool)
    return matrix(hand), matrix(auto)


def kappa_from_counts(both, hand_only, auto_only, neither):
    """Cohen's κ from the four cells of 2 × 2 tables (arrays allowed); NaN where chance agreement is 1."""
    both, hand_only, auto_only, neither = (np.asarray(cell, dtype=float)
                                           for cell in (both, hand_only, auto_only, neither))
    total = both + hand_only + auto_only + neither
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (both + neither) / total
        hand_yes, auto_yes = (both + hand_only) / total, (both + auto_only) / total
        expected = hand_yes * auto_yes + (1 - hand_yes) * (1 - auto_yes)
        return np.where(expected < 1, (observed - expected) / (1 - expected), np.nan)


def cell_counts(hand: np.ndarray, auto: np.ndarray, axis: int):
    """Both, hand only, ETL only, neither: counted along `axis` (the tasks)."""
    return ((hand & auto).sum(axis), (hand & ~auto).sum(axis), (~hand & auto).sum(axis),
            (~hand & ~auto).sum(axis))


def bootstrap_interval(hand: np.ndarray, auto: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% percentile interval of κ per code (columns) and pooled (last entry), resampling tasks."""
    draws = np.random.default_rng(BOOTSTRAP_SEED).integers(0, len(hand), (BOOTSTRAP_SAMPLES, len(hand)))
    hand_draws, auto_draws = hand[draws], auto[draws]
    per_code = kappa_from_counts(*cell_counts(hand_draws, auto_draws, axis=1))
    flat = (BOOTSTRAP_SAMPLES, -1)
    pooled = kappa_from_counts(*cell_counts(hand_draws.reshape(flat), auto_draws.reshape(flat), axis=1))
    kappas = np.column_stack([per_code, pooled])
    with warnings.catch_warnings():  # a code nobody used has κ undefined in every draw: NaN, said once here
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanpercentile(kappas, 2.5, axis=0), np.nanpercentile(kappas, 97.5, axis=0)


def agreement_rows(scheme: str, hand: np.ndarray, auto: np.ndarray, codes: list) -> pd.DataFrame:
    """One row per code and one pooled row (`all`) for one scheme."""
    counts = np.column_stack(cell_counts(hand, auto, axis=0))
    pooled = np.array(cell_counts(hand.ravel(), auto.ravel(), axis=0))
    counts = np.vstack([counts, pooled])
    both, hand_only, auto_only, neither = counts.T
    low, high = bootstrap_interval(hand, auto)
    with np.errstate(divide="ignore", invalid="ignore"):
        rows = pd.DataFrame({
            "scheme": scheme, "code": [*codes, ALL_CODES], "n": counts.sum(axis=1),
            "hand_tasks": both + hand_only, "auto_tasks": both + auto_only, "both_tasks": both,
            "observed_agreement": (both + neither) / counts.sum(axis=1),
            "kappa": kappa_from_counts(both, hand_only, auto_only, neither), "kappa_low": low,
            "kappa_high": high, "precision": both / (both + auto_only), "recall": both / (both + hand_only)})
    return rows


def scheme_agreement(scheme: str, hand: pd.DataFrame, auto: pd.DataFrame, codes: list) -> pd.DataFrame:
    """Agreement over the sampled tasks of one scheme; `other` is a code when either coder used it."""
    task_ids = sorted(hand["task_id"].unique())
    auto = auto[auto["task_id"].isin(task_ids)]
    used = set(hand["code"]) | set(auto["code"])
    codes = [*codes, *sorted(used - set(codes) - {OTHER_CODE}), *([OTHER_CODE] if OTHER_CODE in used else [])]
    hand_matrix, auto_matrix = decision_matrices(hand, auto, task_ids, codes)
    return agreement_rows(scheme, hand_matrix, auto_matrix, codes)


def sample_parts(sample: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The whole sample under ALL_CODES ('all') and each named subsample."""
    parts = {ALL_CODES: sample}
    if "subsample" in sample.columns:
        parts.update(dict(tuple(sample.dropna(subset=["subsample"]).groupby("subsample", sort=True))))
    return parts


def coding_agreement(sample: pd.DataFrame, task_themes: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """coding_agreement for every part of the sample and every scheme it codes (sample located in this build)."""
    frames = []
    for part, part_codes in sample_parts(sample).items():
        for scheme, hand in part_codes.groupby("scheme", sort=True):
            codes = themes.loc[themes["scheme"] == scheme, "theme"].tolist()
            auto = task_themes.loc[(task_themes["scheme"] == scheme) & task_themes["counted"],
                                   ["task_id", "theme"]].rename(
                columns={"theme": "code"})
            frames.append(scheme_agreement(scheme, hand, auto, codes).assign(sample=part))
    if not frames:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[AGREEMENT_COLUMNS]


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Agreement of the stored automatic codes with the hand-coded sample."""
    # Load inputs
    if not SAMPLE_PATH.exists():  # a project without a hand-coded sample: an empty table, not a failed build
        return {"coding_agreement": pd.DataFrame(columns=AGREEMENT_COLUMNS)}
    sample, warnings = locate_sample(read_sample(), tables["tasks"])
    # Derive
    agreement = coding_agreement(sample, tables["task_themes"], tables["themes"])
    # Save outputs
    outputs = {"coding_agreement": agreement}
    if not warnings.empty:
        outputs["etl_warnings"] = pd.concat([tables["etl_warnings"], warnings], ignore_index=True)
    return outputs
