"""Amount columns of another year printed beside the budget year's.

Some templates print last year's budget next to this year's (重庆: ``2025年预算数`` before the
``2026年预算数`` block of 总计 / 基本支出 / 项目支出, or two year blocks of the “三公” items). Such a
column is found by the year in its header path, and left out of the reading of the budget year.
"""

from __future__ import annotations

from dataclasses import replace

from budgetkg.interpret.headers import column_paths
from budgetkg.layout import Row
from budgetkg.recognise import compact
from budgetkg.recognise.titles import year_column_header


def other_year_columns(header_rows: list[Row], width: int, budget_year: int | None) -> set[int]:
    """Columns whose header path names a year other than ``budget_year``."""
    if budget_year is None:
        return set()
    pattern = year_column_header()
    other: set[int] = set()
    for column, path in enumerate(column_paths(header_rows, width)):
        years = {int(match.group("year")) for label in path if (match := pattern.search(compact(label)))}
        if years and budget_year not in years:
            other.add(column)
    return other


def without_columns(row: Row, columns: set[int]) -> Row:
    """The row with the cells (and cell boxes) of ``columns`` left out."""
    if not columns:
        return row
    cells = [text for index, text in enumerate(row.cells) if index not in columns]
    boxes = row.bboxes and [box for index, box in enumerate(row.bboxes) if index not in columns]
    return replace(row, cells=cells, bboxes=boxes)


def budget_year_rows(rows: list[Row], start: int, budget_year: int | None) -> list[Row]:
    """The rows of a table without the columns of another year (header rows are those before
    ``start``); the rows themselves when there are none."""
    width = max((len(row.cells) for row in rows), default=0)
    other = other_year_columns(rows[:start], width, budget_year)
    return [without_columns(row, other) for row in rows] if other else rows
