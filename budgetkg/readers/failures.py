"""Failures while reading, whatever raised them, as the document's :class:`DocumentError`.

Libraries that parse damaged files raise what they like (``zlib.error``, ``struct.error``,
``TypeError`` deep inside a parser, ``MemoryError``); none of it may end a batch. Inside
:func:`reading` every exception but a :class:`DocumentError` becomes one, naming the file, the
page where one is known and the reason, with the original exception chained as its cause.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from budgetkg.errors import DocumentError, LimitExceeded, one_line


@contextmanager
def reading(name: str, what: str, page: int | None = None) -> Iterator[None]:
    """Turn any exception raised inside into a :class:`DocumentError` of ``name``.

    ``what`` opens the reason (``"not a readable Excel (.xlsx) file"``); a limit met inside keeps
    its own reason and is given ``page`` when it names none.
    """
    try:
        yield
    except DocumentError:
        raise
    except LimitExceeded as error:
        raise DocumentError(name, error.reason, error.page if error.page is not None else page) from error
    except MemoryError as error:
        raise DocumentError(name, "refused: reading it ran out of memory", page) from error
    except RecursionError as error:
        raise DocumentError(name, "refused: its parts are nested too deeply to read", page) from error
    except Exception as error:  # a library's failure on a damaged file is the document's, not the batch's
        raise DocumentError(name, f"{what}: {one_line(error)}", page) from error
