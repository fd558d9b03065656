"""Facts stated in the narrative: staff numbers, and amounts the explanation sections state."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.interpret.narrative_rules import StatementRule, narrative_rules
from budgetkg.interpret.narrative_shares import read_shares
from budgetkg.interpret.narrative_text import NarrativeText, join_narrative
from budgetkg.layout import Paragraph
from budgetkg.model import Extraction, NarrativeStatement, StaffFigure
from budgetkg.numbers import parse_amount

_RULES = narrative_rules()
_ORG_BEFORE = re.compile(r"([^。，；：:,;]+?)共有编制\d+人$")
WITHHELD_WORDS = _RULES.withheld_words
_CLAUSE_END = re.compile(r"[，,。；;：:]")


def _decimal(text: str | None) -> Decimal | None:
    return parse_amount(text) if text else None


def read_narrative(paragraphs: list[Paragraph], extraction: Extraction) -> None:
    """Add staff figures and stated amounts found in the narrative."""
    document = extraction.document.name
    _read_staff(join_narrative(paragraphs, document, separator="。"), extraction)
    narrative = join_narrative(paragraphs, document)
    final = extraction.document.phase in _RULES.final_phases
    read_topics: set[str] = set()
    read_spans: list[tuple[int, int]] = []
    for rule in _RULES.statements:
        if rule.fallback and rule.topic in read_topics:
            continue
        for match in rule.pattern.finditer(narrative.text):
            if _guarded(narrative.text, match, rule.guards) or (final and _plan_of_a_final_account(match)):
                continue
            if rule.generic and any(start < match.end() and match.start() < end for start, end in read_spans):
                continue
            read_topics.add(rule.topic)
            read_spans.append(match.span())
            extraction.statements.append(_statement(rule, match, narrative))
    extraction.statements.extend(read_shares(narrative))


def _guarded(text: str, match: re.Match[str], guards: tuple[str, ...]) -> bool:
    """True when the clause before the statement makes it a plan, a comparison or a part."""
    clause = _CLAUSE_END.split(text[max(0, match.start() - 60) : match.start()])[-1]
    return any(word in clause for word in guards)


def _plan_of_a_final_account(match: re.Match[str]) -> bool:
    """In the accounts of a year, a figure called 预算 and not 决算 is the plan, not the outcome."""
    qualifiers = match.groupdict().get("qualifiers") or ""
    return _RULES.final_plan in qualifiers and _RULES.final_actual not in qualifiers


def _statement(rule: StatementRule, match: re.Match[str], narrative: NarrativeText) -> NarrativeStatement:
    found = match.groupdict()
    direction = found.get("direction")
    change = _decimal(found.get("change"))
    percent = _decimal(found.get("percent"))
    if direction == _RULES.decrease:
        change = -change if change is not None else None
        percent = -percent if percent is not None else None
    value = _decimal(found["amount"])
    return NarrativeStatement(
        topic=rule.topic,
        amount=None if rule.quantity else value,
        quantity=value if rule.quantity else None,
        quantity_unit=found.get("unit") if rule.quantity else None,
        change_amount=change,
        change_percent=percent,
        text=match.group(0),
        source=narrative.source_at(match.start()),
        change_base=_decimal(found.get("base")),
    )


def _read_staff(narrative: NarrativeText, extraction: Extraction) -> None:
    found: list[tuple[int, str, int, str]] = []
    for category, pattern in _RULES.staff:
        for match in pattern.finditer(narrative.text):
            found.append((match.start(), category, int(match.group("count")), match.group(0)))
    organisation = extraction.document.department_name
    for start, category, count, _ in sorted(found):
        if category == "establishment":
            before = narrative.text[max(0, start - 40) : start] + narrative.text[start : start + 12]
            owner = _ORG_BEFORE.search(re.sub(r"共有编制(\d+)人.*$", r"共有编制\1人", before))
            if owner:
                organisation = owner.group(1).split("。")[-1]
        extraction.staff.append(
            StaffFigure(
                organisation=organisation,
                category=category,
                headcount=count,
                source=narrative.source_at(start),
            )
        )


def mentions_withheld(narrative: NarrativeText) -> bool:
    """True when the narrative says that some amounts are withheld."""
    return any(word in narrative.text for word in WITHHELD_WORDS)
