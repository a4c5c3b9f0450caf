"""Peer benchmark: my region against the others — theme and indicator scorecards, gaps, what only I
commit to, matched tasks with their differences — and briefing-ready exports. The view lives in the URL
(?region=…&peer=…&indicator=…), so a link reproduces it."""

import pandas as pd
import streamlit as st

from analysis import peers as bench
from analysis.briefing import briefing_html
from analysis.i18n import join, join_some
from analysis.metrics import benchmark_chart
from analysis.peer_groups import PEER_GROUPS, peer_regions
from views import url_state
from views.candidates import show_candidates
from views.shared import (
    deck_button,
    download_buttons,
    draw_chart,
    export_chart,
    language,
    query,
    question,
    region_names,
    region_window,
    show_table,
    source_caption,
    t,
)


def titled_table(column, title, frame, stem, key) -> None:
    """A titled table with its downloads, or a plain 'none found' line."""
    with column:
        st.markdown(f"**{title}**")
        if frame.empty:
            st.text(t("bench_none_found"))
        else:
            show_table(frame, width="stretch", hide_index=True)
            download_buttons(frame, stem, key, title)

st.title(t("page_peers"))
question("question_peers")
lang = language()
names = region_names()
regions = list(names)
st.caption(t("bench_intro", n=len(regions) - 1))


top = st.columns([2, 2, 2, 3])
region = url_state.choice(t("bench_region"), regions, format_func=names.get, key="bench_region", parameter="region",
                          container=top[0])
group_names = {code: t(f"peer_group_{code}") for code in PEER_GROUPS}
group = url_state.choice(t("metric_peer_group"), list(PEER_GROUPS), format_func=group_names.get, key="bench_group",
                         parameter="group", container=top[1], help=t("bench_group_help"))
facts = query("peer_region_facts")
peers = peer_regions(facts, region, group)
if not peers:  # nobody like mine in this group: say so and compare with every region
    st.info(t("bench_group_empty", group=group_names[group]))
    peers = peer_regions(facts, region, "all")
others = [other for other in regions if other != region]
theme_counts = query("peer_theme_counts")
region_tasks = theme_counts.drop_duplicates("region_id").set_index("region_id")["region_tasks"]
shown_peers = region_window(region_tasks[region_tasks.index.isin(peers)], "bench_peers")  # the N largest peers
peer = url_state.choice(t("bench_peer"), others, format_func=names.get, key="bench_peer", parameter="peer",
                        container=top[2])

sources = query("peer_sources")
note = bench.source_note(sources, [region, *shown_peers], lang)
figures: list[tuple[str, object, str]] = []
tables: list[tuple[str, object]] = []

# 1. Themes: share of my tasks vs each peer's.
st.subheader(t("bench_theme_section"))
themes = bench.theme_scorecard(theme_counts, region, peers)  # the peer mean is over every peer, shown or not
theme_title = t("bench_theme_title").format(region=names[region])
theme_chart = export_chart(bench.theme_figure(themes, region, shown_peers, names, lang), theme_title,
                           subtitle=t("bench_theme_axis"))
draw_chart(theme_chart, "bench_theme_chart", f"benchmark_themes_{region}")
figures.append((theme_title, theme_chart, note))
status_names = {status: t(f"bench_status_{status}") for status in ("gap", "only_mine", "shared")}
theme_table = themes.assign(label=themes["label_en" if lang == "en" else "label_zh"],
                            status=themes["status"].map(status_names).fillna(""))[
    ["label", region, *shown_peers, "peer_mean", "difference", "status"]].rename(columns={
        "label": t("bench_theme"), **names, "peer_mean": t("bench_peer_mean", n=len(peers)),
        "difference": t("bench_difference"), "status": t("bench_status")})
theme_table = theme_table.round(3)
show_table(theme_table, width="stretch", hide_index=True)
download_buttons(theme_table, f"benchmark_themes_{region}", "bench-themes", theme_title)
tables.append((t("bench_theme_section"), theme_table))

# 2. Indicators: my headline number vs each peer's (benchmark_values, the same cells as the metrics page).
st.subheader(t("bench_indicator_section"))
st.caption(t("bench_headline_help"))
headlines, every_row = query("benchmark_rows", True, False), query("benchmark_rows", False, False)
mentions = query("indicator_mention_counts")
indicators = bench.indicator_scorecard(headlines, every_row, mentions, query("indicator_codebook"), region, peers,
                                       names, lang, shown_peers)
indicator_labels = dict(zip(indicators["indicator"], indicators["label"], strict=True))
indicator = url_state.choice(t("bench_indicator"), list(indicator_labels), format_func=indicator_labels.get,
                             key="bench_indicator", parameter="indicator", container=top[3])

indicator_title = t("bench_indicator_title").format(indicator=indicator_labels[indicator])
indicator_chart = export_chart(
    benchmark_chart(headlines, every_row, mentions, facts, indicator, indicator_labels[indicator],
                    {key: names[key] for key in [region, *peers]}, region, peers, lang,
                    shown=[region, *shown_peers]), indicator_title)
