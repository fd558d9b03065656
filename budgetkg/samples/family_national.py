"""The national template (财政部 部门预算公开表): 表1 收支总体情况表 … 项目支出表, then project forms.

The layout of Guangdong, Chongqing, Changsha and the central departments: numbered titles (表1 …),
a ``单位名称：<department> 单位：万元`` line under each, the two-sided summaries, the expenditure and
general-budget tables by functional code, the basic expenditure by economic code with its personnel
and public split, a one-row “三公” table, the statements of empty fund tables, the projects by unit,
and a 项目支出绩效目标表 for every project that has a form.
"""

from __future__ import annotations

from collections.abc import Sequence

from budgetkg.samples.figures import ZERO, Budget, Form, Project
from budgetkg.samples.formatting import chinese_number, grouped
from budgetkg.samples.table_rows import Row, amount_row, blanks, classified_rows, labelled_indicators
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import (
    AmountName,
    Amounts,
    class_amounts,
    department_amounts,
    economic_lines,
    function_lines,
    project_amounts,
    three_public,
    unit_amounts,
)

INCOME_LINES = (
    "一般公共预算拨款收入",
    "政府性基金预算拨款收入",
    "国有资本经营预算拨款收入",
    "事业收入",
    "其他收入",
)
EMPTY_FUNDS = ("政府性基金预算", "国有资本经营预算")


def render_national(budget: Budget) -> str:
    """The document in the national template, as a text dump of tab-separated rows."""
    out = TextDump()
    out.paragraph(f"{budget.year}年{budget.department}部门预算")
    national_tables(out, budget)
    for project, form in budget.project_forms():
        project_form(out, budget, project, form)
    return out.text()


def _title(out: TextDump, budget: Budget, number: int, title: str) -> None:
    out.paragraph(f"表{number}", title, f"单位名称：{budget.department} 单位：万元")


def national_tables(out: TextDump, budget: Budget) -> None:
    """表1 to 表10, in order."""
    totals = department_amounts(budget)
    lines = function_lines(budget)
    _title(out, budget, 1, "收支总体情况表")
    out.rows(_summary_rows(budget))
    _title(out, budget, 2, "收入总体情况表")
    out.rows(_income_rows(budget))
    _title(out, budget, 3, "支出总体情况表")
    columns = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    out.rows(
        [
            [*columns, "上缴上级支出", "事业单位经营支出", "对附属单位补助支出"],
            *classified_rows(totals, lines, ("total", "basic", "project"), grouped, trailing=3),
        ]
    )
    _title(out, budget, 4, "财政拨款收支总体情况表")
    out.rows(_funding_rows(budget))
    _title(out, budget, 5, "一般公共预算支出情况表")
    general = [line for line in lines if line.amounts.general]
    out.rows(
        [
            ["功能分类科目", "", f"{budget.year}年预算数", "", ""],
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            *classified_rows(totals, general, ("general", "basic", "project_general"), grouped),
        ]
    )
    _title(out, budget, 6, "一般公共预算基本支出情况表")
    out.rows(
        [
            ["部门预算支出经济分类科目", "", f"{budget.year}年基本支出", "", ""],
            ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
            *classified_rows(totals, economic_lines(budget), ("basic", "personnel", "public"), grouped),
        ]
    )
    public = three_public(budget)
    _title(out, budget, 7, "一般公共预算“三公”经费支出情况表")
    amounts = [public.total, public.abroad, public.vehicles, public.vehicle_purchase]
    amounts += [public.vehicle_operation, public.reception]
    out.rows(
        [
            [f"{budget.year}年预算数", *blanks(5)],
            ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
            ["", "", "小计", "公务用车购置费", "公务用车运行费", ""],
            [grouped(amount) for amount in amounts],
        ]
    )
    for number, fund in enumerate(EMPTY_FUNDS, 8):
        _title(out, budget, number, f"{fund}支出情况表")
        out.rows(
            [
                ["科目编码", "科目名称", f"本年{fund}支出", "", ""],
                ["", "", "小计", "基本支出", "项目支出"],
                ["", "合计", "", "", ""],
            ]
        )
        out.paragraph(f"注：本部门本年度无{fund}安排的支出，本表为空表。")
    _title(out, budget, 10, "项目支出表")
    out.rows(_project_rows(budget))


