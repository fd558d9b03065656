"""Tables of the materialised questions, computed per document at build time.

Each document's rows of each materialised question are computed by the question's own ``.rq`` on a
dataset of that document's graph and the graphs every document shares (the shared descriptions,
the code lists and the ontology), and kept as a Parquet file named by the content hash of the
document graph (:mod:`budgetkg.listings.manifest` records which hash is current).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from budgetkg.listings.bundles import bundle_when_behind
from budgetkg.listings.cells import Cell, column_arrays, encode
from budgetkg.listings.manifest import DocumentEntry, ListingFolder, QuestionTable
from budgetkg.listings.order import write_order
from budgetkg.listings.spec import ListingSpec, materialised_specs
from budgetkg.rdf import iris
from budgetkg.rdf.question_rows import ComputedRows, QuestionRows
from budgetkg.store import DOCUMENT_GRAPH_PREFIX, EmbeddedStore

SHARED_GRAPHS = (iris.SHARED_GRAPH, iris.CODELIST_GRAPH, iris.ONTOLOGY_GRAPH)
"""The graphs a document's rows may read besides its own."""
_COMPACTED_SIZE = "documents.size"
_log = logging.getLogger(__name__)


def content_hash(store: EmbeddedStore, graph: str) -> str:
    """The SHA-256 of a graph's statements, sorted: the same statements give the same hash.  The
    build's record of the graph (statements about the graph itself: the files' digests and times,
    the extraction version) is left out, so that a reader can hash what it read before the record
    is added."""
    node = ox.NamedNode(graph)
    lines = sorted(
        f"{quad.subject} {quad.predicate} {quad.object}\n"
        for quad in store.graph_quads(graph)
        if quad.subject != node
    )
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def document_rows(
    store: EmbeddedStore, graph: str, spec: ListingSpec
) -> tuple[list[str], list[tuple[Cell, ...]]]:
    """The rows of ``spec``'s question on the document graph ``graph`` (with the shared graphs), in
    the question's order, each term encoded."""
    document = ox.NamedNode(graph)
    solutions = store.store.query(
        spec.question.text,
        default_graph=[document, *(ox.NamedNode(name) for name in SHARED_GRAPHS)],
        named_graphs=[document],
    )
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"{spec.name} is not a SELECT question")
    variables = [variable.value for variable in solutions.variables]
    return variables, [tuple(encode(cell) for cell in solution) for solution in solutions]


def _document_values(
    spec: ListingSpec, variables: Sequence[str], rows: Sequence[tuple[Cell, ...]]
) -> dict[str, Cell] | None:
    """The one value of each document column, or None when a column has several in one document.
    A column the question does not project (a text parameter tested in a variable of its own) is not
    recorded, so the tables never answer with that parameter."""
    values: dict[str, Cell] = {}
    for column in spec.document_columns:
        if column not in variables:
            continue
        index = variables.index(column)
        found = {row[index] for row in rows}
        if len(found) > 1:
            return None
        values[column] = next(iter(found)) if found else None
    return values


