"""The columns of the flow graph and the builder that adds its nodes and edges."""

from __future__ import annotations

from decimal import Decimal

import networkx as nx

from budgetkg.flows.model import Document, Source

COLUMNS = ("region", "department", "unit", "pool", "class", "section", "item", "spending", "project")
COLUMN = {name: index for index, name in enumerate(COLUMNS)}
FUNCTION_COLUMN = {1: "class", 2: "section", 3: "item"}
"""The column of a function by its level (类, 款, 项)."""
FUNCTION_COLUMNS = frozenset(FUNCTION_COLUMN.values())


class FlowGraphBuilder:
    """Adds nodes and edges, summing edges that meet twice and collecting each node's sources."""

    def __init__(self) -> None:
        self.graph: nx.DiGraph = nx.DiGraph()

    def node(
        self, node: str, label: str, column: str, document: Document, *sources: Source, short: str = ""
    ) -> str:
        """Add a node once, or add sources to it (``short``: its label without the owner, for views of
        one department)."""
        if node not in self.graph:
            self.graph.add_node(
                node,
                label=label,
                short=short or label,
                kind="function" if column in FUNCTION_COLUMNS else column,
                column=COLUMN[column],
                group=document.group,
                sources=[],
            )
        known: list[Source] = self.graph.nodes[node]["sources"]
        known.extend(source for source in sources if source not in known)
        return node

    def flow(self, source: str, target: str, amount: Decimal, document: Document, inferred: bool) -> None:
        """Add ``amount`` on the edge (nothing when it is not positive)."""
        if amount <= 0:
            return
        if self.graph.has_edge(source, target):
            edge = self.graph[source][target]
            edge["amount"] += amount
            edge["inferred"] = edge["inferred"] or inferred
        else:
            self.graph.add_edge(source, target, amount=amount, inferred=inferred, doc=document.iri)
