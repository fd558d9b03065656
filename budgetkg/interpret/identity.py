"""Who publishes a document, for which year and which government, read from what it prints.

Clues are looked for where publishers put them, strongest first: the fields of a cover or form
(预算单位：…, 部门名称：…), the coded unit or department rows of the tables, the title lines of the
cover, the page headers and table titles, and the file name last.  A name counts as a publisher only
when it reads as the name of an organisation (``extract/identity.toml``), so that a table label is
never taken for one.  The government is found from the publisher's name in the region code list; a
central department, or a unit of one, belongs to the central government.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache

from budgetkg.paths import EXTRACT_DIR
from budgetkg.regions import Region, find_region, regions

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NAME_CHARS = r"[^\d年：:，,。、；;（）()\s]"
_QUALIFIER = r"(?:[（(][^）)]{1,12}[）)])?"
_LEVEL = r"(?:区级|市级|省级|县级|州级|旗级|乡级|镇级)?"
_WHAT = r"(?:部门|单位)?(?:整体)?(?P<what>预算|决算|项目支出绩效|绩效)"
_YEAR_FIRST = re.compile(
    _YEAR + r"年(?:度)?" + f"(?P<name>{_NAME_CHARS}{{2,40}}?{_QUALIFIER})" + _LEVEL + _WHAT
)
_NAME_FIRST = re.compile(
    f"(?P<name>{_NAME_CHARS}{{2,40}}?{_QUALIFIER})" + _YEAR + r"年(?:度)?" + _LEVEL + _WHAT
)
_PLAIN_YEAR = re.compile(_YEAR + r"年(?!\d{1,2}月)")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class IdentityWords:
    """The word lists of ``extract/identity.toml``."""

    suffixes: tuple[str, ...]
    not_names: tuple[str, ...]
    min_length: int
    max_length: int
    publisher_fields: tuple[str, ...]
    field_stops: tuple[str, ...]
    year_fields: tuple[str, ...]
    central_prefixes: tuple[str, ...]
    central_departments: frozenset[str]
    central_markers: tuple[str, ...]
    central_code: str
    evaluation_titles: tuple[str, ...]
    performance_titles: tuple[str, ...]
    final_titles: tuple[str, ...]
    unit_titles: tuple[str, ...]


@cache
def identity_words() -> IdentityWords:
    """The publisher, field and central-government word lists."""
    with (EXTRACT_DIR / "identity.toml").open("rb") as handle:
        data = tomllib.load(handle)
    names, fields, central, titles = data["names"], data["fields"], data["central"], data["titles"]
    return IdentityWords(
        suffixes=tuple(sorted(names["suffixes"], key=len, reverse=True)),
        not_names=tuple(names["not_names"]),
        min_length=int(names["min_length"]),
        max_length=int(names["max_length"]),
        publisher_fields=tuple(fields["publisher"]),
        field_stops=tuple(fields["stops"]),
        year_fields=tuple(fields["year"]),
        central_prefixes=tuple(central["prefixes"]),
        central_departments=frozenset(central["departments"]),
        central_markers=tuple(central["markers"]),
        central_code=str(central["code"]),
        evaluation_titles=tuple(titles["evaluation"]),
        performance_titles=tuple(titles["performance"]),
        final_titles=tuple(titles["final"]),
        unit_titles=tuple(titles["unit"]),
    )


def is_organisation_name(name: str) -> bool:
    """True when ``name`` reads as the name of a department or unit, not as a label or heading."""
    words = identity_words()
    bare = re.sub(r"[（(][^）)]*[）)]$", "", name)
    if not words.min_length <= len(bare) <= words.max_length:
        return False
    if any(word in name for word in words.not_names):
        return False
    if re.search(r"\d", bare):
        return False
    return bare.endswith(words.suffixes) or name.endswith(words.suffixes)


@dataclass(frozen=True)
class TitleClue:
    """A title line naming a publisher and a year (either may be missing)."""

    name: str | None
    year: int | None
    final: bool


def title_clue(text: str) -> TitleClue | None:
    """The publisher, year and phase a title line states (``2026年深圳市审计局部门预算``,
    ``西南大学2024年度部门决算``); the first reading whose name is an organisation's wins."""
    found: TitleClue | None = None
    for pattern in (_YEAR_FIRST, _NAME_FIRST):
        for match in pattern.finditer(text):
            name = _trim_name(match.group("name"))
            clue = TitleClue(
                name if is_organisation_name(name) else None,
                int(match.group("year")),
                match.group("what") == "决算",
            )
            if clue.name is not None:
                return clue
            found = found or clue
    return found


