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

OUT_OF_MEMORY = "refused: reading it ran out of memory"


class OutOfMemory(DocumentError):
    """Reading the document ran out of memory (a ``MemoryError``, however a library wrapped it).

    A worker reading under a memory limit names that limit in its place
    (:mod:`budgetkg.build.workers`).
    """


def ran_out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` is a ``MemoryError`` or stands for one: raised from or while handling one,
    or holding one as an argument (as pdfplumber wraps what pdfminer raises)."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, MemoryError):
            return True
        pending += [arg for arg in item.args if isinstance(arg, BaseException)]
        pending += [link for link in (item.__cause__, item.__context__) if link is not None]
    return False


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
        raise OutOfMemory(name, OUT_OF_MEMORY, page) from error
    except RecursionError as error:
        raise DocumentError(name, "refused: its parts are nested too deeply to read", page) from error
    except Exception as error:  # a library's failure on a damaged file is the document's, not the batch's
        if ran_out_of_memory(error):
            raise OutOfMemory(name, OUT_OF_MEMORY, page) from error
        raise DocumentError(name, f"{what}: {one_line(error)}", page) from error
