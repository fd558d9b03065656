"""The funding-flow graph of the general public budget, built from the store with networkx.

Columns: fund source → department → unit → function (类) → basic / project → project.
Every edge states an amount printed in a table, except those marked ``inferred``:
the part of project spending that goes to withheld projects (total minus disclosed projects) or,
for documents without a project table, to projects the document does not itemise,
and, in departments with several units, the pooling of the units before the functional split
(the tables do not say which unit spends on which function).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx

from budgetkg.paths import QUERIES_DIR
from budgetkg.questions import ResultRow, load_question, run_rows
from budgetkg.store import EmbeddedStore

FUND_NODE = "fund:general"
BASIC_NODE = "spending:basic"
PROJECT_NODE = "spending:project"
WITHHELD_NODE = "project:withheld"
UNLISTED_NODE = "project:unlisted"


@dataclass(frozen=True)
class FlowQueries:
    """The rows the flow graph is drawn from."""

    functions: list[ResultRow]
    units: list[ResultRow]
    projects: list[ResultRow]


def fetch(store: EmbeddedStore) -> FlowQueries:
    """Run the internal flow questions."""
    rows = {}
    for name in ("flow-functions", "flow-units", "flow-projects"):
        _, rows[name] = run_rows(store, load_question(QUERIES_DIR / "internal" / f"{name}.rq"))
    return FlowQueries(rows["flow-functions"], rows["flow-units"], rows["flow-projects"])


def _amount(value: str | None) -> Decimal:
    return Decimal(value) if value else Decimal(0)


def _add_flow(graph: nx.DiGraph, source: str, target: str, amount: Decimal, inferred: bool = False) -> None:
    if amount <= 0:
        return
    if graph.has_edge(source, target):
        graph[source][target]["amount"] += amount
    else:
        graph.add_edge(source, target, amount=amount, inferred=inferred)


def build_flow_graph(data: FlowQueries) -> nx.DiGraph:
    """The flow graph of every document that prints a general public budget table by function."""
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_node(FUND_NODE, label="一般公共预算", kind="fund", column=0)
    graph.add_node(BASIC_NODE, label="基本支出", kind="spending", column=5)
    graph.add_node(PROJECT_NODE, label="项目支出", kind="spending", column=5)
    by_document: dict[str, list[ResultRow]] = defaultdict(list)
    for row in data.functions:
        by_document[str(row["doc"])].append(row)
    units: dict[str, list[ResultRow]] = defaultdict(list)
    for row in data.units:
        units[str(row["doc"])].append(row)
    disclosed_projects: dict[str, Decimal] = defaultdict(Decimal)
    for row in data.projects:
        node = f"project:{row['project']}"
        graph.add_node(node, label=str(row["name"]), kind="project", column=6)
        amount = _amount(row["amount"])
        _add_flow(graph, PROJECT_NODE, node, amount)
        disclosed_projects[str(row["doc"])] += amount
    for document, rows in by_document.items():
        department = f"department:{document}"
        graph.add_node(
            department,
            label=f"{rows[0]['department']} ({rows[0]['fiscal_year']})",
            kind="department",
            column=1,
        )
        total = sum((_amount(row["total"]) for row in rows), Decimal(0))
        _add_flow(graph, FUND_NODE, department, total)
        spender = _unit_layer(graph, document, department, units.get(document, []), total)
        project_total = Decimal(0)
        for row in rows:
            function = f"function:{row['code']}"
            graph.add_node(function, label=f"{row['code']} {row['name']}", kind="function", column=4)
            _add_flow(graph, spender, function, _amount(row["total"]))
            _add_flow(graph, function, BASIC_NODE, _amount(row["basic"]))
            _add_flow(graph, function, PROJECT_NODE, _amount(row["project"]))
            project_total += _amount(row["project"])
        remainder = project_total - disclosed_projects.get(document, Decimal(0))
        if remainder > 0:
            itemised = any(str(row["doc"]) == document for row in data.projects)
            node, label = (
                (WITHHELD_NODE, "未公开金额的项目") if itemised else (UNLISTED_NODE, "未逐项列出的项目")
            )
            graph.add_node(node, label=label, kind="project", column=6)
            _add_flow(graph, PROJECT_NODE, node, remainder, inferred=True)
    return graph


def _unit_layer(
    graph: nx.DiGraph, document: str, department: str, unit_rows: list[ResultRow], total: Decimal
) -> str:
    """Add the units of a department; return the node the functional flows leave from."""
    if len(unit_rows) == 1:
        row = unit_rows[0]
        node = f"unit:{document}:{row['unit_code']}"
        graph.add_node(node, label=str(row["unit_name"]), kind="unit", column=2)
        _add_flow(graph, department, node, total)
        return node
    if not unit_rows:
        node = f"unit:{document}:all"
        graph.add_node(node, label=f"{graph.nodes[department]['label']} 本级", kind="unit", column=2)
        _add_flow(graph, department, node, total)
        return node
    pool = f"unit:{document}:pool"
    graph.add_node(pool, label="各单位合计", kind="unit", column=3)
    for row in unit_rows:
        node = f"unit:{document}:{row['unit_code']}"
        graph.add_node(node, label=str(row["unit_name"]), kind="unit", column=2)
        _add_flow(graph, department, node, _amount(row["amount"]))
        _add_flow(graph, node, pool, _amount(row["amount"]), inferred=True)
    return pool
