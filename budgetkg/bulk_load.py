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
4. the files the loader could not load are listed; any is an error naming the file and the reason.

With ``prune``, document graphs the server holds but the store no longer does are cleared as well
(found through the query endpoint).  Between the clearing and the loading of a graph, questions on
the server see it empty: load while nobody asks, or into a second server.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import StoreError
from budgetkg.push import PushReport, graphs_to_push
from budgetkg.rdf import iris
from budgetkg.remote import Endpoint, project_graphs
from budgetkg.store import EmbeddedStore

LOAD_ERROR_MARK = "budgetkg-load-error"
REGISTERED_MARK = "budgetkg-registered"
NQUADS_SUFFIX = ".nq"


@dataclass
class IsqlClient:
    """Virtuoso's SQL interface, reached with its ``isql`` program."""

    address: str = "127.0.0.1:1111"
    user: str = "dba"
    password: str = ""
    program: str = "isql-vt"
    timeout: float = 3600.0

    def run(self, script: str) -> str:
        """Run a script of SQL statements; its output, or a StoreError naming the failing statement."""
        where = f"Virtuoso SQL {self.address} ({self.program})"
        try:
            completed = subprocess.run(
                [self.program, self.address, self.user, self.password],
                input=script,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except FileNotFoundError as error:
            raise StoreError(f"{where}: no such program (give its path with --isql)") from error
        except subprocess.TimeoutExpired as error:
            raise StoreError(f"{where}: no end within {self.timeout:g} s") from error
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
    """The isql script that clears ``cleared``, runs the loader on the registered files and lists the
    files it could not load."""
    lines = ["log_enable(3, 1);"]
    lines += [f"SPARQL CLEAR GRAPH <{graph}>;" for graph in cleared if _plain_iri(graph)]
    lines += [
        "rdf_loader_run();",
        "checkpoint;",
        f"SELECT {sql_string(LOAD_ERROR_MARK)}, ll_file, ll_error FROM DB.DBA.load_list "
        f"WHERE ll_file LIKE {sql_string(str(folder) + '/%')} AND ll_error IS NOT NULL;",
    ]
    return "\n".join(lines) + "\n"


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
    errors = _marked(client.run(load_script(folder, cleared)), LOAD_ERROR_MARK)
    if errors:
        raise StoreError(f"Virtuoso's bulk loader failed on {len(errors)} file(s): " + "; ".join(errors[:5]))
    return report
