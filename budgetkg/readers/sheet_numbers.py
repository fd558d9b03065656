"""Numbers stored in worksheet cells that are no amount a budget can hold.

A cell may store ``NaN``, ``inf``, a number of thousands of digits or one near the largest float.
None of them is an amount: such a cell is read as its stored text with the reason it is not read as
a number and where it is (sheet and cell), which is not an amount either, so interpreting the table
records it as an ``extract.cell-unreadable`` finding and reads the rest.  The largest magnitude read
is ``[sheets] number_magnitude`` of ``extract/limits.toml``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from budgetkg.readers.limits import LIMITS_FILE, reader_limits

_SHOWN_DIGITS = 24
"""A stored text longer than this is shortened when shown."""


class UnreadableNumber(str):
    """A cell's stored number that is not read as a number: its text as stored, and why."""

    reason: str

    def __new__(cls, stored: str, reason: str) -> UnreadableNumber:
        made = super().__new__(cls, stored)
        made.reason = reason
        return made


def cast_number(stored: str) -> int | float | UnreadableNumber:
    """A cell's stored number as an ``int`` or ``float`` (as openpyxl casts it), or an
    :class:`UnreadableNumber` when it is not finite, not a number or beyond the limit."""
    text = stored.strip()
    try:
        exact = Decimal(text)
    except InvalidOperation:
        return UnreadableNumber(stored, "not a number")
    if not exact.is_finite():
        return UnreadableNumber(stored, "not a finite number")
    limit = reader_limits().sheet_number_magnitude
    if abs(exact) > limit:
        return UnreadableNumber(stored, f"beyond {limit:.0e} in magnitude ({LIMITS_FILE.name})")
    if "." in text or "e" in text.lower():
        return float(text)
    return int(text)


def unreadable_text(value: UnreadableNumber, sheet: str, cell: str) -> str:
    """What a cell holding ``value`` reads as: its stored text (shortened), why it is no number,
    and where it is."""
    stored = value if len(value) <= _SHOWN_DIGITS else f"{value[:_SHOWN_DIGITS]}…({len(value)} characters)"
    return f"{stored} [not read: {value.reason}; sheet {sheet}, cell {cell}]"
