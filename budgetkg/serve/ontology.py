"""``/ontology``: the ontology served at its IRIs.

``https://w3id.org/budgetkg/ontology`` (and every ``…/ontology#Term``, whose fragment stays in the
browser) is the whole ontology; ``/ontology/Term`` the statements about one term; the version IRI
``/ontology/<version>`` the ontology too; ``/ontology/context.jsonld`` the JSON-LD context of the
graph (:mod:`budgetkg.jsonld`).  Each comes as Turtle, JSON-LD, N-Triples, HTML or CSV, by
``?format=`` or content negotiation.  The statements are those of the store's ontology graph.
"""

from __future__ import annotations

from http import HTTPStatus

import pyoxigraph as ox

from budgetkg.jsonld import CONTEXT_FILE, CONTEXT_PATH
from budgetkg.rdf import iris
from budgetkg.serve.descriptions import described
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.protocol import HTTPProblem, Request, Response
from budgetkg.serve.resources import graph_triples

ONTOLOGY = iris.ONTOLOGY
NAMESPACE = ONTOLOGY + "#"


def answer_ontology(evaluator: Evaluator, rest: str, request: Request) -> Response:
    """The ontology, one of its terms, or the context (``rest`` is the path after ``/ontology``)."""
    if "/" + rest.lstrip("/") == CONTEXT_PATH.removeprefix("/ontology"):
        return Response(CONTEXT_FILE.read_bytes(), "application/ld+json")
    outcome = evaluator.run(lambda: graph_triples(evaluator.store, iris.ONTOLOGY_GRAPH))
    if not outcome.triples:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, "the store holds no ontology: run budgetkg build on it")
    term = rest.strip("/")
    versions = {
        triple.object.value
        for triple in outcome.triples
        if triple.predicate.value == "http://www.w3.org/2002/07/owl#versionIRI"
        and isinstance(triple.object, ox.NamedNode)
    }
    if not term or f"{ONTOLOGY}/{term}" in versions:
        return described(request, ONTOLOGY, "Ontology", outcome.triples)
    subject = NAMESPACE + term
    about = [triple for triple in outcome.triples if triple.subject == ox.NamedNode(subject)]
    if not about:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the ontology has no term {term!r}; see /ontology")
    return described(request, subject, "Ontology term", about)
