"""HTTP messages as the routes see them: a request, a response, an error answer, and Accept negotiation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs


class HTTPProblem(Exception):
    """An answer other than 200: its status, a message for the client, and extra headers."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Request:
    """One request: its method, path, query string, headers (by lower-case name), body and the address
    of the client that sent it."""

    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    client: str = ""

    def header(self, name: str) -> str | None:
        """A header's value, or None when the request has none."""
        return self.headers.get(name.lower())

    @property
    def accept(self) -> str | None:
        """The Accept header."""
        return self.header("Accept")

    @property
    def content_type(self) -> str:
        """The media type of the body, without its parameters, in lower case."""
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def fields(self) -> dict[str, list[str]]:
        """The fields of the query string, blank ones included."""
        return parse_qs(self.query, keep_blank_values=True)


@dataclass
class Response:
    """What a route answers: a body of a media type, a status and extra headers."""

    body: bytes
    media: str
    status: HTTPStatus = HTTPStatus.OK
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, problem: HTTPProblem) -> Response:
        """The plain-text answer of an HTTP problem."""
        text = f"{problem.status.value} {problem.status.phrase}: {problem.message}\n"
        return cls(text.encode("utf-8"), "text/plain", problem.status, dict(problem.headers))


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offered media type the Accept header prefers: by quality, then by how specific the match
    is, then by the order of the header and of the offers.  No header (or ``*/*``) gets the first offer."""
    if not accept or not accept.strip():
        return offers[0]
    best: tuple[tuple[float, int, int, int], str] | None = None
    for position, item in enumerate(accept.split(",")):
        media, quality = _media_and_quality(item)
        if quality <= 0:
            continue
        for index, offer in enumerate(offers):
            specificity = _specificity(media, offer)
            if specificity is None:
                continue
            key = (quality, specificity, -position, -index)
            if best is None or key > best[0]:
                best = (key, offer)
    return best[1] if best else None


def choose(accept: str | None, offers: list[str], what: str) -> str:
    """The media type to answer in, or a 406 problem that lists the offers."""
    media = negotiate(accept, offers)
    if media is None:
        raise HTTPProblem(HTTPStatus.NOT_ACCEPTABLE, f"{what} come as " + ", ".join(offers))
    return media


FORMAT_NAMES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
    "json": "application/json",
    "xml": "application/xml",
    "rdf": "application/rdf+xml",
    "parquet": "application/vnd.apache.parquet",
}
"""The names ``?format=`` takes, and the media type each asks for."""


def choose_for(request: Request, offers: list[str], what: str) -> str:
    """The media type to answer ``request`` in: the one ``?format=NAME`` names, which wins over the
    Accept header (so that a link works in a browser), else the Accept negotiation.  A format the
    route does not offer is a 406 problem that lists the names it does."""
    wanted = request.fields().get("format", [""])[-1].strip().lower()
    if not wanted:
        return choose(request.accept, offers, what)
    media = FORMAT_NAMES.get(wanted)
    if media in offers and media is not None:
        return media
    names = [name for name, offered in FORMAT_NAMES.items() if offered in offers]
    raise HTTPProblem(
        HTTPStatus.NOT_ACCEPTABLE, f"format={wanted}: {what} come as format=" + ", format=".join(names)
    )


def _media_and_quality(item: str) -> tuple[str, float]:
    parts = [part.strip() for part in item.split(";")]
    quality = 1.0
    for parameter in parts[1:]:
        if parameter.replace(" ", "").startswith("q="):
            try:
                quality = float(parameter.split("=", 1)[1])
            except ValueError:
                quality = 0.0
    return parts[0].lower(), quality


def _specificity(media: str, offer: str) -> int | None:
    if media == "*/*":
        return 0
    if media.endswith("/*") and offer.startswith(media[:-1]):
        return 1
    if media == offer:
        return 2
    return None
