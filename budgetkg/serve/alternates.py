"""The other formats of the HTML pages: what ``?format=`` (or the Accept header) may ask of a page.

A page that shows a table also gives its rows as CSV or JSON (the values as stored, every row, in the
page's own order); a page about one of the project's IRIs (``/ui/region/…``, ``/ui/doc/…``) sends a
request for Turtle, JSON-LD or N-Triples to the description of that IRI under ``/id/``.  Anything
else is the 406 of :func:`budgetkg.serve.protocol.choose_for`, which lists what the page offers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus

from budgetkg.output import as_csv, as_json
from budgetkg.serve.protocol import FORMAT_NAMES, Request, Response, choose_for
from budgetkg.serve.table_view import link
from budgetkg.serve.templating import local_path

HTML = "text/html"
TABULAR = ("text/csv", "application/json")
LINKED = ("text/turtle", "application/ld+json", "application/n-triples")
LABELS = {
    "text/csv": "CSV",
    "application/json": "JSON",
    "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD",
    "application/n-triples": "N-Triples",
}
NAMES = {media: name for name, media in FORMAT_NAMES.items()}


@dataclass(frozen=True)
class Alternate:
    """A link to another format of the page: its label, media type and address, and whether it gives
    the page's rows or the description of the IRI the page mirrors."""

    label: str
    media: str
    href: str

    @property
    def describes(self) -> bool:
        """Whether it leads to the linked-data description rather than the rows."""
        return self.media in LINKED


@dataclass(frozen=True)
class PageFormats:
    """What a page offers besides HTML: its rows (CSV, JSON) and the IRI it mirrors (linked data)."""

    what: str
    tabular: bool = False
    iri: str | None = None

    @property
    def offers(self) -> list[str]:
        """The media types of the page, HTML first (what a request without preference gets)."""
        return [HTML, *(TABULAR if self.tabular else ()), *(LINKED if self.iri else ())]

    def choose(self, request: Request) -> str:
        """The media type asked for: ``?format=`` over the Accept header, a 406 for one not offered."""
        return choose_for(request, self.offers, self.what)

    def links(self, base: str, request: Request) -> list[Alternate]:
        """The page's other formats, as links that keep the page's query (but not its view)."""
        query = {key: values[-1] for key, values in request.fields().items() if values}
        for key in ("format", "sort", "page", "size"):
            query.pop(key, None)
        return [
            Alternate(LABELS[media], media, link(base, query, format=NAMES[media]))
            for media in self.offers
            if media != HTML
        ]


def rows_answer(media: str, columns: Sequence[str], rows: Sequence[Mapping[str, str | None]]) -> Response:
    """Rows as CSV or JSON, as the saved questions write them (an absent value empty, or null)."""
    text_rows = [{name: row.get(name) or None for name in columns} for row in rows]
    if media == "text/csv":
        return Response(as_csv(list(columns), text_rows).encode("utf-8"), media)
    return Response(as_json(list(columns), text_rows).encode("utf-8"), media)


def description_redirect(iri: str, media: str) -> Response:
    """A 303 to the description of ``iri`` in the format asked for."""
    location = f"{local_path(iri)}?format={NAMES[media]}"
    return Response(b"", "text/plain", HTTPStatus.SEE_OTHER, {"Location": location})
