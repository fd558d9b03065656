"""What the flow graph is drawn from: documents, the totals they state, the files they were read from
and where a node's figures are printed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetkg.questions import ResultRow

ZERO = Decimal(0)

Source = tuple[str, str, str, str]
"""Where a node comes from: the document IRI, the line IRI (or ""), the page (or "") and what the line
is (its code and name)."""

BASES = {"general": "一般公共预算支出表", "fiscal": "财政拨款支出表", "form": "部门整体绩效目标表"}
"""The tables a document's money is read from, by basis: the general public budget table by function,
the 财政拨款 table by function (which may hold government fund money too), the performance form."""


def amount(value: object) -> Decimal:
    """A figure of a result row (absent: zero)."""
    return Decimal(str(value)) if value not in (None, "") else ZERO


def source(row: ResultRow, line_key: str = "line") -> Source:
    """Where a result row's figure is printed: its document, line, page and what the line is."""
    what = " ".join(str(row[key]) for key in ("code", "unit_code", "name", "unit_name") if row.get(key))
    return (str(row["doc"]), str(row.get(line_key) or ""), str(row.get("page") or ""), what)


@dataclass(frozen=True)
class SourceFile:
    """A file a document was read from: its name, the document page its first page is, its SHA-256 and
    where the explorer links to it (``href``; None when the file is not at hand)."""

    name: str
    first_page: int
    sha256: str
    href: str | None = None


@dataclass(frozen=True)
class StatedTotal:
    """A general public budget total a document prints, the table it is read from and where."""

    basis: str
    amount: Decimal
    line: str
    page: str


@dataclass(frozen=True)
class Document:
    """One published budget, where it sits in the menus and what its flows are drawn from.

    ``drawn_from`` is ``functions`` (its table by function), ``total`` (only its stated total, which
    flows on unsplit) or ``""`` (nothing to draw); ``basis`` is the table (a key of :data:`BASES`).
    """

    iri: str
    region_code: str
    region_name: str
    year: str
    phase: str
    phase_name: str
    department: str
    published_at: str = ""
    drawn_from: str = ""
    basis: str = ""
    stated: StatedTotal | None = None
    files: tuple[SourceFile, ...] = ()

    @property
    def group(self) -> str:
        """The region, year and phase the document's money belongs to."""
        return f"{self.region_code}|{self.year}|{self.phase}"

    @property
    def title(self) -> str:
        """The department, year and phase, as the page names the document."""
        return f"{self.department} {self.year}年{self.phase_name}"
