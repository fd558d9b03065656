"""The standard names the samples print: classification codes and the fixed rows of the templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetkg.paths import SAMPLES_DIR
from budgetkg.samples.figures import LAYOUTS, Layout
from budgetkg.samples.toml_fields import Fields, read_toml

VOCABULARY_FILE = SAMPLES_DIR / "figures" / "vocabulary.toml"


@dataclass(frozen=True)
class Vocabulary:
    """Names of functional (类/款/项) and economic (类/款) codes, and the rows each template prints."""

    function_names: dict[str, str]
    economic_names: dict[str, str]
    income_lines: tuple[str, ...]
    """The income lines of the summary tables, in printed order (the same in both templates)."""
    expenditure_classes: dict[Layout, tuple[str, ...]]
    """The expenditure classes (类) the summary tables of each template print, in printed order."""


def _names(fields: Fields) -> dict[str, str]:
    return {code: fields.text(code) for code in fields.names()}


@cache
def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """The vocabulary file, read once."""
    document = read_toml(path)
    income_lines = document.texts("income_lines")
    if len(income_lines) < 2:
        raise document.error("income_lines", "the summary tables print at least two income lines")
    classes = document.table("expenditure_classes")
    printed = classes.complete({layout: classes.texts(layout) for layout in LAYOUTS})
    for layout, names in printed.items():
        if len(names) < len(income_lines):
            raise classes.error(layout, "fewer classes than income lines: the summary table pairs them")
    return document.complete(
        Vocabulary(
            function_names=_names(document.table("function_names")),
            economic_names=_names(document.table("economic_names")),
            income_lines=income_lines,
            expenditure_classes=printed,
        )
    )
