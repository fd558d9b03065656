"""Benchmark: every saved question on a corpus of many documents, on three engines.

The corpus is made by :func:`budgetkg.samples.corpus.generate`: each sample department (a 司法局 in
two yearly forms, a 人大常委会办公室, an 审计局 in the Hebei unit layout) moved to other county-level
regions of the code list, to the budget years 2021–2025, its amounts scaled by a factor of its region
and department that grows by year, and rendered again from its figures so that every total adds up.
So the corpus has many regions, three kinds of department per region and five years of each, in both
layouts.  Figures printed:

* loading: documents read per second, statements and statements per second, store size on disk;
* the median and 95th percentile time of every saved question on the embedded store (Oxigraph on
  disk) and on Oxigraph server (started with ``--union-default-graph``, the store pushed with the
  Graph Store Protocol; questions sent with no dataset, as ``budgetkg query --endpoint URL
  --union-default-graph`` does);
* the same questions on rdflib's in-memory dataset as a baseline, on a slice of the corpus (rdflib
  loads at tens of thousands of statements per second and some of its joins do not finish), next
  to the embedded store on the same slice, with the ratio; an rdflib question gets a time budget.

    python bench/queries_corpus.py [--documents 100] [--repeats 15] [--baseline-documents 40]
                                   [--baseline-budget 60] [--no-server] [--server-timeout 60]
                                   [--no-baseline] [--store DIR]

``make bench`` runs it on 100 documents; the 1,000-document figures of README.md come from
``python bench/queries_corpus.py --documents 1000``.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rdflib_baseline import RdflibBaseline, rdflib_dataset

from budgetkg.build import build
from budgetkg.push import GraphStore, push
from budgetkg.questions import catalogue, run_answer
from budgetkg.rdf import iris
from budgetkg.remote import Endpoint, run_remote
from budgetkg.samples.corpus import generate
from budgetkg.store import EmbeddedStore
from budgetkg.summaries import refresh_summaries, stored_region_years

TARGET_MS = 300.0


def measure(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) wall time in milliseconds, after one warm-up run."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, math.ceil(0.95 * len(times)) - 1)]


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def slice_store(store: EmbeddedStore, documents: list[str]) -> EmbeddedStore:
    """An in-memory store with some document graphs, the shared and reference graphs, and the region
    summaries of those documents."""
    part = EmbeddedStore(None)
    for graph in [*documents, iris.SHARED_GRAPH, iris.ONTOLOGY_GRAPH, iris.CODELIST_GRAPH]:
        part.store.extend(list(store.graph_quads(graph)))
    refresh_summaries(part, stored_region_years(part))
    return part


def start_oxigraph(folder: Path, timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    """``oxigraph serve --union-default-graph`` on a free port of 127.0.0.1, stopping any query after
    ``timeout`` seconds; its process and its query URL."""
    import socket

    binary = Path(sys.executable).parent / "oxigraph"
    command = str(binary) if binary.exists() else "oxigraph"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            command,
            "serve",
            "--location",
            str(folder),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            str(max(1, round(timeout))),
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    return process, url


def built(root: Path, folder: Path, count: int) -> EmbeddedStore:
    """The corpus of ``count`` documents written under ``root`` and built into a store in ``folder``."""
    start = time.perf_counter()
    files = generate(root / "documents", count)
    print(f"corpus: {len(files)} documents written in {time.perf_counter() - start:.1f} s", flush=True)
    store = EmbeddedStore(folder)
    start = time.perf_counter()
    report = build([root / "documents"], store)
    seconds = time.perf_counter() - start
    store.flush()
    statements = len(store)
    print(
        f"build: {len(report.built)} documents in {seconds:.1f} s "
        f"({len(report.built) / seconds:.1f} documents/s), "
        f"{len(report.failed)} failed; {statements} statements ({statements / seconds:,.0f}/s); "
        f"store {folder_size(folder) / 2**20:.0f} MiB on disk"
    )
    for error in report.failed[:5]:
        print(f"  failed: {error}")
    start = time.perf_counter()
    store.store.optimize()
    store.flush()
    print(
        f"compacted (Store.optimize) in {time.perf_counter() - start:.1f} s: "
        f"store {folder_size(folder) / 2**20:.0f} MiB on disk",
        flush=True,
    )
    return store


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument(
        "--store", type=Path, help="keep the store in this folder; a folder holding one is measured as it is"
    )
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--baseline-documents", type=int, default=40)
    parser.add_argument("--baseline-budget", type=float, default=60.0, help="seconds per rdflib question")
    parser.add_argument("--no-server", action="store_true")
    parser.add_argument(
        "--server-timeout", type=float, default=60.0, help="seconds the server may spend on one question"
    )
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    questions = catalogue()

    with tempfile.TemporaryDirectory(prefix="budgetkg-bench-") as temporary:
        root = Path(temporary)
        folder = args.store or root / "kg"
        store = (
            EmbeddedStore(folder)
            if args.store and folder_size(folder)
            else built(root, folder, args.documents)
        )
        region = store.document_graphs()[0].rsplit("/", 1)[-1].split("_")[1]

        embedded: dict[str, tuple[float, float, int]] = {}
        one_region: dict[str, tuple[float, float, int]] = {}
        for name, question in questions.items():
            rows = len(run_answer(store, question).rows)
            median, p95 = measure(partial(run_answer, store, question), args.repeats)
            embedded[name] = (median, p95, rows)
            line = f"  embedded {name}: {rows} rows, median {median:.1f} ms, p95 {p95:.1f} ms"
            if any(parameter.name == "region" for parameter in question.parameters):
                chosen = {"region": region}
                found = len(run_answer(store, question, chosen).rows)
                regional = measure(partial(run_answer, store, question, chosen), args.repeats)
                one_region[name] = (regional[0], regional[1], found)
                line += (
                    f"; region={region}: {found} rows, median {regional[0]:.1f} ms, p95 {regional[1]:.1f} ms"
                )
            print(line, flush=True)

        server: dict[str, tuple[float, float] | str] = {}
        if not args.no_server:
            process, url = start_oxigraph(root / "server", args.server_timeout)
            try:
                start = time.perf_counter()
                pushed = push(store, GraphStore(f"{url}/store"))
                print(
                    f"push to Oxigraph server: {len(pushed.graphs)} graphs, {pushed.triples} statements "
                    f"in {time.perf_counter() - start:.1f} s"
                )
                endpoint = Endpoint(f"{url}/query", timeout=args.server_timeout + 5, union_default_graph=True)
                for name, question in questions.items():
                    try:
                        remote_action = partial(run_remote, endpoint, question)
                        server[name] = measure(remote_action, max(3, args.repeats // 3))
                    except Exception as error:  # reported in the table, the run goes on
                        server[name] = f"error: {error}"[:60]
                    outcome = server[name]
                    shown = outcome if isinstance(outcome, str) else f"median {outcome[0]:.1f} ms"
                    print(f"  server {name}: {shown}", flush=True)
            finally:
                process.terminate()
                process.wait(timeout=60)

        baseline: dict[str, tuple[float, float | None]] = {}
        if not args.no_baseline:
            documents = store.document_graphs()[: args.baseline_documents]
            part = slice_store(store, documents)
            start = time.perf_counter()
            reference = RdflibBaseline(rdflib_dataset(part))
            print(
                f"baseline: {len(documents)} documents, {len(part)} statements loaded into rdflib in "
                f"{time.perf_counter() - start:.1f} s"
            )
            for name, question in questions.items():
                ours, _ = measure(partial(run_answer, part, question), args.repeats)
                baseline[name] = (ours, reference.median_ms(question, 3, args.baseline_budget))
            del reference
        store.close()

    print(
        f"\n{'question':32} {'rows':>6} {'embedded median / p95 ms':>25} {'one region ms':>14} "
        f"{'server median / p95 ms':>23}"
        f" {'slice: ours / rdflib ms':>24} {'ratio':>7}"
    )
    slow = []
    for name in questions:
        median, p95, rows = embedded[name]
        if median > TARGET_MS:
            slow.append(name)
        remote = server.get(name)
        remote_text = f"{remote[0]:.1f} / {remote[1]:.1f}" if isinstance(remote, tuple) else remote or "-"
        ours, theirs = baseline.get(name, (math.nan, None))
        slice_text = f"{ours:.1f} / " + (
            f"{theirs:.0f}" if theirs is not None else f">{args.baseline_budget:.0f}s"
        )
        ratio = f"{theirs / ours:.0f}x" if theirs is not None and ours > 0 else "-"
        regional_text = f"{one_region[name][0]:.1f}" if name in one_region else "-"
        print(
            f"{name:32} {rows:>6} {f'{median:.1f} / {p95:.1f}':>25} {regional_text:>14} {remote_text:>23} "
            f"{slice_text if baseline else '-':>24} {ratio if baseline else '-':>7}"
        )
    if slow:
        print(f"\nover {TARGET_MS:.0f} ms median on the embedded store: {', '.join(slow)}")
        over = [name for name, (median, _, _) in one_region.items() if median > TARGET_MS]
        print(
            f"with region={region} ({len(one_region)} questions take it), over: {', '.join(over) or 'none'}"
        )
    else:
        print(f"\nevery saved question under {TARGET_MS:.0f} ms median on the embedded store")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
