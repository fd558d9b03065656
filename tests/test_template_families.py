"""One document per template family, generated from invented figures, read back in full.

Each family's figures (``samples/figures/families/*.toml``) are written in the family's layout
(``budgetkg.samples.family_write``) and rendered as a PDF by the fixture factory, so these tests
need no real documents.  The document must say who published it, for which year, region and
phase; every table must be recognised with the kind its title gives; and the contract questions
must return the rows ``family_expected_rows`` states from the same figures.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.model import Extraction
from budgetkg.questions import catalogue, run_rows
from budgetkg.readers import read_document
from budgetkg.samples.families import FAMILIES, Family, FamilyBudget, load_families
from budgetkg.samples.family_expected import family_expected_rows
from budgetkg.samples.family_write import render_family, write_families
from budgetkg.store import EmbeddedStore
from tests.contract import CONTRACT_COLUMNS, differences
from tests.fixtures.factory import render
from tests.test_pdf_reader import JIANGSU_KINDS

FIGURES = {figures.family: figures for figures in load_families()}
QUESTIONS = [
    "department-overview",
    "expenditure-by-function",
    "basic-by-economic",
    "three-public",
    "projects",
    "indicators",
]

TABLE_KINDS: dict[str, list[str]] = {
    "national": (
        "income-expenditure-summary income-summary expenditure-summary fiscal-summary"
        " general-by-function general-basic-by-economic three-public government-fund state-capital"
        " projects" + " project-performance" * 3
    ).split(),
    "shanghai": [
        "income-expenditure-summary",
        "expenditure-summary",
        "general-by-function",
        "general-basic-by-economic",
        "three-public",
    ],
    "performance-forms": ["department-performance", *["project-performance"] * 2],
    "jiangsu": JIANGSU_KINDS,
}
"""The kind of every table each family document prints, in order."""

DOCUMENT_KINDS = {
    "national": "department-budget",
    "shanghai": "department-budget",
    "performance-forms": "performance-targets",
    "jiangsu": "department-budget",
}


@cache
def built(family: Family, folder: Path) -> tuple[EmbeddedStore, Extraction]:
    """The family document written as text, rendered as PDF, and built alone into a store."""
    text = write_families(folder / "text")
    (dump,) = [path for path in text if path.name == FIGURES[family].file_name]
    pdf = render(read_document(dump), "pdf", folder)
    store = EmbeddedStore(None)
    report = build([pdf], store)
    assert not report.failed, report.failed
    return store, report.built[0].extraction


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("families")


def test_every_family_has_a_document() -> None:
    assert sorted(FIGURES) == sorted(FAMILIES)
    assert sorted(TABLE_KINDS) == sorted(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_family_document_says_what_it_is(family: Family, folder: Path) -> None:
    figures: FamilyBudget = FIGURES[family]
    _, extraction = built(family, folder)
    document = extraction.document
    assert document.department_name == figures.budget.department
    assert document.fiscal_year == figures.budget.year
    assert document.region_code == figures.budget.region.code
    assert document.phase == "approved"
    assert document.kind == DOCUMENT_KINDS[family]


@pytest.mark.parametrize("family", FAMILIES)
def test_family_tables_are_recognised_by_kind(family: Family, folder: Path) -> None:
    _, extraction = built(family, folder)
    assert [table.kind for table in extraction.tables] == TABLE_KINDS[family]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("family", FAMILIES)
def test_family_contract_answers_are_the_figures(family: Family, question: str, folder: Path) -> None:
    store, _ = built(family, folder)
    columns, rows = run_rows(store, catalogue()[question])
    expected = family_expected_rows(FIGURES[family])[question]
    assert columns == CONTRACT_COLUMNS[question]
    assert len(rows) == len(expected), f"{question}: {len(rows)} rows, expected {len(expected)}"
    assert differences(expected, rows) == []


@pytest.mark.parametrize("family", FAMILIES)
def test_family_text_dump_reads_as_its_pdf(family: Family, folder: Path) -> None:
    figures = FIGURES[family]
    dump = folder / "dump" / figures.file_name
    dump.parent.mkdir(exist_ok=True)
    dump.write_text(render_family(figures), encoding="utf-8")
    store = EmbeddedStore(None)
    assert not build([dump], store).failed
    for question in QUESTIONS:
        _, rows = run_rows(store, catalogue()[question])
        assert differences(family_expected_rows(figures)[question], rows) == [], question
