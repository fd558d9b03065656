"""Structural validation of document graphs, and findings that point at the source.

The rules on arithmetic, consistency, narrative and completeness are tested in
``tests/test_findings.py``; here only the structural shapes are looked at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import rdflib

from budgetkg.build import build
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore
from budgetkg.validate import document_graph, findings_json, validate_graph, validate_store


def test_the_seeds_conform_to_the_structure_shapes(seed_store: EmbeddedStore) -> None:
    result = validate_store(seed_store)
    assert [f for f in result.findings if f.rule_id.startswith("structure.")] == []
    assert len(result.documents) == 5
    assert len(result.reports) == 6


def test_a_broken_line_is_reported_with_its_table_and_row(seeds_dir: Path) -> None:
    store = EmbeddedStore(None)
    build([seeds_dir / "000_3507bccae03dd461.txt"], store)
    graph_name = store.document_graphs()[0]
    data = document_graph(store, graph_name)
    line = rdflib.URIRef(f"https://w3id.org/budgetkg/id/doc/{_digest(store, graph_name)[:16]}/line/1")
    assert (line, rdflib.RDF.type, BKG.BudgetLine) in data
    data.remove((line, BKG.disclosureStatus, None))
    findings, report = validate_graph(data)
    structural = [f for f in findings if f.rule_id.startswith("structure.")]
    assert len(structural) == 1
    finding = structural[0]
    assert finding.document == "000_3507bccae03dd461.txt"
    assert (finding.table, finding.row) == (1, 3)
    assert finding.line is not None
    assert finding.severity == "error"
    assert finding.message_zh and finding.message_en
    assert (None, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationReport")) in report


def test_findings_json_counts_what_it_lists(seed_store: EmbeddedStore) -> None:
    payload = json.loads(findings_json(validate_store(seed_store)))
    assert payload["count"] == len(payload["findings"]) > 0
    assert payload["conforms"] is False
    assert {"rule_id", "severity", "document", "table", "row", "line", "expected", "found"} <= set(
        payload["findings"][0]
    )


def _digest(store: EmbeddedStore, graph_name: str) -> str:
    for quad in store.graph_quads(graph_name):
        if quad.predicate == ox.NamedNode(str(BKG.sha256)):
            return str(quad.object.value)
    raise AssertionError("no digest")
