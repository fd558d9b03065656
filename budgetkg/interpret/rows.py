"""Small helpers shared by the table interpreters: codes, names, amounts, header text."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.layout import Row
from budgetkg.numbers import NumberFormatError, parse_amount, to_wanyuan
from budgetkg.recognise import TypedTable, compact

FUNCTION_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
BRACKETED = re.compile(r"^[\[【(（]\s*([0-9A-Z]+)\s*[\]】)）]\s*(.*)$", re.S)
_CHINESE_DIGITS = "一二三四五六七八九十廿"
# Numbering of a label by depth: 一、 (1), （一） (2, also after a stray footnote digit: 1（一）),
# 1. / 1、 (3, not the start of a decimal number).
_NUMBERING_BY_DEPTH = (
    re.compile(rf"^[{_CHINESE_DIGITS}]+、"),
    re.compile(rf"^\d?[（(][{_CHINESE_DIGITS}]+[）)]"),
    re.compile(r"^\d{1,2}[.．、](?!\d)"),
)
TOTAL_WORDS = ("合计", "总计", "会计")


def clean_name(text: str) -> str:
    """A printed name without line-wrap artefacts (all white space removed)."""
    return compact(text)


def strip_numbering(text: str) -> str:
    """A label without its leading 一、 / （一） / 1. numbering."""
    return numbered(text)[1]


def numbered(text: str) -> tuple[int, str]:
    """The depth of a label's numbering (1 for 一、, 2 for （一）, 3 for 1., 0 for none) and the
    label without it."""
    label = compact(text)
    for depth, pattern in enumerate(_NUMBERING_BY_DEPTH, start=1):
        match = pattern.match(label)
        if match:
            return depth, label[match.end() :]
    return 0, label


def code_level(code: str) -> int:
    """1 for 类 (3 digits), 2 for 款 (5), 3 for 项 (7)."""
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def split_bracketed(text: str) -> tuple[str | None, str]:
    """``[C23090199]其他印刷服务`` -> (``C23090199``, ``其他印刷服务``)."""
    match = BRACKETED.match(text.strip())
    if not match:
        return None, clean_name(text)
    return match.group(1), clean_name(match.group(2))


def header_text(table: TypedTable, data_start: int) -> str:
    """All header cells above the first data row, compacted."""
    return compact("".join(row.text() for row in table.rows[:data_start]))


def amount_in_wanyuan(text: str, unit: str) -> Decimal | None:
    """Parse an amount cell and normalise it to 万元; blank gives ``None``."""
    value = parse_amount(text)
    if value is None:
        return None
    return to_wanyuan(value, unit)


def optional_amount(text: str, unit: str) -> Decimal | None:
    """Like :func:`amount_in_wanyuan`, but a cell holding words (a header label that reached an
    amount column) gives ``None`` instead of an error."""
    return amount_in_wanyuan(text, unit) if is_amount_cell(text) else None


def is_amount_cell(text: str) -> bool:
    """True for a printed number (blank is not a number)."""
    try:
        return parse_amount(text) is not None
    except NumberFormatError:
        return False


def drop_sequence_column(row: Row, has_sequence: bool) -> list[str]:
    """Row cells without the leading 序号 column of templates that print one."""
    return row.cells[1:] if has_sequence else list(row.cells)


def cell(cells: list[str], index: int) -> str:
    """The cell at ``index``, or an empty string past the end of a short row."""
    return cells[index] if 0 <= index < len(cells) else ""


def is_column_numbering(cells: list[str]) -> bool:
    """The row of column numbers (1 | 2 | 3 …, after a 栏次 or ** label) printed under some
    headers: its numbers are no amounts."""
    numbers = [compact(text) for text in cells if compact(text).isdigit()]
    others = [compact(text) for text in cells if compact(text) and not compact(text).isdigit()]
    return (
        len(numbers) >= 3
        and numbers == [str(number) for number in range(int(numbers[0]), int(numbers[0]) + len(numbers))]
        and all(not is_amount_cell(text) for text in others)
    )
