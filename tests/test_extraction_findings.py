"""One bad table never drops a document: what reading leaves unread is recorded as extraction
findings (rule ids ``extract.*`` declared in ``shapes/extraction.ttl``), emitted into the document's
graph, printed by ``build`` and reported by ``validate`` beside the other rules."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import budgetkg.interpret as interpret_module
from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.errors import DocumentError
from budgetkg.interpret import interpret
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.findings import (
    CELL_UNREADABLE,
    COLUMN_UNMAPPED,
    IDENTITY_DIFFERS,
    PAGE_UNREAD,
    TABLE_UNINTERPRETABLE,
    TABLE_UNREAD,
    TABLE_UNRECOGNISED,
    UnknownRuleError,
    extraction_finding,
    extraction_rules,
)
from budgetkg.model import Source
from budgetkg.readers import read_document
from budgetkg.store import EmbeddedStore
from tests.conftest import SHARED, require_shared

FOSHAN = "GD_foshan_gdjtj_2019_final.pdf"

# A functional table whose 20101 row prints a word in its 基本支出 cell.
ONE_BAD_CELL = (
    "武汉市江汉区测试局 2024 年部门预算\n\n"
    "2024年一般公共预算支出表\n单位：万元\n"
    "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "合计\t\t30.00\t20.00\t10.00\n"
    "201\t一般公共服务支出\t30.00\t20.00\t10.00\n"
    "20101\t人大事务\t30.00\t二十\t10.00\n"
    "2010101\t行政运行\t30.00\t20.00\t10.00\n"
)


@pytest.fixture()
def one_bad_cell(tmp_path: Path) -> Path:
    path = tmp_path / "one-bad-cell.txt"
    path.write_text(ONE_BAD_CELL, encoding="utf-8")
    return path


def test_every_rule_the_program_records_is_declared_with_its_severity() -> None:
    assert extraction_rules() == {
        CELL_UNREADABLE: "warning",
        COLUMN_UNMAPPED: "info",
        TABLE_UNINTERPRETABLE: "warning",
        TABLE_UNRECOGNISED: "info",
        TABLE_UNREAD: "info",
        IDENTITY_DIFFERS: "info",
        PAGE_UNREAD: "warning",
    }
    with pytest.raises(UnknownRuleError):
        extraction_finding("extract.no-such-rule", Source("x.txt"), "原因", "reason")


def test_a_table_with_one_bad_cell_gives_one_finding_and_every_other_amount(one_bad_cell: Path) -> None:
    extraction = interpret(read_document(one_bad_cell))
    (finding,) = extraction.findings
    assert (finding.rule, finding.severity, finding.printed) == (CELL_UNREADABLE, "warning", "二十")
    assert (finding.source.table_number, finding.source.row) == (1, 4)
    read = [(line.code, line.expenditure_type, line.amount) for line in extraction.lines]
    assert read == [
        (None, "total", Decimal("30.00")),
        (None, "basic", Decimal("20.00")),
        (None, "project", Decimal("10.00")),
        ("201", "total", Decimal("30.00")),
        ("201", "basic", Decimal("20.00")),
        ("201", "project", Decimal("10.00")),
        ("20101", "total", Decimal("30.00")),
        ("20101", "project", Decimal("10.00")),
        ("2010101", "total", Decimal("30.00")),
        ("2010101", "basic", Decimal("20.00")),
        ("2010101", "project", Decimal("10.00")),
    ]


def test_a_header_row_among_the_data_rows_is_skipped_with_one_finding(tmp_path: Path) -> None:
    # the header words of a page break that a merged code cell carried into a coded row
    path = tmp_path / "repeated-header.txt"
    path.write_text(
        ONE_BAD_CELL.replace("\t二十\t", "\t20.00\t")
        + "2010102\t一般行政管理事务\t合计\t基本支出\t项目支出\n",
        encoding="utf-8",
    )
    extraction = interpret(read_document(path))
    (finding,) = extraction.findings
    assert (finding.rule, finding.source.row) == (CELL_UNREADABLE, 6)
    assert finding.printed == "合计 | 基本支出 | 项目支出"
    assert len(extraction.lines) == 12


def _boom(context: TableContext) -> None:
    context.add_line(context.typed.rows[0], 1, "half read", "1.00", Decimal(1))
    raise IndexError("a cell the interpreter did not expect")


def test_an_interpreter_that_raises_leaves_out_its_table_only(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = read_document(seeds_dir / "000_3507bccae03dd461.txt")
    whole = interpret(document)
    monkeypatch.setitem(interpret_module.HANDLERS, "three-public", _boom)
    extraction = interpret(document)
    (table,) = [table for table in extraction.tables if table.kind == "three-public"]
    (finding,) = [f for f in extraction.findings if f.rule == TABLE_UNINTERPRETABLE]
    assert finding.severity == "warning"
    assert finding.source.table_number == table.number
    assert "IndexError: a cell the interpreter did not expect" in finding.reason_en
    assert not [line for line in extraction.lines if line.table == table.number]
    kept = [(line.table, line.code, line.amount) for line in whole.lines if line.table != table.number]
    assert [(line.table, line.code, line.amount) for line in extraction.lines] == kept
    assert len(extraction.tables) == len(whole.tables) == 20
    assert len(extraction.indicators) == len(whole.indicators) == 148


def test_a_document_of_which_nothing_can_be_read_is_refused(
    one_bad_cell: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(interpret_module.HANDLERS, "general-by-function", _boom)
    with pytest.raises(DocumentError, match="nothing could be read: table 1"):
        interpret(read_document(one_bad_cell))


def test_the_foshan_final_accounts_build_with_both_column_groups_read() -> None:
    """Its basic expenditure table prints 人员经费 and 公用经费 side by side; once it dropped the
    document, then its right-hand names were 53 unreadable amount cells; now both groups are read."""
    path = require_shared(SHARED / "real" / FOSHAN)
    store = EmbeddedStore(None)
    report = build([path], store)
    assert not report.failed, report.failed
    (built,) = report.built
    extraction = built.extraction
    assert [f for f in extraction.findings if f.rule == CELL_UNREADABLE] == []
    typed = {(line.code, line.expenditure_type, line.amount) for line in extraction.lines if line.table == 6}
    assert ("301", "personnel", Decimal("649.20")) in typed
    assert ("302", "public-use", Decimal("94.65")) in typed
    assert ("30201", "public-use", Decimal("13.80")) in typed
    assert sum(1 for table in extraction.tables if table.kind != "unknown") == 8


def test_build_prints_what_it_read_and_each_finding(
    one_bad_cell: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(one_bad_cell), "--store", str(tmp_path / "kg")]) == 0
    out = capsys.readouterr().out
    assert "  tables recognised 1 of 1, 11 facts read, overview none printed\n" in out
    assert (
        "  warning [extract.cell-unreadable] table 1, row 4 (2024年一般公共预算支出表): "
        "A cell of an amount column holds no amount; the cell is not read: '二十'\n"
    ) in out


def test_validate_reports_extraction_findings_beside_the_rules(one_bad_cell: Path, tmp_path: Path) -> None:
    store = tmp_path / "kg"
    assert main(["build", str(one_bad_cell), "--store", str(store)]) == 0
    main(["validate", "--store", str(store), "--format", "json", "-o", str(tmp_path / "out.json")])
    findings = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["findings"]
    (finding,) = [f for f in findings if f["rule_id"].startswith("extract.")]
    assert finding["rule_id"] == CELL_UNREADABLE
    assert (finding["severity"], finding["table"], finding["row"]) == ("warning", 1, 4)
    assert (finding["expected"], finding["found"]) == ("amount", "二十")
    assert finding["document"] == "one-bad-cell.txt"
    assert "不是金额" in finding["message_zh"] and "holds no amount" in finding["message_en"]
    main(["validate", "--store", str(store), "--format", "turtle", "-o", str(tmp_path / "report.ttl")])
    report = (tmp_path / "report.ttl").read_text(encoding="utf-8")
    assert "CellUnreadableShape" in report
