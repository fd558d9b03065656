"""Writing documents into the store as they are read, each in one transaction.

The region summaries are computed again once, at the end of a build, for the regions and years
the documents written had and have.  Those are noted in a file in the store folder before each
document is written and forgotten once the summaries are replaced, so a build killed in between
leaves a note that the next build of the store reads: its summaries are brought up to date even
where the documents it writes are already as they will be.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from budgetkg import listings
from budgetkg.model import Extraction
from budgetkg.rdf import iris
from budgetkg.rdf.builder import RDF_TYPE
from budgetkg.rdf.emit import EmittedDocument
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore
from budgetkg.summaries import RegionYear, document_region_years, refresh_all_summaries, refresh_summaries

PENDING_SUMMARIES = "budgetkg-summaries-pending.tsv"
"""The file in the store folder that lists the regions and years whose summaries a build changes."""


def emitted_region_years(quads: Iterable[ox.Quad]) -> set[RegionYear]:
    """The region and budget year of each document described in ``quads``."""
    batch = list(quads)
    documents = {
        quad.subject
        for quad in batch
        if quad.predicate == RDF_TYPE and quad.object == ox.NamedNode(BKG.BudgetDocument)
    }
    regions: dict[object, list[ox.NamedNode]] = {}
    years: dict[object, list[ox.Literal]] = {}
    for quad in batch:
        if quad.subject not in documents:
            continue
        if quad.predicate.value == str(BKG.region) and isinstance(quad.object, ox.NamedNode):
            regions.setdefault(quad.subject, []).append(quad.object)
        elif quad.predicate.value == str(BKG.budgetYear) and isinstance(quad.object, ox.Literal):
            years.setdefault(quad.subject, []).append(quad.object)
    return {
        (region, year)
        for document in documents
        for region in regions.get(document, [])
        for year in years.get(document, [])
    }


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


class DocumentWriter:
    """Replaces each document's graph in one step and, at the end, the summaries it changed."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.note = _PendingNote(store.path if not store.read_only else None)
        self.touched: set[RegionYear] = self.note.read()
        self.had_summaries = store.has_summaries()

    def write(self, extraction: Extraction, emitted: EmittedDocument, drop: list[str] | None = None) -> int:
        """Write one document's graph (and drop the graphs ``drop`` in the same transaction);
        return the statements written.  The descriptions it shares with other documents go first
        (adding them twice changes nothing), so its graph never points at a missing one."""
        graph = iris.document_graph(extraction.document.name)
        changed = emitted_region_years(emitted.document)
        for name in [graph, *(drop or [])]:
            changed |= document_region_years(self.store, name)
        self.note.add(changed - self.touched)
        self.touched |= changed
        self.store.add_shared(emitted.shared)
        with listings.updating(self.store, [graph, *(drop or [])]):
            count = self.store.replace_graph(graph, emitted.document, drop or [])
        return count + len(emitted.shared)

    def drop(self, graphs: list[str]) -> None:
        """Remove document graphs (in one transaction); their summaries are computed again."""
        changed: set[RegionYear] = set()
        for name in graphs:
            changed |= document_region_years(self.store, name)
        self.note.add(changed - self.touched)
        self.touched |= changed
        self.store.drop_graphs(graphs)

    def finish(self) -> None:
        """Compute again the region summaries the documents written changed (all of them in a
        store built before summaries were kept), in one transaction, and flush the store."""
        if self.had_summaries:
            refresh_summaries(self.store, self.touched)
        else:
            refresh_all_summaries(self.store)
        self.store.flush()
        self.note.clear()
