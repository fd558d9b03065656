"""``budgetkg serve``: the store over HTTP on 127.0.0.1.

Three kinds of resource:

``/sparql``
    A SPARQL 1.1 Protocol endpoint (GET, or POST as a form or as ``application/sparql-query``).
    Results as SPARQL JSON, XML, CSV or TSV for SELECT and ASK, as Turtle, N-Triples, JSON-LD or
    RDF/XML for CONSTRUCT and DESCRIBE, chosen by the Accept header.  The default graph is the union
    of all graphs, as for the saved questions.  Updates (POST ``application/sparql-update`` or a form
    field ``update``) are refused unless the server was started with an update token, and then need
    ``Authorization: Bearer TOKEN``.
``/queries`` and ``/queries/NAME?param=value``
    The saved questions: a list, and the answer of one as CSV, JSON or an HTML page (Accept, or
    ``?format=csv|json|html``).  Parameters are the question's parameters, typed as on the command
    line.
``/id/...``
    Every IRI under ``https://w3id.org/budgetkg/id/``: the statements about it as Turtle, JSON-LD,
    N-Triples, or an HTML page for people.

Every query runs under a time limit and a result-size limit.  Going over either gives an HTTP error
with a message (503 for the time limit, 413 for the size limit), never a silent partial answer.
A query that runs over its time is answered at once; its evaluation stops at its next result row.
"""

from __future__ import annotations

import csv
import hmac
import html
import io
import json
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pyoxigraph as ox

from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.output import as_csv, as_json
from budgetkg.params import Term, bind
from budgetkg.paths import QUERIES_DIR
from budgetkg.questions import SavedQuestion, catalogue, load_question, make_answer, term_value
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore

HOST = "127.0.0.1"
MAX_BODY = 10 * 1024 * 1024
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
PREFIXES = {
    "bkg": "https://w3id.org/budgetkg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_LABELS = {
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
}


@dataclass
class ServeOptions:
    """How the server runs."""

    port: int = 8000
    update_token: str | None = None
    timeout: float = 30.0
    max_rows: int = 100_000
    workers: int = 4


class HTTPProblem(Exception):
    """An answer other than 200: its status, a message for the client, and extra headers."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offered media type the Accept header prefers: by quality, then by how specific the match
    is, then by the order of the header and of the offers.  No header (or ``*/*``) gets the first offer."""
    if not accept or not accept.strip():
        return offers[0]
    best: tuple[tuple[float, int, int, int], str] | None = None
    for position, item in enumerate(accept.split(",")):
        parts = [part.strip() for part in item.split(";")]
        media = parts[0].lower()
        quality = 1.0
        for parameter in parts[1:]:
            if parameter.replace(" ", "").startswith("q="):
                try:
                    quality = float(parameter.split("=", 1)[1])
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        for index, offer in enumerate(offers):
            if media == "*/*":
                specificity = 0
            elif media.endswith("/*") and offer.startswith(media[:-1]):
                specificity = 1
            elif media == offer:
                specificity = 2
            else:
                continue
            key = (quality, specificity, -position, -index)
            if best is None or key > best[0]:
                best = (key, offer)
    return best[1] if best else None


