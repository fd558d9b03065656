"""A query evaluated in a process of its own, on the store opened read-only.

pyoxigraph cannot cancel a running query, so ``budgetkg serve`` evaluates its queries in worker
processes that it kills when they run over their time.  This module is what such a process runs:
it imports nothing but pyoxigraph, so a worker that replaces a killed one is ready at once.

A job and its reply are plain picklable values (pyoxigraph terms pickle): a job is a
:class:`Job`; a reply is ``("solutions", variables, rows)``, ``("boolean", value)``,
``("triples", triples)`` or ``("error", kind, message)`` with ``kind`` ``"syntax"`` or ``"query"``.
No pyoxigraph result object ever leaves the thread that made it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from budgetkg.errors import StoreError
from budgetkg.lifetime import end_with_parent
from budgetkg.store import open_read_only

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Reply = tuple[Any, ...]


@dataclass(frozen=True)
class Job:
    """A query, its substitutions, its dataset (graph IRIs; none: the union of all graphs), its row limit."""

    text: str
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = field(
        default_factory=dict
    )
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 100_000


class QuotedTripleResult(Exception):
    """A solution binds a quoted triple, which the serialisers of results do not write."""


def evaluate(store: ox.Store, job: Job, cancelled: Callable[[], bool] = lambda: False) -> Reply:
    """The reply to a job: the result read row by row up to one row past the limit, or the error."""
    try:
        if job.default_graphs or job.named_graphs:
            result = store.query(
                job.text,
                default_graph=[ox.NamedNode(iri) for iri in job.default_graphs] or None,
                named_graphs=[ox.NamedNode(iri) for iri in job.named_graphs] or None,
                substitutions=job.substitutions,
            )
        else:
            result = store.query(job.text, use_default_graph_as_union=True, substitutions=job.substitutions)
        return collect(result, job.max_rows, cancelled)
    except SyntaxError as error:
        return ("error", "syntax", str(error))
    except (QuotedTripleResult, ValueError, RuntimeError, OSError) as error:
        return ("error", "query", str(error))


def collect(result: Any, max_rows: int, cancelled: Callable[[], bool] = lambda: False) -> Reply:
    """A query result (or any iterable of triples) as a reply, read in the thread that made it."""
    if isinstance(result, ox.QueryBoolean):
        return ("boolean", bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [variable.value for variable in result.variables]
        rows: list[tuple[Term | None, ...]] = []
        for solution in bounded(result, max_rows, cancelled):
            rows.append(tuple(_cell(solution[name]) for name in variables))
        return ("solutions", variables, rows)
    return ("triples", list(bounded(result, max_rows, cancelled)))


def bounded(items: Iterable[Any], max_rows: int, cancelled: Callable[[], bool]) -> Iterator[Any]:
    """The items, stopping one past ``max_rows`` or when ``cancelled()`` says so."""
    for count, item in enumerate(items, start=1):
        if cancelled():
            return
        yield item
        if count > max_rows:
            return


def _cell(cell: Term | ox.Triple | None) -> Term | None:
    if isinstance(cell, ox.Triple):
        raise QuotedTripleResult("quoted triples cannot be returned")
    return cell


def worker_main(path: str, connection: Connection, niceness: int = 0) -> None:
    """Answer jobs from ``connection`` on the store at ``path`` until the parent goes away, at a
    lower priority when ``niceness`` is positive."""
    if niceness:
        os.nice(niceness)
    end_with_parent()
    try:
        store = open_read_only(Path(path))
    except (OSError, StoreError) as error:
        connection.send(("failed", str(error)))
        return
    connection.send(("ready", resident_kib(os.getpid())))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(evaluate(store, job))


def resident_kib(pid: int) -> int:
    """The resident memory of a process in KiB (0 where ``/proc`` cannot tell)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
