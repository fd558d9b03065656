"""The statement tables of the tab-rows layout (预算 01 表 …), one tab-separated row per line."""

from __future__ import annotations

from budgetkg.samples.figures import Budget, Purchase, ServicePurchase
from budgetkg.samples.formatting import bracketed, chinese_number, grouped, wrap_name
from budgetkg.samples.table_rows import (
    Row,
    amount_row,
    blanks,
    classified_rows,
    income_and_expense_rows,
)
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import (
    AmountName,
    Amounts,
    class_amounts,
    department_amounts,
    economic_lines,
    function_lines,
    procurement_total,
    project_amounts,
    service_total,
    small_firms_total,
    three_public,
    total_of,
    unit_amounts,
)
from budgetkg.samples.vocabulary import vocabulary

TABLES = (
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
SERVICES_TABLE = "政府向社会力量购买服务预算表"

EMPTY_FUNDS = (
    (8, "政府性基金预算", "本年政府性基金预算支出"),
    (9, "国有资本经营预算", "国有资本经营预算支出"),
)
"""The tables of funds the samples never use: number, fund, and the heading of the amount column."""

APPROPRIATIONS = ("（一）一般公共预算拨款", "（二）政府性基金预算拨款", "（三）国有资本经营预算拨款")
SUMMARY_HEADING = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]]
GENERAL_SPLIT: tuple[AmountName, ...] = ("general", "basic", "personnel", "public", "project_general")
FUNDING_CELLS = ["预算安排", "经费拨款补助"]
"""The 资金来源 and 资金性质 cells of every procurement and service line."""


def table_titles(budget: Budget) -> list[str]:
    """The titles of the tables a tab-rows document prints, in order (without the year)."""
    return [*TABLES, *([SERVICES_TABLE] if budget.services else [])]


def _title(out: TextDump, number: int, title: str, unit: str = "单位：万元") -> None:
    out.paragraph(f"预算 {number:02d} 表", title, unit)


def tab_tables(out: TextDump, budget: Budget) -> None:
    """All statement tables of the document, in order."""
    year = budget.year
    totals = department_amounts(budget)
    lines = function_lines(budget)

    _title(out, 1, f"{year} 年收支预算总表")
    out.rows([*SUMMARY_HEADING, *income_and_expense_rows(budget, grouped, nian=True)])

    _title(out, 2, f"{year} 年支出预算总表")
    heading = ["科目编 码", "科目名称", "合计", "基本支 出", "项目支出"]
    heading += ["事业 单位 经营 支出", "上缴 上级 支出", "对附属 单位补 助支出"]
    out.rows(
        [
            heading,
            *classified_rows(
                totals,
                lines,
                ("total", "basic", "project"),
                grouped,
                trailing=3,
                label=lambda line: wrap_name(line.name) if line.level > 1 else line.name,
            ),
        ]
    )

    _title(out, 3, f"{year} 年财政拨款收支预算总表")
    out.rows(_funding_rows(budget))

    split_heading = [["", "", "", "小计", "人员经费", "公用经费", ""]]
    _title(out, 4, f"{year} 年一般公共预算支出表(分功能科目)")
    out.rows(
        [
            ["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"],
            *split_heading,
            *classified_rows(
                totals, [line for line in lines if line.amounts.general], GENERAL_SPLIT, grouped
            ),
        ]
    )

    _title(out, 5, f"{year} 年一般公共预算支出表(分单位)")
    units = [amount_row(budget.department_code, budget.department, totals, GENERAL_SPLIT, grouped)]
    units += [
        amount_row(unit.code, unit.name, unit_amounts(budget, unit.code), GENERAL_SPLIT, grouped)
        for unit in budget.units
    ]
    out.rows(
        [
            ["单位编码", "单位名称", "合计", "基本支出", "", "", "项目支出"],
            *split_heading,
            amount_row("", "合计", totals, GENERAL_SPLIT, grouped),
            *units,
        ]
    )

    _title(out, 6, f"{year} 年一般公共预算基本支出表")
    out.rows(
        [
            ["部门预算支出经济分类科目", "", "本年一般公共预算基本支出", "", ""],
            ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
            *classified_rows(totals, economic_lines(budget), ("basic", "personnel", "public"), grouped),
        ]
    )

    public = three_public(budget)
    _title(out, 7, f"{year} 年一般公共预算“三公”经费支出表", "单位:万元")
    amounts = [public.total, public.abroad, public.vehicles, public.vehicle_purchase]
    amounts += [public.vehicle_operation, public.reception]
    out.rows(
        [
            ["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费"],
            ["", "", "小计", "公务用车购置费", "公务用车运行费", ""],
            [grouped(amount) for amount in amounts],
        ]
    )

    for number, fund, column in EMPTY_FUNDS:
        _title(out, number, f"{year} 年{fund}支出表")
        out.rows([["科目编码", "科目名称", column, "", ""], ["", "", "合计", "基本支出", "项目支出"]])
        out.paragraph(f"本单位没有使用{fund}拨款安排的支出")

    _projects(out, budget)
    _procurement(out, budget)
    if budget.services:
        _services(out, budget)


