"""Who publishes a document, for which region and year, and what kind of document it is."""

from __future__ import annotations

import re

from budgetkg.errors import DocumentError
from budgetkg.interpret.rows import clean_name
from budgetkg.layout import ReadDocument
from budgetkg.model import DocumentInfo, Organisation
from budgetkg.recognise import TypedTable, compact
from budgetkg.regions import find_region

_TITLE = re.compile(
    r"^(?P<name>.*?)(?P<year>(?:19|20)\d{2})年(?:度)?(?:区级|市级|省级|县级)?(?:部门|单位)?(?P<what>预算|决算)"
)
_PUBLISHER = re.compile(r"^(?:预算主管部门|预算单位|主管部门)[:：](?P<name>\S{4,})$")
_CODED_NAME = re.compile(r"^(?P<code>\d{6,9})(?P<name>\D.+?)(?=预算年度|单位[:：]|$)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_BUDGET_YEAR = re.compile(r"预算年度[:：]((?:19|20)\d{2})")
_SEAL = re.compile(r"(?:填报单位|单位名称)[:：](?:（盖章）|\(盖章\))?(?P<name>[^\s单]{4,})")
_PERFORMANCE_KINDS = ("department-performance", "project-performance")


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
            if not name or not code.isdigit():
                continue
            if len(code) == 3:
                department = code
                found.setdefault(code, Organisation(name=name, code=code, level="department"))
            elif len(code) == 6 and typed.kind in ("general-by-unit", "projects"):
                parent = department or code[:3]
                found.setdefault(code, Organisation(name=name, code=code, level="unit", parent_code=parent))
    return list(found.values())


def describe(document: ReadDocument, tables: list[TypedTable]) -> tuple[DocumentInfo, list[Organisation]]:
    """Detect publisher, region, year, phase and kind; raise when the document gives no clue."""
    paragraphs = [compact(paragraph.text) for paragraph in document.paragraphs()[:8]]
    organisations = department_rows(tables)
    name: str | None = None
    code: str | None = None
    year: int | None = None
    phase = "approved"
    for position, text in enumerate(paragraphs):
        match = _TITLE.match(text)
        if match:
            name = match.group("name") or (paragraphs[position - 1] if position else None)
            year = int(match.group("year"))
            phase = "executed" if match.group("what") == "决算" else "approved"
            break
    stated = _stated_publisher(paragraphs)
    if stated is not None:
        name = stated
    for typed in tables[:2]:
        texts = [cell for row in typed.rows[:2] for cell in row.cells] + typed.table.captions
        for text in texts:
            coded = _CODED_NAME.match(compact(text))
            if coded and code is None and stated is None:
                # The coded unit of a 单位预算 names the publisher more exactly than a title.
                code, name = coded.group("code"), coded.group("name")
            budget_year = _BUDGET_YEAR.search(compact(text))
            if budget_year and year is None:
                year = int(budget_year.group(1))
    departments = [org for org in organisations if org.level == "department"]
    if departments:
        name = departments[0].name
        code = departments[0].code
    if name is None:
        name = _name_from_forms(tables, paragraphs)
    if year is None:
        year = _year_from_titles(tables, paragraphs)
    if name is None or year is None:
        raise DocumentError(document.name, "cannot tell the publishing department or the budget year")
    region = find_region(name) or find_region("".join(paragraphs))
    if region is None:
        raise DocumentError(document.name, f"cannot tell the region of {name}")
    titles = "".join(typed.title for typed in tables) + "".join(paragraphs[:3])
    if "决算" in titles:
        phase = "executed"
    kind = _document_kind(tables, titles, phase)
    info = DocumentInfo(
        name=document.name,
        sha256=document.sha256,
        media_type=document.media_type,
        title=paragraphs[0] if paragraphs else name,
        region_code=region.code,
        region_name=region.name,
        department_name=name,
        department_code=code,
        fiscal_year=year,
        phase=phase,
        kind=kind,
        page_count=document.page_count,
        parts=tuple(document.parts),
    )
    if not any(org.name == name for org in organisations):
        level = "unit" if code and len(code) >= 6 else "department"
        organisations.insert(0, Organisation(name=name, code=code, level=level))
    return info, organisations


def _stated_publisher(paragraphs: list[str]) -> str | None:
    """The department or unit a cover names outright (预算主管部门：… / 预算单位：…)."""
    for text in paragraphs:
        match = _PUBLISHER.match(text)
        if match:
            return match.group("name")
    return None


def _name_from_forms(tables: list[TypedTable], paragraphs: list[str]) -> str | None:
    for typed in tables:
        for row in typed.rows[:4]:
            cells = [compact(text) for text in row.cells if compact(text)]
            for index, text in enumerate(cells[:-1]):
                if text in ("部门名称", "部门（单位）名称", "单位名称"):
                    return cells[index + 1]
    for text in paragraphs:
        seal = _SEAL.search(text)
        if seal:
            return seal.group("name")
    return None


def _year_from_titles(tables: list[TypedTable], paragraphs: list[str]) -> int | None:
    for text in [*(typed.title for typed in tables), *paragraphs]:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def _document_kind(tables: list[TypedTable], titles: str, phase: str) -> str:
    if phase == "executed":
        return "final-accounts"
    if tables and all(typed.kind in _PERFORMANCE_KINDS for typed in tables):
        return "performance-targets"
    if "单位预算" in titles:
        return "unit-budget"
    return "department-budget"
