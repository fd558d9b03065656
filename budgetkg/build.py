"""Build the graph from files and folders of documents; one bad document never stops a batch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.errors import BudgetKGError, DocumentError
from budgetkg.interpret import interpret
from budgetkg.model import Extraction
from budgetkg.rdf import iris
from budgetkg.rdf.emit import EmittedDocument, emit_document
from budgetkg.readers import read_document, supported_suffixes
from budgetkg.store import EmbeddedStore


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


def extract_document(path: Path) -> tuple[Extraction, EmittedDocument]:
    """Read, interpret and emit one document; raise :class:`DocumentError` naming it."""
    try:
        if not path.exists():
            raise DocumentError(path.name, "no such file")
        extraction = interpret(read_document(path))
        return extraction, emit_document(extraction)
    except DocumentError:
        raise
    except BudgetKGError as error:
        raise DocumentError(path.name, str(error)) from error
    except (ValueError, KeyError, IndexError) as error:
        raise DocumentError(path.name, f"could not be interpreted: {error!r}") from error


def build(inputs: Iterable[Path], store: EmbeddedStore) -> BuildReport:
    """Build every document into its own named graph of ``store``."""
    report = BuildReport()
    store.load_reference_data()
    for path in collect_files(inputs):
        try:
            extraction, emitted = extract_document(path)
        except DocumentError as error:
            report.failed.append(error)
            continue
        count = store.replace_graph(iris.document_graph(extraction.document.name), emitted.document)
        store.add_shared(emitted.shared)
        report.built.append(BuiltDocument(path, extraction, count + len(emitted.shared)))
    store.flush()
    return report
