"""Bundles: the tables of many documents of one question in one Parquet file, so that a whole-store
answer opens one file instead of one per document.

``<store>/listings/<question>/bundle.parquet`` holds the rows of the documents it covers one after
the other; its schema metadata names, for each graph, the content hash its rows were computed from,
their first row and their number.  A document whose hash is not the bundle's is read from its own
table, so a bundle is never stale, only less complete; it is written again once the documents it
does not cover are more than a tenth of them.  The metadata also names the version of the question
the rows were computed by: a bundle of another version covers nothing.  A bundle is written again
from the bundle before it, reading only the tables of the documents it did not cover, so that a
build of many documents does not read every table again each time.

The documents are in the order of the question's answer (:func:`budgetkg.listings.sorting.answer_order`),
and the file is written in row groups of ``GROUP_ROWS`` rows, so that a page of the answer reads the
few groups its rows lie in (the first page, the first group), not the whole file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

from budgetkg.listings.manifest import DocumentEntry, ListingFolder
from budgetkg.listings.sorting import answer_order
from budgetkg.listings.spec import materialised_specs

BUNDLE_NAME = "bundle.parquet"
_INDEX_KEY = b"budgetkg.listing.index"
_VERSION_KEY = b"budgetkg.listing.version"
MIN_UNBUNDLED = 32
GROUP_ROWS = 4096
"""Rows of a bundle's row group: a page reads the groups it needs, each decoded whole."""

Index = dict[str, tuple[str, int, int]]
"""graph → content hash, first row, rows"""


def bundle_path(folder: ListingFolder, question: str) -> Path:
    return folder.question_folder(question) / BUNDLE_NAME


def bundle_index(folder: ListingFolder, question: str, version: str | None = None) -> Index:
    """What the question's bundle covers (nothing when there is none, or, with ``version``, when
    its rows were computed by another version of the question)."""
    import pyarrow.parquet as pq

    path = bundle_path(folder, question)
    if not path.exists():
        return {}
    return index_of(pq.read_schema(path).metadata, version)


def index_of(metadata: Mapping[bytes, bytes] | None, version: str | None = None) -> Index:
    """What a bundle of this schema metadata covers (nothing, with ``version``, when its rows were
    computed by another version of the question)."""
    metadata = metadata or {}
    if version is not None and metadata.get(_VERSION_KEY, b"").decode("utf-8") != version:
        return {}
    raw = json.loads(metadata.get(_INDEX_KEY, b"{}"))
    return {graph: (value[0], value[1], value[2]) for graph, value in raw.items()}


class BundleFile:
    """A question's bundle, opened once: what file it is (its inode, size and modification time, of
    the open file, so a bundle written again after it was opened is not mistaken for it), and its
    Parquet reader."""

    def __init__(self, handle: BinaryIO) -> None:
        import pyarrow.parquet as pq

        self.handle = handle
        status = os.fstat(handle.fileno())
        self.stamp = [status.st_ino, status.st_size, status.st_mtime_ns]
        self.parquet: Any = pq.ParquetFile(handle)

    @classmethod
    def open(cls, folder: ListingFolder, question: str) -> BundleFile | None:
        """The question's bundle, or None when there is none (or it cannot be read)."""
        try:
            handle = bundle_path(folder, question).open("rb")
        except OSError:
            return None
        try:
            return cls(handle)
        except (OSError, ValueError):
            handle.close()
            return None

    @cached_property
    def schema(self) -> Any:
        """Its Arrow schema (made from the Parquet schema anew at each ask of the reader)."""
        return self.parquet.schema_arrow

    def index(self, version: str | None = None) -> Index:
        """What it covers (nothing, with ``version``, when its rows are of another version)."""
        return index_of(self.schema.metadata, version)

    def version(self) -> str:
        """The version of the question its rows were computed by."""
        metadata = self.schema.metadata or {}
        return str(metadata.get(_VERSION_KEY, b"").decode("utf-8"))


def _current_version(entries: Mapping[str, DocumentEntry], question: str) -> str | None:
    """The question's version its tables were computed by (one, once every table is current)."""
    versions = {
        entry.tables[question].version
        for entry in entries.values()
        if entry.hash is not None and question in entry.tables
    }
    return versions.pop() if len(versions) == 1 else None


def write_bundle(folder: ListingFolder, question: str, entries: Mapping[str, DocumentEntry]) -> None:
    """Write the question's bundle of every current table: the rows the bundle before holds for a
    document of the same content and question version are taken from it, the others from their
    tables."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    version = _current_version(entries, question)
    if version is None:
        return  # tables of several versions: the next build or refresh makes them one
    path = bundle_path(folder, question)
    before_index = bundle_index(folder, question, version)
    before: Any = None
    tables: list[Any] = []
    index: dict[str, list[object]] = {}
    start = 0
    spec = materialised_specs().get(question)
    for graph in answer_order(spec, entries) if spec is not None else sorted(entries):
        entry = entries[graph]
        if entry.hash is None or question not in entry.tables or entry.tables[question].rows == 0:
            continue
        covered = before_index.get(graph)
        if covered is not None and covered[0] == entry.hash:
            if before is None:
                before = pq.ParquetFile(path).read(use_threads=False).replace_schema_metadata(None)
            table = before.slice(covered[1], covered[2])
        else:
            table_path = folder.table_path(question, entry.hash)
            if not table_path.exists():
                continue
            table = pq.ParquetFile(table_path).read(use_threads=False)
        tables.append(table)
        index[graph] = [entry.hash, start, table.num_rows]
        start += table.num_rows
    if not tables:
        return
    bundle = pa.concat_tables(tables)
    bundle = bundle.replace_schema_metadata(
        {_INDEX_KEY: json.dumps(index).encode("utf-8"), _VERSION_KEY: version.encode("utf-8")}
    )
    partial = path.with_name(path.name + ".partial")
    pq.write_table(bundle, partial, compression="zstd", row_group_size=GROUP_ROWS)
    os.replace(partial, path)


def bundle_when_behind(
    folder: ListingFolder, questions: list[str], entries: dict[str, DocumentEntry] | None = None
) -> None:
    """Write again each bundle that leaves out more than a tenth of the documents (and at least
    ``MIN_UNBUNDLED``), or whose rows are of another version of the question; ``entries``: the
    record's current entries, where the caller has just read them."""
    entries = folder.entries() if entries is None else entries
    for question in questions:
        version = _current_version(entries, question)
        index = bundle_index(folder, question, version) if version is not None else {}
        behind = sum(
            1
            for graph, entry in entries.items()
            if question in entry.tables
            and entry.tables[question].rows > 0
            and (graph not in index or index[graph][0] != entry.hash)
        )
        if behind >= max(MIN_UNBUNDLED, len(entries) // 10):
            write_bundle(folder, question, entries)