def _summary_rows(budget: Budget) -> list[Row]:
    """表1: income lines beside the expenditure classes, then the totals."""
    totals = department_amounts(budget)
    income = [totals.general, ZERO, ZERO, ZERO, totals.project_other]
    left = [
        [f"{chinese_number(n)}、{name}", grouped(value)]
        for n, (name, value) in enumerate(zip(INCOME_LINES, income, strict=True), 1)
    ]
    right = [
        [f"{chinese_number(n)}、{name}", grouped(amounts.total)]
        for n, (name, amounts) in enumerate(class_amounts(budget).items(), 1)
    ]
    body = side_by_side(left, right)
    total = grouped(totals.total)
    return [
        ["收入", "", "支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        *body,
        ["本年收入合计", total, "本年支出合计", total],
        ["上年结转结余", "", "年终结转结余", ""],
        ["收入总计", total, "支出总计", total],
    ]


def side_by_side(left: Sequence[Row], right: Sequence[Row]) -> list[Row]:
    """Two columns of label-and-amount pairs, printed beside each other."""
    return [
        [*(left[i] if i < len(left) else blanks(2)), *(right[i] if i < len(right) else blanks(2))]
        for i in range(max(len(left), len(right)))
    ]


def _income_rows(budget: Budget) -> list[Row]:
    """表2: income of each unit by source."""
    columns: tuple[AmountName, ...] = ("total", "general", "project_other")

    def row(code: str, name: str, amounts: Amounts) -> Row:
        total, general, other = (grouped(value) for value in amounts.pick(*columns))
        return [code, name, total, "", general, "", "", "", other]

    return [
        ["单位编码", "单位名称", "合计", "上年结转结余", *INCOME_LINES],
        row("", "合计", department_amounts(budget)),
        *(row(unit.code, unit.name, unit_amounts(budget, unit.code)) for unit in budget.units),
    ]


def _funding_rows(budget: Budget) -> list[Row]:
    """表4: the appropriations beside the classes they pay for, by fund."""
    general = grouped(department_amounts(budget).general)
    left = [["一、本年收入", general], ["（一）一般公共预算拨款", general]]
    left += [["（二）政府性基金预算拨款", ""], ["（三）国有资本经营预算拨款", ""]]
    right = [["一、本年支出", general, general, "", ""]]
    right += [
        [f"（{chinese_number(n)}）{name}", grouped(amounts.general), grouped(amounts.general), "", ""]
        for n, (name, amounts) in enumerate(class_amounts(budget).items(), 1)
        if amounts.general
    ]
    body = [
        [*(left[i] if i < len(left) else blanks(2)), *(right[i] if i < len(right) else blanks(5))]
        for i in range(max(len(left), len(right)))
    ]
    return [
        ["收入", "", "支出", "", "", "", ""],
        ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
        *body,
        ["收入总计", general, "支出总计", general, general, "", ""],
    ]


def _project_rows(budget: Budget) -> list[Row]:
    """表10: every project under its unit, with its funds."""
    columns: tuple[AmountName, ...] = ("project", "project_general", "project_other")
    rows: list[Row] = [
        ["单位编码", "单位名称（项目名称）", "合计", "一般公共预算", "其他资金"],
        amount_row("", "合计", department_amounts(budget), columns, grouped),
    ]
    for unit in budget.units:
        projects = [project for project in budget.projects if project.unit == unit.code]
        if projects:
            rows.append(amount_row(unit.code, unit.name, unit_amounts(budget, unit.code), columns, grouped))
            rows += [amount_row("", p.name, project_amounts(p), columns, grouped) for p in projects]
    return rows


def project_form(out: TextDump, budget: Budget, project: Project, form: Form) -> None:
    """``<project>项目支出绩效目标表``: the project's fields and money, its goal and the indicator grid."""
    unit = budget.unit(project.unit)
    out.paragraph(f"{project.title_on_form}项目支出绩效目标表", f"（{budget.year}年度）")
    rows: list[Row] = [
        ["项目名称", project.title_on_form, "", ""],
        ["主管部门", budget.department, "实施单位", unit.name],
        ["项目资金（万元）", "年度资金总额", grouped(project.total), ""],
        ["", "其中：财政拨款", grouped(project.general), ""],
        ["", "其他资金", grouped(project.unit_funds) or "0.00", ""],
        ["年度绩效目标", form.annual_goal, "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
    ]
    rows += [
        [level1, level2, indicator.level3, indicator.target.text]
        for level1, level2, indicator in labelled_indicators(form.indicators)
    ]
    out.rows(rows)
