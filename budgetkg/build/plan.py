"""The documents of a batch: files from folders and the manifest, grouped into documents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.assemble import document_groups
from budgetkg.build.record import GraphRecord, files_modified, graph_file_names, stated_values
from budgetkg.errors import BudgetKGError
from budgetkg.given import GivenIdentity, ManifestEntry, merge_given
from budgetkg.pairing import Task
from budgetkg.rdf import iris
from budgetkg.readers import supported_suffixes
from budgetkg.readers.identity import file_sha256
from budgetkg.readers.regular import irregular_kind, readable_size


def _found(folder: Path) -> list[Path]:
    """What the folder holds but folders (sorted, hidden files left out)."""
    return [path for path in sorted(folder.rglob("*")) if not path.name.startswith(".") and not path.is_dir()]


@dataclass(frozen=True)
class Survey:
    """What the inputs of a batch hold, each folder walked once: the document files (those named,
    whatever they are, and the regular files of the folders that a reader reads), the regular files
    no reader reads, and what is not a regular file (named pipes, devices, sockets, broken links),
    with what it is; these last two are skipped, never opened."""

    documents: list[Path] = field(default_factory=list)
    unsupported: list[Path] = field(default_factory=list)
    irregular: list[tuple[Path, str]] = field(default_factory=list)


def survey(inputs: Iterable[Path]) -> Survey:
    """Sort what the inputs hold (sorted, hidden files left out).  A file named is a document file
    whatever it is: it fails when read, with its reason."""
    suffixes = set(supported_suffixes())
    found = Survey()
    for item in inputs:
        if not item.is_dir():
            found.documents.append(item)
            continue
        for path in _found(item):
            kind = irregular_kind(path)
            if kind is not None:
                found.irregular.append((path, kind))
            elif path.suffix.lower() in suffixes:
                found.documents.append(path)
            else:
                found.unsupported.append(path)
    return found


def collect_files(inputs: Iterable[Path]) -> list[Path]:
    """The document files of the inputs (see :func:`survey`)."""
    return survey(inputs).documents


def no_documents(inputs: Iterable[Path]) -> BudgetKGError:
    """The error of a batch that names no document file (an empty folder, one of other files only)."""
    named = ", ".join(str(item) for item in inputs) or "the manifest"
    return BudgetKGError(f"no documents in {named}: budgetkg reads {', '.join(supported_suffixes())} files")


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


@dataclass
class IncrementalPlan:
    """Which documents of a batch to read, which the store holds as read from the same files by
    the same extraction version (not read again), and which it holds from files no longer given."""

    read: list[Task]
    records: list[GraphRecord]
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[tuple[Task, GraphRecord]] = field(default_factory=list)
    """The single-file documents not read, each with its record: a document read beside one of
    them may be its other half (see :func:`budgetkg.build.partners_to_read`)."""


def _digest(path: Path) -> str:
    """The file's SHA-256, or nothing for a file that is not a regular file, is over its size limit
    or cannot be opened (it is never opened here): it is read, and fails there with its reason."""
    if not readable_size(path):
        return ""
    try:
        return file_sha256(path)
    except OSError:
        return ""


def plan_incremental(
    tasks: list[Task], held: dict[str, GraphRecord], graphs: Iterable[str], version: str, force: bool = False
) -> IncrementalPlan:
    """Split ``tasks`` into those to read and the graphs kept as they are.

    A document graph is unchanged when every file it was read from is in the batch with the same
    SHA-256, stated the same values, and it was written by extraction ``version``; a document
    whose files are those of an unchanged graph (or, for one file, among them) is not read
    (``force`` reads every one).  A graph
    some of whose files are not in the batch is removed: ``graphs`` are the store's document
    graphs, ``held`` their records.  Each task to read comes with the record it will be written
    with."""
    digests = {path: _digest(path) for files, _ in tasks for path in files}
    records = [
        GraphRecord(
            frozenset(digests[path] for path in files), version, stated_values(given), files_modified(files)
        )
        for files, given in tasks
    ]
    by_name = {
        path.name: (digests[path], record.stated)
        for (files, _), record in zip(tasks, records, strict=True)
        for path in files
    }
    plan = IncrementalPlan([], [])
    current: dict[str, str] = {}
    for graph in graphs:
        names = graph_file_names(graph)
        if any(name not in by_name for name in names):
            plan.removed.append(graph)
            continue
        record = held.get(graph)
        if (
            record is not None
            and not force
            and record.version == version
            and record.digests == frozenset(by_name[name][0] for name in names)
            and all(by_name[name][1] == record.stated for name in names)
        ):
            plan.unchanged.append(graph)
            current.update(dict.fromkeys(names, graph))
    for task, record in zip(tasks, records, strict=True):
        names = [path.name for path in task[0]]
        covering = {current.get(name, "") for name in names}
        covered = covering.pop() if len(covering) == 1 else ""
        if covered and (len(names) == 1 or sorted(names) == sorted(graph_file_names(covered))):
            if len(names) == 1 and covered == iris.document_graph(names[0]):
                plan.kept.append((task, record))
            continue
        plan.read.append(task)
        plan.records.append(record)
    return plan
