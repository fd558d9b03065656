"""SHACL validation of document graphs, and findings that point at the source.

Each document's named graph is validated on its own, as a plain graph together with the core code
lists (so that concept types and labels are visible) and the shared descriptions of the nodes it
refers to, without inference. The shapes are the files of ``shapes/``: the structural shapes and the
rules on arithmetic, consistency between tables, the narrative and completeness. The rules across
documents (``shapes/cross-document.ttl``) run afterwards in a separate pass over the whole store.

Two engines give the same findings:

* ``fast`` (the default): the shapes made only of SHACL-SPARQL constraints (every rule) are
  evaluated set-wise on pyoxigraph: one query per shape and document, the focus node bound by a
  join with the shape's targets instead of one query per focus node; the structural shapes (SHACL
  Core) go to rudof (pyrudof);
* ``pyshacl``, the reference, for every shape (much slower; the tests compare the two).

rudof can also run every shape (``pyrudof``, measured by ``bench/validate_corpus.py``), but its
SPARQL engine gets some decimal arithmetic wrong (``-1710200 / 1048.94`` is unbound, ``-171.02 /
1048.94 * 10000`` is 0), so it is not offered for the rules.

Documents are validated in parallel, one document per worker process. Every finding names the
rule, its severity, a message in Chinese and English, the document and, where the focus node was
read from a table row or a text line, its page, table, row and line, and the expected and found
values (read from the message, which ends with "(expected X; found Y)" for the rules).
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.context
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from budgetkg.errors import BudgetKGError
from budgetkg.paths import CODELIST_DIR, ONTOLOGY_DIR, SHAPES_DIR
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore

ENGINES = ("fast", "pyshacl")
"""The engines to choose from; ``pyrudof`` (rudof for every shape) is only measured by the benchmark."""
DEFAULT_ENGINE = "fast"
CROSS_DOCUMENT_SHAPES = "cross-document.ttl"

SH = "http://www.w3.org/ns/shacl#"
BKG = "https://w3id.org/budgetkg/ontology#"
BKGSH = "https://w3id.org/budgetkg/shapes#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
QB_DATASET = "http://purl.org/linked-data/cube#dataSet"
SEVERITIES = {SH + "Violation": "error", SH + "Warning": "warning", SH + "Info": "info"}
SEVERITY_TERMS = {name: term for term, name in SEVERITIES.items()}

_EXPECTED_FOUND = re.compile(r"\(expected (?:at most )?(?P<expected>.*?); found (?P<found>.*?)\)\.?\s*$")
_DECIMAL_TOKEN = re.compile(r"(?<![\w.])(-?\d+\.\d+)(?![\w.])")
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")
_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Finding:
    """One problem found in a document."""

    rule_id: str
    severity: str
    message_zh: str
    message_en: str
    document: str
    page: int | None
    table: int | None
    row: int | None
    line: int | None
    focus: str
    path: str | None
    found: str | None
    expected: str | None


@dataclass(frozen=True)
class ValidationResult:
    """The findings of one run, the SHACL reports (N-Triples, one per document and one for the
    cross-document pass), the documents validated and the validation time of each."""

    findings: list[Finding]
    reports: list[str]
    documents: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """True when nothing of severity error was found."""
        return not any(finding.severity == "error" for finding in self.findings)


@dataclass(frozen=True)
class _Result:
    """One SHACL validation result, whichever engine produced it."""

    focus: Term
    value: Term | None
    shape: str
    severity: str
    messages: dict[str, str]
    path: str | None
    component: str | None


@dataclass(frozen=True)
class _SparqlShape:
    """A node shape made only of SHACL-SPARQL constraints, ready for set-wise evaluation."""

    iri: str
    severity: str
    query: str
    messages: dict[str, str]


# -- shapes ------------------------------------------------------------------------------------


def shape_files(cross_document: bool = False) -> list[Path]:
    """The shape files of the per-document pass, or of the cross-document pass."""
    files = sorted(SHAPES_DIR.glob("*.ttl"))
    if cross_document:
        return [path for path in files if path.name == CROSS_DOCUMENT_SHAPES]
    return [path for path in files if path.name != CROSS_DOCUMENT_SHAPES]


@cache
def _shapes_text(cross_document: bool) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in shape_files(cross_document))


@cache
def shapes_graph(cross_document: bool = False) -> rdflib.Graph:
    """The shapes of the per-document pass (or of the cross-document pass) as one rdflib graph."""
    graph = rdflib.Graph()
    for path in shape_files(cross_document):
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> rdflib.Graph:
    """The ontology, given to pyshacl for class hierarchy look-ups."""
    return rdflib.Graph().parse(ONTOLOGY_DIR / "budget.ttl", format="turtle")


@cache
def _shape_quads(cross_document: bool) -> ox.Store:
    store = ox.Store()
    for path in shape_files(cross_document):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _value(store: ox.Store, subject: Term | None, predicate: str) -> Term | None:
    """The first object of ``subject predicate ?``, or None."""
    for value in _objects(store, subject, predicate):
        return value
    return None


def _objects(store: ox.Store, subject: Term | None, predicate: str) -> list[Term]:
    if subject is None or isinstance(subject, ox.Literal):
        return []
    return [quad.object for quad in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None)]


def _text(term: Term | None) -> str:
    """The IRI, blank node id or lexical form of a term ("" for none)."""
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return data.decode("utf-8") if data else ""


@cache
def rule_ids(cross_document: bool = False) -> dict[str, str]:
    """Shape IRI -> rule id, for every shape of a pass that declares one (bkgsh:ruleId)."""
    store = _shape_quads(cross_document)
    return {
        _text(quad.subject): _text(quad.object)
        for quad in store.quads_for_pattern(None, ox.NamedNode(BKGSH + "ruleId"), None, None)
    }


_CORE_FREE = {
    RDF_TYPE,
    SH + "targetClass",
    SH + "targetSubjectsOf",
    SH + "targetObjectsOf",
    SH + "targetNode",
    SH + "severity",
    SH + "name",
    SH + "description",
    SH + "message",
    SH + "sparql",
    BKGSH + "ruleId",
}


def _messages(store: ox.Store, node: Term) -> dict[str, str]:
    return {
        (literal.language or "en"): literal.value
        for literal in _objects(store, node, SH + "message")
        if isinstance(literal, ox.Literal)
    }


def _prefix_declarations(store: ox.Store, constraint: Term) -> str:
    lines: list[str] = []
    for prefixes in _objects(store, constraint, SH + "prefixes"):
        for declaration in _objects(store, prefixes, SH + "declare"):
            prefix = _value(store, declaration, SH + "prefix")
            namespace = _value(store, declaration, SH + "namespace")
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {_text(prefix)}: <{_text(namespace)}>")
    return "\n".join(lines)


def _target_pattern(store: ox.Store, shape: ox.NamedNode) -> str:
    """A group pattern binding ``?this`` to every target node of the shape, each once."""
    alternatives: list[str] = []
    for cls in _objects(store, shape, SH + "targetClass"):
        alternatives.append(f"?this a ?targetType . ?targetType <{RDFS_SUBCLASS}>* <{_text(cls)}>")
    for predicate in _objects(store, shape, SH + "targetSubjectsOf"):
        alternatives.append(f"?this <{_text(predicate)}> ?targetObject")
    for predicate in _objects(store, shape, SH + "targetObjectsOf"):
        alternatives.append(f"?targetSubject <{_text(predicate)}> ?this")
    for node in _objects(store, shape, SH + "targetNode"):
        alternatives.append(f"BIND (<{_text(node)}> AS ?this)")
    if not alternatives:
        return ""
    union = " UNION ".join("{ " + alternative + " }" for alternative in alternatives)
    return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"


@cache
def sparql_shapes(cross_document: bool = False) -> tuple[_SparqlShape, ...]:
    """The node shapes whose only constraints are SHACL-SPARQL SELECT constraints.

    Their query is rewritten for a set-wise evaluation: ``$this`` becomes a variable that a join
    with the shape's targets binds. This gives the solutions that pre-binding ``$this`` to each
    target gives, because every query of these shapes binds ``$this`` in its top-level group.
    """
    store = _shape_quads(cross_document)
    found: list[_SparqlShape] = []
    for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "NodeShape"), None):
        shape = quad.subject
        if not isinstance(shape, ox.NamedNode):
            continue
        predicates = {q.predicate.value for q in store.quads_for_pattern(shape, None, None, None)}
        constraints = _objects(store, shape, SH + "sparql")
        if not constraints or not predicates <= _CORE_FREE or _value(store, shape, SH + "deactivated"):
            continue
        severity_term = _value(store, shape, SH + "severity")
        severity = SEVERITIES.get(_text(severity_term), "error")
        target = _target_pattern(store, shape)
        for constraint in constraints:
            select = _value(store, constraint, SH + "select")
            if select is None or not target:
                continue
            text = _THIS.sub("?this", _text(select))
            where = _WHERE.search(text)
            if where is None:
                continue
            query = (
                _prefix_declarations(store, constraint)
                + "\n"
                + text[: where.end()]
                + "\n"
                + target
                + "\n"
                + text[where.end() :]
            )
            messages = _messages(store, constraint) or _messages(store, shape)
            found.append(_SparqlShape(shape.value, severity, query, messages))
    return tuple(sorted(found, key=lambda item: item.iri))


@cache
def _core_shapes_text(cross_document: bool) -> str:
    """The shapes the set-wise evaluation leaves to a SHACL engine, as N-Triples."""
    store = _shape_quads(cross_document)
    handled = {shape.iri for shape in sparql_shapes(cross_document)}
    kept: list[ox.Triple] = []
    for quad in store:
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and subject.value in handled:
            continue
        kept.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    reachable = _reachable_from_shapes(kept)
    return _ntriples(t for t in kept if t.subject in reachable)


def _reachable_from_shapes(triples: list[ox.Triple]) -> set[object]:
    """Subjects reachable from the remaining node and property shapes (their property shapes,
    lists, constraints and prefix declarations); a handled shape's constraint is left out."""
    by_subject: dict[object, list[ox.Triple]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, []).append(triple)
    roots = [
        t.subject
        for t in triples
        if t.predicate.value == RDF_TYPE and _text(t.object) in (SH + "NodeShape", SH + "PropertyShape")
    ]
    seen: set[object] = set()
    todo: list[object] = list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in by_subject.get(node, []):
            if triple.predicate.value != RDF_TYPE and triple.object in by_subject:
                todo.append(triple.object)
    return seen


