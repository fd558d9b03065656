"""The evidence of a rule's message written the same way by every engine.

A rule states the figures it computed from at the end of its message (``; from …``). Where it
lists figures with GROUP_CONCAT, whose order SPARQL leaves open, it marks each listed item as
``⟦item⟧`` and joins the items with one separator (`` + `` for the parts of a sum, ``, `` for an
enumeration); a row that adds nothing to the list gives the empty item ``⟦⟧`` (GROUP_CONCAT must
not meet an unbound value: engines write it differently). :func:`canonical_message` writes every
such list with its items sorted, the empty ones and the marks dropped (``none`` when no item is
left) and, past :data:`LIST_LENGTH` characters, cut short with ``…``, and every decimal without
trailing zeros, so that the message does not depend on the engine that filled it in.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

LIST_LENGTH = 300
"""The longest list of figures a message keeps, in characters, before it is cut short with ``…``."""

_DECIMAL_TOKEN = re.compile(r"(?<![\w.])(-?\d+\.\d+)(?![\w.])")
_ITEM = r"⟦[^⟦⟧]*⟧"
_LIST = re.compile(_ITEM + r"(?:(?P<separator> \+ |, )" + _ITEM + r"(?:(?P=separator)" + _ITEM + r")*)?")
_ITEMS = re.compile(r"⟦([^⟦⟧]*)⟧")
_EVIDENCE_START = re.compile(r"; from |；依据 ")


def canonical_number(text: str) -> str:
    """A decimal written without trailing zeros (``4077.180`` -> ``4077.18``, ``1.00`` -> ``1``),
    so that findings do not depend on how an engine writes computed decimals; other text as is."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def canonical_text(text: str) -> str:
    """The text with every decimal in it written as :func:`canonical_number` writes it."""
    return _DECIMAL_TOKEN.sub(lambda match: canonical_number(match.group(1)), text)


def _sorted_list(match: re.Match[str]) -> str:
    separator = match.group("separator") or ""
    items = sorted(item for item in _ITEMS.findall(match.group(0)) if item)
    if not items:
        return "none"
    kept: list[str] = []
    length = 0
    for item in items:
        length += len(item) + (len(separator) if kept else 0)
        if kept and length > LIST_LENGTH:
            kept.append("…")
            break
        kept.append(item)
    return separator.join(kept)


def canonical_message(text: str) -> str:
    """The message with its decimals canonical and its marked lists sorted, unmarked and capped."""
    return _LIST.sub(_sorted_list, canonical_text(text))


def without_evidence(text: str) -> str:
    """The message up to its evidence (``; from …`` or ``；依据 …``), which may quote either language."""
    return _EVIDENCE_START.split(text, maxsplit=1)[0]
