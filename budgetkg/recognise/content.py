"""Recognise a table by what it holds: header words, row labels and the codes of its first column.

The clues of each kind live in ``extract/content.toml``.  A table's score for a kind is the sum
of the weights of the clues found in it; clues on the title count apart, as a hint.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from budgetkg.layout import Row, Table
from budgetkg.numbers import NumberFormatError, parse_amount
from budgetkg.paths import EXTRACT_DIR
from budgetkg.recognise.titles import compact

_CODE = re.compile(r"^[\[【(（]?(\d{3}(?:\d{2}){0,2})(?:[\]】)）]|$)")
_SPLIT_CODE_PART = re.compile(r"^\d{2}$")
_SCANNED_ROWS = 80
_HEADER_ROWS = 6
_LABEL_LENGTH = 40
PARTS = ("header", "labels", "cells", "title", "codes")


@dataclass(frozen=True)
class Clue:
    """A pattern searched in one part of a table, and the weight it adds when found."""

    part: str
    pattern: re.Pattern[str]
    weight: int

    def describe(self) -> str:
        """The clue as a reader would name it: ``header ~ 基本支出``."""
        return f"{self.part} ~ {self.pattern.pattern}"


@dataclass(frozen=True)
class ContentSignature:
    """The clues that identify one table kind by its content."""

    kind: str
    clues: tuple[Clue, ...]


@dataclass(frozen=True)
class Thresholds:
    """How strong content must be to name a kind alone, and to overrule a title."""

    recognise: int
    overrule: int
    margin: int
    minimum_content: int


@dataclass(frozen=True)
class Score:
    """A kind's score for one table: from its content, from its title, and the clues found."""

    kind: str
    content: int
    hint: int
    found: tuple[str, ...]

    @property
    def total(self) -> int:
        """Content and title hint together."""
        return self.content + self.hint

    def explain(self) -> str:
        """The clues that gave the score, for notes and provenance."""
        return f"{self.kind} (content {self.content}, title {self.hint}: {'; '.join(self.found)})"


@dataclass(frozen=True)
class TableContent:
    """The parts of a table the clues are searched in, all white space removed."""

    header: tuple[str, ...]
    labels: tuple[str, ...]
    cells: tuple[str, ...]
    title: tuple[str, ...]
    codes: tuple[str, ...]

    def part(self, name: str) -> tuple[str, ...]:
        """One part by its name in ``extract/content.toml``."""
        parts: dict[str, tuple[str, ...]] = {
            "header": self.header,
            "labels": self.labels,
            "cells": self.cells,
            "title": self.title,
            "codes": self.codes,
        }
        return parts[name]


@cache
def _content_toml() -> dict[str, object]:
    with (EXTRACT_DIR / "content.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def content_signatures() -> tuple[ContentSignature, ...]:
    """The content signatures, in the order of ``extract/content.toml`` (ties go to the first)."""
    kinds = _content_toml()["kind"]
    assert isinstance(kinds, list)
    result = []
    for entry in kinds:
        clues = []
        for clue in entry["clues"]:
            if clue["in"] not in PARTS:
                raise ValueError(f"content.toml: {entry['kind']} has a clue in unknown part {clue['in']!r}")
            clues.append(Clue(clue["in"], re.compile(clue["find"]), int(clue["weight"])))
        result.append(ContentSignature(entry["kind"], tuple(clues)))
    return tuple(result)


@cache
def thresholds() -> Thresholds:
    """The thresholds of ``extract/content.toml``."""
    data = _content_toml()["thresholds"]
    assert isinstance(data, dict)
    return Thresholds(
        recognise=int(data["recognise"]),
        overrule=int(data["overrule"]),
        margin=int(data["margin"]),
        minimum_content=int(data["minimum_content"]),
    )


def _is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except NumberFormatError:
        return False


def _row_code(row: Row) -> str | None:
    """The classification code printed in the first cells of a row: 2013602, [301]…, 201 | 05 | 07."""
    cells = [compact(text) for text in row.cells[:5]]
    for index, text in enumerate(cells[:4]):
        found = _CODE.match(text)
        if found is None:
            continue
        code = found.group(1)
        following = cells[index + 1 : index + 3]
        if len(code) == 3:
            code += "".join(part for part in following if _SPLIT_CODE_PART.match(part))
        return code
    return None


def read_content(table: Table, title: str) -> TableContent:
    """The header cells, row labels, all cells and codes of ``table``, with its title."""
    rows = table.rows[:_SCANNED_ROWS]
    first_data = next(
        (index for index, row in enumerate(rows) if any(_is_amount(text) for text in row.cells[1:])),
        min(len(rows), _HEADER_ROWS),
    )
    header = [compact(text) for row in rows[: min(first_data, _HEADER_ROWS)] for text in row.cells]
    labels: list[str] = []
    codes: list[str] = []
    for row in rows[first_data:]:
        texts = [compact(text) for text in row.cells]
        labels.extend(text for text in texts if text and not _is_amount(text) and len(text) <= _LABEL_LENGTH)
        code = _row_code(row)
        if code:
            codes.append(code)
    cells = [compact(text)[: _LABEL_LENGTH * 2] for row in rows for text in row.cells]
    return TableContent(
        header=tuple(text for text in header if text),
        labels=tuple(labels),
        cells=tuple(text for text in cells if text),
        title=(compact(title),) if title else (),
        codes=tuple(codes),
    )


def _found(clue: Clue, content: TableContent) -> bool:
    texts = content.part(clue.part)
    if clue.part == "codes":
        return sum(1 for code in texts if clue.pattern.match(code)) >= 2
    return any(clue.pattern.search(text) for text in texts)


def score_content(content: TableContent) -> list[Score]:
    """Every kind's score for a table, best first (ties keep the order of the signatures)."""
    scores = []
    for signature in content_signatures():
        found = [clue for clue in signature.clues if _found(clue, content)]
        scores.append(
            Score(
                kind=signature.kind,
                content=sum(clue.weight for clue in found if clue.part != "title"),
                hint=sum(clue.weight for clue in found if clue.part == "title"),
                found=tuple(f"{clue.describe()} ({clue.weight:+d})" for clue in found),
            )
        )
    return sorted(scores, key=lambda score: -score.total)
