"""The general-budget expenditure table by unit (分单位): one row per department and unit."""

from __future__ import annotations

from budgetkg.interpret.classified import amount_columns
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import TOTAL_WORDS, cell, clean_name
from budgetkg.interpret.unmapped import columns_after, report_unmapped_columns
from budgetkg.layout import Row


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
    data_rows = [row for row in rows[start:] if _is_unit_or_total(row)]
    report_unmapped_columns(context, rows[:start], data_rows, columns_after(data_rows, 2 + len(columns)))
    for offset, row in enumerate(rows[start:], start=start + 1):
        if not _is_unit_or_total(row):
            continue
        code = clean_name(cell(row.cells, 0))
        name = clean_name(cell(row.cells, 1))
        is_total = not code and name in TOTAL_WORDS
        values = context.amounts(row, offset, row.cells[2 : 2 + len(columns)])
        for measure, text, value in zip(columns, row.cells[2:], values or [], strict=False):
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


def _is_unit_or_total(row: Row) -> bool:
    """A row of a department or unit (numbered) or the total row."""
    code = clean_name(cell(row.cells, 0))
    return code.isdigit() or (not code and clean_name(cell(row.cells, 1)) in TOTAL_WORDS)
