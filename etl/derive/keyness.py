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

Generic policy words (the 'generic' tier of task_terms: 加强、推进、全方位、格局 …) are left out unless asked
for, like place and agency names: a list full of them only reads as distinctive for being wordier.

Both are one DuckDB statement each, run inside the database being written over the stored `task_terms` (no
region × vocabulary frame in Python); `region_keyness` and `region_tfidf` run the same statements on a
DataFrame, for tests and notebooks.
"""

from __future__ import annotations

import duckdb
import pandas as pd

PRIOR_SCALE = 500.0
KEYNESS_COLUMNS = ["region_id", "term", "count", "count_other", "z", "log_odds"]
TFIDF_COLUMNS = ["region_id", "term", "tfidf", "rank"]
TFIDF_TOP_N = 30
STORED_TERMS = "(SELECT t.region_id, tt.term, tt.count, tt.tier FROM task_terms tt JOIN tasks t USING (task_id))"
# Ordinary terms always; place and agency names with $with_names; generic policy words with $with_generic.
SELECTED_TIERS = ("(tier IS NULL OR (tier IN ('place', 'agency') AND $with_names) "
                  "OR (tier = 'generic' AND $with_generic))")

# Monroe et al. (2008) eq. 22 and 24 over region × term counts: `source` holds (region_id, term, count, tier).
KEYNESS_SQL = """
    WITH counts AS (
        SELECT region_id, term, sum(count)::DOUBLE AS y FROM {source}
        WHERE {selected} GROUP BY region_id, term),
    corpus AS (SELECT term, sum(y) AS corpus_count FROM counts GROUP BY term),
    totals AS (SELECT sum(y) AS n FROM counts),
    region_totals AS (SELECT region_id, sum(y) AS n_i FROM counts GROUP BY region_id),
    scored AS (
        SELECT c.region_id, c.term, c.y, k.corpus_count - c.y AS y_j, r.n_i, t.n - r.n_i AS n_j,
               $prior * k.corpus_count / t.n AS alpha
        FROM counts c JOIN corpus k USING (term) JOIN region_totals r USING (region_id) CROSS JOIN totals t),
    deltas AS (
        SELECT *, ln((y + alpha) / (n_i + $prior - y - alpha))
                  - ln((y_j + alpha) / (n_j + $prior - y_j - alpha)) AS log_odds FROM scored)
    SELECT region_id, term, y::BIGINT AS count, y_j::BIGINT AS count_other,
           log_odds / sqrt(1 / (y + alpha) + 1 / (y_j + alpha)) AS z, log_odds
    FROM deltas WHERE y > 0
    ORDER BY region_id, z DESC, term
"""

# scikit-learn's TfidfTransformer(sublinear_tf=True) with each region's pooled terms as one document.
TFIDF_SQL = """
    WITH counts AS (
        SELECT region_id, term, sum(count)::DOUBLE AS c FROM {source}
        WHERE {selected} GROUP BY region_id, term HAVING sum(count) > 0),
    documents AS (SELECT count(DISTINCT region_id)::DOUBLE AS r FROM counts),
    frequency AS (SELECT term, count(*)::DOUBLE AS df FROM counts GROUP BY term),
    weights AS (
        SELECT region_id, term, (1 + ln(c)) * (ln((1 + r) / (1 + df)) + 1) AS w
        FROM counts JOIN frequency USING (term) CROSS JOIN documents),
    norms AS (  -- summed in term order, so that every run gives the same bits
        SELECT region_id, sqrt(list_sum(list(w * w ORDER BY term))) AS norm FROM weights GROUP BY region_id),
    normed AS (SELECT region_id, term, w / norm AS tfidf FROM weights JOIN norms USING (region_id))
    SELECT region_id, term, tfidf, row_number() OVER (PARTITION BY region_id ORDER BY tfidf DESC, term) AS rank
    FROM normed QUALIFY rank <= $top_n
    ORDER BY region_id, rank
"""


def statement(sql: str, source: str) -> str:
    return sql.format(source=source, selected=SELECTED_TIERS)


def with_frame(frame: pd.DataFrame, sql: str, parameters: dict) -> pd.DataFrame:
    """Run one of the statements on a DataFrame of (region_id, term, count[, tier])."""
    assert "region_id" in frame, "task_terms must be joined to tasks.region_id first"
    if "tier" not in frame:
        frame = frame.assign(tier=None)
    with duckdb.connect() as connection:
        connection.register("terms_frame", frame[["region_id", "term", "count", "tier"]])
        return connection.execute(statement(sql, "terms_frame"), parameters).df()


def region_keyness(
    task_terms_with_region: pd.DataFrame, include_optional_tiers: bool, prior_scale: float = PRIOR_SCALE,
    include_generic: bool = False,
) -> pd.DataFrame:
    """DataFrame(region_id, term, count, count_other, z, log_odds): terms the region uses, z descending.
    include_optional_tiers: place and agency names too; include_generic: generic policy words too."""
    return with_frame(task_terms_with_region, KEYNESS_SQL, {"with_names": bool(include_optional_tiers),
                                                            "with_generic": bool(include_generic),
                                                            "prior": float(prior_scale)})


def region_tfidf(
    task_terms_with_region: pd.DataFrame, include_optional_tiers: bool = False, top_n: int = TFIDF_TOP_N,
    include_generic: bool = False,
) -> pd.DataFrame:
    """DataFrame(region_id, term, tfidf, rank): each region's pooled terms as one document, top_n each.

    scikit-learn's smoothed idf, ln((1 + R) / (1 + df)) + 1 with R regions, so a term every list uses keeps
    weight 1 rather than 0; the l2 norm makes the scores comparable between long and short lists.
    """
    return with_frame(task_terms_with_region, TFIDF_SQL, {"with_names": bool(include_optional_tiers),
                                                          "with_generic": bool(include_generic), "top_n": int(top_n)})


# --- Stage (in the database being written) -----------------------------------------------------------------

def run_in_database(connection) -> None:
    """Distinctive terms of each region, with and without place and agency names and generic policy words,
    from the stored task_terms."""
    keyness, tfidf = statement(KEYNESS_SQL, STORED_TERMS), statement(TFIDF_SQL, STORED_TERMS)
    for with_names in (False, True):
        for with_generic in (False, True):
            tiers = {"with_names": with_names, "with_generic": with_generic}
            connection.execute(f"INSERT INTO region_keyness SELECT *, $with_names, $with_generic FROM ({keyness})",
                               {**tiers, "prior": PRIOR_SCALE})
            connection.execute(f"INSERT INTO region_tfidf SELECT *, $with_names, $with_generic FROM ({tfidf})",
                               {**tiers, "top_n": TFIDF_TOP_N})
