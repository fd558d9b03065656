"""Virtuoso 7 holding more than a hundred document graphs, loaded with its own bulk loader.

A generated corpus of 105 documents (:func:`budgetkg.samples.corpus.generate`, as the query bench
makes it) is built into a store on disk and loaded into a Virtuoso started on 127.0.0.1 with
``budgetkg push --bulk-load DIR`` (one N-Quads file per graph in a folder of the server's
``DirsAllowed``, ``ld_dir`` + ``rdf_loader_run`` + ``checkpoint`` through ``isql-vt``).  Every saved
question is then asked of it with no dataset (``--union-default-graph``: Virtuoso's default graph is
every graph it holds) and must give exactly the answers of the embedded store; asked with the
dataset listed (over 200 graph names, each echoed by Virtuoso as a response header) it must answer
too.  The questions are asked of the first load; the second load, with ``--prune``, comes last: on
a server that had just cleared and loaded every graph again, Virtuoso 7.2 has answered
``withheld-project-share`` without some of its rows, and the same question right again a minute
later.

The load only returns once the query endpoint answers (``bulk_load.wait_until_answering``).  A
question Virtuoso still does not answer fails with what the server was doing (its ``status()``
report and the tail of its log), and the questions after it fail at once with the same reason,
rather than each waiting its whole timeout on a server that is stuck.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.bulk_load import IsqlClient, bulk_load, virtuoso_status
from budgetkg.cli import main
from budgetkg.errors import QueryError, StoreError
from budgetkg.questions import catalogue, run_answer
from budgetkg.remote import Endpoint, run_remote, select
from budgetkg.samples.corpus import generate
from budgetkg.store import EmbeddedStore
from tests.servers import RunningServer, require_binary, start_virtuoso
from tests.test_remote import comparable

DOCUMENTS = 105
STALE_GRAPH = "https://w3id.org/budgetkg/id/graph/doc/stale-document"
QUESTION_SECONDS = 300
"""Past Virtuoso's own limit of a question's run (MaxQueryExecutionTime, 120 s in the test server),
with room for compiling the question on a busy machine."""
UNANSWERED = "unanswered"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The generated corpus built into a store on disk (push reads a store folder)."""
    root = tmp_path_factory.mktemp("corpus")
    files = generate(root / "documents", DOCUMENTS)
    with EmbeddedStore(root / "kg") as store:
        report = build([root / "documents"], store)
        assert not report.failed and len(report.built) == len(files) == DOCUMENTS
    yield root / "kg"


@pytest.fixture(scope="module")
def corpus(corpus_store: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(corpus_store, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, corpus_store: Path) -> Iterator[RunningServer]:
    """A Virtuoso of its own, the corpus loaded into it with ``budgetkg push --bulk-load``."""
    binary = require_binary(
        "virtuoso-t", "apt-get install virtuoso-opensource; tests/servers/setup.sh does it"
    )
    isql = require_binary("isql-vt", "it comes with virtuoso-opensource")
    server = start_virtuoso(binary, isql, tmp_path_factory.mktemp("virtuoso-corpus"), 100_000)
    try:
        assert main(_bulk_command(server, corpus_store)) == 0
        yield server
    finally:
        server.stop()


def _client(server: RunningServer) -> IsqlClient:
    return IsqlClient(server.notes["sql_address"], "dba", server.notes["dba_password"], server.notes["isql"])


def _bulk_command(server: RunningServer, store: Path, *extra: str) -> list[str]:
    return [
        "push",
        "--store",
        str(store),
        "--endpoint",
        server.query_url,
        "--bulk-load",
        str(server.folder / "load"),
        "--isql",
        server.notes["isql"],
        "--isql-address",
        server.notes["sql_address"],
        "--isql-password",
        server.notes["dba_password"],
        *extra,
    ]


def _union(server: RunningServer) -> Endpoint:
    return Endpoint(server.query_url, timeout=QUESTION_SECONDS, union_default_graph=True)


@contextmanager
def _answered(server: RunningServer) -> Iterator[None]:
    """Questions asked of the server inside the block must be answered in time.

    One that is not fails with what Virtuoso was doing then (its status report, read through the SQL
    port, and the tail of its log); once one has failed so, the next fails at once with that reason.
    """
    if UNANSWERED in server.notes:
        pytest.fail(f"not asked: Virtuoso left an earlier question unanswered: {server.notes[UNANSWERED]}")
    try:
        yield
    except QueryError as error:
        if "no answer within" not in str(error):
            raise
        server.notes[UNANSWERED] = f"{error}; Virtuoso's status: {virtuoso_status(_client(server))}"
        pytest.fail(f"{server.notes[UNANSWERED]}\nits log ends:\n{server.log()[-2000:]}")


def _counts_by_graph(server: RunningServer) -> dict[str, int]:
    text = (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "https://w3id.org/budgetkg/")) } GROUP BY ?g'
    )
    with _answered(server):
        variables, rows = select(_union(server), text)
    counts = {}
    for row in rows:
        graph, count = row[variables.index("g")], row[variables.index("n")]
        assert graph is not None and count is not None
        counts[graph.value] = int(count.value)
    return counts


