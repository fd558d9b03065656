"""Rows of a saved question as an aligned table, CSV or JSON (the same values in each)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from typing import TextIO

from budgetkg.questions import ResultRow


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def write_csv(columns: list[str], rows: Iterable[ResultRow], out: TextIO) -> None:
    """CSV with a header row, each row written as it comes; absent values are empty cells."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[column] is None else row[column] for column in columns])


def write_json(columns: list[str], rows: Iterable[ResultRow], out: TextIO) -> None:
    """A JSON object with the column names and one object per row (absent values are null), each
    row written as it comes; the same text as ``json.dumps(..., indent=2)`` of the whole answer."""
    out.write('{\n  "columns": ' + _indented(columns, "  ") + ',\n  "rows": [')
    first = True
    for row in rows:
        out.write(("\n    " if first else ",\n    ") + _indented(row, "    "))
        first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")


def _indented(value: object, indent: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def as_csv(columns: list[str], rows: list[ResultRow]) -> str:
    """CSV with a header row; absent values are empty cells."""
    buffer = io.StringIO()
    write_csv(columns, rows, buffer)
    return buffer.getvalue()


def as_json(columns: list[str], rows: list[ResultRow]) -> str:
    """A JSON object with the column names and one object per row (absent values are null)."""
    buffer = io.StringIO()
    write_json(columns, rows, buffer)
    return buffer.getvalue()


def as_table(columns: list[str], rows: list[ResultRow]) -> str:
    """An aligned plain-text table for the terminal (CJK characters count double width)."""
    cells = [["" if row[column] is None else str(row[column]) for column in columns] for row in rows]
    widths = [
        max([_width(column), *(_width(line[index]) for line in cells)])
        for index, column in enumerate(columns)
    ]
    lines = ["  ".join(_pad(column, widths[index]) for index, column in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    for line in cells:
        lines.append("  ".join(_pad(value, widths[index]) for index, value in enumerate(line)).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


RENDERERS = {"table": as_table, "csv": as_csv, "json": as_json}
STREAMED = {"csv": write_csv, "json": write_json}