# -- data ----------------------------------------------------------------------------------------


@cache
def _core_codelist_ntriples() -> str:
    return _ntriples(ox.parse(path=str(CODELIST_DIR / "core.ttl"), format=ox.RdfFormat.TURTLE))


_SHARED_DESCRIPTIONS = """
CONSTRUCT {{ ?node ?predicate ?value }}
WHERE {{
    {{
        SELECT DISTINCT ?node
        WHERE {{ GRAPH <{document}> {{ ?subject ?link ?node }} FILTER (isIRI(?node)) }}
    }}
    GRAPH <{shared}> {{ ?node ?predicate ?value }}
}}
"""


def document_ntriples(store: EmbeddedStore, graph: str) -> str:
    """One document's named graph as N-Triples, with the core code lists and the shared
    descriptions (organisations, codes, projects) of the nodes it refers to."""
    own = store.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    shared = store.store.query(_SHARED_DESCRIPTIONS.format(document=graph, shared=iris.SHARED_GRAPH))
    assert isinstance(shared, ox.QueryTriples)
    described = ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES)
    return _core_codelist_ntriples() + (own or b"").decode() + (described or b"").decode()


def document_graph(store: EmbeddedStore, graph: str) -> rdflib.Graph:
    """One document's data for validation (see :func:`document_ntriples`) as an rdflib graph."""
    return rdflib.Graph().parse(data=document_ntriples(store, graph), format="nt")


