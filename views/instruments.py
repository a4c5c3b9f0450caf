"""Policy instruments × reform domains, and the keyword co-occurrence network: the two-way grid and the network
of policy-text studies, each opening down to its tasks and source lines."""

import streamlit as st

from analysis import cooccurrence, instruments
from analysis import themes as themes_view
from views import url_state
from views.shared import (
    KWIC_TASKS,
    language,
    literal,
    query,
    question,
    region_names,
    show_chart,
    source_caption,
    t,
    table,
)

CORPUS = ""  # the scope 'all lists' in the selectboxes; None in the queries


def clicked(event, key: str):
    """customdata of a newly clicked point (None when the click is the one seen before)."""
    points = event.selection.points if event else []
    picked = tuple(points[0]["customdata"][:2]) if points and points[0].get("customdata") else None
    if picked == st.session_state.get(f"{key}_seen"):
        return None
    st.session_state[f"{key}_seen"] = picked
    return picked


st.title(t("page_instruments"))
question("question_instruments")
lang = language()
names = region_names()
scope_names = {CORPUS: t("instruments_corpus"), **names}
st.caption(t("instruments_intro", n=len(names)))

# 1. Instrument × domain grid
st.header(t("instruments_grid_header"))
scope = url_state.choice(t("instruments_scope"), list(scope_names), format_func=scope_names.get, key="grid_scope",
                         parameter="scope")
grid = query("instrument_domain_grid", scope or None)
region_tasks = int(grid["region_tasks"].max()) if not grid.empty else 0
grid_key = f"instruments_grid_{scope}"
grid_title = t("instruments_grid_title", scope=scope_names[scope], n=region_tasks)
event = show_chart(instruments.grid_figure(grid, lang, grid_title, (t("themes_tasks_word"), t("themes_of_word"))),
                   grid_key, grid_title, stem=f"instrument_domains_{scope or 'all'}", on_select="rerun",
                   selection_mode="points")
picked = clicked(event, grid_key)
if picked:
    st.session_state["grid_instrument"], st.session_state["grid_domain"] = picked
st.caption(t("instruments_grid_note"))
with st.expander(t("instruments_grid_table", n=region_tasks)):
    table(instruments.grid_table(grid, lang, t("instruments_type"), t("instruments_instrument")),
          f"instrument_domains_{scope or 'all'}", grid_title, width="stretch", hide_index=True,
          key="instruments_grid_table")

# 1b. One cell: across regions, and its tasks with the evidence of both codes
st.subheader(t("instruments_open_cell"))
labelled = instruments.labels(grid, lang)
instrument_names = dict(zip(labelled["instrument"], labelled["instrument_label"], strict=False))
domain_names = dict(zip(labelled["domain"], labelled["domain_label"], strict=False))
left, right = st.columns(2)
instrument = url_state.choice(t("instruments_instrument"), instruments.ordered_instruments(grid),
                              format_func=instrument_names.get, key="grid_instrument", parameter="instrument",
                              container=left)
domain = url_state.choice(t("instruments_domain"), instruments.ordered_domains(grid), format_func=domain_names.get,
                          key="grid_domain", parameter="domain", container=right)
cell_name = {"instrument": instrument_names[instrument], "domain": domain_names[domain]}
by_region = instruments.cell_by_region_table(query("instrument_domain_cell_by_region", instrument, domain), names,
                                             t("instruments_corpus"))
regions_title = t("instruments_cell_regions", **cell_name)
st.markdown(f"**{literal(regions_title)}**")
table(by_region, f"cell_{instrument}_{domain}_regions", regions_title, width="stretch", hide_index=True,
      key="instruments_cell_regions",
      column_config={"share": st.column_config.NumberColumn(t("column_share"), format="percent")})
cell_tasks = instruments.cell_tasks_table(query("instrument_domain_cell_tasks", scope or None, instrument, domain),
                                          names)
