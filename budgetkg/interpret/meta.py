"""The description of a document: publisher, region, year, phase and kind, with how each was told."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TypeVar

from budgetkg.errors import IdentityError
from budgetkg.given import GivenIdentity
from budgetkg.interpret.identity import (
    IdentityDifference,
    file_year,
    identity_words,
    is_organisation_name,
    plain_year,
    publisher_from_cells,
    publisher_from_fields,
    region_of,
    title_clue,
    year_from_fields,
)
from budgetkg.interpret.identity import document_kind as kind_of_document
from budgetkg.interpret.rows import clean_name
from budgetkg.layout import ReadDocument
from budgetkg.model import DocumentInfo, Organisation
from budgetkg.recognise import TypedTable, compact
from budgetkg.regions import Region, regions

_CODED_NAME = re.compile(r"^(?P<code>\d{6,9})(?P<name>\D.+?)(?=预算年度|单位[:：]|$)")
_COVER_LINES = 8
_T = TypeVar("_T")
_EARLY_PAGES = 4


def department_rows(tables: list[TypedTable]) -> list[Organisation]:
    """Departments (3-digit codes) and units (6-digit codes) printed in by-unit or project tables."""
    found: dict[str, Organisation] = {}
    for typed in tables:
        if typed.kind not in ("general-by-unit", "projects", "procurement", "service-purchase"):
            continue
        department: str | None = None
        for row in typed.rows:
            code = clean_name(row.cells[0]) if row.cells else ""
            name = clean_name(row.cells[1]) if len(row.cells) > 1 else ""
            if not name or not code.isdigit() or not is_organisation_name(name):
                continue
            if len(code) == 3:
                department = code
                found.setdefault(code, Organisation(name=name, code=code, level="department"))
            elif len(code) == 6 and typed.kind in ("general-by-unit", "projects"):
                parent = department or code[:3]
                found.setdefault(code, Organisation(name=name, code=code, level="unit", parent_code=parent))
    return list(found.values())


def _cover_lines(document: ReadDocument) -> list[str]:
    """The first lines of the document up to its table of contents, each alone and joined in
    pairs and threes (a title is often broken over two or three lines of a cover)."""
    lines: list[str] = []
    for paragraph in document.paragraphs()[:_COVER_LINES]:
        text = compact(paragraph.text)
        if text.startswith("目录"):
            break
        lines.append(text)
    joined = [
        "".join(lines[start : start + size]) for size in (2, 3) for start in range(len(lines) - size + 1)
    ]
    return lines + joined


def _early_lines(document: ReadDocument) -> list[str]:
    """Lines of the first pages, page headers and the captions and first rows of early tables."""
    first_page = next((p.page for p in document.paragraphs() if p.page is not None), 1) or 1
    lines = [
        compact(paragraph.text)
        for paragraph in document.paragraphs()
        if paragraph.page is None or paragraph.page < first_page + _EARLY_PAGES
    ][:200]
    for table in document.tables()[:6]:
        lines.extend(compact(caption) for caption in table.captions)
        lines.extend(compact(row.text()) for row in table.rows[:3])
    return lines


def _form_cells(tables: list[TypedTable]) -> list[list[str]]:
    return [
        [compact(text) for text in row.cells if compact(text)] for typed in tables for row in typed.rows[:4]
    ]


def describe(
    document: ReadDocument, tables: list[TypedTable], given: GivenIdentity | None = None
) -> tuple[DocumentInfo, list[Organisation], list[IdentityDifference]]:
    """Detect publisher, region, year, phase and kind; given values win over what is read.

    Returns the description, the organisations printed, and each given value the document
    contradicts.  Raises :class:`DocumentError` when the publisher, year or region can be told
    neither from the document nor from given values.
    """
    given = given or GivenIdentity()
    notes: list[IdentityDifference] = []
    cover = _cover_lines(document)
    early = _early_lines(document)
    organisations = department_rows(tables)
    name: str | None = None
    code: str | None = None

    title = next((clue for clue in map(title_clue, cover) if clue is not None and clue.name), None)
    dated = title or next((clue for clue in map(title_clue, cover + early) if clue is not None), None)
    stated = publisher_from_fields(cover) or publisher_from_fields(early)
    coded = _coded_unit(tables)
    departments = [org for org in organisations if org.level == "department"]
    if departments:
        name, code = departments[0].name, departments[0].code
    elif stated is not None:
        name = stated
    elif coded is not None:
        code, name = coded
    elif title is not None:
        name = title.name
    else:
        name = publisher_from_cells(_form_cells(tables)) or _name_from_file(document.name)

    year = (dated.year if dated else None) or year_from_fields(early)
    year = year or plain_year([typed.title for typed in tables] + early) or _year_from_file(document.name)
    titles = "".join(typed.title for typed in tables) + "".join(cover[:3])
    words = identity_words()
    # An evaluation report looks back on money spent: it describes the executed budget.
    executed = any(word in titles for word in (*words.final_titles, *words.evaluation_titles))
    phase = "executed" if executed or (dated is not None and dated.final) else "approved"

    name = _given_wins("department", given.department, name, notes)
    year = _given_wins("year", given.year, year, notes)
    phase = _given_wins("phase", given.phase, phase, notes) or phase
    if name is None or year is None:
        missing = " and ".join(
            what for what, value in (("publishing department", name), ("budget year", year)) if value is None
        )
        raise IdentityError(
            document.name, f"cannot tell the {missing}; give it with --department/--year or a manifest"
        )
    region = _region(document.name, name, early, given, notes)
    kind = kind_of_document(titles, [typed.kind for typed in tables], phase)
    info = DocumentInfo(
        name=document.name,
        sha256=document.sha256,
        media_type=document.media_type,
        title=cover[0] if cover else name,
        region_code=region.code,
        region_name=region.name,
        department_name=name,
        department_code=code,
        fiscal_year=year,
        phase=phase,
        kind=kind,
        page_count=document.page_count,
        parts=tuple(document.parts),
        source_url=given.source,
    )
    if not any(org.name == name for org in organisations):
        level = "unit" if code and len(code) >= 6 else "department"
        organisations.insert(0, Organisation(name=name, code=code, level=level))
    return info, organisations, notes


def _given_wins(what: str, given: _T | None, read: _T | None, notes: list[IdentityDifference]) -> _T | None:
    """The given value where there is one, with a note when the document says otherwise."""
    if given is None:
        return read
    if read is not None and read != given:
        notes.append(IdentityDifference(what, str(given), str(read), "the document"))
    return given


def _region(
    document: str, name: str, early: list[str], given: GivenIdentity, notes: list[IdentityDifference]
) -> Region:
    choice = region_of(name, "".join(early))
    if given.region is not None:
        region = regions()[given.region]
        if choice.region is not None and choice.region.code != region.code:
            read = f"{choice.region.code} {choice.region.name}"
            notes.append(IdentityDifference("region", f"{region.code} {region.name}", read, choice.how))
        return region
    if choice.region is None:
        raise IdentityError(
            document, f"cannot tell the region of {name}; give it with --region or a manifest"
        )
    return choice.region


def _coded_unit(tables: list[TypedTable]) -> tuple[str, str] | None:
    """The coded unit a 单位预算's first tables print above their rows (``123001 某某单位``)."""
    for typed in tables[:2]:
        texts = [cell for row in typed.rows[:2] for cell in row.cells] + typed.table.captions
        for text in texts:
            coded = _CODED_NAME.match(compact(text))
            if coded and is_organisation_name(coded.group("name")):
                return coded.group("code"), coded.group("name")
    return None


def _name_from_file(file_name: str) -> str | None:
    """A publisher named in a file name (``2026年深圳市民政局部门预算.pdf``), the last resort."""
    for part in file_name.split(" + "):
        clue = title_clue(compact(PurePath(part).stem))
        if clue is not None and clue.name:
            return clue.name
    return None


def _year_from_file(file_name: str) -> int | None:
    for part in file_name.split(" + "):
        year = file_year(PurePath(part).stem)
        if year is not None:
            return year
    return None
