"""Columns of another year beside the budget year's, and a 款 printed without its 类."""

from __future__ import annotations

from budgetkg.interpret.coded_rows import coded_rows, detect_layout, first_data_row
from budgetkg.interpret.headers import column_paths
from budgetkg.interpret.three_public import item_of
from budgetkg.interpret.year_columns import budget_year_rows, other_year_columns
from budgetkg.layout import Row


def _rows(*cells: list[str]) -> list[Row]:
    return [Row(cells=list(row)) for row in cells]


def test_last_years_column_is_left_out_of_a_function_table() -> None:
    """重庆 表五: 2025年预算数 before the 2026 block of 总计 / 基本支出 (小计, 人员, 公用) / 项目支出."""
    rows = _rows(
        ["功能分类科目"] * 2 + ["2025年预算数"] + ["2026年预算数"] * 5,
        ["科目编码", "科目名称", "2025年预算数", "总计", "基本支出", "基本支出", "基本支出", "项目支出"],
        ["科目编码", "科目名称", "2025年预算数", "总计", "小计", "人员经费", "公用经费", "项目支出"],
        ["合计", "", "219,607.38", "227,955.11", "113,007.22", "97,954.58", "15,052.64", "114,947.89"],
        ["205", "教育支出", "52.17", "54.94", "54.94", "", "54.94", ""],
        ["21501", "资源勘探开发", "2,459.26", "", "", "", "", ""],
    )
    start = first_data_row(rows)
    assert other_year_columns(rows[:start], 8, 2026) == {2}
    assert other_year_columns(rows[:start], 8, 2025) == {3, 4, 5, 6, 7}
    kept = budget_year_rows(rows, start, 2026)
    lines = [(line.code, line.amounts) for line in coded_rows(kept, start, detect_layout(kept, start), 5)]
    assert lines == [
        ("", ["227,955.11", "113,007.22", "97,954.58", "15,052.64", "114,947.89"]),
        ("205", ["54.94", "54.94", "", "54.94", ""]),
        ("21501", ["", "", "", "", ""]),
    ]


def test_three_public_items_of_the_budget_year_block() -> None:
    """重庆 表八: the 2025 and 2026 blocks print the same items; only the 2026 block is read."""
    header = _rows(
        ["2025年预算数"] * 6 + ["2026年预算数"] * 6,
        ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费"] * 2,
    )
    paths = column_paths(header, 12)
    other = other_year_columns(header, 12, 2026)
    items = [None if column in other else item_of(path, paths) for column, path in enumerate(paths)]
    assert items == [None] * 6 + [
        "three-public-total",
        "abroad",
        None,
        "vehicle-purchase",
        "vehicle-operation",
        "reception",
    ]


def test_a_section_printed_without_its_class_belongs_to_the_class_above() -> None:
    """长沙: ``| 40 | | 信访事务`` under ``201 | | | 一般公共服务支出``."""
    rows = _rows(
        ["科目编码", "科目编码", "科目编码", "功能科目", "总 计", "基本支出", "项目支出"],
        ["类", "款", "项", "功能科目", "总 计", "基本支出", "项目支出"],
        ["", "", "", "合计", "1,935.36", "1,517.95", "417.41"],
        ["201", "", "", "一般公共服务支出", "1,935.36", "1,517.95", "417.41"],
        ["", "40", "", "信访事务", "1,935.36", "1,517.95", "417.41"],
        ["201", "40", "01", "行政运行", "1,517.95", "1,517.95", ""],
    )
    start = first_data_row(rows)
    codes = [line.code for line in coded_rows(rows, start, detect_layout(rows, start), 3)]
    assert codes == ["", "201", "20140", "2014001"]
