"""Rows sorted and cut into pages on the server, from the query string: ``sort=COLUMN`` (``-COLUMN``
for descending) and ``page=N`` (from 1), ``size`` rows a page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar
from urllib.parse import urlencode

from budgetkg.serve.templating import as_decimal

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
VIEW_FIELDS = ("sort", "page", "size")

Row = TypeVar("Row")


@dataclass(frozen=True)
class View:
    """How rows are shown: sorted by a column (or as they came), one page of them."""

    sort: str = ""
    descending: bool = False
    page: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def of(cls, fields: Mapping[str, Sequence[str]], columns: Sequence[str]) -> View:
        """The view the query string asks for; unknown columns and bad numbers fall back to the default."""
        sort = _last(fields, "sort")
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        if sort not in columns:
            sort, descending = "", False
        size = min(max(_number(_last(fields, "size"), PAGE_SIZE), 1), MAX_PAGE_SIZE)
        return cls(sort, descending, max(_number(_last(fields, "page"), 1), 1), size)

    def sort_value(self, column: str) -> str:
        """The ``sort=`` value a click on a column's heading asks for (toggling its direction)."""
        if column == self.sort and not self.descending:
            return "-" + column
        return column

    def arrow(self, column: str) -> str:
        """▲ or ▼ beside the column sorted on."""
        if column != self.sort:
            return ""
        return "▼" if self.descending else "▲"


@dataclass(frozen=True)
class Paged(Generic[Row]):
    """One page of sorted rows and where it lies among them."""

    rows: list[Row]
    view: View
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, -(-self.total // self.view.size))

    @property
    def first(self) -> int:
        """The number of the first row of the page (from 1; 0 when there are none)."""
        return (self.view.page - 1) * self.view.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The number of the last row of the page."""
        return self.first + len(self.rows) - 1 if self.rows else 0


def arrange(rows: Sequence[Row], view: View, value: Callable[[Row, str], str | None]) -> Paged[Row]:
    """``rows`` sorted as the view asks (numbers as numbers, blanks last) and cut to its page."""
    ordered = list(rows)
    if view.sort:
        present = [row for row in ordered if value(row, view.sort) not in (None, "")]
        blank = [row for row in ordered if value(row, view.sort) in (None, "")]
        present.sort(key=lambda row: _key(value(row, view.sort)), reverse=view.descending)
        ordered = present + blank
    pages = max(1, -(-len(ordered) // view.size))
    page = min(view.page, pages)
    start = (page - 1) * view.size
    shown = View(view.sort, view.descending, page, view.size)
    return Paged(ordered[start : start + view.size], shown, len(ordered))


def link(base: str, params: Mapping[str, str], **changes: str | int) -> str:
    """``base`` with the query string ``params`` changed by ``changes`` (blank values left out)."""
    merged = {**params, **{key: str(value) for key, value in changes.items()}}
    query = urlencode({key: value for key, value in merged.items() if value not in ("", None)})
    return base + (f"?{query}" if query else "")


def _key(text: str | None) -> tuple[int, Decimal, str]:
    number = as_decimal(text)
    return (0, number, "") if number is not None else (1, Decimal(0), text or "")


def _last(fields: Mapping[str, Sequence[str]], name: str) -> str:
    values = fields.get(name) or [""]
    return values[-1]


def _number(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default