# ---------------------------------------------------------------- result serialisation


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{html.escape(term.value, quote=False)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{html.escape(term.value, quote=False)}</bnode>"
    attributes = ""
    if term.language:
        attributes = f' xml:lang="{html.escape(term.language)}"'
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        attributes = f' datatype="{html.escape(term.datatype.value)}"'
    return f"<literal{attributes}>{html.escape(term.value, quote=False)}</literal>"


def serialize_solutions(variables: list[str], rows: list[tuple[Term | None, ...]], media: str) -> bytes:
    """SELECT results in one of the four SPARQL result formats."""
    kind = RESULT_FORMATS[media]
    if kind == ox.QueryResultsFormat.JSON:
        bindings = [
            {name: _json_term(cell) for name, cell in zip(variables, row, strict=True) if cell is not None}
            for row in rows
        ]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    if kind == ox.QueryResultsFormat.XML:
        lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        lines += [f'<variable name="{html.escape(name)}"/>' for name in variables]
        lines += ["</head>", "<results>"]
        for row in rows:
            cells = "".join(
                f'<binding name="{html.escape(name)}">{_xml_term(cell)}</binding>'
                for name, cell in zip(variables, row, strict=True)
                if cell is not None
            )
            lines.append(f"<result>{cells}</result>")
        lines += ["</results>", "</sparql>"]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if kind == ox.QueryResultsFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if cell is None else _csv_text(cell) for cell in row])
        return buffer.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines += ["\t".join("" if cell is None else str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv_text(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def serialize_boolean(value: bool, media: str) -> bytes:
    """An ASK result in SPARQL JSON or XML."""
    if RESULT_FORMATS[media] == ox.QueryResultsFormat.XML:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def serialize_triples(triples: list[ox.Triple], media: str) -> bytes:
    """Triples as Turtle, N-Triples, JSON-LD or RDF/XML."""
    kind = GRAPH_FORMATS[media]
    prefixes = PREFIXES if kind in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    data = (
        ox.serialize(triples, format=kind, prefixes=prefixes)
        if prefixes
        else ox.serialize(triples, format=kind)
    )
    return data if isinstance(data, bytes) else b""


# ---------------------------------------------------------------- bounded evaluation


@dataclass
class Outcome:
    """What a bounded evaluation produced."""

    kind: str  # "solutions", "boolean" or "triples"
    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    triples: list[ox.Triple]
    boolean: bool = False


def _collect(result: Any, max_rows: int, cancelled: threading.Event) -> Outcome:
    """Read a query result row by row, stopping past the row limit or when the request gave up."""
    if isinstance(result, ox.QueryBoolean):
        return Outcome("boolean", [], [], [], bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [variable.value for variable in result.variables]
        rows: list[tuple[Term | None, ...]] = []
        for solution in result:
            if cancelled.is_set():
                break
            cells: list[Term | None] = []
            for name in variables:
                cell = solution[name]
                if isinstance(cell, ox.Triple):
                    raise QueryError("quoted triples cannot be returned")
                cells.append(cell)
            rows.append(tuple(cells))
            if len(rows) > max_rows:
                break
        return Outcome("solutions", variables, rows, [])
    triples: list[ox.Triple] = []
    for triple in result:
        if cancelled.is_set():
            break
        triples.append(triple)
        if len(triples) > max_rows:
            break
    return Outcome("triples", [], [], triples)


class Evaluator:
    """Runs queries on a small pool of threads, each under the time and size limits."""

    def __init__(self, store: EmbeddedStore, options: ServeOptions) -> None:
        self.store = store
        self.options = options
        self.pool = ThreadPoolExecutor(max_workers=options.workers, thread_name_prefix="budgetkg-query")

    def run(self, start: Callable[[], Any]) -> Outcome:
        """Evaluate ``start()`` (a pyoxigraph query) within the limits, or raise HTTPProblem."""
        cancelled = threading.Event()

        def work() -> Outcome:
            return _collect(start(), self.options.max_rows, cancelled)

        future = self.pool.submit(work)
        try:
            outcome = future.result(timeout=self.options.timeout)
        except FutureTimeout as error:
            cancelled.set()
            raise HTTPProblem(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran over the server's time limit of {self.options.timeout:g} s and was stopped; "
                "narrow it (parameters, LIMIT) or ask the operator for a longer --timeout",
            ) from error
        except SyntaxError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"malformed query: {error}") from error
        except (QueryError, ValueError, RuntimeError, OSError) as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"the query failed: {error}") from error
        size = len(outcome.rows) if outcome.kind == "solutions" else len(outcome.triples)
        if size > self.options.max_rows:
            unit = "rows" if outcome.kind == "solutions" else "triples"
            raise HTTPProblem(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the result has more than {self.options.max_rows} {unit}, the server's result-size limit; "
                "add LIMIT or narrow the query",
                {"X-Result-Limit": str(self.options.max_rows)},
            )
        return outcome

    def close(self) -> None:
        """Let running evaluations finish in the background; take no new ones."""
        self.pool.shutdown(wait=False, cancel_futures=True)


# ---------------------------------------------------------------- HTML


def _page(title: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
        "th{background:#f3f3f3}.num{text-align:right}code{background:#f6f6f6}</style></head>"
        f"<body>{body}</body></html>\n"
    ).encode()


def _link(term: Term | None, label: str | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = html.escape(label or term.value)
        if term.value.startswith(iris.BASE):
            return f'<a href="/id/{html.escape(term.value[len(iris.BASE) :])}">{text}</a>'
        return f'<a href="{html.escape(term.value)}">{text}</a>'
    if isinstance(term, ox.BlankNode):
        return html.escape(f"_:{term.value}")
    suffix = f" <small>@{html.escape(term.language)}</small>" if term.language else ""
    return html.escape(term.value) + suffix


def _table(columns: list[str], rows: list[dict[str, str | None]]) -> str:
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    lines = []
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            text = "" if value is None else value
            numeric = text.replace(".", "", 1).lstrip("-").isdigit() and column not in (
                "region_code",
                "fiscal_year",
            )
            cells.append(f"<td{' class=num' if numeric else ''}>{html.escape(text)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


# ---------------------------------------------------------------- HTTP


class BudgetServer(ThreadingHTTPServer):
    """The HTTP server, holding the store and the evaluator."""

    daemon_threads = True

    def __init__(self, store: EmbeddedStore, options: ServeOptions) -> None:
        self.store = store
        self.options = options
        self.evaluator = Evaluator(store, options)
        self.describe = load_question(QUERIES_DIR / "internal" / "describe.rq")
        self.describe_labels = load_question(QUERIES_DIR / "internal" / "describe-labels.rq")
        super().__init__((HOST, options.port), Handler)

    @property
    def url(self) -> str:
        """The base URL the server answers on."""
        return f"http://{HOST}:{self.server_address[1]}"

    def server_close(self) -> None:
        """Stop the evaluator as well."""
        self.evaluator.close()
        super().server_close()


class Handler(BaseHTTPRequestHandler):
    """One request."""

    server: BudgetServer
    server_version = "budgetkg"

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    # ---- plumbing

    def _send(
        self, status: HTTPStatus, body: bytes, media: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
        self.send_header("Content-Type", media + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _problem(self, problem: HTTPProblem) -> None:
        body = f"{problem.status.value} {problem.status.phrase}: {problem.message}\n".encode()
        self._send(problem.status, body, "text/plain", problem.headers)

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
        except ValueError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, "malformed Content-Length") from error
        if size > MAX_BODY:
            raise HTTPProblem(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        return self.rfile.read(size)

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        try:
            if parts.path == "/sparql":
                self._sparql(parts.query)
            elif parts.path in ("/", ""):
                self._index()
            elif parts.path in ("/queries", "/queries/"):
                self._question_list()
            elif parts.path.startswith("/queries/"):
                self._question(parts.path[len("/queries/") :], parts.query)
            elif parts.path.startswith("/id/"):
                self._resource(parts.path[len("/id/") :])
            else:
                raise HTTPProblem(HTTPStatus.NOT_FOUND, f"nothing at {parts.path}; see / for what there is")
        except HTTPProblem as problem:
            self._problem(problem)
        except BudgetKGError as error:
            self._problem(HTTPProblem(HTTPStatus.BAD_REQUEST, str(error)))

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    # ---- /sparql

    def _sparql(self, query_string: str) -> None:
        fields = parse_qs(query_string, keep_blank_values=True)
        query: str | None = None
        update: str | None = None
        if self.command == "POST":
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if media == "application/sparql-query":
                query = body.decode("utf-8")
            elif media == "application/sparql-update":
                update = body.decode("utf-8")
            elif media == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                for name, values in form.items():
                    fields.setdefault(name, []).extend(values)
            else:
                raise HTTPProblem(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST application/sparql-query, application/sparql-update or a form",
                )
        if query is None and "query" in fields:
            query = fields["query"][0]
        if update is None and "update" in fields:
            if self.command != "POST":
                raise HTTPProblem(HTTPStatus.METHOD_NOT_ALLOWED, "updates must be sent by POST")
            update = fields["update"][0]
        if update is not None:
            self._update(update)
        elif query is not None:
            self._query(query, fields)
        else:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, "give a 'query' (or, by POST, an 'update')")

    def _update(self, text: str) -> None:
        token = self.server.options.update_token
        if token is None:
            raise HTTPProblem(
                HTTPStatus.FORBIDDEN, "this endpoint is read-only (started without --update-token)"
            )
        given = self.headers.get("Authorization") or ""
        expected = f"Bearer {token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPProblem(
                HTTPStatus.UNAUTHORIZED,
                "updates need the header 'Authorization: Bearer TOKEN' with the server's update token",
                {"WWW-Authenticate": 'Bearer realm="budgetkg"'},
            )
        try:
            self.server.store.store.update(text)
        except SyntaxError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"malformed update: {error}") from error
        except (ValueError, RuntimeError, OSError) as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"the update failed: {error}") from error
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

    def _query(self, text: str, fields: dict[str, list[str]]) -> None:
        try:
            default_graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
                ox.NamedNode(uri) for uri in fields.get("default-graph-uri", [])
            ]
            named_graphs: list[ox.NamedNode | ox.BlankNode] = [
                ox.NamedNode(uri) for uri in fields.get("named-graph-uri", [])
            ]
        except ValueError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"malformed graph IRI: {error}") from error
        store = self.server.store.store

        def start() -> Any:
            if default_graphs or named_graphs:
                return store.query(
                    text, default_graph=default_graphs or None, named_graphs=named_graphs or None
                )
            return store.query(text, use_default_graph_as_union=True)

        outcome = self.server.evaluator.run(start)
        accept = self.headers.get("Accept")
        if outcome.kind == "triples":
            media = negotiate(accept, list(GRAPH_FORMATS))
            if media is None:
                raise HTTPProblem(HTTPStatus.NOT_ACCEPTABLE, "graphs come as " + ", ".join(GRAPH_FORMATS))
            self._send(HTTPStatus.OK, serialize_triples(outcome.triples, media), media)
            return
        offers = list(RESULT_FORMATS)
        if outcome.kind == "boolean":
            offers = [media for media in offers if RESULT_FORMATS[media] != ox.QueryResultsFormat.CSV]
            offers = [media for media in offers if RESULT_FORMATS[media] != ox.QueryResultsFormat.TSV]
        media = negotiate(accept, offers)
        if media is None:
            raise HTTPProblem(HTTPStatus.NOT_ACCEPTABLE, "results come as " + ", ".join(offers))
        if outcome.kind == "boolean":
            self._send(HTTPStatus.OK, serialize_boolean(outcome.boolean, media), media)
        else:
            self._send(HTTPStatus.OK, serialize_solutions(outcome.variables, outcome.rows, media), media)

    # ---- pages and saved questions

    def _index(self) -> None:
        body = (
            "<h1>budgetkg</h1><p>Budget disclosures as a knowledge graph.</p><ul>"
            '<li><a href="/queries">Saved questions</a> (CSV, JSON or HTML)</li>'
            "<li><code>/sparql</code>: SPARQL 1.1 endpoint (GET or POST; JSON, XML, CSV, TSV)</li>"
            f"<li><code>/id/…</code>: every resource under <code>{html.escape(iris.BASE)}</code></li></ul>"
        )
        self._send(HTTPStatus.OK, _page("budgetkg", body), "text/html")

    def _question_list(self) -> None:
        questions = catalogue()
        media = negotiate(self.headers.get("Accept"), ["application/json", "text/html"])
        if media == "text/html":
            items = "".join(
                f'<li><a href="/queries/{quote(name)}">{html.escape(name)}</a>: '
                f"{html.escape(question.title)}</li>"
                for name, question in questions.items()
            )
            self._send(
                HTTPStatus.OK, _page("Saved questions", f"<h1>Saved questions</h1><ul>{items}</ul>"), media
            )
            return
        listing = [
            {
                "name": name,
                "title": question.title,
                "description": question.description,
                "parameters": [
                    {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                    for p in question.parameters
                ],
                "url": f"/queries/{quote(name)}",
            }
            for name, question in questions.items()
        ]
        self._send(
            HTTPStatus.OK, json.dumps(listing, ensure_ascii=False, indent=2).encode(), "application/json"
        )

    def _question(self, name: str, query_string: str) -> None:
        questions = catalogue()
        if name not in questions:
            raise HTTPProblem(HTTPStatus.NOT_FOUND, f"no saved question named {name!r}; see /queries")
        question = questions[name]
        fields = parse_qs(query_string, keep_blank_values=True)
        wanted = fields.pop("format", [""])[0].lower()
        params = {key: values[-1] for key, values in fields.items() if values and values[-1] != ""}
        offers = {"csv": "text/csv", "json": "application/json", "html": "text/html"}
        if wanted:
            if wanted not in offers:
                raise HTTPProblem(HTTPStatus.BAD_REQUEST, "format must be csv, json or html")
            media: str | None = offers[wanted]
        else:
            media = negotiate(self.headers.get("Accept"), ["application/json", "text/csv", "text/html"])
        if media is None:
            raise HTTPProblem(
                HTTPStatus.NOT_ACCEPTABLE, "answers come as application/json, text/csv or text/html"
            )
        bound = bind(question.name, question.parameters, params)
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(variable): term for variable, term in bound.items()
        }
        outcome = self.server.evaluator.run(lambda: self.server.store.query(question.text, substitutions))
        if outcome.kind != "solutions":
            raise HTTPProblem(HTTPStatus.INTERNAL_SERVER_ERROR, f"{name} is not a SELECT question")
        answer = make_answer(question, outcome.variables, outcome.rows)
        rows = answer.text_rows()
        if media == "text/csv":
            self._send(HTTPStatus.OK, as_csv(answer.columns, rows).encode("utf-8"), media)
        elif media == "application/json":
            self._send(HTTPStatus.OK, as_json(answer.columns, rows).encode("utf-8"), media)
        else:
            self._send(HTTPStatus.OK, self._question_page(question, params, answer.columns, rows), media)

    def _question_page(
        self,
        question: SavedQuestion,
        params: dict[str, str],
        columns: list[str],
        rows: list[dict[str, str | None]],
    ) -> bytes:
        inputs = "".join(
            f'<label>{html.escape(p.name)} <input name="{html.escape(p.name)}" '
            f'value="{html.escape(params.get(p.name, ""))}" placeholder="{html.escape(p.type)}" '
            f'title="{html.escape(p.description)}"></label> '
            for p in question.parameters
        )
        form = f'<form method="get">{inputs}<button>ask</button></form>' if question.parameters else ""
        chosen = "&".join(f"{quote(key)}={quote(value)}" for key, value in params.items())
        prefix = f"/queries/{quote(question.name)}?{chosen}{'&' if chosen else ''}"
        links = " ".join(f'<a href="{prefix}format={kind}">{kind.upper()}</a>' for kind in ("csv", "json"))
        body = (
            f"<h1>{html.escape(question.title)}</h1><p>{html.escape(question.description)}</p>{form}"
            f"<p>{len(rows)} row{'s' if len(rows) != 1 else ''} · {links} · amounts in 万元</p>"
            + _table(columns, rows)
        )
        return _page(question.title, body)

    # ---- /id/...

    def _resource(self, rest: str) -> None:
        iri = iris.BASE + rest
        try:
            node = ox.NamedNode(iri)
        except ValueError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"not an IRI: {iri}") from error
        media = negotiate(
            self.headers.get("Accept"),
            ["text/turtle", "application/ld+json", "application/n-triples", "text/html"],
        )
        if media is None:
            raise HTTPProblem(
                HTTPStatus.NOT_ACCEPTABLE, "descriptions come as text/turtle, application/ld+json, text/html"
            )
        resource = {ox.Variable("resource"): node}
        if media == "text/html":
            outcome = self.server.evaluator.run(
                lambda: self.server.store.query(self.server.describe_labels.text, dict(resource))
            )
            if not outcome.rows:
                raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store says nothing about {iri}")
            self._send(HTTPStatus.OK, self._resource_page(node, outcome), media)
            return
        outcome = self.server.evaluator.run(
            lambda: self.server.store.query(self.server.describe.text, dict(resource))
        )
        if not outcome.triples:
            raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store says nothing about {iri}")
        self._send(HTTPStatus.OK, serialize_triples(outcome.triples, media), media)

    def _resource_page(self, node: ox.NamedNode, outcome: Outcome) -> bytes:
        names = outcome.variables
        records = [dict(zip(names, row, strict=True)) for row in outcome.rows]
        title = node.value
        for record in records:
            prop, value = record.get("property"), record.get("value")
            if isinstance(prop, ox.NamedNode) and prop.value in _LABELS and isinstance(value, ox.Literal):
                title = value.value
                if value.language == "zh":
                    break
        lines = []
        for record in records:
            prop_label = term_value(record.get("property_zh") or record.get("property_any"))
            value_label = term_value(record.get("value_zh") or record.get("value_any"))
            lines.append(
                f"<tr><td>{_link(record.get('property'), prop_label)}</td>"
                f"<td>{_link(record.get('value'), value_label)}</td></tr>"
            )
        alternates = " ".join(
            f'<a href="/id/{html.escape(node.value[len(iris.BASE) :])}" type="{media}">{label}</a>'
            for media, label in (("text/turtle", "Turtle"), ("application/ld+json", "JSON-LD"))
        )
        body = (
            f"<h1>{html.escape(title)}</h1><p><code>{html.escape(node.value)}</code></p>"
            f"<p>Also as {alternates} (HTTP Accept header).</p>"
            f"<table><thead><tr><th>property</th><th>value</th></tr></thead><tbody>{''.join(lines)}</tbody></table>"
        )
        return _page(title, body)


def make_server(store: EmbeddedStore, options: ServeOptions) -> BudgetServer:
    """A server bound to 127.0.0.1 (port 0 picks a free one); call ``serve_forever`` to run it."""
    return BudgetServer(store, options)


def serve(path: Path, options: ServeOptions) -> None:
    """Open the store (read-only unless updates are allowed) and serve it until interrupted."""
    store = EmbeddedStore(path, read_only=options.update_token is None)
    try:
        server = make_server(store, options)
    except OSError as error:
        store.close()
        raise BudgetKGError(f"cannot listen on {HOST}:{options.port}: {error}") from error
    mode = "updates with the bearer token" if options.update_token else "read-only"
    print(f"serving {path} at {server.url}/ ({mode}); Ctrl-C stops", flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        store.close()
