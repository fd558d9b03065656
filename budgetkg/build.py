"""Build the graph from files and folders of documents; one bad document never stops a batch."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.assemble import assemble, document_groups
from budgetkg.errors import BudgetKGError, DocumentError
from budgetkg.given import GivenIdentity, ManifestEntry, merge_given
from budgetkg.interpret import interpret
from budgetkg.interpret.performance import vocabulary
from budgetkg.model import Extraction
from budgetkg.pairing import Outcome, Task, pair_by_content
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument, emit_document
from budgetkg.rdf.emit_facts import indicator_categories
from budgetkg.readers import read_document, supported_suffixes
from budgetkg.recognise import signatures
from budgetkg.regions import regions
from budgetkg.store import EmbeddedStore
from budgetkg.summaries import (
    RegionYear,
    document_region_years,
    refresh_all_summaries,
    refresh_summaries,
)

PARALLEL_THRESHOLD = 4
"""Fewer documents than this are read in this process: starting workers would cost more."""


@dataclass
class BuiltDocument:
    """A document that was built, with what it holds."""

    path: Path
    extraction: Extraction
    triples: int


@dataclass
class BuildReport:
    """What a batch build did."""

    built: list[BuiltDocument] = field(default_factory=list)
    failed: list[DocumentError] = field(default_factory=list)


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


def extract_document(
    path: Path | list[Path], given: GivenIdentity | None = None
) -> tuple[Extraction, EmittedDocument]:
    """Read, interpret and emit one document (one file, or the files of a document published in
    several), with what the user states of it; raise :class:`DocumentError` naming it."""
    paths = [path] if isinstance(path, Path) else path
    name = " + ".join(item.name for item in paths)
    try:
        for item in paths:
            if not item.exists():
                raise DocumentError(item.name, "no such file")
        extraction = interpret(assemble([read_document(item) for item in paths]), given)
        return extraction, emit_document(extraction)
    except DocumentError:
        raise
    except BudgetKGError as error:
        raise DocumentError(name, str(error)) from error
    except (ValueError, KeyError, IndexError) as error:
        raise DocumentError(name, f"could not be interpreted: {error!r}") from error


def _extract_safely(task: Task) -> Outcome:
    """For worker processes: the result, or the error as a value (it pickles back to the parent)."""
    paths, given = task
    try:
        return extract_document(paths, given)
    except DocumentError as error:
        return error


def _extract_all(tasks: list[Task], workers: int | None) -> list[Outcome]:
    """Extract every document, on several cores when there are enough documents to share."""
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        return [_extract_safely(task) for task in tasks]
    warm_caches()
    with ProcessPoolExecutor(max_workers=min(count, len(tasks))) as pool:
        return list(pool.map(_extract_safely, tasks, chunksize=max(1, len(tasks) // (count * 4))))


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


def warm_caches() -> None:
    """Load the code lists and signatures once, before worker processes fork from this one."""
    regions()
    signatures()
    vocabulary()
    indicator_categories()


def build(
    inputs: Iterable[Path],
    store: EmbeddedStore,
    workers: int | None = None,
    given: GivenIdentity | None = None,
    manifest: list[ManifestEntry] | None = None,
) -> BuildReport:
    """Build every document into its own named graph of ``store``.

    ``given`` values (region, year, department, phase) apply to every document of the batch, and a
    ``manifest`` names files with values of their own and the groups of files that make one
    document.  Documents are read in parallel (``workers`` processes, by default one per core); each one's
    graph is written only when the whole document was read, in the order the files were given.
    Then the region summaries of the regions and years these documents had and have are computed
    again (all of them, in a store built before summaries were kept).
    """
    report = BuildReport()
    store.load_reference_data()
    inputs = list(inputs)
    tasks = plan_documents(inputs, given, manifest)
    if not tasks:
        named = ", ".join(str(item) for item in inputs) or "the manifest"
        raise BudgetKGError(
            f"no documents in {named}: budgetkg reads {', '.join(sorted(supported_suffixes()))} files"
        )
    touched: set[RegionYear] = set()
    for (group, _), outcome in pair_by_content(tasks, _extract_all(tasks, workers), _extract_safely):
        if isinstance(outcome, DocumentError):
            report.failed.append(outcome)
            continue
        extraction, emitted = outcome
        graph = iris.document_graph(extraction.document.name)
        touched |= document_region_years(store, graph)
        count = store.replace_graph(graph, emitted.document)
        touched |= document_region_years(store, graph)
        store.add_shared(emitted.shared)
        report.built.append(BuiltDocument(group[0], extraction, count + len(emitted.shared)))
    if store.has_summaries():
        refresh_summaries(store, touched)
    else:
        refresh_all_summaries(store)
    store.flush()
    return report
