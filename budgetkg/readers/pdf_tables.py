"""Ruled tables of a PDF page as grids of cells, and the grids cleaned into table rows.

Only the rules a reader can see are used to find tables. Word, when it exports a table, also
paints every cell (and often every line of text in it) as a white rectangle; taken as rules,
these cut one printed cell into several and leave grids that are mostly empty.

A :class:`Grid` is a list of cells, each with the rows and columns it spans (half-open ranges),
so that tables continued over several pages can be joined before they are cleaned:

* rows holding only the wrapped end of the text above (Word-exported tables) are joined to it;
* rows without text are dropped;
* columns holding no text of their own are dropped, and two neighbouring columns that never
  both hold text in one row are merged (the boxes of merged cells are united);
* in the header rows (above the first row with an amount) the text of a merged cell is repeated
  in every position it covers, so that each column reads with its full header; data rows keep a
  merged cell's text in its first position only, and amounts are never copied.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from budgetkg.layout import BBox, Row
from budgetkg.readers.pdf_rules import closing_rules
from budgetkg.readers.pdf_text import PdfObject, assemble_lines, join_wrapped

_EDGE_TOLERANCE = 1.0
"""Cell coordinates closer than this (points) are one grid line."""
_CONTINUATION_TOLERANCE = 2.5
"""Column rules of a continued table may be this far (points) from the rules of its first part."""
_WHITE = 0.95
_HEADER_ROWS = 6
"""At most this many rows at the top of a table are taken as its header."""
_FRAGMENT_CHARS = 12
"""A wrapped fragment row holds at most this many characters per cell."""
_CAPTION_ROWS = 4
_TITLE = re.compile(r"表(?:[（(][^）)]*[）)])?$|^公开.{0,6}表")
_UNIT = re.compile(r"单位[:：]")
_ORGANISATION = re.compile(r"^(?:编制|预算)?(?:部门|单位)(?:名称)?[:：]")
_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))")
"""A numbered label (``十五、``, ``（一）``, ``2.``) starts a line of its own, never a wrapped end."""
_DATA_LABEL = re.compile(r"^(?:\d{3,}|合计|总计)$")
"""The first cell of a data line: a classification code or a total."""
_UNFINISHED = re.compile(r"[.,]\d?$")

TABLE_SETTINGS_BASE: dict[str, Any] = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
}


@dataclass
class GridCell:
    """A cell: its text, its box, and the grid rows ``r0..r1-1`` and columns ``c0..c1-1`` it covers."""

    text: str
    bbox: BBox
    r0: int
    r1: int
    c0: int
    c1: int
    last_x1: float = 0.0
    """Where the last line of its text ends (to tell a wrapped line from a short one)."""
    size: float = 0.0
    lines: list[str] = field(default_factory=list)
    """The printed lines of its text, before they are joined."""
    indent: float | None = None
    """Where its first line starts, right of the cell's left edge."""


@dataclass
class Grid:
    """A table as found on one page (or joined over several): its cells and its column rules."""

    page: int
    bbox: BBox
    col_edges: list[float]
    row_pages: list[int]
    cells: list[GridCell] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    """Title and unit lines printed in the first rows of the grid, taken out of it."""

    @property
    def columns(self) -> int:
        return len(self.col_edges) - 1

    @property
    def rows(self) -> int:
        return len(self.row_pages)

    def text_cells(self) -> list[GridCell]:
        """The cells holding text."""
        return [cell for cell in self.cells if cell.text]


# -- finding tables ----------------------------------------------------------------------------


def _is_white(color: object) -> bool:
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list) or not color:
        return False
    if not all(isinstance(value, int | float) for value in color):
        return False
    values = [float(value) for value in color]
    if len(values) == 4:  # CMYK
        return max(values) <= 1 - _WHITE
    if len(values) in (1, 3):
        return min(values) >= _WHITE
    return False


def is_visible(graphic: PdfObject) -> bool:
    """A line, rectangle or curve that leaves a mark: stroked or filled in a colour other than white."""
    if graphic.get("stroke") and not _is_white(graphic.get("stroking_color")):
        return True
    return bool(graphic.get("fill")) and not _is_white(graphic.get("non_stroking_color"))


def table_settings(graphics: Sequence[PdfObject]) -> dict[str, Any] | None:
    """pdfplumber settings that find tables on the visible rules only, or None when there are none."""
    visible = [graphic for graphic in graphics if is_visible(graphic)]
    if len(visible) < 2:
        return None
    return {
        **TABLE_SETTINGS_BASE,
        "explicit_vertical_lines": visible,
        "explicit_horizontal_lines": [*visible, *closing_rules(visible)],
    }


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    position = bisect_right(edges, value + _EDGE_TOLERANCE) - 1
    return max(position, 0)


