"""``budgetkg serve`` over real HTTP: the SPARQL protocol, saved questions as URLs and resource IRIs.

The server runs in a thread of the test process on a free port of 127.0.0.1 and is shut down when the
module is done; one test starts the command itself as a child process and stops it by its id.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.build import build
from budgetkg.paths import SAMPLES_DIR
from budgetkg.questions import catalogue, run_rows
from budgetkg.rdf import iris
from budgetkg.serve import BudgetServer, ServeOptions, make_server, negotiate
from budgetkg.store import EmbeddedStore
from tests.servers import free_port, sparql

INJECTION = 'x" } DROP ALL ; #'
ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/budgetkg/id/"


@dataclass
class Reply:
    status: int
    media: str
    body: bytes
    headers: dict[str, str]  # by lower-case name (HTTP header names are case-insensitive)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    url: str, accept: str | None = None, data: bytes | None = None, headers: dict[str, str] | None = None
) -> Reply:
    request = urllib.request.Request(url, data=data, headers=dict(headers or {}))
    if accept is not None:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(
                response.status,
                response.headers.get_content_type(),
                response.read(),
                {name.lower(): value for name, value in response.headers.items()},
            )
    except urllib.error.HTTPError as error:
        headers = {name.lower(): value for name, value in error.headers.items()}
        return Reply(error.code, error.headers.get_content_type(), error.read(), headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """An opener's handler that leaves a redirect as the answer (an HTTPError) instead of following it."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def location(url: str, accept: str | None = None) -> tuple[int, str]:
    """The status and the Location header of the answer to ``url``, a redirect not followed."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def running(store: EmbeddedStore, options: ServeOptions) -> Iterator[BudgetServer]:
    server = make_server(store, options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(seed_store: EmbeddedStore) -> Iterator[BudgetServer]:
    """A read-only server of the seeds."""
    yield from running(seed_store, ServeOptions(port=0, timeout=30, max_rows=100_000))


@pytest.fixture(scope="module")
def writable() -> Iterator[BudgetServer]:
    """A server of the samples (its own store) that takes updates with a bearer token."""
    store = EmbeddedStore(None)
    assert not build([SAMPLES_DIR], store).failed
    yield from running(store, ServeOptions(port=0, update_token="s3cret-token"))


def ask(server: BudgetServer, query: str, accept: str, method: str = "GET") -> Reply:
    if method == "GET":
        return fetch(f"{server.url}/sparql?{urllib.parse.urlencode({'query': query})}", accept)
    if method == "FORM":
        return fetch(f"{server.url}/sparql", accept, urllib.parse.urlencode({"query": query}).encode())
    return fetch(f"{server.url}/sparql", accept, query.encode(), {"Content-Type": "application/sparql-query"})


# ---- the SPARQL protocol


@pytest.mark.parametrize("method", ["GET", "FORM", "DIRECT"])
@pytest.mark.parametrize(
    ("accept", "media", "kind"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ],
)
def test_select_in_every_result_format(
    server: BudgetServer,
    seed_store: EmbeddedStore,
    method: str,
    accept: str,
    media: str,
    kind: ox.QueryResultsFormat,
) -> None:
    query = sparql("documents-by-file")
    reply = ask(server, query, accept, method)
    assert reply.status == 200 and reply.media == media
    expected = seed_store.query(query)
    assert isinstance(expected, ox.QuerySolutions)
    wanted = [[solution[name] for name in ("doc", "file", "year")] for solution in expected]
    found: list[list[object]]
    if kind == ox.QueryResultsFormat.CSV:  # CSV keeps no datatypes, and pyoxigraph does not read it
        table = list(csv.reader(io.StringIO(reply.text)))
        assert table[0] == ["doc", "file", "year"]
        found = [list(row) for row in table[1:]]
        wanted = [[term.value if term is not None else "" for term in row] for row in wanted]
    else:
        parsed = ox.parse_query_results(reply.body, format=kind)
        assert isinstance(parsed, ox.QuerySolutions)
        found = [[solution[name] for name in ("doc", "file", "year")] for solution in parsed]
    assert found == wanted and len(found) == 5


def test_ask_and_construct(server: BudgetServer) -> None:
    reply = ask(server, sparql("ask-any"), "application/sparql-results+json")
    assert reply.status == 200 and json.loads(reply.body) == {"head": {}, "boolean": True}
    reply = ask(server, sparql("ask-any"), "application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in reply.body
    construct = sparql("construct-region")
    for accept, kind in (("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD)):
        reply = ask(server, construct, accept)
        assert reply.status == 200 and reply.media == accept
        triples = list(ox.parse(reply.body, format=kind))
        assert ox.Literal("江汉区", language="zh") in [triple.object for triple in triples]


def test_dataset_by_protocol(server: BudgetServer, seed_store: EmbeddedStore) -> None:
    graph = "https://w3id.org/budgetkg/id/graph/ontology"
    url = f"{server.url}/sparql?" + urllib.parse.urlencode(
        {"query": sparql("count-all"), "default-graph-uri": graph}
    )
    reply = fetch(url, "text/csv")
    expected = sum(1 for _ in seed_store.graph_quads(graph))
    assert reply.text.split() == ["n", str(expected)]


def test_protocol_errors(server: BudgetServer) -> None:
    assert ask(server, sparql("malformed"), "text/csv").status == 400
    assert fetch(f"{server.url}/sparql").status == 400
    reply = ask(server, sparql("first-ten"), "image/png")
    assert reply.status == 406
    assert fetch(f"{server.url}/nothing").status == 404


def test_read_only_unless_started_with_a_token(server: BudgetServer, seed_store: EmbeddedStore) -> None:
    before = len(seed_store)
    drop = sparql("drop-all")
    form = urllib.parse.urlencode({"update": drop}).encode()
    for body, media in (
        (drop.encode(), "application/sparql-update"),
        (form, "application/x-www-form-urlencoded"),
    ):
        reply = fetch(
            f"{server.url}/sparql", data=body, headers={"Content-Type": media, "Authorization": "Bearer x"}
        )
        assert reply.status == 403 and "read-only" in reply.text
    assert len(seed_store) == before


def test_updates_need_the_bearer_token(writable: BudgetServer) -> None:
    insert = sparql("insert-test").encode()
    media = {"Content-Type": "application/sparql-update"}
    reply = fetch(f"{writable.url}/sparql", data=insert, headers=media)
    assert reply.status == 401 and reply.headers.get("www-authenticate", "").startswith("Bearer")
    reply = fetch(f"{writable.url}/sparql", data=insert, headers={**media, "Authorization": "Bearer wrong"})
    assert reply.status == 401
    inserted = sparql("ask-inserted")
    assert json.loads(ask(writable, inserted, "application/json").body)["boolean"] is False
    reply = fetch(
        f"{writable.url}/sparql", data=insert, headers={**media, "Authorization": "Bearer s3cret-token"}
    )
    assert reply.status == 204
    assert json.loads(ask(writable, inserted, "application/json").body)["boolean"] is True
    query = urllib.parse.urlencode({"update": sparql("drop-all")})
    reply = fetch(f"{writable.url}/sparql?{query}", headers={"Authorization": "Bearer s3cret-token"})
    assert reply.status == 405


def test_an_update_is_followed_by_the_region_summaries(writable: BudgetServer) -> None:
    def structure(region: str) -> list[dict[str, str]]:
        url = f"{writable.url}/queries/function-structure-by-region?region={region}"
        reply = fetch(url, "application/json")
        assert reply.status == 200, reply.text
        rows: list[dict[str, str]] = json.loads(reply.body)["rows"]
        return rows

    before = structure("320102")
    assert before and all(row["departments"] == "1" for row in before)
    drop = f"DROP GRAPH <{iris.document_graph('sample_320102_101_2023.txt')}>".encode()
    headers = {"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret-token"}
    assert fetch(f"{writable.url}/sparql", data=drop, headers=headers).status == 204
    assert structure("320102") == []
    assert structure("420103")


def test_time_limit_is_reported(seed_store: EmbeddedStore) -> None:
    for quick in running(seed_store, ServeOptions(port=0, timeout=0.2, max_rows=10**9)):
        started = time.monotonic()
        reply = ask(quick, sparql("cross-join"), "text/csv")
        assert reply.status == 503 and "time limit of 0.2 s" in reply.text
        assert time.monotonic() - started < 10


def test_size_limit_is_reported(seed_store: EmbeddedStore) -> None:
    for small in running(seed_store, ServeOptions(port=0, max_rows=10)):
        reply = ask(small, sparql("all-statements"), "text/csv")
        assert reply.status == 413 and "more than 10 rows" in reply.text
        assert reply.headers.get("x-result-limit") == "10"
        assert ask(small, sparql("first-ten"), "text/csv").status == 200
        reply = fetch(f"{small.url}/queries/indicators?format=csv")
        assert reply.status == 413


# ---- saved questions as URLs


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_saved_question_urls_give_the_command_line_answer(
    server: BudgetServer, seed_store: EmbeddedStore, name: str
) -> None:
    columns, rows = run_rows(seed_store, catalogue()[name])
    reply = fetch(f"{server.url}/queries/{name}", "text/csv")
    assert reply.status == 200 and reply.media == "text/csv"
    table = list(csv.reader(io.StringIO(reply.text)))
    assert table[0] == columns
    assert table[1:] == [
        ["" if row[column] is None else str(row[column]) for column in columns] for row in rows
    ]
    reply = fetch(f"{server.url}/queries/{name}", "application/json")
    assert json.loads(reply.body) == {"columns": columns, "rows": rows}


def test_saved_question_parameters_and_formats(server: BudgetServer, seed_store: EmbeddedStore) -> None:
    base = f"{server.url}/queries/department-overview"
    _, rows = run_rows(seed_store, catalogue()["department-overview"], {"region": "420103", "year": "2024"})
    reply = fetch(f"{base}?region=420103&year=2024", "application/json")
    assert json.loads(reply.body)["rows"] == rows and len(rows) == 2
    reply = fetch(f"{base}?region=420103&year=2024&format=csv", "text/html")
    assert reply.media == "text/csv" and reply.text.count("\n") == 3
    page = fetch(f"{base}?region=420103", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert (
        page.media == "text/html"
        and "中共武汉市江汉区委政法委员会" in page.text
        and '<table id="answer">' in page.text
    )
    query = urllib.parse.urlencode({"department": INJECTION})
    assert json.loads(fetch(f"{base}?{query}", "application/json").body)["rows"] == []
    reply = fetch(f"{base}?region={urllib.parse.quote(INJECTION)}")
    assert reply.status == 400 and "parameter region (region) cannot be" in reply.text
    assert fetch(f"{base}?colour=red").status == 400
    assert fetch(f"{server.url}/queries/no-such-question").status == 404
    listing = json.loads(fetch(f"{server.url}/queries", "application/json").body)
    assert {entry["name"] for entry in listing} == set(catalogue())
    assert "Saved questions" in fetch(f"{server.url}/queries", "text/html").text


# ---- resources


def test_resources_are_dereferenceable(server: BudgetServer) -> None:
    url = f"{server.url}/id/region/420103"
    turtle = fetch(url, "text/turtle")
    assert turtle.status == 200 and turtle.media == "text/turtle"
    triples = list(ox.parse(turtle.body, format=ox.RdfFormat.TURTLE))
    assert {triple.subject for triple in triples} == {
        ox.NamedNode("https://w3id.org/budgetkg/id/region/420103")
    }
    jsonld = fetch(url, "application/ld+json")
    assert jsonld.media == "application/ld+json"
    assert list(ox.parse(jsonld.body, format=ox.RdfFormat.JSON_LD)) != []
    assert fetch(url).media == "text/turtle"
    page = fetch(url, "text/html")
    assert (
        page.media == "text/html"
        and "<h1>江汉区</h1>" in page.text
        and 'href="/id/region/420100"' in page.text
    )
    assert fetch(f"{server.url}/id/region/000000", "text/turtle").status == 404
    assert fetch(url, "image/png").status == 406


def test_a_document_and_its_graph_name_resolve(server: BudgetServer, seed_store: EmbeddedStore) -> None:
    solutions = seed_store.query(sparql("first-document"))
    assert isinstance(solutions, ox.QuerySolutions)
    document = next(iter(solutions))["doc"]
    assert isinstance(document, ox.NamedNode)
    path = document.value.removeprefix("https://w3id.org/budgetkg/id/")
    page = fetch(f"{server.url}/id/{path}", "text/html")
    assert page.status == 200 and "000_3507bccae03dd461.txt" in page.text


def triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    return [ox.Triple(quad.subject, quad.predicate, quad.object) for quad in quads]


def test_named_graph_names_resolve_to_their_statements(
    server: BudgetServer, seed_store: EmbeddedStore
) -> None:
    graphs = [*seed_store.document_graphs(), "https://w3id.org/budgetkg/id/graph/shared"]
    assert len(graphs) == 6
    for graph in graphs:
        expected = triples(seed_store.graph_quads(graph))
        reply = fetch(f"{server.url}/id/{graph.removeprefix('https://w3id.org/budgetkg/id/')}", "text/turtle")
        assert reply.status == 200 and reply.media == "text/turtle", graph
        found = triples(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))
        assert len(found) == len(expected) and set(found) == set(expected), graph
    document_graph = graphs[0].removeprefix("https://w3id.org/budgetkg/id/")
    page = fetch(f"{server.url}/id/{document_graph}", "text/html")
    count = sum(1 for _ in seed_store.graph_quads(graphs[0]))
    assert page.status == 200 and "<h1>Named graph</h1>" in page.text
    assert f"<p>{count} statements." in page.text


def test_every_kind_of_resource_resolves(server: BudgetServer, seed_store: EmbeddedStore) -> None:
    """One IRI of each kind (the first path segment, two for concepts and graphs) of every IRI the
    store holds as a subject, an object or a graph name."""
    kinds: dict[str, str] = {}
    for quad in seed_store.store.quads_for_pattern(None, None, None, None):
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                parts = term.value.removeprefix(BASE).split("/")
                kinds.setdefault("/".join(parts[: 2 if parts[0] in ("concept", "graph") else 1]), term.value)
    assert {"region", "org", "project", "doc", "graph/doc", "graph/shared", "concept/function"} <= set(kinds)
    for iri in kinds.values():
        reply = fetch(f"{server.url}/id/{iri.removeprefix(BASE)}", "application/n-triples")
        assert reply.status == 200, iri
        statements = triples(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))
        node = ox.NamedNode(iri)
        assert statements, iri
        if not iri.startswith(BASE + "graph/"):
            assert all(node in (triple.subject, triple.object) for triple in statements), iri


def test_a_resource_named_but_not_described_shows_what_refers_to_it(
    server: BudgetServer, seed_store: EmbeddedStore
) -> None:
    solutions = seed_store.query(sparql("named-not-described"))
    assert isinstance(solutions, ox.QuerySolutions)
    found = [(row["resource"], row["references"]) for row in solutions]
    assert found, "the seeds hold codes missing from their code lists"
    for resource, references in found:
        assert isinstance(resource, ox.NamedNode) and isinstance(references, ox.Literal)
        path = f"{server.url}/id/{resource.value.removeprefix(BASE)}"
        reply = fetch(path, "text/turtle")
        assert reply.status == 200, resource
        referring = triples(ox.parse(reply.body, format=ox.RdfFormat.TURTLE))
        assert {triple.object for triple in referring} == {resource}
        assert 0 < len(referring) <= int(references.value)
        page = fetch(path, "text/html")
        assert page.status == 200 and "Statements that refer to it" in page.text


def test_a_graph_over_the_size_limit_is_refused_not_cut(seed_store: EmbeddedStore) -> None:
    graph = seed_store.document_graphs()[0].removeprefix("https://w3id.org/budgetkg/id/")
    for small in running(seed_store, ServeOptions(port=0, max_rows=100)):
        reply = fetch(f"{small.url}/id/{graph}", "application/n-triples")
        assert reply.status == 413 and "more than 100 triples" in reply.text


def test_the_page_templates_are_package_data() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["budgetkg.serve"]
    package = ROOT / "budgetkg" / "serve"
    declared = {path for pattern in patterns for path in package.glob(pattern)}
    templates = set((package / "templates").iterdir())
    assert templates == declared and len(templates) == 11
    code = "".join(path.read_text(encoding="utf-8") for path in package.glob("*.py"))
    used = set(re.findall(r'render\(\s*"([a-z-]+)"', code))
    pages = "".join(path.read_text(encoding="utf-8") for path in templates)
    used |= {Path(name).stem for name in re.findall(r'{% (?:extends|from) "([a-z-]+\.html)"', pages)}
    assert {path.stem for path in templates} == used


def test_accept_negotiation() -> None:
    offers = ["text/turtle", "application/ld+json", "text/html"]
    assert negotiate(None, offers) == "text/turtle"
    assert negotiate("*/*", offers) == "text/turtle"
    assert negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", offers) == "text/html"
    assert negotiate("application/ld+json;q=0.5, text/turtle;q=0.4", offers) == "application/ld+json"
    assert negotiate("text/*", offers) == "text/turtle"
    assert negotiate("image/png", offers) is None
    assert negotiate("text/turtle;q=0", offers) is None


# ---- the command


def test_the_serve_command(tmp_path: Path) -> None:
    """The command serves a store folder, reports a runaway aggregate at its time limit, and still
    stops at once when told to (the evaluation it cannot cancel does not hold it)."""
    folder = tmp_path / "kg"
    with EmbeddedStore(folder) as store:
        assert not build([SAMPLES_DIR / "sample_420103_126_2024.txt"], store).failed
    port = free_port()
    command = ["serve", "--store", str(folder), "--port", str(port), "--timeout", "1"]
    process = subprocess.Popen(
        [sys.executable, "-m", "budgetkg.cli", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        reply = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                reply = fetch(f"http://127.0.0.1:{port}/queries/documents?format=csv")
                break
            except urllib.error.URLError:
                time.sleep(0.2)
        assert reply is not None and reply.status == 200, process.stderr.read() if process.stderr else ""
        assert "sample_420103_126_2024.txt" in reply.text
        query = urllib.parse.urlencode({"query": sparql("count-pairs")})
        reply = fetch(f"http://127.0.0.1:{port}/sparql?{query}", "text/csv")
        assert reply.status == 503 and "time limit of 1 s" in reply.text
    finally:
        process.terminate()
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
            raise
    assert code == 0
