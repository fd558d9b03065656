"""``/static/…``: files every page shares, served once and kept by the browser.

The pages name the system's Chinese fonts first and then the GB 2312 subset of WenQuanYi Micro Hei
that the flows explorer carries (``budgetkg/flows/assets/``, 658 KB), declared by ``@font-face`` for
the CJK blocks only, so that Chinese never shows as boxes where the system has no Chinese font.  The
pages preload it, so that their first paint already has it (a page is never drawn blank or in boxes
while it arrives); it comes under an address that names its content
(``/static/<stem>.<digest>.woff``), so a browser fetches it once and keeps it for a year without
asking again.  Its notice and licence are served beside it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, cached_property
from http import HTTPStatus
from importlib.resources import files

from budgetkg.flows.fonts import FONT_ASSET
from budgetkg.serve.protocol import HTTPProblem, Request, Response

STATIC_PREFIX = "/static/"
FONT_MEDIA = "font/woff"
LICENCE_NAME = "WQY-MICROHEI-LICENSE.txt"
LICENCE_ASSET = "WQY-MICROHEI-LICENSE"
NOTICE_NAME = "WQY-MICROHEI-NOTICE.txt"
NOTICE_ASSET = "WQY-MICROHEI-NOTICE"
IMMUTABLE = "public, max-age=31536000, immutable"
"""A year: the address changes whenever the content does."""
DAY = "public, max-age=86400"


@dataclass(frozen=True)
class StaticFile:
    """A file under ``/static/``: its name there, its bytes, media type and how long it may be kept."""

    name: str
    body: bytes
    media: str
    cache_control: str

    @cached_property
    def etag(self) -> str:
        """A strong validator of the content (hashed once, not on every request)."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'

    @property
    def path(self) -> str:
        """Where it is served."""
        return STATIC_PREFIX + self.name


def _asset(name: str) -> bytes:
    return files("budgetkg.flows").joinpath("assets", name).read_bytes()


@cache
def font() -> StaticFile:
    """The CJK font of the pages, under a name that carries a digest of its content."""
    body = _asset(FONT_ASSET)
    stem, _, extension = FONT_ASSET.rpartition(".")
    digest = hashlib.sha256(body).hexdigest()[:12]
    return StaticFile(f"{stem}.{digest}.{extension}", body, FONT_MEDIA, IMMUTABLE)


@cache
def static_files() -> dict[str, StaticFile]:
    """Every file under ``/static/`` by its name there."""
    texts = [
        StaticFile(LICENCE_NAME, _asset(LICENCE_ASSET), "text/plain", DAY),
        StaticFile(NOTICE_NAME, _asset(NOTICE_ASSET), "text/plain", DAY),
    ]
    return {item.name: item for item in [font(), *texts]}


def serve_static(rest: str, request: Request) -> Response:
    """The file ``/static/<rest>``, or 304 when the client holds it already (``If-None-Match``)."""
    item = static_files().get(rest)
    if item is None:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"no static file {rest!r} (the font is at {font().path})")
    headers = {"Cache-Control": item.cache_control, "ETag": item.etag}
    held = [tag.strip() for tag in (request.header("If-None-Match") or "").split(",")]
    if item.etag in held or "*" in held:
        return Response(b"", item.media, HTTPStatus.NOT_MODIFIED, headers)
    return Response(item.body, item.media, headers=headers)
