"""Benchmark: the materialised listings against SPARQL, on a generated corpus of N documents.

For each materialised question (``#materialise: per-document``) it prints the time of the first page
(50 rows) and of the whole answer, written as CSV into memory as ``budgetkg query --format csv``
writes it, read from the tables and asked of the store with SPARQL, with the ratio; then the same with
a region; then every other question's whole answer, read from the answer kept after the build and
asked of the store with SPARQL, with the ratio.  It also prints what the tables cost: the build
time, the time to compute every document's tables again, and their size on disk, and the time to
keep every other question's whole answer.

    python bench/listings.py [--documents 100] [--repeats 5] [--store DIR] [--no-sparql] [--no-table-cost]

``--store DIR`` keeps the built store; a later run measures the store already in ``DIR``.  On a
large store, ``--no-sparql`` leaves out the SPARQL side (each of its answers takes minutes at 10,000
documents) and ``--no-table-cost`` the time to compute every document's tables again.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from queries_corpus import measure

from budgetkg.build import build
from budgetkg.listings import (
    FROM_KEPT,
    FROM_SPARQL,
    FROM_TABLES,
    ask,
    complete,
    keep_answers,
    kept_current,
    materialised_specs,
    refresh,
    text_rows,
)
from budgetkg.listings.manifest import ListingFolder
from budgetkg.output import write_csv
from budgetkg.questions import ResultRow, SavedQuestion, catalogue, get_question, run_rows
from budgetkg.samples.corpus import generate
from budgetkg.store import EmbeddedStore

PAGE = 50
FIRST_PAGE_TARGET_MS = 300.0
WHOLE_TARGET_MS = 1000.0
OTHER_TARGET_MS = 100.0


def median_ms(action: Callable[[], object], repeats: int) -> float:
    """The median wall time of ``action`` in milliseconds, after one warm-up run."""
    return measure(action, repeats)[0]


def as_csv(
    store: EmbeddedStore,
    question: SavedQuestion,
    params: dict[str, object],
    limit: int | None,
    materialised: bool,
    expected: str,
) -> int:
    """Write the answer as CSV into memory; return its rows."""
    listing = ask(store, question, params, limit=limit, materialised=materialised)
    if listing.source != expected:
        raise SystemExit(f"{question.name}: answered from {listing.source}, not {expected}: {listing.reason}")
    out = io.StringIO()
    counted = [0]

    def counting() -> Iterator[ResultRow]:
        for row in text_rows(listing.columns, listing.rows):
            counted[0] += 1
            yield row

    write_csv(listing.columns, counting(), out)
    return counted[0]


def open_store(path: Path, count: int) -> EmbeddedStore:
    """The store at ``path``, built from a generated corpus of ``count`` documents when it is new."""
    if path.exists():
        store = EmbeddedStore(path)
        start = time.perf_counter()
        count = complete(store)  # a store built before the tables (or their bundles) existed
        print(
            f"store: {path} (already built; tables of {count} documents brought up to date, bundles written, "
            f"in {time.perf_counter() - start:.1f} s)"
        )
        if not kept_current(store):  # a store built before whole answers were kept
            start = time.perf_counter()
            kept = keep_answers(store)
            print(f"kept answers: {kept} questions in {time.perf_counter() - start:.1f} s")
        return store
    documents = path.parent / f"{path.name}-documents"
    generate(documents, count)
    store = EmbeddedStore(path)
    start = time.perf_counter()
    report = build([documents], store)
    seconds = time.perf_counter() - start
    print(
        f"build: {len(report.built)} documents in {seconds:.0f} s "
        f"({len(report.built) / seconds:.2f}/s), tables included"
    )
    return store


def table_cost(store: EmbeddedStore) -> None:
    """The time to compute every document's tables again, and the size of the tables."""
    assert store.path is not None
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        documents = refresh(store, ListingFolder(Path(scratch)))
        seconds = time.perf_counter() - start
    tables = list((store.path / "listings").glob("*/*.parquet"))
    size = sum(table.stat().st_size for table in tables)
    per_document = seconds / max(documents, 1) * 1000
    print(
        f"tables: {len(materialised_specs())} questions × {documents} documents computed in {seconds:.1f} s "
        f"({per_document:.0f} ms a document); {len(tables)} files, {size / 2**20:.1f} MiB"
    )


