"""Reading one document, where any failure becomes that document's failure with a one-line reason."""

from __future__ import annotations

import traceback
from pathlib import Path

from budgetkg.assemble import assemble
from budgetkg.build.notices import gathered_notices, report_notices
from budgetkg.errors import BudgetKGError, DocumentError, kind_of, one_line
from budgetkg.given import GivenIdentity
from budgetkg.interpret import interpret
from budgetkg.interpret.performance import vocabulary
from budgetkg.model import Extraction
from budgetkg.pairing import Outcome, Task
from budgetkg.rdf.emit import EmittedDocument, emit_document
from budgetkg.rdf.emit_facts import indicator_categories
from budgetkg.readers import read_document
from budgetkg.readers.failures import OUT_OF_MEMORY, OutOfMemory, ran_out_of_memory
from budgetkg.recognise import signatures
from budgetkg.regions import regions

REASON_LENGTH = 300
"""A failure's reason is cut to this many characters: one line a user can read."""


def document_name(paths: list[Path]) -> str:
    """The name a document's failures are reported under: its file, or its files joined."""
    return " + ".join(item.name for item in paths)


def extract_document(
    path: Path | list[Path], given: GivenIdentity | None = None
) -> tuple[Extraction, EmittedDocument]:
    """Read, interpret and emit one document (one file, or the files of a document published in
    several), with what the user states of it; raise :class:`DocumentError` naming it."""
    paths = [path] if isinstance(path, Path) else path
    name = document_name(paths)
    try:
        for item in paths:
            if not item.exists():
                raise DocumentError(item.name, "no such file")
        extraction = interpret(assemble([read_document(item) for item in paths]), given)
        return extraction, emit_document(extraction)
    except DocumentError:
        raise
    except BudgetKGError as error:
        raise DocumentError(name, str(error)) from error
    except (ValueError, KeyError, IndexError) as error:
        raise DocumentError(name, f"could not be interpreted: {error!r}") from error


def on_one_line(text: str) -> str:
    """``text`` on one line, cut to :data:`REASON_LENGTH` characters."""
    line = " ".join(text.split())
    return line if len(line) <= REASON_LENGTH else line[: REASON_LENGTH - 1] + "…"


def failure(paths: list[Path], error: BaseException) -> DocumentError:
    """The document failure an unexpected exception stands for: its kind and message, on one line."""
    if ran_out_of_memory(error):
        return OutOfMemory(document_name(paths), OUT_OF_MEMORY)
    if isinstance(error, RecursionError):
        return DocumentError(document_name(paths), "nested too deeply to be read (recursion limit)")
    if str(error).startswith("[<class "):  # decimal's signals name only their classes
        return DocumentError(document_name(paths), f"unexpected {kind_of(error)}")
    return DocumentError(document_name(paths), on_one_line(f"unexpected {one_line(error, REASON_LENGTH)}"))


def extract_safely(task: Task) -> tuple[Outcome, str | None]:
    """The result of reading one document, or its failure as a value, with the traceback of an
    unexpected exception (shown with ``--debug``). Nothing it raises escapes, but an interrupt.
    What libraries log or warn meanwhile is one line on standard error naming the document."""
    paths, given = task
    with gathered_notices() as found:
        outcome = _extract_or_fail(paths, given)
    report_notices(document_name(paths), found)
    return outcome


def _extract_or_fail(paths: list[Path], given: GivenIdentity | None) -> tuple[Outcome, str | None]:
    try:
        return extract_document(paths, given), None
    except DocumentError as error:  # its cause, where a library raised it, is shown with --debug
        trace = traceback.format_exc() if error.__cause__ is not None else None
        return type(error)(error.document, on_one_line(error.reason), error.page), trace
    except Exception as error:  # the fault boundary of one document
        return failure(paths, error), traceback.format_exc()


def warm_caches() -> None:
    """Load the code lists and signatures once, before documents are read."""
    regions()
    signatures()
    vocabulary()
    indicator_categories()
