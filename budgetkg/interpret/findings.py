"""Extraction findings: the rule ids of what reading a document left unread, and the records of it.

The rules are data: each ``extract.*`` rule id is declared, with its severity, name and description,
by a shape of ``shapes/extraction.ttl`` (the shape that also reports its findings at validation).
Any part of the program that gives up on part of a document records it with :func:`record`, e.g.
``record(extraction, "extract.table-unread", source, "…", "…", printed=title)``.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from budgetkg.model import Extraction, ExtractionFinding, Source
from budgetkg.paths import SHAPES_DIR
from budgetkg.validate.terms import BKGSH, SEVERITIES, SH

RULES_FILE = SHAPES_DIR / "extraction.ttl"
RULE_PREFIX = "extract."

CELL_UNREADABLE = "extract.cell-unreadable"
COLUMN_UNMAPPED = "extract.column-unmapped"
TABLE_UNINTERPRETABLE = "extract.table-uninterpretable"
TABLE_UNRECOGNISED = "extract.table-unrecognised"
TABLE_UNREAD = "extract.table-unread"
PAGE_UNREAD = "extract.page-unread"
IDENTITY_DIFFERS = "extract.identity-differs"


class UnknownRuleError(KeyError):
    """An extraction finding names a rule that ``shapes/extraction.ttl`` does not declare."""


@cache
def extraction_rules() -> dict[str, str]:
    """Every ``extract.*`` rule id declared in ``shapes/extraction.ttl``, with its severity."""
    quads = list(ox.parse(path=str(RULES_FILE), format=ox.RdfFormat.TURTLE))
    severity_of = {
        quad.subject: SEVERITIES.get(quad.object.value, "")
        for quad in quads
        if quad.predicate.value == SH + "severity"
    }
    rules = {
        quad.object.value: severity_of.get(quad.subject, "")
        for quad in quads
        if quad.predicate.value == BKGSH + "ruleId" and quad.object.value.startswith(RULE_PREFIX)
    }
    for rule, severity in rules.items():
        if severity not in ("info", "warning"):
            raise ValueError(f"{RULES_FILE.name}: rule {rule} must be info or warning, not {severity!r}")
    return rules


def extraction_finding(
    rule: str, source: Source, reason_zh: str, reason_en: str, printed: str = ""
) -> ExtractionFinding:
    """A finding of a declared rule, with the severity the rule declares."""
    severity = extraction_rules().get(rule)
    if severity is None:
        raise UnknownRuleError(f"{rule!r} is not declared in {RULES_FILE.name}")
    return ExtractionFinding(rule, severity, reason_zh, reason_en, source, printed)


def record(
    extraction: Extraction, rule: str, source: Source, reason_zh: str, reason_en: str, printed: str = ""
) -> None:
    """Add a finding of ``rule`` to what was read from the document."""
    extraction.findings.append(extraction_finding(rule, source, reason_zh, reason_en, printed))