def _write_table(path: Path, variables: Sequence[str], rows: Sequence[tuple[Cell, ...]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = column_arrays(variables, rows)
    table = pa.table({name: pa.array(values, type=pa.string()) for name, values in arrays.items()})
    partial = path.with_name(path.name + ".partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, path)


def materialise_document(
    store: EmbeddedStore, folder: ListingFolder, graph: str, specs: Iterable[ListingSpec] | None = None
) -> DocumentEntry:
    """Compute and keep the tables of one document graph; return its entry (not yet recorded)."""
    chosen = list(specs) if specs is not None else list(materialised_specs().values())
    rows = {spec.name: document_rows(store, graph, spec) for spec in chosen}
    return keep_rows(folder, graph, content_hash(store, graph), rows, chosen)


def keep_rows(
    folder: ListingFolder,
    graph: str,
    digest: str,
    rows: QuestionRows,
    specs: Iterable[ListingSpec] | None = None,
) -> DocumentEntry:
    """Keep a document graph's rows of each question (``rows``, by question name) as its tables,
    named by the graph's content hash ``digest``; return its entry (not yet recorded)."""
    tables: dict[str, QuestionTable] = {}
    for spec in specs if specs is not None else materialised_specs().values():
        variables, found = rows[spec.name]
        document = _document_values(spec, variables, found)
        if document is None:
            continue  # not one value per document: this question is answered by SPARQL
        _write_table(folder.table_path(spec.name, digest), variables, found)
        tables[spec.name] = QuestionTable(spec.version, len(found), document)
    return DocumentEntry(graph, digest, tables)


def listing_folder(store: EmbeddedStore) -> ListingFolder | None:
    """The listings folder of a store on disk, or None for a store in memory."""
    return ListingFolder.beside(store.path) if store.path is not None else None


def _has_graph(store: EmbeddedStore, graph: str) -> bool:
    return bool(store.store.contains_named_graph(ox.NamedNode(graph)))


Computed = Mapping[str, ComputedRows]
"""Rows computed before a write (where the document was read), by graph: the graph's content hash
and each question's variables and rows."""


@contextmanager
def updating(store: EmbeddedStore, graphs: Sequence[str], computed: Computed | None = None) -> Iterator[None]:
    """Around writing or removing document graphs: their tables stop counting before, and those
    still in the store get new tables after (a failure in between leaves them without tables).
    A graph in ``computed`` is given the rows computed for it; the others are asked here.  The
    bundles are left to :func:`complete` (or :func:`refresh`), run once at the end, so that a build
    writes each bundle once rather than every time a tenth more documents are in."""
    folder = listing_folder(store) if not store.read_only else None
    documents = [graph for graph in graphs if graph.startswith(DOCUMENT_GRAPH_PREFIX)]
    if folder is None or not documents:
        yield
        return
    folder.record(DocumentEntry(graph, None) for graph in documents)
    yield
    entries = []
    for graph in documents:
        if not _has_graph(store, graph):
            continue
        try:
            given = (computed or {}).get(graph)
            if given is not None:
                entries.append(keep_rows(folder, graph, given[0], given[1]))
            else:
                entries.append(materialise_document(store, folder, graph))
        except (RuntimeError, OSError, ValueError) as error:  # the graph stays without tables
            _log.warning("no listing tables for %s: %s", graph, error)
    folder.record(entries)
    _compact_now_and_then(folder)


def invalidate(store: EmbeddedStore) -> None:
    """Take every table of the store out of use (before a change that may touch any graph, such as
    a SPARQL update); :func:`refresh` computes them again."""
    folder = listing_folder(store)
    if folder is not None:
        folder.record(DocumentEntry(graph, None) for graph in folder.entries())


def refresh(store: EmbeddedStore, folder: ListingFolder | None = None) -> int:
    """Compute the tables of every document graph whose tables are missing or stale; return how
    many documents got new tables."""
    target = folder if folder is not None else listing_folder(store)
    if target is None:
        raise ValueError("a store in memory keeps no listings folder: give one")
    specs = materialised_specs()
    entries = target.entries()
    held = _held_tables(target, specs)
    stale = [
        graph for graph in store.document_graphs() if not _current(store, held, entries.get(graph), specs)
    ]
    target.record(materialise_document(store, target, graph) for graph in stale)
    entries = target.entries() if stale else entries
    bundle_when_behind(target, list(specs), entries)
    _record_questions(target, specs, entries)
    return len(stale)


def complete(store: EmbeddedStore) -> int:
    """Compute the tables of the document graphs that have none of a question's present version
    (graphs written before the tables were kept, or before a question changed), without hashing
    the graphs that have them, and write again the bundles that have fallen behind: what a build
    does at its end.  Returns how many documents got new tables (none for a store in memory)."""
    folder = listing_folder(store)
    if folder is None:
        return 0
    specs = materialised_specs()
    entries = folder.entries()
    graphs = store.document_graphs()
    held = _held_tables(folder, specs)
    missing = [graph for graph in graphs if not _has_tables(held, entries.get(graph), specs)]
    folder.record(materialise_document(store, folder, graph) for graph in missing)
    entries = folder.entries() if missing else entries
    bundle_when_behind(folder, list(specs), entries)
    _record_questions(folder, specs, entries)
    return len(missing)


def _record_questions(
    folder: ListingFolder, specs: Mapping[str, ListingSpec], entries: Mapping[str, DocumentEntry]
) -> None:
    """Write each question's record of ``entries`` (the log's current entries, as just read), and
    its ordered record (:mod:`budgetkg.listings.order`) of the same entries."""
    folder.record_questions(specs, entries)
    stamp = folder.log_stamp()
    if stamp is None:
        return
    for spec in specs.values():
        write_order(folder, spec, entries, stamp)


def _current(
    store: EmbeddedStore,
    held: Mapping[str, set[str]],
    entry: DocumentEntry | None,
    specs: dict[str, ListingSpec],
) -> bool:
    """Whether a graph's entry is of its present content and has a table of each question's version."""
    if entry is None or entry.hash is None or entry.hash != content_hash(store, entry.graph):
        return False
    return _has_tables(held, entry, specs)


def _held_tables(folder: ListingFolder, specs: Mapping[str, ListingSpec]) -> dict[str, set[str]]:
    """The content hashes whose table of each question is on disk, one listing of each folder."""
    return {name: folder.held_tables(name) for name in specs}


def _has_tables(
    held: Mapping[str, set[str]], entry: DocumentEntry | None, specs: dict[str, ListingSpec]
) -> bool:
    """Whether a graph's entry has a table file of each question's present version (``held``: the
    content hashes whose table of each question is on disk)."""
    if entry is None or entry.hash is None:
        return False
    digest = entry.hash
    return all(
        name in entry.tables and entry.tables[name].version == spec.version and digest in held[name]
        for name, spec in specs.items()
    )


def _compact_now_and_then(folder: ListingFolder) -> None:
    """Compact the log when it has grown to three times its size after the last compaction."""
    marker = folder.folder / _COMPACTED_SIZE
    size = folder.log.stat().st_size if folder.log.exists() else 0
    last = int(marker.read_text()) if marker.exists() else 0
    if size > max(3 * last, 256 * 1024):
        folder.compact()
        marker.write_text(str(folder.log.stat().st_size))
