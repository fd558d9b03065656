"""What each document graph records of how it was read: the SHA-256 of its files, the extraction
version and the values the user stated.  The record is a few statements about the graph, kept in
the graph itself (written in the same transaction), so it travels with every export of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from budgetkg.given import GivenIdentity
from budgetkg.rdf import iris
from budgetkg.rdf.vocab import BKG
from budgetkg.store import EmbeddedStore

_VERSION = ox.NamedNode(BKG.extractionVersion)
_SOURCE = ox.NamedNode(BKG.sourceSha256)
_STATED = ox.NamedNode(BKG.statedValues)
_MODIFIED = ox.NamedNode("http://purl.org/dc/terms/modified")
_DATE_TIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")


@dataclass(frozen=True)
class GraphRecord:
    """How a document graph was read: its files' digests, the extraction version, stated values."""

    digests: frozenset[str]
    version: str
    stated: str
    modified: str = ""
    """When its files were last modified (the latest of their modification times, UTC, ISO 8601):
    the ``dct:modified`` of the document's dataset in the catalogue."""


def files_modified(paths: Iterable[Path]) -> str:
    """The latest modification time of ``paths`` as an ``xsd:dateTime`` in UTC, to the second."""
    latest = max((path.stat().st_mtime for path in paths if path.exists()), default=None)
    if latest is None:
        return ""
    return datetime.fromtimestamp(int(latest), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stated_values(given: GivenIdentity) -> str:
    """The values stated of a document as ``name=value`` pairs (empty when none is stated)."""
    values = {item.name: getattr(given, item.name) for item in fields(given)}
    return "; ".join(f"{name}={value}" for name, value in values.items() if value is not None)


def graph_file_names(graph: str) -> list[str]:
    """The names of the files a document graph was read from (two for a document in two files)."""
    return iris.document_file_name(graph).split(" + ")


def record_quads(graph: str, record: GraphRecord) -> list[ox.Quad]:
    """The statements that record, in ``graph``, how it was read."""
    node = ox.NamedNode(graph)
    quads = [ox.Quad(node, _VERSION, ox.Literal(record.version), node)]
    quads += [ox.Quad(node, _SOURCE, ox.Literal(digest), node) for digest in sorted(record.digests)]
    if record.stated:
        quads.append(ox.Quad(node, _STATED, ox.Literal(record.stated), node))
    if record.modified:
        quads.append(ox.Quad(node, _MODIFIED, ox.Literal(record.modified, datatype=_DATE_TIME), node))
    return quads


def read_records(store: EmbeddedStore) -> dict[str, GraphRecord]:
    """The record of every document graph that has one (graphs written before records were kept
    have none, and are read again)."""
    records: dict[str, GraphRecord] = {}
    for quad in store.store.quads_for_pattern(None, _VERSION, None, None):
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or quad.subject != graph:
            continue
        digests = frozenset(_texts(store, graph, _SOURCE))
        stated = _texts(store, graph, _STATED)
        version = quad.object.value if isinstance(quad.object, ox.Literal) else ""
        records[graph.value] = GraphRecord(digests, version, stated[0] if stated else "")
    return records


def _texts(store: EmbeddedStore, graph: ox.NamedNode, predicate: ox.NamedNode) -> list[str]:
    """The literal values ``graph`` states of itself with ``predicate``."""
    return [
        quad.object.value
        for quad in store.store.quads_for_pattern(graph, predicate, None, graph)
        if isinstance(quad.object, ox.Literal)
    ]
