"""Task explorer: filter the tasks of all lists and open any one to its responsibility, deadline and source.
Every filter is in the URL (?region=…&theme=…&q=…&task=…): the other pages' charts open it filtered."""

import pandas as pd
import streamlit as st

from analysis.i18n import format_number, join, label_of
from analysis.i18n import text as text_of
from analysis.sources import numbered_lines
from views import url_state
from views.shared import (
    ROWS_SHOWN,
    download_buttons,
    language,
    literal,
    query,
    question,
    region_names,
    show_table,
    source_caption,
    t,
)

AGENCIES_OFFERED = 2000  # agencies in the picker when the chosen regions name more

st.title(t("page_tasks"))
question("question_tasks")
lang = language()
names = region_names()

filters = st.columns([2, 3, 3, 2])
regions = url_state.choices(t("region"), list(names), format_func=names.get, key="task_regions",
                            parameter="region", container=filters[0], language=lang)
groups_frame = query("group_titles", regions)
groups = url_state.choices(t("group"), groups_frame["group_title"].drop_duplicates().tolist(), key="task_groups",
                           parameter="group", container=filters[1], language=lang)
agencies_frame = query("agency_names", regions)
offered = agencies_frame
if len(offered) > AGENCIES_OFFERED:  # thousands of lists: the agencies named most, and any asked for by a link
    wanted = set(st.query_params.get_all("agency")) | set(st.session_state.get("task_agencies") or ())
    busiest = offered.index.isin(offered["tasks"].nlargest(AGENCIES_OFFERED, keep="first").index)
    offered = offered[busiest | offered["agency_id"].isin(wanted)]
agency_choice = dict(zip(offered["agency_id"], [  # text() directly: t() reads the session per call
    text_of("with_note", lang, text=name, note=names[region_id])
    for name, region_id in zip(offered["name"], offered["region_id"], strict=True)], strict=True))
agencies = url_state.choices(t("agency"), list(agency_choice), format_func=agency_choice.get, key="task_agencies",
                             parameter="agency", container=filters[2], language=lang)
if len(offered) < len(agencies_frame):
    filters[2].caption(t("task_agencies_window", shown=len(offered), total=len(agencies_frame)))
functions = url_state.choices(t("function"), sorted(agencies_frame["function"].unique()),
                              format_func=lambda value: label_of("function", value, lang), key="task_functions",
                              parameter="function", container=filters[3], language=lang)

second = st.columns([2, 2, 2, 2, 2, 2, 3])
codebook = query("theme_codebook")
theme_names = dict(zip(codebook["theme"], codebook["label_en" if lang == "en" else "label_zh"], strict=True))
themes = url_state.choices(t("theme"), list(theme_names), format_func=theme_names.get, key="task_themes",
                           parameter="theme", container=second[0], language=lang)
deadline_filter = url_state.choice(t("deadline_filter"), ["any", "dated", "ongoing", "none"],
                                   format_func=lambda value: t(f"deadline_{value}"), key="task_deadline",
                                   parameter="deadline", container=second[1])
role = url_state.choice(t("task_role_filter"), ["any", "lead", "support", "implementer"],
                        format_func=lambda value: t("task_any") if value == "any" else t(f"role_{value}"),
                        key="task_role", parameter="role", container=second[2], help=t("task_role_help"))
kind = url_state.choice(t("task_kind_filter"), ["any", "task", "safeguard"],
                        format_func=lambda value: t("task_any") if value == "any" else t(f"kind_{value}"),
                        key="task_kind", parameter="kind", container=second[3])
year_range = query("deadline_year_range")
years = None
if deadline_filter == "dated" and year_range and year_range[0] < year_range[1]:
    years = url_state.span(t("deadline_years"), year_range[0], year_range[1], key="task_years",
                           parameter="years", container=second[5])
else:
    url_state.forget("years")
indicator_codebook = query("indicator_codebook")
indicator_names = dict(zip(indicator_codebook["indicator"],
                           indicator_codebook["label_en" if lang == "en" else "label_zh"], strict=True))
indicators = url_state.choices(t("task_indicator_filter"), list(indicator_names), format_func=indicator_names.get,
                               key="task_indicators", parameter="indicator", container=second[4],
                               language=lang, help=t("task_indicator_help"))
