"""Government procurement and purchase-of-services tables."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import TOTAL_WORDS, cell, clean_name, split_bracketed
from budgetkg.layout import Row
from budgetkg.model import ProcurementLine, ServicePurchaseLine
from budgetkg.numbers import NumberFormatError, parse_amount

_UNIT_CODE = re.compile(r"^\d{6,9}$")
_CATALOGUE_CODE = re.compile(r"^[ABC]\d{2,8}$")

# Column positions of the two printed layouts of the procurement table.
_HUBEI = {
    "project": 2,
    "item": 3,
    "function": 4,
    "economic": 5,
    "source": 6,
    "nature": 7,
    "quantity": 8,
    "price": 9,
    "measure": 10,
    "amount": 11,
    "sme": 12,
    "micro": 13,
}
_HEBEI = {
    "project": 0,
    "item": 2,
    "catalogue": 3,
    "measure": 4,
    "quantity": 5,
    "price": 6,
    "amount": 7,
    "sme": 15,
}


def _decimal(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except NumberFormatError:
        return None


def read_procurement(context: TableContext) -> None:
    """Read procurement lines and the printed total."""
    rows = context.typed.rows
    header = clean_name("".join(row.text() for row in rows[:4]))
    if "政府采购品目" in header or "采购品目" in header:
        _read_hubei(context, rows)
    else:
        _read_hebei(context, rows)


def _add_total(
    context: TableContext, row: Row, offset: int, text: str, name: str, unit_code: str | None
) -> None:
    value = context.amount(row, offset, text)
    if value is not None:
        context.add_line(
            row,
            offset,
            name,
            text,
            value,
            fund="all",
            expenditure_type="total",
            unit_code=unit_code,
            is_total=unit_code is None,
        )


def _read_hubei(context: TableContext, rows: list[Row]) -> None:
    columns = _HUBEI
    for offset, row in enumerate(rows, start=1):
        cells = row.cells
        first = clean_name(cell(cells, 0))
        second = clean_name(cell(cells, 1))
        if not first and second in TOTAL_WORDS:
            _add_total(context, row, offset, cell(cells, columns["amount"]), second, None)
            continue
        if not _UNIT_CODE.match(first) or not cell(cells, columns["item"]).strip().startswith("["):
            continue
        catalogue, item = split_bracketed(cell(cells, columns["item"]))
        function_code, _ = split_bracketed(cell(cells, columns["function"]))
        economic_code, _ = split_bracketed(cell(cells, columns["economic"]))
        context.extraction.procurement.append(
            ProcurementLine(
                order=len(context.extraction.procurement) + 1,
                unit_code=first,
                project_name=clean_name(cell(cells, columns["project"])),
                catalogue_code=catalogue,
                item_name=item,
                function_code=function_code,
                economic_code=economic_code,
                quantity=_decimal(cell(cells, columns["quantity"])),
                quantity_unit=clean_name(cell(cells, columns["measure"])) or None,
                unit_price=context.amount(row, offset, cell(cells, columns["price"])),
                amount=context.amount(row, offset, cell(cells, columns["amount"])),
                sme_amount=context.amount(row, offset, cell(cells, columns["sme"])),
                micro_small_amount=context.amount(row, offset, cell(cells, columns["micro"])),
                funding_text="/".join(
                    part
                    for part in (
                        clean_name(cell(cells, columns["source"])),
                        clean_name(cell(cells, columns["nature"])),
                    )
                    if part
                )
                or None,
                source=context.source(row, offset),
            )
        )


def _read_hebei(context: TableContext, rows: list[Row]) -> None:
    columns = _HEBEI
    # The unit is printed above the table (223001某单位本级), as a caption or as its first row.
    coded = [re.match(r"^(\d{6,9})\D", clean_name(text)) for text in context.typed.table.captions]
    unit_code: str | None = next((match.group(1) for match in coded if match), None)
    for offset, row in enumerate(rows, start=1):
        cells = row.cells
        first = clean_name(cell(cells, 0))
        match = re.match(r"^(\d{6,9})", first)
        if match and offset == 1:
            unit_code = match.group(1)
            continue
        if first in TOTAL_WORDS:
            _add_total(context, row, offset, cell(cells, columns["amount"]), first, None)
            continue
        if first.endswith("小计"):
            _add_total(context, row, offset, cell(cells, columns["amount"]), first, unit_code)
            continue
        catalogue = clean_name(cell(cells, columns["catalogue"]))
        if not _CATALOGUE_CODE.match(catalogue):
            continue
        context.extraction.procurement.append(
            ProcurementLine(
                order=len(context.extraction.procurement) + 1,
                unit_code=unit_code,
                project_name=first,
                catalogue_code=catalogue,
                item_name=clean_name(cell(cells, columns["item"])),
                function_code=None,
                economic_code=None,
                quantity=_decimal(cell(cells, columns["quantity"])),
                quantity_unit=clean_name(cell(cells, columns["measure"])) or None,
                unit_price=context.amount(row, offset, cell(cells, columns["price"])),
                amount=context.amount(row, offset, cell(cells, columns["amount"])),
                sme_amount=context.amount(row, offset, cell(cells, columns["sme"])),
                micro_small_amount=None,
                funding_text=None,
                source=context.source(row, offset),
            )
        )


# Column positions of the purchase-of-services table.
_SERVICES = {
    "includes": 2,
    "project": 3,
    "content": 4,
    "quantity": 5,
    "amount": 6,
    "function": 9,
    "economic": 10,
    "catalogue": 11,
}


def read_service_purchase(context: TableContext) -> None:
    """Read purchase-of-services lines and the printed total."""
    columns = _SERVICES
    for offset, row in enumerate(context.typed.rows, start=1):
        cells = row.cells
        first = clean_name(cell(cells, 0))
        second = clean_name(cell(cells, 1))
        if not first and second in TOTAL_WORDS:
            _add_total(context, row, offset, cell(cells, columns["amount"]), second, None)
            continue
        if not _UNIT_CODE.match(first):
            continue
        includes = clean_name(cell(cells, columns["includes"]))
        function_code, _ = split_bracketed(cell(cells, columns["function"]))
        economic_code, _ = split_bracketed(cell(cells, columns["economic"]))
        context.extraction.services.append(
            ServicePurchaseLine(
                order=len(context.extraction.services) + 1,
                unit_code=first,
                project_name=clean_name(cell(cells, columns["project"])),
                content=clean_name(cell(cells, columns["content"])),
                includes_procurement={"是": True, "否": False}.get(includes),
                quantity=_decimal(cell(cells, columns["quantity"])),
                amount=context.amount(row, offset, cell(cells, columns["amount"])),
                function_code=function_code,
                economic_code=economic_code,
                catalogue_path=tuple(
                    clean_name(text) for text in cells[columns["catalogue"] :] if text.strip()
                ),
                source=context.source(row, offset),
            )
        )
