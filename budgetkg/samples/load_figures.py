"""Reading the figures files (``samples/figures/sample_*.toml``) into :class:`Budget` values.

Each file holds the figures of one document and is named after it.  Its tables follow the fields of
the dataclasses in :mod:`budgetkg.samples.figures`, with two exceptions: basic expenditure is written
``[basic.<unit>.<functional 项>]`` with one ``<economic 款> = "amount"`` line each, and ``previous``
names the figures file of the same department's year before (the narrative then states each
total's change against it).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from budgetkg.paths import SAMPLES_DIR
from budgetkg.samples.figures import BasicLine, Budget, document_name
from budgetkg.samples.toml_dataclasses import FieldReader, read_dataclass
from budgetkg.samples.toml_fields import Fields, FiguresError, read_toml

FIGURES_DIR = SAMPLES_DIR / "figures"
FIGURES_PATTERN = "sample_*.toml"


def _basic_lines(document: Fields, key: str) -> tuple[BasicLine, ...]:
    """``[basic.<unit>.<functional 项>]`` tables of ``<economic 款> = amount``."""
    lines: list[BasicLine] = []
    basic = document.table(key)
    for unit in basic.names():
        functions = basic.table(unit)
        for function in functions.names():
            amounts = functions.table(function)
            lines += [
                BasicLine(unit, economic, function, amounts.amount(economic)) for economic in amounts.names()
            ]
    return tuple(lines)


def _linked_later(document: Fields, key: str) -> None:
    """``previous`` is linked once every file is read."""
    return None


BUDGET_READERS: dict[str, FieldReader] = {"basic": _basic_lines, "previous": _linked_later}
"""The fields of a figures file read in a way of their own."""


def read_budget(path: Path) -> tuple[Budget, str | None]:
    """The figures of one file, and the name of the figures of the year before (``previous``), if any."""
    document = read_toml(path)
    previous = document.text("previous") if document.has("previous") else None
    budget = read_dataclass(Budget, document, BUDGET_READERS)
    if path.stem != document_name(budget):
        raise FiguresError(path, "", f"holds the figures of {document_name(budget)}; name it after them")
    return budget, previous


@cache
def load_samples(directory: Path = FIGURES_DIR) -> tuple[Budget, ...]:
    """The figures of every sample document, in file-name order, each linked to its year before."""
    paths = sorted(directory.glob(FIGURES_PATTERN))
    if not paths:
        raise FiguresError(directory, "", f"no figures files ({FIGURES_PATTERN})")
    read = {path.stem: (path, *read_budget(path)) for path in paths}
    linked: dict[str, Budget] = {}

    def link(name: str, chain: tuple[str, ...]) -> Budget:
        if name not in linked:
            path, budget, previous = read[name]
            if previous is not None:
                if previous not in read:
                    raise FiguresError(path, "previous", f"no figures file {previous}.toml")
                if previous in (*chain, name):
                    raise FiguresError(path, "previous", "the years before lead back to this file")
                budget = replace(budget, previous=link(previous, (*chain, name)))
            linked[name] = budget
        return linked[name]

    return tuple(link(name, ()) for name in read)
