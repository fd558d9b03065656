"""Rows of code tables in the shapes templates print them.

* one code cell: ``2013602 | 一般行政管理事务 | amounts …`` (Hubei, Hebei after its 序号 column);
* a code split over 类 / 款 / 项 columns: ``201 | 05 | 07 | 专项普查活动 | amounts …`` (Shanghai);
* two column groups side by side, each ``类 | 款 | name | amount`` (Shanghai final accounts'
  economic table): the left group is read top to bottom, then the right one;
* codes joined to their names, one cell per classification: ``2010601-行政运行 | 50101-工资奖金津补贴
  | 30101-基本工资 | amounts …`` (Beijing; :mod:`budgetkg.interpret.joined_codes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from budgetkg.interpret.joined_codes import joined_cells, joined_code_and_name, split_joined
from budgetkg.interpret.rows import FUNCTION_CODE, TOTAL_WORDS, cell, clean_name, is_amount_cell
from budgetkg.layout import Row

_CODE_PART = re.compile(r"^\d{1,3}$")
_PART_LABELS = ("类", "款", "项")


@dataclass(frozen=True)
class CodeLayout:
    """How the code of a row is printed."""

    sequence: bool
    parts: int
    groups: int
    joined: int = 0
    """Cells holding a code joined to its name (``2010601-行政运行``), one per classification."""

    @property
    def width(self) -> int:
        """Cells before the amounts (after any 序号): the code cells and the name."""
        return self.joined or self.parts + 1


@dataclass(frozen=True)
class CodedRow:
    """One printed line of a code table: code ('' for a total), name and amount cells."""

    offset: int
    row: Row
    code: str
    name: str
    amounts: list[str]
    group_label: str = ""
    """For tables of column groups: the label that closes the group (人员经费合计 …)."""
    group: int = 0

    @property
    def is_total(self) -> bool:
        """The 合计 line (or an unlabelled line of amounts above the coded lines)."""
        return not self.code and (self.name in TOTAL_WORDS or not self.name)


def first_data_row(rows: list[Row]) -> int:
    """Index of the first row holding a code or a total followed by amounts."""
    for index, row in enumerate(rows):
        if not any(is_amount_cell(text) for text in row.cells[2:]):
            continue
        for text in row.cells[:4]:
            name = clean_name(text)
            if FUNCTION_CODE.match(name) or name in TOTAL_WORDS or split_joined(name):
                return index
    return len(rows)


def detect_layout(rows: list[Row], start: int) -> CodeLayout:
    """Read the header rows (and the first data rows) to see how codes are printed."""
    header_cells = [clean_name(text) for row in rows[: start + 1] for text in row.cells]
    sequence = "序号" in header_cells
    joined = joined_cells(rows[start].cells[1 if sequence else 0 :]) if start < len(rows) else 0
    if joined:
        return CodeLayout(sequence, 1, 1, joined)
    parts = sum(1 for label in _PART_LABELS if label in header_cells)
    split = parts >= 2 or any(
        _is_split_code(row.cells[1 if sequence else 0 :]) for row in rows[start : start + 6]
    )
    if not split:
        return CodeLayout(sequence, 1, 1)
    parts = max(parts, 2)
    groups = 2 if header_cells.count("类") >= 2 else 1
    return CodeLayout(sequence, parts, groups)


def _is_split_code(cells: list[str]) -> bool:
    first, second = clean_name(cell(cells, 0)), clean_name(cell(cells, 1))
    return len(first) == 3 and first.isdigit() and len(second) == 2 and second.isdigit()


def coded_rows(
    rows: list[Row], start: int, layout: CodeLayout, amount_columns: int, classification: str = "function"
) -> Iterator[CodedRow]:
    """The code and total lines from ``start`` on, in reading order (rows of joined codes are read
    under ``classification``)."""
    group_width = layout.width + amount_columns
    for group in range(layout.groups):
        label = _group_label(rows[start:], layout, group, group_width) if layout.groups > 1 else ""
        class_code = ""
        for offset, row in enumerate(rows[start:], start=start + 1):
            cells = row.cells[1:] if layout.sequence else list(row.cells)
            if layout.groups > 1:
                cells = cells[group * group_width : (group + 1) * group_width]
            if layout.joined:
                parsed = joined_code_and_name(cells[: layout.joined], classification)
            else:
                parsed = _code_and_name(cells, layout.parts, class_code)
            if parsed is None:
                continue
            code, name = parsed
            class_code = code[:3] if code else class_code
            amounts = cells[layout.width : layout.width + amount_columns]
            line = CodedRow(offset, row, code, name, amounts, label, group)
            if code or (line.is_total and any(is_amount_cell(text) for text in amounts)):
                yield line


def _group_label(rows: list[Row], layout: CodeLayout, group: int, group_width: int) -> str:
    """The 人员经费合计 / 公用经费合计 label printed in a column group, if any."""
    for row in rows:
        cells = row.cells[1:] if layout.sequence else row.cells
        for text in cells[group * group_width : (group + 1) * group_width]:
            label = clean_name(text)
            if "人员经费" in label or "公用经费" in label:
                return label
    return ""


def _code_and_name(cells: list[str], parts: int, class_code: str = "") -> tuple[str, str] | None:
    """The code ('' for a total line) and name of a row, or None when the row is neither.

    A 款 printed without its 类 (`` | 40 | | 信访事务``) belongs to ``class_code``, the 类 of the
    coded row above it."""
    code_cells = [clean_name(text) for text in cells[:parts]]
    if parts > 1 and class_code and not code_cells[0] and _CODE_PART.match(code_cells[1]):
        code_cells[0] = class_code
    name = clean_name(cell(cells, parts))
    total = next((part for part in code_cells if part in TOTAL_WORDS), None)
    if total is not None:
        return "", total
    if parts == 1:
        code = code_cells[0] if code_cells else ""
        return (code, name) if not code or FUNCTION_CODE.match(code) else None
    if all(not part or part in _PART_LABELS for part in code_cells):
        return "", name
    if all(not part or _CODE_PART.match(part) for part in code_cells) and len(code_cells[0]) == 3:
        # A 款 or 项 printed with one digit (301 | 2) is the two-digit part 02.
        return code_cells[0] + "".join(part.zfill(2) for part in code_cells[1:] if part), name
    return None
