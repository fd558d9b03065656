"""The income side of the summary tables of real documents, line by line as printed: 财政拨款 and
the parts below it, carry-overs broken down by fund, 行次 columns and numbered labels."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.interpret.rows import numbered
from budgetkg.interpret.summary_sections import CarryOverSection
from tests.real_build import RealBuild

Line = tuple[str, str | None, str, str]


def income_lines(real: RealBuild, stem: str, kind: str) -> list[Line]:
    """The income lines (label, summary item, fund, amount) of the first table of a kind."""
    extraction = real.extractions[stem]
    table = min(table.number for table in extraction.tables if table.kind == kind)
    return [
        (line.item_name, line.summary_item, line.fund or "", str(line.amount))
        for line in extraction.lines
        if line.table == table and line.operation == "revenue"
    ]


def test_appropriations_printed_with_their_parts(real: RealBuild) -> None:
    assert income_lines(real, "ZJ_hangzhou_qxj_2026_dept_budget", "income-expenditure-summary") == [
        ("财政拨款", "income-fiscal", "fiscal", "5753.07"),
        ("一般公共预算", "income-general", "general", "5753.07"),
        ("其他收入", "income-other", "all", "123.61"),
        ("本年收入合计", "income-total-year", "all", "5876.67"),
        ("收入总计", "income-grand-total", "all", "5876.67"),
    ]


def test_numbered_parts_and_carry_over_by_fund(real: RealBuild) -> None:
    assert income_lines(real, "GD_shenzhen_mzj_2026_dept_budget", "income-expenditure-summary") == [
        ("财政拨款", "income-fiscal", "fiscal", "28097.48"),
        ("一般公共预算拨款", "income-general", "general", "8761.33"),
        ("政府性基金预算拨款", "income-government-fund", "government-fund", "19336.15"),
        ("国有资本经营预算拨款", "income-state-capital", "state-capital", "0.00"),
        ("财政专户管理资金", "income-special-account", "all", "0.00"),
        ("单位资金", None, "all", "0.00"),
        ("事业收入", "income-business", "all", "0.00"),
        ("事业单位经营收入", "income-operating", "all", "0.00"),
        ("上级补助收入", "income-higher-subsidy", "all", "0.00"),
        ("附属单位上缴收入", "income-affiliate", "all", "0.00"),
        ("其他收入", "income-other", "all", "0.00"),
        ("本年收入合计", "income-total-year", "all", "28097.48"),
        ("上年结余、结转", "carry-over-in", "all", "185.98"),
        ("财政拨款结余、结转", None, "all", "185.98"),
        ("非财政拨款结余、结转", None, "all", "0.00"),
        ("收入总计", "income-grand-total", "all", "28283.46"),
    ]


def test_carry_over_with_an_amount_holds_its_fund_lines(real: RealBuild) -> None:
    # 1（一）: a stray footnote digit before the numbering of the first two lines.
    assert income_lines(real, "CQ_chongqing_ghzyj_2026_dept_budget", "fiscal-summary") == [
        ("本年收入", "income-total-year", "fiscal", "266026.92"),
        ("一般公共预算资金", "income-general", "general", "223898.88"),
        ("政府性基金预算资金", "income-government-fund", "government-fund", "42128.04"),
        ("上年结转", "carry-over-in", "fiscal", "8137.38"),
        ("一般公共预算拨款", "carry-over-in", "general", "4056.23"),
        ("政府性基金预算拨款", "carry-over-in", "government-fund", "4081.15"),
        ("收入合计", None, "fiscal", "274164.30"),
    ]


def test_budget_appropriation_and_special_account_wording(real: RealBuild) -> None:
    assert income_lines(real, "GD_guangzhou_tjj_2026_dept_budget", "income-expenditure-summary")[:2] == [
        ("预算拨款", "income-fiscal", "fiscal", "9433.72"),
        ("财政专户拨款", "income-special-account", "all", "0.00"),
    ]


def test_line_number_columns_are_passed_over(real: RealBuild) -> None:
    stem = "GD_foshan_gdjtj_2019_final"
    assert income_lines(real, stem, "income-expenditure-summary") == [
        ("一般公共预算财政拨款收入", "income-general", "general", "1668.14"),
        ("政府性基金预算财政拨款收入", "income-government-fund", "government-fund", "0.00"),
        ("上级补助收入", "income-higher-subsidy", "all", "0.00"),
        ("事业收入", "income-business", "all", "0.00"),
        ("经营收入", "income-operating", "all", "0.00"),
        ("附属单位上缴收入", "income-affiliate", "all", "0.00"),
        ("其他收入", "income-other", "all", "0.01"),
        ("本年收入合计", "income-total-year", "all", "1668.14"),
        ("用事业基金弥补收支差额", None, "all", "0.00"),
        ("年初结转和结余", "carry-over-in", "all", "0.00"),
        ("总计", None, "all", "1668.14"),
    ]
    extraction = real.extractions[stem]
    summary = min(table.number for table in extraction.tables if table.kind == "income-expenditure-summary")
    spent = {
        line.item_name: line.amount
        for line in extraction.lines
        if line.table == summary and line.operation == "expenditure"
    }
    assert spent["交通运输支出"] == Decimal("1531.04")
    assert spent["本年支出合计"] == Decimal("1668.14")
    assert "27" not in {str(amount) for amount in spent.values()}


def test_numbering_depths() -> None:
    assert numbered("一、财政拨款") == (1, "财政拨款")
    assert numbered("1（一）一般公共预算资金") == (2, "一般公共预算资金")
    assert numbered("(二)政府性基金预算拨款") == (2, "政府性基金预算拨款")
    assert numbered("2.政府性基金预算拨款结余、结转") == (3, "政府性基金预算拨款结余、结转")
    assert numbered("1.5万元") == (0, "1.5万元")


def test_carry_over_section_closes_at_a_peer_line() -> None:
    section = CarryOverSection()
    section.follow(1, "carry-over-in")  # 一、上年结转
    assert section.holds(2, "income-general", "general")  # （一）一般公共预算拨款
    assert not section.holds(1, "income-general", "general")  # 二、一般公共预算拨款: a peer
    section.follow(1, "income-general")
    assert not section.holds(2, "income-government-fund", "government-fund")
