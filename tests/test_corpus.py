"""The benchmark corpus: many documents in distinct places and years, each consistent and fully read.

The documents are rendered from figures moved and scaled from the samples; the rows each contract
question must return come from those figures (``expected_rows``), never from the reader.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.questions import catalogue, run_rows
from budgetkg.samples import SAMPLES, Budget, check, department_amounts, expected_rows
from budgetkg.samples.corpus import CorpusError, corpus_budgets, corpus_file_name, generate
from budgetkg.store import EmbeddedStore
from tests.contract import CONTRACT_QUESTIONS, differences

COUNT = 18
"""Two regions of three departments each, the second region cut short at three years of one."""


@cache
def budgets() -> tuple[Budget, ...]:
    return tuple(corpus_budgets(COUNT, seed=3))


def test_the_corpus_has_the_documents_asked_in_distinct_places_departments_and_years() -> None:
    found = budgets()
    assert len(found) == COUNT
    assert len({corpus_file_name(budget) for budget in found}) == COUNT
    assert len({budget.region.code for budget in found}) == 2
    assert {budget.region.code for budget in found}.isdisjoint({sample.region.code for sample in SAMPLES})
    assert len({budget.department_code for budget in found}) == 3
    assert {budget.year for budget in found} == {2021, 2022, 2023, 2024, 2025}
    assert {budget.layout for budget in found} == {"tab-rows", "cell-lines"}
    for budget in found:
        assert budget.department.startswith(budget.region.city + budget.region.name)
        assert all(unit.name.startswith(budget.region.city + budget.region.name) for unit in budget.units)


def test_the_same_seed_gives_the_same_corpus_and_another_seed_other_places() -> None:
    assert tuple(corpus_budgets(COUNT, seed=3)) == budgets()
    others = {budget.region.code for budget in corpus_budgets(COUNT, seed=4)}
    assert others != {budget.region.code for budget in budgets()}


def test_every_document_adds_up_and_grows_on_the_year_before() -> None:
    for budget in budgets():
        assert check(budget) == []
        if budget.previous is not None:
            assert budget.previous.year == budget.year - 1
            assert budget.previous.region == budget.region
            assert department_amounts(budget.previous).total > Decimal(0)
    first, second = budgets()[0], budgets()[1]
    assert (first.department_code, first.year + 1) == (second.department_code, second.year)
    assert department_amounts(second).total > department_amounts(first).total


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(CorpusError, match="-1 documents"):
        corpus_budgets(-1)


@cache
def built(folder: Path) -> EmbeddedStore:
    store = EmbeddedStore(None)
    paths = generate(folder, COUNT, seed=3)
    assert [path.name for path in paths] == [corpus_file_name(budget) for budget in budgets()]
    report = build(paths, store)
    assert not report.failed, report.failed
    assert len(report.built) == COUNT
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    return built(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("question", CONTRACT_QUESTIONS)
def test_built_corpus_answers_the_rows_of_its_figures(store: EmbeddedStore, question: str) -> None:
    ordered = sorted(budgets(), key=lambda budget: (budget.region.code, budget.publisher, budget.year))
    expected = [row for budget in ordered for row in expected_rows(budget)[question]]
    _, rows = run_rows(store, catalogue()[question])
    assert len(rows) == len(expected), f"{question}: {len(rows)} rows, expected {len(expected)}"
    assert differences(expected, rows) == []
