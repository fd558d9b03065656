"""Reader for Word documents (``.docx``), with python-docx.

The body is read in document order: each paragraph is a :class:`~budgetkg.layout.Paragraph`
numbered by its position among the body paragraphs (empty ones counted), each table a grid whose
merged cells (``w:gridSpan``, ``w:vMerge``, the legacy ``w:hMerge``) are resolved so that a row
holds one cell per grid column, the text in the first cell of a span and empty strings in the rest.
Content controls (``w:sdt``) are read through.  Text boxes and deleted revisions are not read.

Before anything is parsed the file is checked as a ZIP container (see
:func:`budgetkg.readers.structured.check_zip_container`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from lxml import etree

from budgetkg.layout import Paragraph, ReadDocument, Row
from budgetkg.readers.failures import reading
from budgetkg.readers.identity import file_identity
from budgetkg.readers.structured import (
    Grid,
    Item,
    SpannedCell,
    check_zip_container,
    clean_text,
    group_blocks,
    require_content,
    resolve_spans,
    trim_row,
)

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _tag(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    _tag(name) for name in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
_T, _TAB, _BR, _CR = (_tag(name) for name in ("t", "tab", "br", "cr"))
_SKIPPED = {_tag("del"), _tag("txbxContent"), _tag("moveFrom"), f"{{{_MC}}}Fallback"}
_CONTAINERS = {_SDT, _SDT_CONTENT, _CUSTOM_XML}


def read_docx(path: Path) -> ReadDocument:
    """Read the paragraphs and tables of a ``.docx`` file in document order."""
    check_zip_container(path, ("[Content_Types].xml", "word/document.xml"), "Word (.docx)")
    data = path.read_bytes()
    name, sha256 = file_identity(path, data)
    with reading(path.name, "not a readable Word (.docx) file"):
        items = _body_items(docx.Document(str(path)).element.body)
    blocks = require_content(path.name, group_blocks(items), "Word document")
    return ReadDocument(name=name, sha256=sha256, media_type=MEDIA_TYPE, blocks=blocks)


def _body_items(body: etree._Element) -> list[Item]:
    """The paragraphs and tables of the body, in document order."""
    items: list[Item] = []
    number = 0
    for element in _body_children(body):
        if element.tag == _P:
            number += 1
            text = clean_text(_paragraph_text(element))
            if text:
                items.append(Paragraph(text=text, line=number))
        elif element.tag == _TBL:
            items.append(Grid(rows=[Row(cells=trim_row(cells)) for cells in _table_cells(element)]))
    return items


def _body_children(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables directly in ``parent``, looking through content controls."""
    for child in parent:
        if child.tag in _CONTAINERS:
            yield from _body_children(child)
        elif child.tag in (_P, _TBL):
            yield child


def _paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks, insertions, tabs and line breaks."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append("\t")
            elif tag == _CR or (tag == _BR and child.get(_tag("type")) in (None, "textWrapping")):
                parts.append("\n")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


def _table_cells(table: etree._Element) -> list[list[str]]:
    """The rows of a table as text cells, one per grid column."""
    marked: list[list[SpannedCell]] = []
    for row in _children(table, _TR):
        cells: list[SpannedCell] = []
        before = _int_property(row, "trPr", "gridBefore")
        if before:
            cells.append(SpannedCell("", colspan=before))
        for cell in _children(row, _TC):
            span = _int_property(cell, "tcPr", "gridSpan") or 1
            properties = cell.find(_tag("tcPr"))
            vertical = properties.find(_tag("vMerge")) if properties is not None else None
            horizontal = properties.find(_tag("hMerge")) if properties is not None else None
            continued = (vertical is not None and vertical.get(_tag("val")) != "restart") or (
                horizontal is not None and horizontal.get(_tag("val")) != "restart"
            )
            cells.append(SpannedCell("" if continued else _cell_text(cell), colspan=span))
        marked.append(cells)
    return resolve_spans(marked)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _int_property(element: etree._Element, properties: str, name: str) -> int:
    found = element.find(f"{_tag(properties)}/{_tag(name)}")
    if found is None:
        return 0
    try:
        return max(int(found.get(_tag("val"), "1")), 0)
    except ValueError:
        return 0


def _cell_text(cell: etree._Element) -> str:
    """The paragraphs of a cell (and of any table nested in it), one line each."""
    lines: list[str] = []
    for element in _body_children(cell):
        if element.tag == _P:
            lines.append(_paragraph_text(element))
        else:
            lines.extend(" ".join(cells) for cells in _table_cells(element))
    return clean_text("\n".join(lines))
