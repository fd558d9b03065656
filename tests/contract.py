"""Comparison of saved-question rows with expected CSV files (numbers compared as numbers)."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetkg.questions import ResultRow

CONTRACT_QUESTIONS = (
    "department-overview",
    "expenditure-by-function",
    "basic-by-economic",
    "projects",
    "indicators",
    "three-public",
    "procurement",
)
CONTRACT_COLUMNS = {
    "department-overview": [
        "region_code",
        "region_name",
        "department",
        "fiscal_year",
        "total_expenditure",
        "basic_expenditure",
        "project_expenditure",
        "general_budget_total",
    ],
    "expenditure-by-function": [
        "region_code",
        "department",
        "fiscal_year",
        "fund",
        "function_code",
        "function_name",
        "amount",
        "basic_amount",
        "project_amount",
    ],
    "basic-by-economic": [
        "region_code",
        "department",
        "fiscal_year",
        "economic_code",
        "economic_name",
        "amount",
        "personnel_amount",
        "public_amount",
    ],
    "projects": [
        "region_code",
        "department",
        "fiscal_year",
        "unit_code",
        "project_code",
        "project_name",
        "amount",
        "disclosed",
    ],
    "indicators": [
        "region_code",
        "department",
        "fiscal_year",
        "scope",
        "project_name",
        "level1",
        "level2",
        "level3",
        "target_text",
        "comparator",
        "target_value",
        "target_unit",
    ],
    "three-public": [
        "region_code",
        "department",
        "fiscal_year",
        "total",
        "abroad",
        "reception",
        "vehicle_purchase",
        "vehicle_operation",
    ],
    "procurement": [
        "region_code",
        "department",
        "fiscal_year",
        "unit_code",
        "project_name",
        "catalogue_code",
        "item_name",
        "function_code",
        "economic_code",
        "quantity",
        "unit_price",
        "amount",
    ],
}
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
