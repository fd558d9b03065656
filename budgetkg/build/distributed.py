"""Reading documents on a Dask distributed cluster, each into N-Quads in a shared folder.

Reading a document is a pure function of its files and of what the user states of it, so each
document is one task of the cluster.  A task reads its document exactly as a local build does: in
a worker process of its own, under the same time and memory limits, with every failure turned into
the document's failure (:mod:`budgetkg.build.workers`).  It writes what it read to the shared
folder, under a name made of the document's files and a hash of their contents and of the values
stated of it: the document's quads (its own graph and the shared descriptions) as N-Quads, and its
extraction report (the lines ``budgetkg build`` prints for it).  It sends back only the extraction
and the name of its N-Quads file.  This process gathers the results as they are done and loads
each file, so that the build writes it as it writes a document read locally: the store is the same.

``distributed`` is imported only here, when a build names a scheduler.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
import re
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from budgetkg.build.extract import document_name, extract_safely, failure, warm_caches
from budgetkg.build.workers import DOCUMENTS_PER_WORKER, Limits, Result, WorkerPool, _Worker
from budgetkg.errors import BudgetKGError, DocumentError
from budgetkg.extraction_report import finding_line, reading_summary
from budgetkg.model import Extraction
from budgetkg.pairing import Outcome, Task
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument

NQUADS_SUFFIX = ".nq"
REPORT_SUFFIX = ".report.txt"
HASH_LENGTH = 16
"""Hexadecimal digits of the content hash in the names of a document's files in the shared folder."""
UNSAFE = re.compile(r"[^\w.+-]+")
SHARED_FOLDER_SUFFIX = ".nquads"


def default_shared_folder(store: Path) -> Path:
    """The shared folder of a store's builds on a cluster when none is named: beside the store."""
    return store.with_name(store.name + SHARED_FOLDER_SUFFIX)


@dataclass(frozen=True)
class Delivery:
    """What a task sends back: the extraction (or the failure), the name of the document's
    N-Quads file in the shared folder, and the traceback of an unexpected exception."""

    outcome: Extraction | DocumentError
    nquads: str | None = None
    trace: str | None = None


def document_key(task: Task) -> str:
    """The name of a document's files in the shared folder: its file names, then a hash of the
    files' contents and of the values stated of it, so that another document never takes it."""
    paths, given = task
    digest = hashlib.sha256(repr(given).encode("utf-8"))
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0")
        if path.exists():
            with path.open("rb") as content:
                for block in iter(lambda: content.read(1 << 20), b""):
                    digest.update(block)
    stem = UNSAFE.sub("_", document_name(paths))[:100]
    return f"{stem}.{digest.hexdigest()[:HASH_LENGTH]}"


def _write_atomically(path: Path, write: Any) -> None:
    partial = path.with_name(path.name + ".partial")
    write(partial)
    os.replace(partial, path)


def write_document(folder: Path, key: str, extraction: Extraction, emitted: EmittedDocument) -> str:
    """Write a document's quads and its extraction report into ``folder``; return the name of
    its N-Quads file.  Each file appears whole or not at all."""
    nquads = folder / f"{key}{NQUADS_SUFFIX}"
    _write_atomically(
        nquads,
        lambda path: ox.serialize(
            [*emitted.document, *emitted.shared], output=path, format=ox.RdfFormat.N_QUADS
        ),
    )
    lines = [reading_summary(extraction), *(finding_line(item) for item in extraction.findings)]
    text = f"{extraction.document.name}\n" + "".join(f"  {line}\n" for line in lines)
    _write_atomically(folder / f"{key}{REPORT_SUFFIX}", lambda path: path.write_text(text, encoding="utf-8"))
    return nquads.name


