"""Rows of code tables in the shapes templates print them.

* one code cell: ``2013602 | 一般行政管理事务 | amounts …`` (Hubei, Hebei after its 序号 column,
  Shenzhen after its 预算单位 column);
* code and name in one cell: ``[2010501]行政运行 | amounts …`` (Guangzhou);
* a code split over 类 / 款 / 项 columns: ``201 | 05 | 07 | 专项普查活动 | amounts …`` (Shanghai);
* two column groups side by side, each ``类 | 款 | name | amount`` (Shanghai final accounts'
  economic table): the left group is read top to bottom, then the right one;
* no code at all, only names indented by level: ``  行政运行 | amounts …`` (Hangzhou). Such a
  line keeps its name, its level (read from the indentation) and the names of its parents.
* codes joined to their names, one cell per classification: ``2010601-行政运行 | 50101-工资奖金津补贴
  | 30101-基本工资 | amounts …`` (Beijing; :mod:`budgetkg.interpret.joined_codes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from budgetkg.interpret.joined_codes import joined_cells, joined_code_and_name, split_joined
from budgetkg.interpret.rows import (
    FUNCTION_CODE,
    TOTAL_WORDS,
    cell,
    clean_name,
    is_amount_cell,
    split_bracketed,
)
from budgetkg.layout import Row
from budgetkg.recognise import leading_unit_headers, unit_code_headers

_CODE_PART = re.compile(r"^\d{1,3}$")
_PART_LABELS = ("类", "款", "项")


@dataclass(frozen=True)
class CodeLayout:
    """How the code of a row is printed."""

    sequence: bool
    parts: int
    """Cells the code is printed in: 1 (one code cell), 2 or 3 (类 / 款 / 项), 0 (names only)."""
    groups: int
    bracketed: bool = False
    """Code and name printed in one cell: ``[2010501]行政运行``."""
    unit_column: bool = False
    """A first column naming the unit (预算单位), blank on the coded rows."""
    joined: int = 0
    """Cells holding a code joined to its name (``2010601-行政运行``), one per classification."""
    unit_codes: bool = False
    """The code column holds the codes of departments and units (部门代码 024, 024001), not of a
    classification."""

    @property
    def width(self) -> int:
        """Cells before the amounts, after the leading column: the code cells and the name."""
        if self.joined:
            return self.joined
        return self.parts if self.bracketed else self.parts + 1

    @property
    def lead(self) -> int:
        """Leading cells passed over: a 序号 or 预算单位 column."""
        return 1 if self.sequence or self.unit_column else 0


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
    named_only: bool = False
    """A classified line printed with its name only (no code column in the table)."""
    level: int | None = None
    """For a line named only: 1 for 类, 2 for 款, 3 for 项, from its indentation, when known."""
    parents: tuple[str, ...] = ()
    """For a line named only: the names of the lines it belongs to, 类 first."""

    @property
    def is_total(self) -> bool:
        """The 合计 line (or an unlabelled line of amounts above the coded lines)."""
        return not self.code and not self.named_only and (self.name in TOTAL_WORDS or not self.name)


def first_data_row(rows: list[Row]) -> int:
    """Index of the first row holding a code or a total followed by amounts."""
    for index, row in enumerate(rows):
        if _joined_code_or_total(cell(row.cells, 0)) and any(is_amount_cell(t) for t in row.cells[1:]):
            return index
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
        return CodeLayout(sequence, 1, 1, joined=joined)
    if _names_only(rows[start:], sequence):
        return CodeLayout(sequence, 0, 1)
    unit_column = not sequence and any(
        row.cells and clean_name(row.cells[0]) in leading_unit_headers() for row in rows[:start]
    )
    lead = 1 if sequence or unit_column else 0
    parts = sum(1 for label in _PART_LABELS if label in header_cells)
    if any(_bracketed_code(cell(row.cells, lead)) for row in rows[start : start + 6]):
        return CodeLayout(sequence, 1, 1, bracketed=True, unit_column=unit_column)
    split = parts >= 2 or any(_is_split_code(row.cells[lead:]) for row in rows[start : start + 6])
    groups = 2 if header_cells.count("类") >= 2 or _name_header_repeats(rows[:start]) else 1
    if not split:
        unit_codes = any(clean_name(cell(row.cells, lead)) in unit_code_headers() for row in rows[:start])
        return CodeLayout(sequence, 1, groups, unit_column=unit_column, unit_codes=unit_codes)
    parts = max(parts, 2)
    return CodeLayout(sequence, parts, groups, unit_column=unit_column)


def _name_header_repeats(header_rows: list[Row]) -> bool:
    """True when a header row prints its 科目名称 twice, apart: two column groups side by side
    (人员经费 | 公用经费).  A merged cell repeated over neighbouring columns counts once."""
    for row in header_rows:
        runs = [
            text
            for index, text in enumerate(map(clean_name, row.cells))
            if text.endswith("科目名称") and (index == 0 or clean_name(row.cells[index - 1]) != text)
        ]
        if len(runs) >= 2:
            return True
    return False


def include_unit_row(rows: list[Row], start: int, layout: CodeLayout) -> int:
    """``start``, or the row above it when that row names the unit in its first column and has
    amounts but no code or name: the department's own row, which is the table's total."""
    if not layout.unit_column or start == 0:
        return start
    cells = rows[start - 1].cells
    blank = all(not clean_name(text) for text in cells[1 : 1 + layout.width])
    amounts = any(is_amount_cell(text) for text in cells[1 + layout.width :])
    return start - 1 if clean_name(cell(cells, 0)) and blank and amounts else start


def _bracketed_code(text: str) -> str | None:
    """The code of a ``[2010501]行政运行`` cell."""
    code, _ = split_bracketed(text)
    return code if code and FUNCTION_CODE.match(code) else None


def _joined_code_or_total(text: str) -> str | None:
    """The code of a ``[2010501]行政运行`` cell, or the total word of a 合计 cell."""
    name = clean_name(text)
    return name if name in TOTAL_WORDS else _bracketed_code(text)


def _names_only(rows: list[Row], sequence: bool) -> bool:
    """True when no line prints a code: each line of amounts starts with a name, and the amounts
    follow it at once (in a table of codes, a name or a blank name cell comes first)."""
    lines = [row.cells[1:] if sequence else row.cells for row in rows]
    lines = [cells for cells in lines if any(is_amount_cell(text) for text in cells)]
    return bool(lines) and all(
        len(cells) > 1
        and clean_name(cells[0])
        and not is_amount_cell(cells[0])
        and _bracketed_code(cells[0]) is None
        and not any(FUNCTION_CODE.match(clean_name(text)) for text in cells[:2])
        and (is_amount_cell(cells[1]) or not clean_name(cells[1]))
        for cells in lines
    )


def _is_split_code(cells: list[str]) -> bool:
    first, second = clean_name(cell(cells, 0)), clean_name(cell(cells, 1))
    return len(first) == 3 and first.isdigit() and len(second) == 2 and second.isdigit()


def coded_rows(
    rows: list[Row], start: int, layout: CodeLayout, amount_columns: int, classification: str = "function"
) -> Iterator[CodedRow]:
    """The code and total lines from ``start`` on, in reading order (rows of joined codes are read
    under ``classification``)."""
    if layout.parts == 0:
        yield from _named_rows(rows, start, layout, amount_columns)
        return
    group_width = layout.width + amount_columns
    for group in range(layout.groups):
        label = _group_label(rows[start:], layout, group, group_width) if layout.groups > 1 else ""
        class_code = ""
        for offset, row in enumerate(rows[start:], start=start + 1):
            cells = list(row.cells[layout.lead :])
            if layout.groups > 1:
                cells = cells[group * group_width : (group + 1) * group_width]
            if layout.joined:
                parsed = joined_code_and_name(cells[: layout.joined], classification)
            elif layout.bracketed:
                parsed = _bracketed_code_and_name(cell(cells, 0))
            else:
                parsed = _code_and_name(cells, layout.parts, class_code, layout.unit_codes)
            if parsed is None:
                continue
            code, name = parsed
            class_code = code[:3] if code else class_code
            amounts = cells[layout.width : layout.width + amount_columns]
            line = CodedRow(offset, row, code, name, amounts, label, group)
            if code or (line.is_total and any(is_amount_cell(text) for text in amounts)):
                yield line


def _named_rows(rows: list[Row], start: int, layout: CodeLayout, amount_columns: int) -> Iterator[CodedRow]:
    """The lines of a table printed with names only: the total line and every named line of
    amounts, each with its level and its parents' names where the indentation shows them."""
    lines = [
        (offset, row, cells)
        for offset, row in enumerate(rows[start:], start=start + 1)
        for cells in [row.cells[1:] if layout.sequence else list(row.cells)]
        if clean_name(cell(cells, 0)) and any(is_amount_cell(text) for text in cells[1 : 1 + amount_columns])
    ]
    first = 1 if layout.sequence else 0
    levels = indent_levels(
        [row.indents[first] if row.indents and len(row.indents) > first else None for _, row, _ in lines]
    )
    path: list[str] = []
    for (offset, row, cells), level in zip(lines, levels, strict=True):
        name = clean_name(cells[0])
        amounts = cells[1 : 1 + amount_columns]
        if name in TOTAL_WORDS:
            yield CodedRow(offset, row, "", name, amounts)
            continue
        if level is not None:
            path = [*path[: level - 1], name]
        parents = tuple(path[:-1]) if level is not None else ()
        yield CodedRow(offset, row, "", name, amounts, named_only=True, level=level, parents=parents)


