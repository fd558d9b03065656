"""The funding-flow graph of the general public budget, built with networkx from the flow rows.

Columns: region (one per region, year and phase) → department (one per document) → unit → the
pooled units of a department of several units → function 类 → 款 → 项 → basic / project / unsplit →
project.  Every edge carries its amount in 万元, the document it belongs to and whether a table states
it.  Edges the tables do not state are ``inferred``: the pooling of several units before the
functional split, a broader function the table does not print (the sum of its lines), the money of
withheld or unlisted projects, the part of a function line the document does not split further (it
goes to the department's "未细分" node), and the whole of a document that only states its total (it
goes to the department's "未按功能细分" node).  So money is conserved at every node, and no document
with a figure to draw is left out; the graph lists the documents it draws and those it cannot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from budgetkg.flows.builder import FlowGraphBuilder
from budgetkg.flows.classification import function_tree, read_functions
from budgetkg.flows.department import DocumentFlows, add_total_only
from budgetkg.flows.documents import read_documents
from budgetkg.flows.model import Document
from budgetkg.flows.records import FlowRows
from budgetkg.questions import ResultRow


def _by_document(rows: Iterable[ResultRow]) -> dict[str, list[ResultRow]]:
    grouped: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        grouped[str(row["doc"])].append(row)
    return grouped


def build_flow_graph(data: FlowRows) -> nx.DiGraph:
    """The flow graph of every document with a table by function or a stated total.

    ``graph.graph["documents"]`` holds the documents drawn, ``graph.graph["undrawn"]`` the documents of
    the selection with nothing to draw."""
    builder = FlowGraphBuilder()
    documents = read_documents(data.documents, data.functions, data.files)
    functions = read_functions(data.classification)
    lines = _by_document(data.functions)
    units = _by_document(data.units)
    projects = _by_document(data.projects)
    drawn: list[Document] = []
    undrawn: list[Document] = []
    for document in documents:
        iri = document.iri
        if document.drawn_from == "functions":
            own = [row for row in lines[iri] if row["basis"] == document.basis]
            flows = DocumentFlows(builder, document, function_tree(own, functions))
            flows.add(units.get(iri, []), projects.get(iri, []))
        elif document.drawn_from == "total":
            add_total_only(builder, document)
        department = f"department:{iri}"
        has_flows = department in builder.graph and builder.graph.in_degree(department) > 0
        (drawn if has_flows else undrawn).append(document)
    builder.graph.remove_nodes_from(list(nx.isolates(builder.graph)))
    builder.graph.graph["documents"] = drawn
    builder.graph.graph["undrawn"] = undrawn
    return builder.graph
