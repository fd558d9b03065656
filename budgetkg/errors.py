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


class LimitExceeded(BudgetKGError):
    """A file, or a part of it, is over a limit of what the readers read (``extract/limits.toml``).

    Raised where the file's name is not at hand; the readers' entry point turns it into a
    :class:`DocumentError` naming the file.
    """

    def __init__(self, reason: str, page: int | None = None) -> None:
        self.reason = reason
        self.page = page
        super().__init__(reason)

    def __reduce__(self) -> tuple[type[LimitExceeded], tuple[str, int | None]]:
        return (type(self), (self.reason, self.page))


class UnsupportedFormatError(DocumentError):
    """The file is of a format no reader handles."""


class IdentityError(DocumentError):
    """The document does not tell who publishes it, for which year or which government."""


class StoreError(BudgetKGError):
    """The triple store could not be opened or written."""


class QueryError(BudgetKGError):
    """A saved question is unknown, malformed or was given bad parameters."""


def kind_of(error: BaseException) -> str:
    """An exception's class, with its module unless built in (so that ``struct.error`` and
    ``zlib.error`` are told apart)."""
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def one_line(error: BaseException, limit: int = 200) -> str:
    """An exception as one short line: its class (:func:`kind_of`) and its message, cut at ``limit``
    characters."""
    name = kind_of(error)
    message = " ".join(str(error).split())
    if len(message) > limit:
        message = message[: limit - 1] + "…"
    return f"{name}: {message}" if message else name
