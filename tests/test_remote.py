"""The saved questions on real SPARQL servers give exactly the answers of the embedded store.

Oxigraph server, Oxigraph server started with ``--union-default-graph`` and Virtuoso 7 are started
on 127.0.0.1 (free ports, temporary folders), the five seeds are pushed to each with ``budgetkg
push`` (Graph Store Protocol, PUT), and every saved question is asked of each, with and without
parameters: with the dataset listed in the request on the first and the last, with no dataset (the
endpoint told that the server's default graph is the union of its graphs) on the second.  Cells are
compared as decimals where both are numbers, so ``10.50`` equals ``10.5``; row order is compared
too.  The servers are stopped by their process ids when the module is done.  Failures of the
network and of servers are checked as well: each is a QueryError (or StoreError) that names the
endpoint and the reason.
"""

from __future__ import annotations

import base64
import http.client
import re
import urllib.parse
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pandas
import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.errors import QueryError, StoreError
from budgetkg.params import ParameterError, bind
from budgetkg.push import GraphStore, graph_param_for, graph_store_url, graphs_to_push, push
from budgetkg.questions import Answer, catalogue, load_question, run_answer
from budgetkg.rdf import iris
from budgetkg.remote import RESULTS_JSON, Endpoint, project_graphs, remote_text, run_remote, select
from budgetkg.store import EmbeddedStore
from tests.servers import (
    RunningServer,
    free_port,
    require_binary,
    start_oxigraph,
    start_virtuoso,
)
from tests.servers.stub import Seen, silent_endpoint, stub_endpoint

HERE = Path(__file__).resolve().parent / "servers"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
VIRTUOSO_MAX_ROWS = 5000
INJECTION = 'x" } DROP ALL ; #'
PARAMETER_CASES = [
    {"region": "420103"},
    {"year": "2024"},
    {"department": "政法"},
    {"region": "420103", "year": "2023"},
    {"phase": "approved"},
]


def comparable(answer: Answer) -> list[tuple[Decimal | str, ...]]:
    """Rows whose plain numbers are decimals and whose absent cells are empty strings."""
    return [
        tuple(Decimal(cell) if cell and NUMBER.match(cell) else (cell or "") for cell in row.values())
        for row in answer.text_rows()
    ]


@pytest.fixture(scope="module")
def seed_folder_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The five seeds built into a store on disk (push reads a store folder, as the command does)."""
    folder = tmp_path_factory.mktemp("remote") / "kg"
    with EmbeddedStore(folder) as store:
        report = build([seeds_dir], store)
        assert not report.failed and len(report.built) == 5
    yield folder


@pytest.fixture(scope="module")
def local(seed_folder_store: Path) -> Iterator[EmbeddedStore]:
    """The same store, open for reading, as the reference answers."""
    with EmbeddedStore(seed_folder_store, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    binary = require_binary("oxigraph", "pip install oxigraph; it comes with the dev extra")
    server = start_oxigraph(binary, tmp_path_factory.mktemp("oxigraph"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def oxigraph_union(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """Oxigraph server whose default graph is the union of its graphs (``--union-default-graph``)."""
    binary = require_binary("oxigraph", "pip install oxigraph; it comes with the dev extra")
    server = start_oxigraph(binary, tmp_path_factory.mktemp("oxigraph-union"), union_default_graph=True)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    binary = require_binary(
        "virtuoso-t", "apt-get install virtuoso-opensource; tests/servers/setup.sh does it"
    )
    isql = require_binary("isql-vt", "it comes with virtuoso-opensource")
    server = start_virtuoso(binary, isql, tmp_path_factory.mktemp("virtuoso"), VIRTUOSO_MAX_ROWS)
    try:
        yield server
    finally:
        server.stop()


def _push_command(server: RunningServer, store: Path) -> list[str]:
    command = ["push", "--store", str(store), "--endpoint", server.query_url]
    if server.update_user is not None:
        command += ["--user", server.update_user, "--password", server.update_password or ""]
        command += ["--auth", server.update_auth or "basic"]
    return command


@pytest.fixture(scope="module", params=["oxigraph", "oxigraph_union", "virtuoso"])
def server(request: pytest.FixtureRequest, seed_folder_store: Path) -> RunningServer:
    """Each server in turn, holding the seeds (pushed twice: the second push must change nothing)."""
    running: RunningServer = request.getfixturevalue(request.param)
    assert main(_push_command(running, seed_folder_store)) == 0
    return running


def endpoint(server: RunningServer) -> Endpoint:
    """The server's query endpoint, told when its default graph is the union of its graphs."""
    return Endpoint(server.query_url, timeout=120, union_default_graph=server.union_default_graph)


