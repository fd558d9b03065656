"""Records extracted from a budget document, independent of file format and of RDF.

Every record carries its :class:`Source`, so that each triple emitted later can name the
document, page, table and row it came from.  Amounts are in 万元 as exact decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.layout import BBox, DocumentPart
from budgetkg.numbers import Target


@dataclass(frozen=True)
class Source:
    """Where a fact was read."""

    document: str
    table_number: int | None = None
    table_title: str | None = None
    row: int | None = None
    line: int | None = None
    page: int | None = None
    bbox: BBox | None = None
    group: int = 0
    """The column group of a table printing two groups of columns side by side (0 = the first)."""


@dataclass(frozen=True)
class DocumentInfo:
    """Identity and scope of a disclosure."""

    name: str
    sha256: str
    media_type: str
    title: str
    region_code: str
    region_name: str
    department_name: str
    department_code: str | None
    fiscal_year: int
    phase: str
    kind: str
    page_count: int | None = None
    parts: tuple[DocumentPart, ...] = ()
    source_url: str | None = None


@dataclass(frozen=True)
class Organisation:
    """A department (部门) or one of its budget units (单位)."""

    name: str
    code: str | None
    level: str
    parent_code: str | None = None


@dataclass(frozen=True)
class TableRecord:
    """A recognised table of the document."""

    number: int
    kind: str
    title: str
    printed_unit: str
    page: int | None
    declared_empty: bool = False
    empty_statement: str | None = None


@dataclass(frozen=True)
class BudgetLine:
    """One amount of a table: an observation of the budget data cube."""

    table: int
    order: int
    item_name: str
    printed_value: str
    amount: Decimal | None
    status: str
    source: Source
    operation: str = "expenditure"
    fund: str | None = None
    expenditure_type: str | None = None
    summary_item: str | None = None
    classification: str | None = None
    code: str | None = None
    unit_code: str | None = None
    project_code: str | None = None
    project_name: str | None = None
    is_total: bool = False
    phase: str | None = None
    """The budget phase of this amount when it differs from the document's (a final-accounts
    table that also prints the budget figures)."""
    name_path: tuple[str, ...] = ()
    """For a classified line printed with its name only (no code): the names of its 类, 款 …
    down to its own, when its level is known (the level is the length of the path)."""


@dataclass(frozen=True)
class Project:
    """A budget project, with its code where the document prints one."""

    name: str
    code: str | None
    unit_code: str | None
    source: Source


@dataclass(frozen=True)
class ProcurementLine:
    """A line of a government procurement budget table."""

    order: int
    unit_code: str | None
    project_name: str
    catalogue_code: str | None
    item_name: str
    function_code: str | None
    economic_code: str | None
    quantity: Decimal | None
    quantity_unit: str | None
    unit_price: Decimal | None
    amount: Decimal | None
    sme_amount: Decimal | None
    micro_small_amount: Decimal | None
    funding_text: str | None
    source: Source


@dataclass(frozen=True)
class ServicePurchaseLine:
    """A line of a government purchase-of-services table."""

    order: int
    unit_code: str | None
    project_name: str
    content: str
    includes_procurement: bool | None
    quantity: Decimal | None
    amount: Decimal | None
    function_code: str | None
    economic_code: str | None
    catalogue_path: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class IndicatorTarget:
    """The target of an indicator for one year column."""

    year_role: str
    target: Target


@dataclass(frozen=True)
class Indicator:
    """A 三级指标 of a performance-target form."""

    order: int
    scope: str
    project_name: str | None
    goal: str | None
    horizon: str
    level1: str
    level2: str | None
    level3: str
    targets: tuple[IndicatorTarget, ...]
    weight: Decimal | None
    basis: str | None
    source: Source

    def current(self) -> IndicatorTarget | None:
        """The target for the budget year itself."""
        for target in self.targets:
            if target.year_role == "current-year":
                return target
        return None


@dataclass(frozen=True)
class StaffFigure:
    """A head count stated in the narrative."""

    organisation: str
    category: str
    headcount: int
    source: Source


@dataclass(frozen=True)
class NarrativeStatement:
    """An amount or quantity stated in the narrative."""

    topic: str
    amount: Decimal | None
    quantity: Decimal | None
    quantity_unit: str | None
    change_amount: Decimal | None
    change_percent: Decimal | None
    text: str
    source: Source
    change_base: Decimal | None = None
    """The previous year's amount where the sentence states it (比上年预算数 100.00 万元增加 …)."""
    share_percent: Decimal | None = None
    """The share of a whole the sentence states (占 21.84%)."""
    share_whole: Decimal | None = None
    """The amount of that whole, where the narrative states it."""
    share_whole_topic: str | None = None
    """The topic of that whole, where the sentence names a total of the tables (占部门支出总额的)."""


@dataclass(frozen=True)
class AssetHolding:
    """A line of a fixed-asset table."""

    item: str
    quantity: Decimal | None
    value: Decimal | None
    source: Source


@dataclass(frozen=True)
class ExtractionFinding:
    """A part of the document that could not be read: a cell, a column or a whole table.

    ``rule`` is an ``extract.*`` rule id declared in ``shapes/extraction.ttl``, which also gives its
    severity (``info`` or ``warning``: a reading failure is never an error of the document).
    ``source`` names the page, table and, where known, the row; ``printed`` is the text concerned
    as printed (a cell, a column header, a table title).
    """

    rule: str
    severity: str
    reason_zh: str
    reason_en: str
    source: Source
    printed: str = ""


@dataclass
class Extraction:
    """Everything read from one document."""

    document: DocumentInfo
    organisations: list[Organisation] = field(default_factory=list)
    tables: list[TableRecord] = field(default_factory=list)
    lines: list[BudgetLine] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    procurement: list[ProcurementLine] = field(default_factory=list)
    services: list[ServicePurchaseLine] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    staff: list[StaffFigure] = field(default_factory=list)
    statements: list[NarrativeStatement] = field(default_factory=list)
    assets: list[AssetHolding] = field(default_factory=list)
    findings: list[ExtractionFinding] = field(default_factory=list)
