"""Listings in pages and the materialised tables: the tables answer exactly what SPARQL answers (same
rows, same order) on the shared documents and on a generated corpus, with and without parameters;
pages put together give the whole answer; a table of a graph that changed is never served."""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pyarrow.parquet as pq
import pyoxigraph as ox
import pytest

from budgetkg.build import Limits, build
from budgetkg.build.workers import WorkerPool
from budgetkg.cli import main
from budgetkg.errors import QueryError
from budgetkg.given import GivenIdentity
from budgetkg.listings import (
    FROM_SPARQL,
    FROM_TABLES,
    Listing,
    ask,
    bundles,
    content_hash,
    from_tables,
    invalidate,
    listing_spec,
    materialised_specs,
    refresh,
    updating,
)
from budgetkg.listings.bundles import BundleFile, bundle_index, write_bundle
from budgetkg.listings.manifest import DocumentEntry, ListingFolder
from budgetkg.listings.order import Ordered, order_path, read_order
from budgetkg.questions import get_question, load_question, run_answer, run_rows
from budgetkg.rdf import iris
from budgetkg.samples.corpus import generate
from budgetkg.serve import BudgetServer, ServeOptions
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.saved_questions import window
from budgetkg.store import EmbeddedStore
from tests.real_build import RealBuild
from tests.test_serve import running

MATERIALISED = ["basic-by-economic", "expenditure-by-function", "indicators", "procurement", "projects"]
CORPUS_DOCUMENTS = 10


def parameter_cases(store: EmbeddedStore, name: str) -> list[dict[str, object]]:
    """No parameter, then each document's region, year, phase and a word of its department, for the
    parameters the question takes."""
    taken = {parameter.name for parameter in get_question(name).parameters}
    _, documents = run_rows(store, get_question("documents"))
    cases: list[dict[str, object]] = [{}]
    for document in documents:
        given = {
            "region": document["region_code"],
            "year": document["fiscal_year"],
            "phase": document["phase"],
            "department": (document["department"] or "")[-3:],
        }
        cases.extend({key: value} for key, value in given.items() if key in taken)
    return [dict(case) for case in {tuple(sorted(case.items())): case for case in cases}.values()]


def assert_same_answers(store: EmbeddedStore, folder: ListingFolder | None, name: str) -> int:
    """The tables answer each parameter case as SPARQL does; return the rows of the whole answer."""
    question = get_question(name)
    whole = 0
    for params in parameter_cases(store, name):
        expected = run_answer(store, question, params)
        found = from_tables(store, question, params, folder=folder)
        assert isinstance(found, Listing), (name, params, found)
        assert found.columns == expected.columns
        assert list(found.rows) == expected.rows, (name, params)
        assert found.total == len(expected.rows)
        if not params:
            whole = len(expected.rows)
    return whole


def test_the_materialised_questions_are_named_by_their_header() -> None:
    assert sorted(materialised_specs()) == MATERIALISED
    spec = materialised_specs()["expenditure-by-function"]
    assert spec.document_keys == ("region_code", "department", "fiscal_year", "param_phase")
    assert spec.text_columns == {"param_department": "department"}


def test_a_per_document_listing_must_order_by_its_graph(tmp_path: Path) -> None:
    text = get_question("projects").text.replace("?fiscal_year ?graph ?order", "?fiscal_year ?order")
    path = tmp_path / "projects.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=r"then \?graph"):
        listing_spec(load_question(path))


@pytest.fixture(scope="module")
def seed_tables(seed_store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> ListingFolder:
    folder = ListingFolder(tmp_path_factory.mktemp("seed-listings"))
    assert refresh(seed_store, folder) == 5
    assert refresh(seed_store, folder) == 0  # every table current
    return folder


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("basic-by-economic", 109),
        ("expenditure-by-function", 156),
        ("indicators", 652),
        ("procurement", 56),
        ("projects", 66),
    ],
)
def test_the_tables_answer_as_sparql_on_the_seeds(
    seed_store: EmbeddedStore, seed_tables: ListingFolder, name: str, rows: int
) -> None:
    assert assert_same_answers(seed_store, seed_tables, name) == rows


