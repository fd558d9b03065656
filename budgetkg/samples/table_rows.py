"""Rows both layouts print alike: amounts of classified lines, the summary table, indicator grids."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from budgetkg.samples.figures import ZERO, Budget, Indicator
from budgetkg.samples.formatting import chinese_number
from budgetkg.samples.totals import AmountName, Amounts, ClassifiedLine, class_amounts, department_amounts
from budgetkg.samples.vocabulary import vocabulary

Money = Callable[[Decimal], str]
"""How a table prints an amount: :func:`grouped` or :func:`plain`."""

Row = list[str]


def blanks(count: int) -> Row:
    """``count`` empty cells."""
    return [""] * count


def amount_row(
    code: str, name: str, amounts: Amounts, columns: Sequence[AmountName], money: Money, trailing: int = 0
) -> Row:
    """``code``, ``name``, the amounts of ``columns``, then ``trailing`` empty cells."""
    return [code, name, *(money(value) for value in amounts.pick(*columns)), *blanks(trailing)]


def classified_rows(
    totals: Amounts,
    lines: Iterable[ClassifiedLine],
    columns: Sequence[AmountName],
    money: Money,
    trailing: int = 0,
    label: Callable[[ClassifiedLine], str] = lambda line: line.name,
) -> list[Row]:
    """A ``合计`` row, then a row for each classified line."""
    return [
        amount_row("", "合计", totals, columns, money, trailing),
        *(amount_row(line.code, label(line), line.amounts, columns, money, trailing) for line in lines),
    ]


def income_and_expense_rows(budget: Budget, money: Money, *, nian: bool) -> list[Row]:
    """The body of a summary table (收支预算总表): income lines beside expenditure classes, then the totals.

    ``nian`` numbers the classes 廿一 … 廿九 as the Hubei template does.
    """
    totals = department_amounts(budget)
    classes = class_amounts(budget)
    names = vocabulary()
    income_lines = names.income_lines
    income = [totals.general, *([ZERO] * (len(income_lines) - 2)), totals.project_other]
    rows: list[Row] = []
    for index, name in enumerate(names.expenditure_classes[budget.layout]):
        left = blanks(2)
        if index < len(income_lines):
            left = [f"{chinese_number(index + 1)}、{income_lines[index]}", money(income[index])]
        expense = money(classes.get(name, Amounts()).total)
        rows.append([*left, f"{chinese_number(index + 1, nian=nian)}、{name}", expense])
    total = money(totals.total)
    return [
        *rows,
        ["本年收入合计", total, "本年支出合计", total],
        ["上年结转结余", "", "年终结转结余", ""],
        ["收入总计", total, "支出总计", total],
    ]


def labelled_indicators(indicators: Sequence[Indicator]) -> list[tuple[str, str, Indicator]]:
    """Each indicator with its 一级 and 二级 cells as printed: blank where the row above says the same."""
    rows: list[tuple[str, str, Indicator]] = []
    previous: Indicator | None = None
    for indicator in indicators:
        same1 = previous is not None and previous.level1 == indicator.level1
        same2 = same1 and previous is not None and previous.level2 == indicator.level2
        rows.append(("" if same1 else indicator.level1, "" if same2 else indicator.level2, indicator))
        previous = indicator
    return rows
