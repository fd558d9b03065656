"""A small helper that collects quads of one named graph with typed literals."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class QuadBuilder:
    """Collects the quads of one named graph; ``None`` values are skipped."""

    def __init__(self, graph: str) -> None:
        self.graph = ox.NamedNode(graph)
        self.quads: list[ox.Quad] = []

    def _add(self, subject: str, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), obj, self.graph))

    def types(self, subject: str, *classes: str) -> None:
        """``subject rdf:type class`` for each class."""
        for cls in classes:
            self.quads.append(ox.Quad(ox.NamedNode(subject), RDF_TYPE, ox.NamedNode(cls), self.graph))

    def iri(self, subject: str, predicate: str, value: str | None) -> None:
        """An object property."""
        if value is not None:
            self._add(subject, predicate, ox.NamedNode(value))

    def text(self, subject: str, predicate: str, value: str | None, language: str | None = None) -> None:
        """A string, optionally language-tagged."""
        if value is None or value == "":
            return
        literal = ox.Literal(value, language=language) if language else ox.Literal(value)
        self._add(subject, predicate, literal)

    def typed(self, subject: str, predicate: str, value: str | None, datatype: str) -> None:
        """A literal of an XSD datatype given by its local name."""
        if value is not None:
            self._add(subject, predicate, ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)))

    def decimal(self, subject: str, predicate: str, value: Decimal | None) -> None:
        """An exact ``xsd:decimal``."""
        if value is not None:
            self.typed(subject, predicate, format(value, "f"), "decimal")

    def integer(self, subject: str, predicate: str, value: int | None) -> None:
        """An ``xsd:integer``."""
        if value is not None:
            self.typed(subject, predicate, str(value), "integer")

    def boolean(self, subject: str, predicate: str, value: bool | None) -> None:
        """An ``xsd:boolean``."""
        if value is not None:
            self.typed(subject, predicate, "true" if value else "false", "boolean")