@pytest.fixture(scope="module")
def real_tables(real: RealBuild, tmp_path_factory: pytest.TempPathFactory) -> ListingFolder:
    folder = ListingFolder(tmp_path_factory.mktemp("real-listings"))
    assert refresh(real.store, folder) == len(real.store.document_graphs())
    return folder


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("basic-by-economic", 745),
        ("expenditure-by-function", 903),
        ("indicators", 844),
        ("procurement", 0),
        ("projects", 334),
    ],
)
def test_the_tables_answer_as_sparql_on_the_real_documents(
    real: RealBuild, real_tables: ListingFolder, name: str, rows: int
) -> None:
    assert assert_same_answers(real.store, real_tables, name) == rows


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """A generated corpus built into a store on disk, so that the build writes the tables."""
    root = tmp_path_factory.mktemp("corpus")
    generate(root / "documents", CORPUS_DOCUMENTS)
    store = EmbeddedStore(root / "kg")
    report = build([root / "documents"], store)
    assert not report.failed and len(report.built) == CORPUS_DOCUMENTS
    return store


@pytest.mark.parametrize("name", MATERIALISED)
def test_the_build_writes_tables_that_answer_as_sparql(corpus_store: EmbeddedStore, name: str) -> None:
    assert assert_same_answers(corpus_store, None, name) > 0
    assert ask(corpus_store, get_question(name)).source == FROM_TABLES


def test_a_question_s_record_is_read_only_while_the_log_is_as_it_was(corpus_store: EmbeddedStore) -> None:
    assert corpus_store.path is not None
    folder = ListingFolder.beside(corpus_store.path)
    refresh(corpus_store)  # the end of a build: each question's record of the log as it is now
    graph = corpus_store.document_graphs()[0]
    for name in MATERIALISED:
        record = folder.question_record(name)
        recorded = folder.entries(name)
        assert record.exists() and len(recorded) == CORPUS_DOCUMENTS
        aside = record.with_name("aside.json")
        record.rename(aside)
        assert folder.entries(name) == recorded  # the same entries parsed from the log
        aside.rename(record)
    # one more line in the log: the records describe another log and are not read
    folder.record([DocumentEntry(graph, None)])
    assert all(graph not in folder.entries(name) for name in MATERIALISED)
    assert ask(corpus_store, get_question(MATERIALISED[0])).source == FROM_SPARQL
    # a record cut short is not read either
    refresh(corpus_store)
    record = folder.question_record(MATERIALISED[0])
    record.write_text(record.read_text(encoding="utf-8")[:100], encoding="utf-8")
    assert len(folder.entries(MATERIALISED[0])) == CORPUS_DOCUMENTS
    assert ask(corpus_store, get_question(MATERIALISED[0])).source == FROM_TABLES


@pytest.mark.parametrize("name", [*MATERIALISED, "documents", "department-overview"])
def test_pages_put_together_give_the_whole_answer(corpus_store: EmbeddedStore, name: str) -> None:
    question = get_question(name)
    for materialised in (True, False):
        whole = list(ask(corpus_store, question, materialised=materialised).rows)
        assert whole == run_answer(corpus_store, question).rows
        pages: list[object] = []
        for offset in range(0, len(whole) + 7, 7):
            pages.extend(ask(corpus_store, question, limit=7, offset=offset, materialised=materialised).rows)
        assert pages == whole
        assert list(ask(corpus_store, question, offset=len(whole), materialised=materialised).rows) == []
        assert list(ask(corpus_store, question, limit=3, offset=len(whole) + 5).rows) == []
        assert list(ask(corpus_store, question, limit=0).rows) == []


def test_a_negative_page_is_refused(corpus_store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="offset"):
        ask(corpus_store, get_question("projects"), offset=-1)


def _renamed(store: EmbeddedStore, graph: str, old: str, new: str) -> list[ox.Quad]:
    return [
        ox.Quad(quad.subject, quad.predicate, ox.Literal(new, language=quad.object.language), quad.graph_name)
        if isinstance(quad.object, ox.Literal) and quad.object.value == old
        else quad
        for quad in store.graph_quads(graph)
    ]


