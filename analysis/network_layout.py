"""A small undirected weighted graph with networkx's Louvain communities and spring layout, computed as
networkx 3 computes them (same node and edge orders, same random draws), so a seed gives the same communities
and positions. The co-occurrence network (analysis/cooccurrence.py) needs only these two algorithms;
importing networkx for them cost the instruments page about 150 ms on its first render.

Adapted from networkx (BSD-3-Clause, © NetworkX Developers): algorithms/community/louvain.py (Blondel et al.
2008), algorithms/community/quality.py (modularity) and drawing/layout.py (Fruchterman & Reingold 1991, the
dense "force" variant networkx uses below 500 nodes). tests/test_network_layout.py compares both with networkx
where it is installed.
"""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np

LOUVAIN_THRESHOLD = 1e-7  # networkx's default: stop when a level gains less modularity than this
LAYOUT_ITERATIONS = 50
LAYOUT_THRESHOLD = 1e-4


class Graph:
    """Nodes with attributes, undirected weighted edges, kept in insertion order as networkx.Graph keeps them
    (the orders decide which of two equal moves Louvain makes)."""

    def __init__(self):
        self.nodes: dict = {}
        self.adjacency: dict = {}

    def add_node(self, node, **attributes) -> None:
        if node not in self.nodes:
            self.nodes[node], self.adjacency[node] = {}, {}
        self.nodes[node].update(attributes)

    def add_edge(self, first, second, weight: float) -> None:
        self.add_node(first)
        self.add_node(second)
        self.adjacency[first][second] = weight
        self.adjacency[second][first] = weight

    def edges(self):
        """(u, v, weight) once per edge, in networkx's order (a self-loop once)."""
        seen = set()
        for node, neighbours in self.adjacency.items():
            for neighbour, weight in neighbours.items():
                if neighbour not in seen:
                    yield node, neighbour, weight
            seen.add(node)

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return sum(1 for _ in self.edges())

    def degree(self, node) -> int:
        """Neighbours of the node."""
        return len(self.adjacency[node])

    def weighted_degree(self, node) -> float:
        """Sum of the node's edge weights, a self-loop counted twice (networkx's degree(weight=...))."""
        neighbours = self.adjacency[node]
        return sum(neighbours.values()) + neighbours.get(node, 0.0)

    def size(self) -> float:
        return sum(weight for _, _, weight in self.edges())


# --- Louvain communities ---------------------------------------------------------------------------------------

def modularity(graph: Graph, partition: list[set]) -> float:
    degrees = {node: graph.weighted_degree(node) for node in graph.nodes}
    total = sum(degrees.values())
    edges_weight, norm = total / 2, 1 / total**2

    def contribution(community: set) -> float:
        inside = sum(weight for node, neighbour, weight in edges_within(graph, community))
        degree_sum = sum(degrees[node] for node in community)
        return inside / edges_weight - degree_sum * degree_sum * norm

    return sum(map(contribution, partition))


def edges_within(graph: Graph, community: set):
    seen = set()
    for node in community:
        for neighbour, weight in graph.adjacency[node].items():
            if neighbour in community and neighbour not in seen:
                yield node, neighbour, weight
        seen.add(node)


def louvain_communities(graph: Graph, seed: int) -> list[set]:
    """networkx.community.louvain_communities(graph, weight, resolution=1, threshold=1e-7, seed=seed)."""
    partition = [{node} for node in graph.nodes]
    if graph.number_of_edges() == 0:
        return partition
    generator = random.Random(seed)
    current = modularity(graph, partition)
    level = Graph()  # networkx copies the graph: the adjacency takes the order of the edges
    for node in graph.nodes:
        level.add_node(node)
    for first, second, weight in graph.edges():
        level.add_edge(first, second, weight)
    total_weight = level.size()
    partition, inner_partition, _ = one_level(level, total_weight, partition, generator)
    while True:
        result = [members.copy() for members in partition]
        new = modularity(level, inner_partition)
        if new - current <= LOUVAIN_THRESHOLD:
            return result
        current = new
        level = merged_graph(level, inner_partition)
        partition, inner_partition, improvement = one_level(level, total_weight, partition, generator)
        if not improvement:
            return [members.copy() for members in partition]


