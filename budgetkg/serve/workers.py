"""A bounded pool of query worker processes (``budgetkg/query_worker.py``) on the store opened read-only.

A request takes an idle worker within its deadline, sends it the job and waits for the reply until
the deadline; a worker still busy then is killed (SIGKILL: its memory goes back to the system) and
a new one takes its place at once.  The slot is therefore free again whatever the query was doing.
While a job runs, the worker's resident memory is read from ``/proc`` several times a second; a
worker over the pool's memory limit is killed and replaced in the same way, and the job fails with
OverMemory.  (An address-space limit would count the virtual memory the store maps, not what the
query takes.)
After an update the workers are replaced, since a store opened read-only sees it as it was when opened.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from budgetkg.query_worker import Job, Reply, resident_kib, worker_main


class OverTime(Exception):
    """No worker was free, or the worker did not reply, before the deadline."""


class Busy(Exception):
    """No worker became free within the wait allowed for one."""


class OverMemory(Exception):
    """The worker's resident memory passed the pool's limit while it ran the job; it was killed."""

    def __init__(self, limit_kib: int, seen_kib: int) -> None:
        super().__init__(f"the query worker held {seen_kib} KiB, over its limit of {limit_kib} KiB")
        self.limit_kib = limit_kib
        self.seen_kib = seen_kib


class WorkerLost(Exception):
    """The worker ended without replying (killed from outside, or out of memory)."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection
    generation: int
    ready: bool = False
    started_kib: int = 0
    last_used: float = 0.0

    def rss_kib(self) -> int:
        """Its resident memory (0 where /proc cannot tell)."""
        return resident_kib(self.process.pid or 0)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class WorkerPool:
    """``size`` worker processes, each answering one job at a time.

    A worker whose memory has passed ``max_kib`` after a job, or that has been idle for
    ``idle_seconds`` with ``idle_growth_kib`` more memory than it had before its first job, is
    replaced by a fresh one, so the memory a large query took goes back to the system.  One whose
    memory passes ``limit_kib`` while it runs a job is killed then (None: no limit), its resident
    memory read every ``sample_seconds``.
    """

    def __init__(
        self,
        path: Path,
        size: int,
        name: str = "budgetkg-query",
        niceness: int = 0,
        max_kib: int = 512 * 1024,
        idle_seconds: float = 20.0,
        idle_growth_kib: int = 8 * 1024,
        limit_kib: int | None = None,
        sample_seconds: float = 0.1,
    ) -> None:
        self.path = path
        self.size = size
        self.name = name
        self.niceness = niceness
        self.max_kib = max_kib
        self.idle_seconds = idle_seconds
        self.idle_growth_kib = idle_growth_kib
        self.limit_kib = limit_kib
        self.sample_seconds = sample_seconds
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._generation = 0
        self._closed = False
        for _ in range(size):
            self._idle.put(self._spawn())
        threading.Thread(target=self._tidy, name=f"{name}-tidy", daemon=True).start()

    def evaluate(self, job: Job, deadline: float, wait: float | None = None) -> Reply:
        """The worker's reply to ``job``, or OverTime / Busy (no worker free within ``wait`` seconds) /
        OverMemory / WorkerLost."""
        until = deadline if wait is None else min(deadline, time.monotonic() + wait)
        try:
            worker = self._idle.get(timeout=max(0.0, until - time.monotonic()))
        except queue.Empty as error:
            raise (OverTime if until >= deadline else Busy) from error
        try:
            worker.connection.send(job)
            reply = self._receive(worker, deadline)
        except OverMemory:
            self._replace(worker)
            raise
        except (OSError, EOFError) as error:
            self._replace(worker)
            raise WorkerLost from error
        if reply is None:
            self._replace(worker)
            raise OverTime
        self._give_back(worker)
        return reply

    def renew(self) -> None:
        """Replace every worker, so that the next queries see the store as it is now."""
        with self._lock:
            self._generation += 1
        for _ in range(self._idle.qsize()):
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._replace(worker)

    def pids(self) -> list[int]:
        """The process ids of the workers."""
        with self._lock:
            return [worker.process.pid for worker in self._workers if worker.process.pid is not None]

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()

    def _receive(self, worker: _Worker, deadline: float) -> Reply | None:
        """The worker's reply, or None at the deadline; OverMemory as soon as it holds too much."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if not worker.connection.poll(min(left, self.sample_seconds)):
                self._check_memory(worker)
                continue
            reply: Reply = worker.connection.recv()
            if reply[0] == "ready":
                worker.ready, worker.started_kib = True, reply[1]
                continue
            if reply[0] == "failed":
                return ("error", "query", f"the store could not be opened: {reply[1]}")
            return reply

    def _check_memory(self, worker: _Worker) -> None:
        if self.limit_kib is None:
            return
        held = worker.rss_kib()
        if held > self.limit_kib:
            raise OverMemory(self.limit_kib, held)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            current = worker.generation == self._generation and not self._closed
        if current and worker.process.is_alive() and worker.rss_kib() <= self.max_kib:
            worker.last_used = time.monotonic()
            self._idle.put(worker)
        else:
            self._replace(worker)

    def _tidy(self) -> None:
        """Every few seconds, replace the idle workers that keep memory they no longer use."""
        while not self._closed:
            time.sleep(min(5.0, self.idle_seconds))
            for _ in range(self._idle.qsize()):
                try:
                    worker = self._idle.get_nowait()
                except queue.Empty:
                    break
                idle = worker.last_used and time.monotonic() - worker.last_used > self.idle_seconds
                if idle and worker.rss_kib() > worker.started_kib + self.idle_growth_kib:
                    self._replace(worker)
                else:
                    self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()
        with self._lock:
            if self._closed:
                return
        self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=worker_main, args=(str(self.path), theirs, self.niceness), name=self.name, daemon=True
        )
        process.start()
        theirs.close()
        with self._lock:
            worker = _Worker(process, mine, self._generation)
            self._workers.add(worker)
        return worker
