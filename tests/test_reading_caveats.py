"""Findings that a reading gap may explain are told apart from errors of the document, and every
finding quotes what the document prints where it points."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox

from budgetkg.store import EmbeddedStore
from budgetkg.validate import Finding, document_ntriples, validate_ntriples
from budgetkg.validate.reading import caveat_rules, with_reading_caveats

BKG = "https://w3id.org/budgetkg/ontology#"

ROW_TOTAL = Finding(
    rule_id="arith.row-total",
    severity="error",
    message_zh="",
    message_en="A row's total differs from its parts (expected 8228.74; found 4651.67).",
    document="a.pdf",
    page=14,
    table=5,
    row=3,
    line=None,
    focus="https://example.org/line/1",
    path=None,
    found="4651.67",
    expected="8228.74",
)
UNMAPPED = dataclasses.replace(
    ROW_TOTAL,
    rule_id="extract.column-unmapped",
    severity="info",
    message_en="An amount column whose header names no known measure: 项目支出.",
    row=None,
    focus="https://example.org/finding/1",
    found="项目支出",
    expected="a known measure",
)


def test_a_finding_on_a_table_read_in_part_is_information_with_the_gap_named() -> None:
    marked = with_reading_caveats([ROW_TOTAL, UNMAPPED])
    row_total = next(finding for finding in marked if finding.rule_id == "arith.row-total")
    assert row_total.severity == caveat_rules().severity == "info"
    assert row_total.reading is not None
    assert row_total.reading.startswith("extract.column-unmapped (page 14, table 5: ")
    assert "项目支出" in row_total.reading
    assert (row_total.expected, row_total.found) == ("8228.74", "4651.67")
    # The extraction finding itself is left as it is.
    assert next(finding for finding in marked if finding.rule_id == "extract.column-unmapped") == UNMAPPED


def test_a_gap_in_another_table_leaves_an_arithmetic_finding_an_error() -> None:
    elsewhere = dataclasses.replace(UNMAPPED, table=6)
    marked = with_reading_caveats([ROW_TOTAL, elsewhere])
    assert next(f for f in marked if f.rule_id == "arith.row-total") == ROW_TOTAL


def test_an_unrecognised_table_casts_doubt_on_a_missing_table() -> None:
    missing = dataclasses.replace(
        ROW_TOTAL, rule_id="completeness.required-tables", severity="warning", table=None, row=None
    )
    unrecognised = dataclasses.replace(UNMAPPED, rule_id="extract.table-unrecognised", table=1, page=11)
    marked = with_reading_caveats([missing, unrecognised])
    completeness = next(f for f in marked if f.rule_id == "completeness.required-tables")
    assert completeness.severity == "info"
    assert completeness.reading is not None and "page 11, table 1" in completeness.reading


def test_findings_quote_the_printed_sentence_and_row(seed_store: EmbeddedStore) -> None:
    graphs = {graph.rsplit("/", 1)[-1]: graph for graph in seed_store.document_graphs()}
    findings: list[Finding] = []
    reports: list[str] = []
    for graph in graphs.values():
        document_findings, report = validate_ntriples(document_ntriples(seed_store, graph))
        findings.extend(document_findings)
        reports.append(report)
    percent = [f for f in findings if f.rule_id == "narrative.change-percent"]
    assert len(percent) == 3
    # 877.92 after a fall of 171.02 is a fall of 16.3 %, not the 20 % the sentences print.
    assert all(f.printed is not None and "减少171.02万元，下降20%" in f.printed for f in percent)
    cited = next(f for f in findings if f.rule_id == "consistency.cited-function-code")
    assert cited.printed == "[A07029900] 其他医药品"
    withheld = next(f for f in findings if f.rule_id == "arith.withheld-projects")
    assert withheld.printed == "合计 4,077.18 万元"
    # The SHACL report carries the quote beside each result.
    quotes = set()
    for report in reports:
        for quad in ox.parse(report.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            if quad.predicate == ox.NamedNode(BKG + "quotedText"):
                assert isinstance(quad.object, ox.Literal)
                quotes.add(quad.object.value)
    assert "合计 4,077.18 万元" in quotes
