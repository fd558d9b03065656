"""The project expenditure table (项目支出预算表): projects under their units, withheld ones kept."""

from __future__ import annotations

import re

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import (
    TOTAL_WORDS,
    cell,
    clean_name,
    header_text,
    is_amount_cell,
)
from budgetkg.layout import Row
from budgetkg.model import Project

PROJECT_CODE = re.compile(r"^[0-9A-Z]{12,30}$")
_ORG_CODE = re.compile(r"^\d{3}(\d{3})?$")
_GROUPING_CODE = re.compile(r"^\d{1,2}$")
# Amount columns after 合计, as printed by the Hubei template.
_FUND_COLUMNS = (
    ("general", "一般公共预算"),
    ("government-fund", "政府性基金"),
    ("state-capital", "国有资本经营"),
    ("carry-over-general", "结转"),
    ("carry-over-government-fund", "结转"),
    ("carry-over-state-capital", "结转"),
    ("special-account", "财政专户"),
    ("unit-funds", "单位资金"),
)


def read_projects(context: TableContext) -> None:
    """Read project rows; a project row with no amount is withheld, not zero."""
    rows = context.typed.rows
    start = next(
        (index for index, row in enumerate(rows) if _is_data_row(row.cells)),
        len(rows),
    )
    header = header_text(context.typed, start)
    has_unit_column = "项目单位" in header
    first_amount = 3 if has_unit_column else 2
    funds = ["all", *(fund for fund, word in _FUND_COLUMNS if word in header)]
    unit_code: str | None = None
    for offset, row in enumerate(rows[start:], start=start + 1):
        code = clean_name(cell(row.cells, 0))
        name = clean_name(cell(row.cells, 1))
        amounts = row.cells[first_amount:]
        if _ORG_CODE.match(code):
            if len(code) == 6:
                unit_code = code
            _add_amounts(context, row, offset, name, amounts, funds, unit_code=code)
            continue
        if _GROUPING_CODE.match(code):
            continue
        if not code and (name in TOTAL_WORDS or not name):
            _add_amounts(context, row, offset, "合计", amounts, funds, is_total=True)
            continue
        if not PROJECT_CODE.match(code) and code:
            continue
        project_code = code or None
        context.extraction.projects.append(
            Project(name=name, code=project_code, unit_code=unit_code, source=context.source(row, offset))
        )
        printed = [text for text in amounts if text.strip()]
        if not printed:
            context.add_line(
                row,
                offset,
                name,
                "",
                None,
                status="withheld" if context.withheld_mentioned else "not-printed",
                fund="all",
                expenditure_type="project",
                unit_code=unit_code,
                project_code=project_code,
                project_name=name,
            )
            continue
        _add_amounts(
            context,
            row,
            offset,
            name,
            amounts,
            funds,
            unit_code=unit_code,
            project_code=project_code,
            project_name=name,
        )


def _is_data_row(cells: list[str]) -> bool:
    code = clean_name(cell(cells, 0))
    name = clean_name(cell(cells, 1))
    return bool(PROJECT_CODE.match(code) or _ORG_CODE.match(code) or name in TOTAL_WORDS) or (
        not code and not name and any(is_amount_cell(text) for text in cells[2:])
    )


def _add_amounts(
    context: TableContext,
    row: Row,
    offset: int,
    name: str,
    amounts: list[str],
    funds: list[str],
    unit_code: str | None = None,
    project_code: str | None = None,
    project_name: str | None = None,
    is_total: bool = False,
) -> None:

    for fund, text in zip(funds, amounts, strict=False):
        value = context.amount(row, offset, text)
        if value is None:
            continue
        context.add_line(
            row,
            offset,
            name,
            text,
            value,
            fund=fund,
            expenditure_type="project",
            unit_code=unit_code,
            project_code=project_code,
            project_name=project_name,
            is_total=is_total,
        )
