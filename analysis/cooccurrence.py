"""The keyword co-occurrence network (table term_cooccurrences) as a graph: communities, layout and figure.

Input: the edges of analysis/queries.term_network_edges (term_a, term_b, tasks, tasks_a, tasks_b, jaccard).
Communities: Louvain modularity (Blondel et al. 2008, weight = Jaccard, fixed seed), found on the edges shown,
so they follow the page's thresholds. Layout: force-directed (Fruchterman–Reingold, fixed seed). Both are
networkx's algorithms as networkx 3 runs them (analysis/network_layout.py gives the same communities and
positions), without importing networkx: its ~300 modules cost the page's first render more than the network.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from analysis.network_layout import Graph, louvain_communities, spring_layout
from analysis.themes import FONT

SEED = 16
PALETTE = qualitative.Set2 + qualitative.Dark2 + qualitative.Pastel1
NODE_COLUMNS = ["term", "tasks", "degree", "community"]
EDGE_CLASSES = (0.0, 0.2, 0.4, 0.7, 1.01)  # Jaccard bounds of the drawn line widths
READABLE_TERMS = 60


def term_frequencies(edges: pd.DataFrame) -> pd.Series:
    """Tasks per term, for the terms of the edges."""
    ends = pd.concat([edges[["term_a", "tasks_a"]].set_axis(["term", "tasks"], axis=1),
                      edges[["term_b", "tasks_b"]].set_axis(["term", "tasks"], axis=1)])
    return ends.drop_duplicates("term").set_index("term")["tasks"]


def default_minimum_tasks(edges: pd.DataFrame, readable_terms: int = READABLE_TERMS) -> int:
    """The smallest minimum frequency that leaves at most readable_terms terms: a network that can be read
    whatever the size of the corpus (the reader can lower it)."""
    frequencies = term_frequencies(edges).sort_values(ascending=False)
    if len(frequencies) <= readable_terms:
        return int(frequencies.min()) if len(frequencies) else 2
    return int(frequencies.iloc[readable_terms]) + 1


def filter_edges(edges: pd.DataFrame, minimum_tasks: int, minimum_jaccard: float) -> pd.DataFrame:
    """The edges whose two terms occur in at least minimum_tasks tasks and whose Jaccard reaches the bound."""
    keep = ((edges["tasks_a"] >= minimum_tasks) & (edges["tasks_b"] >= minimum_tasks)
            & (edges["jaccard"] >= minimum_jaccard))
    return edges[keep].reset_index(drop=True)


def term_graph(edges: pd.DataFrame) -> Graph:
    """Undirected graph: terms as nodes (with their tasks), pairs as edges weighted by Jaccard."""
    graph = Graph()
    for term_a, term_b, tasks_a, tasks_b, jaccard in zip(edges["term_a"], edges["term_b"], edges["tasks_a"],
                                                         edges["tasks_b"], edges["jaccard"], strict=True):
        graph.add_node(term_a, tasks=int(tasks_a))
        graph.add_node(term_b, tasks=int(tasks_b))
        graph.add_edge(term_a, term_b, float(jaccard))
    return graph


def communities(graph: Graph) -> dict[str, int]:
    """term → community number, 1 = the community with the most terms (ties by its first term)."""
    if graph.number_of_edges() == 0:
        return {node: index for index, node in enumerate(sorted(graph.nodes), start=1)}
    groups = louvain_communities(graph, seed=SEED)
    ranked = sorted((sorted(group) for group in groups), key=lambda group: (-len(group), group[0]))
    return {term: number for number, group in enumerate(ranked, start=1) for term in group}


def node_table(graph: Graph) -> pd.DataFrame:
    """One row per term: tasks holding it, number of neighbours shown, community; most used first."""
    community = communities(graph)
    rows = [(term, graph.nodes[term]["tasks"], graph.degree(term), community[term]) for term in graph.nodes]
    frame = pd.DataFrame(rows, columns=NODE_COLUMNS)
    return frame.sort_values(["tasks", "term"], ascending=[False, True], ignore_index=True)


def network_figure(graph: Graph, nodes: pd.DataFrame, title: str, hover_words: tuple[str, str]) -> go.Figure:
    """Nodes sized by tasks and coloured by community, edges wider the higher their Jaccard (four classes). A click on a node
    selects its term through customdata. `nodes`: node_table(graph). hover_words = (word for 'tasks', word for
    'community')."""
    if graph.number_of_nodes() == 0:
        return go.Figure(layout={"title": title, "font": {"family": FONT}})
    position = spring_layout(graph, seed=SEED)
    traces = []
    for low, high in zip(EDGE_CLASSES[:-1], EDGE_CLASSES[1:], strict=True):
        x, y = [], []
        for term_a, term_b, jaccard in graph.edges():
            if low <= jaccard < high:
                x.extend([position[term_a][0], position[term_b][0], None])
                y.extend([position[term_a][1], position[term_b][1], None])
        if x:  # one trace per strength class: hundreds of edges stay one line each
            traces.append({"type": "scatter", "x": x, "y": y, "mode": "lines", "hoverinfo": "skip",
                           "showlegend": False, "line": {"width": 0.6 + 4 * low, "color": "rgba(120,120,120,0.4)"}})
    largest = max(int(nodes["tasks"].max()), 1)
    coordinates = np.array([position[term] for term in nodes["term"]])
    traces.append({
        "type": "scatter", "x": coordinates[:, 0], "y": coordinates[:, 1], "mode": "markers+text",
        "text": nodes["term"], "showlegend": False, "textposition": "top center", "textfont": {"size": 12},
        "marker": {"size": 10 + 22 * np.sqrt(nodes["tasks"] / largest), "line": {"width": 1, "color": "#fff"},
                   "color": [PALETTE[(number - 1) % len(PALETTE)] for number in nodes["community"]]},
        "customdata": np.stack([nodes["term"], nodes["tasks"], nodes["community"]], axis=1),
        "hovertemplate": ("%{customdata[0]}<br>%{customdata[1]} " + hover_words[0] + " · " + hover_words[1]
                          + " %{customdata[2]}<extra></extra>")})
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    return go.Figure(data=traces, layout={
        "title": title, "height": 640, "font": {"family": FONT}, "xaxis": hidden_axis, "yaxis": hidden_axis,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "plot_bgcolor": "#fff"})


def edge_table(edges: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """The edges shown, with each end's community (from node_table), strongest first (what the network draws,
    as a table)."""
    community = dict(zip(nodes["term"], nodes["community"], strict=True))
    return edges.assign(community_a=edges["term_a"].map(community), community_b=edges["term_b"].map(community),
                        jaccard=edges["jaccard"].round(3))[
        ["term_a", "term_b", "tasks", "tasks_a", "tasks_b", "jaccard", "community_a", "community_b"]]