class _LastingPool(WorkerPool):
    """One reading process whose life outlasts a task while it is well, so that the tasks a
    cluster worker runs one after another do not each start an interpreter.  A process that
    failed, is still reading or has read its share is stopped as in any pool."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(1, limits)
        self.idle: list[_Worker] = []

    def _start(self) -> _Worker:
        return self.idle.pop() if self.idle else super()._start()

    def _stop(self, worker: _Worker) -> None:
        well = worker.task is None and worker.process.is_alive()
        if well and worker.documents < DOCUMENTS_PER_WORKER and not self.idle:
            self.idle.append(worker)
        else:
            super()._stop(worker)

    def close(self) -> None:
        """Stop the process kept idle."""
        for worker in self.idle:
            super()._stop(worker)
        self.idle = []


_pools = threading.local()
"""The reading pool of each thread of a cluster worker, kept between its tasks."""


def _pool(limits: Limits) -> _LastingPool:
    pool: _LastingPool | None = getattr(_pools, "pool", None)
    if pool is None or pool.limits != limits:
        if pool is not None:
            pool.close()
        pool = _pools.pool = _LastingPool(limits)
    return pool


def _read_limited(task: Task, limits: Limits) -> tuple[Outcome, str | None]:
    """Read one document in a reading process under ``limits``; in this process, without them,
    where this process may not start another (a daemonic Dask worker)."""
    if multiprocessing.current_process().daemon:
        warm_caches()
        return extract_safely(task)
    ((_, outcome, trace),) = list(_pool(limits).run([(0, task)]))
    return outcome, trace


def read_into_folder(task: Task, folder: str, limits: Limits) -> Delivery:
    """The task run on the cluster: read one document in a worker process under ``limits`` and
    write what it gave into ``folder``.  Nothing it raises escapes but an interrupt."""
    paths = task[0]
    try:
        outcome, trace = _read_limited(task, limits)
        if isinstance(outcome, DocumentError):
            return Delivery(outcome, None, trace)
        extraction, emitted = outcome
        return Delivery(extraction, write_document(Path(folder), document_key(task), extraction, emitted))
    except Exception as error:  # the fault boundary of one document on a cluster worker
        return Delivery(failure(paths, error), None, traceback.format_exc())


def load_document(path: Path, extraction: Extraction) -> EmittedDocument:
    """The quads of a document read from its N-Quads file: its own graph's and the shared ones."""
    graph = ox.NamedNode(iris.document_graph(extraction.document.name))
    own: list[ox.Quad] = []
    shared: list[ox.Quad] = []
    for quad in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
        (own if quad.graph_name == graph else shared).append(quad)
    return EmittedDocument(own, shared)


def _lost(paths: list[Path], error: BaseException) -> DocumentError:
    """The failure of a task that did not come back: its worker died, or it was cancelled."""
    kind = type(error).__name__
    if kind == "KilledWorker":
        return DocumentError(
            document_name(paths),
            "the cluster worker reading it died (over the worker's memory limit, or a crash in a library)",
        )
    if kind in {"CancelledError", "FutureCancelledError"}:
        return DocumentError(document_name(paths), "its task was cancelled on the cluster")
    return failure(paths, error)


def distributed_module() -> Any:
    """Dask distributed, imported only for a build on a cluster."""
    try:
        return importlib.import_module("distributed")
    except ImportError as error:
        raise BudgetKGError("--scheduler needs Dask distributed: pip install 'budgetkg[cluster]'") from error


class ClusterReader:
    """Reads documents on the Dask cluster whose scheduler is at ``address``, into ``folder``."""

    def __init__(self, address: str, folder: Path, limits: Limits) -> None:
        self.address = address
        self.folder = folder.resolve()
        self.limits = limits

    def _client(self) -> Any:
        try:
            return distributed_module().Client(self.address, timeout="30s")
        except OSError as error:
            raise BudgetKGError(f"cannot reach the Dask scheduler at {self.address}: {error}") from error

    def run(self, tasks: list[tuple[int, Task]]) -> Iterator[Result]:
        """Submit one task per document; yield each result when it is done (in no set order)."""
        if not tasks:
            return
        as_completed = distributed_module().as_completed
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._client() as client:
            futures = {
                client.submit(
                    read_into_folder,
                    ([path.resolve() for path in task[0]], task[1]),
                    str(self.folder),
                    self.limits,
                    pure=False,
                ): (index, task)
                for index, task in tasks
            }
            for future in as_completed(futures):
                index, task = futures.pop(future)
                yield self._result(index, task, future)

    def _result(self, index: int, task: Task, future: Any) -> Result:
        try:
            delivery: Delivery = future.result()
        except Exception as error:  # the task did not come back: its failure, never a traceback
            return index, _lost(task[0], error), traceback.format_exc()
        if isinstance(delivery.outcome, DocumentError):
            return index, delivery.outcome, delivery.trace
        assert delivery.nquads is not None
        try:
            emitted = load_document(self.folder / delivery.nquads, delivery.outcome)
        except (OSError, SyntaxError) as error:
            reason = f"its quads could not be loaded from the shared folder: {error}"
            return index, DocumentError(document_name(task[0]), reason), None
        return index, (delivery.outcome, emitted), None
