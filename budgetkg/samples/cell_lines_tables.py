"""The nine unit-budget tables of the cell-lines layout, one cell per line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from budgetkg.samples.figures import Budget
from budgetkg.samples.formatting import chinese_number, plain, six_places
from budgetkg.samples.table_rows import Row, blanks, classified_rows, income_and_expense_rows
from budgetkg.samples.text_dump import TextDump
from budgetkg.samples.totals import (
    Amounts,
    class_amounts,
    department_amounts,
    economic_lines,
    function_lines,
    three_public,
)
from budgetkg.samples.vocabulary import vocabulary

EMPTY_FUNDS = (
    ("单位预算政府性基金预算财政拨款支出表", "政府性基金预算财政拨款"),
    ("单位预算国有资本经营预算财政拨款支出表", "国有资本经营预算财政拨款"),
)
"""The tables of funds the samples never use: title, and the fund the note names."""

FUNCTION_HEADING = [
    ["序号", "功能分类科目", "合计", "基本支出", "项目支出"],
    ["", "科目编码", "科目名称", "", "", ""],
]
APPROPRIATIONS = ("一、一般公共预算拨款", "二、政府性基金预算拨款", "三、国有资本经营预算拨款")


def column_numbers(count: int) -> Row:
    """The 栏次 row: the columns numbered 1 to ``count``."""
    return ["栏次", *(str(n) for n in range(1, count + 1))]


def numbered(rows: Iterable[Sequence[str]]) -> list[Row]:
    """Rows with their 序号 (1, 2, …) in front."""
    return [[str(n), *row] for n, row in enumerate(rows, 1)]


def cell_table(out: TextDump, title: str, heading: Row, rows: Sequence[Sequence[str]]) -> None:
    """A titled table: the unit heading, then ``rows``, one cell per line."""
    out.lines.append(title)
    out.cells([heading, *rows])
    out.lines.extend(["", ""])


def cell_tables(out: TextDump, budget: Budget, heading: Row) -> None:
    """The unit-budget tables, in order, each under the unit heading."""
    totals = department_amounts(budget)
    lines = function_lines(budget)

    cell_table(
        out,
        "单位预算收支总表",
        heading,
        [
            ["序号", "收入", "支出"],
            ["", "项  目", "预算数", "项  目", "预算数"],
            column_numbers(4),
            *numbered(income_and_expense_rows(budget, plain, nian=False)),
        ],
    )

    def income_row(code: str, name: str, amounts: Amounts) -> Row:
        total, general, other = (plain(value) for value in amounts.pick("total", "general", "project_other"))
        return [code, name, total, total, general, *blanks(5), other, ""]

    income_columns = ["小计", "财政拨款收入", "财政专户收入", "事业收入", "经营收入", "上级补助收入"]
    income_columns += ["附属单位上缴收入", "其他收入", ""]
    cell_table(
        out,
        "单位预算收入总表",
        heading,
        [
            ["序号", "功能分类科目", "合计", "本年收入", "上年结转"],
            ["", "科目编码", "科目名称", "", *income_columns],
            column_numbers(12),
            *numbered(
                [
                    income_row("", "合计", totals),
                    *(income_row(line.code, line.name, line.amounts) for line in lines),
                ]
            ),
        ],
    )

    spending_columns = ["序号", "功能分类科目", "合计", "基本支出", "项目支出", "经营支出"]
    spending_columns += ["上解上级     支出", "对附属单位补助支出"]
    cell_table(
        out,
        "单位预算支出总表",
        heading,
        [
            spending_columns,
            ["", "科目    编码", "科目名称", *blanks(5)],
            column_numbers(8),
            *numbered(classified_rows(totals, lines, ("total", "basic", "project"), plain, trailing=3)),
        ],
    )

    cell_table(out, "单位预算财政拨款收支总表", heading, _funding_rows(budget))

    general_lines = [line for line in lines if line.amounts.general]
    cell_table(
        out,
        "单位预算一般公共预算财政拨款支出表",
        heading,
        [
            *FUNCTION_HEADING,
            column_numbers(5),
            *numbered(classified_rows(totals, general_lines, ("general", "basic", "project_general"), plain)),
        ],
    )

    economic = economic_lines(budget)
    cell_table(
        out,
        "单位预算一般公共预算财政拨款基本支出表",
        heading,
        [
            ["序号", "支出部门经济分类科目", "一般公共预算基本支出"],
            ["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"],
            column_numbers(5),
            *numbered(classified_rows(totals, economic, ("basic", "personnel", "public"), plain)),
        ],
    )

    for title, fund in EMPTY_FUNDS:
        out.lines.append(title)
        out.cells([heading, *FUNCTION_HEADING, column_numbers(5), blanks(6)])
        out.lines.append(f"注：本单位没有{fund}安排的支出，本表为空表。")

    cell_table(out, "单位预算财政拨款“三公”经费支出表", heading, _three_public_rows(budget))


def _funding_rows(budget: Budget) -> list[Row]:
    """单位预算财政拨款收支总表: appropriations beside the classes they pay for, numbered."""
    totals = department_amounts(budget)
    classes = class_amounts(budget)
    general = plain(totals.general)
    income_side = [[APPROPRIATIONS[0], general], *([name, ""] for name in APPROPRIATIONS[1:])]
    body: list[Row] = []
    for index, name in enumerate(vocabulary().expenditure_classes[budget.layout]):
        amount = plain(classes.get(name, Amounts()).general)
        left = income_side[index] if index < len(income_side) else blanks(2)
        body.append([*left, f"{chinese_number(index + 1)}、{name}", amount, amount, "", ""])
    body += [
        ["本年收入合计", general, "本年支出合计", general, general, "", ""],
        ["年初财政拨款结转和结余", "", "年末财政拨款结转和结余", *blanks(4)],
        *([name, *blanks(6)] for name in APPROPRIATIONS),
        ["收入总计", general, "支出总计", general, general, "", ""],
    ]
    columns = ["", "项  目", "金额", "项  目", "合计", "一般公共预算财政拨款"]
    columns += ["政府性基金预算财政    拨款", "国有资本经营预算财政拨款"]
    return [["序号", "收入", "支出"], columns, column_numbers(7), *numbered(body)]


def _three_public_rows(budget: Budget) -> list[Row]:
    """单位预算财政拨款“三公”经费支出表, all from the general budget."""
    public = three_public(budget)

    def line(number: str, name: str, value: str) -> Row:
        return [number, name, value, value, "", ""]

    columns = ["", "", "合计", "一般公共预算              财政拨款", "政府性基金                  预算拨款"]
    columns += ["国有资本经营              预算财政拨款"]
    return [
        ["序号", "项  目", "资 金 性 质"],
        columns,
        column_numbers(5),
        line("一", "因公出国（境）费", six_places(public.abroad)),
        line("", "其中：教学科研人员因公出国（境）费", "0"),
        line("", "其他因公出国（境）费", six_places(public.abroad)),
        line("二", "公务用车购置及运维费", six_places(public.vehicles)),
        line("", "其中：公务用车购置费", six_places(public.vehicle_purchase)),
        line("", "公务用车运行维护费", six_places(public.vehicle_operation)),
        line("三", "公务接待费", six_places(public.reception)),
    ]
