"""The phrasing rules of extract/narrative.toml on invented sentences worded as provinces word them."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.interpret.narrative import read_narrative
from budgetkg.layout import Paragraph
from budgetkg.model import DocumentInfo, Extraction, NarrativeStatement


def _statements(text: str, phase: str = "approved") -> list[NarrativeStatement]:
    info = DocumentInfo("d.pdf", "0" * 64, "application/pdf", "", "000000", "", "某局", None, 2026, phase, "")
    extraction = Extraction(document=info, organisations=[])
    lines = text.split("\n")
    read_narrative([Paragraph(line, line=number, page=1) for number, line in enumerate(lines, 1)], extraction)
    return extraction.statements


def _read(text: str, phase: str = "approved") -> list[tuple[str, Decimal | None, str | None, Decimal | None]]:
    return [
        (s.topic, s.amount if s.amount is not None else s.quantity, s.quantity_unit, s.change_amount)
        for s in _statements(text, phase)
        if s.topic != "share"
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


def _changes(text: str) -> list[tuple[str, Decimal | None, Decimal | None, Decimal | None, Decimal | None]]:
    return [
        (s.topic, s.amount, s.change_amount, s.change_percent, s.change_base)
        for s in _statements(text)
        if s.change_amount is not None
    ]


def test_any_amount_stated_with_its_change_is_read_once() -> None:
    found = _changes(
        "某局2026年咨询费财政拨款预算1,210.40万元，比2025年预算增加210.40万元，增长21.04%。\n"
        "2026年一般公共预算当年财政拨款12,345.60万元,比2025年执行数减少2,000.5万元，减幅13.94%。\n"
        "机关运行经费支出45.10万元，比预算数增加45.10万元，增长0%。\n"
        "2026年度收入预算3210.50万元，比2025年年初预算数3000.00万元增加210.50万元，增长7.02%。"
    )
    assert found == [
        ("running-costs", Decimal("45.10"), Decimal("45.10"), Decimal("0"), None),
        ("income-total", Decimal("3210.50"), Decimal("210.50"), Decimal("7.02"), Decimal("3000.00")),
        ("stated-change", Decimal("1210.40"), Decimal("210.40"), Decimal("21.04"), None),
        ("stated-change", Decimal("12345.60"), Decimal("-2000.5"), Decimal("-13.94"), None),
    ]


def _shares(text: str) -> list[tuple[Decimal | None, Decimal | None, Decimal | None, str | None]]:
    return [
        (s.amount, s.share_percent, s.share_whole, s.share_whole_topic)
        for s in _statements(text)
        if s.topic == "share"
    ]


def test_shares_find_their_whole() -> None:
    found = _shares(
        "2026年支出预算总计20,000.00万元，其中，基本支出5,000.00万元，占25.00%；项目支出15,000.00万元，占75.00%。\n"
        "财政拨款收支总预算8,000.00万元。收入包括：当年拨款收入7,000.00万元、上年结转1,000.00万元；"
        "支出包括：一般公共服务支出6,000.00万元，占75.00%；教育支出400.00万元，占5.00%；"
        "住房保障支出1,600.00万元，占20.00%。\n"
        "2010199其他一般公共服务支出1,000.00万元，占部门支出总额的12.50%。\n"
        "政府采购支出总额2,000.00万元。授予中小企业合同金额1,500.00万元，占政府采购支出总额的75.00%，"
        "其中：授予小微企业合同金额600.00万元，占授予中小企业合同金额的40.00%。"
    )
    assert found == [
        (Decimal("5000.00"), Decimal("25.00"), Decimal("20000.00"), None),
        (Decimal("15000.00"), Decimal("75.00"), Decimal("20000.00"), None),
        (Decimal("6000.00"), Decimal("75.00"), Decimal("8000.00"), None),
        (Decimal("400.00"), Decimal("5.00"), Decimal("8000.00"), None),
        (Decimal("1600.00"), Decimal("20.00"), Decimal("8000.00"), None),
        (Decimal("1000.00"), Decimal("12.50"), None, "expenditure-total"),
        (Decimal("1500.00"), Decimal("75.00"), Decimal("2000.00"), None),
        (Decimal("600.00"), Decimal("40.00"), Decimal("1500.00"), None),
    ]


def test_the_whole_of_a_list_is_the_one_most_of_its_shares_fit() -> None:
    """A change stated just before the list (减少 9,000.00) holds its parts but is not its whole."""
    found = _shares(
        "当年拨款8,000.00万元，比上年减少9,000.00万元。按功能分类，一般公共服务支出6,000.00万元，占75.00%；"
        "教育支出2,000.00万元，占25.00%。"
    )
    assert found == [
        (Decimal("6000.00"), Decimal("75.00"), Decimal("8000.00"), None),
        (Decimal("2000.00"), Decimal("25.00"), Decimal("8000.00"), None),
    ]
