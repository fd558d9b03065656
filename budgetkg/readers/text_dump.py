"""Reader for plain-text dumps of disclosures, in the two layouts seen in the wild.

* **tab rows**: one table row per line, cells separated by tabs, narrative as plain lines;
  cells may carry stray HTML (``<p>``, checkbox ``<input>`` elements).
* **cell lines**: one cell per line, each cell line starting with a tab, rows separated by
  blank lines; a cell whose text wraps continues on lines without the leading tab.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetkg.layout import Block, Paragraph, ReadDocument, Row, Table
from budgetkg.readers.blocks import attach_trailing
from budgetkg.readers.identity import file_identity
from budgetkg.readers.limits import reader_limits, refuse_over

_CHECKED = re.compile(r"<input[^<>]*checked[^<>]*>", re.IGNORECASE)
_CHECKBOX = re.compile(r"<input[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_BOOKMARK = re.compile(r"\[bookmark:[^\[\]]*\]")
_TITLE_ROW = re.compile(r"(19|20)\d{2}\s*年.*表|预算\s*\d+\s*表|申报表")
_HEADING = re.compile(
    r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\(\d+\)|\d+[、.]|第.部分|注[：:])"
)
_SHORT_LABEL = 12


def clean_cell(text: str) -> str:
    """Strip HTML remnants and surrounding space from a cell or line."""
    text = _CHECKED.sub("☑", text)
    text = _CHECKBOX.sub("☐", text)
    text = _TAG.sub(" ", text)
    text = _BOOKMARK.sub("", text)
    text = text.replace("\u3000", " ").strip()
    if len(text) > 1 and text.startswith('"') and text.endswith('"'):
        text = text[1:-1].strip()
    return text


def is_title_like(text: str) -> bool:
    """A caption that names a table (it ends or contains 表 with a year, or 预算NN表)."""
    compact = text.replace(" ", "")
    return bool(_TITLE_ROW.search(compact)) or compact.endswith("表")


def detect_layout(lines: list[str]) -> str:
    """Return ``"cell-lines"`` when most tab lines hold a single cell, else ``"tab-rows"``."""
    tab_lines = [line for line in lines if "\t" in line]
    if not tab_lines:
        return "tab-rows"
    single = sum(1 for line in tab_lines if line.startswith("\t") and line.count("\t") == 1)
    return "cell-lines" if single / len(tab_lines) > 0.8 else "tab-rows"


def read_text_dump(path: Path) -> ReadDocument:
    """Read a text dump into paragraphs and tables, whatever its layout."""
    data = path.read_bytes()
    name, sha256 = file_identity(path, data)
    text = data.decode("utf-8-sig")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    longest = max(len(line) for line in lines)
    refuse_over(longest, reader_limits().text_line_chars, "a line holds {} characters")
    if detect_layout(lines) == "cell-lines":
        blocks = _blocks_from_cell_lines(lines)
    else:
        blocks = _blocks_from_tab_rows(lines)
    return ReadDocument(name=name, sha256=sha256, media_type="text/plain", blocks=_group_tables(blocks))


# -- tab rows ------------------------------------------------------------------------------


def _blocks_from_tab_rows(lines: list[str]) -> list[Paragraph | Row]:
    items: list[Paragraph | Row] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if "\t" in raw:
            cells = [clean_cell(cell) for cell in raw.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                items.append(Row(cells=cells, line=number))
        else:
            items.append(Paragraph(text=clean_cell(raw), line=number))
    return items


# -- cell lines ----------------------------------------------------------------------------


def _blocks_from_cell_lines(lines: list[str]) -> list[Paragraph | Row]:
    items: list[Paragraph | Row] = []
    block: list[tuple[int, str]] = []
    for number, raw in enumerate([*lines, ""], start=1):
        if "\t" not in raw and not raw.strip():
            if block:
                items.extend(_read_cell_block(block))
                block = []
            continue
        block.append((number, raw))
    return items


def _read_cell_block(block: list[tuple[int, str]]) -> list[Paragraph | Row]:
    out: list[Paragraph | Row] = []
    cells: list[str] = []
    first_cell_line: int | None = None
    for number, raw in block:
        if raw.startswith("\t"):
            if first_cell_line is None:
                first_cell_line = number
            cells.append(clean_cell(raw[1:]))
        elif cells:
            cells[-1] = f"{cells[-1]}\n{clean_cell(raw)}".strip()
        else:
            text = clean_cell(raw)
            if text:
                out.append(Paragraph(text=text, line=number))
    if cells:
        while cells and not cells[-1]:
            cells.pop()
        out.append(Row(cells=cells, line=first_cell_line, may_continue=True))
    return out


# -- grouping rows into tables ---------------------------------------------------------------


def _group_tables(items: list[Paragraph | Row]) -> list[Block]:
    blocks: list[Block] = []
    current: Table | None = None
    pending_captions: list[str] = []
    previous: Paragraph | Row | None = None
    for position, item in enumerate(items):
        if isinstance(item, Paragraph):
            following = items[position + 1] if position + 1 < len(items) else None
            if (
                current is not None
                and isinstance(previous, Row)
                and isinstance(following, Row)
                and _is_label_fragment(item.text)
            ):
                _append_to_last_cell(current, item.text)
                previous = item
                continue
            current = None
            blocks.append(item)
            pending_captions.append(item.text)
            pending_captions = pending_captions[-4:]
            previous = item
            continue
        filled = item.filled()
        if (
            len(filled) == 1
            and _TITLE_ROW.search(filled[0].replace(" ", ""))
            and (current is None or current.rows)
        ):
            current = Table(rows=[], captions=[filled[0]])
            blocks.append(current)
            pending_captions = []
            previous = item
            continue
        if current is None:
            current = Table(rows=[], captions=[text for text in pending_captions if len(text) <= 60])
            blocks.append(current)
            pending_captions = []
        if len(filled) == 1 and not current.rows and filled[0].replace(" ", "").startswith("单位"):
            current.captions.append(filled[0])
        else:
            current.rows.append(item)
        previous = item
    tables = [block for block in blocks if isinstance(block, Table)]
    for index, table in enumerate(tables, start=1):
        table.index = index
    attach_trailing(blocks)
    return [block for block in blocks if not isinstance(block, Table) or block.rows or block.captions]


def _is_label_fragment(text: str) -> bool:
    compact = text.replace(" ", "")
    return (
        len(compact) <= _SHORT_LABEL
        and "表" not in compact
        and "。" not in compact
        and not _HEADING.match(compact)
    )


def _append_to_last_cell(table: Table, text: str) -> None:
    row = table.rows[-1]
    row.cells[-1] = f"{row.cells[-1]}\n{text}".strip() if row.cells else text
