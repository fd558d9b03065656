"""``budgetkg flows``: the flow graph of the chosen documents written as HTML, JSON or GraphML."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from budgetkg.errors import BudgetKGError
from budgetkg.flows.data import FileLink, flow_data
from budgetkg.flows.graph import build_flow_graph
from budgetkg.flows.graphml import write_graphml
from budgetkg.flows.page import render_page
from budgetkg.flows.records import check_parameters, fetch, store_runner
from budgetkg.store import EmbeddedStore

FORMATS = ("html", "json", "graphml")
TITLE = "一般公共预算资金流向"


def default_output(form: str) -> Path:
    """The file a format is written to when no output is given: flows.html, flows.json, flows.graphml."""
    if form not in FORMATS:
        raise BudgetKGError(f"unknown flows format {form!r}; known: {', '.join(FORMATS)}")
    return Path(f"flows.{form}")


def store_flow_graph(store: EmbeddedStore, params: Mapping[str, str] | None = None) -> nx.DiGraph:
    """The flow graph of the documents the parameters choose (all of them without parameters)."""
    check_parameters(params)
    graph = build_flow_graph(fetch(store_runner(store), params))
    if graph.number_of_edges() == 0:
        chosen = ", ".join(f"{name}={value}" for name, value in (params or {}).items())
        undrawn = "; ".join(document.title for document in graph.graph["undrawn"])
        raise BudgetKGError(
            "no general public budget table by function and no stated general public budget total in the "
            "store"
            + (f" for {chosen}" if chosen else "")
            + ": nothing to draw"
            + (f" (documents without either: {undrawn})" if undrawn else "")
        )
    return graph


def write_flows(
    graph: nx.DiGraph,
    form: str,
    output: Path,
    chosen: Mapping[str, str] | None = None,
    min_share: float = 0.01,
    title: str = TITLE,
    file_link: FileLink | None = None,
) -> None:
    """Write the graph as ``form`` (html, json or graphml) at ``output``; ``file_link`` says where the
    page links to each source file (nowhere without it: pages are then plain text)."""
    if form not in FORMATS:
        raise BudgetKGError(f"unknown flows format {form!r}; known: {', '.join(FORMATS)}")
    output.parent.mkdir(parents=True, exist_ok=True)
    if form == "graphml":
        write_graphml(graph, output)
    elif form == "json":
        text = json.dumps(flow_data(graph, file_link), ensure_ascii=False, indent=1)
        output.write_text(text + "\n", encoding="utf-8")
    else:
        data = flow_data(graph, file_link)
        page = render_page(data, title=title, chosen=dict(chosen or {}), min_share=min_share)
        output.write_text(page, encoding="utf-8")