def _funding_rows(budget: Budget) -> list[Row]:
    """The rows of 财政拨款收支预算总表: appropriations beside the classes they pay for."""
    totals = department_amounts(budget)
    classes = class_amounts(budget)
    general = grouped(totals.general)
    income_side = [["一、本年收入", general], [APPROPRIATIONS[0], general]]
    income_side += [[name, ""] for name in APPROPRIATIONS[1:]]
    income_side += [["二、上年结转", ""], *([name, ""] for name in APPROPRIATIONS)]
    expense_side = [["一、本年支出", general]]
    expense_side += [
        [f"（{chinese_number(n, nian=True)}）{name}", grouped(classes.get(name, Amounts()).general)]
        for n, name in enumerate(vocabulary().expenditure_classes[budget.layout], 1)
    ]
    expense_side.append(["二、年终结转结余", ""])
    rows = [*SUMMARY_HEADING]
    for index, right in enumerate(expense_side):
        rows.append((income_side[index] if index < len(income_side) else blanks(2)) + right)
    rows.append(["收入总计", general, "支出总计", general])
    return rows


def _project_row(code: str, name: str, unit: str, amounts: Amounts) -> Row:
    project, general, other = (
        grouped(value) for value in amounts.pick("project", "project_general", "project_other")
    )
    return [code, name, unit, project, general, *blanks(6), other]


def _projects(out: TextDump, budget: Budget) -> None:
    totals = department_amounts(budget)
    columns = ["项目编码", "项目名称", "项目单位", "合计"]
    funds = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
    _title(out, 10, f"{budget.year} 年项目支出预算表")
    rows = [
        [*columns, "本年拨款", "", "", "财政拨款结转结余", "", "", "财政专户管理资金", "单位资金"],
        [*blanks(4), *funds, *funds, "", ""],
        _project_row("", "合计", "", totals),
        _project_row(budget.department_code, budget.department, "", totals),
    ]
    for unit in budget.units:
        projects = [project for project in budget.projects if project.unit == unit.code]
        if not projects:
            continue
        unit_total = total_of(project_amounts(project) for project in projects)
        rows.append(_project_row(unit.code, unit.name, "", unit_total))
        rows.append(_project_row("31", "本级支出项目", "", unit_total))
        for project in projects:
            code = budget.project_code(project)
            if project.withheld:
                rows.append([code, project.name, unit.name, *blanks(9)])
            else:
                rows.append(_project_row(code, project.name, unit.name, project_amounts(project)))
    out.rows(rows)


def _payer(budget: Budget, line: Purchase | ServicePurchase) -> list[str]:
    """The code and name of the unit that pays for a spending line."""
    return [line.unit, budget.unit(line.unit).name]


def _classified(line: Purchase | ServicePurchase) -> list[str]:
    """The functional and economic codes of a spending line, as ``[code]name``."""
    names = vocabulary()
    return [
        bracketed(line.function, names.function_names[line.function]),
        bracketed(line.economic, names.economic_names[line.economic]),
    ]


def _spending_heading(budget: Budget, columns: list[str], sub_columns: list[str], total: Row) -> list[Row]:
    """The heading rows, the 合计 row and the department row of a procurement or services table."""
    return [
        ["单位代码", "单位名称", *columns],
        [*blanks(11), *sub_columns],
        ["", "合计", *total],
        [budget.department_code, budget.department, *blanks(12)],
    ]


def _procurement(out: TextDump, budget: Budget) -> None:
    total, small = grouped(procurement_total(budget)), grouped(small_firms_total(budget))
    _title(out, 11, f"{budget.year} 年政府采购预算表")
    columns = ["项目", "政府采购品目", "功能科目", "部门支出经济分类", "资金来源", "资金性质"]
    columns += ["采购数量", "单价(万元)", "计量单位", "采购金额", "", ""]
    rows = _spending_heading(
        budget,
        columns,
        ["采购金额合计(万元)", "其中面向中小企业(万元)", "其中面向小微企业(万元)"],
        [*blanks(9), total, small, small],
    )
    for purchase in budget.purchases:
        share = grouped(purchase.amount) if purchase.for_small_firms else ""
        rows.append(
            [
                *_payer(budget, purchase),
                budget.paid_from(purchase),
                bracketed(purchase.catalogue, purchase.item),
                *_classified(purchase),
                *FUNDING_CELLS,
                str(purchase.quantity),
                grouped(purchase.unit_price),
                purchase.measure,
                grouped(purchase.amount),
                share,
                share,
            ]
        )
    out.rows(rows)


def _services(out: TextDump, budget: Budget) -> None:
    number = table_titles(budget).index(SERVICES_TABLE) + 1
    _title(out, number, f"{budget.year} 年{SERVICES_TABLE}")
    columns = ["是否包含政府采购", "项目", "政府购买服务内容", "购买数量", "购买金额", "资金来源"]
    columns += ["资金性质", "支出功能分类科目", "部门支出经济分类", "政府购买服务指导目录", "", ""]
    rows = _spending_heading(
        budget,
        columns,
        ["一级目录", "二级目录", "三级目录"],
        [*blanks(4), grouped(service_total(budget)), *blanks(7)],
    )
    for service in budget.services:
        rows.append(
            [
                *_payer(budget, service),
                "是" if service.includes_procurement else "否",
                budget.paid_from(service),
                service.content,
                str(service.quantity),
                grouped(service.amount),
                *FUNDING_CELLS,
                *_classified(service),
                *service.catalogue,
            ]
        )
    out.rows(rows)
