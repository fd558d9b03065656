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
        "国家信访局2026年委托业务费财政拨款预算1,391.68万元，比2025年预算增加333.83万元，增长31.35%。\n"
        "2026年一般公共预算当年财政拨款16,474.82万元,比2025年执行数减少20,766.6万元，减幅55.76%。\n"
        "机关运行经费支出97.19万元，比预算数增加97.19万元，增长0%。\n"
        "2026年度收入预算44169.36万元，比2025年年初预算数44021.20万元增加148.16万元，增长0.34%。"
    )
    assert found == [
        ("running-costs", Decimal("97.19"), Decimal("97.19"), Decimal("0"), None),
        ("income-total", Decimal("44169.36"), Decimal("148.16"), Decimal("0.34"), Decimal("44021.20")),
        ("stated-change", Decimal("1391.68"), Decimal("333.83"), Decimal("31.35"), None),
        ("stated-change", Decimal("16474.82"), Decimal("-20766.6"), Decimal("-55.76"), None),
    ]


def _shares(text: str) -> list[tuple[Decimal | None, Decimal | None, Decimal | None, str | None]]:
    return [
        (s.amount, s.share_percent, s.share_whole, s.share_whole_topic)
        for s in _statements(text)
        if s.topic == "share"
    ]


def test_shares_find_their_whole() -> None:
    found = _shares(
        "2026年支出预算总计50,616.94万元，其中，基本支出11,056.07万元，占21.84%；项目支出39,560.87万元，占78.16%。\n"
        "财政拨款收支总预算18,728.91万元。收入包括：当年拨款收入16,474.82万元、上年结转2,254.12万元；"
        "支出包括：一般公共服务支出15,291.3万元，占81.65%；教育支出118.01万元，占0.63%；"
        "社会保障和就业支出2,208.19万元，占11.79%；住房保障支出1,111.44万元，占5.93%。\n"
        "2014099其他信访事务支出3,623.98万元，占部门支出总额的22.00%。\n"
        "政府采购支出总额15,346.40万元。授予中小企业合同金额12,127.08万元，占政府采购支出总额的79.02%，"
        "其中：授予小微企业合同金额7,295.12万元，占授予中小企业合同金额的60.02%。"
    )
    assert found == [
        (Decimal("11056.07"), Decimal("21.84"), Decimal("50616.94"), None),
        (Decimal("39560.87"), Decimal("78.16"), Decimal("50616.94"), None),
        (Decimal("15291.3"), Decimal("81.65"), Decimal("18728.91"), None),
        (Decimal("118.01"), Decimal("0.63"), Decimal("18728.91"), None),
        (Decimal("2208.19"), Decimal("11.79"), Decimal("18728.91"), None),
        (Decimal("1111.44"), Decimal("5.93"), Decimal("18728.91"), None),
        (Decimal("3623.98"), Decimal("22.00"), None, "expenditure-total"),
        (Decimal("12127.08"), Decimal("79.02"), Decimal("15346.40"), None),
        (Decimal("7295.12"), Decimal("60.02"), Decimal("12127.08"), None),
    ]