def test_a_table_of_a_changed_graph_is_never_served(corpus_store: EmbeddedStore) -> None:
    question = get_question("projects")
    first = run_answer(corpus_store, question).text_rows()[0]
    old = str(first["project_name"])
    graph = next(
        graph
        for graph in corpus_store.document_graphs()
        if any(quad.object == ox.Literal(old) for quad in corpus_store.graph_quads(graph))
    )
    # a write that fails after the graph changed leaves it without tables: SPARQL answers
    with pytest.raises(RuntimeError), updating(corpus_store, [graph]):
        corpus_store.replace_graph(graph, _renamed(corpus_store, graph, old, old + "（一）"))
        raise RuntimeError("killed before the tables were written")
    assert isinstance(from_tables(corpus_store, question), str)
    listing = ask(corpus_store, question)
    assert listing.source == FROM_SPARQL and graph in listing.reason
    assert list(listing.rows) == run_answer(corpus_store, question).rows
    # a write through the build's hook gives the new graph new tables
    with updating(corpus_store, [graph]):
        corpus_store.replace_graph(graph, _renamed(corpus_store, graph, old + "（一）", old + "（二）"))
    listing = ask(corpus_store, question)
    rows = list(listing.rows)
    assert listing.source == FROM_TABLES
    assert rows == run_answer(corpus_store, question).rows
    assert old + "（二）" in {str(row[5].value) for row in rows if row[5] is not None}
    # a change made behind the hook is found by refresh, which compares the graphs' content hashes
    corpus_store.replace_graph(graph, _renamed(corpus_store, graph, old + "（二）", old))
    assert refresh(corpus_store) == 1
    assert list(ask(corpus_store, question).rows) == run_answer(corpus_store, question).rows
    # a table file that is gone is not served either
    assert corpus_store.path is not None
    folder = ListingFolder.beside(corpus_store.path)
    folder.table_path("projects", str(folder.entries()[graph].hash)).unlink()
    assert ask(corpus_store, question).source == FROM_SPARQL
    assert refresh(corpus_store) == 1
    assert ask(corpus_store, question).source == FROM_TABLES


def test_a_removed_graph_leaves_the_listing(corpus_store: EmbeddedStore, tmp_path: Path) -> None:
    question = get_question("indicators")
    graph = corpus_store.document_graphs()[-1]
    kept = list(corpus_store.graph_quads(graph))
    with updating(corpus_store, [graph]):
        corpus_store.drop_graphs([graph])
    listing = ask(corpus_store, question)
    assert listing.source == FROM_TABLES
    assert list(listing.rows) == run_answer(corpus_store, question).rows
    with updating(corpus_store, [graph]):
        corpus_store.replace_graph(graph, kept)
    assert ask(corpus_store, question).source == FROM_TABLES


@contextmanager
def _closed(store: EmbeddedStore) -> Iterator[None]:
    """Close the fixture's writer while a command reads its folder (a read-only open beside a
    writer that merges table files can fail), and open it again afterwards."""
    assert store.path is not None
    store.close()
    try:
        yield
    finally:
        store.__init__(store.path)  # type: ignore[misc]


