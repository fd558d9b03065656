"""Linked-data publishing by ``budgetkg serve``: the DCAT catalogue, the VoID description, the ontology
at its IRIs, ``?format=`` on every page and the bulk downloads of the saved questions' answers."""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas
import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

import budgetkg
from budgetkg.build import build
from budgetkg.given import ManifestError, read_manifest
from budgetkg.questions import catalogue, run_rows
from budgetkg.rdf import iris
from budgetkg.serve import BudgetServer, ServeOptions
from budgetkg.store import EmbeddedStore
from tests.test_serve import Reply, fetch, running

ROOT = Path(__file__).resolve().parents[1]
PUBLISHING_SHAPES = ROOT / "shapes" / "publishing"
PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld"}
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}


@pytest.fixture(scope="module")
def server(seed_store: EmbeddedStore) -> Iterator[BudgetServer]:
    yield from running(seed_store, ServeOptions(port=0, timeout=60, max_rows=100_000))


def described(server: BudgetServer, path: str, media: str) -> rdflib.Graph:
    reply = fetch(server.url + path, media)
    assert reply.status == 200 and reply.media == media, reply.text[:300]
    return rdflib.Graph().parse(data=reply.body, format=PARSERS[media])


def conformance(graph: rdflib.Graph, shapes: str) -> tuple[bool, str]:
    shapes_graph = rdflib.Graph().parse(PUBLISHING_SHAPES / shapes, format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes_graph, inference="none")
    return bool(conforms), str(text)


def conforming(server: BudgetServer, path: str, media: str, shapes: str) -> rdflib.Graph:
    """The description at ``path``, checked against its shapes."""
    graph = described(server, path, media)
    conforms, report = conformance(graph, shapes)
    assert conforms, report
    return graph


# ---- the DCAT catalogue


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json"])
def test_the_catalogue_conforms_to_its_shapes(
    server: BudgetServer, seed_store: EmbeddedStore, media: str
) -> None:
    graph = conforming(server, "/catalog", media, "dcat.ttl")
    catalog = rdflib.URIRef(server.url + "/catalog")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    datasets = set(graph.objects(catalog, DCAT.dataset))
    documents = {rdflib.URIRef(node.value) for node in _documents(seed_store)}
    assert len(documents) == 5 and documents <= datasets
    assert len(datasets) == 5 + len(catalogue())
    licence = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert all((dataset, DCTERMS.license, licence) in graph for dataset in datasets)


def test_every_download_url_of_a_document_downloads_its_graph(
    server: BudgetServer, seed_store: EmbeddedStore
) -> None:
    graph = described(server, "/catalog", "text/turtle")
    document = rdflib.URIRef(_documents(seed_store)[0].value)
    named_graph = _graph_of(seed_store, str(document))
    expected = len(list(seed_store.graph_quads(named_graph)))
    urls = sorted(
        str(graph.value(distribution, DCAT.downloadURL))
        for distribution in graph.objects(document, DCAT.distribution)
    )
    assert [url.rsplit("=", 1)[1] for url in urls] == ["jsonld", "nt", "ttl"]
    for url in urls:
        reply = fetch(url, "text/html")  # as a browser asks: ?format= wins
        triples = list(ox.parse(reply.body, format=OX_FORMATS[url.rsplit("=", 1)[1]]))
        assert reply.status == 200 and len(triples) == expected > 1000


def test_the_answers_download_as_csv_and_parquet(server: BudgetServer, seed_store: EmbeddedStore) -> None:
    graph = described(server, "/catalog", "text/turtle")
    dataset = rdflib.URIRef(f"{server.url}/queries/projects")
    urls = {
        str(graph.value(distribution, DCAT.mediaType)).rsplit("/", 1)[1]: str(
            graph.value(distribution, DCAT.downloadURL)
        )
        for distribution in graph.objects(dataset, DCAT.distribution)
    }
    assert urls == {
        "csv": f"{server.url}/downloads/projects.csv",
        "vnd.apache.parquet": f"{server.url}/downloads/projects.parquet",
    }
    columns, rows = run_rows(seed_store, catalogue()["projects"])
    reply = fetch(urls["csv"])
    assert reply.status == 200 and reply.media == "text/csv"
    read = list(csv.DictReader(io.StringIO(reply.text)))
    assert len(read) == len(rows) == 66
    assert read == [{column: row[column] or "" for column in columns} for row in rows]
    reply = fetch(urls["vnd.apache.parquet"])
    assert reply.status == 200 and reply.media == "application/vnd.apache.parquet"
    back = pandas.read_parquet(io.BytesIO(reply.body))
    frame = budgetkg.query("projects", store=seed_store)
    pandas.testing.assert_frame_equal(back.astype(frame.dtypes.to_dict()), frame)
    assert back["amount"].max() == 8104.09
    assert fetch(f"{server.url}/downloads/no-such-question.csv").status == 404
    assert fetch(f"{server.url}/downloads/projects.xlsx").status == 404


