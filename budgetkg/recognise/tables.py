"""Classify every table of a document: by its title when one matches, else by its content.

When the title names one kind and the content clearly holds another, the content wins; each
typed table keeps the reason for its kind.  A table without a title of its own that follows
another table is taken as that table's continuation (a table broken across pages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.layout import ReadDocument, Row, Table
from budgetkg.recognise.content import Score, read_content, score_content, thresholds
from budgetkg.recognise.titles import Signature, compact, match_title, printed_unit, signature_of

_SECTION_LABELS = re.compile(r"^(长期|年度)绩效目标表$|^项目资产配置计划")
_TITLE_LIKE = re.compile(r"表(（[^）]*）|\([^)]*\))?$")
_TITLE_LENGTH = 60
PERFORMANCE_KINDS = ("project-performance", "department-performance")


@dataclass
class TypedTable:
    """A table with its recognised kind, title and printed amount unit."""

    kind: str
    title: str
    unit: str
    table: Table
    signature: Signature | None
    reason: str = ""
    """Why the table has its kind: the title pattern, or the content clues that named it."""

    @property
    def rows(self) -> list[Row]:
        """The rows of the underlying table."""
        return self.table.rows


@dataclass(frozen=True)
class Choice:
    """The kind chosen for a table and why."""

    kind: str
    reason: str


def choose_kind(title_signature: Signature | None, scores: list[Score]) -> Choice:
    """Title when it matches and the content does not clearly say otherwise; else the content."""
    limits = thresholds()
    by_content = max(scores, key=lambda score: score.content) if scores else None
    if title_signature is not None:
        titled = next((score for score in scores if score.kind == title_signature.kind), None)
        titled_content = titled.content if titled else 0
        if (
            by_content is not None
            and by_content.kind != title_signature.kind
            and by_content.content >= limits.overrule
            and by_content.content - titled_content >= limits.margin
        ):
            return Choice(
                by_content.kind,
                f"content overrules the title's {title_signature.kind} "
                f"(content {titled_content}): {by_content.explain()}",
            )
        return Choice(title_signature.kind, "title")
    best = scores[0] if scores else None
    if best is not None and best.total >= limits.recognise and best.content >= limits.minimum_content:
        return Choice(best.kind, f"content: {best.explain()}")
    return Choice("unknown", f"no title pattern; best content {best.explain()}" if best else "empty")


def recognise(document: ReadDocument) -> list[TypedTable]:
    """Classify every table and join untitled continuations to the table before them."""
    typed: list[TypedTable] = []
    for table in document.tables():
        title, signature = _title_of(table)
        section_label = bool(_SECTION_LABELS.search(title)) or bool(
            table.captions and _SECTION_LABELS.search(compact(table.captions[-1]))
        )
        if section_label:
            signature = None
        own_title = "" if section_label else (title or _own_title(table))
        if signature is None and not own_title and typed and not _starts_new_section(table):
            previous = typed[-1]
            previous.table.rows.extend(table.rows)
            previous.table.trailing = table.trailing
            continue
        choice = choose_kind(signature, score_content(read_content(table, own_title)))
        if (
            typed
            and typed[-1].kind == choice.kind
            and typed[-1].title == own_title
            and choice.kind not in PERFORMANCE_KINDS
        ):
            continuation = [row for row in table.rows if not _is_header_row(row)]
            typed[-1].table.rows.extend(continuation)
            typed[-1].table.trailing = table.trailing
            continue
        typed.append(
            TypedTable(
                kind=choice.kind,
                title=own_title or _untitled_caption(table),
                unit=printed_unit(table),
                table=table,
                signature=signature_of(choice.kind),
                reason=choice.reason,
            )
        )
    return typed


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


def _own_title(table: Table) -> str:
    """A caption that reads as the title of a table (ends in 表), though no pattern knows it."""
    for caption in reversed(table.captions):
        text = compact(caption)
        if len(text) <= _TITLE_LENGTH and _TITLE_LIKE.search(text) and not _SECTION_LABELS.search(text):
            return text
    return ""


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
