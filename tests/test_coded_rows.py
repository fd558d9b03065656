"""Code tables in the shapes templates print them: one code cell, split 类/款/项, two groups."""

from __future__ import annotations

from budgetkg.interpret.coded_rows import (
    coded_rows,
    detect_layout,
    first_data_row,
    include_unit_row,
    indent_levels,
)
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


def test_code_and_name_in_one_bracketed_cell() -> None:
    rows = _rows(
        ["部门预算支出经济科目", "预算"],
        ["合计", "8,401.67"],
        ["[301]工资福利支出", "7,131.66"],
        ["[30101]基本工资", "927.35"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (start, layout.bracketed, layout.width) == (1, True, 1)
    lines = [(line.code, line.name, line.amounts) for line in coded_rows(rows, start, layout, 1)]
    assert lines == [
        ("", "合计", ["8,401.67"]),
        ("301", "工资福利支出", ["7,131.66"]),
        ("30101", "基本工资", ["927.35"]),
    ]


def test_unit_column_and_the_department_row_as_total() -> None:
    rows = _rows(
        ["预算单位", "科目编码", "科目名称", "支出总计", "基本支出", "项目支出"],
        ["深圳市民政局（本级）", "", "", "8,947.31", "5,581.69", "3,365.62"],
        ["", "205", "教育支出", "12.23", "0.00", "12.23"],
        ["", "20508", "进修及培训", "12.23", "0.00", "12.23"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (start, layout.unit_column, layout.lead) == (2, True, 1)
    start = include_unit_row(rows, start, layout)
    lines = [(line.code, line.is_total, line.amounts) for line in coded_rows(rows, start, layout, 3)]
    assert lines == [
        ("", True, ["8,947.31", "5,581.69", "3,365.62"]),
        ("205", False, ["12.23", "0.00", "12.23"]),
        ("20508", False, ["12.23", "0.00", "12.23"]),
    ]


def _indented(*lines: tuple[float, list[str]]) -> list[Row]:
    return [Row(cells=cells, indents=[indent] + [None] * (len(cells) - 1)) for indent, cells in lines]


def test_names_only_indented_by_level_keep_their_level_and_parents() -> None:
    rows = [
        Row(cells=["功能分类科目名称", "合计", "基本支出", "项目支出"]),
        Row(cells=["**", "1", "2", "3"]),
        *_indented(
            (5.4, ["合计", "5,753.07", "3,745.07", "2,008.00"]),
            (5.4, ["公共安全支出", "69,081.15", "60,830.83", "8,250.32"]),
            (15.4, ["司法", "11,254.99", "8,553.80", "2,701.19"]),
            (25.4, ["行政运行", "8,553.80", "8,553.80", ""]),
            (15.4, ["监狱", "53,706.39", "48,375.27", "5,331.12"]),
            (25.4, ["行政运行", "48,375.27", "48,375.27", ""]),
        ),
    ]
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (start, layout.parts) == (2, 0)
    lines = [
        (line.name, line.is_total, line.named_only, line.level, line.parents, line.amounts[0])
        for line in coded_rows(rows, start, layout, 3)
    ]
    assert lines == [
        ("合计", True, False, None, (), "5,753.07"),
        ("公共安全支出", False, True, 1, (), "69,081.15"),
        ("司法", False, True, 2, ("公共安全支出",), "11,254.99"),
        ("行政运行", False, True, 3, ("公共安全支出", "司法"), "8,553.80"),
        ("监狱", False, True, 2, ("公共安全支出",), "53,706.39"),
        ("行政运行", False, True, 3, ("公共安全支出", "监狱"), "48,375.27"),
    ]


def test_names_only_without_indentation_have_no_level() -> None:
    rows = _rows(
        ["经济分类科目名称", "合计", "人员经费", "日常公用支出"],
        ["合计", "3,745.07", "2,906.80", "838.27"],
        ["工资福利支出", "2,709.90", "2,709.90", ""],
        ["基本工资", "98.00", "98.00", ""],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert layout.parts == 0
    lines = [(line.name, line.level, line.parents) for line in coded_rows(rows, start, layout, 3)]
    assert lines == [("合计", None, ()), ("工资福利支出", None, ()), ("基本工资", None, ())]


def test_a_code_table_is_not_read_as_names_only() -> None:
    rows = _rows(
        ["科目编码", "科目名称", "合计"],
        ["合计", "", "1452.21"],
        ["201", "一般公共服务支出", "1065.08"],
    )
    start = first_data_row(rows)
    assert detect_layout(rows, start).parts == 1


def test_indentation_makes_at_most_three_levels() -> None:
    assert indent_levels([5.4, 15.4, 25.4, 16.0, 5.0]) == [1, 2, 3, 2, 1]
    assert indent_levels([5.4, 15.4, 25.4, 35.4]) == [None] * 4
    assert indent_levels([5.4, None]) == [None, None]


def test_two_groups_side_by_side_with_joined_codes() -> None:
    rows = _rows(
        ["人员经费", "人员经费", "人员经费", "公用经费", "公用经费", "公用经费"],
        ["经济分类科目编码", "科目名称", "金额", "经济分类科目编码", "科目名称", "金额"],
        ["301", "工资福利支出", "649.20", "302", "商品和服务支出", "94.65"],
        ["30101", "基本工资", "301.79", "30201", "办公费", "13.80"],
        ["", "人员经费合计", "649.20", "", "公用经费合计", "97.19"],
    )
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert (start, layout.parts, layout.groups) == (2, 1, 2)
    lines = [
        (line.group, line.group_label, line.code, line.name, line.amounts)
        for line in coded_rows(rows, start, layout, 1)
    ]
    assert lines == [
        (0, "人员经费合计", "301", "工资福利支出", ["649.20"]),
        (0, "人员经费合计", "30101", "基本工资", ["301.79"]),
        (1, "公用经费合计", "302", "商品和服务支出", ["94.65"]),
        (1, "公用经费合计", "30201", "办公费", ["13.80"]),
    ]


def test_a_header_merged_over_neighbouring_columns_is_one_group() -> None:
    rows = _rows(
        ["科目名称", "科目名称", "合计", "基本支出", "项目支出"],
        ["201", "一般公共服务支出", "30.00", "20.00", "10.00"],
    )
    assert detect_layout(rows, first_data_row(rows)).groups == 1


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
