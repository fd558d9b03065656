"""``/sparql``: the SPARQL 1.1 Protocol endpoint.

Queries by GET, or by POST as a form or as ``application/sparql-query``; the default graph is the
union of all graphs unless the request names a dataset (``default-graph-uri``, ``named-graph-uri``).
Updates (POST ``application/sparql-update`` or a form field ``update``) are refused unless the server
was started with an update token, and then need ``Authorization: Bearer TOKEN``; after each one the
region summaries are computed again.  One client address runs at most ``--client-queries`` queries
at once (429 beyond them).
"""

from __future__ import annotations

import hmac
from http import HTTPStatus
from urllib.parse import parse_qs

import pyoxigraph as ox

from budgetkg.listings import invalidate
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.formats import (
    BOOLEAN_FORMATS,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    serialize_boolean,
    serialize_solutions,
    serialize_triples,
)
from budgetkg.serve.protocol import HTTPProblem, Request, Response, choose_for
from budgetkg.serve.service import refuse_services
from budgetkg.summaries import refresh_all_summaries

_POSTED = "POST application/sparql-query, application/sparql-update or a form"


def answer_sparql(evaluator: Evaluator, request: Request) -> Response:
    """Answer a protocol request: a query, or an update by POST."""
    fields = request.fields()
    query: str | None = None
    update: str | None = None
    if request.method == "POST":
        media = request.content_type
        if media == "application/sparql-query":
            query = _text(request.body)
        elif media == "application/sparql-update":
            update = _text(request.body)
        elif media == "application/x-www-form-urlencoded":
            form = parse_qs(_text(request.body), keep_blank_values=True)
            for name, values in form.items():
                fields.setdefault(name, []).extend(values)
        else:
            raise HTTPProblem(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, _POSTED)
    if query is None and "query" in fields:
        query = fields["query"][0]
    if update is None and "update" in fields:
        if request.method != "POST":
            raise HTTPProblem(HTTPStatus.METHOD_NOT_ALLOWED, "updates must be sent by POST")
        update = fields["update"][0]
    if update is not None:
        return _update(evaluator, request, update)
    if query is not None:
        return _query(evaluator, request, query, fields)
    raise HTTPProblem(HTTPStatus.BAD_REQUEST, "give a 'query' (or, by POST, an 'update')")


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HTTPProblem(
            HTTPStatus.BAD_REQUEST, f"the body is not UTF-8 (byte {error.start}: {error.reason})"
        ) from error


def _update(evaluator: Evaluator, request: Request, text: str) -> Response:
    token = evaluator.options.update_token
    if token is None:
        raise HTTPProblem(HTTPStatus.FORBIDDEN, "this endpoint is read-only (started without --update-token)")
    given = request.header("Authorization") or ""
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise HTTPProblem(
            HTTPStatus.UNAUTHORIZED,
            "updates need the header 'Authorization: Bearer TOKEN' with the server's update token",
            {"WWW-Authenticate": 'Bearer realm="budgetkg"'},
        )
    refuse_services(text, evaluator.options.allow_service)
    try:
        invalidate(evaluator.store)  # the listings' tables stop counting: SPARQL answers them
        evaluator.store.update(text)
        # an update may change any document: the figures kept per region and year follow it
        refresh_all_summaries(evaluator.store)
    except SyntaxError as error:
        raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"malformed update: {error}") from error
    except (ValueError, RuntimeError, OSError) as error:
        raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"the update failed: {error}") from error
    finally:
        evaluator.renew()
    return Response(b"", "text/plain", HTTPStatus.NO_CONTENT)


def _query(evaluator: Evaluator, request: Request, text: str, fields: dict[str, list[str]]) -> Response:
    graphs = {name: fields.get(name, []) for name in ("default-graph-uri", "named-graph-uri")}
    for iri in (iri for values in graphs.values() for iri in values):
        try:
            ox.NamedNode(iri)
        except ValueError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"malformed graph IRI: {error}") from error
    refuse_services(text, evaluator.options.allow_service)  # refused without taking a client's share
    with evaluator.endpoint_clients.hold(request.client):
        outcome = evaluator.query(
            text,
            default_graphs=graphs["default-graph-uri"],
            named_graphs=graphs["named-graph-uri"],
            pool="sparql",
        )
    if outcome.kind == "triples":
        media = choose_for(request, list(GRAPH_FORMATS), "graphs")
        return Response(serialize_triples(outcome.triples, media), media)
    if outcome.kind == "boolean":
        media = choose_for(request, BOOLEAN_FORMATS, "results")
        return Response(serialize_boolean(outcome.boolean, media), media)
    media = choose_for(request, list(RESULT_FORMATS), "results")
    return Response(serialize_solutions(outcome.variables, outcome.rows, media), media)
