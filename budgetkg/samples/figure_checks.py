"""Whether the figures of a budget can make a document: known codes, known units, money enough."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.samples.figures import CENT, ZERO, Budget
from budgetkg.samples.totals import class_amounts
from budgetkg.samples.vocabulary import vocabulary

Spending = list[tuple[str, str | None, str, Decimal]]
"""(unit, project or None for basic expenditure, economic code, amount) of each line spent."""


def check(budget: Budget) -> list[str]:
    """Problems of the figures: unknown codes, strangers, purchases beyond their budget."""
    names = vocabulary()
    functions, economics = names.function_names, names.economic_names
    problems: list[str] = []
    units = {unit.code for unit in budget.units}
    for line in budget.basic:
        if len(line.function) != 7 or any(line.function[:n] not in functions for n in (3, 5, 7)):
            problems.append(f"unknown functional code {line.function}")
        if len(line.economic) != 5 or line.economic[:3] not in economics or line.economic not in economics:
            problems.append(f"unknown economic code {line.economic}")
        if line.unit not in units:
            problems.append(f"basic line of unknown unit {line.unit}")
        if line.amount <= 0 or line.amount != line.amount.quantize(CENT):
            problems.append(f"amount {line.amount} of {line.economic} is not a positive amount in cents")
    for project in budget.projects:
        if project.unit not in units:
            problems.append(f"project {project.name} of unknown unit {project.unit}")
        if any(project.function[:n] not in functions for n in (3, 5, 7)):
            problems.append(f"project {project.name}: unknown functional code {project.function}")
    spending = [(p.unit, p.project, p.economic, p.amount) for p in budget.purchases]
    problems += _overspent(budget, "purchases", spending)
    spending = [(p.unit, p.project, p.economic, p.amount) for p in budget.services]
    problems += _overspent(budget, "purchases of services", spending)
    for code in [p.function for p in budget.purchases] + [p.function for p in budget.services]:
        if code not in functions:
            problems.append(f"unknown functional code {code}")
    for code in [p.economic for p in budget.purchases] + [p.economic for p in budget.services]:
        if code not in economics:
            problems.append(f"unknown economic code {code}")
    printed = names.expenditure_classes[budget.layout]
    for name in class_amounts(budget):
        if name not in printed:
            problems.append(f"class {name} is not printed by the summary table")
    return problems


def _overspent(budget: Budget, what: str, spending: Spending) -> list[str]:
    """Problems where spending lines exceed the money they come from.

    Lines without a project are paid from basic expenditure and must fit the unit's line of the same
    economic code; the others must fit their project.
    """
    problems: list[str] = []
    projects = {project.name: project for project in budget.projects}
    used: dict[tuple[str, str], Decimal] = {}
    for unit, project, economic, amount in spending:
        if project is not None and (project not in projects or projects[project].unit != unit):
            problems.append(f"{what} for unknown project {project} of unit {unit}")
            continue
        key = (unit, project) if project is not None else (unit, economic)
        used[key] = used.get(key, ZERO) + amount
    for (unit, source), amount in used.items():
        if source in projects:
            available = projects[source].total
        else:
            available = sum(
                (line.amount for line in budget.basic if line.unit == unit and line.economic == source), ZERO
            )
        if amount > available:
            problems.append(f"{what} of {unit} from {source} ({amount}) exceed the {available} budgeted")
    return problems
