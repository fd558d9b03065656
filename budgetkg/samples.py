"""Invented but internally consistent budget disclosures, for demonstrations and tests.

Every figure of a sample document is stated once, in the dataclasses of the FIGURES section: the
classified lines of basic expenditure, the projects, the procurement lines and purchases of services,
the staff numbers and the performance indicators.  Everything else is computed from them in
:class:`Decimal`: the functional (类/款/项) and economic (类/款) tables, the totals per unit and per
department, the income side of the summary tables, the “三公” figures, the running costs and the
narrative statements.  Each document is therefore consistent with itself.

Two renderers imitate the text-dump layouts the readers accept: :func:`render_tab_rows` (tab
separated rows, the Hubei/Wuhan department template) and :func:`render_cell_lines` (one cell per
line, the Hebei unit template).  :func:`expected_rows` states, from the same figures, the rows each
saved contract query must return for a sample.

The names of departments, units and places are real; all figures, projects, indicators and texts
are invented.  Regenerate the shipped files with ``python -m budgetkg.samples samples/``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Literal

from budgetkg.paths import SAMPLES_DIR

Layout = Literal["tab-rows", "cell-lines"]

ZERO = Decimal(0)
CENT = Decimal("0.01")

# -- standard vocabulary ------------------------------------------------------------------------

FUNCTION_NAMES: dict[str, str] = {
    "201": "一般公共服务支出",
    "20101": "人大事务",
    "2010101": "行政运行",
    "2010102": "一般行政管理事务",
    "2010104": "人大会议",
    "2010106": "人大监督",
    "2010107": "人大代表履职能力提升",
    "2010108": "代表工作",
    "20108": "审计事务",
    "2010801": "行政运行",
    "2010804": "审计业务",
    "2010806": "信息化建设",
    "204": "公共安全支出",
    "20406": "司法",
    "2040601": "行政运行",
    "2040602": "一般行政管理事务",
    "2040604": "基层司法业务",
    "2040605": "普法宣传",
    "2040607": "公共法律服务",
    "2040610": "社区矫正",
    "2040650": "事业运行",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
}

ECONOMIC_NAMES: dict[str, str] = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30213": "维修(护)费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30227": "委托业务费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30302": "退休费",
    "30307": "医疗费补助",
    "310": "资本性支出",
    "31002": "办公设备购置",
}

# Economic classes of basic expenditure: personnel (人员经费) or public use (公用经费).
PERSONNEL_CLASSES = ("301", "303")
PUBLIC_CLASSES = ("302",)

# Economic codes that make up the “三公” figures.
ABROAD_CODE = "30212"
RECEPTION_CODE = "30217"
VEHICLE_PURCHASE_CODE = "31013"
VEHICLE_OPERATION_CODE = "30231"

# Expenditure classes (类) in the order the summary tables of each template print them.
HUBEI_CLASSES = (
    "一般公共服务支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "社会保障和就业支出",
    "卫生健康支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "国有资本经营预算支出",
    "灾害防治及应急管理支出",
    "其他支出",
    "债务还本支出",
    "债务付息支出",
    "债务发行费用支出",
    "国防支出",
)
HEBEI_CLASSES = (
    "一般公共服务支出",
    "外交支出",
    "国防支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "社会保障和就业支出",
    "社会保险基金支出",
    "卫生健康支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "国有资本经营预算支出",
    "灾害防治及应急管理支出",
    "预备费",
    "其他支出",
    "转移性支出",
    "债务还本支出",
    "债务付息支出",
    "债务发行费用支出",
    "抗疫特别国债安排的支出",
    "人行科目",
)
HUBEI_INCOME = (
    "一般公共预算拨款收入",
    "政府性基金预算拨款收入",
    "国有资本经营预算拨款收入",
    "财政专户管理资金收入",
    "事业收入",
    "事业单位经营收入",
    "上级补助收入",
    "附属单位上缴收入",
    "其他收入",
)

# The columns each saved contract query selects, in order.
QUERY_COLUMNS: dict[str, tuple[str, ...]] = {
    "department-overview": (
        "region_code",
        "region_name",
        "department",
        "fiscal_year",
        "total_expenditure",
        "basic_expenditure",
        "project_expenditure",
        "general_budget_total",
    ),
    "expenditure-by-function": (
        "region_code",
        "department",
        "fiscal_year",
        "fund",
        "function_code",
        "function_name",
        "amount",
        "basic_amount",
        "project_amount",
    ),
    "basic-by-economic": (
        "region_code",
        "department",
        "fiscal_year",
        "economic_code",
        "economic_name",
        "amount",
        "personnel_amount",
        "public_amount",
    ),
    "projects": (
        "region_code",
        "department",
        "fiscal_year",
        "unit_code",
        "project_code",
        "project_name",
        "amount",
        "disclosed",
    ),
    "indicators": (
        "region_code",
        "department",
        "fiscal_year",
        "scope",
        "project_name",
        "level1",
        "level2",
        "level3",
        "target_text",
        "comparator",
        "target_value",
        "target_unit",
    ),
    "three-public": (
        "region_code",
        "department",
        "fiscal_year",
        "total",
        "abroad",
        "reception",
        "vehicle_purchase",
        "vehicle_operation",
    ),
    "procurement": (
        "region_code",
        "department",
        "fiscal_year",
        "unit_code",
        "project_name",
        "catalogue_code",
        "item_name",
        "function_code",
        "economic_code",
        "quantity",
        "unit_price",
        "amount",
    ),
}


# -- FIGURES: what a budget is made of ----------------------------------------------------------


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
    kind: Literal["行政", "事业"] = "行政"


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

    comparator: Literal["≥", "≤", ">", "<", "=", "range", ""] = ""
    value: str = ""
    unit: str = ""
    upper: str = ""
    words: str = ""

    @property
    def text(self) -> str:
        """The target as printed."""
        if self.words:
            return self.words
        if self.comparator == "range":
            return f"{self.value}{self.unit}-{self.upper}{self.unit}"
        sign = "" if self.comparator == "=" else self.comparator
        return f"{sign}{self.value}{self.unit}"


def at_least(value: str, unit: str = "") -> Target:
    """``≥value unit``."""
    return Target("≥", value, unit)


def at_most(value: str, unit: str = "") -> Target:
    """``≤value unit``."""
    return Target("≤", value, unit)


def exactly(value: str, unit: str = "") -> Target:
    """A plain number with its unit (read as ``=``)."""
    return Target("=", value, unit)


def between(value: str, upper: str, unit: str) -> Target:
    """A range such as ``97%-100%``."""
    return Target("range", value, unit, upper)


def words(text: str) -> Target:
    """A qualitative target."""
    return Target(words=text)


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

    @property
    def publisher(self) -> str:
        """The organisation the document names as its publisher (the unit, for unit budgets)."""
        return self.units[0].name if self.layout == "cell-lines" else self.department

    def unit(self, code: str) -> Unit:
        """The unit with this code."""
        return next(unit for unit in self.units if unit.code == code)

    def project_code(self, project: Project) -> str:
        """``<region><yy><department>T<9 digits>``, the Hubei project code."""
        return f"{self.region.code}{self.year % 100:02d}{self.department_code}T{project.number:09d}"


# -- computed figures ---------------------------------------------------------------------------


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
    leaves = _leaves(budget)
    codes = sorted({code[:length] for code, _ in leaves for length in (3, 5, 7)})
    return [
        ClassifiedLine(code, FUNCTION_NAMES[code], total_of(a for leaf, a in leaves if leaf.startswith(code)))
        for code in codes
    ]


def economic_lines(budget: Budget) -> list[ClassifiedLine]:
    """The 类 and 款 lines of basic expenditure by economic classification, in printed order."""
    codes = sorted({line.economic[:length] for line in budget.basic for length in (3, 5)})
    return [
        ClassifiedLine(
            code,
            ECONOMIC_NAMES[code],
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


def service_total(budget: Budget) -> Decimal:
    """All purchases of services."""
    return sum((service.amount for service in budget.services), ZERO)


def basic_purchase_source(budget: Budget) -> str:
    """How a procurement table names purchases from basic expenditure."""
    return "在职人员公用" if budget.layout == "tab-rows" else f"{budget.year}年日常公用经费"


def check(budget: Budget) -> list[str]:
    """Problems of the figures: unknown codes, strangers, purchases beyond their budget."""
    problems: list[str] = []
    units = {unit.code for unit in budget.units}
    for line in budget.basic:
        if len(line.function) != 7 or any(line.function[:n] not in FUNCTION_NAMES for n in (3, 5, 7)):
            problems.append(f"unknown functional code {line.function}")
        if (
            len(line.economic) != 5
            or line.economic[:3] not in ECONOMIC_NAMES
            or line.economic not in ECONOMIC_NAMES
        ):
            problems.append(f"unknown economic code {line.economic}")
        if line.unit not in units:
            problems.append(f"basic line of unknown unit {line.unit}")
        if line.amount <= 0 or line.amount != line.amount.quantize(CENT):
            problems.append(f"amount {line.amount} of {line.economic} is not a positive amount in cents")
    for project in budget.projects:
        if project.unit not in units:
            problems.append(f"project {project.name} of unknown unit {project.unit}")
        if any(project.function[:n] not in FUNCTION_NAMES for n in (3, 5, 7)):
            problems.append(f"project {project.name}: unknown functional code {project.function}")
    spending = [(p.unit, p.project, p.economic, p.amount) for p in budget.purchases]
    problems += _overspent(budget, "purchases", spending)
    spending = [(p.unit, p.project, p.economic, p.amount) for p in budget.services]
    problems += _overspent(budget, "purchases of services", spending)
    for code in [p.function for p in budget.purchases] + [p.function for p in budget.services]:
        if code not in FUNCTION_NAMES:
            problems.append(f"unknown functional code {code}")
    for code in [p.economic for p in budget.purchases] + [p.economic for p in budget.services]:
        if code not in ECONOMIC_NAMES:
            problems.append(f"unknown economic code {code}")
    template = HUBEI_CLASSES if budget.layout == "tab-rows" else HEBEI_CLASSES
    for name in class_amounts(budget):
        if name not in template:
            problems.append(f"class {name} is not printed by the summary table")
    return problems


Spending = list[tuple[str, str | None, str, Decimal]]


def _overspent(budget: Budget, what: str, spending: Spending) -> list[str]:
    """Problems where (unit, project, economic code, amount) lines exceed the money they come from.

    Lines without a project are paid from basic expenditure and must fit the unit's line of the same
    economic code; the others must fit their project.
    """
    problems: list[str] = []
    projects = {project.name: project for project in budget.projects}
    used: dict[tuple[str, str], Decimal] = {}
    for unit, project, economic, amount in spending:
        if project is not None and (project not in projects or projects[project].unit != unit):
            problems.append(f"{what} for unknown project {project} of unit {unit}")
            continue
        key = (unit, project) if project is not None else (unit, economic)
        used[key] = used.get(key, ZERO) + amount
    for (unit, source), amount in used.items():
        if source in projects:
            available = projects[source].total
        else:
            available = sum(
                (line.amount for line in budget.basic if line.unit == unit and line.economic == source), ZERO
            )
        if amount > available:
            problems.append(f"{what} of {unit} from {source} ({amount}) exceed the {available} budgeted")
    return problems


# -- formatting ---------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int, *, nian: bool = False) -> str:
    """一 … 九十九; with ``nian``, 21–29 are written 廿一 … 廿九 as the Hubei tables print them."""
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    if tens == 1:
        head = "十"
    elif nian and tens == 2 and ones:
        return "廿" + _DIGITS[ones]
    else:
        head = _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def grouped(value: Decimal) -> str:
    """An amount with thousands separators (``4,696.54``); blank for zero."""
    return f"{value:,.2f}" if value else ""


def plain(value: Decimal) -> str:
    """An amount without separators (``4696.54``); blank for zero."""
    return f"{value:.2f}" if value else ""


def stated(value: Decimal) -> str:
    """An amount as the narrative states it, zero included."""
    return f"{value:.2f}"


def decimal_text(value: Decimal) -> str:
    """An amount as a plain decimal string for the expected rows; empty for zero."""
    return format(value.quantize(CENT), "f") if value else ""


def percent(part: Decimal, whole: Decimal) -> str:
    """A share in per cent with two decimals."""
    return f"{(part * 100 / whole).quantize(CENT)}%" if whole else "0%"


def wrap_name(name: str) -> str:
    """A long name broken the way narrow PDF columns break it (the break is a space in the dump)."""
    return f"{name[:7]} {name[7:]}" if len(name) > 8 else name


class _Text:
    """Lines of a dump under construction."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def paragraph(self, *texts: str) -> None:
        """Paragraphs, each followed by a blank line."""
        for text in texts:
            self.lines.extend([text, ""])

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Tab-separated rows, then a blank line."""
        self.lines.extend("\t".join(row) for row in rows)
        self.lines.append("")

    def cells(self, rows: Iterable[Sequence[str]], gap: int = 1) -> None:
        """One cell per line, each prefixed by a tab; rows separated by ``gap`` blank lines."""
        for row in rows:
            self.lines.extend("\t" + cell for cell in row)
            self.lines.extend([""] * gap)

    def text(self) -> str:
        """The dump, ending in a newline."""
        return "\n".join(self.lines).rstrip("\n") + "\n"


# -- the tab-rows layout (Hubei / Wuhan department budget) ---------------------------------------


def render_tab_rows(budget: Budget) -> str:
    """The document in the tab-rows layout of a Wuhan district department budget."""
    out = _Text()
    out.lines.extend(["", ""])
    out.paragraph(f"{budget.department} {budget.year} 年预算")
    _tab_contents(out, budget)
    _tab_narrative(out, budget)
    _tab_tables(out, budget)
    _tab_forms(out, budget)
    return out.text()


_TAB_TABLES = (
    "收支预算总表",
    "支出预算总表",
    "财政拨款收支预算总表",
    "一般公共预算支出表(分功能科目)",
    "一般公共预算支出表(分单位)",
    "一般公共预算基本支出表",
    "一般公共预算“三公”经费支出表",
    "政府性基金预算支出表",
    "国有资本经营预算支出表",
    "项目支出预算表",
    "政府采购预算表",
)
_SERVICES_TABLE = "政府向社会力量购买服务预算表"


def _tab_table_titles(budget: Budget) -> list[str]:
    """The titles of the tables a tab-rows document prints, in order (without the year)."""
    return [*_TAB_TABLES, *([_SERVICES_TABLE] if budget.services else [])]


def _tab_contents(out: _Text, budget: Budget) -> None:
    year = budget.year
    out.paragraph("目 录", "第一部分基本情况")
    out.paragraph(
        "\n".join(f"- {heading}" for heading in ("一、主要职能", "二、预算单位构成情况", "三、人员构成情况"))
    )
    out.paragraph("第二部分预算情况说明")
    sections = (
        "收支预算总体安排情况",
        "收入预算安排情况",
        "支出预算安排情况",
        "财政拨款收支预算总体情况",
        "一般公共预算支出安排情况",
        "一般公共预算基本支出安排情况",
        "政府性基金预算支出安排情况",
        "国有资本经营预算支出安排情况",
        "项目支出安排情况",
        "其他重要事项的情况说明",
    )
    out.paragraph("\n".join(f"- {chinese_number(n)}、{title}" for n, title in enumerate(sections, start=1)))
    out.paragraph("第三部分一般公共预算“三公”经费预算情况说明", "第四部分名词解释", "第五部分预算公开报表")
    out.paragraph(
        "\n".join(
            f"- {chinese_number(n)}、{year}年{title}" for n, title in enumerate(_tab_table_titles(budget), 1)
        )
    )


def _total(budget: Budget) -> Decimal:
    return department_amounts(budget).total


def _change(budget: Budget, measure: Callable[[Budget], Decimal]) -> str:
    """``，比2023年预算增加 12.30 万元，增长 4.5%``: the change against the year before, when known."""
    if budget.previous is None:
        return ""
    before, now, year = measure(budget.previous), measure(budget), budget.previous.year
    if now == before or not before:
        return f"，与 {year} 年预算持平" if now == before else ""
    direction, growth = ("增加", "增长") if now > before else ("减少", "下降")
    change = abs(now - before)
    rate = (change * 100 / before).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"，比 {year} 年预算{direction} {stated(change)} 万元，{growth} {rate}%"


def _services_statement(budget: Budget) -> str:
    if not budget.services:
        return f"本部门 {budget.year} 年没有安排政府购买服务预算。"
    return (
        f"{budget.year} 年政府购买服务支出合计 {stated(service_total(budget))} 万元，"
        f"共安排 {len(budget.services)} 项购买服务内容。"
    )


def _enumeration(items: Iterable[str]) -> list[str]:
    """Items of a list in running text: each ends in a semicolon, the last in a full stop."""
    texts = list(items)
    return [text + ("。" if index == len(texts) - 1 else "；") for index, text in enumerate(texts)]


def _tab_narrative(out: _Text, budget: Budget) -> None:
    year = budget.year
    totals = department_amounts(budget)
    staff = budget.staff
    out.paragraph("第一部分基本情况", "一、主要职能", *budget.duties)
    names = "、".join(unit.name for unit in budget.units)
    out.paragraph(
        "二、预算单位构成情况",
        f"本部门{year}年部门预算由{len(budget.units)}家单位的预算组成，包括：{names}。",
    )
    posts = f"行政编制 {staff.administrative} 人"
    if staff.institution:
        posts += f"，事业编制 {staff.institution} 人"
    out.paragraph(
        "三、人员构成情况",
        f"{budget.department}共有编制 {staff.establishment} 人。其中：{posts}。{year - 1} 年底在职人员实有数 "
        f"{staff.serving} 人，离退休人员实有数 {staff.retired} 人。",
    )
    income = f"一般公共预算拨款收入 {stated(totals.general)} 万元"
    if totals.project_other:
        income += f"，其他收入 {stated(totals.project_other)} 万元"
    out.paragraph(
        "第二部分预算情况说明",
        "一、收支预算总体安排情况",
        f"{year} 年收支总预算 {stated(totals.total)} 万元{_change(budget, _total)}。"
        "全部收入和支出均纳入部门预算管理。",
        "二、收入预算安排情况",
        f"{year} 年收入预算 {stated(totals.total)} 万元{_change(budget, _total)}。其中：{income}。",
        "三、支出预算安排情况",
        f"{year} 年支出预算 {stated(totals.total)} 万元{_change(budget, _total)}。"
        f"其中：基本支出 {stated(totals.basic)} 万元，"
        f"项目支出 {stated(totals.project)} 万元。",
        "四、财政拨款收支预算总体情况",
        f"{year} 年财政拨款收支总预算 {stated(totals.general)} 万元，均为一般公共预算拨款。",
        "五、一般公共预算支出安排情况",
        f"{year} 年一般公共预算拨款 {stated(totals.general)} 万元，其中："
        f"基本支出 {stated(totals.basic)} 万元，项目支出 {stated(totals.project_general)} 万元。"
        "按支出功能分类：",
    )
    classes = [line for line in function_lines(budget) if line.level == 1 and line.amounts.general]
    out.paragraph(
        *_enumeration(
            f"{n}、{line.name} {stated(line.amounts.general)} 万元" for n, line in enumerate(classes, 1)
        )
    )
    out.paragraph(
        "六、一般公共预算基本支出安排情况",
        f"{year} 年一般公共预算基本支出 {stated(totals.basic)} 万元，其中："
        f"人员经费 {stated(totals.personnel)} 万元，公用经费 {stated(totals.public)} 万元。"
        "按部门预算支出经济分类：",
    )
    economic = [line for line in economic_lines(budget) if len(line.code) == 3]
    out.paragraph(
        *_enumeration(
            f"（{chinese_number(n)}）{line.name} {stated(line.amounts.basic)} 万元"
            for n, line in enumerate(economic, 1)
        )
    )
    out.paragraph(
        "七、政府性基金预算支出安排情况",
        f"本部门 {year} 年没有使用政府性基金预算拨款安排的支出。",
        "八、国有资本经营预算支出安排情况",
        f"本部门 {year} 年没有使用国有资本经营预算拨款安排的支出。",
        "九、项目支出安排情况",
    )
    split = f"{year} 年项目支出 {stated(totals.project)} 万元"
    if totals.project_other:
        split += (
            f"，其中：一般公共预算本年拨款 {stated(totals.project_general)} 万元，"
            f"单位资金 {stated(totals.project_other)} 万元"
        )
    out.paragraph(split + "。")
    for n, project in enumerate(budget.projects, 1):
        if project.withheld:
            out.paragraph(f"{n}、{project.name}，属于涉密事项，依法不予公开。")
        else:
            out.paragraph(f"{n}、{project.name} {stated(project.total)} 万元，{project.purpose}。")
    public = three_public(budget)
    vehicles = f"本部门现有一般公务用车{budget.vehicles}辆。" if budget.vehicles else "本部门无一般公务用车。"
    out.paragraph(
        "十、其他重要事项的情况说明",
        "（一）机关运行经费情况",
        f"{year} 年机关运行经费 {stated(running_costs(budget))} 万元{_change(budget, running_costs)}。"
        "主要用于保障机关日常办公和运转。",
        "（二）政府采购预算情况",
        f"{year} 年纳入政府采购预算支出合计 {stated(procurement_total(budget))} 万元"
        f"{_change(budget, procurement_total)}。其中："
        f"货物类 {stated(procurement_total(budget, 'A'))} 万元，"
        f"服务类 {stated(procurement_total(budget, 'C'))} 万元。",
        "（三）政府购买服务情况",
        _services_statement(budget),
        "（四）国有资产占有使用情况",
        vehicles,
        "（五）预算绩效开展情况",
        f"{year} 年本部门公开的项目均编制了绩效目标，部门整体支出纳入绩效目标管理，涉及预算支出 "
        f"{stated(totals.total)} 万元。",
    )
    abroad = (
        f"因公出国（境）费 {stated(public.abroad)} 万元。"
        if public.abroad
        else "本部门未安排因公出国（境）费。"
    )
    out.paragraph(
        "第三部分一般公共预算“三公”经费预算情况说明",
        "一、“三公”经费的单位范围",
        f"本部门“三公”经费预算包括所属 {len(budget.units)} 家单位。",
        f"二、{year} 年一般公共预算“三公”经费预算情况",
        f"{year} 年一般公共预算安排“三公”经费预算 {stated(public.total)} 万元。",
        "（一）因公出国（境）费",
        abroad,
        "（二）公务接待费",
        f"公务接待费 {stated(public.reception)} 万元，用于按规定标准开支的公务接待。",
        "（三）公务用车购置及运行维护费",
        f"公务用车购置费 {stated(public.vehicle_purchase)} 万元，公务用车运行维护费 "
        f"{stated(public.vehicle_operation)} 万元。",
    )
    out.paragraph(
        "第四部分名词解释",
        "（一）财政拨款收入：本级财政当年拨付给本部门的资金。",
        "（二）基本支出：保障机构正常运转、完成日常工作任务所需的人员支出和公用支出。",
        "（三）项目支出：在基本支出之外，为完成特定工作任务安排的支出。",
        "（四）“三公”经费：用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
        "（五）机关运行经费：行政单位用于购买货物和服务的公用经费。",
        "第五部分预算公开报表",
    )


def _tab_title(out: _Text, number: int, title: str, unit: str = "单位：万元") -> None:
    out.paragraph(f"预算 {number:02d} 表", title, unit)


def _tab_tables(out: _Text, budget: Budget) -> None:
    year = budget.year
    totals = department_amounts(budget)
    classes = class_amounts(budget)
    lines = function_lines(budget)

    _tab_title(out, 1, f"{year} 年收支预算总表")
    income = [totals.general, *([ZERO] * 7), totals.project_other]
    expense = [classes.get(name, Amounts()).total for name in HUBEI_CLASSES]
    rows: list[list[str]] = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]]
    for index in range(max(len(HUBEI_INCOME), len(HUBEI_CLASSES))):
        left = ["", ""]
        if index < len(HUBEI_INCOME):
            left = [f"{chinese_number(index + 1)}、{HUBEI_INCOME[index]}", grouped(income[index])]
        right = [f"{chinese_number(index + 1, nian=True)}、{HUBEI_CLASSES[index]}", grouped(expense[index])]
        rows.append(left + right)
    rows += [
        ["本年收入合计", grouped(totals.total), "本年支出合计", grouped(totals.total)],
        ["上年结转结余", "", "年终结转结余", ""],
        ["收入总计", grouped(totals.total), "支出总计", grouped(totals.total)],
    ]
    out.rows(rows)

    _tab_title(out, 2, f"{year} 年支出预算总表")
    rows = [
        [
            "科目编 码",
            "科目名称",
            "合计",
            "基本支 出",
            "项目支出",
            "事业 单位 经营 支出",
            "上缴 上级 支出",
            "对附属 单位补 助支出",
        ],
        ["", "合计", grouped(totals.total), grouped(totals.basic), grouped(totals.project), "", "", ""],
    ]
    rows += [
        [
            line.code,
            wrap_name(line.name) if line.level > 1 else line.name,
            grouped(line.amounts.total),
            grouped(line.amounts.basic),
            grouped(line.amounts.project),
            "",
            "",
            "",
        ]
        for line in lines
    ]
    out.rows(rows)

    _tab_title(out, 3, f"{year} 年财政拨款收支预算总表")
    income_side = [
        ["一、本年收入", grouped(totals.general)],
        ["（一）一般公共预算拨款", grouped(totals.general)],
        ["（二）政府性基金预算拨款", ""],
        ["（三）国有资本经营预算拨款", ""],
        ["二、上年结转", ""],
        ["（一）一般公共预算拨款", ""],
        ["（二）政府性基金预算拨款", ""],
        ["（三）国有资本经营预算拨款", ""],
    ]
    expense_side = [["一、本年支出", grouped(totals.general)]]
    expense_side += [
        [f"（{chinese_number(n, nian=True)}）{name}", grouped(classes.get(name, Amounts()).general)]
        for n, name in enumerate(HUBEI_CLASSES, 1)
    ]
    expense_side.append(["二、年终结转结余", ""])
    rows = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]]
    for index, right in enumerate(expense_side):
        rows.append((income_side[index] if index < len(income_side) else ["", ""]) + right)
    rows.append(["收入总计", grouped(totals.general), "支出总计", grouped(totals.general)])
    out.rows(rows)

    def general_row(code: str, name: str, amounts: Amounts) -> list[str]:
        return [
            code,
            name,
            grouped(amounts.general),
            grouped(amounts.basic),
            grouped(amounts.personnel),
            grouped(amounts.public),
            grouped(amounts.project_general),
        ]

    _tab_title(out, 4, f"{year} 年一般公共预算支出表(分功能科目)")
    rows = [
        ["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"],
        ["", "", "", "小计", "人员经费", "公用经费", ""],
        general_row("", "合计", totals),
    ]
    rows += [general_row(line.code, line.name, line.amounts) for line in lines if line.amounts.general]
    out.rows(rows)

    _tab_title(out, 5, f"{year} 年一般公共预算支出表(分单位)")
    rows = [
        ["单位编码", "单位名称", "合计", "基本支出", "", "", "项目支出"],
        ["", "", "", "小计", "人员经费", "公用经费", ""],
        general_row("", "合计", totals),
        general_row(budget.department_code, budget.department, totals),
    ]
    rows += [general_row(unit.code, unit.name, unit_amounts(budget, unit.code)) for unit in budget.units]
    out.rows(rows)

    _tab_title(out, 6, f"{year} 年一般公共预算基本支出表")
    rows = [
        ["部门预算支出经济分类科目", "", "本年一般公共预算基本支出", "", ""],
        ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        ["", "合计", grouped(totals.basic), grouped(totals.personnel), grouped(totals.public)],
    ]
    rows += [
        [
            line.code,
            line.name,
            grouped(line.amounts.basic),
            grouped(line.amounts.personnel),
            grouped(line.amounts.public),
        ]
        for line in economic_lines(budget)
    ]
    out.rows(rows)

    public = three_public(budget)
    _tab_title(out, 7, f"{year} 年一般公共预算“三公”经费支出表", "单位:万元")
    out.rows(
        [
            ["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费"],
            ["", "", "小计", "公务用车购置费", "公务用车运行费", ""],
            [
                grouped(public.total),
                grouped(public.abroad),
                grouped(public.vehicles),
                grouped(public.vehicle_purchase),
                grouped(public.vehicle_operation),
                grouped(public.reception),
            ],
        ]
    )

    _tab_title(out, 8, f"{year} 年政府性基金预算支出表")
    out.rows(
        [["科目编码", "科目名称", "本年政府性基金预算支出", "", ""], ["", "", "合计", "基本支出", "项目支出"]]
    )
    out.paragraph("本单位没有使用政府性基金预算拨款安排的支出")
    _tab_title(out, 9, f"{year} 年国有资本经营预算支出表")
    out.rows(
        [["科目编码", "科目名称", "国有资本经营预算支出", "", ""], ["", "", "合计", "基本支出", "项目支出"]]
    )
    out.paragraph("本单位没有使用国有资本经营预算拨款安排的支出")

    _tab_projects(out, budget)
    _tab_procurement(out, budget)
    if budget.services:
        _tab_services(out, budget)


def _tab_projects(out: _Text, budget: Budget) -> None:
    totals = department_amounts(budget)

    def amounts_row(code: str, name: str, unit: str, amounts: Amounts) -> list[str]:
        return [
            code,
            name,
            unit,
            grouped(amounts.project),
            grouped(amounts.project_general),
            "",
            "",
            "",
            "",
            "",
            "",
            grouped(amounts.project_other),
        ]

    _tab_title(out, 10, f"{budget.year} 年项目支出预算表")
    rows = [
        [
            "项目编码",
            "项目名称",
            "项目单位",
            "合计",
            "本年拨款",
            "",
            "",
            "财政拨款结转结余",
            "",
            "",
            "财政专户管理资金",
            "单位资金",
        ],
        [
            "",
            "",
            "",
            "",
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算",
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算",
            "",
            "",
        ],
        amounts_row("", "合计", "", totals),
        amounts_row(budget.department_code, budget.department, "", totals),
    ]
    for unit in budget.units:
        projects = [project for project in budget.projects if project.unit == unit.code]
        if not projects:
            continue
        unit_total = total_of(project_amounts(project) for project in projects)
        rows.append(amounts_row(unit.code, unit.name, "", unit_total))
        rows.append(amounts_row("31", "本级支出项目", "", unit_total))
        for project in projects:
            code = budget.project_code(project)
            if project.withheld:
                rows.append([code, project.name, unit.name, *([""] * 9)])
            else:
                rows.append(amounts_row(code, project.name, unit.name, project_amounts(project)))
    out.rows(rows)


def _bracketed(code: str, name: str) -> str:
    return f"[{code}]{name}"


def _tab_procurement(out: _Text, budget: Budget) -> None:
    total = procurement_total(budget)
    small = sum((p.amount for p in budget.purchases if p.for_small_firms), ZERO)
    _tab_title(out, 11, f"{budget.year} 年政府采购预算表")
    rows = [
        [
            "单位代码",
            "单位名称",
            "项目",
            "政府采购品目",
            "功能科目",
            "部门支出经济分类",
            "资金来源",
            "资金性质",
            "采购数量",
            "单价(万元)",
            "计量单位",
            "采购金额",
            "",
            "",
        ],
        [*([""] * 11), "采购金额合计(万元)", "其中面向中小企业(万元)", "其中面向小微企业(万元)"],
        ["", "合计", *([""] * 9), grouped(total), grouped(small), grouped(small)],
        [budget.department_code, budget.department, *([""] * 12)],
    ]
    for purchase in budget.purchases:
        share = grouped(purchase.amount) if purchase.for_small_firms else ""
        rows.append(
            [
                purchase.unit,
                budget.unit(purchase.unit).name,
                purchase.project or basic_purchase_source(budget),
                _bracketed(purchase.catalogue, purchase.item),
                _bracketed(purchase.function, FUNCTION_NAMES[purchase.function]),
                _bracketed(purchase.economic, ECONOMIC_NAMES[purchase.economic]),
                "预算安排",
                "经费拨款补助",
                str(purchase.quantity),
                grouped(purchase.unit_price),
                purchase.measure,
                grouped(purchase.amount),
                share,
                share,
            ]
        )
    out.rows(rows)


def _tab_services(out: _Text, budget: Budget) -> None:
    number = _tab_table_titles(budget).index(_SERVICES_TABLE) + 1
    _tab_title(out, number, f"{budget.year} 年{_SERVICES_TABLE}")
    rows = [
        [
            "单位代码",
            "单位名称",
            "是否包含政府采购",
            "项目",
            "政府购买服务内容",
            "购买数量",
            "购买金额",
            "资金来源",
            "资金性质",
            "支出功能分类科目",
            "部门支出经济分类",
            "政府购买服务指导目录",
            "",
            "",
        ],
        [*([""] * 11), "一级目录", "二级目录", "三级目录"],
        ["", "合计", "", "", "", "", grouped(service_total(budget)), *([""] * 7)],
        [budget.department_code, budget.department, *([""] * 12)],
    ]
    for service in budget.services:
        rows.append(
            [
                service.unit,
                budget.unit(service.unit).name,
                "是" if service.includes_procurement else "否",
                service.project or basic_purchase_source(budget),
                service.content,
                str(service.quantity),
                grouped(service.amount),
                "预算安排",
                "经费拨款补助",
                _bracketed(service.function, FUNCTION_NAMES[service.function]),
                _bracketed(service.economic, ECONOMIC_NAMES[service.economic]),
                *service.catalogue,
            ]
        )
    out.rows(rows)


_CHECKED = '<input checked="" type="checkbox"/>'
_UNCHECKED = '<input type="checkbox"/>'


def _tab_forms(out: _Text, budget: Budget) -> None:
    year = budget.year
    area = budget.region.name
    number = len(_tab_table_titles(budget)) + 1
    if budget.department_form is not None:
        out.paragraph(f"表 {number}-《{year} 年{area}部门（单位）整体绩效目标申报表》")
        number += 1
        _tab_department_form(out, budget, budget.department_form)
    forms = [project for project in budget.projects if project.form is not None and not project.withheld]
    if not forms:
        return
    out.paragraph(f"表 {number}- 《{year} 年项目支出绩效目标申报表》")
    for project in forms:
        out.paragraph(f"{year}年{area}项目支出(绩效目标)申报表")
        _tab_project_form(out, budget, project)


def _grid_labels(indicators: Sequence[Indicator]) -> list[tuple[str, str]]:
    """The 一级 and 二级 cells as printed: blank where the row above already says the same."""
    labels: list[tuple[str, str]] = []
    previous: Indicator | None = None
    for indicator in indicators:
        same1 = previous is not None and previous.level1 == indicator.level1
        same2 = same1 and previous is not None and previous.level2 == indicator.level2
        labels.append(("" if same1 else indicator.level1, "" if same2 else indicator.level2))
        previous = indicator
    return labels


def _tab_department_form(out: _Text, budget: Budget, form: Form) -> None:
    year = budget.year
    totals = department_amounts(budget)
    rows: list[list[str]] = [
        [f"{year}年{budget.region.name}部门整体绩效目标申报表", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "单位：万元"],
        ["部门（单位）名称", budget.department, "", "", "", "", ""],
        ["部门总体资金情况", "总体资金情况", "", "当年金额", "占比", "", ""],
        ["", "收入构成", "财政拨款", plain(totals.general), percent(totals.general, totals.total), "", ""],
        [
            "",
            "",
            "单位资金",
            stated(totals.project_other),
            percent(totals.project_other, totals.total),
            "",
            "",
        ],
        ["", "", "合计", plain(totals.total), "100%", "", ""],
        [
            "",
            "支出构成",
            "人员类项目支出",
            plain(totals.personnel),
            percent(totals.personnel, totals.total),
            "",
            "",
        ],
        ["", "", "运转类项目支出", plain(totals.public), percent(totals.public, totals.total), "", ""],
        ["", "", "特定目标类项目支出", plain(totals.project), percent(totals.project, totals.total), "", ""],
        ["合计", "", plain(totals.total), "100%", "", "", ""],
        ["部门职能概述", "".join(budget.duties), "", "", "", "", ""],
        ["年度工作任务", form.annual_goal, "", "", "", "", ""],
        ["整体绩效总目标", f"长期目标（截止{year + 2}年）", "", "年度目标", "", "", ""],
        ["", form.long_goal, "", form.annual_goal, "", "", ""],
        ["长期目标1:", form.long_goal, "", "", "", "", ""],
        ["长期绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", ""],
    ]
    labels = _grid_labels(form.indicators)
    for (level1, level2), indicator in zip(labels, form.indicators, strict=True):
        rows.append(["", level1, level2, indicator.level3, indicator.long_target.text, indicator.basis, ""])
    rows += [
        ["年度目标1:", "", form.annual_goal, "", "", "", "", "", ""],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "", "", "指标值确定依据", ""],
        ["", "", "", "", "近两年指标值", "", "预期当年实现值", "", ""],
        ["", "", "前年", "上年", "", "", "", "", ""],
    ]
    for (level1, level2), indicator in zip(labels, form.indicators, strict=True):
        text = indicator.target.text
        rows.append(["", level1, level2, indicator.level3, text, text, text, indicator.basis, ""])
    out.rows(rows)


def _tab_project_form(out: _Text, budget: Budget, project: Project) -> None:
    assert project.form is not None
    form = project.form
    year = budget.year
    amount = f"{stated(project.total)}万"
    general = f"{stated(project.general)}万"
    other = f"{stated(project.unit_funds)}万" if project.unit_funds else ""
    kinds = ("运转类", "特定目标类本级支出", "特定目标类上级转移支出")
    category = " ".join(
        f"{n}. {kind} {_CHECKED if kind == project.category else _UNCHECKED}"
        for n, kind in enumerate(kinds, 1)
    )
    frequency = f"1. 一次性项目 {_UNCHECKED} 2. 常年项目 {_CHECKED} 3. 延续性项目 {_UNCHECKED}"
    rows: list[list[str]] = [
        ["项目名称", project.title_on_form, "项目代码", budget.project_code(project), "", ""],
        ["项目主管部门", budget.short_name, "项目执行单位", budget.unit(project.unit).name, "", ""],
        ["项目负责人", "", "联系电话", "", "", ""],
        ["项目年度", str(year), "", "", "", ""],
        ["项目类别", category, "", "", "", ""],
        ["项目安排频度", frequency, "", "", "", ""],
        ["立项依据", f"<p>根据本部门职责和{year}年重点工作安排设立。</p>", "", "", "", ""],
        ["项目实施方案", f"<p>{project.purpose}，按年度计划分步实施。</p>", "", "", "", ""],
        ["项目总预算", "（延续性项目填写）", "", "项目当年预算", amount, ""],
        [f"{year}年预算申报项目资金来源", "来源项目", "", f"{year}年预算申报数", "", ""],
        ["", "当年预算合计", "", amount, "", ""],
        ["", "1. 财政拨款收入（区级安排数）", "", general, "", ""],
        ["", "2. 财政拨款收入（上级转移支付）", "", "", "", ""],
        ["", "3. 专户管理的非税收入拨款", "", "", "", ""],
        ["", "4. 其他资金（含事业基金及上年结转或结余等）", "", other, "", ""],
        [
            f"{year}年项目支出明细及依据",
            "项目内容",
            "测算依据及说明",
            "本级财政拨款金额",
            "上级转移支付金额",
            "其他资金",
        ],
        ["", project.title_on_form, "按年度工作量测算", general, "", other],
        ["项目绩效总目标", "", "", "", "", "", "", "", ""],
        ["名称", "", "目标说明", "", "", "", "", "", ""],
        ["长期绩效目标1", "", form.long_goal, "", "", "", "", "", ""],
        ["年度绩效目标1", "", form.annual_goal, "", "", "", "", "", ""],
        ["长期绩效目标表", "", "", "", "", "", "", "", ""],
        ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "", "", ""],
    ]
    labels = _grid_labels(form.indicators)
    for index, ((level1, level2), indicator) in enumerate(zip(labels, form.indicators, strict=True)):
        goal = "长期绩效目标1" if index == 0 else ""
        rows.append(
            [goal, level1, level2, indicator.level3, indicator.long_target.text, indicator.basis, "", "", ""]
        )
    rows += [
        ["年度绩效目标表", "", "", "", "", "", "", "", ""],
        [
            "目标名称",
            "指标权重比例(%)",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "",
            "",
            "",
            "指标值确定依据",
        ],
        ["", "", "", "", "", "前年", "上年", "预计当年实现", "指标分值权重", ""],
    ]
    for index, ((level1, level2), indicator) in enumerate(zip(labels, form.indicators, strict=True)):
        goal, share = ("年度绩效目标1", "100") if index == 0 else ("", "")
        text = indicator.target.text
        rows.append(
            [
                goal,
                share,
                level1,
                level2,
                indicator.level3,
                text,
                text,
                text,
                str(indicator.weight),
                indicator.basis,
            ]
        )
    out.rows(rows)


# -- the cell-lines layout (Hebei unit budget) --------------------------------------------------


def render_cell_lines(budget: Budget) -> str:
    """The document in the cell-lines layout of a Hebei unit budget."""
    out = _Text()
    unit = budget.units[0]
    heading = [f"{unit.code}{unit.name}", f"预算年度：{budget.year}", "单位：万元"]
    out.lines.append("一、单位预算公开报表")
    _hebei_tables(out, budget, heading)
    _hebei_narrative(out, budget, heading)
    return out.text()


def _hebei_table(out: _Text, title: str, heading: list[str], rows: Sequence[Sequence[str]]) -> None:
    out.lines.append(title)
    out.cells([heading, *rows])
    out.lines.extend(["", ""])


def _sequence(rows: Iterable[Sequence[str]]) -> list[list[str]]:
    return [[str(n), *row] for n, row in enumerate(rows, 1)]


def _hebei_tables(out: _Text, budget: Budget, heading: list[str]) -> None:
    totals = department_amounts(budget)
    classes = class_amounts(budget)
    lines = function_lines(budget)
    columns = ["栏次", *(str(n) for n in range(1, 5))]

    income = [totals.general, *([ZERO] * 7), totals.project_other]
    body: list[list[str]] = []
    for index, name in enumerate(HEBEI_CLASSES):
        left = ["", ""]
        if index < len(HUBEI_INCOME):
            left = [f"{chinese_number(index + 1)}、{HUBEI_INCOME[index]}", plain(income[index])]
        body.append(
            [*left, f"{chinese_number(index + 1)}、{name}", plain(classes.get(name, Amounts()).total)]
        )
    body += [
        ["本年收入合计", plain(totals.total), "本年支出合计", plain(totals.total)],
        ["上年结转结余", "", "年终结转结余", ""],
        ["收入总计", plain(totals.total), "支出总计", plain(totals.total)],
    ]
    _hebei_table(
        out,
        "单位预算收支总表",
        heading,
        [["序号", "收入", "支出"], ["", "项  目", "预算数", "项  目", "预算数"], columns, *_sequence(body)],
    )

    def income_row(code: str, name: str, amounts: Amounts) -> list[str]:
        return [
            code,
            name,
            plain(amounts.total),
            plain(amounts.total),
            plain(amounts.general),
            "",
            "",
            "",
            "",
            "",
            plain(amounts.project_other),
            "",
        ]

    body = [
        income_row("", "合计", totals),
        *(income_row(line.code, line.name, line.amounts) for line in lines),
    ]
    _hebei_table(
        out,
        "单位预算收入总表",
        heading,
        [
            ["序号", "功能分类科目", "合计", "本年收入", "上年结转"],
            [
                "",
                "科目编码",
                "科目名称",
                "",
                "小计",
                "财政拨款收入",
                "财政专户收入",
                "事业收入",
                "经营收入",
                "上级补助收入",
                "附属单位上缴收入",
                "其他收入",
                "",
            ],
            ["栏次", *(str(n) for n in range(1, 13))],
            *_sequence(body),
        ],
    )

    body = [["", "合计", plain(totals.total), plain(totals.basic), plain(totals.project), "", "", ""]]
    body += [
        [
            line.code,
            line.name,
            plain(line.amounts.total),
            plain(line.amounts.basic),
            plain(line.amounts.project),
            "",
            "",
            "",
        ]
        for line in lines
    ]
    _hebei_table(
        out,
        "单位预算支出总表",
        heading,
        [
            [
                "序号",
                "功能分类科目",
                "合计",
                "基本支出",
                "项目支出",
                "经营支出",
                "上解上级     支出",
                "对附属单位补助支出",
            ],
            ["", "科目    编码", "科目名称", "", "", "", "", ""],
            ["栏次", *(str(n) for n in range(1, 9))],
            *_sequence(body),
        ],
    )

    income_side = [
        ["一、一般公共预算拨款", plain(totals.general)],
        ["二、政府性基金预算拨款", ""],
        ["三、国有资本经营预算拨款", ""],
    ]
    body = []
    for index, name in enumerate(HEBEI_CLASSES):
        amount = plain(classes.get(name, Amounts()).general)
        left = income_side[index] if index < len(income_side) else ["", ""]
        body.append([*left, f"{chinese_number(index + 1)}、{name}", amount, amount, "", ""])
    body += [
        [
            "本年收入合计",
            plain(totals.general),
            "本年支出合计",
            plain(totals.general),
            plain(totals.general),
            "",
            "",
        ],
        ["年初财政拨款结转和结余", "", "年末财政拨款结转和结余", "", "", "", ""],
        ["一、一般公共预算拨款", "", "", "", "", "", ""],
        ["二、政府性基金预算拨款", "", "", "", "", "", ""],
        ["三、国有资本经营预算拨款", "", "", "", "", "", ""],
        ["收入总计", plain(totals.general), "支出总计", plain(totals.general), plain(totals.general), "", ""],
    ]
    _hebei_table(
        out,
        "单位预算财政拨款收支总表",
        heading,
        [
            ["序号", "收入", "支出"],
            [
                "",
                "项  目",
                "金额",
                "项  目",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政    拨款",
                "国有资本经营预算财政拨款",
            ],
            ["栏次", *(str(n) for n in range(1, 8))],
            *_sequence(body),
        ],
    )

    body = [["", "合计", plain(totals.general), plain(totals.basic), plain(totals.project_general)]]
    body += [
        [
            line.code,
            line.name,
            plain(line.amounts.general),
            plain(line.amounts.basic),
            plain(line.amounts.project_general),
        ]
        for line in lines
        if line.amounts.general
    ]
    _hebei_table(
        out,
        "单位预算一般公共预算财政拨款支出表",
        heading,
        [
            ["序号", "功能分类科目", "合计", "基本支出", "项目支出"],
            ["", "科目编码", "科目名称", "", "", ""],
            ["栏次", *(str(n) for n in range(1, 6))],
            *_sequence(body),
        ],
    )

    body = [["", "合计", plain(totals.basic), plain(totals.personnel), plain(totals.public)]]
    body += [
        [
            line.code,
            line.name,
            plain(line.amounts.basic),
            plain(line.amounts.personnel),
            plain(line.amounts.public),
        ]
        for line in economic_lines(budget)
    ]
    _hebei_table(
        out,
        "单位预算一般公共预算财政拨款基本支出表",
        heading,
        [
            ["序号", "支出部门经济分类科目", "一般公共预算基本支出"],
            ["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"],
            ["栏次", *(str(n) for n in range(1, 6))],
            *_sequence(body),
        ],
    )

    for title, what in (
        ("单位预算政府性基金预算财政拨款支出表", "政府性基金预算财政拨款"),
        ("单位预算国有资本经营预算财政拨款支出表", "国有资本经营预算财政拨款"),
    ):
        out.lines.append(title)
        out.cells(
            [
                heading,
                ["序号", "功能分类科目", "合计", "基本支出", "项目支出"],
                ["", "科目编码", "科目名称", "", "", ""],
                ["栏次", *(str(n) for n in range(1, 6))],
                ["", "", "", "", "", ""],
            ]
        )
        out.lines.append(f"注：本单位没有{what}安排的支出，本表为空表。")

    public = three_public(budget)

    def six(value: Decimal) -> str:
        return f"{value:.6f}" if value else "0"

    body = [
        ["一", "因公出国（境）费", six(public.abroad), six(public.abroad), "", ""],
        ["", "其中：教学科研人员因公出国（境）费", "0", "0", "", ""],
        ["", "其他因公出国（境）费", six(public.abroad), six(public.abroad), "", ""],
        ["二", "公务用车购置及运维费", six(public.vehicles), six(public.vehicles), "", ""],
        ["", "其中：公务用车购置费", six(public.vehicle_purchase), six(public.vehicle_purchase), "", ""],
        ["", "公务用车运行维护费", six(public.vehicle_operation), six(public.vehicle_operation), "", ""],
        ["三", "公务接待费", six(public.reception), six(public.reception), "", ""],
    ]
    _hebei_table(
        out,
        "单位预算财政拨款“三公”经费支出表",
        heading,
        [
            ["序号", "项  目", "资 金 性 质"],
            [
                "",
                "",
                "合计",
                "一般公共预算              财政拨款",
                "政府性基金                  预算拨款",
                "国有资本经营              预算财政拨款",
            ],
            ["栏次", *(str(n) for n in range(1, 6))],
            *body,
        ],
    )


def _hebei_narrative(out: _Text, budget: Budget, heading: list[str]) -> None:
    year = budget.year
    unit = budget.units[0]
    totals = department_amounts(budget)
    public = three_public(budget)
    out.lines += [
        f"{unit.name}{year}年单位预算信息公开情况说明",
        f"本说明与前列报表一并公开{unit.name}{year}年单位预算。",
        "一、单位职责及机构设置情况",
        *budget.duties,
        f"本单位为{unit.kind}单位，共有编制{budget.staff.establishment}人，其中：行政编制"
        f"{budget.staff.administrative}人。{year - 1}年底在职人员实有数"
        f"{budget.staff.serving}人，离退休人员实有数{budget.staff.retired}人。",
        "二、单位预算安排的总体情况",
        f"{year}年本单位收入预算{stated(totals.total)}万元，全部为一般公共预算拨款。{year}年支出预算"
        f"{stated(totals.total)}万元，其中：基本支出{stated(totals.basic)}万元，项目支出{stated(totals.project)}万元。",
        "三、机关运行经费安排情况",
        f"本单位{year}年机关运行经费共计安排支出{stated(running_costs(budget))}万元，用于保障日常办公运转。",
        "四、财政拨款“三公”经费预算情况",
        f"{year}年，本单位财政拨款“三公”经费预算安排{stated(public.total)}万元，其中：因公出国（境）费"
        f"{stated(public.abroad)}万元；公务用车购置及运维费{stated(public.vehicles)}万元（其中：公务用车购置费"
        f"{stated(public.vehicle_purchase)}万元，公务用车运行维护费{stated(public.vehicle_operation)}万元）；"
        f"公务接待费{stated(public.reception)}万元。",
        "",
        "",
        "五、预算绩效信息",
    ]
    forms = [project for project in budget.projects if project.form is not None]
    for number, project in enumerate(forms, 1):
        assert project.form is not None
        _hebei_form(out, number, project.title_on_form, project.form)
    out.lines += [
        "六、政府采购预算情况",
        f"{year}年，本单位安排政府采购预算{stated(procurement_total(budget))}万元，明细见下表。",
        "单位政府采购预算",
    ]
    _hebei_procurement(out, budget, heading)
    out.lines += [
        "注：采购品目按政府采购品目分类目录填列，同一品目的单价因规格不同而有差异。",
        "七、其他需要说明的事项",
        "本单位无其他需要说明的事项。",
    ]


def _hebei_form(out: _Text, number: int, name: str, form: Form) -> None:
    out.lines.append(f"{number}、{name}绩效目标表")
    out.lines += ["\t绩效目标", f"\t1.{form.long_goal}", f"2.{form.annual_goal}", "", "", " "]
    out.cells([["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]])
    previous: Indicator | None = None
    for indicator in form.indicators:
        level1 = "" if previous is not None and previous.level1 == indicator.level1 else indicator.level1
        out.cells(
            [
                [level1, indicator.level2, indicator.level3],
                [indicator.description],
                [indicator.target.text, indicator.basis],
            ]
        )
        out.lines.append("")
        previous = indicator
    out.lines.append("")


def _hebei_procurement(out: _Text, budget: Budget, heading: list[str]) -> None:
    year = budget.year
    unit = budget.units[0]
    total = procurement_total(budget)
    small = sum((p.amount for p in budget.purchases if p.for_small_firms), ZERO)
    names = {project.name: project for project in budget.projects}
    public = department_amounts(budget).public
    rows: list[list[str]] = [
        heading[:1] + heading[2:],
        [
            "政府采购项目来源",
            "采购物品名称",
            "政府采购目录序号",
            "计量  单位",
            "数量",
            "单价",
            "政府采购金额（当年部门预算安排资金）",
            f"{year}年  预留中  小微企  业份额",
        ],
        [
            "项目名称",
            "预算    资金",
            "",
            "",
            "",
            "",
            "",
            "合计",
            "一般公共预算拨款",
            "基金预算拨款",
            "国有资本经营预算拨款",
            "财政专户核拨",
            "单位    资金",
            "财政拨    款结转",
            "非财政    拨款结    转结余",
            "",
        ],
        ["合  计", *([""] * 6), plain(total), plain(total), *([""] * 6), plain(small)],
        [f"{unit.name}小计", *([""] * 6), plain(total), plain(total), *([""] * 6), plain(small)],
    ]
    for purchase in budget.purchases:
        if purchase.project is None:
            source, budgeted = basic_purchase_source(budget), public
        else:
            source, budgeted = purchase.project, names[purchase.project].total
        share = plain(purchase.amount) if purchase.for_small_firms else ""
        rows.append(
            [
                source,
                plain(budgeted),
                purchase.item,
                purchase.catalogue,
                purchase.measure,
                str(purchase.quantity),
                plain(purchase.unit_price),
                plain(purchase.amount),
                plain(purchase.amount),
                *([""] * 6),
                share,
            ]
        )
    out.cells(rows)
    out.lines.append("")


# -- what the contract queries must return ------------------------------------------------------

Row = dict[str, str]


def _row(budget: Budget, query: str, **values: str) -> Row:
    common = {
        "region_code": budget.region.code,
        "region_name": budget.region.name,
        "department": budget.publisher,
        "fiscal_year": str(budget.year),
    }
    columns = QUERY_COLUMNS[query]
    merged = {**common, **values}
    unknown = set(values) - set(columns)
    if unknown:
        raise KeyError(f"{query} has no column {sorted(unknown)}")
    return {column: merged.get(column, "") for column in columns}


def _target_fields(target: Target) -> dict[str, str]:
    return {
        "target_text": target.text,
        "comparator": target.comparator,
        "target_value": target.value,
        "target_unit": target.unit,
    }


def _indicator_rows(budget: Budget) -> list[Row]:
    rows: list[Row] = []

    def grid(scope: str, name: str, indicators: Sequence[Indicator], long_term: bool) -> None:
        for indicator in indicators:
            target = indicator.long_target if long_term else indicator.target
            rows.append(
                _row(
                    budget,
                    "indicators",
                    scope=scope,
                    project_name=name,
                    level1=indicator.level1,
                    level2=indicator.level2,
                    level3=indicator.level3,
                    **_target_fields(target),
                )
            )

    forms = [project for project in budget.projects if project.form is not None and not project.withheld]
    if budget.layout == "tab-rows":
        if budget.department_form is not None:
            grid("department", "", budget.department_form.indicators, long_term=True)
            grid("department", "", budget.department_form.indicators, long_term=False)
        for project in forms:
            assert project.form is not None
            grid("project", project.title_on_form, project.form.indicators, long_term=True)
            grid("project", project.title_on_form, project.form.indicators, long_term=False)
    else:
        for project in forms:
            assert project.form is not None
            grid("project", project.title_on_form, project.form.indicators, long_term=False)
    return rows


def expected_rows(budget: Budget) -> dict[str, list[dict[str, str]]]:
    """The rows each saved contract query must return for ``budget``, computed from its figures.

    Amounts are plain decimal strings in 万元 (compare them numerically); absent values are "".
    """
    totals = department_amounts(budget)
    lines = function_lines(budget)
    tab = budget.layout == "tab-rows"
    result: dict[str, list[Row]] = {}
    result["department-overview"] = [
        _row(
            budget,
            "department-overview",
            total_expenditure=decimal_text(totals.total),
            basic_expenditure=decimal_text(totals.basic),
            project_expenditure=decimal_text(totals.project),
            general_budget_total=decimal_text(totals.general),
        )
    ]
    by_function = [
        _row(
            budget,
            "expenditure-by-function",
            fund="all",
            function_code=line.code,
            function_name=line.name,
            amount=decimal_text(line.amounts.total),
            basic_amount=decimal_text(line.amounts.basic),
            project_amount=decimal_text(line.amounts.project),
        )
        for line in lines
    ]
    by_function += [
        _row(
            budget,
            "expenditure-by-function",
            fund="general",
            function_code=line.code,
            function_name=line.name,
            amount=decimal_text(line.amounts.general),
            basic_amount=decimal_text(line.amounts.basic),
            project_amount=decimal_text(line.amounts.project_general),
        )
        for line in lines
        if line.amounts.general
    ]
    result["expenditure-by-function"] = by_function
    result["basic-by-economic"] = [
        _row(
            budget,
            "basic-by-economic",
            economic_code=line.code,
            economic_name=line.name,
            amount=decimal_text(line.amounts.basic),
            personnel_amount=decimal_text(line.amounts.personnel),
            public_amount=decimal_text(line.amounts.public),
        )
        for line in economic_lines(budget)
    ]
    ordered = [project for unit in budget.units for project in budget.projects if project.unit == unit.code]
    result["projects"] = (
        [
            _row(
                budget,
                "projects",
                unit_code=project.unit,
                project_code=budget.project_code(project),
                project_name=project.name,
                amount="" if project.withheld else decimal_text(project.total),
                disclosed="false" if project.withheld else "true",
            )
            for project in ordered
        ]
        if tab
        else []
    )
    result["indicators"] = _indicator_rows(budget)
    public = three_public(budget)

    def printed(value: Decimal) -> str:
        return decimal_text(value) if tab else format(value.quantize(CENT), "f")

    result["three-public"] = [
        _row(
            budget,
            "three-public",
            total=decimal_text(public.total),
            abroad=printed(public.abroad),
            reception=printed(public.reception),
            vehicle_purchase=printed(public.vehicle_purchase),
            vehicle_operation=printed(public.vehicle_operation),
        )
    ]
    result["procurement"] = [
        _row(
            budget,
            "procurement",
            unit_code=purchase.unit,
            project_name=purchase.project or basic_purchase_source(budget),
            catalogue_code=purchase.catalogue,
            item_name=purchase.item,
            function_code=purchase.function if tab else "",
            economic_code=purchase.economic if tab else "",
            quantity=str(purchase.quantity),
            unit_price=format(purchase.unit_price, "f"),
            amount=decimal_text(purchase.amount),
        )
        for purchase in budget.purchases
    ]
    return result


# -- the sample documents -----------------------------------------------------------------------


def _basic(unit: str, function: str, *lines: tuple[str, str]) -> tuple[BasicLine, ...]:
    return tuple(BasicLine(unit, economic, function, Decimal(amount)) for economic, amount in lines)


def _grid(rows: Sequence[tuple[str, str, str, Target]], weights: Sequence[int]) -> tuple[Indicator, ...]:
    """Indicators of a tab-rows form, with their weights (指标分值权重)."""
    return tuple(
        Indicator(level1, level2, level3, target, weight)
        for (level1, level2, level3, target), weight in zip(rows, weights, strict=True)
    )


def _described(*rows: tuple[str, str, str, Target, str]) -> tuple[Indicator, ...]:
    """Indicators of a Hebei form, with their 绩效指标描述."""
    return tuple(
        Indicator(level1, level2, level3, target, basis="年度工作计划", description=description)
        for level1, level2, level3, target, description in rows
    )


OUTPUT, BENEFIT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"
ECONOMIC_COST, SOCIAL, LASTING, SERVED = (
    "经济成本指标",
    "社会效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
EXECUTION = between("97", "100", "%")


JIANGHAN = Region("420103", "湖北省", "武汉市", "江汉区")
XUANWU = Region("320102", "江苏省", "南京市", "玄武区")
HAIGANG = Region("130302", "河北省", "秦皇岛市", "海港区")

_JIANGHAN_2024 = Budget(
    layout="tab-rows",
    region=JIANGHAN,
    department="武汉市江汉区司法局",
    department_code="126",
    short_name="区司法局",
    year=2024,
    units=(Unit("126001", "武汉市江汉区司法局本级"), Unit("126002", "武汉市江汉区公共法律服务中心", "事业")),
    staff=Staff(administrative=28, institution=12, serving=37, retired=15),
    duties=(
        "负责全区法治宣传教育和普法工作，指导人民调解和基层法治建设。",
        "负责社区矫正和安置帮教工作，统筹公共法律服务体系建设，组织实施法律援助。",
    ),
    basic=(
        *_basic(
            "126001",
            "2040601",
            ("30101", "96.48"),
            ("30102", "152.36"),
            ("30103", "41.20"),
            ("30112", "0.85"),
            ("30201", "12.40"),
            ("30202", "3.50"),
            ("30207", "4.80"),
            ("30211", "3.20"),
            ("30216", "2.60"),
            ("30217", "1.20"),
            ("30228", "3.84"),
            ("30229", "6.10"),
            ("30231", "4.50"),
            ("30239", "14.40"),
            ("30299", "2.35"),
        ),
        *_basic("126001", "2080505", ("30108", "38.62")),
        *_basic("126001", "2080506", ("30109", "15.45")),
        *_basic("126001", "2101101", ("30110", "19.31")),
        *_basic("126001", "2101103", ("30111", "14.80"), ("30307", "6.20")),
        *_basic("126001", "2210201", ("30113", "34.75")),
        *_basic("126001", "2080501", ("30302", "27.60")),
        *_basic(
            "126002",
            "2040650",
            ("30101", "42.36"),
            ("30102", "18.90"),
            ("30107", "36.80"),
            ("30201", "4.20"),
            ("30209", "9.60"),
            ("30228", "1.45"),
            ("30229", "2.30"),
            ("30299", "1.10"),
        ),
        *_basic("126002", "2080505", ("30108", "14.52")),
        *_basic("126002", "2080506", ("30109", "5.81")),
        *_basic("126002", "2101102", ("30110", "7.26")),
        *_basic("126002", "2210201", ("30113", "12.96")),
        *_basic("126002", "2080502", ("30302", "5.40")),
    ),
    projects=(
        Project(
            101,
            "126001",
            "普法宣传经费",
            "2040605",
            Decimal("45.60"),
            purpose="用于全区法治宣传教育活动",
            form_name="普法宣传工作经费",
            form=Form(
                "推动全民守法，营造良好法治环境。",
                "完成年度普法宣传计划，开展主题法治宣传活动。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "印制普法宣传资料", at_least("20000", "份")),
                        (OUTPUT, QUANTITY, "开展主题宣传活动", at_least("12", "次")),
                        (OUTPUT, QUALITY, "宣传活动覆盖街道比例", exactly("100", "%")),
                        (OUTPUT, TIMELINESS, "活动方案报送时限", at_most("15", "个工作日")),
                        (COST, ECONOMIC_COST, "单场活动成本", at_most("1.5", "万元")),
                        (BENEFIT, SOCIAL, "居民法治素养", words("明显提升")),
                        (SATISFACTION, SERVED, "参与群众满意度", at_least("90", "%")),
                    ),
                    (15, 15, 10, 10, 10, 20, 20),
                ),
            ),
        ),
        Project(
            102,
            "126001",
            "人民调解工作经费",
            "2040604",
            Decimal("1186.00"),
            purpose="用于专职人民调解员补贴、调解员培训和以案定补",
            form=Form(
                "健全人民调解组织网络，及时化解基层矛盾纠纷。",
                "开展调解员培训，落实调解案件补贴。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "培训人民调解员", at_least("300", "人次")),
                        (OUTPUT, QUANTITY, "专职人民调解员补贴发放人数", at_least("260", "人")),
                        (OUTPUT, QUALITY, "矛盾纠纷调解成功率", at_least("96", "%")),
                        (OUTPUT, TIMELINESS, "案件补贴发放周期", at_most("30", "天")),
                        (COST, ECONOMIC_COST, "预算执行率", EXECUTION),
                        (BENEFIT, SOCIAL, "基层矛盾纠纷化解能力", words("有效提升")),
                        (SATISFACTION, SERVED, "当事人满意度", at_least("95", "%")),
                    ),
                    (10, 10, 15, 15, 10, 20, 20),
                ),
            ),
        ),
        Project(
            103,
            "126001",
            "社区矫正工作经费",
            "2040610",
            Decimal("52.30"),
            purpose="用于社区矫正对象监管和教育帮扶",
            form=Form(
                "规范社区矫正执法，降低重新违法犯罪率。",
                "做好社区矫正对象监督管理和教育帮扶。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "矫正对象教育帮扶覆盖率", exactly("100", "%")),
                        (OUTPUT, QUALITY, "矫正对象再犯罪率", at_most("0.2", "%")),
                        (OUTPUT, TIMELINESS, "入矫报到办理时限", at_most("3", "个工作日")),
                        (BENEFIT, SOCIAL, "社区安全稳定", words("得到保障")),
                        (SATISFACTION, SERVED, "社区群众满意度", at_least("90", "%")),
                    ),
                    (20, 20, 20, 20, 20),
                ),
            ),
        ),
        Project(104, "126001", "特殊人群帮教经费", "2040610", Decimal("18.00"), withheld=True),
        Project(
            105,
            "126001",
            "信息化设备更新经费",
            "2040602",
            Decimal("24.50"),
            purpose="用于更新老旧办公信息化设备",
            category="特定目标类本级支出",
            form=Form(
                "保障办公信息化设备正常运转。",
                "完成老旧计算机和打印机更新。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "更新台式计算机", exactly("8", "台")),
                        (OUTPUT, QUANTITY, "更新打印机", exactly("4", "台")),
                        (OUTPUT, QUALITY, "设备验收合格率", exactly("100", "%")),
                        (OUTPUT, TIMELINESS, "采购完成时间", words("年内完成")),
                        (COST, ECONOMIC_COST, "台式计算机单价", at_most("0.55", "万元")),
                        (BENEFIT, LASTING, "设备使用年限", at_least("6", "年")),
                        (SATISFACTION, SERVED, "干部职工满意度", at_least("90", "%")),
                    ),
                    (10, 10, 10, 10, 20, 20, 20),
                ),
            ),
        ),
        Project(
            106,
            "126002",
            "法律援助案件补贴",
            "2040607",
            Decimal("66.40"),
            Decimal("5.00"),
            purpose="用于法律援助案件办案补贴和服务保障",
            form=Form(
                "保障困难群众获得法律援助。",
                "按标准发放法律援助案件补贴。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "办理法律援助案件", at_least("450", "件")),
                        (OUTPUT, QUALITY, "案件质量评查合格率", at_least("98", "%")),
                        (OUTPUT, TIMELINESS, "补贴发放及时率", exactly("100", "%")),
                        (COST, ECONOMIC_COST, "预算执行率", EXECUTION),
                        (BENEFIT, SOCIAL, "困难群众合法权益", words("得到维护")),
                        (SATISFACTION, SERVED, "受援人满意度", at_least("95", "%")),
                    ),
                    (20, 15, 15, 10, 20, 20),
                ),
            ),
        ),
    ),
    purchases=(
        Purchase("126001", None, "C23090199", "其他印刷服务", "2040601", "30202", 1, "批", Decimal("2.00")),
        Purchase(
            "126001",
            "人民调解工作经费",
            "C23990000",
            "其他商务服务",
            "2040604",
            "30227",
            1,
            "项",
            Decimal("1020.00"),
        ),
        Purchase(
            "126001",
            "普法宣传经费",
            "C23090199",
            "其他印刷服务",
            "2040605",
            "30202",
            1,
            "批",
            Decimal("12.00"),
        ),
        Purchase(
            "126001",
            "信息化设备更新经费",
            "A02010105",
            "台式计算机",
            "2040602",
            "31002",
            8,
            "台",
            Decimal("0.55"),
        ),
        Purchase(
            "126001",
            "信息化设备更新经费",
            "A02021003",
            "A4黑白打印机",
            "2040602",
            "31002",
            4,
            "台",
            Decimal("0.18"),
        ),
        Purchase(
            "126002",
            None,
            "C21040000",
            "物业管理服务",
            "2040650",
            "30209",
            1,
            "项",
            Decimal("9.60"),
            for_small_firms=False,
        ),
        Purchase(
            "126002",
            "法律援助案件补贴",
            "C05011000",
            "法律援助服务",
            "2040607",
            "30227",
            1,
            "项",
            Decimal("30.00"),
        ),
    ),
    services=(
        ServicePurchase(
            "126001",
            None,
            "文件资料印刷",
            1,
            Decimal("2.00"),
            "2040601",
            "30202",
            ("政府履职所需辅助性服务", "后勤服务", "印刷服务"),
        ),
        ServicePurchase(
            "126001",
            "人民调解工作经费",
            "专职人民调解员服务",
            1,
            Decimal("1020.00"),
            "2040604",
            "30227",
            ("公共服务", "公共法律服务", "人民调解服务"),
        ),
        ServicePurchase(
            "126002",
            "法律援助案件补贴",
            "法律援助案件代理",
            1,
            Decimal("30.00"),
            "2040607",
            "30227",
            ("公共服务", "公共法律服务", "法律援助服务"),
        ),
    ),
    department_form=Form(
        "健全覆盖城乡的公共法律服务体系，提升基层法治建设水平。",
        "完成年度普法、人民调解、社区矫正和法律援助工作任务。",
        (
            Indicator(
                OUTPUT, QUANTITY, "开展普法宣传活动场次", at_least("40", "场"), long_term=at_least("45", "场")
            ),
            Indicator(OUTPUT, QUANTITY, "人民调解案件受理数", at_least("600", "件")),
            Indicator(OUTPUT, QUALITY, "调解协议履行率", at_least("95", "%")),
            Indicator(OUTPUT, TIMELINESS, "法律援助案件指派时限", at_most("3", "个工作日")),
            Indicator(COST, ECONOMIC_COST, "预算执行率", EXECUTION, basis="预算支出标准"),
            Indicator(BENEFIT, SOCIAL, "群众法治意识", words("持续提升")),
            Indicator(SATISFACTION, SERVED, "群众满意度", at_least("90", "%")),
        ),
    ),
    vehicles=1,
)

_JIANGHAN_PROJECTS = {project.number: project for project in _JIANGHAN_2024.projects}

JIANGHAN_JUSTICE_2023 = replace(
    _JIANGHAN_2024,
    year=2023,
    staff=Staff(administrative=28, institution=12, serving=36, retired=14),
    basic=tuple(
        replace(line, amount=(line.amount * Decimal("0.96")).quantize(CENT)) for line in _JIANGHAN_2024.basic
    ),
    projects=(
        replace(_JIANGHAN_PROJECTS[101], number=88, general=Decimal("42.00")),
        replace(_JIANGHAN_PROJECTS[102], number=89, general=Decimal("1120.00")),
        replace(_JIANGHAN_PROJECTS[103], number=90, general=Decimal("48.60")),
        replace(_JIANGHAN_PROJECTS[104], number=91, general=Decimal("16.00")),
        replace(_JIANGHAN_PROJECTS[106], number=92, general=Decimal("60.00"), unit_funds=Decimal("4.00")),
    ),
    purchases=(
        Purchase("126001", None, "C23090199", "其他印刷服务", "2040601", "30202", 1, "批", Decimal("2.00")),
        Purchase(
            "126001",
            "普法宣传经费",
            "C23090199",
            "其他印刷服务",
            "2040605",
            "30202",
            1,
            "批",
            Decimal("10.00"),
        ),
        Purchase(
            "126001",
            "人民调解工作经费",
            "C23990000",
            "其他商务服务",
            "2040604",
            "30227",
            1,
            "项",
            Decimal("980.00"),
        ),
        Purchase(
            "126002", None, "C21040000", "物业管理服务", "2040650", "30209", 1, "项", Decimal("9.20"), False
        ),
        Purchase(
            "126002",
            "法律援助案件补贴",
            "C05011000",
            "法律援助服务",
            "2040607",
            "30227",
            1,
            "项",
            Decimal("28.00"),
        ),
    ),
    services=(
        ServicePurchase(
            "126001",
            None,
            "文件资料印刷",
            1,
            Decimal("2.00"),
            "2040601",
            "30202",
            ("政府履职所需辅助性服务", "后勤服务", "印刷服务"),
        ),
        ServicePurchase(
            "126001",
            "人民调解工作经费",
            "专职人民调解员服务",
            1,
            Decimal("980.00"),
            "2040604",
            "30227",
            ("公共服务", "公共法律服务", "人民调解服务"),
        ),
        ServicePurchase(
            "126002",
            "法律援助案件补贴",
            "法律援助案件代理",
            1,
            Decimal("28.00"),
            "2040607",
            "30227",
            ("公共服务", "公共法律服务", "法律援助服务"),
        ),
    ),
    department_form=None,
)
JIANGHAN_JUSTICE_2024 = replace(_JIANGHAN_2024, previous=JIANGHAN_JUSTICE_2023)

XUANWU_CONGRESS_2023 = Budget(
    layout="tab-rows",
    region=XUANWU,
    department="南京市玄武区人大常委会办公室",
    department_code="101",
    short_name="区人大常委会办公室",
    year=2023,
    units=(Unit("101001", "南京市玄武区人大常委会办公室本级"),),
    staff=Staff(administrative=26, institution=0, serving=24, retired=11),
    duties=(
        "负责区人民代表大会及其常务委员会会议的组织和服务工作。",
        "负责代表联络和代表履职服务，承担常委会监督和调研的具体工作。",
    ),
    basic=(
        *_basic(
            "101001",
            "2010101",
            ("30101", "88.20"),
            ("30102", "121.56"),
            ("30103", "35.40"),
            ("30112", "0.96"),
            ("30201", "9.80"),
            ("30205", "1.20"),
            ("30206", "3.60"),
            ("30207", "3.10"),
            ("30211", "2.40"),
            ("30215", "2.00"),
            ("30216", "1.80"),
            ("30217", "0.90"),
            ("30228", "3.36"),
            ("30229", "5.20"),
            ("30239", "12.00"),
            ("30299", "1.75"),
        ),
        *_basic("101001", "2080505", ("30108", "33.84")),
        *_basic("101001", "2080506", ("30109", "13.54")),
        *_basic("101001", "2101101", ("30110", "16.92")),
        *_basic("101001", "2101103", ("30111", "12.60")),
        *_basic("101001", "2210201", ("30113", "30.45")),
        *_basic("101001", "2080501", ("30302", "21.30")),
    ),
    projects=(
        Project(
            201,
            "101001",
            "人大会议经费",
            "2010104",
            Decimal("28.60"),
            purpose="用于区人民代表大会会议的组织保障",
            form=Form(
                "保障人民代表大会依法召开。",
                "完成年度区人大会议和常委会会议的会务保障。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "召开区人大会议次数", exactly("1", "次")),
                        (OUTPUT, QUANTITY, "会议材料印制", at_least("3000", "份")),
                        (OUTPUT, QUALITY, "会议议程完成率", exactly("100", "%")),
                        (OUTPUT, TIMELINESS, "会议材料印发时限", at_most("3", "日")),
                        (COST, ECONOMIC_COST, "预算执行率", EXECUTION),
                        (BENEFIT, SOCIAL, "依法履职水平", words("稳步提高")),
                        (SATISFACTION, SERVED, "代表满意度", at_least("95", "%")),
                    ),
                    (10, 10, 15, 15, 10, 20, 20),
                ),
            ),
        ),
        Project(
            202,
            "101001",
            "代表履职服务经费",
            "2010107",
            Decimal("35.00"),
            purpose="用于人大代表学习培训和履职服务",
            form_name="人大代表履职服务经费",
            form=Form(
                "提升人大代表依法履职能力。",
                "组织代表培训，做好代表建议办理服务。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "代表培训人次", at_least("200", "人次")),
                        (OUTPUT, QUALITY, "培训出勤率", at_least("95", "%")),
                        (OUTPUT, TIMELINESS, "代表建议按期办复率", exactly("100", "%")),
                        (BENEFIT, SOCIAL, "代表履职能力", words("明显提升")),
                        (SATISFACTION, SERVED, "参训代表满意度", at_least("90", "%")),
                    ),
                    (20, 20, 20, 20, 20),
                ),
            ),
        ),
        Project(
            203,
            "101001",
            "监督调研工作经费",
            "2010106",
            Decimal("16.50"),
            purpose="用于常委会专题调研和执法检查",
            form=Form(
                "增强人大监督实效。",
                "完成年度专题调研和执法检查计划。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "开展专题调研", at_least("6", "项")),
                        (OUTPUT, QUALITY, "调研报告采纳率", at_least("80", "%")),
                        (OUTPUT, TIMELINESS, "调研报告提交时限", at_most("30", "日")),
                        (BENEFIT, SOCIAL, "监督工作实效", words("持续增强")),
                        (SATISFACTION, SERVED, "群众满意度", at_least("90", "%")),
                    ),
                    (20, 20, 20, 20, 20),
                ),
            ),
        ),
        Project(
            204,
            "101001",
            "代表联络站运行经费",
            "2010108",
            Decimal("22.80"),
            purpose="用于街道人大代表联络站日常运行",
            form=Form(
                "发挥代表联络站联系群众的作用。",
                "保障联络站正常运行，组织代表接待选民。",
                _grid(
                    (
                        (OUTPUT, QUANTITY, "联络站数量", exactly("12", "个")),
                        (OUTPUT, QUANTITY, "接待选民活动", at_least("48", "次")),
                        (OUTPUT, QUALITY, "联络站规范化建设达标率", exactly("100", "%")),
                        (OUTPUT, TIMELINESS, "群众意见转办时限", at_most("7", "个工作日")),
                        (COST, ECONOMIC_COST, "单站年度运行成本", at_most("1.9", "万元")),
                        (BENEFIT, LASTING, "联络站长效运行", words("长期有效")),
                        (SATISFACTION, SERVED, "选民满意度", at_least("90", "%")),
                    ),
                    (10, 10, 15, 15, 10, 20, 20),
                ),
            ),
        ),
        Project(
            205,
            "101001",
            "机关综合事务经费",
            "2010102",
            Decimal("14.20"),
            purpose="用于机关文印和综合保障事务",
        ),
    ),
    purchases=(
        Purchase("101001", None, "A05040101", "复印纸", "2010101", "30201", 40, "箱", Decimal("0.02")),
        Purchase(
            "101001",
            "人大会议经费",
            "C22010200",
            "一般会议服务",
            "2010104",
            "30215",
            1,
            "项",
            Decimal("12.00"),
        ),
        Purchase(
            "101001",
            "人大会议经费",
            "C23090199",
            "其他印刷服务",
            "2010104",
            "30202",
            1,
            "批",
            Decimal("3.50"),
        ),
        Purchase(
            "101001",
            "代表履职服务经费",
            "C02060000",
            "培训服务",
            "2010107",
            "30216",
            1,
            "项",
            Decimal("15.00"),
            for_small_firms=False,
        ),
        Purchase(
            "101001",
            "代表联络站运行经费",
            "A02010105",
            "台式计算机",
            "2010108",
            "31002",
            6,
            "台",
            Decimal("0.50"),
        ),
    ),
)

HAIGANG_AUDIT_2024 = Budget(
    layout="cell-lines",
    region=HAIGANG,
    department="秦皇岛市海港区审计局",
    department_code="223",
    short_name="区审计局",
    year=2024,
    units=(Unit("223001", "秦皇岛市海港区审计局本级"),),
    staff=Staff(administrative=18, institution=0, serving=17, retired=9),
    duties=(
        "单位职责：",
        "1．依法对区级预算执行、决算草案和其他财政收支情况进行审计监督。",
        "2．对政府投资和以政府投资为主的建设项目进行审计监督。",
        "3．对区属单位主要负责人履行经济责任情况进行审计。",
    ),
    basic=(
        *_basic(
            "223001",
            "2010801",
            ("30101", "72.48"),
            ("30102", "65.12"),
            ("30103", "40.20"),
            ("30107", "30.66"),
            ("30112", "1.95"),
            ("30201", "5.20"),
            ("30207", "6.40"),
            ("30211", "2.50"),
            ("30217", "0.40"),
            ("30228", "3.20"),
            ("30229", "2.80"),
            ("30231", "2.60"),
            ("30239", "8.16"),
            ("30299", "0.74"),
        ),
        *_basic("223001", "2080505", ("30108", "29.88")),
        *_basic("223001", "2101101", ("30110", "12.04")),
        *_basic("223001", "2101103", ("30111", "15.60")),
        *_basic("223001", "2210201", ("30113", "14.40")),
        *_basic("223001", "2080501", ("30302", "22.70")),
    ),
    projects=(
        Project(
            301,
            "223001",
            "审计业务经费",
            "2010804",
            Decimal("46.00"),
            form=Form(
                "完成年度审计项目计划。",
                "提高审计质量，推动审计发现问题整改。",
                _described(
                    (OUTPUT, QUANTITY, "完成审计项目数", at_least("25", "个"), "按年度审计项目计划实施"),
                    (OUTPUT, QUALITY, "审计报告差错率", at_most("1", "%"), "审计报告经复核无重大差错"),
                    (
                        OUTPUT,
                        TIMELINESS,
                        "审计报告出具时限",
                        at_most("30", "日"),
                        "现场审计结束后按期出具报告",
                    ),
                    (OUTPUT, COST, "审计业务费用控制数", at_most("46", "万元"), "控制在年度预算以内"),
                    (BENEFIT, SOCIAL, "审计发现问题整改率", at_least("90", "%"), "督促被审计单位整改"),
                    (BENEFIT, LASTING, "审计监督作用", words("持续发挥"), "形成常态化审计监督"),
                    (
                        SATISFACTION,
                        SERVED,
                        "被审计单位满意度",
                        at_least("90", "%"),
                        "被审计单位对审计工作的评价",
                    ),
                ),
            ),
        ),
        Project(
            302,
            "223001",
            "聘请中介机构审计服务经费",
            "2010804",
            Decimal("120.00"),
            form=Form(
                "弥补审计力量不足。",
                "委托中介机构完成部分审计项目。",
                _described(
                    (OUTPUT, QUANTITY, "委托审计项目数", at_least("15", "个"), "按委托计划实施"),
                    (OUTPUT, QUALITY, "中介审计质量合格率", exactly("100", "%"), "审计成果经复核合格"),
                    (OUTPUT, TIMELINESS, "委托项目完成及时率", exactly("100", "%"), "按合同约定时间完成"),
                    (OUTPUT, COST, "审计服务费用控制数", at_most("120", "万元"), "控制在年度预算以内"),
                    (BENEFIT, SOCIAL, "财政资金使用效益", words("有效提高"), "促进财政资金规范使用"),
                    (SATISFACTION, SERVED, "委托单位满意度", at_least("90", "%"), "对中介服务质量的评价"),
                ),
            ),
        ),
        Project(
            303,
            "223001",
            "审计信息化运维经费",
            "2010806",
            Decimal("38.50"),
            form=Form(
                "保障审计信息系统安全稳定运行。",
                "完成审计信息系统和设备的年度运维。",
                _described(
                    (OUTPUT, QUANTITY, "运维设备数量", at_least("60", "台"), "覆盖全部审计业务终端"),
                    (OUTPUT, QUALITY, "系统正常运行率", at_least("99", "%"), "全年系统可用时间比例"),
                    (OUTPUT, TIMELINESS, "故障响应时间", at_most("2", "小时"), "接到报修后到场处理"),
                    (OUTPUT, COST, "运维费用控制数", at_most("38.5", "万元"), "控制在年度预算以内"),
                    (BENEFIT, LASTING, "数据分析能力", words("稳步提升"), "支撑大数据审计"),
                    (SATISFACTION, SERVED, "使用人员满意度", at_least("90", "%"), "审计人员对运维服务的评价"),
                ),
            ),
        ),
        Project(
            304,
            "223001",
            "投资项目审计专项经费",
            "2010804",
            Decimal("25.00"),
            form=Form(
                "加强政府投资项目审计监督。",
                "完成年度投资项目审计任务。",
                _described(
                    (OUTPUT, QUANTITY, "完成投资审计项目", at_least("10", "个"), "按年度计划完成"),
                    (OUTPUT, QUALITY, "审减率", at_least("5", "%"), "审定金额与送审金额比较"),
                    (OUTPUT, TIMELINESS, "审计结论出具及时率", exactly("100", "%"), "按规定时限出具结论"),
                    (OUTPUT, COST, "专项费用控制数", at_most("25", "万元"), "控制在年度预算以内"),
                    (BENEFIT, SOCIAL, "政府投资资金节约", words("效果明显"), "核减不实工程价款"),
                    (SATISFACTION, SERVED, "建设单位满意度", at_least("85", "%"), "建设单位对审计工作的评价"),
                ),
            ),
        ),
    ),
    purchases=(
        Purchase("223001", None, "A05040101", "复印纸", "2010801", "30201", 20, "箱", Decimal("0.02")),
        Purchase("223001", None, "A05040201", "鼓粉盒", "2010801", "30201", 30, "盒", Decimal("0.03")),
        Purchase(
            "223001",
            "聘请中介机构审计服务经费",
            "C23030000",
            "审计服务",
            "2010804",
            "30227",
            1,
            "项",
            Decimal("60.00"),
        ),
        Purchase(
            "223001",
            "审计信息化运维经费",
            "C16070200",
            "硬件运维服务",
            "2010806",
            "30213",
            1,
            "项",
            Decimal("18.00"),
            for_small_firms=False,
        ),
    ),
)

SAMPLES: tuple[Budget, ...] = (
    JIANGHAN_JUSTICE_2023,
    JIANGHAN_JUSTICE_2024,
    XUANWU_CONGRESS_2023,
    HAIGANG_AUDIT_2024,
)

RENDERERS: dict[Layout, Callable[[Budget], str]] = {
    "tab-rows": render_tab_rows,
    "cell-lines": render_cell_lines,
}


def file_name(budget: Budget) -> str:
    """``sample_<region>_<department>_<year>.txt``."""
    return f"sample_{budget.region.code}_{budget.department_code}_{budget.year}.txt"


def render(budget: Budget) -> str:
    """The document of ``budget`` in its layout."""
    return RENDERERS[budget.layout](budget)


def write_samples(directory: Path) -> list[Path]:
    """Write every sample document into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for budget in SAMPLES:
        problems = check(budget)
        if problems:
            raise ValueError(f"{file_name(budget)}: {'; '.join(problems)}")
        path = directory / file_name(budget)
        path.write_bytes(render(budget).encode("utf-8"))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m budgetkg.samples [DIRECTORY]``: write the samples (default: the project's samples/)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) > 1 or any(argument.startswith("-") for argument in arguments):
        print("usage: python -m budgetkg.samples [DIRECTORY]", file=sys.stderr)
        return 2
    directory = Path(arguments[0]) if arguments else SAMPLES_DIR
    for path in write_samples(directory):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
