"""Sample documents in the other published template families, from figures like the samples'.

A family figures file (``samples/figures/families/<family>_<region>_<department>_<year>.toml``)
holds the fields of a :class:`~budgetkg.samples.figures.Budget` and the ``family`` whose layout the
document is written in:

* ``national``: the Ministry of Finance template most provinces and the central government use
  (表1 收支总体情况表 … 一般公共预算“三公”经费支出情况表, 项目支出表, project 绩效目标表);
* ``shanghai``: the Shanghai 部门预算 (codes printed across 类 | 款 | 项 columns, amounts in 元);
* ``performance-forms``: stand-alone performance-target forms (部门整体预算绩效目标申报表 and
  项目支出绩效目标表 under a 部门名称： field), with no budget tables;
* ``jiangsu``: the Jiangsu 部门预算公开表 (公开表一 … 公开表十二: joined codes, one 金额 column in the
  tables by classification, a “三公” table that adds 会议费 and 培训费).

Every family document is written as a text dump of tab-separated rows (the layout ``tab-rows``,
which is why the files do not state a layout); the tests render it as a PDF too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, get_args

from budgetkg.samples.figures import Budget
from budgetkg.samples.load_figures import BUDGET_READERS, FIGURES_DIR
from budgetkg.samples.toml_dataclasses import read_dataclass
from budgetkg.samples.toml_fields import Fields, FiguresError, read_toml

Family = Literal["national", "shanghai", "performance-forms", "jiangsu"]
FAMILIES: tuple[Family, ...] = get_args(Family)
FAMILY_FIGURES_DIR = FIGURES_DIR / "families"

_PREFIXES: dict[Family, str] = {
    "national": "national",
    "shanghai": "shanghai",
    "performance-forms": "forms",
    "jiangsu": "jiangsu",
}


@dataclass(frozen=True)
class FamilyBudget:
    """The figures of one document and the template family it is written in."""

    family: Family
    budget: Budget

    @property
    def name(self) -> str:
        """``<family>_<region>_<department>_<year>``: the name of the document and of its figures file."""
        budget = self.budget
        return f"{_PREFIXES[self.family]}_{budget.region.code}_{budget.department_code}_{budget.year}"

    @property
    def file_name(self) -> str:
        """The document as written: a text dump."""
        return f"{self.name}.txt"


def _tab_rows(fields: Fields, key: str) -> str:
    return "tab-rows"


def read_family_budget(path: Path) -> FamilyBudget:
    """The figures of one family file."""
    document = read_toml(path)
    family = document.choice("family", FAMILIES)
    budget = read_dataclass(Budget, document, {**BUDGET_READERS, "layout": _tab_rows})
    figures = FamilyBudget(family, budget)
    if path.stem != figures.name:
        raise FiguresError(path, "", f"holds the figures of {figures.name}; name it after them")
    return figures


@cache
def load_families(directory: Path = FAMILY_FIGURES_DIR) -> tuple[FamilyBudget, ...]:
    """The figures of every family document, in file-name order."""
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise FiguresError(directory, "", "no family figures files")
    return tuple(read_family_budget(path) for path in paths)
