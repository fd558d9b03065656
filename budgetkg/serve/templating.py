"""HTML from the Jinja2 templates in ``templates/`` (package data), escaped by default, with the
filters the pages share: amounts with thousands separators and two decimals, counts, local links."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from budgetkg.rdf import iris
from budgetkg.serve.static import font


def local_path(iri: str) -> str:
    """Where an IRI is served: ``/id/…`` for the project's own IRIs, ``/ontology/Term`` for the
    ontology's terms (``/ontology`` for the ontology itself), the IRI itself otherwise."""
    if iri.startswith(iris.BASE):
        return "/id/" + iri[len(iris.BASE) :]
    if iri.startswith(iris.ONTOLOGY):
        return "/ontology" + iri[len(iris.ONTOLOGY) :].replace("#", "/", 1)
    return iri


def ui_path(iri: str) -> str:
    """The browse page of one of the project's IRIs (``/ui/…`` mirrors ``/id/…``)."""
    return "/ui/" + iri[len(iris.BASE) :] if iri.startswith(iris.BASE) else local_path(iri)


def as_decimal(text: object) -> Decimal | None:
    """A value as a decimal, or None when it is no number."""
    if text is None or text == "":
        return None
    try:
        number = Decimal(str(text))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def amount(value: object, places: int = 2) -> str:
    """An amount as people read it: ``9101.677535`` → ``9,101.68``; not a number → as it is."""
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{number:,.{places}f}"


def count(value: object) -> str:
    """A whole number with thousands separators."""
    number = as_decimal(value)
    if number is None or number != number.to_integral_value():
        return amount(value)
    return f"{int(number):,}"


@cache
def environment() -> Environment:
    """The template environment of this package (autoescape on for every template)."""
    env = Environment(
        loader=PackageLoader("budgetkg.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["amount"] = amount
    env.filters["count"] = count
    env.filters["local"] = local_path
    env.filters["ui"] = ui_path
    env.globals["font_url"] = font().path
    return env


def render(name: str, **values: Any) -> bytes:
    """The template ``templates/<name>.html`` filled with ``values``, as UTF-8."""
    return environment().get_template(f"{name}.html").render(**values).encode("utf-8")
