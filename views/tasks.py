"""Task explorer: filter the tasks of all lists and open any one to its responsibility, deadline and source."""

import streamlit as st

from analysis.i18n import format_number, join, label_of
from analysis.sources import source_lines
from views.shared import download_buttons, language, query, region_names, show_table, source_caption, t

st.title(t("page_tasks"))
lang = language()
names = region_names()

filters = st.columns([2, 3, 3, 2])
regions = filters[0].multiselect(t("region"), list(names), format_func=names.get, key="task_regions")
groups_frame = query("group_titles", regions)
groups = filters[1].multiselect(t("group"), groups_frame["group_title"].drop_duplicates().tolist(),
                                key="task_groups")
agencies_frame = query("agency_names", regions)
agency_choice = {row.agency_id: t("with_note", text=row.name, note=names[row.region_id])
                 for row in agencies_frame.itertuples()}
agencies = filters[2].multiselect(t("agency"), list(agency_choice), format_func=agency_choice.get,
                                  key="task_agencies")
functions = filters[3].multiselect(t("function"), sorted(agencies_frame["function"].unique()),
                                   format_func=lambda value: label_of("function", value, lang), key="task_functions")

second = st.columns([2, 2, 4])
deadline_filter = second[0].selectbox(t("deadline_filter"), ["any", "dated", "ongoing", "none"],
                                      format_func=lambda value: t(f"deadline_{value}"), key="task_deadline")
year_range = query("deadline_year_range")
years = None
if deadline_filter == "dated" and year_range and year_range[0] < year_range[1]:
    years = second[1].slider(t("deadline_years"), year_range[0], year_range[1], year_range, key="task_years")
text = second[2].text_input(t("search_text"), key="task_text", placeholder=t("search_placeholder"))

tasks = query("filtered_tasks", regions, groups, agencies, functions, years, deadline_filter, text.strip())
st.write(t("task_results", n=format_number(len(tasks), lang)))
if tasks.empty:
    st.warning(t("no_results"))
    st.stop()

roles = ("lead", "support", "implementer")
shown = tasks.assign(region=tasks["region_id"].map(names),
                     **{role: tasks[role].map(lambda agencies: join(agencies, lang)) for role in roles})[
    ["task_id", "region", "task_number", "group_title", "title", "content", *roles, "deadline_text", "line_start",
     "line_end"]]
show_table(shown, width="stretch", hide_index=True, height=360)
download_buttons(shown, "tasks", "tasks")

labels = dict(zip(tasks["task_id"], tasks["task_id"] + " · " + tasks["content"].str.slice(0, 40), strict=True))
chosen = st.selectbox(t("pick_task"), list(labels), format_func=labels.get, key="task_pick")
detail = query("task_detail", chosen).iloc[0]
st.subheader(f"{detail['region_en'] if lang == 'en' else detail['region_zh']} · {detail['task_id']}")
if detail["group_title"]:
    st.caption(f"{t('group')}: {detail['group_title']}")
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
st.caption(f"{t('source')}: {detail['source_path']} · {t('source_lines')} {detail['line_start']}–{detail['line_end']}")
with st.expander(t("raw_text")):
    st.code(source_lines(detail["source_path"], int(detail["line_start"]), int(detail["line_end"])),
            language=None)
source_caption()
