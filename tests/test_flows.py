"""The funding-flow graph conserves money at every node, region and year one at a time, marks what it
infers, keeps each department's money its own, and totals what the saved questions answer."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import networkx as nx
import pytest

from budgetkg.flows.output import store_flow_graph
from budgetkg.params import ParameterError
from budgetkg.questions import catalogue, run_rows
from budgetkg.store import EmbeddedStore
from tests.real_build import RealBuild

SEED_SELECTIONS = [("420103", "2023"), ("420103", "2024"), ("130302", "2023")]
REAL_SELECTIONS = [
    ("320000", "2019"),
    ("310107", "2024"),
    ("310107", "2025"),
    ("310000", "2026"),
    ("500000", "2026"),
    ("100000", "2026"),
    ("440600", "2019"),
    ("440300", "2026"),
]


def _inflow(graph: nx.DiGraph, node: str) -> Decimal:
    return sum((data["amount"] for _, _, data in graph.in_edges(node, data=True)), Decimal(0))


def _outflow(graph: nx.DiGraph, node: str) -> Decimal:
    return sum((data["amount"] for _, _, data in graph.out_edges(node, data=True)), Decimal(0))


def _node(graph: nx.DiGraph, label: str) -> str:
    (found,) = [node for node, data in graph.nodes(data=True) if data["label"] == label]
    return str(found)


def assert_conserved(graph: nx.DiGraph) -> None:
    inner = [node for node in graph if graph.in_degree(node) and graph.out_degree(node)]
    assert inner
    for node in inner:
        assert _inflow(graph, node) == _outflow(graph, node), graph.nodes[node]["label"]
    by_column: dict[int, Decimal] = defaultdict(Decimal)
    roots = [node for node in graph if not graph.in_degree(node)]
    assert {graph.nodes[node]["kind"] for node in roots} == {"region"}
    leaves = sum((_inflow(graph, node) for node in graph if not graph.out_degree(node)), Decimal(0))
    assert leaves == sum((_outflow(graph, node) for node in roots), Decimal(0))
    for node, data in graph.nodes(data=True):
        by_column[data["column"]] += _outflow(graph, node)
    assert by_column[0] == by_column[1]  # region → department: all of it


def region_totals(store: EmbeddedStore, region: str, year: str) -> dict[str, Decimal]:
    """The general public budget by function (类 lines) of the saved question, summed by phase."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for phase in ("approved", "executed"):
        _, rows = run_rows(
            store, catalogue()["expenditure-by-function"], {"region": region, "year": year, "phase": phase}
        )
        for row in rows:
            code = str(row["function_code"] or "")
            if row["fund"] == "general" and len(code) == 3 and row["amount"] is not None:
                totals[phase] += Decimal(str(row["amount"]))
    return {phase: total for phase, total in totals.items() if total}


def assert_region_totals(store: EmbeddedStore, region: str, year: str) -> None:
    graph = store_flow_graph(store, {"region": region, "year": year})
    assert_conserved(graph)
    shown = {
        node.rsplit("|", 1)[1]: _outflow(graph, node)
        for node, data in graph.nodes(data=True)
        if data["kind"] == "region"
    }
    assert shown == region_totals(store, region, year)


@pytest.mark.parametrize(("region", "year"), SEED_SELECTIONS)
def test_seed_regions_conserve_and_total_the_saved_answer(
    seed_store: EmbeddedStore, region: str, year: str
) -> None:
    assert_region_totals(seed_store, region, year)


@pytest.mark.parametrize(("region", "year"), REAL_SELECTIONS)
def test_real_regions_conserve_and_total_the_saved_answer(real: RealBuild, region: str, year: str) -> None:
    assert_region_totals(real.store, region, year)


def test_department_totals(seed_store: EmbeddedStore) -> None:
    graph = store_flow_graph(seed_store)
    assert_conserved(graph)
    assert _inflow(graph, _node(graph, "中共武汉市江汉区委政法委员会")) == Decimal("4696.54")
    assert _inflow(graph, _node(graph, "武汉市公安局江汉区分局")) == Decimal("89052.55")
    assert _inflow(graph, _node(graph, "中共秦皇岛市海港区委政法委员会本级")) == Decimal("1452.21")
    assert _outflow(graph, _node(graph, "江汉区 2024年预算")) == Decimal("4696.54") + Decimal("877.92")


def test_each_department_keeps_its_own_projects(seed_store: EmbeddedStore) -> None:
    graph = store_flow_graph(seed_store, {"region": "420103", "year": "2024"})
    politics = _node(graph, "中共武汉市江汉区委政法委员会 项目支出")
    office = _node(graph, "中共武汉市江汉区委办公室 项目支出")
    assert _inflow(graph, politics) == Decimal("4047.18")
    assert _inflow(graph, office) == Decimal("140.32")
    assert not set(graph.successors(politics)) & set(graph.successors(office))
    # 4,047.18 of project spending in the 政法委 2024 budget, 3,515.54 of it in disclosed projects:
    # 531.64 goes to the five withheld projects, an inferred flow.
    withheld = graph.edges[politics, _node(graph, "中共武汉市江汉区委政法委员会 未公开金额的项目")]
    assert withheld["inferred"] is True
    assert withheld["amount"] == Decimal("531.64")


def test_units_of_a_two_unit_department_are_pooled_under_their_owner(seed_store: EmbeddedStore) -> None:
    graph = store_flow_graph(seed_store, {"department": "公安"})
    pool = _node(graph, "武汉市公安局江汉区分局 各单位合计")
    units = {graph.nodes[source]["label"]: data for source, _, data in graph.in_edges(pool, data=True)}
    assert set(units) == {"武汉市公安局江汉区分局本级", "武汉市江汉区交通大队"}
    assert all(data["inferred"] for data in units.values())
    assert units["武汉市江汉区交通大队"]["amount"] == Decimal("15672.49")
    assert _outflow(graph, pool) == Decimal("89052.55")


def test_an_unsplit_function_total_flows_on_to_unsplit(real: RealBuild) -> None:
    graph = store_flow_graph(real.store, {"region": "320000", "year": "2019"})
    housing = _node(graph, "221 住房保障支出")
    assert _inflow(graph, housing) == _outflow(graph, housing) == Decimal("8987.55")
    congress = _node(graph, "江苏省人大常委会办公厅 未细分")
    procuratorate = _node(graph, "江苏省人民检察院 未细分")
    # Neither document splits its functional table into basic and project spending: all of it is unsplit.
    assert _inflow(graph, congress) == Decimal("18330.37")
    assert _inflow(graph, procuratorate) == Decimal("24169.74")
    assert all(data["inferred"] for _, _, data in graph.in_edges(congress, data=True))
    # each node names the lines it comes from and their page: the 检察院 table by function is on page 18
    pages = {page for _, _, page, _ in graph.nodes[_node(graph, "江苏省人民检察院")]["sources"]}
    assert pages == {"18"}


def test_parameters_are_checked_as_for_saved_questions(seed_store: EmbeddedStore) -> None:
    with pytest.raises(ParameterError, match="six-digit"):
        store_flow_graph(seed_store, {"region": "4201"})
    with pytest.raises(ParameterError, match="unknown parameter"):
        store_flow_graph(seed_store, {"colour": "red"})
