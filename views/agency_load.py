"""Agency load: which agencies carry each region's tasks, how concentrated lead responsibility is, who is named
together, and the tasks behind any bar. A college list's restated departments and its own offices stay apart."""

import streamlit as st

from analysis.agency_load import (
    GOVERNMENT_ROLES,
    ROLE_ORDER,
    co_assignment_network,
    concentration_cards,
    function_heatmap,
    load_bars,
)
from analysis.i18n import join_some, label_of
from views import url_state
from views.shared import (
    download_buttons,
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

st.title(t("page_agency_load"))
question("question_agency_load")
lang = language()
names = region_names()
role_names = {role: t(f"role_{role}") for role in ROLE_ORDER}


def function_name(function: str) -> str:
    return label_of("function", function, lang)

st.caption(t("load_intro"))


def clicked_agency(event) -> str | None:
    point = picked_point(event)
    return str(point[0]) if point else None


region = url_state.choice(t("region"), list(names), format_func=names.get, key="load_region", parameter="region")
load = query("agency_load_rows", region)
agency_names = dict(zip(load["agency_id"], load["name"], strict=False))

# 1. Ranked bars. Implementers (a college's own offices) get their own chart, never added to the leads.
st.subheader(f"{literal(names[region])} · {t('load_bars_title')}")
government, offices = load[load["role"] != "implementer"], load[load["role"] == "implementer"]
government_title = "load_level_provincial" if not offices.empty else (
    "load_level_responsible" if not (government["role"] == "lead").any() and len(government) else
    "load_level_government" if (government["role"] == "support").any() else "load_level_lead")
levels = [("government", government, t(government_title))]
if not offices.empty:
    levels.append(("implementer", offices, t("load_level_college")))
    st.info(t("load_levels_apart", region=names[region]))
for group, frame, title in levels:  # one under the other: each chart gets the page's width
    key = f"load_bars_{region}_{group}"
    event = show_chart(load_bars(frame, title, role_names, t("tasks")), key, title,
                       subtitle=t("load_bars_subtitle", region=names[region]), stem=f"agency_load_{region}_{group}",
                       on_select="rerun", selection_mode="points")
    picked = clicked_agency(event)
    if picked != st.session_state.get(f"{key}_seen"):  # a new click, not the selection left from before
        st.session_state[f"{key}_seen"] = picked
        if picked:
            st.session_state["load_agency"] = picked

# 2. One agency's tasks: the rows behind its bars, with deadline and source lines.
st.subheader(t("load_pick_agency"))
agency = url_state.choice(t("agency"), list(agency_names), format_func=agency_names.get, key="load_agency",
                          parameter="agency")
behind = query("agency_tasks", agency)
counts = behind["role"].value_counts()
st.text(t("load_agency_tasks", name=agency_names[agency], counts=t("count_separator").join(
    t("load_role_count", role=role_names[role], n=counts[role]) for role in ROLE_ORDER if role in counts)))
st.page_link("views/tasks.py", label=t("load_open_in_explorer"), icon=":material/open_in_new:",
             query_params={"agency": agency, "kind": "task", "lang": lang})
shown = behind.assign(role=behind["role"].map(role_names), deadline_text=behind["deadline_text"].fillna(t("none")),
                      lines=behind["line_start"].astype(str) + "–" + behind["line_end"].astype(str))[
    ["task_id", "role", "content", "deadline_text", "lines"]]
table(shown, f"agency_tasks_{region}", t("load_pick_agency"), regions=[region], width="stretch", hide_index=True,
      height=320, column_config={
          "role": t("load_role"), "content": st.column_config.TextColumn(t("content"), width="large"),
          "deadline_text": t("deadline"), "lines": t("source_lines")})

# 3. Concentration figures with their plain-language readings.
st.subheader(t("load_concentration"))
summary = query("region_responsibility_row", region).iloc[0].to_dict()
cards = concentration_cards(summary, load[["agency_id", "name"]].drop_duplicates(), lang)
for start in (0, 3):
    for column, card in zip(st.columns(3), cards[start:start + 3], strict=True):
        column.metric(card["label"], card["value"])
        column.caption(literal(card["reading"]))
st.caption(t("load_methods"))

# 4. Co-assignment network of the chosen region, one role group at a time.
st.subheader(t("load_network_title"))
groups = query("co_assignment_groups", region)
if groups.empty:
    st.info(t("load_no_pairs"))
else:
    group_options = groups["role_group"].tolist()
    left, right = st.columns([3, 2])
    group = url_state.choice(t("load_network_group"), group_options, widget="radio", container=left,
                             format_func=lambda value: t(f"load_group_{value}"), horizontal=True,
                             key="load_network_group", parameter="network")
    max_shared = int(groups.set_index("role_group").at[group, "max_shared"])
    minimum = url_state.number(t("load_min_shared"), 1, max(max_shared, 2), key="load_min_shared",
                               parameter="shared", container=right)
    nodes = query("co_assignment_nodes", region, group)
    edges = query("co_assignment_edges", region, group, minimum)
    network_title = f"{names[region]} · {t(f'load_group_{group}')}"
    show_chart(co_assignment_network(nodes, edges, function_name, network_title,
                                     {"tasks": t("tasks"), "shared": t("load_shared")}),
               f"load_network_{region}_{group}", network_title, subtitle=t("load_network_subtitle"),
               stem=f"agency_network_{region}_{group}")
    st.caption(t("load_network_note"))

# 5. Function x region heatmap (government roles only; the college's offices are another level).
st.subheader(t("load_heatmap_title"))
role = url_state.choice(t("load_heatmap_role"), list(GOVERNMENT_ROLES), widget="radio", format_func=role_names.get,
                        horizontal=True, key="load_heatmap_role", parameter="role")
shares = query("function_share_matrix", role)
heatmap_regions = region_window(shares.groupby("region_id")["task_count"].sum(), "load_heatmap_regions",
                                keep=[region])  # with many regions: the N naming most, the chosen one kept
event = show_chart(function_heatmap(shares[shares["region_id"].isin(heatmap_regions)],
                                    {region_id: names[region_id] for region_id in heatmap_regions},
                                    function_name, role_names[role], lang), f"load_heatmap_{role}",
                   t("load_heatmap_title"), subtitle=t("load_heatmap_subtitle", role=role_names[role]),
                   filters=[(t("load_heatmap_role"), role_names[role])], stem=f"function_heatmap_{role}",
                   on_select="rerun", selection_mode="points")
if picked_point(event):  # a cell opens its tasks: that region's tasks naming an agency of that function
    function, region_id = picked_point(event)
    open_tasks(region=region_id, function=function, role=role, kind="task")
named, with_offices = set(shares["region_id"]), set(query("function_share_matrix", "implementer")["region_id"])
missing = [names[region_id] for region_id in names if region_id not in named]
restating = [names[region_id] for region_id in names if region_id in with_offices]
notes = [t("load_heatmap_note")]
if restating:
    notes.append(t("load_heatmap_note_restated", regions=join_some(restating, lang)))
if missing:
    notes.append(t("load_heatmap_missing", regions=join_some(missing, lang)))
st.caption(" ".join(notes))

# 6. Source note and the rows shown in the charts.
source_caption()
st.caption(t("load_rows_note"))
download_buttons(load, f"agency_load_{region}", "agency_load", t("load_bars_title"), regions=[region])