def build_grid(cell_boxes: Sequence[BBox], chars: Sequence[PdfObject], page: int) -> Grid | None:
    """The grid of one table from pdfplumber's cell boxes and the characters of its page.

    Characters are given to the cell their centre falls in. Returns None for a grid of one
    column (a frame around text) or without any text.
    """
    boxes = [tuple(float(value) for value in box) for box in cell_boxes]
    if not boxes:
        return None
    xs = _edges([value for box in boxes for value in (box[0], box[2])])
    ys = _edges([value for box in boxes for value in (box[1], box[3])])
    if len(xs) < 3 or len(ys) < 2:
        return None
    cells: list[GridCell] = []
    owner: list[list[int]] = [[-1] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for x0, top, x1, bottom in boxes:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        for row in range(r0, r1):
            for column in range(c0, c1):
                owner[row][column] = len(cells)
        cells.append(GridCell("", (x0, top, x1, bottom), r0, r1, c0, c1))
    left, top_edge, right, bottom_edge = xs[0], ys[0], xs[-1], ys[-1]
    contents: list[list[PdfObject]] = [[] for _ in cells]
    for char in chars:
        x = (float(char["x0"]) + float(char["x1"])) / 2
        y = (float(char["top"]) + float(char["bottom"])) / 2
        if not (left <= x < right and top_edge <= y < bottom_edge):
            continue
        row = min(bisect_right(ys, y) - 1, len(ys) - 2)
        column = min(bisect_right(xs, x) - 1, len(xs) - 2)
        index = owner[row][column]
        if index >= 0:
            contents[index].append(char)
    for cell, content in zip(cells, contents, strict=True):
        lines = assemble_lines(content)
        if lines:
            cell.lines = [line.text for line in lines]
            cell.text = join_wrapped(cell.lines)
            cell.last_x1 = lines[-1].x1
            cell.indent = lines[0].x0 - cell.bbox[0]
            cell.size = max(line.size for line in lines)
    grid = Grid(page, (left, top_edge, right, bottom_edge), xs, [page] * (len(ys) - 1), cells)
    grid.captions = _take_caption_rows(grid)
    if not grid.text_cells():
        return None
    return grid


def _is_caption_cell(text: str) -> bool:
    return bool(_TITLE.search(text) or _ORGANISATION.match(text))


def is_caption_text(text: str) -> bool:
    """A table title or number (``…表``, ``公开01表``), or a line naming the unit or the department."""
    compact = re.sub(r"\s+", "", text)
    return _is_caption_cell(compact) or bool(_UNIT.search(compact))


def _take_caption_rows(grid: Grid) -> list[str]:
    """Remove the leading rows that hold a title, a table number or a unit line; return their lines.

    Tables exported from spreadsheets print these inside the ruled area, in the first rows.
    """
    by_row: dict[int, list[GridCell]] = {}
    for cell in grid.text_cells():
        by_row.setdefault(cell.r0, []).append(cell)
    captions: list[str] = []
    taken = 0
    while taken < min(grid.rows - 1, _CAPTION_ROWS):
        cells = sorted(by_row.get(taken, []), key=lambda cell: cell.c0)
        texts = [re.sub(r"\s+", "", cell.text) for cell in cells]
        if cells and not (any(_UNIT.search(text) for text in texts) or all(map(_is_caption_cell, texts))):
            break
        if len(cells) == 1:
            captions.extend(cells[0].lines)
        elif cells:
            captions.append(" ".join(" ".join(cell.lines) for cell in cells))
        for cell in cells:
            cell.text = ""
        taken += 1
    if taken:
        _remove_rows(grid, set(range(taken)))
    return captions


# -- continued tables ----------------------------------------------------------------------------


def column_map(previous: Grid, following: Grid) -> list[int] | None:
    """How the column rules of ``following`` map onto those of ``previous``, if they all do.

    A table continued on the next page is printed with the same column rules, though a merged
    cell (a 合计 line over the code columns) may hide some of them.
    """
    mapping: list[int] = []
    for edge in following.col_edges:
        nearest = min(range(len(previous.col_edges)), key=lambda index: abs(previous.col_edges[index] - edge))
        if abs(previous.col_edges[nearest] - edge) > _CONTINUATION_TOLERANCE:
            return None
        mapping.append(nearest)
    if mapping[0] != 0 or mapping[-1] != previous.columns or mapping != sorted(set(mapping)):
        return None
    return mapping


def _row_signature(grid: Grid, row: int) -> str:
    texts = sorted((cell.c0, cell.text) for cell in grid.cells if cell.r0 == row and cell.text)
    return "|".join(re.sub(r"\s+", "", text) for _, text in texts)


def append_continuation(previous: Grid, following: Grid, mapping: list[int]) -> None:
    """Append the rows of ``following`` to ``previous``, without the header rows it repeats."""
    headers = {_row_signature(previous, row) for row in range(header_end(previous))} - {""}
    skip = 0
    while skip < following.rows and _row_signature(following, skip) in headers:
        skip += 1
    offset = previous.rows - skip
    for cell in following.cells:
        if cell.r0 < skip:
            continue
        cell.r0 += offset
        cell.r1 += offset
        cell.c0, cell.c1 = mapping[cell.c0], mapping[cell.c1]
        previous.cells.append(cell)
    previous.row_pages.extend(following.row_pages[skip:])


# -- cleaning ------------------------------------------------------------------------------------


def is_amount(text: str) -> bool:
    """A printed amount: digits with thousands separators or decimals."""
    return bool(_AMOUNT.match(text)) and ("," in text or "." in text)


def _row_has_amount(cells: list[GridCell]) -> bool:
    after_label = False
    for cell in sorted(cells, key=lambda item: item.c0):
        if _AMOUNT.match(cell.text):
            if after_label or is_amount(cell.text):
                return True
        elif cell.text:
            after_label = True
    return False


def header_end(grid: Grid) -> int:
    """The number of header rows: the rows above the first row holding an amount.

    In a table without amounts (nothing to report), the rows above the first line that starts
    with a classification code or a total.
    """
    by_row: dict[int, list[GridCell]] = {}
    for cell in grid.text_cells():
        by_row.setdefault(cell.r0, []).append(cell)
    limit = min(grid.rows, _HEADER_ROWS + 1)
    for row in range(limit):
        if _row_has_amount(by_row.get(row, [])):
            return min(row, _HEADER_ROWS)
    for row in range(limit):
        first = [cell.text for cell in by_row.get(row, []) if cell.c0 == 0]
        if first and _DATA_LABEL.match(re.sub(r"\s+", "", first[0])):
            return min(row, _HEADER_ROWS)
    return min(1, grid.rows)


def _union(first: BBox, second: BBox) -> BBox:
    return (
        min(first[0], second[0]),
        min(first[1], second[1]),
        max(first[2], second[2]),
        max(first[3], second[3]),
    )


def _continues_line(above: GridCell, fragment: GridCell) -> bool:
    """True when ``fragment`` reads as the wrapped end of the text of ``above``."""
    if len(fragment.text) > _FRAGMENT_CHARS or not above.text or _NUMBERED.match(fragment.text):
        return False
    size = above.size or fragment.size or 10.0
    if above.bbox[2] - above.last_x1 > 1.5 * size + 6.0:
        return False  # the line above ends well short of the cell edge: it did not wrap
    if _AMOUNT.match(fragment.text) or fragment.text[0] in ",.":
        # only a number left unfinished (``4,696.5`` or ``2,980.``) takes digits from below
        unfinished = not is_amount(above.text) or bool(_UNFINISHED.search(above.text))
        return unfinished and is_amount(join_wrapped([above.text, fragment.text]))
    return not _AMOUNT.match(above.text)


def merge_fragment_rows(grid: Grid) -> None:
    """Join rows that hold nothing but wrapped ends of the cells above them."""
    starting: dict[int, list[GridCell]] = {}
    ending: dict[tuple[int, int, int], GridCell] = {}
    for cell in grid.text_cells():
        starting.setdefault(cell.r0, []).append(cell)
        ending[(cell.r1, cell.c0, cell.c1)] = cell
    for row in range(1, grid.rows):
        if row not in starting:
            continue
        pairs: list[tuple[GridCell, GridCell]] = []
        for fragment in starting[row]:
            above = ending.get((row, fragment.c0, fragment.c1))
            if above is None or not above.text or not _continues_line(above, fragment):
                break
            pairs.append((above, fragment))
        else:
            for above_cell, fragment in pairs:
                above_cell.text = join_wrapped([above_cell.text, fragment.text])
                above_cell.bbox = _union(above_cell.bbox, fragment.bbox)
                above_cell.last_x1 = fragment.last_x1
                fragment.text = ""
                ending[(fragment.r1, fragment.c0, fragment.c1)] = above_cell


def _kept_index(kept: list[int], value: int) -> int:
    """How many kept positions lie before ``value``."""
    return bisect_right(kept, value - 1)


def drop_empty_rows(grid: Grid) -> None:
    """Remove the rows in which no text starts."""
    starts = {cell.r0 for cell in grid.text_cells()}
    _remove_rows(grid, {row for row in range(grid.rows) if row not in starts})


def _remove_rows(grid: Grid, removed: set[int]) -> None:
    """Remove rows, with the cells that lie only in them; cells spanning them get shorter."""
    if not removed:
        return
    kept = [row for row in range(grid.rows) if row not in removed]
    cells = []
    for cell in grid.cells:
        r0, r1 = _kept_index(kept, cell.r0), _kept_index(kept, cell.r1)
        if r1 > r0:
            cell.r0, cell.r1 = r0, r1
            cells.append(cell)
    grid.cells = cells
    grid.row_pages = [grid.row_pages[row] for row in kept]


def drop_empty_columns(grid: Grid) -> None:
    """Remove the columns in which no text starts (empty, or only covered by a merged cell)."""
    starts = {cell.c0 for cell in grid.text_cells()}
    kept = [column for column in range(grid.columns) if column in starts]
    if len(kept) == grid.columns:
        return
    cells = []
    for cell in grid.cells:
        c0, c1 = _kept_index(kept, cell.c0), _kept_index(kept, cell.c1)
        if c1 > c0:
            cell.c0, cell.c1 = c0, c1
            cells.append(cell)
    grid.cells = cells
    grid.col_edges = [grid.col_edges[column] for column in kept] + [grid.col_edges[-1]]


def _rows_overlap(first: GridCell, second: GridCell) -> bool:
    return first.r0 < second.r1 and second.r0 < first.r1


def _can_merge(grid: Grid, column: int) -> bool:
    """True when no row has text starting in both ``column`` and the column after it."""
    texts = grid.text_cells()
    left = [cell for cell in texts if cell.c0 == column]
    right = [cell for cell in texts if cell.c0 == column + 1]
    return not any(_rows_overlap(first, second) for first in left for second in right)


def _merge_columns(grid: Grid, column: int) -> None:
    """Merge column ``column + 1`` into ``column``.

    Text cells of either column take the merged column; empty cells there give their boxes to
    the text beside them and disappear. A cell merged over from the left that would now overlap
    text starting in the right column is shortened to end before it.
    """
    kept: list[GridCell] = []
    single: list[GridCell] = []
    right_texts = [cell for cell in grid.text_cells() if cell.c0 == column + 1]
    for cell in grid.cells:
        if cell.c1 <= column:
            kept.append(cell)
        elif cell.c0 >= column + 2:
            cell.c0, cell.c1 = cell.c0 - 1, cell.c1 - 1
            kept.append(cell)
        elif (
            cell.c0 < column
            and cell.c1 == column + 1
            and any(_rows_overlap(cell, other) for other in right_texts)
        ):
            cell.c1 = column
            kept.append(cell)
        elif cell.c0 <= column and cell.c1 >= column + 2:
            cell.c1 -= 1
            kept.append(cell)
        else:
            single.append(cell)
    texts = [cell for cell in single if cell.text]
    for cell in texts:
        if cell.c0 == column + 1:
            cell.c0 = column
            cell.c1 -= 1
        for empty in single:
            if not empty.text and _rows_overlap(cell, empty):
                cell.bbox = _union(cell.bbox, empty.bbox)
        kept.append(cell)
    grid.cells = kept
    del grid.col_edges[column + 1]


def compact_columns(grid: Grid) -> None:
    """Drop empty columns, then merge neighbours that never both hold text in one row."""
    drop_empty_columns(grid)
    column = 0
    while column < grid.columns - 1:
        if _can_merge(grid, column):
            _merge_columns(grid, column)
        else:
            column += 1


def grid_rows(grid: Grid) -> list[Row]:
    """The cleaned rows of a grid, one cell text and box per column."""
    merge_fragment_rows(grid)
    drop_empty_rows(grid)
    compact_columns(grid)
    headers = header_end(grid)
    width = grid.columns
    texts = [[""] * width for _ in range(grid.rows)]
    boxes: list[list[BBox | None]] = [[None] * width for _ in range(grid.rows)]
    indents: list[list[float | None]] = [[None] * width for _ in range(grid.rows)]
    for cell in grid.text_cells():
        full_width = cell.c0 == 0 and cell.c1 == width
        if cell.r0 < headers and not full_width:
            positions = [
                (row, column)
                for row in range(cell.r0, min(cell.r1, headers))
                for column in range(cell.c0, cell.c1)
            ]
        else:
            positions = [(cell.r0, cell.c0)]
        for row, column in positions:
            texts[row][column] = cell.text
            boxes[row][column] = cell.bbox
            indents[row][column] = cell.indent
    return [
        Row(cells=texts[row], page=grid.row_pages[row], bboxes=boxes[row], indents=indents[row])
        for row in range(grid.rows)
    ]
