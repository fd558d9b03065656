"""RDF terms as Arrow columns and back, exactly: each variable is two string columns, its value and
its kind (``<`` for an IRI, ``_`` for a blank node, ``@lang`` for a language-tagged string, else the
literal's datatype IRI), both null where the variable is unbound."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from budgetkg.params import Term
from budgetkg.questions import NUMERIC_DATATYPES

IRI = "<"
BLANK = "_"
KIND_SUFFIX = "\x1fkind"
_UNSEEN = ox.Literal("")  # a marker: never a decoded cell (compared by identity)

Cell = tuple[str, str] | None


def encode(term: Term | ox.Triple | None) -> Cell:
    """A term as its value and kind."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value, IRI
    if isinstance(term, ox.BlankNode):
        return term.value, BLANK
    if isinstance(term, ox.Literal):
        if term.language:
            return term.value, "@" + term.language
        return term.value, term.datatype.value
    raise ValueError(f"a listing cannot keep {term!r}")


def decode(value: str | None, kind: str | None) -> Term | None:
    """The term of a value and kind."""
    if value is None or kind is None:
        return None
    if kind == IRI:
        return ox.NamedNode(value)
    if kind == BLANK:
        return ox.BlankNode(value)
    if kind.startswith("@"):
        return ox.Literal(value, language=kind[1:])
    return ox.Literal(value, datatype=ox.NamedNode(kind))


def sort_key(cell: Cell) -> tuple[Any, ...]:
    """A key that orders cells as SPARQL's ORDER BY orders their terms: unbound first, then blank
    nodes, IRIs and literals; numbers by value, other literals by their text."""
    if cell is None:
        return (0,)
    value, kind = cell
    if kind == BLANK:
        return (1, value)
    if kind == IRI:
        return (2, value)
    if kind in NUMERIC_DATATYPES:
        return (3, 0, Decimal(value), "")
    return (3, 1, Decimal(0), value)


def column_arrays(variables: Sequence[str], rows: Sequence[Sequence[Cell]]) -> dict[str, list[str | None]]:
    """The two columns of each variable, for ``pyarrow.table``."""
    arrays: dict[str, list[str | None]] = {}
    for index, variable in enumerate(variables):
        cells = [row[index] for row in rows]
        arrays[variable] = [None if cell is None else cell[0] for cell in cells]
        arrays[variable + KIND_SUFFIX] = [None if cell is None else cell[1] for cell in cells]
    return arrays


def decoded_rows(
    columns: dict[str, list[Any]], variables: Sequence[str]
) -> Iterator[tuple[Term | None, ...]]:
    """The rows of decoded terms of ``variables``, from the columns of :func:`column_arrays`; a value
    repeated down a column is decoded once."""
    decoded: list[list[Term | None]] = []
    for variable in variables:
        known: dict[tuple[str | None, str | None], Term | None] = {}
        cells = []
        for value, kind in zip(columns[variable], columns[variable + KIND_SUFFIX], strict=True):
            term = known.get((value, kind), _UNSEEN)
            if term is _UNSEEN:
                term = known[(value, kind)] = decode(value, kind)
            cells.append(term)
        decoded.append(cells)
    return zip(*decoded, strict=True) if decoded else iter(())