text = url_state.words(t("search_text"), key="task_text", parameter="q", container=second[6],
                       placeholder=t("search_placeholder"))

chosen_filter = (regions, groups, agencies, functions, years, deadline_filter, text, themes,
                 None if role == "any" else role, None if kind == "any" else kind, indicators)
tasks = query("filtered_tasks", *chosen_filter, limit=ROWS_SHOWN)
# Fewer rows than the limit are every task of the filter: counted again only for the search text's note
counts = (query("filtered_task_counts", *chosen_filter) if text or len(tasks) == ROWS_SHOWN
          else {"tasks": len(tasks), "own_text": len(tasks)})
st.write(t("task_results", n=format_number(counts["tasks"], lang)))
if text and counts["tasks"]:  # say what the count counts: the group title is searched too
    st.caption(t("task_results_text", n=counts["own_text"], group=counts["tasks"] - counts["own_text"]))
if tasks.empty:
    st.warning(t("no_results"))
    url_state.forget("task")
    st.stop()

roles = ("lead", "support", "responsible", "implementer")


def task_table(tasks):
    """The tasks as shown and downloaded: region names, agencies joined by role, the source lines."""
    return tasks.assign(region=tasks["region_id"].map(names),
                        **{role: tasks[role].map(lambda agencies: join(agencies, lang)) for role in roles})[
        ["task_id", "region", "task_number", "group_title", "title", "content", *roles, "deadline_text",
         "line_start", "line_end"]]


shown = task_table(tasks)
event = show_table(shown, width="stretch", hide_index=True, height=360, key="task_table", on_select="rerun",
                   selection_mode="single-row")
if counts["tasks"] > len(tasks):
    st.caption(t("rows_window", shown=len(tasks), total=counts["tasks"]))
download_buttons(lambda: task_table(query("filtered_tasks", *chosen_filter)), "tasks", "tasks-table",
                 t("page_tasks"), regions)
rows = event.selection.rows if event else []
if rows and shown.iloc[rows[0]]["task_id"] != st.session_state.get("task_table_seen"):  # a new click
    st.session_state["task_table_seen"] = st.session_state["task_pick"] = shown.iloc[rows[0]]["task_id"]

requested = st.session_state.get("task_pick") or st.query_params.get("task")
if requested and requested not in set(tasks["task_id"]):  # a task beyond the shown rows, opened by a link
    tasks = pd.concat([tasks, query("filtered_tasks", *chosen_filter, task_ids=(requested,))], ignore_index=True)
labels = dict(zip(tasks["task_id"], tasks["task_id"] + " · " + tasks["content"].str.slice(0, 40), strict=True))
chosen = url_state.choice(t("pick_task"), list(labels), format_func=labels.get, key="task_pick", parameter="task")
detail = query("task_detail", chosen).iloc[0]
st.subheader(f"{literal(detail['region_en'] if lang == 'en' else detail['region_zh'])} · {detail['task_id']}")
if detail["group_title"]:
    st.text(f"{t('group')}: {detail['group_title']}")
if detail["title"]:
    st.text(detail["title"])
st.text(f"{t('content')}: {detail['content']}")
for field in ("local_measures", "local_target"):
    if detail[field]:
        st.text(f"{t(f'column_{field}')}: {detail[field]}")

responsibility = query("task_responsibility", chosen)
for role in roles:
    people = responsibility[responsibility["role"] == role]
    if not people.empty:
        st.text(f"{t(f'role_{role}')}: " + join(
            (t("task_agency_detail", name=row.name, function=label_of("function", row.function, lang),
               level=label_of("level", row.level, lang)) for row in people.itertuples()), lang))
st.text(f"{t('deadline')}: {detail['deadline_text'] or t('none')}")
st.text(f"{t('source')}: {detail['source_path']} · {t('source_lines')} {detail['line_start']}–{detail['line_end']}")
with st.expander(t("raw_text")):
    st.code(numbered_lines(query("document_line_range", detail["doc_id"], detail["line_start"], detail["line_end"])),
            language=None)
source_caption()
