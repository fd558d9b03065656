"""What build reports of a document: tables recognised, facts read, whether the overview adds up."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from budgetkg.build import extract_document
from budgetkg.coverage import coverage_of
from budgetkg.interpret import fact_count


def test_the_overview_of_a_seed_adds_up_and_a_changed_total_does_not(seeds_dir: Path) -> None:
    extraction, _ = extract_document(seeds_dir / "000_3507bccae03dd461.txt")
    coverage = coverage_of(extraction)
    assert (coverage.tables_found, coverage.tables_recognised) == (20, 20)
    assert coverage.facts == fact_count(extraction)
    # 合计 4,726.54 = 基本支出 649.36 + 项目支出 4,077.18
    assert coverage.overview == "adds up"
    summary = {table.number for table in extraction.tables if table.kind == "expenditure-summary"}
    changed = [
        dataclasses.replace(line, amount=Decimal("4726.56"))
        if line.table in summary and line.is_total and line.expenditure_type == "total" and not line.code
        else line
        for line in extraction.lines
    ]
    assert coverage_of(dataclasses.replace(extraction, lines=changed)).overview == "does not add up"


def test_a_basic_column_split_in_two_is_not_counted_twice(seeds_dir: Path) -> None:
    extraction, _ = extract_document(seeds_dir / "000_3507bccae03dd461.txt")
    summary = next(table.number for table in extraction.tables if table.kind == "expenditure-summary")
    total = next(
        line for line in extraction.lines if line.table == summary and line.expenditure_type == "basic"
    )
    parts = [
        dataclasses.replace(total, expenditure_type="personnel", amount=Decimal("600.00")),
        dataclasses.replace(total, expenditure_type="public-use", amount=Decimal("49.36")),
    ]
    extended = dataclasses.replace(extraction, lines=[*extraction.lines, *parts])
    assert coverage_of(extended).overview == "adds up"


def test_a_performance_form_prints_no_overview(seeds_dir: Path) -> None:
    extraction, _ = extract_document(seeds_dir / "001_e33aeb18e1a17c72.txt")
    assert coverage_of(extraction).overview == "none printed"
