"""Copy the store to a SPARQL server with the Graph Store Protocol: one PUT per named graph.

PUT replaces a graph, so pushing the same store twice leaves one copy of every statement, and a
document built again replaces its graph on the server as it does in the store.  Every document graph
is pushed, then the shared graph, the ontology and the code lists.  With ``prune``, document graphs
the server holds but the store no longer does are deleted (found through the query endpoint).

Servers differ in where the Graph Store Protocol lives; :func:`graph_store_url` guesses it from the
query endpoint for the two servers the tests run (Oxigraph: ``/query`` → ``/store``; Virtuoso:
``/sparql`` → ``/sparql-graph-crud-auth``, which wants HTTP Digest authentication), and
``--graph-store`` names it for any other.  :func:`graph_param_for` names the graph parameter
(Virtuoso's ``graph-uri``, else ``graph``) unless ``--graph-param`` does.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import pyoxigraph as ox

from budgetkg.connection import Connection, network_reason
from budgetkg.errors import BudgetKGError, StoreError
from budgetkg.rdf import iris
from budgetkg.remote import Endpoint, project_graphs
from budgetkg.store import EmbeddedStore

NTRIPLES = "application/n-triples"
_REFERENCE_ORDER = (iris.SUMMARY_GRAPH, iris.SHARED_GRAPH, iris.ONTOLOGY_GRAPH, iris.CODELIST_GRAPH)


@dataclass
class GraphStore(Connection):
    """A Graph Store Protocol endpoint and how to reach it."""

    error_type: ClassVar[type[BudgetKGError]] = StoreError

    timeout: float = 300.0
    graph_param: str = "graph"


@dataclass
class PushReport:
    """What a push did."""

    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    deleted: list[str] = field(default_factory=list)


def graph_store_url(query_url: str, with_credentials: bool) -> str:
    """The Graph Store Protocol URL beside a query endpoint, for Oxigraph server and Virtuoso."""
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        new_path = path[: -len("/query")] + "/store"
    elif path.endswith(("/sparql", "/sparql-auth")):
        base = path.rsplit("/", 1)[0]
        new_path = base + ("/sparql-graph-crud-auth" if with_credentials else "/sparql-graph-crud")
    else:
        raise StoreError(
            f"cannot tell where the Graph Store Protocol of {query_url} is: give it with --graph-store URL"
        )
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))


def graph_param_for(graph_store: str) -> str:
    """The name of the graph parameter: Virtuoso's own ``graph-uri`` on its graph CRUD endpoints,
    the protocol's ``graph`` anywhere else."""
    path = urllib.parse.urlsplit(graph_store).path.rstrip("/")
    return "graph-uri" if path.endswith(("/sparql-graph-crud", "/sparql-graph-crud-auth")) else "graph"


def _digest_authorization(challenge: str, method: str, uri: str, user: str, password: str) -> str:
    """The Authorization header answering an HTTP Digest challenge (RFC 7616, MD5 or SHA-256, qop=auth)."""
    if not challenge.lower().startswith("digest "):
        raise ValueError(f"the server asks for {challenge.split(' ', 1)[0]} authentication, not Digest")
    fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[len("digest ") :]))
    algorithm = fields.get("algorithm", "MD5").upper()
    hashes = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
    if algorithm not in hashes:
        raise ValueError(f"unsupported Digest algorithm {algorithm}")

    def digest(text: str) -> str:
        return hashes[algorithm](text.encode("utf-8")).hexdigest()

    realm, nonce = fields.get("realm", ""), fields.get("nonce", "")
    first = digest(f"{user}:{realm}:{password}")
    second = digest(f"{method}:{uri}")
    parts = [
        f'username="{user}"',
        f'realm="{realm}"',
        f'nonce="{nonce}"',
        f'uri="{uri}"',
        f"algorithm={algorithm}",
    ]
    qops = [item.strip() for item in fields.get("qop", "").split(",") if item.strip()]
    if "auth" in qops:
        cnonce, count = secrets.token_hex(8), "00000001"
        parts += ["qop=auth", f"nc={count}", f'cnonce="{cnonce}"']
        parts.append(f'response="{digest(f"{first}:{nonce}:{count}:{cnonce}:auth:{second}")}"')
    else:
        parts.append(f'response="{digest(f"{first}:{nonce}:{second}")}"')
    if "opaque" in fields:
        parts.append(f'opaque="{fields["opaque"]}"')
    return "Digest " + ", ".join(parts)


def _send(request: urllib.request.Request, timeout: float) -> None:
    with urllib.request.build_opener().open(request, timeout=timeout) as response:
        response.read()


