"""Multi-row table headers: the label path above each column.

A header cell spans to the right over the empty cells that follow it, but never beyond the span
of the cell above it.  For a three-row header such as::

    合计 | “三公”经费 |          |              |        |        |          | 会议费 | 培训费
         | 小计       | 因公出国 | 公务用车购置及运行维护费 |   |        | 公务接待费 |        |
         |            |          | 小计         | 购置费 | 运行费 |          |        |

column 5 has the path ``["“三公”经费", "公务用车购置及运行维护费", "运行费"]`` and column 6 the path
``["“三公”经费", "公务接待费"]``: the 运行费 cell does not reach into the 公务接待费 column.
"""

from __future__ import annotations

from budgetkg.layout import Row
from budgetkg.recognise import compact


def column_paths(header_rows: list[Row], width: int | None = None) -> list[list[str]]:
    """The header labels above each column, top row first (empty labels left out)."""
    columns = width if width is not None else max((len(row.cells) for row in header_rows), default=0)
    paths: list[list[str]] = [[] for _ in range(columns)]
    starts = [0] * columns
    ends = [columns] * columns
    for row in header_rows:
        cells = [compact(text) for text in row.cells] + [""] * max(0, columns - len(row.cells))
        for column in range(columns):
            owner = _owner(cells, column, starts[column])
            if owner is None:
                continue
            if not paths[column] or paths[column][-1] != cells[owner]:
                paths[column].append(cells[owner])
            starts[column] = owner
            ends[column] = min(ends[column], _span_end(cells, owner, ends[column]))
            if column >= ends[column]:
                paths[column].pop()
    return paths


def _owner(cells: list[str], column: int, start: int) -> int | None:
    """The column of the labelled cell covering ``column`` in this row, not left of ``start``."""
    for index in range(column, start - 1, -1):
        if cells[index]:
            return index
    return None


def _span_end(cells: list[str], owner: int, limit: int) -> int:
    """One past the last column a cell at ``owner`` covers (up to the next label or ``limit``)."""
    for index in range(owner + 1, limit):
        if cells[index]:
            return index
    return limit
