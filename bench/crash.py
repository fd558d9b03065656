"""Kill a rebuild of the seeds 20 times at random moments of its write phase; after each kill the
store must open and every document graph and the summaries must be old or new (tests/crash.py).

    .venv/bin/python bench/crash.py [--kills 20] [--seed 16] [SEEDS_FOLDER]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crash import complete, prepare, trial  # noqa: E402 - the repository root is put on the path first


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("seeds", nargs="?", type=Path, default=ROOT.parent / "shared" / "seeds")
    options.add_argument("--kills", type=int, default=20)
    options.add_argument("--seed", type=int, default=16)
    args = options.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="budgetkg-crash-") as folder:
        work = Path(folder)
        setup = prepare(sorted(args.seeds.glob("*.txt")), work)
        print(f"{len(setup.old)} graphs; an unkilled rebuild writes for {setup.write_seconds:.2f} s")
        for number in range(args.kills):
            result = trial(setup, number, rng)
            print(
                f"kill {number + 1:2d} at {result.delay:5.2f} s: store opens, {result.old} graphs old, "
                f"{result.new} new, {result.same} the same in both, {result.stale_staging} staging "
                "graph(s) dropped on the next open"
            )
        again = complete(setup, work / "victim-0")
        print(f"{args.kills} kills: every graph old or new each time; running again completes: {again}")
        return 0 if again else 1


if __name__ == "__main__":
    sys.exit(main())
