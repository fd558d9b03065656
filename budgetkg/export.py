"""Linked-data exports of the store: Turtle, TriG, N-Quads and compact JSON-LD (with the project's
context embedded, see :mod:`budgetkg.jsonld`)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from budgetkg.jsonld import context_prefixes, write_dataset
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"trig", "nquads", "jsonld"}


def export(store: EmbeddedStore, format_name: str, output: Path, documents_only: bool = False) -> int:
    """Write the store to ``output``; datasets keep their named graphs, Turtle merges them.

    Returns the number of statements written.
    """
    rdf_format = FORMATS[format_name]
    graphs = {*store.document_graphs(), iris.SHARED_GRAPH} if documents_only else None
    quads = [
        quad
        for quad in store.store.quads_for_pattern(None, None, None, None)
        if graphs is None or (isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in graphs)
    ]
    output.parent.mkdir(parents=True, exist_ok=True)
    if format_name == "jsonld":
        with output.open("w", encoding="utf-8") as stream:
            write_dataset(quads, stream)
        return len(quads)
    if format_name in DATASET_FORMATS:
        prefixes = context_prefixes() if rdf_format == ox.RdfFormat.TRIG else None
        ox.serialize(quads, output=str(output), format=rdf_format, prefixes=prefixes)
        return len(quads)
    triples = sorted({ox.Triple(quad.subject, quad.predicate, quad.object) for quad in quads}, key=str)
    ox.serialize(triples, output=str(output), format=rdf_format, prefixes=context_prefixes())
    return len(triples)
