"""Queries under the server's limits: a deadline and a result-size limit, each reported, never silent.

On a store on disk every query runs in a worker process that opened the store read-only
(``workers.py``): one still running at its deadline is killed and replaced, so its slot and its
memory are freed, and the request is answered with HTTP 503; so is one whose resident memory passes
the limit (``--query-memory``) while it runs.  The saved questions and the pages
have their pool of workers, ``/sparql`` its own, so queries sent to the endpoint can never hold up
the saved questions.  A store in memory (as in tests) cannot be shared with another process: its
queries run on threads; at the deadline the request is answered with 503 and its slot freed, and
the thread stops at its next result row (an aggregate or a sort gives none until it ends, so such
a thread lingers, holding no slot).

A result of more rows (or triples) than the limit is answered with HTTP 413; it is never cut short.
``SERVICE`` is refused unless its host is allowed (``service.py``).  pyoxigraph result objects never
leave the thread (or process) that made them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from budgetkg.params import Term
from budgetkg.query_worker import Job, QuotedTripleResult, Reply, collect, evaluate
from budgetkg.serve.answer_cache import AnswerCache
from budgetkg.serve.per_client import PerClient
from budgetkg.serve.protocol import HTTPProblem
from budgetkg.serve.service import refuse_services
from budgetkg.serve.workers import Busy, OverMemory, OverTime, WorkerLost, WorkerPool
from budgetkg.store import EmbeddedStore

Substitutions = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]


@dataclass
class ServeOptions:
    """How the server runs: its query limits, its pools and its limits on requests."""

    port: int = 8000
    update_token: str | None = None
    timeout: float = 30.0
    max_rows: int = 100_000
    workers: int = 4
    sources: tuple[Path, ...] = ()  # folders holding the documents' files, served at /source/
    allow_service: tuple[str, ...] = ()
    threads: int = 16
    connections: int = 200
    client_timeout: int = 30
    header_timeout: float = 10.0  # a request's headers must arrive in full within this many seconds
    client_connections: int = 64  # the connections one client address may hold at once
    max_body: int = 10 * 1024 * 1024
    max_header: int = 64 * 1024
    cache_cells: int = 200_000
    queue_wait: float = 1.0
    query_memory_mib: int = 1024  # the resident memory a query worker may hold while it runs
    client_queries: int = 2  # the /sparql queries one client address may run at once


@dataclass
class Outcome:
    """What a bounded evaluation produced."""

    kind: str  # "solutions", "boolean" or "triples"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool = False

    @property
    def size(self) -> int:
        """Rows of solutions, or triples of a graph."""
        return len(self.rows) if self.kind == "solutions" else len(self.triples)

    @classmethod
    def of(cls, reply: Reply) -> Outcome:
        """The outcome of a worker's reply, or the HTTPProblem of its error."""
        kind = reply[0]
        if kind == "solutions":
            return cls("solutions", variables=reply[1], rows=reply[2])
        if kind == "boolean":
            return cls("boolean", boolean=reply[1])
        if kind == "triples":
            return cls("triples", triples=reply[1])
        if reply[1] == "syntax":
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"malformed query: {reply[2]}")
        raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"the query failed: {reply[2]}")


