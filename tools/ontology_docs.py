"""Write ``docs/ontology.md`` from the ontology and the code lists.

The page lists every class, object property and datatype property of
``ontology/*.ttl`` with its Chinese and English labels and comments, its
domain, range and super-terms, then the data structure definition, then every
concept scheme of ``ontology/codelists/core*.ttl`` as a table. Other code list
files (the generated regions and procurement lists, which hold thousands of
concepts) are only summarised by size.

The output depends only on the input files: everything is sorted.

Usage: ``python tools/ontology_docs.py [--check]``
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
CODELIST_DIR = ONTOLOGY_DIR / "codelists"
TARGET = ROOT / "docs" / "ontology.md"

BKG = Namespace("https://w3id.org/budgetkg/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
ONTOLOGY_IRI = URIRef("https://w3id.org/budgetkg/ontology")

PREFIXES: tuple[tuple[str, str], ...] = (
    ("bkg", "https://w3id.org/budgetkg/ontology#"),
    ("concept", "https://w3id.org/budgetkg/id/concept/"),
    ("qb", "http://purl.org/linked-data/cube#"),
    ("obeu-dimension", "http://data.openbudgets.eu/ontology/dsd/dimension/"),
    ("obeu-measure", "http://data.openbudgets.eu/ontology/dsd/measure/"),
    ("obeu-attribute", "http://data.openbudgets.eu/ontology/dsd/attribute/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
)

SECTIONS: tuple[tuple[str, URIRef], ...] = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
)


def curie(node: Node) -> str:
    """Short form of an IRI for display; full IRI in angle brackets when no prefix fits."""
    text = str(node)
    for prefix, namespace in PREFIXES:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def code(node: Node) -> str:
    return f"`{curie(node)}`"


def cell(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def literal(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> str:
    values = sorted(
        str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang
    )
    return " / ".join(values)


def describe_class_expression(graph: Graph, node: Node) -> str:
    """Render a named class, or an owl:unionOf blank node as 'A or B'."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(sorted(code(m) for m in Collection(graph, members)))
        return "(anonymous class)"
    return code(node)


def joined(graph: Graph, nodes: Iterable[Node]) -> str:
    rendered = sorted(describe_class_expression(graph, n) for n in nodes)
    return ", ".join(rendered)


def load_ontology() -> Graph:
    graph = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def terms_of_type(graph: Graph, rdf_type: URIRef) -> list[URIRef]:
    return sorted(
        (s for s in graph.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and s.startswith(str(BKG))),
        key=lambda s: (str(s).lower(), str(s)),
    )


def term_block(graph: Graph, term: URIRef) -> list[str]:
    lines = [f"### `{curie(term)}`", ""]
    zh_label = literal(graph, term, RDFS.label, "zh")
    en_label = literal(graph, term, RDFS.label, "en")
    lines.append(f"**{en_label}** · {zh_label}")
    lines.append("")
    for lang in ("en", "zh"):
        comment = literal(graph, term, RDFS.comment, lang)
        if comment:
            lines.append(f"> {' '.join(comment.split())}")
            lines.append(">")
    if lines[-1] == ">":
        lines.pop()
        lines.append("")
    rows: list[tuple[str, str]] = []
    other_types = [t for t in graph.objects(term, RDF.type) if t not in (OWL.Class, OWL.ObjectProperty)]
    other_types = [t for t in other_types if t != OWL.DatatypeProperty]
    if other_types:
        rows.append(("Also a", joined(graph, other_types)))
    supers = list(graph.objects(term, RDFS.subClassOf))
    if supers:
        rows.append(("Subclass of", joined(graph, supers)))
    super_properties = list(graph.objects(term, RDFS.subPropertyOf))
    if super_properties:
        rows.append(("Subproperty of", joined(graph, super_properties)))
    domains = list(graph.objects(term, RDFS.domain))
    if domains:
        rows.append(("Domain", joined(graph, domains)))
    ranges = list(graph.objects(term, RDFS.range))
    if ranges:
        rows.append(("Range", joined(graph, ranges)))
    code_lists = list(graph.objects(term, QB.codeList))
    if code_lists:
        rows.append(("Code list", joined(graph, code_lists)))
    if rows:
        lines.append("| | |")
        lines.append("|---|---|")
        lines.extend(f"| {name} | {value} |" for name, value in rows)
        lines.append("")
    return lines


