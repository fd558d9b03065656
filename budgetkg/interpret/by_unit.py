"""The general-budget expenditure table by unit (分单位): one row per department and unit."""

from __future__ import annotations

from budgetkg.interpret.classified import amount_columns
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import TOTAL_WORDS, amount_in_wanyuan, cell, clean_name


def read_by_unit(context: TableContext) -> None:
    """Read the total row and every department or unit row."""
    rows = context.typed.rows
    start = next(
        (
            index
            for index, row in enumerate(rows)
            if clean_name(cell(row.cells, 0)).isdigit() or clean_name(cell(row.cells, 1)) in TOTAL_WORDS
        ),
        len(rows),
    )
    columns = amount_columns(context, start)
    for offset, row in enumerate(rows[start:], start=start + 1):
        code = clean_name(cell(row.cells, 0))
        name = clean_name(cell(row.cells, 1))
        is_total = not code and name in TOTAL_WORDS
        if not is_total and not code.isdigit():
            continue
        for measure, text in zip(columns, row.cells[2:], strict=False):
            value = amount_in_wanyuan(text, context.unit)
            if value is None:
                continue
            context.add_line(
                row,
                offset,
                name,
                text,
                value,
                fund="general",
                expenditure_type=measure,
                unit_code=code or None,
                is_total=is_total,
            )
