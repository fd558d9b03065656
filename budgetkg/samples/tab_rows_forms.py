"""The performance-target forms of the tab-rows layout: the department form and one form per project."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.samples.figures import Budget, Form, Project
from budgetkg.samples.formatting import percent, plain, stated
from budgetkg.samples.tab_rows_tables import table_titles
from budgetkg.samples.table_rows import Money, Row, blanks, labelled_indicators
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import department_amounts

CHECKED = '<input checked="" type="checkbox"/>'
UNCHECKED = '<input type="checkbox"/>'
PROJECT_KINDS = ("运转类", "特定目标类本级支出", "特定目标类上级转移支出")
LEVELS = ["一级指标", "二级指标", "三级指标"]
FUNDING_COLUMNS = ["本级财政拨款金额", "上级转移支付金额", "其他资金"]


def tab_forms(out: TextDump, budget: Budget) -> None:
    """The department form, if any, then the project forms, numbered after the statement tables."""
    year = budget.year
    area = budget.region.name
    number = len(table_titles(budget)) + 1
    if budget.department_form is not None:
        out.paragraph(f"表 {number}-《{year} 年{area}部门（单位）整体绩效目标申报表》")
        number += 1
        out.rows(_department_form(budget, budget.department_form))
    forms = budget.project_forms()
    if not forms:
        return
    out.paragraph(f"表 {number}- 《{year} 年项目支出绩效目标申报表》")
    for project, form in forms:
        out.paragraph(f"{year}年{area}项目支出(绩效目标)申报表")
        out.rows(_project_form(budget, project, form))


def _padded(cells: list[str], width: int) -> Row:
    """``cells`` filled up with empty cells to ``width``."""
    return cells + blanks(width - len(cells))


def _department_form(budget: Budget, form: Form) -> list[Row]:
    year = budget.year
    totals = department_amounts(budget)

    def share(group: str, label: str, amount: Decimal, money: Money = plain) -> Row:
        return ["", group, label, money(amount), percent(amount, totals.total), "", ""]

    heading = [
        [f"{year}年{budget.region.name}部门整体绩效目标申报表"],
        [*blanks(6), "单位：万元"],
        ["部门（单位）名称", budget.department],
        ["部门总体资金情况", "总体资金情况", "", "当年金额", "占比"],
    ]
    rows: list[Row] = [_padded(row, 7) for row in heading]
    rows += [
        share("收入构成", "财政拨款", totals.general),
        share("", "单位资金", totals.project_other, stated),
        ["", "", "合计", plain(totals.total), "100%", "", ""],
        share("支出构成", "人员类项目支出", totals.personnel),
        share("", "运转类项目支出", totals.public),
        share("", "特定目标类项目支出", totals.project),
    ]
    goals = [
        ["合计", "", plain(totals.total), "100%"],
        ["部门职能概述", "".join(budget.duties)],
        ["年度工作任务", form.annual_goal],
        ["整体绩效总目标", f"长期目标（截止{year + 2}年）", "", "年度目标"],
        ["", form.long_goal, "", form.annual_goal],
        ["长期目标1:", form.long_goal],
        ["长期绩效指标", *LEVELS, "指标值", "指标值确定依据"],
    ]
    rows += [_padded(row, 7) for row in goals]
    indicators = labelled_indicators(form.indicators)
    for level1, level2, indicator in indicators:
        rows.append(["", level1, level2, indicator.level3, indicator.long_target.text, indicator.basis, ""])
    annual = [
        ["年度目标1:", "", form.annual_goal],
        ["年度绩效指标", *LEVELS, "指标值", "", "", "指标值确定依据"],
        ["", "", "", "", "近两年指标值", "", "预期当年实现值"],
        ["", "", "前年", "上年"],
    ]
    rows += [_padded(row, 9) for row in annual]
    for level1, level2, indicator in indicators:
        text = indicator.target.text
        rows.append(["", level1, level2, indicator.level3, text, text, text, indicator.basis, ""])
    return rows


def _project_form(budget: Budget, project: Project, form: Form) -> list[Row]:
    year = budget.year
    amount = f"{stated(project.total)}万"
    general = f"{stated(project.general)}万"
    other = f"{stated(project.unit_funds)}万" if project.unit_funds else ""
    category = " ".join(
        f"{n}. {kind} {CHECKED if kind == project.category else UNCHECKED}"
        for n, kind in enumerate(PROJECT_KINDS, 1)
    )
    frequency = f"1. 一次性项目 {UNCHECKED} 2. 常年项目 {CHECKED} 3. 延续性项目 {UNCHECKED}"
    sheet = [
        ["项目名称", project.title_on_form, "项目代码", budget.project_code(project)],
        ["项目主管部门", budget.short_name, "项目执行单位", budget.unit(project.unit).name],
        ["项目负责人", "", "联系电话"],
        ["项目年度", str(year)],
        ["项目类别", category],
        ["项目安排频度", frequency],
        ["立项依据", f"<p>根据本部门职责和{year}年重点工作安排设立。</p>"],
        ["项目实施方案", f"<p>{project.purpose}，按年度计划分步实施。</p>"],
        ["项目总预算", "（延续性项目填写）", "", "项目当年预算", amount],
        [f"{year}年预算申报项目资金来源", "来源项目", "", f"{year}年预算申报数"],
        ["", "当年预算合计", "", amount],
        ["", "1. 财政拨款收入（区级安排数）", "", general],
        ["", "2. 财政拨款收入（上级转移支付）"],
        ["", "3. 专户管理的非税收入拨款"],
        ["", "4. 其他资金（含事业基金及上年结转或结余等）", "", other],
        [f"{year}年项目支出明细及依据", "项目内容", "测算依据及说明", *FUNDING_COLUMNS],
        ["", project.title_on_form, "按年度工作量测算", general, "", other],
    ]
    rows: list[Row] = [_padded(row, 6) for row in sheet]
    goals = [
        ["项目绩效总目标"],
        ["名称", "", "目标说明"],
        ["长期绩效目标1", "", form.long_goal],
        ["年度绩效目标1", "", form.annual_goal],
        ["长期绩效目标表"],
        ["目标名称", *LEVELS, "指标值", "指标值确定依据"],
    ]
    rows += [_padded(row, 9) for row in goals]
    indicators = labelled_indicators(form.indicators)
    for index, (level1, level2, indicator) in enumerate(indicators):
        goal = "长期绩效目标1" if index == 0 else ""
        target = indicator.long_target.text
        rows.append(_padded([goal, level1, level2, indicator.level3, target, indicator.basis], 9))
    rows += [
        _padded(["年度绩效目标表"], 9),
        ["目标名称", "指标权重比例(%)", *LEVELS, "指标值", *blanks(3), "指标值确定依据"],
        ["", "", "", "", "", "前年", "上年", "预计当年实现", "指标分值权重", ""],
    ]
    for index, (level1, level2, indicator) in enumerate(indicators):
        goal, weight = ("年度绩效目标1", "100") if index == 0 else ("", "")
        text = indicator.target.text
        cells = [goal, weight, level1, level2, indicator.level3, text, text, text]
        rows.append([*cells, str(indicator.weight), indicator.basis])
    return rows
