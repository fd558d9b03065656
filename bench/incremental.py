"""Benchmark: a full build against a rebuild where 1% of the documents changed, and how long a
command takes to open the store that a build left.

The corpus is made by :func:`budgetkg.samples.corpus.generate`.  Each step runs the ``budgetkg``
command as a user would (a process of its own, default workers):

* full build: every document read into a new store;
* rebuild, 1% changed: a line added at the end of 1% of the files (at least one), so their
  SHA-256 changes; only those are read again, the others are recognised as unchanged by their
  file digests and the extraction version recorded in their graphs;
* the whole answers kept beside the store: the rebuild computes none of them (it wrote too small a
  share of the store), so each is computed by the first question that asks it; the bench asks each
  twice in this process (computed and kept, then read from what was kept) and, as the baseline,
  computes them all at once as a build of a large share does;
* ``budgetkg query documents`` wall time on the store the rebuild left (process start included),
  the bytes of write-ahead log (``*.log``) left in the store folder, and, measured in this
  process, how long opening that store read-only and answering take.

With ``--corpus`` and ``--store`` naming a corpus already built into that store (for example by
``bench/scale.py --keep``), the full build is skipped.

    python bench/incremental.py [DOCUMENTS] [--store DIR] [--corpus DIR] [--changed K]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from budgetkg.listings import FROM_KEPT, ask, keep_answers
from budgetkg.listings.kept import kept_questions
from budgetkg.questions import catalogue, run_rows
from budgetkg.samples.corpus import generate
from budgetkg.store import EmbeddedStore

COMMAND = [str(Path(sys.executable).with_name("budgetkg"))]
"""The command installed beside this Python."""


def timed(arguments: list[str]) -> tuple[float, str]:
    """Run ``budgetkg`` with ``arguments``; its wall time and last line of standard output."""
    start = time.perf_counter()
    done = subprocess.run([*COMMAND, *arguments], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"budgetkg {' '.join(arguments)} failed: {done.stderr.strip()[-500:]}")
    lines = done.stdout.strip().splitlines()
    return seconds, lines[-1] if lines else ""


def log_bytes(store: Path) -> int:
    return sum(path.stat().st_size for path in store.glob("*.log"))


def kept_answers(store: Path) -> None:
    """Each kept question asked twice after the rebuild (computed and kept, then read), and the
    baseline: every answer computed at once."""
    first: list[float] = []
    second: list[float] = []
    with EmbeddedStore(store, read_only=True) as opened:
        for question in kept_questions():
            for times in (first, second):
                start = time.perf_counter()
                listing = ask(opened, question)
                sum(1 for _ in listing.rows)
                times.append(time.perf_counter() - start)
            if listing.source != FROM_KEPT:
                raise SystemExit(f"{question.name}: not kept when asked ({listing.reason})")
    print(
        f"  {len(first)} kept answers after the rebuild: first ask (computed and kept) "
        f"{sum(first):.1f} s in all, largest {max(first):.2f} s; second ask (read) "
        f"{1000 * sorted(second)[len(second) // 2]:.1f} ms median, largest {1000 * max(second):.0f} ms"
    )
    with EmbeddedStore(store) as opened:
        start = time.perf_counter()
        keep_answers(opened)
        every = time.perf_counter() - start
    print(f"  baseline: computing them all at the end of the build, as before: {every:.1f} s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=int, nargs="?", default=100)
    parser.add_argument("--store", type=Path, help="build here (default: a temporary folder)")
    parser.add_argument("--corpus", type=Path, help="a corpus already built into --store")
    parser.add_argument("--changed", type=int, help="documents to change (default: 1%%, at least one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="budgetkg-incremental-") as temporary:
        root = Path(temporary)
        store = args.store or root / "kg"
        folder = args.corpus or root / "documents"
        build = ["-q", "build", str(folder), "--store", str(store)]
        if args.corpus is not None and store.exists():
            files = sorted(path for path in folder.iterdir() if path.is_file())
            print(f"{len(files)} documents, built already into {store}", flush=True)
        else:
            files = generate(folder, args.documents)
            full, summary = timed(build)
            print(f"full build of {len(files)} documents: {full:.1f} s ({summary})", flush=True)
        step = len(files) // args.changed if args.changed else 100
        changed = files[:: max(step, 1)][: args.changed or None]
        for path in changed:
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n")
        rebuild, summary = timed(build)
        print(
            f"rebuild with {len(changed)} changed ({len(changed) / len(files):.1%}): "
            f"{rebuild:.1f} s ({summary})",
            flush=True,
        )
        kept_answers(store)
        query = ["query", "documents", "--store", str(store), "--format", "csv"]
        opened = sorted(timed(query)[0] for _ in range(3))
        print(
            f"budgetkg query documents: {opened[1]:.2f} s wall (median of 3, process start included); "
            f"write-ahead log left in the store: {log_bytes(store)} bytes"
        )
        start = time.perf_counter()
        with EmbeddedStore(store, read_only=True) as reopened:
            ready = time.perf_counter()
            rows = run_rows(reopened, catalogue()["documents"])[1]
            answered = time.perf_counter()
        print(
            f"  of which: opening the store read-only {1000 * (ready - start):.0f} ms, "
            f"the answer ({len(rows)} rows) {1000 * (answered - ready):.0f} ms; the rest is starting "
            "the command"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
