"""Answers of materialised questions read from their tables: the documents chosen by the parameters,
put in the question's order, and only the tables a page needs read, row by row."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkg.listings.bundles import bundle_index, bundle_path
from budgetkg.listings.cells import KIND_SUFFIX, Cell, decoded_rows, encode, sort_key
from budgetkg.listings.manifest import ListingFolder, QuestionTable
from budgetkg.listings.materialise import listing_folder
from budgetkg.listings.spec import ListingSpec
from budgetkg.params import Term
from budgetkg.store import EmbeddedStore

Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class Chosen:
    """The documents of an answer, in order, with the table of each."""

    folder: ListingFolder
    spec: ListingSpec
    documents: list[tuple[str, str, QuestionTable]]
    """graph, content hash, table"""
    sample: Path | None
    """a table of the question (chosen or not), whose schema gives the columns"""

    @property
    def rows(self) -> int:
        return sum(table.rows for _, _, table in self.documents)


class NotMaterialised(Exception):
    """Why an answer cannot come from the tables (it then comes from SPARQL)."""


def choose(
    store: EmbeddedStore, spec: ListingSpec, bound: Mapping[str, Term], folder: ListingFolder | None = None
) -> Chosen:
    """The documents whose tables answer ``spec`` with the parameters ``bound`` (by variable), in
    the question's order; NotMaterialised when a table is missing or stale.  The tables are those
    beside the store, or in ``folder``."""
    folder = folder if folder is not None else listing_folder(store)
    if folder is None:
        raise NotMaterialised("the store is held in memory and keeps no tables")
    entries = folder.entries(spec.name)
    version = spec.version
    held = folder.held_tables(spec.name)
    chosen: list[tuple[tuple[Any, ...], str, str, QuestionTable]] = []
    sample: Path | None = None
    for graph in store.document_graphs():
        entry = entries.get(graph)
        table = entry.tables.get(spec.name) if entry is not None else None
        if entry is None or entry.hash is None or table is None:
            raise NotMaterialised(f"{graph} has no table of {spec.name}")
        if table.version != version:
            raise NotMaterialised(f"the table of {graph} was made by another version of {spec.name}")
        if sample is None:
            sample = folder.table_path(spec.name, entry.hash)
        if table.rows == 0 or not _matches(spec, table.document, bound):
            continue
        if entry.hash not in held:
            raise NotMaterialised(f"the table of {graph} is gone")
        key = tuple(sort_key(table.document[name]) for name in spec.document_keys)
        chosen.append((key, graph, entry.hash, table))
    chosen.sort(key=lambda item: (item[0], item[1]))
    return Chosen(folder, spec, [(graph, digest, table) for _, graph, digest, table in chosen], sample)


def _matches(spec: ListingSpec, document: Mapping[str, Cell], bound: Mapping[str, Term]) -> bool:
    for variable, term in bound.items():
        column = spec.text_columns.get(variable)
        if column is not None:
            if column not in document:
                raise NotMaterialised(
                    f"{spec.name} tests ?{variable} in ?{column}, which its tables do not hold"
                )
            cell = document.get(column)
            if cell is not None and str(term.value) not in cell[0]:
                return False
            continue
        cell = document.get(variable)
        if cell is None:
            raise NotMaterialised(f"{spec.name} does not bind ?{variable} from each document")
        if cell != encode(term):
            return False
    return True


def table_variables(chosen: Chosen) -> list[str]:
    """The variables of the question's tables, in the order of its projection."""
    import pyarrow.parquet as pq

    if chosen.sample is None:
        raise NotMaterialised("the store holds no document")
    try:
        schema = pq.read_schema(chosen.sample)
    except OSError as error:
        raise NotMaterialised(f"a table cannot be read: {error}") from error
    return [name for name in schema.names if not name.endswith(KIND_SUFFIX)]


DECODED_TOGETHER = 4096
"""Rows of consecutive documents decoded together (each distinct cell once), at most about this many."""


def read_rows(
    chosen: Chosen, variables: list[str], offset: int = 0, limit: int | None = None
) -> Iterator[Row]:
    """The rows of ``variables`` from ``offset``, at most ``limit`` of them, reading only the tables
    they lie in (from the question's bundle where it holds a document's current rows)."""
    import pyarrow as pa

    wanted = [name for variable in variables for name in (variable, variable + KIND_SUFFIX)]
    source = _Source(chosen, wanted)
    skip = max(offset, 0)
    left = limit
    parts: list[Any] = []
    held = 0
    for graph, digest, table in chosen.documents:
        if left is not None and left <= 0:
            break
        if skip >= table.rows:
            skip -= table.rows
            continue
        stop = table.rows if left is None else min(table.rows, skip + left)
        parts.append(source.rows(graph, digest, skip, stop - skip))
        held += stop - skip
        if left is not None:
            left -= stop - skip
        skip = 0
        if held >= DECODED_TOGETHER:
            yield from decoded_rows(pa.concat_tables(parts), variables)
            parts, held = [], 0
    if parts:
        yield from decoded_rows(pa.concat_tables(parts), variables)


class _Source:
    """Where a document's rows are read: its part of the bundle, or its own table."""

    def __init__(self, chosen: Chosen, wanted: list[str]) -> None:
        self.chosen = chosen
        self.wanted = wanted
        self.index = bundle_index(chosen.folder, chosen.spec.name, chosen.spec.version)
        self.bundle: Any = None

    def rows(self, graph: str, digest: str, start: int, count: int) -> Any:
        """The Arrow table of ``count`` rows of a document from ``start``."""
        import pyarrow.parquet as pq

        covered = self.index.get(graph)
        if covered is not None and covered[0] == digest:
            if self.bundle is None:
                path = bundle_path(self.chosen.folder, self.chosen.spec.name)
                self.bundle = pq.ParquetFile(path).read(self.wanted, use_threads=False)
            data = self.bundle.slice(covered[1] + start, count)
        else:
            path = self.chosen.folder.table_path(self.chosen.spec.name, digest)
            data = pq.ParquetFile(path).read(self.wanted, use_threads=False).slice(start, count)
        return data
