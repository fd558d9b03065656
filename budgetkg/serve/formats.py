"""Query results in the formats of the SPARQL 1.1 protocol: JSON, XML, CSV and TSV for solutions and
booleans, Turtle, N-Triples, JSON-LD and RDF/XML for graphs."""

from __future__ import annotations

import csv
import html
import io
import json
from typing import cast

import pyoxigraph as ox

from budgetkg.jsonld import compact_triples, context_prefixes
from budgetkg.params import Term

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
BOOLEAN_FORMATS = [
    media
    for media, kind in RESULT_FORMATS.items()
    if kind in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)
]
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"


def serialize_solutions(variables: list[str], rows: list[tuple[Term | None, ...]], media: str) -> bytes:
    """SELECT results in one of the four SPARQL result formats."""
    kind = RESULT_FORMATS[media]
    if kind == ox.QueryResultsFormat.JSON:
        return _solutions_json(variables, rows)
    if kind == ox.QueryResultsFormat.XML:
        return _solutions_xml(variables, rows)
    if kind == ox.QueryResultsFormat.CSV:
        return _solutions_csv(variables, rows)
    return _solutions_tsv(variables, rows)


def serialize_boolean(value: bool, media: str) -> bytes:
    """An ASK result in SPARQL JSON or XML."""
    if RESULT_FORMATS[media] == ox.QueryResultsFormat.XML:
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="{_SPARQL_RESULTS}">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def serialize_triples(triples: list[ox.Triple], media: str) -> bytes:
    """Triples as Turtle, N-Triples, compact JSON-LD (with the project's context) or RDF/XML, or as CSV
    rows of subject, predicate and object."""
    if media == "text/csv":
        rows = [cast(tuple[Term | None, ...], (t.subject, t.predicate, t.object)) for t in triples]
        return _solutions_csv(["subject", "predicate", "object"], rows)
    if media == "application/ld+json":
        return json.dumps(compact_triples(triples), ensure_ascii=False, indent=1).encode("utf-8")
    kind = GRAPH_FORMATS[media]
    if kind in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        data = ox.serialize(triples, format=kind, prefixes=context_prefixes())
    else:
        data = ox.serialize(triples, format=kind)
    return data if isinstance(data, bytes) else b""


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{html.escape(term.value, quote=False)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{html.escape(term.value, quote=False)}</bnode>"
    attributes = ""
    if term.language:
        attributes = f' xml:lang="{html.escape(term.language)}"'
    elif term.datatype.value != _XSD_STRING:
        attributes = f' datatype="{html.escape(term.datatype.value)}"'
    return f"<literal{attributes}>{html.escape(term.value, quote=False)}</literal>"


def _solutions_json(variables: list[str], rows: list[tuple[Term | None, ...]]) -> bytes:
    bindings = [
        {name: _json_term(cell) for name, cell in zip(variables, row, strict=True) if cell is not None}
        for row in rows
    ]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _solutions_xml(variables: list[str], rows: list[tuple[Term | None, ...]]) -> bytes:
    lines = ['<?xml version="1.0"?>', f'<sparql xmlns="{_SPARQL_RESULTS}">', "<head>"]
    lines += [f'<variable name="{html.escape(name)}"/>' for name in variables]
    lines += ["</head>", "<results>"]
    for row in rows:
        cells = "".join(
            f'<binding name="{html.escape(name)}">{_xml_term(cell)}</binding>'
            for name, cell in zip(variables, row, strict=True)
            if cell is not None
        )
        lines.append(f"<result>{cells}</result>")
    lines += ["</results>", "</sparql>"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _solutions_csv(variables: list[str], rows: list[tuple[Term | None, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if cell is None else _csv_text(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _csv_text(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _solutions_tsv(variables: list[str], rows: list[tuple[Term | None, ...]]) -> bytes:
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines += ["\t".join("" if cell is None else str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
