"""Saved questions on a remote SPARQL 1.1 endpoint, with the same answers as on the embedded store.

The embedded store answers over the union of its graphs.  A server is asked over the same graphs in
one of two ways:

* the dataset listed in the protocol (the default, safe on every server): one ``default-graph-uri``
  and one ``named-graph-uri`` parameter for each of the project's graphs (every graph holding a
  document or its findings, found with ``queries/internal/project-graphs.rq``, plus the region
  summaries and the shared, ontology and code-list graphs).  Both Oxigraph server and Virtuoso merge
  the default graphs into the query's default graph, and GRAPH patterns see the named ones. Virtuoso
  needs it: its own default graph includes its system graphs.  The price is a first request that
  lists the graphs, and, on Oxigraph server, questions that slow down with the number of listed
  graphs (past 20 s for most questions at 1,000 documents).  Virtuoso echoes every listed graph as
  a response header (two lines a graph), past the 100 lines Python's ``http.client`` accepts, so
  that limit is raised while such a request runs (:func:`_headers_allowed`);
* no dataset at all (``Endpoint.union_default_graph``), for a server whose default graph is the
  union of its named graphs: Oxigraph server started with ``--union-default-graph``, and Virtuoso,
  whose default graph is every graph it holds.  Neither parameter is sent and the graphs are not
  listed; on a store of many documents this is much faster, and on Virtuoso it is the way to ask (a
  listed dataset makes it plan every pattern over the list).  Virtuoso's own system graphs use
  none of the project's vocabulary, so the answers are the same as long as it holds no other copy
  of the project's graphs (tested on every saved question).  On a server whose default graph is
  something else (Oxigraph server without the flag: its own default graph, which push leaves
  empty) the answers would be empty, so this mode is only used when asked for.

The question text is sent as it is (without its header comments), except for its parameters: they
are bound by a ``VALUES`` block placed last in the outermost group pattern, written from typed terms
by :func:`budgetkg.params.sparql_term`, with ``UNDEF`` for the parameters not given.

Requests go through SPARQLWrapper, by POST (a thousand graph names do not fit in a URL), with an
explicit ``Accept: application/sparql-results+json``.  Every failure is a :class:`QueryError` that
names the endpoint and the reason: connection refused, HTTP status (401 = credentials), timeout,
results that are not SPARQL JSON, and results cut short by a server limit: Virtuoso's
``ResultSetMaxRows``, which it only reports in the ``X-SPARQL-MaxRows`` header of an HTTP 200, and
its time limit (``MaxQueryExecutionTime``), past which it answers with the rows found so far, again
with HTTP 200, saying so only in its ``X-SQL-State`` and ``X-SQL-Message`` headers.
"""

from __future__ import annotations

import http.client
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Any, ClassVar, cast

import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from budgetkg.choices import AUTH_NAMES
from budgetkg.connection import Connection, network_reason
from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.params import Term, bind, values_block, with_values
from budgetkg.paths import QUERIES_DIR
from budgetkg.questions import Answer, SavedQuestion, load_question, make_answer
from budgetkg.rdf import iris

RESULTS_JSON = "application/sparql-results+json"
FIXED_GRAPHS = (iris.SUMMARY_GRAPH, iris.SHARED_GRAPH, iris.ONTOLOGY_GRAPH, iris.CODELIST_GRAPH)
AUTH_SCHEMES = dict(zip(AUTH_NAMES, (BASIC, DIGEST), strict=True))
_SNIPPET = 300
HEADERS_PER_GRAPH = 2
"""Virtuoso echoes each graph of a listed dataset as a response header, once as a default graph and
once as a named one."""
HEADERS_BESIDE_GRAPHS = 100
_header_limit_lock = threading.Lock()
_header_limit_users = 0
_header_limit_before = http.client._MAXHEADERS  # type: ignore[attr-defined]


@contextmanager
def _headers_allowed(count: int) -> Iterator[None]:
    """Let the answers of requests made inside the block carry ``count`` headers and more.

    Python's ``http.client`` refuses an answer of more than 100 header lines (``_MAXHEADERS``, read
    by the module at every answer and set nowhere else); Virtuoso sends two for each graph of a
    listed dataset.  The limit is raised only while such a request runs, and put back when the
    last of them (several threads may ask at once) is done.
    """
    global _header_limit_users, _header_limit_before
    needed = count + HEADERS_BESIDE_GRAPHS
    with _header_limit_lock:
        current: int = http.client._MAXHEADERS  # type: ignore[attr-defined]
        if _header_limit_users == 0:
            _header_limit_before = current
        _header_limit_users += 1
        http.client._MAXHEADERS = max(current, needed)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        with _header_limit_lock:
            _header_limit_users -= 1
            if _header_limit_users == 0:
                http.client._MAXHEADERS = _header_limit_before  # type: ignore[attr-defined]


