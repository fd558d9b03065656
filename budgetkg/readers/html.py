"""Reader for web pages (``.html``, ``.htm``), with the standard library's HTML parser.

The page is decoded from its byte-order mark, else the charset its ``<meta>`` declares, else
UTF-8 (GB2312 and GBK are read as their superset GB18030).  Nothing is fetched.

* Each ``<table>`` that holds no other table is a table: its rows (``<thead>``, ``<tbody>``,
  ``<tfoot>`` in document order) with ``rowspan`` and ``colspan`` resolved, so a row holds one
  cell per grid column, the text in the first cell of a span and empty strings in the rest.  Its
  ``<caption>`` and the short headings and paragraphs just above it are its captions.
* A table that holds other tables is page layout: its cells are read as running text.
* Every other block of text (paragraphs, headings, list items, ``<div>``\\ s, lines broken by
  ``<br>``) is a paragraph, numbered in reading order.
* White space is collapsed as a browser does; ``&nbsp;`` is a space that is kept.  Check boxes
  are written ``☑`` (checked) and ``☐``, as in the text dumps.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from budgetkg.errors import DocumentError
from budgetkg.layout import Paragraph, ReadDocument, Row
from budgetkg.readers.failures import reading
from budgetkg.readers.identity import file_identity
from budgetkg.readers.limits import reader_limits, refuse_over
from budgetkg.readers.structured import (
    Grid,
    Item,
    SpannedCell,
    clean_text,
    group_blocks,
    require_content,
    resolve_spans,
    trim_row,
)

MEDIA_TYPE = "text/html"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_WIDER_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ascii": "utf-8"}
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
}
_HIDDEN = {"head", "script", "style", "template", "noscript", "title", "iframe", "object", "svg", "select"}
_SECTIONS = {"thead", "tbody", "tfoot"}
_CELLS = {"td", "th"}


# -- a small document tree ------------------------------------------------------------------------


@dataclass
class Node:
    """An element with its attributes and children (text nodes are plain strings)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def elements(self) -> Iterator[Node]:
        """Every element below this one, depth first."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()


class _TreeBuilder(HTMLParser):
    """Builds a :class:`Node` tree, closing the elements HTML lets authors leave open."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]
        self.max_depth = max_depth

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CELLS:
            self._close_until({"tr", "table"}, also={"td", "th"})
        elif tag == "tr":
            self._close_until({"table", *_SECTIONS})
        elif tag in _SECTIONS or tag == "caption":
            self._close_until({"table"})
        elif tag == "li":
            self._close_until({"ul", "ol", "table", "td", "th"}, also={"li"})
        if tag in _BLOCKS:
            self._close_open_paragraph()
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)
            refuse_over(len(self.stack) - 1, self.max_depth, "elements are nested {} deep")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag == tag:
                del self.stack[depth:]
                return
            if open_tag == "table" and tag != "table":
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _close_until(self, stops: set[str], also: set[str] | None = None) -> None:
        """Close open elements down to the nearest one in ``stops`` (or in ``also``, included)."""
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if also and open_tag in also:
                del self.stack[depth:]
                return
            if open_tag in stops:
                del self.stack[depth + 1 :]
                return

    def _close_open_paragraph(self) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag == "p":
                del self.stack[depth:]
                return
            if open_tag in _BLOCKS or open_tag in _CELLS or open_tag in _SECTIONS or open_tag == "tr":
                return


# -- text -----------------------------------------------------------------------------------------


