"""``/catalog``: a DCAT description of what the server publishes.

A ``dcat:Catalog`` with a ``dcat:Dataset`` per document (its graph as Turtle, JSON-LD and N-Triples,
each a ``dcat:Distribution`` whose ``dcat:downloadURL`` is the graph's address on this server), a
``dcat:Dataset`` per saved question (its whole answer as CSV and Parquet from ``/downloads/``), and the
SPARQL endpoint as a ``dcat:DataService``.  A document's dataset is titled by its publisher, year and
kind (``dataset_titles.py``), with its title as printed as ``dct:alternative``.  Every dataset and
distribution carries the licence the ontology states.  The documents come from
``queries/internal/catalog-documents.rq``.
"""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox

from budgetkg.questions import catalogue
from budgetkg.rdf import iris
from budgetkg.serve.dataset_titles import DatasetTitle, DocumentNames, dataset_titles
from budgetkg.serve.descriptions import DCAT, DCTERMS, FOAF, MEDIA_TYPES, Statements, described, server_url
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.protocol import Request, Response
from budgetkg.serve.resources import internal_question

GRAPH_DISTRIBUTIONS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}
ANSWER_DISTRIBUTIONS = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "csv": "CSV", "parquet": "Parquet"}
Cell = ox.NamedNode | ox.BlankNode | ox.Literal | None
PHASE_WORDS = {"approved": ("预算", "budget"), "executed": ("决算", "final accounts")}


def answer_catalog(evaluator: Evaluator, request: Request) -> Response:
    """The catalogue in the format asked for."""
    base = server_url(request)
    catalog = f"{base}/catalog"
    out = Statements()
    licence = _licence(evaluator)
    publisher = f"{catalog}#publisher"
    out.typed(catalog, DCAT + "Catalog")
    out.text(catalog, DCTERMS + "title", "预算知识图谱", "zh")
    out.text(catalog, DCTERMS + "title", "Budget knowledge graph", "en")
    out.text(
        catalog,
        DCTERMS + "description",
        "Chinese government budget disclosures read into a validated RDF knowledge graph: one dataset per "
        "document, and the answers of the saved questions over all of them.",
        "en",
    )
    out.add(catalog, DCTERMS + "publisher", publisher)
    out.typed(publisher, FOAF + "Agent")
    out.text(publisher, FOAF + "name", "budgetkg")
    out.add(catalog, DCTERMS + "license", licence)
    out.add(catalog, FOAF + "homepage", base + "/")
    _service(out, base, catalog, licence)
    outcome = evaluator.query(internal_question("catalog-documents").text)
    rows = [dict(zip(outcome.variables, row, strict=True)) for row in outcome.rows]
    titles = dataset_titles([_names(row) for row in rows])
    for row, title in zip(rows, titles, strict=True):
        _document(out, base, catalog, licence, row, title)
    for question in catalogue().values():
        _question(out, base, catalog, licence, question.name, question.title, question.description)
    if licence:
        out.typed(licence, DCTERMS + "LicenseDocument")
    return described(request, catalog, "DCAT catalogue", out.triples)


def _licence(evaluator: Evaluator) -> str | None:
    rows = evaluator.query(internal_question("catalog-licence").text).rows
    term = rows[0][0] if rows else None
    return term.value if isinstance(term, ox.NamedNode) else None


