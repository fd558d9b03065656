"""Writing documents into the store as they are read, each whole: new documents in batches of
one bulk load, a document replacing its graph in a transaction of its own.

The region summaries are computed again once, at the end of a build, for the regions and years
the documents written had and have.  Those are noted in a file in the store folder before each
document is written and forgotten once the summaries are replaced, so a build killed in between
leaves a note that the next build of the store reads: its summaries are brought up to date even
where the documents it writes are already as they will be.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from budgetkg import listings
from budgetkg.model import Extraction
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument
from budgetkg.store import EmbeddedStore
from budgetkg.summaries import RegionYear, document_region_years, refresh_all_summaries, refresh_summaries

PENDING_SUMMARIES = "budgetkg-summaries-pending.tsv"
"""The file in the store folder that lists the regions and years whose summaries a build changes."""


class _PendingNote:
    """The regions and years whose summaries wait to be computed again, kept in a file."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / PENDING_SUMMARIES if folder is not None else None

    def read(self) -> set[RegionYear]:
        if self.path is None or not self.path.exists():
            return set()
        found: set[RegionYear] = set()
        for line in self.path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                found.add((ox.NamedNode(parts[0]), ox.Literal(parts[1], datatype=ox.NamedNode(parts[2]))))
        return found

    def add(self, region_years: Iterable[RegionYear]) -> None:
        lines = "".join(
            f"{region.value}\t{year.value}\t{year.datatype.value}\n" for region, year in region_years
        )
        if self.path is None or not lines:
            return
        with self.path.open("a", encoding="utf-8") as note:
            note.write(lines)
            note.flush()
            os.fsync(note.fileno())

    def clear(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def _computed(documents: dict[str, EmittedDocument]) -> listings.Computed:
    """The hashes and rows the readers computed for these documents, by graph."""
    return {graph: emitted.question_rows for graph, emitted in documents.items() if emitted.question_rows}


BATCH_STATEMENTS = 200_000
"""Documents new to the store are written together, with one bulk load, up to about this many
statements: a batch is written whole or, after a kill, not at all (:mod:`budgetkg.loading_note`)."""

Committed = Callable[[], None]
"""Called once the transaction holding a document is committed: only then does it count as built."""
FLUSH_STATEMENTS = 1_000_000
"""The store is flushed after about this many statements written, so that the memory tables and
the write-ahead log of a long build stay bounded."""


class DocumentWriter:
    """Writes each document's graph whole and, at the end, the summaries it changed.

    A document whose graph the store does not hold yet waits in a batch of such documents that is
    loaded whole with one bulk load (after the shared descriptions they add) once it holds
    :data:`BATCH_STATEMENTS`, before any other write, and at :meth:`finish`.  A document that
    replaces a graph (or drops others) is written at once, in a transaction of its own.  The
    ``committed`` callback given with a document is called once its write is on disk, so a
    document is never reported built before a kill could no longer lose it.
    """

    def __init__(self, store: EmbeddedStore, batch_statements: int = BATCH_STATEMENTS) -> None:
        self.store = store
        self.note = _PendingNote(store.path if not store.read_only else None)
        self.touched: set[RegionYear] = self.note.read()
        self.had_summaries = store.has_summaries()
        self.batch_statements = batch_statements
        self._batch: dict[str, EmittedDocument] = {}
        self._waiting: list[Committed] = []
        self._batched = 0
        self._unflushed = 0
        self.documents_written = 0
        """Documents written or removed so far."""

    def write(
        self,
        extraction: Extraction,
        emitted: EmittedDocument,
        drop: list[str] | None = None,
        committed: Committed | None = None,
    ) -> int:
        """Write one document's graph (and drop the graphs ``drop`` in the same transaction), now or
        with its batch; return the statements it has.  The descriptions it shares with other
        documents go first or in the same transaction (adding them twice changes nothing), so its
        graph never points at a missing one.  ``committed`` is called once the transaction that
        holds the document is committed: at once, or when its batch is."""
        graph = iris.document_graph(extraction.document.name)
        changed = set(emitted.region_years())
        for name in [graph, *(drop or [])]:
            changed |= document_region_years(self.store, name)
        self.note.add(changed - self.touched)
        self.touched |= changed
        document_count, shared_count = emitted.counts
        self.documents_written += 1
        if drop or graph in self._batch or emitted.has_blank_nodes() or self.store.has_graph(graph):
            self.commit()
            self.store.add_shared(emitted.shared)
            with listings.updating(self.store, [graph, *(drop or [])], _computed({graph: emitted})):
                self.store.replace_graph(graph, emitted.document, drop or [])
            self._written(document_count + shared_count)
            if committed is not None:
                committed()
        else:
            self._batch[graph] = emitted
            self._batched += document_count + shared_count
            if committed is not None:
                self._waiting.append(committed)
            if self._batched >= self.batch_statements:
                self.commit()
        return document_count + shared_count

    def commit(self) -> None:
        """Write the documents waiting in the batch, whole, then tell each that it is on disk."""
        if not self._batch:
            return
        parts = [emitted.nquads() for emitted in self._batch.values()]
        with listings.updating(self.store, list(self._batch), _computed(self._batch)):
            self.store.load_new_graphs(
                b"".join(shared for _, shared in parts),
                b"".join(document for document, _ in parts),
                list(self._batch),
            )
        self._batch.clear()
        self._written(self._batched)
        self._batched = 0
        waiting, self._waiting = self._waiting, []
        for committed in waiting:
            committed()

    def _written(self, statements: int) -> None:
        self._unflushed += statements
        if self._unflushed >= FLUSH_STATEMENTS:
            self.store.flush()
            self._unflushed = 0

    def drop(self, graphs: list[str]) -> None:
        """Remove document graphs (in one transaction); their summaries are computed again."""
        changed: set[RegionYear] = set()
        for name in graphs:
            changed |= document_region_years(self.store, name)
        self.note.add(changed - self.touched)
        self.touched |= changed
        self.store.drop_graphs(graphs)
        self.documents_written += len(graphs)

    def finish(self) -> None:
        """Compute again the region summaries the documents written changed (all of them in a
        store built before summaries were kept), in one transaction, give the listing tables to
        documents that have none (a store built before they were kept), flush the store, and put
        the whole answers in use again where anything was written (or none are in use): every one
        computed now after a build that wrote a large share of the store, each when first asked
        after a small one (:mod:`budgetkg.listings.kept`)."""
        self.commit()
        if self.had_summaries:
            refresh_summaries(self.store, self.touched)
        else:
            refresh_all_summaries(self.store)
        listings.complete(self.store)
        self.store.flush()
        self.note.clear()
        if self.store.written or self.store.kept_token is None:
            held = len(self.store.document_graphs())
            listings.keep_answers(self.store, every=listings.keeps_every_answer(self.documents_written, held))
