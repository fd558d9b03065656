"""The rows each contract question must return for a sample, stated from its figures, never from a reader."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.contract import CONTRACT_COLUMNS
from budgetkg.samples.figures import Budget, Indicator, Target
from budgetkg.samples.formatting import cents, decimal_text
from budgetkg.samples.totals import (
    AmountName,
    department_amounts,
    economic_lines,
    function_lines,
    three_public,
)

Row = dict[str, str]


def question_row(budget: Budget, question: str, **values: str) -> Row:
    """A row of ``question``: the document's columns, then ``values``; every other column empty."""
    common = {
        "region_code": budget.region.code,
        "region_name": budget.region.name,
        "department": budget.publisher,
        "fiscal_year": str(budget.year),
    }
    columns = CONTRACT_COLUMNS[question]
    unknown = set(values) - set(columns)
    if unknown:
        raise KeyError(f"{question} has no column {sorted(unknown)}")
    merged = {**common, **values}
    return {column: merged.get(column, "") for column in columns}


def indicator_row(budget: Budget, scope: str, project: str, indicator: Indicator, target: Target) -> Row:
    return question_row(
        budget,
        "indicators",
        scope=scope,
        project_name=project,
        level1=indicator.level1,
        level2=indicator.level2,
        level3=indicator.level3,
        target_text=target.text,
        comparator=target.comparator,
        target_value=target.value,
        target_unit=target.unit,
    )


def _indicator_rows(budget: Budget) -> list[Row]:
    """Tab-rows forms print a long-term and an annual grid; cell-lines forms only the annual one.

    Only the tab-rows layout prints a department form.
    """
    tab = budget.layout == "tab-rows"
    grids: list[tuple[str, str, tuple[Indicator, ...]]] = []
    if tab and budget.department_form is not None:
        grids.append(("department", "", budget.department_form.indicators))
    grids += [("project", project.title_on_form, form.indicators) for project, form in budget.project_forms()]
    rows: list[Row] = []
    for scope, name, indicators in grids:
        if tab:
            rows += [indicator_row(budget, scope, name, i, i.long_target) for i in indicators]
        rows += [indicator_row(budget, scope, name, i, i.target) for i in indicators]
    return rows


FUND_COLUMNS: tuple[tuple[str, tuple[AmountName, AmountName, AmountName]], ...] = (
    ("all", ("total", "basic", "project")),
    ("general", ("general", "basic", "project_general")),
)
"""Each fund of expenditure-by-function, with the amounts its amount, basic and project columns hold."""


def _by_function(budget: Budget) -> list[Row]:
    """Every functional line over all funds, then those paid from the general budget."""
    rows: list[Row] = []
    for fund, columns in FUND_COLUMNS:
        for line in function_lines(budget):
            amount, basic, project = (decimal_text(value) for value in line.amounts.pick(*columns))
            if amount:
                rows.append(
                    question_row(
                        budget,
                        "expenditure-by-function",
                        fund=fund,
                        function_code=line.code,
                        function_name=line.name,
                        amount=amount,
                        basic_amount=basic,
                        project_amount=project,
                    )
                )
    return rows


def _projects(budget: Budget) -> list[Row]:
    """The projects, unit by unit; the cell-lines layout prints no project table, so its projects
    are those named on their performance forms, without amounts."""
    if budget.layout != "tab-rows":
        return [
            question_row(budget, "projects", project_name=project.title_on_form)
            for project, _ in budget.project_forms()
        ]
    ordered = [project for unit in budget.units for project in budget.projects if project.unit == unit.code]
    return [
        question_row(
            budget,
            "projects",
            unit_code=project.unit,
            project_code=budget.project_code(project),
            project_name=project.name,
            amount="" if project.withheld else decimal_text(project.total),
            disclosed="false" if project.withheld else "true",
        )
        for project in ordered
    ]


def _three_public(budget: Budget) -> list[Row]:
    """The “三公” figures; the cell-lines table prints zeros, the tab-rows table leaves them blank."""
    public = three_public(budget)

    def printed(value: Decimal) -> str:
        return decimal_text(value) if budget.layout == "tab-rows" else cents(value)

    return [
        question_row(
            budget,
            "three-public",
            total=decimal_text(public.total),
            abroad=printed(public.abroad),
            reception=printed(public.reception),
            vehicle_purchase=printed(public.vehicle_purchase),
            vehicle_operation=printed(public.vehicle_operation),
        )
    ]


def _procurement(budget: Budget) -> list[Row]:
    """The procurement lines; the cell-lines table prints no functional or economic codes."""
    tab = budget.layout == "tab-rows"
    return [
        question_row(
            budget,
            "procurement",
            unit_code=purchase.unit,
            project_name=budget.paid_from(purchase),
            catalogue_code=purchase.catalogue,
            item_name=purchase.item,
            function_code=purchase.function if tab else "",
            economic_code=purchase.economic if tab else "",
            quantity=str(purchase.quantity),
            unit_price=format(purchase.unit_price, "f"),
            amount=decimal_text(purchase.amount),
        )
        for purchase in budget.purchases
    ]


def expected_rows(budget: Budget) -> dict[str, list[dict[str, str]]]:
    """The rows each contract question must return for ``budget``, computed from its figures.

    Amounts are plain decimal strings in 万元 (compare them numerically); absent values are "".
    """
    totals = department_amounts(budget)
    overview = question_row(
        budget,
        "department-overview",
        total_expenditure=decimal_text(totals.total),
        basic_expenditure=decimal_text(totals.basic),
        project_expenditure=decimal_text(totals.project),
        general_budget_total=decimal_text(totals.general),
    )
    by_economic = [
        question_row(
            budget,
            "basic-by-economic",
            economic_code=line.code,
            economic_name=line.name,
            amount=decimal_text(line.amounts.basic),
            personnel_amount=decimal_text(line.amounts.personnel),
            public_amount=decimal_text(line.amounts.public),
        )
        for line in economic_lines(budget)
    ]
    return {
        "department-overview": [overview],
        "expenditure-by-function": _by_function(budget),
        "basic-by-economic": by_economic,
        "projects": _projects(budget),
        "indicators": _indicator_rows(budget),
        "three-public": _three_public(budget),
        "procurement": _procurement(budget),
    }
