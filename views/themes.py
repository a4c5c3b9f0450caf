"""Keyword themes: coded themes and policy instruments per region, distinctive terms, keyword in context and
exploratory NMF topics."""

import streamlit as st

from analysis import themes as themes_view
from views.shared import download_buttons, language, query, region_names, show_table, source_caption, t

st.title(t("page_themes"))
lang = language()
names = region_names()
label_column = "label_en" if lang == "en" else "label_zh"
st.caption(t("themes_intro", n=len(names)))

# 1. Themes × regions
theme_shares = query("theme_region_shares", "vet_theme")
st.plotly_chart(themes_view.theme_heatmap(theme_shares, names, lang, t("themes_heatmap_title"),
                                          (t("themes_tasks_word"), t("themes_of_word"))),
                width="stretch", key="themes_heatmap")
st.caption(t("themes_heatmap_note"))

# 2. Policy-instrument mix
instrument_shares = query("theme_region_shares", "policy_instrument")
st.plotly_chart(themes_view.instrument_bars(instrument_shares, names, lang, t("themes_instruments_title"),
                                            t("themes_instruments_axis"),
                                            (t("themes_tasks_word"), t("themes_of_word"))),
                width="stretch", key="themes_instruments")
st.caption(t("themes_instruments_note"))
parents = query("parent_region_shares", "policy_instrument")
if not parents.empty:
    parent_label = "parent_label_en" if lang == "en" else "parent_label_zh"
    parent_table = parents.assign(region=parents["region_id"].map(names)).pivot_table(
        index="region", columns=parent_label, values="share").reindex([names[r] for r in names])
    parent_table = parent_table.rename_axis(index=t("region"), columns=None)
    st.markdown(f"**{t('themes_parent_table')}**")
    st.dataframe(parent_table.style.format("{:.0%}", na_rep=""), width="stretch")

# 3. Distinctive terms per region
st.header(t("themes_distinctive"))
controls = st.columns([2, 2, 3])
region = controls[0].selectbox(t("region"), list(names), format_func=names.get, key="themes_region")
with_names = controls[1].toggle(t("themes_with_names"), value=False, key="themes_with_names")
keyness_tab, tfidf_tab = st.tabs([t("themes_keyness_tab"), t("themes_tfidf_tab")])
with keyness_tab:
    keyness = query("region_keyness_terms", region, with_names)
    st.plotly_chart(themes_view.keyness_scatter(
        keyness, t("themes_scatter_title").format(region=names[region]),
        (t("themes_count_axis"), t("themes_z_axis")), language=lang), width="stretch", key="themes_scatter")
    st.caption(t("themes_keyness_note"))
    keyness_shown = keyness[["term", "count", "count_other", "z"]].round({"z": 2}).rename(
        columns={column: t(column) for column in ("term", "count", "count_other", "z")})
    show_table(keyness_shown, width="stretch", hide_index=True, height=320, key="themes_keyness_table")
    download_buttons(keyness_shown, f"keyness_{region}", "themes-keyness")
with tfidf_tab:
    tfidf = query("region_tfidf_terms", region, with_names)
    show_table(tfidf.round({"tfidf": 4}), width="stretch", hide_index=True, height=320)

# 4. Keyword in context
st.header(t("themes_kwic"))
term = st.text_input(t("themes_kwic_input"), key="themes_kwic", placeholder=t("themes_kwic_placeholder")).strip()
if term:
    holding = query("keyword_tasks", term)
    contexts = themes_view.keyword_in_context(holding, term)
    if contexts.empty:
        st.info(t("themes_kwic_none"))
    else:
        st.markdown(t("themes_kwic_count", term=term, count=len(contexts), tasks=contexts["task_id"].nunique()))
        shown = contexts.assign(
            region=contexts["region_id"].map(names), field=contexts["field"].map(lambda field: t(f"column_{field}")),
            source_lines=contexts["line_start"].astype(str) + "–" + contexts["line_end"].astype(str))[
            ["region", "task_id", "field", "left", "keyword", "right", "source_lines"]]
        shown = shown.rename(columns={column: t(column) for column in shown.columns if column != "task_id"})
        show_table(shown, width="stretch", hide_index=True, key="themes_kwic_table")
        download_buttons(shown, "keyword_in_context", "themes-kwic")
        codes = query("task_theme_codes", "vet_theme")
        codes = codes[codes["task_id"].isin(contexts["task_id"])]
        labels = theme_shares.drop_duplicates("theme").set_index("theme")[label_column]
        coded = codes.assign(region=codes["region_id"].map(names),
                             theme_label=codes["theme"].map(labels).fillna(codes["theme"]))[
            ["region", "task_id", "theme", "theme_label", "score", "evidence"]].rename(
            columns={"region": t("region"), "theme_label": t("theme"), "score": t("score"),
                     "evidence": t("evidence")})
        st.markdown(f"**{t('themes_coded_title')}**")
        show_table(coded, width="stretch", hide_index=True, key="themes_coded_table")

# 5. Exploratory NMF topics
st.header(t("themes_topics"))
st.caption(t("themes_topics_note"))
topics = themes_view.topic_table(query("topic_terms"), language=lang)
show_table(topics.rename(columns={"topic_id": t("topic_id"), "terms": t("terms")}), width="stretch",
           hide_index=True)

# 6. Methods and source
st.caption(t("themes_methods"))
source_caption()