class _Lines:
    """Inline text gathered into lines, white space collapsed as a browser does."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, text: str) -> None:
        self.current.append(_COLLAPSIBLE.sub(" ", text))

    def add_symbol(self, symbol: str) -> None:
        self.current.append(f" {symbol} ")

    def end_line(self) -> None:
        line = re.sub(r" {2,}", " ", "".join(self.current)).replace("\u00a0", " ").strip()
        self.current = []
        if line:
            self.lines.append(line)

    def take(self) -> list[str]:
        self.end_line()
        lines, self.lines = self.lines, []
        return lines


def _inline(node: Node, lines: _Lines) -> None:
    """All text below ``node`` into ``lines``; blocks and ``<br>`` end a line."""
    for child in node.children:
        if isinstance(child, str):
            lines.add(child)
            continue
        tag = child.tag
        if tag in _HIDDEN:
            continue
        if tag == "br":
            lines.end_line()
        elif tag == "input" and child.attrs.get("type", "").lower() in ("checkbox", "radio"):
            lines.add_symbol("☑" if "checked" in child.attrs else "☐")
        elif tag in _BLOCKS or tag in _CELLS or tag == "tr":
            lines.end_line()
            _inline(child, lines)
            lines.end_line()
        else:
            _inline(child, lines)


# -- reading --------------------------------------------------------------------------------------


def read_html(path: Path) -> ReadDocument:
    """Read the paragraphs and tables of an HTML page in reading order."""
    data = path.read_bytes()
    name, sha256 = file_identity(path, data)
    text = decode_html(path.name, data)
    with reading(path.name, "not a readable web page"):
        builder = _TreeBuilder(reader_limits().markup_depth)
        builder.feed(text)
        builder.close()
        walker = _Walker()
        walker.walk(builder.root)
        walker.flush()
    blocks = require_content(path.name, group_blocks(walker.items), "page")
    return ReadDocument(name=name, sha256=sha256, media_type=MEDIA_TYPE, blocks=blocks)


def decode_html(name: str, data: bytes) -> str:
    """The page as text: from its byte-order mark, its declared charset, or UTF-8."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode(name, data[len(bom) :] if encoding == "utf-8" else data, encoding)
    declared = _META_CHARSET.search(data[:4096])
    encoding = "utf-8"
    if declared:
        label = declared.group(1).decode("ascii").lower()
        encoding = _WIDER_CHARSETS.get(label, label)
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise DocumentError(name, f"the page declares an unknown charset {label!r}") from error
    return _decode(name, data, encoding)


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DocumentError(
            name, f"not valid {encoding} text ({error.reason} at byte {error.start})"
        ) from error


class _Walker:
    """Turns the tree into paragraphs and grids, in reading order."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.lines = _Lines()
        self.number = 0

    def flush(self) -> None:
        for line in self.lines.take():
            self.number += 1
            self.items.append(Paragraph(text=line, line=self.number))

    def walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.lines.add(child)
                continue
            tag = child.tag
            if tag in _HIDDEN:
                continue
            if tag == "table" and not any(inner.tag == "table" for inner in child.elements()):
                self.flush()
                self.items.append(self._grid(child))
            elif tag == "br":
                self.lines.end_line()
            elif tag == "input" and child.attrs.get("type", "").lower() in ("checkbox", "radio"):
                self.lines.add_symbol("☑" if "checked" in child.attrs else "☐")
            elif tag in _BLOCKS or tag in _CELLS or tag in ("tr", "caption"):
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def _grid(self, table: Node) -> Grid:
        captions: list[str] = []
        marked: list[list[SpannedCell]] = []
        span_limit = reader_limits().table_span
        for row in _rows(table):
            cells: list[SpannedCell] = []
            for cell in row.children:
                if isinstance(cell, Node) and cell.tag in _CELLS:
                    lines = _Lines()
                    _inline(cell, lines)
                    cells.append(
                        SpannedCell(
                            clean_text("\n".join(lines.take())),
                            colspan=_span(cell.attrs.get("colspan"), span_limit),
                            rowspan=_span(cell.attrs.get("rowspan"), span_limit),
                        )
                    )
            marked.append(cells)
        for child in table.children:
            if isinstance(child, Node) and child.tag == "caption":
                lines = _Lines()
                _inline(child, lines)
                captions.extend(lines.take())
        rows = [Row(cells=trim_row(cells)) for cells in resolve_spans(marked)]
        return Grid(rows=rows, captions=captions)


def _rows(table: Node) -> Iterator[Node]:
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                yield child
            elif child.tag in _SECTIONS:
                yield from _rows(child)


def _span(value: str | None, limit: int) -> int:
    """A ``rowspan``/``colspan`` value; ``0`` (to the end) is read as the limit."""
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    if number == 0:
        return limit
    return min(max(number, 1), limit)