_INDENT_STEP = 3.0
"""Points of indentation that make a new level; less is the same level printed unevenly."""
_MAX_LEVEL = 3


def indent_levels(indents: list[float | None]) -> list[int | None]:
    """The level of each indentation (1 for the least indented), or None for all when some
    indentation is unknown or the indents make more levels than a classification has."""
    if not indents or any(indent is None for indent in indents):
        return [None] * len(indents)
    steps: list[float] = []
    for indent in sorted(indent for indent in indents if indent is not None):
        if not steps or indent - steps[-1] > _INDENT_STEP:
            steps.append(indent)
    if len(steps) > _MAX_LEVEL:
        return [None] * len(indents)
    return [
        max(number for number, step in enumerate(steps, start=1) if indent >= step - _INDENT_STEP)
        if indent is not None
        else None
        for indent in indents
    ]


def _group_label(rows: list[Row], layout: CodeLayout, group: int, group_width: int) -> str:
    """The 人员经费合计 / 公用经费合计 label printed in a column group, if any."""
    for row in rows:
        cells = row.cells[layout.lead :]
        for text in cells[group * group_width : (group + 1) * group_width]:
            label = clean_name(text)
            if "人员经费" in label or "公用经费" in label:
                return label
    return ""


def _bracketed_code_and_name(text: str) -> tuple[str, str] | None:
    """Code and name of a ``[2010501]行政运行`` cell ('' for a 合计 cell), or None."""
    found = _joined_code_or_total(text)
    if found is None:
        return None
    if found in TOTAL_WORDS:
        return "", found
    return found, split_bracketed(text)[1]


