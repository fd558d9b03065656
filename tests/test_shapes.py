"""Check the structural SHACL shapes against small hand-written cases.

Every folder under ``tests/shapes`` is named after a node shape and holds a
``valid.ttl`` that must conform and one or more ``invalid*.ttl`` files. The
first line of an invalid file states the expected results, for example::

    # expect: 1 sh:MinCountConstraintComponent

Several ``N component`` pairs may be given, separated by commas.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "shapes"
SHAPES_FILE = ROOT / "shapes" / "structure.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "budget.ttl"
# pyshacl copies only RDFS/OWL axioms from the ontology graph into the data
# graph, so the code lists (whose concepts sh:class skos:Concept looks at) are
# loaded into the data graph itself, as they are in the built knowledge graph.
CODELIST_FILE = ROOT / "ontology" / "codelists" / "core.ttl"
BKGSH = Namespace("https://w3id.org/budgetkg/shapes#")

EXPECTED_CASE_FOLDERS = 9
EXPECT_LINE = re.compile(r"^#\s*expect:\s*(?P<body>.+?)\s*$")
EXPECT_ITEM = re.compile(r"^(?P<count>\d+)\s+sh:(?P<component>\w+)$")


def case_folders() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def invalid_cases() -> list[Path]:
    return sorted(f for folder in case_folders() for f in folder.glob("invalid*.ttl"))


def parse_expectation(path: Path) -> Counter[URIRef]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = EXPECT_LINE.match(first)
    if match is None:
        raise AssertionError(f"{path.name}: first line must be '# expect: N sh:Component'")
    expected: Counter[URIRef] = Counter()
    for item in match.group("body").split(","):
        found = EXPECT_ITEM.match(item.strip())
        if found is None:
            raise AssertionError(f"{path.name}: cannot read expectation {item!r}")
        expected[SH[found.group("component")]] += int(found.group("count"))
    return expected


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def codelists() -> Graph:
    return Graph().parse(CODELIST_FILE, format="turtle")


def run(data_file: Path, shapes: Graph, ontology: Graph, codelists: Graph) -> tuple[bool, Graph]:
    data = Graph().parse(data_file, format="turtle")
    data += codelists
    conforms, results, _text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        abort_on_first=False,
    )
    assert isinstance(results, Graph)
    return bool(conforms), results


def components(results: Graph) -> Counter[URIRef]:
    found: Counter[URIRef] = Counter()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        component = results.value(result, SH.sourceConstraintComponent)
        assert isinstance(component, URIRef)
        found[component] += 1
    return found


def test_case_folders_are_discovered() -> None:
    folders = case_folders()
    assert len(folders) == EXPECTED_CASE_FOLDERS, [p.name for p in folders]
    for folder in folders:
        assert (folder / "valid.ttl").is_file(), folder.name
        assert (folder / "invalid.ttl").is_file(), folder.name


def test_case_folders_name_existing_shapes(shapes: Graph) -> None:
    for folder in case_folders():
        assert (BKGSH[folder.name], RDF.type, SH.NodeShape) in shapes, folder.name


@pytest.mark.parametrize("folder", case_folders(), ids=lambda p: p.name)
def test_valid_case_conforms(folder: Path, shapes: Graph, ontology: Graph, codelists: Graph) -> None:
    conforms, results = run(folder / "valid.ttl", shapes, ontology, codelists)
    assert conforms, dict(components(results))


@pytest.mark.parametrize("case", invalid_cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_case_reports_expected_violations(
    case: Path, shapes: Graph, ontology: Graph, codelists: Graph
) -> None:
    expected = parse_expectation(case)
    conforms, results = run(case, shapes, ontology, codelists)
    assert not conforms
    assert components(results) == expected


def _languages(g: Graph, node: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(node, predicate) if isinstance(o, Literal)}


def test_every_shape_is_documented_in_both_languages(shapes: Graph) -> None:
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    nodes = sorted({s for kind in kinds for s in shapes.subjects(RDF.type, kind) if isinstance(s, URIRef)})
    assert nodes
    for node in nodes:
        assert shapes.value(node, SH.name) is not None, node
        assert shapes.value(node, SH.description) is not None, node
        assert _languages(shapes, node, SH.message) == {"zh", "en"}, node