def test_query_pages_and_says_where_the_answer_comes_from(
    corpus_store: EmbeddedStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert corpus_store.path is not None
    whole = run_answer(corpus_store, get_question("procurement")).text_rows()
    store = str(corpus_store.path)
    arguments = ["query", "procurement", "--store", store, "--format", "csv", "--limit", "2", "--offset", "1"]
    with _closed(corpus_store):
        assert main([*arguments, "--verbose"]) == 0
        captured = capsys.readouterr()
        department = ["--param", "department=局"]
        assert main(["query", "documents", "--store", store, "--limit", "1", *department, "--verbose"]) == 0
    lines = captured.out.splitlines()
    assert len(lines) == 3 and lines[1].split(",")[4] == whole[1]["project_name"]
    assert "procurement: from the materialised tables (tables of" in captured.err
    with_department = capsys.readouterr().err
    assert "documents: from SPARQL (whole answers are kept only without parameters, or" in with_department


def test_an_update_of_the_server_takes_the_tables_out_of_use(corpus_store: EmbeddedStore) -> None:
    question = get_question("expenditure-by-function")
    invalidate(corpus_store)
    listing = ask(corpus_store, question, {"year": 2023})
    assert listing.source == FROM_SPARQL and "has no table" in listing.reason
    assert refresh(corpus_store) == CORPUS_DOCUMENTS
    listing = ask(corpus_store, question, {"year": 2023})
    assert listing.source == FROM_TABLES
    assert list(listing.rows) == run_answer(corpus_store, question, {"year": 2023}).rows


def test_a_bundle_answers_as_the_tables_and_never_for_a_changed_graph(corpus_store: EmbeddedStore) -> None:
    assert corpus_store.path is not None
    folder = ListingFolder.beside(corpus_store.path)
    refresh(corpus_store)
    for name in MATERIALISED:
        write_bundle(folder, name, folder.entries())
        assert len(bundle_index(folder, name)) > 0
        assert_same_answers(corpus_store, None, name)
    question = get_question("indicators")
    graph = corpus_store.document_graphs()[0]
    level3 = next(
        quad.object.value
        for quad in corpus_store.graph_quads(graph)
        if quad.predicate.value.endswith("#level3Name") and isinstance(quad.object, ox.Literal)
    )
    with updating(corpus_store, [graph]):
        corpus_store.replace_graph(graph, _renamed(corpus_store, graph, level3, level3 + "（新）"))
    assert bundle_index(folder, "indicators")[graph][0] != folder.entries()[graph].hash
    listing = ask(corpus_store, question)
    rows = list(listing.rows)
    assert listing.source == FROM_TABLES and rows == run_answer(corpus_store, question).rows
    assert level3 + "（新）" in {str(row[7].value) for row in rows if row[7] is not None}


def test_a_build_writes_each_bundle_once_at_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bundles are left to the end of a build (written whole once), not written again each time a
    tenth more documents are in; at the end they cover every document with rows."""
    written: list[str] = []

    def counted(folder: ListingFolder, question: str, entries: dict[str, object]) -> None:
        written.append(question)
        write_bundle(folder, question, entries)  # type: ignore[arg-type]

    monkeypatch.setattr(bundles, "MIN_UNBUNDLED", 2)
    monkeypatch.setattr(bundles, "write_bundle", counted)
    generate(tmp_path / "documents", CORPUS_DOCUMENTS)
    with EmbeddedStore(tmp_path / "kg") as store:
        report = build([tmp_path / "documents"], store)
        assert len(report.built) == CORPUS_DOCUMENTS
        folder = ListingFolder.beside(tmp_path / "kg")
        entries = folder.entries()
        for name in MATERIALISED:
            with_rows = {graph for graph, entry in entries.items() if entry.tables[name].rows > 0}
            assert set(bundle_index(folder, name)) == with_rows and with_rows
            assert_same_answers(store, None, name)
    # more than one batch of documents was written (about seven generated documents a batch)
    assert sorted(written) == sorted(MATERIALISED), "one bundle a question, written at the end"


def test_a_bundle_is_written_again_from_the_one_before_and_only_for_its_question_s_version(
    corpus_store: EmbeddedStore, tmp_path: Path
) -> None:
    """Rows the bundle before holds for an unchanged document are taken from it (here its own table
    is gone and it is still covered); a bundle of another version of the question covers nothing."""
    assert corpus_store.path is not None
    refresh(corpus_store)
    source = ListingFolder.beside(corpus_store.path)
    folder = ListingFolder(tmp_path / "listings")
    shutil.copytree(source.folder, folder.folder, dirs_exist_ok=True)
    spec = materialised_specs()["projects"]
    write_bundle(folder, "projects", folder.entries())
    covered = bundle_index(folder, "projects", spec.version)
    graph = sorted(covered)[0]
    folder.table_path("projects", covered[graph][0]).unlink()
    write_bundle(folder, "projects", folder.entries())
    assert bundle_index(folder, "projects", spec.version) == covered
    assert bundle_index(folder, "projects", "another version") == {}


@pytest.fixture(scope="module")
def seed_server(seed_store: EmbeddedStore) -> Iterator[BudgetServer]:
    yield from running(seed_store, ServeOptions(port=0, timeout=30))


def _get(server: BudgetServer, path: str) -> tuple[int, str]:
    url = server.url + path
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_the_served_questions_take_limit_and_offset(
    seed_store: EmbeddedStore, seed_server: BudgetServer
) -> None:
    _, whole = run_rows(seed_store, get_question("projects"))
    status, body = _get(seed_server, "/queries/projects?format=csv&limit=2&offset=1")
    assert status == 200
    served = list(csv.DictReader(io.StringIO(body)))
    assert [row["project_name"] for row in served] == [row["project_name"] for row in whole[1:3]]
    status, body = _get(seed_server, "/queries/projects?format=json&offset=66")
    assert status == 200 and json.loads(body)["rows"] == []
    assert _get(seed_server, "/queries/projects?format=csv&limit=x")[0] == 400
    status, body = _get(seed_server, "/queries/projects?format=html&page=2&size=10")
    assert status == 200 and "第 11–20 行，共 66 行" in body
    assert str(whole[10]["project_name"]) in body and str(whole[20]["project_name"]) not in body


def test_the_server_reads_a_window_from_the_tables(corpus_store: EmbeddedStore) -> None:
    question = get_question("indicators")
    evaluator = cast(Evaluator, SimpleNamespace(store=corpus_store))  # the tables answer: no query is run
    columns, rows, total = window(evaluator, question, {"year": "2024"}, 5, 20)
    expected = run_answer(corpus_store, question, {"year": 2024})
    assert columns == expected.columns and rows == expected.rows[5:25] and total == len(expected.rows)


def test_a_rebuild_gives_tables_to_documents_read_before_tables_were_kept(
    seeds_dir: Path, tmp_path: Path
) -> None:
    store_path = tmp_path / "kg"
    with EmbeddedStore(store_path) as store:
        build([seeds_dir], store)
    shutil.rmtree(ListingFolder.beside(store_path).folder)
    with EmbeddedStore(store_path, read_only=True) as store:
        before = ask(store, get_question("projects"), {})
    assert before.source == FROM_SPARQL
    with EmbeddedStore(store_path) as store:
        report = build([seeds_dir], store)
    assert not report.built, "nothing was read again"
    with EmbeddedStore(store_path, read_only=True) as store:
        after = ask(store, get_question("projects"), {})
        rows = list(after.rows)
    assert after.source == FROM_TABLES and rows == list(before.rows)


def _kept_tables(path: Path) -> dict[str, list[list[dict[str, object]]]]:
    """Each materialised question's kept rows, document by document in graph order."""
    import pyarrow.parquet as pq

    folder = ListingFolder.beside(path)
    entries = folder.entries()
    return {
        name: [
            pq.read_table(folder.table_path(name, str(entries[graph].hash))).to_pylist()
            for graph in sorted(entries)
        ]
        for name in MATERIALISED
    }


def test_the_readers_compute_the_rows_the_store_gives(seeds_dir: Path, tmp_path: Path) -> None:
    """A build that reads in worker processes has the questions asked there, on the document as
    read; the tables, and the hashes naming them, are those the store itself gives."""
    graph = iris.document_graph("002_51f6a00e079128a9.txt")
    pool = WorkerPool(1, Limits(), question_rows=True)
    [(_, outcome, _)] = list(pool.run([(0, ([seeds_dir / "002_51f6a00e079128a9.txt"], GivenIdentity()))]))
    assert isinstance(outcome, tuple) and outcome[1].question_rows is not None
    digest, rows = outcome[1].question_rows
    assert sorted(rows) == MATERIALISED and len(rows["projects"][1]) > 0
    kept = {}
    for workers in (1, 0):
        path = tmp_path / f"kg{workers}"
        with EmbeddedStore(path) as store:
            assert len(build([seeds_dir], store, workers=workers).built) == 5
            entries = ListingFolder.beside(path).entries()
            assert all(entries[name].hash == content_hash(store, name) for name in store.document_graphs())
            assert entries[graph].hash == digest, "the record the writer adds is not hashed"
            assert refresh(store) == 0
        kept[workers] = _kept_tables(path)
    assert kept[1] == kept[0]
    assert sum(len(table) for table in kept[1]["indicators"]) > 100


def _ordered(folder: ListingFolder, name: str) -> Ordered | None:
    bundle = BundleFile.open(folder, name)
    try:
        return read_order(folder, materialised_specs()[name], (), bundle)
    finally:
        if bundle is not None:
            bundle.handle.close()


def test_a_page_reads_only_the_row_groups_of_the_bundle_it_needs(
    corpus_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundle holds the documents in the order of the answer, in row groups; the ordered record
    says where each document's rows are; a page reads the groups its rows lie in, and pages at
    every offset put together give SPARQL's answer."""
    assert corpus_store.path is not None
    folder = ListingFolder.beside(corpus_store.path)
    monkeypatch.setattr(bundles, "GROUP_ROWS", 5)
    refresh(corpus_store)
    for name in MATERIALISED:
        write_bundle(folder, name, folder.entries())
    refresh(corpus_store)  # the records of the bundles as they are now
    groups_read: list[int] = []
    wholes_read: list[object] = []
    real_group, real_read = pq.ParquetFile.read_row_group, pq.ParquetFile.read

    def read_group(self: pq.ParquetFile, group: int, *args: object, **kwargs: object) -> object:
        groups_read.append(group)
        return real_group(self, group, *args, **kwargs)

    def read(self: pq.ParquetFile, *args: object, **kwargs: object) -> object:
        wholes_read.append(self)
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read_row_group", read_group)
    monkeypatch.setattr(pq.ParquetFile, "read", read)
    for name in MATERIALISED:
        question = get_question(name)
        ordered = _ordered(folder, name)
        assert ordered is not None and ordered.bundled is not None
        starts = [start for start in ordered.bundled if start is not None]
        assert starts and starts == sorted(starts), "the bundle is in the order of the answer"
        assert pq.ParquetFile(bundles.bundle_path(folder, name)).metadata.num_row_groups > 1
        whole = run_answer(corpus_store, question).rows
        groups_read.clear()
        wholes_read.clear()
        listing = ask(corpus_store, question, limit=3)
        assert listing.source == FROM_TABLES and list(listing.rows) == whole[:3]
        assert groups_read == [0] and wholes_read == [], (name, groups_read)
        pages: list[object] = []
        for offset in range(0, len(whole) + 4, 4):
            pages.extend(ask(corpus_store, question, limit=4, offset=offset).rows)
        assert pages == whole
        assert (
            list(ask(corpus_store, question, limit=11, offset=len(whole) // 2).rows)
            == whole[len(whole) // 2 : len(whole) // 2 + 11]
        )


def test_an_ordered_record_of_another_log_or_bundle_is_not_read(corpus_store: EmbeddedStore) -> None:
    """The ordered record is read only while the log is the one it was written from, and its bundle
    rows only while the bundle is the one it was written with; a record cut short is not read."""
    assert corpus_store.path is not None
    folder = ListingFolder.beside(corpus_store.path)
    refresh(corpus_store)
    name = "procurement"
    question = get_question(name)
    expected = run_answer(corpus_store, question).rows
    ordered = _ordered(folder, name)
    assert ordered is not None and sorted(ordered.graphs) == corpus_store.document_graphs()
    # the bundle written again after the record: the record's documents, not its bundle rows
    write_bundle(folder, name, folder.entries())
    again = _ordered(folder, name)
    assert again is not None and again.graphs == ordered.graphs and again.bundled is None
    listing = ask(corpus_store, question)
    assert listing.source == FROM_TABLES and list(listing.rows) == expected
    # one more line in the log: the record describes another log and is not read
    graph = ordered.graphs[0]
    folder.record([DocumentEntry(graph, None)])
    assert _ordered(folder, name) is None
    assert ask(corpus_store, question).source == FROM_SPARQL
    assert refresh(corpus_store) == 1
    assert _ordered(folder, name) is not None
    # a record cut short: the documents come from the log, sorted, and answer the same
    path = order_path(folder, name)
    path.write_bytes(path.read_bytes()[:200])
    assert _ordered(folder, name) is None
    listing = ask(corpus_store, question, limit=5, offset=2)
    assert listing.source == FROM_TABLES and list(listing.rows) == expected[2:7]
    refresh(corpus_store)


def test_a_graph_dropped_without_a_line_in_the_log_leaves_the_listing(corpus_store: EmbeddedStore) -> None:
    """The build drops a removed document's graph without writing to the log, so a current ordered
    record may still name it: only the store's document graphs are answered."""
    refresh(corpus_store)
    question = get_question("projects")
    graph = corpus_store.document_graphs()[1]
    kept = list(corpus_store.graph_quads(graph))
    corpus_store.drop_graphs([graph])
    try:
        listing = ask(corpus_store, question)
        assert listing.source == FROM_TABLES
        assert list(listing.rows) == run_answer(corpus_store, question).rows
    finally:
        corpus_store.replace_graph(graph, kept)
    assert list(ask(corpus_store, question).rows) == run_answer(corpus_store, question).rows


def test_only_the_documents_the_bundle_does_not_hold_need_their_own_table(
    corpus_store: EmbeddedStore,
) -> None:
    """A document whose current rows the bundle holds is answered from it even when its own table is
    gone; one the bundle does not hold is not answered without its table."""
    assert corpus_store.path is not None
    folder = ListingFolder.beside(corpus_store.path)
    name = "indicators"
    question = get_question(name)
    refresh(corpus_store)
    write_bundle(folder, name, folder.entries())
    covered = bundle_index(folder, name)
    graph = sorted(covered)[0]
    folder.table_path(name, covered[graph][0]).unlink()
    listing = ask(corpus_store, question)
    assert listing.source == FROM_TABLES
    assert list(listing.rows) == run_answer(corpus_store, question).rows
    level3 = next(
        quad.object.value
        for quad in corpus_store.graph_quads(graph)
        if quad.predicate.value.endswith("#level3Name") and isinstance(quad.object, ox.Literal)
    )
    with updating(corpus_store, [graph]):  # new content: the bundle no longer holds its rows
        corpus_store.replace_graph(graph, _renamed(corpus_store, graph, level3, level3 + "（改）"))
    folder.table_path(name, str(folder.entries()[graph].hash)).unlink()
    listing = ask(corpus_store, question)
    assert listing.source == FROM_SPARQL and "is gone" in listing.reason
    assert refresh(corpus_store) == 1
    listing = ask(corpus_store, question)
    assert listing.source == FROM_TABLES
    assert list(listing.rows) == run_answer(corpus_store, question).rows


def test_the_ordered_record_gives_no_rows_of_a_bundle_of_another_version(
    corpus_store: EmbeddedStore, tmp_path: Path
) -> None:
    """A bundle whose rows another version of the question computed is not read, even by a record
    written beside it: its documents are read from their own tables."""
    assert corpus_store.path is not None
    refresh(corpus_store)
    name = "projects"
    folder = ListingFolder(tmp_path / "listings")
    shutil.copytree(ListingFolder.beside(corpus_store.path).folder, folder.folder)
    write_bundle(folder, name, folder.entries())
    path = bundles.bundle_path(folder, name)
    table = pq.read_table(path)
    metadata = dict(table.schema.metadata or {})
    metadata[b"budgetkg.listing.version"] = b"another version"
    pq.write_table(table.replace_schema_metadata(metadata), path)
    refresh(corpus_store, folder)  # the records, written beside that bundle
    ordered = _ordered(folder, name)
    assert ordered is not None and ordered.bundled is None
    listing = from_tables(corpus_store, get_question(name), folder=folder)
    assert (
        isinstance(listing, Listing)
        and list(listing.rows) == run_answer(corpus_store, get_question(name)).rows
    )
