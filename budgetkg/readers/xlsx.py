"""Reader for Excel workbooks (``.xlsx``), with openpyxl in read-only mode.

Each visible worksheet is read in workbook order, as stored values (``data_only``: the results of
formulas as last calculated, never the formulas):

* numbers are written as the sheet shows them, from the cell's number format where it says how
  many decimals and whether digits are grouped, but never with fewer digits than the value holds;
  otherwise exactly, from the shortest decimal that gives back the stored number (``5`` not
  ``5.0``, ``0.3`` not ``0.30000000000000004``);
* merged ranges keep their text in the top-left cell and empty strings elsewhere;
* rows that are entirely empty separate tables; within a run of rows, the leading rows with at
  most one filled cell (titles, ``单位：万元`` lines) are paragraphs and the table's captions, and
  a run without any row of two filled cells is narrative.

Line numbers count the rows of the workbook, sheet after sheet, so that every row has its own.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet import _reader as sheet_parser

from budgetkg.errors import DocumentError
from budgetkg.layout import Paragraph, ReadDocument, Row
from budgetkg.readers.failures import reading
from budgetkg.readers.identity import file_identity
from budgetkg.readers.limits import reader_limits, refuse_over
from budgetkg.readers.sheet_numbers import UnreadableNumber, cast_number, unreadable_text
from budgetkg.readers.structured import (
    Grid,
    Item,
    check_zip_container,
    clean_text,
    group_blocks,
    require_content,
    trim_row,
)

# openpyxl casts each stored number with int() or float() while it parses a sheet, so one NaN, inf
# or 5,000-digit number would end the reading of the whole workbook; this cast keeps such a number
# as text, for the cell alone (see budgetkg.readers.sheet_numbers).
sheet_parser._cast_number = cast_number  # type: ignore[attr-defined]  # a private function, untyped

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SIGNIFICANT_DIGITS = 15
_POSITIONAL_DIGITS = 400
"""A number whose exponent is beyond this is written in scientific notation: no float reaches it."""
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# -- numbers as shown -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberStyle:
    """What a number format says about how a number is shown."""

    decimals: int | None
    grouped: bool
    percent: bool


def number_style(number_format: str | None) -> NumberStyle:
    """Decimals, grouping and percent from the first section of an Excel number format.

    ``General``, text (``@``), scientific and fraction formats give ``decimals=None``: the number
    is then written exactly.
    """
    section = _QUOTED.sub("", (number_format or "").split(";")[0])
    if not section or section.lower() == "general" or "@" in section or "E" in section.upper():
        return NumberStyle(None, False, "%" in section)
    if "/" in section or not any(char in section for char in "0#?"):
        return NumberStyle(None, False, "%" in section)
    whole, _, fraction = section.partition(".")
    decimals = len(re.match(r"[0#?]*", fraction).group(0)) if fraction else 0  # type: ignore[union-attr]
    return NumberStyle(decimals, "," in whole, "%" in section)


def exact_decimal(value: int | float | Decimal) -> Decimal:
    """The decimal a stored number stands for, without binary floating-point artefacts.

    Spreadsheets keep 15 significant digits; the shortest decimal that gives back the float,
    rounded to those digits, is what was typed or calculated.
    """
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    shortest = Decimal(repr(value))
    with localcontext() as context:
        context.prec = _SIGNIFICANT_DIGITS
        rounded = +shortest
    return rounded if rounded == shortest else rounded.normalize()


def format_number(value: int | float | Decimal, number_format: str | None) -> str:
    """A number as the sheet shows it, without losing any digit the value holds.

    Numbers as large as a float can be are written in full (``10**300`` as its 301 digits); an
    infinite or undefined value, or a larger integer, is written as Python writes it.
    """
    exact = exact_decimal(value)
    if not exact.is_finite() or abs(exact.adjusted()) > _POSITIONAL_DIGITS:
        return str(exact)
    style = number_style(number_format)
    with localcontext() as context:
        context.prec = max(context.prec, 2 * _POSITIONAL_DIGITS + (style.decimals or 0))
        if style.percent:
            exact *= 100
        text = _plain(exact)
        if style.decimals is not None:
            step = Decimal(1).scaleb(-style.decimals)
            if exact == exact.quantize(step):
                text = format(exact.quantize(step), "f")
    if style.grouped:
        text = _grouped(text)
    return f"{text}%" if style.percent else text


def _plain(value: Decimal) -> str:
    """A decimal in positional notation, integers without a fraction, no trailing zeros."""
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


def _grouped(text: str) -> str:
    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"


def cell_text(value: object, number_format: str | None) -> str:
    """The text of a cell as the sheet shows it (dates in ISO form, booleans as TRUE/FALSE)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return format_number(value, number_format)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return clean_text(str(value))


# -- sheets into paragraphs and grids ---------------------------------------------------------------


def blank_merged(rows: list[list[str]], ranges: Sequence[tuple[int, int, int, int]]) -> None:
    """Empty every cell of a merged range but its top-left one (ranges as 1-based, inclusive
    ``(min_col, min_row, max_col, max_row)``)."""
    for min_col, min_row, max_col, max_row in ranges:
        for row_number in range(min_row, min(max_row, len(rows)) + 1):
            cells = rows[row_number - 1]
            for column in range(min_col, min(max_col, len(cells)) + 1):
                if (row_number, column) != (min_row, min_col):
                    cells[column - 1] = ""


