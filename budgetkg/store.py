"""The embedded store: a persistent Oxigraph database on disk, one named graph per document."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import StoreError
from budgetkg.paths import CODELIST_DIR, ONTOLOGY_DIR
from budgetkg.rdf import iris
from budgetkg.rdf.vocab import BKG

REFERENCE_FILES = {
    iris.ONTOLOGY_GRAPH: [ONTOLOGY_DIR / "budget.ttl", CODELIST_DIR / "core.ttl"],
    iris.CODELIST_GRAPH: [CODELIST_DIR / "regions.ttl", CODELIST_DIR / "procurement-2022.ttl"],
}
DOCUMENT_GRAPH_PREFIX = iris.BASE + "graph/doc/"


class EmbeddedStore:
    """A store on disk (or in memory when ``path`` is None) that needs no server."""

    def __init__(self, path: Path | None, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(f"cannot open the store at {path}: {error}") from error

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> int:
        """Replace a named graph by ``quads`` (built beforehand, so a failure never half-writes)."""
        batch = list(quads)
        node = ox.NamedNode(graph)
        self.store.remove_graph(node)
        self.store.extend(batch)
        return len(batch)

    def add_shared(self, quads: Iterable[ox.Quad]) -> None:
        """Add descriptions of shared nodes; a description already present is not repeated."""
        self.store.extend(list(quads))

    def load_reference_data(self) -> None:
        """Load the ontology and code lists into their own graphs, unless the same files are loaded.

        The SHA-256 of the files is kept in the graph, so a rebuild leaves an unchanged ontology
        (and its blank nodes) exactly as it was.
        """
        for graph, files in REFERENCE_FILES.items():
            node = ox.NamedNode(graph)
            digest = hashlib.sha256(b"".join(file.read_bytes() for file in files)).hexdigest()
            marker = ox.Quad(node, ox.NamedNode(BKG.sha256), ox.Literal(digest), node)
            if marker in self.store:
                continue
            quads: list[ox.Quad] = [marker]
            for file in files:
                for triple in ox.parse(path=str(file), format=ox.RdfFormat.TURTLE):
                    quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, node))
            self.replace_graph(graph, quads)

    def document_graphs(self) -> list[str]:
        """The named graphs that hold documents."""
        return sorted(
            graph.value
            for graph in self.store.named_graphs()
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(DOCUMENT_GRAPH_PREFIX)
        )

    def has_summaries(self) -> bool:
        """Whether the store keeps region summaries (a store built before they existed does not)."""
        graph = ox.NamedNode(iris.SUMMARY_GRAPH)
        return any(True for _ in self.store.quads_for_pattern(None, None, None, graph))

    def graph_quads(self, graph: str) -> Iterator[ox.Quad]:
        """The quads of one named graph."""
        return iter(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def query(
        self,
        text: str,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all graphs."""
        return self.store.query(text, use_default_graph_as_union=True, substitutions=substitutions or {})

    def close(self) -> None:
        """Flush and release the store (its folder can then be opened again)."""
        self.flush()
        del self.store

    def __len__(self) -> int:
        return len(self.store)

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        if self.path is not None and not self.read_only:
            self.store.flush()
