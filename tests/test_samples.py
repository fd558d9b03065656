"""The bundled samples: written exactly by their generator, read fully by the pipeline, consistent in figures.

Each sample's expected query rows come from its figures (``budgetkg.samples.expected_rows``), never
from the extractor, so these tests hold the readers to documents whose every value is known.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build import build
from budgetkg.contract import CONTRACT_COLUMNS as QUERY_COLUMNS
from budgetkg.paths import CODELIST_DIR, SAMPLES_DIR
from budgetkg.questions import catalogue, run_rows
from budgetkg.samples import (
    SAMPLES,
    Amounts,
    Budget,
    check,
    department_amounts,
    economic_lines,
    expected_rows,
    file_name,
    function_lines,
    project_amounts,
    service_total,
    three_public,
    total_of,
    unit_amounts,
    write_samples,
)
from budgetkg.store import EmbeddedStore
from tests.contract import CONTRACT_COLUMNS, CONTRACT_QUESTIONS, differences

IDS = [file_name(budget) for budget in SAMPLES]
REGENERATE = "regenerate with: python -m budgetkg.samples samples/"


@cache
def built(names: tuple[str, ...]) -> EmbeddedStore:
    """An in-memory store holding the shipped sample files named."""
    store = EmbeddedStore(None)
    report = build([SAMPLES_DIR / name for name in names], store)
    assert not report.failed, report.failed
    assert len(report.built) == len(names)
    return store


def test_shipped_samples_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = write_samples(tmp_path)
    shipped = sorted(path.name for path in SAMPLES_DIR.glob("*.txt"))
    assert sorted(path.name for path in written) == shipped, REGENERATE
    for path in written:
        assert path.read_bytes() == (SAMPLES_DIR / path.name).read_bytes(), (
            f"{path.name} differs; {REGENERATE}"
        )


def test_expected_rows_use_the_contract_columns() -> None:
    assert tuple(QUERY_COLUMNS) == CONTRACT_QUESTIONS
    assert {name: list(columns) for name, columns in QUERY_COLUMNS.items()} == CONTRACT_COLUMNS
    for budget in SAMPLES:
        for name, rows in expected_rows(budget).items():
            assert all(list(row) == CONTRACT_COLUMNS[name] for row in rows)


@pytest.mark.parametrize("budget", SAMPLES, ids=IDS)
def test_every_table_of_a_sample_is_recognised(budget: Budget) -> None:
    store = EmbeddedStore(None)
    report = build([SAMPLES_DIR / file_name(budget)], store)
    assert not report.failed, report.failed
    extraction = report.built[0].extraction
    assert extraction.findings == []
    assert all(table.kind != "unknown" for table in extraction.tables)
    assert extraction.document.region_code == budget.region.code
    assert extraction.document.fiscal_year == budget.year
    assert extraction.document.department_name == budget.publisher


@pytest.mark.parametrize("question", CONTRACT_QUESTIONS)
@pytest.mark.parametrize("budget", SAMPLES, ids=IDS)
def test_contract_question_returns_the_rows_of_the_figures(budget: Budget, question: str) -> None:
    columns, rows = run_rows(built((file_name(budget),)), catalogue()[question])
    expected = expected_rows(budget)[question]
    assert columns == CONTRACT_COLUMNS[question]
    assert len(rows) == len(expected), f"{question}: {len(rows)} rows, expected {len(expected)}"
    assert differences(expected, rows) == []


@pytest.mark.parametrize("question", CONTRACT_QUESTIONS)
def test_samples_built_together_keep_their_own_rows(question: str) -> None:
    store = built(tuple(sorted(file_name(budget) for budget in SAMPLES)))
    ordered = sorted(SAMPLES, key=lambda budget: (budget.region.code, budget.publisher, budget.year))
    expected = [row for budget in ordered for row in expected_rows(budget)[question]]
    _, rows = run_rows(store, catalogue()[question])
    assert len(rows) == len(expected)
    assert differences(expected, rows) == []


@pytest.mark.parametrize("budget", SAMPLES, ids=IDS)
def test_narrative_states_the_computed_figures(budget: Budget) -> None:
    store = EmbeddedStore(None)
    extraction = build([SAMPLES_DIR / file_name(budget)], store).built[0].extraction
    stated = {statement.topic: statement.amount for statement in extraction.statements}
    totals = department_amounts(budget)
    assert stated["running-costs"] == totals.public
    assert stated["three-public-total"] == three_public(budget).total
    assert stated["procurement-total"] == sum((purchase.amount for purchase in budget.purchases), Decimal(0))
    assert stated["expenditure-total"] == totals.total
    if budget.services:
        assert stated["service-purchase-total"] == service_total(budget)
        read = [(line.unit_code, line.content, line.amount) for line in extraction.services]
        assert read == [(service.unit, service.content, service.amount) for service in budget.services]
    staff = {figure.category: figure.headcount for figure in extraction.staff}
    assert staff["serving"] == budget.staff.serving
    assert staff["retired"] == budget.staff.retired
    assert staff["administrative-establishment"] == budget.staff.administrative


@pytest.mark.parametrize("budget", SAMPLES, ids=IDS)
def test_figures_add_up(budget: Budget) -> None:
    assert check(budget) == []
    lines = function_lines(budget)
    by_code = {line.code: line.amounts for line in lines}
    for line in lines:
        children = [
            other.amounts
            for other in lines
            if len(other.code) == len(line.code) + 2 and other.code.startswith(line.code)
        ]
        if line.level < 3:
            assert children, f"{line.code} has no lines under it"
            assert total_of(children) == line.amounts, f"{line.code} is not the sum of its lines"
        if line.level == 1:
            items = [
                amounts for code, amounts in by_code.items() if len(code) == 7 and code.startswith(line.code)
            ]
            assert total_of(items) == line.amounts, f"{line.code} is not the sum of its 项"
    totals = department_amounts(budget)
    assert total_of(line.amounts for line in lines if line.level == 1) == totals
    assert totals.total == totals.basic + totals.project
    assert totals.general == totals.basic + totals.project_general
    assert totals.project == total_of(project_amounts(project) for project in budget.projects).project
    assert total_of(unit_amounts(budget, unit.code) for unit in budget.units) == totals

    economic = economic_lines(budget)
    classes = [line for line in economic if len(line.code) == 3]
    for line in classes:
        items = [
            other.amounts for other in economic if len(other.code) == 5 and other.code.startswith(line.code)
        ]
        assert total_of(items) == line.amounts
        assert not (line.amounts.personnel and line.amounts.public), (
            f"{line.code} mixes personnel and public use"
        )
    assert total_of(line.amounts for line in classes) == Amounts(
        personnel=totals.personnel, public=totals.public
    )

    public = three_public(budget)
    assert (
        public.total == public.abroad + public.reception + public.vehicle_purchase + public.vehicle_operation
    )
    assert public.total > 0


def test_samples_cover_what_the_contract_asks() -> None:
    layouts = {budget.layout for budget in SAMPLES}
    assert layouts == {"tab-rows", "cell-lines"}
    assert len({budget.region.code for budget in SAMPLES}) >= 3
    assert any(project.withheld for budget in SAMPLES for project in budget.projects)
    assert any(project.unit_funds for budget in SAMPLES for project in budget.projects)
    assert any(len(budget.units) > 1 for budget in SAMPLES)
    assert any(budget.department_form is not None for budget in SAMPLES)
    assert any(budget.previous is not None for budget in SAMPLES)
    assert any(budget.services for budget in SAMPLES)
    assert any(department_amounts(budget).total >= 1000 for budget in SAMPLES), (
        "no thousands separator printed"
    )
    texts = {
        indicator.target.text
        for budget in SAMPLES
        for project in budget.projects
        if project.form
        for indicator in project.form.indicators
    }
    assert {"≥90%", "≤15个工作日", "100%", "97%-100%"} <= texts
    for question in CONTRACT_QUESTIONS:
        assert any(expected_rows(budget)[question] for budget in SAMPLES), f"no sample answers {question}"


def test_procurement_items_are_in_the_catalogue() -> None:
    labels: dict[str, str] = {}
    path = CODELIST_DIR / "procurement-2022.ttl"
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if quad.predicate.value.endswith("#prefLabel") and isinstance(quad.subject, ox.NamedNode):
            labels[quad.subject.value.rsplit("/", 1)[-1]] = str(quad.object.value)
    for budget in SAMPLES:
        for purchase in budget.purchases:
            assert labels.get(purchase.catalogue) == purchase.item, purchase.catalogue
