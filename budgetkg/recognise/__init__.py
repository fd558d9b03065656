"""Recognise the kind of each table: by its title (``titles``) and by what it holds (``content``)."""

from budgetkg.recognise.tables import TypedTable, choose_kind, recognise
from budgetkg.recognise.titles import (
    Signature,
    compact,
    expenditure_items,
    leading_unit_headers,
    match_title,
    printed_unit,
    signature_of,
    signatures,
    summary_fund_words,
    summary_item_labels,
    summary_passed_over_columns,
    three_public_fund_columns,
    unit_code_headers,
)

__all__ = [
    "Signature",
    "TypedTable",
    "choose_kind",
    "compact",
    "expenditure_items",
    "leading_unit_headers",
    "match_title",
    "printed_unit",
    "recognise",
    "signature_of",
    "signatures",
    "summary_fund_words",
    "summary_item_labels",
    "summary_passed_over_columns",
    "three_public_fund_columns",
    "unit_code_headers",
]
