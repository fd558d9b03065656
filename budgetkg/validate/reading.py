"""What the document says wrong, kept apart from what budgetkg read wrong.

A rule that fires on a table budgetkg could not read in full (an amount column left unmapped, a
cell it could not read, rows it could not interpret) may be reporting the reading gap rather than
an error of the document. Such a finding keeps its rule and figures, but carries the extraction
finding that explains it and is lowered to information: the severity of a document error never
comes from a reading failure. Which extraction rules cast doubt on which findings is data, in
``extract/reading_caveats.toml``.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from budgetkg.paths import EXTRACT_DIR
from budgetkg.validate.findings import Finding

_CAVEATS = EXTRACT_DIR / "reading_caveats.toml"


@dataclasses.dataclass(frozen=True)
class CaveatRules:
    """The extraction rules that cast doubt on the findings of their own table, and those that
    cast doubt on the findings of the rules comparing a whole document (by their prefix)."""

    same_table: frozenset[str]
    whole_document: frozenset[str]
    document_rule_prefixes: tuple[str, ...]
    severity: str


@cache
def caveat_rules() -> CaveatRules:
    """The caveat rules of ``extract/reading_caveats.toml``."""
    with _CAVEATS.open("rb") as handle:
        data = tomllib.load(handle)
    return CaveatRules(
        same_table=frozenset(data["same_table"]["extraction_rules"]),
        whole_document=frozenset(data["whole_document"]["extraction_rules"]),
        document_rule_prefixes=tuple(data["whole_document"]["finding_rule_prefixes"]),
        severity=str(data["severity"]),
    )


def _reason(extraction: Finding) -> str:
    where = f"page {extraction.page}, " if extraction.page is not None else ""
    table = f"table {extraction.table}: " if extraction.table is not None else ""
    return f"{extraction.rule_id} ({where}{table}{extraction.message_en})"


def with_reading_caveats(findings: Iterable[Finding]) -> list[Finding]:
    """The findings, each one that a reading gap of its document may explain marked with that gap
    (:attr:`Finding.reading`) and lowered to the caveat severity."""
    rules = caveat_rules()
    items = list(findings)
    by_table: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    by_document: dict[str, list[Finding]] = defaultdict(list)
    for finding in items:
        if finding.rule_id in rules.same_table and finding.table is not None:
            by_table[(finding.document, finding.table)].append(finding)
        if finding.rule_id in rules.whole_document:
            by_document[finding.document].append(finding)
    marked: list[Finding] = []
    for finding in items:
        if finding.rule_id.startswith("extract."):
            marked.append(finding)
            continue
        gaps = by_table.get((finding.document, finding.table), []) if finding.table is not None else []
        if not gaps and finding.rule_id.startswith(rules.document_rule_prefixes):
            gaps = by_document.get(finding.document, [])
        if not gaps:
            marked.append(finding)
            continue
        reasons = "; ".join(sorted({_reason(gap) for gap in gaps}))
        marked.append(dataclasses.replace(finding, severity=rules.severity, reading=reasons))
    return marked
