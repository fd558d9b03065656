"""Column label paths of multi-row headers, and the “三公” items they name in each template."""

from __future__ import annotations

from budgetkg.interpret.compared_columns import compared_columns
from budgetkg.interpret.headers import column_paths
from budgetkg.interpret.three_public import item_of
from budgetkg.layout import Row
from budgetkg.recognise import signature_of


def _items(*header: list[str]) -> list[str | None]:
    rows = [Row(cells=list(cells)) for cells in header]
    width = max(len(cells) for cells in header)
    paths = column_paths(rows, width)
    return [item_of(path, paths) for path in paths]


def test_hubei_three_public_header() -> None:
    assert _items(
        ["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费"],
        ["", "", "小计", "公务用车购置费", "公务用车运行费", ""],
    ) == ["three-public-total", "abroad", "vehicles", "vehicle-purchase", "vehicle-operation", "reception"]


def test_shanghai_three_public_and_running_costs_header() -> None:
    assert _items(
        ["2024年“三公”经费预算数", "", "", "", "", "", "2024年机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
        ["", "", "", "小计", "购置费", "运行费", ""],
    ) == [
        "three-public-total",
        "abroad",
        "reception",
        "vehicles",
        "vehicle-purchase",
        "vehicle-operation",
        "running-costs",
    ]


def test_jiangsu_header_with_meetings_and_training() -> None:
    header = (
        ["合计", "", "“三公”经费", "", "", "", "", "", "", "", "", "", "", "", "", "", "会议费", "培训费"],
        [
            "",
            "",
            "小计",
            "因公出国（境）费",
            "",
            "",
            "公务用车购置及运行维护费",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "公务接待费",
            "",
            "",
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "",
            "小计",
            "",
            "",
            "",
            "公务用车购置费",
            "",
            "",
            "公务用车运行维护费",
            "",
            "",
            "",
            "",
        ],
    )
    items = _items(*header)
    assert items[0] == "listed-total"
    assert items[2] == "three-public-total"
    assert items[3] == "abroad"
    assert items[6] == "vehicles"
    assert items[10] == "vehicle-purchase"
    assert items[13] == "vehicle-operation"
    assert items[15] == "reception"
    assert items[16:] == ["meeting", "training"]


def test_span_stops_at_the_parent_boundary() -> None:
    rows = [Row(cells=["甲", "", "乙", ""]), Row(cells=["", "子", "", ""])]
    assert column_paths(rows, 4) == [["甲"], ["甲", "子"], ["乙"], ["乙"]]


def test_shenzhen_header_with_one_column_per_fund() -> None:
    funds = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
    assert _items(
        ["总计"] * 3 + ["因公出国(境)费"] * 3 + ["公务接待费"] * 3 + ["公务用车购置及运行维护费"] * 9,
        ["总计"] * 3
        + ["因公出国(境)费"] * 3
        + ["公务接待费"] * 3
        + ["小计"] * 3
        + ["公务用车购置费"] * 3
        + ["公务用车运行维护费"] * 3,
        funds * 6,
    ) == [
        *("three-public-total", None, None, "abroad", None, None, "reception", None, None),
        *("vehicles", None, None, "vehicle-purchase", None, None, "vehicle-operation", None, None),
    ]


def test_comparison_columns_of_another_year_are_skipped() -> None:
    """The national template's 一般公共预算支出表: 2025 执行数, then the 2026 amounts, then the change."""
    header = [
        Row(cells=cells)
        for cells in (
            [
                "功能分类科目",
                "功能分类科目",
                "2025年执行数",
                "2025年执行数",
                "2026年预算数",
                "2026年预算数",
                "2026年预算数",
                "2026年预算数",
                "2026年预算数比2025年执行数",
                "2026年预算数比2025年执行数",
            ],
            [
                "科目编码",
                "科目名称",
                "执行数",
                "扣除中央基建投资后执行数",
                "年初预算数",
                "年初预算数",
                "年初预算数",
                "扣除中央基建投资后预算数",
                "增减额",
                "增减(%)",
            ],
            [
                "科目编码",
                "科目名称",
                "执行数",
                "扣除中央基建投资后执行数",
                "小计",
                "基本支出",
                "项目支出",
                "扣除中央基建投资后预算数",
                "增减额",
                "增减(%)",
            ],
        )
    ]
    signature = signature_of("general-by-function")
    assert compared_columns(header, 2, signature) == [None, None, "total", "basic", "project"]
    # a header without a comparison keeps the columns in header order
    plain = [Row(cells=["科目编码", "科目名称", "合计", "基本支出", "项目支出"])]
    assert compared_columns(plain, 2, signature) is None


def test_a_fund_table_of_final_accounts_reads_its_expenditure_by_label() -> None:
    """Foshan's 政府性基金预算财政拨款收入支出决算表 prints the carry-over and the income of the year
    before its expenditure, and a 栏次 row of column numbers: read in header order, 基本支出 and
    项目支出 would land on 年初结转和结余 and 本年收入."""
    header = [
        Row(
            cells=[
                "项目",
                "项目",
                "年初结转和结余",
                "本年收入",
                "本年支出",
                "本年支出",
                "本年支出",
                "年末结转和结余",
            ]
        ),
        Row(cells=["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""]),
        Row(cells=["栏次", "栏次", "1", "2", "3", "4", "5", "6"]),
    ]
    signature = signature_of("government-fund")
    assert compared_columns(header, 2, signature) == [None, None, "total", "basic", "project"]
    # the same columns without the foreign ones keep header order
    plain = [Row(cells=["科目编码", "科目名称", "合计", "基本支出", "项目支出"])]
    assert compared_columns(plain, 2, signature) is None
