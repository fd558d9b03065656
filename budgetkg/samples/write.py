"""Writing the sample documents: each budget rendered in its layout, into a directory."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from budgetkg.paths import SAMPLES_DIR
from budgetkg.samples.figure_checks import check
from budgetkg.samples.figures import Budget, Layout, file_name
from budgetkg.samples.load_figures import load_samples
from budgetkg.samples.render_cell_lines import render_cell_lines
from budgetkg.samples.render_tab_rows import render_tab_rows
from budgetkg.samples.toml_fields import FiguresError

RENDERERS: dict[Layout, Callable[[Budget], str]] = {
    "tab-rows": render_tab_rows,
    "cell-lines": render_cell_lines,
}

USAGE = "usage: python -m budgetkg.samples [DIRECTORY]"


def render(budget: Budget) -> str:
    """The document of ``budget`` in its layout."""
    return RENDERERS[budget.layout](budget)


def write_samples(directory: Path) -> list[Path]:
    """Write every sample document into ``directory``; return the paths written."""
    budgets = load_samples()
    for budget in budgets:
        problems = check(budget)
        if problems:
            raise ValueError(f"{file_name(budget)}: {'; '.join(problems)}")
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for budget in budgets:
        path = directory / file_name(budget)
        path.write_bytes(render(budget).encode("utf-8"))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m budgetkg.samples [DIRECTORY]``: write the samples (default: the project's samples/)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) > 1 or any(argument.startswith("-") for argument in arguments):
        print(USAGE, file=sys.stderr)
        return 2
    directory = Path(arguments[0]) if arguments else SAMPLES_DIR
    try:
        written = write_samples(directory)
    except (FiguresError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
