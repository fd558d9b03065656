"""Exact reading of the numbers printed in budget documents.

Amounts are read as :class:`decimal.Decimal`, never as floats.  Printed forms seen in real
disclosures include ``89, 052.55``, ``4,696.54``, ``1.6万元``, ``-100%``, ``≥90%``,
``≤15个工作日`` and ``97%-100%``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SEPARATORS = re.compile(r"[,，\s]")
_PLAIN_AMOUNT = re.compile(r"^[-−]?\d+(\.\d+)?$")
_SCALE_TO_WANYUAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "万": Decimal(1), "亿元": Decimal(10000)}

_COMPARATORS = {
    "≥": "≥",
    ">=": "≥",
    "＞=": "≥",
    "≧": "≥",
    "≦": "≤",
    "≤": "≤",
    "<=": "≤",
    "＜=": "≤",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
}
_TARGET = re.compile(
    r"^(?P<cmp>≥|≤|≧|≦|>=|<=|＞=|＜=|>|<|＞|＜|=|＝)?\s*"
    r"(?P<value>[-−]?\d+(?:[.,]\d+)*)\s*"
    r"(?P<unit>[^\d\s\-~～至][^\d\-~～至]*?)?\s*"
    r"(?:(?:-|~|～|至)\s*(?P<upper>\d+(?:\.\d+)?)\s*(?P<unit2>[^\d]*?))?$"
)


class NumberFormatError(ValueError):
    """A cell that should hold an amount holds something else."""


def parse_amount(text: str) -> Decimal | None:
    """Read a printed amount cell; blank cells give ``None``.

    Thousands separators (also with stray spaces, as in ``89, 052.55``) are removed; a unit
    suffix such as ``万元`` or ``万`` is accepted and dropped (the caller knows the table unit).
    """
    cleaned = _SEPARATORS.sub("", text)
    for suffix in ("万元", "万", "元"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    if cleaned in ("", "-", "—", "——", "/"):
        return None
    cleaned = cleaned.replace("−", "-")
    if not _PLAIN_AMOUNT.match(cleaned):
        raise NumberFormatError(f"not an amount: {text!r}")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - guarded by the pattern above
        raise NumberFormatError(f"not an amount: {text!r}") from error


def is_amount(text: str) -> bool:
    """True when ``text`` reads as an amount (blank cells are not amounts)."""
    try:
        return parse_amount(text) is not None
    except NumberFormatError:
        return False


def to_wanyuan(value: Decimal, printed_unit: str) -> Decimal:
    """Normalise an amount printed in ``元``, ``万元`` or ``亿元`` to 万元, exactly."""
    try:
        factor = _SCALE_TO_WANYUAN[printed_unit]
    except KeyError as error:
        raise NumberFormatError(f"unknown amount unit {printed_unit!r}") from error
    return value * factor


def plain_decimal(value: Decimal) -> str:
    """Format a Decimal without exponent and without thousands separators."""
    text = format(value, "f")
    return text


@dataclass(frozen=True)
class Target:
    """A performance target as printed, with its parsed comparator, value and unit."""

    text: str
    comparator: str | None
    value: Decimal | None
    upper: Decimal | None
    unit: str | None


def parse_target(text: str) -> Target:
    """Parse targets such as ``≥90%``, ``≤15个工作日``, ``97%-100%``, ``2次`` or ``提升``.

    Qualitative targets keep only their text.  ``-100%`` is read as printed (value -100).
    """
    printed = text.strip()
    compact = printed.replace(" ", "").replace("％", "%")
    match = _TARGET.match(compact)
    if not match or not compact:
        symbol = next(
            (key for key in sorted(_COMPARATORS, key=len, reverse=True) if compact.startswith(key)), None
        )
        comparator = _COMPARATORS[symbol] if symbol and len(compact) > len(symbol) else None
        return Target(printed, comparator, None, None, None)
    value = Decimal(match.group("value").replace(",", "").replace("−", "-"))
    unit = (match.group("unit") or "").strip() or None
    upper_text = match.group("upper")
    if upper_text is not None:
        unit2 = (match.group("unit2") or "").strip() or None
        return Target(printed, "range", value, Decimal(upper_text), unit or unit2)
    symbol = match.group("cmp")
    comparator = _COMPARATORS[symbol] if symbol else "="
    return Target(printed, comparator, value, None, unit)
