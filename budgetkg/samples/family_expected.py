"""The rows each contract question must return for a family document, stated from its figures.

The rows follow :func:`~budgetkg.samples.expected.expected_rows`, changed where the family prints
otherwise: the national template prints no project codes and one target per indicator; Shanghai
prints ``0`` where an amount is zero and no projects or forms; stand-alone forms print no budget
tables, so only their projects (by name) and indicators are read.
"""

from __future__ import annotations

from collections.abc import Callable

from budgetkg.samples.expected import expected_rows, indicator_row, question_row
from budgetkg.samples.families import Family, FamilyBudget
from budgetkg.samples.figures import Budget, Indicator
from budgetkg.samples.formatting import cents

Rows = dict[str, list[dict[str, str]]]

AMOUNT_COLUMNS = {
    "expenditure-by-function": ("amount", "basic_amount", "project_amount"),
    "basic-by-economic": ("amount", "personnel_amount", "public_amount"),
    "three-public": ("total", "abroad", "reception", "vehicle_purchase", "vehicle_operation"),
}
"""The amount columns Shanghai prints ``0`` in when the amount is zero."""


def _annual_indicators(budget: Budget, *, department: bool) -> list[dict[str, str]]:
    """One row per indicator, with its annual target: the department form's, then each project's."""
    grids: list[tuple[str, str, tuple[Indicator, ...]]] = []
    if department and budget.department_form is not None:
        grids.append(("department", "", budget.department_form.indicators))
    grids += [("project", project.title_on_form, form.indicators) for project, form in budget.project_forms()]
    return [
        indicator_row(budget, scope, name, indicator, indicator.target)
        for scope, name, indicators in grids
        for indicator in indicators
    ]


def _national(budget: Budget, rows: Rows) -> Rows:
    projects = [
        question_row(
            budget,
            "projects",
            unit_code=project.unit,
            project_name=project.name,
            amount=cents(project.total),
            disclosed="true",
        )
        for unit in budget.units
        for project in budget.projects
        if project.unit == unit.code
    ]
    return {
        **rows,
        "projects": projects,
        "indicators": _annual_indicators(budget, department=False),
        "procurement": [],
    }


def _shanghai(budget: Budget, rows: Rows) -> Rows:
    zeros_printed = {
        question: [
            {column: value or ("0" if column in columns else "") for column, value in row.items()}
            for row in rows[question]
        ]
        for question, columns in AMOUNT_COLUMNS.items()
    }
    return {**rows, **zeros_printed, "projects": [], "indicators": [], "procurement": []}


def _forms(budget: Budget, rows: Rows) -> Rows:
    overview = question_row(budget, "department-overview")
    projects = [
        question_row(budget, "projects", project_name=project.title_on_form)
        for project, _ in budget.project_forms()
    ]
    return {
        "department-overview": [overview],
        "expenditure-by-function": [],
        "basic-by-economic": [],
        "projects": projects,
        "indicators": _annual_indicators(budget, department=True),
        "three-public": [],
        "procurement": [],
    }


def _jiangsu(budget: Budget, rows: Rows) -> Rows:
    """One 金额 column in the tables by classification, no functional rows in the expenditure summary."""
    general = [row for row in rows["expenditure-by-function"] if row["fund"] == "general"]
    return {
        **rows,
        "expenditure-by-function": [_only_amount(row, "basic_amount", "project_amount") for row in general],
        "basic-by-economic": [
            _only_amount(row, "personnel_amount", "public_amount") for row in rows["basic-by-economic"]
        ],
        "projects": [],
        "indicators": [],
        "procurement": [],
    }


def _only_amount(row: dict[str, str], *split: str) -> dict[str, str]:
    """``row`` with the columns of a split the table does not print left empty."""
    return {column: "" if column in split else value for column, value in row.items()}


FAMILY_ROWS: dict[Family, Callable[[Budget, Rows], Rows]] = {
    "national": _national,
    "shanghai": _shanghai,
    "performance-forms": _forms,
    "jiangsu": _jiangsu,
}


def family_expected_rows(figures: FamilyBudget) -> Rows:
    """The rows each contract question must return for the family document of ``figures``."""
    return FAMILY_ROWS[figures.family](figures.budget, expected_rows(figures.budget))