def _trim_name(name: str) -> str:
    """A name without the heading words that may precede it on a cover (目录, 第一部分 …)."""
    return re.sub(r"^.*?(?:目录|部分|公开)", "", name)


def field_value(text: str, label: str) -> str | None:
    """The value after ``label：`` in a line, up to the next field label."""
    match = re.search(re.escape(label) + r"[:：](?:（盖章）|\(盖章\))?(?P<value>.+)", text)
    if not match:
        return None
    value = match.group("value")
    cut = len(value)
    for stop in identity_words().field_stops:
        index = value.find(stop)
        if index != -1:
            cut = min(cut, index)
    return value[:cut].strip() or None


def publisher_from_fields(lines: list[str]) -> str | None:
    """The first organisation name a publisher field states (strongest field label first)."""
    for label in identity_words().publisher_fields:
        for text in lines:
            value = field_value(text, label)
            if value is not None and is_organisation_name(value):
                return value
    return None


def publisher_from_cells(rows: list[list[str]]) -> str | None:
    """A publisher stated in a form whose label and value stand in neighbouring cells."""
    labels = set(identity_words().publisher_fields)
    for cells in rows:
        for index, text in enumerate(cells[:-1]):
            if text.rstrip("：:") in labels and is_organisation_name(cells[index + 1]):
                return cells[index + 1]
    return None


def year_from_fields(lines: list[str]) -> int | None:
    """The year a 预算年度 field states."""
    for label in identity_words().year_fields:
        for text in lines:
            value = field_value(text, label)
            if value and re.match(r"(?:19|20)\d{2}", value):
                return int(value[:4])
    return None


def plain_year(lines: list[str]) -> int | None:
    """The first ``YYYY年`` that is not part of a date (``2024年4月`` is when a cover was printed)."""
    for text in lines:
        match = _PLAIN_YEAR.search(text)
        if match:
            return int(match.group("year"))
    return None


def file_year(file_name: str) -> int | None:
    """A four-digit year in a file name, when it holds exactly one."""
    years = set(_FILE_YEAR.findall(file_name))
    return int(years.pop()) if len(years) == 1 else None


def is_central(name: str, early_text: str) -> bool:
    """True when ``name`` is a central department (or a unit placed under one by the document)."""
    return find_region(name) is None and _names_or_places_central(name, early_text)


def _names_or_places_central(name: str, early_text: str) -> bool:
    """A central department's name, or first pages placing the publisher under one."""
    words = identity_words()
    if name in words.central_departments or name.startswith(words.central_prefixes):
        return True
    return any(marker in early_text for marker in words.central_markers)


def central_government() -> Region:
    """The central government as a region (中央, 100000)."""
    return regions()[identity_words().central_code]


@dataclass(frozen=True)
class IdentityDifference:
    """A value a user gave that the document contradicts: what, the given and the read value,
    and where the read value came from."""

    what: str
    given: str
    read: str
    read_from: str


@dataclass
class RegionChoice:
    """The region of a document and how it was told."""

    region: Region | None
    how: str
    notes: list[str] = field(default_factory=list)


def region_of(name: str, early_text: str) -> RegionChoice:
    """The government whose budget a publisher's document is: from the name, then central
    markers, then the place names of the document's first pages."""
    named = find_region(name)
    if named is not None:
        return RegionChoice(named, "the publisher's name")
    if _names_or_places_central(name, early_text):
        return RegionChoice(central_government(), "a central department")
    in_text = find_region(early_text)
    if in_text is not None:
        return RegionChoice(in_text, "the place named on the first pages")
    return RegionChoice(None, "")


def document_kind(titles: str, table_kinds: list[str], phase: str) -> str:
    """The kind of document its titles and tables show."""
    words = identity_words()
    if any(word in titles for word in words.evaluation_titles):
        return "performance-evaluation"
    if phase == "executed":
        return "final-accounts"
    performance = ("department-performance", "project-performance")
    budget_tables = [kind for kind in table_kinds if kind not in performance and kind != "unknown"]
    if (
        table_kinds
        and not budget_tables
        and (
            all(kind in performance for kind in table_kinds)
            or any(word in titles for word in words.performance_titles)
        )
    ):
        return "performance-targets"
    if any(word in titles for word in words.unit_titles):
        return "unit-budget"
    return "department-budget"