def _statements(server: RunningServer, graph: str | None = None) -> int:
    if graph is None:
        question = load_question(HERE / "count-project.rq")
        bound = {}
    else:
        question = load_question(HERE / "count-graph.rq")
        bound = bind(question.name, question.parameters, {"graph": graph})
    variables, rows = select(endpoint(server), remote_text(question, bound))
    if not rows:
        return 0
    cell = rows[0][variables.index("statements")]
    assert cell is not None
    return int(cell.value)


def test_push_puts_every_graph_once(
    server: RunningServer, seed_folder_store: Path, local: EmbeddedStore
) -> None:
    before = {graph.value: 0 for graph in local.store.named_graphs()}
    for graph in before:
        before[graph] = sum(1 for _ in local.graph_quads(graph))
    assert main(_push_command(server, seed_folder_store)) == 0
    for graph, count in before.items():
        assert _statements(server, graph) == count, graph
    assert _statements(server) == len(local)


def test_the_dataset_is_every_document_graph_and_the_shared_ones(
    server: RunningServer, local: EmbeddedStore
) -> None:
    graphs = project_graphs(endpoint(server))
    fixed = [iris.SUMMARY_GRAPH, iris.SHARED_GRAPH, iris.ONTOLOGY_GRAPH, iris.CODELIST_GRAPH]
    named = sorted(graph.value for graph in local.store.named_graphs() if isinstance(graph, ox.NamedNode))
    assert graphs == [*(graph for graph in named if graph not in fixed), *fixed]
    assert set(local.document_graphs()) <= set(graphs)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_saved_question_is_answered_as_on_the_embedded_store(
    server: RunningServer, local: EmbeddedStore, name: str
) -> None:
    question = catalogue()[name]
    expected = run_answer(local, question)
    found = run_remote(endpoint(server), question)
    assert found.columns == expected.columns
    assert comparable(found) == comparable(expected)


@pytest.mark.parametrize(
    "params", PARAMETER_CASES, ids=lambda params: ",".join(f"{k}={v}" for k, v in params.items())
)
def test_parameters_filter_alike(server: RunningServer, local: EmbeddedStore, params: dict[str, str]) -> None:
    remote = endpoint(server)
    asked = 0
    for question in catalogue().values():
        declared = {parameter.name for parameter in question.parameters}
        if not set(params) <= declared:
            continue
        asked += 1
        expected = run_answer(local, question, params)
        found = run_remote(remote, question, params)
        assert comparable(found) == comparable(expected), question.name
    assert asked >= (2 if "phase" in params else 7)


def test_an_injected_value_is_only_a_string(server: RunningServer, local: EmbeddedStore) -> None:
    before = _statements(server)
    for question in catalogue().values():
        if any(parameter.name == "department" for parameter in question.parameters):
            assert run_remote(endpoint(server), question, {"department": INJECTION}).rows == []
    with pytest.raises(ParameterError, match="region"):
        run_remote(endpoint(server), catalogue()["projects"], {"region": INJECTION})
    with pytest.raises(ParameterError, match="year"):
        run_remote(endpoint(server), catalogue()["projects"], {"year": INJECTION})
    assert _statements(server) == before == len(local)


@pytest.mark.parametrize(
    ("name", "params"), [("department-overview", {"region": "420103"}), ("projects", {"year": 2024})]
)
def test_the_python_api_gives_the_frame_of_the_embedded_store(
    server: RunningServer, local: EmbeddedStore, name: str, params: dict[str, object]
) -> None:
    remote = budgetkg.query(
        name,
        endpoint=server.query_url,
        params=params,
        timeout=120,
        union_default_graph=server.union_default_graph,
    )
    embedded = budgetkg.query(name, store=local, params=params)
    assert list(remote.columns) == list(embedded.columns)
    assert len(embedded) > 0
    pandas.testing.assert_frame_equal(remote, embedded)