def test_a_catalogue_without_a_licence_or_a_download_fails_its_shapes(server: BudgetServer) -> None:
    graph = described(server, "/catalog", "text/turtle")
    broken = rdflib.Graph()
    for triple in graph:
        if triple[1] == DCTERMS.license and (triple[0], RDF.type, DCAT.Catalog) in graph:
            continue
        if triple[1] == DCAT.downloadURL and str(triple[0]).endswith("/queries/projects#csv"):
            continue
        broken.add(triple)
    conforms, report = conformance(broken, "dcat.ttl")
    assert not conforms
    assert "A catalogue needs a licence" in report and "A distribution needs a download URL" in report
    assert report.count("Constraint Violation") == 2


# ---- VoID


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json"])
def test_the_void_description_conforms_and_counts(
    server: BudgetServer, seed_store: EmbeddedStore, media: str
) -> None:
    graph = conforming(server, "/.well-known/void", media, "void.ttl")
    dataset = rdflib.URIRef(f"{server.url}/.well-known/void#dataset")
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(f"{server.url}/sparql")
    assert int(graph.value(dataset, VOID.triples)) == len(seed_store.store)
    assert str(graph.value(dataset, VOID.uriSpace)) == iris.BASE
    assert rdflib.URIRef("https://w3id.org/budgetkg/ontology#") in set(
        graph.objects(dataset, VOID.vocabulary)
    )
    shared = rdflib.URIRef(iris.SHARED_GRAPH)
    assert shared in set(graph.objects(dataset, VOID.subset))
    assert int(graph.value(shared, VOID.triples)) == len(list(seed_store.graph_quads(iris.SHARED_GRAPH)))


def test_a_void_description_without_counts_fails_its_shapes(server: BudgetServer) -> None:
    graph = described(server, "/.well-known/void", "text/turtle")
    broken = rdflib.Graph()
    for triple in graph:
        if triple[1] != VOID.triples or triple[0] != rdflib.URIRef(iris.SHARED_GRAPH):
            broken.add(triple)
    conforms, report = conformance(broken, "void.ttl")
    assert not conforms and report.count("Constraint Violation") == 1
    assert "number of statements" in report


# ---- the ontology at its IRIs


def test_the_ontology_is_served_at_its_iris(server: BudgetServer) -> None:
    ontology = described(server, "/ontology", "text/turtle")
    assert (rdflib.URIRef("https://w3id.org/budgetkg/ontology"), RDF.type, rdflib.OWL.Ontology) in ontology
    assert len(ontology) > 500
    term = described(server, "/ontology/BudgetLine", "application/ld+json")
    line = rdflib.URIRef("https://w3id.org/budgetkg/ontology#BudgetLine")
    assert set(term.objects(line, rdflib.RDFS.label)) == {
        rdflib.Literal("预算金额", lang="zh"),
        rdflib.Literal("Budget line", lang="en"),
    }
    assert set(term.subjects()) == {line}
    page = fetch(f"{server.url}/ontology/BudgetLine", "text/html")
    assert page.media == "text/html" and "预算金额" in page.text
    version = described(server, "/ontology/0.1.0", "text/turtle")
    assert len(version) == len(ontology)
    assert fetch(f"{server.url}/ontology/NoSuchTerm", "text/turtle").status == 404
    context = fetch(f"{server.url}/ontology/context.jsonld")
    assert context.media == "application/ld+json"
    assert context.body == (ROOT / "ontology" / "context.jsonld").read_bytes()


# ---- ?format= on every page


