"""Benchmark: build time of the documents and time of each saved question.

Runs on the embedded store (Oxigraph on disk) and, as a baseline in the same process, on a plain
rdflib in-memory dataset holding the same quads (a question that takes rdflib more than 20 s is
reported as over that budget).  Prints figures and ratios; asserts nothing.

    python bench/build_and_query.py [DOCUMENT_FOLDER ...]   (default: ../shared/seeds, else samples/)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rdflib_baseline import RdflibBaseline, rdflib_dataset

from budgetkg.build import build, collect_files, extract_document
from budgetkg.paths import PROJECT_ROOT, SAMPLES_DIR
from budgetkg.questions import catalogue, run_rows
from budgetkg.store import EmbeddedStore

REPEATS = 5
RDFLIB_BUDGET = 20.0
"""Seconds an rdflib question may take before it is reported as over the budget."""


def timed(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of ``action`` in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    seeds = PROJECT_ROOT.parent / "shared" / "seeds"
    folders = [Path(arg) for arg in argv] or [seeds if seeds.exists() else SAMPLES_DIR]
    files = collect_files(folders)
    print(f"documents: {len(files)} from {', '.join(str(folder) for folder in folders)}")

    extract_seconds = timed(lambda: [extract_document(path) for path in files], repeats=3)
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "kg")
        build_seconds = timed(lambda: build(folders, store), repeats=3)
        statements = len(store)
        rate = len(files) / extract_seconds
        print(f"read + interpret + emit: {extract_seconds:.3f} s ({rate:.1f} documents/s)")
        print(f"build into the embedded store: {build_seconds:.3f} s, {statements} statements")

        load_start = time.perf_counter()
        baseline = RdflibBaseline(rdflib_dataset(store))
        load_seconds = time.perf_counter() - load_start
        print(f"baseline rdflib load of the same quads: {load_seconds:.3f} s")

        print(f"\n{'saved question':32} {'rows':>6} {'oxigraph ms':>12} {'rdflib ms':>10} {'ratio':>7}")
        for name, question in catalogue().items():
            _, rows = run_rows(store, question)
            embedded = timed(partial(run_rows, store, question))
            reference = baseline.median_ms(question, repeats=1, budget=RDFLIB_BUDGET)
            shown = f"{reference:.1f}" if reference is not None else f">{RDFLIB_BUDGET:.0f}s"
            ratio = f"{reference / (embedded * 1000):.0f}x" if reference is not None else "-"
            print(f"{name:32} {len(rows):>6} {embedded * 1000:>12.1f} {shown:>10} {ratio:>7}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
