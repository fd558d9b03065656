"""Each document's rows of the materialised questions, computed in the process that read it.

A reader worker keeps the ontology and the code lists in a store in memory, loaded once.  For each
document it reads, it loads the document's graph and the descriptions the document shares with
others into that store, asks every materialised question as the writer would
(:func:`~budgetkg.listings.materialise.document_rows`, the same ``.rq`` on the same dataset), and
removes them again.  The rows travel to the writer with the document, which only has to keep them
as tables: the questions run in the readers, beside each other, instead of one after another in
the one writing process.  A document with blank nodes is left to the writer, whose store names
them differently.
"""

from __future__ import annotations

import pyoxigraph as ox

from budgetkg.listings.materialise import content_hash, document_rows
from budgetkg.listings.spec import materialised_specs
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument
from budgetkg.rdf.question_rows import ComputedRows
from budgetkg.store import EmbeddedStore

_reference: EmbeddedStore | None = None


def _reference_store() -> EmbeddedStore:
    """This process's store in memory holding the ontology and the code lists."""
    global _reference
    if _reference is None:
        store = EmbeddedStore(None)
        store.load_reference_data()
        _reference = store
    return _reference


def compute_rows(emitted: EmittedDocument, graph: str) -> None:
    """Give a document read here (its graph named ``graph``) its graph's content hash and its
    rows of every materialised question, unless it holds blank nodes."""
    if not emitted.has_blank_nodes():
        emitted.question_rows = document_rows_of(*emitted.nquads(), graph)


def document_rows_of(document: bytes, shared: bytes, graph: str) -> ComputedRows:
    """The content hash of a document given as the N-Quads of its graph ``graph`` and of its
    shared descriptions (as the store will hold it: literals in their canonical form), and every
    materialised question's rows on it."""
    store = _reference_store()
    node, shared_node = ox.NamedNode(graph), ox.NamedNode(iris.SHARED_GRAPH)
    store.store.load(shared + document, format=ox.RdfFormat.N_QUADS)
    try:
        rows = {name: document_rows(store, graph, spec) for name, spec in materialised_specs().items()}
        return content_hash(store, graph), rows
    finally:
        store.store.remove_graph(node)
        if store.store.contains_named_graph(shared_node):
            store.store.remove_graph(shared_node)
