"""The JSON the explorer draws: nodes with their amounts and sources, links with their documents,
and the documents behind the menus.  Amounts are numbers in 万元."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

import networkx as nx

from budgetkg.flows.graph import COLUMNS, ZERO, Document

UNIT = "万元"


def throughput(graph: nx.DiGraph, node: str) -> Decimal:
    """The larger of a node's inflow and outflow (they are equal wherever both exist)."""
    inflow = sum((data["amount"] for _, _, data in graph.in_edges(node, data=True)), ZERO)
    outflow = sum((data["amount"] for _, _, data in graph.out_edges(node, data=True)), ZERO)
    return max(inflow, outflow)


def _number(amount: Decimal) -> float | int:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def flow_data(graph: nx.DiGraph) -> dict[str, Any]:
    """The graph as the explorer's JSON: ``nodes``, ``links``, ``documents``, ``columns``, ``unit``."""
    nodes = [
        {
            "id": node,
            "label": data["label"],
            "short": data["short"],
            "amount": _number(throughput(graph, node)),
            "kind": data["kind"],
            "column": data["column"],
            "group": data["group"],
            "sources": [
                {"document": document, "line": line, "page": int(page) if page else None, "what": what}
                for document, line, page, what in data["sources"]
            ],
        }
        for node, data in graph.nodes(data=True)
    ]
    links = [
        {
            "source": source,
            "target": target,
            "amount": _number(data["amount"]),
            "inferred": bool(data["inferred"]),
            "document": data["doc"],
        }
        for source, target, data in graph.edges(data=True)
    ]
    documents: list[Document] = graph.graph.get("documents", [])
    return {
        "unit": UNIT,
        "columns": list(COLUMNS),
        "documents": [asdict(document) | {"group": document.group} for document in documents],
        "nodes": nodes,
        "links": links,
    }