def test_cli_asks_an_endpoint(server: RunningServer, capsys: pytest.CaptureFixture[str]) -> None:
    command = ["query", "department-overview", "--endpoint", server.query_url, "--format", "csv"]
    if server.union_default_graph:
        command.append("--union-default-graph")
    assert main([*command, "--param", "region=420103", "--param", "year=2024"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("region_code,region_name,department,fiscal_year")
    assert len(lines) == 3 and all(line.startswith("420103,江汉区,") for line in lines[1:])


# ---- failures, each a clear error naming the endpoint


def test_a_query_says_what_it_accepts_and_sends_basic_credentials() -> None:
    seen: list[Seen] = []
    body = b'{"head": {"vars": ["doc"]}, "results": {"bindings": []}}'
    graphs = [iris.SHARED_GRAPH, iris.ONTOLOGY_GRAPH]
    with stub_endpoint(200, body, RESULTS_JSON, seen=seen) as url:
        target = Endpoint(url, user="reader", password="pw1", graphs=graphs)
        assert run_remote(target, catalogue()["documents"]).rows == []
    (request,) = seen
    assert request.method == "POST" and request.headers["Accept"] == RESULTS_JSON
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"reader:pw1").decode()
    form = urllib.parse.parse_qs(request.body.decode("utf-8"))
    assert form["default-graph-uri"] == graphs == form["named-graph-uri"]
    assert "query" in form


def test_in_union_mode_no_dataset_is_sent_and_no_graph_is_listed() -> None:
    seen: list[Seen] = []
    body = b'{"head": {"vars": ["doc"]}, "results": {"bindings": []}}'
    with stub_endpoint(200, body, RESULTS_JSON, seen=seen) as url:
        target = Endpoint(url, union_default_graph=True)
        assert run_remote(target, catalogue()["documents"]).rows == []
        assert run_remote(target, catalogue()["projects"], {"year": 2024}).rows == []
    assert len(seen) == 2 and target.graphs is None
    for request in seen:
        assert request.method == "POST" and request.headers["Accept"] == RESULTS_JSON
        form = urllib.parse.parse_qs(request.body.decode("utf-8"))
        assert list(form) == ["query"]
        assert urllib.parse.urlsplit(request.path).query == ""
    assert "2024" in urllib.parse.parse_qs(seen[1].body.decode("utf-8"))["query"][0]


def test_the_listed_dataset_is_found_first_and_sent_with_every_question() -> None:
    seen: list[Seen] = []
    body = b'{"head": {"vars": ["graph"]}, "results": {"bindings": []}}'
    with stub_endpoint(200, body, RESULTS_JSON, seen=seen) as url:
        target = Endpoint(url)
        run_remote(target, catalogue()["documents"])
        run_remote(target, catalogue()["documents"])
    forms = [urllib.parse.parse_qs(request.body.decode("utf-8")) for request in seen]
    assert len(forms) == 3 and "default-graph-uri" not in forms[0]
    fixed = [iris.SUMMARY_GRAPH, iris.SHARED_GRAPH, iris.ONTOLOGY_GRAPH, iris.CODELIST_GRAPH]
    assert target.graphs == fixed
    assert all(form["default-graph-uri"] == fixed == form["named-graph-uri"] for form in forms[1:])


def test_an_answer_echoing_every_listed_graph_as_a_header_is_read() -> None:
    """Virtuoso sends two header lines per listed graph; http.client's own limit is 100 lines, lifted
    only while such a request runs."""
    graphs = [f"{iris.BASE}graph/doc/d{number}" for number in range(150)]
    echoed = {f"X-SPARQL-named-graph-{number}": graph for number, graph in enumerate(graphs)}
    echoed |= {f"X-SPARQL-default-graph-{number}": graph for number, graph in enumerate(graphs)}
    body = (
        b'{"head": {"vars": ["region_code"]}, "results": {"bindings": '
        b'[{"region_code": {"type": "literal", "value": "420103"}}]}}'
    )
    before = http.client._MAXHEADERS  # type: ignore[attr-defined]
    with stub_endpoint(200, body, RESULTS_JSON, echoed) as url:
        answer = run_remote(Endpoint(url, graphs=graphs), catalogue()["documents"])
        assert [row["region_code"] for row in answer.text_rows()] == ["420103"]
        with pytest.raises(QueryError, match="got more than 100 headers"):
            select(Endpoint(url), "SELECT * WHERE { ?s ?p ?o }")
    assert http.client._MAXHEADERS == before == 100  # type: ignore[attr-defined]


def test_cli_union_default_graph_sends_no_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[Seen] = []
    body = (
        b'{"head": {"vars": ["region_code"]}, "results": {"bindings": '
        b'[{"region_code": {"type": "literal", "value": "420103"}}]}}'
    )
    with stub_endpoint(200, body, RESULTS_JSON, seen=seen) as url:
        command = ["query", "documents", "--endpoint", url, "--union-default-graph", "--format", "csv"]
        assert main(command) == 0
    (request,) = seen
    assert list(urllib.parse.parse_qs(request.body.decode("utf-8"))) == ["query"]
    assert capsys.readouterr().out.splitlines() == ["region_code", "420103"]


def test_a_union_default_graph_and_a_listed_dataset_exclude_each_other() -> None:
    with pytest.raises(QueryError, match="exclude each other"):
        Endpoint("http://127.0.0.1:7878/query", graphs=[iris.SHARED_GRAPH], union_default_graph=True)
    with pytest.raises(QueryError, match="endpoint URL"):
        budgetkg.query("documents", store="kg", union_default_graph=True)


def test_union_mode_is_only_right_on_a_server_set_up_for_it(
    oxigraph: RunningServer, seed_folder_store: Path, local: EmbeddedStore
) -> None:
    """Oxigraph server started without --union-default-graph answers from its own default graph,
    which push leaves empty: the union mode must be asked for, never assumed."""
    assert main(_push_command(oxigraph, seed_folder_store)) == 0
    question = catalogue()["documents"]
    expected = run_answer(local, question)
    assert len(expected.rows) == 5
    assert run_remote(Endpoint(oxigraph.query_url, union_default_graph=True), question).rows == []
    listed = run_remote(Endpoint(oxigraph.query_url), question)
    assert comparable(listed) == comparable(expected)


def test_push_puts_each_graph_with_basic_credentials(local: EmbeddedStore) -> None:
    seen: list[Seen] = []
    with stub_endpoint(204, b"", "text/plain", seen=seen) as url:
        report = push(local, GraphStore(url, user="writer", password="pw2"))
    expected = "Basic " + base64.b64encode(b"writer:pw2").decode()
    assert all(request.headers["Authorization"] == expected for request in seen)
    assert [request.method for request in seen] == ["HEAD"] + ["PUT"] * len(report.graphs)
    graphs = [urllib.parse.parse_qs(urllib.parse.urlsplit(put.path).query)["graph"][0] for put in seen[1:]]
    assert graphs == report.graphs == graphs_to_push(local) and len(graphs) == 9
    for graph, request in zip(graphs, seen[1:], strict=True):
        assert request.headers["Content-Type"] == "application/n-triples"
        sent = list(ox.parse(request.body, format=ox.RdfFormat.N_TRIPLES))
        assert len(sent) == sum(1 for _ in local.graph_quads(graph)), graph
    assert report.triples == len(local)


def test_connection_refused() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(QueryError, match=r"127\.0\.0\.1.*connection refused"):
        run_remote(Endpoint(url, timeout=5), catalogue()["documents"])


def test_timeout() -> None:
    with silent_endpoint() as url, pytest.raises(QueryError, match=r"127\.0\.0\.1.*timeout"):
        run_remote(Endpoint(url, timeout=0.5), catalogue()["documents"])


@pytest.mark.parametrize(
    ("body", "media", "reason"),
    [
        (b"<html><body>maintenance</body></html>", "text/html", "text/html, not"),
        (b"{not json", "application/sparql-results+json", "not JSON"),
        (b'{"head": {"vars": ["a"]}}', "application/sparql-results+json", "results.bindings"),
        (
            b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "odd", "value": "1"}}]}}',
            "application/sparql-results+json",
            "unknown term type",
        ),
    ],
    ids=["html", "not-json", "no-bindings", "bad-term"],
)
def test_malformed_results(body: bytes, media: str, reason: str) -> None:
    graphs = ["https://w3id.org/budgetkg/id/graph/shared"]
    with (
        stub_endpoint(200, body, media) as url,
        pytest.raises(QueryError, match="malformed results") as caught,
    ):
        run_remote(Endpoint(url, graphs=graphs), catalogue()["documents"])
    assert url in str(caught.value) and reason in str(caught.value)


