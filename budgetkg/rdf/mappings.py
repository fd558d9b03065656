"""SKOS mappings of a document's classification concepts to the national lists.

A concept whose code and name agree with the national list is an ``exactMatch`` of the national
concept; one whose name is the national name of another code (a local scheme re-using a code for
another item) is a ``closeMatch`` of that code; a local sub-code below a national code whose name
does not say more is a ``broadMatch`` of it. Concepts of different years and schemes that map to
the same national concept can so be compared.
"""

from __future__ import annotations

from budgetkg.rdf import iris
from budgetkg.rdf.schemes import Scheme, national_names, same_name


def _same_named(national: dict[str, str], code: str | None, length: int, name: str) -> str | None:
    """The one national code of this name, of the level of ``code`` (``length`` digits) and
    preferably of its class; none when ambiguous."""
    named = [candidate for candidate, label in national.items() if same_name(label, name)]
    if code is not None:
        named = [candidate for candidate in named if len(candidate) == length]
        named = [candidate for candidate in named if candidate[:3] == code[:3]] or named
    return named[0] if len(named) == 1 else None


def national_matches(scheme: Scheme, code: str | None, name: str | None) -> list[tuple[str, str]]:
    """(SKOS mapping property, national concept) pairs of a concept of ``scheme``."""
    reference = scheme.kind.reference
    national = national_names(reference)
    if code is not None and code in national and (name is None or same_name(name, national[code])):
        return [("exactMatch", iris.concept(reference, code))]
    if name:
        length = min(len(code), scheme.kind.item_length) if code is not None else 0
        named = _same_named(national, code, length, name)
        if named is not None and named != code:
            return [("closeMatch", iris.concept(reference, named))]
    section = code[: scheme.kind.item_length] if code is not None else None
    if code is not None and section != code and section in national:
        return [("broadMatch", iris.concept(reference, section))]
    return []
