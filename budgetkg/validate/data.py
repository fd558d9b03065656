"""The data each pass validates, read from the store: one document's graph with the core code
lists and the shared descriptions it refers to, or the lines the cross-document rules compare."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
import rdflib

from budgetkg.paths import CODELIST_DIR, QUERIES_DIR
from budgetkg.questions import load_question
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore
from budgetkg.validate.terms import to_ntriples


@cache
def _internal_query(name: str) -> str:
    return load_question(QUERIES_DIR / "internal" / f"{name}.rq").text


@cache
def _core_codelist_ntriples() -> str:
    return to_ntriples(ox.parse(path=str(CODELIST_DIR / "core.ttl"), format=ox.RdfFormat.TURTLE))


def document_ntriples(store: EmbeddedStore, graph: str) -> str:
    """One document's named graph as N-Triples, with the core code lists and the shared
    descriptions (organisations, codes, projects) of the nodes it refers to."""
    own = store.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    shared = store.store.query(
        _internal_query("shared-descriptions"),
        substitutions={
            ox.Variable("document"): ox.NamedNode(graph),
            ox.Variable("shared"): ox.NamedNode(iris.SHARED_GRAPH),
        },
    )
    assert isinstance(shared, ox.QueryTriples)
    described = ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES)
    return _core_codelist_ntriples() + (own or b"").decode() + (described or b"").decode()


def document_graph(store: EmbeddedStore, graph: str) -> rdflib.Graph:
    """One document's data for validation (see :func:`document_ntriples`) as an rdflib graph."""
    return rdflib.Graph().parse(data=document_ntriples(store, graph), format="nt")


def cross_document_ntriples(store: EmbeddedStore) -> str:
    """The data of the cross-document pass: for every classification concept printed under more
    than one name in the store, its lines with their locations and document file names."""
    result = store.query(_internal_query("cross-document-data"))
    assert isinstance(result, ox.QueryTriples)
    return to_ntriples(result)