def one_level(graph: Graph, total_weight: float, partition: list[set], generator: random.Random):
    """One pass of local moves: each node (in a shuffled order) to the neighbouring community that gains most."""
    community_of = {node: index for index, node in enumerate(graph.nodes)}
    inner_partition = [{node} for node in graph.nodes]
    degrees = {node: graph.weighted_degree(node) for node in graph.nodes}
    community_degree = list(degrees.values())
    neighbours = {node: {other: weight for other, weight in graph.adjacency[node].items() if other != node}
                  for node in graph.nodes}
    order = list(graph.nodes)
    generator.shuffle(order)
    moves, improvement = 1, False
    while moves > 0:
        moves = 0
        for node in order:
            best_gain, best = 0, community_of[node]
            weights = neighbour_weights(neighbours[node], community_of)
            degree = degrees[node]
            community_degree[best] -= degree
            remove_cost = -weights[best] / total_weight + community_degree[best] * degree / (2 * total_weight**2)
            for community, weight in weights.items():
                gain = remove_cost + weight / total_weight - community_degree[community] * degree / (
                    2 * total_weight**2)
                if gain > best_gain:
                    best_gain, best = gain, community
            community_degree[best] += degree
            if best != community_of[node]:
                members = graph.nodes[node].get("nodes", {node})
                partition[community_of[node]].difference_update(members)
                inner_partition[community_of[node]].remove(node)
                partition[best].update(members)
                inner_partition[best].add(node)
                improvement, moves = True, moves + 1
                community_of[node] = best
    return list(filter(len, partition)), list(filter(len, inner_partition)), improvement


def neighbour_weights(neighbours: dict, community_of: dict) -> dict:
    weights = defaultdict(float)
    for neighbour, weight in neighbours.items():
        weights[community_of[neighbour]] += weight
    return weights


def merged_graph(graph: Graph, partition: list[set]) -> Graph:
    """One node per community (holding the original nodes), edge weights summed, self-loops inside."""
    merged, community_of = Graph(), {}
    for index, members in enumerate(partition):
        originals = set()
        for node in members:
            community_of[node] = index
            originals.update(graph.nodes[node].get("nodes", {node}))
        merged.add_node(index, nodes=originals)
    for first, second, weight in graph.edges():
        a, b = community_of[first], community_of[second]
        merged.add_edge(a, b, weight + merged.adjacency[a].get(b, 0))
    return merged


# --- Spring layout -----------------------------------------------------------------------------------------------

def spring_layout(graph: Graph, seed: int) -> dict:
    """networkx.spring_layout(graph, weight, seed=seed) below 500 nodes: node → (x, y), centred, within ±1."""
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    index = {node: position for position, node in enumerate(nodes)}
    adjacency = np.zeros((len(nodes), len(nodes)))
    for node, neighbours in graph.adjacency.items():
        for neighbour, weight in neighbours.items():
            adjacency[index[node], index[neighbour]] = weight
    position = fruchterman_reingold(adjacency, np.random.RandomState(seed))
    position -= position.mean(axis=0)
    limit = np.abs(position).max()
    if limit > 0:
        position *= 1 / limit
    return dict(zip(nodes, position, strict=True))


def fruchterman_reingold(adjacency: np.ndarray, generator: np.random.RandomState) -> np.ndarray:
    """Positions from random ones: repulsion between all nodes, attraction along weighted edges, cooling."""
    count = adjacency.shape[0]
    position = np.asarray(generator.rand(count, 2), dtype=adjacency.dtype)
    k = np.sqrt(1.0 / count)
    temperature = max(max(position.T[0]) - min(position.T[0]), max(position.T[1]) - min(position.T[1])) * 0.1
    step = temperature / (LAYOUT_ITERATIONS + 1)
    for _ in range(LAYOUT_ITERATIONS):
        delta = position[:, np.newaxis, :] - position[np.newaxis, :, :]
        distance = np.linalg.norm(delta, axis=-1)
        np.clip(distance, 0.01, None, out=distance)
        displacement = np.einsum("ijk,ij->ik", delta, (k * k / distance**2 - adjacency * distance / k))
        length = np.clip(np.linalg.norm(displacement, axis=-1), a_min=0.01, a_max=None)
        moved = np.einsum("ij,i->ij", displacement, temperature / length)
        position += moved
        temperature -= step
        if (np.linalg.norm(moved) / count) < LAYOUT_THRESHOLD:
            break
    return position
