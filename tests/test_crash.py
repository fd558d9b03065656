"""A rebuild killed with SIGKILL at random moments of its write phase leaves every document graph
and the summaries old or new, the store opens, and running the rebuild again completes it."""

from __future__ import annotations

import random
from pathlib import Path

from budgetkg.build.writer import PENDING_SUMMARIES
from tests.crash import complete, prepare, trial

KILLS = 4


def test_killed_rebuilds_leave_every_graph_old_or_new(seeds_dir: Path, tmp_path: Path) -> None:
    setup = prepare(sorted(seeds_dir.glob("*.txt"))[:3], tmp_path)
    assert len(setup.old) == 4
    rng = random.Random(16)
    trials = [trial(setup, number, rng) for number in range(KILLS)]
    assert all(item.old + item.new + item.same == 4 for item in trials)
    assert complete(setup, tmp_path / "victim-0"), "the summaries of the old year must go too"
    assert not (tmp_path / "victim-0" / PENDING_SUMMARIES).exists()
