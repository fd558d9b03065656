"""Comparison of saved-question rows with expected CSV files (numbers compared as numbers)."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetkg.contract import CONTRACT_COLUMNS, CONTRACT_QUESTIONS
from budgetkg.questions import ResultRow

__all__ = [
    "CONTRACT_COLUMNS",
    "CONTRACT_QUESTIONS",
    "TEXT_COLUMNS",
    "differences",
    "read_expected",
    "same_value",
]

TEXT_COLUMNS = {
    "region_code",
    "function_code",
    "economic_code",
    "unit_code",
    "project_code",
    "catalogue_code",
    "fiscal_year",
}


def read_expected(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of an expected CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def same_value(column: str, expected: str, found: str | None) -> bool:
    """Equal as printed text, or as numbers for amount-like columns."""
    found = found or ""
    if expected == found:
        return True
    if column in TEXT_COLUMNS or not expected or not found:
        return False
    try:
        return Decimal(expected) == Decimal(found)
    except InvalidOperation:
        return False


def differences(expected: list[dict[str, str]], found: list[ResultRow]) -> list[tuple[int, str, str, str]]:
    """(row number from 1, column, expected, found) for every cell that differs."""
    out: list[tuple[int, str, str, str]] = []
    for number, (want, got) in enumerate(zip(expected, found, strict=False), start=1):
        for column, value in want.items():
            if not same_value(column, value, got.get(column)):
                out.append((number, column, value, got.get(column) or ""))
    return out
