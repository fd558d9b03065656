"""Benchmark: every saved question on the embedded store and on Virtuoso 7, side by side.

The corpus of ``bench/queries_corpus.py`` (:func:`budgetkg.samples.corpus.generate`) is built into
an embedded store, loaded into a Virtuoso of its own on 127.0.0.1 with Virtuoso's bulk loader (as
``budgetkg push --bulk-load DIR`` does), and every saved question is asked of both: on Virtuoso with
no dataset (its default graph is every graph it holds, as ``budgetkg query --endpoint URL
--union-default-graph`` asks).  Printed: the bulk load's time, each question's median time on both,
the ratio Virtuoso / embedded, and whether the answers are the same; a question Virtuoso does not
answer within the time limit is shown as such.

    python bench/virtuoso.py [--documents 100] [--repeats 5] [--timeout 60] [--store DIR]
                             [--buffers 100000]

``make bench`` runs it on 1,000 documents.  It needs ``virtuoso-t`` and ``isql-vt``
(``tests/servers/setup.sh`` installs them).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queries_corpus import built, measure

from budgetkg.bulk_load import IsqlClient, bulk_load
from budgetkg.questions import Answer, catalogue, run_answer
from budgetkg.remote import Endpoint, run_remote
from budgetkg.store import EmbeddedStore
from tests.servers import start_virtuoso

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
TARGET_RATIO = 2.0


def comparable(answer: Answer) -> list[tuple[Decimal | str, ...]]:
    """Rows whose plain numbers are decimals (``10.50`` equals ``10.5``) and whose absent cells are ''."""
    return [
        tuple(Decimal(cell) if cell and NUMBER.match(cell) else (cell or "") for cell in row.values())
        for row in answer.text_rows()
    ]


def built_store(root: Path, folder: Path, count: int) -> EmbeddedStore:
    """The corpus of ``count`` documents built into ``folder`` (used as it is when it holds a store)."""
    if folder.exists() and any(folder.iterdir()):
        return EmbeddedStore(folder)
    return built(root, folder, count)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument(
        "--store", type=Path, help="keep the store here; a folder holding one is used as it is"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds Virtuoso may take on one question"
    )
    parser.add_argument("--buffers", type=int, default=100_000, help="Virtuoso's cache, in 8 KiB pages")
    args = parser.parse_args(argv)
    virtuoso, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if virtuoso is None or isql is None:
        print("virtuoso-t and isql-vt are needed: sh tests/servers/setup.sh installs them", file=sys.stderr)
        return 2
    questions = catalogue()
    with tempfile.TemporaryDirectory(prefix="budgetkg-virtuoso-") as temporary:
        root = Path(temporary)
        store = built_store(root, args.store or root / "kg", args.documents)
        documents = len(store.document_graphs())
        server = start_virtuoso(virtuoso, isql, root / "virtuoso", 10_000_000, buffers=args.buffers)
        try:
            client = IsqlClient(server.notes["sql_address"], "dba", server.notes["dba_password"], isql)
            start = time.perf_counter()
            loaded = bulk_load(store, server.folder / "load", client)
            seconds = time.perf_counter() - start
            print(
                f"bulk load into Virtuoso: {len(loaded.graphs)} graphs, {loaded.triples} statements in "
                f"{seconds:.1f} s ({loaded.triples / seconds:,.0f}/s)",
                flush=True,
            )
            endpoint = Endpoint(server.query_url, timeout=args.timeout, union_default_graph=True)
            print(
                f"\n{documents} documents\n{'question':32} {'rows':>7} {'embedded ms':>12} "
                f"{'Virtuoso ms':>12} {'ratio':>8}  answers"
            )
            slow = []
            for name, question in questions.items():
                expected = run_answer(store, question)
                embedded, _ = measure(partial(run_answer, store, question), args.repeats)
                try:
                    same = comparable(run_remote(endpoint, question)) == comparable(expected)
                    remote, _ = measure(partial(run_remote, endpoint, question), args.repeats)
                except Exception as error:  # reported in the table, the run goes on
                    print(
                        f"{name:32} {len(expected.rows):>7} {embedded:>12.1f} {'-':>12} {'-':>8}  {error}"[
                            :200
                        ]
                    )
                    slow.append(name)
                    continue
                ratio = remote / embedded if embedded > 0 else float("inf")
                if ratio > TARGET_RATIO:
                    slow.append(name)
                print(
                    f"{name:32} {len(expected.rows):>7} {embedded:>12.1f} {remote:>12.1f} {ratio:>7.1f}x  "
                    f"{'same' if same else 'DIFFERENT'}",
                    flush=True,
                )
        finally:
            server.stop()
            store.close()
    print(f"\nover {TARGET_RATIO:g}x the embedded time or unanswered: {', '.join(slow) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
