"""The phrasing rules of extract/narrative.toml on invented sentences worded as provinces word them."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.interpret.narrative import read_narrative
from budgetkg.layout import Paragraph
from budgetkg.model import DocumentInfo, Extraction


def _read(text: str, phase: str = "approved") -> list[tuple[str, Decimal | None, str | None, Decimal | None]]:
    info = DocumentInfo("d.pdf", "0" * 64, "application/pdf", "", "000000", "", "某局", None, 2026, phase, "")
    extraction = Extraction(document=info, organisations=[])
    lines = text.split("\n")
    read_narrative([Paragraph(line, line=number, page=1) for number, line in enumerate(lines, 1)], extraction)
    return [
        (s.topic, s.amount if s.amount is not None else s.quantity, s.quantity_unit, s.change_amount)
        for s in extraction.statements
    ]


def test_qualifier_words_between_the_subject_and_the_amount() -> None:
    found = _read(
        "2026年某局机关运行经费财政拨款预算1,234.50万元，较2025年年初预算增加12.30万元，增长1.0%。\n"
        "某局2026年“三公”经费财政拨款预算数为56.70万元，与上年持平。\n"
        "纳入2026年部门预算的政府采购项目共有890.12万元，其中：货物类项目10.00万元。"
    )
    assert found == [
        ("running-costs", Decimal("1234.50"), None, Decimal("12.30")),
        ("procurement-total", Decimal("890.12"), None, None),
        ("three-public-total", Decimal("56.70"), None, None),
    ]


def test_parts_plans_and_other_years_are_not_totals() -> None:
    found = _read(
        "其中：政府采购货物预算20.00万元，政府采购服务预算30.00万元。\n"
        "比上年“三公”经费预算9.00万元有所下降。\n"
        "本年度拟购置固定资产9.00万元。2026年拟新增配置公务用车1辆。\n"
        "截至2025年底，共有车辆3辆，其中一般公务用车2辆，特种专业技术用车1辆。"
    )
    assert found == [("vehicles", Decimal("3"), "辆", None)]


def test_holdings_at_the_end_of_last_year() -> None:
    found = _read(
        "截至2025年12月31日，本部门上年末固定资产金额为4,321.00万元，分布构成情况为：房屋1,200.50平方米，"
        "车辆5台，单价在100万元以上的设备2台。学校校舍面积12万平方米，占地300亩。"
    )
    assert found == [
        ("fixed-assets-value", Decimal("4321.00"), None, None),
        ("assets-floor-area", Decimal("12"), "万平方米", None),
        ("assets-floor-area", Decimal("1200.50"), "平方米", None),
        ("vehicles", Decimal("5"), "台", None),
    ]


def test_a_budget_figure_in_final_accounts_is_the_plan() -> None:
    found = _read(
        "2025年度“三公”经费财政拨款预算为8.00万元。2025年度“三公”经费财政拨款支出决算为6.50万元。",
        phase="executed",
    )
    assert found == [("three-public-total", Decimal("6.50"), None, None)]


def test_the_three_public_budget_is_not_the_expenditure_budget() -> None:
    found = _read("2026年度一般公共预算拨款安排的“三公”经费支出预算10万元，比上年预算减少3万元。")
    assert found == [("three-public-total", Decimal("10"), None, Decimal("-3"))]
