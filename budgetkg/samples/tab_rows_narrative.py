"""The front matter and narrative of the tab-rows layout: contents, 基本情况, 预算情况说明, “三公”, 名词."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from budgetkg.samples.figures import Budget
from budgetkg.samples.formatting import chinese_number, enumeration, stated
from budgetkg.samples.tab_rows_tables import table_titles
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import (
    department_amounts,
    economic_lines,
    function_lines,
    procurement_total,
    running_costs,
    service_total,
    three_public,
)


def tab_contents(out: TextDump, budget: Budget) -> None:
    """The table of contents: parts, sections and the tables printed."""
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
            f"- {chinese_number(n)}、{year}年{title}" for n, title in enumerate(table_titles(budget), 1)
        )
    )


def _total(budget: Budget) -> Decimal:
    """All expenditure of the department."""
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
    """What the narrative says about purchases of services."""
    if not budget.services:
        return f"本部门 {budget.year} 年没有安排政府购买服务预算。"
    return (
        f"{budget.year} 年政府购买服务支出合计 {stated(service_total(budget))} 万元，"
        f"共安排 {len(budget.services)} 项购买服务内容。"
    )


def tab_narrative(out: TextDump, budget: Budget) -> None:
    """Parts one to four, every figure computed from the budget; part five's heading."""
    _basic_situation(out, budget)
    _budget_explanation(out, budget)
    _projects_explanation(out, budget)
    _other_matters(out, budget)
    _three_public_explanation(out, budget)
    _glossary(out)


def _basic_situation(out: TextDump, budget: Budget) -> None:
    """第一部分: duties, units and staff."""
    year = budget.year
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


def _budget_explanation(out: TextDump, budget: Budget) -> None:
    """第二部分 一 to 八: the totals, by source, by function and by economic class."""
    year = budget.year
    totals = department_amounts(budget)
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
        *enumeration(
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
        *enumeration(
            f"（{chinese_number(n)}）{line.name} {stated(line.amounts.basic)} 万元"
            for n, line in enumerate(economic, 1)
        )
    )
    out.paragraph(
        "七、政府性基金预算支出安排情况",
        f"本部门 {year} 年没有使用政府性基金预算拨款安排的支出。",
        "八、国有资本经营预算支出安排情况",
        f"本部门 {year} 年没有使用国有资本经营预算拨款安排的支出。",
    )


def _projects_explanation(out: TextDump, budget: Budget) -> None:
    """第二部分 九: each project, or that it is withheld."""
    year = budget.year
    totals = department_amounts(budget)
    out.paragraph("九、项目支出安排情况")
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


def _other_matters(out: TextDump, budget: Budget) -> None:
    """第二部分 十: running costs, procurement, services, vehicles and performance."""
    year = budget.year
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
        f"{stated(department_amounts(budget).total)} 万元。",
    )


def _three_public_explanation(out: TextDump, budget: Budget) -> None:
    """第三部分: the “三公” figures."""
    year = budget.year
    public = three_public(budget)
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


def _glossary(out: TextDump) -> None:
    """第四部分, then the heading of the tables that follow."""
    out.paragraph(
        "第四部分名词解释",
        "（一）财政拨款收入：本级财政当年拨付给本部门的资金。",
        "（二）基本支出：保障机构正常运转、完成日常工作任务所需的人员支出和公用支出。",
        "（三）项目支出：在基本支出之外，为完成特定工作任务安排的支出。",
        "（四）“三公”经费：用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
        "（五）机关运行经费：行政单位用于购买货物和服务的公用经费。",
        "第五部分预算公开报表",
    )
