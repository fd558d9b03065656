"""Build the graph from files and folders of documents; one bad document never stops a batch."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.assemble import assemble, document_groups
from budgetkg.errors import BudgetKGError, DocumentError
from budgetkg.interpret import interpret
from budgetkg.interpret.performance import vocabulary
from budgetkg.model import Extraction
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument, emit_document
from budgetkg.rdf.emit_facts import indicator_categories
from budgetkg.readers import read_document, supported_suffixes
from budgetkg.recognise import signatures
from budgetkg.regions import regions
from budgetkg.store import EmbeddedStore
from budgetkg.summaries import (
    RegionYear,
    document_region_years,
    refresh_all_summaries,
    refresh_summaries,
)

PARALLEL_THRESHOLD = 4
"""Fewer documents than this are read in this process: starting workers would cost more."""


@dataclass
class BuiltDocument:
    """A document that was built, with what it holds."""

    path: Path
    extraction: Extraction
    triples: int


@dataclass
class BuildReport:
    """What a batch build did."""

    built: list[BuiltDocument] = field(default_factory=list)
    failed: list[DocumentError] = field(default_factory=list)


def collect_files(inputs: Iterable[Path]) -> list[Path]:
    """The document files named, or found in the folders named (sorted, hidden files skipped)."""
    suffixes = set(supported_suffixes())
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files.extend(
                path
                for path in sorted(item.rglob("*"))
                if path.is_file() and path.suffix.lower() in suffixes and not path.name.startswith(".")
            )
        else:
            files.append(item)
    return files


def extract_document(path: Path | list[Path]) -> tuple[Extraction, EmittedDocument]:
    """Read, interpret and emit one document (one file, or the files of a document published in
    several); raise :class:`DocumentError` naming it."""
    paths = [path] if isinstance(path, Path) else path
    name = " + ".join(item.name for item in paths)
    try:
        for item in paths:
            if not item.exists():
                raise DocumentError(item.name, "no such file")
        extraction = interpret(assemble([read_document(item) for item in paths]))
        return extraction, emit_document(extraction)
    except DocumentError:
        raise
    except BudgetKGError as error:
        raise DocumentError(name, str(error)) from error
    except (ValueError, KeyError, IndexError) as error:
        raise DocumentError(name, f"could not be interpreted: {error!r}") from error


Outcome = tuple[Extraction, EmittedDocument] | DocumentError


def _extract_safely(paths: list[Path]) -> Outcome:
    """For worker processes: the result, or the error as a value (it pickles back to the parent)."""
    try:
        return extract_document(paths)
    except DocumentError as error:
        return error


def _extract_all(groups: list[list[Path]], workers: int | None) -> list[Outcome]:
    """Extract every document, on several cores when there are enough documents to share."""
    count = workers or os.cpu_count() or 1
    if count <= 1 or len(groups) < PARALLEL_THRESHOLD:
        return [_extract_safely(group) for group in groups]
    warm_caches()
    with ProcessPoolExecutor(max_workers=min(count, len(groups))) as pool:
        return list(pool.map(_extract_safely, groups, chunksize=max(1, len(groups) // (count * 4))))


def warm_caches() -> None:
    """Load the code lists and signatures once, before worker processes fork from this one."""
    regions()
    signatures()
    vocabulary()
    indicator_categories()


def build(inputs: Iterable[Path], store: EmbeddedStore, workers: int | None = None) -> BuildReport:
    """Build every document into its own named graph of ``store``.

    Documents are read in parallel (``workers`` processes, by default one per core); each one's
    graph is written only when the whole document was read, in the order the files were given.
    Then the region summaries of the regions and years these documents had and have are computed
    again (all of them, in a store built before summaries were kept).
    """
    report = BuildReport()
    store.load_reference_data()
    groups = document_groups(collect_files(inputs))
    touched: set[RegionYear] = set()
    for group, outcome in zip(groups, _extract_all(groups, workers), strict=True):
        if isinstance(outcome, DocumentError):
            report.failed.append(outcome)
            continue
        extraction, emitted = outcome
        graph = iris.document_graph(extraction.document.name)
        touched |= document_region_years(store, graph)
        count = store.replace_graph(graph, emitted.document)
        touched |= document_region_years(store, graph)
        store.add_shared(emitted.shared)
        report.built.append(BuiltDocument(group[0], extraction, count + len(emitted.shared)))
    if store.has_summaries():
        refresh_summaries(store, touched)
    else:
        refresh_all_summaries(store)
    store.flush()
    return report
