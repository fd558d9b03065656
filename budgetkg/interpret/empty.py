"""Statements that a table is empty or that there is no such expenditure (注：本表为空表)."""

from __future__ import annotations

import re
from functools import cache

from budgetkg.recognise import TypedTable, compact
from budgetkg.regions import regions

_EMPTY_WORDS = ("无", "空表", "没有", "不涉及")
_TABLE_EMPTY_WORDS = ("空表", "本表无")
_FUND_WORDS = {
    "government-fund": "政府性基金预算",
    "state-capital": "国有资本经营预算",
    "service-purchase": "政府购买服务",
    "procurement": "政府采购",
    "three-public": "“三公”经费",
}
# A three-public table also prints running costs, which "no three public expenses" leaves out.
_WHOLE_TABLE_FUNDS = ("government-fund", "state-capital", "service-purchase", "procurement")
_NOTE_LENGTH = 80
_PLACE_SUFFIX = re.compile(r"(?:自治县|自治州|自治区|市|县|区|旗)$")


@cache
def _place_names_with_empty_words() -> tuple[str, ...]:
    """Region names (and their stems without 市/县/区) in which an empty word is part of the name,
    such as 无锡市, longest first: a page header naming the publisher is not a note about nothing."""
    names: set[str] = set()
    for region in regions().values():
        if any(word in region.name for word in _EMPTY_WORDS):
            names.add(region.name)
            stem = _PLACE_SUFFIX.sub("", region.name)
            if len(stem) >= 2:
                names.add(stem)
    return tuple(sorted(names, key=len, reverse=True))


def _without_place_names(text: str) -> str:
    for name in _place_names_with_empty_words():
        text = text.replace(name, "")
    return text


def _printed_notes(typed: TypedTable) -> list[str]:
    """Short texts printed under the table or in its last two rows, where a note stands."""
    texts = [paragraph.text for paragraph in typed.table.trailing]
    texts.extend(cell for row in typed.rows[-2:] for cell in row.cells if cell)
    return [text for text in texts if len(text) < _NOTE_LENGTH]


def statement_in_place_of(typed: TypedTable, paragraphs: list[str]) -> str | None:
    """The statement standing in place of a table no row of which could be read: under the table,
    or in the narrative section about the same fund (无政府性基金预算安排的支出)."""
    for text in _printed_notes(typed):
        if any(word in _without_place_names(text) for word in _EMPTY_WORDS):
            return compact(text)
    fund_words = _FUND_WORDS.get(typed.kind)
    if fund_words:
        for text in paragraphs:
            match = re.search(rf"[^。]{{0,30}}无{fund_words}[^。]{{0,20}}。?", text)
            if match:
                return match.group(0)
    return None


def note_under(typed: TypedTable) -> str | None:
    """The note printed with a table whose rows were read, when it says the whole table is empty
    (本表为空表, 本表无数据) or that there is none of the fund the table is about."""
    fund_words = _FUND_WORDS.get(typed.kind) if typed.kind in _WHOLE_TABLE_FUNDS else None
    for text in map(compact, _printed_notes(typed)):
        if any(word in text for word in _TABLE_EMPTY_WORDS):
            return text
        if fund_words and re.search(rf"(?:无|没有)(?:使用)?{fund_words}", text):
            return text
    return None
