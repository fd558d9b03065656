"""What the store holds to choose from: its documents, and from them the regions, years, phases and
departments offered as menus on the browse pages and the saved questions' forms."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from budgetkg.questions import term_value
from budgetkg.serve.evaluation import Evaluator, Substitutions
from budgetkg.serve.resources import internal_question

Record = dict[str, str]
"""A document as text values by column, with ``doc``, ``region`` and ``publisher`` as IRIs."""


def records(name: str, evaluator: Evaluator, bindings: Substitutions | None = None) -> list[Record]:
    """The rows of the internal query ``name`` as text values by column (blank where unbound)."""
    outcome = evaluator.query(internal_question(name).text, bindings or {})
    return [
        {variable: term_value(value) or "" for variable, value in zip(outcome.variables, row, strict=True)}
        for row in outcome.rows
    ]


def documents(evaluator: Evaluator, bindings: Substitutions | None = None) -> list[Record]:
    """The documents (``queries/internal/ui-documents.rq``), narrowed by ``bindings``."""
    return records("ui-documents", evaluator, bindings)


def document(evaluator: Evaluator, iri: str) -> Record | None:
    """One document, or None when the store holds no document of that IRI."""
    found = documents(evaluator, {ox.Variable("doc"): ox.NamedNode(iri)})
    return found[0] if found else None


@dataclass(frozen=True)
class Menus:
    """The choices of each menu, as (value, label) pairs."""

    regions: list[tuple[str, str]]
    years: list[tuple[str, str]]
    phases: list[tuple[str, str]]
    departments: list[tuple[str, str]]

    @classmethod
    def of(cls, records: list[Record]) -> Menus:
        """The choices that the documents offer, each once, in order."""
        regions = sorted({(r["region_code"], f"{r['region_name']} {r['region_code']}") for r in records})
        years = sorted({(r["fiscal_year"], r["fiscal_year"]) for r in records}, reverse=True)
        phases = sorted({(r["phase_code"], f"{r['phase_name']} ({r['phase_code']})") for r in records})
        departments = sorted({(r["department"], r["department"]) for r in records if r["department"]})
        return cls(regions, years, phases, departments)

    def for_parameter(self, name: str) -> list[tuple[str, str]] | None:
        """The choices of a saved question's parameter of this name, or None for a free text box."""
        return {
            "region": self.regions,
            "year": self.years,
            "phase": self.phases,
            "department": self.departments,
        }.get(name)
