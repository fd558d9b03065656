"""Linked-data publishing by ``budgetkg serve``: the DCAT catalogue, the VoID description, the ontology
at its IRIs, ``?format=`` on every page (the HTML pages of ``/`` and ``/ui/`` too) and the bulk
downloads of the saved questions' answers."""

from __future__ import annotations

import csv
import io
import json
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
from budgetkg.serve.dataset_titles import DocumentNames, dataset_titles
from budgetkg.store import EmbeddedStore
from tests.real_build import RealBuild
from tests.test_serve import Reply, fetch, location, running

ROOT = Path(__file__).resolve().parents[1]
PUBLISHING_SHAPES = ROOT / "shapes" / "publishing"
PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld"}
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}


POLITICAL_LEGAL = "ccf6c08eb738b0b2"  # 000_3507bccae03dd461.txt: 中共武汉市江汉区委政法委员会 2024, 20 tables


@pytest.fixture(scope="module")
def server(seed_store: EmbeddedStore) -> Iterator[BudgetServer]:
    yield from running(seed_store, ServeOptions(port=0, timeout=60, max_rows=100_000))


@pytest.fixture(scope="module")
def real_server(real: RealBuild) -> Iterator[BudgetServer]:
    yield from running(real.store, ServeOptions(port=0, timeout=60, max_rows=100_000))


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


def _document_titles(graph: rdflib.Graph) -> dict[str, tuple[str, str, str | None]]:
    """Each document dataset by its file name: its Chinese and English titles and its printed title."""
    titles: dict[str, tuple[str, str, str | None]] = {}
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        if "/id/doc/" not in str(dataset):
            continue
        by_language = {literal.language: str(literal) for literal in graph.objects(dataset, DCTERMS.title)}
        assert len(list(graph.objects(dataset, DCTERMS.title))) == 2 == len(by_language), by_language
        printed = graph.value(dataset, DCTERMS.alternative)
        key = str(graph.value(dataset, DCTERMS.identifier))
        titles[key] = (by_language["zh"], by_language["en"], None if printed is None else str(printed))
    return titles


def test_document_datasets_are_titled_by_publisher_year_and_kind(server: BudgetServer) -> None:
    titles = _document_titles(described(server, "/catalog", "text/turtle"))
    assert titles == {
        "000_3507bccae03dd461.txt": (
            "中共武汉市江汉区委政法委员会 2024年部门预算",
            "中共武汉市江汉区委政法委员会: Department budget 2024",
            "中共武汉市江汉区委政法委员会2024年预算",
        ),
        "001_e33aeb18e1a17c72.txt": (
            "沅江市委政法委员会 2024年绩效目标表（预算）",
            "沅江市委政法委员会: Performance-target form (budget) 2024",
            "2024年部门整体支出绩效目标表",
        ),
        "002_51f6a00e079128a9.txt": (
            "武汉市公安局江汉区分局 2023年部门预算",
            "武汉市公安局江汉区分局: Department budget 2023",
            "江汉区公安分局2023年预算",
        ),
        "003_43945480f961a537.txt": (
            "中共武汉市江汉区委办公室 2024年部门预算",
            "中共武汉市江汉区委办公室: Department budget 2024",
            "中共武汉市江汉区委办公室2024年预算",
        ),
        "004_b2c706af3b854347.txt": (
            "中共秦皇岛市海港区委政法委员会本级 2023年单位预算",
            "中共秦皇岛市海港区委政法委员会本级: Unit budget 2023",
            "一、中共秦皇岛市海港区委政法委员会本级收支预算",
        ),
    }


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json"])
def test_the_real_documents_titles_are_unique_and_the_catalogue_conforms(
    real_server: BudgetServer, real: RealBuild, media: str
) -> None:
    titles = _document_titles(conforming(real_server, "/catalog", media, "dcat.ttl"))
    assert len(titles) == len(real.report.built) == 25
    assert len({zh for zh, _, _ in titles.values()}) == len({en for _, en, _ in titles.values()}) == 25
    # a budget and the final accounts of one department and year; printed titles "西南大学" and a full one
    assert titles["CQ_beibei_swu_2024_dept_budget.pdf"] == (
        "西南大学 2024年部门预算",
        "西南大学: Department budget 2024",
        "西南大学",
    )
    assert titles["CQ_beibei_swu_2024_final.pdf"][:1] == ("西南大学 2024年部门决算",)
    # two units under the same printed heading
    heading = "上海市2026年市级单位预算"
    assert titles["SH_shanghai_xkyjy_2026_unit_budget.pdf"] == (
        "上海市刑事科学技术研究院 2026年单位预算",
        "上海市刑事科学技术研究院: Unit budget 2026",
        heading,
    )
    assert titles["SH_shanghai_czkjzx_2026_unit_budget.pdf"][0::2] == (
        "上海市财务会计综合管理事务中心（上海市财政科学研究所） 2026年单位预算",
        heading,
    )
    # a title cut short, and a cover that prints only the year
    assert titles["GD_shenzhen_mzj_2026_dept_budget.pdf"][0::2] == (
        "深圳市民政局（本级） 2026年部门预算",
        "2026年深圳市民政局（本级）部门预",
    )
    assert titles["JS_suzhou_zrzyghj_2026_unit_budget.pdf"][0::2] == (
        "苏州市自然资源和规划局 2026年单位预算",
        "2026年度",
    )
    # the same publisher, year, phase and kind twice: told apart by the file
    assert {
        titles[name][0]
        for name in ("GD_guangzhou_sthjj_2026_perf_dept.pdf", "GD_guangzhou_sthjj_2026_perf_proj.pdf")
    } == {
        "广州市生态环境局 2026年绩效目标表（预算）（GD_guangzhou_sthjj_2026_perf_dept.pdf）",
        "广州市生态环境局 2026年绩效目标表（预算）（GD_guangzhou_sthjj_2026_perf_proj.pdf）",
    }


