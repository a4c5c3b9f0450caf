"""Keyword themes: coded themes and policy instruments per region, distinctive terms, keyword in context and
exploratory NMF topics. A click on a heatmap cell or an instrument bar opens the tasks behind it."""

import streamlit as st

from analysis import reliability
from analysis import themes as themes_view
from analysis.i18n import format_percent
from views import url_state
from views.shared import (
    KWIC_TASKS,
    language,
    literal,
    open_tasks,
    picked_point,
    query,
    question,
    region_names,
    region_window,
    show_chart,
    source_caption,
    t,
    table,
)

st.title(t("page_themes"))
question("question_themes")
lang = language()
names = region_names()
label_column = "label_en" if lang == "en" else "label_zh"
st.caption(t("themes_intro", n=len(names)))


def open_clicked(event, theme_at: int, region_at: int) -> None:
    """A click on a cell or bar opens the region's kind-'task' tasks coded with that theme."""
    point = picked_point(event)
    if point:
        open_tasks(region=point[region_at], theme=point[theme_at], kind="task")


# 1. Themes × regions (with many regions: the N with most tasks, a page at a time)
theme_shares = query("theme_region_shares", "vet_theme")
shown = region_window(theme_shares.drop_duplicates("region_id").set_index("region_id")["region_tasks"],
                      "themes_regions")
shown_names = {region: names[region] for region in shown}
event = show_chart(themes_view.theme_heatmap(theme_shares[theme_shares["region_id"].isin(shown)], shown_names, lang, t("themes_heatmap_title"),
                                             (t("themes_tasks_word"), t("themes_of_word"))),
                   "themes_heatmap", t("themes_heatmap_title"), subtitle=t("themes_heatmap_subtitle"),
                   stem="themes_heatmap", on_select="rerun", selection_mode="points")
open_clicked(event, 2, 3)
st.caption(t("themes_heatmap_note"))

# 2. Policy-instrument mix
instrument_shares = query("theme_region_shares", "policy_instrument")
event = show_chart(themes_view.instrument_bars(instrument_shares[instrument_shares["region_id"].isin(shown)],
                                               shown_names, lang, t("themes_instruments_title"),
                                               t("themes_instruments_axis"),
                                               (t("themes_tasks_word"), t("themes_of_word"))),
                   "themes_instruments", t("themes_instruments_title"), subtitle=t("themes_instruments_subtitle"),
                   stem="policy_instruments", on_select="rerun", selection_mode="points")
open_clicked(event, 3, 4)
st.caption(t("themes_instruments_note"))
parents = query("parent_region_shares", "policy_instrument")
if not parents.empty:
    parent_label = "parent_label_en" if lang == "en" else "parent_label_zh"
    parents = parents[parents["region_id"].isin(shown)]
    parent_table = parents.assign(region=parents["region_id"].map(names)).pivot_table(
        index="region", columns=parent_label, values="share").reindex(list(shown_names.values()))
    parent_table = parent_table.map(lambda share: format_percent(share, lang)).rename_axis(columns=None)
    st.markdown(f"**{t('themes_parent_table')}**")
    table(parent_table.reset_index().rename(columns={"region": t("region")}), "policy_instrument_types",
          t("themes_parent_table"), width="stretch", hide_index=True)

# 2b. How far the codes can be trusted: agreement with a hand-coded sample (table coding_agreement)
st.subheader(t("themes_reliability"))
agreement, held_out = query("coding_agreement", "all"), query("coding_agreement", "held_out")
if agreement.empty:
    st.info(t("themes_reliability_none"))
else:
    schemes = {"vet_theme": t("themes_reliability_themes"), "policy_instrument": t("themes_reliability_instruments")}
    pooled = {row.scheme: row for row in agreement[agreement["code"] == "all"].itertuples()}
    scheme_tabs = url_state.tabs(schemes, key="themes_reliability_tab", parameter="coding")
    for scheme, tab in scheme_tabs.items():
        if not tab.open:  # only the open tab's chart is drawn (a click on the other reruns the page)
            continue
        rows = reliability.scheme_rows(agreement, scheme, lang, t("themes_reliability_pooled"))
        with tab:
            title = t("themes_reliability_title", scheme=schemes[scheme], kappa=pooled[scheme].kappa,
                      tasks=int(rows["n"].iloc[0]))
            show_chart(reliability.kappa_chart(rows, title, t("themes_reliability_axis"),
                                               (t("themes_reliability_hand"), t("themes_reliability_pr"))),
                       f"themes_reliability_{scheme}", title, stem=f"coding_agreement_{scheme}")
            table(reliability.agreement_table(rows), f"coding_agreement_{scheme}", title, width="stretch",
                  hide_index=True, key=f"themes_reliability_table_{scheme}")
    held = {row.scheme: row for row in held_out[held_out["code"] == "all"].itertuples()}
    st.caption(t("themes_reliability_note", tasks=int(agreement["n"].iloc[0]),
                 held_out=int(held_out["n"].iloc[0]) if not held_out.empty else 0,
                 themes=held["vet_theme"].kappa if "vet_theme" in held else float("nan"),
                 instruments=held["policy_instrument"].kappa if "policy_instrument" in held else float("nan")))

