"""The Jiangsu 2026 municipal template: 财政拨款支出表（功能科目） (公开05表), whose 基本支出 is printed
as 小计 | 人员经费 | 公用经费, and 收入总表 (公开02表), whose rows are departments and units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.interpret.classified import read_classified
from budgetkg.interpret.coded_rows import coded_rows, detect_layout, first_data_row
from budgetkg.interpret.context import TableContext
from budgetkg.layout import Row, Table
from budgetkg.model import DocumentInfo, Extraction
from budgetkg.recognise import TypedTable, signature_of
from tests.real_build import RealBuild

JIANGSU_2026 = (
    "JS_suzhou_sjj_2026_dept_budget",
    "JS_suzhou_zrzyghj_2026_unit_budget",
    "JS_wuxi_tjj_2026_dept_budget",
)
TYPES = ("total", "basic", "personnel", "public-use", "project")


def _table(extraction: Extraction, kind: str) -> int:
    return next(table.number for table in extraction.tables if table.kind == kind)


def _fiscal_row(extraction: Extraction, code: str | None) -> dict[str, Decimal | None]:
    """The amounts of one row of the fiscal table by function, by expenditure type (None: the
    合计 row)."""
    number = _table(extraction, "fiscal-by-function")
    return {
        str(line.expenditure_type): line.amount
        for line in extraction.lines
        if line.table == number and line.code == code and (code is not None or line.is_total)
    }


def _d(*amounts: str) -> list[Decimal]:
    return [Decimal(amount) for amount in amounts]


@pytest.mark.parametrize(
    ("stem", "code", "printed"),
    [
        # page 14: 合计 and 行政运行 (人员经费 and 公用经费, no 项目支出)
        ("JS_suzhou_sjj_2026_dept_budget", None, _d("4651.67", "4312.17", "3916.57", "395.60", "339.50")),
        ("JS_suzhou_sjj_2026_dept_budget", "2010801", _d("2342.00", "2342.00", "1946.40", "395.60")),
        # page 17: 220 prints every column; 212 (fund money) only 项目支出
        (
            "JS_suzhou_zrzyghj_2026_unit_budget",
            "220",
            _d("7095.13", "2838.83", "2337.50", "501.33", "4256.30"),
        ),
        ("JS_suzhou_zrzyghj_2026_unit_budget", "212", _d("943.80", "943.80")),
        # pages 14–15: the last row is carried over to page 15
        ("JS_wuxi_tjj_2026_dept_budget", "201", _d("2404.17", "1429.11", "1297.78", "131.33", "975.06")),
        ("JS_wuxi_tjj_2026_dept_budget", "2210203", _d("167.18", "167.18", "167.18")),
    ],
)
def test_fiscal_table_reads_basic_personnel_public_use_and_project(
    real: RealBuild, stem: str, code: str | None, printed: list[Decimal]
) -> None:
    row = _fiscal_row(real.extractions[stem], code)
    assert [row[name] for name in TYPES if name in row] == printed


@pytest.mark.parametrize("stem", JIANGSU_2026)
def test_fiscal_table_rows_add_up_without_counting_a_group_twice(real: RealBuild, stem: str) -> None:
    """On every row 合计 = 基本支出 小计 + 项目支出 and 小计 = 人员经费 + 公用经费: the 小计 column
    is the basic amount and its parts are read as personnel and public use, never as project."""
    extraction = real.extractions[stem]
    number = _table(extraction, "fiscal-by-function")
    rows: dict[int | None, dict[str, Decimal]] = {}
    for line in extraction.lines:
        if line.table == number and line.amount is not None:
            rows.setdefault(line.source.row, {})[str(line.expenditure_type)] = line.amount
    assert len(rows) > 10
    for amounts in rows.values():
        zero = Decimal(0)
        assert amounts["total"] == amounts.get("basic", zero) + amounts.get("project", zero)
        assert amounts.get("basic", zero) == amounts.get("personnel", zero) + amounts.get("public-use", zero)
    unmapped = [
        finding
        for finding in extraction.findings
        if finding.rule == "extract.column-unmapped" and finding.source.table_number == number
    ]
    assert unmapped == []


@pytest.mark.parametrize(
    ("stem", "units"),
    [
        ("JS_suzhou_sjj_2026_dept_budget", [("024", "4651.67"), ("024001", "4651.67")]),
        ("JS_suzhou_zrzyghj_2026_unit_budget", [("114001", "10022.32")]),
        (
            "JS_wuxi_tjj_2026_dept_budget",
            [("327", "3210.10"), ("327001", "2663.92"), ("327002", "546.18")],
        ),
    ],
)
def test_income_table_by_unit_reads_unit_codes_not_function_codes(
    real: RealBuild, stem: str, units: list[tuple[str, str]]
) -> None:
    extraction = real.extractions[stem]
    number = _table(extraction, "income-summary")
    lines = [line for line in extraction.lines if line.table == number and not line.is_total]
    assert [(line.unit_code, line.amount) for line in lines] == [(code, Decimal(a)) for code, a in units]
    assert all(line.classification is None and line.code is None for line in lines)


def test_a_code_column_headed_by_the_department_code_holds_unit_codes() -> None:
    rows = [
        Row(cells=["部门代\n码", "部门名称", "合计", "本年收入"]),
        Row(cells=["", "", "", "小计"]),
        Row(cells=["合计", "", "3,210.10", "3,210.10"]),
        Row(cells=["327", "无锡市统计局", "3,210.10", "3,210.10"]),
        Row(cells=["327001", "无锡市统计局（本级）", "2,663.92", "2,663.92"]),
    ]
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert layout.unit_codes
    read = [(line.code, line.amounts[0]) for line in coded_rows(rows, start, layout, 1)]
    assert read == [("", "3,210.10"), ("327", "3,210.10"), ("327001", "2,663.92")]


def test_a_code_column_of_function_codes_holds_no_unit_codes() -> None:
    rows = [
        Row(cells=["科目编码", "科目名称", "合计"]),
        Row(cells=["201", "一般公共服务支出", "2,404.17"]),
        Row(cells=["201050", "not a code", "1.00"]),
    ]
    start = first_data_row(rows)
    layout = detect_layout(rows, start)
    assert not layout.unit_codes
    assert [line.code for line in coded_rows(rows, start, layout, 1)] == ["201"]


KINDS_WITH_BASIC = (
    "fiscal-by-function",
    "general-by-function",
    "government-fund",
    "state-capital",
    "general-by-economic",
)


def _read(kind: str, header: list[list[str]], data: list[list[str]]) -> list[tuple[str, str | None, Decimal]]:
    """The (code, expenditure type, amount) lines read from a table of ``kind``."""
    info = DocumentInfo(
        "d.pdf",
        "0" * 64,
        "application/pdf",
        "",
        "320500",
        "",
        "某局",
        None,
        2026,
        "approved",
        "",
    )
    extraction = Extraction(document=info)
    rows = [Row(cells=cells, page=1, line=index) for index, cells in enumerate(header + data)]
    typed = TypedTable(kind, "表", "万元", Table(rows=rows), signature_of(kind))
    read_classified(TableContext("d.pdf", 1, typed, extraction))
    assert extraction.findings == []
    return [(line.code or "", line.expenditure_type, line.amount) for line in extraction.lines if line.amount]


GROUP_LAYOUTS = {
    # 合计 | 基本支出 (小计 | 人员经费 | 公用经费) | 项目支出, the merged 基本支出 repeated over its columns
    "with its subtotal": (
        [
            ["科目编码", "科目名称", "合计", "基本支出", "基本支出", "基本支出", "项目支出"],
            ["", "", "", "小计", "人员经费", "公用经费", ""],
        ],
        ["2010801", "行政运行", "2,352.00", "2,342.00", "1,946.40", "395.60", "10.00"],
        ["total", "basic", "personnel", "public-use", "project"],
    ),
    # 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出: the group has no column of its own and its
    # amount is the sum of its parts, added after the printed ones
    "without its subtotal": (
        [
            ["科目编码", "科目名称", "合计", "基本支出", "基本支出", "项目支出"],
            ["", "", "", "人员经费", "公用经费", ""],
        ],
        ["2010801", "行政运行", "2,352.00", "1,946.40", "395.60", "10.00"],
        ["total", "personnel", "public-use", "project", "basic"],
    ),
}


@pytest.mark.parametrize("layout", sorted(GROUP_LAYOUTS))
@pytest.mark.parametrize("kind", KINDS_WITH_BASIC)
def test_a_basic_group_is_read_once_with_its_parts_in_every_table_of_basic_and_project(
    kind: str, layout: str
) -> None:
    header, data, types = GROUP_LAYOUTS[layout]
    amounts = {"total": "2352.00", "basic": "2342.00", "personnel": "1946.40", "public-use": "395.60"}
    assert _read(kind, header, [data]) == [
        ("2010801", name, Decimal(amounts.get(name, "10.00"))) for name in types
    ]