_CROSS_DOCUMENT_DATA = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT {
    ?line a bkg:BudgetLine ;
          bkg:functionalClassification ?functional ;
          bkg:economicClassification ?economic ;
          bkg:itemName ?name ;
          bkg:orderIndex ?order ;
          prov:wasDerivedFrom ?location .
    ?location a bkg:SourceLocation ;
              bkg:sourceDocument ?document ;
              bkg:tableNumber ?table ;
              bkg:rowNumber ?row ;
              bkg:lineNumber ?lineNumber ;
              bkg:pageNumber ?page .
    ?document bkg:fileName ?file .
    ?concept skos:notation ?notation .
}
WHERE {
    {
        SELECT ?concept WHERE {
            ?candidate a bkg:BudgetLine ; bkg:itemName ?candidateName .
            ?candidate bkg:functionalClassification|bkg:economicClassification ?concept .
        }
        GROUP BY ?concept
        HAVING (COUNT(DISTINCT REPLACE(?candidateName, "[ 　]", "")) > 1)
    }
    { ?line bkg:functionalClassification ?concept . BIND (?concept AS ?functional) }
    UNION
    { ?line bkg:economicClassification ?concept . BIND (?concept AS ?economic) }
    ?line a bkg:BudgetLine ; bkg:itemName ?name ; bkg:orderIndex ?order ; prov:wasDerivedFrom ?location .
    ?location bkg:sourceDocument ?document .
    ?document bkg:fileName ?file .
    ?concept skos:notation ?notation .
    OPTIONAL { ?location bkg:tableNumber ?table }
    OPTIONAL { ?location bkg:rowNumber ?row }
    OPTIONAL { ?location bkg:lineNumber ?lineNumber }
    OPTIONAL { ?location bkg:pageNumber ?page }
}
"""


def cross_document_ntriples(store: EmbeddedStore) -> str:
    """The data of the cross-document pass: for every classification concept printed under more
    than one name in the store, its lines with their locations and document file names."""
    result = store.query(_CROSS_DOCUMENT_DATA)
    assert isinstance(result, ox.QueryTriples)
    return _ntriples(result)


# -- engines ---------------------------------------------------------------------------------


def _format_message(template: str, row: ox.QuerySolution) -> str:
    def replace(match: re.Match[str]) -> str:
        value = row[match.group(1)]
        return _text(value) if value is not None else match.group(0)

    return _PLACEHOLDER.sub(replace, template)


def _run_sparql_shapes(data: ox.Store, cross_document: bool) -> list[_Result]:
    results: list[_Result] = []
    for shape in sparql_shapes(cross_document):
        solutions = data.query(shape.query)
        assert isinstance(solutions, ox.QuerySolutions)
        variables = {variable.value for variable in solutions.variables}
        for row in solutions:
            focus = row["this"]
            if focus is None or isinstance(focus, ox.Triple):
                continue
            value = row["value"] if "value" in variables else focus
            results.append(
                _Result(
                    focus=focus,
                    value=value if not isinstance(value, ox.Triple) else None,
                    shape=shape.iri,
                    severity=shape.severity,
                    messages={lang: _format_message(text, row) for lang, text in shape.messages.items()},
                    path=None,
                    component=SH + "SPARQLConstraintComponent",
                )
            )
    return results


def _results_from_report(report: ox.Store) -> list[_Result]:
    results: list[_Result] = []
    for quad in report.quads_for_pattern(
        None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationResult"), None
    ):
        node = quad.subject
        focus = _value(report, node, SH + "focusNode")
        if focus is None:
            continue
        shape = _value(report, node, SH + "sourceShape")
        severity = _value(report, node, SH + "resultSeverity")
        path = _value(report, node, SH + "resultPath")
        component = _value(report, node, SH + "sourceConstraintComponent")
        results.append(
            _Result(
                focus=focus,
                value=_value(report, node, SH + "value"),
                shape=shape.value if isinstance(shape, ox.NamedNode) else "",
                severity=SEVERITIES.get(_text(severity), "error"),
                messages=_result_messages(report, node),
                path=path.value if isinstance(path, ox.NamedNode) else None,
                component=_text(component) or None,
            )
        )
    return results


_CJK = re.compile(r"[\u4e00-\u9fff]")


def message_language(text: str, language: str | None) -> str:
    """The language of a result message. pyshacl drops the tag of the messages it fills in, so an
    untagged message is taken as English when it has more Latin letters than Chinese characters
    (an English message may quote Chinese names), and as Chinese otherwise."""
    if language:
        return language
    latin = sum(1 for char in text if "a" <= char.lower() <= "z")
    return "en" if latin > len(_CJK.findall(text)) else "zh"


def _result_messages(report: ox.Store, node: Term) -> dict[str, str]:
    return {
        message_language(literal.value, literal.language): literal.value
        for literal in _objects(report, node, SH + "resultMessage")
        if isinstance(literal, ox.Literal)
    }


def _load(text: str) -> ox.Store:
    store = ox.Store()
    if text:
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


class CachedSPARQLProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, keeping each parsed query.

    pyshacl asks the same SHACL-SPARQL query once per focus node, as text; parsing it dominates the
    time of a validation. Registered as rdflib's ``sparql`` processor for the pyshacl engine only;
    the evaluation is rdflib's own.
    """

    cache: ClassVar[dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query]] = {}

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Identifier] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = self.cache.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(strOrQuery), base, initNs)
                self.cache[key] = prepared
            strOrQuery = prepared
        return evalQuery(self.graph, strOrQuery, initBindings, base)


