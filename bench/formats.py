"""Benchmark: PDF pages per second, documents per second in each format, and a batch on one core
against the same batch on every core (the baseline, run in the same process).

    python bench/formats.py        (reads ../shared/real when present, and the bundled samples)

When LibreOffice (``soffice``) is installed, the seeds in ../shared/seeds are also printed by it
(the factory's web page of each as PDF and DOCX through Writer, the tab-separated text as XLSX
through Calc) and each contract question is compared with the text dump's answer.

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

from budgetkg.build import build, extract_document, warm_caches
from budgetkg.contract import CONTRACT_QUESTIONS
from budgetkg.paths import PROJECT_ROOT, SAMPLES_DIR
from budgetkg.questions import catalogue, run_rows
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


def contract_answers(path: Path) -> dict[str, list[tuple[str, ...]]]:
    """Each contract question's rows for one document built alone (empty when it fails)."""
    store = EmbeddedStore(None)
    if build([path], store).failed:
        return {}
    out = {}
    for name in CONTRACT_QUESTIONS:
        columns, rows = run_rows(store, catalogue()[name])
        out[name] = sorted(tuple(str(row.get(column) or "") for column in columns) for row in rows)
    return out


def soffice_convert(source: Path, target: str, folder: Path, *options: str) -> Path | None:
    """``source`` converted by LibreOffice into ``folder`` (``target`` as ``--convert-to`` takes it)."""
    command = ["soffice", "--headless", *options, "--convert-to", target, "--outdir", str(folder)]
    subprocess.run([*command, str(source)], capture_output=True, check=False, timeout=600)
    made = folder / f"{source.stem}.{target.split(':')[0]}"
    return made if made.exists() else None


def office_suite_files(seed: Path, work: Path) -> dict[str, Path | None]:
    """The seed as LibreOffice prints it: its web page (ruled) through Writer, its text through Calc."""
    page = render(read_document(seed), "html", work)
    ruled = page.read_text(encoding="utf-8").replace("<table>", '<table border="1">')
    page.write_text(ruled, encoding="utf-8")
    table_text = work / f"{seed.stem}.csv"
    table_text.write_bytes(seed.read_bytes())
    writer = "--infilter=HTML (StarWriter)"
    return {
        "pdf": soffice_convert(page, "pdf", work / "pdf", writer),
        "docx": soffice_convert(page, "docx:MS Word 2007 XML", work / "docx", writer),
        "xlsx": soffice_convert(table_text, "xlsx:Calc MS Excel 2007 XML", work, "--infilter=CSV:9,34,76"),
    }


def office_suite_round_trip(seeds: list[Path], work: Path) -> None:
    """The seeds printed by LibreOffice give the text dump's answers? (one line per file)"""
    if shutil.which("soffice") is None:
        print("\nsoffice not found: office-suite round trip not measured")
        return
    if not seeds:
        print("\nno seeds beside the checkout: office-suite round trip not measured")
        return
    print("\noffice-suite round trip (contract questions answered as by the text dump)")
    for seed in seeds:
        expected = contract_answers(seed)
        for kind, path in office_suite_files(seed, work).items():
            found = contract_answers(path) if path is not None else {}
            differing = [name for name in CONTRACT_QUESTIONS if found.get(name) != expected.get(name)]
            status = "same" if not differing else f"differ: {', '.join(differing)}"
            print(f"  {seed.name} {kind:5} {status if found else 'not built'}")


def main() -> int:
    real = PROJECT_ROOT.parent / "shared" / "real"
    seeds = sorted((PROJECT_ROOT.parent / "shared" / "seeds").glob("*.txt"))
    samples = sorted(SAMPLES_DIR.glob("*.txt"))
    pdf_pages_per_second(real)
    with tempfile.TemporaryDirectory() as folder:
        documents_per_second(samples, Path(folder))
        batch_on_all_cores([path for path in (real, SAMPLES_DIR, Path(folder) / "pdf") if path.exists()])
    with tempfile.TemporaryDirectory() as folder:
        office_suite_round_trip(seeds, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
