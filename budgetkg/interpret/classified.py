"""Tables of amounts by classification code: functional (201/20136/2013602) or economic (301/30101)."""

from __future__ import annotations

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import (
    FUNCTION_CODE,
    TOTAL_WORDS,
    amount_in_wanyuan,
    cell,
    clean_name,
    header_text,
    is_amount_cell,
)
from budgetkg.layout import Row

FUND_OF_KIND = {
    "expenditure-summary": "all",
    "general-by-function": "general",
    "general-basic-by-economic": "general",
    "government-fund": "government-fund",
    "state-capital": "state-capital",
    "income-summary": "all",
}


def has_sequence_column(rows: list[Row], data_start: int) -> bool:
    """Templates that print a 序号 column before the code."""
    return any(row.cells and clean_name(row.cells[0]) == "序号" for row in rows[:data_start])


def first_data_row(rows: list[Row]) -> int:
    """Index of the first row holding a code or a total, after the header rows."""
    for index, row in enumerate(rows):
        if not any(is_amount_cell(text) for text in row.cells[2:]):
            continue
        for text in row.cells[:3]:
            name = clean_name(text)
            if FUNCTION_CODE.match(name) or name in TOTAL_WORDS:
                return index
    return len(rows)


def read_classified(context: TableContext) -> None:
    """Read every coded row (and the total row) of a functional or economic table."""
    rows = context.typed.rows
    start = first_data_row(rows)
    sequence = has_sequence_column(rows, start)
    header = header_text(context.typed, start)
    signature = context.typed.signature
    columns = [name for name, pattern in (signature.columns if signature else ()) if pattern.search(header)]
    if context.typed.kind == "income-summary":
        columns = ["total"]
    operation = "revenue" if context.typed.kind == "income-summary" else "expenditure"
    classification = "economic" if context.typed.kind == "general-basic-by-economic" else "function"
    fund = FUND_OF_KIND[context.typed.kind]
    for offset, row in enumerate(rows[start:], start=start + 1):
        cells = row.cells[1:] if sequence else list(row.cells)
        code = clean_name(cell(cells, 0))
        name = clean_name(cell(cells, 1))
        is_total = not code and (name in TOTAL_WORDS or not name)
        if code and not FUNCTION_CODE.match(code):
            continue
        if not code and not is_total:
            continue
        amounts = cells[2 : 2 + len(columns)]
        for measure, text in zip(columns, amounts, strict=False):
            value = amount_in_wanyuan(text, context.unit)
            if value is None:
                continue
            context.add_line(
                row,
                offset,
                name or "合计",
                text,
                value,
                operation=operation,
                fund=fund,
                expenditure_type=measure,
                classification=classification if code else None,
                code=code or None,
                is_total=is_total,
            )
        total_printed = bool(amounts) and amount_in_wanyuan(amounts[0], context.unit) is not None
        if code and not total_printed:
            # A coded row always has a total line, even when the total cell is blank, so that
            # every printed code is a fact of the table.
            context.add_line(
                row,
                offset,
                name,
                "",
                None,
                operation=operation,
                fund=fund,
                expenditure_type="total",
                classification=classification,
                code=code,
            )
