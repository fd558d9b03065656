"""The titles of the catalogue's document datasets, composed from what the store knows of each document.

A printed title is often no title at all (a cover's year alone, a name cut short, the same heading on
the budgets of several units), so a dataset is titled by its publisher, year and kind of document, with
the phase where the kind does not say it: ``北京市财政局 2026年部门预算``,
``广州市生态环境局 2026年绩效目标表（预算）``.  Titles that would still be alike are told apart by the
region (where the publisher's name does not hold it), or where that is not enough, by the file read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

PHASE_WORDS = ("预算", "决算")


@dataclass(frozen=True)
class DocumentNames:
    """What a document's title is made of, as the store names it (blank where it does not)."""

    publisher: str
    region: str
    year: str
    phase: str
    kind: str
    file_name: str
    phase_en: str = ""
    kind_en: str = ""


@dataclass(frozen=True)
class DatasetTitle:
    """A dataset's title in Chinese and in English."""

    zh: str
    en: str


def dataset_titles(documents: Sequence[DocumentNames]) -> list[DatasetTitle]:
    """A title for each document, in their order, no two alike."""
    titles = [DatasetTitle(_zh(names), _en(names)) for names in documents]
    alike: dict[str, list[int]] = defaultdict(list)
    for index, title in enumerate(titles):
        alike[title.zh].append(index)
    for members in alike.values():
        if len(members) > 1:
            for index, title in zip(members, _told_apart(titles, documents, members), strict=True):
                titles[index] = title
    return titles


def _told_apart(
    titles: Sequence[DatasetTitle], documents: Sequence[DocumentNames], members: list[int]
) -> list[DatasetTitle]:
    """The titles of ``members`` (alike) with the region added, or where that leaves two alike, the file."""
    told: list[DatasetTitle] = []
    for step in (_by_region, _by_file):
        told = [_with(titles[index], step(documents[index])) for index in members]
        if len({title.zh for title in told}) == len(told) and len({title.en for title in told}) == len(told):
            break
    return told


def _zh(names: DocumentNames) -> str:
    who = names.publisher or names.region
    year = f"{names.year}年" if names.year else ""
    what = names.kind or names.phase or "文件"
    if names.kind and names.phase and not _kind_says_phase(names):
        what += f"（{names.phase}）"
    return f"{who} {year}{what}".strip()


def _en(names: DocumentNames) -> str:
    who = names.publisher or names.region
    what = names.kind_en or names.phase_en or "Document"
    if names.kind_en and names.phase_en and not _kind_says_phase(names):
        what += f" ({names.phase_en})"
    return f"{who}: {what} {names.year}".strip()


def _kind_says_phase(names: DocumentNames) -> bool:
    """Whether the kind's Chinese name says the phase already (部门预算, 部门决算, 单位预算)."""
    return any(word in names.kind for word in PHASE_WORDS)


def _by_region(names: DocumentNames) -> tuple[str, str]:
    if not names.region or not names.publisher or names.region in names.publisher:
        return "", ""
    return f"（{names.region}）", f" ({names.region})"


def _by_file(names: DocumentNames) -> tuple[str, str]:
    return f"（{names.file_name}）", f" ({names.file_name})"


def _with(title: DatasetTitle, suffixes: tuple[str, str]) -> DatasetTitle:
    return DatasetTitle(title.zh + suffixes[0], title.en + suffixes[1])
