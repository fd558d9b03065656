"""Tables recognised by what they hold when their title is new, and read by their interpreters."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from budgetkg.interpret import HANDLERS
from budgetkg.interpret.context import TableContext
from budgetkg.layout import ReadDocument, Row, Table
from budgetkg.model import BudgetLine, DocumentInfo, Extraction
from budgetkg.readers import read_document
from budgetkg.recognise import TypedTable, recognise
from tests.conftest import SHARED, require_shared

REAL = SHARED / "real"


def table(title: str, *rows: list[str]) -> Table:
    return Table(rows=[Row(cells=list(cells)) for cells in rows], captions=[title, "单位：万元"])


def kinds_of(*tables: Table) -> list[str]:
    document = ReadDocument("test.txt", "0" * 64, "text/plain", list(tables))
    return [typed.kind for typed in recognise(document)]


def test_a_summary_with_a_new_title_is_recognised_by_its_two_sides() -> None:
    renamed = table(
        "附表甲 单位资金来源与去向一览表",
        ["收入", "收入", "支出", "支出"],
        ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算拨款收入", "100.00", "一、一般公共服务支出", "120.00"],
        ["二、事业收入", "20.00", "", ""],
        ["本年收入合计", "120.00", "本年支出合计", "120.00"],
    )
    assert kinds_of(renamed) == ["income-expenditure-summary"]


def test_the_fiscal_summary_is_told_from_the_full_summary_by_its_fund_columns() -> None:
    renamed = table(
        "附表丁 拨款资金一览表",
        ["收入", "收入", "支出", "支出", "支出", "支出"],
        ["项目", "金额", "项目", "合计", "一般公共预算", "政府性基金预算"],
        ["一、本年收入", "100.00", "一、本年支出", "100.00", "90.00", "10.00"],
        ["一般公共预算拨款收入", "90.00", "一般公共服务支出", "100.00", "90.00", "10.00"],
    )
    assert kinds_of(renamed) == ["fiscal-summary"]


def test_income_and_economic_and_three_public_tables_with_new_titles() -> None:
    income = table(
        "附表乙 资金来源明细表",
        ["科目编码", "科目名称", "合计", "一般公共预算拨款收入", "事业收入", "上级补助收入", "其他收入"],
        ["201", "一般公共服务支出", "50.00", "50.00", "", "", ""],
        ["20101", "人大事务", "50.00", "50.00", "", "", ""],
    )
    economic = table(
        "附表丙 日常运转开支明细表",
        ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        ["301", "工资福利支出", "40.00", "40.00", ""],
        ["30101", "基本工资", "40.00", "40.00", ""],
        ["302", "商品和服务支出", "10.00", "", "10.00"],
    )
    three_public = table(
        "附表戊 出行接待用车开支表",
        ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
        ["8.00", "0.00", "5.00", "3.00"],
    )
    assert kinds_of(income, economic, three_public) == [
        "income-summary",
        "general-basic-by-economic",
        "three-public",
    ]


def test_performance_forms_are_told_apart_by_department_or_project_cells() -> None:
    project = table(
        "附件 工作任务目标一览表",
        ["项目名称", "公共法律服务"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "服务人次", "≥1000人次"],
    )
    department = table(
        "附件 单位年度目标申报表",
        ["部门整体绩效目标", "保障机关运转"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "办件量", "≥500件"],
    )
    assert kinds_of(project, department) == ["project-performance", "department-performance"]


def test_content_overrules_a_title_that_names_another_kind_and_says_why() -> None:
    mislabelled = table(
        "部门支出总表",
        ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
        ["8.00", "0.00", "5.00", "3.00"],
    )
    document = ReadDocument("test.txt", "0" * 64, "text/plain", [mislabelled])
    (typed,) = recognise(document)
    assert typed.kind == "three-public"
    assert "overrules the title's expenditure-summary" in typed.reason
    assert "因公出国" in typed.reason


def test_a_title_that_matches_keeps_its_kind_when_content_agrees() -> None:
    titled = table(
        "预算05表 一般公共预算支出表",
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["201", "一般公共服务支出", "10.00", "6.00", "4.00"],
        ["20101", "人大事务", "10.00", "6.00", "4.00"],
    )
    document = ReadDocument("test.txt", "0" * 64, "text/plain", [titled])
    (typed,) = recognise(document)
    assert (typed.kind, typed.reason) == ("general-by-function", "title")


def test_an_untitled_table_continues_the_one_before_and_a_titled_one_does_not() -> None:
    first = table(
        "附表乙 资金来源明细表",
        ["科目编码", "科目名称", "合计", "一般公共预算拨款收入", "事业收入", "上级补助收入"],
        ["201", "一般公共服务支出", "50.00", "50.00", "", ""],
    )
    continued = Table(rows=[Row(cells=["20101", "人大事务", "50.00", "50.00", "", ""])])
    unknown = table("附表己 说明事项表", ["说明", "无"])
    assert kinds_of(first, continued, unknown) == ["income-summary", "unknown"]


@cache
def _typed(name: str) -> tuple[TypedTable, ...]:
    return tuple(recognise(read_document(require_shared(REAL / name))))


def _lines(name: str, title_word: str) -> list[BudgetLine]:
    """The budget lines the interpreter of its kind reads from the first table titled with ``title_word``."""
    number, typed = next((n, t) for n, t in enumerate(_typed(name), start=1) if title_word in t.title)
    info = DocumentInfo(name, "0" * 64, "application/pdf", "", "000000", "", "", None, 2026, "budget", "")
    extraction = Extraction(document=info)
    HANDLERS[typed.kind](TableContext(name, number, typed, extraction))
    return extraction.lines


def _amount(lines: list[BudgetLine], name: str, operation: str | None = None) -> Decimal | None:
    return next(
        line.amount
        for line in lines
        if line.item_name == name and (operation is None or line.operation == operation)
    )


def test_chongqing_national_template_tables_are_recognised_and_read() -> None:
    name = "CQ_chongqing_ghzyj_2026_dept_budget.pdf"
    assert [typed.kind for typed in _typed(name)] == [
        "income-expenditure-summary",
        "income-summary",
        "expenditure-summary",
        "fiscal-summary",
        "general-by-function",
        "general-basic-by-economic",
        "government-fund",
        "three-public",
        "procurement",
        "department-performance",
        "project-performance",
        "project-performance",
    ]
    summary = _lines(name, "部门收支总体情况表")
    assert _amount(summary, "事业单位经营收入资金") == Decimal("143181.29")
    assert _amount(summary, "自然资源海洋气象等支出") == Decimal("471504.37")
    special = _lines(name, "市级重点专项资金绩效目标表")
    assert [(line.project_name, line.amount) for line in special] == [
        ("规划和自然资源专项", Decimal("88197.35"))
    ]


@pytest.mark.parametrize(
    ("name", "title_word", "item", "operation", "amount"),
    [
        ("GD_guangzhou_tjj_2026_dept_budget.pdf", "收支总体情况表", "预算拨款", "revenue", "9433.72"),
        ("HN_changsha_xfj_2026_dept_budget.pdf", "部门收支总体情况表", "基本支出", "expenditure", "1517.95"),
        ("CQ_beibei_swu_2024_final.pdf", "高等学校收支决算总表", "本年收入合计", "revenue", "477447.73"),
        ("ZJ_hangzhou_qxj_2026_dept_budget.pdf", "项目支出绩效表", "气象业务建设", None, "1097.02"),
    ],
)
def test_newly_recognised_tables_read_their_printed_figures(
    name: str, title_word: str, item: str, operation: str | None, amount: str
) -> None:
    assert _amount(_lines(name, title_word), item, operation) == Decimal(amount)


def test_shenzhen_titles_of_basic_and_project_lists_and_of_the_economic_table() -> None:
    basic = table(
        "基本支出总表",
        ["支出项目类别", "总计", "一般公共预算拨款", "事业收入", "上级补助收入", "其他收入"],
        ["工资福利支出", "3,838.92", "3,838.92", "0.00", "0.00", "0.00"],
        ["办公费", "21.28", "21.28", "0.00", "0.00", "0.00"],
        ["因公出国（境）费用", "46.80", "46.80", "0.00", "0.00", "0.00"],
        ["公务接待费", "15.00", "15.00", "0.00", "0.00", "0.00"],
        ["公务用车运行维护费", "4.20", "4.20", "0.00", "0.00", "0.00"],
    )
    projects = table(
        "项目支出总表",
        ["支出项目类别", "总计", "一般公共预算拨款", "政府性基金预算拨款"],
        ["社会组织管理", "569.04", "569.04", "0.00"],
    )
    economic = table(
        "一般公共预算支出表（按经济分类）",
        ["预算单位", "科目编码", "科目名称", "支出总计", "基本支出", "项目支出"],
        ["", "301", "工资福利支出", "3,838.92", "3,838.92", "0.00"],
        ["", "30101", "基本工资", "540.00", "540.00", "0.00"],
    )
    assert kinds_of(basic, projects, economic) == ["unknown", "projects", "general-by-economic"]
