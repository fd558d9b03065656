"""The shapes of ``shapes/``: the files of each pass, loaded as text, as an rdflib graph (for
pyshacl) or as a pyoxigraph store, and the rule id each shape declares."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
import rdflib

from budgetkg.paths import ONTOLOGY_DIR, SHAPES_DIR
from budgetkg.validate.terms import BKGSH, term_text

CROSS_DOCUMENT_SHAPES = "cross-document.ttl"


def shape_files(cross_document: bool = False) -> list[Path]:
    """The shape files of the per-document pass, or of the cross-document pass."""
    files = sorted(SHAPES_DIR.glob("*.ttl"))
    if cross_document:
        return [path for path in files if path.name == CROSS_DOCUMENT_SHAPES]
    return [path for path in files if path.name != CROSS_DOCUMENT_SHAPES]


@cache
def shapes_text(cross_document: bool) -> str:
    """The shape files of a pass joined as one Turtle text."""
    return "\n".join(path.read_text(encoding="utf-8") for path in shape_files(cross_document))


@cache
def shapes_graph(cross_document: bool = False) -> rdflib.Graph:
    """The shapes of the per-document pass (or of the cross-document pass) as one rdflib graph."""
    graph = rdflib.Graph()
    for path in shape_files(cross_document):
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> rdflib.Graph:
    """The ontology, given to pyshacl for class hierarchy look-ups."""
    return rdflib.Graph().parse(ONTOLOGY_DIR / "budget.ttl", format="turtle")


@cache
def shape_quads(cross_document: bool) -> ox.Store:
    """The shapes of a pass in a pyoxigraph store."""
    store = ox.Store()
    for path in shape_files(cross_document):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


@cache
def rule_ids(cross_document: bool = False) -> dict[str, str]:
    """Shape IRI -> rule id, for every shape of a pass that declares one (bkgsh:ruleId)."""
    store = shape_quads(cross_document)
    return {
        term_text(quad.subject): term_text(quad.object)
        for quad in store.quads_for_pattern(None, ox.NamedNode(BKGSH + "ruleId"), None, None)
    }
