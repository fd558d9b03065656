"""The text-dump reader and the table recogniser on the real seeds."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from budgetkg.interpret import interpret
from budgetkg.readers import read_document
from budgetkg.readers.text_dump import detect_layout
from budgetkg.recognise import recognise

EXPECTED_KINDS = {
    "000_3507bccae03dd461": {
        "income-expenditure-summary": 1,
        "expenditure-summary": 1,
        "fiscal-summary": 1,
        "general-by-function": 1,
        "general-by-unit": 1,
        "general-basic-by-economic": 1,
        "three-public": 1,
        "government-fund": 1,
        "state-capital": 1,
        "projects": 1,
        "procurement": 1,
        "service-purchase": 1,
        "department-performance": 1,
        "project-performance": 7,
    },
    "001_e33aeb18e1a17c72": {"department-performance": 1, "project-performance": 8},
    "002_51f6a00e079128a9": {
        "income-expenditure-summary": 1,
        "expenditure-summary": 1,
        "fiscal-summary": 1,
        "general-by-function": 1,
        "general-by-unit": 1,
        "general-basic-by-economic": 1,
        "three-public": 1,
        "government-fund": 1,
        "projects": 1,
        "procurement": 1,
        "service-purchase": 1,
        "department-performance": 3,
        "project-performance": 6,
    },
    "004_b2c706af3b854347": {
        "income-expenditure-summary": 1,
        "income-summary": 1,
        "expenditure-summary": 1,
        "fiscal-summary": 1,
        "general-by-function": 1,
        "general-basic-by-economic": 1,
        "government-fund": 1,
        "state-capital": 1,
        "three-public": 1,
        "unknown": 1,
        "project-performance": 13,
        "procurement": 1,
        "fixed-assets": 1,
    },
}


def test_layouts_are_detected(seeds_dir: Path) -> None:
    layouts = {
        path.stem: detect_layout(path.read_text(encoding="utf-8").split("\n"))
        for path in sorted(seeds_dir.glob("*.txt"))
    }
    assert layouts == {
        "000_3507bccae03dd461": "tab-rows",
        "001_e33aeb18e1a17c72": "cell-lines",
        "002_51f6a00e079128a9": "tab-rows",
        "003_43945480f961a537": "tab-rows",
        "004_b2c706af3b854347": "cell-lines",
    }


def test_every_table_kind_is_recognised(seeds_dir: Path) -> None:
    for stem, kinds in EXPECTED_KINDS.items():
        typed = recognise(read_document(seeds_dir / f"{stem}.txt"))
        assert Counter(table.kind for table in typed) == Counter(kinds), stem


def test_table_continued_under_a_repeated_title_is_one_table(seeds_dir: Path) -> None:
    typed = recognise(read_document(seeds_dir / "003_43945480f961a537.txt"))
    economic = [table for table in typed if table.kind == "general-basic-by-economic"]
    assert len(economic) == 1
    codes = [row.cells[0] for row in economic[0].rows if row.cells and row.cells[0].isdigit()]
    assert len(codes) == 20 and codes[0] == "301"


def test_wrapped_names_are_joined(seeds_dir: Path) -> None:
    extraction = interpret(read_document(seeds_dir / "000_3507bccae03dd461.txt"))
    names = {line.code: line.item_name for line in extraction.lines if line.code}
    assert names["20136"] == "其他共产党事务支出"
    assert names["2080505"] == "机关事业单位基本养老保险缴费支出"


def test_withheld_projects_are_not_zero(seeds_dir: Path) -> None:
    extraction = interpret(read_document(seeds_dir / "000_3507bccae03dd461.txt"))
    withheld = [line for line in extraction.lines if line.status == "withheld"]
    assert sorted(line.project_code or "" for line in withheld) == [
        "42010324111T000000102",
        "42010324111T000000103",
        "42010324111T000000110",
        "42010324111T000000112",
        "42010324111T000000113",
    ]
    assert all(line.amount is None for line in withheld)


def test_empty_tables_are_declared_empty(seeds_dir: Path) -> None:
    extraction = interpret(read_document(seeds_dir / "004_b2c706af3b854347.txt"))
    empty = {table.kind for table in extraction.tables if table.declared_empty}
    assert empty == {"government-fund", "state-capital"}


def test_empty_statement_found_in_the_narrative_when_the_table_garbles_it(seeds_dir: Path) -> None:
    extraction = interpret(read_document(seeds_dir / "000_3507bccae03dd461.txt"))
    statements = {table.kind: table.empty_statement for table in extraction.tables if table.declared_empty}
    assert statements == {
        "government-fund": "本单位无政府性基金预算安排的支出",
        "state-capital": "我单位2024年无国有资本经营预算安排的支出。",
    }
    assert extraction.findings == []


def test_region_year_and_publisher_are_detected(seeds_dir: Path) -> None:
    seen = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        info = interpret(read_document(path)).document
        seen[path.stem] = (info.region_code, info.department_name, info.fiscal_year, info.kind)
    assert seen == {
        "000_3507bccae03dd461": ("420103", "中共武汉市江汉区委政法委员会", 2024, "department-budget"),
        "001_e33aeb18e1a17c72": ("430981", "沅江市委政法委员会", 2024, "performance-targets"),
        "002_51f6a00e079128a9": ("420103", "武汉市公安局江汉区分局", 2023, "department-budget"),
        "003_43945480f961a537": ("420103", "中共武汉市江汉区委办公室", 2024, "department-budget"),
        "004_b2c706af3b854347": ("130302", "中共秦皇岛市海港区委政法委员会本级", 2023, "unit-budget"),
    }


def test_narrative_facts_are_captured(seeds_dir: Path) -> None:
    extraction = interpret(read_document(seeds_dir / "000_3507bccae03dd461.txt"))
    staff = {(figure.organisation, figure.category): figure.headcount for figure in extraction.staff}
    assert staff[("中共武汉市江汉区委政法委员会", "establishment")] == 21
    assert staff[("中共武汉市江汉区委政法委员会", "serving")] == 20
    assert staff[("中共武汉市江汉区委政法委员会", "retired")] == 10
    assert staff[("区社会治安综合治理中心", "establishment")] == 6
    statements = {statement.topic: statement for statement in extraction.statements}
    running = statements["running-costs"]
    assert (running.amount, running.change_amount, running.change_percent) == (
        Decimal("62.81"),
        Decimal("-12.23"),
        Decimal("-16.3"),
    )
    assert statements["procurement-total"].amount == Decimal("450.21")
    assert statements["service-purchase-total"].amount == Decimal("22.00")
    area = statements["assets-floor-area"]
    assert (area.quantity, area.quantity_unit) == (Decimal("366.00"), "平方米")
    assert statements["three-public-total"].amount == Decimal("0.80")


def test_fixed_assets_of_the_hebei_template(seeds_dir: Path) -> None:
    extraction = interpret(read_document(seeds_dir / "004_b2c706af3b854347.txt"))
    assets = {holding.item: (holding.quantity, holding.value) for holding in extraction.assets}
    assert assets["资产总额"] == (None, Decimal("344.74"))
    assert assets["车辆（台、辆）"] == (Decimal("1"), Decimal("14.06"))
    assert assets["其他固定资产"] == (Decimal("733"), Decimal("330.68"))


def test_column_number_rows_are_not_amounts(seeds_dir: Path) -> None:
    extraction = interpret(read_document(seeds_dir / "004_b2c706af3b854347.txt"))
    summary_tables = {
        table.number
        for table in extraction.tables
        if table.kind in ("income-expenditure-summary", "fiscal-summary")
    }
    summary = [line for line in extraction.lines if line.table in summary_tables]
    assert len(summary) == 27
    assert not [line.item_name for line in summary if line.item_name.isdigit()]
    classes = {line.item_name: line.code for line in summary if line.classification == "function"}
    assert classes == {
        "一般公共服务支出": "201",
        "公共安全支出": "204",
        "社会保障和就业支出": "208",
        "卫生健康支出": "210",
        "住房保障支出": "221",
    }


def test_unknown_template_tables_yield_their_code_lines_and_say_so(tmp_path: Path) -> None:
    document = tmp_path / "unknown.txt"
    document.write_text(
        "武汉市江汉区测试局 2024 年预算\n\n"
        "2024 年某类专项资金明细表\n单位：万元\n"
        "科目编码\t科目名称\t金额\n"
        "201\t一般公共服务支出\t12.50\n"
        "20101\t人大事务\t12.50\n"
        "2010101\t行政运行\t12.50\n",
        encoding="utf-8",
    )
    extraction = interpret(read_document(document))
    assert [(line.code, line.amount, line.classification) for line in extraction.lines] == [
        ("201", Decimal("12.50"), "function"),
        ("20101", Decimal("12.50"), "function"),
        ("2010101", Decimal("12.50"), "function"),
    ]
    assert extraction.tables[0].kind == "unknown"
    (finding,) = extraction.findings
    assert (finding.rule, finding.severity) == ("extract.table-unrecognised", "info")
    assert finding.source.table_number == 1
    assert finding.printed == "2024年某类专项资金明细表"
    assert "3 code lines were read" in finding.reason_en and "3 个编码行" in finding.reason_zh