def structure_block(graph: Graph) -> list[str]:
    lines: list[str] = []
    for dsd in sorted(
        s for s in graph.subjects(RDF.type, QB.DataStructureDefinition) if isinstance(s, URIRef)
    ):
        lines.extend(term_block(graph, dsd))
        components: list[tuple[int, str, str, str]] = []
        for component in graph.objects(dsd, QB.component):
            for role, predicate in (
                ("dimension", QB.dimension),
                ("measure", QB.measure),
                ("attribute", QB.attribute),
            ):
                prop = graph.value(component, predicate)
                if prop is None:
                    continue
                order = graph.value(component, QB.order)
                required = graph.value(component, QB.componentRequired)
                position = int(order) if isinstance(order, Literal) else 1000
                flag = ""
                if isinstance(required, Literal):
                    flag = "required" if bool(required.toPython()) else "optional"
                components.append((position, role, code(prop), flag))
        role_rank = {"dimension": 0, "measure": 1, "attribute": 2}
        components.sort(key=lambda c: (role_rank[c[1]], c[0], c[2]))
        lines.append("| Role | Component | Attribute use |")
        lines.append("|---|---|---|")
        lines.extend(f"| {role} | {prop} | {flag} |" for _pos, role, prop, flag in components)
        lines.append("")
    return lines


def concept_order(graph: Graph, scheme: URIRef) -> list[tuple[int, URIRef]]:
    """Concepts of a scheme, depth first from the top concepts, siblings by notation."""
    members = {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}

    def key(node: URIRef) -> tuple[str, str]:
        return (str(graph.value(node, SKOS.notation) or ""), str(node))

    children: dict[URIRef, list[URIRef]] = {}
    tops: list[URIRef] = []
    for concept in members:
        parents = [p for p in graph.objects(concept, SKOS.broader) if p in members]
        if parents:
            for parent in parents:
                assert isinstance(parent, URIRef)
                children.setdefault(parent, []).append(concept)
        else:
            tops.append(concept)
    ordered: list[tuple[int, URIRef]] = []
    seen: set[URIRef] = set()

    def visit(node: URIRef, depth: int) -> None:
        if node in seen:
            return
        seen.add(node)
        ordered.append((depth, node))
        for child in sorted(children.get(node, []), key=key):
            visit(child, depth + 1)

    for top in sorted(tops, key=key):
        visit(top, 0)
    for rest in sorted(members - seen, key=key):
        visit(rest, 0)
    return ordered


def scheme_block(graph: Graph, scheme: URIRef) -> list[str]:
    en = literal(graph, scheme, SKOS.prefLabel, "en")
    zh = literal(graph, scheme, SKOS.prefLabel, "zh")
    lines = [f"### {en} · {zh}", "", f"Scheme: `{curie(scheme)}` (`{scheme}`)", ""]
    for lang in ("en", "zh"):
        description = literal(graph, scheme, DCTERMS.description, lang)
        if description:
            lines.append(description)
            lines.append("")
    lines.append("| Notation | 中文 | English | Broader | Alternative labels | Exact match |")
    lines.append("|---|---|---|---|---|---|")
    for depth, concept in concept_order(graph, scheme):
        notation = str(graph.value(concept, SKOS.notation) or "")
        indent = "&nbsp;&nbsp;" * depth
        broader = ", ".join(
            sorted(
                f"`{graph.value(b, SKOS.notation) or curie(b)}`" for b in graph.objects(concept, SKOS.broader)
            )
        )
        alt = "; ".join(sorted(str(a) for a in graph.objects(concept, SKOS.altLabel)))
        exact = ", ".join(sorted(f"<{m}>" for m in graph.objects(concept, SKOS.exactMatch)))
        lines.append(
            f"| {indent}`{cell(notation)}` | {cell(literal(graph, concept, SKOS.prefLabel, 'zh'))} "
            f"| {cell(literal(graph, concept, SKOS.prefLabel, 'en'))} | {broader} | {cell(alt)} | {exact} |"
        )
    lines.append("")
    return lines


