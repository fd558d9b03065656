"""Amount columns read by the labels above each of them, where header order would misplace them.

A table that compares the budget year with another year (the national template's 一般公共预算支出表)
prints the other year's figures and the change beside the year's own; a fund table of the final
accounts prints the carry-over and the income of the year before its expenditure (年初结转和结余 |
本年收入 | 本年支出 小计 基本支出 项目支出 | 年末结转和结余). Their amount columns cannot be taken in
header order: each column is read by the labels above it, and the columns of the comparison, or
that name no expenditure type, are skipped.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from budgetkg.interpret.headers import column_paths
from budgetkg.layout import Row
from budgetkg.paths import EXTRACT_DIR
from budgetkg.recognise import Signature


@cache
def _comparison() -> dict[str, Any]:
    with (EXTRACT_DIR / "columns.toml").open("rb") as handle:
        section: dict[str, Any] = tomllib.load(handle)["comparison"]
        return section


def compared_columns(header: list[Row], first: int, signature: Signature | None) -> list[str | None] | None:
    """The expenditure type of each amount column from column ``first`` on (``None`` for a column
    not read), or ``None`` when the header prints no comparison."""
    if signature is None or not header:
        return None
    paths = column_paths(header)
    if not any(is_comparison_column(path) for path in paths):
        return _placed_around_foreign_columns(paths[first:], signature)
    columns = [None if is_comparison_column(path) else _measure(path, signature) for path in paths[first:]]
    while columns and columns[-1] is None:
        columns.pop()
    return columns if "total" in columns else None


def is_comparison_column(path: list[str]) -> bool:
    """Whether a column's labels place it in the comparison with another year (执行数, 增减额)."""
    words: list[str] = _comparison()["words"]
    return any(word in label for label in path for word in words)


def _placed_around_foreign_columns(paths: list[list[str]], signature: Signature) -> list[str | None] | None:
    """The types of the amount columns by their labels when the header names, before a column of
    an expenditure type, a column of none (年初结转和结余): read in header order, the types would
    slide onto the foreign columns. ``None`` when every column is labelled and none is foreign
    before a typed one, or when a column has no label (the header does not line up with the rows)."""
    if not paths or any(not path for path in paths):
        return None
    columns = [_measure(path, signature) for path in paths]
    typed = [index for index, name in enumerate(columns) if name is not None]
    if "total" not in columns or not typed or None not in columns[: typed[-1]]:
        return None
    while columns and columns[-1] is None:
        columns.pop()
    return columns


def _measure(path: list[str], signature: Signature) -> str | None:
    """The expenditure type a column's labels name, the lowest label first; the column numbers of
    a 栏次 row (1, 2, 3 …) are not labels."""
    labels = [label for label in path if not label.isdigit()]
    for label in reversed(labels):
        for name, pattern in signature.columns:
            if pattern.search(label):
                return name
    subtotal: list[str] = _comparison()["subtotal"]
    return "total" if labels and labels[-1] in subtotal else None
