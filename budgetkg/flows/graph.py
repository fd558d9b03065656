"""The funding-flow graph of the general public budget, built with networkx from the flow rows.

Columns: region (one per region, year and phase) → department (one per document) → unit → the
pooled units of a department of several units → function 类 → 款 → 项 → basic / project / unsplit →
project.  Every edge carries its amount in 万元, the document it belongs to and whether a table states
it.  Edges the tables do not state are ``inferred``: the pooling of several units before the
functional split, the money of withheld or unlisted projects, and the part of a function line the
document does not split further (it goes to the department's "未细分" node, so money is conserved at
every column).  A split is drawn only when its parts do not exceed their total; otherwise the whole
total goes on unsplit, so that no node ever gives out more than it receives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx

from budgetkg.flows.records import FlowRows
from budgetkg.questions import ResultRow

COLUMNS = ("region", "department", "unit", "pool", "class", "section", "item", "spending", "project")
COLUMN = {name: index for index, name in enumerate(COLUMNS)}
FUNCTION_COLUMN = {3: "class", 5: "section", 7: "item"}
FUNCTION_COLUMNS = frozenset(FUNCTION_COLUMN.values())
ZERO = Decimal(0)

Source = tuple[str, str, str, str]
"""Where a node comes from: the document IRI, the line IRI (or ""), the page (or "") and what the line
is (its code and name)."""


@dataclass(frozen=True)
class Document:
    """One published budget and where it sits in the menus."""

    iri: str
    region_code: str
    region_name: str
    year: str
    phase: str
    phase_name: str
    department: str

    @property
    def group(self) -> str:
        """The region, year and phase the document's money belongs to."""
        return f"{self.region_code}|{self.year}|{self.phase}"


def _amount(value: object) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def _source(row: ResultRow) -> Source:
    what = " ".join(str(row[key]) for key in ("code", "unit_code", "name", "unit_name") if row.get(key))
    return (str(row["doc"]), str(row.get("line") or ""), str(row.get("page") or ""), what)


class FlowGraphBuilder:
    """Adds nodes and edges, summing edges that meet twice and collecting each node's sources."""

    def __init__(self) -> None:
        self.graph: nx.DiGraph = nx.DiGraph()

    def node(
        self, node: str, label: str, column: str, document: Document, *sources: Source, short: str = ""
    ) -> str:
        """Add a node once (``short``: its label without the owner, for views of one department)."""
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
        if amount <= 0:
            return
        if self.graph.has_edge(source, target):
            edge = self.graph[source][target]
            edge["amount"] += amount
            edge["inferred"] = edge["inferred"] or inferred
        else:
            self.graph.add_edge(source, target, amount=amount, inferred=inferred, doc=document.iri)


def documents_of(rows: Iterable[ResultRow]) -> dict[str, Document]:
    """The documents the function rows belong to, by IRI."""
    found: dict[str, Document] = {}
    for row in rows:
        iri = str(row["doc"])
        if iri not in found:
            found[iri] = Document(
                iri=iri,
                region_code=str(row["region_code"]),
                region_name=str(row["region_name"]),
                year=str(row["fiscal_year"]),
                phase=str(row["phase"]),
                phase_name=str(row["phase_name"]),
                department=str(row["department"]),
            )
    return found


def build_flow_graph(data: FlowRows) -> nx.DiGraph:
    """The flow graph of every document that prints a general public budget table by function."""
    builder = FlowGraphBuilder()
    by_document: dict[str, list[ResultRow]] = defaultdict(list)
    for row in data.functions:
        by_document[str(row["doc"])].append(row)
    units: dict[str, list[ResultRow]] = defaultdict(list)
    for row in data.units:
        units[str(row["doc"])].append(row)
    projects: dict[str, list[ResultRow]] = defaultdict(list)
    for row in data.projects:
        projects[str(row["doc"])].append(row)
    documents = documents_of(data.functions)
    for iri, rows in by_document.items():
        DocumentFlows(builder, documents[iri], rows).add(units.get(iri, []), projects.get(iri, []))
    builder.graph.remove_nodes_from(list(nx.isolates(builder.graph)))
    builder.graph.graph["documents"] = [documents[iri] for iri in by_document]
    return builder.graph


