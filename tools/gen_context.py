"""Generate ``ontology/context.jsonld``, the JSON-LD context of the budgetkg graph.

The context maps the project's prefixes, every class of ``ontology/budget.ttl`` to its local name,
and every property to its local name with the type its values take: ``@id`` for an object property,
the XSD range of a datatype property (but ``xsd:string``, which a JSON string is already).  A few
terms of the reused vocabularies (SKOS, PROV, the Data Cube, OpenBudgets.eu, RDFS, Dublin Core)
join them under names of their own.  Exports
(``budgetkg export --format jsonld``) embed the context, and ``budgetkg serve`` publishes it at
``/ontology/context.jsonld``.

Usage: ``python tools/gen_context.py [--check]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "budget.ttl"
TARGET = ROOT / "ontology" / "context.jsonld"
NAMESPACE = "https://w3id.org/budgetkg/ontology#"
PREFIXES = {
    "bkg": NAMESPACE,
    "id": "https://w3id.org/budgetkg/id/",
    "concept": "https://w3id.org/budgetkg/id/concept/",
    "qb": "http://purl.org/linked-data/cube#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "obeu-measure": "http://data.openbudgets.eu/ontology/dsd/measure/",
    "obeu-attribute": "http://data.openbudgets.eu/ontology/dsd/attribute/",
    "obeu-dimension": "http://data.openbudgets.eu/ontology/dsd/dimension/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}
# terms of the reused vocabularies: name -> (compact IRI, type of the values or None)
REUSED = {
    "prefLabel": ("skos:prefLabel", None),
    "notation": ("skos:notation", None),
    "inScheme": ("skos:inScheme", "@id"),
    "broader": ("skos:broader", "@id"),
    "exactMatch": ("skos:exactMatch", "@id"),
    "topConceptOf": ("skos:topConceptOf", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "dataSet": ("qb:dataSet", "@id"),
    "structure": ("qb:structure", "@id"),
    "amount": ("obeu-measure:amount", "xsd:decimal"),
    "currency": ("obeu-attribute:currency", "@id"),
    "label": ("rdfs:label", None),
    "comment": ("rdfs:comment", None),
    "title": ("dcterms:title", None),
    "hasPart": ("dcterms:hasPart", "@id"),
    "identifier": ("org:identifier", None),
    "unitOf": ("org:unitOf", "@id"),
    "hasUnit": ("org:hasUnit", "@id"),
}


def _compact(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def build_context() -> dict[str, object]:
    """The context: prefixes, then the ontology's classes and properties, then the reused terms."""
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    terms: dict[str, object] = {}
    for kind in (OWL.Class, RDFS.Class):
        for subject in graph.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and str(subject).startswith(NAMESPACE):
                terms[str(subject).removeprefix(NAMESPACE)] = _compact(str(subject))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for subject in graph.subjects(RDF.type, kind):
            if not (isinstance(subject, URIRef) and str(subject).startswith(NAMESPACE)):
                continue
            definition: dict[str, str] = {"@id": _compact(str(subject))}
            ranges = [value for value in graph.objects(subject, RDFS.range) if isinstance(value, URIRef)]
            if kind == OWL.ObjectProperty:
                definition["@type"] = "@id"
            elif len(ranges) == 1 and str(ranges[0]).startswith(str(XSD)) and ranges[0] != XSD.string:
                # (a JSON string is an xsd:string already: coercing to it would only add a datatype)
                definition["@type"] = _compact(str(ranges[0]))
            terms[str(subject).removeprefix(NAMESPACE)] = definition
    for name, (iri, value_type) in REUSED.items():
        if name in terms:
            raise SystemExit(f"the reused term {name} clashes with a term of the ontology")
        terms[name] = {"@id": iri, **({"@type": value_type} if value_type else {})}
    clashes = set(terms) & set(PREFIXES)
    if clashes:
        raise SystemExit(f"terms clash with prefixes: {sorted(clashes)}")
    return {"@context": {"@version": 1.1, **PREFIXES, **dict(sorted(terms.items()))}}


def render() -> str:
    """The text of ``ontology/context.jsonld``."""
    return json.dumps(build_context(), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the file is out of date")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.name} is out of date: run python tools/gen_context.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
