"""Whole answers kept beside the store: every question not kept document by document answers, with
no parameter, exactly what SPARQL answers, in pages too; a parameter or any write since sends it to
SPARQL; a rebuild that writes nothing leaves the kept answers as they are, one that writes a large
share of the store keeps them all again, a smaller one lets each be kept when first asked; an answer
computed from a store written to since is never served."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.errors import QueryError
from budgetkg.listings import FROM_KEPT, FROM_SPARQL, ask, keep_answers, kept_current
from budgetkg.listings import kept as kept_module
from budgetkg.listings.kept import KeptAnswer, keeps_every_answer, kept_questions, narrowing, read_record
from budgetkg.questions import SavedQuestion, get_question, load_question, run_answer
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


@pytest.fixture(scope="module")
def seeds_kg(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built into a store on disk, closed."""
    path = tmp_path_factory.mktemp("kept-seeds") / "kg"
    with EmbeddedStore(path) as store:
        report = build([seeds_dir], store)
    assert not report.failed and len(report.built) == 5
    return path


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


def test_a_parameter_the_question_does_not_narrow_by_sends_it_to_sparql(corpus: tuple[Path, Path]) -> None:
    question = get_question("documents")
    with EmbeddedStore(corpus[1], read_only=True) as store:
        department = run_answer(store, question).text_rows()[0]["department"]
        listing = ask(store, question, {"department": department})
        rows = list(listing.rows)
        expected = run_answer(store, question, {"department": department}).rows
        top = ask(store, get_question("largest-projects"), {"year": 2024})
        source = top.source
        del top
    assert listing.source == FROM_SPARQL and "only without parameters" in listing.reason
    assert rows == expected and 0 < len(rows) < DOCUMENTS
    assert source == FROM_SPARQL, "the largest projects of a year are not those of every year, filtered"


NARROWED = [question.name for question in kept_questions() if narrowing(question)]


@pytest.mark.parametrize("name", NARROWED)
def test_a_narrowed_kept_answer_is_the_sparql_answer_with_that_parameter(
    corpus: tuple[Path, Path], seeds_kg: Path, name: str
) -> None:
    question = get_question(name)
    names = {parameter.variable: parameter.name for parameter in question.parameters}
    for variable, column in narrowing(question).items():
        found = 0
        for path in (corpus[1], seeds_kg):
            with EmbeddedStore(path, read_only=True) as store:
                documents = run_answer(store, get_question("documents")).text_rows()
                values = sorted({str(row[column]) for row in documents})
                for value in [*values, {"fiscal_year": "2019"}.get(column, "110101")]:
                    found += _check_narrowed(store, question, {names[variable]: value})
        assert found > 0, f"no row of {name} to check ?{variable} against"


def _check_narrowed(store: EmbeddedStore, question: SavedQuestion, params: dict[str, object]) -> int:
    """Check the kept answer narrowed by ``params`` against SPARQL, whole and a page; its rows."""
    expected = run_answer(store, question, params)
    listing = ask(store, question, params)
    rows = list(listing.rows)
    page = list(ask(store, question, params, limit=2, offset=1).rows)
    assert listing.source == FROM_KEPT, listing.reason
    assert listing.columns == expected.columns
    assert (rows, listing.total) == (expected.rows, len(rows)), params
    assert page == expected.rows[1:3]
    return len(rows)


def test_a_narrowing_must_name_a_parameter(tmp_path: Path) -> None:
    text = get_question("documents").path.read_text(encoding="utf-8")
    path = tmp_path / "documents-by-month.rq"
    path.write_text(text.replace("#narrow: year = fiscal_year", "#narrow: month = fiscal_month"), "utf-8")
    with pytest.raises(QueryError, match="'#narrow: month' names no parameter"):
        narrowing(load_question(path))


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


def test_a_build_keeps_every_answer_when_it_wrote_a_tenth_of_the_store_or_more() -> None:
    assert keeps_every_answer(8, 8) and keeps_every_answer(1, 10) and keeps_every_answer(1000, 10_000)
    assert not keeps_every_answer(1, 11) and not keeps_every_answer(10, 10_000)
    assert keeps_every_answer(0, 0), "a store of no document: keeping its answers costs nothing"


def test_after_a_small_rebuild_each_answer_is_kept_when_first_asked(
    corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents, built = corpus
    path = tmp_path / "kg"
    shutil.copytree(built, path)
    folder = tmp_path / "documents"
    shutil.copytree(documents, folder)
    sorted(folder.iterdir())[0].unlink()
    # a build keeps every answer when it writes one document in two of the store's: one removed of
    # eight is too few, so the build computes none
    monkeypatch.setattr(kept_module, "KEEP_EVERY_ANSWER_SHARE", 2)
    with EmbeddedStore(path) as store:
        report = build([folder], store, prune=True)
    assert len(report.removed) == 1
    assert {file.name for file in (path / KEPT_ANSWERS_RECORD.parent).iterdir()} == {KEPT_ANSWERS_RECORD.name}
    documents_question = get_question("documents")
    with EmbeddedStore(path, read_only=True) as store:
        assert read_record(store) == {}
        expected = run_answer(store, documents_question).rows
        first = ask(store, documents_question)
        first_rows = list(first.rows)
        second = ask(store, documents_question, limit=2, offset=1)
        second_rows = list(second.rows)
        year = ask(store, get_question("department-overview"), {"year": 2024})
        year_source = year.source
        del year
    assert first.source == FROM_SPARQL and "asked now and kept" in first.reason
    assert first_rows == expected and len(expected) == DOCUMENTS - 1
    assert second.source == FROM_KEPT and second_rows == expected[1:3]
    assert year_source == FROM_SPARQL, "asked whole, kept, then narrowed"
    with EmbeddedStore(path, read_only=True) as store:
        record = read_record(store)
    assert record is not None and set(record) == {"documents", "department-overview"}
    assert record["documents"].rows == DOCUMENTS - 1


def test_an_answer_computed_from_a_store_written_to_since_is_never_served(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    path = tmp_path / "kg"
    shutil.copytree(corpus[1], path)
    with EmbeddedStore(path) as store:
        keep_answers(store, every=False)
        graphs = store.document_graphs()
    question = get_question("documents")
    reader = EmbeddedStore(path, read_only=True)  # the store before the write, and its token
    with EmbeddedStore(path) as writer:
        writer.drop_graphs(graphs[:1])
        keep_answers(writer, every=False)  # the write is done: a new token, nothing computed
    stale = list(ask(reader, question).rows)  # computed from the old store, kept under the old token
    reader.close()
    assert len(stale) == DOCUMENTS
    with EmbeddedStore(path, read_only=True) as store:
        listing = ask(store, question)
        rows = list(listing.rows)
        assert rows == run_answer(store, question).rows
    assert listing.source == FROM_SPARQL and len(rows) == DOCUMENTS - 1


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
