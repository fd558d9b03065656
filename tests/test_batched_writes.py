"""Documents new to a store are written in batches of one transaction; a document that replaces
its graph is written at once; what travels from a reader process is the same document."""

from __future__ import annotations

import pickle
from pathlib import Path

import pyoxigraph as ox

from budgetkg.build import extract_document
from budgetkg.build.writer import DocumentWriter
from budgetkg.rdf import iris
from budgetkg.rdf.builder import XSD
from budgetkg.store import EmbeddedStore


def _seeds(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))[:3]


def test_a_document_travels_between_processes_unchanged(seeds_dir: Path) -> None:
    extraction, emitted = extract_document(_seeds(seeds_dir)[0])
    travelled = pickle.loads(pickle.dumps(emitted))
    assert set(travelled.document) == set(emitted.document)
    assert set(travelled.shared) == set(emitted.shared)
    assert travelled.counts == (len(emitted.document), len(emitted.shared))
    region = ox.NamedNode(iris.region(extraction.document.region_code))
    year = ox.Literal(str(extraction.document.fiscal_year), datatype=ox.NamedNode(XSD + "gYear"))
    assert travelled.region_years() == emitted.region_years() == {(region, year)}


def test_new_documents_are_written_as_one_batch_and_replaced_one_by_one(seeds_dir: Path) -> None:
    outcomes = [extract_document(path) for path in _seeds(seeds_dir)]
    store = EmbeddedStore(None)
    writer = DocumentWriter(store, batch_statements=10**9)
    for extraction, emitted in outcomes:
        writer.write(extraction, emitted)
    assert store.document_graphs() == [], "a batch is written whole, at its commit"
    writer.finish()
    graphs = [iris.document_graph(extraction.document.name) for extraction, _ in outcomes]
    assert store.document_graphs() == sorted(graphs)
    one_by_one = EmbeddedStore(None)
    for graph, (_, emitted) in zip(graphs, outcomes, strict=True):
        one_by_one.replace_graph(graph, emitted.document)
        assert set(store.graph_quads(graph)) == set(one_by_one.graph_quads(graph))
    shared = set(store.graph_quads(iris.SHARED_GRAPH))
    assert all(quad in shared for _, emitted in outcomes for quad in emitted.shared)

    extraction, emitted = outcomes[0]
    travelled = pickle.loads(pickle.dumps(emitted))
    writer = DocumentWriter(store, batch_statements=10**9)
    written = writer.write(extraction, travelled)
    assert written == len(emitted.document) + len(emitted.shared)
    replaced = set(store.graph_quads(graphs[0]))
    assert replaced == set(one_by_one.graph_quads(graphs[0])), "an existing graph is replaced at once"