def _service(out: Statements, base: str, catalog: str, licence: str | None) -> None:
    service = f"{base}/sparql"
    out.typed(service, DCAT + "DataService")
    out.add(catalog, DCAT + "service", service)
    out.text(service, DCTERMS + "title", "SPARQL 1.1 endpoint", "en")
    out.add(service, DCAT + "endpointURL", service)
    out.add(service, DCTERMS + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
    out.add(service, DCTERMS + "license", licence)


def _names(row: dict[str, Cell]) -> DocumentNames:
    """What the store names of a document, for its dataset's title."""
    return DocumentNames(
        publisher=_text(row["publisher_name"]),
        region=_text(row["region_name"]),
        year=_text(row["year"]),
        phase=_text(row["phase_name"]),
        kind=_text(row["kind_name"]),
        file_name=_text(row["file_name"]) or _text(row["document"]),
        phase_en=PHASE_WORDS.get(_phase_key(row["phase"]), ("", ""))[1],
        kind_en=_text(row["kind_name_en"]),
    )


def _document(
    out: Statements, base: str, catalog: str, licence: str | None, row: dict[str, Cell], title: DatasetTitle
) -> None:
    document, graph = row["document"], row["graph"]
    if not isinstance(document, ox.NamedNode) or not isinstance(graph, ox.NamedNode):
        return
    dataset = document.value
    out.add(catalog, DCAT + "dataset", dataset)
    out.typed(dataset, DCAT + "Dataset")
    out.text(dataset, DCTERMS + "title", title.zh, "zh")
    out.text(dataset, DCTERMS + "title", title.en, "en")
    printed, file_name = _text(row["title"]), _text(row["file_name"]) or dataset
    if printed and printed != title.zh:  # the title as printed on the document, whatever it is
        out.text(dataset, DCTERMS + "alternative", printed, "zh")
    year = _text(row["year"])
    zh, en = PHASE_WORDS.get(_phase_key(row["phase"]), ("", "disclosure"))
    publisher_name, region_name = _text(row["publisher_name"]), _text(row["region_name"])
    out.text(dataset, DCTERMS + "description", f"{region_name} {publisher_name} {year}年{zh}", "zh")
    english = f"The {year} {en} of {publisher_name} ({region_name}) as read from {file_name}."
    out.text(dataset, DCTERMS + "description", english, "en")
    out.add(dataset, DCTERMS + "publisher", row["publisher"])
    if isinstance(row["publisher"], ox.NamedNode):
        out.typed(row["publisher"].value, FOAF + "Agent")
        out.text(row["publisher"].value, FOAF + "name", publisher_name, "zh")
    out.add(dataset, DCTERMS + "spatial", row["region"])
    out.add(dataset, DCTERMS + "temporal", iris.year(int(year)) if year.isdigit() else None)
    out.add(dataset, DCTERMS + "license", licence)
    out.add(dataset, DCTERMS + "identifier", ox.Literal(file_name))
    out.add(dataset, DCTERMS + "modified", row["modified"])
    source = row["source"]
    out.add(dataset, DCAT + "landingPage", source.value if isinstance(source, ox.NamedNode) else None)
    out.add(dataset, DCTERMS + "source", source if isinstance(source, ox.Literal) else None)
    address = base + "/id/" + graph.value.removeprefix(iris.BASE)
    for name, media in GRAPH_DISTRIBUTIONS.items():
        url = f"{address}?format={name}"
        _distribution(out, dataset, f"{dataset}#{name}", url, media, FORMAT_NAMES[name], licence)


def _question(
    out: Statements, base: str, catalog: str, licence: str | None, name: str, title: str, description: str
) -> None:
    dataset = f"{base}/queries/{quote(name)}"
    out.add(catalog, DCAT + "dataset", dataset)
    out.typed(dataset, DCAT + "Dataset")
    out.text(dataset, DCTERMS + "title", title, "en")
    out.text(dataset, DCTERMS + "description", description or title, "en")
    out.add(dataset, DCTERMS + "identifier", ox.Literal(name))
    out.add(dataset, DCAT + "landingPage", f"{dataset}?format=html")
    out.add(dataset, DCTERMS + "publisher", f"{base}/catalog#publisher")
    out.add(dataset, DCTERMS + "license", licence)
    for extension, media in ANSWER_DISTRIBUTIONS.items():
        url = f"{base}/downloads/{quote(name)}.{extension}"
        _distribution(out, dataset, f"{dataset}#{extension}", url, media, FORMAT_NAMES[extension], licence)


def _distribution(
    out: Statements, dataset: str, distribution: str, url: str, media: str, label: str, licence: str | None
) -> None:
    out.add(dataset, DCAT + "distribution", distribution)
    out.typed(distribution, DCAT + "Distribution")
    out.text(distribution, DCTERMS + "title", label, "en")
    out.add(distribution, DCAT + "accessURL", url)
    out.add(distribution, DCAT + "downloadURL", url)
    out.add(distribution, DCAT + "mediaType", MEDIA_TYPES + media)
    out.add(distribution, DCTERMS + "license", licence)


def _phase_key(phase: Cell) -> str:
    """The notation of a budget phase concept (``approved``, ``executed``)."""
    return phase.value.rsplit("/", 1)[-1] if isinstance(phase, ox.NamedNode) else ""


def _text(term: Cell) -> str:
    return "" if term is None else str(term.value)
