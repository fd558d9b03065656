"""The order of a per-document question's documents in its answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from budgetkg.listings.cells import sort_key
from budgetkg.listings.manifest import DocumentEntry
from budgetkg.listings.spec import ListingSpec


def answer_order(spec: ListingSpec, entries: Mapping[str, DocumentEntry]) -> list[str]:
    """The graphs of ``entries`` that have a table of ``spec``'s question, in the order of its
    answer: by the sort keys of the document keys' cells, then by graph."""

    def key(graph: str) -> tuple[tuple[Any, ...], str]:
        document = entries[graph].tables[spec.name].document
        return tuple(sort_key(document.get(name)) for name in spec.document_keys), graph

    return sorted((graph for graph, entry in entries.items() if spec.name in entry.tables), key=key)