draw_chart(indicator_chart, "bench_indicator_chart", f"benchmark_{indicator}_{region}")
figures.append((indicator_title, indicator_chart, note))
st.caption(t("bench_indicator_note"))
indicator_table = indicators.assign(status=indicators["status"].map(status_names).fillna(""))[
    ["label", region, *shown_peers, "status"]].rename(columns={"label": t("bench_indicator"), **names,
                                                         "status": t("bench_status")})
show_table(indicator_table, width="stretch", hide_index=True)
download_buttons(indicator_table, f"benchmark_indicators_{region}", "bench-indicators",
                 t("bench_indicator_section"))
tables.append((t("bench_indicator_section"), indicator_table))
with st.expander(t("metric_candidates_title")):
    st.caption(t("bench_candidates_hint"))
    shown_regions = [region, *shown_peers]
    cell_region = url_state.choice(t("metric_cell_region"), shown_regions, format_func=names.get,
                                   key="bench_cell_region", parameter="cell")
    show_candidates(cell_region, indicator, names[cell_region], indicator_labels[indicator], lang,
                    "bench_candidates")

# 3. Gaps: what peers address and I do not.
st.subheader(t("bench_gaps"))
gap_themes = pd.DataFrame(
    [{t("bench_gap_themes"): row["label_en" if lang == "en" else "label_zh"],
      t("bench_addressed_by"): join_some((names[other] for other in peers if row[other] > 0), lang)}
     for _, row in themes[themes["status"] == "gap"].iterrows()],
    columns=[t("bench_gap_themes"), t("bench_addressed_by")])
left, right = st.columns(2)
titled_table(left, t("bench_gap_themes"), gap_themes, f"benchmark_gap_themes_{region}", "bench-gap-themes")
gap_indicators = indicators[indicators["status"] == "gap"]
gap_indicator_table = gap_indicators.assign(
    by=[join_some((names[p] for p in quantified if p != region), lang) for quantified in gap_indicators["quantified_by"]],
    mentioned=gap_indicators["mentioned"].map({True: t("bench_mentioned"), False: t("bench_not_mentioned")}))[
    ["label", "by", "mentioned"]].rename(columns={"label": t("bench_gap_indicators"),
                                                  "by": t("bench_addressed_by"), "mentioned": t("bench_status")})
titled_table(right, t("bench_gap_indicators"), gap_indicator_table, f"benchmark_gap_indicators_{region}",
             "bench-gap-indicators")
tables += [(t("bench_gap_themes"), gap_themes), (t("bench_gap_indicators"), gap_indicator_table)]

# 4. What only I commit to: themes, indicators, tasks without a counterpart anywhere.
st.subheader(t("bench_only_mine"))
only_themes = themes.loc[themes["status"] == "only_mine", "label_en" if lang == "en" else "label_zh"].tolist()
only_indicators = indicators.loc[indicators["status"] == "only_mine", ["label", region]]
st.text(f"{t('bench_theme')}: " + (join(only_themes, lang) or t("none")))
st.text(f"{t('bench_indicator')}: " + (join((t("with_note", text=r.label, note=r[region])
                                             for _, r in only_indicators.iterrows()), lang) or t("none")))
unique = query("peer_unmatched_tasks", region, peers)
st.markdown(f"**{t('bench_unique_tasks')}**")
unique_table = unique.assign(best_score=unique["best_score"].round(3)).rename(columns={
    "task_id": t("column_task_id"), "task_number": t("column_task_number"), "content": t("content"),
    "deadline_text": t("deadline"), "best_score": t("bench_score")})
show_table(unique_table, width="stretch", hide_index=True)
download_buttons(unique_table, f"benchmark_only_mine_{region}", "bench-unique", t("bench_unique_tasks"))
tables.append((t("bench_unique_tasks"), unique_table))

# 5. Matched tasks with a chosen peer, side by side.
pairs_title = t("bench_pairs_heading", title=t("bench_pairs"), region=names[region], peer=names[peer])
st.subheader(pairs_title)
st.caption(t("bench_pairs_note"))
pairs = bench.matched_pairs_table(query("peer_matched_pairs", region, peer), lang)
if pairs.empty:
    st.info(t("bench_no_pairs"))
show_table(pairs, width="stretch", hide_index=True, height=420)
download_buttons(pairs, f"benchmark_pairs_{region}_{peer}", "bench-pairs", pairs_title, regions=[region, peer])
tables.append((pairs_title, pairs))

# 6. One-click briefing pack: every chart above with its source note, and the tables.
st.divider()
briefing_title = t("bench_briefing_title").format(region=names[region])
deck_button(briefing_title, t("bench_deck_subtitle", region=names[region], peers=join(
    (names[other] for other in shown_peers), lang)), [(title, figure) for title, figure, _ in figures],
            t("bench_indicator_section"), indicator_table, f"briefing_{region}", "bench-deck")
st.download_button(t("bench_briefing"), lambda: briefing_html(briefing_title, figures, tables, note, lang),
                   f"briefing_{region}.html", "text/html", key="bench-briefing", on_click="ignore",
                   icon=":material/description:")
st.caption(note)
source_caption()