class Evaluator:
    """Runs queries on the store under the deadline, the size limit and the SERVICE rule."""

    def __init__(self, store: EmbeddedStore, options: ServeOptions) -> None:
        self.store = store
        self.options = options
        self.slots = threading.BoundedSemaphore(options.workers)
        self.pools: dict[str, WorkerPool] = {}
        if store.path is not None:
            # the endpoint's queries are anyone's: their workers yield the processor to the questions'
            for name, niceness in (("questions", 0), ("sparql", 10)):
                self.pools[name] = WorkerPool(
                    store.path,
                    options.workers,
                    f"budgetkg-{name}",
                    niceness,
                    limit_kib=options.query_memory_mib * 1024,
                )
        # one address cannot hold every worker of the endpoint
        self.endpoint_clients = PerClient(
            options.client_queries, "endpoint queries", max(1, round(options.timeout))
        )
        # a store opened read-only does not change while it is served: its answers can be kept
        self.cache = AnswerCache(options.cache_cells if store.read_only else 0)

    def query(
        self,
        text: str,
        substitutions: Substitutions | None = None,
        *,
        default_graphs: Collection[str] = (),
        named_graphs: Collection[str] = (),
        pool: str = "questions",
    ) -> Outcome:
        """A query (over the union of the store's graphs unless graphs are named), within the limits."""
        refuse_services(text, self.options.allow_service)
        key = AnswerCache.key(text, substitutions, default_graphs, named_graphs)
        kept = self.cache.get(key)
        if kept is not None:
            return kept
        job = Job(
            text, dict(substitutions or {}), tuple(default_graphs), tuple(named_graphs), self.options.max_rows
        )
        deadline = time.monotonic() + self.options.timeout
        workers = self.pools.get(pool)
        if workers is None:
            reply = self._in_thread(lambda cancelled: evaluate(self.store.store, job, cancelled), deadline)
        else:
            reply = self._in_process(workers, job, deadline)
        outcome = self._within_size(Outcome.of(reply))
        self.cache.put(key, outcome)
        return outcome

    def run(self, start: Callable[[], Any]) -> Outcome:
        """Evaluate ``start()`` (a pyoxigraph query, or triples) in this process within the limits,
        or raise HTTPProblem."""

        def produce(cancelled: Callable[[], bool]) -> Reply:
            try:
                return collect(start(), self.options.max_rows, cancelled)
            except SyntaxError as error:
                return ("error", "syntax", str(error))
            except (QuotedTripleResult, ValueError, RuntimeError, OSError) as error:
                return ("error", "query", str(error))

        reply = self._in_thread(produce, time.monotonic() + self.options.timeout)
        return self._within_size(Outcome.of(reply))

    def renew(self) -> None:
        """After an update: new workers, which see the store as it is now."""
        self.cache.clear()
        for workers in self.pools.values():
            workers.renew()

    def worker_pids(self) -> list[int]:
        """The process ids of the query workers (none for a store in memory)."""
        return [pid for workers in self.pools.values() for pid in workers.pids()]

    def close(self) -> None:
        """Stop the worker processes."""
        for workers in self.pools.values():
            workers.close()

    def _in_process(self, workers: WorkerPool, job: Job, deadline: float) -> Reply:
        # a query sent to the endpoint waits a moment for a worker, not its whole time: a flood of
        # them cannot hold the server's request threads
        wait = self.options.queue_wait if workers is self.pools.get("sparql") else None
        try:
            return workers.evaluate(job, deadline, wait)
        except OverTime as error:
            raise self._over_time() from error
        except Busy as error:
            raise HTTPProblem(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"all {workers.size} query workers of the endpoint are busy; try again in a few seconds",
                {"Retry-After": str(max(1, round(self.options.timeout)))},
            ) from error
        except OverMemory as error:
            raise HTTPProblem(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query needed more memory than the server allows a query "
                f"({self.options.query_memory_mib} MiB) and was stopped; narrow it (parameters, LIMIT, "
                "fewer joined patterns) or ask the operator for a larger --query-memory",
            ) from error
        except WorkerLost as error:
            raise HTTPProblem(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "the query's worker process ended before answering (out of memory?); narrow the query",
            ) from error

    def _in_thread(self, produce: Callable[[Callable[[], bool]], Reply], deadline: float) -> Reply:
        """``produce(cancelled)`` on a daemon thread: everything of pyoxigraph stays on that thread,
        only the plain reply comes back.  The slot is freed at the end or at the deadline, whichever comes
        first."""
        if not self.slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise self._over_time()
        cancelled, finished, guard = threading.Event(), threading.Event(), threading.Lock()
        held = [True]
        replies: list[Reply] = []

        def free() -> None:
            with guard:
                if held[0]:
                    held[0] = False
                    self.slots.release()

        def work() -> None:
            try:
                replies.append(produce(cancelled.is_set))
            except Exception as error:  # only its message leaves the thread, never its frames
                replies.append(("error", "query", str(error)))
            finally:
                free()
                finished.set()

        threading.Thread(target=work, name="budgetkg-query", daemon=True).start()
        if not finished.wait(max(0.0, deadline - time.monotonic())):
            cancelled.set()
            free()
            raise self._over_time()
        return replies[0]

    def _over_time(self) -> HTTPProblem:
        return HTTPProblem(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query ran over the server's time limit of {self.options.timeout:g} s and was stopped; "
            "narrow it (parameters, LIMIT) or ask the operator for a longer --timeout",
        )

    def _within_size(self, outcome: Outcome) -> Outcome:
        if outcome.size > self.options.max_rows:
            unit = "rows" if outcome.kind == "solutions" else "triples"
            raise HTTPProblem(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the result has more than {self.options.max_rows} {unit}, the server's result-size limit; "
                "add LIMIT or narrow the query",
                {"X-Result-Limit": str(self.options.max_rows)},
            )
        return outcome
