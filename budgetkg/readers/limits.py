"""The limits of what the readers read, as data (``extract/limits.toml``).

A reader that meets a file or a part of a file over one of them raises
:class:`budgetkg.errors.LimitExceeded`; :func:`budgetkg.readers.read_document` names the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from budgetkg.errors import LimitExceeded
from budgetkg.paths import EXTRACT_DIR

LIMITS_FILE = EXTRACT_DIR / "limits.toml"


@dataclass(frozen=True)
class ReaderLimits:
    """Every limit of ``extract/limits.toml``."""

    file_bytes: dict[str, int]
    pdf_pages: int
    text_line_chars: int
    table_cells: int
    table_span: int
    sheet_cells: int
    sheet_number_magnitude: int
    markup_depth: int
    zip_inflated_bytes: int
    zip_members: int
    zip_ratio: int
    zip_ratio_from_bytes: int

    def bytes_for(self, suffix: str) -> int | None:
        """The size limit of files with ``suffix`` (``.pdf``), if one is set."""
        return self.file_bytes.get(suffix.lower().lstrip("."))


@cache
def reader_limits() -> ReaderLimits:
    """The limits as ``extract/limits.toml`` sets them."""
    with LIMITS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return ReaderLimits(
        file_bytes={suffix: int(value) for suffix, value in data["bytes"].items()},
        pdf_pages=int(data["pdf"]["pages"]),
        text_line_chars=int(data["text"]["line_chars"]),
        table_cells=int(data["tables"]["cells"]),
        table_span=int(data["tables"]["span"]),
        sheet_cells=int(data["sheets"]["cells"]),
        sheet_number_magnitude=int(data["sheets"]["number_magnitude"]),
        markup_depth=int(data["markup"]["depth"]),
        zip_inflated_bytes=int(data["zip"]["inflated_bytes"]),
        zip_members=int(data["zip"]["members"]),
        zip_ratio=int(data["zip"]["ratio"]),
        zip_ratio_from_bytes=int(data["zip"]["ratio_from_bytes"]),
    )


def refuse_over(found: int, limit: int, what: str, page: int | None = None) -> None:
    """Raise :class:`LimitExceeded` when ``found`` is over ``limit``; ``what`` says what was
    counted, with ``{}`` where the count goes (``"the archive would inflate to {} bytes"``)."""
    if found > limit:
        raise LimitExceeded(f"refused: {what.format(found)} (limit {limit}, {LIMITS_FILE.name})", page)
