"""Benchmark: validation of a corpus of several hundred documents.

The corpus is made from the bundled samples: they are built once, then each document graph is
copied many times under new document names and IRIs, every amount multiplied by a whole factor
(2, 3 …), so that each copy still agrees with itself, and one copy in ten carries a misprinted
amount, so that the rules also have something to report. The figures printed:

* the ``fast`` engine (the default) on the whole corpus, in parallel: median time per document
  (measured inside the worker) and wall time for the corpus, cross-document pass included;
* pyshacl, the reference, and pyrudof for every shape, on a few documents of the corpus (they take
  far longer): median time per document, the corpus time that implies, and whether their findings
  equal the fast engine's on those documents.

    python bench/validate_corpus.py [--documents 320] [--workers N] [--reference 4]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import statistics
import sys
import time
from decimal import Decimal

import pyoxigraph as ox

from budgetkg.build import build
from budgetkg.paths import SAMPLES_DIR
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore
from budgetkg.validate import (
    Finding,
    cross_document_ntriples,
    document_ntriples,
    validate_ntriples,
    validate_store,
)

AMOUNT_PREDICATES = {
    "http://data.openbudgets.eu/ontology/dsd/measure/amount",
    "https://w3id.org/budgetkg/ontology#changeAmount",
    "https://w3id.org/budgetkg/ontology#smeAmount",
    "https://w3id.org/budgetkg/ontology#microSmallAmount",
    "https://w3id.org/budgetkg/ontology#unitPrice",
}
PRINTED_VALUE = "https://w3id.org/budgetkg/ontology#printedValue"
FILE_NAME = "https://w3id.org/budgetkg/ontology#fileName"
SHA256 = "https://w3id.org/budgetkg/ontology#sha256"
IS_TOTAL = "https://w3id.org/budgetkg/ontology#isTotal"
DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def scaled_printed(text: str, factor: int) -> str:
    """A printed value with its number multiplied, keeping its decimals and thousands separators."""

    def replace(match: re.Match[str]) -> str:
        printed = match.group(0)
        value = Decimal(printed.replace(",", "")) * factor
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        formatted = f"{value:,.{decimals}f}" if "," in printed else f"{value:.{decimals}f}"
        return formatted

    return NUMBER.sub(replace, text, count=1)


def _rename(term: ox.NamedNode, old_prefix: str, new_prefix: str) -> ox.NamedNode:
    if term.value.startswith(old_prefix):
        return ox.NamedNode(new_prefix + term.value[len(old_prefix) :])
    return term


def copy_document(
    quads: list[ox.Quad], name: str, digest: str, copy_name: str, factor: int, misprint: bool
) -> list[ox.Quad]:
    """One document's quads under a new file name, digest and graph, amounts multiplied by ``factor``."""
    new_digest = hashlib.sha256(copy_name.encode("utf-8")).hexdigest()
    old_prefix, new_prefix = iris.document(digest), iris.document(new_digest)
    graph = ox.NamedNode(iris.document_graph(copy_name))
    copied: list[ox.Quad] = []
    misprinted = not misprint
    for quad in quads:
        subject = quad.subject
        if isinstance(subject, ox.NamedNode):
            subject = _rename(subject, old_prefix, new_prefix)
        obj = quad.object
        predicate = quad.predicate.value
        if isinstance(obj, ox.NamedNode):
            obj = _rename(obj, old_prefix, new_prefix)
        elif isinstance(obj, ox.Literal):
            if predicate == FILE_NAME and obj.value == name:
                obj = ox.Literal(copy_name)
            elif predicate == SHA256:
                obj = ox.Literal(new_digest)
            elif predicate in AMOUNT_PREDICATES and obj.datatype == DECIMAL:
                value = Decimal(obj.value) * factor
                if (
                    not misprinted
                    and predicate.endswith("/amount")
                    and "/line/" in subject.value
                    and value > 100
                ):
                    value += Decimal("0.50")
                    misprinted = True
                obj = ox.Literal(format(value, "f"), datatype=DECIMAL)
            elif predicate == PRINTED_VALUE:
                obj = ox.Literal(scaled_printed(obj.value, factor))
        copied.append(ox.Quad(subject, quad.predicate, obj, graph))
    return copied


