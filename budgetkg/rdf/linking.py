"""Projects named slightly differently in different tables of a document are one project.

The project table names 见义勇为基金 where the performance form names 见义勇为奖励基金; a
form's project is linked to the most similar project-table name when the two are alike enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from budgetkg.rdf import iris

SIMILARITY_THRESHOLD = 0.6


@dataclass
class ProjectRecord:
    """A project as first seen in the document."""

    iri: str
    name: str
    code: str | None
    unit_code: str | None


@dataclass
class ProjectIndex:
    """Projects of one document, found by code or by (similar) name."""

    region_code: str
    department: str
    by_iri: dict[str, ProjectRecord] = field(default_factory=dict)

    def resolve(self, code: str | None, name: str, unit_code: str | None = None) -> str:
        """The IRI of the project with this code, or the closest name, or a new project."""
        if code:
            iri = iris.project(self.region_code, code, self.department, name)
            self.by_iri.setdefault(iri, ProjectRecord(iri, name, code, unit_code))
            return iri
        match = self.closest(name)
        if match is not None:
            return match.iri
        iri = iris.project(self.region_code, None, self.department, name)
        self.by_iri.setdefault(iri, ProjectRecord(iri, name, None, unit_code))
        return iri

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
