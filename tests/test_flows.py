"""The funding-flow graph conserves money at every node, for every region and year of the seeds and of
the real documents, marks what it infers, keeps each department's money its own, totals what the saved
questions answer, draws every layout of the table by function, draws a document that only states a
total, and names the lines each node comes from."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import networkx as nx
import pytest

from budgetkg.errors import BudgetKGError
from budgetkg.flows.data import flow_data
from budgetkg.flows.output import store_flow_graph
from budgetkg.flows.records import fetch, store_runner
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
    ("320200", "2026"),
    ("320500", "2026"),
    ("430100", "2026"),
    ("440100", "2026"),
]
"""Region-years whose region totals are the 类 lines of the saved question ``expenditure-by-function``."""

SEED_STATED = {("430981", "2024"): {"approved": Decimal("335.6")}}
REAL_STATED = {
    # 北京市财政局: 20 项 lines in two unit blocks, no 类 or 款 line; 合计 44,169.357532 on page 19
    ("110000", "2026"): {"approved": Decimal("44169.357532")},
    # 杭州市司法局 (类 lines 12,868.19 + 69,081.15 + 7,458.52 + 2,434.95) and 杭州市气象局
    # (28 + 396.67 + 80.52 + 5,247.87): lines named without codes
    ("330100", "2026"): {"approved": Decimal("91842.81") + Decimal("5753.06")},
    # 西南大学: only the 财政拨款 tables by function, 合计 244,675.66 (预算) and 266,783.56 (决算)
    ("100000", "2024"): {"approved": Decimal("244675.66"), "executed": Decimal("266783.56")},
}
"""Region-years the saved question does not total (no 类 line with a code, or no general public budget
table), with the totals read from the documents."""

NOTHING_TO_DRAW = {("430100", "2020")}
"""The 长沙市国资委 2020 evaluation report: no table by function and no stated total."""


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
    # every node names at least one printed line it comes from
    assert all(any(line for _, line, _, _ in data["sources"]) for _, data in graph.nodes(data=True))
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


def shown_totals(store: EmbeddedStore, region: str, year: str) -> dict[str, Decimal]:
    """The money of each region node (by phase), once the graph is checked for conservation."""
    graph = store_flow_graph(store, {"region": region, "year": year})
    assert_conserved(graph)
    return {
        node.rsplit("|", 1)[1]: _outflow(graph, node)
        for node, data in graph.nodes(data=True)
        if data["kind"] == "region"
    }


def assert_region_totals(store: EmbeddedStore, region: str, year: str) -> None:
    assert shown_totals(store, region, year) == region_totals(store, region, year)


@pytest.mark.parametrize(("region", "year"), SEED_SELECTIONS)
def test_seed_regions_conserve_and_total_the_saved_answer(
    seed_store: EmbeddedStore, region: str, year: str
) -> None:
    assert_region_totals(seed_store, region, year)


@pytest.mark.parametrize(("region", "year"), REAL_SELECTIONS)
def test_real_regions_conserve_and_total_the_saved_answer(real: RealBuild, region: str, year: str) -> None:
    assert_region_totals(real.store, region, year)


@pytest.mark.parametrize(("region", "year"), sorted(SEED_STATED))
def test_seed_regions_of_stated_totals_conserve(seed_store: EmbeddedStore, region: str, year: str) -> None:
    assert shown_totals(seed_store, region, year) == SEED_STATED[region, year]


@pytest.mark.parametrize(("region", "year"), sorted(REAL_STATED))
def test_real_regions_of_other_layouts_conserve(real: RealBuild, region: str, year: str) -> None:
    assert shown_totals(real.store, region, year) == REAL_STATED[region, year]


def _region_years(store: EmbeddedStore) -> set[tuple[str, str]]:
    return {
        (str(row["region_code"]), str(row["fiscal_year"])) for row in fetch(store_runner(store)).documents
    }


def test_every_region_and_year_is_checked(seed_store: EmbeddedStore, real: RealBuild) -> None:
    assert _region_years(seed_store) == set(SEED_SELECTIONS) | set(SEED_STATED)
    assert _region_years(real.store) == set(REAL_SELECTIONS) | set(REAL_STATED) | NOTHING_TO_DRAW


def test_a_region_with_nothing_to_draw_names_its_documents(real: RealBuild) -> None:
    ((region, year),) = NOTHING_TO_DRAW
    with pytest.raises(BudgetKGError, match="nothing to draw") as raised:
        store_flow_graph(real.store, {"region": region, "year": year})
    assert "documents without either: 长沙市人民政府国有资产监督管理委员会 2020年决算" in str(raised.value)


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


def test_item_lines_repeated_for_each_unit_are_summed_under_their_functions(real: RealBuild) -> None:
    """北京市财政局 prints only 项 lines, once for each of its two units: the 类 and 款 above them are
    drawn from the classification (inferred), each 项 sums its two lines, and basic and project
    spending add up to the 合计 row's 28,016.258321 and 16,153.099211."""
    graph = store_flow_graph(real.store, {"region": "110000"})
    department = _node(graph, "北京市财政局")
    assert _inflow(graph, department) == Decimal("44169.357532")
    general = _node(graph, "201 一般公共服务支出")
    assert _inflow(graph, general) == Decimal("37644.195492")
    assert all(data["inferred"] for _, _, data in graph.in_edges(general, data=True))
    running = _node(graph, "2010601 行政运行")
    assert _inflow(graph, running) == Decimal("10096.054007") + Decimal("7239.97405")
    assert [(page, what) for _, _, page, what in graph.nodes[running]["sources"]] == [
        ("19", "2010601 行政运行")
    ] * 2
    assert not any(data["inferred"] for _, _, data in graph.in_edges(running, data=True))
    basic = _node(graph, "北京市财政局 基本支出")
    project = _node(graph, "北京市财政局 项目支出")
    assert _inflow(graph, basic) == Decimal("28016.258321")
    assert _inflow(graph, project) == Decimal("16153.099211")
    # the spending nodes name the basic and project cells they are read from: 15 and 6 of them
    assert len(graph.nodes[basic]["sources"]) == 15
    assert len(graph.nodes[project]["sources"]) == 6
    assert not {line for _, line, _, _ in graph.nodes[basic]["sources"]} & {
        line for _, line, _, _ in graph.nodes[running]["sources"]
    }


