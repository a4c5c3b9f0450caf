"""Target metrics: the quantified commitments of the lists side by side, one indicator as bars with the
peer median, every number opened to its source clause and task, and the full filtered table to download."""

import streamlit as st

from analysis.i18n import label_of
from analysis.metrics import (
    UNMATCHED,
    benchmark_chart,
    benchmark_table,
    format_value,
    format_year,
    indicator_numbers,
    metric_table,
    missing,
    pick_label,
    pick_options,
    scope_badge,
    year_bounds,
)
from analysis.sources import source_lines
from views.shared import download_buttons, language, query, region_names, show_table, source_caption, t

DEFAULT_INDICATOR = "dual_qualified_teacher_share"

st.title(t("page_metrics"))
lang = language()
names = region_names()
st.caption(t("metrics_intro"))


def keep_valid(key: str, options: list) -> None:
    """Forget a remembered choice that the current options no longer offer."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


codebook = query("indicator_codebook")
indicator_names = dict(zip(codebook["indicator"], codebook["label_en" if lang == "en" else "label_zh"],
                           strict=True))
every_metric = query("target_metrics")
mentions = query("indicator_mention_counts")

# 1. Indicator x region benchmark table.
st.subheader(t("metric_benchmark_title"))
table = benchmark_table(every_metric, mentions, codebook, names, lang)
# Rows taller than 4rem let the grid wrap the long indicator labels; the cells are sized to fit on one line.
st.dataframe(table.drop(columns=["indicator", t("metric_regions_quantified")]), width="stretch", hide_index=True,
             row_height=66, height=40 + 66 * len(table), key="metric_benchmark", column_config={
                 t("metric_indicator"): st.column_config.TextColumn(width=195, pinned=True),
                 **{name: st.column_config.TextColumn(width=185) for name in names.values()}})
st.caption(t("metric_benchmark_note"))

# 2. One indicator as bars: my region highlighted, peer median dashed.
st.subheader(t("metric_chart_title"))
left, right = st.columns(2)
indicators = list(indicator_names)
indicator = left.selectbox(t("metric_indicator"), indicators, index=indicators.index(DEFAULT_INDICATOR),
                           format_func=indicator_names.get, key="metric_indicator")
my_region = right.selectbox(t("metric_my_region"), list(names), format_func=names.get, key="metric_my_region")
chart_key = f"metric_chart_{indicator}_{my_region}"
event = st.plotly_chart(benchmark_chart(every_metric, mentions, indicator, indicator_names[indicator], names,
                                        my_region, lang),
                        width="stretch", on_select="rerun", selection_mode="points", key=chart_key)
points = event.selection.points if event else []
clicked = str(points[0]["customdata"]) if points and points[0].get("customdata") else None
if clicked != st.session_state.get(f"{chart_key}_seen"):  # a new click, not the selection left from before
    st.session_state[f"{chart_key}_seen"] = clicked
    if clicked:
        st.session_state["metric_pick"] = clicked
numbers = indicator_numbers(every_metric, indicator, names, lang)
st.caption(t("metric_numbers_behind").format(indicator=indicator_names[indicator], n=len(numbers)))
show_table(numbers, width="stretch", hide_index=True, key="metric_numbers", column_config={
    "region": t("region"), "main": t("metric_main"), "display": t("metric_value"),
    "target_year": t("metric_target_year"), "scope": t("metric_scope"), "raw_text": t("metric_clause")})
source_box = st.container()  # filled below, once the filtered table is known

# 4. Filters and the full table.
st.subheader(t("metric_all_title"))
filters = st.columns([2, 2, 3, 3])
scopes = filters[0].multiselect(t("metric_scope"), ["local", "parent"],
                                format_func=lambda scope: scope_badge(scope, lang), key="metric_scope",
                                placeholder=t("metric_all"))
unit_classes = filters[1].multiselect(t("metric_unit_class"), sorted(every_metric["unit_class"].unique()),
                                      format_func=lambda value: t(f"unit_class_{value}"), key="metric_unit_class",
                                      placeholder=t("metric_all"))
year_options = query("metric_year_options")
years = filters[2].select_slider(t("metric_years"), year_options, value=(year_options[0], year_options[-1]),
                                 format_func=lambda year: format_year(year, lang), key="metric_years")
chosen_indicators = filters[3].multiselect(
    t("metric_indicators"), [*indicators, UNMATCHED],
    format_func=lambda key: t("metric_unmatched") if key == UNMATCHED else indicator_names[key],
    key="metric_indicators", placeholder=t("metric_all"))
bounds = year_bounds(years)
if bounds == (year_options[0], year_options[-1]):
    bounds = None
filtered = query("target_metrics", tuple(scopes), tuple(unit_classes), bounds, tuple(chosen_indicators))
st.write(f"**{len(filtered)}** {t('metric_results')}")
shown = metric_table(filtered, names, indicator_names, lang)
if filtered.empty:
    st.warning(t("metric_no_results"))
else:
    show_table(shown, width="stretch", hide_index=True, height=360, key="metric_table", column_config={
        "indicator": None, "region": t("region"), "indicator_label": t("metric_indicator"), "display": t("metric_value"),
        "raw_text": t("metric_clause"), "scope": t("metric_scope"), "target_year": t("metric_target_year")})
download_buttons(shown, "target_metrics", "metrics")

# 3. Every number opens to its source clause and task (shown under the chart).
with source_box:
    st.subheader(t("metric_pick"))
    options = pick_options(filtered, numbers["metric_id"])
    keep_valid("metric_pick", options)
    rows = every_metric.set_index("metric_id")
    choice_labels = {metric_id: pick_label({"metric_id": metric_id, **rows.loc[metric_id].to_dict()}, names, lang)
                     for metric_id in options}
    picked = st.selectbox(t("metric_pick"), options, format_func=choice_labels.get, key="metric_pick",
                          help=t("metric_pick_hint"), label_visibility="collapsed")
    if picked:
        source = query("metric_source", picked).iloc[0].to_dict()
        region = source["region_en"] if lang == "en" else source["region_zh"]
        st.text(f"{region} · {picked} · {format_value(source, lang)}")
        st.text(f"{t('metric_clause')}: {source['raw_text']}")
        if not missing(source["task_id"]):
            st.text(f"{t('metric_task')}: {source['task_id']} · {source['content']}")
            field = source["field"]
            if field in ("local_measures", "local_target") and not missing(source[field]):
                st.text(f"{t(field)}: {source[field]}")
        else:
            st.text(f"{t('metric_goal')}: {source['goal_text'] or ''}")
        facts = [
            f"{t('metric_scope')}: {scope_badge(source['scope'], lang)}",
            f"{t('metric_field')}: {t('metric_field_' + source['field'])}",
            f"{t('metric_comparator')}: {source['comparator']}",
            f"{t('metric_target_year')}: {format_year(source['target_year'], lang)}",
        ]
        if not missing(source["per_period"]):
            facts.append(f"{t('metric_per_period')}: {label_of('metric_period', source['per_period'], lang)}")
        if source["aspirational"]:
            facts.append(t("metric_aspirational"))
        st.text(" · ".join(facts))
        line = int(source["line"])
        st.caption(f"{t('source')}: {source['source_path']} · {t('metric_document_line').format(line=line)}")
        st.code(source_lines(source["source_path"], line, line), language=None)

# 5. Method and source note.
st.caption(t("metric_method"))
source_caption()