def compare(store: EmbeddedStore, params: dict[str, object], repeats: int, sparql: bool = True) -> None:
    """First page and whole answer of each materialised question, from the tables and by SPARQL."""
    label = ", ".join(f"{key}={value}" for key, value in params.items()) or "whole store"
    print(
        f"\n{label}: ms, median of {repeats} "
        f"(targets: first page ≤{FIRST_PAGE_TARGET_MS:.0f}, whole ≤{WHOLE_TARGET_MS:.0f})"
    )
    heads = ("rows", "page tables", "page SPARQL", "ratio", "whole tables", "whole SPARQL", "ratio")
    print(f"{'question':26} " + " ".join(f"{head:>13}" for head in heads))
    for name in materialised_specs():
        question = get_question(name)
        rows = as_csv(store, question, params, None, True, FROM_TABLES)
        timings = [
            median_ms(partial(as_csv, store, question, params, limit, materialised, source), repeats)
            if materialised or sparql
            else float("nan")
            for limit in (PAGE, None)
            for materialised, source in ((True, FROM_TABLES), (False, FROM_SPARQL))
        ]
        page_tables, page_sparql, whole_tables, whole_sparql = timings
        cells = (page_tables, page_sparql, page_sparql / page_tables, whole_tables, whole_sparql)
        print(
            f"{name:26} {rows:>13} "
            + " ".join(f"{cell:>13.1f}" for cell in cells)
            + f" {whole_sparql / whole_tables:>13.1f}"
        )


def others(store: EmbeddedStore, repeats: int, sparql: bool = True) -> None:
    """Every question that is not materialised, whole store: its kept answer against SPARQL."""
    assert store.path is not None
    start = time.perf_counter()
    kept = keep_answers(store)
    seconds = time.perf_counter() - start
    size = sum(path.stat().st_size for path in (store.path / "listings" / "answers").glob("*.json"))
    print(
        f"\nother questions, whole store: ms, median of {repeats} (target ≤{OTHER_TARGET_MS:.0f}); "
        f"keeping the {kept} whole answers took {seconds:.1f} s, {size / 2**20:.1f} MiB"
    )
    print(f"{'question':34} {'rows':>9} {'kept':>9} {'SPARQL':>9} {'ratio':>7}")
    for name, question in catalogue().items():
        if name in materialised_specs():
            continue
        try:
            rows = as_csv(store, question, {}, None, True, FROM_KEPT)
            from_kept = median_ms(partial(as_csv, store, question, {}, None, True, FROM_KEPT), repeats)
            by_sparql = (
                median_ms(partial(as_csv, store, question, {}, None, False, FROM_SPARQL), repeats)
                if sparql
                else float("nan")
            )
        except Exception as error:
            print(f"{name:34} failed: {error}")
            continue
        mark = "" if from_kept <= OTHER_TARGET_MS else "  over"
        print(
            f"{name:34} {rows:>9} {from_kept:>9.1f} {by_sparql:>9.1f} "
            f"{by_sparql / max(from_kept, 0.001):>7.1f}{mark}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--store", type=Path, help="keep the built store here (and measure it again later)")
    parser.add_argument(
        "--no-others", action="store_true", help="leave out the questions that are not materialised"
    )
    parser.add_argument("--no-sparql", action="store_true", help="leave out the SPARQL side")
    parser.add_argument(
        "--no-table-cost", action="store_true", help="leave out computing every document's tables again"
    )
    args = parser.parse_args(argv)
    sparql = not args.no_sparql
    with tempfile.TemporaryDirectory() as scratch:
        path = args.store or Path(scratch) / "kg"
        store = open_store(path, args.documents)
        if not args.no_table_cost:
            table_cost(store)
        compare(store, {}, args.repeats, sparql)
        _, documents = run_rows(store, get_question("documents"))
        compare(store, {"region": str(documents[0]["region_code"])}, args.repeats, sparql)
        if not args.no_others:
            others(store, args.repeats, sparql)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