def test_http_errors_name_the_status() -> None:
    graphs = ["https://w3id.org/budgetkg/id/graph/shared"]
    with stub_endpoint(503, b"busy", "text/plain") as url, pytest.raises(QueryError, match="HTTP 503"):
        run_remote(Endpoint(url, graphs=graphs), catalogue()["documents"])


def test_a_cut_answer_is_an_error_not_a_short_answer() -> None:
    body = b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "literal", "value": "1"}}]}}'
    headers = {"X-SPARQL-MaxRows": "1"}
    graphs = ["https://w3id.org/budgetkg/id/graph/shared"]
    media = "application/sparql-results+json"
    with stub_endpoint(200, body, media, headers) as url, pytest.raises(QueryError, match="row limit of 1"):
        run_remote(Endpoint(url, graphs=graphs), catalogue()["documents"])


def test_an_answer_stopped_by_the_server_s_time_limit_is_an_error_not_a_short_answer() -> None:
    """Virtuoso past MaxQueryExecutionTime sends HTTP 200 with the rows found so far."""
    body = b'{"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"type": "literal", "value": "1"}}]}}'
    headers = {
        "X-SQL-State": "S1TAT",
        "X-SQL-Message": "RC...: Returning incomplete results, query interrupted by result timeout.",
    }
    graphs = ["https://w3id.org/budgetkg/id/graph/shared"]
    media = "application/sparql-results+json"
    with (
        stub_endpoint(200, body, media, headers) as url,
        pytest.raises(QueryError, match=r"X-SQL-State S1TAT: RC\.\.\.: Returning incomplete") as caught,
    ):
        run_remote(Endpoint(url, graphs=graphs), catalogue()["documents"])
    assert url in str(caught.value) and "MaxQueryExecutionTime" in str(caught.value)


