"""Tests for the Sankey / GraphML rendering of fund-flow graphs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest

from budgetkg.flows_render import (
    group_small_flows,
    render_sankey_html,
    to_plain_amount,
    write_graphml,
)

SVG_NS = "http://www.w3.org/2000/svg"

NODES: list[tuple[str, str, str, int]] = [
    ("fund:gpb", "一般公共预算", "fund", 0),
    ("dept:edu", "某市教育局", "department", 1),
    ("unit:school", "某市第一中学", "unit", 2),
    ("unit:office", "某市教育局机关", "unit", 2),
    ("unit:small", "某市教育考试中心", "unit", 2),
    ("func:201", "201 一般公共服务支出", "function", 3),
    ("func:208", "208 社会保障和就业支出", "function", 3),
    ("spend:basic", "基本支出", "spending", 4),
    ("spend:project", "项目支出", "spending", 4),
    ("proj:repair", "校舍维修改造", "project", 5),
    ("proj:it", "教育信息化建设", "project", 5),
    ("proj:training", "教师培训", "project", 5),
    ("proj:books", "图书购置", "project", 5),
    ("proj:aid", "学生资助", "project", 5),
]

EDGES: list[tuple[str, str, str, bool]] = [
    ("fund:gpb", "dept:edu", "10000.00", False),
    ("dept:edu", "unit:school", "6000.00", False),
    ("dept:edu", "unit:office", "3990.00", False),
    ("dept:edu", "unit:small", "10.00", False),  # tiny, but alone: must not be merged
    ("unit:school", "func:201", "4500.00", False),
    ("unit:school", "func:208", "1500.00", False),
    ("unit:office", "func:201", "3000.00", False),
    ("unit:office", "func:208", "990.00", False),
    ("unit:small", "func:208", "10.00", False),
    ("func:201", "spend:basic", "5000.00", False),
    ("func:201", "spend:project", "2500.00", False),
    ("func:208", "spend:basic", "1700.00", False),
    ("func:208", "spend:project", "800.00", True),  # the inferred link
    ("spend:project", "proj:repair", "2000.00", False),
    ("spend:project", "proj:it", "1286.16", False),
    ("spend:project", "proj:training", "6.30", False),  # tiny
    ("spend:project", "proj:books", "4.99", False),  # tiny
    ("spend:project", "proj:aid", "2.55", False),  # tiny
]


def build_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for node, label, kind, column in NODES:
        graph.add_node(node, label=label, kind=kind, column=column)
    for source, target, amount, inferred in EDGES:
        graph.add_edge(source, target, amount=Decimal(amount), inferred=inferred)
    return graph


def outflow(graph: nx.DiGraph, node: str) -> Decimal:
    total = Decimal(0)
    for _, _, data in graph.out_edges(node, data=True):
        amount = data["amount"]
        assert isinstance(amount, Decimal)
        total += amount
    return total


# ---------------------------------------------------------------------------------------------- HTML


def test_html_is_self_contained() -> None:
    page = render_sankey_html(build_graph(), "某市教育局 2024 年部门预算资金流向")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert '<meta charset="utf-8">' in page
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= {SVG_NS}
    assert not re.search(r"\b(src|href|xlink:href|srcset|action)\s*=", page, re.IGNORECASE)
    assert "url(" not in page
    assert "@import" not in page
    assert "<link" not in page
    assert "<img" not in page
    assert "//" not in page.replace(SVG_NS, "")


def test_html_shows_labels_amounts_and_tooltips() -> None:
    page = render_sankey_html(build_graph(), "资金流向")
    for _, label, _, _ in NODES:
        assert label in page
    assert "<title>项目支出 → 教育信息化建设: 1,286.16 万元</title>" in page
    assert "某市教育局 → 某市第一中学: 6,000.00 万元</title>" in page
    # node amounts: throughput max(in, out)
    assert "10,000.00 万元" in page
    assert "3,300.00 万元" in page
    assert "font-family" in page and "Noto Sans CJK SC" in page


def test_inferred_links_are_marked() -> None:
    page = render_sankey_html(build_graph(), "资金流向")
    inferred_text = "208 社会保障和就业支出 → 项目支出: 800.00 万元（推断）"
    match = re.search(r'<path class="([^"]*)"[^>]*><title>' + re.escape(inferred_text) + "</title>", page)
    assert match is not None
    assert "inferred" in match.group(1).split()
    assert page.count('class="link inferred"') == 1
    assert "stroke-dasharray" in page
    # stated links carry no inferred mark
    assert "201 一般公共服务支出 → 项目支出: 2,500.00 万元</title>" in page


def test_html_escapes_text() -> None:
    graph = nx.DiGraph()
    graph.add_node("a", label="<b>A&B</b>", kind="fund", column=0)
    graph.add_node("b", label='"引号"', kind="department", column=1)
    graph.add_edge("a", "b", amount=Decimal("1"), inferred=False)
    page = render_sankey_html(graph, "<script>alert(1)</script>", unit="元")
    assert "<b>A&B</b>" not in page
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "&quot;引号&quot;" in page
    assert "1.00 元" in page


def test_html_height_grows_with_node_count() -> None:
    small = render_sankey_html(build_graph(), "t")
    graph = build_graph()
    for i in range(150):
        graph.add_node(f"p{i}", label=f"项目{i}", kind="project", column=5)
        graph.add_edge("spend:basic", f"p{i}", amount=Decimal("1"), inferred=False)
    big = render_sankey_html(graph, "t")

    def svg_height(page: str) -> float:
        match = re.search(r'<svg id="sankey"[^>]* height="([0-9.]+)"', page)
        assert match is not None
        return float(match.group(1))

    assert svg_height(big) > svg_height(small)
    assert svg_height(big) >= 150 * 32  # every node keeps room for its two label lines


# ------------------------------------------------------------------------------------------ grouping


def test_grouping_merges_exactly_the_tiny_edges() -> None:
    graph = build_graph()
    grouped = group_small_flows(graph)

    merged_targets = {"proj:training", "proj:books", "proj:aid"}
    for node in merged_targets:
        assert node not in grouped  # disconnected after the merge
    others = [n for n, d in grouped.nodes(data=True) if str(d["label"]).startswith("其他")]
    assert len(others) == 1
    other = others[0]
    attrs = grouped.nodes[other]
    assert attrs["label"] == "其他 (3 项)"
    assert attrs["kind"] == "project"
    assert attrs["column"] == 5
    assert list(grouped.predecessors(other)) == ["spend:project"]
    assert grouped.edges["spend:project", other]["amount"] == Decimal("13.84")
    assert grouped.edges["spend:project", other]["inferred"] is False

    # the lone tiny edge (10 of 10000 = 0.1 %) is kept, as is everything else
    assert grouped.has_edge("dept:edu", "unit:small")
    expected_edges = {(s, t) for s, t, _, _ in EDGES if t not in merged_targets} | {("spend:project", other)}
    assert set(grouped.edges) == expected_edges
    assert grouped.number_of_nodes() == graph.number_of_nodes() - 3 + 1

    for node in grouped.nodes:
        if grouped.out_degree(node):
            assert outflow(grouped, node) == outflow(graph, node)

    # the input is untouched
    assert graph.number_of_edges() == len(EDGES)
    assert "proj:aid" in graph


def test_grouping_drops_only_disconnected_nodes() -> None:
    graph = nx.DiGraph()
    for node, kind, column in [
        ("A", "unit", 0),
        ("B", "function", 1),
        ("C", "function", 1),
        ("D", "function", 1),
        ("E", "spending", 2),
        ("F", "spending", 2),
        ("G", "unit", 0),
    ]:
        graph.add_node(node, label=node, kind=kind, column=column)
    for source, target, amount in [
        ("A", "B", "100"),
        ("A", "C", "0.5"),
        ("A", "D", "0.4"),
        ("C", "E", "10.5"),
        ("D", "F", "0.4"),
        ("G", "C", "10"),
    ]:
        graph.add_edge(source, target, amount=Decimal(amount), inferred=target == "D")
    grouped = group_small_flows(graph)

    assert "D" not in grouped and "F" not in grouped  # only reachable through the merged edge
    assert "C" in grouped and grouped.has_edge("C", "E")  # still fed by G
    assert not grouped.has_edge("A", "C")
    other = next(n for n in grouped.successors("A") if n != "B")
    assert grouped.nodes[other]["label"] == "其他 (2 项)"
    assert grouped.nodes[other]["kind"] == "function"
    assert grouped.edges["A", other]["amount"] == Decimal("0.9")
    assert grouped.edges["A", other]["inferred"] is True
    assert outflow(grouped, "A") == outflow(graph, "A")


def test_grouping_is_deterministic_and_can_be_disabled() -> None:
    first = group_small_flows(build_graph())
    second = group_small_flows(build_graph())
    assert sorted(map(str, first.nodes)) == sorted(map(str, second.nodes))
    untouched = group_small_flows(build_graph(), min_share=Decimal(0))
    assert set(untouched.edges) == set(build_graph().edges)
    with pytest.raises(ValueError):
        group_small_flows(build_graph(), min_share=Decimal("1.5"))


def test_grouped_graph_renders() -> None:
    page = render_sankey_html(group_small_flows(build_graph()), "资金流向")
    assert "其他 (3 项)" in page
    assert "项目支出 → 其他 (3 项): 13.84 万元</title>" in page
    assert "包括：教师培训、图书购置、学生资助" in page


# ------------------------------------------------------------------------------------------- GraphML


def test_graphml_round_trip(tmp_path: Path) -> None:
    graph = build_graph()
    path = tmp_path / "flows.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path)

    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    for source, target, amount, inferred in EDGES:
        data = back.edges[source, target]
        assert data["amount"] == amount
        assert Decimal(data["amount"]) == Decimal(amount)
        assert data["amount_value"] == pytest.approx(float(amount))
        assert isinstance(data["amount_value"], float)
        assert data["inferred"] is inferred
    for node, label, kind, column in NODES:
        assert back.nodes[node]["label"] == label
        assert back.nodes[node]["kind"] == kind
        assert back.nodes[node]["column"] == column
    # the input graph still holds Decimals
    assert isinstance(graph.edges["fund:gpb", "dept:edu"]["amount"], Decimal)


# ------------------------------------------------------------------------------------------ amounts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0.00"),
        ("-0.001", "0.00"),
        ("1234.5", "1,234.50"),
        ("1234.565", "1,234.57"),
        ("1286.16", "1,286.16"),
        ("1234567.891", "1,234,567.89"),
        ("-9876.5", "-9,876.50"),
        ("1E+3", "1,000.00"),
    ],
)
def test_to_plain_amount(value: str, expected: str) -> None:
    assert to_plain_amount(Decimal(value)) == expected


def test_to_plain_amount_rejects_nan() -> None:
    with pytest.raises(ValueError):
        to_plain_amount(Decimal("NaN"))
