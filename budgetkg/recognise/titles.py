"""Table signatures by title, and the word lists of summary tables, from ``extract/tables.toml``.

A title names a kind whatever its number in a template (预算01表, 表1, 公开01表 …).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from budgetkg.layout import Table
from budgetkg.paths import EXTRACT_DIR

_UNIT = re.compile(r"单位[:：]\s*(亿元|万元|万|元)")


@dataclass(frozen=True)
class Signature:
    """How a table kind is recognised by its title and how its amount columns are read."""

    kind: str
    titles: tuple[re.Pattern[str], ...]
    columns: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _tables_toml() -> dict[str, Any]:
    with (EXTRACT_DIR / "tables.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def signatures() -> tuple[Signature, ...]:
    """The table signatures, in matching order."""
    return tuple(
        Signature(
            kind=entry["kind"],
            titles=tuple(re.compile(pattern) for pattern in entry["titles"]),
            columns=tuple((name, re.compile(pattern)) for name, pattern in entry.get("columns", [])),
        )
        for entry in _tables_toml()["table"]
    )


def signature_of(kind: str) -> Signature | None:
    """The signature of a table kind (for its amount columns), or ``None`` for an unknown kind."""
    return next((signature for signature in signatures() if signature.kind == kind), None)


@cache
def summary_item_labels() -> dict[str, str]:
    """Summary-table line labels mapped to summary-item notations."""
    labels: dict[str, str] = _tables_toml()["summary_items"]
    return labels


@cache
def summary_passed_over_columns() -> frozenset[str]:
    """Headers of summary-table columns that hold no amounts (序号, 行次)."""
    return frozenset(_tables_toml()["summary_columns"]["passed_over"])


@cache
def summary_fund_words() -> dict[str, str]:
    """Words of a summary-table income label mapped to the fund it names (一般公共预算 …)."""
    words: dict[str, str] = _tables_toml()["summary_fund_words"]
    return words


@cache
def expenditure_items() -> dict[str, str]:
    """Spending-category labels of summary tables (基本支出 …) mapped to expenditure types."""
    items: dict[str, str] = _tables_toml()["expenditure_items"]
    return items


@cache
def year_column_header() -> re.Pattern[str]:
    """The header of an amount column that names its year (group ``year``): 2025年预算数."""
    return re.compile(_tables_toml()["year_columns"]["header"])


@cache
def leading_unit_headers() -> tuple[str, ...]:
    """Headers of a first column that names the unit before the code columns (预算单位 …)."""
    headers: list[str] = _tables_toml()["code_tables"]["unit_columns"]
    return tuple(headers)


@cache
def unit_code_headers() -> tuple[str, ...]:
    """Headers of a code column that holds the codes of departments and units (部门代码 …)."""
    headers: list[str] = _tables_toml()["code_tables"]["unit_code_columns"]
    return tuple(headers)


@cache
def three_public_fund_columns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Header labels of the fund columns of a “三公” table: the general budget's, and the others'."""
    entry: dict[str, str] = _tables_toml()["three_public"]
    return re.compile(entry["general_fund_column"]), re.compile(entry["other_fund_columns"])


def compact(text: str) -> str:
    """Text with all white space removed, for matching."""
    return re.sub(r"\s+", "", text)


def match_title(text: str) -> Signature | None:
    """The first signature whose title pattern is found in ``text``."""
    title = compact(text)
    if "表" not in title and "预算" not in title:
        return None
    for signature in signatures():
        if any(pattern.search(title) for pattern in signature.titles):
            return signature
    return None


def printed_unit(table: Table) -> str:
    """The amount unit printed above or in the first rows of the table (万元 when absent)."""
    texts = [*table.captions, *(cell for row in table.rows[:3] for cell in row.cells)]
    for text in texts:
        found = _UNIT.search(compact(text))
        if found:
            unit = found.group(1)
            return "万元" if unit == "万" else unit
    return "万元"
