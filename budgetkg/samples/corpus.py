"""A corpus of many sample documents for benchmarks: the shipped samples moved to other places and years.

Each sample department (a 司法局 in two yearly forms, a 人大常委会办公室, an 审计局 in the unit layout)
is moved to county-level regions of the code list, to the budget years 2021–2025, with every amount
of its figures scaled by a factor of its region and department that grows by year.  The documents
are rendered from the changed figures by the sample renderers, so every total is computed again and
each document agrees with itself; the narrative of a year states its change against the year before.

    budgets = corpus_budgets(100, seed=7)      # the figures, to know what the documents say
    paths = generate(folder, 100, seed=7)      # the same documents, written as text dumps
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

from budgetkg.regions import Region as CodedRegion
from budgetkg.regions import ancestors, find_region, regions
from budgetkg.samples.figure_checks import check
from budgetkg.samples.figures import CENT, Budget, Region
from budgetkg.samples.load_figures import load_samples
from budgetkg.samples.write import render

YEARS = (2021, 2022, 2023, 2024, 2025)
GROWTH_PER_YEAR = Decimal("0.04")
FACTOR_ATTEMPTS = 50
"""Scale factors tried, a cent of factor apart, before figures that cannot be scaled are an error."""

T = TypeVar("T")


class CorpusError(ValueError):
    """The corpus cannot be made as asked."""


@dataclasses.dataclass(frozen=True)
class Template:
    """The samples of one department, by year, that the corpus varies."""

    key: tuple[str, str]
    """(region code, department code) of the samples."""
    by_year: dict[int, Budget]

    def nearest(self, year: int) -> Budget:
        """The sample of the year nearest ``year`` (the later one on a tie)."""
        return self.by_year[min(self.by_year, key=lambda known: (abs(known - year), -known))]


def templates() -> list[Template]:
    """The shipped samples, grouped by department."""
    grouped: dict[tuple[str, str], dict[int, Budget]] = {}
    for budget in load_samples():
        grouped.setdefault((budget.region.code, budget.department_code), {})[budget.year] = budget
    return [Template(key, years) for key, years in sorted(grouped.items())]


def _unambiguous(region: CodedRegion, city: CodedRegion) -> bool:
    """Whether a department name under ``city`` and ``region`` is found to be in ``region``."""
    return find_region(f"{city.name}{region.name}审计局") == region


def county_regions(count: int, seed: int, excluded: set[str]) -> list[Region]:
    """``count`` county-level regions under a named city, whose names lead back to their code."""
    candidates: list[tuple[CodedRegion, CodedRegion, CodedRegion]] = []
    for region in regions().values():
        if region.level != 3 or len(region.name) < 3 or region.code in excluded:
            continue
        parents = ancestors(region)
        if len(parents) < 2 or not parents[0].name.endswith("市"):
            continue
        candidates.append((region, parents[0], parents[-1]))
    candidates.sort(key=lambda found: found[0].code)
    random.Random(seed).shuffle(candidates)
    chosen: list[Region] = []
    for region, city, province in candidates:
        if len(chosen) == count:
            break
        if _unambiguous(region, city):
            chosen.append(Region(region.code, province.name, city.name, region.name))
    if len(chosen) < count:
        raise CorpusError(f"only {len(chosen)} county-level regions can be told apart; {count} asked")
    return chosen


def _mapped(value: T, text: Callable[[str], str], amount: Callable[[Decimal], Decimal]) -> T:
    """``value`` with every string and decimal in it, through dataclasses and tuples, changed."""
    found: Any = value
    if isinstance(found, str):
        return cast(T, text(found))
    if isinstance(found, Decimal):
        return cast(T, amount(found))
    if isinstance(found, tuple):
        return cast(T, tuple(_mapped(item, text, amount) for item in found))
    if dataclasses.is_dataclass(found) and not isinstance(found, type):
        changes = {
            field.name: _mapped(getattr(found, field.name), text, amount)
            for field in dataclasses.fields(found)
            if field.init
        }
        return cast(T, dataclasses.replace(found, **changes))
    return value


def _renamer(before: Region, after: Region) -> Callable[[str], str]:
    """A function that writes the names of ``after`` where ``before``'s are printed."""
    pairs = [
        (before.province + before.city + before.name, after.province + after.city + after.name),
        (before.city + before.name, after.city + after.name),
        (before.name, after.name),
        (before.city, after.city),
        (before.province, after.province),
    ]

    def rename(text: str) -> str:
        for old, new in pairs:
            text = text.replace(old, new)
        return text

    return rename


def _scaler(factor: Decimal) -> Callable[[Decimal], Decimal]:
    return lambda amount: (amount * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def moved(sample: Budget, region: Region, year: int, factor: Decimal, previous: Budget | None) -> Budget:
    """``sample`` published by the same department in ``region`` for ``year``, its amounts scaled.

    Rounded to the cent, scaled purchases may exceed the line that pays them; the factor is then
    raised a cent at a time until the figures pass :func:`~budgetkg.samples.figure_checks.check`.
    """
    base = dataclasses.replace(sample, previous=None)
    rename = _renamer(sample.region, region)
    for attempt in range(FACTOR_ATTEMPTS):
        budget = _mapped(base, rename, _scaler(factor + attempt * CENT))
        budget = dataclasses.replace(budget, region=region, year=year, previous=previous)
        if not check(budget):
            return budget
    raise CorpusError(
        f"the figures of {sample.department} {sample.year} cannot be scaled near {factor}: "
        f"{'; '.join(check(budget))}"
    )


def _budgets(count: int, seed: int) -> Iterator[Budget]:
    """The corpus, region by region, department by department, year by year."""
    kinds = templates()
    places = county_regions(
        math.ceil(count / (len(kinds) * len(YEARS))), seed, {template.key[0] for template in kinds}
    )
    rng = random.Random(seed)
    for region in places:
        for template in kinds:
            base_factor = Decimal(rng.randint(50, 200)) / 100
            previous: Budget | None = None
            for year in YEARS:
                factor = (base_factor * (1 + GROWTH_PER_YEAR * (year - YEARS[0]))).quantize(CENT)
                previous = moved(template.nearest(year), region, year, factor, previous)
                yield previous


def corpus_budgets(count: int, seed: int = 7) -> list[Budget]:
    """The figures of the ``count`` documents of the corpus ``seed`` names."""
    if count < 0:
        raise CorpusError(f"a corpus cannot have {count} documents")
    budgets: list[Budget] = []
    for budget in _budgets(count, seed):
        if len(budgets) == count:
            break
        budgets.append(budget)
    return budgets


def corpus_file_name(budget: Budget) -> str:
    """``corpus_<region>_<department>_<year>.txt``."""
    return f"corpus_{budget.region.code}_{budget.department_code}_{budget.year}.txt"


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write the ``count`` documents of the corpus ``seed`` names into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for budget in corpus_budgets(count, seed):
        path = folder / corpus_file_name(budget)
        path.write_bytes(render(budget).encode("utf-8"))
        paths.append(path)
    return paths
