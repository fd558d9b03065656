"""From a read document to records: recognise tables, then interpret each by its kind."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from budgetkg.given import GivenIdentity
from budgetkg.interpret.assets import read_fixed_assets
from budgetkg.interpret.by_unit import read_by_unit
from budgetkg.interpret.classified import read_classified
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.empty import note_under, statement_in_place_of
from budgetkg.interpret.form_projects import add_projects_named_only_on_forms
from budgetkg.interpret.generic import read_generic
from budgetkg.interpret.meta import describe
from budgetkg.interpret.narrative import WITHHELD_WORDS, read_narrative
from budgetkg.interpret.performance import read_performance_form
from budgetkg.interpret.procurement import read_procurement, read_service_purchase
from budgetkg.interpret.projects import read_projects
from budgetkg.interpret.rows import code_level
from budgetkg.interpret.summary import read_summary
from budgetkg.interpret.three_public import read_three_public
from budgetkg.layout import ReadDocument
from budgetkg.model import Extraction, TableRecord
from budgetkg.recognise import compact, recognise

Handler = Callable[[TableContext], None]

HANDLERS: dict[str, Handler] = {
    "income-expenditure-summary": read_summary,
    "fiscal-summary": read_summary,
    "income-summary": read_classified,
    "expenditure-summary": read_classified,
    "general-by-function": read_classified,
    "general-by-unit": read_by_unit,
    "general-basic-by-economic": read_classified,
    "general-by-economic": read_classified,
    "fiscal-by-function": read_classified,
    "fiscal-basic-by-economic": read_classified,
    "running-costs": read_classified,
    "government-fund": read_classified,
    "state-capital": read_classified,
    "three-public": read_three_public,
    "projects": read_projects,
    "procurement": read_procurement,
    "service-purchase": read_service_purchase,
    "department-performance": read_performance_form,
    "project-performance": read_performance_form,
    "fixed-assets": read_fixed_assets,
}


def interpret(document: ReadDocument, given: GivenIdentity | None = None) -> Extraction:
    """Read every recognised table and the narrative of ``document`` into records; ``given``
    values of region, year, department and phase win over what the document states."""
    tables = recognise(document)
    info, organisations, identity_notes = describe(document, tables, given)
    extraction = Extraction(document=info, organisations=organisations)
    extraction.notes.extend(f"{document.name}: {note}" for note in identity_notes)
    paragraphs = [compact(paragraph.text) for paragraph in document.paragraphs()]
    withheld = any(word in text for text in paragraphs for word in WITHHELD_WORDS)
    for number, typed in enumerate(tables, start=1):
        context = TableContext(document.name, number, typed, extraction, withheld_mentioned=withheld)
        before = _record_count(extraction)
        HANDLERS.get(typed.kind, read_generic)(context)
        read_nothing = _record_count(extraction) == before
        empty_statement = statement_in_place_of(typed, paragraphs) if read_nothing else note_under(typed)
        if read_nothing and typed.kind != "unknown" and empty_statement is None:
            extraction.notes.append(
                f"{document.name}: table {number} ({typed.title}) holds no rows that could be read "
                "and no statement that it is empty"
            )
        extraction.tables.append(
            TableRecord(
                number=number,
                kind=typed.kind,
                title=typed.title,
                printed_unit=typed.unit,
                page=typed.table.page,
                declared_empty=empty_statement is not None,
                empty_statement=empty_statement,
            )
        )
    add_projects_named_only_on_forms(extraction)
    read_narrative(document.paragraphs(), extraction)
    _resolve_class_codes(extraction)
    return extraction


def _record_count(extraction: Extraction) -> int:
    return (
        len(extraction.lines)
        + len(extraction.projects)
        + len(extraction.procurement)
        + len(extraction.services)
        + len(extraction.indicators)
        + len(extraction.assets)
    )


def _resolve_class_codes(extraction: Extraction) -> None:
    """Give summary-table lines named by 类 (一般公共服务支出) the code printed elsewhere."""
    codes = {
        line.item_name: line.code
        for line in extraction.lines
        if line.classification == "function" and line.code and code_level(line.code) == 1
    }
    for index, line in enumerate(extraction.lines):
        if line.classification != "function-class":
            continue
        code = codes.get(line.item_name)
        extraction.lines[index] = dataclasses.replace(
            line, classification="function" if code else None, code=code
        )
