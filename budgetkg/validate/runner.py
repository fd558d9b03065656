"""Validation runs: one graph, one rdflib graph, or every document of a store in parallel (one
document per worker process) followed by the cross-document pass."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import pyoxigraph as ox
import rdflib

from budgetkg.choices import DEFAULT_ENGINE, ENGINES
from budgetkg.lifetime import end_with_parent
from budgetkg.progress import Progress, Silent
from budgetkg.rdf.iris import document_file_name
from budgetkg.store import EmbeddedStore
from budgetkg.validate.data import cross_document_ntriples, document_ntriples
from budgetkg.validate.engines import run_engine, unknown_engine
from budgetkg.validate.findings import Finding, ValidationResult, finding_order, make_finding
from budgetkg.validate.reading import with_reading_caveats
from budgetkg.validate.results import report_ntriples, with_canonical_messages
from budgetkg.validate.shapes import rule_ids
from budgetkg.validate.terms import BKG, term_text


def validate_ntriples(
    ntriples: str, engine: str = DEFAULT_ENGINE, cross_document: bool = False, document: str = ""
) -> tuple[list[Finding], str]:
    """Validate one graph given as N-Triples; the findings and the SHACL report (N-Triples)."""
    raw_results, data = run_engine(ntriples, engine, cross_document)
    results = with_canonical_messages(raw_results)
    if not document:
        names = list(data.quads_for_pattern(None, ox.NamedNode(BKG + "fileName"), None, None))
        document = term_text(names[0].object) if len(names) == 1 else ""
    rules = rule_ids(cross_document)
    made = [make_finding(result, data, rules, document) for result in results]
    details = [{BKG + "evidence": finding.evidence, BKG + "quotedText": finding.printed} for finding in made]
    findings = sorted(set(with_reading_caveats(made)), key=finding_order)
    return findings, report_ntriples(results, details)


def validate_graph(data: rdflib.Graph, engine: str = DEFAULT_ENGINE) -> tuple[list[Finding], rdflib.Graph]:
    """Validate one document graph (an rdflib graph) against the per-document shapes."""
    findings, report = validate_ntriples(data.serialize(format="nt"), engine)
    return findings, rdflib.Graph().parse(data=report, format="nt")


_Outcome = tuple[str, list[Finding], str, float, float]
"""A document's name, findings, SHACL report, wall and CPU seconds."""


def _validate_payload(payload: tuple[str, str, str]) -> _Outcome:
    """Worker entry point: validate one document's graph."""
    name, ntriples, engine = payload
    start, cpu_start = time.perf_counter(), time.process_time()
    findings, report = validate_ntriples(ntriples, engine, document=name)
    return name, findings, report, time.perf_counter() - start, time.process_time() - cpu_start


def _pool_context() -> multiprocessing.context.BaseContext:
    """Worker processes started from a fresh interpreter ("spawn"): forking a process that runs
    threads (a server, the store's) can leave a worker waiting forever on a lock, and a worker that
    is the validating process's own child ends with it (:func:`budgetkg.lifetime.end_with_parent`),
    where one forked by a fork server would outlive it."""
    return multiprocessing.get_context("spawn")


def validate_store(
    store: EmbeddedStore,
    engine: str = DEFAULT_ENGINE,
    workers: int | None = None,
    graphs: Sequence[str] | None = None,
    cross_document: bool = True,
    progress: Progress | None = None,
) -> ValidationResult:
    """Validate every document graph of the store (in parallel), then the rules across documents.

    ``workers`` is the number of processes (default: the number of cores); with one worker, or a
    single document, everything runs in this process.  ``progress`` is advanced per document.
    """
    if engine not in ENGINES:
        raise unknown_engine(engine)
    names = list(graphs) if graphs is not None else store.document_graphs()
    count = workers if workers is not None else (os.cpu_count() or 1)
    shown = progress or Silent()
    shown.add(len(names))

    def advanced(outcome: _Outcome) -> _Outcome:
        shown.advance()
        return outcome

    def payload(graph: str) -> tuple[str, str, str]:
        return document_file_name(graph), document_ntriples(store, graph), engine

    outcomes: list[_Outcome] = []
    if count > 1 and len(names) > 1:
        # Each document's data is handed to the pool as soon as it is read from the store, so that
        # reading and validating overlap.
        with ProcessPoolExecutor(
            max_workers=min(count, len(names)),
            mp_context=_pool_context(),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures = [pool.submit(_validate_payload, payload(graph)) for graph in names]
            outcomes = [advanced(future.result()) for future in futures]
    else:
        outcomes = [advanced(_validate_payload(payload(graph))) for graph in names]
    shown.close()
    findings: list[Finding] = []
    reports: list[str] = []
    seconds: dict[str, float] = {}
    cpu_seconds: dict[str, float] = {}
    for name, document_findings, report, elapsed, cpu in outcomes:
        findings.extend(document_findings)
        reports.append(report)
        seconds[name] = elapsed
        cpu_seconds[name] = cpu
    if cross_document and names:
        cross_findings, cross_report = validate_ntriples(
            cross_document_ntriples(store), engine, cross_document=True
        )
        findings.extend(cross_findings)
        reports.append(cross_report)
    findings.sort(key=finding_order)
    return ValidationResult(findings, reports, [name for name, *_ in outcomes], seconds, cpu_seconds)
