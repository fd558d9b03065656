"""Template-agnostic layout of a read document: paragraphs and tables of text cells.

Readers (one per file format) produce a :class:`ReadDocument`; nothing here knows about budgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]


@dataclass
class Paragraph:
    """A line or paragraph of running text."""

    text: str
    line: int | None = None
    page: int | None = None


@dataclass
class Row:
    """One table row: cell texts in column order (empty string for an empty cell)."""

    cells: list[str]
    line: int | None = None
    page: int | None = None
    bboxes: list[BBox | None] | None = None
    may_continue: bool = False
    """True when the format can break one printed row into several (cells holding blank lines)."""
    indents: list[float | None] | None = None
    """How far the text of each cell starts right of the cell's left edge (PDF points), where the
    format tells: the level of a name printed indented under its parent."""

    def filled(self) -> list[str]:
        """The non-empty cells, in order."""
        return [cell for cell in self.cells if cell]

    def text(self) -> str:
        """All cell texts joined, for keyword tests."""
        return "".join(self.cells)


@dataclass
class Table:
    """A table with the caption lines printed above or inside it (titles, unit notes)."""

    rows: list[Row]
    captions: list[str] = field(default_factory=list)
    index: int = 0
    trailing: list[Paragraph] = field(default_factory=list)

    @property
    def page(self) -> int | None:
        """The page the table starts on."""
        return self.rows[0].page if self.rows else None


Block = Paragraph | Table


@dataclass(frozen=True)
class DocumentPart:
    """One file of a document published as several files (narrative in one, tables in another)."""

    name: str
    sha256: str
    first_page: int | None = None
    page_count: int | None = None


@dataclass(frozen=True)
class UnreadPage:
    """A page a reader left out because it could not be read, and why; the rest was read."""

    page: int
    reason: str


@dataclass
class ReadDocument:
    """A document as read from its file: identity plus blocks in reading order."""

    name: str
    sha256: str
    media_type: str
    blocks: list[Block]
    page_count: int | None = None
    parts: list[DocumentPart] = field(default_factory=list)
    unread: list[UnreadPage] = field(default_factory=list)

    def tables(self) -> list[Table]:
        """The tables of the document, in order."""
        return [block for block in self.blocks if isinstance(block, Table)]

    def paragraphs(self) -> list[Paragraph]:
        """The paragraphs of the document, in order."""
        return [block for block in self.blocks if isinstance(block, Paragraph)]
