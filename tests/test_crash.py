"""A rebuild killed with SIGKILL at random moments of its write phase leaves every document graph
and the summaries old or new, a first build killed so leaves every document graph whole or absent,
the store opens, and running the build again completes it."""

from __future__ import annotations

import random
from pathlib import Path

from budgetkg.build.writer import PENDING_SUMMARIES
from tests.crash import complete, first_build_trial, prepare, trial

KILLS = 4


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
