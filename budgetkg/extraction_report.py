"""What reading a document gave, in the words ``budgetkg build`` prints for it."""

from __future__ import annotations

from budgetkg.coverage import coverage_of
from budgetkg.model import Extraction, ExtractionFinding


def reading_summary(extraction: Extraction) -> str:
    """``tables recognised R of T, N facts read, overview adds up``: tables of a known kind among
    those found, the facts read (lines, projects, procurement and service lines, indicators,
    assets, staff figures, narrative statements) and whether the expenditure overview adds up."""
    return coverage_of(extraction).line()


def finding_line(finding: ExtractionFinding) -> str:
    """One extraction finding on one line: severity, rule, page, table, row, reason and the text."""
    source = finding.source
    where = [
        f"{label} {value}"
        for label, value in (("page", source.page), ("table", source.table_number), ("row", source.row))
        if value is not None
    ]
    title = f" ({source.table_title})" if source.table_title else ""
    printed = f": {finding.printed!r}" if finding.printed and finding.printed != source.table_title else ""
    return f"{finding.severity} [{finding.rule}] {', '.join(where)}{title}: {finding.reason_en}{printed}"
