"""The “三公” table: total, travel abroad, vehicle purchase and operation, reception."""

from __future__ import annotations

import re

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import amount_in_wanyuan, clean_name, is_amount_cell
from budgetkg.layout import Row

_SEQUENCE = re.compile(r"^[一二三四五六七八九十]+$")

# Column order of the one-row layout (合计, 出国, 公车小计, 购置, 运行, 接待).
_ROW_LAYOUT = (
    "three-public-total",
    "abroad",
    "vehicles",
    "vehicle-purchase",
    "vehicle-operation",
    "reception",
)
# Labels of the one-line-per-item layout, most specific first.
_LABELS = (
    ("公务用车购置费", "vehicle-purchase"),
    ("公务用车运行", "vehicle-operation"),
    ("公务用车购置及运", "vehicles"),
    ("因公出国", "abroad"),
    ("公务接待", "reception"),
    ("合计", "three-public-total"),
)
ITEM_NAMES = {
    "three-public-total": "“三公”经费合计",
    "abroad": "因公出国(境)费",
    "vehicles": "公务用车购置及运行费",
    "vehicle-purchase": "公务用车购置费",
    "vehicle-operation": "公务用车运行费",
    "reception": "公务接待费",
}


def read_three_public(context: TableContext) -> None:
    """Read the table in either of its two printed layouts."""
    rows = context.typed.rows
    labelled = any("因公出国" in clean_name(text) for row in rows[2:] for text in row.cells[:3] if text)
    header_rows = {index for index, row in enumerate(rows) if "因公出国" in clean_name(row.text())}
    for offset, row in enumerate(rows, start=1):
        cells = list(row.cells)
        if labelled:
            _read_labelled(context, row, offset, cells)
            continue
        if offset - 1 in header_rows or not cells or not is_amount_cell(cells[0]):
            continue
        for item, text in zip(_ROW_LAYOUT, cells, strict=False):
            value = amount_in_wanyuan(text, context.unit)
            if value is None:
                continue
            context.add_line(
                row,
                offset,
                ITEM_NAMES[item],
                text,
                value,
                fund="general",
                expenditure_type=item,
                is_total=item == "three-public-total",
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
