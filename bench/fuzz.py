"""Fuzz bench: every input of the fuzz corpus read alone, then built in batches beside a good seed.

    python bench/fuzz.py [CORPUS] [--count 1200] [--batch 40] [--no-build]

CORPUS is written by ``tools/make_fuzz_corpus.py`` when it does not exist yet (default: a folder
in the system's temporary directory).  Two passes:

* **reading**: each input read by ``budgetkg.readers.read_document`` in a process of its own
  (forked), timed, with the peak resident memory of that process; anything but a document read
  or a ``DocumentError`` is a traceback;
* **building**: ``budgetkg build`` on batches of inputs with a good seed beside them, end to end;
  a batch must exit 0 or 1, build the seed, and print no traceback.

Prints the tracebacks (must be 0), the documents refused by class of reason, the good seeds built,
and the longest time and largest memory of one document.
"""

from __future__ import annotations

import argparse
import collections
import csv
import multiprocessing
import re
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from budgetkg.errors import DocumentError
from budgetkg.paths import PROJECT_ROOT
from budgetkg.readers import read_document

SHARED = PROJECT_ROOT.parent / "shared"
GOOD_SEED = SHARED / "seeds" / "003_43945480f961a537.txt"
BUILD_TIMEOUT = 1800
READ_TIMEOUT = 300
_NUMBER = re.compile(r"\d[\d,._]*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


@dataclass(frozen=True)
class Reading:
    """What reading one input gave: ``read``, ``refused`` (with its reason) or ``traceback``."""

    name: str
    outcome: str
    reason: str
    seconds: float
    peak_mb: float


def reason_class(reason: str) -> str:
    """A refusal's reason without its figures, names and library details: what kind of refusal."""
    general = _QUOTED.sub("'…'", _NUMBER.sub("N", reason))
    head, _, detail = general.partition(": ")
    if head in ("refused", "corrupt PDF", "could not be read") or head.startswith("not a"):
        return f"{head}: {detail.split(':')[0].split('(')[0].strip()}"[:90]
    return head.split("(")[0].strip()[:90]


def read_one(path: Path) -> Reading:
    """Read ``path`` (in a worker process of its own) and say how it went."""
    start = time.perf_counter()
    try:
        read_document(path)
        outcome, reason = "read", ""
    except DocumentError as error:
        outcome, reason = "refused", error.reason
    except BaseException:  # what the bench is for: anything else is a traceback
        outcome, reason = "traceback", traceback.format_exc(limit=-3)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Reading(path.name, outcome, reason, seconds, peak_mb)


def read_all(paths: list[Path], workers: int) -> list[Reading]:
    """Each input read in a process forked for it alone; one that never answers (a crash of the
    interpreter, or a reading that does not end) is a traceback as well."""
    readings: list[Reading] = []
    with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=1) as pool:
        pending = [(path, pool.apply_async(read_one, (path,))) for path in paths]
        for path, result in pending:
            try:
                readings.append(result.get(timeout=READ_TIMEOUT))
            except multiprocessing.TimeoutError:
                lost = Reading(path.name, "traceback", "no answer: crashed or hung", READ_TIMEOUT, 0)
                readings.append(lost)
    return readings


def report_reading(readings: list[Reading]) -> int:
    tracebacks = [reading for reading in readings if reading.outcome == "traceback"]
    refused = collections.Counter(reason_class(r.reason) for r in readings if r.outcome == "refused")
    print(
        f"reading: {len(readings)} inputs, {sum(r.outcome == 'read' for r in readings)} read, "
        f"{sum(refused.values())} refused, {len(tracebacks)} tracebacks"
    )
    for reading in tracebacks:
        print(f"  TRACEBACK {reading.name}\n{reading.reason}")
    print("refused, by class of reason:")
    for reason, count in refused.most_common():
        print(f"  {count:5d}  {reason}")
    slowest = max(readings, key=lambda r: r.seconds)
    largest = max(readings, key=lambda r: r.peak_mb)
    print(f"longest reading: {slowest.seconds:.2f} s ({slowest.name}, {slowest.outcome})")
    print(f"largest peak memory of a reading process: {largest.peak_mb:.0f} MB", end=" ")
    print(f"({largest.name}, {largest.outcome})")
    return len(tracebacks)


def build_batches(paths: list[Path], batch: int, budgetkg: Path) -> int:
    """Build the inputs ``batch`` at a time beside the good seed; return the failed batches."""
    failures = 0
    seeds_built = 0
    longest = 0.0
    batches = [paths[start : start + batch] for start in range(0, len(paths), batch)]
    for number, files in enumerate(batches, start=1):
        with tempfile.TemporaryDirectory() as store:
            start = time.perf_counter()
            done = subprocess.run(
                [str(budgetkg), "build", *map(str, files), str(GOOD_SEED), "--store", f"{store}/kg"],
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
                check=False,
            )
            seconds = time.perf_counter() - start
        longest = max(longest, seconds)
        output = done.stdout + done.stderr
        seed_built = f"built {GOOD_SEED.name}" in output
        seeds_built += seed_built
        if "Traceback" in output or done.returncode not in (0, 1) or not seed_built:
            failures += 1
            print(f"  batch {number} FAILED (exit {done.returncode}, seed built: {seed_built})")
            print(output[-3000:])
    print(
        f"building: {len(batches)} batches of up to {batch} inputs beside {GOOD_SEED.name}: "
        f"{seeds_built} of {len(batches)} good seeds built, {failures} batches failed, "
        f"longest batch {longest:.0f} s"
    )
    return failures


def corpus_paths(folder: Path, count: int) -> list[Path]:
    if not (folder / "index.csv").exists():
        subprocess.run(
            [
                sys.executable,
                str(PROJECT_ROOT / "tools" / "make_fuzz_corpus.py"),
                str(folder),
                "--count",
                str(count),
            ],
            check=True,
        )
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        return [folder / row["file"] for row in csv.DictReader(handle)][:count]


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument(
        "corpus", type=Path, nargs="?", default=Path(tempfile.gettempdir()) / "budgetkg-fuzz"
    )
    arguments.add_argument("--count", type=int, default=1200)
    arguments.add_argument("--batch", type=int, default=40)
    arguments.add_argument("--workers", type=int, default=2)
    arguments.add_argument("--no-build", action="store_true", help="only the reading pass")
    options = arguments.parse_args()
    paths = corpus_paths(options.corpus, options.count)
    start = time.perf_counter()
    tracebacks = report_reading(read_all(paths, options.workers))
    print(f"reading pass: {time.perf_counter() - start:.0f} s")
    failed = 0
    if not options.no_build:
        failed = build_batches(paths, options.batch, Path(sys.executable).parent / "budgetkg")
    sys.exit(1 if tracebacks or failed else 0)


if __name__ == "__main__":
    main()
