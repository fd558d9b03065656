"""The embedded store: a persistent Oxigraph database on disk, one named graph per document."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from budgetkg.errors import StoreError
from budgetkg.loading_note import LoadingNote
from budgetkg.paths import CODELIST_DIR, ONTOLOGY_DIR
from budgetkg.rdf import iris
from budgetkg.rdf.vocab import BKG

REFERENCE_FILES = {
    iris.ONTOLOGY_GRAPH: [ONTOLOGY_DIR / "budget.ttl", CODELIST_DIR / "core.ttl"],
    iris.CODELIST_GRAPH: [CODELIST_DIR / "regions.ttl", CODELIST_DIR / "procurement-2022.ttl"],
}
DOCUMENT_GRAPH_PREFIX = iris.BASE + "graph/doc/"
STAGING_GRAPH_PREFIX = iris.BASE + "graph/staging/"
"""Graphs a write fills before it moves them into place; one left by a killed process is dropped."""
WRITER_LOCK = "budgetkg-writer.pid"
"""The file in the store folder that a writing process locks and writes its process id into."""
KEPT_ANSWERS_RECORD = Path("listings") / "answers" / "record.json"
"""The record of the whole answers kept beside the store (:mod:`budgetkg.listings.kept`), naming the
token their files carry: the first write of every process that opens the store for writing removes
it before it writes anything."""
READ_ONLY_OPEN_ATTEMPTS = 5
"""How often a read-only open is tried when a table file it was told of has just been merged away."""
LOAD_WAIT_SECONDS = 120.0
"""How long a read-only open waits for a bulk load under way to end (one batch of new documents)."""


def _lock_writer(path: Path) -> IO[str] | None:
    """Lock the store folder for this process, or say which process writes it (POSIX only).

    The lock is an advisory ``flock`` on a file holding the writer's pid: the system releases it
    when the process ends, however it ends, so a killed build never leaves a stale lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: RocksDB's own lock still protects the store
        return None
    handle = open(path / WRITER_LOCK, "a+", encoding="ascii")  # noqa: SIM115 - held until close()
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        pid = handle.read().strip() or "unknown"
        handle.close()
        raise StoreError(f"the store {path} is being written by another budgetkg (pid {pid})") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def open_read_only(path: Path) -> ox.Store:
    """Open a store for reading, never in the middle of a bulk load.

    A bulk load of new documents is not a transaction (:mod:`budgetkg.loading_note`): the store is
    opened only when its loading note says no load is under way, and is opened again when the note
    changed while it opened, so a reader sees each graph of a load whole or not at all.  A load
    under way is waited for; one left by a killed process is finished first, by an open for
    writing that drops its graphs.
    """
    note = LoadingNote(path)
    deadline = time.monotonic() + LOAD_WAIT_SECONDS
    while True:
        before = note.read()
        if not before.done:
            writer = _writer_pid(path)
            if writer is None:
                _finish_killed_load(path, before.graphs)
            elif time.monotonic() > deadline:
                raise StoreError(
                    f"cannot open the store at {path}: budgetkg (pid {writer}) has been loading "
                    f"{len(before.graphs)} document graphs into it for over {LOAD_WAIT_SECONDS:.0f} s"
                )
            else:
                time.sleep(0.05)
            continue
        store = _open_tables(path)
        if note.read() == before:
            return store
        del store


def _finish_killed_load(path: Path, graphs: tuple[str, ...]) -> None:
    """Drop the graphs a killed bulk load left part of, by opening the store for writing (unless a
    writer took it meanwhile: then the reader waits for that writer's load instead)."""
    try:
        EmbeddedStore(path).close()
    except StoreError as error:
        if _writer_pid(path) is not None:
            return
        raise StoreError(
            f"the store at {path} holds part of {len(graphs)} document graphs a killed build was loading, "
            f"and cannot be opened for writing to drop them: {error}"
        ) from error