tasks_title = t("instruments_cell_tasks", scope=scope_names[scope], count=len(cell_tasks), **cell_name)
st.markdown(f"**{literal(tasks_title)}**")
if cell_tasks.empty:
    st.info(t("instruments_cell_none"))
else:
    table(cell_tasks, f"cell_{instrument}_{domain}_tasks", tasks_title, width="stretch", hide_index=True,
          key="instruments_cell_tasks")

# 2. Keyword co-occurrence network
st.header(t("instruments_network_header"))
controls = st.columns([2, 2, 2])
network_scope = url_state.choice(t("instruments_scope"), list(scope_names), format_func=scope_names.get,
                                 key="network_scope", parameter="network", container=controls[0])
all_edges = query("term_network_edges", network_scope or None)
most_tasks = int(cooccurrence.term_frequencies(all_edges).max()) if not all_edges.empty else 2
minimum_tasks = controls[1].slider(t("instruments_min_term_tasks"), 2, max(most_tasks, 3),
                                   min(cooccurrence.default_minimum_tasks(all_edges), max(most_tasks, 3)),
                                   key=f"network_min_tasks_{network_scope}")
minimum_jaccard = controls[2].slider(t("instruments_min_jaccard"), 0.0, 1.0, 0.2, 0.05, key="network_min_jaccard")
edges = cooccurrence.filter_edges(all_edges, minimum_tasks, minimum_jaccard)
graph = cooccurrence.term_graph(edges)
nodes = cooccurrence.node_table(graph)  # communities found once, for the figure and both tables
network_key = f"instruments_network_{network_scope}_{minimum_tasks}_{minimum_jaccard}"
network_title = t("instruments_network_title", scope=scope_names[network_scope], nodes=graph.number_of_nodes(),
                  edges=graph.number_of_edges())
event = show_chart(cooccurrence.network_figure(graph, nodes, network_title,
                                               (t("themes_tasks_word"), t("instruments_community"))),
                   network_key, network_title, stem=f"term_network_{network_scope or 'all'}",
                   filters=[(t("instruments_min_term_tasks"), str(minimum_tasks)),
                            (t("instruments_min_jaccard"), str(minimum_jaccard))],
                   on_select="rerun", selection_mode="points")
picked = clicked(event, network_key)
if picked:
    st.session_state["network_term"] = picked[0]
st.caption(t("instruments_network_note"))
if edges.empty:
    st.info(t("instruments_network_empty"))
else:
    edge_list, node_list = st.tabs([t("instruments_edges_title"), t("instruments_nodes_title")])
    with edge_list:
        table(cooccurrence.edge_table(edges, nodes), f"term_cooccurrences_{network_scope or 'all'}",
              t("instruments_edges_title"), width="stretch", hide_index=True, height=320, key="instruments_edges")
    with node_list:
        table(nodes, f"term_communities_{network_scope or 'all'}",
              t("instruments_nodes_title"), width="stretch", hide_index=True, height=320, key="instruments_nodes")

    # 2b. A node opens to its keyword-in-context lines (the themes page's KWIC query)
    terms = nodes["term"].tolist()
    term = url_state.choice(t("instruments_node_pick"), terms, key="network_term", parameter="term")
    found = query("keyword_counts", term, network_scope or None)
    holding = query("keyword_tasks", term, network_scope or None, limit=KWIC_TASKS)  # the counts are of all
    contexts = themes_view.keyword_in_context(holding, term)
    st.markdown(t("themes_kwic_count", term=literal(term), count=found["occurrences"], tasks=found["tasks"]))
    if found["tasks"] > len(holding):
        st.caption(t("kwic_window", shown=len(holding), total=found["tasks"]))
    table(themes_view.kwic_table(contexts, names, lang), f"keyword_in_context_{term}", t("themes_kwic"),
          width="stretch", hide_index=True, key="instruments_kwic")

st.caption(t("instruments_methods"))
source_caption()