def make_corpus(documents: int) -> EmbeddedStore:
    """An in-memory store holding ``documents`` copies of the samples and their shared graph."""
    samples = EmbeddedStore(None)
    report = build([SAMPLES_DIR], samples)
    if report.failed:
        raise SystemExit(f"the samples did not build: {report.failed}")
    originals: list[tuple[str, str, list[ox.Quad]]] = []
    for graph in samples.document_graphs():
        quads = list(samples.graph_quads(graph))
        name = next(q.object.value for q in quads if q.predicate.value == FILE_NAME)
        digest = next(q.object.value for q in quads if q.predicate.value == SHA256)
        originals.append((name, digest, quads))
    corpus = EmbeddedStore(None)
    corpus.add_shared(samples.graph_quads(iris.SHARED_GRAPH))
    for index in range(documents):
        name, digest, quads = originals[index % len(originals)]
        copy_name = f"corpus_{index:04d}_{name}"
        factor = 1 + (index // len(originals)) % 9
        corpus.replace_graph(
            iris.document_graph(copy_name),
            copy_document(quads, name, digest, copy_name, factor, index % 10 == 9),
        )
    return corpus


def _comparable(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted(
        (f.rule_id, f.severity, f.document, f.table, f.row, f.line, f.focus, f.expected, f.found)
        for f in findings
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=320)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--reference", type=int, default=4, help="documents validated with pyshacl and pyrudof"
    )
    args = parser.parse_args(argv)

    start = time.perf_counter()
    corpus = make_corpus(args.documents)
    graphs = corpus.document_graphs()
    triples = sum(1 for graph in graphs for _ in corpus.graph_quads(graph))
    print(
        f"corpus: {len(graphs)} documents, {triples} triples in document graphs "
        f"({len(corpus)} quads with the shared graph), made in {time.perf_counter() - start:.1f} s"
    )

    start = time.perf_counter()
    result = validate_store(corpus, engine="fast", workers=args.workers, cross_document=False)
    wall = time.perf_counter() - start
    start = time.perf_counter()
    cross, _report = validate_ntriples(cross_document_ntriples(corpus), "fast", cross_document=True)
    cross_seconds = time.perf_counter() - start
    per_document = sorted(result.seconds.values())
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "info")}
    print(
        f"fast engine, {args.workers} worker(s): median {statistics.median(per_document):.3f} s per document "
        f"(90th percentile {per_document[int(len(per_document) * 0.9)]:.3f} s), corpus {wall:.1f} s wall, "
        f"then {cross_seconds:.1f} s for the cross-document pass ({wall + cross_seconds:.1f} s in all); "
        f"findings: {counts}, {len(cross)} across documents"
    )

    chosen = graphs[: args.reference]
    misprinted = [graph for graph in graphs if re.search(r"corpus_\d{3}9_", graph)][:1]
    if chosen and misprinted and misprinted[0] not in chosen:
        chosen = [*chosen[:-1], misprinted[0]]
    fast: dict[str, list[Finding]] = {}
    payloads = {graph: document_ntriples(corpus, graph) for graph in chosen}
    for graph, data in payloads.items():
        fast[graph] = validate_ntriples(data, "fast")[0]
    for engine in ("pyshacl", "pyrudof") if chosen else ():
        times: list[float] = []
        same = 0
        for graph, data in payloads.items():
            begin = time.perf_counter()
            findings = validate_ntriples(data, engine)[0]
            times.append(time.perf_counter() - begin)
            same += _comparable(findings) == _comparable(fast[graph])
        median = statistics.median(times)
        print(
            f"{engine}: median {median:.2f} s per document on {len(times)} documents, "
            f"about {median * len(graphs) / args.workers / 60:.0f} min for the corpus "
            f"on {args.workers} worker(s); "
            f"findings identical to the fast engine on {same} of {len(times)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
