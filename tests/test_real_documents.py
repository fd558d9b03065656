"""Real disclosures as published (PDF): every amount of the summary, functional, economic and
“三公” tables, and the narrative statements, as read by hand (tests/expected/real/)."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.conftest import EXPECTED, SHARED
from tests.contract import differences, read_expected
from tests.real_build import DOCUMENTS, FILES, RealBuild

REAL_EXPECTED = EXPECTED / "real"
QUESTIONS = ("department-overview", "expenditure-by-function", "basic-by-economic", "three-public")


def test_every_real_document_is_built(real: RealBuild) -> None:
    assert not real.report.failed, real.report.failed
    assert sorted(real.extractions) == sorted(FILES)
    assert sorted(path.name for path in REAL_EXPECTED.iterdir() if path.is_dir()) == sorted(FILES)
    assert sorted(path.name for path in (SHARED / "real").iterdir()) == sorted(
        name for files in FILES.values() for name in files
    )


def test_two_files_are_one_document(real: RealBuild) -> None:
    info = real.extractions["JS_renda_2019"].document
    assert info.name == "JS_renda_2019_dept_budget.pdf + JS_renda_2019_tables.pdf"
    assert [(part.name, part.first_page) for part in info.parts] == [
        ("JS_renda_2019_dept_budget.pdf", 1),
        ("JS_renda_2019_tables.pdf", 20),
    ]


def test_publisher_year_phase_and_region_of_each_document(real: RealBuild) -> None:
    """What each document is, as read by hand from its cover, title lines and form fields."""
    described = {
        stem: {
            "department": e.document.department_name,
            "region_code": e.document.region_code,
            "region_name": e.document.region_name,
            "fiscal_year": str(e.document.fiscal_year),
            "phase": e.document.phase,
            "kind": e.document.kind,
        }
        for stem, e in real.extractions.items()
    }
    expected = {
        stem: {
            key: row[key]
            for key in ("department", "region_code", "region_name", "fiscal_year", "phase", "kind")
        }
        for stem, row in DOCUMENTS.items()
    }
    assert described == expected


def test_printed_unit_of_a_table_in_yuan(real: RealBuild) -> None:
    units = {
        table.printed_unit
        for table in real.extractions["SH_putuo_wanli_jiedao_2024_dept_budget"].tables
        if table.kind == "expenditure-summary"
    }
    assert units == {"元"}


HAND_READ = sorted(
    (stem, question)
    for stem in FILES
    for question in QUESTIONS
    if (REAL_EXPECTED / stem / f"{question}.csv").exists()
)


@pytest.mark.parametrize(("stem", "question"), HAND_READ)
def test_tables_match_the_hand_reading(real: RealBuild, stem: str, question: str) -> None:
    _, expected = read_expected(REAL_EXPECTED / stem / f"{question}.csv")
    rows = real.rows(question, stem)
    assert len(rows) == len(expected)
    assert differences(expected, rows) == []


@pytest.mark.parametrize(
    "stem", sorted(stem for stem in FILES if (REAL_EXPECTED / stem / "narrative.csv").exists())
)
def test_narrative_statements_are_captured(real: RealBuild, stem: str) -> None:
    extraction = real.extractions[stem]
    found: dict[str, list[tuple[Decimal | None, int | None]]] = defaultdict(list)
    for statement in extraction.statements:
        found[statement.topic].append(
            (statement.amount if statement.amount is not None else statement.quantity, statement.source.page)
        )
    for figure in extraction.staff:
        found[figure.category].append((Decimal(figure.headcount), figure.source.page))
    with (REAL_EXPECTED / stem / "narrative.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    assert expected
    for entry in expected:
        value = Decimal(entry["amount"] or entry["quantity"])
        assert (value, int(entry["note"])) in found[entry["topic"]], (entry, found[entry["topic"]])


def test_narrative_read_from_a_pdf_keeps_its_line_on_the_page(real: RealBuild) -> None:
    """Lines are counted on each page, so that two statements never share a source location."""
    located = sorted(
        (statement.topic, statement.source.page, statement.source.line)
        for statement in real.extractions["SH_putuo_wanli_jiedao_2024_dept_budget"].statements
    )
    assert located == [
        ("expenditure-total", 6, 4),
        ("income-total", 6, 2),
        ("procurement-total", 32, 13),
        ("running-costs", 32, 10),
        ("stated-change", 6, 2),
        ("stated-change", 6, 4),
        ("stated-change", 6, 4),
        ("stated-change", 32, 5),
        ("stated-change", 32, 5),
        ("three-public-total", 32, 3),
        ("vehicles", 32, 21),
    ]
    for extraction in real.extractions.values():
        assert all(statement.source.line is not None for statement in extraction.statements)


def test_every_amount_read_from_a_pdf_keeps_its_page_and_cell_box(real: RealBuild) -> None:
    for stem, extraction in real.extractions.items():
        amounts = [line for line in extraction.lines if line.amount is not None]
        assert amounts or extraction.document.kind in ("performance-targets", "performance-evaluation"), stem
        for line in amounts:
            assert line.source.page is not None, (stem, line)
            assert line.source.bbox is not None, (stem, line)
            x0, top, x1, bottom = line.source.bbox
            assert x0 < x1 and top < bottom
    total = next(
        line
        for line in real.extractions["SH_putuo_wanli_jiedao_2024_dept_budget"].lines
        if line.summary_item == "income-grand-total"
    )
    assert (total.amount, total.printed_value, total.source.page) == (
        Decimal("15621.1123"),
        "156,211,123",
        10,
    )


def test_extra_spending_categories_are_modelled(real: RealBuild) -> None:
    def amounts(stem: str, kind: str, expenditure_type: str) -> list[Decimal | None]:
        extraction = real.extractions[stem]
        tables = {table.number for table in extraction.tables if table.kind == kind}
        return [
            line.amount
            for line in extraction.lines
            if line.table in tables and line.expenditure_type == expenditure_type
        ]

    assert amounts("JS_renda_2019", "expenditure-summary", "reserve") == [Decimal("2557.89")]
    assert amounts("JS_jianchayuan_2019_dept_budget", "expenditure-summary", "reserve") == [Decimal("3990.4")]
    assert amounts("JS_jianchayuan_2019_dept_budget", "three-public", "meeting") == [Decimal("158.44")]
    assert amounts("JS_jianchayuan_2019_dept_budget", "three-public", "training") == [Decimal("700")]
    assert amounts("JS_jianchayuan_2019_dept_budget", "three-public", "listed-total") == [Decimal("1276.7")]
    assert amounts("SH_putuo_wanli_jiedao_2024_dept_budget", "three-public", "running-costs") == [
        Decimal("443.18")
    ]
    executed = [
        line
        for line in real.extractions["SH_putuo_caizheng_2024_final"].lines
        if line.expenditure_type == "three-public-total"
    ]
    assert [(line.amount, line.phase) for line in executed] == [(Decimal("0.95"), "approved")]


CHECKED_FOR_EMPTY_NOTES = {
    "JS_jianchayuan_2019_dept_budget",
    "JS_renda_2019",
    "SH_putuo_caizheng_2024_final",
    "SH_putuo_wanli_jiedao_2024_dept_budget",
    "SH_putuo_zfban_2025_unit_budget",
}
"""The documents whose notes of empty tables were listed by hand."""


def test_notes_declaring_a_table_empty_are_kept_even_when_figures_are_printed(real: RealBuild) -> None:
    declared = {
        (stem, table.kind): (table.empty_statement, sum(1 for line in e.lines if line.table == table.number))
        for stem, e in real.extractions.items()
        for table in e.tables
        if table.declared_empty and stem in CHECKED_FOR_EMPTY_NOTES
    }
    wanli = "SH_putuo_wanli_jiedao_2024_dept_budget"
    assert sorted(declared) == sorted(
        [
            ("JS_jianchayuan_2019_dept_budget", "government-fund"),
            ("SH_putuo_caizheng_2024_final", "government-fund"),
            ("SH_putuo_caizheng_2024_final", "state-capital"),
            (wanli, "government-fund"),
            (wanli, "state-capital"),
            (wanli, "three-public"),
            ("SH_putuo_zfban_2025_unit_budget", "government-fund"),
            ("SH_putuo_zfban_2025_unit_budget", "state-capital"),
        ]
    )
    statement, lines = declared[(wanli, "three-public")]
    assert statement == "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"
    assert lines == 7


def test_lines_classified_by_name_only_keep_their_level_and_parents(real: RealBuild) -> None:
    """Hangzhou prints names indented by level and no codes: no code is made up, the level and
    the parents come from the indentation."""
    lines = [
        (line.item_name, line.code, line.name_path)
        for line in real.extractions["ZJ_hangzhou_sfj_2026_dept_budget"].lines
        if line.classification == "function" and line.expenditure_type == "total" and line.fund == "general"
    ]
    assert len(lines) == 39
    assert all(code is None for _, code, _ in lines)
    assert [path for name, _, path in lines if name in ("行政运行", "其他一般公共服务支出")] == [
        ("一般公共服务支出", "其他一般公共服务支出"),
        ("一般公共服务支出", "其他一般公共服务支出", "其他一般公共服务支出"),
        ("公共安全支出", "司法", "行政运行"),
        ("公共安全支出", "监狱", "行政运行"),
        ("公共安全支出", "强制隔离戒毒", "行政运行"),
    ]


def test_a_place_name_is_not_a_note_that_a_table_is_empty(real: RealBuild) -> None:
    """Wuxi's page header names 无锡市统计局 under its procurement table: the 无 of the city's name
    says nothing about the table, which prints no rows and so stays unread, without a statement."""
    tables = real.extractions["JS_wuxi_tjj_2026_dept_budget"].tables
    procurement = [table for table in tables if table.kind == "procurement"]
    assert len(procurement) == 1
    assert procurement[0].empty_statement is None
    assert not procurement[0].declared_empty
