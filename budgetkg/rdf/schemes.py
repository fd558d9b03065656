"""The classification scheme of a document's codes: national, government (5xx) or local.

The signatures are data (``extract/schemes.toml``), the national names a SKOS list of
``ontology/codelists/core.ttl``. A document's codes of one kind are read in one scheme: the
national scheme of their kind, or the local scheme of the document's province-level region when
they extend the national codes (longer codes than its items) or give the national codes other
names consistently.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from budgetkg.paths import CODELIST_DIR, EXTRACT_DIR
from budgetkg.rdf import iris

_SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class SchemeKind:
    """A kind of classification: its printed label, national list and code shapes."""

    key: str
    label: str
    reference: str
    first_digits: tuple[str, ...]
    item_length: int


@dataclass(frozen=True)
class Scheme:
    """The scheme a document's codes of one kind are printed in: the national one of its year, or
    the local one of a region and year."""

    kind: SchemeKind
    year: int
    region: str | None = None

    @property
    def family(self) -> str:
        """The key of the scheme across years: ``economic`` or ``economic-310000``."""
        return self.kind.key if self.region is None else f"{self.kind.key}-{self.region}"

    @property
    def iri(self) -> str:
        return iris.classification_scheme(self.family, self.year)

    def concept(self, code: str) -> str:
        return iris.classification(self.family, self.year, code)

    @property
    def label(self) -> str:
        if self.region is None:
            return f"{self.kind.label} {self.year}"
        return f"{self.kind.label}（{_settings()['local']['label']} {self.region}） {self.year}"


@cache
def _settings() -> dict[str, Any]:
    with (EXTRACT_DIR / "schemes.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def scheme_kinds() -> dict[str, SchemeKind]:
    """Every kind of classification, by key (``function``, ``economic``, ``economic-government``)."""
    return {
        key: SchemeKind(
            key=key,
            label=entry["label"],
            reference=entry["reference"],
            first_digits=tuple(entry["first-digits"]),
            item_length=int(entry["item-length"]),
        )
        for key, entry in _settings()["kind"].items()
    }


@cache
def _national_lists() -> dict[str, dict[str, str]]:
    """Code -> name of every list of ``core.ttl``, by scheme IRI (the file is parsed once)."""
    notations: dict[str, str] = {}
    labels: dict[str, str] = {}
    schemes: dict[str, list[str]] = {}
    for quad in ox.parse(path=str(CODELIST_DIR / "core.ttl"), format=ox.RdfFormat.TURTLE):
        subject, predicate, value = quad.subject.value, quad.predicate.value, quad.object
        if predicate == _SKOS + "inScheme" and isinstance(value, ox.NamedNode):
            schemes.setdefault(value.value, []).append(subject)
        elif predicate == _SKOS + "notation" and isinstance(value, ox.Literal):
            notations.setdefault(subject, value.value)
        elif predicate == _SKOS + "prefLabel" and isinstance(value, ox.Literal):
            labels.setdefault(subject, value.value)
    return {
        scheme: {
            notations[member]: labels[member]
            for member in members
            if member in notations and member in labels
        }
        for scheme, members in schemes.items()
    }


def national_names(reference: str) -> dict[str, str]:
    """Code -> name of a national reference list of ``core.ttl``."""
    return _national_lists().get(iris.scheme(reference), {})


def same_name(first: str, second: str) -> bool:
    """Names compared without spaces, with full-width and half-width brackets alike."""
    return normalised_name(first) == normalised_name(second)


def normalised_name(name: str) -> str:
    return re.sub(r"[ 　]", "", name).replace("（", "(").replace("）", ")")


def kind_of(classification: str, code: str) -> SchemeKind:
    """The kind of a printed code of a functional or economic classification."""
    kinds = scheme_kinds()
    if classification == "economic":
        return kinds[_settings()["economic-by-first-digit"].get(code[:1], "economic")]
    return kinds[classification]


def _is_local(kind: SchemeKind, printed: Iterable[tuple[str, str | None]]) -> bool:
    """Whether printed (code, name) pairs of one kind read as a local scheme."""
    local = _settings()["local"]
    national = national_names(kind.reference)
    shared = 0
    differing = 0
    for code, name in printed:
        if len(code) > kind.item_length:
            return True
        if name and code in national:
            shared += 1
            differing += not same_name(name, national[code])
    enough = differing >= int(local["min-differing"])
    return enough and differing >= float(local["min-differing-share"]) * shared


def province(region_code: str) -> str:
    """The province-level region of a region code, whose scheme a local scheme is."""
    digits = int(_settings()["local"]["region-digits"])
    return region_code[:digits].ljust(len(region_code), "0")


def recognise(
    printed: Iterable[tuple[str, str, str | None]], year: int, region_code: str
) -> dict[str, Scheme]:
    """The scheme of each kind of code a document prints, from its (classification, code, name)
    triples; kinds it does not print are read in their national scheme."""
    by_kind: dict[str, list[tuple[str, str | None]]] = {}
    for classification, code, name in printed:
        by_kind.setdefault(kind_of(classification, code).key, []).append((code, name))
    schemes = {}
    for key, kind in scheme_kinds().items():
        local = _is_local(kind, by_kind.get(key, []))
        schemes[key] = Scheme(kind, year, province(region_code) if local else None)
    return schemes
