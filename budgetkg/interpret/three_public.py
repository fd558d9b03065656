"""The “三公” table: total, travel abroad, vehicle purchase and operation, reception.

Two printed layouts exist:

* one row of amounts under a multi-row header (Hubei, Shanghai, Jiangsu); the header says which
  column is which, and may add 会议费, 培训费, 机关运行经费, or 预算数 / 决算数 pairs (final
  accounts, where both the budget and the executed amount of each item are printed);
* one line per item with its label (Hebei).
"""

from __future__ import annotations

import re

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.headers import column_paths
from budgetkg.interpret.rows import amount_in_wanyuan, clean_name, is_amount_cell
from budgetkg.interpret.year_columns import other_year_columns
from budgetkg.layout import Row

_SEQUENCE = re.compile(r"^[一二三四五六七八九十]+$")
ITEM_NAMES = {
    "three-public-total": "“三公”经费合计",
    "abroad": "因公出国(境)费",
    "vehicles": "公务用车购置及运行费",
    "vehicle-purchase": "公务用车购置费",
    "vehicle-operation": "公务用车运行费",
    "reception": "公务接待费",
    "meeting": "会议费",
    "training": "培训费",
    "running-costs": "机关运行经费",
    "listed-total": "合计（含会议费、培训费）",
}
# Labels of the one-line-per-item layout, most specific first.
_LABELS = (
    ("公务用车购置费", "vehicle-purchase"),
    ("公务用车运行", "vehicle-operation"),
    ("公务用车购置及运", "vehicles"),
    ("因公出国", "abroad"),
    ("公务接待", "reception"),
    ("合计", "three-public-total"),
)


def item_of(path: list[str], paths: list[list[str]]) -> str | None:
    """The expenditure type a column's header path names, or None for columns to leave alone."""
    labels = [label for label in path if label not in ("预算数", "决算数")]
    if not labels:
        return None
    last = labels[-1]
    parent = labels[-2] if len(labels) > 1 else ""
    for word, item in (
        ("因公出国", "abroad"),
        ("公务接待", "reception"),
        ("会议费", "meeting"),
        ("培训费", "training"),
        ("机关运行经费", "running-costs"),
    ):
        if word in last:
            return item
    if last == "小计":
        if "公务用车" in parent:
            return "vehicles"
        return "three-public-total" if "三公" in parent else None
    if "购置及运" in last:
        return "vehicles"
    if "购置" in last:
        return "vehicle-purchase"
    if "运行" in last or "运维" in last:
        return "vehicle-operation"
    if "三公" in last:
        return "three-public-total"
    if last == "合计":
        if "三公" in parent:
            return "three-public-total"
        grouped = any(other and "三公" in other[0] for other in paths) and "三公" not in "".join(labels)
        return "listed-total" if grouped else "three-public-total"
    return None


def _phase_of(path: list[str]) -> str | None:
    if "预算数" in path:
        return "approved"
    if "决算数" in path:
        return "executed"
    return None


def read_three_public(context: TableContext) -> None:
    """Read the table in either of its two printed layouts."""
    rows = context.typed.rows
    if any(
        any("因公出国" in clean_name(text) for text in row.cells)
        and any(is_amount_cell(t) for t in row.cells)
        for row in rows
    ):
        for offset, row in enumerate(rows, start=1):
            _read_labelled(context, row, offset, list(row.cells))
        return
    data = [
        index
        for index, row in enumerate(rows)
        if row.cells
        and any(is_amount_cell(t) for t in row.cells)
        and not any("因公出国" in clean_name(t) for t in row.cells)
    ]
    if not data:
        return
    first = data[0]
    width = max(len(row.cells) for row in rows)
    paths = column_paths(rows[:first], width)
    other_year = other_year_columns(rows[:first], width, context.extraction.document.fiscal_year)
    for index in data:
        row = rows[index]
        for column, text in enumerate(row.cells):
            counted = column < len(paths) and column not in other_year
            item = item_of(paths[column], paths) if counted else None
            value = context.amount(row, index + 1, text) if item else None
            if item is None or value is None:
                continue
            context.add_line(
                row,
                index + 1,
                ITEM_NAMES[item],
                text,
                value,
                fund="general",
                expenditure_type=item,
                is_total=item == "three-public-total",
                phase=_phase_of(paths[column]),
            )


def _read_labelled(context: TableContext, row: Row, offset: int, cells: list[str]) -> None:
    label_index = next(
        (
            index
            for index, text in enumerate(cells)
            if text and not is_amount_cell(text) and not _SEQUENCE.match(clean_name(text))
        ),
        None,
    )
    if label_index is None:
        return
    label = clean_name(cells[label_index])
    if label.startswith("其中：教学") or label.startswith("其他因公"):
        return
    item = next((code for word, code in _LABELS if word in label), None)
    if item is None:
        return
    amounts = [text for text in cells[label_index + 1 :] if is_amount_cell(text)]
    if not amounts:
        return
    value = amount_in_wanyuan(amounts[0], context.unit)
    if value is None:
        return
    context.add_line(
        row,
        offset,
        ITEM_NAMES[item],
        amounts[0],
        value,
        fund="fiscal",
        expenditure_type=item,
        is_total=item == "three-public-total",
    )