def test_titles_alike_are_told_apart_by_region_and_then_by_file() -> None:
    def names(publisher: str, region: str, file_name: str) -> DocumentNames:
        return DocumentNames(
            publisher, region, "2024", "预算", "部门预算", file_name, "budget", "Department budget"
        )

    titles = dataset_titles(
        [
            names("财政局", "江汉区", "a.pdf"),
            names("财政局", "海港区", "b.pdf"),
            names("西南大学", "中央", "c.pdf"),
            names("西南大学", "中央", "d.pdf"),
            names("江汉区财政局", "江汉区", "e.pdf"),
        ]
    )
    assert [title.zh for title in titles] == [
        "财政局 2024年部门预算（江汉区）",
        "财政局 2024年部门预算（海港区）",
        "西南大学 2024年部门预算（c.pdf）",
        "西南大学 2024年部门预算（d.pdf）",
        "江汉区财政局 2024年部门预算",
    ]
    assert titles[1].en == "财政局: Department budget 2024 (海港区)"


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
        ("/ui/", "csv", "text/csv"),
        ("/ui/region/420103", "json", "application/json"),
        ("/ui/region/420103", "ttl", "text/turtle"),
        ("/ui/org/420103/111", "csv", "text/csv"),
        (f"/ui/doc/{POLITICAL_LEGAL}", "jsonld", "application/ld+json"),
        (f"/ui/doc/{POLITICAL_LEGAL}", "csv", "text/csv"),
        (f"/ui/doc/{POLITICAL_LEGAL}/table/1", "json", "application/json"),
        (f"/ui/doc/{POLITICAL_LEGAL}/table/1", "nt", "application/n-triples"),
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


@pytest.mark.parametrize(
    ("path", "name", "offered"),
    [
        ("/", "json", {"html"}),
        ("/ui/", "ttl", {"html", "csv", "json"}),
        ("/ui/region/420103", "parquet", {"html", "csv", "json", "ttl", "jsonld", "nt"}),
        (f"/ui/doc/{POLITICAL_LEGAL}/table/1", "xml", {"html", "csv", "json", "ttl", "jsonld", "nt"}),
        ("/ui/figure?region=420103&year=2024", "csv", {"html"}),
    ],
)
def test_an_html_page_refuses_a_format_it_does_not_offer_and_says_which_it_does(
    server: BudgetServer, path: str, name: str, offered: set[str]
) -> None:
    joiner = "&" if "?" in path else "?"
    reply = fetch(f"{server.url}{path}{joiner}format={name}", "text/html")
    assert reply.status == 406 and reply.media == "text/plain", reply.text[:300]
    listed = reply.text.strip().split(" come as ", 1)[1].split(", ")
    assert {item.removeprefix("format=") for item in listed} == offered


def test_the_html_pages_follow_the_accept_header_without_a_format(server: BudgetServer) -> None:
    assert fetch(f"{server.url}/", "text/turtle").status == 406
    assert fetch(f"{server.url}/", "text/html,*/*;q=0.8").media == "text/html"
    assert fetch(f"{server.url}/ui/region/420103", "text/csv").media == "text/csv"
    # a browser's Accept, and no header at all, get the page
    assert fetch(f"{server.url}/ui/", "text/html,application/xhtml+xml,*/*;q=0.8").media == "text/html"
    assert fetch(f"{server.url}/ui/").media == "text/html"


