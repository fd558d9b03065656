"""The 行政区划 code list: find the government that publishes a document from its text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from budgetkg.paths import CODELIST_DIR

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_REGION_IRI = "https://w3id.org/budgetkg/id/region/"


@dataclass(frozen=True)
class Region:
    """A province, city or county-level area."""

    code: str
    name: str
    parent: str | None

    @property
    def level(self) -> int:
        """1 province, 2 city, 3 county-level area."""
        if self.code.endswith("0000"):
            return 1
        if self.code.endswith("00"):
            return 2
        return 3


@cache
def regions() -> dict[str, Region]:
    """Every region of the code list by its six-digit code."""
    names: dict[str, str] = {}
    parents: dict[str, str] = {}
    path = CODELIST_DIR / "regions.ttl"
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(_REGION_IRI):
            continue
        code = subject.value[len(_REGION_IRI) :]
        if quad.predicate.value == _SKOS + "prefLabel":
            names[code] = str(quad.object.value)
        elif quad.predicate.value == _SKOS + "broader" and isinstance(quad.object, ox.NamedNode):
            parents[code] = quad.object.value[len(_REGION_IRI) :]
    return {code: Region(code, name, parents.get(code)) for code, name in names.items()}


def ancestors(region: Region) -> list[Region]:
    """The region's parents, nearest first."""
    table = regions()
    chain: list[Region] = []
    current = region.parent
    while current and current in table:
        chain.append(table[current])
        current = table[current].parent
    return chain


def find_region(text: str) -> Region | None:
    """The most specific region named in ``text``, preferring ones whose parents are named too.

    Names of two characters (such as 城区) count only when a parent is named as well, so that
    ordinary words do not pass for place names.
    """
    best: tuple[int, int, int, Region] | None = None
    for region in regions().values():
        if region.name in ("市辖区", "县") or region.name not in text:
            continue
        named_parents = sum(1 for parent in ancestors(region) if parent.name in text)
        if len(region.name) < 3 and named_parents == 0:
            continue
        score = (named_parents, region.level, len(region.name), region)
        if best is None or score[:3] > best[:3]:
            best = score
    return best[3] if best else None
