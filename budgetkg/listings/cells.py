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
_SEPARATOR = "\x1f"  # between a value and its kind, for a column's distinct cells (a kind never holds it)

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


def decoded_rows(table: Any, variables: Sequence[str]) -> Iterator[tuple[Term | None, ...]]:
    """The rows of decoded terms of ``variables``, from an Arrow table of the columns of
    :func:`column_arrays`; each distinct cell of a column is decoded once (the column is
    dictionary-encoded by Arrow, and each row picks its term by index)."""
    import pyarrow.compute as pc

    decoded: list[list[Term | None]] = []
    for variable in variables:
        joined = pc.binary_join_element_wise(
            table.column(variable), table.column(variable + KIND_SUFFIX), _SEPARATOR
        )
        encoded = pc.dictionary_encode(joined.combine_chunks())
        terms: list[Term | None] = []
        for cell in encoded.dictionary.to_pylist():
            value, _, kind = cell.rpartition(_SEPARATOR)
            terms.append(decode(value, kind))
        terms.append(None)  # an unbound cell
        indices = pc.fill_null(encoded.indices, len(terms) - 1).to_pylist()
        decoded.append([terms[index] for index in indices])
    return zip(*decoded, strict=True) if decoded else iter(())
