"""Findings: what a validation run reports, each SHACL result turned into a problem that names
the rule, its severity, its messages and where in the document it was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from budgetkg.validate.evidence import canonical_number, canonical_text
from budgetkg.validate.results import EngineResult
from budgetkg.validate.terms import BKG, PROV_DERIVED, QB_DATASET, Term, first_value, term_text

_EXPECTED_FOUND = re.compile(
    r"\(expected (?:at most )?(?P<expected>.*?); found (?P<found>.*?)(?:; from (?P<evidence>.*))?\)\.?\s*$"
)
_QUOTE_LENGTH = 160
"""The longest quote of a printed sentence a finding carries, in characters."""


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
    evidence: str | None = None
    """The figures the rule computed from (``302 = 21.21 + 7.61``), as the rule states them."""
    printed: str | None = None
    """A short quote of what the document prints where the finding points: the row (code, name
    and printed amount) or the sentence."""
    reading: str | None = None
    """Set when the finding may come from a reading gap of budgetkg rather than from the document:
    the extraction finding of the same table that explains it."""


@dataclass(frozen=True)
class ValidationResult:
    """The findings of one run, the SHACL reports (N-Triples, one per document and one for the
    cross-document pass), the documents validated and the validation time of each (wall clock and
    CPU time of the process that validated it)."""

    findings: list[Finding]
    reports: list[str]
    documents: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """True when nothing of severity error was found."""
        return not any(finding.severity == "error" for finding in self.findings)


def _integer(store: ox.Store, subject: Term | None, predicate: str) -> int | None:
    if subject is None:
        return None
    value = first_value(store, subject, BKG + predicate)
    try:
        return int(term_text(value)) if value is not None else None
    except ValueError:
        return None


def _document_name(data: ox.Store, node: Term | None, fallback: str) -> str:
    if node is None:
        return fallback
    name = first_value(data, node, BKG + "fileName")
    return term_text(name) if name is not None else fallback


def _quote(text: str, around: str | None) -> str:
    """A sentence cut to :data:`_QUOTE_LENGTH` characters, kept around ``around`` where it occurs."""
    text = " ".join(text.split())
    if len(text) <= _QUOTE_LENGTH:
        return text
    position = text.find(around) if around else -1
    start = max(0, min(position - _QUOTE_LENGTH // 2, len(text) - _QUOTE_LENGTH)) if position >= 0 else 0
    return ("…" if start else "") + text[start : start + _QUOTE_LENGTH] + "…"


def printed_quote(data: ox.Store, focus: Term, found: str | None) -> str | None:
    """What the document prints where a focus node was read: its sentence (or a table's note that
    it is empty), or its row as code, name and printed amount."""
    sentence = first_value(data, focus, BKG + "statementText")
    if sentence is None:
        sentence = first_value(data, focus, BKG + "emptyStatement")
    if sentence is not None:
        return _quote(term_text(sentence), found)
    parts: list[str] = []
    code = first_value(data, focus, BKG + "code")
    if code is not None:
        parts.append(f"[{term_text(code)}]")
    name = first_value(data, focus, BKG + "itemName")
    if name is not None:
        parts.append(term_text(name))
    printed = first_value(data, focus, BKG + "printedValue")
    if printed is not None:
        unit = first_value(data, focus, BKG + "printedUnit")
        parts.append(term_text(printed) + (f" {term_text(unit)}" if unit is not None else ""))
    return _quote(" ".join(parts), found) if parts else None


def make_finding(
    result: EngineResult, data: ox.Store, rules: dict[str, str], fallback_document: str
) -> Finding:
    """The finding of one result (its messages already canonical, see
    :func:`~budgetkg.validate.results.with_canonical_messages`): its rule, its messages, and the
    source location of its focus node looked up in the validated ``data``."""
    focus = result.focus
    location = first_value(data, focus, PROV_DERIVED)
    if location is None and (
        first_value(data, focus, BKG + "sourceDocument") is not None
        or first_value(data, focus, BKG + "tableNumber") is not None
    ):
        location = focus
    document_node = first_value(data, location, BKG + "sourceDocument") if location is not None else None
    if document_node is None and first_value(data, focus, BKG + "fileName") is not None:
        document_node = focus
    page = _integer(data, location, "pageNumber")
    if page is None:
        page = _integer(data, first_value(data, focus, QB_DATASET), "pageNumber")
    message_en = result.messages.get("en", "")
    message_zh = result.messages.get("zh", message_en)
    rule = rules.get(result.shape)
    match = _EXPECTED_FOUND.search(message_en)
    if rule is not None and match is not None:
        expected: str | None = canonical_number(match.group("expected"))
        found: str | None = canonical_number(match.group("found"))
        evidence = match.group("evidence")
    else:
        evidence = None
        found = None if result.value is None else canonical_text(term_text(result.value))
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
        focus=term_text(focus),
        path=result.path,
        found=found,
        expected=expected,
        evidence=evidence.strip() if evidence else None,
        printed=printed_quote(data, focus, found),
    )


def finding_order(finding: Finding) -> tuple[str, int, int, int, str, str, str, str]:
    """The order findings are reported in: by document, table, row, line, then rule."""
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