def sheet_items(rows: list[list[str]], first_line: int) -> list[Item]:
    """Paragraphs and grids of one sheet; ``first_line`` is the line number of its first row."""
    items: list[Item] = []
    run: list[tuple[int, list[str]]] = []
    for number, cells in enumerate([*rows, []], start=first_line):
        trimmed = trim_row(cells)
        if any(trimmed):
            run.append((number, trimmed))
            continue
        if run:
            items.extend(_run_items(run))
            run = []
    return items


def _run_items(run: list[tuple[int, list[str]]]) -> Iterator[Item]:
    position = 0
    while position < len(run) and sum(1 for cell in run[position][1] if cell) <= 1:
        number, cells = run[position]
        yield Paragraph(text=next(cell for cell in cells if cell), line=number)
        position += 1
    if position < len(run):
        yield Grid(rows=[Row(cells=cells, line=number) for number, cells in run[position:]])


# -- the workbook ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetPart:
    """A worksheet as listed in the workbook: its name, whether it is shown, and its XML part."""

    name: str
    visible: bool
    part: str | None


def read_xlsx(path: Path) -> ReadDocument:
    """Read every visible worksheet of an ``.xlsx`` workbook, in workbook order."""
    check_zip_container(path, ("[Content_Types].xml",), "Excel (.xlsx)")
    data = path.read_bytes()
    name, sha256 = file_identity(path, data)
    with reading(path.name, "not a readable Excel (.xlsx) file"):
        parts = _sheet_parts(path)
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            items = _workbook_items(path, workbook, parts)
        finally:
            workbook.close()
    blocks = require_content(path.name, group_blocks(items), "workbook")
    return ReadDocument(name=name, sha256=sha256, media_type=MEDIA_TYPE, blocks=blocks)


def _workbook_items(path: Path, workbook: Any, parts: list[SheetPart]) -> list[Item]:
    """Paragraphs and grids of the visible worksheets, in workbook order."""
    shown = {part.name: part for part in parts}
    sheets = [
        sheet for sheet in workbook.worksheets if shown.get(sheet.title, SheetPart("", True, None)).visible
    ]
    if not sheets:
        raise DocumentError(path.name, "the workbook holds no worksheets")
    items: list[Item] = []
    line = 0
    for sheet in sheets:
        sheet.reset_dimensions()
        rows = _sheet_rows(sheet)
        part = shown.get(sheet.title)
        if part is not None and part.part is not None:
            blank_merged(rows, _merged_ranges(path, part.part))
        items.extend(sheet_items(rows, line + 1))
        line += len(rows)
    return items


def _sheet_rows(sheet: Any) -> list[list[str]]:
    """The cells of a worksheet as text, refused past the worksheet cell limit."""
    limit = reader_limits().sheet_cells
    rows: list[list[str]] = []
    count = 0
    for row in sheet.iter_rows():
        count += len(row)
        refuse_over(count, limit, f"worksheet {sheet.title!r} holds more than {{}} cells")
        rows.append([_cell_text(sheet.title, cell) for cell in row])
    return rows


def _cell_text(sheet: str, cell: Any) -> str:
    if isinstance(cell.value, UnreadableNumber):
        return unreadable_text(cell.value, sheet, cell.coordinate)
    return cell_text(cell.value, getattr(cell, "number_format", None))


def _sheet_parts(path: Path) -> list[SheetPart]:
    """The worksheets the workbook lists, with their visibility and the path of their XML."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        workbook_part = _office_document(archive, names)
        if workbook_part is None:
            return []
        folder = posixpath.dirname(workbook_part)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
        targets: dict[str, str] = {}
        if rels_part in names:
            for relation in ElementTree.fromstring(archive.read(rels_part)):
                target = relation.get("Target", "")
                resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                targets[relation.get("Id", "")] = posixpath.normpath(resolved)
        listing = ElementTree.fromstring(archive.read(workbook_part))
    sheets: list[SheetPart] = []
    for sheet in listing.iter(f"{{{_MAIN}}}sheet"):
        found = targets.get(sheet.get(f"{{{_OFFICE_RELATIONSHIPS}}}id", ""))
        sheets.append(
            SheetPart(
                name=sheet.get("name", ""),
                visible=sheet.get("state", "visible") == "visible",
                part=found if found in names else None,
            )
        )
    return sheets


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    if "_rels/.rels" in names:
        for relation in ElementTree.fromstring(archive.read("_rels/.rels")):
            if relation.get("Type", "").endswith("/officeDocument"):
                return relation.get("Target", "").lstrip("/")
    return "xl/workbook.xml" if "xl/workbook.xml" in names else None


def _merged_ranges(path: Path, part: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges a worksheet part declares, read without loading its cells."""
    ranges: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(path) as archive, archive.open(part) as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag == f"{{{_MAIN}}}mergeCell":
                bounds = range_boundaries(element.get("ref", ""))
                if None not in bounds:
                    ranges.append(bounds)  # type: ignore[arg-type]
            elif element.tag == f"{{{_MAIN}}}row":
                element.clear()
    return ranges