def _local_counts(store: EmbeddedStore) -> dict[str, int]:
    return {
        graph.value: sum(1 for _ in store.graph_quads(graph.value))
        for graph in store.store.named_graphs()
        if graph.value.startswith("https://w3id.org/budgetkg/")
    }


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_saved_question_on_virtuoso_without_a_dataset_is_answered_as_embedded(
    loaded: RunningServer, corpus: EmbeddedStore, name: str
) -> None:
    question = catalogue()[name]
    expected = run_answer(corpus, question)
    with _answered(loaded):
        found = run_remote(_union(loaded), question)
    assert found.columns == expected.columns
    assert comparable(found) == comparable(expected)


def test_a_listed_dataset_of_over_a_hundred_graphs_is_answered(
    loaded: RunningServer, corpus: EmbeddedStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """Virtuoso echoes each listed graph twice as a header; Python's own limit is 100 headers."""
    remote = Endpoint(loaded.query_url, timeout=QUESTION_SECONDS)
    question = catalogue()["three-public"]
    with _answered(loaded):
        found = run_remote(remote, question)
    assert remote.graphs is not None and len(remote.graphs) == DOCUMENTS + 4
    assert comparable(found) == comparable(run_answer(corpus, question))
    command = ["query", "documents", "--endpoint", loaded.query_url, "--format", "csv"]
    assert main(command) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("region_code,") and len(lines) == DOCUMENTS + 1


def test_a_folder_virtuoso_may_not_read_is_a_clear_error_and_clears_nothing(
    loaded: RunningServer, corpus: EmbeddedStore, tmp_path: Path
) -> None:
    """Virtuoso reads only the folders its DirsAllowed names (and, it turns out, their siblings:
    so the folder refused here is far from the server's own)."""
    before = _counts_by_graph(loaded)
    with (
        tempfile.TemporaryDirectory(dir="/var/tmp") as elsewhere,
        pytest.raises(StoreError, match=r"Virtuoso SQL 127\.0\.0\.1:\d+ .*Access to .* is denied"),
    ):
        bulk_load(corpus, Path(elsewhere), _client(loaded))
    assert _counts_by_graph(loaded) == before
    with pytest.raises(StoreError, match="no such program"):
        bulk_load(corpus, loaded.folder / "load", IsqlClient(program=str(tmp_path / "no-isql")))


def test_bulk_load_holds_every_graph_once_and_a_second_load_with_prune_changes_only_the_stale(
    loaded: RunningServer, corpus: EmbeddedStore, corpus_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _local_counts(corpus)
    assert len(corpus.document_graphs()) == DOCUMENTS
    assert _counts_by_graph(loaded) == expected and sum(expected.values()) == len(corpus)
    files = sorted((loaded.folder / "load").glob("*.nq"))
    assert len(files) == len(expected) == DOCUMENTS + 4
    _client(loaded).run(
        f"SPARQL INSERT INTO GRAPH <{STALE_GRAPH}> "
        "{ <urn:x> a <https://w3id.org/budgetkg/ontology#BudgetDocument> };"
    )
    assert _counts_by_graph(loaded)[STALE_GRAPH] == 1
    capsys.readouterr()
    assert main([*_bulk_command(loaded, corpus_store), "--prune"]) == 0
    printed = capsys.readouterr().out
    assert f"loaded {DOCUMENTS + 4} graphs ({len(corpus)} statements)" in printed
    assert f"cleared {STALE_GRAPH}" in printed
    assert _counts_by_graph(loaded) == expected
