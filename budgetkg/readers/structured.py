"""Helpers shared by the readers of formats that mark tables up explicitly (DOCX, XLSX, XLS, HTML).

Those formats say where a table starts and ends and which cells span several grid positions, so
they need none of the guessing the text dumps need.  What they share with the text reader is the
shape of the result: a row holds one cell per grid column, a spanned cell's text sits in its first
grid position and the others hold empty strings, trailing empty cells are dropped, and a table's
captions are the short paragraphs printed just above it plus any title or unit lines printed in
its first rows.

It also holds the defence applied to ZIP containers (DOCX, XLSX) before any XML inside them is
parsed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.errors import DocumentError
from budgetkg.layout import Block, Paragraph, Row, Table
from budgetkg.readers.blocks import attach_trailing, number_tables
from budgetkg.readers.limits import reader_limits, refuse_over

CAPTION_LIMIT = 60
"""Paragraphs longer than this are narrative, never a table caption."""
_PENDING_CAPTIONS = 4
_TITLE_ROW = re.compile(r"(19|20)\d{2}\s*年.*表|预算\s*\d+\s*表|申报表")
_INLINE_SPACE = re.compile(r"[ \t\u00a0\u3000]+")


# -- cell text ------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Cell or paragraph text with its line breaks kept, each line stripped, blank lines dropped.

    Tabs, ideographic and non-breaking spaces count as spaces; runs of spaces inside a line are kept as
    printed (names such as ``项  目`` are printed with them).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ").replace("\u3000", " ").replace("\u00a0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def collapse_spaces(text: str) -> str:
    """Runs of spaces and tabs as one space (for formats where such runs carry no meaning)."""
    return _INLINE_SPACE.sub(" ", text)


def trim_row(cells: list[str]) -> list[str]:
    """The cells without the empty ones at the end of the row."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def is_title_row(text: str) -> bool:
    """A lone cell that names a table: a year and 表, 预算NN表, or 申报表."""
    return bool(_TITLE_ROW.search(text.replace(" ", "")))


# -- spans ----------------------------------------------------------------------------------------


@dataclass
class SpannedCell:
    """A cell as marked up: its text and how many grid columns and rows it covers."""

    text: str
    colspan: int = 1
    rowspan: int = 1


def resolve_spans(rows: Sequence[Sequence[SpannedCell]]) -> list[list[str]]:
    """Lay spanned cells out on the grid: each cell's text at its first position, ``""`` elsewhere.

    Positions still covered by a cell spanning down from an earlier row are skipped when the
    cells of a row are placed, as browsers and word processors do.  A span is cut at the table
    span limit (and a row span at the table's last row), and a table that would cover more grid
    positions than the table cell limit is refused (:class:`budgetkg.errors.LimitExceeded`) before
    they are laid out.
    """
    limits = reader_limits()
    covered: dict[int, set[int]] = {}
    grid: list[dict[int, str]] = []
    area = 0
    for row_index, row in enumerate(rows):
        taken = covered.pop(row_index, set())
        placed: dict[int, str] = dict.fromkeys(taken, "")
        column = 0
        for cell in row:
            while column in taken:
                column += 1
            colspan = min(max(cell.colspan, 1), limits.table_span)
            rowspan = min(max(cell.rowspan, 1), limits.table_span, max(len(rows) - row_index, 1))
            area += colspan * rowspan
            refuse_over(area, limits.table_cells, "a table would cover {} grid positions")
            for offset in range(colspan):
                placed[column + offset] = cell.text if offset == 0 else ""
            for down in range(1, rowspan):
                covered.setdefault(row_index + down, set()).update(range(column, column + colspan))
            column += colspan
        grid.append(placed)
    width = max((max(placed) + 1 for placed in grid if placed), default=0)
    positions = width * len(grid)
    refuse_over(positions, limits.table_cells, "a table would lay out {} grid positions (rows × columns)")
    return [[placed.get(column, "") for column in range(width)] for placed in grid]


# -- grouping into blocks -------------------------------------------------------------------------


