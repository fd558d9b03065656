"""Benchmark: how building and asking grow with the number of documents.

For each size, a corpus of :func:`budgetkg.samples.corpus.generate` is written and built with the
command line (``budgetkg build DIR --store S --workers N``, a process of its own), and the bench
prints, so that the growth shows:

* the build's wall time, documents per second and statements per second end to end;
* the build's peak resident memory (the largest of the building process and its reader workers,
  as the system reports it for the command and its descendants) and its processor time;
* the store's bytes on disk and per statement, write-ahead log (``*.log``) and sorted tables
  (``*.sst``) apart, as the build left it and after the store was opened for writing and closed;
* the wall time of ``budgetkg query documents`` (a whole command: start, open, answer, exit).

    python bench/scale.py [--documents 100 1000] [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from store_size import disk_usage

from budgetkg.samples.corpus import generate
from budgetkg.store import EmbeddedStore

COMMAND = [
    sys.executable,
    "-c",
    "import resource, sys\n"
    "from budgetkg.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(f'main process {usage.ru_utime + usage.ru_stime:.2f} processor s')\n"
    "sys.exit(code)\n",
]
"""The command line, saying last how much processor time its own process took (without workers)."""


def run(arguments: list[str]) -> tuple[float, float, int, str]:
    """Run the command line; its wall seconds, processor seconds (with its workers), peak resident
    kilobytes of its largest process, and what it printed last."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [*COMMAND, *arguments], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    lines = process.stdout.read().splitlines()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"budgetkg {' '.join(arguments)} failed: {lines[-5:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, "\n".join(lines[-2:])


def measure(root: Path, count: int, workers: int) -> None:
    documents = root / f"documents-{count}"
    store = root / f"kg-{count}"
    generate(documents, count)
    seconds, cpu, peak_kib, last = run(
        ["build", str(documents), "--store", str(store), "--workers", str(workers)]
    )
    found = re.search(r"(\d+) statements written", last)
    statements = int(found.group(1)) if found else 0
    own = re.search(r"main process ([\d.]+) processor s", last)
    main_cpu = float(own.group(1)) if own else 0.0
    built = disk_usage(store)
    EmbeddedStore(store).close()
    closed = disk_usage(store)
    query_seconds = min(
        run(["query", "documents", "--store", str(store), "-o", os.devnull])[0] for _ in range(3)
    )
    print(
        f"{count:>6} documents: build {seconds:8.1f} s ({count / seconds:5.2f} documents/s, "
        f"{statements / seconds:9,.0f} statements/s; processor {cpu / count:.3f} s/document, "
        f"of which the writing process {main_cpu / count:.3f} s), "
        f"peak RSS {peak_kib / 2**20:.2f} GiB; {statements:,} statements "
        f"({statements / count:,.0f}/document)",
        flush=True,
    )
    for label, usage in (("as built", built), ("closed", closed)):
        total = sum(usage.values())
        print(
            f"        store {label}: {total / 2**20:9,.1f} MiB, "
            f"{total / max(statements, 1):5.0f} bytes/statement "
            f"(WAL {usage['wal'] / 2**20:,.1f} MiB, SST {usage['sst'] / 2**20:,.1f} MiB), "
            f"{total / count / 2**20:.2f} MiB/document",
            flush=True,
        )
    print(f"        budgetkg query documents: {query_seconds:.2f} s wall (best of 3)", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the corpora and stores in this folder")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores; workers {args.workers}", flush=True)
    root = args.keep or Path(tempfile.mkdtemp(prefix="budgetkg-scale-"))
    try:
        for count in args.documents:
            measure(root, count, args.workers)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
