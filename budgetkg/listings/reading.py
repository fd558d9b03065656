"""Answers of materialised questions read from their tables: the documents chosen by the parameters,
put in the question's order, and only the tables a page needs read, row by row."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkg.listings.bundles import BundleFile
from budgetkg.listings.cells import KIND_SUFFIX, Cell, decoded_rows, encode
from budgetkg.listings.manifest import ListingFolder
from budgetkg.listings.materialise import listing_folder
from budgetkg.listings.order import Ordered, ordered_entries, read_order
from budgetkg.listings.spec import ListingSpec
from budgetkg.params import Term
from budgetkg.store import EmbeddedStore

Row = tuple[Term | None, ...]
Document = tuple[str, str, int, int | None]
"""a chosen document: its graph, content hash, rows, and the first of them in the bundle (None: they
are read from its own table)"""

GONE_LISTED = 64
"""Documents read from their own tables past which the tables on disk are listed in one go to check
that they are there, rather than each tested on its own."""


@dataclass(frozen=True)
class Chosen:
    """The documents of an answer, in order, with where the rows of each are."""

    folder: ListingFolder
    spec: ListingSpec
    documents: list[Document]
    sample: Path | None
    """a table of the question (chosen or not), whose schema gives the columns"""
    bundle: BundleFile | None = None
    """the question's bundle, opened, that the documents' bundle rows are rows of"""

    @property
    def rows(self) -> int:
        return sum(rows for _, _, rows, _ in self.documents)


class NotMaterialised(Exception):
    """Why an answer cannot come from the tables (it then comes from SPARQL)."""


def choose(
    store: EmbeddedStore, spec: ListingSpec, bound: Mapping[str, Term], folder: ListingFolder | None = None
) -> Chosen:
    """The documents whose tables answer ``spec`` with the parameters ``bound`` (by variable), in
    the question's order; NotMaterialised when a table is missing or stale.  The tables are those
    beside the store, or in ``folder``.

    The documents come in order from the question's ordered record where it is of the log as it is
    (:mod:`budgetkg.listings.order`), else from its record of the log, sorted here; either way only
    the store's document graphs count, and each of them must have a table of the question's
    version.  A document whose current rows the bundle does not hold must have its own table."""
    folder = folder if folder is not None else listing_folder(store)
    if folder is None:
        raise NotMaterialised("the store is held in memory and keeps no tables")
    graphs = store.document_graphs()
    bundle = BundleFile.open(folder, spec.name)
    try:
        return _choose(folder, spec, bound, graphs, bundle)
    except NotMaterialised:
        if bundle is not None:
            bundle.handle.close()
        raise


def _choose(
    folder: ListingFolder,
    spec: ListingSpec,
    bound: Mapping[str, Term],
    graphs: list[str],
    bundle: BundleFile | None,
) -> Chosen:
    tested = {spec.text_columns.get(variable, variable) for variable in bound}
    ordered = _in_order(folder, spec, tested, bundle)
    version = spec.version
    position = dict(zip(ordered.graphs, range(len(ordered.graphs)), strict=True))
    sample: Path | None = None
    for graph in graphs:
        index = position.get(graph)
        found = ordered.versions[index] if index is not None else None
        if index is None or found is None:
            raise NotMaterialised(f"{graph} has no table of {spec.name}")
        if found != version:
            raise NotMaterialised(f"the table of {graph} was made by another version of {spec.name}")
        if sample is None:
            sample = folder.table_path(spec.name, ordered.hashes[index])
    present = set(graphs)
    bundled = ordered.bundled or [None] * len(ordered.graphs)
    chosen: list[Document] = []
    for graph, digest, rows, start, index in zip(
        ordered.graphs, ordered.hashes, ordered.rows, bundled, range(len(bundled)), strict=True
    ):
        if rows == 0 or graph not in present:
            continue
        if bound and not _matches(spec, (ordered.documents or [])[index], bound):
            continue
        chosen.append((graph, digest, rows, start))
    _check_held(folder, spec, chosen)
    return Chosen(folder, spec, chosen, sample, bundle)


def _in_order(
    folder: ListingFolder, spec: ListingSpec, cells: Collection[str], bundle: BundleFile | None
) -> Ordered:
    """Every document of the log in the order of the question's answer (with at least its cells of
    the columns ``cells``), with the first of its rows in ``bundle`` where it holds the rows of its
    content."""
    ordered = read_order(folder, spec, cells, bundle)
    if ordered is None:
        ordered = ordered_entries(spec, folder.entries(spec.name))
    if ordered.bundled is None:
        index = bundle.index(spec.version) if bundle is not None else {}
        ordered.bundled = []
        for graph, digest in zip(ordered.graphs, ordered.hashes, strict=True):
            covered = index.get(graph)
            ordered.bundled.append(covered[1] if covered is not None and covered[0] == digest else None)
    return ordered


def _check_held(folder: ListingFolder, spec: ListingSpec, chosen: list[Document]) -> None:
    """NotMaterialised when a chosen document read from its own table has none on disk."""
    own = [(graph, digest) for graph, digest, _, start in chosen if start is None]
    if len(own) > GONE_LISTED:
        held = folder.held_tables(spec.name)
        gone = [graph for graph, digest in own if digest not in held]
    else:
        gone = [graph for graph, digest in own if not folder.table_path(spec.name, digest).exists()]
    if gone:
        raise NotMaterialised(f"the table of {gone[0]} is gone")


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
    """The variables of the question's tables, in the order of its projection: from the schema of
    the bundle where its rows are of the question's version (a bundle is its tables put together),
    else of one of the tables."""
    import pyarrow.parquet as pq

    if chosen.sample is None:
        raise NotMaterialised("the store holds no document")
    bundle = chosen.bundle
    try:
        if bundle is not None and bundle.version() == chosen.spec.version:
            schema = bundle.schema
        else:
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
    they lie in (from the question's bundle where it holds a document's current rows).  The bundle
    is closed once they are read."""
    try:
        yield from _read_rows(chosen, variables, offset, limit)
    finally:
        if chosen.bundle is not None:
            chosen.bundle.handle.close()


