"""Every saved question in pages: ``limit`` rows from ``offset``, in the question's order, its rows
streamed; a materialised question read from its tables when they are all current, another asked
with no parameter (or one it narrows by) from its whole answer, kept since the last write or asked
whole now and kept, otherwise from SPARQL, with the reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from budgetkg.errors import QueryError
from budgetkg.listings.kept import kept_rows
from budgetkg.listings.manifest import ListingFolder
from budgetkg.listings.reading import NotMaterialised, Row, choose, read_rows, table_variables
from budgetkg.listings.spec import materialised_specs
from budgetkg.params import bind
from budgetkg.questions import ResultRow, SavedQuestion, parameter_columns, stream_answer, term_value
from budgetkg.store import EmbeddedStore

FROM_TABLES = "the materialised tables"
FROM_KEPT = "the whole answer kept after the last write"
FROM_SPARQL = "SPARQL"


@dataclass
class Listing:
    """The columns of an answer, its rows (an iterator: read them once) and where they come from."""

    columns: list[str]
    rows: Iterator[Row]
    source: str
    """FROM_TABLES, FROM_KEPT or FROM_SPARQL"""
    reason: str
    """what the source was chosen for, for ``--verbose``"""
    total: int | None = None
    """the number of rows of the whole answer, where known without reading them"""


def text_rows(columns: list[str], rows: Iterable[Row]) -> Iterator[ResultRow]:
    """Rows as text (the cells of the table, CSV and JSON outputs), each value repeated down the
    answer turned into text once."""
    as_text = lru_cache(maxsize=1 << 16)(term_value)
    for row in rows:
        yield dict(zip(columns, map(as_text, row), strict=True))


def check_page(limit: int | None, offset: int) -> None:
    """Refuse a negative limit or offset."""
    if limit is not None and limit < 0:
        raise QueryError(f"limit must be 0 or more, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}")


def from_tables(
    store: EmbeddedStore,
    question: SavedQuestion,
    params: Mapping[str, object] | None = None,
    page: tuple[int | None, int] = (None, 0),
    folder: ListingFolder | None = None,
) -> Listing | str:
    """The rows of ``page`` (a limit, None for all, and an offset) of the answer, read from the
    materialised tables (beside the store, or in ``folder``) or, for a question not kept document by
    document, from its kept whole answer; or, where they cannot answer, why."""
    limit, offset = page
    check_page(limit, offset)
    spec = materialised_specs().get(question.name)
    if spec is None:
        kept = kept_rows(store, question, params, offset, limit)
        if isinstance(kept, str):
            return kept
        narrowed = ", ".join(f"{name}={value}" for name, value in (params or {}).items())
        if kept.computed_now:
            source, reason = FROM_SPARQL, "its whole answer, asked now and kept until the next write"
        else:
            source, reason = FROM_KEPT, "its whole answer, kept since the last write"
        reason += f", narrowed by {narrowed}" if narrowed else ""
        return Listing(kept.columns, kept.rows, source, reason, kept.total)
    bound = bind(question.name, question.parameters, params)
    try:
        chosen = choose(store, spec, bound, folder)
        hidden = parameter_columns(question)
        columns = [name for name in table_variables(chosen) if name not in hidden]
    except NotMaterialised as why:
        return str(why)
    rows = read_rows(chosen, columns, offset, limit)
    reason = f"tables of {len(chosen.documents)} document(s)"
    return Listing(columns, rows, FROM_TABLES, reason, chosen.rows)


def ask(
    store: EmbeddedStore,
    question: SavedQuestion,
    params: Mapping[str, object] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    materialised: bool = True,
) -> Listing:
    """``limit`` rows of the answer from ``offset`` (all with no limit), from the materialised tables
    where they answer and from SPARQL otherwise; ``materialised=False`` always asks SPARQL."""
    check_page(limit, offset)
    found = from_tables(store, question, params, (limit, offset)) if materialised else "not asked for"
    if isinstance(found, Listing):
        return found
    columns, rows = stream_answer(store, question, params)
    stop = None if limit is None else offset + limit
    return Listing(columns, islice(rows, offset, stop), FROM_SPARQL, found)