def test_virtuoso_result_limit_is_reported(virtuoso: RunningServer, seed_folder_store: Path) -> None:
    assert main(_push_command(virtuoso, seed_folder_store)) == 0
    question = load_question(HERE / "all-statements.rq")
    with pytest.raises(QueryError, match=f"row limit of {VIRTUOSO_MAX_ROWS}"):
        run_remote(endpoint(virtuoso), question)


def test_virtuoso_wants_credentials(virtuoso: RunningServer, local: EmbeddedStore) -> None:
    secured = virtuoso.notes["auth_query_url"]
    with pytest.raises(QueryError, match="HTTP 401"):
        run_remote(Endpoint(secured, timeout=30), catalogue()["documents"])
    wrong = Endpoint(secured, user=virtuoso.update_user, password="wrong1password", auth="digest", timeout=30)
    with pytest.raises(QueryError, match="HTTP 401"):
        run_remote(wrong, catalogue()["documents"])
    right = Endpoint(
        secured, user=virtuoso.update_user, password=virtuoso.update_password, auth="digest", timeout=30
    )
    assert comparable(run_remote(right, catalogue()["documents"])) == comparable(
        run_answer(local, catalogue()["documents"])
    )
    target = GraphStore(
        virtuoso.graph_store_url, user=virtuoso.update_user, password="wrong1password", auth="digest"
    )
    with pytest.raises(StoreError, match="HTTP 401"):
        push(local, target)


@pytest.mark.parametrize(
    ("query_url", "credentials", "graph_store", "param"),
    [
        ("http://127.0.0.1:7878/query", False, "http://127.0.0.1:7878/store", "graph"),
        ("http://127.0.0.1:8890/sparql", True, "http://127.0.0.1:8890/sparql-graph-crud-auth", "graph-uri"),
        ("http://127.0.0.1:8890/sparql-auth/", False, "http://127.0.0.1:8890/sparql-graph-crud", "graph-uri"),
    ],
)
def test_the_graph_store_beside_a_query_endpoint(
    query_url: str, credentials: bool, graph_store: str, param: str
) -> None:
    assert graph_store_url(query_url, credentials) == graph_store
    assert graph_param_for(graph_store) == param
    with pytest.raises(StoreError, match="--graph-store"):
        graph_store_url("http://127.0.0.1:3030/ds", credentials)


def test_push_errors_name_the_server(local: EmbeddedStore) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(StoreError, match=r"127\.0\.0\.1.*connection refused"):
        push(local, GraphStore(url, timeout=5))
