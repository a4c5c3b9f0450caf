"""Peer benchmark: my region against the others — theme and indicator scorecards, gaps, what only I
commit to, matched tasks with their differences — and briefing-ready exports. The view lives in the URL
(?region=…&peer=…&indicator=…), so a link reproduces it."""

import pandas as pd
import plotly.io as pio
import streamlit as st

from analysis import peers as bench
from analysis.briefing import briefing_html, figure_png, figure_svg, figure_with_source
from analysis.i18n import join
from views.shared import download_buttons, language, query, region_names, show_table, source_caption, t

PNG_WIDTH = 1200


def titled_table(column, title, frame, stem, key) -> None:
    """A titled table with its downloads, or a plain 'none found' line."""
    with column:
        st.markdown(f"**{title}**")
        if frame.empty:
            st.text(t("bench_none_found"))
        else:
            show_table(frame, width="stretch", hide_index=True)
            download_buttons(frame, stem, key)

st.title(t("page_peers"))
lang = language()
names = region_names()
regions = list(names)
st.caption(t("bench_intro", n=len(regions) - 1))


def seed_from_url(key: str, parameter: str, options: list) -> None:
    """On the first run a widget's value comes from the URL; afterwards a stale value is replaced."""
    if key not in st.session_state:
        requested = st.query_params.get(parameter)
        st.session_state[key] = requested if requested in options else options[0]
    elif st.session_state[key] not in options:
        st.session_state[key] = options[0]


@st.cache_data(show_spinner=False, max_entries=64)
def image_bytes(figure_json: str, image_format: str) -> bytes:
    """PNG or SVG of a figure, cached by its JSON (so by region, language and indicator)."""
    figure = pio.from_json(figure_json)
    return figure_png(figure, PNG_WIDTH) if image_format == "png" else figure_svg(figure, PNG_WIDTH)


def image_buttons(figure, stem: str, key: str) -> None:
    """PNG and SVG download buttons; the image is made only when a button is clicked (kaleido is slow to
    start) and cached."""
    figure_json = figure.to_json()
    left, right = st.columns(2)
    left.download_button(t("download_png"), lambda: image_bytes(figure_json, "png"), f"{stem}.png", "image/png",
                         key=f"{key}-png", on_click="ignore")
    right.download_button(t("download_svg"), lambda: image_bytes(figure_json, "svg"), f"{stem}.svg",
                          "image/svg+xml", key=f"{key}-svg", on_click="ignore")


seed_from_url("bench_region", "region", regions)
top = st.columns([2, 2, 3])
region = top[0].selectbox(t("bench_region"), regions, format_func=names.get, key="bench_region")
peers = [other for other in regions if other != region]
seed_from_url("bench_peer", "peer", peers)
peer = top[1].selectbox(t("bench_peer"), peers, format_func=names.get, key="bench_peer")

sources = query("peer_sources")
note = bench.source_note(sources, [region, *peers], lang)
figures: list[tuple[str, object, str]] = []
tables: list[tuple[str, object]] = []

# 1. Themes: share of my tasks vs each peer's.
st.subheader(t("bench_theme_section"))
themes = bench.theme_scorecard(query("peer_theme_counts"), region, peers)
theme_title = t("bench_theme_title").format(region=names[region])
theme_chart = figure_with_source(bench.theme_figure(themes, region, peers, names, lang), theme_title, note)
st.plotly_chart(theme_chart, width="stretch", key="bench_theme_chart")
image_buttons(theme_chart, f"benchmark_themes_{region}", "bench-theme")
figures.append((theme_title, theme_chart, note))
status_names = {status: t(f"bench_status_{status}") for status in ("gap", "only_mine", "shared")}
theme_table = themes.assign(label=themes["label_en" if lang == "en" else "label_zh"],
                            status=themes["status"].map(status_names).fillna(""))[
    ["label", region, *peers, "peer_mean", "difference", "status"]].rename(columns={
        "label": t("bench_theme"), **names, "peer_mean": t("bench_peer_mean"),
        "difference": t("bench_difference"), "status": t("bench_status")})
