"""The contract: the seven saved questions every build must answer, and the columns each returns, in order.

The tests hold the saved queries to these columns, and the sample generator states its expected rows
in them.
"""

from __future__ import annotations

CONTRACT_QUESTIONS: tuple[str, ...] = (
    "department-overview",
    "expenditure-by-function",
    "basic-by-economic",
    "projects",
    "indicators",
    "three-public",
    "procurement",
)
CONTRACT_COLUMNS: dict[str, list[str]] = {
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
