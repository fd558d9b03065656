"""An answer as an Apache Parquet file (pyarrow): amounts as float64, integers (years, counts) as int64,
flags as booleans and everything else as strings, each column typed by its kind
(:mod:`budgetkg.columns`); absent values are nulls."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from budgetkg.columns import ColumnKind, column_kinds, column_values, typed_values
from budgetkg.questions import Answer

MEDIA_TYPE = "application/vnd.apache.parquet"


def _arrow_table(answer: Answer) -> Any:
    import pyarrow

    types = {
        ColumnKind.DECIMAL: pyarrow.float64(),
        ColumnKind.INTEGER: pyarrow.int64(),
        ColumnKind.BOOLEAN: pyarrow.bool_(),
        ColumnKind.TEXT: pyarrow.string(),
    }
    arrays = []
    for column, kind in column_kinds(answer).items():
        values: list[object] = list(typed_values(column_values(answer, column), kind))
        if kind is ColumnKind.DECIMAL:
            values = [None if value is None else float(str(value)) for value in values]
        arrays.append(pyarrow.array(values, type=types[kind]))
    return pyarrow.Table.from_arrays(arrays, names=list(answer.columns))


def parquet_bytes(answer: Answer) -> bytes:
    """The answer as the bytes of a Parquet file."""
    import pyarrow.parquet

    buffer = io.BytesIO()
    pyarrow.parquet.write_table(_arrow_table(answer), buffer)
    return buffer.getvalue()


def write_parquet(answer: Answer, path: Path) -> None:
    """Write the answer as a Parquet file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(parquet_bytes(answer))
