"""The documents of a batch: files from folders and the manifest, grouped into documents."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from budgetkg.assemble import document_groups
from budgetkg.given import GivenIdentity, ManifestEntry, merge_given
from budgetkg.pairing import Task
from budgetkg.readers import supported_suffixes


def collect_files(inputs: Iterable[Path]) -> list[Path]:
    """The document files named, or found in the folders named (sorted, hidden files skipped)."""
    suffixes = set(supported_suffixes())
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files.extend(
                path
                for path in sorted(item.rglob("*"))
                if path.is_file() and path.suffix.lower() in suffixes and not path.name.startswith(".")
            )
        else:
            files.append(item)
    return files


def unsupported_files(inputs: Iterable[Path]) -> list[Path]:
    """The files in the folders named that no reader reads (hidden files left out)."""
    suffixes = set(supported_suffixes())
    return [
        path
        for item in inputs
        if item.is_dir()
        for path in sorted(item.rglob("*"))
        if path.is_file() and path.suffix.lower() not in suffixes and not path.name.startswith(".")
    ]


def plan_documents(
    inputs: Iterable[Path], given: GivenIdentity | None = None, manifest: list[ManifestEntry] | None = None
) -> list[Task]:
    """The documents of a batch: files from the inputs and the manifest, grouped into documents
    (by the manifest's group column, then by file names and content), each with the values the
    user states of it: the manifest's for its files, over those given for the whole batch."""
    entries = manifest or []
    files = collect_files(inputs)
    known = {path.resolve() for path in files}
    files += [entry.path for entry in entries if entry.path.resolve() not in known]
    stated = {entry.path.resolve(): entry for entry in entries}
    groups = document_groups(files, {path: entry.group for path, entry in stated.items() if entry.group})
    tasks: list[Task] = []
    for group in groups:
        per_file = [stated[path.resolve()].given for path in group if path.resolve() in stated]
        tasks.append((group, merge_given(*per_file, given or GivenIdentity())))
    return tasks
