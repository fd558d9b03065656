"""A document graph survives export and re-import unchanged, in every dataset format."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from budgetkg.build import build
from budgetkg.export import export
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore


@pytest.fixture(scope="module")
def store(seeds_dir: Path) -> EmbeddedStore:
    store = EmbeddedStore(None)
    build([seeds_dir / "004_b2c706af3b854347.txt"], store)
    return store


@pytest.mark.parametrize(
    ("name", "rdf_format"),
    [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)],
)
def test_dataset_round_trip(
    store: EmbeddedStore, tmp_path: Path, name: str, rdf_format: ox.RdfFormat
) -> None:
    output = tmp_path / f"out.{name}"
    count = export(store, name, output, documents_only=True)
    again = ox.Store()
    again.load(path=str(output), format=rdf_format)
    assert len(again) == count
    original = {
        str(quad)
        for graph in (store.document_graphs()[0], iris.SHARED_GRAPH)
        for quad in store.graph_quads(graph)
    }
    reloaded = {str(quad) for quad in again.quads_for_pattern(None, None, None, None)}
    assert reloaded == original


def test_turtle_round_trip_is_isomorphic(store: EmbeddedStore, tmp_path: Path) -> None:
    output = tmp_path / "out.ttl"
    export(store, "turtle", output, documents_only=True)
    exported = rdflib.Graph().parse(output, format="turtle")
    original = rdflib.Graph().parse(
        data="\n".join(
            f"{q.subject} {q.predicate} {q.object} ."
            for graph in (store.document_graphs()[0], iris.SHARED_GRAPH)
            for q in store.graph_quads(graph)
        ),
        format="nt",
    )
    assert len(exported) == len(original)
    assert isomorphic(exported, original)