def _run_pyshacl(ntriples: str, cross_document: bool) -> list[_Result]:
    from pyshacl import validate as shacl_validate

    rdflib.plugin.register("sparql", rdflib.query.Processor, __name__, "CachedSPARQLProcessor")

    data = rdflib.Graph().parse(data=ntriples, format="nt")
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(cross_document),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not isinstance(report, rdflib.Graph):
        raise BudgetKGError(f"pyshacl could not validate: {report}")
    store = ox.Store()
    store.load(report.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return _results_from_report(store)


class _Rudof:
    """One rudof session per process and shapes text, reused for every document."""

    sessions: ClassVar[dict[str, Any]] = {}

    @classmethod
    def run(cls, ntriples: str, shapes_text: str, shapes_format: str = "Turtle") -> list[_Result]:
        import pyrudof

        session = cls.sessions.get(shapes_text)
        if session is None:
            session = pyrudof.Rudof(pyrudof.RudofConfig())
            session.read_shacl(shapes_text, getattr(pyrudof.ShaclFormat, shapes_format))
            cls.sessions[shapes_text] = session
        session.reset_data()
        session.read_data(ntriples, pyrudof.RDFFormat.NTriples)
        session.validate_shacl()
        text = session.serialize_shacl_validation_results(pyrudof.ResultShaclValidationFormat.Turtle)
        report = ox.Store()
        report.load(str(text).encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return _results_from_report(report)


def _run_engine(ntriples: str, engine: str, cross_document: bool) -> tuple[list[_Result], ox.Store]:
    data = _load(ntriples)
    if not ntriples.strip():
        return [], data
    if engine == "pyshacl":
        return _run_pyshacl(ntriples, cross_document), data
    if engine == "pyrudof":
        return _Rudof.run(ntriples, _shapes_text(cross_document)), data
    if engine == "fast":
        results = _run_sparql_shapes(data, cross_document)
        core = _core_shapes_text(cross_document)
        if core.strip():
            results.extend(_Rudof.run(ntriples, core, "NTriples"))
        return results, data
    raise BudgetKGError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")


# -- findings --------------------------------------------------------------------------------


def canonical_number(text: str) -> str:
    """A decimal written without trailing zeros (``4077.180`` -> ``4077.18``, ``1.00`` -> ``1``),
    so that findings do not depend on how an engine writes computed decimals; other text as is."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _canonical_text(text: str) -> str:
    return _DECIMAL_TOKEN.sub(lambda match: canonical_number(match.group(1)), text)


def _integer(store: ox.Store, subject: Term | None, predicate: str) -> int | None:
    if subject is None:
        return None
    value = _value(store, subject, BKG + predicate)
    try:
        return int(_text(value)) if value is not None else None
    except ValueError:
        return None


def _document_name(data: ox.Store, node: Term | None, fallback: str) -> str:
    if node is None:
        return fallback
    name = _value(data, node, BKG + "fileName")
    return _text(name) if name is not None else fallback


def _finding(result: _Result, data: ox.Store, rules: dict[str, str], fallback_document: str) -> Finding:
    focus = result.focus
    location = _value(data, focus, PROV_DERIVED)
    if location is None and _value(data, focus, BKG + "sourceDocument") is not None:
        location = focus
    document_node = _value(data, location, BKG + "sourceDocument") if location is not None else None
    if document_node is None and _value(data, focus, BKG + "fileName") is not None:
        document_node = focus
    page = _integer(data, location, "pageNumber")
    if page is None:
        page = _integer(data, _value(data, focus, QB_DATASET), "pageNumber")
    message_en = _canonical_text(result.messages.get("en", ""))
    message_zh = _canonical_text(result.messages.get("zh", message_en))
    rule = rules.get(result.shape)
    match = _EXPECTED_FOUND.search(message_en)
    if rule is not None and match is not None:
        expected: str | None = canonical_number(match.group("expected"))
        found: str | None = canonical_number(match.group("found"))
    else:
        found = None if result.value is None else _canonical_text(_text(result.value))
        expected = None if result.component is None else result.component.rsplit("#", 1)[-1]
    if rule is None:
        rule = "structure." + result.shape.rsplit("#", 1)[-1] if result.shape else "shape"
    return Finding(
        rule_id=rule,
        severity=result.severity,
        message_zh=message_zh,
        message_en=message_en,
        document=_document_name(data, document_node, fallback_document),
        page=page,
        table=_integer(data, location, "tableNumber"),
        row=_integer(data, location, "rowNumber"),
        line=_integer(data, location, "lineNumber"),
        focus=_text(focus),
        path=result.path,
        found=found,
        expected=expected,
    )


def _sort_key(finding: Finding) -> tuple[str, int, int, int, str, str, str, str]:
    return (
        finding.document,
        finding.table or 0,
        finding.row or 0,
        finding.line or 0,
        finding.rule_id,
        finding.focus,
        finding.expected or "",
        finding.found or "",
    )


def _report_ntriples(results: Iterable[_Result]) -> str:
    """A sh:ValidationReport holding the results, as N-Triples."""
    triples: list[ox.Triple] = []
    report = ox.BlankNode()
    items = list(results)
    triples.append(ox.Triple(report, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationReport")))
    conforms = "false" if any(item.severity == "error" for item in items) else "true"
    triples.append(
        ox.Triple(
            report,
            ox.NamedNode(SH + "conforms"),
            ox.Literal(conforms, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        )
    )
    for item in items:
        node = ox.BlankNode()
        triples.append(ox.Triple(report, ox.NamedNode(SH + "result"), node))
        triples.append(ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationResult")))
        triples.append(ox.Triple(node, ox.NamedNode(SH + "focusNode"), item.focus))
        if item.value is not None:
            triples.append(ox.Triple(node, ox.NamedNode(SH + "value"), item.value))
        if item.shape:
            triples.append(ox.Triple(node, ox.NamedNode(SH + "sourceShape"), ox.NamedNode(item.shape)))
        if item.component:
            triples.append(
                ox.Triple(node, ox.NamedNode(SH + "sourceConstraintComponent"), ox.NamedNode(item.component))
            )
        if item.path:
            triples.append(ox.Triple(node, ox.NamedNode(SH + "resultPath"), ox.NamedNode(item.path)))
        triples.append(
            ox.Triple(node, ox.NamedNode(SH + "resultSeverity"), ox.NamedNode(SEVERITY_TERMS[item.severity]))
        )
        for language, text in sorted(item.messages.items()):
            triples.append(
                ox.Triple(node, ox.NamedNode(SH + "resultMessage"), ox.Literal(text, language=language))
            )
    return _ntriples(triples)


def validate_ntriples(
    ntriples: str, engine: str = DEFAULT_ENGINE, cross_document: bool = False, document: str = ""
) -> tuple[list[Finding], str]:
    """Validate one graph given as N-Triples; the findings and the SHACL report (N-Triples)."""
    results, data = _run_engine(ntriples, engine, cross_document)
    if not document:
        names = list(data.quads_for_pattern(None, ox.NamedNode(BKG + "fileName"), None, None))
        document = _text(names[0].object) if len(names) == 1 else ""
    rules = rule_ids(cross_document)
    findings = sorted({_finding(result, data, rules, document) for result in results}, key=_sort_key)
    return findings, _report_ntriples(results)


def validate_graph(data: rdflib.Graph, engine: str = DEFAULT_ENGINE) -> tuple[list[Finding], rdflib.Graph]:
    """Validate one document graph (an rdflib graph) against the per-document shapes."""
    findings, report = validate_ntriples(data.serialize(format="nt"), engine)
    return findings, rdflib.Graph().parse(data=report, format="nt")


def _validate_payload(payload: tuple[str, str, str]) -> tuple[str, list[Finding], str, float]:
    """Worker entry point: validate one document's graph."""
    name, ntriples, engine = payload
    start = time.perf_counter()
    findings, report = validate_ntriples(ntriples, engine, document=name)
    return name, findings, report, time.perf_counter() - start


def _pool_context() -> multiprocessing.context.BaseContext:
    """Worker processes started from a fresh interpreter ("forkserver", else "spawn"): forking a
    process that runs threads (a server, the store's) can leave a worker waiting forever on a lock."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _document_name_of_graph(graph: str) -> str:
    from urllib.parse import unquote

    return unquote(graph.rsplit("/", 1)[-1])


def validate_store(
    store: EmbeddedStore,
    engine: str = DEFAULT_ENGINE,
    workers: int | None = None,
    graphs: Sequence[str] | None = None,
    cross_document: bool = True,
) -> ValidationResult:
    """Validate every document graph of the store (in parallel), then the rules across documents.

    ``workers`` is the number of processes (default: the number of cores); with one worker, or a
    single document, everything runs in this process.
    """
    if engine not in ENGINES:
        raise BudgetKGError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    names = list(graphs) if graphs is not None else store.document_graphs()
    count = workers if workers is not None else (os.cpu_count() or 1)
    outcomes: list[tuple[str, list[Finding], str, float]] = []
    if count > 1 and len(names) > 1:
        # Each document's data is handed to the pool as soon as it is read from the store, so that
        # reading and validating overlap.
        with ProcessPoolExecutor(max_workers=min(count, len(names)), mp_context=_pool_context()) as pool:
            futures = [
                pool.submit(
                    _validate_payload,
                    (_document_name_of_graph(graph), document_ntriples(store, graph), engine),
                )
                for graph in names
            ]
            outcomes = [future.result() for future in futures]
    else:
        outcomes = [
            _validate_payload((_document_name_of_graph(graph), document_ntriples(store, graph), engine))
            for graph in names
        ]
    findings: list[Finding] = []
    reports: list[str] = []
    seconds: dict[str, float] = {}
    for name, document_findings, report, elapsed in outcomes:
        findings.extend(document_findings)
        reports.append(report)
        seconds[name] = elapsed
    if cross_document and names:
        cross_findings, cross_report = validate_ntriples(
            cross_document_ntriples(store), engine, cross_document=True
        )
        findings.extend(cross_findings)
        reports.append(cross_report)
    findings.sort(key=_sort_key)
    return ValidationResult(findings, reports, [name for name, *_ in outcomes], seconds)


# -- output ------------------------------------------------------------------------------------


def findings_json(result: ValidationResult) -> str:
    """The findings as a JSON document."""
    payload = {
        "conforms": result.conforms,
        "count": len(result.findings),
        "findings": [asdict(finding) for finding in result.findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def findings_text(result: ValidationResult) -> str:
    """The findings for people: one line each, grouped by document."""
    if not result.findings:
        return "No findings: every document conforms to the shapes.\n"
    lines: list[str] = []
    for finding in result.findings:
        where = [finding.document]
        if finding.page is not None:
            where.append(f"page {finding.page}")
        if finding.table is not None:
            where.append(f"table {finding.table}")
        if finding.row is not None:
            where.append(f"row {finding.row}")
        if finding.line is not None:
            where.append(f"line {finding.line}")
        if finding.rule_id.startswith("structure."):
            detail = f" ({finding.path.rsplit('#', 1)[-1]}" if finding.path else " ("
            detail += f"; found {finding.found})" if finding.found else ")"
            message = f"{finding.message_en} / {finding.message_zh}{detail}"
        else:
            message = f"{finding.message_en} / {finding.message_zh}"
        lines.append(f"[{finding.severity}] {', '.join(where)}: {message} [{finding.rule_id}]")
    counts = {severity: sum(f.severity == severity for f in result.findings) for severity in SEVERITY_TERMS}
    lines.append(
        f"{len(result.findings)} finding(s): {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info."
    )
    return "\n".join(lines) + "\n"


def report_turtle(result: ValidationResult, path: Path | None = None) -> str:
    """All SHACL validation reports merged into one Turtle document."""
    triples: list[ox.Triple] = []
    for report in result.reports:
        triples.extend(ox.parse(report.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"sh": SH, "bkg": BKG, "bkgsh": BKGSH})
    text = data.decode("utf-8") if data else ""
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text