@dataclass
class Endpoint(Connection):
    """A SPARQL 1.1 query endpoint and how to reach it."""

    error_type: ClassVar[type[BudgetKGError]] = QueryError

    graphs: list[str] | None = field(default=None)
    """The dataset; found on the endpoint at the first question when None."""

    union_default_graph: bool = False
    """The server's default graph already is the union of its named graphs: no dataset is sent."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.union_default_graph and self.graphs is not None:
            raise self.error_type(
                f"{self.url}: a listed dataset (graphs) and a union default graph exclude each other"
            )


def _fail(endpoint: Endpoint, reason: str) -> QueryError:
    return QueryError(f"SPARQL endpoint {endpoint.url}: {reason}")


def _body_snippet(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= _SNIPPET else text[:_SNIPPET] + " …"


def _term(cell: Any, endpoint: Endpoint) -> Term:
    """A SPARQL JSON binding as a typed term (accepting Virtuoso's older ``typed-literal``)."""
    if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
        raise _fail(endpoint, f"malformed results: a binding is not a SPARQL JSON term: {cell!r:.200}")
    kind, value = cell.get("type"), cell["value"]
    try:
        if kind == "uri":
            return ox.NamedNode(value)
        if kind == "bnode":
            return ox.BlankNode(value)
        if kind in ("literal", "typed-literal"):
            if "xml:lang" in cell:
                return ox.Literal(value, language=str(cell["xml:lang"]))
            if "datatype" in cell:
                return ox.Literal(value, datatype=ox.NamedNode(str(cell["datatype"])))
            return ox.Literal(value)
    except ValueError as error:
        raise _fail(endpoint, f"malformed results: {error}") from error
    raise _fail(endpoint, f"malformed results: unknown term type {kind!r}")


def _parse(endpoint: Endpoint, body: bytes) -> tuple[list[str], list[tuple[Term | None, ...]]]:
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _fail(endpoint, f"malformed results: not JSON ({error})") from error
    try:
        variables = document["head"]["vars"]
        bindings = document["results"]["bindings"]
    except (KeyError, TypeError) as error:
        raise _fail(
            endpoint, "malformed results: no head.vars and results.bindings (not a SELECT answer)"
        ) from error
    if not isinstance(variables, list) or not all(isinstance(name, str) for name in variables):
        raise _fail(endpoint, "malformed results: head.vars is not a list of names")
    if not isinstance(bindings, list):
        raise _fail(endpoint, "malformed results: results.bindings is not a list")
    rows: list[tuple[Term | None, ...]] = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise _fail(endpoint, "malformed results: a solution is not a JSON object")
        rows.append(tuple(_term(binding[name], endpoint) if name in binding else None for name in variables))
    return variables, rows


def select(
    endpoint: Endpoint, text: str, default_graphs: list[str] | None = None
) -> tuple[list[str], list[tuple[Term | None, ...]]]:
    """Send a SELECT query; return its variables and rows of typed terms, or raise a QueryError."""
    wrapper = SPARQLWrapper(endpoint.url)
    wrapper.setQuery(text)
    # SPARQLWrapper guesses the query form from keywords and can take a word of a comment for one
    # ("added" for ADD, which it then sends as an update); this function only sends SELECT queries.
    wrapper.queryType = SELECT
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setReturnFormat(JSON)
    wrapper.setOnlyConneg(True)
    wrapper.addCustomHttpHeader("Accept", RESULTS_JSON)
    # Set directly: setTimeout() truncates to whole seconds (0.5 would become 0, no timeout at all).
    wrapper.timeout = cast(int, endpoint.timeout)
    for graph in default_graphs or []:
        wrapper.addParameter("default-graph-uri", graph)
        # and as named graphs, so that GRAPH patterns see them too (as on the embedded store)
        wrapper.addParameter("named-graph-uri", graph)
    if endpoint.user is not None:
        wrapper.setHTTPAuth(AUTH_SCHEMES[endpoint.auth])
        wrapper.setCredentials(endpoint.user, endpoint.password or "")
    try:
        with _headers_allowed(HEADERS_PER_GRAPH * len(default_graphs or [])):
            result = wrapper.query()
            response = result.response
            headers = response.info()
            body: bytes = response.read()
    except SPARQLWrapperException as error:
        raise _fail(endpoint, _wrapper_reason(error)) from error
    except urllib.error.HTTPError as error:
        raise _fail(endpoint, f"HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise _fail(endpoint, network_reason(error.reason, endpoint.timeout)) from error
    except TimeoutError as error:
        raise _fail(endpoint, network_reason(error, endpoint.timeout)) from error
    except (ConnectionError, HTTPException, OSError) as error:
        raise _fail(endpoint, f"connection failed: {error}") from error
    finally:
        if endpoint.user is not None and endpoint.auth == "digest":
            # SPARQLWrapper installs a process-wide urllib opener for Digest; put the default back.
            urllib.request.install_opener(None)
    content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type and content_type not in (RESULTS_JSON, "application/json"):
        raise _fail(endpoint, f"malformed results: the answer is {content_type}, not {RESULTS_JSON}")
    variables, rows = _parse(endpoint, body)
    interrupted = headers.get("X-SQL-State")
    if interrupted is not None and interrupted.strip():
        message = " ".join((headers.get("X-SQL-Message") or "").split())
        state = f"{interrupted.strip()}: {message}" if message else interrupted.strip()
        raise _fail(
            endpoint,
            f"the server stopped the query before its end and sent what it had found so far (X-SQL-State "
            f"{state}; for Virtuoso, MaxQueryExecutionTime in virtuoso.ini): the answer may be incomplete, "
            "so none is given. Raise the limit or narrow the question with parameters",
        )
    limit = headers.get("X-SPARQL-MaxRows")
    if limit is not None and limit.strip().isdigit() and len(rows) >= int(limit):
        raise _fail(
            endpoint,
            f"the server cut the answer at its row limit of {int(limit)} (X-SPARQL-MaxRows; for Virtuoso, "
            "ResultSetMaxRows in virtuoso.ini): the answer may be longer, so none is given. Raise the limit "
            "or narrow the question with parameters",
        )
    return variables, rows


def _wrapper_reason(error: SPARQLWrapperException) -> str:
    name = type(error).__name__
    status = {
        "Unauthorized": "HTTP 401 Unauthorized: the endpoint wants credentials (--user, --password, --auth)",
        "QueryBadFormed": "HTTP 400 Bad Request: the endpoint rejected the query",
        "EndPointNotFound": "HTTP 404 Not Found: no SPARQL endpoint at this URL",
        "URITooLong": "HTTP 414 URI Too Long",
        "EndPointInternalError": "HTTP 500: the endpoint failed on the query",
    }.get(name, name)
    detail = _body_snippet(error).split("Response:", 1)[-1].strip()
    return f"{status}: {detail}" if detail else status


def project_graphs(endpoint: Endpoint) -> list[str]:
    """The project's graphs on the endpoint: every document graph, then the shared and reference graphs."""
    if endpoint.graphs is not None:
        return endpoint.graphs
    question = load_question(QUERIES_DIR / "internal" / "project-graphs.rq")
    variables, rows = select(endpoint, question.text)
    if "graph" not in variables:
        raise _fail(endpoint, "malformed results: the list of graphs has no 'graph' column")
    index = variables.index("graph")
    documents = sorted(
        {cell.value for cell in (row[index] for row in rows) if isinstance(cell, ox.NamedNode)}
    )
    endpoint.graphs = [*documents, *FIXED_GRAPHS]
    return endpoint.graphs


def remote_text(question: SavedQuestion, bound: Mapping[str, Term]) -> str:
    """The question as sent: without its header comments, its parameters bound by a VALUES block."""
    return with_values(question.body, values_block(question.parameters, bound))


def run_remote(
    endpoint: Endpoint, question: SavedQuestion, params: Mapping[str, object] | None = None
) -> Answer:
    """Answer a saved question on a remote endpoint, over the union of the project's graphs: listed
    in the request, or the server's own default graph when it is that union."""
    bound = bind(question.name, question.parameters, params)
    graphs = None if endpoint.union_default_graph else project_graphs(endpoint)
    variables, rows = select(endpoint, remote_text(question, bound), graphs)
    return make_answer(question, variables, rows)
