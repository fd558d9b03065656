"""The seven contract questions return, for every seed, exactly what was read from the documents by hand.

Expected files: tests/expected/seeds/<document>/<question>.csv.  Where the printed form is garbled
and the hand reading had to reconstruct it, the difference is listed, with its reason, in
tests/expected/seeds/known-differences.csv; those cells must still show exactly the listed
extracted value, so an entry that no longer applies makes the test fail.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.questions import catalogue, run_rows
from budgetkg.store import EmbeddedStore
from tests.conftest import EXPECTED
from tests.contract import CONTRACT_COLUMNS, CONTRACT_QUESTIONS, differences, read_expected

SEED_EXPECTED = EXPECTED / "seeds"
DOCUMENTS = sorted(path.name for path in SEED_EXPECTED.iterdir() if path.is_dir())


def known_differences() -> dict[tuple[str, str], set[tuple[int, str, str, str]]]:
    table: dict[tuple[str, str], set[tuple[int, str, str, str]]] = {}
    with (SEED_EXPECTED / "known-differences.csv").open(encoding="utf-8", newline="") as handle:
        for entry in csv.DictReader(handle):
            assert entry["reason"].strip(), entry
            key = (entry["document"], entry["query"])
            table.setdefault(key, set()).add(
                (int(entry["row"]), entry["column"], entry["expected"], entry["extracted"])
            )
    return table


def test_every_expected_file_is_present() -> None:
    files = sorted(SEED_EXPECTED.glob("*/*.csv"))
    assert len(DOCUMENTS) == 5
    assert len(files) == 35
    for path in files:
        header, _ = read_expected(path)
        assert header == CONTRACT_COLUMNS[path.stem], path


def test_saved_contract_questions_keep_their_columns() -> None:
    questions = catalogue()
    for name in CONTRACT_QUESTIONS:
        assert name in questions


@pytest.fixture(scope="module")
def document_stores(seeds_dir: Path) -> dict[str, EmbeddedStore]:
    stores = {}
    for document in DOCUMENTS:
        store = EmbeddedStore(None)
        report = build([seeds_dir / f"{document}.txt"], store)
        assert not report.failed
        stores[document] = store
    return stores


@pytest.mark.parametrize("question", CONTRACT_QUESTIONS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_contract_question_matches_hand_reading(
    document_stores: dict[str, EmbeddedStore], document: str, question: str
) -> None:
    header, expected = read_expected(SEED_EXPECTED / document / f"{question}.csv")
    columns, rows = run_rows(document_stores[document], catalogue()[question])
    assert columns == header
    assert len(rows) == len(expected)
    found = set(differences(expected, rows))
    allowed = known_differences().get((document, question), set())
    assert found == allowed, sorted(found ^ allowed)


@pytest.mark.parametrize("question", CONTRACT_QUESTIONS)
def test_all_documents_together_give_each_documents_rows_once(
    document_stores: dict[str, EmbeddedStore], seed_store: EmbeddedStore, question: str
) -> None:
    _, together = run_rows(seed_store, catalogue()[question])
    separately = []
    for store in document_stores.values():
        separately.extend(run_rows(store, catalogue()[question])[1])

    def key(row: dict[str, str | None]) -> tuple[str, ...]:
        return tuple(str(value) for value in row.values())

    assert sorted(map(key, together)) == sorted(map(key, separately))
