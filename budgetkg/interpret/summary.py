"""Summary tables printed as income and expenditure sides: 收支总表 and 财政拨款收支总表."""

from __future__ import annotations

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import cell, is_amount_cell, numbered, optional_amount, strip_numbering
from budgetkg.interpret.summary_sections import CarryOverSection
from budgetkg.layout import Row
from budgetkg.recognise import (
    compact,
    expenditure_items,
    summary_fund_words,
    summary_item_labels,
    summary_passed_over_columns,
)

_FISCAL_COLUMNS = ("fiscal", "general", "government-fund", "state-capital")
_ITEM_FUNDS = {"income-fiscal": "fiscal"}
_HEADER_ROWS = 4
_EXPENDITURE_ITEMS = ("expenditure-total-year", "expenditure-grand-total", "carry-over-out")


def _fund_in(label: str) -> str | None:
    if "支出" in label:
        return None
    return next((fund for word, fund in summary_fund_words().items() if word in label), None)


def passed_over_columns(rows: list[Row]) -> frozenset[int]:
    """The columns of the header rows headed 序号 or 行次: they hold no amounts."""
    headers = summary_passed_over_columns()
    return frozenset(
        index
        for row in rows[:_HEADER_ROWS]
        for index, text in enumerate(row.cells)
        if compact(text) in headers
    )


def read_summary(context: TableContext) -> None:
    """Read both sides of a summary table as labelled lines."""
    rows = context.typed.rows
    labels = summary_item_labels()
    passed_over = passed_over_columns(rows)
    fiscal = context.typed.kind == "fiscal-summary"
    default_fund = "fiscal" if fiscal else "all"
    carry_over = CarryOverSection()
    for offset, row in enumerate(rows, start=1):
        if row.cells and compact(row.cells[0]) == "栏次":
            continue
        cells = [text for index, text in enumerate(row.cells) if index not in passed_over]
        if not any(is_amount_cell(text) for text in cells) and not _is_item_row(cells, labels):
            continue
        depth, income_label = numbered(cell(cells, 0))
        if income_label:
            item = labels.get(income_label)
            fund = _fund_in(income_label)
            if carry_over.holds(depth, item, fund):
                item = "carry-over-in"
            carry_over.follow(depth, item)
            value = optional_amount(cell(cells, 1), context.unit)
            if value is not None:
                context.add_line(
                    row,
                    offset,
                    income_label,
                    cell(cells, 1),
                    value,
                    operation="revenue",
                    fund=fund or _ITEM_FUNDS.get(item or "", default_fund),
                    summary_item=item,
                    is_total=item in ("income-total-year", "income-grand-total"),
                )
        multi_fund = fiscal and len(cells) > 4
        columns = _FISCAL_COLUMNS if multi_fund else (default_fund,)
        _add_expense(context, row, offset, strip_numbering(cell(cells, 2)), cells[3:], columns)
        if not multi_fund and len(cells) >= 6:
            # A third pair of columns: expenditure by purpose (基本支出, 项目支出 …), Jiangsu.
            _add_expense(context, row, offset, strip_numbering(cell(cells, 4)), cells[5:6], (default_fund,))


def _add_expense(
    context: TableContext, row: Row, offset: int, label: str, texts: list[str], columns: tuple[str, ...]
) -> None:
    """The amounts of one expenditure label: a summary line, a spending category or a 类."""
    if not label:
        return
    known = summary_item_labels().get(label)
    # An income label on the expenditure side names no item of it.
    item = known if known in _EXPENDITURE_ITEMS else None
    category = expenditure_items().get(label)
    for fund, text in zip(columns, texts, strict=False):
        value = optional_amount(text, context.unit)
        if value is None:
            continue
        context.add_line(
            row,
            offset,
            label,
            text,
            value,
            operation="expenditure",
            fund=fund,
            summary_item=item,
            expenditure_type=category,
            classification=None if known or category else "function-class",
            is_total=item in ("expenditure-total-year", "expenditure-grand-total"),
        )


def _is_item_row(cells: list[str], labels: dict[str, str]) -> bool:
    return any(strip_numbering(text) in labels for text in cells[:3])
