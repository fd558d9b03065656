"""Given values a document contradicts, recorded as extraction findings (information): the given
value was used, and the reader can see what the document itself states."""

from __future__ import annotations

from budgetkg.interpret.findings import IDENTITY_DIFFERS, record
from budgetkg.interpret.identity import IdentityDifference
from budgetkg.model import Extraction, Source

WHAT_ZH = {"department": "发布部门", "year": "预算年度", "phase": "预算阶段", "region": "行政区划"}


def record_identity_differences(extraction: Extraction, differences: list[IdentityDifference]) -> None:
    """One finding per given value the document contradicts, on the document as a whole."""
    source = Source(document=extraction.document.name)
    for difference in differences:
        record(
            extraction,
            IDENTITY_DIFFERS,
            source,
            f"给定的{WHAT_ZH.get(difference.what, difference.what)}（{difference.given}）与文件所载"
            f"（{difference.read}）不同，已采用给定值",
            f"The {difference.what} given ({difference.given}) differs from the one read from "
            f"{difference.read_from} ({difference.read}); the given value is used",
            printed=difference.read,
        )
