"""What the linked-data descriptions of ``budgetkg serve`` share (the catalogue, VoID, the ontology):
the server's own address, a builder of statements, and the answer in the format asked for."""

from __future__ import annotations

import pyoxigraph as ox

from budgetkg.serve.formats import serialize_triples
from budgetkg.serve.pages import statements_page
from budgetkg.serve.protocol import Request, Response, choose_for

DESCRIPTION_OFFERS = ["text/turtle", "application/ld+json", "application/n-triples", "text/html", "text/csv"]
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VOID = "http://rdfs.org/ns/void#"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

Object = ox.NamedNode | ox.BlankNode | ox.Literal | str | int


def server_url(request: Request) -> str:
    """The address the client reached the server at (from the Host header), without a trailing slash."""
    host = request.header("Host") or "127.0.0.1"
    return f"http://{host}"


class Statements:
    """Statements being written; an object given as ``str`` is an IRI, as ``int`` an ``xsd:integer``."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, subject: str | ox.NamedNode | ox.BlankNode, predicate: str, value: Object | None) -> None:
        """One statement (none when the value is absent)."""
        if value is None:
            return
        node = ox.NamedNode(subject) if isinstance(subject, str) else subject
        if isinstance(value, bool):
            raise TypeError("booleans are written as literals")
        if isinstance(value, int):
            term: ox.NamedNode | ox.BlankNode | ox.Literal = ox.Literal(
                str(value), datatype=ox.NamedNode(XSD + "integer")
            )
        elif isinstance(value, str):
            term = ox.NamedNode(value)
        else:
            term = value
        self.triples.append(ox.Triple(node, ox.NamedNode(predicate), term))

    def typed(self, subject: str, *classes: str) -> None:
        """``rdf:type`` statements."""
        for name in classes:
            self.add(subject, RDF + "type", name)

    def text(self, subject: str, predicate: str, value: str | None, language: str | None = None) -> None:
        """A string (or language-tagged string) statement."""
        if value:
            self.add(subject, predicate, ox.Literal(value, language=language))


def described(request: Request, subject: str, heading: str, triples: list[ox.Triple]) -> Response:
    """Statements in the format asked for (``?format=`` or Accept): Turtle, JSON-LD, N-Triples, an
    HTML page or CSV."""
    media = choose_for(request, DESCRIPTION_OFFERS, "descriptions")
    triples = sorted(triples, key=lambda triple: str(triple.subject))  # stable: each subject together
    if media == "text/html":
        return Response(statements_page(ox.NamedNode(subject), heading, triples), media)
    return Response(serialize_triples(triples, media), media)
