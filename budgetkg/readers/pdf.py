"""Reader for PDF disclosures with a text layer: ruled tables and the narrative between them.

Each page gives its ruled tables (:mod:`budgetkg.readers.pdf_tables`) and the text lines outside
them (:mod:`budgetkg.readers.pdf_text`), interleaved top to bottom. Then:

* the lines printed just above a table on its page (title, ``编制部门：… 单位：元``, ``公开01表``)
  are its captions; they stay paragraphs as well, as in the text reader. Caption lines left at
  the foot of the previous page, after its last table (a label such as ``公开04表``, or a title
  and its unit line that a word processor kept apart from a table pushed to the next page), are
  carried over to the first table of the next page, and title or unit lines printed inside the
  ruled area, in its first rows, are captions too;
* a page whose first table has no title above it (nor carried over from the foot of the previous
  page) and whose column rules match those of the last table of the previous page continues that
  table, without the header rows it repeats;
* page numbers and table-of-contents lines with dotted leaders are left out.

Characters printed outside the page's box are ignored. Rows carry their page and one box per
cell, in PDF points from the top-left corner of the page (x0, top, x1, bottom); paragraphs carry
their page and their line number on it: the text lines outside the tables, counted from the top
of the page, page numbers left out.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSEOF
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from budgetkg.errors import DocumentError
from budgetkg.layout import Block, Paragraph, ReadDocument, Table, UnreadPage
from budgetkg.readers.blocks import attach_trailing, number_tables
from budgetkg.readers.failures import OUT_OF_MEMORY, OutOfMemory, ran_out_of_memory, reading
from budgetkg.readers.identity import file_identity
from budgetkg.readers.limits import reader_limits, refuse_over
from budgetkg.readers.pdf_tables import (
    Grid,
    append_continuation,
    build_grid,
    column_map,
    grid_rows,
    is_caption_text,
    table_settings,
)
from budgetkg.readers.pdf_text import PdfObject, TextLine, assemble_lines, is_page_furniture

MEDIA_TYPE = "application/pdf"
CAPTION_LIMIT = 60
"""Lines longer than this are narrative, never a table caption."""
_CAPTION_LINES = 4
_NOTE = re.compile(r"^注[:：]")
"""A note under a table, never the caption of the next one."""
_CONTINUED = re.compile(r"^续表|（续）$|\(续\)$")
_ENVELOPE = 1024
"""How far from the start and the end of the file the PDF header and end marker may lie."""


@dataclass
class _Page:
    number: int
    lines: list[TextLine]
    grids: list[Grid]
    characters: int


@dataclass
class _Assembly:
    blocks: list[Block] = field(default_factory=list)
    tables: list[tuple[Table, Grid]] = field(default_factory=list)
    last_grid: Grid | None = None
    carried: list[str] = field(default_factory=list)


def read_pdf(path: Path) -> ReadDocument:
    """Read a PDF with a text layer into paragraphs and tables.

    A page that cannot be read is left out and named in :attr:`ReadDocument.unread`; the
    document is refused when no page can be read.
    """
    data = path.read_bytes()
    name, sha256 = file_identity(path, data)
    with reading(name, "corrupt PDF"):
        pages, unread = _read_pages(name, data)
    if not any(page.characters for page in pages):
        raise DocumentError(name, f"no text layer (scanned?): none of its {len(pages)} pages holds any text")
    blocks = _assemble(pages)
    return ReadDocument(
        name=name, sha256=sha256, media_type=MEDIA_TYPE, blocks=blocks, page_count=len(pages), unread=unread
    )


# -- opening ---------------------------------------------------------------------------------------


def _describe(error: Exception) -> str:
    inner = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(inner, PDFPasswordIncorrect):
        return "encrypted PDF: a password is needed to open it"
    if isinstance(inner, PDFEncryptionError):
        return f"encrypted PDF that cannot be opened ({inner})"
    if isinstance(inner, PSEOF):
        return "corrupt or truncated PDF: unexpected end of data"
    if isinstance(inner, BaseException):
        return f"corrupt PDF: {type(inner).__name__}: {inner}"
    return f"corrupt PDF: {inner}"


def _failure(name: str, error: Exception, page: int | None = None) -> DocumentError:
    """What pdfplumber or pdfminer raised, as the document's failure: running out of memory is
    not a damaged PDF."""
    if ran_out_of_memory(error):
        return OutOfMemory(name, OUT_OF_MEMORY, page)
    return DocumentError(name, _describe(error), page)


def _read_pages(name: str, data: bytes) -> tuple[list[_Page], list[UnreadPage]]:
    """The pages of the PDF, and those that could not be read (left out, each with its reason)."""
    if b"%PDF-" not in data[:_ENVELOPE]:
        raise DocumentError(name, "not a PDF file: no %PDF- header")
    if b"%%EOF" not in data[-_ENVELOPE:]:
        raise DocumentError(name, "truncated PDF: the end-of-file marker %%EOF is missing")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = list(pdf.pages)
            if not pages:
                raise DocumentError(name, "the PDF has no pages")
            refuse_over(len(pages), reader_limits().pdf_pages, "the PDF has {} pages")
            result: list[_Page] = []
            unread: list[UnreadPage] = []
            for number, page in enumerate(pages, start=1):
                try:
                    result.append(_read_page_or_fail(name, page, number))
                except OutOfMemory:
                    raise
                except DocumentError as error:
                    if len(unread) + 1 == len(pages):
                        raise DocumentError(name, f"no page can be read; {error.reason}", number) from error
                    unread.append(UnreadPage(number, error.reason))
                    result.append(_Page(number, [], [], 0))
                finally:
                    page.close()
            return result, unread
    except (PdfminerException, MalformedPDFException) as error:
        raise _failure(name, error) from error


def _read_page_or_fail(name: str, page: Any, number: int) -> _Page:
    """One page, or a :class:`DocumentError` naming it with the reason it could not be read."""
    with reading(name, "corrupt PDF", number):
        try:
            return _read_page(page, number)
        except (PdfminerException, MalformedPDFException) as error:
            raise _failure(name, error, number) from error


def _read_page(page: Any, number: int) -> _Page:
    left, top, right, bottom = (float(value) for value in page.bbox)
    chars: list[PdfObject] = [
        char
        for char in page.chars
        if left <= (float(char["x0"]) + float(char["x1"])) / 2 <= right
        and top <= (float(char["top"]) + float(char["bottom"])) / 2 <= bottom
    ]
    printed = sum(1 for char in chars if str(char.get("text", "")).strip())
    graphics: list[PdfObject] = [*page.lines, *page.rects, *page.curves]
    grids: list[Grid] = []
    settings = table_settings(graphics)
    if settings is not None and printed:
        for table in page.find_tables(settings):
            grid = build_grid(table.cells, chars, number)
            if grid is not None:
                grids.append(grid)
    outside = [char for char in chars if not any(_inside(char, grid) for grid in grids)]
    height = float(page.height)
    lines = [line for line in assemble_lines(outside) if not is_page_furniture(line, height)]
    return _Page(number, lines, sorted(grids, key=lambda grid: (grid.bbox[1], grid.bbox[0])), printed)


def _inside(char: PdfObject, grid: Grid) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    x0, top, x1, bottom = grid.bbox
    return x0 <= x <= x1 and top <= y <= bottom


# -- blocks in reading order ---------------------------------------------------------------------


def _assemble(pages: list[_Page]) -> list[Block]:
    state = _Assembly()
    for page in pages:
        _assemble_page(page, state)
    for table, grid in state.tables:
        table.rows = grid_rows(grid)
    number_tables(state.blocks)
    attach_trailing(state.blocks)
    return state.blocks


def _assemble_page(page: _Page, state: _Assembly) -> None:
    items: list[tuple[float, int, TextLine | Grid]] = [(line.top, 0, line) for line in page.lines]
    items.extend((grid.bbox[1], 1, grid) for grid in page.grids)
    items.sort(key=lambda item: (item[0], item[1]))
    above: list[TextLine] = []
    first = True
    previous_grid = state.last_grid
    state.last_grid = None
    line_number = 0
    for _, _, item in items:
        if isinstance(item, TextLine):
            line_number += 1
            state.blocks.append(Paragraph(text=item.text, line=line_number, page=page.number))
            above.append(item)
            continue
        mapping = column_map(previous_grid, item) if first and previous_grid is not None else None
        continues = not item.captions and _untitled(above) and not _names_a_table(state.carried)
        if mapping is not None and previous_grid is not None and continues:
            append_continuation(previous_grid, item, mapping)
            state.last_grid = previous_grid
        else:
            captions = _captions(above, state.carried if first else [])
            table = Table(rows=[], captions=[*captions, *item.captions])
            state.blocks.append(table)
            state.tables.append((table, item))
            state.last_grid = item
        first = False
        above = []
    state.carried = _carried_captions(above)


def _untitled(lines: list[TextLine]) -> bool:
    """No title, number or unit line above a table: it may continue the previous page's table."""
    if len(lines) > 2:
        return False
    for line in lines:
        text = re.sub(r"\s+", "", line.text)
        if _CONTINUED.search(text):
            continue
        if len(text) > CAPTION_LIMIT or is_caption_text(text):
            return False
    return True


