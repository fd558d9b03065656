"""The cell-lines layout: a Hebei unit budget as a text dump with one table cell per line."""

from __future__ import annotations

from budgetkg.samples.cell_lines_tables import cell_tables
from budgetkg.samples.figures import Budget, Form
from budgetkg.samples.formatting import plain, stated
from budgetkg.samples.table_rows import Row, blanks, labelled_indicators
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import (
    department_amounts,
    procurement_total,
    running_costs,
    small_firms_total,
    three_public,
)


def render_cell_lines(budget: Budget) -> str:
    """The document in the cell-lines layout of a Hebei unit budget."""
    out = TextDump()
    unit = budget.units[0]
    heading = [f"{unit.code}{unit.name}", f"预算年度：{budget.year}", "单位：万元"]
    out.lines.append("一、单位预算公开报表")
    cell_tables(out, budget, heading)
    _explanation(out, budget, heading)
    return out.text()


def _explanation(out: TextDump, budget: Budget, heading: Row) -> None:
    """情况说明: the unit, its totals, running costs, “三公”, performance forms and procurement."""
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
    for number, (project, form) in enumerate(budget.project_forms(), 1):
        _form(out, number, project.title_on_form, form)
    out.lines += [
        "六、政府采购预算情况",
        f"{year}年，本单位安排政府采购预算{stated(procurement_total(budget))}万元，明细见下表。",
        "单位政府采购预算",
    ]
    out.cells(_procurement_rows(budget, heading))
    out.lines += [
        "",
        "注：采购品目按政府采购品目分类目录填列，同一品目的单价因规格不同而有差异。",
        "七、其他需要说明的事项",
        "本单位无其他需要说明的事项。",
    ]


def _form(out: TextDump, number: int, name: str, form: Form) -> None:
    """``N、<project>绩效目标表``: the goals, then each indicator as three rows of cells."""
    out.lines.append(f"{number}、{name}绩效目标表")
    out.lines += ["\t绩效目标", f"\t1.{form.long_goal}", f"2.{form.annual_goal}", "", "", " "]
    out.cells([["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]])
    for level1, _, indicator in labelled_indicators(form.indicators):
        out.cells(
            [
                [level1, indicator.level2, indicator.level3],
                [indicator.description],
                [indicator.target.text, indicator.basis],
            ]
        )
        out.lines.append("")
    out.lines.append("")


def _procurement_rows(budget: Budget, heading: Row) -> list[Row]:
    """单位政府采购预算: the total, the unit's subtotal, and each purchase with the money it comes from."""
    total, small = plain(procurement_total(budget)), plain(small_firms_total(budget))
    budgeted = {project.name: project.total for project in budget.projects}
    public = department_amounts(budget).public
    columns = ["政府采购项目来源", "采购物品名称", "政府采购目录序号", "计量  单位", "数量", "单价"]
    columns += ["政府采购金额（当年部门预算安排资金）", f"{budget.year}年  预留中  小微企  业份额"]
    funds = ["合计", "一般公共预算拨款", "基金预算拨款", "国有资本经营预算拨款", "财政专户核拨"]
    funds += ["单位    资金", "财政拨    款结转", "非财政    拨款结    转结余", ""]
    rows: list[Row] = [
        heading[:1] + heading[2:],
        columns,
        ["项目名称", "预算    资金", *blanks(5), *funds],
        *(
            [label, *blanks(6), total, total, *blanks(6), small]
            for label in ("合  计", f"{budget.units[0].name}小计")
        ),
    ]
    for purchase in budget.purchases:
        if purchase.project is None:
            source, available = budget.basic_purchase_source, public
        else:
            source, available = purchase.project, budgeted[purchase.project]
        amount = plain(purchase.amount)
        rows.append(
            [
                source,
                plain(available),
                purchase.item,
                purchase.catalogue,
                purchase.measure,
                str(purchase.quantity),
                plain(purchase.unit_price),
                amount,
                amount,
                *blanks(6),
                amount if purchase.for_small_firms else "",
            ]
        )
    return rows
