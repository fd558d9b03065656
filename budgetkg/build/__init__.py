"""Build the graph from files and folders of documents.

One bad document never stops a batch: each is read in its own fault boundary (a worker process
with a time and a memory limit, see :mod:`budgetkg.build.workers`), and any failure becomes that
document's failure with a one-line reason.  Each document is written as soon as it is read
(:mod:`budgetkg.build.writer`): one that replaces a graph in a transaction of its own, new ones in
batches of one transaction.  A document counts as built (``on_built``, the progress shown) only once
the transaction holding it is committed, so a killed build keeps every document it reported built.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from budgetkg.build.extract import extract_document, extract_safely, warm_caches
from budgetkg.build.plan import (
    IncrementalPlan,
    collect_files,
    no_documents,
    plan_documents,
    plan_incremental,
    survey,
)
from budgetkg.build.prefetch import read_ahead
from budgetkg.build.record import GraphRecord, read_records, record_quads
from budgetkg.build.version import extraction_version
from budgetkg.build.workers import Limits, Result, WorkerPool
from budgetkg.build.writer import DocumentWriter
from budgetkg.errors import BudgetKGError, DocumentError
from budgetkg.given import GivenIdentity, ManifestEntry
from budgetkg.model import Extraction
from budgetkg.pairing import Sketch, Task, find_pairs, sketch
from budgetkg.progress import Progress, Silent
from budgetkg.rdf import iris
from budgetkg.rdf.builder import RDF_TYPE
from budgetkg.rdf.emit import EmittedDocument
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore

__all__ = [
    "BuildReport",
    "BuiltDocument",
    "Limits",
    "build",
    "collect_files",
    "extract_document",
    "no_documents",
    "plan_documents",
    "survey",
    "warm_caches",
]


@dataclass
class BuiltDocument:
    """A document that was built, with what it holds."""

    path: Path
    extraction: Extraction
    triples: int


@dataclass
class BuildReport:
    """What a batch build did: the documents built (when kept), how many, and the failures, with
    the traceback of each unexpected exception by document name; the document graphs left as they
    were because their files and the extraction version are unchanged; and the graphs the store
    holds from files not in the batch (``removed``), dropped when ``pruned``."""

    built: list[BuiltDocument] = field(default_factory=list)
    failed: list[DocumentError] = field(default_factory=list)
    built_count: int = 0
    tracebacks: dict[str, str] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    pruned: bool = False


Reader = Callable[[list[tuple[int, Task]]], Iterator[Result]]


def _in_process(tasks: list[tuple[int, Task]]) -> Iterator[Result]:
    for index, task in tasks:
        outcome, trace = extract_safely(task)
        yield index, outcome, trace


def _reader(workers: int | None, store: EmbeddedStore, limits: Limits, documents: int) -> Reader:
    """Read in this process (``workers`` 0, or an in-memory store by default) or in workers, no
    more of them than there are ``documents`` to read."""
    count = workers if workers is not None else (0 if store.path is None else os.cpu_count() or 1)
    count = min(count, documents)
    if count <= 0:
        warm_caches()
        return _in_process
    pool = WorkerPool(count, limits, question_rows=store.path is not None and not store.read_only)
    return lambda tasks: read_ahead(pool.run(tasks), 2 * count)


def _cluster_reader(scheduler: str, folder: Path | None, store: EmbeddedStore, limits: Limits) -> Reader:
    """Read on the Dask cluster at ``scheduler``, into ``folder`` (by default beside the store)."""
    from budgetkg.build.distributed import ClusterReader, default_shared_folder

    if folder is None:
        if store.path is None:
            raise BudgetKGError("a build on a cluster of a store in memory needs a shared folder")
        folder = default_shared_folder(store.path)
    return ClusterReader(scheduler, folder, limits).run


def _paired_before(graphs: Iterable[str]) -> set[str]:
    """File names that the store holds as halves of a document published in two files."""
    names: set[str] = set()
    for graph in graphs:
        parts = iris.document_file_name(graph).split(" + ")
        if len(parts) > 1:
            names.update(parts)
    return names


class _Batch:
    """The state of one build: what was written where, what waits, what failed."""

    def __init__(
        self,
        plan: IncrementalPlan,
        store: EmbeddedStore,
        keep: bool,
        on_built: Callable[[BuiltDocument], None] | None,
        shown: Progress,
    ) -> None:
        self.plan = plan
        self.shown = shown
        self.tasks = plan.read
        self.records = plan.records
        self.writer = DocumentWriter(store)
        self.keep = keep
        self.on_built = on_built
        self.sketches: list[Sketch] = [Sketch(tuple(files)) for files, _ in self.tasks]
        self.built: dict[int, BuiltDocument | None] = {}
        self.graphs: dict[int, str] = {}
        self.failed: dict[int, DocumentError] = {}
        self.tracebacks: dict[str, str] = {}
        self.held: dict[int, tuple[Extraction, EmittedDocument]] = {}

    def failure(self, index: int, error: DocumentError, trace: str | None) -> None:
        self.failed[index] = error
        if trace:
            self.tracebacks[error.document] = trace

    def write(
        self,
        index: int,
        outcome: tuple[Extraction, EmittedDocument],
        drop: list[str],
        record: GraphRecord,
        advance: bool = True,
    ) -> None:
        """Write a document read; it counts as built (and, with ``advance``, as done on the progress
        shown) once the transaction holding it is committed."""
        extraction, emitted = outcome
        graph = iris.document_graph(extraction.document.name)
        emitted.add_to_document(record_quads(graph, record))
        self.graphs[index] = graph
        path = self.tasks[index][0][0]
        triples = sum(emitted.counts)

        def committed() -> None:
            built = BuiltDocument(path, extraction, triples)
            self.built[index] = built if self.keep else None
            if advance:
                self.shown.advance(failed=False)
            if self.on_built is not None:
                self.on_built(built)

        self.writer.write(extraction, emitted, drop, committed)

    def report(self) -> BuildReport:
        return BuildReport(
            built=[built for _, built in sorted(self.built.items()) if built is not None],
            failed=[self.failed[index] for index in sorted(self.failed)],
            built_count=len(self.built),
            tracebacks=self.tracebacks,
            unchanged=self.plan.unchanged,
            removed=self.plan.removed,
        )


def build(
    inputs: Iterable[Path],
    store: EmbeddedStore,
    workers: int | None = None,
    given: GivenIdentity | None = None,
    manifest: list[ManifestEntry] | None = None,
    *,
    limits: Limits | None = None,
    progress: Progress | None = None,
    on_built: Callable[[BuiltDocument], None] | None = None,
    keep: bool = True,
    scheduler: str | None = None,
    shared_folder: Path | None = None,
    force: bool = False,
    prune: bool = False,
) -> BuildReport:
    """Build every document into its own named graph of ``store``.

    ``given`` values (region, year, department, phase) apply to every document of the batch, and a
    ``manifest`` names files with values of their own and the groups of files that make one
    document.  Documents are read in ``workers`` processes (by default one per core for a store on
    disk; ``0``, and the default for a store in memory, reads in this process, where the limits
    are not enforced), each under ``limits``.  Each document's graph is written when it is read, in
    one transaction; ``on_built`` is called with it then.  A document that may be one half of a
    document published in two files (it was one in the store) waits until every document is read:
    then the halves found are read again as one and written in place of their separate graphs.
    Last, the region summaries of the regions and years these documents had and have are computed
    again, in one transaction.  With ``keep`` false the report does not keep what was read.
    With a Dask ``scheduler`` address, documents are read on that cluster instead, each written
    as N-Quads into ``shared_folder`` (:mod:`budgetkg.build.distributed`) and loaded from there.

    A document the store holds as read from the same files (SHA-256), with the same stated values,
    by the same extraction version (:func:`~budgetkg.build.version.extraction_version`) is not
    read again, unless ``force``.  Document graphs some of whose files are not in the batch are
    reported as removed, and with ``prune`` dropped (their summaries are computed again).
    """
    store.load_reference_data()
    inputs = list(inputs)
    tasks = plan_documents(inputs, given, manifest)
    if not tasks:
        raise no_documents(inputs)
    graphs = store.document_graphs()
    plan = plan_incremental(tasks, read_records(store), graphs, extraction_version(), force)
    shown = progress or Silent()
    shown.add(len(plan.read))
    batch = _Batch(plan, store, keep, on_built, shown)
    read: Reader
    if not plan.read:
        read = _in_process
    elif scheduler is None:
        read = _reader(workers, store, limits or Limits(), len(plan.read))
    else:
        read = _cluster_reader(scheduler, shared_folder, store, limits or Limits())
    paired_before = _paired_before(graphs)
    for index, outcome, trace in read(list(enumerate(plan.read))):
        files = plan.read[index][0]
        batch.sketches[index] = sketch(files, outcome)
        if isinstance(outcome, DocumentError):
            batch.failure(index, outcome, trace)
            shown.advance(failed=True)
        elif len(files) == 1 and files[0].name in paired_before:
            batch.held[index] = outcome
            shown.advance(failed=False)
        else:
            batch.write(index, outcome, [], plan.records[index])
    partners = _read_partners(batch, read, shown, store)
    waiting = {index for index in partners if index in batch.held}
    _join_pairs(batch, read, shown)
    joined = {iris.document_graph(batch.tasks[index][0][0].name) for index in waiting - batch.held.keys()}
    plan.unchanged = [graph for graph in plan.unchanged if graph not in joined]
    for index in sorted(batch.held):
        if index in partners:
            continue
        batch.write(index, batch.held.pop(index), [], plan.records[index], advance=False)
    if prune and plan.removed:
        batch.writer.drop(plan.removed)
    batch.writer.finish()
    shown.close()
    report = batch.report()
    report.pruned = prune
    return report


def _read_partners(batch: _Batch, read: Reader, shown: Progress, store: EmbeddedStore) -> set[int]:
    """Read the unchanged documents that may be the other half of a document read, as a build that
    read every document would have paired them: in a folder where a document read holds no tables
    (or failed unidentified), every unchanged single file; where one holds tables, the unchanged
    single files whose graphs hold none.  They are held, and written only if they pair; return
    their indexes."""
    partners = partners_to_read(batch.plan.kept, batch.sketches, store)
    if not partners:
        return set()
    shown.add(len(partners))
    start = len(batch.tasks)
    for task, record in partners:
        batch.tasks.append(task)
        batch.records.append(record)
        batch.sketches.append(Sketch(tuple(task[0])))
    for index, outcome, _ in read([(start + offset, task) for offset, (task, _) in enumerate(partners)]):
        files = batch.tasks[index][0]
        batch.sketches[index] = sketch(files, outcome)
        batch.graphs[index] = iris.document_graph(files[0].name)
        if not isinstance(outcome, DocumentError):
            batch.held[index] = outcome
        shown.advance(failed=isinstance(outcome, DocumentError))
    return set(range(start, len(batch.tasks)))


def partners_to_read(
    kept: list[tuple[Task, GraphRecord]], sketches: list[Sketch], store: EmbeddedStore
) -> list[tuple[Task, GraphRecord]]:
    """Of the unchanged single-file documents ``kept``, those a document read (``sketches``) may
    pair with (see :func:`budgetkg.pairing.find_pairs`): in its folder, of its budget year, one
    holding tables if it holds none, one holding none if it holds tables; and for a document that
    failed for want of a publisher, year or region, one holding no tables."""
    wanted: set[tuple[Path, int | None, bool]] = set()
    for item in sketches:
        if len(item.files) != 1:
            continue
        folder = item.files[0].parent
        if item.unidentified:
            wanted.add((folder, None, False))
        elif item.tables >= 0:
            wanted.add((folder, item.year, item.tables == 0))
    if not wanted:
        return []
    folders = {folder for folder, _, _ in wanted}
    chosen: list[tuple[Task, GraphRecord]] = []
    for task, record in kept:
        folder = task[0][0].parent
        if folder not in folders:
            continue
        graph = iris.document_graph(task[0][0].name)
        tables = _holds_tables(store, graph)
        if (folder, None, tables) in wanted or any(
            (folder, year, tables) in wanted for year in _budget_years(store, graph)
        ):
            chosen.append((task, record))
    return chosen


def _holds_tables(store: EmbeddedStore, graph: str) -> bool:
    node = ox.NamedNode(graph)
    kind = ox.NamedNode(BKG.BudgetTable)
    return any(True for _ in store.store.quads_for_pattern(None, RDF_TYPE, kind, node))


def _budget_years(store: EmbeddedStore, graph: str) -> set[int]:
    node = ox.NamedNode(graph)
    years = store.store.quads_for_pattern(None, ox.NamedNode(BKG.budgetYear), None, node)
    return {int(quad.object.value[:4]) for quad in years if isinstance(quad.object, ox.Literal)}


def _join_pairs(batch: _Batch, read: Reader, shown: Progress) -> None:
    """Read again as one the two files of each document published in two, and write it in place
    of the graphs its halves had (in one transaction); where that fails, the halves stay."""
    partners = dict(find_pairs(batch.sketches))
    if not partners:
        return
    shown.add(len(partners))
    joined = [
        (narrative, (batch.tasks[narrative][0] + batch.tasks[tables][0], batch.tasks[narrative][1]))
        for narrative, tables in partners.items()
    ]
    for narrative, outcome, _ in read(joined):
        if isinstance(outcome, DocumentError):
            shown.advance(failed=True)
            continue
        batch.writer.commit()  # the halves waiting in a batch count as built before they are replaced
        tables = partners[narrative]
        halves = [batch.graphs[index] for index in (narrative, tables) if index in batch.graphs]
        for index in (narrative, tables):
            batch.held.pop(index, None)
            batch.built.pop(index, None)
            batch.failed.pop(index, None)
        record = batch.records[narrative]
        other = batch.records[tables]
        modified = max(record.modified, other.modified)
        joined_record = GraphRecord(record.digests | other.digests, record.version, record.stated, modified)
        batch.write(narrative, outcome, halves, joined_record)
