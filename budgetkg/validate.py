"""SHACL validation of each document graph with pyshacl, and the findings it reports.

Each document's named graph is validated on its own, as a plain rdflib graph together with the
core code lists (so that concept types are visible), without inference.  Every finding points at
the document and, where the focus node was read from a table row, at its page, table and row.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from budgetkg.paths import CODELIST_DIR, ONTOLOGY_DIR, SHAPES_DIR
from budgetkg.rdf import iris
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore

_PROV_DERIVED = rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
_SEVERITIES = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}


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
    """The findings of one run, and the SHACL report graphs they came from."""

    findings: list[Finding]
    reports: list[rdflib.Graph]

    @property
    def conforms(self) -> bool:
        """True when nothing of severity error was found."""
        return not any(finding.severity == "error" for finding in self.findings)


@cache
def shapes_graph() -> rdflib.Graph:
    """All shapes in ``shapes/``."""
    graph = rdflib.Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> rdflib.Graph:
    """The ontology, given to pyshacl for class hierarchy look-ups."""
    return rdflib.Graph().parse(ONTOLOGY_DIR / "budget.ttl", format="turtle")


@cache
def _core_codelist_ntriples() -> str:
    return rdflib.Graph().parse(CODELIST_DIR / "core.ttl", format="turtle").serialize(format="nt")


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def document_graph(store: EmbeddedStore, graph: str) -> rdflib.Graph:
    """One document's named graph as a plain rdflib graph, with the core code lists added and the
    shared descriptions (organisations, codes, projects) of the nodes it refers to."""
    data = rdflib.Graph()
    data.parse(data=_core_codelist_ntriples(), format="nt")
    referenced: set[str] = set()
    for quad in store.graph_quads(graph):
        data.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
        if isinstance(quad.object, ox.NamedNode):
            referenced.add(quad.object.value)
    for quad in store.graph_quads(iris.SHARED_GRAPH):
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value in referenced:
            data.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return data


def _first(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.term.Node) -> str | None:
    value = graph.value(subject, predicate)
    return None if value is None else str(value)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def findings_from_report(report: rdflib.Graph, data: rdflib.Graph, shapes: rdflib.Graph) -> list[Finding]:
    """Flatten a SHACL report into findings that name the document, page, table and row."""
    document = next((str(name) for name in data.objects(None, BKG.fileName)), "")
    findings: list[Finding] = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        source_shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        severity_term = report.value(result, SH.resultSeverity)
        severity = "error"
        if isinstance(severity_term, rdflib.URIRef):
            severity = _SEVERITIES.get(severity_term, "error")
        messages = {
            (message.language or "en"): str(message)
            for message in report.objects(result, SH.resultMessage)
            if isinstance(message, rdflib.Literal)
        }
        location = data.value(focus, _PROV_DERIVED) if focus is not None else None
        shape_name = shapes.value(source_shape, SH.name) if source_shape is not None else None
        rule = str(source_shape).rsplit("#", 1)[-1] if source_shape is not None else "shape"
        findings.append(
            Finding(
                rule_id=f"structure.{rule}",
                severity=severity,
                message_zh=messages.get("zh", messages.get("en", "")),
                message_en=messages.get("en", str(shape_name or "")),
                document=document,
                page=_int(_first(data, location, BKG.pageNumber)) if location is not None else None,
                table=_int(_first(data, location, BKG.tableNumber)) if location is not None else None,
                row=_int(_first(data, location, BKG.rowNumber)) if location is not None else None,
                line=_int(_first(data, location, BKG.lineNumber)) if location is not None else None,
                focus=str(focus),
                path=None if path is None else str(path),
                found=None if value is None else str(value),
                expected=None if component is None else str(component).rsplit("#", 1)[-1],
            )
        )
    findings.sort(key=lambda f: (f.document, f.table or 0, f.row or 0, f.line or 0, f.rule_id, f.focus))
    return findings


def validate_graph(data: rdflib.Graph) -> tuple[list[Finding], rdflib.Graph]:
    """Validate one document graph against the shapes."""
    shapes = shapes_graph()
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    assert isinstance(report, rdflib.Graph)
    return findings_from_report(report, data, shapes), report


def validate_store(store: EmbeddedStore) -> ValidationResult:
    """Validate every document graph of the store."""
    findings: list[Finding] = []
    reports: list[rdflib.Graph] = []
    for graph in store.document_graphs():
        graph_findings, report = validate_graph(document_graph(store, graph))
        findings.extend(graph_findings)
        reports.append(report)
    return ValidationResult(findings, reports)


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
        detail = f" ({finding.path.rsplit('#', 1)[-1]}" if finding.path else " ("
        detail += f"; found {finding.found})" if finding.found else ")"
        lines.append(
            f"[{finding.severity}] {', '.join(where)}: {finding.message_en} / {finding.message_zh}{detail}"
            f" [{finding.rule_id}]"
        )
    lines.append(f"{len(result.findings)} finding(s).")
    return "\n".join(lines) + "\n"


def report_turtle(result: ValidationResult, path: Path | None = None) -> str:
    """All SHACL validation reports merged into one Turtle document."""
    merged = rdflib.Graph()
    merged.bind("sh", SH)
    for report in result.reports:
        for triple in report:
            merged.add(triple)
    text = merged.serialize(format="turtle")
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text
