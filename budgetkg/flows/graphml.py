"""The flow graph as GraphML, for network tools (Gephi, yEd, networkx)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx


def _attributes(data: Mapping[str, Any]) -> dict[str, Any]:
    """What GraphML can hold: Decimal as exact text plus ``amount_value`` as a number; lists as text."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, Decimal):
            out[key] = str(value)
            if key == "amount":
                out["amount_value"] = float(value)
        elif isinstance(value, bool | int | float | str):
            out[key] = value
        elif isinstance(value, list):
            out[key] = "; ".join(" ".join(part for part in item if part) for item in value)
    return out


def write_graphml(graph: nx.DiGraph, path: Path) -> None:
    """Write ``graph`` as UTF-8 GraphML: amounts exact as text and as numbers, ``inferred`` boolean,
    each node's sources as document, line and page IRIs and numbers."""
    out = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **_attributes(data))
    for source, target, data in graph.edges(data=True):
        out.add_edge(source, target, **_attributes(data))
    nx.write_graphml(out, str(path), encoding="utf-8")
