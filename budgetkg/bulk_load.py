"""Copy the store to Virtuoso with Virtuoso's own bulk loader, not one HTTP request per graph.

Every named graph of the store is written as one N-Quads file (``<n>.nq``, the graph named in every
line) into a loading folder that the server can read (Virtuoso only reads folders its ``DirsAllowed``
setting in ``virtuoso.ini`` lists, and reads them on its own machine).  Then two scripts are run
through Virtuoso's SQL client (``isql``, ``isql-vt`` in Debian's package) as a user allowed to run
the loader (normally ``dba``):

1. the folder's earlier entries are removed from the loader's list (``DB.DBA.load_list``: the
   loader skips a file it has loaded once), ``ld_dir`` registers the files written now, and they
   are counted: a folder the server may not read, or sees other files in, stops the load here,
   before anything on the server is changed;
2. each graph about to be loaded is cleared (``SPARQL CLEAR GRAPH``), so a document built again
   replaces its graph, as a Graph Store PUT does, and loading twice leaves one copy;
3. ``rdf_loader_run()`` loads the files and ``checkpoint`` makes the load durable;
4. the loader's list is read back: every file must be done (``ll_state`` 2) without an error; a file
   it could not load is an error naming the file and the reason, and a file still waiting or being
   loaded (another loader running on the server, or one stopped half way) is an error too.

Then, given the query endpoint, the load is only over when the endpoint answers: the graph loaded
last is counted over HTTP, each try with a short timeout, until the count is the one written.  The
loader and the checkpoint have returned by then, but that only says the SQL side is done; the count
says the data can be asked for where questions will be asked.  A server that loaded the files but
does not answer its SPARQL endpoint is an error that says what Virtuoso was doing (its ``status()``
report, read through the SQL port: clients, threads running and waiting, lock waits, pending
transactions), instead of a question that waits without an end later.

With ``prune``, document graphs the server holds but the store no longer does are cleared as well
(found through the query endpoint).  Between the clearing and the loading of a graph, questions on
the server see it empty: load while nobody asks, or into a second server.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import QueryError, StoreError
from budgetkg.push import PushReport, graphs_to_push
from budgetkg.rdf import iris
from budgetkg.remote import Endpoint, project_graphs, select
from budgetkg.store import EmbeddedStore

LOAD_ERROR_MARK = "budgetkg-load-error"
LOAD_STATE_MARK = "budgetkg-load-state"
REGISTERED_MARK = "budgetkg-registered"
NQUADS_SUFFIX = ".nq"
DONE_STATE = 2
"""``ll_state`` of a file the loader is done with (0: waiting, 1: being loaded)."""
READY_SECONDS = 600.0
"""How long the query endpoint may take, after a load, to answer a count of a loaded graph."""
PROBE_SECONDS = 30.0
"""The timeout of each of those counts; a try that times out is followed by another."""
STATUS_SECONDS = 30.0
"""The timeout of asking Virtuoso for its ``status()`` report when something went wrong."""
PROBE_PAUSE_SECONDS = 2.0


@dataclass
class IsqlClient:
    """Virtuoso's SQL interface, reached with its ``isql`` program."""

    address: str = "127.0.0.1:1111"
    user: str = "dba"
    password: str = ""
    program: str = "isql-vt"
    timeout: float = 3600.0

    def run(self, script: str, timeout: float | None = None) -> str:
        """Run a script of SQL statements (within ``timeout`` seconds, the client's own when None);
        its output, or a StoreError naming the failing statement."""
        where = f"Virtuoso SQL {self.address} ({self.program})"
        seconds = self.timeout if timeout is None else timeout
        try:
            completed = subprocess.run(
                [self.program, self.address, self.user, self.password],
                input=script,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=seconds,
                check=False,
            )
        except FileNotFoundError as error:
            raise StoreError(f"{where}: no such program (give its path with --isql)") from error
        except subprocess.TimeoutExpired as error:
            raise StoreError(f"{where}: no end within {seconds:g} s") from error
        output = completed.stdout + completed.stderr
        if completed.returncode != 0 or "*** Error" in output:
            raise StoreError(f"{where}: {_first_error(output) or f'exit status {completed.returncode}'}")
        return output


def _first_error(output: str) -> str:
    lines = output.splitlines()
    for index, line in enumerate(lines):
        if "*** Error" in line:
            return " ".join(part.strip() for part in lines[index : index + 3])
    return ""


