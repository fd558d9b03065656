"""Tables of a template no signature knows: read what can be read safely.

A titled table whose rows are code | name | amount is read as coded lines (the first amount
column, as the line's total), classified as functional (2xx codes) or economic (3xx and 5xx
codes); nothing else of it is read, and an ``extract.table-unrecognised`` finding says so.
"""

from __future__ import annotations

from budgetkg.interpret.coded_rows import coded_rows, detect_layout, first_data_row
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.findings import TABLE_UNRECOGNISED

MINIMUM_CODED_LINES = 2


def _classification(code: str) -> str | None:
    if code.startswith("2"):
        return "function"
    if code.startswith(("3", "5")):
        return "economic"
    return None


def read_generic(context: TableContext) -> None:
    """Read the coded lines of an unrecognised table, and record that it is of no known kind."""
    rows = context.typed.rows
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    lines = [line for line in coded_rows(rows, start, layout, 1) if line.code and _classification(line.code)]
    if len(lines) < MINIMUM_CODED_LINES:
        context.report(
            TABLE_UNRECOGNISED,
            "表格不属于任何已知种类，也没有编码行，未读取",
            "The table is of no known kind and has no code lines; it is not read",
            printed=context.typed.title,
        )
        return
    read = 0
    for line in lines:
        printed = line.amounts[0] if line.amounts else ""
        value = context.amount(line.row, line.offset, printed)
        if printed.strip() and value is None:
            continue
        context.add_line(
            line.row,
            line.offset,
            line.name,
            printed,
            value,
            expenditure_type="total",
            classification=_classification(line.code),
            code=line.code,
        )
        read += 1
    context.report(
        TABLE_UNRECOGNISED,
        f"表格不属于任何已知种类：读取了 {read} 个编码行（编码、名称、第一个金额），其余未读取",
        f"The table is of no known kind: {read} code lines were read (code, name, first amount) "
        "and nothing else",
        printed=context.typed.title,
    )
