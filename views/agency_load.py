"""Agency load: which agencies carry each region's tasks, how concentrated lead responsibility is, who is named
together, and the tasks behind any bar. A college list's restated departments and its own offices stay apart."""

import streamlit as st

from analysis.agency_load import (
    ROLE_ORDER,
    co_assignment_network,
    concentration_cards,
    function_heatmap,
    load_bars,
)
from analysis.i18n import join, label_of
from views.shared import download_buttons, language, query, region_names, show_table, source_caption, t

st.title(t("page_agency_load"))
lang = language()
names = region_names()
role_names = {role: t(f"role_{role}") for role in ROLE_ORDER}


def function_name(function: str) -> str:
    return label_of("function", function, lang)

st.caption(t("load_intro"))


def keep_valid(key: str, options: list) -> None:
    """Replace a remembered choice that the newly chosen region does not offer by its first option."""
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = options[0]


def clicked_agency(event) -> str | None:
    points = event.selection.points if event else []
    return str(points[0]["customdata"][0]) if points and points[0].get("customdata") else None


region = st.selectbox(t("region"), list(names), format_func=names.get, key="load_region")
load = query("agency_load_rows", region)
agency_names = dict(zip(load["agency_id"], load["name"], strict=False))

# 1. Ranked bars. Implementers (a college's own offices) get their own chart, never added to the leads.
st.subheader(f"{names[region]} · {t('load_bars_title')}")
government, offices = load[load["role"] != "implementer"], load[load["role"] == "implementer"]
government_title = "load_level_provincial" if not offices.empty else (
    "load_level_government" if (government["role"] == "support").any() else "load_level_lead")
levels = [("government", government, t(government_title))]
if not offices.empty:
    levels.append(("implementer", offices, t("load_level_college")))
    st.info(t("load_levels_apart", region=names[region]))
for column, (group, frame, title) in zip(st.columns(len(levels)), levels, strict=True):
    key = f"load_bars_{region}_{group}"
    event = column.plotly_chart(load_bars(frame, title, role_names, t("tasks")), width="stretch",
                                on_select="rerun", selection_mode="points", key=key)
    picked = clicked_agency(event)
    if picked != st.session_state.get(f"{key}_seen"):  # a new click, not the selection left from before
        st.session_state[f"{key}_seen"] = picked
        if picked:
            st.session_state["load_agency"] = picked

# 2. One agency's tasks: the rows behind its bars, with deadline and source lines.
st.subheader(t("load_pick_agency"))
keep_valid("load_agency", list(agency_names))
agency = st.selectbox(t("agency"), list(agency_names), format_func=agency_names.get, key="load_agency")
behind = query("agency_tasks", agency)
counts = behind["role"].value_counts()
st.text(t("load_agency_tasks", name=agency_names[agency], counts=t("count_separator").join(
    t("load_role_count", role=role_names[role], n=counts[role]) for role in ROLE_ORDER if role in counts)))
shown = behind.assign(role=behind["role"].map(role_names), deadline_text=behind["deadline_text"].fillna(t("none")),
                      lines=behind["line_start"].astype(str) + "–" + behind["line_end"].astype(str))[
    ["task_id", "role", "content", "deadline_text", "lines"]]
show_table(shown, width="stretch", hide_index=True, height=320, column_config={
    "role": t("load_role"), "content": st.column_config.TextColumn(t("content"), width="large"),
    "deadline_text": t("deadline"), "lines": t("source_lines")})

# 3. Concentration figures with their plain-language readings.
st.subheader(t("load_concentration"))
summary = query("region_responsibility_row", region).iloc[0].to_dict()
cards = concentration_cards(summary, load[["agency_id", "name"]].drop_duplicates(), lang)
for start in (0, 3):
    for column, card in zip(st.columns(3), cards[start:start + 3], strict=True):
        column.metric(card["label"], card["value"])
        column.caption(card["reading"])
st.caption(t("load_methods"))

# 4. Co-assignment network of the chosen region, one role group at a time.
st.subheader(t("load_network_title"))
groups = query("co_assignment_groups", region)
if groups.empty:
    st.info(t("load_no_pairs"))
else:
    group_options = groups["role_group"].tolist()
    keep_valid("load_network_group", group_options)
    left, right = st.columns([3, 2])
    group = left.radio(t("load_network_group"), group_options, format_func=lambda value: t(f"load_group_{value}"),
                       horizontal=True, key="load_network_group")
    max_shared = int(groups.set_index("role_group").at[group, "max_shared"])
    if st.session_state.get("load_min_shared", 1) > max_shared:
        st.session_state["load_min_shared"] = 1
    minimum = right.slider(t("load_min_shared"), 1, max(max_shared, 2), key="load_min_shared")
    nodes = query("co_assignment_nodes", region, group)
    edges = query("co_assignment_edges", region, group, minimum)
    st.plotly_chart(co_assignment_network(nodes, edges, function_name,
                                          f"{names[region]} · {t(f'load_group_{group}')}",
                                          {"tasks": t("tasks"), "shared": t("load_shared")}), width="stretch")
    st.caption(t("load_network_note"))

# 5. Function x region heatmap (government roles only; the college's offices are another level).
st.subheader(t("load_heatmap_title"))
role = st.radio(t("load_heatmap_role"), ["lead", "support"], format_func=role_names.get, horizontal=True,
                key="load_heatmap_role")
shares = query("function_share_matrix", role)
st.plotly_chart(function_heatmap(shares, names, function_name, role_names[role], lang), width="stretch")
missing = [names[region_id] for region_id in names if region_id not in set(shares["region_id"])]
restating = [names[region_id] for region_id in names
             if region_id in set(query("function_share_matrix", "implementer")["region_id"])]
notes = [t("load_heatmap_note")]
if restating:
    notes.append(t("load_heatmap_note_restated", regions=join(restating, lang)))
if missing:
    notes.append(t("load_heatmap_missing", regions=join(missing, lang)))
st.caption(" ".join(notes))

# 6. Source note and the rows shown in the charts.
source_caption()
st.caption(t("load_rows_note"))
download_buttons(load, f"agency_load_{region}", "agency_load")
