"""How the columns of the saved questions read to people: a Chinese label beside each column's own
name, and how its values are written (``queries/columns.toml``, data rather than code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from budgetkg.paths import QUERIES_DIR
from budgetkg.serve.templating import amount, count

COLUMNS_FILE = QUERIES_DIR / "columns.toml"
NUMERIC_KINDS = ("amount", "percent", "count")


@dataclass(frozen=True)
class Column:
    """A column of an answer: its name (as in CSV and JSON), its Chinese label and its kind."""

    name: str
    zh: str
    kind: str

    @property
    def numeric(self) -> bool:
        """Whether its values are numbers (right-aligned, sorted as numbers)."""
        return self.kind in NUMERIC_KINDS

    def show(self, value: str | None) -> str:
        """A value as people read it: amounts and percentages with two decimals, counts whole."""
        if value is None:
            return ""
        if self.kind in ("amount", "percent"):
            return amount(value)
        if self.kind == "count":
            return count(value)
        return value


@cache
def _table() -> dict[str, dict[str, object]]:
    with COLUMNS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def column(name: str) -> Column:
    """The column ``name``: labelled from the data, else under its own name as text."""
    entry = _table()["columns"].get(name)
    if isinstance(entry, dict):
        return Column(name, str(entry.get("zh", name)), str(entry.get("kind", "text")))
    return Column(name, name, "text")


def parameter_label(name: str) -> str:
    """The Chinese label of a question's parameter, else its name."""
    labels = _table().get("parameters", {})
    return str(labels.get(name, name)) if isinstance(labels, dict) else name
