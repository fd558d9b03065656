"""A document graph survives export and re-import unchanged, in every dataset format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from budgetkg.build import build
from budgetkg.export import export
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]


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


def test_jsonld_is_compact_and_each_named_graph_round_trips(store: EmbeddedStore, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonld"
    export(store, "jsonld", output, documents_only=True)
    document = json.loads(output.read_text(encoding="utf-8"))
    published = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"]
    graphs = {item["@id"]: item["@graph"] for item in document["@graph"]}
    assert set(graphs) == {"id:graph/shared", "id:" + store.document_graphs()[0].removeprefix(iris.BASE)}
    nodes = [node for members in graphs.values() for node in members]
    lines = [node for node in nodes if "BudgetLine" in node.get("@type", []) and "amount" in node]
    assert lines and all(isinstance(node["amount"], str) for node in lines)
    assert all(node["budgetPhase"].startswith("concept:budget-phase/") for node in lines)

    reloaded = rdflib.Dataset()
    reloaded.parse(output, format="json-ld")
    for graph in (store.document_graphs()[0], iris.SHARED_GRAPH):
        original = rdflib.Graph().parse(
            data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in store.graph_quads(graph)),
            format="nt",
        )
        again = reloaded.graph(rdflib.URIRef(graph))
        assert len(again) == len(original) > 0
        assert isomorphic(again, original), graph


def test_the_published_context_follows_the_ontology() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_context.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["amount"] == {"@id": "obeu-measure:amount", "@type": "xsd:decimal"}
    assert context["budgetPhase"] == {"@id": "bkg:budgetPhase", "@type": "@id"}
    assert context["BudgetLine"] == "bkg:BudgetLine"
