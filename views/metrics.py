"""Target metrics: each region's headline number per indicator side by side, one indicator as bars with the
median of comparable peers and its N, every headline opened to the numbers it was chosen from, and the full
filtered table of numbers to download."""

import pandas as pd
import streamlit as st

from analysis.metrics import (
    UNMATCHED,
    benchmark_chart,
    benchmark_export,
    benchmark_table,
    clicked_cell,
    format_year,
    metric_table,
    scope_badge,
    year_bounds,
)
from analysis.peer_groups import PEER_GROUPS, peer_regions
from views import url_state
from views.candidates import show_candidates
from views.shared import (
    ROWS_SHOWN,
    download_buttons,
    language,
    query,
    question,
    region_names,
    region_window,
    show_chart,
    show_table,
    source_caption,
    t,
)

DEFAULT_INDICATOR = "dual_qualified_teacher_share"
SCOPES = ("region", "institution", "parent")

st.title(t("page_metrics"))
question("question_metrics")
lang = language()
names = region_names()
st.caption(t("metrics_intro"))


def remember_click(key: str, picked) -> None:
    """Take a click on a table cell or a bar once: a selection left from an earlier run is not a new click."""
    if picked != st.session_state.get(f"{key}_seen"):
        st.session_state[f"{key}_seen"] = picked
        if picked:
            indicator_key, region_key = picked
            if indicator_key:
                st.session_state["metric_indicator"] = indicator_key
            st.session_state["metric_cell_region"] = region_key


codebook = query("indicator_codebook")
indicator_names = dict(zip(codebook["indicator"], codebook["label_en" if lang == "en" else "label_zh"],
                           strict=True))
headlines = query("benchmark_rows", True, False)  # without the metric ids: the export reads them when clicked
every_row = query("benchmark_rows", False, False)
mentions = query("indicator_mention_counts")
regions = query("peer_region_facts")

# 1. Indicator × region table of headline numbers; a click on a cell opens its candidates (section 3). With many
# regions: the N with most headlines, a page at a time.
st.subheader(t("metric_benchmark_title"))
table_regions = region_window(headlines["region_id"].value_counts().reindex(list(names), fill_value=0),
                              "metric_table_regions")
table_names = {region: names[region] for region in table_regions}
table = benchmark_table(headlines, every_row, mentions, codebook, table_names, lang)
event = st.dataframe(
    table.drop(columns=["indicator", t("metric_regions_quantified")]), width="stretch", hide_index=True,
    row_height=66, height=40 + 66 * len(table), key="metric_benchmark", on_select="rerun",
    selection_mode="single-cell", column_config={
        t("metric_indicator"): st.column_config.TextColumn(width=195, pinned=True),
        **{name: st.column_config.TextColumn(width=200) for name in table_names.values()}})
cells = event.selection.get("cells", []) if event else []
remember_click("metric_benchmark", clicked_cell(table, cells[0] if cells else None, names))
st.caption(t("metric_benchmark_note"))
download_buttons(lambda: benchmark_export(query("benchmark_rows"), names, indicator_names, lang), "headline_numbers", "headlines",
                 t("metric_benchmark_title"))

# 2. One indicator as bars: my region highlighted, the median of comparable peers dashed, with N.
st.subheader(t("metric_chart_title"))
left, middle, right = st.columns(3)
group_names = {code: t(f"peer_group_{code}") for code in PEER_GROUPS}
indicators = list(indicator_names)
indicator = url_state.choice(t("metric_indicator"), indicators, format_func=indicator_names.get,
                             key="metric_indicator", parameter="indicator", container=left,
                             default=DEFAULT_INDICATOR if DEFAULT_INDICATOR in indicators else None)
my_region = url_state.choice(t("metric_my_region"), list(names), format_func=names.get, key="metric_my_region",
                             parameter="region", container=middle)
group = url_state.choice(t("metric_peer_group"), list(PEER_GROUPS), format_func=group_names.get,
                         key="metric_peer_group", parameter="group", container=right)