def _challenge(url: str, timeout: float) -> str | None:
    """The Digest challenge of ``url``, asked for with a HEAD request (so no body is sent twice)."""
    try:
        _send(urllib.request.Request(url, method="HEAD"), timeout)
    except urllib.error.HTTPError as error:
        if error.code == 401:
            return error.headers.get("WWW-Authenticate")
        return None
    return None


def _request(target: GraphStore, method: str, graph: str, body: bytes | None) -> None:
    """One Graph Store Protocol request; a StoreError names the server, the graph and the reason.

    Credentials go with the request itself: Basic at once, Digest after a HEAD request that fetches
    the challenge.  (Sending a large body first and being refused makes Virtuoso reset the
    connection instead of answering 401.)
    """
    query = urllib.parse.urlencode({target.graph_param: graph})
    url = f"{target.url}?{query}"
    request = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", NTRIPLES)
    where = f"Graph Store {target.url}: {method} {graph}"
    try:
        if target.user is not None and target.auth == "basic":
            token = base64.b64encode(f"{target.user}:{target.password or ''}".encode()).decode("ascii")
            request.add_header("Authorization", f"Basic {token}")
        elif target.user is not None:
            challenge = _challenge(url, target.timeout)
            if challenge is not None:
                parts = urllib.parse.urlsplit(url)
                authorization = _digest_authorization(
                    challenge, method, f"{parts.path}?{parts.query}", target.user, target.password or ""
                )
                request.add_header("Authorization", authorization)
        _send(request, target.timeout)
    except ValueError as error:
        raise StoreError(f"{where}: {error}") from error
    except urllib.error.HTTPError as error:
        if method == "DELETE" and error.code == 404:
            return
        if method == "HEAD" and error.code in (404, 405, 501):
            # A server that does not do HEAD still checks the credentials first: they were accepted.
            return
        detail = _text_of(error.read()[:2000])
        hint = (
            " (the server wants other credentials: --user, --password, --auth)" if error.code == 401 else ""
        )
        raise StoreError(
            f"{where}: HTTP {error.code} {error.reason}{hint}{': ' + detail if detail else ''}"
        ) from error
    except urllib.error.URLError as error:
        raise StoreError(f"{where}: {network_reason(error.reason, target.timeout)}") from error
    except TimeoutError as error:
        raise StoreError(f"{where}: {network_reason(error, target.timeout)}") from error
    except OSError as error:
        raise StoreError(f"{where}: {error}") from error


def _text_of(body: bytes) -> str:
    """An error page as one line of text (HTML tags and blank space removed), at most 300 characters."""
    text = re.sub(r"<[^>]*>", " ", body.decode("utf-8", "replace"))
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:300] + " …"


def graph_ntriples(store: EmbeddedStore, graph: str) -> tuple[bytes, int]:
    """The statements of one named graph as N-Triples, and how many there are."""
    triples = [ox.Triple(quad.subject, quad.predicate, quad.object) for quad in store.graph_quads(graph)]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return (data if isinstance(data, bytes) else b""), len(triples)


def graphs_to_push(store: EmbeddedStore) -> list[str]:
    """Document graphs first, then the region summaries, the shared graph, the ontology and the code lists."""
    named = {graph.value for graph in store.store.named_graphs() if isinstance(graph, ox.NamedNode)}
    documents = sorted(graph for graph in named if graph not in _REFERENCE_ORDER)
    return [*documents, *(graph for graph in _REFERENCE_ORDER if graph in named)]


def push(
    store: EmbeddedStore,
    target: GraphStore,
    endpoint: Endpoint | None = None,
    prune: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> PushReport:
    """PUT every named graph of the store to ``target``; with ``prune``, delete stale document graphs."""
    report = PushReport()
    graphs = graphs_to_push(store)
    if not graphs:
        raise StoreError("the store holds no graphs: build documents first")
    if target.user is not None:
        # Check the credentials without a body: a server refusing a large body may just drop the connection.
        _request(target, "HEAD", graphs[0], None)
    for graph in graphs:
        data, count = graph_ntriples(store, graph)
        _request(target, "PUT", graph, data)
        report.graphs.append(graph)
        report.triples += count
        if progress is not None:
            progress(graph, count)
    if prune:
        if endpoint is None:
            raise StoreError("pruning needs the query endpoint, to list the document graphs on the server")
        endpoint.graphs = None
        local = set(graphs)
        for graph in project_graphs(endpoint):
            if graph.startswith(iris.BASE + "graph/doc/") and graph not in local:
                _request(target, "DELETE", graph, None)
                report.deleted.append(graph)
    return report
