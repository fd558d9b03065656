"""Stand-alone performance-target forms: 部门整体预算绩效目标申报表 and 项目支出绩效目标表.

Published apart from the budget tables (Guangzhou, Shenzhen): the department form names the
department in a 部门名称 field, states basic and project expenditure and the income sources, the
overall goal and an indicator grid with a 实施周期 and a 年度 target for each 三级指标; a project form
follows for every project that has one, under a ``部门名称：<department>`` line.
"""

from __future__ import annotations

from budgetkg.samples.family_national import project_form
from budgetkg.samples.figures import Budget, Form
from budgetkg.samples.formatting import grouped
from budgetkg.samples.table_rows import Row, blanks, labelled_indicators
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import department_amounts


def render_forms(budget: Budget) -> str:
    """The department form (when the figures have one), then each project's form."""
    out = TextDump()
    if budget.department_form is not None:
        department_form(out, budget, budget.department_form)
    for project, form in budget.project_forms():
        out.paragraph(f"部门名称：{budget.department} 单位：万元")
        project_form(out, budget, project, form)
    return out.text()


def department_form(out: TextDump, budget: Budget, form: Form) -> None:
    """``<department><year>年部门整体预算绩效目标申报表``: amounts, goal and the indicator grid."""
    totals = department_amounts(budget)
    out.paragraph(f"{budget.department}{budget.year}年部门整体预算绩效目标申报表")
    rows: list[Row] = [
        ["部门名称", budget.department, *blanks(4)],
        ["预算整体情况", "部门预算支出", "预算金额（万元）", "收入来源", "预算金额（万元）", ""],
        ["", "基本支出", grouped(totals.basic), "财政拨款", grouped(totals.general), ""],
        ["", "项目支出", grouped(totals.project), "其他资金", grouped(totals.project_other) or "0.00", ""],
        ["总体绩效目标", form.long_goal + form.annual_goal, *blanks(4)],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"],
    ]
    rows += [
        ["", level1, level2, indicator.level3, indicator.long_target.text, indicator.target.text]
        for level1, level2, indicator in labelled_indicators(form.indicators)
    ]
    out.rows(rows)
