"""Invented but internally consistent budget disclosures, for demonstrations and tests.

The figures of each sample document are data: ``samples/figures/sample_*.toml`` holds the classified
lines of basic expenditure, the projects, the procurement lines and purchases of services, the staff
numbers and the performance indicators of one document (:mod:`~budgetkg.samples.load_figures` reads
them into :mod:`~budgetkg.samples.figures`); ``samples/figures/vocabulary.toml`` holds the standard
names the documents print.  Everything else is computed from the figures in :class:`~decimal.Decimal`
(:mod:`~budgetkg.samples.totals`), so each document agrees with itself.

Two renderers imitate the text-dump layouts the readers accept:
:func:`~budgetkg.samples.render_tab_rows.render_tab_rows` (tab-separated rows, the Hubei/Wuhan
department template) and :func:`~budgetkg.samples.render_cell_lines.render_cell_lines` (one cell per
line, the Hebei unit template).  :func:`~budgetkg.samples.expected.expected_rows` states, from the
same figures, the rows each contract question must return for a sample.

The names of departments, units and places are real; all figures, projects, indicators and texts
are invented.  Regenerate the shipped files with ``python -m budgetkg.samples samples/``.
"""

from __future__ import annotations

from budgetkg.samples.expected import expected_rows
from budgetkg.samples.figure_checks import check
from budgetkg.samples.figures import Budget, file_name
from budgetkg.samples.load_figures import load_samples
from budgetkg.samples.totals import (
    Amounts,
    department_amounts,
    economic_lines,
    function_lines,
    project_amounts,
    service_total,
    three_public,
    total_of,
    unit_amounts,
)
from budgetkg.samples.write import render, write_samples

SAMPLES: tuple[Budget, ...] = load_samples()
"""The figures of every shipped sample document."""

__all__ = [
    "SAMPLES",
    "Amounts",
    "Budget",
    "check",
    "department_amounts",
    "economic_lines",
    "expected_rows",
    "file_name",
    "function_lines",
    "project_amounts",
    "render",
    "service_total",
    "three_public",
    "total_of",
    "unit_amounts",
    "write_samples",
]
