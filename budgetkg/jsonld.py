"""Compact JSON-LD of the graph, with the project's published context (``ontology/context.jsonld``,
made by ``tools/gen_context.py`` and served by ``budgetkg serve`` at ``/ontology/context.jsonld``).

Each node is one object: ``@id`` and ``@type`` compacted with the context's prefixes and class
names, each property under its term where the context defines one and the value fits the term's
type (an IRI for ``@id``, a literal of the term's datatype), under its compact IRI with a full value
object otherwise.  Nothing is lost: expanding the document gives back the same statements, literals
with their lexical forms (numbers stay strings of their datatype, never JSON numbers).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import IO, Any

import pyoxigraph as ox

from budgetkg.paths import ONTOLOGY_DIR

CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
CONTEXT_PATH = "/ontology/context.jsonld"
"""Where ``budgetkg serve`` publishes the context."""

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PREFIX_ENDINGS = ("#", "/")

Node = ox.NamedNode | ox.BlankNode
Value = str | dict[str, str]


def _is_prefix(name: str, value: object) -> bool:
    """A simple term definition of a namespace (its IRI ends in ``#`` or ``/``)."""
    return isinstance(value, str) and not name.startswith("@") and value.endswith(_PREFIX_ENDINGS)


@cache
def context() -> dict[str, Any]:
    """The context object (the value of ``@context``)."""
    document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    value = document["@context"]
    assert isinstance(value, dict)
    return value


def context_prefixes() -> dict[str, str]:
    """The prefixes of the context, for the Turtle and TriG exports."""
    return {name: value for name, value in context().items() if _is_prefix(name, value)}


class Compactor:
    """Compacts IRIs, nodes and documents with one context."""

    def __init__(self, definitions: dict[str, Any]) -> None:
        self.prefixes: list[tuple[str, str]] = sorted(
            ((value, name) for name, value in definitions.items() if _is_prefix(name, value)),
            key=lambda pair: -len(pair[0]),
        )
        self.classes: dict[str, str] = {}
        self.properties: dict[str, tuple[str, str | None]] = {}
        for name, value in definitions.items():
            if name.startswith("@") or _is_prefix(name, value):
                continue
            if isinstance(value, str):
                self.classes[self.expand(value)] = name
            elif isinstance(value, dict):
                kind = value.get("@type")
                coerced = kind if kind in (None, "@id") else self.expand(str(kind))
                self.properties[self.expand(str(value["@id"]))] = (name, coerced)

    def expand(self, text: str) -> str:
        """A compact IRI of the context's prefixes as a full IRI."""
        prefix, _, rest = text.partition(":")
        for namespace, name in self.prefixes:
            if name == prefix and not rest.startswith("//"):
                return namespace + rest
        return text

    def iri(self, iri: str) -> str:
        """An IRI compacted with the longest prefix that fits, else as it is."""
        for namespace, name in self.prefixes:
            rest = iri[len(namespace) :]
            if iri.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{name}:{rest}"
        return iri

    def reference(self, node: Node) -> str:
        """A node's ``@id``."""
        return f"_:{node.value}" if isinstance(node, ox.BlankNode) else self.iri(node.value)

    def full_value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Value:
        """A value that needs no coercion: ``{"@id"}``, a plain string or a value object."""
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            return {"@id": self.reference(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": self.iri(term.datatype.value)}

    def entry(self, predicate: str, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> tuple[str, Value]:
        """The key and the value of one statement of a node."""
        definition = self.properties.get(predicate)
        if definition is not None:
            name, coerced = definition
            if coerced is None:
                return name, self.full_value(term)
            if coerced == "@id" and isinstance(term, ox.NamedNode | ox.BlankNode):
                return name, self.reference(term)
            if isinstance(term, ox.Literal) and not term.language and term.datatype.value == coerced:
                return name, term.value
        return self.iri(predicate), self.full_value(term)

    def node(self, subject: Node, statements: Iterable[tuple[str, Any]]) -> dict[str, Any]:
        """One node object."""
        out: dict[str, Any] = {"@id": self.reference(subject)}
        entries: dict[str, list[Value]] = defaultdict(list)
        types: list[str] = []
        for predicate, term in statements:
            if predicate == _RDF_TYPE and isinstance(term, ox.NamedNode):
                types.append(self.classes.get(term.value) or self.iri(term.value))
            else:
                key, value = self.entry(predicate, term)
                entries[key].append(value)
        if types:
            out["@type"] = sorted(types) if len(types) > 1 else types[0]
        for key in sorted(entries):
            values = sorted(entries[key], key=lambda value: json.dumps(value, ensure_ascii=False))
            out[key] = values if len(values) > 1 else values[0]
        return out

    def nodes(self, triples: Iterable[ox.Triple | ox.Quad]) -> list[dict[str, Any]]:
        """The node objects of some statements, sorted by subject."""
        by_subject: dict[str, tuple[Node, list[tuple[str, Any]]]] = {}
        for statement in triples:
            subject = statement.subject
            if isinstance(subject, ox.Triple):
                raise ValueError("quoted triples have no JSON-LD form")
            key = str(subject)
            if key not in by_subject:
                by_subject[key] = (subject, [])
            by_subject[key][1].append((statement.predicate.value, statement.object))
        return [self.node(*by_subject[key]) for key in sorted(by_subject)]


@cache
def compactor() -> Compactor:
    """The compactor of the published context."""
    return Compactor(context())


def compact_triples(triples: Iterable[ox.Triple]) -> dict[str, Any]:
    """Statements of one graph as a compact JSON-LD document with the context embedded."""
    return {"@context": context(), "@graph": compactor().nodes(triples)}


def write_dataset(quads: Iterable[ox.Quad], output: IO[str]) -> None:
    """Quads as one compact JSON-LD document: each named graph a node with its ``@graph``, the
    default graph's nodes at the top level; written graph by graph."""
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        graphs["" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)].append(quad)
    shape = compactor()
    output.write('{\n"@context": ' + json.dumps(context(), ensure_ascii=False) + ',\n"@graph": [\n')
    first = True
    for key in sorted(graphs):
        statements = graphs[key]
        name = statements[0].graph_name
        if isinstance(name, ox.NamedNode | ox.BlankNode):
            items = [{"@id": shape.reference(name), "@graph": shape.nodes(statements)}]
        else:
            items = shape.nodes(statements)
        for item in items:
            output.write(("" if first else ",\n") + json.dumps(item, ensure_ascii=False))
            first = False
    output.write("\n]\n}\n")
