"""The Jiangsu template (部门预算公开表): 收支预算总表 … 政府采购预算表, numbered 公开表一 … 公开表十二.

Each table is titled over ``公开表<n>`` and ``部门：<department> 单位：万元``; the expenditure summary
prints one row (合计 | 基本支出 | 项目支出 | 单位预留机动经费 | 结转下年资金), the tables by function and
by economic classification print joined codes and one 金额 column, and the “三公” table adds 会议费 and
培训费 to the “三公” 小计 in its 合计.  Amounts are printed in 万元 with separators.
"""

from __future__ import annotations

from decimal import Decimal

from budgetkg.samples.family_national import side_by_side
from budgetkg.samples.figures import ZERO, Budget
from budgetkg.samples.formatting import chinese_number, grouped
from budgetkg.samples.table_rows import Row, blanks
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import (
    AmountName,
    ClassifiedLine,
    class_amounts,
    department_amounts,
    economic_lines,
    function_lines,
    procurement_total,
    three_public,
)
from budgetkg.samples.vocabulary import vocabulary

MEETINGS_CODE = "30215"
TRAINING_CODE = "30216"


def render_jiangsu(budget: Budget) -> str:
    """The document in the Jiangsu template, as a text dump of tab-separated rows."""
    out = TextDump()
    out.paragraph(budget.department, f"{budget.year}年度部门预算公开")
    totals = department_amounts(budget)
    number = iter(range(1, 13))

    def title(name: str) -> None:
        out.paragraph(name, f"公开表{chinese_number(next(number))}", f"部门：{budget.department} 单位：万元")

    title("收支预算总表")
    out.rows(_summary_rows(budget))
    title("收入预算总表")
    out.rows(_income_rows(budget))
    title("支出预算总表")
    out.rows(
        [
            ["合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"],
            [grouped(totals.total), grouped(totals.basic), grouped(totals.project), "", ""],
        ]
    )
    title("财政拨款收支预算总表")
    out.rows(_funding_rows(budget))
    general = [line for line in function_lines(budget) if line.amounts.general]
    functional = ("功能科目编码", "功能科目名称")
    title("财政拨款支出预算表（功能科目）")
    out.rows(_one_amount_rows(functional, totals.general, general, "general"))
    economic = ("科目编码", "科目名称")
    title("财政拨款基本支出预算表（经济科目）")
    out.rows(_one_amount_rows(economic, totals.basic, economic_lines(budget), "basic"))
    title("一般公共预算支出预算表（功能科目）")
    out.rows(_one_amount_rows(functional, totals.general, general, "general"))
    title("一般公共预算基本支出预算表（经济科目）")
    out.rows(_one_amount_rows(economic, totals.basic, economic_lines(budget), "basic"))
    title("“三公”经费、会议费、培训费支出预算表")
    out.rows(_three_public_rows(budget))
    title("财政拨款政府性基金支出预算表")
    out.rows([[*functional, "金额"], ["", "合计", ""]])
    title("一般公共预算机关运行经费支出预算表")
    running = [line for line in economic_lines(budget) if line.amounts.public]
    out.rows(_one_amount_rows(economic, totals.public, running, "public", heading="机关运行经费支出"))
    out.paragraph(f"{budget.year}年政府采购预算表", f"公开表{chinese_number(next(number))}")
    out.paragraph(f"部门：{budget.department} 单位：万元")
    out.rows(_procurement_rows(budget))
    return out.text()


def _procurement_rows(budget: Budget) -> list[Row]:
    """公开表十二: purchases under their catalogue class, named by what pays for them."""
    names = vocabulary().economic_names
    rows: list[Row] = [
        ["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"],
        ["合计", *blanks(4), grouped(procurement_total(budget))],
    ]
    for number, (kind, label) in enumerate((("A", "货物"), ("B", "工程"), ("C", "服务")), 1):
        purchases = [p for p in budget.purchases if p.catalogue.startswith(kind)]
        if purchases:
            rows.append(
                [
                    f"{chinese_number(number)}、{label}{kind}",
                    *blanks(4),
                    grouped(procurement_total(budget, kind)),
                ]
            )
            rows += [
                ["", budget.paid_from(p), names[p.economic], p.item, "分散自行组织", grouped(p.amount)]
                for p in purchases
            ]
    return rows


