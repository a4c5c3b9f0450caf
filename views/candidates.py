"""What a headline number was chosen from (shared by the metrics and the peer page): the rule, the candidate
numbers with the ones it is made of marked, and each candidate's source line (the canonical text stored in
table document_lines, so nothing is re-read from the raw file)."""

import streamlit as st

from analysis.metrics import candidate_summary, candidate_table
from analysis.sources import numbered_line
from views.shared import literal, query, show_table, t


def show_candidates(region_id: str, indicator: str, region_name: str, indicator_name: str, language: str,
                    key: str) -> None:
    """The headline of one region × indicator, the rule that chose it, its candidates and their source lines."""
    st.markdown(f"**{literal(region_name)} · {literal(indicator_name)}**")
    candidates = query("headline_candidates", region_id, indicator)
    rows = query("benchmark_rows", True, False)
    headline = rows[(rows["region_id"] == region_id) & (rows["indicator"] == indicator)]
    st.text(candidate_summary(candidates, headline.iloc[0].to_dict() if len(headline) else None, language))
    if candidates.empty:
        return
    show_table(candidate_table(candidates, language), width="stretch", hide_index=True, key=f"{key}_table",
               column_config={"chosen": t("column_chosen"), "scope": t("column_issuer_scope")})
    for row in candidates.drop_duplicates("metric_id").itertuples():
        if not isinstance(row.source_line, str):
            continue
        st.caption(f"{row.metric_id} · {row.source_path} · {t('metric_document_line', line=int(row.line))}")
        st.code(numbered_line(row.line, row.source_line), language=None)
