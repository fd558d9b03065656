"""How much of a document was read: tables recognised out of tables found, facts read, and
whether its expenditure overview adds up (the 合计 of the expenditure summary equals its parts)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.interpret import fact_count
from budgetkg.model import Extraction

OVERVIEW_TABLE = "expenditure-summary"
ROUNDING = Decimal("0.01")
PARTS_OF_BASIC = ("personnel", "public-use")
"""Columns that split 基本支出: counted in the overview only where no basic column is printed."""
"""The largest difference printed rounding explains between a 合计 and its parts (万元)."""


@dataclass(frozen=True)
class Coverage:
    """What was read of one document."""

    tables_found: int
    tables_recognised: int
    facts: int
    overview: str
    """``adds up``, ``does not add up`` or ``none printed`` (no expenditure summary with a total)."""

    def line(self) -> str:
        """One line for people: ``tables recognised 12 of 13, 845 facts read, overview adds up``."""
        return (
            f"tables recognised {self.tables_recognised} of {self.tables_found}, "
            f"{self.facts} facts read, overview {self.overview}"
        )


def coverage_of(extraction: Extraction) -> Coverage:
    """The coverage of one extraction."""
    recognised = sum(1 for table in extraction.tables if table.kind != "unknown")
    return Coverage(len(extraction.tables), recognised, fact_count(extraction), _overview(extraction))


def _overview(extraction: Extraction) -> str:
    summaries = {table.number for table in extraction.tables if table.kind == OVERVIEW_TABLE}
    totals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for line in extraction.lines:
        if line.amount is None or not line.is_total or line.code or line.table not in summaries:
            continue
        if line.expenditure_type and line.fund in (None, "all"):
            totals[line.table].setdefault(line.expenditure_type, line.amount)
    printed = [parts for parts in totals.values() if "total" in parts and len(parts) > 1]
    if not printed:
        return "none printed"
    parts = printed[0]
    total = parts["total"]
    counted = [
        amount
        for kind, amount in parts.items()
        if kind != "total" and not ("basic" in parts and kind in PARTS_OF_BASIC)
    ]
    rest = sum(counted, Decimal(0))
    return "adds up" if abs(total - rest) <= ROUNDING else "does not add up"
