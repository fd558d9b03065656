"""``/id/…``: every IRI under ``https://w3id.org/budgetkg/id/`` dereferenced, by content negotiation.

A resource comes as the statements about it (Turtle, JSON-LD, N-Triples) or as an HTML page with
labels; the name of a named graph (a document's graph, the shared graph, the ontology, the code
lists) comes as the statements of that graph.  An IRI the store says nothing about is a 404.
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
from budgetkg.serve.pages import graph_page, resource_page
from budgetkg.serve.protocol import HTTPProblem, Request, Response, choose
from budgetkg.store import EmbeddedStore

DESCRIPTION_FORMATS = ["text/turtle", "application/ld+json", "application/n-triples", "text/html"]


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
    media = choose(request.accept, DESCRIPTION_FORMATS, "descriptions")
    if evaluator.store.store.contains_named_graph(node):
        return _graph(evaluator, node, media)
    resource: Substitutions = {ox.Variable("resource"): node}
    if media == "text/html":
        outcome = evaluator.query(internal_question("describe-labels").text, resource)
        if not outcome.rows:
            raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store says nothing about {iri}")
        return Response(resource_page(node, outcome.variables, outcome.rows), media)
    outcome = evaluator.query(internal_question("describe").text, resource)
    if not outcome.triples:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store says nothing about {iri}")
    return Response(serialize_triples(outcome.triples, media), media)


def graph_triples(store: EmbeddedStore, graph: str) -> Iterator[ox.Triple]:
    """The statements of a named graph, one by one."""
    for quad in store.graph_quads(graph):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _graph(evaluator: Evaluator, node: ox.NamedNode, media: str) -> Response:
    outcome = evaluator.run(lambda: graph_triples(evaluator.store, node.value))
    if media == "text/html":
        return Response(graph_page(node, outcome.triples), media)
    return Response(serialize_triples(outcome.triples, media), media)
