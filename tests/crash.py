"""Killing a rebuild at random moments of its write phase, and checking what the store holds.

The documents are read once, beforehand, in two versions (as printed, and with another publisher
and year given), and pickled; the rebuild runs :func:`budgetkg.build.build` in a child process that takes
each document from that file instead of reading it, so that nearly all of its time is writing.
The store is built with the old version, copied, and a rebuild with the new version is killed
(SIGKILL) on the copy after a random delay.  Then the store must open, and every document graph
and the summary graph must be exactly its old or its new self: never half, never absent.

``python -m tests.crash child STORE OUTCOMES`` is the child; :func:`trial` one kill.
"""

from __future__ import annotations

import hashlib
import pickle
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from budgetkg import build as build_module
from budgetkg.build import extract_document
from budgetkg.given import GivenIdentity
from budgetkg.pairing import Outcome, Task
from budgetkg.rdf import iris
from budgetkg.store import STAGING_GRAPH_PREFIX, EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
READY = "ready"
WRITTEN = "written"
NEW_IDENTITY = GivenIdentity(department="重建测试单位", year=2031)
"""The new version: another publisher and budget year, so every document graph and the region
summaries change."""


def graph_digests(path: Path) -> dict[str, str]:
    """SHA-256 of the sorted N-Quads of every document graph and of the summary graph."""
    with EmbeddedStore(path, read_only=True) as store:
        graphs = [*store.document_graphs(), iris.SUMMARY_GRAPH]
        digests = {}
        for graph in graphs:
            lines = sorted(str(quad) for quad in store.graph_quads(graph))
            digests[graph] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        return digests


def staging_graphs(path: Path) -> list[str]:
    with EmbeddedStore(path, read_only=True) as store:
        return [
            graph.value
            for graph in store.store.named_graphs()
            if hasattr(graph, "value") and graph.value.startswith(STAGING_GRAPH_PREFIX)
        ]


def read_outcomes(files: list[Path], given: GivenIdentity | None) -> dict[str, Outcome]:
    """Each file read once, by name."""
    return {path.name: extract_document(path, given) for path in files}


def child(store_path: Path, outcomes_path: Path) -> None:
    """Rebuild the files named in the outcomes file, taking each from it instead of reading it
    (forced: the files are unchanged, only the outcomes taken for them differ)."""
    outcomes: dict[str, Outcome] = pickle.loads(outcomes_path.read_bytes())

    def from_file(task: Task) -> tuple[Outcome, None]:
        return outcomes[task[0][0].name], None

    build_module.extract_safely = from_file  # type: ignore[attr-defined]
    files = [outcomes_path.parent / "files" / name for name in sorted(outcomes)]
    with EmbeddedStore(store_path) as store:
        print(READY, flush=True)
        build_module.build(files, store, workers=0, force=True)
        print(WRITTEN, flush=True)


def _run_child(store: Path, outcomes: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash", "child", str(store), str(outcomes)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if line != READY:
        raise RuntimeError(f"the rebuild did not start: {line!r}")


@dataclass
class Setup:
    """The old store, the new version of the documents, and what both look like."""

    work: Path
    old_store: Path
    new_outcomes: Path
    old: dict[str, str]
    new: dict[str, str]
    write_seconds: float
    """From the start of an unkilled rebuild to the return of ``build`` (the store not yet closed)."""


def prepare(files: list[Path], work: Path) -> Setup:
    """Read the files in both versions, build the old store, and measure an unkilled rebuild."""
    (work / "files").mkdir(parents=True)
    for path in files:
        shutil.copy(path, work / "files" / path.name)
    copies = sorted((work / "files").iterdir())
    old_outcomes, new_outcomes = work / "old.pickle", work / "new.pickle"
    old_outcomes.write_bytes(pickle.dumps(read_outcomes(copies, None)))
    new_outcomes.write_bytes(pickle.dumps(read_outcomes(copies, NEW_IDENTITY)))
    old_store = work / "old"
    process = _run_child(old_store, old_outcomes)
    _wait_ready(process)
    if process.wait() != 0:
        raise RuntimeError("the old store could not be built")
    reference = work / "reference"
    shutil.copytree(old_store, reference)
    process = _run_child(reference, new_outcomes)
    _wait_ready(process)
    started = time.monotonic()
    assert process.stdout is not None
    finished = process.stdout.readline().strip()
    seconds = time.monotonic() - started
    if process.wait() != 0 or finished != WRITTEN:
        raise RuntimeError("the rebuild could not run")
    old, new = graph_digests(old_store), graph_digests(reference)
    changed = [graph for graph in new if old.get(graph) != new[graph]]
    if set(old) != set(new) or len(changed) < len(new):
        raise RuntimeError("the new version must change every graph and no graph's name")
    return Setup(work, old_store, new_outcomes, old, new, seconds)


@dataclass
class Trial:
    """One kill: when, and how many graphs were old, new, or the same in both versions after it."""

    delay: float
    old: int
    new: int
    same: int
    stale_staging: int


def _kill_rebuild(setup: Setup, victim: Path, rng: random.Random) -> float:
    """Build the new version into ``victim`` and kill it after a random delay within its write
    phase; return the delay."""
    delay = rng.uniform(0, setup.write_seconds)
    process = _run_child(victim, setup.new_outcomes)
    _wait_ready(process)
    time.sleep(delay)
    process.kill()
    process.wait()
    return delay


def trial(setup: Setup, number: int, rng: random.Random) -> Trial:
    """Kill a rebuild of a copy of the old store after a random delay within its write phase;
    check the store opens and every graph is old or new; raise AssertionError if not."""
    victim = setup.work / f"victim-{number}"
    shutil.copytree(setup.old_store, victim)
    delay = _kill_rebuild(setup, victim, rng)
    stale = len(staging_graphs(victim))
    found = graph_digests(victim)
    assert set(found) == set(setup.old), f"graphs missing or added after a kill at {delay:.2f} s"
    mixed = [graph for graph, digest in found.items() if digest not in (setup.old[graph], setup.new[graph])]
    assert not mixed, f"neither old nor new after a kill at {delay:.2f} s: {mixed}"
    EmbeddedStore(victim).close()
    assert not staging_graphs(victim), "a store opened for writing keeps its stale staging graphs"
    same = sum(1 for graph in found if setup.old[graph] == setup.new[graph])
    old = sum(1 for graph, digest in found.items() if digest == setup.old[graph] != setup.new[graph])
    return Trial(delay, old, len(found) - old - same, same, stale)


def first_build_trial(setup: Setup, number: int, rng: random.Random) -> tuple[int, int]:
    """Kill the build of the new version into an empty store after a random delay; check that every
    document graph is absent or whole (documents new to a store are written in batches of one
    transaction); return how many were whole and absent."""
    victim = setup.work / f"first-{number}"
    delay = _kill_rebuild(setup, victim, rng)
    found = graph_digests(victim)
    documents = {graph: digest for graph, digest in found.items() if graph != iris.SUMMARY_GRAPH}
    assert set(documents) <= set(setup.new), f"graphs added after a kill at {delay:.2f} s"
    half = [graph for graph, digest in documents.items() if digest != setup.new[graph]]
    assert not half, f"half written after a kill at {delay:.2f} s: {half}"
    return len(documents), len(setup.new) - 1 - len(documents)


def complete(setup: Setup, victim: Path) -> bool:
    """Whether running the rebuild again on a killed store makes it exactly the new store."""
    process = _run_child(victim, setup.new_outcomes)
    _wait_ready(process)
    return process.wait() == 0 and graph_digests(victim) == setup.new


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]))