# 3. Distinctive terms per region
st.header(t("themes_distinctive"))
controls = st.columns([2, 2, 2])
region = url_state.choice(t("region"), list(names), format_func=names.get, key="themes_region", parameter="region",
                          container=controls[0])
with_names = url_state.switch(t("themes_with_names"), key="themes_with_names", parameter="names",
                              container=controls[1])
with_generic = url_state.switch(t("themes_with_generic"), key="themes_with_generic", parameter="generic",
                                container=controls[2], help=t("themes_with_generic_help"))
tabs = url_state.tabs({"keyness": t("themes_keyness_tab"), "tfidf": t("themes_tfidf_tab")}, key="themes_tab",
                      parameter="tab")


def show_keyness() -> None:
    keyness = query("region_keyness_terms", region, with_names, with_generic)
    scatter_title = t("themes_scatter_title").format(region=names[region])
    show_chart(themes_view.keyness_scatter(keyness, scatter_title, (t("themes_count_axis"), t("themes_z_axis")),
                                           language=lang),
               "themes_scatter", scatter_title, subtitle=t("themes_scatter_subtitle"), regions=list(names),
               stem=f"keyness_{region}")
    st.caption(t("themes_keyness_note"))
    keyness_shown = keyness[["term", "count", "count_other", "z"]].round({"z": 2}).rename(
        columns={column: t(column) for column in ("term", "count", "count_other", "z")})
    table(keyness_shown, f"keyness_{region}", scatter_title, width="stretch", hide_index=True, height=320,
          key="themes_keyness_table")


def show_tfidf() -> None:
    tfidf = query("region_tfidf_terms", region, with_names, with_generic=with_generic)
    table(tfidf.round({"tfidf": 4}), f"tfidf_{region}", t("themes_tfidf_tab"), regions=[region], width="stretch",
          hide_index=True, height=320)


for code, show in {"keyness": show_keyness, "tfidf": show_tfidf}.items():
    if tabs[code].open:  # only the open tab is computed (a click on the other reruns the page)
        with tabs[code]:
            show()

# 4. Keyword in context
st.header(t("themes_kwic"))
term = url_state.words(t("themes_kwic_input"), key="themes_kwic", parameter="term", max_length=50,
                       placeholder=t("themes_kwic_placeholder"))
if term:
    holding = query("keyword_tasks", term, limit=KWIC_TASKS)  # the first tasks; the counts are of all
    contexts = themes_view.keyword_in_context(holding, term)
    if contexts.empty:
        st.info(t("themes_kwic_none"))
    else:
        found = query("keyword_counts", term)
        st.markdown(t("themes_kwic_count", term=literal(term), count=found["occurrences"], tasks=found["tasks"]))
        st.caption(t("themes_kwic_counts_what"))
        if found["tasks"] > len(holding):
            st.caption(t("kwic_window", shown=len(holding), total=found["tasks"]))
        st.page_link("views/tasks.py", label=t("themes_kwic_open"), icon=":material/open_in_new:",
                     query_params={"q": term, "lang": lang})
        table(themes_view.kwic_table(contexts, names, lang), "keyword_in_context", t("themes_kwic"),
              width="stretch", hide_index=True, key="themes_kwic_table")
        codes = query("task_theme_codes", "vet_theme", tuple(contexts["task_id"].unique()))
        labels = theme_shares.drop_duplicates("theme").set_index("theme")[label_column]
        coded = codes.assign(region=codes["region_id"].map(names),
                             theme_label=codes["theme"].map(labels).fillna(codes["theme"]))[
            ["region", "task_id", "theme", "theme_label", "score", "evidence", "evidence_count", "counted"]].rename(
            columns={"region": t("region"), "theme_label": t("theme"), "score": t("score"),
                     "evidence": t("evidence"), "evidence_count": t("evidence_count"), "counted": t("counted")})
        st.markdown(f"**{t('themes_coded_title')}**")
        table(coded, "keyword_theme_codes", t("themes_coded_title"), width="stretch", hide_index=True,
              key="themes_coded_table")

# 5. Exploratory NMF topics
st.header(t("themes_topics"))
st.caption(t("themes_topics_note"))
topics = themes_view.topic_table(query("topic_terms"), language=lang)
table(topics.rename(columns={"topic_id": t("topic_id"), "terms": t("terms")}), "nmf_topics", t("themes_topics"),
      width="stretch", hide_index=True)

# 6. Methods and source
st.caption(t("themes_methods"))
source_caption()
