"""Performance-target forms (绩效目标表): indicators, their targets, and the form's amounts.

The indicator grid is read row by row: category cells set the current level 1 and level 2
(merged cells inherit them from the rows above), the first other cell is the 三级指标, and the
remaining cells are its targets (by year column where the form has them), weight and basis.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from budgetkg.interpret.context import TableContext
from budgetkg.interpret.rows import amount_in_wanyuan, cell, is_amount_cell
from budgetkg.layout import Row
from budgetkg.model import Indicator, IndicatorTarget
from budgetkg.numbers import NumberFormatError, parse_amount, parse_target
from budgetkg.paths import EXTRACT_DIR
from budgetkg.recognise import compact

_GOAL = re.compile(r"^(长期|年度)(绩效)?目标\d*[:：]?$|^(长期|年度)绩效目标\d+$|^目标\d+[:：]?$")
_SECTION = re.compile(r"^(长期|年度|本年度)(绩效)?(指标|目标表)$|^(长期|年度)绩效指标$")
_YEAR_ROLES = ("two-years-before", "previous-year", "current-year")
_YEAR_HEADER = re.compile(r"^(19|20)\d{2}年?$|近两年|当年实现|^前年$|^上年$")
_FORM_TITLE = re.compile(r"^\d+[、.]\s*(.+?)绩效目标表$")


@dataclass(frozen=True)
class Vocabulary:
    """Printed names of indicator categories and of the other cells of the grid."""

    level1: frozenset[str]
    level2: frozenset[str]
    ambiguous: frozenset[str]
    basis_words: tuple[str, ...]
    header_words: tuple[str, ...]
    description_columns: tuple[str, ...]
    level1_of: dict[str, str]


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary in ``extract/indicators.toml``."""
    with (EXTRACT_DIR / "indicators.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return Vocabulary(
        level1=frozenset(data["level1"]),
        level2=frozenset(data["level2"]),
        ambiguous=frozenset(data["ambiguous"]),
        basis_words=tuple(data["basis_words"]),
        header_words=tuple(data["header_words"]),
        description_columns=tuple(data["description_columns"]),
        level1_of=dict(data["level1_of"]),
    )


@dataclass(frozen=True)
class ProjectListColumns:
    """Header patterns of a list of projects with amounts and goals (no indicator grid)."""

    name: re.Pattern[str]
    amount: re.Pattern[str]
    goal: re.Pattern[str]


@cache
def project_list_columns() -> ProjectListColumns:
    """The ``[project_list]`` patterns of ``extract/indicators.toml``."""
    with (EXTRACT_DIR / "indicators.toml").open("rb") as handle:
        data = tomllib.load(handle)["project_list"]
    return ProjectListColumns(
        name=re.compile(data["name_column"]),
        amount=re.compile(data["amount_column"]),
        goal=re.compile(data["goal_column"]),
    )


@dataclass
class GridState:
    """What the rows read so far say about the rows still to come."""

    horizon: str = "annual"
    goal: str | None = None
    level1: str | None = None
    level2: str | None = None
    year_columns: bool = False
    weight_column: bool = False
    description_column: bool = False
    in_grid: bool = False
    seen_headers: list[str] = field(default_factory=list)


def read_performance_form(context: TableContext) -> None:
    """Read a department-level or project-level performance form."""
    scope = "department" if context.typed.kind == "department-performance" else "project"
    project_name = _project_name(context) if scope == "project" else None
    vocab = vocabulary()
    if scope == "project" and _read_project_list(context, vocab):
        return
    state = GridState()
    carried: list[str] = []
    for offset, row in _logical_rows(context.typed.rows, vocab):
        filled = [compact(text) for text in row.cells if compact(text)]
        if not filled:
            continue
        _read_form_amounts(context, row, offset, carried + filled, scope, project_name)
        carried = filled[-1:] if filled[-1] in _PROJECT_AMOUNT_LABELS else []
        if _update_section(state, filled, vocab):
            continue
        if not state.in_grid:
            continue
        _read_indicator_row(context, row, offset, filled, state, vocab, scope, project_name)


def _read_project_list(context: TableContext, vocab: Vocabulary) -> bool:
    """A list of projects (name, amount, goal) without an indicator grid: each project's amount.

    True when the table is such a list.
    """
    rows = context.typed.rows
    if any(word in compact(text) for row in rows for text in row.cells for word in vocab.header_words):
        return False
    columns = project_list_columns()
    for index, row in enumerate(rows[:4]):
        cells = [compact(text) for text in row.cells]
        name = next((at for at, text in enumerate(cells) if columns.name.search(text)), None)
        if name is None:
            continue
        later = enumerate(cells[name + 1 :], start=name + 1)
        amount = next((at for at, text in later if columns.amount.search(text)), None)
        if amount is not None:
            goal = next((at for at, text in enumerate(cells) if columns.goal.search(text)), None)
            _add_listed_projects(context, index + 1, name, amount, goal)
            return True
    return False


