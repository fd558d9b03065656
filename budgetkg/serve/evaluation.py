"""Queries under the server's limits: a time limit and a result-size limit, each reported, never silent.

A query runs on a thread of its own, a few at a time.  One that runs over its time is answered at
once with HTTP 503; its evaluation stops at its next result row.  One whose result has more rows (or triples)
than the limit is answered with HTTP 413; the result is never cut short.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from budgetkg.errors import QueryError
from budgetkg.params import Term
from budgetkg.serve.protocol import HTTPProblem
from budgetkg.store import EmbeddedStore

Substitutions = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]


@dataclass
class ServeOptions:
    """How the server runs."""

    port: int = 8000
    update_token: str | None = None
    timeout: float = 30.0
    max_rows: int = 100_000
    workers: int = 4
    sources: tuple[Path, ...] = ()  # folders holding the documents' files, served at /source/


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


def collect(result: Any, max_rows: int, cancelled: threading.Event) -> Outcome:
    """Read a query result (or any iterable of triples) row by row, stopping one row past the limit
    or when the request gave up."""
    if isinstance(result, ox.QueryBoolean):
        return Outcome("boolean", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [variable.value for variable in result.variables]
        rows: list[tuple[Term | None, ...]] = []
        for solution in _bounded(result, max_rows, cancelled):
            rows.append(tuple(_cell(solution[name]) for name in variables))
        return Outcome("solutions", variables=variables, rows=rows)
    return Outcome("triples", triples=list(_bounded(result, max_rows, cancelled)))


def _bounded(items: Iterable[Any], max_rows: int, cancelled: threading.Event) -> Iterable[Any]:
    for count, item in enumerate(items, start=1):
        if cancelled.is_set():
            return
        yield item
        if count > max_rows:
            return


def _cell(cell: Term | ox.Triple | None) -> Term | None:
    if isinstance(cell, ox.Triple):
        raise QueryError("quoted triples cannot be returned")
    return cell


class _OverTime(Exception):
    """The evaluation did not end within the time limit."""


class Evaluator:
    """Runs queries on the store, each on a thread of its own, under the time and size limits.

    At most ``workers`` evaluations run at once; a request waits for a free one within its own time
    limit.  The threads are daemons: pyoxigraph cannot cancel an evaluation, so one past its time
    limit that yields no rows (an aggregate, a sort) runs on until it ends, and must not keep the
    server from stopping.
    """

    def __init__(self, store: EmbeddedStore, options: ServeOptions) -> None:
        self.store = store
        self.options = options
        self.slots = threading.BoundedSemaphore(options.workers)

    def query(self, text: str, substitutions: Substitutions | None = None) -> Outcome:
        """A query over the union of the store's graphs, within the limits."""
        return self.run(lambda: self.store.query(text, substitutions))

    def run(self, start: Callable[[], Any]) -> Outcome:
        """Evaluate ``start()`` (a pyoxigraph query, or triples) within the limits, or raise HTTPProblem."""
        try:
            outcome = self._evaluate(start)
        except _OverTime as error:
            raise HTTPProblem(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran over the server's time limit of {self.options.timeout:g} s and was stopped; "
                "narrow it (parameters, LIMIT) or ask the operator for a longer --timeout",
            ) from error
        except SyntaxError as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"malformed query: {error}") from error
        except (QueryError, ValueError, RuntimeError, OSError) as error:
            raise HTTPProblem(HTTPStatus.BAD_REQUEST, f"the query failed: {error}") from error
        if outcome.size > self.options.max_rows:
            unit = "rows" if outcome.kind == "solutions" else "triples"
            raise HTTPProblem(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the result has more than {self.options.max_rows} {unit}, the server's result-size limit; "
                "add LIMIT or narrow the query",
                {"X-Result-Limit": str(self.options.max_rows)},
            )
        return outcome

    def _evaluate(self, start: Callable[[], Any]) -> Outcome:
        """The outcome of ``start()`` on a daemon thread, or the exception it raised, or _OverTime."""
        deadline = time.monotonic() + self.options.timeout
        if not self.slots.acquire(timeout=self.options.timeout):
            raise _OverTime
        cancelled, finished = threading.Event(), threading.Event()
        outcomes: list[Outcome] = []
        failures: list[Exception] = []

        def work() -> None:
            try:
                outcomes.append(collect(start(), self.options.max_rows, cancelled))
            except Exception as error:
                failures.append(error)
            finally:
                self.slots.release()
                finished.set()

        threading.Thread(target=work, name="budgetkg-query", daemon=True).start()
        if not finished.wait(max(0.0, deadline - time.monotonic())):
            cancelled.set()
            raise _OverTime
        if failures:
            raise failures[0]
        return outcomes[0]