def test_the_rows_of_a_page_as_csv_and_json(server: BudgetServer) -> None:
    region = list(csv.DictReader(io.StringIO(fetch(f"{server.url}/ui/region/420103?format=csv").text)))
    assert [
        (row["department"], row["fiscal_year"], row["phase_code"], row["file_name"]) for row in region
    ] == [
        ("中共武汉市江汉区委办公室", "2024", "approved", "003_43945480f961a537.txt"),
        ("中共武汉市江汉区委政法委员会", "2024", "approved", "000_3507bccae03dd461.txt"),
        ("武汉市公安局江汉区分局", "2023", "approved", "002_51f6a00e079128a9.txt"),
    ]
    assert region[1]["doc"] == f"{iris.BASE}doc/{POLITICAL_LEGAL}"
    everything = list(csv.DictReader(io.StringIO(fetch(f"{server.url}/ui/?format=csv").text)))
    assert len(everything) == 5
    only_2023 = list(csv.DictReader(io.StringIO(fetch(f"{server.url}/ui/?year=2023&format=csv").text)))
    assert sorted(row["department"] for row in only_2023) == [
        "中共秦皇岛市海港区委政法委员会本级",
        "武汉市公安局江汉区分局",
    ]

    tables = json.loads(fetch(f"{server.url}/ui/doc/{POLITICAL_LEGAL}?format=json").body)
    assert len(tables["rows"]) == 20
    three_public = tables["rows"][6]
    assert (
        three_public["number"],
        three_public["kind_name"],
        three_public["rows"],
        three_public["figures"],
    ) == (
        "7",
        "“三公”经费支出表",
        "1",
        "2",
    )

    # 收支预算总表 as printed: 7 rows, 4726.54 the income of the year, 4696.54 the general public budget
    printed = json.loads(fetch(f"{server.url}/ui/doc/{POLITICAL_LEGAL}/table/1?format=json").body)
    assert len(printed["rows"]) == 7
    by_row = {row["row"]: row for row in printed["rows"]}
    assert by_row["28"]["name"] == "本年收入合计" and by_row["28"]["total"] == "true"
    assert by_row["28"]["全部资金 · 本年收入合计"] == "4726.54"
    assert by_row["3"]["code"] == "201" and by_row["3"]["一般公共预算 · 一般公共预算拨款收入"] == "4696.54"
    assert by_row["3"]["page"] is None  # a text dump has no pages
    as_csv = list(
        csv.DictReader(io.StringIO(fetch(f"{server.url}/ui/doc/{POLITICAL_LEGAL}/table/1?format=csv").text))
    )
    assert [row["row"] for row in as_csv] == [row["row"] for row in printed["rows"]]


def test_a_page_about_an_iri_sends_linked_data_to_its_description(server: BudgetServer) -> None:
    document = f"/doc/{POLITICAL_LEGAL}"
    assert location(f"{server.url}/ui{document}?format=ttl", "text/html") == (
        303,
        f"/id{document}?format=ttl",
    )
    assert location(f"{server.url}/ui{document}/table/1", "application/n-triples") == (
        303,
        f"/id{document}/table/1?format=nt",
    )
    assert location(f"{server.url}/ui/region/420103?format=jsonld") == (
        303,
        "/id/region/420103?format=jsonld",
    )
    # a path /ui/ has no page for keeps its query on the way to /id/
    assert location(f"{server.url}/ui/concept/budget-phase?format=ttl") == (
        303,
        "/id/concept/budget-phase?format=ttl",
    )
    page = fetch(f"{server.url}/ui{document}", "text/html").text
    links = dict(re.findall(r'<a href="([^"]+)" type="([^"]+)">', page))
    assert links == {
        f"/ui{document}?format=csv": "text/csv",
        f"/ui{document}?format=json": "application/json",
        f"/ui{document}?format=ttl": "text/turtle",
        f"/ui{document}?format=jsonld": "application/ld+json",
        f"/ui{document}?format=nt": "application/n-triples",
    }
    graph = rdflib.Graph().parse(data=fetch(server.url + f"/ui{document}?format=ttl").body, format="turtle")
    assert (
        rdflib.URIRef(iris.BASE + document[1:]),
        RDF.type,
        rdflib.URIRef(iris.ONTOLOGY + "#BudgetDocument"),
    ) in graph


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