def _open_tables(path: Path) -> ox.Store:
    """Open a store for reading while a writer may be working on it.

    RocksDB lists the table files of the store and then opens them; a writer merging tables in
    between deletes one of them, and the open fails with "No such file or directory".  The list is
    read again a few times, a little later each time; a store that still cannot be opened is
    reported with the writer that holds it, if one does.
    """
    for attempt in range(READ_ONLY_OPEN_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:
            merged_away = ".sst" in str(error) and "No such file" in str(error)
            if not merged_away or attempt == READ_ONLY_OPEN_ATTEMPTS - 1:
                writer = _writer_pid(path)
                during = f" while budgetkg (pid {writer}) wrote it; ask again when it ends" if writer else ""
                raise StoreError(f"cannot open the store at {path}{during}: {error}") from error
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _writer_pid(path: Path) -> str | None:
    """The process id a writer wrote into the store's lock file, if a process holds the lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    try:
        with open(path / WRITER_LOCK, encoding="ascii") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return handle.read().strip() or "unknown"
            fcntl.flock(handle, fcntl.LOCK_UN)
    except OSError:
        return None
    return None


def _sync_folder(folder: Path) -> None:
    """Make a removal or rename in ``folder`` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _kept_token(path: Path) -> str | None:
    """The token of the kept whole answers the store at ``path`` holds now, if any are in use."""
    try:
        token = json.loads((path / KEPT_ANSWERS_RECORD).read_text(encoding="utf-8")).get("token")
    except (OSError, ValueError, AttributeError):
        return None  # none, or an unreadable record: the answers come from SPARQL
    return token if isinstance(token, str) and token.isalnum() else None


def _data_operation(operation: str, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    """``INSERT DATA`` or ``DELETE DATA`` of the statements of ``quads`` in ``graph`` (no blank node)."""
    body = " .\n".join(f"{quad.subject} {quad.predicate} {quad.object}" for quad in quads)
    return f"{operation} {{ GRAPH {graph} {{\n{body} }} }}"


def _delete_obsolete_logs(path: Path) -> None:
    """Open a flushed store for writing and close it: RocksDB deletes obsolete write-ahead log
    files at open.  The informational logs of earlier opens (``LOG.old.*``) go too."""
    try:
        ox.Store(str(path)).flush()
        for old in path.glob("LOG.old.*"):
            old.unlink(missing_ok=True)
    except OSError as error:
        raise StoreError(f"cannot close the store at {path}: {error}") from error


class EmbeddedStore:
    """A store on disk (or in memory when ``path`` is None) that needs no server."""

    def __init__(self, path: Path | None, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._lock: IO[str] | None = None
        self.written = False
        """Whether this process has written to the store since it opened it."""
        self.kept_token = None if path is None else _kept_token(path)
        """The token of the kept whole answers that answer for the store as this process sees it:
        read before the store is opened (a write after that removes the record, so a token read
        then cannot name answers of a later store), set when this process keeps answers, and
        forgotten at its first write."""
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = open_read_only(path)
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._lock = _lock_writer(path)
                self.store = ox.Store(str(path))
        except StoreError:
            raise
        except OSError as error:
            self._release()
            raise StoreError(f"cannot open the store at {path}: {error}") from error
        if not read_only:
            self.drop_staging_graphs()
            self.drop_half_loaded_graphs()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad], drop: Iterable[str] = ()) -> int:
        """Replace a named graph by ``quads`` in one transaction: a reader, or a store opened after
        a kill at any moment, sees the old graph or the new one, never part of one or none.

        One SPARQL update (one transaction) drops the graph and the graphs named in ``drop`` and
        inserts the quads (``INSERT DATA``).  Blank nodes would get new names that way, so quads
        with blank nodes are first loaded into a staging graph (one atomic ``extend``) that the
        update then moves over the graph.  Returns the number of quads written.
        """
        node = ox.NamedNode(graph)
        batch = list(quads)
        self._will_write()
        operations = [f"DROP SILENT GRAPH {ox.NamedNode(name)}" for name in drop if name != graph]
        if any(isinstance(term, ox.BlankNode) for quad in batch for term in (quad.subject, quad.object)):
            staging = ox.NamedNode(STAGING_GRAPH_PREFIX + hashlib.sha256(graph.encode()).hexdigest()[:32])
            self.store.extend(ox.Quad(quad.subject, quad.predicate, quad.object, staging) for quad in batch)
            operations.append(f"MOVE SILENT GRAPH {staging} TO {node}")
        else:
            operations.append(f"DROP SILENT GRAPH {node}")
            if batch:
                operations.append(_data_operation("INSERT DATA", node, batch))
        self.store.update(" ;\n".join(operations))
        return len(batch)

    def change_graph(self, graph: str, removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> int:
        """Remove some statements of a named graph and add others, in one transaction (one SPARQL
        update), leaving the rest of the graph as it is; nothing is written when there is nothing to
        change.  The statements must hold no blank node.  Returns the statements removed and added."""
        node = ox.NamedNode(graph)
        removing, adding = list(removed), list(added)
        for quad in removing + adding:
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                raise StoreError(f"cannot change {graph} statement by statement: {quad} holds a blank node")
        parts = [
            _data_operation(operation, node, quads)
            for operation, quads in (("DELETE DATA", removing), ("INSERT DATA", adding))
            if quads
        ]
        if parts:
            self._will_write()
            self.store.update(" ;\n".join(parts))
        return len(removing) + len(adding)

    def load_new_graphs(self, shared: bytes, documents: bytes, graphs: list[str]) -> None:
        """Write the graphs ``graphs``, which the store does not hold, from the N-Quads
        ``documents``, with RocksDB's bulk loading, after the descriptions they share with other
        graphs (``shared``, one transaction).

        The bulk load is not a transaction, so the graphs are named in the store's loading note
        before it starts and the note is marked done once they are on disk: a kill in between
        leaves a note that makes the next open drop them (:meth:`drop_half_loaded_graphs`), and a
        reader never opens the store in between (:func:`open_read_only`)."""
        self._will_write()
        if shared:
            self.store.load(shared, format=ox.RdfFormat.N_QUADS)
        if not documents:
            return
        if self.path is None:
            self.store.load(documents, format=ox.RdfFormat.N_QUADS)
            return
        note = LoadingNote(self.path)
        note.begin(graphs)
        self.store.bulk_load(documents, format=ox.RdfFormat.N_QUADS)
        self.store.flush()
        note.finish()

    def drop_half_loaded_graphs(self) -> list[str]:
        """Drop the graphs a bulk load killed before its end left part of; return their names."""
        if self.path is None:
            return []
        note = LoadingNote(self.path)
        state = note.read()
        if state.done:
            return []
        self.drop_graphs(state.graphs)
        self.store.flush()
        note.finish()
        return list(state.graphs)

    def has_graph(self, graph: str) -> bool:
        """Whether the store holds a quad in the named graph ``graph``."""
        return any(True for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        """Remove named graphs, all in one transaction."""
        operations = [f"DROP SILENT GRAPH {ox.NamedNode(name)}" for name in graphs]
        if operations:
            self._will_write()
            self.store.update(" ;\n".join(operations))

    def drop_staging_graphs(self) -> list[str]:
        """Drop the staging graphs a process killed while writing left behind; return their names."""
        stale = [
            graph.value
            for graph in self.store.named_graphs()
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(STAGING_GRAPH_PREFIX)
        ]
        self.drop_graphs(stale)
        return stale

    def add_shared(self, quads: Iterable[ox.Quad]) -> None:
        """Add descriptions of shared nodes; a description already present is not repeated."""
        batch = list(quads)
        if batch:
            self._will_write()
            self.store.extend(batch)

    def update(self, text: str) -> None:
        """Run a SPARQL update (one transaction)."""
        self._will_write()
        self.store.update(text)

    def _will_write(self) -> None:
        """Before the first write of this process: take the kept whole answers out of use, on disk
        before anything is written, so that no kill can leave them beside a store they no longer
        answer."""
        if self.written:
            return
        self.written = True
        self.kept_token = None
        if self.path is None:
            return
        record = self.path / KEPT_ANSWERS_RECORD
        try:
            record.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"cannot take the kept answers of {self.path} out of use: {error}") from error
        _sync_folder(record.parent)

    def load_reference_data(self) -> None:
        """Load the ontology and code lists into their own graphs, unless the same files are loaded.

        The SHA-256 of the files is kept in the graph, so a rebuild leaves an unchanged ontology
        (and its blank nodes) exactly as it was.
        """
        for graph, files in REFERENCE_FILES.items():
            node = ox.NamedNode(graph)
            digest = hashlib.sha256(b"".join(file.read_bytes() for file in files)).hexdigest()
            marker = ox.Quad(node, ox.NamedNode(BKG.sha256), ox.Literal(digest), node)
            if marker in self.store:
                continue
            quads: list[ox.Quad] = [marker]
            for file in files:
                for triple in ox.parse(path=str(file), format=ox.RdfFormat.TURTLE):
                    quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, node))
            self.replace_graph(graph, quads)

    def document_graphs(self) -> list[str]:
        """The named graphs that hold documents."""
        return sorted(
            graph.value
            for graph in self.store.named_graphs()
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(DOCUMENT_GRAPH_PREFIX)
        )

    def has_summaries(self) -> bool:
        """Whether the store keeps region summaries (a store built before they existed does not)."""
        graph = ox.NamedNode(iris.SUMMARY_GRAPH)
        return any(True for _ in self.store.quads_for_pattern(None, None, None, graph))

    def graph_quads(self, graph: str) -> Iterator[ox.Quad]:
        """The quads of one named graph."""
        return iter(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def query(
        self,
        text: str,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all graphs."""
        return self.store.query(text, use_default_graph_as_union=True, substitutions=substitutions or {})

    def close(self) -> None:
        """Flush and release the store (its folder can then be opened again), leaving no log.

        A flush writes what RocksDB holds in memory to its table files, so a read-only open has no
        write-ahead log to replay; the log files it made obsolete are deleted only when the
        database is next opened for writing, so a store written to is opened and closed once more
        (a fraction of a second) to leave none behind.
        """
        self.flush()
        del self.store
        if self.path is not None and not self.read_only:
            _delete_obsolete_logs(self.path)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __len__(self) -> int:
        return len(self.store)

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        if self.path is not None and not self.read_only:
            self.store.flush()
