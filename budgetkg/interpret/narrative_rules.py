"""The phrasing rules of ``extract/narrative.toml`` compiled into patterns."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from budgetkg.paths import EXTRACT_DIR

NUMBER = r"(?P<amount>\d[\d,]*(?:\.\d+)?)"
_CLAUSE_START = r"(?<=[，,。；;：:])"
_SENTENCE_CLAUSE_START = r"(?:^|(?<=[，。；;：:])|(?<=(?<!\d),))"
"""The start of the text or of a clause, but not a thousands separator (16,474.82)."""
_BRACKET = r"（[^）]{0,12}）"


@dataclass(frozen=True)
class StatementRule:
    """One way of wording a figure: its topic, its pattern, and the unit of a quantity."""

    topic: str
    pattern: re.Pattern[str]
    guards: tuple[str, ...] = ()
    """Words that, in the clause before the statement, make it a plan, a comparison or a part."""
    quantity: bool = False
    fallback: bool = False
    """Read only where no rule of the same topic without ``fallback`` found anything."""
    generic: bool = False
    """Read only where no other rule read the same words."""


@dataclass(frozen=True)
class NarrativeRules:
    """Every rule of ``extract/narrative.toml``."""

    statements: tuple[StatementRule, ...]
    staff: tuple[tuple[str, re.Pattern[str]], ...]
    final_plan: str
    final_actual: str
    final_phases: frozenset[str]
    withheld_words: tuple[str, ...]
    decrease: str
    """The word of a stated change that makes it negative (减少)."""


def _alternatives(words: list[str], escape: bool = True) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(word) if escape else word for word in ordered) + ")"


def _change(data: dict[str, Any]) -> str:
    """A stated change against another year: required; the caller makes it optional where it may be
    absent."""
    amount = r"\d[\d,]*(?:\.\d+)?"
    return (
        r"[，,]"
        + _alternatives(data["from"])
        + _alternatives(data["base"], escape=False)
        + "?"
        + _alternatives(data["base_qualifiers"])
        + "*"
        + f"(?:(?P<base>{amount})万元)?"
        + f"(?P<direction>{re.escape(data['increase'])}|{re.escape(data['decrease'])})"
        + f"(?P<change>{amount})万元"
        + r"(?:[，,]"
        + _alternatives(data["percent_words"])
        + r"(?P<percent>\d+(?:\.\d+)?)%)?"
    )


def _before(rule: dict[str, Any]) -> str:
    """Lookbehinds: words that must not, or one of which must, stand before the subject."""
    text = "".join(f"(?<!{re.escape(word)})" for word in rule.get("not_after", []))
    if rule.get("after"):
        text += "(?:" + "|".join(f"(?<={re.escape(word)})" for word in rule["after"]) + ")"
    return text


def _guards(rule: dict[str, Any], guards: dict[str, list[str]]) -> tuple[str, ...]:
    return tuple(word for name in rule.get("guards", []) for word in guards[name])


def _amount_rule(rule: dict[str, Any], data: dict[str, Any], change: str) -> StatementRule:
    qualifiers: dict[str, list[str]] = data["qualifiers"]
    between = ""
    if "pattern" in rule:
        between = rule["pattern"]
    elif "qualifiers" in rule:
        words = _alternatives(qualifiers[rule["qualifiers"]])
        if rule.get("bracket"):
            words = f"(?:{words}|{_BRACKET})"
        between = f"(?P<qualifiers>{words}*)"
    subject = f"(?P<subject>{_alternatives(rule['subjects'])})"
    pattern = _before(rule) + subject + between + NUMBER + "万元" + f"(?:{change})?"
    return StatementRule(rule["topic"], re.compile(pattern), _guards(rule, data["guards"]))


def _changed_amount_rule(data: dict[str, Any], change: str) -> StatementRule:
    """Any amount of a clause stated with its change: read where no other rule read those words."""
    rule = data["changed_amount"]
    subject = f"{_SENTENCE_CLAUSE_START}(?P<subject>{rule['subject']})(?<![\\d,.])"
    pattern = subject + NUMBER + "万元" + change
    return StatementRule(rule["topic"], re.compile(pattern), _guards(rule, data["guards"]), generic=True)


def _quantity_rule(rule: dict[str, Any], data: dict[str, Any]) -> StatementRule:
    starts = []
    if rule.get("holders"):
        starts.append(_alternatives(rule["holders"]))
    if rule.get("clause_start"):
        starts.append(_CLAUSE_START)
    start = "(?:" + "|".join(starts) + ")" if starts else ""
    words = _alternatives(data["qualifiers"]["quantity"])
    pattern = (
        start
        + f"(?P<subject>{_alternatives(rule['subjects'])})(?P<qualifiers>{words}*)"
        + NUMBER
        + f"(?P<unit>{_alternatives(rule['units'])})"
    )
    return StatementRule(
        rule["topic"],
        re.compile(pattern),
        _guards(rule, data["guards"]),
        quantity=True,
        fallback=bool(rule.get("fallback")),
    )


@cache
def narrative_rules() -> NarrativeRules:
    """The rules of ``extract/narrative.toml``."""
    with (EXTRACT_DIR / "narrative.toml").open("rb") as handle:
        data = tomllib.load(handle)
    change = _change(data["change"])
    statements = [_amount_rule(rule, data, change) for rule in data["amount"]]
    statements += [_quantity_rule(rule, data) for rule in data["quantity"]]
    statements.append(_changed_amount_rule(data, change))
    final = data["final"]
    return NarrativeRules(
        statements=tuple(statements),
        staff=tuple(
            (category, re.compile(pattern))
            for category, patterns in data["staff"].items()
            for pattern in patterns
        ),
        final_plan=final["plan"],
        final_actual=final["actual"],
        final_phases=frozenset(final["phases"]),
        decrease=data["change"]["decrease"],
        withheld_words=tuple(data["withheld"]["words"]),
    )