def _add_listed_projects(
    context: TableContext, start: int, name_at: int, amount_at: int, goal_at: int | None
) -> None:
    for offset, row in enumerate(context.typed.rows[start:], start=start + 1):
        name = compact(cell(row.cells, name_at))
        printed = compact(cell(row.cells, amount_at))
        grouping = goal_at is not None and not compact(cell(row.cells, goal_at))
        if not name or grouping or not is_amount_cell(printed):
            continue
        value = amount_in_wanyuan(printed, context.unit)
        context.add_line(
            row, offset, name, printed, value, fund="all", expenditure_type="project", project_name=name
        )


def _logical_rows(rows: list[Row], vocab: Vocabulary) -> list[tuple[int, Row]]:
    """Rejoin grid rows that a format broke in several pieces, keeping the first row number."""
    width = 0
    result: list[tuple[int, Row]] = []
    for offset, row in enumerate(rows, start=1):
        filled = [compact(text) for text in row.cells]
        if any(word in text for text in filled for word in vocab.header_words):
            width = len(row.cells)
        previous = result[-1][1] if result else None
        starts_new = (
            not filled
            or not filled[0]
            or filled[0] in vocab.level1
            or filled[0] in vocab.level2
            or _GOAL.match(filled[0]) is not None
        )
        if (
            row.may_continue
            and previous is not None
            and previous.may_continue
            and width
            and len(previous.cells) < width
            and not starts_new
        ):
            result[-1] = (
                result[-1][0],
                Row(
                    cells=previous.cells + row.cells,
                    line=previous.line,
                    page=previous.page,
                    may_continue=True,
                ),
            )
            continue
        result.append((offset, row))
    return result


def _project_name(context: TableContext) -> str | None:
    for row in context.typed.rows:
        filled = [compact(text) for text in row.cells if compact(text)]
        for index, text in enumerate(filled[:-1]):
            if text in ("项目名称", "项目支出名称"):
                return filled[index + 1]
    title = _FORM_TITLE.match(compact(context.typed.title))
    return title.group(1) if title else None


def _update_section(state: GridState, filled: list[str], vocab: Vocabulary) -> bool:
    """Follow section labels, goals and header rows; True when the row holds no indicator."""
    first = filled[0]
    if "长期" in first and ("目标" in first or "指标" in first):
        state.horizon = "long-term"
    elif first.startswith(("年度", "本年度")) and ("目标" in first or "指标" in first):
        state.horizon = "annual"
    if any(word in text for text in filled for word in vocab.header_words):
        state.in_grid = True
        state.year_columns = any("前年" in text or "上年" in text for text in filled) or state.year_columns
        state.weight_column = any("分值权重" in text for text in filled) or state.weight_column
        state.description_column = any(word in text for text in filled for word in vocab.description_columns)
        return True
    if state.in_grid and any(_YEAR_HEADER.search(text) for text in filled):
        state.year_columns = True
        state.weight_column = any("权重" in text for text in filled) or state.weight_column
        return True
    if _GOAL.match(first):
        state.goal = first.rstrip(":：")
        state.level1 = None
        state.level2 = None
        if first.startswith("长期"):
            state.horizon = "long-term"
        elif first.startswith("年度"):
            state.horizon = "annual"
        rest = filled[1:]
        return bool(rest) and not any(text in vocab.level1 or text in vocab.level2 for text in rest)
    if _SECTION.match(first) and len(filled) == 1:
        state.year_columns = False
        state.weight_column = False
        return True
    return False


def _read_indicator_row(
    context: TableContext,
    row: Row,
    offset: int,
    filled: list[str],
    state: GridState,
    vocab: Vocabulary,
    scope: str,
    project_name: str | None,
) -> None:
    cells, printed = _split_merged_categories(
        list(filled), [" ".join(text.split()) for text in row.cells if compact(text)], vocab
    )
    if cells and _GOAL.match(cells[0]):
        cells, printed = cells[1:], printed[1:]
    level3: str | None = None
    values: list[str] = []
    level2_seen = False
    for position, text in enumerate(cells):
        if level3 is None:
            if level2_seen and text == state.level2:
                continue
            if not level2_seen and _is_category(text, cells[position + 1 :], state, vocab):
                level2_seen = state.level2 == text
                continue
            if _looks_like_weight(text):
                continue
            level3 = text
            continue
        values.append(printed[position])
    if level3 is None or state.level1 is None:
        return
    basis = None
    if not state.year_columns:
        position = 1 if state.description_column and len(values) > 1 else 0
        if position >= len(values):
            return
        chosen_value = values[position]
        rest = values[position + 1 :]
        values = [chosen_value]
        basis = "；".join(rest) or None
    elif values and any(word in values[-1] for word in vocab.basis_words) and not is_amount_cell(values[-1]):
        basis = values.pop()
    weight = None
    if state.year_columns and state.weight_column and len(values) >= 2 and _looks_like_weight(values[-1]):
        weight = _decimal(values.pop())
    if not values:
        return
    if state.year_columns:
        roles = _YEAR_ROLES[-len(values) :] if len(values) <= 3 else _YEAR_ROLES
        chosen = values[-len(roles) :]
        targets = tuple(
            IndicatorTarget(year_role=role, target=parse_target(text))
            for role, text in zip(roles, chosen, strict=True)
        )
    else:
        targets = (IndicatorTarget(year_role="current-year", target=parse_target(values[-1])),)
    context.extraction.indicators.append(
        Indicator(
            order=len(context.extraction.indicators) + 1,
            scope=scope,
            project_name=project_name,
            goal=state.goal,
            horizon=state.horizon,
            level1=state.level1,
            level2=state.level2,
            level3=level3,
            targets=targets,
            weight=weight,
            basis=basis,
            source=context.source(row, offset),
        )
    )


