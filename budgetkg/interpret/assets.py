"""Fixed-asset tables: item, quantity and value."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import cell, clean_name, strip_numbering
from budgetkg.model import AssetHolding
from budgetkg.numbers import NumberFormatError, parse_amount


def _quantity(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except NumberFormatError:
        return None


def read_fixed_assets(context: TableContext) -> None:
    """Read every item row that prints a quantity or a value."""
    for offset, row in enumerate(context.typed.rows, start=1):
        item = clean_name(cell(row.cells, 0))
        if (
            not item
            or item.startswith(("项目", "截止"))
            or (item[:1].isdigit() and len(item) > 6 and item.isdigit())
        ):
            continue
        quantity = _quantity(cell(row.cells, 1))
        value = context.amount(row, offset, cell(row.cells, 2))
        if quantity is None and value is None:
            continue
        context.extraction.assets.append(
            AssetHolding(
                item=strip_numbering(item).lstrip("0123456789、.").strip(),
                quantity=quantity,
                value=value,
                source=context.source(row, offset),
            )
        )
