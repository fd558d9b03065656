"""What libraries say while a document is read, gathered into one line naming the document.

Parsing libraries report damage they work around as log records (pdfminer's ``Data-loss while
decompressing corrupted data``, ``Could not get FontBBox …``) or Python warnings, one line each
and without the file's name.  While a document is read they are gathered instead, and written as
one line on standard error that names the document, how many there were and the distinct ones.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

SHOWN = 3
"""Distinct notices named on the line; the others are counted."""
NOTICE_LENGTH = 100


class _Gathering(logging.Handler):
    def __init__(self, found: Counter[str]) -> None:
        super().__init__(logging.WARNING)
        self.found = found

    def emit(self, record: logging.LogRecord) -> None:
        self.found[_short(record.getMessage())] += 1


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= NOTICE_LENGTH else line[: NOTICE_LENGTH - 1] + "…"


@contextmanager
def gathered_notices() -> Iterator[Counter[str]]:
    """Gather the log records of WARNING and above and the warnings raised inside, by message,
    instead of letting them reach standard error."""
    found: Counter[str] = Counter()
    handler = _Gathering(found)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield found
        for item in caught:
            found[_short(f"{item.category.__name__}: {item.message}")] += 1
    finally:
        root.removeHandler(handler)


def notice_line(document: str, found: Counter[str]) -> str:
    """One line naming ``document`` and what the libraries said while it was read."""
    total = sum(found.values())
    named = "; ".join(
        f"{message} (×{count})" if count > 1 else message for message, count in found.most_common(SHOWN)
    )
    more = f"; and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return f"budgetkg: {document}: {total} warning(s) of the libraries reading it: {named}{more}"


def report_notices(document: str, found: Counter[str]) -> None:
    """Write the line of :func:`notice_line` on standard error, when anything was said."""
    if found:
        print(notice_line(document, found), file=sys.stderr, flush=True)