def _read_rows(chosen: Chosen, variables: list[str], offset: int, limit: int | None) -> Iterator[Row]:
    import pyarrow as pa

    wanted = [name for variable in variables for name in (variable, variable + KIND_SUFFIX)]
    source = _Source(chosen, wanted, whole=limit is None)
    skip = max(offset, 0)
    left = limit
    parts: list[Any] = []
    held = 0
    for _, digest, rows, start in chosen.documents:
        if left is not None and left <= 0:
            break
        if skip >= rows:
            skip -= rows
            continue
        stop = rows if left is None else min(rows, skip + left)
        parts.append(source.rows(digest, start, skip, stop - skip))
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

    def __init__(self, chosen: Chosen, wanted: list[str], whole: bool) -> None:
        self.chosen = chosen
        self.wanted = wanted
        self.bundle = _Bundle(chosen.bundle, wanted, whole) if chosen.bundle is not None else None

    def rows(self, digest: str, bundled: int | None, start: int, count: int) -> Any:
        """The Arrow table of ``count`` rows of a document from ``start`` (``bundled``: the first of
        its rows in the bundle, None for its own table)."""
        import pyarrow.parquet as pq

        if bundled is not None and self.bundle is not None:
            return self.bundle.rows(bundled + start, count)
        path = self.chosen.folder.table_path(self.chosen.spec.name, digest)
        return pq.ParquetFile(path).read(self.wanted, use_threads=False).slice(start, count)


class _Bundle:
    """A question's bundle, read whole once for a whole answer, or by the row groups a page's rows
    lie in (each group read once)."""

    def __init__(self, bundle: BundleFile, wanted: list[str], whole: bool) -> None:
        self.file = bundle.parquet
        self.wanted = wanted
        self.whole = whole
        self.starts: list[int] = []
        start = 0
        for group in range(self.file.metadata.num_row_groups):
            self.starts.append(start)
            start += self.file.metadata.row_group(group).num_rows
        self.read: dict[int, Any] = {}
        """row group (-1: the whole file) → its table"""

    def rows(self, first: int, count: int) -> Any:
        """``count`` rows of the bundle from its row ``first``."""
        import pyarrow as pa

        if self.whole or len(self.starts) == 1:
            if -1 not in self.read:
                self.read[-1] = self.file.read(self.wanted, use_threads=False)
            return self.read[-1].slice(first, count)
        pieces = []
        while count > 0:
            group = bisect_right(self.starts, first) - 1
            if group not in self.read:
                self.read[group] = self.file.read_row_group(group, self.wanted, use_threads=False)
            taken = self.read[group].slice(first - self.starts[group], count)
            pieces.append(taken)
            first += taken.num_rows
            count -= taken.num_rows
        return pieces[0] if len(pieces) == 1 else pa.concat_tables(pieces)
