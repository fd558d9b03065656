"""Summary tables printed as income and expenditure sides: 收支总表 and 财政拨款收支总表."""

from __future__ import annotations

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import cell, clean_name, is_amount_cell, optional_amount, strip_numbering
from budgetkg.layout import Row
from budgetkg.recognise import expenditure_items, summary_item_labels

_FUND_WORDS = (
    ("一般公共预算", "general"),
    ("政府性基金", "government-fund"),
    ("国有资本经营", "state-capital"),
)
_FISCAL_COLUMNS = ("fiscal", "general", "government-fund", "state-capital")


def _fund_in(label: str) -> str | None:
    for word, fund in _FUND_WORDS:
        if word in label and "支出" not in label:
            return fund
    return None


def read_summary(context: TableContext) -> None:
    """Read both sides of a summary table as labelled lines."""
    rows = context.typed.rows
    labels = summary_item_labels()
    sequence = any(row.cells and clean_name(row.cells[0]) == "序号" for row in rows[:4])
    fiscal = context.typed.kind == "fiscal-summary"
    default_fund = "fiscal" if fiscal else "all"
    income_section: str | None = None
    for offset, row in enumerate(rows, start=1):
        if row.cells and clean_name(row.cells[0]) == "栏次":
            continue
        cells = row.cells[1:] if sequence else list(row.cells)
        if not any(is_amount_cell(text) for text in cells) and not _is_item_row(cells, labels):
            continue
        income_label = strip_numbering(cell(cells, 0))
        if income_label:
            item = labels.get(income_label)
            if item in ("income-total-year", "carry-over-in") and not is_amount_cell(cell(cells, 1)):
                income_section = item
            fund = _fund_in(income_label)
            if item is None and fund and income_section == "carry-over-in":
                item = "carry-over-in"
            value = optional_amount(cell(cells, 1), context.unit)
            if value is not None:
                context.add_line(
                    row,
                    offset,
                    income_label,
                    cell(cells, 1),
                    value,
                    operation="revenue",
                    fund=fund or default_fund,
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
    item = summary_item_labels().get(label)
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
            classification=None if item or category else "function-class",
            is_total=item in ("expenditure-total-year", "expenditure-grand-total"),
        )


def _is_item_row(cells: list[str], labels: dict[str, str]) -> bool:
    return any(strip_numbering(text) in labels for text in cells[:3])
