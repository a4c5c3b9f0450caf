"""analysis/network_layout.py against networkx itself: the same Louvain communities and the same spring-layout
positions on the seeds' co-occurrence networks (the corpus and each region, at several of the page's
thresholds). networkx is a test requirement only: the page draws the network without it."""

import networkx as nx
import numpy as np
import pytest

from analysis import cooccurrence, queries
from analysis.network_layout import louvain_communities, spring_layout

SCOPES = [None, "gaoping", "jinzhou", "wafangdian", "zhongwei"]
THRESHOLDS = [(2, 0.0), (2, 0.2), (3, 0.1), (4, 0.3), (6, 0.05)]


def networkx_graph(edges):
    graph = nx.Graph()
    for edge in edges.itertuples(index=False):
        graph.add_node(edge.term_a, tasks=int(edge.tasks_a))
        graph.add_node(edge.term_b, tasks=int(edge.tasks_b))
        graph.add_edge(edge.term_a, edge.term_b, jaccard=float(edge.jaccard), tasks=int(edge.tasks))
    return graph


@pytest.fixture(scope="module")
def networks(database):
    found = []
    for scope in SCOPES:
        every_edge = queries.term_network_edges(database, scope)
        for minimum_tasks, minimum_jaccard in THRESHOLDS:
            edges = cooccurrence.filter_edges(every_edge, minimum_tasks, minimum_jaccard)
            if len(edges) >= 3:
                found.append((cooccurrence.term_graph(edges), networkx_graph(edges)))
    assert len(found) >= 15  # every scope has a network at the loose thresholds
    return found


def test_louvain_communities_are_those_of_networkx(networks):
    for ours, theirs in networks:
        expected = nx.community.louvain_communities(theirs, weight="jaccard", seed=cooccurrence.SEED)
        assert sorted(map(sorted, louvain_communities(ours, seed=cooccurrence.SEED))) == sorted(map(sorted, expected))


def test_spring_layout_positions_are_those_of_networkx(networks):
    for ours, theirs in networks:
        expected = nx.spring_layout(theirs, weight="jaccard", seed=cooccurrence.SEED)
        positions = spring_layout(ours, seed=cooccurrence.SEED)
        assert list(positions) == list(expected)
        assert np.allclose(np.array(list(positions.values())), np.array(list(expected.values())), atol=1e-12)


def test_the_graph_counts_nodes_edges_and_neighbours_as_networkx(networks):
    for ours, theirs in networks:
        assert (ours.number_of_nodes(), ours.number_of_edges()) == (theirs.number_of_nodes(), theirs.number_of_edges())
        assert {node: ours.degree(node) for node in ours.nodes} == dict(theirs.degree)
