"""Readers turn a file of one format into a :class:`budgetkg.layout.ReadDocument`.

Readers are registered by file suffix; an unknown suffix raises
:class:`budgetkg.errors.UnsupportedFormatError` naming the file.  :func:`read_document` is the
one way in: it refuses what is not a regular file (a named pipe, a device) and a file over its size
limit (``extract/limits.toml``), from ``stat`` alone, before a reader opens it; whatever a reader
or a library under it raises comes out as a :class:`budgetkg.errors.DocumentError` naming the file
(and the page where one is known), with the original exception chained as its cause.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetkg.errors import DocumentError, UnsupportedFormatError
from budgetkg.layout import ReadDocument
from budgetkg.readers.docx import read_docx
from budgetkg.readers.failures import reading
from budgetkg.readers.html import read_html
from budgetkg.readers.limits import reader_limits, refuse_over
from budgetkg.readers.pdf import read_pdf
from budgetkg.readers.regular import irregular_kind
from budgetkg.readers.text_dump import read_text_dump
from budgetkg.readers.xls import read_xls
from budgetkg.readers.xlsx import read_xlsx

Reader = Callable[[Path], ReadDocument]

READERS: dict[str, Reader] = {
    ".docx": read_docx,
    ".htm": read_html,
    ".html": read_html,
    ".pdf": read_pdf,
    ".txt": read_text_dump,
    ".xls": read_xls,
    ".xlsx": read_xlsx,
}


def supported_suffixes() -> list[str]:
    """The file suffixes a reader exists for."""
    return sorted(READERS)


def read_document(path: Path) -> ReadDocument:
    """Read ``path`` with the reader registered for its suffix."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(
            path.name, f"unsupported format {path.suffix or '(no suffix)'}; supported: {supported_suffixes()}"
        )
    kind = irregular_kind(path)
    if kind is not None:
        raise DocumentError(path.name, f"not a regular file: {kind}")
    with reading(path.name, "could not be read"):
        size = path.stat().st_size
        if size == 0:
            raise DocumentError(path.name, "the file is empty")
        limit = reader_limits().bytes_for(path.suffix)
        if limit is not None:
            refuse_over(size, limit, "the file is {} bytes")
        try:
            return reader(path)
        except UnicodeDecodeError as error:
            raise DocumentError(
                path.name, f"not valid UTF-8 text ({error.reason} at byte {error.start})"
            ) from error
