"""Recognise the kind of each table from its title, whatever its number in a template.

Signatures live in ``extract/tables.toml``.  A table without a recognisable title that follows
another table is taken as that table's continuation (a table broken across pages).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from budgetkg.layout import ReadDocument, Row, Table
from budgetkg.paths import EXTRACT_DIR

_UNIT = re.compile(r"单位[:：]\s*(亿元|万元|万|元)")
_SECTION_LABELS = re.compile(r"^(长期|年度)绩效目标表$|^项目资产配置计划")


@dataclass(frozen=True)
class Signature:
    """How a table kind is recognised and how its amount columns are read."""

    kind: str
    titles: tuple[re.Pattern[str], ...]
    columns: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass
class TypedTable:
    """A table with its recognised kind, title and printed amount unit."""

    kind: str
    title: str
    unit: str
    table: Table
    signature: Signature | None

    @property
    def rows(self) -> list[Row]:
        """The rows of the underlying table."""
        return self.table.rows


@cache
def signatures() -> tuple[Signature, ...]:
    """The table signatures, in matching order."""
    with (EXTRACT_DIR / "tables.toml").open("rb") as handle:
        data = tomllib.load(handle)
    result = []
    for entry in data["table"]:
        result.append(
            Signature(
                kind=entry["kind"],
                titles=tuple(re.compile(pattern) for pattern in entry["titles"]),
                columns=tuple((name, re.compile(pattern)) for name, pattern in entry.get("columns", [])),
            )
        )
    return tuple(result)


@cache
def summary_item_labels() -> dict[str, str]:
    """Summary-table line labels mapped to summary-item notations."""
    with (EXTRACT_DIR / "tables.toml").open("rb") as handle:
        data = tomllib.load(handle)
    labels: dict[str, str] = data["summary_items"]
    return labels


@cache
def expenditure_items() -> dict[str, str]:
    """Spending-category labels of summary tables (基本支出 …) mapped to expenditure types."""
    with (EXTRACT_DIR / "tables.toml").open("rb") as handle:
        data = tomllib.load(handle)
    items: dict[str, str] = data["expenditure_items"]
    return items


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


def _title_of(table: Table) -> tuple[str, Signature | None]:
    for caption in reversed(table.captions):
        signature = match_title(caption)
        if signature is not None:
            return compact(caption), signature
    if table.rows and table.rows[0].cells:
        first = table.rows[0].filled()
        if first:
            signature = match_title(first[0])
            if signature is not None:
                return compact(first[0]), signature
    return "", None


def recognise(document: ReadDocument) -> list[TypedTable]:
    """Classify every table and join untitled continuations to the table before them."""
    typed: list[TypedTable] = []
    for table in document.tables():
        title, signature = _title_of(table)
        if _SECTION_LABELS.search(title) or (
            table.captions and _SECTION_LABELS.search(compact(table.captions[-1]))
        ):
            signature = None
        if signature is None and typed and not _starts_new_section(table):
            previous = typed[-1]
            previous.table.rows.extend(table.rows)
            previous.table.trailing = table.trailing
            continue
        if (
            signature is not None
            and typed
            and typed[-1].kind == signature.kind
            and typed[-1].title == title
            and signature.kind not in ("project-performance", "department-performance")
        ):
            continuation = [row for row in table.rows if not _is_header_row(row)]
            typed[-1].table.rows.extend(continuation)
            typed[-1].table.trailing = table.trailing
            continue
        typed.append(
            TypedTable(
                kind=signature.kind if signature else "unknown",
                title=title or _untitled_caption(table),
                unit=printed_unit(table),
                table=table,
                signature=signature,
            )
        )
    return typed


def _untitled_caption(table: Table) -> str:
    """For a table no signature knows: the caption that reads most like a title."""
    titled = [caption for caption in table.captions if "表" in caption]
    chosen = titled or table.captions
    return compact(chosen[-1]) if chosen else ""


def _starts_new_section(table: Table) -> bool:
    """An untitled table that begins with its own header is a table of its own."""
    first = table.rows[0].filled() if table.rows else []
    return bool(first) and compact(first[0]) in ("单位名称", "项目名称", "项目支出名称")


def _is_header_row(row: Row) -> bool:
    text = compact(row.text())
    return "科目编码" in text or "科目名称" in text or text in ("", "栏次")