@dataclass
class Grid:
    """One table as marked up in the file: its rows and the captions the file attaches to it."""

    rows: list[Row]
    captions: list[str] = field(default_factory=list)


Item = Paragraph | Grid


def group_blocks(items: Iterable[Item]) -> list[Block]:
    """Paragraphs and tables in reading order, with captions and trailing paragraphs attached.

    * The captions of a table are the short paragraphs (at most four, since the previous table)
      printed above it, then captions the file marks (an HTML ``<caption>``), then the leading
      rows that hold a single filled cell (a title or a ``单位：万元`` line).
    * A row further down holding only a table title (``2024年…申报表``) starts a new table, as
      several forms are sometimes laid out in one grid.
    * Each table keeps the (at most two) paragraphs that follow it, up to the next table.
    * A grid with no row of two filled cells is a box around text: its lines are paragraphs.
    """
    blocks: list[Block] = []
    pending: list[str] = []
    for item in items:
        if isinstance(item, Paragraph):
            if item.text:
                blocks.append(item)
                pending = [*pending, item.text][-_PENDING_CAPTIONS:]
            continue
        if all(len(row.filled()) <= 1 for row in item.rows):
            boxed = [Paragraph(text) for text in item.captions]
            boxed += [Paragraph(text, row.line, row.page) for row in item.rows for text in row.filled()]
            blocks.extend(boxed)
            pending = [*pending, *(paragraph.text for paragraph in boxed)][-_PENDING_CAPTIONS:]
            continue
        captions = [text for text in pending if len(text) <= CAPTION_LIMIT] + item.captions
        blocks.extend(_split_grid(item.rows, captions))
        pending = []
    kept = [block for block in blocks if not isinstance(block, Table) or block.rows or block.captions]
    number_tables(kept)
    attach_trailing(kept)
    return kept


def _split_grid(rows: list[Row], captions: list[str]) -> list[Table]:
    current = Table(rows=[], captions=list(captions))
    tables = [current]
    for row in rows:
        filled = row.filled()
        if not filled:
            continue
        if len(filled) == 1 and not current.rows:
            current.captions.append(filled[0])
            continue
        if len(filled) == 1 and is_title_row(filled[0]):
            current = Table(rows=[], captions=[filled[0]])
            tables.append(current)
            continue
        current.rows.append(row)
    return tables


def require_content(name: str, blocks: list[Block], what: str) -> list[Block]:
    """``blocks`` unless there are none, which is an error naming the document."""
    if not blocks:
        raise DocumentError(name, f"the {what} holds no text and no tables")
    return blocks


# -- ZIP containers -------------------------------------------------------------------------------


def check_zip_container(path: Path, required: Sequence[str], what: str) -> None:
    """Refuse a file that is not a ZIP archive, inflates absurdly, or lacks its main parts.

    ``required`` are the members every file of the format holds (``word/document.xml``); ``what``
    names the format in the reasons given.  The sizes checked are the ones the archive declares,
    which are also the most Python's ``zipfile`` will inflate a member to.
    """
    what = f"an {what}" if what[0] in "AEIOU" else f"a {what}"
    if not zipfile.is_zipfile(path):
        raise DocumentError(path.name, f"not {what} file: it is not a ZIP archive")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DocumentError(path.name, f"not {what} file: damaged ZIP archive ({error})") from error
    limits = reader_limits()
    refuse_over(len(members), limits.zip_members, "the archive holds {} members")
    inflated = sum(member.file_size for member in members)
    refuse_over(inflated, limits.zip_inflated_bytes, "the archive would inflate to {} bytes")
    for member in members:
        if member.file_size <= limits.zip_ratio_from_bytes:
            continue
        if member.compress_size == 0 or member.file_size / member.compress_size > limits.zip_ratio:
            raise DocumentError(
                path.name,
                f"refused: member {member.filename} inflates from {member.compress_size} to "
                f"{member.file_size} bytes (compression ratio above {limits.zip_ratio}:1)",
            )
    names = {member.filename for member in members}
    for part in required:
        if part not in names:
            raise DocumentError(path.name, f"not {what} file: the archive holds no {part}")
