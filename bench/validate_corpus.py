"""Benchmark: validation of a corpus of several hundred documents.

The corpus is made from the bundled samples: they are built once, then each document graph is
copied many times under new document names and IRIs, every amount multiplied by a whole factor
(2, 3 …), so that each copy still agrees with itself, and one copy in ten carries a misprinted
amount, so that the rules also have something to report. The figures printed:

* the ``fast`` engine (the default) on the whole corpus, in parallel, as ``budgetkg validate`` runs
  it: median wall and CPU time per document (measured inside the worker), wall time for the
  corpus with the cross-document pass, and the cross-document pass alone; each against its target
  (median under 0.5 s per document, corpus under one minute);
* pyshacl, the reference, and pyrudof for every shape, on a few documents of the corpus (they take
  far longer), with the fast engine as the baseline on the same documents in the same process:
  median time per document, the ratio to the fast engine, the corpus time that implies, and
  whether their findings equal the fast engine's on those documents.

The load average is printed at the start and the end: other work on the machine slows every figure.

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
                    and isinstance(subject, ox.NamedNode)
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


def _literal_value(quads: list[ox.Quad], predicate: str) -> str:
    """The text of the first literal that ``predicate`` gives in ``quads``."""
    return next(
        quad.object.value
        for quad in quads
        if quad.predicate.value == predicate and isinstance(quad.object, ox.Literal)
    )


def make_corpus(documents: int) -> EmbeddedStore:
    """An in-memory store holding ``documents`` copies of the samples and their shared graph."""
    samples = EmbeddedStore(None)
    report = build([SAMPLES_DIR], samples)
    if report.failed:
        raise SystemExit(f"the samples did not build: {report.failed}")
    originals: list[tuple[str, str, list[ox.Quad]]] = []
    for graph in samples.document_graphs():
        quads = list(samples.graph_quads(graph))
        name = _literal_value(quads, FILE_NAME)
        digest = _literal_value(quads, SHA256)
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


MEDIAN_TARGET_SECONDS = 0.5
CORPUS_TARGET_SECONDS = 60.0


def _verdict(value: float, target: float) -> str:
    return f"target under {target:g} s: {'met' if value < target else 'MISSED'} ({value / target:.2f} of it)"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} core(s)"


def _validate_corpus(corpus: EmbeddedStore, graphs: list[str], workers: int) -> None:
    """The fast engine on the whole corpus, as ``budgetkg validate`` runs it, then its parts."""
    start = time.perf_counter()
    result = validate_store(corpus, engine="fast", workers=workers)
    wall = time.perf_counter() - start
    start = time.perf_counter()
    cross, _report = validate_ntriples(cross_document_ntriples(corpus), "fast", cross_document=True)
    cross_seconds = time.perf_counter() - start
    per_document = sorted(result.seconds.values())
    cpu = sorted(result.cpu_seconds.values())
    median = statistics.median(per_document)
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning", "info")}
    print(f"\nfast engine (the default), {workers} worker(s), {len(graphs)} documents:")
    print(
        f"  per document, measured in the worker: median {median:.3f} s wall "
        f"(90th percentile {per_document[int(len(per_document) * 0.9)]:.3f} s), "
        f"median {statistics.median(cpu):.3f} s CPU; {_verdict(median, MEDIAN_TARGET_SECONDS)}"
    )
    print(
        f"  whole corpus, cross-document pass included: {wall:.1f} s wall "
        f"({len(graphs) / wall:.1f} documents/s); {_verdict(wall, CORPUS_TARGET_SECONDS)}"
    )
    print(f"  of which the cross-document pass alone: {cross_seconds:.1f} s ({len(cross)} finding(s))")
    print(f"  findings: {len(result.findings)} {counts}")


def _reference_documents(graphs: list[str], count: int) -> list[str]:
    """The first ``count`` documents, one of them with a misprinted amount."""
    chosen = graphs[:count]
    misprinted = [graph for graph in graphs if re.search(r"corpus_\d{3}9_", graph)][:1]
    if chosen and misprinted and misprinted[0] not in chosen:
        chosen = [*chosen[:-1], misprinted[0]]
    return chosen


def _compare_engines(corpus: EmbeddedStore, graphs: list[str], count: int, workers: int) -> None:
    """pyshacl (the reference) and pyrudof against the fast engine, one process, same documents."""
    payloads = {graph: document_ntriples(corpus, graph) for graph in _reference_documents(graphs, count)}
    if not payloads:
        return
    fast: dict[str, list[Finding]] = {}
    fast_times: list[float] = []
    for graph, data in payloads.items():
        begin = time.perf_counter()
        fast[graph] = validate_ntriples(data, "fast")[0]
        fast_times.append(time.perf_counter() - begin)
    fast_median = statistics.median(fast_times)
    print(f"\nthe same {len(payloads)} documents one after another in this process:")
    print(f"  fast: median {fast_median:.3f} s per document")
    for engine in ("pyshacl", "pyrudof"):
        times: list[float] = []
        same = identical = 0
        for graph, data in payloads.items():
            begin = time.perf_counter()
            findings = validate_ntriples(data, engine)[0]
            times.append(time.perf_counter() - begin)
            same += _comparable(findings) == _comparable(fast[graph])
            identical += findings == fast[graph]
        median = statistics.median(times)
        print(
            f"  {engine}: median {median:.2f} s per document, {median / fast_median:.0f} times the fast "
            f"engine's; about {median * len(graphs) / workers / 60:.0f} min for the corpus on "
            f"{workers} worker(s); findings the same as the fast engine's on {same} of {len(times)} "
            f"(rule, severity, location, focus, expected, found), identical in every field on "
            f"{identical} of {len(times)}"
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=320)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--reference", type=int, default=4, help="documents validated with pyshacl and pyrudof"
    )
    args = parser.parse_args(argv)
    print(f"at start: {_load()} (other work on the machine slows every figure)")

    start = time.perf_counter()
    corpus = make_corpus(args.documents)
    graphs = corpus.document_graphs()
    triples = sum(1 for graph in graphs for _ in corpus.graph_quads(graph))
    print(
        f"corpus: {len(graphs)} documents, {triples} triples in document graphs "
        f"({len(corpus)} quads with the shared graph), made in {time.perf_counter() - start:.1f} s"
    )
    _validate_corpus(corpus, graphs, args.workers)
    _compare_engines(corpus, graphs, args.reference, args.workers)
    print(f"\nat end: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
