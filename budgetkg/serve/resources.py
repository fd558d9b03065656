"""``/id/…``: every IRI under ``https://w3id.org/budgetkg/id/`` dereferenced, by content negotiation.

A resource comes as the statements about it (Turtle, JSON-LD, N-Triples) or as an HTML page with
labels; the name of a named graph (a document's graph, the shared graph, the ontology, the code
lists) comes as the statements of that graph; a resource the store names but does not describe
(a code missing from its code list) as the statements that refer to it.  An IRI the store says
nothing about is a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from http import HTTPStatus

import pyoxigraph as ox

from budgetkg.paths import QUERIES_DIR
from budgetkg.questions import SavedQuestion, load_question
from budgetkg.rdf import iris
from budgetkg.serve.evaluation import Evaluator, Substitutions
from budgetkg.serve.formats import serialize_triples
from budgetkg.serve.pages import resource_page, statements_page
from budgetkg.serve.protocol import HTTPProblem, Request, Response, choose_for
from budgetkg.store import EmbeddedStore

DESCRIPTION_FORMATS = ["text/turtle", "application/ld+json", "application/n-triples", "text/html", "text/csv"]


@cache
def internal_question(name: str) -> SavedQuestion:
    """A question of ``queries/internal/``."""
    return load_question(QUERIES_DIR / "internal" / f"{name}.rq")


def describe(evaluator: Evaluator, rest: str, request: Request) -> Response:
    """The resource ``iris.BASE + rest``, or the named graph of that name, in the format asked for."""
    iri = iris.BASE + rest
    try:
        node = ox.NamedNode(iri)
    except ValueError as error:
        raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"not an IRI: {iri}") from error
    media = choose_for(request, DESCRIPTION_FORMATS, "descriptions")
    if evaluator.store.store.contains_named_graph(node):
        outcome = evaluator.run(lambda: graph_triples(evaluator.store, iri))
        return _statements(node, "Named graph", outcome.triples, media)
    resource: Substitutions = {ox.Variable("resource"): node}
    if media == "text/html":
        outcome = evaluator.query(internal_question("describe-labels").text, resource)
        if outcome.rows:
            return Response(resource_page(node, outcome.variables, outcome.rows), media)
    else:
        outcome = evaluator.query(internal_question("describe").text, resource)
        if outcome.triples:
            return Response(serialize_triples(outcome.triples, media), media)
    # Named but not described (a code missing from its code list): what refers to it.
    outcome = evaluator.query(internal_question("describe-incoming").text, resource)
    if not outcome.triples:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store says nothing about {iri}")
    return _statements(node, "Statements that refer to it", outcome.triples, media)


def graph_triples(store: EmbeddedStore, graph: str) -> Iterator[ox.Triple]:
    """The statements of a named graph, one by one."""
    for quad in store.graph_quads(graph):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _statements(node: ox.NamedNode, heading: str, triples: list[ox.Triple], media: str) -> Response:
    if media == "text/html":
        return Response(statements_page(node, heading, triples), media)
    return Response(serialize_triples(triples, media), media)
