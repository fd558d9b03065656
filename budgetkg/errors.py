"""Exceptions that name the document, page and reason of a failure."""

from __future__ import annotations


class BudgetKGError(Exception):
    """Base class of every error budgetkg raises on purpose."""


class DocumentError(BudgetKGError):
    """A document could not be read or understood."""

    def __init__(self, document: str, reason: str, page: int | None = None) -> None:
        self.document = document
        self.reason = reason
        self.page = page
        where = f"{document}, page {page}" if page is not None else document
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str, int | None]]:
        return (type(self), (self.document, self.reason, self.page))


class UnsupportedFormatError(DocumentError):
    """The file is of a format no reader handles."""


class IdentityError(DocumentError):
    """The document does not tell who publishes it, for which year or which government."""


class StoreError(BudgetKGError):
    """The triple store could not be opened or written."""


class QueryError(BudgetKGError):
    """A saved question is unknown, malformed or was given bad parameters."""
