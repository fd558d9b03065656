"""Readers turn a file of one format into a :class:`budgetkg.layout.ReadDocument`.

Readers are registered by file suffix; an unknown suffix raises
:class:`budgetkg.errors.UnsupportedFormatError` naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetkg.errors import DocumentError, UnsupportedFormatError
from budgetkg.layout import ReadDocument
from budgetkg.readers.docx import read_docx
from budgetkg.readers.html import read_html
from budgetkg.readers.pdf import read_pdf
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
    if path.stat().st_size == 0:
        raise DocumentError(path.name, "the file is empty")
    try:
        return reader(path)
    except UnicodeDecodeError as error:
        raise DocumentError(
            path.name, f"not valid UTF-8 text ({error.reason} at byte {error.start})"
        ) from error
