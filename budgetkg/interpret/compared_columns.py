"""Amount columns of a table that compares the budget year with another year.

Such a table (the national template's 一般公共预算支出表) prints the other year's figures and the
change beside the year's own, so its amount columns cannot be taken in header order: each column
is read by the labels above it, and the columns of the comparison are skipped.
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
    words: list[str] = _comparison()["words"]
    paths = column_paths(header)
    if not any(word in label for path in paths for label in path for word in words):
        return None
    columns = [
        None if any(word in label for label in path for word in words) else _measure(path, signature)
        for path in paths[first:]
    ]
    while columns and columns[-1] is None:
        columns.pop()
    return columns if "total" in columns else None


def _measure(path: list[str], signature: Signature) -> str | None:
    """The expenditure type a column's labels name, the lowest label first."""
    for label in reversed(path):
        for name, pattern in signature.columns:
            if pattern.search(label):
                return name
    subtotal: list[str] = _comparison()["subtotal"]
    return "total" if path and path[-1] in subtotal else None