def heading_anchors(terms: list[URIRef]) -> dict[URIRef, str]:
    """Anchors that Markdown renderers derive from the term headings, in document order.

    Headings differing only in case (``bkg:Project`` and ``bkg:project``) get the
    same slug, which renderers disambiguate by appending ``-1``, ``-2`` ...
    """
    used: dict[str, int] = {}
    anchors: dict[URIRef, str] = {}
    for term in terms:
        slug = curie(term).replace(":", "").lower()
        count = used.get(slug, 0)
        used[slug] = count + 1
        anchors[term] = slug if count == 0 else f"{slug}-{count}"
    return anchors


def schemes_of(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef))


def render() -> str:
    ontology = load_ontology()
    out: list[str] = [
        "# Budget knowledge graph ontology",
        "",
        "<!-- Generated by tools/ontology_docs.py from ontology/*.ttl and ontology/codelists/*.ttl;"
        " do not edit by hand. -->",
        "",
    ]
    title_en = literal(ontology, ONTOLOGY_IRI, DCTERMS.title, "en")
    title_zh = literal(ontology, ONTOLOGY_IRI, DCTERMS.title, "zh")
    out += [f"**{title_en}** · {title_zh}", ""]
    for lang in ("en", "zh"):
        description = literal(ontology, ONTOLOGY_IRI, DCTERMS.description, lang)
        if description:
            out += [description, ""]
    version = ontology.value(ONTOLOGY_IRI, OWL.versionInfo)
    licence = ontology.value(ONTOLOGY_IRI, DCTERMS.license)
    out += [
        "| | |",
        "|---|---|",
        f"| Ontology IRI | `{ONTOLOGY_IRI}` |",
        f"| Namespace (`bkg:`) | `{BKG}` |",
        f"| Version | {version if version is not None else ''} |",
        f"| Licence | {f'<{licence}>' if licence is not None else ''} |",
        "",
        "Prefixes used below:",
        "",
        "| Prefix | Namespace |",
        "|---|---|",
    ]
    out += [f"| `{prefix}:` | `{namespace}` |" for prefix, namespace in PREFIXES]
    out.append("")

    anchors = heading_anchors([t for _title, rdf_type in SECTIONS for t in terms_of_type(ontology, rdf_type)])
    for title, rdf_type in SECTIONS:
        terms = terms_of_type(ontology, rdf_type)
        out += [f"## {title}", "", f"{len(terms)} terms.", ""]
        out += ["| Term | English | 中文 |", "|---|---|---|"]
        out += [
            f"| [`{curie(t)}`](#{anchors[t]}) "
            f"| {cell(literal(ontology, t, RDFS.label, 'en'))} "
            f"| {cell(literal(ontology, t, RDFS.label, 'zh'))} |"
            for t in terms
        ]
        out.append("")
        for term in terms:
            out += term_block(ontology, term)

    out += ["## Data structure definition", ""]
    out += structure_block(ontology)

    core_files = sorted(CODELIST_DIR.glob("core*.ttl"))
    other_files = sorted(p for p in CODELIST_DIR.glob("*.ttl") if p not in core_files)
    out += ["## Concept schemes", ""]
    for path in core_files:
        graph = Graph().parse(path, format="turtle")
        out += [f"Defined in `{path.relative_to(ROOT).as_posix()}`.", ""]
        for scheme in schemes_of(graph):
            out += scheme_block(graph, scheme)

    if other_files:
        out += ["## Generated code lists", ""]
        out += ["These lists are generated from reference data and only summarised here.", ""]
        out += ["| File | Scheme | Concepts |", "|---|---|---|"]
        for path in other_files:
            graph = Graph().parse(path, format="turtle")
            for scheme in schemes_of(graph):
                label = literal(graph, scheme, SKOS.prefLabel, "en") or curie(scheme)
                count = len(set(graph.subjects(SKOS.inScheme, scheme)))
                out.append(
                    f"| `{path.relative_to(ROOT).as_posix()}` | {cell(label)} (`{scheme}`) | {count} |"
                )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="exit with status 1 if the page is out of date")
    args = parser.parse_args(argv)
    check: bool = args.check
    text = render()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if check:
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date; run tools/ontology_docs.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
