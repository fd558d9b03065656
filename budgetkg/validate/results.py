"""SHACL validation results, whichever engine produced them: read from an engine's
sh:ValidationReport, and written back as one report per validated graph."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pyoxigraph as ox

from budgetkg.validate.evidence import canonical_message, without_evidence
from budgetkg.validate.terms import (
    RDF_TYPE,
    SEVERITIES,
    SEVERITY_TERMS,
    SH,
    Term,
    first_value,
    objects,
    term_text,
    to_ntriples,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


@dataclass(frozen=True)
class EngineResult:
    """One SHACL validation result, whichever engine produced it."""

    focus: Term
    value: Term | None
    shape: str
    severity: str
    messages: dict[str, str]
    path: str | None
    component: str | None


def with_canonical_messages(results: Iterable[EngineResult]) -> list[EngineResult]:
    """The results with their messages written as :func:`~budgetkg.validate.evidence.canonical_message`
    writes them, so that findings and reports do not depend on the engine that filled them in."""
    return [
        replace(
            result, messages={language: canonical_message(text) for language, text in result.messages.items()}
        )
        for result in results
    ]


CHINESE_ENDING = "（应为"
"""How every Chinese result message states what was expected (``（应为 …；实为 …）``)."""


def message_language(text: str, language: str | None) -> str:
    """The language of a result message. pyshacl drops the tag of the messages it fills in, so an
    untagged message is taken as English when it has more Latin letters than Chinese characters
    (an English message may quote Chinese names), and as Chinese otherwise. A message ending the
    Chinese way (``（应为 …；实为 …）``) is Chinese whatever the figures it quotes, and the evidence
    at the end of a rule's message, which quotes the document in either language, is not counted."""
    if language:
        return language
    if CHINESE_ENDING in text:
        return "zh"
    text = without_evidence(text)
    latin = sum(1 for char in text if "a" <= char.lower() <= "z")
    return "en" if latin > len(_CJK.findall(text)) else "zh"


def _result_messages(report: ox.Store, node: Term) -> dict[str, str]:
    return {
        message_language(literal.value, literal.language): literal.value
        for literal in objects(report, node, SH + "resultMessage")
        if isinstance(literal, ox.Literal)
    }


def results_from_report(report: ox.Store) -> list[EngineResult]:
    """The results of a sh:ValidationReport held in a store."""
    results: list[EngineResult] = []
    for quad in report.quads_for_pattern(
        None, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationResult"), None
    ):
        node = quad.subject
        focus = first_value(report, node, SH + "focusNode")
        if focus is None:
            continue
        shape = first_value(report, node, SH + "sourceShape")
        severity = first_value(report, node, SH + "resultSeverity")
        path = first_value(report, node, SH + "resultPath")
        component = first_value(report, node, SH + "sourceConstraintComponent")
        results.append(
            EngineResult(
                focus=focus,
                value=first_value(report, node, SH + "value"),
                shape=shape.value if isinstance(shape, ox.NamedNode) else "",
                severity=SEVERITIES.get(term_text(severity), "error"),
                messages=_result_messages(report, node),
                path=path.value if isinstance(path, ox.NamedNode) else None,
                component=term_text(component) or None,
            )
        )
    return results


def report_ntriples(
    results: Iterable[EngineResult], details: Sequence[Mapping[str, str | None]] | None = None
) -> str:
    """A sh:ValidationReport holding the results, as N-Triples. ``details`` gives, for each result
    in turn, further text properties of the result (predicate IRI to text): the evidence of its
    finding and what the document prints there."""
    triples: list[ox.Triple] = []
    report = ox.BlankNode()
    items = list(results)
    triples.append(ox.Triple(report, ox.NamedNode(RDF_TYPE), ox.NamedNode(SH + "ValidationReport")))
    conforms = "false" if any(item.severity == "error" for item in items) else "true"
    triples.append(
        ox.Triple(
            report, ox.NamedNode(SH + "conforms"), ox.Literal(conforms, datatype=ox.NamedNode(_XSD_BOOLEAN))
        )
    )
    for index, item in enumerate(items):
        node = ox.BlankNode()
        for predicate, text in (details[index] if details is not None else {}).items():
            if text:
                triples.append(ox.Triple(node, ox.NamedNode(predicate), ox.Literal(text)))
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
    return to_ntriples(triples)
