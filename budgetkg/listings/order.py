"""A question's documents in the order of its answer, kept so that a page needs neither the JSON
record nor a sort of every document, nor the bundle's index.

A per-document question's answer is its documents' tables one after the other, in the order of the
question's document keys, then of the graph (:mod:`budgetkg.listings.spec`).  When the build writes
each question's record (:meth:`budgetkg.listings.manifest.ListingFolder.record_questions`) it also
writes ``<store>/listings/<question>/order.arrow``: an Arrow IPC file of one row per document the
log holds, in that order (the documents without a table of the question last), naming its graph,
content hash, the question's version its table was computed by, its number of rows, the first row
of its rows in the question's bundle (null where the bundle does not hold the rows of that content
hash) and its document columns' cells: for each column, whether the document has it, and its value
and kind (read only for the columns a parameter tests).

Its schema metadata holds what it was written from: the log's stamp (inode, size, modification
time) and the bundle's stamp and version.  A record whose log stamp is not the log's is not read, so
every entry it gives is the log's current one; a record whose bundle stamp is not that of the bundle
the reader opened, or whose bundle rows are of another version of the question, gives no bundle rows
(the reader then takes them from the bundle's own index, which gives none of another version).
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkg.listings.bundles import BundleFile
from budgetkg.listings.cells import Cell
from budgetkg.listings.manifest import DocumentEntry, ListingFolder
from budgetkg.listings.sorting import answer_order
from budgetkg.listings.spec import ListingSpec

ORDER_NAME = "order.arrow"
_LOG_KEY = b"budgetkg.listing.log"
_BUNDLE_KEY = b"budgetkg.listing.bundle"
_CELLS_KEY = b"budgetkg.listing.cells"
_HAS = "has\x1f"
_VALUE = "value\x1f"
_KIND = "kind\x1f"


@dataclass
class Ordered:
    """Every document of the log in the order of a question's answer (those without a table of it
    last), as columns: where ``versions`` is None the document has no table of the question."""

    graphs: list[str]
    hashes: list[str]
    versions: list[str | None]
    rows: list[int]
    documents: list[dict[str, Cell]] | None
    """each document's cells (None unless asked for)"""
    bundled: list[int | None] | None
    """the first row of each document's rows in the bundle (None where it holds none of its
    content; all None when not known from the record)"""


def ordered_entries(spec: ListingSpec, entries: Mapping[str, DocumentEntry]) -> Ordered:
    """The documents of ``entries`` (the log's current entries) in the order of the answer, with
    their cells and no bundle rows."""
    graphs = answer_order(spec, entries)
    graphs += sorted(graph for graph, entry in entries.items() if spec.name not in entry.tables)
    tables = [entries[graph].tables.get(spec.name) for graph in graphs]
    return Ordered(
        graphs,
        [entries[graph].hash or "" for graph in graphs],
        [None if table is None else table.version for table in tables],
        [0 if table is None else table.rows for table in tables],
        [{} if table is None else table.document for table in tables],
        None,
    )


def write_order(
    folder: ListingFolder, spec: ListingSpec, entries: Mapping[str, DocumentEntry], stamp: list[int]
) -> None:
    """Write the question's ordered record of ``entries`` (the log's current entries, as just read,
    ``stamp`` the log's stamp when they were read), with where the bundle there now holds each
    document's rows."""
    import pyarrow as pa
    import pyarrow.feather as feather

    ordered = ordered_entries(spec, entries)
    bundle = BundleFile.open(folder, spec.name)
    index = bundle.index(spec.version) if bundle is not None else {}
    bundle_stamp = None if bundle is None else [*bundle.stamp, bundle.version()]
    if bundle is not None:
        bundle.handle.close()
    starts = []
    for graph, digest in zip(ordered.graphs, ordered.hashes, strict=True):
        covered = index.get(graph)
        starts.append(covered[1] if covered is not None and covered[0] == digest else None)
    columns = {
        "graph": pa.array(ordered.graphs, type=pa.string()),
        "hash": pa.array(ordered.hashes, type=pa.string()),
        "version": pa.array(ordered.versions, type=pa.string()),
        "rows": pa.array(ordered.rows, type=pa.int64()),
        "bundled": pa.array(starts, type=pa.int64()),
    }
    documents = ordered.documents or []
    names = list(dict.fromkeys(name for document in documents for name in document))
    for name in names:
        cells = [document.get(name) for document in documents]
        columns[_HAS + name] = pa.array([name in document for document in documents], type=pa.bool_())
        columns[_VALUE + name] = pa.array([None if cell is None else cell[0] for cell in cells], pa.string())
        columns[_KIND + name] = pa.array([None if cell is None else cell[1] for cell in cells], pa.string())
    metadata = {
        _LOG_KEY: json.dumps(stamp),
        _BUNDLE_KEY: json.dumps(bundle_stamp),
        _CELLS_KEY: json.dumps(names, ensure_ascii=False),
    }
    table = pa.table(columns).replace_schema_metadata(metadata)
    path = order_path(folder, spec.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    feather.write_feather(table, str(partial), compression="uncompressed")
    os.replace(partial, path)


def _documents(table: Any, names: list[str]) -> list[dict[str, Cell]]:
    """Each document's cells of the columns ``names`` (those it has), from the record's columns."""
    documents: list[dict[str, Cell]] = [{} for _ in range(table.num_rows)]
    for name in names:
        has = table.column(_HAS + name).to_pylist()
        values = table.column(_VALUE + name).to_pylist()
        kinds = table.column(_KIND + name).to_pylist()
        for document, held, value, kind in zip(documents, has, values, kinds, strict=True):
            if held:
                document[name] = None if value is None or kind is None else (value, kind)
    return documents


def order_path(folder: ListingFolder, question: str) -> Path:
    return folder.question_folder(question) / ORDER_NAME


def read_order(
    folder: ListingFolder, spec: ListingSpec, cells: Collection[str], bundle: BundleFile | None
) -> Ordered | None:
    """The question's documents in the order of its answer, from its ordered record: with each
    document's cells of the columns ``cells`` (where it has them; none asked, no cells), and the
    bundle rows where the record was written with ``bundle`` as it is and its rows are of the
    question's version.  None when there is no record, it cannot be read, or it was not written
    from the log as it is now."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    stamp = folder.log_stamp()
    if stamp is None:
        return None
    try:
        with pa.memory_map(str(order_path(folder, spec.name))) as source:
            table = ipc.open_file(source).read_all()
        metadata = table.schema.metadata or {}
        if json.loads(metadata.get(_LOG_KEY, b"null")) != stamp:
            return None
        bundle_stamp = json.loads(metadata.get(_BUNDLE_KEY, b"null"))
        ordered = Ordered(
            table.column("graph").to_pylist(),
            table.column("hash").to_pylist(),
            table.column("version").to_pylist(),
            table.column("rows").to_pylist(),
            None,
            None,
        )
        same_bundle = bundle is not None and bundle_stamp == [*bundle.stamp, bundle.version()]
        if same_bundle and bundle_stamp[-1] == spec.version:
            ordered.bundled = table.column("bundled").to_pylist()
        if cells:
            ordered.documents = _documents(
                table, [name for name in cells if name in json.loads(metadata[_CELLS_KEY])]
            )
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None
    return ordered