def _code_and_name(
    cells: list[str], parts: int, class_code: str = "", unit_codes: bool = False
) -> tuple[str, str] | None:
    """The code ('' for a total line) and name of a row, or None when the row is neither.

    A 款 printed without its 类 (`` | 40 | | 信访事务``) belongs to ``class_code``, the 类 of the
    coded row above it.  With ``unit_codes`` the code is a unit's, of any number of digits."""
    code_cells = [clean_name(text) for text in cells[:parts]]
    if parts > 1 and class_code and not code_cells[0] and _CODE_PART.match(code_cells[1]):
        code_cells[0] = class_code
    name = clean_name(cell(cells, parts))
    total = next((part for part in code_cells if part in TOTAL_WORDS), None)
    if total is not None:
        return "", total
    if parts == 1:
        code = code_cells[0] if code_cells else ""
        valid = code.isdigit() if unit_codes else bool(FUNCTION_CODE.match(code))
        return (code, name) if not code or valid else None
    if all(not part or part in _PART_LABELS for part in code_cells):
        return "", name
    if all(not part or _CODE_PART.match(part) for part in code_cells) and len(code_cells[0]) == 3:
        # A 款 or 项 printed with one digit (301 | 2) is the two-digit part 02.
        return code_cells[0] + "".join(part.zfill(2) for part in code_cells[1:] if part), name
    return None