def sql_string(text: str) -> str:
    """A SQL string literal (single quotes doubled); refused when it holds a line break or a NUL."""
    if any(character in text for character in "\n\r\0"):
        raise StoreError(f"cannot pass {text!r} to Virtuoso's SQL: it holds a line break")
    return "'" + text.replace("'", "''") + "'"


def write_graph_files(store: EmbeddedStore, graphs: list[str], folder: Path) -> dict[str, int]:
    """Write each graph as ``<n>.nq`` into ``folder`` (numbered in the order given), removing the
    ``.nq`` files an earlier load left there; how many statements each graph has."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"*{NQUADS_SUFFIX}"):
        stale.unlink()
    counts: dict[str, int] = {}
    width = len(str(len(graphs)))
    for number, graph in enumerate(graphs):
        quads = list(store.graph_quads(graph))
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        (folder / f"{number:0{width}d}{NQUADS_SUFFIX}").write_bytes(data if isinstance(data, bytes) else b"")
        counts[graph] = len(quads)
    return counts


def register_script(folder: Path) -> str:
    """The isql script that puts the N-Quads files of ``folder`` on the loader's list, and counts them.

    The folder's earlier entries are removed first: the loader skips a file it has loaded once.
    """
    place = sql_string(str(folder) + "/%")
    pattern, fallback_graph = sql_string("*" + NQUADS_SUFFIX), sql_string(iris.SHARED_GRAPH)
    return (
        f"DELETE FROM DB.DBA.load_list WHERE ll_file LIKE {place};\n"
        f"ld_dir({sql_string(str(folder))}, {pattern}, {fallback_graph});\n"
        f"SELECT {sql_string(REGISTERED_MARK)}, COUNT(*) FROM DB.DBA.load_list "
        f"WHERE ll_file LIKE {place} AND ll_state = 0;\n"
    )


def load_script(folder: Path, cleared: list[str]) -> str:
    """The isql script that clears ``cleared``, runs the loader on the registered files, and reads the
    loader's list back: how many of the folder's files are in each state, and the files it could not
    load."""
    place = sql_string(str(folder) + "/%")
    lines = ["log_enable(3, 1);"]
    lines += [f"SPARQL CLEAR GRAPH <{graph}>;" for graph in cleared if _plain_iri(graph)]
    lines += [
        "rdf_loader_run();",
        "checkpoint;",
        f"SELECT {sql_string(LOAD_STATE_MARK)}, ll_state, COUNT(*) FROM DB.DBA.load_list "
        f"WHERE ll_file LIKE {place} GROUP BY ll_state;",
        f"SELECT {sql_string(LOAD_ERROR_MARK)}, ll_file, ll_error FROM DB.DBA.load_list "
        f"WHERE ll_file LIKE {place} AND ll_error IS NOT NULL;",
    ]
    return "\n".join(lines) + "\n"


def load_states(output: str) -> dict[int, int]:
    """How many files are in each loader state (``ll_state``), read from the load script's output."""
    states: dict[int, int] = {}
    for cells in _marked(output, LOAD_STATE_MARK):
        parts = cells.split()
        if len(parts) != 2 or not all(part.lstrip("-").isdigit() for part in parts):
            raise StoreError(f"cannot read the loader's state from Virtuoso's answer {cells!r}")
        states[int(parts[0])] = int(parts[1])
    return states


def unfinished(states: dict[int, int], files: int) -> str | None:
    """Why the loader is not done with ``files`` files, or None when every one of them is done."""
    done = states.get(DONE_STATE, 0)
    if done == files and sum(states.values()) == files:
        return None
    names = {0: "waiting", 1: "being loaded"}
    others = ", ".join(
        f"{count} {names.get(state, f'in state {state}')}"
        for state, count in sorted(states.items())
        if state != DONE_STATE
    )
    return f"Virtuoso's bulk loader finished {done} of the {files} files" + (
        f" ({others}: another rdf_loader_run on the server, or one stopped half way?)" if others else ""
    )


def virtuoso_status(client: IsqlClient, seconds: float = STATUS_SECONDS) -> str:
    """What the server is doing, from its ``status()`` report: its clients, its threads (running,
    waiting for a lock, in a remote call), lock waits and deadlocks, and the transactions pending.

    Asked through the SQL port, within ``seconds``: a server that does not answer there either is
    said to be so (its whole process is stuck, not only its HTTP side).
    """
    try:
        output = client.run("status('');\n", timeout=seconds)
    except StoreError as error:
        return f"no status report either ({error})"
    lines = [line.strip() for line in output.splitlines()]
    wanted = ("Clients:", "Lock Status:", "Currently", "Pending", "buffers", "Checkpoint", "RPC:")
    kept: list[str] = []
    pending = False
    for line in lines:
        if not line or line.startswith(("SQL>", "REPORT", "VARCHAR", "___")) or line.endswith("msec."):
            pending = False
            continue
        if line.startswith("Pending"):
            pending = True
        if pending or line.startswith(wanted):
            kept.append(" ".join(line.split()))
    return "; ".join(kept) if kept else "an empty status report"


