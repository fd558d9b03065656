"""Writing documents into the store as they are read, each in one transaction."""

from __future__ import annotations

from budgetkg.model import Extraction
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument
from budgetkg.store import EmbeddedStore
from budgetkg.summaries import RegionYear, document_region_years, refresh_all_summaries, refresh_summaries


class DocumentWriter:
    """Replaces each document's graph in one step and, at the end, the summaries it changed."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.touched: set[RegionYear] = set()
        self.had_summaries = store.has_summaries()

    def write(self, extraction: Extraction, emitted: EmittedDocument, drop: list[str] | None = None) -> int:
        """Write one document's graph (and drop the graphs ``drop`` in the same transaction);
        return the statements written.  The descriptions it shares with other documents go first
        (adding them twice changes nothing), so its graph never points at a missing one."""
        graph = iris.document_graph(extraction.document.name)
        for name in [graph, *(drop or [])]:
            self.touched |= document_region_years(self.store, name)
        self.store.add_shared(emitted.shared)
        count = self.store.replace_graph(graph, emitted.document, drop or [])
        self.touched |= document_region_years(self.store, graph)
        return count + len(emitted.shared)

    def finish(self) -> None:
        """Compute again the region summaries the documents written changed (all of them in a
        store built before summaries were kept), in one transaction, and flush the store."""
        if self.had_summaries:
            refresh_summaries(self.store, self.touched)
        else:
            refresh_all_summaries(self.store)
        self.store.flush()