theme_table = theme_table.round(3)
show_table(theme_table, width="stretch", hide_index=True)
download_buttons(theme_table, f"benchmark_themes_{region}", "bench-themes")
tables.append((t("bench_theme_section"), theme_table))

# 2. Indicators: my committed value vs each peer's.
st.subheader(t("bench_indicator_section"))
values = query("peer_indicator_values")
mentions = query("peer_indicator_mentions")
indicators = bench.indicator_scorecard(values, mentions, region, peers, lang)
indicator_labels = dict(zip(indicators["indicator"], indicators["label"], strict=True))
seed_from_url("bench_indicator", "indicator", list(indicator_labels))
indicator = top[2].selectbox(t("bench_indicator"), list(indicator_labels), format_func=indicator_labels.get,
                             key="bench_indicator")
st.query_params.update({"region": region, "peer": peer, "indicator": indicator})

indicator_title = t("bench_indicator_title").format(indicator=indicator_labels[indicator])
indicator_chart = figure_with_source(bench.indicator_figure(values, indicator, region, peers, names, lang),
                                     indicator_title, note)
st.plotly_chart(indicator_chart, width="stretch", key="bench_indicator_chart")
image_buttons(indicator_chart, f"benchmark_{indicator}_{region}", "bench-indicator")
figures.append((indicator_title, indicator_chart, note))
st.caption(t("bench_indicator_note"))
indicator_table = indicators.assign(status=indicators["status"].map(status_names).fillna(""))[
    ["label", region, *peers, "status"]].rename(columns={"label": t("bench_indicator"), **names,
                                                         "status": t("bench_status")})
show_table(indicator_table, width="stretch", hide_index=True)
download_buttons(indicator_table, f"benchmark_indicators_{region}", "bench-indicators")
tables.append((t("bench_indicator_section"), indicator_table))

# 3. Gaps: what peers address and I do not.
st.subheader(t("bench_gaps"))
gap_themes = pd.DataFrame(
    [{t("bench_gap_themes"): row["label_en" if lang == "en" else "label_zh"],
      t("bench_addressed_by"): join((names[other] for other in peers if row[other] > 0), lang)}
     for _, row in themes[themes["status"] == "gap"].iterrows()],
    columns=[t("bench_gap_themes"), t("bench_addressed_by")])
left, right = st.columns(2)
titled_table(left, t("bench_gap_themes"), gap_themes, f"benchmark_gap_themes_{region}", "bench-gap-themes")
gap_indicators = indicators[indicators["status"] == "gap"]
gap_indicator_table = gap_indicators.assign(
    by=gap_indicators.apply(lambda r: join((names[p] for p in peers if r[p]), lang), axis=1),
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
download_buttons(unique_table, f"benchmark_only_mine_{region}", "bench-unique")
tables.append((t("bench_unique_tasks"), unique_table))

# 5. Matched tasks with a chosen peer, side by side.
pairs_title = t("bench_pairs_heading", title=t("bench_pairs"), region=names[region], peer=names[peer])
st.subheader(pairs_title)
st.caption(t("bench_pairs_note"))
pairs = bench.matched_pairs_table(query("peer_matched_pairs", region, peer), lang)
if pairs.empty:
    st.info(t("bench_no_pairs"))
show_table(pairs, width="stretch", hide_index=True, height=420)
download_buttons(pairs, f"benchmark_pairs_{region}_{peer}", "bench-pairs")
tables.append((pairs_title, pairs))

# 6. One-click briefing pack: every chart above with its source note, and the tables.
st.divider()
briefing_title = t("bench_briefing_title").format(region=names[region])
st.download_button(t("bench_briefing"), lambda: briefing_html(briefing_title, figures, tables, note, lang),
                   f"briefing_{region}.html", "text/html", key="bench-briefing", type="primary",
                   on_click="ignore")
st.caption(note)
source_caption()
