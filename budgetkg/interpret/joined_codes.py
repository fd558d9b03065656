"""Codes printed joined to their names in one cell (``2010601-行政运行``), one cell per
classification scheme, as in the Beijing tables (支出功能分类科目 | 政府支出经济分类科目 |
部门支出经济分类科目)."""

from __future__ import annotations

import re
import tomllib
from functools import cache

from budgetkg.interpret.rows import TOTAL_WORDS, clean_name
from budgetkg.paths import EXTRACT_DIR

_JOINED = re.compile(r"^(\d{3}(?:\d{2}){0,2})[-－—–](\S.*)$")


@cache
def _schemes() -> dict[str, str]:
    """Classification → the first digit of its codes (``extract/columns.toml``)."""
    with (EXTRACT_DIR / "columns.toml").open("rb") as handle:
        schemes: dict[str, str] = tomllib.load(handle)["joined_codes"]
        return schemes


def split_joined(text: str) -> tuple[str, str] | None:
    """``2010601-行政运行`` → (``2010601``, ``行政运行``); ``None`` for any other cell."""
    match = _JOINED.match(clean_name(text))
    return (match.group(1), match.group(2)) if match else None


def joined_cells(cells: list[str]) -> int:
    """How many cells at the start of a row hold a joined code and name."""
    count = 0
    while count < len(cells) and split_joined(cells[count]) is not None:
        count += 1
    return count


def joined_code_and_name(cells: list[str], classification: str) -> tuple[str, str] | None:
    """The code ('' for a total line) and name of a row read under ``classification``, or ``None``
    when the row holds no code of it or also holds a code of another classification."""
    names = [clean_name(text) for text in cells]
    total = next((name for name in names if name in TOTAL_WORDS), None)
    if total is not None:
        return "", total
    schemes = _schemes()
    own: tuple[str, str] | None = None
    for text in cells:
        parsed = split_joined(text)
        if parsed is None:
            continue
        scheme = next((name for name, digit in schemes.items() if parsed[0].startswith(digit)), None)
        if scheme == classification and own is None:
            own = parsed
        elif scheme is not None and scheme != classification:
            return None
    return own