peers = peer_regions(regions, my_region, group)
stated = headlines.loc[headlines["indicator"] == indicator, "region_id"]  # peers with a number first, then others
chart_regions = region_window(pd.Series(stated.isin(peers).astype(int).to_numpy() + 1, index=stated.to_numpy())
                              .reindex(list(names), fill_value=0), "metric_chart_regions", keep=[my_region])
chart_key = f"metric_chart_{indicator}_{my_region}_{group}"
chart = show_chart(benchmark_chart(headlines, every_row, mentions, regions, indicator, indicator_names[indicator],
                                   names, my_region, peers, lang, shown=chart_regions), chart_key, indicator_names[indicator],
                   subtitle=t("metric_chart_subtitle"), stem=f"metric_{indicator}_{my_region}",
                   on_select="rerun", selection_mode="points")
points = chart.selection.points if chart else []
bar = str(points[0]["customdata"]) if points and points[0].get("customdata") else None
remember_click(chart_key, (None, bar) if bar else None)

# 3. The chosen cell's candidates: the rule, the numbers it was chosen from and their source lines.
st.subheader(t("metric_candidates_title"))
st.caption(t("metric_candidates_hint"))
cell_region = url_state.choice(t("metric_cell_region"), list(names), format_func=names.get,
                               key="metric_cell_region", parameter="cell", default=my_region)
show_candidates(cell_region, indicator, names[cell_region], indicator_names[indicator], lang, "metric_candidates")
st.page_link("views/tasks.py", label=t("metric_open_cell_tasks"), icon=":material/open_in_new:",
             query_params={"region": cell_region, "indicator": indicator, "lang": lang})

# 4. Filters and the full table of numbers.
st.subheader(t("metric_all_title"))
filters = st.columns([2, 2, 3, 3])
scopes = url_state.choices(t("metric_scope"), SCOPES, format_func=lambda scope: scope_badge(scope, lang),
                           key="metric_scope", parameter="scope", container=filters[0], language=lang,
                           placeholder=t("metric_all"))
unit_classes = url_state.choices(t("metric_unit_class"), query("metric_unit_classes"),
                                 format_func=lambda value: t(f"unit_class_{value}"), key="metric_unit_class",
                                 parameter="unit_class", container=filters[1], language=lang,
                                 placeholder=t("metric_all"))
year_options = query("metric_year_options")
years = url_state.span(t("metric_years"), year_options[0], year_options[-1], options=year_options,
                       format_func=lambda year: format_year(year, lang), key="metric_years", parameter="years",
                       container=filters[2])
chosen_indicators = url_state.choices(
    t("metric_indicators"), [*indicators, UNMATCHED],
    format_func=lambda key: t("metric_unmatched") if key == UNMATCHED else indicator_names[key],
    key="metric_indicators", parameter="indicators", container=filters[3], language=lang,
    placeholder=t("metric_all"))
bounds = year_bounds(years)
if bounds == (year_options[0], year_options[-1]):
    bounds = None
chosen_filter = (tuple(scopes), tuple(unit_classes), bounds, tuple(chosen_indicators))
filtered = query("target_metrics", *chosen_filter, limit=ROWS_SHOWN)
# Fewer rows than the limit are every number of the filter: counted again only when the limit cut them
total = query("target_metric_count", *chosen_filter) if len(filtered) == ROWS_SHOWN else len(filtered)
st.write(f"**{total}** {t('metric_results')}")
shown = metric_table(filtered, names, indicator_names, lang)
if filtered.empty:
    st.warning(t("metric_no_results"))
else:
    show_table(shown, width="stretch", hide_index=True, height=360, key="metric_table",
               column_config={"indicator": None})
    if total > len(filtered):
        st.caption(t("rows_window", shown=len(filtered), total=total))
download_buttons(lambda: metric_table(query("target_metrics", *chosen_filter), names, indicator_names, lang).drop(
    columns=["indicator"]), "target_metrics", "metrics", t("metric_all_title"))

# 5. Method and source note.
st.caption(t("metric_method"))
source_caption()
