"""Every total of a sample document, computed from its figures in :class:`Decimal`.

The functional (类/款/项) and economic (类/款) tables, the totals per unit and per department, the
“三公” figures, the running costs and the procurement and service totals all come from here, so each
document agrees with itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from budgetkg.samples.figures import ZERO, BasicLine, Budget, Project
from budgetkg.samples.vocabulary import vocabulary

AmountName = Literal[
    "personnel", "public", "project_general", "project_other", "basic", "project", "general", "total"
]

# Economic classes of basic expenditure: personnel (人员经费) or public use (公用经费).
PERSONNEL_CLASSES = ("301", "303")
PUBLIC_CLASSES = ("302",)

# Economic codes that make up the “三公” figures.
ABROAD_CODE = "30212"
RECEPTION_CODE = "30217"
VEHICLE_PURCHASE_CODE = "31013"
VEHICLE_OPERATION_CODE = "30231"


@dataclass(frozen=True)
class Amounts:
    """Amounts of a classification line or organisation, by kind and fund."""

    personnel: Decimal = ZERO
    public: Decimal = ZERO
    project_general: Decimal = ZERO
    project_other: Decimal = ZERO

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.personnel + other.personnel,
            self.public + other.public,
            self.project_general + other.project_general,
            self.project_other + other.project_other,
        )

    def pick(self, *names: AmountName) -> list[Decimal]:
        """The amounts named, in order."""
        values: dict[AmountName, Decimal] = {
            "personnel": self.personnel,
            "public": self.public,
            "project_general": self.project_general,
            "project_other": self.project_other,
            "basic": self.basic,
            "project": self.project,
            "general": self.general,
            "total": self.total,
        }
        return [values[name] for name in names]

    @property
    def basic(self) -> Decimal:
        """Basic expenditure (all from the general budget)."""
        return self.personnel + self.public

    @property
    def project(self) -> Decimal:
        """Project expenditure of all funds."""
        return self.project_general + self.project_other

    @property
    def general(self) -> Decimal:
        """Expenditure from the general public budget."""
        return self.basic + self.project_general

    @property
    def total(self) -> Decimal:
        """Expenditure of all funds."""
        return self.basic + self.project


def total_of(items: Iterable[Amounts]) -> Amounts:
    """The sum of several amounts."""
    result = Amounts()
    for item in items:
        result = result + item
    return result


def economic_kind(code: str) -> Literal["personnel", "public"]:
    """Whether an economic code is personnel or public-use expenditure."""
    if code[:3] in PERSONNEL_CLASSES:
        return "personnel"
    if code[:3] in PUBLIC_CLASSES:
        return "public"
    raise ValueError(f"economic code {code} is not basic expenditure")


def basic_amounts(line: BasicLine) -> Amounts:
    """A basic line as amounts."""
    if economic_kind(line.economic) == "personnel":
        return Amounts(personnel=line.amount)
    return Amounts(public=line.amount)


def project_amounts(project: Project) -> Amounts:
    """A project as amounts."""
    return Amounts(project_general=project.general, project_other=project.unit_funds)


def _leaves(budget: Budget, unit: str | None = None) -> list[tuple[str, Amounts]]:
    """(functional 项, amounts) of every basic line and project, of one unit or of all."""
    lines = [(line.function, basic_amounts(line)) for line in budget.basic if unit in (None, line.unit)]
    lines += [
        (project.function, project_amounts(project))
        for project in budget.projects
        if unit in (None, project.unit)
    ]
    return lines


@dataclass(frozen=True)
class ClassifiedLine:
    """A printed line of a classified table: code, name and amounts."""

    code: str
    name: str
    amounts: Amounts

    @property
    def level(self) -> int:
        """1 for 类, 2 for 款, 3 for 项."""
        return {3: 1, 5: 2, 7: 3}[len(self.code)]


def function_lines(budget: Budget) -> list[ClassifiedLine]:
    """The 类, 款 and 项 lines of the functional classification, in printed order."""
    names = vocabulary().function_names
    leaves = _leaves(budget)
    codes = sorted({code[:length] for code, _ in leaves for length in (3, 5, 7)})
    return [
        ClassifiedLine(code, names[code], total_of(a for leaf, a in leaves if leaf.startswith(code)))
        for code in codes
    ]


def economic_lines(budget: Budget) -> list[ClassifiedLine]:
    """The 类 and 款 lines of basic expenditure by economic classification, in printed order."""
    names = vocabulary().economic_names
    codes = sorted({line.economic[:length] for line in budget.basic for length in (3, 5)})
    return [
        ClassifiedLine(
            code,
            names[code],
            total_of(basic_amounts(line) for line in budget.basic if line.economic.startswith(code)),
        )
        for code in codes
    ]


def department_amounts(budget: Budget) -> Amounts:
    """The amounts of the whole department."""
    return total_of(amounts for _, amounts in _leaves(budget))


def unit_amounts(budget: Budget, unit: str) -> Amounts:
    """The amounts of one unit."""
    return total_of(amounts for _, amounts in _leaves(budget, unit))


def class_amounts(budget: Budget) -> dict[str, Amounts]:
    """The amounts of each expenditure class (类) by name."""
    return {line.name: line.amounts for line in function_lines(budget) if line.level == 1}


@dataclass(frozen=True)
class ThreePublic:
    """The “三公” figures."""

    abroad: Decimal
    reception: Decimal
    vehicle_purchase: Decimal
    vehicle_operation: Decimal

    @property
    def vehicles(self) -> Decimal:
        """Vehicle purchase and operation."""
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> Decimal:
        """All “三公” expenses."""
        return self.abroad + self.reception + self.vehicles


def three_public(budget: Budget) -> ThreePublic:
    """The “三公” figures, from the economic lines of basic expenditure.

    Vehicle purchase (31013) is capital expenditure and never a basic line, so it is always zero here.
    """

    def of(code: str) -> Decimal:
        return sum((line.amount for line in budget.basic if line.economic == code), ZERO)

    return ThreePublic(
        of(ABROAD_CODE), of(RECEPTION_CODE), of(VEHICLE_PURCHASE_CODE), of(VEHICLE_OPERATION_CODE)
    )


def running_costs(budget: Budget) -> Decimal:
    """机关运行经费: the public-use part of basic expenditure."""
    return department_amounts(budget).public


def procurement_total(budget: Budget, kind: str = "") -> Decimal:
    """Procurement of goods (A), works (B), services (C) or, by default, everything."""
    return sum((p.amount for p in budget.purchases if p.catalogue.startswith(kind)), ZERO)


def small_firms_total(budget: Budget) -> Decimal:
    """Procurement reserved for small and medium firms."""
    return sum((p.amount for p in budget.purchases if p.for_small_firms), ZERO)


def service_total(budget: Budget) -> Decimal:
    """All purchases of services."""
    return sum((service.amount for service in budget.services), ZERO)