def _split_merged_categories(
    cells: list[str], printed: list[str], vocab: Vocabulary
) -> tuple[list[str], list[str]]:
    """Split a cell that holds two category names (a level 1 and a level 2 merged in one cell)."""
    names = vocab.level1 | vocab.level2
    out_cells: list[str] = []
    out_printed: list[str] = []
    for text, shown in zip(cells, printed, strict=True):
        split = next(
            (
                (text[: len(first)], text[len(first) :])
                for first in sorted(names, key=len, reverse=True)
                if text.startswith(first) and text[len(first) :] in vocab.level2
            ),
            None,
        )
        if split is None:
            out_cells.append(text)
            out_printed.append(shown)
        else:
            out_cells.extend(split)
            out_printed.extend(split)
    return out_cells, out_printed


def _is_category(text: str, following: list[str], state: GridState, vocab: Vocabulary) -> bool:
    """Update the current categories when ``text`` names one; True when it did."""
    next_is_level2 = bool(following) and following[0] in vocab.level2
    if next_is_level2 and (text in vocab.level1 or text in vocab.level2):
        state.level1 = text
        state.level2 = None
        return True
    if text in vocab.ambiguous:
        if state.level1 == "产出指标":
            state.level2 = text
        else:
            state.level1 = text
            state.level2 = None
        return True
    if text in vocab.level1:
        if text != state.level1:
            state.level2 = None
        state.level1 = text
        return True
    if text in vocab.level2:
        state.level2 = text
        if state.level1 is None:
            state.level1 = vocab.level1_of.get(text)
        return True
    return False


def _looks_like_weight(text: str) -> bool:
    value = _decimal(text.removesuffix("%"))
    return value is not None and value == value.to_integral_value() and 0 <= value <= 100


def _decimal(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except NumberFormatError:
        return None


_MONEY_LABELS = (
    ("资金总额", "all", "total"),
    ("一般公共预算", "general", "total"),
    ("基本支出", "all", "basic"),
    ("项目支出", "all", "project"),
    ("政府性基金拨款", "government-fund", "total"),
    ("纳入专户管理的非税收入拨款", "special-account", "total"),
    ("其他资金", "other-income", "total"),
)
_PROJECT_AMOUNT_LABELS = ("项目当年预算", "年度本级预算金额", "预算金额", "项目本年度预算", "当年预算")
_LABELLED_AMOUNT = re.compile(r"^(?:其中[:：])?(?P<label>[^:：\d]+)[:：](?P<value>[-\d.,]+)$")


def _read_form_amounts(
    context: TableContext, row: Row, offset: int, filled: list[str], scope: str, project_name: str | None
) -> None:
    """Amounts a form states: 资金总额：335.6 style cells, or 项目当年预算 / 预算金额 cells."""
    for text in filled:
        match = _LABELLED_AMOUNT.match(text)
        if not match or scope != "department":
            continue
        label = match.group("label")
        for word, fund, measure in _MONEY_LABELS:
            if label.startswith(word):
                value = amount_in_wanyuan(match.group("value"), context.unit)
                if value is not None:
                    context.add_line(
                        row,
                        offset,
                        word,
                        match.group("value"),
                        value,
                        fund=fund,
                        expenditure_type=measure,
                        is_total=True,
                    )
                break
    if scope != "project" or project_name is None:
        return
    for index, text in enumerate(filled[:-1]):
        if text in _PROJECT_AMOUNT_LABELS:
            printed = filled[index + 1]
            try:
                value = amount_in_wanyuan(printed, context.unit)
            except NumberFormatError:
                continue
            if value is not None:
                context.add_line(
                    row,
                    offset,
                    project_name,
                    printed,
                    value,
                    fund="all",
                    expenditure_type="project",
                    project_name=project_name,
                )
            return
