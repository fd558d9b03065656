"""Statements that a table is empty or that there is no such expenditure (注：本表为空表)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from budgetkg.paths import EXTRACT_DIR
from budgetkg.recognise import TypedTable, compact
from budgetkg.regions import regions


@dataclass(frozen=True)
class EmptyWording:
    """The wording of empty statements, from ``extract/empty_statements.toml``."""

    empty_words: tuple[str, ...]
    table_empty_words: tuple[str, ...]
    note_labels: tuple[str, ...]
    whole_table_funds: tuple[str, ...]
    note_length: int
    fund_words: dict[str, str]
    fund_stems: dict[str, str]


@cache
def wording() -> EmptyWording:
    """The wording of empty statements."""
    with (EXTRACT_DIR / "empty_statements.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return EmptyWording(
        empty_words=tuple(data["empty_words"]),
        table_empty_words=tuple(data["table_empty_words"]),
        note_labels=tuple(data["note_labels"]),
        whole_table_funds=tuple(data["whole_table_funds"]),
        note_length=int(data["note_length"]),
        fund_words=dict(data["fund_words"]),
        fund_stems=dict(data["fund_stems"]),
    )


_PLACE_SUFFIX = re.compile(r"(?:自治县|自治州|自治区|市|县|区|旗)$")


@cache
def _place_names_with_empty_words() -> tuple[str, ...]:
    """Region names (and their stems without 市/县/区) in which an empty word is part of the name,
    such as 无锡市, longest first: a page header naming the publisher is not a note about nothing."""
    names: set[str] = set()
    for region in regions().values():
        if any(word in region.name for word in wording().empty_words):
            names.add(region.name)
            stem = _PLACE_SUFFIX.sub("", region.name)
            if len(stem) >= 2:
                names.add(stem)
    return tuple(sorted(names, key=len, reverse=True))


def _without_place_names(text: str) -> str:
    for name in _place_names_with_empty_words():
        text = text.replace(name, "")
    return text


def _says_nothing_is_noted(text: str) -> bool:
    """A note that is only its label and an empty word (注：无。): there are no notes."""
    labels = "|".join(map(re.escape, wording().note_labels))
    labelled = re.match(rf"^(?:{labels})[:：]?(?P<rest>.*)$", compact(text))
    return labelled is not None and labelled.group("rest").strip("。.；; ") in wording().empty_words


def _printed_notes(typed: TypedTable) -> list[str]:
    """Short texts printed under the table or in its last two rows, where a note stands."""
    texts = [paragraph.text for paragraph in typed.table.trailing]
    texts.extend(cell for row in typed.rows[-2:] for cell in row.cells if cell)
    return [text for text in texts if len(text) < wording().note_length and not _says_nothing_is_noted(text)]


def _fund_statement(kind: str, paragraphs: list[str]) -> str | None:
    """The narrative's statement that there is none of the fund a table is about."""
    words = wording().fund_words.get(kind)
    stem = wording().fund_stems.get(kind)
    patterns = []
    if words:
        patterns.append(rf"[^。]{{0,30}}无{words}[^。]{{0,20}}。?")
    if stem:
        patterns.append(rf"{stem}[^；。，,]{{0,10}}支出[^；。，,]{{0,6}}为0(?![.\d])")
    for text in paragraphs:
        for pattern in patterns:
            match = re.search(pattern, text)
            if match:
                return match.group(0)
    return None


def statement_in_place_of(typed: TypedTable, paragraphs: list[str]) -> str | None:
    """The statement standing in place of a table no row of which could be read: under the table,
    or in the narrative section about the same fund (无政府性基金预算安排的支出)."""
    for text in _printed_notes(typed):
        if any(word in _without_place_names(text) for word in wording().empty_words):
            return compact(text)
    return _fund_statement(typed.kind, paragraphs)


def note_under(typed: TypedTable) -> str | None:
    """The note printed with a table whose rows were read, when it says the whole table is empty
    (本表为空表, 本表无数据) or that there is none of the fund the table is about."""
    fund_words = wording().fund_words.get(typed.kind) if typed.kind in wording().whole_table_funds else None
    for text in map(compact, _printed_notes(typed)):
        if any(word in text for word in wording().table_empty_words):
            return text
        if fund_words and re.search(rf"(?:无|没有)(?:使用)?{fund_words}", text):
            return text
    return None
