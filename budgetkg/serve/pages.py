"""HTML pages for people: the index, the saved questions and the resources, from the templates in
``templates/`` (``string.Template``; every value is escaped here before it is put in)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from string import Template
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from budgetkg.params import Term
from budgetkg.questions import ResultRow, SavedQuestion, term_value
from budgetkg.rdf import iris

LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
_NOT_NUMERIC = ("region_code", "fiscal_year")
_ALTERNATES = (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"))
_ONTOLOGY = "https://w3id.org/budgetkg/ontology"


@cache
def template(name: str) -> Template:
    """The template ``templates/<name>.html`` of this package."""
    return Template((files(__package__) / "templates" / f"{name}.html").read_text(encoding="utf-8"))


def fill(name: str, **values: str) -> str:
    """A template with its values (already HTML) put in."""
    return template(name).substitute(values)


def page(title: str, body: str) -> bytes:
    """A whole HTML page around ``body``."""
    return fill("page", title=html.escape(title), body=body).encode("utf-8")


def index_page() -> bytes:
    """The front page: what the server offers."""
    return page("budgetkg", fill("index", base=html.escape(iris.BASE)))


def question_list_page(questions: Mapping[str, SavedQuestion]) -> bytes:
    """Every saved question, linked to its page."""
    items = "\n".join(
        f'<li><a href="/queries/{quote(name)}">{html.escape(name)}</a>: {html.escape(question.title)}</li>'
        for name, question in questions.items()
    )
    return page("Saved questions", fill("question-list", items=items))


def question_page(
    question: SavedQuestion, params: Mapping[str, str], columns: list[str], rows: list[ResultRow]
) -> bytes:
    """The answer of a saved question as a table, with a form for its parameters and links to CSV and JSON."""
    links = " ".join(
        f'<a href="{html.escape(question_url(question.name, {**params, "format": kind}))}">{kind.upper()}</a>'
        for kind in ("csv", "json")
    )
    body = fill(
        "question",
        title=html.escape(question.title),
        description=html.escape(question.description),
        form=_question_form(question, params),
        count=f"{len(rows)} row{'s' if len(rows) != 1 else ''}",
        links=links,
        table=text_table(columns, rows),
    )
    return page(question.title, body)


def question_url(name: str, params: Mapping[str, str]) -> str:
    """The URL of a saved question with parameters."""
    query = urlencode(params)
    return f"/queries/{quote(name)}" + (f"?{query}" if query else "")


def resource_page(node: ox.NamedNode, variables: list[str], rows: Sequence[tuple[Term | None, ...]]) -> bytes:
    """A resource's statements (from ``queries/internal/describe-labels.rq``), labelled where possible."""
    records = [dict(zip(variables, row, strict=True)) for row in rows]
    lines = [
        f"<tr><td>{_labelled(record, 'property')}</td><td>{_labelled(record, 'value')}</td></tr>"
        for record in records
    ]
    title = _title(node, records)
    body = fill(
        "resource",
        title=html.escape(title),
        iri=html.escape(node.value),
        alternates=_alternates(node),
        table=_table(["property", "value"], lines),
    )
    return page(title, body)


def statements_page(node: ox.NamedNode, heading: str, triples: Sequence[ox.Triple]) -> bytes:
    """Statements in full (those of a named graph, or those that refer to a resource)."""
    lines = [
        f"<tr><td>{link(triple.subject)}</td><td>{link(triple.predicate)}</td><td>{link(triple.object)}</td></tr>"
        for triple in triples
    ]
    body = fill(
        "statements",
        heading=html.escape(heading),
        iri=html.escape(node.value),
        count=f"{len(triples)} statement{'s' if len(triples) != 1 else ''}",
        alternates=_alternates(node),
        table=_table(["subject", "property", "value"], lines),
    )
    return page(node.value, body)


def link(term: Term | ox.Triple | None, label: str | None = None) -> str:
    """A term as HTML: IRIs of this graph link to their page here, other IRIs to themselves."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = html.escape(label or term.value)
        return f'<a href="{html.escape(local_path(term.value))}">{text}</a>'
    if isinstance(term, ox.BlankNode):
        return html.escape(f"_:{term.value}")
    if isinstance(term, ox.Triple):
        return html.escape(str(term))
    suffix = f" <small>@{html.escape(term.language)}</small>" if term.language else ""
    return html.escape(term.value) + suffix


def local_path(iri: str) -> str:
    """Where an IRI is served: ``/id/…`` for the project's own IRIs, ``/ontology/Term`` for the
    ontology's terms (``/ontology`` for the ontology itself), the IRI itself otherwise."""
    if iri.startswith(iris.BASE):
        return "/id/" + iri[len(iris.BASE) :]
    if iri.startswith(_ONTOLOGY):
        return "/ontology" + iri[len(_ONTOLOGY) :].replace("#", "/", 1)
    return iri


def text_table(columns: list[str], rows: list[ResultRow]) -> str:
    """Rows of a saved question as an HTML table; amounts right-aligned."""
    lines = []
    for row in rows:
        cells = []
        for column in columns:
            text = row.get(column) or ""
            numeric = column not in _NOT_NUMERIC and text.replace(".", "", 1).lstrip("-").isdigit()
            cells.append(f"<td{' class=num' if numeric else ''}>{html.escape(text)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return _table(columns, lines)


def _table(columns: list[str], lines: list[str]) -> str:
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def _question_form(question: SavedQuestion, params: Mapping[str, str]) -> str:
    if not question.parameters:
        return ""
    inputs = " ".join(
        f'<label>{html.escape(p.name)} <input name="{html.escape(p.name)}" '
        f'value="{html.escape(params.get(p.name, ""))}" placeholder="{html.escape(p.type)}" '
        f'title="{html.escape(p.description)}"></label>'
        for p in question.parameters
    )
    return fill("question-form", inputs=inputs)


def _labelled(record: Mapping[str, Term | None], name: str) -> str:
    """The term of column ``name`` as a link, labelled by its Chinese label, else any label."""
    return link(record.get(name), term_value(record.get(f"{name}_zh") or record.get(f"{name}_any")))


def _alternates(node: ox.NamedNode) -> str:
    href = html.escape(local_path(node.value))
    return " ".join(
        f'<a href="{href}?format={name}" type="{media}">{label}</a>' for name, media, label in _ALTERNATES
    )


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
