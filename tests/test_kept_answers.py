"""Whole answers kept beside the store: every question not kept document by document answers, with
no parameter, exactly what SPARQL answers, in pages too; a parameter, a question of another text or
any write since sends it to SPARQL; a rebuild that writes nothing leaves the kept answers as they
are, one that writes keeps them again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.listings import FROM_KEPT, FROM_SPARQL, ask, kept_current
from budgetkg.listings.kept import KeptAnswer, kept_questions, read_record
from budgetkg.questions import get_question, run_answer
from budgetkg.samples.corpus import generate
from budgetkg.store import KEPT_ANSWERS_RECORD, EmbeddedStore

DOCUMENTS = 8
KEPT = [question.name for question in kept_questions()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated corpus (its folder) built into a store on disk (its folder), closed."""
    root = tmp_path_factory.mktemp("kept")
    generate(root / "documents", DOCUMENTS)
    with EmbeddedStore(root / "kg") as store:
        report = build([root / "documents"], store)
    assert not report.failed and len(report.built) == DOCUMENTS
    return root / "documents", root / "kg"


def test_the_questions_kept_whole_are_those_not_kept_document_by_document() -> None:
    assert {"documents", "department-overview", "function-by-region", "withheld-project-share"} <= set(KEPT)
    assert not {"projects", "indicators", "basic-by-economic"} & set(KEPT)


@pytest.mark.parametrize("name", KEPT)
def test_a_kept_answer_is_the_sparql_answer_whole_and_in_pages(corpus: tuple[Path, Path], name: str) -> None:
    question = get_question(name)
    with EmbeddedStore(corpus[1], read_only=True) as store:
        expected = run_answer(store, question)
        listing = ask(store, question)
        rows = list(listing.rows)
        page = list(ask(store, question, limit=3, offset=2).rows)
    assert listing.source == FROM_KEPT, listing.reason
    assert listing.columns == expected.columns
    assert rows == expected.rows
    assert listing.total == len(expected.rows)
    assert page == expected.rows[2:5]


def test_the_kept_answers_hold_the_corpus(corpus: tuple[Path, Path]) -> None:
    with EmbeddedStore(corpus[1], read_only=True) as store:
        record = read_record(store)
        documents = list(ask(store, get_question("documents")).rows)
    assert record is not None and set(record) == set(KEPT)
    assert record["documents"].rows == DOCUMENTS == len(documents)
    assert sum(kept.rows for kept in record.values()) > 10 * DOCUMENTS


def test_a_parameter_sends_the_question_to_sparql(corpus: tuple[Path, Path]) -> None:
    question = get_question("documents")
    with EmbeddedStore(corpus[1], read_only=True) as store:
        year = run_answer(store, question).text_rows()[0]["fiscal_year"]
        listing = ask(store, question, {"year": year})
        rows = list(listing.rows)
        expected = run_answer(store, question, {"year": year}).rows
    assert listing.source == FROM_SPARQL and "only without parameters" in listing.reason
    assert rows == expected and 0 < len(rows) < DOCUMENTS


def test_the_first_write_takes_the_kept_answers_out_of_use_before_writing(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    path = tmp_path / "kg"
    shutil.copytree(corpus[1], path)
    record = path / KEPT_ANSWERS_RECORD
    with EmbeddedStore(path) as store:
        store.drop_graphs([])  # nothing to write: the answers stay in use
        assert record.exists() and kept_current(store)
        with pytest.raises(SyntaxError):
            store.update("INSERT DATA { this is not SPARQL }")
        # the update failed, but the record was gone before it was tried
        assert not record.exists()
        listing = ask(store, get_question("documents"))
        source, reason = listing.source, listing.reason
        del listing  # its rows hold the store open
    assert source == FROM_SPARQL and "written to since" in reason


def test_a_rebuild_keeps_the_answers_again_only_where_it_writes(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    documents, built = corpus
    path = tmp_path / "kg"
    shutil.copytree(built, path)
    record = path / KEPT_ANSWERS_RECORD
    before = record.read_bytes()
    with EmbeddedStore(path) as store:
        report = build([documents], store)
    assert not report.built and record.read_bytes() == before, "nothing written, nothing computed again"

    folder = tmp_path / "documents"
    shutil.copytree(documents, folder)
    removed = sorted(folder.iterdir())[0]
    removed.unlink()
    with EmbeddedStore(path) as store:
        report = build([folder], store, prune=True)
    assert report.removed
    assert record.read_bytes() != before
    with EmbeddedStore(path, read_only=True) as store:
        listing = ask(store, get_question("documents"))
        rows = list(listing.rows)
        assert listing.source == FROM_KEPT
        assert rows == run_answer(store, get_question("documents")).rows
    assert len(rows) == DOCUMENTS - 1
    files = {file.name for file in (path / KEPT_ANSWERS_RECORD.parent).iterdir()}
    named = {KEPT_ANSWERS_RECORD.name, *(kept.file for kept in _record(path).values())}
    assert files == named, "the files of the answers kept before are gone"


def test_a_recorded_validation_keeps_the_answers_again(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    path = tmp_path / "kg"
    shutil.copytree(corpus[1], path)
    findings = tmp_path / "findings.json"
    assert main(["validate", "--store", str(path), "--format", "json", "-o", str(findings)]) in (0, 1)
    question = get_question("departments-with-most-findings")
    with EmbeddedStore(path, read_only=True) as store:
        listing = ask(store, question)
        rows = list(listing.rows)
        expected = run_answer(store, question).rows
    assert listing.source == FROM_KEPT and rows == expected


def _record(path: Path) -> dict[str, KeptAnswer]:
    with EmbeddedStore(path, read_only=True) as store:
        record = read_record(store)
    assert record is not None
    return record
