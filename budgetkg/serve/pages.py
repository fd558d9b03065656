"""HTML pages for people: the index, the saved questions and the resources, rendered from the Jinja2
templates in ``templates/`` (autoescaped; see ``templating.py``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from budgetkg.params import Term
from budgetkg.questions import ResultRow, SavedQuestion, term_value
from budgetkg.rdf import iris
from budgetkg.serve.columns import column, parameter_label
from budgetkg.serve.table_view import Paged, View, arrange, link
from budgetkg.serve.templating import local_path, render

if TYPE_CHECKING:
    from budgetkg.serve.menus import Menus

LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
ALTERNATES = (
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("nt", "application/n-triples", "N-Triples"),
)
ROW_DOCUMENT_COLUMNS = ("region_code", "fiscal_year", "department")


def index_page() -> bytes:
    """The front page: what the server offers."""
    return render("index", base=iris.BASE)


def question_list_page(questions: Mapping[str, SavedQuestion]) -> bytes:
    """Every saved question, linked to its page."""
    return render("question-list", questions=questions)


def question_page(
    question: SavedQuestion,
    params: Mapping[str, str],
    columns: list[str],
    rows: list[ResultRow],
    view: View,
    menus: Menus,
    paged: Paged[ResultRow] | None = None,
) -> bytes:
    """The answer of a saved question: its parameters as menus, its rows sorted and paged (or the
    page ``paged`` already cut), amounts written for people, each row linked to the document it
    comes from and each figure to its line."""
    base = question_url(question.name, {})
    if paged is None:
        paged = arrange(rows, view, lambda row, key: row.get(key))
    linked = all(name in columns for name in ROW_DOCUMENT_COLUMNS)
    return render(
        "question",
        question=question,
        params=params,
        parameters=[(p, parameter_label(p.name), menus.for_parameter(p.name)) for p in question.parameters],
        columns=[column(name) for name in columns],
        rows=paged,
        linked=linked,
        figure_link=figure_link,
        formats={kind: question_url(question.name, {**params, "format": kind}) for kind in ("csv", "json")},
        sort_link=lambda key: link(base, {**params}, sort=view.sort_value(key)),
        page_link=lambda number: link(base, {**params}, sort=_sort_field(view), page=number),
        arrow=view.arrow,
    )


def question_url(name: str, params: Mapping[str, str]) -> str:
    """The URL of a saved question with parameters."""
    query = urlencode(params)
    return f"/queries/{quote(name)}" + (f"?{query}" if query else "")


def resource_page(node: ox.NamedNode, variables: list[str], rows: Sequence[tuple[Term | None, ...]]) -> bytes:
    """A resource's statements (from ``queries/internal/describe-labels.rq``), labelled where possible."""
    records = [dict(zip(variables, row, strict=True)) for row in rows]
    statements = [(_labelled(record, "property"), _labelled(record, "value")) for record in records]
    return render(
        "resource",
        title=_title(node, records),
        iri=node.value,
        href=local_path(node.value),
        alternates=ALTERNATES,
        statements=statements,
    )


def statements_page(node: ox.NamedNode, heading: str, triples: Sequence[ox.Triple]) -> bytes:
    """Statements in full (those of a named graph, or those that refer to a resource)."""
    return render(
        "statements",
        heading=heading,
        iri=node.value,
        href=local_path(node.value),
        alternates=ALTERNATES,
        triples=[(term(t.subject), term(t.predicate), term(t.object)) for t in triples],
    )


def term(value: Term | ox.Triple | None, label: str | None = None) -> dict[str, str]:
    """A term as the templates show it: ``text``, with ``href`` for an IRI and ``language`` for a literal."""
    if value is None:
        return {"text": ""}
    if isinstance(value, ox.NamedNode):
        return {"text": label or value.value, "href": local_path(value.value)}
    if isinstance(value, ox.BlankNode):
        return {"text": f"_:{value.value}"}
    if isinstance(value, ox.Triple):
        return {"text": str(value)}
    return {"text": value.value, "language": value.language or ""}


def figure_link(row: Mapping[str, str | None], value: str | None = None) -> str:
    params = {
        "region": row.get("region_code") or "",
        "year": row.get("fiscal_year") or "",
        "department": row.get("department") or "",
        "phase": row.get("phase") or "",
        "amount": value or "",
    }
    return link("/ui/figure", params)


def _sort_field(view: View) -> str:
    return ("-" if view.descending else "") + view.sort if view.sort else ""


def _labelled(record: Mapping[str, Term | None], name: str) -> dict[str, str]:
    """The term of column ``name``, labelled by its Chinese label, else any label."""
    return term(record.get(name), term_value(record.get(f"{name}_zh") or record.get(f"{name}_any")))


def _title(node: ox.NamedNode, records: list[dict[str, Term | None]]) -> str:
    """The resource's label (Chinese first), else its IRI."""
    title = node.value
    for record in records:
        prop, value = record.get("property"), record.get("value")
        if isinstance(prop, ox.NamedNode) and prop.value in LABELS and isinstance(value, ox.Literal):
            title = value.value
            if value.language == "zh":
                break
    return title
