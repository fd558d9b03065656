"""Tables of a template no signature knows: read what can be read safely.

A titled table whose rows are code | name | amount is read as coded lines (the first amount
column, as the line's total), classified as functional (2xx codes) or economic (3xx and 5xx
codes); nothing else of it is read, and a note says so.
"""

from __future__ import annotations

from budgetkg.interpret.coded_rows import coded_rows, detect_layout, first_data_row
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import amount_in_wanyuan
from budgetkg.numbers import NumberFormatError

MINIMUM_CODED_LINES = 2


def _classification(code: str) -> str | None:
    if code.startswith("2"):
        return "function"
    if code.startswith(("3", "5")):
        return "economic"
    return None


def read_generic(context: TableContext) -> None:
    """Read the coded lines of an unrecognised table, or note that nothing could be read."""
    rows = context.typed.rows
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    lines = [line for line in coded_rows(rows, start, layout, 1) if line.code and _classification(line.code)]
    where = f"{context.document}: table {context.number} ({context.typed.title or 'untitled'})"
    if len(lines) < MINIMUM_CODED_LINES:
        context.extraction.notes.append(f"{where} is of no known kind and has no code lines; not read")
        return
    read = 0
    for line in lines:
        try:
            value = amount_in_wanyuan(line.amounts[0], context.unit) if line.amounts else None
        except NumberFormatError:
            continue
        context.add_line(
            line.row,
            line.offset,
            line.name,
            line.amounts[0] if line.amounts else "",
            value,
            expenditure_type="total",
            classification=_classification(line.code),
            code=line.code,
        )
        read += 1
    context.extraction.notes.append(
        f"{where} is of no known kind: read {read} code lines (code, name, first amount) and nothing else"
    )
