"""Check the SHACL shapes against small hand-written cases.

Every folder under ``tests/shapes`` is named after a node shape and holds a
``valid.ttl`` that must conform and one or more ``invalid*.ttl`` files. The
first line of an invalid file states the expected results, for example::

    # expect: 1 sh:MinCountConstraintComponent

Several ``N component`` pairs may be given, separated by commas.

The structural shapes are checked together, as ``shapes/structure.ttl`` holds
them. A rule shape (arithmetic, consistency, narrative, completeness, across
documents) is checked alone: its case is validated against the shape and what
it refers to, so that a case need not satisfy every other rule. pyshacl is the
reference; the set-wise evaluation of the rule shapes on pyoxigraph (the
``fast`` engine of ``budgetkg.validate``) must report the same focus nodes and
messages.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from budgetkg import validate as engine

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "shapes"
SHAPES_DIR = ROOT / "shapes"
SHAPES_FILE = SHAPES_DIR / "structure.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "budget.ttl"
# pyshacl copies only RDFS/OWL axioms from the ontology graph into the data
# graph, so the code lists (whose concepts sh:class skos:Concept looks at) are
# loaded into the data graph itself, as they are in the built knowledge graph.
CODELIST_FILE = ROOT / "ontology" / "codelists" / "core.ttl"
BKGSH = Namespace("https://w3id.org/budgetkg/shapes#")

EXPECTED_CASE_FOLDERS = 62
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
def all_shapes() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def closure(graph: Graph, root: URIRef) -> Graph:
    """The triples describing ``root``: its own, and those of every node it leads to (property
    shapes, constraints, lists, prefix declarations), so that it can be validated on its own."""
    found = Graph()
    todo: list[URIRef | BNode] = [root]
    seen: set[URIRef | BNode] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in graph.predicate_objects(node):
            found.add((node, predicate, value))
            if predicate != RDF.type and isinstance(value, URIRef | BNode) and (value, None, None) in graph:
                todo.append(value)
    return found


def shapes_for(folder: Path, shapes: Graph, all_shapes: Graph) -> Graph:
    """The structural shapes for a structural case, the rule shape alone for a rule case."""
    shape = BKGSH[folder.name]
    if (shape, RDF.type, SH.NodeShape) in shapes:
        return shapes
    return closure(all_shapes, shape)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def codelists() -> Graph:
    return Graph().parse(CODELIST_FILE, format="turtle")


_RUNS: dict[tuple[Path, int], tuple[bool, Graph]] = {}


def run(data_file: Path, shapes: Graph, ontology: Graph, codelists: Graph) -> tuple[bool, Graph]:
    """pyshacl on one case file (each case is validated once per shapes graph and test session)."""
    key = (data_file, len(shapes))
    if key not in _RUNS:
        _RUNS[key] = _validate(data_file, shapes, ontology, codelists)
    return _RUNS[key]


def _validate(data_file: Path, shapes: Graph, ontology: Graph, codelists: Graph) -> tuple[bool, Graph]:
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


def test_case_folders_name_existing_shapes(all_shapes: Graph) -> None:
    for folder in case_folders():
        assert (BKGSH[folder.name], RDF.type, SH.NodeShape) in all_shapes, folder.name


def test_every_rule_shape_has_a_case_folder(all_shapes: Graph) -> None:
    rule_shapes = {str(s).rsplit("#", 1)[-1] for s in all_shapes.subjects(BKGSH.ruleId, None)}
    assert rule_shapes <= {folder.name for folder in case_folders()}


@pytest.mark.parametrize("folder", case_folders(), ids=lambda p: p.name)
def test_valid_case_conforms(
    folder: Path, shapes: Graph, all_shapes: Graph, ontology: Graph, codelists: Graph
) -> None:
    _conforms, results = run(
        folder / "valid.ttl", shapes_for(folder, shapes, all_shapes), ontology, codelists
    )
    assert not results_of(results), dict(components(results))


@pytest.mark.parametrize("case", invalid_cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_case_reports_expected_violations(
    case: Path, shapes: Graph, all_shapes: Graph, ontology: Graph, codelists: Graph
) -> None:
    expected = parse_expectation(case)
    _conforms, results = run(case, shapes_for(case.parent, shapes, all_shapes), ontology, codelists)
    assert components(results) == expected


def results_of(results: Graph) -> list[URIRef | BNode]:
    return [r for r in results.subjects(RDF.type, SH.ValidationResult) if isinstance(r, URIRef | BNode)]


def _pyshacl_findings(results: Graph, shape: URIRef) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for result in results_of(results):
        if results.value(result, SH.sourceShape) != shape:
            continue
        messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        english = next((str(m) for m in messages if engine.message_language(str(m), m.language) == "en"), "")
        found.add((str(results.value(result, SH.focusNode)), engine.canonical_message(english)))
    return found


def _set_wise_findings(case: Path, codelists: Graph, shape: URIRef) -> set[tuple[str, str]]:
    data = Graph().parse(case, format="turtle")
    data += codelists
    store = ox.Store()
    store.load(data.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    found: set[tuple[str, str]] = set()
    for result in engine._run_sparql_shapes(store, cross_document=False) + engine._run_sparql_shapes(
        store, cross_document=True
    ):
        if result.shape == str(shape):
            found.add((str(result.focus.value), engine.canonical_message(result.messages.get("en", ""))))
    return found


def rule_cases() -> list[Path]:
    """The case files of the rule shapes (every shape not in ``shapes/structure.ttl``)."""
    structural = {
        str(s).rsplit("#", 1)[-1]
        for s in Graph().parse(SHAPES_FILE, format="turtle").subjects(RDF.type, SH.NodeShape)
    }
    return [
        f for folder in case_folders() if folder.name not in structural for f in sorted(folder.glob("*.ttl"))
    ]


@pytest.mark.parametrize("case", rule_cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_set_wise_evaluation_agrees_with_pyshacl(
    case: Path, all_shapes: Graph, ontology: Graph, codelists: Graph
) -> None:
    shape = BKGSH[case.parent.name]
    _conforms, results = run(case, closure(all_shapes, shape), ontology, codelists)
    assert _set_wise_findings(case, codelists, shape) == _pyshacl_findings(results, shape)


def _languages(g: Graph, node: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(node, predicate) if isinstance(o, Literal)}


def test_every_shape_is_documented_in_both_languages(all_shapes: Graph) -> None:
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    nodes = sorted(
        {s for kind in kinds for s in all_shapes.subjects(RDF.type, kind) if isinstance(s, URIRef)}
    )
    assert nodes
    for node in nodes:
        assert all_shapes.value(node, SH.name) is not None, node
        assert all_shapes.value(node, SH.description) is not None, node
        assert _languages(all_shapes, node, SH.message) == {"zh", "en"}, node


def test_every_rule_shape_has_an_id_a_severity_and_one_message_per_language(all_shapes: Graph) -> None:
    rules = list(all_shapes.subject_objects(BKGSH.ruleId))
    assert len(rules) >= 30
    assert len({str(rule) for _shape, rule in rules}) == len(rules)
    for shape, _rule in rules:
        assert all_shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        constraint = all_shapes.value(shape, SH.sparql)
        assert constraint is not None, shape
        shape_messages = set(all_shapes.objects(shape, SH.message))
        assert shape_messages == set(all_shapes.objects(constraint, SH.message)), shape
        english = next(str(m) for m in shape_messages if isinstance(m, Literal) and m.language == "en")
        assert english.endswith(("; found {?value}).", "; found {?value}; from {?evidence}).")), shape
        assert "(expected {?expected}; found" in english or "(expected at most {?expected}; found" in english


# Rules that state no evidence yet.
EVIDENCE_PENDING: set[str] = set()


def test_every_rule_of_the_table_rules_states_its_evidence(all_shapes: Graph) -> None:
    """The rules on arithmetic, consistency and completeness select ``?evidence`` and end both
    messages with it, on the shape and on its constraint."""
    rules: set[str] = set()
    for name in ("arithmetic", "consistency", "completeness"):
        graph = Graph().parse(SHAPES_DIR / f"{name}.ttl", format="turtle")
        for shape in graph.subjects(BKGSH.ruleId, None):
            local = str(shape).rsplit("#", 1)[-1]
            if local in EVIDENCE_PENDING:
                continue
            rules.add(local)
            constraint = graph.value(shape, SH.sparql)
            assert "?evidence" in str(graph.value(constraint, SH.select)).split("WHERE", 1)[0], local
            for node in (shape, constraint):
                messages = {
                    m.language: str(m) for m in graph.objects(node, SH.message) if isinstance(m, Literal)
                }
                assert messages["en"].endswith("; from {?evidence})."), (local, messages["en"])
                assert messages["zh"].endswith("；依据 {?evidence}）。"), (local, messages["zh"])
    assert len(rules) == 29
