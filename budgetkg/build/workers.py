"""Worker processes that read documents, each document under a time and a memory limit.

Every worker is a fresh interpreter (``spawn``): it reads one document at a time, sent over its own
pipe.  The time limit is processor time, so that a busy machine does not fail documents: the
worker's ``RLIMIT_CPU`` is set before each document, and the system stops it when the document
uses more; a document that waits without working (it cannot, short of a bug) is stopped after
:data:`WALL_FACTOR` times the limit of wall time.  A stopped worker is replaced.  The memory
limit is the address-space limit of the worker (``RLIMIT_AS``), so a document needing more gets a
``MemoryError`` there, and fails as over that limit, named (however a library wrapped the error).
Either way, or when a worker dies of anything else, that document fails with a one-line reason and
the batch goes on.  Workers end when the building process ends, however it ends: the kernel kills
them (``PR_SET_PDEATHSIG`` on Linux) and a watchdog thread sees their parent gone elsewhere.

``BUDGETKG_WORKER_SETUP=module:function`` names a function each worker calls before it reads
anything (tests use it to register readers of their own).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from budgetkg.build.extract import document_name, extract_safely, warm_caches
from budgetkg.errors import DocumentError
from budgetkg.lifetime import end_with_parent
from budgetkg.pairing import Outcome, Task
from budgetkg.readers.failures import OutOfMemory

SETUP_VARIABLE = "BUDGETKG_WORKER_SETUP"
WALL_FACTOR = 3
DOCUMENTS_PER_WORKER = 200
"""A worker is replaced after reading this many documents, so that what a reader leaves behind
(caches, a fragmented heap) never adds up over a long build."""


@dataclass(frozen=True)
class Limits:
    """What reading one document may take: seconds of processor time and bytes of address space."""

    seconds: float = 120.0
    memory: int = 2 * 1024**3


def _describe_bytes(count: int) -> str:
    return f"{count / 1024**3:g} GB" if count >= 1024**3 else f"{count / 1024**2:g} MB"


def over_memory_limit(document: str, limits: Limits, page: int | None = None) -> OutOfMemory:
    """The failure of a document that needed more memory than the limit a worker reads under."""
    limit = _describe_bytes(limits.memory)
    return OutOfMemory(document, f"over the memory limit of {limit} (--memory-limit) while being read", page)


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: no memory limit
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _limit_time(seconds: float) -> None:
    """Let the system stop this process once it has used ``seconds`` more of processor time."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: only the wall-clock limit
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.getrlimit(resource.RLIMIT_CPU)[1]))


def _run_setup_hook() -> None:
    spec = os.environ.get(SETUP_VARIABLE)
    if spec:
        module, _, function = spec.partition(":")
        getattr(importlib.import_module(module), function)()


def _with_question_rows(outcome: Outcome) -> Outcome:
    """A document read, given its rows of the materialised questions (left to the writer when
    they cannot be computed here: the writer asks them again, and reports what fails)."""
    if isinstance(outcome, tuple):
        from budgetkg.listings.precompute import compute_rows
        from budgetkg.rdf import iris

        extraction, emitted = outcome
        try:
            compute_rows(emitted, iris.document_graph(extraction.document.name))
        except (RuntimeError, OSError, ValueError, SyntaxError):
            emitted.question_rows = None
    return outcome


def _serve(connection: Connection, parent: int, limits: Limits, question_rows: bool) -> None:
    """A worker's life: read each task sent, send its outcome back, until the pipe closes.  With
    ``question_rows``, each document read goes with its rows of the materialised questions."""
    end_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _run_setup_hook()
    warm_caches()
    _limit_memory(limits.memory)
    while True:
        try:
            index, task = connection.recv()
        except EOFError:
            return
        _limit_time(limits.seconds)
        connection.send(("start", index, None, None))
        outcome, trace = extract_safely(task)
        if isinstance(outcome, OutOfMemory):
            outcome = over_memory_limit(outcome.document, limits, outcome.page)
        if question_rows:
            outcome = _with_question_rows(outcome)
        try:
            connection.send(("done", index, outcome, trace))
        except MemoryError:
            connection.send(("done", index, over_memory_limit(document_name(task[0]), limits), None))


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    index: int | None = None
    task: Task | None = None
    started: float = 0.0
    documents: int = 0