def _one_amount_rows(
    heading_cells: tuple[str, str],
    total: Decimal,
    lines: list[ClassifiedLine],
    column: AmountName,
    heading: str = "金额",
) -> list[Row]:
    """A heading, the 合计 row, then each classified line with its joined code and one amount."""
    return [
        [*heading_cells, heading],
        ["", "合计", grouped(total)],
        *([line.code, line.name, grouped(line.amounts.pick(column)[0])] for line in lines),
    ]


def _summary_rows(budget: Budget) -> list[Row]:
    """公开表一: income beside expenditure by function (every class printed) and by purpose."""
    totals = department_amounts(budget)
    classes = class_amounts(budget)
    total = grouped(totals.total)
    income = [
        ["一、财政拨款", grouped(totals.general)],
        ["1.一般公共预算", grouped(totals.general)],
        ["2.政府性基金预算", ""],
        ["二、财政专户管理资金", ""],
        ["三、其他资金", grouped(totals.project_other)],
    ]
    by_function = [
        [f"{chinese_number(n)}、{name}", grouped(classes[name].total if name in classes else ZERO)]
        for n, name in enumerate(vocabulary().expenditure_classes["tab-rows"], 1)
    ]
    purposes = [["一、基本支出", grouped(totals.basic)], ["二、项目支出", grouped(totals.project)]]
    purposes.append(["三、单位预留机动经费", ""])
    body = side_by_side(income, [[*line, *blanks(2)] for line in by_function])
    body = [row[:4] + (purposes[i] if i < len(purposes) else blanks(2)) for i, row in enumerate(body)]
    return [
        ["收入", "", "支出", "", "", ""],
        ["", "", "功能分类", "", "支出用途", ""],
        ["项目名称", "金额", "功能科目名称", "金额", "项目名称", "金额"],
        *body,
        ["当年收入小计", total, "当年支出小计", "", "", total],
        ["上年结转资金", "", "结转下年资金", "", "", ""],
        ["收入合计", total, "支出合计", "", "", total],
    ]


def _income_rows(budget: Budget) -> list[Row]:
    """公开表二: income by source, one 金额 column."""
    totals = department_amounts(budget)
    general = grouped(totals.general)
    return [
        ["项目名称", "", "金额"],
        ["收入总计", "", grouped(totals.total)],
        ["一般公共预算资金", "小计", general],
        ["", "公共财政拨款(补助)资金", general],
        ["政府性基金", "小计", ""],
        ["财政专户管理资金", "小计", ""],
        ["其他资金", "小计", grouped(totals.project_other)],
        ["", "其他收入", grouped(totals.project_other)],
        ["上年结转和结余资金", "", ""],
    ]


def _funding_rows(budget: Budget) -> list[Row]:
    """公开表四: the appropriations beside the purposes they pay for."""
    totals = department_amounts(budget)
    general = grouped(totals.general)
    return [
        ["收入", "", "支出", ""],
        ["项目名称", "金额", "项目名称", "金额"],
        ["一、一般公共预算", general, "一、基本支出", grouped(totals.basic)],
        ["二、政府性基金预算", "", "二、项目支出", grouped(totals.project_general)],
        ["收入合计", general, "支出合计", general],
    ]


def _three_public_rows(budget: Budget) -> list[Row]:
    """公开表九: the “三公” 小计 and its items, 会议费 and 培训费, and the 合计 of all of them."""
    public = three_public(budget)

    def of(code: str) -> Decimal:
        return sum((line.amount for line in budget.basic if line.economic == code), ZERO)

    meetings, training = of(MEETINGS_CODE), of(TRAINING_CODE)
    return [
        ["合计", "“三公”经费", *blanks(5), "会议费", "培训费"],
        ["", "小计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费", "", ""],
        ["", "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""],
        [
            grouped(public.total + meetings + training),
            grouped(public.total),
            grouped(public.abroad),
            grouped(public.vehicles),
            grouped(public.vehicle_purchase),
            grouped(public.vehicle_operation),
            grouped(public.reception),
            grouped(meetings),
            grouped(training),
        ],
    ]