def _captions(above: list[TextLine], carried: list[str]) -> list[str]:
    """The run of short lines just above a table (at most four), after the lines carried over.

    When the lines above the table on its own page name it, only the carried lines that are
    captions themselves (a table number left at the foot of the page before) are kept: the others
    end the narrative of that page.
    """
    run: list[str] = []
    for line in reversed(above):
        text = re.sub(r"\s+", "", line.text)
        if len(text) > CAPTION_LIMIT or len(run) == _CAPTION_LINES or _NOTE.match(text):
            break
        run.insert(0, line.text)
    if len(run) < len(above):
        return run
    if _names_a_table(run):
        carried = [line for line in carried if is_caption_text(line)]
    return [*carried, *run]


def _carried_captions(tail: list[TextLine]) -> list[str]:
    """The run of short lines (at most four) at the foot of a page, after its last table.

    They are the captions of the first table of the next page when nothing is printed above it
    there, as when a word processor pushes a table that does not fit below its title onto the
    next page; a note under the table above (``注：…``) ends the run.
    """
    run: list[str] = []
    for line in reversed(tail[-_CAPTION_LINES:]):
        text = re.sub(r"\s+", "", line.text)
        if len(text) > CAPTION_LIMIT or _NOTE.match(text):
            break
        run.insert(0, line.text)
    return run


def _names_a_table(lines: list[str]) -> bool:
    """A title, table number or unit line among ``lines``: what follows them is a new table."""
    return any(is_caption_text(line) for line in lines)
