"""RDF terms and store look-ups shared by every part of validation: namespaces, severities, and
the first or every object of a subject and predicate in a pyoxigraph store."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
BKG = "https://w3id.org/budgetkg/ontology#"
BKGSH = "https://w3id.org/budgetkg/shapes#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
QB_DATASET = "http://purl.org/linked-data/cube#dataSet"
SEVERITIES = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}
SEVERITY_TERMS = {name: term for term, name in SEVERITIES.items()}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def objects(store: ox.Store, subject: Term | None, predicate: str) -> list[Term]:
    """Every object of ``subject predicate ?`` (none for a missing or literal subject)."""
    if subject is None or isinstance(subject, ox.Literal):
        return []
    return [quad.object for quad in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None)]


def first_value(store: ox.Store, subject: Term | None, predicate: str) -> Term | None:
    """The first object of ``subject predicate ?``, or None."""
    for value in objects(store, subject, predicate):
        return value
    return None


def term_text(term: Term | None) -> str:
    """The IRI, blank node id or lexical form of a term ("" for none)."""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


def to_ntriples(triples: Iterable[ox.Triple]) -> str:
    """Triples written as N-Triples text."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return data.decode("utf-8") if data else ""


def load_ntriples(text: str) -> ox.Store:
    """An in-memory store holding the N-Triples ``text``."""
    store = ox.Store()
    if text:
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store
