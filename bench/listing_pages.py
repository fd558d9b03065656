"""Benchmark: the first page and the whole answer of materialised listings, read from their tables.

For each question it prints the best and median wall time of the first page (``--limit`` rows) and of
the whole answer, the rows decoded as ``budgetkg query`` decodes them, over ``--repeats`` runs, the
questions taken in turn so that a busy moment of the machine falls on all of them alike.

    python bench/listing_pages.py --store DIR [--folder LISTINGS] [--limit 100] [--repeats 7] [QUESTION ...]

``--folder`` reads the tables from another listings folder than the store's own (a copy of it).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from budgetkg.listings import FROM_TABLES, from_tables, materialised_specs
from budgetkg.listings.manifest import ListingFolder
from budgetkg.questions import get_question
from budgetkg.store import EmbeddedStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--whole", action="store_true", help="also time the whole answer")
    parser.add_argument("questions", nargs="*")
    args = parser.parse_args()
    names = args.questions or sorted(materialised_specs())
    folder = ListingFolder(args.folder) if args.folder is not None else None
    pages: list[tuple[str, int | None]] = [(name, args.limit) for name in names]
    if args.whole:
        pages += [(name, None) for name in names]
    times: dict[tuple[str, int | None], list[float]] = {page: [] for page in pages}
    counts: dict[tuple[str, int | None], int] = {}
    with EmbeddedStore(args.store, read_only=True) as store:
        for _ in range(args.repeats):
            for name, limit in pages:
                question = get_question(name)
                started = time.perf_counter()
                listing = from_tables(store, question, None, (limit, 0), folder)
                if isinstance(listing, str) or listing.source != FROM_TABLES:
                    raise SystemExit(f"{name}: not answered from the tables: {listing}")
                counts[(name, limit)] = sum(1 for _ in listing.rows)
                times[(name, limit)].append((time.perf_counter() - started) * 1000)
    for (name, limit), found in times.items():
        what = "whole" if limit is None else f"first {limit}"
        print(
            f"{name:28} {what:10} {counts[(name, limit)]:>8} rows  "
            f"best {min(found):7.1f} ms  median {statistics.median(found):7.1f} ms"
        )


if __name__ == "__main__":
    main()
