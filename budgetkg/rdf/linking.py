"""Projects named slightly differently in different tables of a document are one project.

The project table names 见义勇为基金 where the performance form names 见义勇为奖励基金; a
form's project is linked to the most similar project-table name when the two are alike enough,
or to the one project-table project of exactly the same amount when the names still share much
(智慧平安小区建设 and 智慧平安小区信息化运维项目, both 139.94).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from budgetkg.rdf import iris

SIMILARITY_THRESHOLD = 0.6
AMOUNT_MATCH_THRESHOLD = 0.4


@dataclass
class ProjectRecord:
    """A project as first seen in the document."""

    iri: str
    name: str
    code: str | None
    unit_code: str | None
    amount: Decimal | None = None


@dataclass
class ProjectIndex:
    """Projects of one document, found by code or by (similar) name."""

    region_code: str
    department: str
    by_iri: dict[str, ProjectRecord] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def resolve(
        self, code: str | None, name: str, unit_code: str | None = None, amount: Decimal | None = None
    ) -> str:
        """The IRI of the project with this code, or the closest name (or, failing that, the one
        project of the same amount with a somewhat similar name), or a new project."""
        if code:
            iri = iris.project(self.region_code, code, self.department, name)
            self.by_iri.setdefault(iri, ProjectRecord(iri, name, code, unit_code, amount))
            self.aliases.setdefault(name, iri)
            return iri
        if name in self.aliases:
            return self.aliases[name]
        match = self.closest(name) or self.same_amount(name, amount)
        if match is not None:
            self.aliases[name] = match.iri
            return match.iri
        iri = iris.project(self.region_code, None, self.department, name)
        self.by_iri.setdefault(iri, ProjectRecord(iri, name, None, unit_code, amount))
        self.aliases[name] = iri
        return iri

    def same_amount(self, name: str, amount: Decimal | None) -> ProjectRecord | None:
        """The only known project with exactly this amount, if its name shares enough with ``name``."""
        if amount is None:
            return None
        candidates = [record for record in self.by_iri.values() if record.amount == amount]
        if len(candidates) != 1:
            return None
        ratio = SequenceMatcher(None, candidates[0].name, name).ratio()
        return candidates[0] if ratio >= AMOUNT_MATCH_THRESHOLD else None

    def closest(self, name: str) -> ProjectRecord | None:
        """The known project whose name is most similar to ``name``, if similar enough."""
        best: tuple[float, ProjectRecord] | None = None
        for record in self.by_iri.values():
            if record.name == name:
                return record
            ratio = SequenceMatcher(None, record.name, name).ratio()
            if ratio >= SIMILARITY_THRESHOLD and (best is None or ratio > best[0]):
                best = (ratio, record)
        return best[1] if best else None