Result = tuple[int, Outcome, str | None]
"""A task's index, its outcome, and the traceback of an unexpected exception."""


class WorkerPool:
    """``count`` worker processes reading tasks under ``limits``; results come as they are done,
    with the rows of the materialised questions when ``question_rows`` (for a store on disk)."""

    def __init__(self, count: int, limits: Limits, question_rows: bool = False) -> None:
        self.count = max(1, count)
        self.limits = limits
        self.question_rows = question_rows
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve,
            args=(theirs, os.getpid(), self.limits, self.question_rows),
            name="budgetkg-reader",
            daemon=True,
        )
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def _stop(self, worker: _Worker) -> None:
        worker.connection.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()

    def _failed(self, worker: _Worker, reason: str) -> Result:
        assert worker.index is not None and worker.task is not None
        self.workers.remove(worker)
        self._stop(worker)
        return worker.index, DocumentError(document_name(worker.task[0]), reason), None

    def run(self, tasks: list[tuple[int, Task]]) -> Iterator[Result]:
        """Read every task; yield each result when it is done (not in the order given)."""
        pending = list(reversed(tasks))
        try:
            while pending or any(worker.task is not None for worker in self.workers):
                for worker in [item for item in self.workers if item.documents >= DOCUMENTS_PER_WORKER]:
                    self.workers.remove(worker)
                    self._stop(worker)
                while pending and len(self.workers) < min(self.count, len(pending) + self._busy()):
                    self.workers.append(self._start())
                for worker in self.workers:
                    if worker.task is None and pending:
                        worker.index, worker.task = pending.pop()
                        worker.started = time.monotonic()
                        worker.connection.send((worker.index, worker.task))
                yield from self._collect()
        finally:
            for worker in self.workers:
                self._stop(worker)
            self.workers = []

    def _busy(self) -> int:
        return sum(1 for worker in self.workers if worker.task is not None)

    def _collect(self) -> Iterator[Result]:
        busy = [worker for worker in self.workers if worker.task is not None]
        wall = self.limits.seconds * WALL_FACTOR
        deadline = min(worker.started for worker in busy) + wall
        waitables: list[Connection | int] = [worker.connection for worker in busy]
        waitables += [worker.process.sentinel for worker in busy]
        ready = wait(waitables, timeout=max(0.0, deadline - time.monotonic()))
        now = time.monotonic()
        for worker in busy:
            if worker.connection in ready:
                try:
                    kind, index, outcome, trace = worker.connection.recv()
                except (EOFError, OSError):
                    yield self._failed(worker, self._death_reason(worker))
                    continue
                if kind == "start":
                    worker.started = time.monotonic()
                    continue
                worker.index, worker.task = None, None
                worker.documents += 1
                yield index, outcome, trace
            elif worker.process.sentinel in ready:
                yield self._failed(worker, self._death_reason(worker))
            elif now - worker.started >= wall:
                yield self._failed(
                    worker,
                    f"was not read after {wall:g} s ({WALL_FACTOR} × the time limit) and was stopped",
                )

    def _death_reason(self, worker: _Worker) -> str:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        if code == -signal.SIGXCPU:
            limit = self.limits.seconds
            return f"used more than the time limit of {limit:g} s of processor time and was stopped"
        if code is not None and code < 0:
            how = f"was killed by signal {signal.Signals(-code).name}"
        else:
            how = f"ended with exit code {code}"
        return (
            f"the process reading it {how} (over the memory limit of "
            f"{_describe_bytes(self.limits.memory)}, or a crash in a library)"
        )
