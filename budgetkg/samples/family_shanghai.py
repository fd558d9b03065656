"""The Shanghai template (部门预算): functional codes across 类 | 款 | 项 columns, amounts in 元.

Each table is titled ``<year>年部门…预算表`` over ``编制部门：<department> 单位：元``; the economic
table splits its codes across 类 | 款; the “三公” table, in 万元 as Shanghai prints it, holds the
running costs beside the “三公” figures.
"""

from __future__ import annotations

from decimal import Decimal

from budgetkg.samples.figures import Budget
from budgetkg.samples.formatting import chinese_number
from budgetkg.samples.table_rows import Row, blanks
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import (
    AmountName,
    Amounts,
    ClassifiedLine,
    class_amounts,
    department_amounts,
    economic_lines,
    function_lines,
    running_costs,
    three_public,
)

YUAN = Decimal(10000)


def yuan(value: Decimal) -> str:
    """An amount in 万元 printed in whole 元 with separators; ``0`` for zero, as Shanghai prints it."""
    return f"{value * YUAN:,.0f}"


def split_code(code: str, columns: int) -> Row:
    """A functional (类 款 项, three columns) or economic (类 款, two) code printed across its columns."""
    return [code[:3], code[3:5], code[5:7]][:columns]


def render_shanghai(budget: Budget) -> str:
    """The document in the Shanghai template, as a text dump of tab-separated rows."""
    out = TextDump()
    out.paragraph(f"{budget.department}{budget.year}年部门预算")
    totals = department_amounts(budget)
    lines = function_lines(budget)

    def title(name: str, unit: str = "元") -> None:
        out.paragraph(f"{budget.year}年部门{name}", f"编制部门：{budget.department} 单位：{unit}")

    title("财务收支预算总表")
    out.rows(_summary_rows(budget))
    functional_heading = [
        ["项目", "", "", "", "支出预算", "", ""],
        ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
    ]
    title("支出预算总表")
    out.rows([*functional_heading, *_function_rows(lines, ("total", "basic", "project"))])
    title("一般公共预算支出功能分类预算表")
    general = [line for line in lines if line.amounts.general]
    out.rows([*functional_heading, *_function_rows(general, ("general", "basic", "project_general"))])
    title("一般公共预算基本支出部门预算经济分类预算表")
    out.rows(
        [
            ["项目", "", "", "一般公共预算基本支出", "", ""],
            ["部门预算经济分类科目编码", "", "经济分类科目名称", "合计", "人员经费", "公用经费"],
            ["类", "款", "", "", "", ""],
            *(
                [
                    *split_code(line.code, 2),
                    line.name,
                    *(yuan(v) for v in line.amounts.pick("basic", "personnel", "public")),
                ]
                for line in economic_lines(budget)
            ),
            ["合计", "", "", *(yuan(v) for v in totals.pick("basic", "personnel", "public"))],
        ]
    )
    public = three_public(budget)
    out.paragraph("部门“三公”经费和机关运行经费预算表", f"编制部门：{budget.department} 单位：万元")
    out.rows(
        [
            [f"{budget.year}年“三公”经费预算数", *blanks(5), f"{budget.year}年机关运行经费预算数"],
            ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
            ["", "", "", "小计", "购置费", "运行费", ""],
            [
                _wan(public.total),
                _wan(public.abroad),
                _wan(public.reception),
                _wan(public.vehicles),
                _wan(public.vehicle_purchase),
                _wan(public.vehicle_operation),
                _wan(running_costs(budget)),
            ],
        ]
    )
    return out.text()


def _wan(value: Decimal) -> str:
    return f"{value:.2f}" if value else "0"


def _function_rows(
    lines: list[ClassifiedLine], columns: tuple[AmountName, AmountName, AmountName]
) -> list[Row]:
    total = sum((line.amounts for line in lines if line.level == 1), Amounts())
    body = [
        [*split_code(line.code, 3), line.name, *(yuan(v) for v in line.amounts.pick(*columns))]
        for line in lines
    ]
    return [*body, ["合计", "", "", "", *(yuan(v) for v in total.pick(*columns))]]


def _summary_rows(budget: Budget) -> list[Row]:
    """部门财务收支预算总表: income by source beside expenditure by class, in 元."""
    totals = department_amounts(budget)
    left = [
        ["一、财政拨款收入", yuan(totals.general)],
        ["1. 一般公共预算资金", yuan(totals.general)],
        ["2. 政府性基金", ""],
        ["二、事业收入", ""],
        ["三、其他收入", yuan(totals.project_other) if totals.project_other else ""],
    ]
    right = [
        [f"{chinese_number(n)}、{name}", yuan(amounts.total)]
        for n, (name, amounts) in enumerate(class_amounts(budget).items(), 1)
    ]
    body = [
        [*(left[i] if i < len(left) else blanks(2)), *(right[i] if i < len(right) else blanks(2))]
        for i in range(max(len(left), len(right)))
    ]
    total = yuan(totals.total)
    return [
        ["本年收入", "", "本年支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        *body,
        ["收入总计", total, "支出总计", total],
    ]
