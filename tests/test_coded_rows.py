"""Code tables in the shapes templates print them: one code cell, split 类/款/项, two groups."""

from __future__ import annotations

from budgetkg.interpret.coded_rows import coded_rows, detect_layout, first_data_row
from budgetkg.layout import Row


def _rows(*cells: list[str]) -> list[Row]:
    return [Row(cells=list(row)) for row in cells]


def test_codes_split_over_class_section_item_columns_are_one_code() -> None:
    rows = _rows(
        ["项目", "", "", "", "收入预算"],
        ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "财政拨款收入"],
        ["类", "款", "项", "", "", ""],
        ["201", "", "", "一般公共服务支出", "2,932,700", "2,932,700"],
        ["201", "05", "", "统计信息事务", "257,700", "257,700"],
        ["201", "05", "07", "专项普查活动", "257,700", "257,700"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (start, layout.parts, layout.groups) == (3, 3, 1)
    lines = [(line.code, line.name, line.amounts) for line in coded_rows(rows, start, layout, 2)]
    assert lines == [
        ("201", "一般公共服务支出", ["2,932,700", "2,932,700"]),
        ("20105", "统计信息事务", ["257,700", "257,700"]),
        ("2010507", "专项普查活动", ["257,700", "257,700"]),
    ]


def test_total_printed_in_the_label_row_of_split_codes() -> None:
    rows = _rows(
        ["项目", "", "", "", "本年支出合计", "基本支出", "项目支出"],
        ["类", "款", "项", "合计", "2,940.05", "2,336.91", "603.14"],
        ["201", "", "", "一般公共服务支出", "2,106.66", "1,503.52", "603.14"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    lines = [
        (line.code, line.name, line.is_total, line.amounts) for line in coded_rows(rows, start, layout, 3)
    ]
    assert lines == [
        ("", "合计", True, ["2,940.05", "2,336.91", "603.14"]),
        ("201", "一般公共服务支出", False, ["2,106.66", "1,503.52", "603.14"]),
    ]


def test_two_column_groups_are_read_left_then_right() -> None:
    rows = _rows(
        ["经济分类", "", "科目名称", "决算数", "经济分类", "", "科目名称", "决算数"],
        ["类", "款", "", "", "类", "款", "", ""],
        ["301", "", "工资福利支出", "2,082.85", "302", "", "商品和服务支出", "171.07"],
        ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (layout.parts, layout.groups) == (2, 2)
    codes = [(line.code, line.amounts[0]) for line in coded_rows(rows, start, layout, 1)]
    assert codes == [("301", "2,082.85"), ("30101", "262.33"), ("302", "171.07"), ("30201", "21.21")]


def test_sequence_column_and_single_code_cell() -> None:
    rows = _rows(
        ["序号", "功能分类科目", "合计"],
        ["", "科目编码", "科目名称", ""],
        ["1", "", "合计", "1452.21"],
        ["2", "201", "一般公共服务支出", "1065.08"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (layout.sequence, layout.parts) == (True, 1)
    lines = [(line.code, line.name, line.is_total) for line in coded_rows(rows, start, layout, 1)]
    assert lines == [("", "合计", True), ("201", "一般公共服务支出", False)]


BEIJING_CROSS_TABLE = _rows(
    ["支出功能分类科目", "政府支出经济分类科目", "部门支出经济分类科目", "合计", "基本支出", "项目支出"],
    ["2010601-行政运行", "50101-工资奖金津补贴", "30101-基本工资", "1,721.982000", "1,721.982000", ""],
    ["2010602-一般行政管理事务", "50201-办公经费", "30202-印刷费", "110.460000", "", "110.460000"],
    ["合 计", "", "", "44,169.357532", "28,016.258321", "16,153.099211"],
)


def test_codes_joined_to_their_names_are_read_under_the_tables_classification() -> None:
    rows = _rows(
        ["政府支出经济分类科目", "部门支出经济分类科目", "合计", "人员经费", "公用经费"],
        ["50101-工资奖金津补贴", "30101-基本工资", "1,721.982000", "1,721.982000", ""],
        ["50502-商品和服务支出", "3021101-差旅费", "21.375000", "", "21.375000"],
        ["", "合 计", "28,016.258321", "25,934.649992", "2,081.608329"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (start, layout.joined, layout.width) == (1, 2, 2)
    lines = [(line.code, line.name, line.amounts) for line in coded_rows(rows, start, layout, 3, "economic")]
    assert lines == [
        ("30101", "基本工资", ["1,721.982000", "1,721.982000", ""]),
        ("3021101", "差旅费", ["21.375000", "", "21.375000"]),
        ("", "合计", ["28,016.258321", "25,934.649992", "2,081.608329"]),
    ]


def test_rows_of_a_function_by_economic_cross_table_are_not_functional_figures() -> None:
    rows = BEIJING_CROSS_TABLE
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert layout.joined == 3
    lines = [(line.code, line.is_total, line.amounts) for line in coded_rows(rows, start, layout, 3)]
    assert lines == [("", True, ["44,169.357532", "28,016.258321", "16,153.099211"])]