def wait_until_answering(
    endpoint: Endpoint,
    client: IsqlClient,
    graph: str,
    expected: int,
    seconds: float = READY_SECONDS,
    probe: float = PROBE_SECONDS,
) -> None:
    """Count the statements of ``graph`` through the query endpoint until the count is ``expected``.

    Each try has ``probe`` seconds; one that fails or times out is followed by another, after a
    short pause, until ``seconds`` have passed.  Then a StoreError says what the last try got and
    what Virtuoso was doing (:func:`virtuoso_status`).
    """
    if not _plain_iri(graph):
        return
    asking = replace(endpoint, graphs=None, union_default_graph=False, timeout=probe)
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    deadline = time.monotonic() + seconds
    tries = 0
    while True:
        tries += 1
        try:
            _, rows = select(asking, text)
            found = rows[0][0].value if rows and rows[0] and rows[0][0] is not None else "nothing"
            if found == str(expected):
                return
            last = f"it counted {found} statements in {graph}, not the {expected} loaded"
        except QueryError as error:
            last = str(error)
        if time.monotonic() + PROBE_PAUSE_SECONDS >= deadline:
            break
        time.sleep(PROBE_PAUSE_SECONDS)
    raise StoreError(
        f"Virtuoso loaded the files, but its query endpoint did not answer a count of one loaded graph "
        f"within {seconds:g} s ({tries} tries of {probe:g} s each); the last: {last}. "
        f"Virtuoso's status: {virtuoso_status(client)}"
    )


def _marked(output: str, mark: str) -> list[str]:
    """The cells after ``mark`` on each output line that starts with it."""
    return [" ".join(line.split()[1:]) for line in output.splitlines() if line.startswith(mark)]


def _plain_iri(graph: str) -> bool:
    if any(character in graph for character in '<>"{}|^`\\ \n\r'):
        raise StoreError(f"cannot clear graph {graph!r} on Virtuoso: not a plain IRI")
    return True


def bulk_load(
    store: EmbeddedStore,
    folder: Path,
    client: IsqlClient,
    endpoint: Endpoint | None = None,
    prune: bool = False,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Load every named graph of the store into Virtuoso through ``folder`` with its bulk loader."""
    graphs = graphs_to_push(store)
    if not graphs:
        raise StoreError("the store holds no graphs: build documents first")
    folder = folder.resolve()
    counts = write_graph_files(store, graphs, folder)
    if progress is not None:
        progress(f"wrote {len(graphs)} N-Quads files to {folder}")
    report = PushReport(graphs=list(graphs), triples=sum(counts.values()))
    cleared = list(graphs)
    if prune:
        if endpoint is None:
            raise StoreError("pruning needs the query endpoint, to list the document graphs on the server")
        endpoint.graphs = None
        endpoint.union_default_graph = False
        local = set(graphs)
        report.deleted = [
            graph
            for graph in project_graphs(endpoint)
            if graph.startswith(iris.BASE + "graph/doc/") and graph not in local
        ]
        cleared += report.deleted
    registered = _marked(client.run(register_script(folder)), REGISTERED_MARK)
    if registered != [str(len(graphs))]:
        raise StoreError(
            f"Virtuoso found {registered[0] if registered else 'no'} of the {len(graphs)} files in {folder}: "
            "it must read them on its own machine, at the same path; nothing was changed"
        )
    output = client.run(load_script(folder, cleared))
    errors = _marked(output, LOAD_ERROR_MARK)
    if errors:
        raise StoreError(f"Virtuoso's bulk loader failed on {len(errors)} file(s): " + "; ".join(errors[:5]))
    reason = unfinished(load_states(output), len(graphs))
    if reason is not None:
        raise StoreError(f"{reason}. Virtuoso's status: {virtuoso_status(client)}")
    if endpoint is not None:
        if progress is not None:
            progress(f"loaded; waiting for {endpoint.url} to answer")
        last = graphs[-1]
        wait_until_answering(endpoint, client, last, counts[last])
    return report
