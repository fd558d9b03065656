"""A rebuild killed with SIGKILL at random moments of its write phase leaves every document graph
and the summaries old or new, a first build killed so leaves every document graph whole or absent,
the store opens, and running the build again completes it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

from budgetkg.build.writer import PENDING_SUMMARIES
from budgetkg.rdf import iris
from budgetkg.store import EmbeddedStore
from tests.crash import complete, first_build_trial, prepare, trial

KILLS = 4
CLI = "import sys; from budgetkg.cli import main; sys.exit(main(sys.argv[1:]))"


def test_killed_rebuilds_leave_every_graph_old_or_new(seeds_dir: Path, tmp_path: Path) -> None:
    setup = prepare(sorted(seeds_dir.glob("*.txt"))[:3], tmp_path)
    assert len(setup.old) == 4
    rng = random.Random(16)
    trials = [trial(setup, number, rng) for number in range(KILLS)]
    assert all(item.old + item.new + item.same == 4 for item in trials)
    assert complete(setup, tmp_path / "victim-0"), "the summaries of the old year must go too"
    assert not (tmp_path / "victim-0" / PENDING_SUMMARIES).exists()
    first = [first_build_trial(setup, number, rng) for number in range(KILLS)]
    assert all(whole + absent == 3 for whole, absent in first)
    assert all(whole in (0, 3) for whole, _ in first), "the three documents make one batch, written whole"
    assert complete(setup, tmp_path / "first-0")


def test_a_document_reported_built_survives_a_kill(seeds_dir: Path, tmp_path: Path) -> None:
    """The command prints "built" for a document only once the transaction holding it is committed:
    a first build killed right after its first "built" line keeps every document reported."""
    store = tmp_path / "kb"
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "build", str(seeds_dir), "--store", str(store), "--workers", "1"],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    reported: list[str] = []
    for line in process.stdout:
        if line.startswith("built "):
            reported.append(line.removeprefix("built ").split(":", 1)[0])
            break
    process.kill()
    process.wait()
    assert reported, "no document was reported built"
    with EmbeddedStore(store, read_only=True) as opened:
        held = {iris.document_file_name(graph) for graph in opened.document_graphs()}
    assert set(reported) <= held
