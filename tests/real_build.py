"""The real disclosures of ../shared/real built once into one store, with what was read from each."""

from __future__ import annotations

import csv
from pathlib import Path

from budgetkg.build import build
from budgetkg.model import Extraction
from budgetkg.questions import ResultRow, catalogue, run_rows
from budgetkg.store import EmbeddedStore

REAL_EXPECTED = Path(__file__).parent / "expected" / "real"


def _documents() -> dict[str, dict[str, str]]:
    """Each real document by its stem: the identity read by hand (``document.csv``)."""
    documents: dict[str, dict[str, str]] = {}
    for folder in sorted(REAL_EXPECTED.iterdir()):
        if (folder / "document.csv").exists():
            with (folder / "document.csv").open(encoding="utf-8", newline="") as handle:
                documents[folder.name] = next(csv.DictReader(handle))
    return documents


DOCUMENTS = _documents()
FILES = {stem: row["files"].split(" + ") for stem, row in DOCUMENTS.items()}
"""Each real document by its stem, with its files (a document may be published as two)."""


class RealBuild:
    """The real documents built once into one store."""

    def __init__(self, folder: Path) -> None:
        self.store = EmbeddedStore(None)
        self.report = build([folder], self.store)
        self.extractions: dict[str, Extraction] = {}
        for built in self.report.built:
            stem = next(stem for stem, files in FILES.items() if built.path.name == files[0])
            self.extractions[stem] = built.extraction

    def rows(self, question: str, stem: str) -> list[ResultRow]:
        """The question's rows that belong to one document."""
        info = self.extractions[stem].document
        saved = catalogue()[question]
        phase = {"phase": info.phase} if any(p.name == "phase" for p in saved.parameters) else {}
        _, rows = run_rows(self.store, saved, phase)
        return [
            row
            for row in rows
            if row["department"] == info.department_name and row["fiscal_year"] == str(info.fiscal_year)
        ]
