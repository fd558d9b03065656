"""Findings of a validation run, kept in the store so that saved questions can count them.

Each validated document gets one named graph, ``…/id/graph/findings/<file name>``, that holds its
findings as ``bkg:Finding`` nodes: rule id, severity, message in Chinese and English, the document,
the node concerned and the expected and found values. Recording a run replaces the graph of every
document it validated, so a document that now conforms has an empty findings graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from urllib.parse import quote

import pyoxigraph as ox

from budgetkg.paths import QUERIES_DIR
from budgetkg.questions import load_question
from budgetkg.rdf import iris
from budgetkg.rdf.builder import QuadBuilder
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore
from budgetkg.validate import Finding, ValidationResult

FINDINGS_GRAPH_PREFIX = iris.BASE + "graph/findings/"

_DOCUMENT_FILES = QUERIES_DIR / "internal" / "document-files.rq"


def findings_graph(file_name: str) -> str:
    """The named graph holding the findings of one document."""
    return FINDINGS_GRAPH_PREFIX + quote(file_name, safe="")


def finding_iri(finding: Finding) -> str:
    """A stable IRI for a finding: the same finding of a later run gets the same IRI."""
    key = "\x1f".join(
        [
            finding.document,
            finding.rule_id,
            finding.focus,
            finding.path or "",
            finding.expected or "",
            finding.found or "",
        ]
    )
    return f"{iris.BASE}finding/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:20]}"


def _document_iris(store: EmbeddedStore) -> dict[str, str]:
    solutions = store.query(load_question(_DOCUMENT_FILES).text)
    assert isinstance(solutions, ox.QuerySolutions)
    found: dict[str, str] = {}
    for row in solutions:
        document, name = row["document"], row["name"]
        if isinstance(document, ox.NamedNode) and isinstance(name, ox.Literal):
            found[name.value] = document.value
    return found


def finding_quads(findings: list[Finding], file_name: str, document_iri: str | None) -> list[ox.Quad]:
    """The quads of one document's findings graph."""
    out = QuadBuilder(findings_graph(file_name))
    for finding in findings:
        node = finding_iri(finding)
        out.types(node, BKG.Finding)
        out.text(node, BKG.ruleId, finding.rule_id)
        out.text(node, BKG.severity, finding.severity)
        out.text(node, BKG.message, finding.message_zh, "zh")
        out.text(node, BKG.message, finding.message_en, "en")
        out.iri(node, BKG.findingDocument, document_iri)
        if finding.focus.startswith(("http://", "https://")):
            out.iri(node, BKG.concerns, finding.focus)
        out.text(node, BKG.expectedValue, finding.expected)
        out.text(node, BKG.foundValue, finding.found)
        out.text(node, BKG.evidence, finding.evidence)
        out.text(node, BKG.quotedText, finding.printed)
        out.text(node, BKG.readingCaveat, finding.reading)
    return out.quads


def record_findings(store: EmbeddedStore, result: ValidationResult) -> int:
    """Replace the findings graph of every document of ``result``; the number of findings written."""
    by_document: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_document[finding.document].append(finding)
    documents = _document_iris(store)
    written = 0
    for name in sorted(set(result.documents) | set(by_document)):
        if not name:
            continue
        quads = finding_quads(by_document.get(name, []), name, documents.get(name))
        store.replace_graph(findings_graph(name), quads)
        written += len(by_document.get(name, []))
    store.flush()
    return written
