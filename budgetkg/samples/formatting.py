"""How the documents print numbers, amounts, codes and running lists."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from budgetkg.samples.figures import CENT

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int, *, nian: bool = False) -> str:
    """一 … 九十九; with ``nian``, 21–29 are written 廿一 … 廿九 as the Hubei tables print them."""
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    if tens == 1:
        head = "十"
    elif nian and tens == 2 and ones:
        return "廿" + _DIGITS[ones]
    else:
        head = _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def grouped(value: Decimal) -> str:
    """An amount with thousands separators (``4,696.54``); blank for zero."""
    return f"{value:,.2f}" if value else ""


def plain(value: Decimal) -> str:
    """An amount without separators (``4696.54``); blank for zero."""
    return f"{value:.2f}" if value else ""


def stated(value: Decimal) -> str:
    """An amount as the narrative states it, zero included."""
    return f"{value:.2f}"


def six_places(value: Decimal) -> str:
    """An amount with six decimals, as the Hebei “三公” table prints it; ``0`` for zero."""
    return f"{value:.6f}" if value else "0"


def decimal_text(value: Decimal) -> str:
    """An amount as a plain decimal string for the expected rows; empty for zero."""
    return cents(value) if value else ""


def cents(value: Decimal) -> str:
    """An amount as a plain decimal string with two places, zero included."""
    return format(value.quantize(CENT), "f")


def percent(part: Decimal, whole: Decimal) -> str:
    """A share in per cent with two decimals."""
    return f"{(part * 100 / whole).quantize(CENT)}%" if whole else "0%"


def wrap_name(name: str) -> str:
    """A long name broken the way narrow PDF columns break it (the break is a space in the dump)."""
    return f"{name[:7]} {name[7:]}" if len(name) > 8 else name


def bracketed(code: str, name: str) -> str:
    """``[code]name``, as the procurement tables print classified items."""
    return f"[{code}]{name}"


def enumeration(items: Iterable[str]) -> list[str]:
    """Items of a list in running text: each ends in a semicolon, the last in a full stop."""
    texts = list(items)
    return [text + ("。" if index == len(texts) - 1 else "；") for index, text in enumerate(texts)]
