"""Benchmark: PDF pages per second, documents per second in each format, and a batch on one core
against the same batch on every core (the baseline, run in the same process).

    python bench/formats.py        (reads ../shared/real when present, and the bundled samples)

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

from budgetkg.build import build, extract_document, warm_caches
from budgetkg.paths import PROJECT_ROOT, SAMPLES_DIR
from budgetkg.readers import read_document
from budgetkg.store import EmbeddedStore

sys.path.insert(0, str(PROJECT_ROOT))
from tests.fixtures.factory import Format, render

FORMATS: tuple[Literal["txt"] | Format, ...] = ("txt", "pdf", "docx", "xlsx", "xls", "html")


def pdf_pages_per_second(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"))
    if not files:
        print("no real PDFs beside the checkout: PDF pages per second not measured")
        return
    start = time.perf_counter()
    pages = sum(read_document(path).page_count or 0 for path in files)
    seconds = time.perf_counter() - start
    print(
        f"PDF reading: {pages} pages of {len(files)} real PDFs in {seconds:.2f} s = "
        f"{pages / seconds:.1f} pages/s on one core (target: 10 pages/s per core)"
    )


def documents_per_second(samples: list[Path], work: Path) -> None:
    print(f"\n{'format':8} {'documents':>9} {'docs/s':>8}  (read + interpret + emit, one core)")
    for kind in FORMATS:
        (work / kind).mkdir(parents=True, exist_ok=True)
        files = (
            samples if kind == "txt" else [render(read_document(path), kind, work / kind) for path in samples]
        )
        times = []
        for _ in range(3):
            start = time.perf_counter()
            for path in files:
                extract_document(path)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        print(f"{kind:8} {len(files):>9} {len(files) / seconds:>8.1f}")


def batch_on_all_cores(folders: list[Path]) -> None:
    warm_caches()
    timings = {}
    for workers in (1, os.cpu_count() or 1):
        store = EmbeddedStore(None)
        start = time.perf_counter()
        report = build(folders, store, workers=workers)
        timings[workers] = time.perf_counter() - start
        built = len(report.built)
    one, many = timings[1], timings[max(timings)]
    print(
        f"\nbatch of {built} documents: {one:.2f} s on one core, {many:.2f} s on {max(timings)} cores "
        f"(speed-up {one / many:.2f}x)"
    )


def main() -> int:
    real = PROJECT_ROOT.parent / "shared" / "real"
    samples = sorted(SAMPLES_DIR.glob("*.txt"))
    pdf_pages_per_second(real)
    with tempfile.TemporaryDirectory() as folder:
        documents_per_second(samples, Path(folder))
        batch_on_all_cores([path for path in (real, SAMPLES_DIR, Path(folder) / "pdf") if path.exists()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
