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
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from budgetkg.listings.manifest import DocumentEntry, ListingFolder

BUNDLE_NAME = "bundle.parquet"
_INDEX_KEY = b"budgetkg.listing.index"
_VERSION_KEY = b"budgetkg.listing.version"
MIN_UNBUNDLED = 32

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
    metadata = pq.read_schema(path).metadata or {}
    if version is not None and metadata.get(_VERSION_KEY, b"").decode("utf-8") != version:
        return {}
    raw = json.loads(metadata.get(_INDEX_KEY, b"{}"))
    return {graph: (value[0], value[1], value[2]) for graph, value in raw.items()}


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
    for graph in sorted(entries):
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
    pq.write_table(bundle, partial, compression="zstd")
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