def test_functions_named_without_codes_are_drawn(real: RealBuild) -> None:
    """The Hangzhou tables name their 类, 款 and 项 without codes: the hierarchy is the classification's,
    and each 类 takes the national code it matches."""
    graph = store_flow_graph(real.store, {"region": "330100", "year": "2026"})
    justice = _node(graph, "杭州市司法局")
    assert _inflow(graph, justice) == Decimal("91842.81")
    assert _inflow(graph, _node(graph, "杭州市气象局")) == Decimal("5753.06")
    safety = _node(graph, "204 公共安全支出")
    assert _inflow(graph, safety) == Decimal("69081.15")
    (prisons,) = [node for node in graph.successors(safety) if graph.nodes[node]["label"] == "监狱"]
    assert _inflow(graph, prisons) == Decimal("53706.39")
    assert graph.out_degree(prisons) == 6
    # the totals printed in the 合计 rows, beside the totals drawn from the lines
    stated = {document["department"]: document["stated_total"] for document in flow_data(graph)["documents"]}
    assert stated == {"杭州市司法局": 91842.8, "杭州市气象局": 5753.07}


def test_a_document_with_only_a_stated_total_flows_unsplit(seed_store: EmbeddedStore) -> None:
    """The 沅江 seed holds performance forms only: its 一般公共预算 335.6 goes to one inferred node."""
    graph = store_flow_graph(seed_store, {"region": "430981"})
    assert_conserved(graph)
    department = _node(graph, "沅江市委政法委员会")
    unsplit = _node(graph, "沅江市委政法委员会 未按功能细分")
    assert graph.edges[_node(graph, "沅江市 2024年预算"), department]["amount"] == Decimal("335.6")
    assert graph.edges[department, unsplit] == {
        "amount": Decimal("335.6"),
        "inferred": True,
        "doc": graph.graph["documents"][0].iri,
    }
    (document,) = flow_data(graph)["documents"]
    assert (document["drawn_from"], document["basis"], document["stated_total"]) == ("total", "form", 335.6)


def test_a_document_without_a_general_table_is_drawn_from_its_fiscal_table(real: RealBuild) -> None:
    graph = store_flow_graph(real.store, {"region": "100000", "year": "2024"})
    data = flow_data(graph)
    assert {(d["phase"], d["basis"], d["drawn_from"]) for d in data["documents"]} == {
        ("approved", "fiscal", "functions"),
        ("executed", "fiscal", "functions"),
    }
    education = next(node for node in data["nodes"] if node["id"] == "function:100000|2024|approved:205")
    assert education["amount"] == 220139.76


def test_project_nodes_name_their_lines(seed_store: EmbeddedStore) -> None:
    """The withheld projects' node lists the five project lines without an amount."""
    graph = store_flow_graph(seed_store, {"region": "420103", "year": "2024"})
    withheld = graph.nodes[_node(graph, "中共武汉市江汉区委政法委员会 未公开金额的项目")]["sources"]
    assert sorted(what for _, _, _, what in withheld) == sorted(
        [
            "维稳工作经费",
            "610工作经费",
            "人民防线工作经费",
            "扫黑除恶专项斗争经费",
            "严重精神障碍患者救治救助",
        ]
    )