@pytest.mark.parametrize(
    ("path", "name", "media"),
    [
        ("/id/region/420103", "ttl", "text/turtle"),
        ("/id/region/420103", "jsonld", "application/ld+json"),
        ("/id/region/420103", "nt", "application/n-triples"),
        ("/id/region/420103", "csv", "text/csv"),
        ("/catalog", "jsonld", "application/ld+json"),
        ("/.well-known/void", "nt", "application/n-triples"),
        ("/ontology", "ttl", "text/turtle"),
        ("/queries", "json", "application/json"),
        ("/queries/projects", "csv", "text/csv"),
    ],
)
def test_the_format_parameter_wins_over_accept(
    server: BudgetServer, path: str, name: str, media: str
) -> None:
    reply = fetch(f"{server.url}{path}?format={name}", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert reply.status == 200 and reply.media == media, reply.text[:300]
    back = fetch(f"{server.url}{path}?format=html", media)
    assert back.status == 200 and back.media == "text/html"


def test_the_format_parameter_works_for_sparql_and_refuses_what_is_not_offered(server: BudgetServer) -> None:
    query = urllib.parse.quote(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/budgetkg/ontology#Region> }"
    )
    reply = fetch(f"{server.url}/sparql?query={query}&format=csv", "application/sparql-results+json")
    assert reply.media == "text/csv" and reply.text.splitlines()[0] == "n"
    refused = fetch(f"{server.url}/id/region/420103?format=parquet", "text/turtle")
    assert refused.status == 406 and "format=ttl" in refused.text


def test_the_format_links_of_an_html_page_work_in_a_browser(server: BudgetServer) -> None:
    page = fetch(f"{server.url}/id/region/420103", "text/html")
    links = dict(re.findall(r'<a href="([^"]+)" type="([^"]+)">', page.text))
    assert links == {
        "/id/region/420103?format=ttl": "text/turtle",
        "/id/region/420103?format=jsonld": "application/ld+json",
        "/id/region/420103?format=nt": "application/n-triples",
    }
    for href, media in links.items():
        reply: Reply = fetch(server.url + href, "text/html,*/*;q=0.8")
        assert reply.media == media
        assert (
            ox.NamedNode(iris.region("420103")),
            ox.NamedNode(str(RDF.type)),
            ox.NamedNode("https://w3id.org/budgetkg/ontology#Region"),
        ) in {
            (triple.subject, triple.predicate, triple.object)
            for triple in ox.parse(reply.body, format=ox.RdfFormat.from_media_type(media))
        }


def _documents(store: EmbeddedStore) -> list[ox.NamedNode]:
    kind = ox.NamedNode("https://w3id.org/budgetkg/ontology#BudgetDocument")
    found = {
        quad.subject for quad in store.store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), kind, None)
    }
    return sorted((node for node in found if isinstance(node, ox.NamedNode)), key=str)


def _graph_of(store: EmbeddedStore, document: str) -> str:
    for quad in store.store.quads_for_pattern(ox.NamedNode(document), None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode):
            return quad.graph_name.value
    raise AssertionError(document)


def test_a_stated_web_address_is_the_documents_landing_page(seeds_dir: Path, tmp_path: Path) -> None:
    seed = "000_3507bccae03dd461.txt"
    address = "https://example.org/disclosures/2024/江汉区委政法委员会部门预算.pdf"
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"file,source\n{seeds_dir / seed},{address}\n", encoding="utf-8")
    store = EmbeddedStore(None)
    build([], store, manifest=read_manifest(manifest))
    (document,) = _documents(store)
    assert [
        quad.object.value
        for quad in store.store.quads_for_pattern(document, ox.NamedNode(str(DCAT.landingPage)), None, None)
    ] == [address]
    for server in running(store, ServeOptions(port=0, timeout=60)):
        catalog = described(server, "/catalog", "text/turtle")
        datasets = [s for s in catalog.subjects(DCAT.landingPage, rdflib.URIRef(address))]
        assert len(datasets) == 1 and (datasets[0], RDF.type, DCAT.Dataset) in catalog
        modified = datetime.fromtimestamp(int((seeds_dir / seed).stat().st_mtime), tz=UTC)
        assert catalog.value(datasets[0], DCTERMS.modified).toPython() == modified


def test_a_source_that_is_no_web_address_is_refused(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,source\nx.pdf,www.example.org/x.pdf\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"line 2: source 'www.example.org/x.pdf' is not an http"):
        read_manifest(manifest)
