"""The kind of each column of an answer, from the XSD datatypes of the literals the question returns.

A question declares the datatype of a column in its SPARQL: amounts are ``xsd:decimal`` (as the
graph holds them, or as sums of them), years are cast with ``xsd:integer(...)``, counts are the
``xsd:integer`` of ``COUNT``, and a flag such as ``disclosed`` is an ``xsd:boolean``.  The kinds drive
the typed outputs (DataFrames, Parquet); the table, CSV and JSON outputs show the same values as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum

import pyoxigraph as ox

from budgetkg.params import Term
from budgetkg.questions import _DECIMAL, _INTEGER, Answer, term_value

_XSD = "http://www.w3.org/2001/XMLSchema#"
_YEAR = _XSD + "gYear"
_BOOLEAN = _XSD + "boolean"


class ColumnKind(Enum):
    """What the values of a column are."""

    DECIMAL = "decimal"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    TEXT = "text"


def _kind_of(datatypes: set[str]) -> ColumnKind:
    if not datatypes:
        return ColumnKind.TEXT
    if datatypes <= _INTEGER | {_YEAR}:
        return ColumnKind.INTEGER
    if datatypes <= _INTEGER | _DECIMAL:
        return ColumnKind.DECIMAL
    if datatypes == {_BOOLEAN}:
        return ColumnKind.BOOLEAN
    return ColumnKind.TEXT


def _datatype(cell: Term | None) -> str | None:
    """The datatype of a literal cell; "" for an IRI, a blank node or a plain or tagged string."""
    if cell is None:
        return None
    if isinstance(cell, ox.Literal) and not cell.language:
        return str(cell.datatype.value)
    return ""


def column_kinds(answer: Answer) -> dict[str, ColumnKind]:
    """Each column's kind: numbers, integers or booleans when every value present is one, else text."""
    kinds: dict[str, ColumnKind] = {}
    for index, column in enumerate(answer.columns):
        datatypes = {_datatype(row[index]) for row in answer.rows} - {None}
        kinds[column] = _kind_of({datatype for datatype in datatypes if datatype is not None})
    return kinds


def typed_values(cells: Iterable[Term | None], kind: ColumnKind) -> list[Decimal | int | bool | str | None]:
    """The cells of one column as Python values of its kind (None where a value is absent)."""
    values: list[Decimal | int | bool | str | None] = []
    for cell in cells:
        if cell is None:
            values.append(None)
        elif kind is ColumnKind.DECIMAL:
            values.append(Decimal(cell.value))
        elif kind is ColumnKind.INTEGER:
            values.append(int(cell.value))
        elif kind is ColumnKind.BOOLEAN:
            values.append(cell.value in ("true", "1"))
        else:
            values.append(term_value(cell))
    return values


def column_values(answer: Answer, column: str) -> list[Term | None]:
    """The cells of one column of an answer."""
    index = answer.columns.index(column)
    return [row[index] for row in answer.rows]