class DocumentFlows:
    """The flows of one document, from its region down to its projects."""

    def __init__(self, builder: FlowGraphBuilder, document: Document, rows: list[ResultRow]) -> None:
        self.builder = builder
        self.document = document
        self.lines = {str(row["code"]): row for row in rows}
        self.classes = [code for code in sorted(self.lines) if len(code) == 3]
        self.total = sum((_amount(self.lines[code]["total"]) for code in self.classes), ZERO)
        self.spending: dict[str, str] = {}

    def add(self, unit_rows: list[ResultRow], project_rows: list[ResultRow]) -> None:
        doc = self.document
        region = self.builder.node(
            f"region:{doc.group}",
            f"{doc.region_name} {doc.year}年{doc.phase_name}",
            "region",
            doc,
            (doc.iri, "", "", doc.department),
        )
        department = self.builder.node(
            f"department:{doc.iri}",
            f"{doc.department}",
            "department",
            doc,
            *(_source(self.lines[code]) for code in self.classes),
        )
        self.builder.flow(region, department, self.total, doc, inferred=False)
        spender = self._units(department, unit_rows)
        for code in self.classes:
            self._function(spender, code, inferred=spender.startswith("pool:"))
        self._projects(project_rows)

    def _units(self, department: str, rows: list[ResultRow]) -> str:
        """Add the units; return the node the functional flows leave from."""
        doc = self.document
        stated = sum((_amount(row["amount"]) for row in rows), ZERO)
        if not rows or stated != self.total:
            # no unit table, or one that does not add up to the functional total: one node for all units
            node = self.builder.node(
                f"unit:{doc.iri}:all", f"{doc.department}（各单位）", "unit", doc, short="各单位"
            )
            self.builder.flow(department, node, self.total, doc, inferred=bool(rows))
            return node
        if len(rows) == 1:
            row = rows[0]
            node = self.builder.node(
                f"unit:{doc.iri}:{row['unit_code']}", str(row["unit_name"]), "unit", doc, _source(row)
            )
            self.builder.flow(department, node, self.total, doc, inferred=False)
            return node
        pool = self.builder.node(
            f"pool:{doc.iri}", f"{doc.department} 各单位合计", "pool", doc, short="各单位合计"
        )
        for row in rows:
            node = self.builder.node(
                f"unit:{doc.iri}:{row['unit_code']}", str(row["unit_name"]), "unit", doc, _source(row)
            )
            self.builder.flow(department, node, _amount(row["amount"]), doc, inferred=False)
            self.builder.flow(node, pool, _amount(row["amount"]), doc, inferred=True)
        return pool

    def _children(self, code: str) -> list[str]:
        width = {3: 5, 5: 7}.get(len(code))
        return [
            other for other in sorted(self.lines) if width and len(other) == width and other.startswith(code)
        ]

    def _function(self, parent: str, code: str, inferred: bool) -> None:
        doc = self.document
        row = self.lines[code]
        total = _amount(row["total"])
        node = self.builder.node(
            f"function:{doc.group}:{code}",
            f"{code} {row['name']}",
            FUNCTION_COLUMN[len(code)],
            doc,
            _source(row),
        )
        self.builder.flow(parent, node, total, doc, inferred)
        children = self._children(code)
        if children and sum((_amount(self.lines[child]["total"]) for child in children), ZERO) <= total:
            for child in children:
                self._function(node, child, inferred=False)
            rest = total - sum((_amount(self.lines[child]["total"]) for child in children), ZERO)
            self.builder.flow(node, self._spending("unsplit"), rest, doc, inferred=True)
            return
        basic, project = _amount(row["basic"]), _amount(row["project"])
        if basic + project > total:
            basic = project = ZERO
        self.builder.flow(node, self._spending("basic"), basic, doc, inferred=False)
        self.builder.flow(node, self._spending("project"), project, doc, inferred=False)
        self.builder.flow(node, self._spending("unsplit"), total - basic - project, doc, inferred=True)

    def _spending(self, kind: str) -> str:
        if kind not in self.spending:
            doc = self.document
            name = {"basic": "基本支出", "project": "项目支出", "unsplit": "未细分"}[kind]
            self.spending[kind] = self.builder.node(
                f"{kind}:{doc.iri}", f"{doc.department} {name}", "spending", doc, short=name
            )
        return self.spending[kind]

    def _projects(self, rows: list[ResultRow]) -> None:
        doc = self.document
        if "project" not in self.spending:
            return
        spending = self.spending["project"]
        available = sum(
            (data["amount"] for _, _, data in self.builder.graph.in_edges(spending, data=True)), ZERO
        )
        listed = sum((_amount(row["amount"]) for row in rows), ZERO)
        if rows and listed <= available:
            for row in rows:
                node = self.builder.node(
                    f"project:{doc.iri}:{row['project']}", str(row["name"]), "project", doc, _source(row)
                )
                self.builder.flow(spending, node, _amount(row["amount"]), doc, inferred=False)
            label = "未公开金额的项目"
        else:
            listed = ZERO
            label = "未逐项列出的项目"
        if available > listed:
            node = self.builder.node(
                f"project:{doc.iri}:rest", f"{doc.department} {label}", "project", doc, short=label
            )
            self.builder.flow(spending, node, available - listed, doc, inferred=True)
