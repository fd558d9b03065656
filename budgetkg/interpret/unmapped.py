"""Amount columns that a table's interpreter reads no measure from, recorded as findings."""

from __future__ import annotations

from collections.abc import Iterable

from budgetkg.interpret.compared_columns import is_comparison_column
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.findings import COLUMN_UNMAPPED
from budgetkg.interpret.headers import column_paths
from budgetkg.interpret.rows import cell, clean_name, is_amount_cell
from budgetkg.layout import Row


def report_unmapped_columns(
    context: TableContext, header_rows: list[Row], data_rows: Iterable[Row], columns: Iterable[int]
) -> None:
    """Record ``extract.column-unmapped`` once for each of ``columns`` (cell indices) that prints an
    amount in one of ``data_rows``: the interpreter maps no measure to it, so its amounts are not read.
    A column of the comparison with another year (增减额) is left out on purpose and not reported."""
    data = list(data_rows)
    candidates = sorted(set(columns))
    if not candidates:
        return
    width = max((len(row.cells) for row in [*header_rows, *data]), default=0)
    paths = column_paths(header_rows, width)
    for index in candidates:
        if not any(is_amount_cell(cell(row.cells, index)) for row in data):
            continue
        if index < len(paths) and is_comparison_column(paths[index]):
            continue
        words: list[str] = []
        for row in header_rows:
            text = clean_name(cell(row.cells, index))
            if text and text not in words:
                words.append(text)
        context.report(
            COLUMN_UNMAPPED,
            "金额列的表头不对应任何已知的度量，该列的金额未读取",
            "An amount column whose header names no known measure; its amounts are not read",
            printed=" / ".join(words) or f"column {index + 1}",
        )


def columns_after(data_rows: Iterable[Row], first: int) -> range:
    """The cell indices from ``first`` to the end of the widest of ``data_rows``."""
    return range(first, max((len(row.cells) for row in data_rows), default=first))
