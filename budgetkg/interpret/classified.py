"""Tables of amounts by classification code: functional (201/20136/2013602) or economic (301/30101)."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.interpret.coded_rows import (
    CodedRow,
    CodeLayout,
    coded_rows,
    detect_layout,
    first_data_row,
    include_unit_row,
)
from budgetkg.interpret.compared_columns import compared_columns
from budgetkg.interpret.context import TableContext
from budgetkg.interpret.headers import column_paths
from budgetkg.interpret.rows import cell, is_amount_cell
from budgetkg.interpret.unmapped import columns_after, report_unmapped_columns
from budgetkg.interpret.year_columns import budget_year_rows
from budgetkg.layout import Row
from budgetkg.recognise import compact

FUND_OF_KIND = {
    "expenditure-summary": "all",
    "fiscal-by-function": "fiscal",
    "fiscal-basic-by-economic": "fiscal",
    "running-costs": "general",
    "general-by-function": "general",
    "general-by-economic": "general",
    "general-basic-by-economic": "general",
    "government-fund": "government-fund",
    "state-capital": "state-capital",
    "income-summary": "all",
}


_GROUP_TYPES = {"人员经费": "personnel", "公用经费": "public-use"}
ECONOMIC_KINDS = {
    "general-basic-by-economic",
    "general-by-economic",
    "fiscal-basic-by-economic",
    "running-costs",
}


def amount_columns(context: TableContext, start: int) -> list[str]:
    """Expenditure types of the amount columns, in the order the header prints them.

    A type's place is the leftmost header cell naming it, so that two-row headers (基本支出 over
    小计 / 人员经费 / 公用经费) order their columns as printed.
    """
    signature = context.typed.signature
    header_rows = context.typed.rows[:start]
    found: list[tuple[int, int, str]] = []
    for name, pattern in signature.columns if signature else ():
        places = [
            (column, line)
            for line, row in enumerate(header_rows)
            for column, text in enumerate(row.cells)
            if pattern.search(compact(text))
        ]
        if places:
            column, line = min(places)
            found.append((column, line, name))
    # A type named over a group of columns whose first column another type names lower down
    # (基本支出 over 人员支出 | 日常公用支出, with no 小计) has no column of its own.
    heads = {(column, line) for column, line, _ in found}
    return [
        name
        for column, line, name in sorted(found)
        if not any(other == column and deeper > line for other, deeper in heads)
    ]


def group_amount_columns(context: TableContext, header_rows: list[Row], layout: CodeLayout) -> list[str]:
    """For a table printing two column groups side by side: the types of one group's amount
    columns, each named by the lowest header cell above it, so that a group's own title (人员经费
    over the whole group) names the group, not a column.  An unnamed column is the total."""
    patterns = context.typed.signature.columns if context.typed.signature else ()
    width = max((len(row.cells) for row in header_rows), default=0) - layout.lead
    per_group = max(width // layout.groups - layout.width, 1)
    first = layout.lead + layout.width
    columns: list[str] = []
    for position in range(first, first + per_group):
        named = "total"
        for row in header_rows:
            text = compact(cell(row.cells, position))
            found = next((name for name, pattern in patterns if pattern.search(text)), None)
            if text and found:
                named = found
        columns.append(named)
    return columns


def read_classified(context: TableContext) -> None:
    """Read every coded row (and the total row) of a functional or economic table."""
    start = first_data_row(context.typed.rows)
    rows = budget_year_rows(context.typed.rows, start, context.extraction.document.fiscal_year)
    layout = detect_layout(rows, start)
    start = include_unit_row(rows, start, layout)
    totals_only = context.typed.kind == "income-summary"
    columns: list[str | None] = ["total"] if totals_only else _columns(context, rows[:start], start, layout)
    operation = "revenue" if context.typed.kind == "income-summary" else "expenditure"
    classification = "economic" if context.typed.kind in ECONOMIC_KINDS else "function"
    fund = FUND_OF_KIND[context.typed.kind]
    lines = list(coded_rows(rows, start, layout, len(columns), classification))
    if not lines and context.typed.kind == "expenditure-summary":
        _read_totals_row(context, operation, fund)
    if layout.groups == 1 and not totals_only:
        # an income table is read for its totals only: its other columns are left on purpose
        data_rows = [line.row for line in lines]
        first_unread = layout.lead + layout.width + len(columns)
        report_unmapped_columns(context, rows[:start], data_rows, columns_after(data_rows, first_unread))
    if layout.unit_codes:
        _read_unit_rows(context, lines, columns, operation, fund)
        return
    for line in lines:
        row, offset, code, name = line.row, line.offset, line.code, line.name
        classified = bool(code) or line.named_only
        name_path = (*line.parents, name) if line.level is not None else ()
        values = context.amounts(row, offset, line.amounts)
        if values is None:
            continue
        for measure, text, value in zip(columns, line.amounts, values, strict=False):
            if measure is None or value is None:
                continue
            context.add_line(
                row,
                offset,
                name or "合计",
                text,
                value,
                operation=operation,
                fund=fund,
                expenditure_type=measure,
                classification=classification if classified else None,
                code=code or None,
                is_total=line.is_total,
                group=line.group,
                name_path=name_path,
            )
        _add_basic_as_sum(
            context, line, columns, values, operation, fund, classification if classified else None, name_path
        )
        group_type = _GROUP_TYPES.get(next((w for w in _GROUP_TYPES if w in line.group_label), ""))
        if group_type and columns == ["total"] and values:
            value = values[0]
            if value is not None:
                context.add_line(
                    row,
                    offset,
                    name or "合计",
                    line.amounts[0],
                    value,
                    operation=operation,
                    fund=fund,
                    group=line.group,
                    expenditure_type=group_type,
                    classification=classification if classified else None,
                    code=code or None,
                    is_total=line.is_total,
                    name_path=name_path,
                )
        total_at = columns.index("total") if "total" in columns else 0
        total_printed = len(values) > total_at and values[total_at] is not None
        if classified and not total_printed:
            # A coded row always has a total line, even when the total cell is blank, so that
            # every printed code is a fact of the table.
            context.add_line(
                row,
                offset,
                name,
                "",
                None,
                operation=operation,
                fund=fund,
                expenditure_type="total",
                classification=classification,
                code=code or None,
                group=line.group,
                name_path=name_path,
            )


def _read_unit_rows(
    context: TableContext, lines: list[CodedRow], columns: list[str | None], operation: str, fund: str
) -> None:
    """The rows of a table by department and unit (收入总表: 部门代码 | 部门名称 | amounts): each
    code is a unit's, and its amounts are that unit's, under no classification."""
    for line in lines:
        values = context.amounts(line.row, line.offset, line.amounts) or []
        for measure, text, value in zip(columns, line.amounts, values, strict=False):
            if measure is None or value is None:
                continue
            context.add_line(
                line.row,
                line.offset,
                line.name or "合计",
                text,
                value,
                operation=operation,
                fund=fund,
                expenditure_type=measure,
                unit_code=line.code or None,
                is_total=line.is_total,
            )


def _add_basic_as_sum(
    context: TableContext,
    line: CodedRow,
    columns: list[str | None],
    values: list[Decimal | None],
    operation: str,
    fund: str,
    classification: str | None,
    name_path: tuple[str, ...],
) -> None:
    """A table that splits 基本支出 into 人员支出 and 日常公用支出 without printing their 小计
    (Hangzhou): the basic amount of the row is the sum of the two printed cells."""
    signature = context.typed.signature
    expected = {name for name, _ in signature.columns} if signature else set()
    if "basic" not in expected or "basic" in columns or not {"personnel", "public-use"} <= set(columns):
        return
    parts = [
        (text, value)
        for measure, text, value in zip(columns, line.amounts, values, strict=False)
        if measure in ("personnel", "public-use") and value is not None
    ]
    if not parts:
        return
    context.add_sum_line(
        line.row,
        line.offset,
        line.name or "合计",
        [text for text, _ in parts],
        sum((value for _, value in parts), Decimal(0)),
        operation=operation,
        fund=fund,
        expenditure_type="basic",
        classification=classification,
        code=line.code or None,
        is_total=line.is_total,
        group=line.group,
        name_path=name_path,
    )


def _columns(context: TableContext, header: list[Row], start: int, layout: CodeLayout) -> list[str | None]:
    """The expenditure type of each amount cell of a row (``None`` for a cell not read), with
    ``header`` the header rows as read (without the columns of another year)."""
    if layout.groups > 1:
        return list(group_amount_columns(context, header, layout))
    compared = compared_columns(header, layout.lead + layout.width, context.typed.signature)
    return compared if compared is not None else list(amount_columns(context, start))


def _read_totals_row(context: TableContext, operation: str, fund: str) -> None:
    """A table of totals only (Jiangsu 支出总表: 合计 | 基本支出 | 项目支出 | 单位预留机动经费 | …):
    the first row of amounts, each amount named by the header above its column."""
    rows = context.typed.rows
    data = next(
        (index for index, row in enumerate(rows) if any(is_amount_cell(text) for text in row.cells)), None
    )
    signature = context.typed.signature
    if data is None or signature is None:
        return
    row = rows[data]
    paths = column_paths(rows[:data], len(row.cells))
    unmapped: list[int] = []
    for column, text in enumerate(row.cells):
        label = paths[column][-1] if paths[column] else ""
        measure = next((name for name, pattern in signature.columns if label and pattern.search(label)), None)
        if measure is None:
            unmapped.append(column)
            continue
        value = context.amount(row, data + 1, text)
        if value is None:
            continue
        context.add_line(
            row,
            data + 1,
            "合计",
            text,
            value,
            operation=operation,
            fund=fund,
            expenditure_type=measure,
            is_total=True,
        )
    report_unmapped_columns(context, rows[:data], [row], unmapped)


def _is_column_numbering(cells: list[str]) -> bool:
    """The 栏次 row of column numbers 1, 2, 3 … printed under some headers."""
    return [text.strip() for text in cells] == [str(number) for number in range(1, len(cells) + 1)]
