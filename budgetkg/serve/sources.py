"""``/source/<file name>``: the files the documents were read from, so that a figure opens at its page
(``/source/<file name>#page=N`` in the browser's PDF viewer).

Only a file the store names is served, found by that name under the folders given to ``serve
--sources`` and only when its SHA-256 is the one recorded at build time; never a path from the request.
"""

from __future__ import annotations

import mimetypes
import threading
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox

from budgetkg.params import Term
from budgetkg.questions import term_value
from budgetkg.readers.identity import file_sha256
from budgetkg.serve.evaluation import Evaluator
from budgetkg.serve.protocol import HTTPProblem, Response
from budgetkg.serve.resources import internal_question

MEDIA = {".pdf": "application/pdf", ".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}


@dataclass(frozen=True)
class SourceFile:
    """A file a document was read from: its name, its SHA-256 and the document page of its first page."""

    name: str
    sha256: str
    first_page: int


@dataclass(frozen=True)
class PageLink:
    """Where a document page is shown: the URL (None when the file is not at hand) and why not."""

    url: str | None
    note: str = ""


class SourceFiles:
    """The files under the source folders, found by name and checked by SHA-256 (each file hashed once)."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders
        self._paths: dict[str, list[Path]] | None = None
        self._digests: dict[tuple[Path, int, int], str] = {}
        self._lock = threading.Lock()

    def path(self, source: SourceFile) -> Path | None:
        """The file of this name whose content has the recorded SHA-256, or None."""
        for candidate in self._index().get(source.name, []):
            if self._digest(candidate) == source.sha256:
                return candidate
        return None

    def _index(self) -> dict[str, list[Path]]:
        with self._lock:
            if self._paths is None:
                paths: dict[str, list[Path]] = {}
                for folder in self.folders:
                    for path in sorted(folder.rglob("*")):
                        if path.is_file():
                            paths.setdefault(path.name, []).append(path)
                self._paths = paths
            return self._paths

    def _digest(self, path: Path) -> str:
        status = path.stat()
        key = (path, status.st_size, status.st_mtime_ns)
        with self._lock:
            known = self._digests.get(key)
        if known is None:
            known = file_sha256(path)
            with self._lock:
                self._digests[key] = known
        return known


_registry: dict[tuple[Path, ...], SourceFiles] = {}
_registry_lock = threading.Lock()


def source_files(evaluator: Evaluator) -> SourceFiles:
    """The source files of this server's folders (one index per set of folders)."""
    folders = tuple(evaluator.options.sources)
    with _registry_lock:
        if folders not in _registry:
            _registry[folders] = SourceFiles(folders)
        return _registry[folders]


def document_files(evaluator: Evaluator, document: ox.NamedNode) -> list[SourceFile]:
    """The files of one document, in page order."""
    outcome = evaluator.query(internal_question("ui-source-files").text, {ox.Variable("doc"): document})
    return sorted((_source(outcome.variables, row) for row in outcome.rows), key=lambda file: file.first_page)


def page_link(evaluator: Evaluator, files: list[SourceFile], page: int | None) -> PageLink:
    """The link that opens the document at ``page`` (counted through its files), if the file is at hand."""
    if not files:
        return PageLink(None, "文件未登记 (no file recorded)")
    chosen = files[0]
    for file in files:
        if page is not None and file.first_page <= page:
            chosen = file
    if source_files(evaluator).path(chosen) is None:
        return PageLink(None, f"原文件不在服务器上 (source file not at hand: {chosen.name})")
    url = "/source/" + quote(chosen.name, safe="")
    if page is not None:
        url += f"#page={page - chosen.first_page + 1}"
    return PageLink(url)


def serve_source(evaluator: Evaluator, rest: str) -> Response:
    """The file named ``rest``, when the store names it and it is at hand with the recorded SHA-256."""
    name = unquote(rest)
    if not name or "/" in name or "\\" in name:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, "a source file is asked for by its file name alone")
    outcome = evaluator.query(
        internal_question("ui-source-files").text, {ox.Variable("file"): ox.Literal(name)}
    )
    if not outcome.rows:
        raise HTTPProblem(HTTPStatus.NOT_FOUND, f"the store names no file {name!r}")
    for row in outcome.rows:
        path = source_files(evaluator).path(_source(outcome.variables, row))
        if path is not None:
            media = MEDIA.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
            headers = {"Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"}
            return Response(path.read_bytes(), media or "application/octet-stream", headers=headers)
    raise HTTPProblem(
        HTTPStatus.NOT_FOUND,
        f"{name} is not at hand on this server (start it with --sources FOLDER holding the built files)",
    )


def _source(variables: list[str], row: tuple[Term | None, ...]) -> SourceFile:
    record = {name: term_value(value) or "" for name, value in zip(variables, row, strict=True)}
    return SourceFile(record["file_name"], record["sha256"], int(record["first_page"] or "1"))
