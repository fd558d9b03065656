"""What a sample budget is made of: the figures one document states, before anything is computed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

Layout = Literal["tab-rows", "cell-lines"]
UnitKind = Literal["行政", "事业"]
Comparator = Literal["≥", "≤", ">", "<", "=", "range", ""]

LAYOUTS: tuple[Layout, ...] = get_args(Layout)
UNIT_KINDS: tuple[UnitKind, ...] = get_args(UnitKind)
COMPARATORS: tuple[Comparator, ...] = get_args(Comparator)

ZERO = Decimal(0)
CENT = Decimal("0.01")
"""Amounts are in 万元, to the cent."""


@dataclass(frozen=True)
class Region:
    """A county-level area, with the names of the city and province above it."""

    code: str
    province: str
    city: str
    name: str


@dataclass(frozen=True)
class Unit:
    """A budget unit (预算单位) of a department, with its six-digit code."""

    code: str
    name: str
    kind: UnitKind = "行政"


@dataclass(frozen=True)
class Staff:
    """Establishment posts (编制) and people actually employed or retired."""

    administrative: int
    institution: int
    serving: int
    retired: int

    @property
    def establishment(self) -> int:
        """All establishment posts."""
        return self.administrative + self.institution


@dataclass(frozen=True)
class BasicLine:
    """One economic line (款) of basic expenditure of a unit, charged to a functional 项."""

    unit: str
    economic: str
    function: str
    amount: Decimal


@dataclass(frozen=True)
class Target:
    """A performance target: a comparison with a number and unit, a range, or words."""

    comparator: Comparator = ""
    value: str = ""
    unit: str = ""
    upper: str = ""
    words: str = ""

    def __post_init__(self) -> None:
        if bool(self.words) == bool(self.comparator):
            raise ValueError("a target has either words or a comparator")
        if self.comparator and not self.value:
            raise ValueError(f"the comparator {self.comparator} has no value")
        if (self.comparator == "range") != bool(self.upper):
            raise ValueError("a range, and only a range, has an upper value")

    @property
    def text(self) -> str:
        """The target as printed."""
        if self.words:
            return self.words
        if self.comparator == "range":
            return f"{self.value}{self.unit}-{self.upper}{self.unit}"
        sign = "" if self.comparator == "=" else self.comparator
        return f"{sign}{self.value}{self.unit}"


@dataclass(frozen=True)
class Indicator:
    """A 三级指标 under its 一级 and 二级 categories, with its target for the budget year."""

    level1: str
    level2: str
    level3: str
    target: Target
    weight: int = 10
    basis: str = "计划数据"
    description: str = ""
    long_term: Target | None = None

    @property
    def long_target(self) -> Target:
        """The target of the long-term table (the annual one unless stated)."""
        return self.long_term or self.target


@dataclass(frozen=True)
class Form:
    """A performance-target form: goals and the indicator grid."""

    long_goal: str
    annual_goal: str
    indicators: tuple[Indicator, ...]

    def __post_init__(self) -> None:
        if not self.indicators:
            raise ValueError("a form has at least one indicator")


@dataclass(frozen=True)
class Project:
    """A project of a unit, charged to one functional 项."""

    number: int
    unit: str
    name: str
    function: str
    general: Decimal
    unit_funds: Decimal = ZERO
    withheld: bool = False
    purpose: str = ""
    form: Form | None = None
    form_name: str | None = None
    category: str = "运转类"

    @property
    def total(self) -> Decimal:
        """All funds of the project."""
        return self.general + self.unit_funds

    @property
    def title_on_form(self) -> str:
        """The project name printed on its performance form."""
        return self.form_name or self.name


@dataclass(frozen=True)
class Purchase:
    """A government procurement line; ``project`` is None for purchases from basic expenditure."""

    unit: str
    project: str | None
    catalogue: str
    item: str
    function: str
    economic: str
    quantity: int
    measure: str
    unit_price: Decimal
    for_small_firms: bool = True

    @property
    def amount(self) -> Decimal:
        """Quantity times unit price."""
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class ServicePurchase:
    """A purchase of services from social bodies (政府购买服务); ``project`` is None for basic expenditure."""

    unit: str
    project: str | None
    content: str
    quantity: int
    amount: Decimal
    function: str
    economic: str
    catalogue: tuple[str, str, str]
    includes_procurement: bool = True


@dataclass(frozen=True)
class Budget:
    """The figures of one published budget document."""

    layout: Layout
    region: Region
    department: str
    department_code: str
    short_name: str
    year: int
    units: tuple[Unit, ...]
    staff: Staff
    duties: tuple[str, ...]
    basic: tuple[BasicLine, ...]
    projects: tuple[Project, ...]
    purchases: tuple[Purchase, ...]
    department_form: Form | None = None
    services: tuple[ServicePurchase, ...] = ()
    vehicles: int = 0
    previous: Budget | None = None
    """The same department's figures of the year before, when a sample of that year exists."""

    def __post_init__(self) -> None:
        if not self.units:
            raise ValueError("a budget has at least one unit")

    @property
    def publisher(self) -> str:
        """The organisation the document names as its publisher (the unit, for unit budgets)."""
        return self.units[0].name if self.layout == "cell-lines" else self.department

    @property
    def basic_purchase_source(self) -> str:
        """How the procurement table names purchases paid from basic expenditure."""
        return "在职人员公用" if self.layout == "tab-rows" else f"{self.year}年日常公用经费"

    def paid_from(self, line: Purchase | ServicePurchase) -> str:
        """The project a purchase is paid from, or the name of basic expenditure."""
        return line.project or self.basic_purchase_source

    def project_forms(self) -> list[tuple[Project, Form]]:
        """The performance forms the document prints: those of every disclosed project that has one."""
        return [
            (project, project.form)
            for project in self.projects
            if project.form is not None and not project.withheld
        ]

    def unit(self, code: str) -> Unit:
        """The unit with this code."""
        return next(unit for unit in self.units if unit.code == code)

    def project_code(self, project: Project) -> str:
        """``<region><yy><department>T<9 digits>``, the Hubei project code."""
        return f"{self.region.code}{self.year % 100:02d}{self.department_code}T{project.number:09d}"


def document_name(budget: Budget) -> str:
    """``sample_<region>_<department>_<year>``: the name of the document and of its figures file."""
    return f"sample_{budget.region.code}_{budget.department_code}_{budget.year}"


def file_name(budget: Budget) -> str:
    """``sample_<region>_<department>_<year>.txt``: the document as written."""
    return f"{document_name(budget)}.txt"
