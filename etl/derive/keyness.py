"""Which terms mark one region's task list against the other three.

Method: log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words",
Political Analysis 16(4), eq. 22 and 24), each region against all other regions pooled. For region i, the
rest j, a term w with counts y and totals n:

    alpha_w   = PRIOR_SCALE * (corpus count of w / corpus total)      alpha_0 = sum of alpha_w = PRIOR_SCALE
    delta_w   = log((y_iw + alpha_w) / (n_i + alpha_0 - y_iw - alpha_w))
              - log((y_jw + alpha_w) / (n_j + alpha_0 - y_jw - alpha_w))
    variance  = 1 / (y_iw + alpha_w) + 1 / (y_jw + alpha_w)
    z         = delta_w / sqrt(variance)

The prior is the whole corpus (all four lists), so a term is pulled towards its corpus share. PRIOR_SCALE is
the prior's weight in pseudo-tokens: the four task lists hold about 4,000 content tokens, so 500 makes
the prior about an eighth of the data. It shrinks terms seen once or twice (their variance stays large)
without swamping the frequent ones; the top ten terms of each region change by only two or three between
scales of 100 and 3,000. Pass `prior_scale` to try others.

A second view, `region_tfidf`, treats each region's pooled terms as one document.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer

PRIOR_SCALE = 500.0
KEYNESS_COLUMNS = ["region_id", "term", "count", "count_other", "z", "log_odds"]
TFIDF_COLUMNS = ["region_id", "term", "tfidf", "rank"]


def select_terms(task_terms_with_region: pd.DataFrame, include_optional_tiers: bool) -> pd.DataFrame:
    """Ordinary terms only, or with the 'place' and 'agency' tiers as well."""
    assert "region_id" in task_terms_with_region, "task_terms must be joined to tasks.region_id first"
    if include_optional_tiers or "tier" not in task_terms_with_region:
        return task_terms_with_region
    return task_terms_with_region[task_terms_with_region["tier"].isna()]


def region_term_counts(task_terms_with_region: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per term, one column per region, zeros where a region never uses the term."""
    return (
        task_terms_with_region.groupby(["term", "region_id"])["count"]
        .sum()
        .unstack("region_id", fill_value=0)
        .sort_index()
        .sort_index(axis=1)
    )


def log_odds_with_prior(
    counts_region: np.ndarray, counts_other: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return (delta, z) for one region against the pooled rest, Monroe et al. (2008) eq. 22 and 24."""
    prior_total = prior.sum()
    total_region = counts_region.sum()
    total_other = counts_other.sum()
    region_share = counts_region + prior
    other_share = counts_other + prior
    delta = np.log(region_share / (total_region + prior_total - region_share)) - np.log(
        other_share / (total_other + prior_total - other_share)
    )
    variance = 1.0 / region_share + 1.0 / other_share
    return delta, delta / np.sqrt(variance)


def region_keyness(
    task_terms_with_region: pd.DataFrame, include_optional_tiers: bool, prior_scale: float = PRIOR_SCALE
) -> pd.DataFrame:
    """DataFrame(region_id, term, count, count_other, z, log_odds): terms the region uses, z descending."""
    counts = region_term_counts(select_terms(task_terms_with_region, include_optional_tiers))
    corpus_counts = counts.sum(axis=1).to_numpy(dtype=float)
    prior = prior_scale * corpus_counts / corpus_counts.sum()
    frames = []
    for region_id in counts.columns:
        counts_region = counts[region_id].to_numpy(dtype=float)
        counts_other = corpus_counts - counts_region
        delta, z = log_odds_with_prior(counts_region, counts_other, prior)
        frame = pd.DataFrame(
            {
                "region_id": region_id,
                "term": counts.index,
                "count": counts_region.astype("int64"),
                "count_other": counts_other.astype("int64"),
                "z": z,
                "log_odds": delta,
            }
        )
        frames.append(frame[frame["count"] > 0])
    keyness = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=KEYNESS_COLUMNS)
    return keyness.sort_values(["region_id", "z", "term"], ascending=[True, False, True], ignore_index=True)


def region_tfidf(
    task_terms_with_region: pd.DataFrame, include_optional_tiers: bool = False, top_n: int = 30
) -> pd.DataFrame:
    """DataFrame(region_id, term, tfidf, rank): each region's pooled terms as one document, top_n each.

    scikit-learn's smoothed idf, ln((1 + 4) / (1 + df)) + 1 with four regions, so a term all four lists use
    keeps weight 1 rather than 0; the l2 norm makes the scores comparable between long and short lists.
    """
    counts = region_term_counts(select_terms(task_terms_with_region, include_optional_tiers))
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts.T.to_numpy()).toarray()
    frames = []
    for position, region_id in enumerate(counts.columns):
        frame = pd.DataFrame({"region_id": region_id, "term": counts.index, "tfidf": weights[position]})
        frame = frame[frame["tfidf"] > 0].sort_values(["tfidf", "term"], ascending=[False, True]).head(top_n)
        frame["rank"] = np.arange(1, len(frame) + 1, dtype="int64")
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=TFIDF_COLUMNS)
    return pd.concat(frames, ignore_index=True)[TFIDF_COLUMNS]


# --- Stage -------------------------------------------------------------------------------------------------

def run(tables: dict) -> dict:
    """Distinctive terms of each region, with and without place and agency names."""
    # Load inputs
    with_region = tables["task_terms"].merge(tables["tasks"][["task_id", "region_id"]], on="task_id")
    # Derive
    keyness = pd.concat([region_keyness(with_region, names).assign(with_names=names) for names in (False, True)],
                        ignore_index=True)
    tfidf = pd.concat([region_tfidf(with_region, names).assign(with_names=names) for names in (False, True)],
                      ignore_index=True)
    # Save outputs
    return {"region_keyness": keyness, "region_tfidf": tfidf}
