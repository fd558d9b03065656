"""The real disclosures of ../shared/real built once into one store, with what was read from each."""

from __future__ import annotations

from pathlib import Path

from budgetkg.build import build
from budgetkg.model import Extraction
from budgetkg.questions import ResultRow, catalogue, run_rows
from budgetkg.store import EmbeddedStore

FILES = {
    "JS_jianchayuan_2019_dept_budget": ["JS_jianchayuan_2019_dept_budget.pdf"],
    "JS_renda_2019": ["JS_renda_2019_dept_budget.pdf", "JS_renda_2019_tables.pdf"],
    "SH_putuo_caizheng_2024_final": ["SH_putuo_caizheng_2024_final.pdf"],
    "SH_putuo_wanli_jiedao_2024_dept_budget": ["SH_putuo_wanli_jiedao_2024_dept_budget.pdf"],
    "SH_putuo_zfban_2025_unit_budget": ["SH_putuo_zfban_2025_unit_budget.pdf"],
}
"""Each real document by its stem, with its files (a document may be published as two)."""


class RealBuild:
    """The five real documents built once into one store."""

    def __init__(self, folder: Path) -> None:
        self.store = EmbeddedStore(None)
        self.report = build([folder / name for files in FILES.values() for name in files], self.store)
        self.extractions: dict[str, Extraction] = {}
        for built in self.report.built:
            stem = next(stem for stem, files in FILES.items() if built.path.name == files[0])
            self.extractions[stem] = built.extraction

    def rows(self, question: str, stem: str) -> list[ResultRow]:
        """The question's rows that belong to one document."""
        info = self.extractions[stem].document
        _, rows = run_rows(self.store, catalogue()[question])
        return [
            row
            for row in rows
            if row["department"] == info.department_name and row["fiscal_year"] == str(info.fiscal_year)
        ]
