"""Benchmark: how much of a folder of documents budgetkg reads, and how fast.

For every document of the folder (documents published as several files count once): whether it
was built, its publisher, year and region, tables recognised out of tables found, facts read, and
whether its expenditure overview adds up.  Then the totals: documents built, tables recognised,
overviews that add up among those that print one, and the extraction rate in pages per second on
one core, with the reading alone (the readers, no interpretation) as the baseline measured in the
same process.

    python bench/coverage.py [FOLDER ...]     (default: ../shared/real and ../shared/seeds)

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from budgetkg.build import extract_document, plan_documents, warm_caches
from budgetkg.coverage import Coverage, coverage_of
from budgetkg.errors import DocumentError
from budgetkg.paths import PROJECT_ROOT
from budgetkg.readers import read_document

DEFAULT_FOLDERS = (PROJECT_ROOT.parent / "shared" / "real", PROJECT_ROOT.parent / "shared" / "seeds")


def _row(name: str, text: str) -> None:
    print(f"  {name[:58]:<58} {text}")


def measure(folder: Path) -> None:
    """Print the coverage of one folder and its extraction rate on one core."""
    tasks = plan_documents([folder])
    print(f"{folder.name}: {len(tasks)} documents")
    built: list[Coverage] = []
    failed = 0
    pages = 0
    start = time.process_time()
    for files, given in tasks:
        name = " + ".join(path.name for path in files)
        try:
            extraction, _ = extract_document(files, given)
        except DocumentError as error:
            failed += 1
            _row(name, f"FAILED: {error.reason}")
            continue
        info = extraction.document
        pages += info.page_count or 0
        coverage = coverage_of(extraction)
        built.append(coverage)
        _row(name, f"{info.department_name} {info.fiscal_year} {info.region_code}; {coverage.line()}")
    extraction_seconds = time.process_time() - start
    start = time.process_time()
    for files, _ in tasks:
        for path in files:
            try:
                read_document(path)
            except DocumentError:
                continue
    reading_seconds = time.process_time() - start
    found = sum(item.tables_found for item in built)
    recognised = sum(item.tables_recognised for item in built)
    printed = [item for item in built if item.overview != "none printed"]
    adding = sum(1 for item in printed if item.overview == "adds up")
    print(f"  documents built: {len(built)} of {len(tasks)} ({failed} failed)")
    print(f"  tables recognised: {recognised} of {found} ({100 * recognised / max(found, 1):.1f}%)")
    print(f"  overviews that add up: {adding} of {len(printed)} documents that print one")
    if pages:
        print(
            f"  extraction: {pages} pages in {extraction_seconds:.1f} s CPU = "
            f"{pages / extraction_seconds:.1f} pages/s on one core (target: 10); reading alone "
            f"{pages / reading_seconds:.1f} pages/s, so interpretation and RDF take "
            f"{extraction_seconds / reading_seconds:.2f}x the reading time"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="*", type=Path, help="folders of documents")
    args = parser.parse_args()
    folders: list[Path] = args.folders or [folder for folder in DEFAULT_FOLDERS if folder.exists()]
    warm_caches()
    for folder in folders:
        measure(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
