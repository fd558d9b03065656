"""From a read document to records: recognise tables, then interpret each by its kind."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from budgetkg.errors import DocumentError
from budgetkg.given import GivenIdentity
from budgetkg.interpret.assets import read_fixed_assets
from budgetkg.interpret.by_unit import read_by_unit
from budgetkg.interpret.classified import read_classified
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.empty import note_under, statement_in_place_of
from budgetkg.interpret.findings import PAGE_UNREAD, TABLE_UNINTERPRETABLE, TABLE_UNREAD, record
from budgetkg.interpret.form_projects import add_projects_named_only_on_forms
from budgetkg.interpret.generic import read_generic
from budgetkg.interpret.identity_findings import record_identity_differences
from budgetkg.interpret.meta import describe
from budgetkg.interpret.narrative import WITHHELD_WORDS, read_narrative
from budgetkg.interpret.performance import read_performance_form
from budgetkg.interpret.procurement import read_procurement, read_service_purchase
from budgetkg.interpret.projects import read_projects
from budgetkg.interpret.rows import code_level
from budgetkg.interpret.summary import read_summary
from budgetkg.interpret.three_public import read_three_public
from budgetkg.layout import ReadDocument
from budgetkg.model import Extraction, Source, TableRecord
from budgetkg.recognise import compact, recognise

Handler = Callable[[TableContext], None]

UNINTERPRETABLE = (ValueError, LookupError, ArithmeticError, TypeError, AttributeError)
"""What an interpreter raises on a table it cannot read: the table is left out, not the document."""

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
    values of region, year, department and phase win over what the document states.

    A table its interpreter cannot read is recorded as an extraction finding and the rest of the
    document is read; the document is refused only when nothing of it could be read.
    """
    tables = recognise(document)
    info, organisations, identity_notes = describe(document, tables, given)
    extraction = Extraction(document=info, organisations=organisations)
    record_identity_differences(extraction, identity_notes)
    for unread in document.unread:
        record(
            extraction,
            PAGE_UNREAD,
            Source(document.name, page=unread.page),
            "该页无法读取，已略过",
            "The page could not be read and is left out",
            printed=unread.reason,
        )
    paragraphs = [compact(paragraph.text) for paragraph in document.paragraphs()]
    withheld = any(word in text for text in paragraphs for word in WITHHELD_WORDS)
    failures: list[str] = []
    for number, typed in enumerate(tables, start=1):
        context = TableContext(document.name, number, typed, extraction, withheld_mentioned=withheld)
        before = fact_count(extraction)
        failure = _read_table(context)
        read_nothing = fact_count(extraction) == before
        empty_statement = statement_in_place_of(typed, paragraphs) if read_nothing else note_under(typed)
        if failure is not None:
            failures.append(f"table {number} ({typed.title}): {failure}")
        elif read_nothing and typed.kind != "unknown" and empty_statement is None:
            context.report(
                TABLE_UNREAD,
                "表格中没有可读取的行，也没有说明该表为空",
                "The table holds no rows that could be read and no statement that it is empty",
                printed=typed.title,
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
    if failures and fact_count(extraction) == 0:
        raise DocumentError(document.name, "nothing could be read: " + "; ".join(failures))
    _resolve_class_codes(extraction)
    return extraction


def _read_table(context: TableContext) -> str | None:
    """Read one table with the interpreter of its kind; when the interpreter stops on something it
    cannot read, take back what it read of the table, record the table as uninterpretable and
    return the reason."""
    kept = {name: len(records) for name, records in _record_lists(context.extraction)}
    try:
        HANDLERS.get(context.typed.kind, read_generic)(context)
    except UNINTERPRETABLE as error:
        for name, records in _record_lists(context.extraction):
            del records[kept[name] :]
        reason = f"{type(error).__name__}: {error}"
        context.report(
            TABLE_UNINTERPRETABLE,
            "表格的解读中止，未读取任何行",
            f"The table could not be interpreted and none of its rows is read ({reason})",
            printed=context.typed.title,
        )
        return reason
    return None


def _record_lists(extraction: Extraction) -> list[tuple[str, list[object]]]:
    """The lists of records an interpreter adds to (every list field of the extraction)."""
    return [
        (item.name, value)
        for item in dataclasses.fields(extraction)
        if isinstance(value := getattr(extraction, item.name), list)
    ]


def fact_count(extraction: Extraction) -> int:
    """How many facts were read: budget lines, projects, procurement and service lines, indicators,
    asset holdings, staff figures and narrative statements."""
    return (
        len(extraction.lines)
        + len(extraction.projects)
        + len(extraction.procurement)
        + len(extraction.services)
        + len(extraction.indicators)
        + len(extraction.assets)
        + len(extraction.staff)
        + len(extraction.statements)
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
