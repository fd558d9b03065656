"""``/.well-known/void``: a VoID description of the store served.

One ``void:Dataset`` with the server's SPARQL endpoint, the number of statements, the vocabularies
the store uses, the IRI space of its resources and the address of its example resources; each named
graph is a subset with its own count and its statements as a dump (N-Triples).  The counts and the
vocabularies come from ``queries/internal/void-graphs.rq`` and ``void-vocabularies.rq``.
"""

from __future__ import annotations

import pyoxigraph as ox

from budgetkg.rdf import iris
from budgetkg.serve.descriptions import DCTERMS, VOID, Statements, described, server_url
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.protocol import Request, Response
from budgetkg.serve.resources import internal_question

VOID_PATH = "/.well-known/void"


def answer_void(evaluator: Evaluator, request: Request) -> Response:
    """The VoID description in the format asked for."""
    base = server_url(request)
    dataset = f"{base}{VOID_PATH}#dataset"
    out = Statements()
    out.typed(dataset, VOID + "Dataset")
    out.text(dataset, DCTERMS + "title", "Budget knowledge graph", "en")
    out.text(dataset, DCTERMS + "title", "预算知识图谱", "zh")
    out.add(dataset, VOID + "sparqlEndpoint", f"{base}/sparql")
    out.add(dataset, VOID + "uriSpace", ox.Literal(iris.BASE))
    out.add(dataset, VOID + "rootResource", f"{base}/catalog")
    out.add(dataset, VOID + "exampleResource", iris.SHARED_GRAPH)
    vocabularies = evaluator.query(internal_question("void-vocabularies").text)
    for (vocabulary,) in vocabularies.rows:
        out.add(dataset, VOID + "vocabulary", vocabulary)
    graphs = evaluator.query(internal_question("void-graphs").text)
    total = 0
    for graph, count in graphs.rows:
        if not isinstance(graph, ox.NamedNode) or not isinstance(count, ox.Literal):
            continue
        triples = int(count.value)
        total += triples
        out.add(dataset, VOID + "subset", graph)
        out.typed(graph.value, VOID + "Dataset")
        out.add(graph, VOID + "triples", triples)
        address = base + "/id/" + graph.value.removeprefix(iris.BASE)
        out.add(graph, VOID + "dataDump", f"{address}?format=nt")
    out.add(dataset, VOID + "triples", total)
    return described(request, dataset.removesuffix("#dataset"), "VoID description", out.triples)
