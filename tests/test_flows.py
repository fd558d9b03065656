"""The funding-flow graph conserves money at every node and marks what it infers."""

from __future__ import annotations

from decimal import Decimal

import networkx as nx

from budgetkg.flows import FUND_NODE, PROJECT_NODE, WITHHELD_NODE, build_flow_graph, fetch
from budgetkg.store import EmbeddedStore


def _inflow(graph: nx.DiGraph, node: str) -> Decimal:
    return sum((data["amount"] for _, _, data in graph.in_edges(node, data=True)), Decimal(0))


def _outflow(graph: nx.DiGraph, node: str) -> Decimal:
    return sum((data["amount"] for _, _, data in graph.out_edges(node, data=True)), Decimal(0))


def test_money_is_conserved_at_every_inner_node(seed_store: EmbeddedStore) -> None:
    graph = build_flow_graph(fetch(seed_store))
    inner = [node for node in graph if graph.in_degree(node) and graph.out_degree(node)]
    assert len(inner) > 10
    for node in inner:
        assert _inflow(graph, node) == _outflow(graph, node), node


def test_general_budget_inflow_is_the_sum_of_department_totals(seed_store: EmbeddedStore) -> None:
    graph = build_flow_graph(fetch(seed_store))
    departments = {
        graph.nodes[target]["label"]: data["amount"]
        for _, target, data in graph.out_edges(FUND_NODE, data=True)
    }
    assert departments["中共武汉市江汉区委政法委员会 (2024)"] == Decimal("4696.54")
    assert departments["武汉市公安局江汉区分局 (2023)"] == Decimal("89052.55")
    assert departments["中共秦皇岛市海港区委政法委员会本级 (2023)"] == Decimal("1452.21")


def test_withheld_project_money_is_an_inferred_remainder(seed_store: EmbeddedStore) -> None:
    graph = build_flow_graph(fetch(seed_store))
    edge = graph.edges[PROJECT_NODE, WITHHELD_NODE]
    assert edge["inferred"] is True
    # 4,047.18 of general-budget project spending in the 政法委 2024 budget, 3,515.54 of it in
    # disclosed projects: 531.64 goes to the five withheld projects.
    assert edge["amount"] == Decimal("531.64")


def test_units_of_a_two_unit_department_are_pooled_as_inferred(seed_store: EmbeddedStore) -> None:
    graph = build_flow_graph(fetch(seed_store))
    pooled = [(source, data) for source, target, data in graph.edges(data=True) if target.endswith(":pool")]
    assert {graph.nodes[source]["label"] for source, _ in pooled} == {
        "武汉市公安局江汉区分局本级",
        "武汉市江汉区交通大队",
    }
    assert all(data["inferred"] for _, data in pooled)
    assert sum((data["amount"] for _, data in pooled), Decimal(0)) == Decimal("89052.55")
