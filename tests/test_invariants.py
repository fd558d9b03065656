"""Parts sum to their totals in every seed, as read into the graph."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pyoxigraph as ox

from budgetkg.questions import ResultRow, catalogue, run_rows
from budgetkg.rdf import iris
from budgetkg.rdf.namespaces import QB
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore

Link = tuple[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, ...]


def _amount(value: str | None) -> Decimal:
    return Decimal(value) if value else Decimal(0)


def _rows(store: EmbeddedStore, name: str) -> list[ResultRow]:
    return run_rows(store, catalogue()[name])[1]


def test_function_codes_sum_level_by_level(seed_store: EmbeddedStore) -> None:
    groups: dict[tuple[str | None, str | None, str | None], list[ResultRow]] = defaultdict(list)
    for row in _rows(seed_store, "expenditure-by-function"):
        groups[(row["department"], row["fiscal_year"], row["fund"])].append(row)
    checked = 0
    for rows in groups.values():
        amounts = {str(row["function_code"]): _amount(row["amount"]) for row in rows}
        for code, amount in amounts.items():
            children = [
                value
                for child, value in amounts.items()
                if child.startswith(code) and len(child) == len(code) + 2
            ]
            if children:
                assert sum(children, Decimal(0)) == amount, code
                checked += 1
    assert checked >= 60


def test_total_is_basic_plus_project_on_every_function_line(seed_store: EmbeddedStore) -> None:
    rows = _rows(seed_store, "expenditure-by-function")
    assert len(rows) == 156
    for row in rows:
        assert _amount(row["amount"]) == _amount(row["basic_amount"]) + _amount(row["project_amount"]), row


def test_basic_is_personnel_plus_public(seed_store: EmbeddedStore) -> None:
    rows = _rows(seed_store, "basic-by-economic")
    assert len(rows) == 109
    for row in rows:
        assert _amount(row["amount"]) == _amount(row["personnel_amount"]) + _amount(row["public_amount"]), row


def test_department_totals_add_up(seed_store: EmbeddedStore) -> None:
    for row in _rows(seed_store, "department-overview"):
        total = _amount(row["total_expenditure"])
        assert total == _amount(row["basic_expenditure"]) + _amount(row["project_expenditure"]), row
        assert _amount(row["general_budget_total"]) <= total


def test_class_lines_sum_to_the_department_total(seed_store: EmbeddedStore) -> None:
    totals = {
        (row["department"], row["fiscal_year"]): _amount(row["total_expenditure"])
        for row in _rows(seed_store, "department-overview")
    }
    sums: dict[tuple[str | None, str | None], Decimal] = defaultdict(Decimal)
    for row in _rows(seed_store, "expenditure-by-function"):
        if row["fund"] == "all" and len(str(row["function_code"])) == 3:
            sums[(row["department"], row["fiscal_year"])] += _amount(row["amount"])
    assert sums and all(sums[key] == totals[key] for key in sums)


def test_three_public_parts_sum_to_total(seed_store: EmbeddedStore) -> None:
    for row in _rows(seed_store, "three-public"):
        parts = sum(
            (
                _amount(row[column])
                for column in ("abroad", "reception", "vehicle_purchase", "vehicle_operation")
            ),
            Decimal(0),
        )
        assert parts == _amount(row["total"]), row


def test_disclosed_projects_sum_to_unit_totals_with_withheld_accounted(seed_store: EmbeddedStore) -> None:
    rows = _rows(seed_store, "projects")
    per_department: dict[str | None, Decimal] = defaultdict(Decimal)
    withheld: dict[str | None, int] = defaultdict(int)
    for row in rows:
        if row["disclosed"] == "true":
            per_department[row["department"]] += _amount(row["amount"])
        else:
            assert row["amount"] is None
            withheld[row["department"]] += 1
    overview = {
        row["department"]: _amount(row["project_expenditure"])
        for row in _rows(seed_store, "department-overview")
    }
    assert (
        per_department["武汉市公安局江汉区分局"] == overview["武汉市公安局江汉区分局"] == Decimal("29127.34")
    )
    assert per_department["中共武汉市江汉区委办公室"] == overview["中共武汉市江汉区委办公室"]
    assert withheld["中共武汉市江汉区委政法委员会"] == 5
    assert per_department["中共武汉市江汉区委政法委员会"] < overview["中共武汉市江汉区委政法委员会"]


def _links(store: ox.Store, predicate: str) -> set[Link]:
    """Every (table, line, graph) a table links to with ``predicate``."""
    return {
        (quad.subject, quad.object, quad.graph_name)
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None)
    }


def _in_their_tables(store: ox.Store, lines: set[Link]) -> set[Link]:
    """(table, line, graph) for each (line, graph): the table is the line's data set."""
    return {
        (dataset.object, line, graph)
        for line, graph in lines
        for dataset in store.quads_for_pattern(line, ox.NamedNode(QB + "dataSet"), None, graph)
    }


def _subjects(store: ox.Store, predicate: str, value: ox.NamedNode | ox.Literal) -> set[Link]:
    return {
        (quad.subject, quad.graph_name)
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), value)
    }


def test_tables_name_exactly_their_lines_marked_as_total(seed_store: EmbeddedStore) -> None:
    store = seed_store.store
    marked = _subjects(store, BKG.isTotal, ox.Literal(True))
    named = _links(store, BKG.totalLine)
    assert named == _in_their_tables(store, marked)
    assert len(named) == 113


def test_tables_name_each_projects_line_for_all_funds(seed_store: EmbeddedStore) -> None:
    store = seed_store.store
    for_all_funds = _subjects(store, BKG.fundSource, ox.NamedNode(iris.concept("fund-source", "all")))
    of_projects = _subjects(
        store, BKG.expenditureType, ox.NamedNode(iris.concept("expenditure-type", "project"))
    )
    with_project = {
        (quad.subject, quad.graph_name)
        for quad in store.quads_for_pattern(None, ox.NamedNode(BKG.project), None)
    }
    named = _links(store, BKG.projectLine)
    assert named == _in_their_tables(store, for_all_funds & of_projects & with_project)
    # 72 printed with an amount, and the 13 projects of 004 named only on their performance forms
    assert len(named) == 72 + 13
