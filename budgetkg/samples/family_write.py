"""Writing the family documents: each family's figures rendered in its template, into a directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetkg.samples.families import Family, FamilyBudget, load_families
from budgetkg.samples.family_forms import render_forms
from budgetkg.samples.family_jiangsu import render_jiangsu
from budgetkg.samples.family_national import render_national
from budgetkg.samples.family_shanghai import render_shanghai
from budgetkg.samples.figure_checks import check
from budgetkg.samples.figures import Budget

RENDERERS: dict[Family, Callable[[Budget], str]] = {
    "national": render_national,
    "shanghai": render_shanghai,
    "performance-forms": render_forms,
    "jiangsu": render_jiangsu,
}


def render_family(figures: FamilyBudget) -> str:
    """The document of ``figures`` in its family's template."""
    return RENDERERS[figures.family](figures.budget)


def write_families(directory: Path) -> list[Path]:
    """Write every family document into ``directory``; return the paths written."""
    written: list[Path] = []
    directory.mkdir(parents=True, exist_ok=True)
    for figures in load_families():
        problems = check(figures.budget)
        if problems:
            raise ValueError(f"{figures.file_name}: {'; '.join(problems)}")
        path = directory / figures.file_name
        path.write_bytes(render_family(figures).encode("utf-8"))
        written.append(path)
    return written
