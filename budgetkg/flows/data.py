"""The JSON the explorer draws: nodes with their amounts and sources, links with their documents,
the documents behind the menus (what each is drawn from, and its files) and the documents with nothing
to draw.  Amounts are numbers in 万元."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import networkx as nx

from budgetkg.flows.builder import COLUMNS
from budgetkg.flows.model import BASES, ZERO, Document, SourceFile

UNIT = "万元"

FileLink = Callable[[SourceFile], str | None]
"""Where a page links to a source file (None: the file is not at hand, its pages are plain text)."""


def throughput(graph: nx.DiGraph, node: str) -> Decimal:
    """The larger of a node's inflow and outflow (they are equal wherever both exist)."""
    inflow = sum((data["amount"] for _, _, data in graph.in_edges(node, data=True)), ZERO)
    outflow = sum((data["amount"] for _, _, data in graph.out_edges(node, data=True)), ZERO)
    return max(inflow, outflow)


def _number(amount: Decimal) -> float | int:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def document_data(
    document: Document, drawn: Decimal | None = None, file_link: FileLink | None = None
) -> dict[str, Any]:
    """A document as the page reads it: its menus, what it is drawn from (and the total drawn beside
    the total it states) and where its files are."""
    stated = document.stated
    return {
        "iri": document.iri,
        "region_code": document.region_code,
        "region_name": document.region_name,
        "year": document.year,
        "phase": document.phase,
        "phase_name": document.phase_name,
        "department": document.department,
        "group": document.group,
        "drawn_from": document.drawn_from or None,
        "basis": document.basis or None,
        "basis_name": BASES.get(document.basis),
        "stated_total": _number(stated.amount) if stated else None,
        "drawn_total": _number(drawn) if drawn is not None else None,
        "published_at": document.published_at or None,
        "files": [
            {"name": file.name, "first_page": file.first_page, "href": file_link(file) if file_link else None}
            for file in document.files
        ],
    }


def flow_data(graph: nx.DiGraph, file_link: FileLink | None = None) -> dict[str, Any]:
    """The graph as the explorer's JSON: ``nodes``, ``links``, ``documents``, ``undrawn``, ``columns``,
    ``unit``."""
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
    undrawn: list[Document] = graph.graph.get("undrawn", [])
    return {
        "unit": UNIT,
        "columns": list(COLUMNS),
        "documents": [
            document_data(document, throughput(graph, f"department:{document.iri}"), file_link)
            for document in documents
        ],
        "undrawn": [document_data(document, file_link=file_link) for document in undrawn],
        "nodes": nodes,
        "links": links,
    }
