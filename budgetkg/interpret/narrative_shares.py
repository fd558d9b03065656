"""Shares the narrative states (基本支出 11,056.07 万元，占 21.84%), each with the whole it is a share of.

The whole is named (占政府采购支出总额的 79.02%) or left to the list the share stands in (支出包括：
一般公共服务支出 15,291.3 万元，占 81.65%；教育支出 …). A named whole is the nearest earlier
amount stated under that name, or else the table total the name stands for (``[share.table_wholes]``
of ``extract/narrative.toml``). The whole of a list is the nearest amount stated before the list
that is no smaller than the parts of the list together.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from budgetkg.interpret.narrative_rules import NUMBER
from budgetkg.interpret.narrative_text import NarrativeText
from budgetkg.model import NarrativeStatement
from budgetkg.numbers import parse_amount
from budgetkg.paths import EXTRACT_DIR

TOPIC = "share"
_WHOLE_NUMBER = r"(?<![\d,.])" + NUMBER
"""An amount that starts where its digits start, not inside 16,474.82."""
_ANY_AMOUNT = re.compile(_WHOLE_NUMBER + "万元")


@dataclass(frozen=True)
class ShareWording:
    """How shares are worded: the pattern of one share and how far its list and whole reach."""

    pattern: re.Pattern[str]
    table_wholes: dict[str, str]
    list_gap: int
    whole_window: int
    sentence_end: str


@dataclass(frozen=True)
class _Share:
    match: re.Match[str]
    part: Decimal
    percent: Decimal
    whole_name: str | None


@cache
def share_wording() -> ShareWording:
    """The ``[share]`` section of ``extract/narrative.toml``."""
    with (EXTRACT_DIR / "narrative.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)["share"]
    opener = re.escape(data["opener"])
    end = re.escape(data["named_whole_end"])
    unnamed = "|".join(re.escape(word) for word in sorted(data["unnamed_words"], key=len, reverse=True))
    pattern = (
        _WHOLE_NUMBER
        + r"万元[，,]?"
        + opener
        + f"(?:(?P<whole>[^，,。；;：:%\\d]{{2,24}}?){end}|(?:{unnamed})?)"
        + r"(?P<percent>\d+(?:\.\d+)?)%"
    )
    return ShareWording(
        re.compile(pattern),
        dict(data["table_wholes"]),
        data["list_gap"],
        data["whole_window"],
        data["sentence_end"],
    )


def read_shares(narrative: NarrativeText) -> list[NarrativeStatement]:
    """Every share of the narrative, with its whole where it can be found."""
    wording = share_wording()
    shares = [_share(match) for match in wording.pattern.finditer(narrative.text)]
    statements: list[NarrativeStatement] = []
    for group in _lists(narrative.text, shares, wording.list_gap, wording.sentence_end):
        unnamed = [share for share in group if share.whole_name is None]
        list_whole = _list_whole(narrative.text, unnamed, wording.whole_window) if unnamed else None
        for share in group:
            whole, topic = list_whole, None
            if share.whole_name is not None:
                whole = _named_whole(narrative.text, share, wording.whole_window)
                topic = None if whole is not None else wording.table_wholes.get(share.whole_name)
            statements.append(_statement(share, whole, topic, narrative))
    return statements


def _amount(match: re.Match[str]) -> Decimal:
    """The amount a match of ``NUMBER`` read (its digits always make one)."""
    amount = parse_amount(match.group("amount"))
    assert amount is not None
    return amount


def _share(match: re.Match[str]) -> _Share:
    return _Share(match, _amount(match), Decimal(match.group("percent")), match.group("whole"))


def _lists(text: str, shares: list[_Share], gap: int, sentence_end: str) -> list[list[_Share]]:
    """Shares that follow each other closely within one sentence, as one list of parts."""
    groups: list[list[_Share]] = []
    for share in shares:
        between = text[groups[-1][-1].match.end() : share.match.start()] if groups else ""
        if groups and len(between) <= gap and sentence_end not in between:
            groups[-1].append(share)
        else:
            groups.append([share])
    return groups


def _list_whole(text: str, parts: list[_Share], window: int) -> Decimal | None:
    """The whole of a list: the nearest earlier amount that holds all its parts (one cent of slack
    per part) and of which most of the list's shares are right; for a share alone, the nearest
    amount that holds it."""
    first = parts[0].match.start()
    needed = sum((share.part for share in parts), Decimal(0)) - Decimal("0.01") * len(parts)
    largest = max(share.part for share in parts)
    before = [_amount(found) for found in _ANY_AMOUNT.finditer(text, max(0, first - window), first)]
    candidates = [
        amount for amount in reversed(before) if amount >= needed and amount >= largest and amount > 0
    ]
    for whole in candidates:
        if 2 * sum(1 for share in parts if _agrees(share, whole)) > len(parts):
            return whole
    return candidates[0] if len(parts) == 1 and candidates else None


def _agrees(share: _Share, whole: Decimal) -> bool:
    """True when the share is the part's share of the whole, to one unit of its last printed digit."""
    printed = share.match.group("percent")
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(share.part * 100 / whole - share.percent) <= Decimal(1).scaleb(-decimals)


def _named_whole(text: str, share: _Share, window: int) -> Decimal | None:
    """The nearest earlier amount stated right after the whole's name."""
    assert share.whole_name is not None
    named = re.compile(re.escape(share.whole_name) + r"[为是共计达]{0,2}" + NUMBER + "万元")
    start = share.match.start()
    found = list(named.finditer(text, max(0, start - window), start))
    return _amount(found[-1]) if found else None


def _statement(
    share: _Share, whole: Decimal | None, topic: str | None, narrative: NarrativeText
) -> NarrativeStatement:
    return NarrativeStatement(
        topic=TOPIC,
        amount=share.part,
        quantity=None,
        quantity_unit=None,
        change_amount=None,
        change_percent=None,
        text=share.match.group(0),
        source=narrative.source_at(share.match.start()),
        share_percent=share.percent,
        share_whole=whole,
        share_whole_topic=topic,
    )
