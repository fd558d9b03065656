"""Reader for legacy Excel workbooks (``.xls``, BIFF), with xlrd.

Read as :mod:`budgetkg.readers.xlsx` reads ``.xlsx`` files: visible sheets in workbook order,
numbers as their format shows them without losing digits, merged ranges with their text in the
top-left cell, empty rows separating tables and leading one-cell rows as captions.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

import xlrd

from budgetkg.errors import DocumentError
from budgetkg.layout import ReadDocument
from budgetkg.readers.failures import reading
from budgetkg.readers.identity import file_identity
from budgetkg.readers.limits import reader_limits, refuse_over
from budgetkg.readers.structured import Item, group_blocks, require_content
from budgetkg.readers.xlsx import blank_merged, cell_text, sheet_items

MEDIA_TYPE = "application/vnd.ms-excel"
_OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")


def read_xls(path: Path) -> ReadDocument:
    """Read every visible worksheet of an ``.xls`` workbook, in workbook order."""
    data = path.read_bytes()
    if not data.startswith(_OLE_SIGNATURE):
        raise DocumentError(path.name, "not an Excel 97-2003 (.xls) file: no OLE2 compound-document header")
    name, sha256 = file_identity(path, data)
    with reading(path.name, "not a readable Excel 97-2003 (.xls) file"):
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
        items = _items(book)
    if items is None:
        raise DocumentError(path.name, "the workbook holds no worksheets")
    blocks = require_content(path.name, group_blocks(items), "workbook")
    return ReadDocument(name=name, sha256=sha256, media_type=MEDIA_TYPE, blocks=blocks)


def _items(book: Any) -> list[Item] | None:
    """Paragraphs and grids of the visible sheets, or ``None`` when there is no visible sheet."""
    sheets = [sheet for sheet in book.sheets() if sheet.visibility == 0]
    if not sheets:
        return None
    limit = reader_limits().sheet_cells
    items: list[Item] = []
    line = 0
    for sheet in sheets:
        refuse_over(sheet.nrows * sheet.ncols, limit, f"worksheet {sheet.name!r} holds {{}} cells")
        rows = [
            [_cell(book, sheet, row, column) for column in range(sheet.row_len(row))]
            for row in range(sheet.nrows)
        ]
        blank_merged(
            rows,
            [(clo + 1, rlo + 1, chi, rhi) for rlo, rhi, clo, chi in sheet.merged_cells],
        )
        items.extend(sheet_items(rows, line + 1))
        line += len(rows)
    return items


def _cell(book: Any, sheet: Any, row: int, column: int) -> str:
    kind = sheet.cell_type(row, column)
    value = sheet.cell_value(row, column)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value), None)
    if kind == xlrd.XL_CELL_DATE:
        moment: datetime = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        return cell_text(moment, None)
    if kind == xlrd.XL_CELL_NUMBER:
        return cell_text(value, _number_format(book, sheet, row, column))
    return cell_text(str(value), None)


def _number_format(book: Any, sheet: Any, row: int, column: int) -> str | None:
    try:
        record = book.xf_list[sheet.cell_xf_index(row, column)]
        found = book.format_map.get(record.format_key)
    except (IndexError, AttributeError):
        return None
    return str(found.format_str) if found is not None else None
